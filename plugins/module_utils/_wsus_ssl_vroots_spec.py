# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.wsus_ssl_vroots, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup.
"""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

WSUS_SSL_VROOTS_SPEC = ArgumentSpec(
    argument_spec=dict(
        state=dict(type='str', default='present', choices=['present', 'absent']),
        fqdn=dict(type='str'),
        certificate_thumbprint=dict(type='str'),
        site_name=dict(type='str'),
        wsus_install_result=dict(type='dict'),
    ),
)
