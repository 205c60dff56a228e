# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.sup_role, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup.
"""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

SUP_ROLE_SPEC = ArgumentSpec(
    argument_spec=dict(
        site_system=dict(type='str', required=True),
        site_code=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        public_fqdn=dict(type='str'),
        install_account=dict(type='str'),
        site_server_initiated_transfers=dict(type='bool'),
        http_port=dict(type='int'),
        https_port=dict(type='int'),
        ssl=dict(type='bool'),
        client_connection=dict(type='str', choices=['intranet', 'internet', 'both']),
        cloud_gateway=dict(type='bool'),
        connection_account=dict(type='str'),
        wsus_install_result=dict(type='dict'),
    ),
)
