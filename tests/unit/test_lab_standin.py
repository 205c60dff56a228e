"""The lab's stand-in win_powershell behaves like the real module where the collection relies on it."""

from __future__ import annotations

import json

import pytest
from labsim.powershell import api
from labsim.psparse import inspect_script
from labsim.standin import (CHECK_MODE_SKIP_MSG, ScriptRun, module_result, new_ansible_object, run_script,
                            script_parameters, session_logon)

from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script

FEATURES = ['UpdateServices-Services', 'UpdateServices-WidDB', 'UpdateServices-DB']


@pytest.fixture
def environ(tmp_path):
    return {'LAB_HOST': 'sup01.contoso.com', 'LAB_CONFIG': json.dumps({}), 'LAB_STATE_DIR': str(tmp_path)}


def call(environ, verb, parameters, check_mode=False, sensitive=None):
    params = {'script': load_script(f'wsus_install_{verb}'), 'parameters': parameters,
              'sensitive_parameters': sensitive, 'error_action': 'stop', 'depth': 4}
    return run_script(params, check_mode=check_mode, environ=environ)


def record(environ):
    with open(f'{environ["LAB_STATE_DIR"]}/calls.jsonl', encoding='utf-8') as handle:
        return [json.loads(line) for line in handle]


def test_probe_runs_in_check_mode_and_reports_no_change(environ):
    result = call(environ, 'get', {'FeatureName': FEATURES}, check_mode=True)
    assert result['changed'] is False
    assert result['output'][0]['features'] == {name: 'Available' for name in FEATURES}


def test_script_without_should_process_is_skipped_in_check_mode_like_win_powershell(environ):
    result = call(environ, 'set', {'InstallFeature': ['UpdateServices-Services']}, check_mode=True)
    assert result['changed'] is True and result['msg'] == CHECK_MODE_SKIP_MSG and result['output'] == []
    assert record(environ)[0]['outcome'] == 'skipped'


def message(result):
    return result['error'][-1]['exception']['message']


def test_undeclared_parameter_fails_binding_before_anything_runs(environ):
    result = call(environ, 'get', {'FeatureName': FEATURES, 'Bogus': 1})
    assert result['failed'] is True and 'msg' not in result  # win_powershell reports the error records only
    assert message(result) == "A parameter cannot be found that matches parameter name 'Bogus'."
    assert result['error'][0]['fully_qualified_error_id'] == 'NamedParameterNotFound'


def test_missing_mandatory_parameter_fails_binding(environ):
    result = call(environ, 'get', {})
    assert result['failed'] is True and 'missing mandatory parameters: FeatureName' in message(result)


def test_windows_refuses_wid_and_sql_database_features_together(environ):
    result = call(environ, 'set', {'InstallFeature': ['UpdateServices-Services', 'UpdateServices-WidDB',
                                                      'UpdateServices-DB']})
    assert result['failed'] is True and 'cannot be installed together' in message(result)


def test_call_record_holds_parameter_names_never_values(environ):
    call(environ, 'set', {'InstallFeature': ['UpdateServices-Services']},
         sensitive=[{'name': 'ContentDir', 'value': 'top-secret-value'}])
    entry = record(environ)[0]
    assert entry['params'] == ['InstallFeature'] and entry['sensitive'] == ['ContentDir']
    assert 'top-secret-value' not in json.dumps(record(environ))


def test_postinstall_without_content_dir_fails_like_the_real_log_says(environ):
    call(environ, 'set', {'InstallFeature': ['UpdateServices-Services', 'UpdateServices-WidDB']})
    result = call(environ, 'set', {'PostInstall': True})
    post = result['output'][0]['postinstall']
    assert post['exit_code'] == 1
    assert any('Config file did not contain a value "ContentDirectory"' in line for line in post['log_tail'])


def test_postinstall_writes_setup_values_and_marks_role_services_configured(environ):
    call(environ, 'set', {'InstallFeature': ['UpdateServices-Services', 'UpdateServices-WidDB'],
                          'PostInstall': True, 'ContentDir': 'D:\\WSUS'})
    probe = call(environ, 'get', {'FeatureName': FEATURES})['output'][0]
    assert probe['setup']['ContentDir'] == 'D:\\WSUS' and probe['setup']['SqlServerName'] == 'MICROSOFT##WID'
    assert probe['role_services'] == {'UpdateServices-Services': 2, 'UpdateServices-WidDatabase': 2}


