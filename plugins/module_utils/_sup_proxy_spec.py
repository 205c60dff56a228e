# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.sup_proxy, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup.
"""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

SUP_PROXY_SPEC = ArgumentSpec(
    argument_spec=dict(
        site_system=dict(type='str', required=True),
        site_code=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        proxy_server=dict(type='str'),
        proxy_port=dict(type='int'),
        proxy_username=dict(type='str'),
        proxy_password=dict(type='str', no_log=True),
        update_password=dict(type='str', default='on_create', choices=['always', 'on_create']),
        sync_uses_proxy=dict(type='bool'),
        adr_uses_proxy=dict(type='bool'),
        remove_site_system_proxy=dict(type='bool', default=False),
        sup_role_result=dict(type='dict'),
    ),
    required_by={'proxy_password': ('proxy_username',)},
)
