# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_sync import SupSyncAction


class ActionModule(SupSyncAction):
    """configmgr.sup.sup_sync; the logic is in plugin_utils/_sup_sync.py."""
