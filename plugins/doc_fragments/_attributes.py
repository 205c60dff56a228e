# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This doc fragment is PRIVATE to configmgr.sup (the leading underscore): it can change at any time.
# Do not use it from other collections or plugins.

from __future__ import annotations


class ModuleDocFragment:
    """The attributes of every configmgr.sup module; each module states its own support and details."""

    # Standard fragment: what each attribute means. A module adds ``support`` (and ``details``).
    DOCUMENTATION = r"""
options: {}
attributes:
  check_mode:
    description: Can run in check mode and return a prediction of C(changed) without modifying the target.
  diff_mode:
    description: Returns what changed (or would change, in check mode) as C(before) and C(after), in diff mode.
  platform:
    description: Target operating systems the module runs against.
    support: full
    platforms: windows
"""

    # Members of group/configmgr.sup.site (meta/runtime.yml action_groups).
    ACTIONGROUP_SITE = r"""
options: {}
attributes:
  action_group:
    description:
      - Use C(group/configmgr.sup.site) in C(module_defaults) to set defaults for this module, for example
        O(site_code) once for every task of a play that runs on the site server.
    support: full
    membership:
      - configmgr.sup.site
"""

    # For modules that only read.
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This action does not modify state; it reads the same in check mode.
  diff_mode:
    support: N/A
    details:
      - This action does not modify state.
"""
