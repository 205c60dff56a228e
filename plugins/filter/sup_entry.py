# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sup_entry
short_description: A software_update_point role entry from a host's configmgr_sup_* inventory variables
version_added: 0.1.0
description:
  - Turns the variables of one software update point host, as the C(configmgr.sup.sup_install) inventory model names
    them, into an entry of the C(software_update_point_sups) list of the C(configmgr.sup.software_update_point) role.
  - The inventory name is the FQDN (C(site_system)) and the host whose C(wsus_server_install) result gives the WSUS
    ports (C(wsus_host)). Variables that are not set (or null) are left out, so the role keeps the site's current
    values.
  - C(configmgr_sup_state=absent) gives an entry that removes the software update point role; the host's other
    C(configmgr_sup_*) settings are then not used (they stay in the inventory for when the role comes back).
  - Passwords are never copied into the entry.
author:
  - configmgr.sup maintainers (@configmgr-sup)
options:
  _input:
    description: The host's variables, for example C(hostvars['sup01.contoso.com']).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Build the software update point list from the inventory
  ansible.builtin.set_fact:
    my_sups: "{{ groups['configmgr_sup_servers'] | map('extract', hostvars) | map('configmgr.sup.sup_entry') | list }}"
"""

RETURN = r"""
_value:
  description: The entry, with C(site_system), C(wsus_host) and the settings the host defines.
  type: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_entries import inventory_entry


def sup_entry(host_vars):
    """hostvars of one SUP host in, software_update_point_sups entry out."""
    try:
        name = host_vars['inventory_hostname']
    except (KeyError, TypeError):
        raise AnsibleFilterError('sup_entry expects the variables of one host, such as hostvars[name]') from None
    return inventory_entry(name, host_vars)


class FilterModule(object):
    """configmgr.sup inventory filters."""

    def filters(self):
        return {'sup_entry': sup_entry}
