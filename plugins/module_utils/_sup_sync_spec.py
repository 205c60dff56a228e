# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Argument spec of configmgr.sup.sup_sync, shared by its docs module and its action plugin.

PRIVATE to configmgr.sup.
"""

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec

SUP_SYNC_SPEC = ArgumentSpec(
    argument_spec=dict(
        site_code=dict(type='str'),
        force=dict(type='bool', default=False),
        full=dict(type='bool', default=False),
        wait=dict(type='bool', default=True),
        timeout=dict(type='int', default=3600),
        poll_interval=dict(type='int', default=15),
        max_bytes_per_read=dict(type='int', default=1048576),
    ),
)
