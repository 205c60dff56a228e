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
  - A dropped connection can be injected with the C(drop_connection_after) fault (no call reaches the
    host once it has received N win_powershell calls) or the C(drop_connection_during) fault (the
    named script, such as C(sup_role/set), runs on the host and makes its changes, then the connection
    fails before its result comes back; only the first run of that script, not in check mode, so a
    re-run goes through).
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

        during = _drop_during(config)
        before = _runs(host, during) if during else 0
        result = super().exec_command(prefix + cmd, in_data=in_data, sudoable=sudoable)
        if during and before == 0 and _runs(host, during) > 0:
            # The script ran on the host (its changes are made); its result never comes back.
            raise AnsibleConnectionFailure(f'lab: injected fault "connection dropped during {", ".join(during)}" on '
                                           f'{host}: the script ran, its result was lost')
        return result


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


def _drop_during(config):
    """Fault ``drop_connection_during``: one script name (``sup_role/set``) or a list of them."""
    ops = (config.get('faults') or {}).get('drop_connection_during')
    if not ops:
        return []
    return [ops] if isinstance(ops, str) else [str(op) for op in ops]


def _runs(host, ops):
    """How many times the host ran one of ``ops`` outside check mode (calls.jsonl of the stand-in)."""
    record = os.path.join(state_dir(), 'calls.jsonl')
    if not os.path.exists(record):
        return 0
    with open(record, encoding='utf-8') as handle:
        calls = [json.loads(line) for line in handle]
    return sum(1 for call in calls if call.get('host') == host and call.get('op') in ops and not call.get('check_mode'))
