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
author:
  - configmgr.sup maintainers (@configmgr-sup)
options:
  _input:
    description: The C(groups) magic variable.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Refuse an inventory the playbook cannot use
  ansible.builtin.assert:
    that: groups | configmgr.sup.sup_inventory_problems | length == 0
    fail_msg: "{{ groups | configmgr.sup.sup_inventory_problems }}"
"""

RETURN = r"""
_value:
  description: One message per problem; empty when the inventory is usable.
  type: list
  elements: str
"""

import difflib

from ansible.errors import AnsibleFilterError

SITE_SERVERS = 'configmgr_site_servers'
SUP_SERVERS = 'configmgr_sup_servers'


def _missing(name, groups, what):
    others = [group for group in groups if group not in ('all', 'ungrouped', SITE_SERVERS, SUP_SERVERS)]
    close = difflib.get_close_matches(name, others, n=3, cutoff=0.6)
    hint = f'; did you mean {" or ".join(close)}?' if close else f'; the inventory has {", ".join(sorted(others)) or "no groups"}'
    return f'the inventory has no group {name} ({what}){hint}'


def sup_inventory_problems(groups):
    """``groups`` in, the problems of the inventory model out."""
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
    return problems


class FilterModule(object):
    """configmgr.sup inventory checks."""

    def filters(self):
        return {'sup_inventory_problems': sup_inventory_problems}
