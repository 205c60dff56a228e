"""Fault ``drop_connection_during``: the named script runs on the host (its changes are made), then the
connection fails before the result comes back; only its first run outside check mode, so a re-run goes
through."""

from __future__ import annotations

import importlib.util
import json
import pathlib
from unittest import mock

import pytest
from ansible.errors import AnsibleConnectionFailure
from ansible.playbook.play_context import PlayContext
from ansible.plugins.connection.local import Connection as LocalConnection

SIM = pathlib.Path(__file__).resolve().parents[2] / 'lab' / 'collections' / 'ansible_collections' / 'lab' / \
    'windows' / 'plugins' / 'connection' / 'sim.py'
HOST = 'cm01.contoso.com'


def _sim():
    spec = importlib.util.spec_from_file_location('lab_windows_sim_drop', SIM)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def connection(faults):
    conn = _sim().Connection(PlayContext())
    conn.get_option = {'lab_host': HOST, 'lab_config': {'faults': faults}}.get
    return conn


def module_run(state_dir, op, check_mode=False, host=HOST):
    """What the stand-in does on the host: it records the call in calls.jsonl (and makes its changes)."""
    def run(cmd, in_data=None, sudoable=True):
        with open(state_dir / 'calls.jsonl', 'a', encoding='utf-8') as handle:
            handle.write(json.dumps({'host': host, 'op': op, 'check_mode': check_mode}) + '\n')
        return 0, b'{"changed": true}', b''
    return run


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv('LAB_STATE_DIR', str(tmp_path))
    return tmp_path


def test_the_first_apply_runs_and_its_result_is_lost_then_a_rerun_goes_through(state_dir):
    conn = connection({'drop_connection_during': 'sup_role/set'})
    with mock.patch.object(LocalConnection, 'exec_command', side_effect=module_run(state_dir, 'sup_role/get')):
        assert conn.exec_command('probe')[0] == 0
    with mock.patch.object(LocalConnection, 'exec_command', side_effect=module_run(state_dir, 'sup_role/set')) as local:
        with pytest.raises(AnsibleConnectionFailure, match='connection dropped during sup_role/set'):
            conn.exec_command('apply')
        assert local.call_count == 1  # the module ran on the host before the connection failed
        assert conn.exec_command('apply again')[0] == 0
    calls = (state_dir / 'calls.jsonl').read_text().splitlines()
    assert [json.loads(line)['op'] for line in calls] == ['sup_role/get', 'sup_role/set', 'sup_role/set']


def test_check_mode_other_scripts_and_other_hosts_do_not_drop(state_dir):
    conn = connection({'drop_connection_during': ['sup_role/set', 'sup_proxy/set']})
    for op, check_mode, host in (('sup_role/set', True, HOST), ('sup_info/get', False, HOST),
                                 ('sup_role/set', False, 'sup01.contoso.com')):
        with mock.patch.object(LocalConnection, 'exec_command', side_effect=module_run(state_dir, op, check_mode, host)):
            assert conn.exec_command('x')[0] == 0
    with mock.patch.object(LocalConnection, 'exec_command', side_effect=module_run(state_dir, 'sup_proxy/set')):
        with pytest.raises(AnsibleConnectionFailure):
            conn.exec_command('x')
