# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.wsus_install, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup.
"""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

WSUS_INSTALL_SPEC = ArgumentSpec(
    argument_spec=dict(
        role=dict(type='str', default='server', choices=['server', 'console']),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        database=dict(type='str', default='wid', choices=['wid', 'sql']),
        sql_server=dict(type='str'),
        content_dir=dict(type='str'),
        http_port=dict(type='int', choices=[8530, 80]),
        console_ui=dict(type='bool', default=True),
        source=dict(type='str'),
    ),
    required_if=[
        ('database', 'sql', ('sql_server',)),
    ],
)
