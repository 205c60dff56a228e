"""The lab's stand-in win_powershell behaves like the real module where the collection relies on it."""

from __future__ import annotations

import json

import pytest
from labsim.standin import CHECK_MODE_SKIP_MSG, run_script

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


def test_undeclared_parameter_fails_binding_before_anything_runs(environ):
    result = call(environ, 'get', {'FeatureName': FEATURES, 'Bogus': 1})
    assert result['failed'] is True
    assert "A parameter cannot be found that matches parameter name 'Bogus'." in result['msg']
    assert result['error'][0]['fully_qualified_error_id'] == 'NamedParameterNotFound'


def test_missing_mandatory_parameter_fails_binding(environ):
    result = call(environ, 'get', {})
    assert result['failed'] is True and 'missing mandatory parameters: FeatureName' in result['msg']


def test_windows_refuses_wid_and_sql_database_features_together(environ):
    result = call(environ, 'set', {'InstallFeature': ['UpdateServices-Services', 'UpdateServices-WidDB',
                                                      'UpdateServices-DB']})
    assert result['failed'] is True and 'cannot be installed together' in result['msg']


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
        assert site['vroots']['ClientWebService'] == {'sslFlags': 'None'}
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
