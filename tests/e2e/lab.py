"""Drive ansible-playbook against the simulated lab with a private LAB_STATE_DIR per test."""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import subprocess
import sys
import typing as t
from unittest import mock

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
LAB = ROOT / 'lab'
PLAYBOOKS = pathlib.Path(__file__).resolve().parent / 'playbooks'


@dataclasses.dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    report: dict[str, t.Any]

    def results(self, task_name: str) -> dict[str, dict[str, t.Any]]:
        """host -> result of the task with this name (from the ansible.posix.json callback)."""
        for play in self.report.get('plays', []):
            for task in play['tasks']:
                if task['task']['name'] == task_name:
                    return task['hosts']
        raise KeyError(f'no task {task_name!r} in this run: {self.stdout[-2000:]}{self.stderr[-2000:]}')

    def summary(self, sup: str, site_server: str = 'cm01.contoso.com') -> str:
        """The message sup_install's Summary play printed for ``sup``."""
        loop = self.results('Report each software update point')[site_server]['results']
        return {item['item']['key']: item['msg'] for item in loop}[sup]

    def sup_facts(self, sup: str, site_server: str = 'cm01.contoso.com') -> dict[str, t.Any] | None:
        """software_update_point_summary[sup] as the software_update_point role left it (its last update)."""
        found = None
        for play in self.report.get('plays', []):
            for task in play['tasks']:
                if task['task']['name'].endswith('Add this software update point to the summary'):
                    result = task['hosts'][site_server]
                    for item in result.get('results', [result]):
                        facts = (item.get('ansible_facts') or {}).get('software_update_point_summary') or {}
                        found = facts.get(sup, found)
        return found

    def stats(self) -> dict[str, dict[str, int]]:
        return self.report.get('stats', {})


class Lab:
    """One isolated lab: its own state dir, call record and inventory overlay."""

    def __init__(self, state_dir: pathlib.Path):
        self.state_dir = state_dir
        self.overlay = state_dir / 'overlay.yml'
        #: simulated seconds per real second (lab default 20); tests that wait for background work raise it
        self.time_scale: float | None = None

    def env(self, callback: str = 'ansible.posix.json') -> dict[str, str]:
        venv_bin = str(pathlib.Path(sys.executable).parent)
        env = dict(os.environ, LAB_STATE_DIR=str(self.state_dir), ANSIBLE_STDOUT_CALLBACK=callback,
                   ANSIBLE_LOAD_CALLBACK_PLUGINS='1', ANSIBLE_NOCOLOR='1',
                   PATH=venv_bin + os.pathsep + os.environ.get('PATH', ''))
        env.pop('ANSIBLE_INVENTORY', None)
        if self.time_scale is not None:
            env['LAB_TIME_SCALE'] = str(self.time_scale)
        return env

    def set_host_config(self, host: str, config: dict[str, t.Any]) -> None:
        """Inventory overlay for one host (for example faults); replaces its lab_host_config."""
        data = yaml.safe_load(self.overlay.read_text()) if self.overlay.exists() else {'all': {'hosts': {}}}
        self.overlay.parent.mkdir(parents=True, exist_ok=True)
        data['all']['hosts'][host] = {'lab_host_config': config}
        self.overlay.write_text(yaml.safe_dump(data))

    def clear_host_config(self, host: str) -> None:
        data = yaml.safe_load(self.overlay.read_text())
        data['all']['hosts'].pop(host, None)
        self.overlay.write_text(yaml.safe_dump(data))

    def playbook(self, playbook: str | pathlib.Path, *args: str, callback: str = 'ansible.posix.json',
                 inventory: dict[str, t.Any] | None = None) -> Run:
        """Run a playbook on this lab; ``inventory`` replaces the lab's hosts.yml (its group_vars stay)."""
        target = str(playbook)
        if not target.endswith(('.yml', '.yaml')):
            pass  # a collection playbook such as configmgr.sup.sup_install
        elif not pathlib.Path(target).is_absolute():
            target = str(PLAYBOOKS / target)
        command = [str(LAB / 'run-playbook'), target, '-i', str(self._inventory(inventory))]
        if self.overlay.exists():
            command += ['-i', str(self.overlay)]
        proc = subprocess.run(command + list(args), env=self.env(callback), capture_output=True, text=True,
                              cwd=ROOT, check=False)
        report = {}
        if callback == 'ansible.posix.json':
            start = proc.stdout.find('{')
            report = json.loads(proc.stdout[start:]) if start >= 0 else {}
        return Run(proc.returncode, proc.stdout, proc.stderr, report)

    def _inventory(self, hosts: dict[str, t.Any] | None) -> pathlib.Path:
        if hosts is None:
            return LAB / 'inventory'
        folder = self.state_dir / 'inventory'
        folder.mkdir(parents=True, exist_ok=True)
        (folder / 'hosts.yml').write_text(yaml.safe_dump(hosts))
        if not (folder / 'group_vars').exists():
            (folder / 'group_vars').symlink_to(LAB / 'inventory' / 'group_vars')
        return folder

    def calls(self) -> list[dict[str, t.Any]]:
        record = self.state_dir / 'calls.jsonl'
        if not record.exists():
            return []
        return [json.loads(line) for line in record.read_text().splitlines()]

    def reset_calls(self) -> None:
        (self.state_dir / 'calls.jsonl').unlink(missing_ok=True)

    def host_state(self, host: str) -> dict[str, t.Any]:
        return json.loads((self.state_dir / 'hosts' / f'{host}.json').read_text())

    def touch(self, host: str) -> None:
        """Let the host's clock run to now and deliver its background work (what any call would do)."""
        from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
        scale = {'LAB_TIME_SCALE': str(self.time_scale)} if self.time_scale is not None else {}
        with mock.patch.dict(os.environ, scale):
            with Store(self.state_dir).host(host, {}):
                pass

    def host_file(self, host: str, windows_path: str) -> pathlib.Path:
        drive, _, rest = windows_path.partition(':')
        return self.state_dir.joinpath('fs', host, drive.upper(), *[p for p in rest.split('\\') if p])
