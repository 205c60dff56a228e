"""sup_role end to end: the topologies of a site, the install chain in the logs, removal."""

from __future__ import annotations

import json
import time

import pytest

CM, SUP1, SUP2 = 'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'
TASK = 'SUP role'
CM_LOGS = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\'
REMOTE_SUPSETUP = 'C:\\SMS_PR1\\Logs\\SUPSetup.log'
SUP_ROLE = 'SMS Software Update Point'


def site_systems(lab):
    return lab.host_state(CM)['configmgr']['site_systems']


def role_results(run):
    return {r['item']: r for r in run.results(TASK)[CM]['results']}


def read(lab, host, path):
    file = lab.host_file(host, path)
    return file.read_text(encoding='utf-8') if file.exists() else ''


def wait_for_background(lab, *hosts):
    """Let simulated time pass (fast) and deliver what the site did meanwhile."""
    lab.time_scale = 100000
    time.sleep(0.05)
    for host in hosts:
        lab.touch(host)


def test_check_mode_plans_both_roles_with_zero_mutating_calls(lab):
    run = lab.playbook('sup_role.yml', '--check', '--diff')
    assert run.rc == 0, run.stdout[-3000:]
    results = role_results(run)
    assert results[SUP1]['changed'] and results[SUP2]['changed']
    assert results[SUP2]['after']['software_update_point']['client_connection'] == 'internet'
    assert results[SUP2]['after']['site_system_server']['public_fqdn'] == 'sup02.internet.contoso.com'
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    assert set(site_systems(lab)) == {CM}


def test_two_remote_sups_intranet_and_internet_converge_and_rerun_is_one_call_each(lab):
    run = lab.playbook('sup_role.yml')
    assert run.rc == 0, run.stdout[-3000:]
    results = role_results(run)
    assert results[SUP1]['role_new'] and results[SUP2]['role_new']
    systems = site_systems(lab)
    sup1, sup2 = systems[SUP1]['roles'][SUP_ROLE], systems[SUP2]['roles'][SUP_ROLE]
    assert (sup1['IsINF'], sup1['IsIntranet'], sup1['SSLWSUS']) == (0, 1, 1)  # sup01 asks for SSL
    assert (sup2['IsINF'], sup2['IsIntranet'], sup2['SSLWSUS']) == (1, 0, 0)
    assert systems[SUP2]['roles']['SMS Site System']['Server Remote Public Name'] == 'sup02.internet.contoso.com'
    assert 'PutInstanceAsync SMS_SCI_SysResUse' in read(lab, CM, CM_LOGS + 'SMSProv.log')

    lab.reset_calls()
    again = lab.playbook('sup_role.yml')
    assert not any(r['changed'] for r in role_results(again).values())
    assert [c['op'] for c in lab.calls() if c['op'].startswith('sup_role')] == ['sup_role/get'] * 2


def test_the_install_chain_arrives_over_time_and_ends_in_success(lab):
    lab.time_scale = 0  # the clocks stand still until the test lets time pass
    run = lab.playbook('sup_role.yml', '-e', json.dumps({'sup_list': [SUP1]}))
    assert run.rc == 0, run.stdout[-3000:]
    position = role_results(run)[SUP1]['log_positions']['SiteComp.log']['position']
    history = read(lab, CM, CM_LOGS + 'SiteComp.log')
    size = lab.host_file(CM, CM_LOGS + 'SiteComp.log').stat().st_size
    assert position == size and 'SMS_WSUS_CONTROL_MANAGER' not in history
    assert read(lab, SUP1, REMOTE_SUPSETUP) == ''

    wait_for_background(lab, CM, SUP1)
    sitecomp = read(lab, CM, CM_LOGS + 'SiteComp.log')
    assert 'Installing component SMS_WSUS_CONTROL_MANAGER...  $$<SMS_SITE_COMPONENT_MANAGER><' in sitecomp
    assert 'rolesetup.exe SMSWSUS' in sitecomp and 'Bootstrap operation successful.' in sitecomp
    supsetup = read(lab, SUP1, REMOTE_SUPSETUP)
    assert supsetup.startswith('<11/21/26 ') and 'SMSWSUS Setup Started....' in supsetup
    assert supsetup.rstrip().endswith('~RoleSetup().') and 'Installation was successful.' in supsetup
    wcm = read(lab, CM, CM_LOGS + 'WCM.log')
    # sup01 requires SSL (lab inventory), so WCM talks to WSUS on 8531
    assert 'Successfully connected to server: SUP01.CONTOSO.COM, port: 8531, useSSL: True' in wcm
    assert 'WSUS_CONFIG_SUCCESS' in wcm


