"""The probe -> diff -> apply engine, with a tiny demo module and a scripted fake host."""

from __future__ import annotations

import json

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.module_utils._argspec import ArgumentSpec
from ansible_collections.configmgr.sup.plugins.plugin_utils import _engine
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import (
    HostFailure,
    InvalidInput,
    Plan,
    PowerShellStateAction,
)
from harness import FakeHost, ok, run_action

SECRET = 'S3cr3t-Pa55w0rd!'
GET = '# op: demo/get\n[CmdletBinding(SupportsShouldProcess)]\nparam ([Parameter(Mandatory)][string]$Name)\n'
SET = ('# op: demo/set\n[CmdletBinding()]\n'
       'param ([string]$Name, [string]$Value, [securestring]$Password, [hashtable]$Expected = @{})\n')


class DemoAction(PowerShellStateAction):
    """Keeps a named value; an optional password is sent as a SecureString."""

    MODULE = 'demo'
    SPEC = ArgumentSpec(dict(
        name=dict(type='str', required=True),
        value=dict(type='str', required=True),
        password=dict(type='str', no_log=True),
    ))

    def check_input(self, params):
        if params['value'] == 'forbidden':
            raise InvalidInput('value', 'must not be "forbidden"')

    def probe_parameters(self, params):
        return {'Name': params['name']}

    def plan(self, params, probe):
        before = {'value': probe.get('value')}
        after = {'value': params['value']}
        if before == after:
            return Plan(before, after)
        sensitive = [{'name': 'Password', 'value': params['password']}] if params.get('password') else []
        return Plan(before, after, apply={'Name': params['name'], 'Value': params['value']},
                    sensitive=sensitive, facts={'found': probe.get('value')}, expected={'value': probe.get('value')})

    def finish(self, params, plan, applied):
        if applied.output.get('status') != 'done':
            raise HostFailure('the host did not finish', status=applied.output.get('status'))
        return {'applied': True}


@pytest.fixture(autouse=True)
def demo_scripts(monkeypatch):
    scripts = {'demo_get': GET, 'demo_set': SET}
    monkeypatch.setattr(_engine, 'load_script', scripts.__getitem__)


def host(value='old', set_answer=None):
    return FakeHost({'demo/get': ok({'value': value}, changed=False),
                     'demo/set': set_answer or ok({'status': 'done'})})


def test_converged_host_costs_one_round_trip_and_reports_no_change():
    fake = host(value='new')
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake)
    assert result['changed'] is False
    assert fake.ops() == ['demo/get']
    assert result['before'] == result['after'] == {'value': 'new'}


def test_check_mode_predicts_the_change_without_running_the_apply_script():
    fake = host()
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake, check_mode=True)
    assert result['changed'] is True
    assert result['after'] == {'value': 'new'}
    assert fake.ops() == ['demo/get']


def test_change_runs_apply_with_only_the_planned_parameters():
    fake = host()
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake)
    assert fake.ops() == ['demo/get', 'demo/set']
    assert fake.calls[1]['parameters'] == {'Name': 'a', 'Value': 'new', 'Expected': {'value': 'old'}}
    assert fake.calls[1]['error_action'] == 'stop'
    assert result['changed'] is True and result['applied'] is True and result['found'] == 'old'


def test_diff_is_returned_only_in_diff_mode():
    assert 'diff' not in run_action(DemoAction, {'name': 'a', 'value': 'new'}, host())
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, host(), diff=True)
    assert result['diff'] == {'before': {'value': 'old'}, 'after': {'value': 'new'}}


def test_invocation_of_win_powershell_is_never_returned():
    result = run_action(DemoAction, {'name': 'a', 'value': 'new', 'password': SECRET}, host())
    assert 'invocation' not in result
    assert 'script' not in json.dumps(result)


def test_secret_travels_only_as_a_sensitive_parameter_and_never_comes_back():
    fake = host()
    result = run_action(DemoAction, {'name': 'a', 'value': 'new', 'password': SECRET}, fake, diff=True)
    apply = fake.calls[1]
    assert SECRET not in json.dumps(apply['parameters'])
    assert SECRET not in apply['script']
    assert apply['sensitive_parameters'] == [{'name': 'Password', 'value': SECRET}]
    assert SECRET not in json.dumps(result)


