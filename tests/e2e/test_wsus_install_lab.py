"""wsus_install end to end: ansible-playbook against the simulated lab, judged by the call record."""

from __future__ import annotations

import json

import pytest

SUPS = ['sup01.contoso.com', 'sup02.contoso.com']
TASK = 'WSUS install'


def args(**kwargs):
    return ['-e', json.dumps({'wsus_args': kwargs})]


def set_calls(lab):
    return [c for c in lab.calls() if c['op'].endswith('/set')]


def test_check_mode_plans_the_install_and_mutates_nothing(lab):
    run = lab.playbook('wsus_install.yml', '--check', '--diff')
    assert run.rc == 0, run.stderr
    results = run.results(TASK)
    for host in SUPS:
        assert results[host]['changed'] is True
        assert results[host]['after']['postinstall'] == 'complete'
        assert results[host]['diff']['before']['features']['UpdateServices-Services'] is False
        state = lab.host_state(host)
        assert state['features']['UpdateServices-Services'] == 'Available'
        assert state['registry'] == {}
    assert set_calls(lab) == []
    assert all(c['check_mode'] for c in lab.calls())


def test_install_converges_and_the_rerun_is_one_call_per_host_with_no_change(lab):
    first = lab.playbook('wsus_install.yml')
    assert first.rc == 0, first.stdout
    assert all(first.results(TASK)[h]['changed'] for h in SUPS)
    assert sorted(c['host'] for c in set_calls(lab)) == SUPS
    log = first.results(TASK)['sup01.contoso.com']['postinstall_log']
    assert 'Post install' not in log and lab.host_file('sup01.contoso.com', log).exists()
    assert lab.host_file('sup01.contoso.com', 'D:\\WSUS\\WsusContent').is_dir()

    lab.reset_calls()
    second = lab.playbook('wsus_install.yml')
    assert second.rc == 0
    assert not any(second.results(TASK)[h]['changed'] for h in SUPS)
    assert [(c['host'], c['op']) for c in sorted(lab.calls(), key=lambda c: c['host'])] == [
        (h, 'wsus_install/get') for h in SUPS]


def test_check_mode_on_a_converged_lab_reports_no_change(lab):
    assert lab.playbook('wsus_install.yml').rc == 0
    run = lab.playbook('wsus_install.yml', '--check')
    assert not any(run.results(TASK)[h]['changed'] for h in SUPS)


@pytest.mark.parametrize('bad, option', [
    ({'content_dir': 'WSUS'}, 'content_dir'),
    ({'content_dir': 'D:\\WSUS', 'database': 'sql'}, 'sql_server'),
    ({'content_dir': 'D:\\WSUS', 'http_port': 8080}, 'http_port'),
    ({'role': 'console', 'content_dir': 'D:\\WSUS'}, 'content_dir'),
])
def test_bad_input_fails_cleanly_without_touching_the_host(lab, bad, option):
    run = lab.playbook('wsus_install.yml', *args(**bad), '--limit', 'sup01.contoso.com')
    assert run.rc != 0
    result = run.results(TASK)['sup01.contoso.com']
    assert result['failed'] is True and option in result['msg']
    assert result['msg'].startswith('configmgr.sup.wsus_install: ')
    assert lab.calls() == []


def test_injected_postinstall_failure_reports_the_log_and_a_rerun_converges(lab):
    lab.set_host_config('sup01.contoso.com', {'faults': {'postinstall_failure': True}})
    failed = lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com')
    assert failed.rc != 0
    result = failed.results(TASK)['sup01.contoso.com']
    assert 'WsusUtil.exe postinstall failed with exit code 1' in result['msg']
    assert result['postinstall_log'].startswith('C:\\Users\\ansible\\AppData\\Local\\Temp\\WSUS_PostInstall_')
    assert any('Fatal Error' in line for line in result['postinstall_errors'])
    assert any('SqlException' in line for line in result['postinstall_errors'])

    lab.clear_host_config('sup01.contoso.com')
    lab.reset_calls()
    rerun = lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com', '--diff')
    assert rerun.rc == 0, rerun.stdout
    result = rerun.results(TASK)['sup01.contoso.com']
    assert result['before']['postinstall'] == 'partial' and result['after']['postinstall'] == 'complete'
    assert [c['params'] for c in set_calls(lab)] == [['ContentDir', 'Expected', 'PostInstall']]
    assert lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com').results(TASK)[
        'sup01.contoso.com']['changed'] is False


def test_console_role_on_the_site_server(lab):
    run = lab.playbook('wsus_install.yml', '-e', 'target=configmgr_site_servers', *args(role='console'))
    assert run.rc == 0
    result = run.results(TASK)['cm01.contoso.com']
    assert result['features'] == {'UpdateServices-API': True, 'UpdateServices-UI': True}
    state = lab.host_state('cm01.contoso.com')
    assert state['features']['UpdateServices-Services'] == 'Available'


def test_switching_to_the_default_web_site_and_back(lab):
    assert lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com').rc == 0
    to_80 = lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com', *args(content_dir='D:\\WSUS', http_port=80))
    assert to_80.results(TASK)['sup01.contoso.com']['https_port'] == 443
    back = lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com', *args(content_dir='D:\\WSUS', http_port=8530))
    assert back.results(TASK)['sup01.contoso.com']['changed'] is True
    assert lab.host_state('sup01.contoso.com')['registry'][
        'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup']['PortNumber'] == 8530


def test_absent_removes_the_server_but_keeps_content_and_the_console(lab):
    assert lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com').rc == 0
    run = lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com', *args(state='absent'))
    result = run.results(TASK)['sup01.contoso.com']
    assert result['changed'] is True
    state = lab.host_state('sup01.contoso.com')
    assert state['features']['UpdateServices-Services'] == 'Available'
    assert state['features']['UpdateServices-API'] == 'Installed'
    assert lab.host_file('sup01.contoso.com', 'D:\\WSUS\\WsusContent').is_dir()


def test_changing_the_database_of_a_configured_server_is_refused_after_one_read(lab):
    assert lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com').rc == 0
    lab.reset_calls()
    run = lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com',
                       *args(content_dir='D:\\WSUS', database='sql', sql_server='sql01.contoso.com'))
    assert 'changing the WSUS database type' in run.results(TASK)['sup01.contoso.com']['msg']
    assert [c['op'] for c in lab.calls()] == ['wsus_install/get']


def test_connection_dropped_between_probe_and_apply_is_unreachable_and_a_rerun_converges(lab):
    lab.set_host_config('sup01.contoso.com', {'faults': {'drop_connection_after': 1}})
    dropped = lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com')
    assert dropped.rc != 0
    assert dropped.stats()['sup01.contoso.com']['unreachable'] == 1
    assert [c['op'] for c in lab.calls()] == ['wsus_install/get']

    lab.clear_host_config('sup01.contoso.com')
    rerun = lab.playbook('wsus_install.yml', '--limit', 'sup01.contoso.com')
    assert rerun.rc == 0 and rerun.results(TASK)['sup01.contoso.com']['changed'] is True
