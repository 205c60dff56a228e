"""The lab in one process: an action plugin runs against a simulated host through the lab's
win_powershell stand-in, without ansible-playbook.

The stand-in executes the shipped script with the lab's PowerShell interpreter and Windows models,
exactly as it does behind ``ansible-playbook``; only Ansible's module transport is skipped. That makes
a whole probe, plan and apply cycle cost milliseconds, fast enough to run every mutant of a script
(tests/unit/test_script_mutants.py).
"""

from __future__ import annotations

import copy
import json
import pathlib
import typing as t

from harness import run_action
from labsim.hoststate import Store
from labsim.standin import run_script


class LabHost:
    """One simulated host under its own state directory."""

    def __init__(self, state_dir: pathlib.Path, name: str, config: dict[str, t.Any] | None = None):
        self.state_dir = state_dir
        self.name = name
        self.config = dict(config or {})

    def environ(self) -> dict[str, str]:
        return {'LAB_HOST': self.name, 'LAB_CONFIG': json.dumps(self.config), 'LAB_STATE_DIR': str(self.state_dir)}

    def run(self, action_class, args: dict[str, t.Any], check_mode: bool = False, diff: bool = False) -> dict[str, t.Any]:
        """The task's result, as ansible-playbook would report it."""
        def execute(module_name=None, module_args=None, task_vars=None, **_):
            assert module_name == 'ansible.windows.win_powershell'
            return run_script(copy.deepcopy(module_args), check_mode=check_mode, environ=self.environ())
        try:
            return run_action(action_class, args, execute, check_mode=check_mode, diff=diff)
        except Exception as err:  # AnsibleActionFail: a failed task, as the playbook would show it
            return {'failed': True, 'msg': str(err)}

    def later(self, seconds: float) -> None:
        """Let ``seconds`` pass on this host's clock, delivering the background work that comes due then
        (the site's log lines, Site Component Manager's retries, WCM cycles)."""
        with Store(self.state_dir).host(self.name, self.config) as host:
            host.data['clock'] += seconds

    def make_dir(self, windows_path: str) -> None:
        """A folder on the host, as an admin would have made it (installation media, say)."""
        drive, _, rest = windows_path.partition(':')
        self.state_dir.joinpath('fs', self.name, drive.upper(), *[p for p in rest.split('\\') if p]).mkdir(
            parents=True, exist_ok=True)

    def state(self) -> dict[str, t.Any]:
        """The host's saved state (registry, features, groups, ...)."""
        return json.loads((self.state_dir / 'hosts' / f'{self.name}.json').read_text(encoding='utf-8'))
