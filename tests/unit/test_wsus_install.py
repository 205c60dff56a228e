"""wsus_install decisions: features, post-install, ports, refusals, and reading the host's answer."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_install import WsusInstallAction, postinstall_state
from harness import FakeHost, ok, run_action

ALL = ['UpdateServices', 'UpdateServices-Services', 'UpdateServices-WidDB', 'UpdateServices-DB',
       'UpdateServices-RSAT', 'UpdateServices-API', 'UpdateServices-UI']
SERVER = {'content_dir': 'D:\\WSUS'}
POSTINSTALL_OK = {'exit_code': 0, 'log_path': 'C:\\T\\WSUS_PostInstall_1.log', 'log_tail': [],
                  'output': ['Log file is located at C:\\T\\WSUS_PostInstall_1.log', 'Post install is starting',
                             'Post install has successfully completed']}


def probe(installed=(), roles=None, setup=None, pending=()):
    features = {name: 'Available' for name in ALL}
    features.update({name: 'Installed' for name in installed})
    features.update({name: 'InstallPending' for name in pending})
    return {'features': features, 'setup': setup or {}, 'role_services': roles or {}, 'version': None}


def configured(database='wid', port=8530, content='D:\\WSUS', sql=None):
    db = 'UpdateServices-WidDB' if database == 'wid' else 'UpdateServices-DB'
    value = 'UpdateServices-WidDatabase' if database == 'wid' else 'UpdateServices-Database'
    return probe(installed=['UpdateServices', 'UpdateServices-Services', db, 'UpdateServices-RSAT',
                            'UpdateServices-API', 'UpdateServices-UI'],
                 roles={'UpdateServices-Services': 2, value: 2, 'UpdateServices-API': 2, 'UpdateServices-UI': 2},
                 setup={'ContentDir': content, 'PortNumber': port, 'SqlServerName': sql or 'MICROSOFT##WID'})


def host(state, set_output=None):
    return FakeHost({'wsus_install/get': ok(state, changed=False),
                     'wsus_install/set': ok(set_output or {'restart_needed': False, 'postinstall': POSTINSTALL_OK,
                                                           'custom_website': None, 'version': '10.0.20348.1'})})


def apply_params(fake):
    """The planned parameters; ``Expected`` (compare-and-set) is checked with ``expected``."""
    assert fake.ops() == ['wsus_install/get', 'wsus_install/set']
    return {name: value for name, value in fake.calls[1]['parameters'].items() if name != 'Expected'}


def expected(fake):
    return fake.calls[1]['parameters']['Expected']


NO_ROLE_SERVICES = {'role_services/UpdateServices-Services': None, 'role_services/UpdateServices-WidDatabase': None,
                    'role_services/UpdateServices-Database': None, 'role_services/UpdateServices-API': None,
                    'role_services/UpdateServices-UI': None}


def test_fresh_server_installs_services_wid_api_console_and_runs_postinstall():
    fake = host(probe())
    result = run_action(WsusInstallAction, SERVER, fake)
    assert apply_params(fake) == {
        'InstallFeature': ['UpdateServices-Services', 'UpdateServices-WidDB', 'UpdateServices-API', 'UpdateServices-UI'],
        'PostInstall': True, 'ContentDir': 'D:\\WSUS'}
    assert expected(fake) == dict(NO_ROLE_SERVICES, **{
        'features/UpdateServices-Services': 'Available', 'features/UpdateServices-WidDB': 'Available',
        'features/UpdateServices-API': 'Available', 'features/UpdateServices-UI': 'Available'})
    assert result['changed'] is True
    assert result['after']['postinstall'] == 'complete' and result['after']['http_port'] == 8530
    assert result['https_port'] == 8531 and result['version'] == '10.0.20348.1'
    assert result['postinstall_log'] == 'C:\\T\\WSUS_PostInstall_1.log'


def test_configured_server_is_converged_in_one_call():
    fake = host(configured())
    result = run_action(WsusInstallAction, SERVER, fake)
    assert result['changed'] is False and fake.ops() == ['wsus_install/get']
    assert result['postinstall_state'] == 'complete'


def test_content_dir_comparison_ignores_case_and_trailing_backslash():
    fake = host(configured(content='d:\\wsus\\'))
    assert run_action(WsusInstallAction, SERVER, fake)['changed'] is False


def test_half_finished_postinstall_is_completed_without_reinstalling_features():
    state = configured()
    state['role_services']['UpdateServices-Services'] = 1
    fake = host(state)
    result = run_action(WsusInstallAction, SERVER, fake)
    assert apply_params(fake) == {'PostInstall': True, 'ContentDir': 'D:\\WSUS'}
    assert expected(fake) == dict(NO_ROLE_SERVICES, **{
        'role_services/UpdateServices-Services': 1, 'role_services/UpdateServices-WidDatabase': 2,
        'role_services/UpdateServices-API': 2, 'role_services/UpdateServices-UI': 2})
    assert result['before']['postinstall'] == 'partial'


def test_sql_database_passes_the_instance_to_postinstall():
    fake = host(probe())
    run_action(WsusInstallAction, dict(SERVER, database='sql', sql_server='sql01.contoso.com\\WSUS'), fake)
    params = apply_params(fake)
    assert 'UpdateServices-DB' in params['InstallFeature'] and 'UpdateServices-WidDB' not in params['InstallFeature']
    assert params['SqlInstance'] == 'sql01.contoso.com\\WSUS'


def test_default_web_site_port_switches_a_configured_server_only():
    fake = host(configured(), {'restart_needed': False, 'postinstall': None,
                               'custom_website': {'exit_code': 0, 'output': []}, 'version': '10.0.20348.1'})
    result = run_action(WsusInstallAction, dict(SERVER, http_port=80), fake)
    assert apply_params(fake) == {'UseCustomWebsite': 'false'}
    assert expected(fake) == {'setup/PortNumber': 8530}
    assert result['http_port'] == 80 and result['https_port'] == 443


def test_new_server_on_port_80_is_moved_after_postinstall():
    fake = host(probe())
    run_action(WsusInstallAction, dict(SERVER, http_port=80), fake)
    assert apply_params(fake)['UseCustomWebsite'] == 'false'


def test_omitted_port_keeps_what_the_server_uses():
    assert run_action(WsusInstallAction, SERVER, host(configured(port=80)))['changed'] is False


def test_console_ui_false_does_not_remove_an_installed_console():
    result = run_action(WsusInstallAction, dict(SERVER, console_ui=False), host(configured()))
    assert result['changed'] is False


def test_changing_database_type_is_refused_with_the_reason():
    fake = host(configured(database='sql', sql='sql01'))
    with pytest.raises(AnsibleActionFail, match=r'database: .*migrated by hand'):
        run_action(WsusInstallAction, SERVER, fake)
    assert fake.ops() == ['wsus_install/get']


def test_moving_susdb_to_another_instance_is_refused():
    fake = host(configured(database='sql', sql='sql01'))
    with pytest.raises(AnsibleActionFail, match='sql_server: .*already uses SUSDB on'):
        run_action(WsusInstallAction, dict(SERVER, database='sql', sql_server='sql02'), fake)


def test_other_content_dir_on_configured_server_points_to_movecontent():
    with pytest.raises(AnsibleActionFail, match='content_dir: .*movecontent'):
        run_action(WsusInstallAction, {'content_dir': 'E:\\WSUS'}, host(configured()))


def test_console_role_installs_api_and_ui_only():
    fake = host(probe(), {'restart_needed': False, 'postinstall': None, 'custom_website': None, 'version': None})
    result = run_action(WsusInstallAction, {'role': 'console'}, fake)
    assert apply_params(fake) == {'InstallFeature': ['UpdateServices-API', 'UpdateServices-UI']}
    assert expected(fake) == {'features/UpdateServices-API': 'Available', 'features/UpdateServices-UI': 'Available'}
    assert result['postinstall_state'] is None


def test_console_absent_refuses_to_remove_the_api_the_server_needs():
    with pytest.raises(AnsibleActionFail, match='role: .*remove the server first'):
        run_action(WsusInstallAction, {'role': 'console', 'state': 'absent'}, host(configured()))


def test_server_absent_removes_role_services_and_says_content_and_susdb_are_kept():
    fake = host(configured(), {'restart_needed': True, 'postinstall': None, 'custom_website': None, 'version': None})
    result = run_action(WsusInstallAction, {'state': 'absent'}, fake)
    assert apply_params(fake) == {'RemoveFeature': ['UpdateServices-Services', 'UpdateServices-WidDB', 'UpdateServices']}
    assert expected(fake) == {'features/UpdateServices-Services': 'Installed', 'features/UpdateServices-WidDB': 'Installed',
                              'features/UpdateServices': 'Installed'}
    assert any('content directory and SUSDB are kept' in w for w in result['warnings'])
    assert result['reboot_required'] is True
    assert result['after']['features']['UpdateServices-API'] is True


def test_absent_on_a_host_without_wsus_changes_nothing():
    fake = host(probe())
    assert run_action(WsusInstallAction, {'state': 'absent'}, fake)['changed'] is False


def test_pending_reboot_blocks_postinstall_with_a_clear_message():
    state = probe(installed=['UpdateServices'], pending=['UpdateServices-Services', 'UpdateServices-WidDB'])
    result = run_action(WsusInstallAction, SERVER, host(state))
    assert result['failed'] is True and 'reboot' in result['msg'] and result['reboot_required'] is True


def test_restart_needed_after_feature_install_defers_postinstall_with_a_warning():
    fake = host(probe(), {'restart_needed': True, 'postinstall': None, 'custom_website': None, 'version': None})
    result = run_action(WsusInstallAction, SERVER, fake)
    assert result['reboot_required'] is True and result['postinstall_state'] == 'pending'
    assert any('reboot' in w for w in result['warnings'])


def test_failed_postinstall_returns_log_path_and_error_lines():
    failed = {'exit_code': 1, 'log_path': 'C:\\T\\WSUS_PostInstall_2.log',
              'output': ['Log file is located at C:\\T\\WSUS_PostInstall_2.log', 'Fatal Error: boom'],
              'log_tail': ['2026-11-21 09:00:01  Postinstall started',
                           '2026-11-21 09:00:02  System.Data.SqlClient.SqlException (0x80131904): A network-related error',
                           '2026-11-21 09:00:03  Fatal Error: A network-related error']}
    fake = host(probe(), {'restart_needed': False, 'postinstall': failed, 'custom_website': None, 'version': None})
    result = run_action(WsusInstallAction, SERVER, fake)
    assert result['failed'] is True and result['changed'] is True
    assert result['postinstall_log'] == 'C:\\T\\WSUS_PostInstall_2.log'
    assert result['postinstall_errors'] == failed['log_tail'][1:]
    assert 'exit code 1' in result['msg'] and 'WSUS_PostInstall_2.log' in result['msg']


def test_postinstall_exit_zero_without_success_line_is_still_a_failure():
    odd = dict(POSTINSTALL_OK, output=['Log file is located at C:\\T\\x.log'])
    fake = host(probe(), {'restart_needed': False, 'postinstall': odd, 'custom_website': None, 'version': None})
    assert run_action(WsusInstallAction, SERVER, fake)['failed'] is True


@pytest.mark.parametrize('args, expected', [
    ({}, 'content_dir: is required with role=server and state=present'),
    ({'content_dir': 'WSUS'}, 'content_dir: must be an absolute local path'),
    ({'content_dir': '\\\\fs01\\wsus'}, 'content_dir: must be a path on a local drive'),
    ({'content_dir': 'D:\\WSUS\\..\\x'}, 'content_dir: must not contain'),
    ({'content_dir': 'D:\\WS|US'}, 'content_dir: contains characters'),
    ({'content_dir': ''}, 'content_dir: must not be empty'),
    ({'content_dir': 'D:\\WSUS', 'database': 'sql'}, 'database is sql but all of the following are missing: sql_server'),
    ({'content_dir': 'D:\\WSUS', 'sql_server': 'sql01'}, 'sql_server: is only used with database=sql'),
    ({'content_dir': 'D:\\WSUS', 'database': 'sql', 'sql_server': 'sql 01'}, 'sql_server: is not a valid host name'),
    ({'content_dir': 'D:\\WSUS', 'database': 'sql', 'sql_server': 'sql01\\bad;name'}, 'sql_server: has an invalid instance'),
    ({'content_dir': 'D:\\WSUS', 'database': 'oracle'}, 'value of database must be one of: wid, sql'),
    ({'content_dir': 'D:\\WSUS', 'http_port': 8080}, 'value of http_port must be one of: 8530, 80'),
    ({'content_dir': 'D:\\WSUS', 'http_port': 'eighty'}, "http_port"),
    ({'role': 'console', 'content_dir': 'D:\\WSUS'}, 'content_dir: only applies to role=server'),
    ({'role': 'site'}, 'value of role must be one of: server, console'),
    ({'content_dir': 'D:\\WSUS', 'reboot': True}, 'unsupported parameters: reboot'),
])
def test_bad_input_is_refused_before_any_host_call_naming_the_option(args, expected):
    fake = host(probe())
    with pytest.raises(AnsibleActionFail) as err:
        run_action(WsusInstallAction, args, fake)
    assert expected in str(err.value)
    assert str(err.value).startswith('configmgr.sup.wsus_install: ')
    assert fake.calls == []


@pytest.mark.parametrize('roles, expected', [
    ({}, 'pending'),
    ({'UpdateServices-Services': 1, 'UpdateServices-WidDatabase': 1}, 'pending'),
    ({'UpdateServices-Services': 1, 'UpdateServices-WidDatabase': 2}, 'partial'),
    ({'UpdateServices-Services': 2, 'UpdateServices-WidDatabase': 2}, 'complete'),
])
def test_postinstall_state_is_read_from_installed_role_services(roles, expected):
    assert postinstall_state({'UpdateServices-Services', 'UpdateServices-WidDB'}, roles) == expected


def test_postinstall_state_without_the_server_feature_is_not_installed():
    assert postinstall_state({'UpdateServices-API'}, {'UpdateServices-API': 2}) == 'not_installed'


def test_failed_first_postinstall_without_setup_values_is_retried_not_refused():
    state = probe(installed=['UpdateServices', 'UpdateServices-Services', 'UpdateServices-WidDB', 'UpdateServices-API'],
                  roles={'UpdateServices-Services': 1, 'UpdateServices-WidDatabase': 2, 'UpdateServices-API': 1})
    fake = host(state)
    result = run_action(WsusInstallAction, dict(SERVER, console_ui=False), fake)
    assert apply_params(fake) == {'PostInstall': True, 'ContentDir': 'D:\\WSUS'}
    assert result['after']['content_dir'] == 'D:\\WSUS'


# ---- a failed post-install never reads as installed (issue 13, item 6) -------------------------------------
from labhost import LabHost  # noqa: E402  (the in-process lab: the shipped scripts against the lab's WsusUtil)

from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall  # noqa: E402


def test_a_failed_postinstall_reports_the_half_finished_state_not_complete(tmp_path):
    host = LabHost(tmp_path, 'sup01.contoso.com', {'faults': {'postinstall_failure': True}})
    failed = host.run(WsusInstall, SERVER, diff=True)
    assert failed['failed'] is True and failed['changed'] is True
    assert failed['diff']['after']['postinstall'] == 'partial'
    # what the host has: the features, and a post-install that stopped half way (WID at 2, the rest at 1)
    assert failed['postinstall_state'] == 'partial' and failed['after']['postinstall'] == 'partial'
    assert failed['after']['features']['UpdateServices-Services'] is True
    assert failed['http_port'] is None and failed['https_port'] is None and failed['using_ssl'] is None
    # the next check run and the next real run both see it unfinished and run post-install again
    check = host.run(WsusInstall, SERVER, check_mode=True)
    assert check['changed'] is True and check['before']['postinstall'] == 'partial'
    again = host.run(WsusInstall, SERVER)
    assert again['failed'] is True and again['postinstall_state'] == 'partial'
    host.config = {}  # SQL Server reachable again
    check = host.run(WsusInstall, SERVER, check_mode=True)
    done = host.run(WsusInstall, SERVER)
    assert check['changed'] is done['changed'] is True and done['postinstall_state'] == 'complete'
    assert host.run(WsusInstall, SERVER, check_mode=True)['changed'] is False


def test_a_failed_postinstall_without_the_state_read_after_it_is_reported_unknown():
    failed = {'exit_code': 1, 'log_path': None, 'log_tail': [], 'output': ['Fatal Error: x']}
    fake = host(probe(), {'restart_needed': False, 'postinstall': failed, 'custom_website': None, 'version': None})
    result = run_action(WsusInstallAction, SERVER, fake)
    assert result['failed'] is True and result['postinstall_state'] != 'complete' and result['http_port'] is None
