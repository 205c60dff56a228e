# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sup_component_problems
short_description: Every problem of the software update point component settings, listed at once
version_added: 0.1.0
description:
  - Checks the settings of a site's software update point component (the options of
    M(configmgr.sup.sup_component)) on the controller, before any host is read or changed, as the
    C(configmgr.sup.software_update_point) role takes them.
  - Types, choices (C(sync_source), C(reporting_events), C(content_file_option), each C(<list>_mode)), the
    supersedence months (0 to 99), C(sync_schedule) (C(enabled) required, C(interval) 1-31 days or 1-23 hours,
    C(start) as C(YYYY-MM-DD HH:MM)), C(upstream_source) (a URL, required with C(sync_source=upstream), unused
    otherwise), and a C(<list>_mode) without its list.
  - Null and omitted values count as not given.
author:
  - configmgr.sup maintainers (@configmgr-sup)
options:
  _input:
    description: The settings, by M(configmgr.sup.sup_component) option name (and C(component), C(sync), C(sync_timeout)).
    type: dict
    required: true
  prefix:
    description: Prefix of the variable names in the messages.
    type: str
    default: software_update_point_
"""

EXAMPLES = r"""
- name: Refuse bad component settings before any change
  ansible.builtin.assert:
    that: my_problems | length == 0
    fail_msg: "{{ my_problems }}"
  vars:
    my_problems: "{{ {'sync_source': 'upstream', 'products_mode': 'exact'} | configmgr.sup.sup_component_problems }}"
"""

RETURN = r"""
_value:
  description: "One message per problem, C(<variable>: <rule>); empty when there is none."
  type: list
  elements: str
"""

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_entries import component_problems


def sup_component_problems(settings, prefix='software_update_point_'):
    """Component settings in, the list of their problems out."""
    return component_problems(settings, name=lambda key: prefix + key)


class FilterModule(object):
    """configmgr.sup component checks."""

    def filters(self):
        return {'sup_component_problems': sup_component_problems}