def test_postinstall_creates_the_wsus_site_and_port_80_moves_its_vroots(environ, tmp_path):
    from labsim.hoststate import Store

    call(environ, 'set', {'InstallFeature': ['UpdateServices-Services', 'UpdateServices-WidDB'],
                          'PostInstall': True, 'ContentDir': 'D:\\WSUS'})
    with Store(tmp_path).host('sup01.contoso.com', {}) as host:
        site = host.data['iis']['sites']['WSUS Administration']
        assert [b['port'] for b in site['bindings']] == [8530, 8531]
        assert 'sslFlags' not in site['vroots']['ClientWebService']  # inherits the site's (none)
    call(environ, 'set', {'UseCustomWebsite': 'false'})
    with Store(tmp_path).host('sup01.contoso.com', {}) as host:
        assert host.data['iis']['sites']['WSUS Administration']['vroots'] == {}
        assert 'SimpleAuthWebService' in host.data['iis']['sites']['Default Web Site']['vroots']


def test_lab_hosts_carry_a_valid_an_expired_and_a_client_only_certificate(environ, tmp_path):
    from labsim.hoststate import Store

    call(environ, 'get', {'FeatureName': FEATURES})
    with Store(tmp_path).host('sup01.contoso.com', {}) as host:
        certs = host.data['certificates']
    assert [c['not_after'][:4] for c in certs] == ['2027', '2025', '2027']
    assert all(c['dns_names'] == ['sup01.contoso.com'] for c in certs)
    assert certs[2]['eku'] == ['1.3.6.1.5.5.7.3.2']  # Client Authentication only


# ---- win_powershell behaviour reproduced from win_powershell.ps1 ------------------------------------
@pytest.mark.parametrize('header, runs', [
    ('[CmdletBinding(SupportsShouldProcess)]\nparam ()', True),
    ('[CmdletBinding(SupportsShouldProcess = $True, ConfirmImpact = "High")]\nparam ()', True),
    ('[CmdletBinding(SupportsShouldProcess=$false)]\nparam ()', False),
    ('[CmdletBinding(SupportsShouldProcess=1)]\nparam ()', False),
    ('[CmdletBinding()]\nparam ()', False),
    ('[System.Management.Automation.CmdletBinding(SupportsShouldProcess)]\nparam ()', False),
    ('# [CmdletBinding(SupportsShouldProcess)]\n"x"', False),
    # a script that does not parse: the real module's regex, which allows no spaces around '='
    ('[CmdletBinding(SupportsShouldProcess=$true)]\nparam ()\n$x = (', True),
    ('[CmdletBinding(SupportsShouldProcess = $true)]\nparam ()\n$x = (', False),
])
def test_check_mode_runs_only_scripts_win_powershell_sees_supporting_should_process(environ, header, runs):
    # a statement after the header: tree-sitter reports a script made only of param() as an error
    result = run_script({'script': header + '\n"x"\n# op: test/get\n'}, check_mode=True, environ=environ)
    skipped = result.get('msg') == CHECK_MODE_SKIP_MSG
    assert skipped is not runs
    if skipped:
        assert result['changed'] is True and 'failed' not in result and result['output'] == []


def test_check_mode_adds_whatif_and_confirm_to_a_should_process_script():
    info = inspect_script('[CmdletBinding(SupportsShouldProcess)]\nparam ($Name)')
    params = {'parameters': {'Name': 'x', 'WhatIf': False}, 'sensitive_parameters': None}
    assert dict(script_parameters(params, info.supports_should_process, check_mode=True)) == \
        {'Name': 'x', 'WhatIf': True, 'Confirm': False}
    assert dict(script_parameters(params, False, check_mode=True)) == {'Name': 'x', 'WhatIf': False}


def test_sensitive_parameters_become_secure_strings_and_credentials_and_win_over_plain_ones():
    params = {'parameters': {'token': 'plain', 'Other': 1}, 'sensitive_parameters': [
        {'name': 'Token', 'value': 's3cret'}, {'name': 'Empty', 'value': ''},
        {'name': 'Cred', 'username': 'CONTOSO\\svc', 'password': None}]}
    bound = script_parameters(params, False, check_mode=False)
    assert list(bound) == ['token', 'Other', 'Empty', 'Cred']
    assert bound['Token'].reveal() == 's3cret' and bound['Token'].username is None
    assert bound['Empty'].reveal() == ''  # an empty SecureString, as New-Object SecureString
    assert bound['Cred'].username == 'CONTOSO\\svc' and bound['Cred'].reveal() == ''