def test_probe_skipped_in_check_mode_fails_loudly_naming_the_missing_attribute():
    fake = FakeHost({'demo/get': {'changed': True, 'msg': 'skipped, running in check mode', 'output': []}})
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake, check_mode=True)
    assert result['failed'] is True
    assert 'SupportsShouldProcess' in result['msg']


def test_non_terminating_error_record_fails_the_task_with_the_windows_message():
    answer = ok({'value': 'old'}, changed=False)
    answer['error'] = [{'output': 'x', 'exception': {'message': 'Access is denied'}, 'error_details': None}]
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, FakeHost({'demo/get': answer}))
    assert result['failed'] is True
    assert 'Access is denied' in result['msg'] and 'reading the current state' in result['msg']


def test_module_that_died_before_answering_fails_with_its_last_words():
    died = {'failed': True, 'msg': 'MODULE FAILURE\nSee stdout/stderr for the exact error', 'rc': 1,
            'module_stderr': "Traceback (most recent call last):\nModuleNotFoundError: No module named 'x'\n"}
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, FakeHost({'demo/get': died}))
    assert result['failed'] is True
    assert "No module named 'x'" in result['msg']


def test_failed_apply_reports_the_windows_error_and_that_something_may_have_changed():
    failed = {'failed': True, 'msg': 'Unhandled exception', 'output': [],
              'error': [{'exception': {'message': 'The WsusService service failed to start'}}]}
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, host(set_answer=failed))
    assert result['failed'] is True and result['changed'] is True
    assert 'The WsusService service failed to start' in result['msg']
    assert 'applying the change' in result['msg']


def changed_since_read(*changes: str) -> dict:
    """What win_powershell returns when _compare_and_set.ps1 throws (a ``throw 'text'``: the id is the text)."""
    text = f'{_engine.CHANGED_SINCE_READ}: ' + '; '.join(changes) + '; re-run'
    return {'failed': True, 'msg': 'Unhandled exception while executing script: ' + text, 'output': [],
            'error': [{'exception': {'message': text, 'type': 'System.Management.Automation.RuntimeException'},
                       'fully_qualified_error_id': text, 'error_details': None, 'output': text}]}


def test_apply_receives_the_values_the_plan_was_computed_from_even_when_there_are_none():
    class NothingToCompare(DemoAction):
        def plan(self, params, probe):
            plan = super().plan(params, probe)
            plan.expected = {}
            return plan
    fake = host()
    run_action(NothingToCompare, {'name': 'a', 'value': 'new'}, fake)
    assert fake.calls[1]['parameters']['Expected'] == {}


def test_apply_that_found_a_setting_changed_since_it_was_read_fails_without_claiming_a_change():
    fake = host(set_answer=changed_since_read('value changed since it was read (was old, now other)'))
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake, diff=True)
    assert result['failed'] is True and result['changed'] is False
    assert result['msg'].startswith('configmgr.sup.demo: value changed since it was read (was old, now other); re-run. '
                                    'Nothing was changed')
    assert _engine.CHANGED_SINCE_READ not in result['msg'] and result['changed_since_read'] is True
    assert result['after'] == result['before'] == {'value': 'old'} and 'diff' not in result


def test_every_changed_setting_is_named():
    fake = host(set_answer=changed_since_read('a changed since it was read (was 1, now 2)',
                                              'b changed since it was read (was (none), now x)'))
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake)
    assert 'a changed since it was read (was 1, now 2); b changed since it was read (was (none), now x)' in result['msg']


def test_changed_since_read_is_recognised_after_other_error_records():
    answer = changed_since_read('value changed since it was read (was old, now other)')
    answer['error'].insert(0, {'exception': {'message': 'Cannot find drive. A drive with the name PR1 does not exist.'}})
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, host(set_answer=answer))
    assert result['changed'] is False and result['changed_since_read'] is True
    assert 'value changed since it was read (was old, now other); re-run' in result['msg']


def test_the_same_words_from_a_probe_are_an_ordinary_read_failure():
    fake = FakeHost({'demo/get': changed_since_read('x changed since it was read (was 1, now 2)')})
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake)
    assert result['failed'] is True and 'reading the current state failed' in result['msg']
    assert 'changed_since_read' not in result


def test_module_can_reject_what_the_host_reported_with_extra_result_keys():
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, host(set_answer=ok({'status': 'half'})))
    assert result['failed'] is True and result['status'] == 'half'
    assert result['msg'] == 'configmgr.sup.demo: the host did not finish'


