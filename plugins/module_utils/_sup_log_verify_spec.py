# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.sup_log_verify, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup.
"""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

BUILTIN_CHECKS = ['sup_install', 'sup_setup', 'wcm_config', 'proxy', 'wsus_health', 'sup_remove', 'sync']

SUP_LOG_VERIFY_SPEC = ArgumentSpec(
    argument_spec=dict(
        checks=dict(type='list', elements='str', choices=BUILTIN_CHECKS),
        custom_checks=dict(type='list', elements='dict', options=dict(
            name=dict(type='str', required=True),
            log=dict(type='str', required=True),
            success=dict(type='str', required=True),
            failure=dict(type='str'),
            hint=dict(type='str'),
        )),
        site_system=dict(type='str'),
        positions=dict(type='dict'),
        logs_dir=dict(type='str'),
        timeout=dict(type='int', default=900),
        poll_interval=dict(type='int', default=15),
        max_bytes_per_read=dict(type='int', default=1048576),
        lookback_bytes=dict(type='int', default=262144),
        mode=dict(type='str', default='follow', choices=['follow', 'latest']),
        latest_max_bytes=dict(type='int', default=1048576),
        wait_for_evidence=dict(type='bool', default=False),
        wsus_port=dict(type='int'),
        wsus_ssl=dict(type='bool'),
    ),
)