def test_remote_sup_without_the_console_on_the_site_server_fails_setup_with_the_real_lines(lab):
    lab.time_scale = 0
    run = lab.playbook('sup_role.yml', '-e', json.dumps({'sup_list': [SUP1], 'site_console': False}))
    assert role_results(run)[SUP1]['changed']
    # ansible-core gathers the warnings of loop items on the task result
    assert 'UpdateServices-API' in run.results(TASK)[CM]['warnings'][0]
    wait_for_background(lab, CM, SUP1)
    supsetup = read(lab, SUP1, REMOTE_SUPSETUP)
    assert 'Did not find supported version of assembly Microsoft.UpdateServices.Administration.' in supsetup
    assert 'Installation was successful.' not in supsetup
    assert 'Bootstrap operation failed.' in read(lab, CM, CM_LOGS + 'SiteComp.log')


def test_colocated_sup_on_the_site_server(lab):
    lab.time_scale = 0
    args = {'wsus_args': {'content_dir': 'D:\\WSUS'}, 'target': 'configmgr_site_servers'}
    assert lab.playbook('wsus_install.yml', '-e', json.dumps(args)).rc == 0
    run = lab.playbook('sup_module.yml', '-e', json.dumps({'module_name': 'sup_role',
                                                            'module_args': {'site_system': CM}}))
    result = run.results('Module')[CM]
    assert result['changed'] and result['remote'] is False
    assert not [w for w in result.get('warnings', []) if 'UpdateServices-API' in w]
    assert 'SMS Site Server' in result['roles']  # the site server is already a site system server
    wait_for_background(lab, CM)
    supsetup = read(lab, CM, CM_LOGS + 'SUPSetup.log')
    assert 'Installation was successful.' in supsetup
    assert 'Successfully connected to local WSUS server' in read(lab, CM, CM_LOGS + 'WCM.log')


def test_removal_leaves_the_site_system_server_and_wsus(lab):
    assert lab.playbook('sup_role.yml', '-e', json.dumps({'sup_list': [SUP1]})).rc == 0
    run = lab.playbook('sup_module.yml', '-e', json.dumps({'module_name': 'sup_role',
                                                            'module_args': {'site_system': SUP1, 'state': 'absent'}}))
    assert run.results('Module')[CM]['changed'] is True
    assert site_systems(lab)[SUP1]['roles'].keys() == {'SMS Site System'}
    assert lab.host_state(SUP1)['features']['UpdateServices-Services'] == 'Installed'
    again = lab.playbook('sup_module.yml', '-e', json.dumps({'module_name': 'sup_role',
                                                              'module_args': {'site_system': SUP1, 'state': 'absent'}}))
    assert again.results('Module')[CM]['changed'] is False


def test_a_setting_changed_in_the_console_survives_a_rerun_that_does_not_name_it(lab):
    assert lab.playbook('sup_role.yml', '-e', json.dumps({'sup_list': [SUP2]})).rc == 0
    run = lab.playbook('sup_module.yml', '-e', json.dumps({'module_name': 'sup_role', 'module_args': {
        'site_system': SUP2, 'cloud_gateway': True, 'ssl': True}}))
    assert run.results('Module')[CM]['changed'] is True
    rerun = lab.playbook('sup_module.yml', '-e', json.dumps({'module_name': 'sup_role',
                                                              'module_args': {'site_system': SUP2}}))
    assert rerun.results('Module')[CM]['changed'] is False
    assert site_systems(lab)[SUP2]['roles'][SUP_ROLE]['AllowProxyTraffic'] == 1


@pytest.mark.parametrize('args, option', [
    ({'site_system': 'sup01'}, 'site_system'),
    ({'site_system': SUP1, 'client_connection': 'intranet', 'cloud_gateway': True}, 'cloud_gateway'),
    ({'site_system': SUP1, 'http_port': 99999}, 'http_port'),
    ({'site_system': SUP1, 'site_code': 'TOOLONG'}, 'site_code'),
])
def test_bad_input_fails_cleanly_without_touching_the_host(lab, args, option):
    run = lab.playbook('sup_module.yml', '-e', json.dumps({'module_name': 'sup_role', 'module_args': args}))
    result = run.results('Module')[CM]
    assert result['failed'] and result['msg'].startswith(f'configmgr.sup.sup_role: {option}: ')
    assert lab.calls() == []


def test_run_where_there_is_no_console_fails_with_one_clear_error(lab):
    playbook = lab.state_dir / 'wrong-host.yml'
    playbook.parent.mkdir(parents=True, exist_ok=True)
    playbook.write_text(json.dumps([{'name': 'Wrong host', 'hosts': SUP1, 'gather_facts': False, 'tasks': [
        {'name': 'Module', 'configmgr.sup.sup_role': {'site_system': SUP1}}]}]))
    result = lab.playbook(playbook).results('Module')[SUP1]
    assert result['failed']
    assert 'The Configuration Manager console is not installed on this host' in result['msg']
    assert 'run this task on the site server' in result['msg']
