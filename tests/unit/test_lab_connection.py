"""The lab connection hands the stand-in what WinRM would decide: the host, and how it logged on."""

from __future__ import annotations

import importlib.util
import pathlib
from unittest import mock

import pytest
from ansible.errors import AnsibleConnectionFailure
from ansible.playbook.play_context import PlayContext
from ansible.plugins.connection.local import Connection as LocalConnection
from ansible.plugins.become.runas import BecomeModule as Runas
from ansible.plugins.become.sudo import BecomeModule as Sudo

SIM = pathlib.Path(__file__).resolve().parents[2] / 'lab' / 'collections' / 'ansible_collections' / 'lab' / \
    'windows' / 'plugins' / 'connection' / 'sim.py'


def _sim():
    spec = importlib.util.spec_from_file_location('lab_windows_sim', SIM)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def command_env(become: type | None, sudoable: bool = True) -> str:
    connection = _sim().Connection(PlayContext())
    options = {'lab_host': 'sup01.contoso.com', 'lab_config': {}}
    connection.get_option = options.get
    if become:
        connection.set_become_plugin(become())
    with mock.patch.object(LocalConnection, 'exec_command', return_value=(0, b'', b'')) as local:
        connection.exec_command('python3 module.py', sudoable=sudoable)
    return local.call_args.args[0]


def test_a_runas_task_reaches_the_session_as_a_become_logon():
    assert 'LAB_LOGON=become ' in command_env(Runas)
    assert 'LAB_LOGON' not in command_env(None)
    assert 'LAB_LOGON' not in command_env(Runas, sudoable=False)


def test_a_become_method_windows_does_not_have_fails():
    with pytest.raises(AnsibleConnectionFailure, match='use ansible.builtin.runas'):
        command_env(Sudo)
