# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sup_inventory_problems
short_description: What is wrong with the groups of a configmgr.sup inventory, every problem at once
version_added: 0.1.0
description:
  - Checks the groups the C(configmgr.sup.sup_install) inventory model needs, C(configmgr_site_servers) (exactly one
    site server) and C(configmgr_sup_servers) (at least one software update point server), and that their hosts are
    named by FQDN.
  - A missing group is explained with the groups whose names are close to it, so a misspelled group name shows up
    instead of a run that quietly matches no hosts.
  - Given C(hostvars), also the C(configmgr_sup_*) variables of those hosts, with the rules of the
    C(configmgr.sup.software_update_point) role's entries (the C(sup_entries_problems) filter) and the rules between
    hosts, all before any host is contacted. A variable the model does not have (with the one meant when it is
    close); C(configmgr_sup_state) V(present) or V(absent); an Internet-facing software update point without
    C(configmgr_sup_public_fqdn); proxy settings or C(configmgr_sup_proxy_password) without
    C(configmgr_sup_proxy_server) or C(configmgr_sup_proxy_username); C(configmgr_sup_certificate_thumbprint) while
    C(configmgr_sup_ssl) is not true; software update points sharing one SUSDB (C(configmgr_sup_shared_database)) with
    different C(configmgr_sup_sql_server); a SUP host whose C(configmgr_sup_connection_account) differs from the
    site server's; C(configmgr_sup_connection_password) without the account. A host with
    C(configmgr_sup_state=absent) is checked for its state only.
author:
  - configmgr.sup maintainers (@configmgr-sup)
options:
  _input:
    description: The C(groups) magic variable.
    type: dict
    required: true
  hostvars:
    description: The C(hostvars) magic variable; without it only the groups are checked.
    type: dict
"""

EXAMPLES = r"""
- name: Refuse an inventory the playbook cannot use
  ansible.builtin.assert:
    that: groups | configmgr.sup.sup_inventory_problems(hostvars) | length == 0
    fail_msg: "{{ groups | configmgr.sup.sup_inventory_problems(hostvars) }}"
"""

RETURN = r"""
_value:
  description: One message per problem; empty when the inventory is usable.
  type: list
  elements: str
"""

import difflib

from ansible.errors import AnsibleFilterError

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_entries import inventory_problems

SITE_SERVERS = 'configmgr_site_servers'
SUP_SERVERS = 'configmgr_sup_servers'


def _missing(name, groups, what):
    others = [group for group in groups if group not in ('all', 'ungrouped', SITE_SERVERS, SUP_SERVERS)]
    close = difflib.get_close_matches(name, others, n=3, cutoff=0.6)
    hint = f'; did you mean {" or ".join(close)}?' if close else f'; the inventory has {", ".join(sorted(others)) or "no groups"}'
    return f'the inventory has no group {name} ({what}){hint}'


def sup_inventory_problems(groups, hostvars=None):
    """``groups`` (and ``hostvars``) in, the problems of the inventory model out."""
    if not isinstance(groups, dict):
        raise AnsibleFilterError('sup_inventory_problems expects the groups variable (group name -> host names)')
    problems = []
    site_servers = groups.get(SITE_SERVERS)
    if site_servers is None:
        problems.append(_missing(SITE_SERVERS, groups, 'the site server'))
    elif len(site_servers) != 1:
        problems.append(f'{SITE_SERVERS} must hold exactly one host, the site server whose SMS Provider the '
                        f'software update points are added through; it holds {len(site_servers)}: '
                        f'{", ".join(site_servers) or "none"}')
    sup_servers = groups.get(SUP_SERVERS)
    if sup_servers is None:
        problems.append(_missing(SUP_SERVERS, groups, 'the software update point servers'))
    elif not sup_servers:
        problems.append(f'{SUP_SERVERS} holds no host: give it the software update point servers')
    for group in (SITE_SERVERS, SUP_SERVERS):
        short = [host for host in groups.get(group) or [] if '.' not in host]
        if short:
            problems.append(f'{group}: {", ".join(short)} must be named by FQDN (Configuration Manager names site '
                            'systems by FQDN, and certificates must match it)')
    if hostvars is not None:
        problems += inventory_problems(groups, hostvars)
    return problems


class FilterModule(object):
    """configmgr.sup inventory checks."""

    def filters(self):
        return {'sup_inventory_problems': sup_inventory_problems}
