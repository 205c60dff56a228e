"""Run an action plugin with ``_execute_module`` replaced by a scripted fake Windows host.

The fake answers per script (``wsus_install/get``...: the shipped script the text is), records each call's module args, and
binds the parameters against the script's real param() block (through the lab's parser), so
every unit test is also a parameter-contract test.
"""

from __future__ import annotations

import copy
import typing as t
from unittest import mock

from ansible.playbook.task import Task
from labsim import scripts
from labsim.psparse import inspect_script


class FakeHost:
    """Answers win_powershell calls from a dict: op -> result dict, or callable(args) -> result."""

    def __init__(self, answers: dict[str, t.Any]):
        self.answers = answers
        self.calls: list[dict[str, t.Any]] = []

    def __call__(self, module_name=None, module_args=None, task_vars=None, **_):
        assert module_name == 'ansible.windows.win_powershell'
        self.calls.append(copy.deepcopy(module_args))
        info = inspect_script(module_args['script'])
        op = script_op(module_args['script'])
        declared = {p.name.lower() for p in info.parameters}
        passed = set(module_args.get('parameters') or {}) | {e['name'] for e in module_args.get('sensitive_parameters') or []}
        unknown = {name for name in passed if name.lower() not in declared}
        assert not unknown, f'{op} does not declare {unknown}'
        missing = {p.name for p in info.parameters if p.mandatory and p.name.lower() not in {n.lower() for n in passed}}
        assert not missing, f'{op} mandatory parameters not passed: {missing}'
        answer = self.answers[op]
        result = answer(module_args) if callable(answer) else copy.deepcopy(answer)
        result.setdefault('invocation', {'module_args': copy.deepcopy(module_args)})
        return result

    def ops(self) -> list[str]:
        return [script_op(call['script']) for call in self.calls]


def script_op(text: str) -> str:
    """``wsus_install/get``: which shipped script the engine sent (the lab's own naming); a test's own
    script names itself in a ``# op:`` comment."""
    name = scripts.identify(text)
    if name.startswith('script-'):
        return inspect_script(text).op or name
    return scripts.op_name(name)


def ok(output: t.Any, changed: bool = True) -> dict[str, t.Any]:
    """A successful win_powershell result returning one object."""
    return {'changed': changed, 'output': [output], 'error': [], 'warning': [], 'failed': False}


def run_action(action_class, args: dict[str, t.Any], host: FakeHost, check_mode: bool = False,
               diff: bool = False) -> dict[str, t.Any]:
    task = mock.MagicMock(spec=Task)
    task.args = dict(args)
    task.check_mode = check_mode
    task.diff = diff
    task.async_val = 0
    task.action = f'configmgr.sup.{action_class.MODULE}'
    connection = mock.MagicMock()
    connection._shell.tmpdir = '/tmp/fake'
    action = action_class(task, connection, mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    with mock.patch.object(action, '_execute_module', side_effect=host):
        return action.run(task_vars={})
