# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = """
name: sim
short_description: Reach a simulated Windows host of the configmgr.sup lab
description:
  - Runs modules locally, like the local connection, with the simulated host's identity and
    lab settings in the environment (LAB_HOST, LAB_CONFIG), so the lab's stand-in
    ansible.windows.win_powershell knows which simulated Windows host it is acting on.
  - A dropped connection can be injected with the C(connection_drop_after) fault.
  - A task with C(become) and C(become_method=ansible.builtin.runas) reaches the host as WinRM with
    runas would (LAB_LOGON=become, the session's logon in lab/labsim/standin.py); other become
    methods fail, as Windows knows only runas.
author: configmgr.sup contributors
extends_documentation_fragment:
  - connection_pipelining
options:
  lab_host:
    description:
      - Name of the simulated host (its state file and call record entries).
      - The lab inventory sets C(ansible_host) to the inventory name, so C(delegate_to) reaches the
        delegated host, as it would over WinRM.
    vars:
      - name: inventory_hostname
      - name: ansible_host
  lab_config:
    description: Profile, faults and settings of the simulated host.
    type: dict
    default: {}
    vars:
      - name: lab_host_config
"""

import json
import os
import shlex

from ansible.errors import AnsibleConnectionFailure
from ansible.plugins.connection.local import Connection as LocalConnection


class Connection(LocalConnection):
    """The local connection plus the simulated host's identity in the module's environment."""

    transport = 'lab.windows.sim'

    def exec_command(self, cmd, in_data=None, sudoable=True):
        host = self.get_option('lab_host')
        config = self.get_option('lab_config') or {}
        if _drop_connection(host, config):
            raise AnsibleConnectionFailure(f'lab: injected fault "dropped connection" on {host}')
        env = {'LAB_HOST': host, 'LAB_CONFIG': json.dumps(config), 'LAB_ROOT': LAB_ROOT, 'LAB_STATE_DIR': state_dir()}
        if self.become is not None and sudoable:
            if self.become.name.rsplit('.', 1)[-1] != 'runas':
                raise AnsibleConnectionFailure(f'lab: become_method {self.become.name} cannot reach a Windows host; '
                                               'use ansible.builtin.runas')
            env['LAB_LOGON'] = 'become'
        prefix = 'env ' + ' '.join(f'{name}={shlex.quote(value)}' for name, value in env.items()) + ' '

        return super().exec_command(prefix + cmd, in_data=in_data, sudoable=sudoable)


LAB_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), *(['..'] * 6)))


def state_dir():
    """LAB_STATE_DIR, or the lab's default under the checkout."""
    return os.environ.get('LAB_STATE_DIR') or os.path.join(LAB_ROOT, '.state')


def _drop_connection(host, config):
    """Fault ``drop_connection_after: N``: the connection fails once N win_powershell calls were made."""
    limit = (config.get('faults') or {}).get('drop_connection_after')
    if limit is None:
        return False
    record = os.path.join(state_dir(), 'calls.jsonl')
    if not os.path.exists(record):
        return False
    with open(record, encoding='utf-8') as handle:
        made = sum(1 for line in handle if json.loads(line).get('host') == host)
    return made >= int(limit)