def test_a_run_returns_the_real_modules_keys_and_failed_false(environ):
    result = call(environ, 'get', {'FeatureName': FEATURES})
    assert set(result) == {'changed', 'result', 'host_out', 'host_err', 'output', 'error', 'warning', 'verbose',
                           'debug', 'information', 'failed'}
    assert result['failed'] is False and result['result'] == {}


def test_output_is_converted_at_the_requested_depth(environ):
    params = {'script': load_script('wsus_install_get'), 'parameters': {'FeatureName': FEATURES}}
    shallow = run_script(dict(params, depth=1), check_mode=False, environ=environ)
    assert shallow['output'][0]['setup'] == 'System.Collections.Hashtable'
    assert shallow['output'][0]['features'] == 'System.Collections.Hashtable'
    # a PSCustomObject past the depth is its string form, as [string] gives it in PowerShell
    assert run_script(dict(params, depth=0), check_mode=False, environ=environ)['output'] == \
        ['@{features=System.Collections.Hashtable; setup=System.Collections.Hashtable; '
         'role_services=System.Collections.Hashtable; version=}']
    assert isinstance(run_script(params, check_mode=False, environ=environ)['output'][0]['setup'], dict)


@pytest.mark.parametrize('option, value', [('path', 'C:\\x.ps1'), ('executable', 'pwsh.exe'), ('arguments', ['-x']),
                                           ('chdir', 'C:\\'), ('creates', 'C:\\x'), ('removes', 'C:\\x'),
                                           ('remote_src', True)])
def test_options_the_lab_does_not_model_fail_loudly(environ, option, value):
    result = run_script({'script': 'param ()', option: value}, check_mode=False, environ=environ)
    assert result['failed'] is True and result['msg'] == f'lab: option {option} of win_powershell is not modelled'


def test_any_script_runs_in_the_interpreter_and_a_command_without_a_model_is_a_lab_gap(environ):
    assert run_script({'script': 'param ()\n"hello"'}, check_mode=False, environ=environ)['output'] == ['hello']
    result = run_script({'script': 'param ()\nGet-Thing -Name x'}, check_mode=False, environ=environ)
    assert result['failed'] is True and result['msg'].startswith('lab: ') and 'Get-Thing' in result['msg']


def test_result_fields_follow_ansible_variable_and_the_terminating_error_comes_last():
    ansible = new_ansible_object(check_mode=False, verbosity=0)
    ansible.properties['Changed'] = False
    ansible.properties['Result'] = api.Hashtable([('deep', [[['x', 'y']]])])
    ansible.properties['Diff'] = api.Hashtable([('before', {'a': 1})])
    run = ScriptRun(ansible, output=['out'], errors=[api.ErrorRecord('first', command='Write-Error')],
                    terminating=api.ErrorRecord('second', line=2))
    result = module_result(run, depth=2, script='"out"\nthrow "second"', diff_mode=True)
    assert result['changed'] is False and result['failed'] is True and 'msg' not in result
    assert [e['exception']['message'] for e in result['error']] == ['first', 'second']
    assert result['error'][1]['script_stack_trace'] == 'at <ScriptBlock>, <No file>: line 2'
    assert result['error'][0]['category_info']['activity'] == 'Write-Error'
    assert result['result'] == {'deep': [['x y']]}  # Result at depth 2: the innermost list is squashed
    assert result['diff'] == {'before': {'a': 1}}
    assert 'diff' not in module_result(run, depth=2, script='', diff_mode=False)


@pytest.mark.parametrize('failed, expected', [(True, True), ('yes', True), (['x'], True), ([''], False), (0, False),
                                              (None, False)])
def test_ansible_failed_fails_the_module_by_powershell_truthiness(failed, expected):
    ansible = new_ansible_object(check_mode=False, verbosity=0)
    ansible.properties['Failed'] = failed
    assert module_result(ScriptRun(ansible), depth=2, script='', diff_mode=False)['failed'] is expected


@pytest.mark.parametrize('environ_logon, config, logon', [
    (None, {}, 'network'), (None, {'logon': 'credssp'}, 'credssp'), ('become', {'logon': 'credssp'}, 'become')])
def test_session_logon_is_become_under_runas_else_the_host_config(environ_logon, config, logon):
    assert session_logon(config, {'LAB_LOGON': environ_logon} if environ_logon else {}) == logon
