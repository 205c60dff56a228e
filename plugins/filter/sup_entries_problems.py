# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sup_entries_problems
short_description: Every problem of the software_update_point role's entries, listed at once
version_added: 0.1.0
description:
  - Checks the C(software_update_point_sups) entries of the C(configmgr.sup.software_update_point) role, and the
    role variables that go with them, on the controller before any host is read or changed.
  - Per entry, the required C(site_system) (an FQDN, one entry per server), options that do not exist (with the
    option meant when one is close), types, ports, choices, C(state) (V(absent) takes no other setting), C(public_fqdn)
    for an Internet-facing software update point, C(cloud_gateway) against C(client_connection) and C(ssl), and proxy
    settings without C(proxy_server). Across entries, a proxy password for an entry without C(proxy_username) or
    for no entry, and a connection password without the account.
  - Null and omitted values count as not given. Password values are never read into a message.
author:
  - configmgr.sup maintainers (@configmgr-sup)
options:
  _input:
    description: The C(software_update_point_sups) list.
    type: list
    elements: dict
    required: true
  proxy_passwords:
    description: The C(software_update_point_proxy_passwords) dictionary (only its keys and whether a value is given are used).
    type: dict
  connection_account:
    description: C(software_update_point_connection_account).
    type: str
  connection_password:
    description: Whether C(software_update_point_connection_password) is given (a boolean, never the password).
    type: bool
    default: false
  update_password:
    description: C(software_update_point_connection_update_password).
    type: str
    default: on_create
"""

EXAMPLES = r"""
- name: Refuse the entries, every problem listed, before anything is read or changed
  ansible.builtin.assert:
    that: my_problems | length == 0
    fail_msg: "{{ my_problems | join('; ') }}"
  vars:
    my_problems: "{{ my_sups | configmgr.sup.sup_entries_problems }}"
"""

RETURN = r"""
_value:
  description: One message per problem, as C(<entry>, <option>, <rule>) joined by colons; empty when the entries are usable.
  type: list
  elements: str
"""

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_entries import role_problems


def sup_entries_problems(entries, proxy_passwords=None, connection_account=None, connection_password=False,
                         update_password='on_create'):
    """software_update_point_sups in, the list of its problems out."""
    return role_problems(entries, proxy_passwords=proxy_passwords, connection_account=connection_account,
                         connection_password=bool(connection_password), update_password=update_password)


class FilterModule(object):
    """configmgr.sup entry checks."""

    def filters(self):
        return {'sup_entries_problems': sup_entries_problems}
