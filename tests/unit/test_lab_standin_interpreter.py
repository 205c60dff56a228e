"""How the stand-in hands a script to the lab's PowerShell interpreter (labsim.powershell.interpreter).

The interpreter is replaced by a recorder here, so these tests pin the stand-in's side of the
contract: the session (host, logon, ``$Ansible``, ``$ErrorActionPreference``), the parameters as
win_powershell binds them, and how the run's streams become the module result.
"""

from __future__ import annotations

import json
import sys
import types

import pytest
from labsim import standin
from labsim.powershell import api

from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script

SUP = 'sup01.contoso.com'


class Recorder:
    """A stand-in for labsim.powershell.interpreter: runs ``behaviour(session)``, records the call."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.calls: list[dict] = []
        self.module = types.ModuleType('labsim.powershell.interpreter')
        self.module.Session = self.session
        self.module.run = self.run

    @staticmethod
    def session(host, **kwargs):
        return types.SimpleNamespace(host=host, **kwargs)

    def run(self, script, *, script_name, parameters, session):
        tmpdir = session.variables['Ansible'].properties['Tmpdir']
        self.calls.append({'script_name': script_name, 'parameters': dict(parameters), 'session': session,
                           'tmpdir_exists': session.host.path(tmpdir).is_dir()})
        streams = {'output': [], 'errors': [], 'terminating': None, 'warnings': [], 'verbose': [], 'debug': [],
                   'information': [], 'host_out': ''}
        streams.update(self.behaviour(session) or {})
        return types.SimpleNamespace(**streams)


@pytest.fixture
def interpreter(monkeypatch, tmp_path):
    def install(behaviour):
        recorder = Recorder(behaviour)
        monkeypatch.setitem(sys.modules, 'labsim.powershell.interpreter', recorder.module)
        monkeypatch.setitem(sys.modules, 'labsim.models', types.ModuleType('labsim.models'))
        return recorder
    return install


def run(tmp_path, check_mode=False, logon=None, **options):
    environ = {'LAB_HOST': SUP, 'LAB_CONFIG': json.dumps({}), 'LAB_STATE_DIR': str(tmp_path)}
    if logon:
        environ['LAB_LOGON'] = logon
    params = dict({'script': load_script('wsus_install_get'), 'parameters': {'FeatureName': ['UpdateServices-Services']},
                   'error_action': 'stop', 'depth': 4}, **options)
    return standin.run_script(params, check_mode=check_mode, environ=environ)


def test_session_carries_host_logon_ansible_and_error_action_and_parameters_get_whatif(interpreter, tmp_path):
    recorder = interpreter(lambda session: None)
    run(tmp_path, check_mode=True, logon='become')
    call = recorder.calls[0]
    session = call['session']
    assert session.host.name == SUP and session.logon == 'become'
    assert session.error_action_preference == 'Stop' and list(session.variables) == ['Ansible']
    assert session.variables['Ansible'].properties['CheckMode'] is True
    assert call['script_name'] == 'wsus_install_get.ps1'
    assert call['parameters'] == {'FeatureName': ['UpdateServices-Services'], 'Confirm': False, 'WhatIf': True}
    assert call['tmpdir_exists'] and not session.host.path(session.variables['Ansible'].properties['Tmpdir']).exists()


def test_streams_and_ansible_variable_become_the_module_result(interpreter, tmp_path):
    def script(session):
        session.variables['Ansible'].properties['Changed'] = False
        return {'output': [api.Hashtable([('a', [[[[1]]]])])], 'warnings': ['careful'], 'host_out': 'hello\n'}
    interpreter(script)
    result = run(tmp_path)
    assert result['changed'] is False and result['failed'] is False
    assert result['output'] == [{'a': [[['1']]]}] and result['warning'] == ['careful'] and result['host_out'] == 'hello\n'


def test_a_terminating_error_fails_the_module_with_its_record(interpreter, tmp_path):
    interpreter(lambda session: {'terminating': api.PSError('denied', 'UnauthorizedAccess', 'PermissionDenied',
                                                            'System.UnauthorizedAccessException')})
    result = run(tmp_path)
    assert result['failed'] is True and 'msg' not in result
    assert result['error'][-1]['exception'] == {
        'message': 'denied', 'type': 'System.UnauthorizedAccessException', 'help_link': None, 'source': None,
        'hresult': -2147024891, 'inner_exception': None}
    assert result['error'][-1]['category_info']['category_id'] == 18


def test_a_gap_in_the_lab_fails_loudly_and_is_recorded(interpreter, tmp_path):
    def script(session):
        raise api.LabUnsupported('Get-Thing is not modelled', 'wsus_install_get.ps1', 3)
    interpreter(script)
    result = run(tmp_path)
    assert result['failed'] is True and result['msg'] == 'lab: wsus_install_get.ps1:3: Get-Thing is not modelled'
    record = [json.loads(line) for line in (tmp_path / 'calls.jsonl').read_text().splitlines()]
    assert record[-1]['outcome'] == 'lab-unsupported'