@pytest.mark.parametrize('args, expected', [
    ({'name': 'a'}, 'missing required arguments: value'),
    ({'name': 'a', 'value': 'x', 'colour': 'red'}, 'unsupported parameters: colour'),
    ({'name': 'a', 'value': 'forbidden'}, 'value: must not be "forbidden"'),
])
def test_bad_input_fails_before_any_call_to_the_host(args, expected):
    fake = host()
    with pytest.raises(AnsibleActionFail, match=expected):
        run_action(DemoAction, args, fake)
    assert fake.calls == []


def test_bad_input_message_never_contains_a_secret():
    fake = host()
    with pytest.raises(AnsibleActionFail) as err:
        run_action(DemoAction, {'name': 'a', 'password': SECRET, 'bogus': 1}, fake)
    assert SECRET not in str(err.value)


def test_unreachable_host_is_passed_through_as_unreachable():
    fake = FakeHost({'demo/get': {'unreachable': True, 'msg': 'connection dropped'}})
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake)
    assert result['unreachable'] is True and result['msg'] == 'connection dropped'


def test_probe_must_return_exactly_one_object():
    fake = FakeHost({'demo/get': {'changed': False, 'output': [1, 2], 'error': []}})
    result = run_action(DemoAction, {'name': 'a', 'value': 'new'}, fake)
    assert result['failed'] is True and 'one object' in result['msg']


def test_null_option_counts_as_not_given():
    result = run_action(DemoAction, {'name': 'a', 'value': 'new', 'password': None}, host())
    assert result['changed'] is True


class PrerequisiteAction(DemoAction):
    """A module whose value can only be set once an earlier task created the object."""

    def script_base(self, params):
        return 'demo'

    def plan(self, params, probe):
        plan = Plan({'value': None}, {'value': params['value']}, apply={'Name': params['name']})
        if probe.get('value') is None:
            return self.prerequisite_missing('the object does not exist yet; create it first', plan)
        return super().plan(params, probe)


def test_missing_prerequisite_fails_a_real_run_before_any_change():
    fake = host(value=None)
    result = run_action(PrerequisiteAction, {'name': 'a', 'value': 'new'}, fake)
    assert result['failed'] is True and 'create it first' in result['msg']
    assert fake.ops() == ['demo/get']


def test_missing_prerequisite_in_check_mode_reports_the_plan_with_a_warning():
    result = run_action(PrerequisiteAction, {'name': 'a', 'value': 'new'}, host(value=None), check_mode=True)
    assert result['changed'] is True and not result.get('failed')
    assert result['after'] == {'value': 'new'}
    assert 'create it first' in result['warnings'][0] and 'check mode' in result['warnings'][0]


def test_script_includes_are_inlined_from_fragment_files(tmp_path, monkeypatch):
    monkeypatch.undo()  # the real loader, on a private script directory
    (tmp_path / 'demo_get.ps1').write_text('# op: demo/get\nparam ()\n# include: _shared.ps1\n$x = 2\n')
    (tmp_path / '_shared.ps1').write_text('function Get-One { 1 }\n')
    monkeypatch.setattr(_engine, 'SCRIPT_DIR', str(tmp_path))
    monkeypatch.setattr(_engine, '_SCRIPTS', {})
    assert _engine.load_script('demo_get') == '# op: demo/get\nparam ()\nfunction Get-One { 1 }\n$x = 2\n'


def test_only_underscore_fragments_can_be_included(tmp_path, monkeypatch):
    monkeypatch.undo()
    (tmp_path / 'demo_get.ps1').write_text('# include: other_get.ps1\n')
    monkeypatch.setattr(_engine, 'SCRIPT_DIR', str(tmp_path))
    monkeypatch.setattr(_engine, '_SCRIPTS', {})
    assert _engine.load_script('demo_get') == '# include: other_get.ps1\n'


def test_masking_a_short_password_does_not_mangle_the_message():
    with pytest.raises(AnsibleActionFail) as err:
        run_action(DemoAction, {'name': 'a', 'value': 'x', 'password': 'a', 'extra': 'a'}, host())
    assert 'unsupported parameters' in str(err.value) and 'extra' in str(err.value)
    assert "'a'" not in str(err.value) or '********' in str(err.value)
