# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: cm_log_entries
short_description: Parse Configuration Manager log text into entries
version_added: 0.1.0
description:
  - Parses the text of a Configuration Manager log into a list of entries. Reads the CMTrace format, the site
    server format (C(message  $$<Component><time><thread=N>)) and the SUPSetup.log format
    (C(<MM/DD/YY HH:MM:SS> message)). Multi-line messages are joined; lines in no known format are kept as
    V(unknown) entries.
  - The same parser M(configmgr.sup.sup_log_verify) uses, for logs you fetched yourself
    (M(ansible.builtin.slurp), M(ansible.windows.win_shell)); query the result with C(selectattr) or
    C(community.general.json_query).
author:
  - configmgr.sup maintainers (@configmgr-sup)
positional: base_offset
options:
  _input:
    description: The log text.
    type: str
    required: true
  base_offset:
    description: Byte offset in the file where the text starts, added to every entry's offset.
    type: int
    default: 0
"""

EXAMPLES = r"""
- name: Read SUPSetup.log and keep its errors
  ansible.builtin.set_fact:
    supsetup_errors: "{{ supsetup_text | configmgr.sup.cm_log_entries | selectattr('severity', 'eq', 'error') | list }}"

- name: When did the software update point say it was installed
  ansible.builtin.debug:
    msg: "{{ (supsetup_text | configmgr.sup.cm_log_entries | selectattr('message', 'search', 'Installation was successful')
             | first).time }}"
"""

RETURN = r"""
_value:
  description: One dictionary per log entry.
  type: list
  elements: dict
  contains:
    offset:
      description: Byte offset of the entry in the file (plus O(base_offset)).
      type: int
    format:
      description: V(cmtrace), V(simple) (site server format), V(supsetup) or V(unknown).
      type: str
    time:
      description: Local time of the host as written, ISO 8601 without a zone; null when the line has none.
      type: str
    bias:
      description: The raw time bias in minutes from the line (its sign convention is not documented); null if none.
      type: int
    component:
      description: The component that wrote the line, such as C(SMS_SITE_COMPONENT_MANAGER).
      type: str
    thread:
      description: The thread id.
      type: int
    severity:
      description: V(info), V(warning) or V(error). From CMTrace C(type), otherwise inferred from words such as
        C(failed), C(error) and C(exception).
      type: str
    message:
      description: The message; a C(~~) in the site server format becomes a line break.
      type: str
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.configmgr.sup.plugins.plugin_utils._cmlog import parse


def cm_log_entries(text, base_offset=0):
    """Log text in, list of entry dictionaries out."""
    if not isinstance(text, (str, bytes)):
        raise AnsibleFilterError(f'cm_log_entries expects the log text as a string, got {type(text).__name__}')
    if not isinstance(base_offset, int) or base_offset < 0:
        raise AnsibleFilterError(f'cm_log_entries: base_offset must be a non-negative integer, got {base_offset!r}')
    return [entry.as_dict() for entry in parse(to_bytes(text), base_offset)]


class FilterModule(object):
    """configmgr.sup log filters."""

    def filters(self):
        return {'cm_log_entries': cm_log_entries}
