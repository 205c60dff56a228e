# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.sup_info, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup.
"""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

DEFAULT_LOGS = ['SMSProv.log', 'SiteComp.log', 'WCM.log', 'WSyncMgr.log']

SUP_INFO_SPEC = ArgumentSpec(
    argument_spec=dict(
        connection_account=dict(type='str'),
        site_code=dict(type='str'),
        logs=dict(type='list', elements='str', default=DEFAULT_LOGS),
        configmgr_accounts=dict(type='list', elements='str'),
    ),
)
