# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

# This doc fragment is PRIVATE to configmgr.sup (the leading underscore): it can change at any time.
# Do not use it from other collections or plugins.

from __future__ import annotations


class ModuleDocFragment:
    """The options several modules share about the Configuration Manager site."""

    # The site code of the modules that run on the site server.
    DOCUMENTATION = r"""
options:
  site_code:
    description:
      - The site code. Defaults to the site code of the site server the task runs on.
    type: str
"""

    # The site system server of a software update point; a module that requires it adds
    # ``required: true`` under its own ``options.site_system``.
    SITE_SYSTEM = r"""
options:
  site_system:
    description:
      - FQDN of the site system server that holds (or gets) the software update point role, as the site
        knows it (its intranet FQDN). The site server itself for a co-located software update point,
        another server for a remote one.
    type: str
"""
