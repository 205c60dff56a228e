# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.wsus_connection_account, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup.
"""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

WSUS_CONNECTION_ACCOUNT_SPEC = ArgumentSpec(
    argument_spec=dict(
        scope=dict(type='str', required=True, choices=['configmgr', 'wsus_host']),
        username=dict(type='str', required=True),
        password=dict(type='str', no_log=True),
        update_password=dict(type='str', default='on_create', choices=['always', 'on_create']),
        site_system=dict(type='str'),
        site_code=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        wsus_install_result=dict(type='dict'),
        sup_role_result=dict(type='dict'),
        account_result=dict(type='dict'),
    ),
    required_if=[
        ('scope', 'configmgr', ('site_system',)),
    ],
)
