"""The lab as pessimistic as Windows, end to end (issue 13, "The lab"): a connection that drops in the middle
of an apply, Site Component Manager retrying a failed install until it succeeds, WCM refusing a WSUS that
no longer serves what the role says."""

from __future__ import annotations

import json
import time

CM, SUP1, SUP2 = 'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'
CM_LOGS = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\'
REMOTE_SUPSETUP = 'C:\\SMS_PR1\\Logs\\SUPSetup.log'
SUP_ROLE = 'SMS Software Update Point'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}


def read(lab, host, path):
    file = lab.host_file(host, path)
    return file.read_text(encoding='utf-8') if file.exists() else ''


def let_time_pass(lab, seconds, *hosts):
    """``seconds`` of simulated time (about) on each host, delivering what the site did meanwhile."""
    lab.time_scale = seconds / 0.5
    time.sleep(0.5)
    for host in hosts:
        lab.touch(host)
    lab.time_scale = 0


def test_a_connection_dropped_during_the_apply_leaves_the_change_made_and_a_rerun_converges(lab):
    lab.set_host_config(CM, dict(SITE, faults={'drop_connection_during': 'sup_role/set'}))
    run = lab.playbook('sup_role.yml', '-e', json.dumps({'sup_list': [SUP1]}))
    assert run.rc != 0
    assert run.stats()[CM]['unreachable'] == 1, run.stats()
    result = run.results('SUP role')[CM]
    assert result.get('unreachable') and 'connection dropped during sup_role/set' in json.dumps(result['results'])
    # the apply ran on the host: the role is there, though the task never saw its result
    assert SUP_ROLE in lab.host_state(CM)['configmgr']['site_systems'][SUP1]['roles']
    assert [c['op'] for c in lab.calls() if c['host'] == CM][-1] == 'sup_role/set'

    lab.reset_calls()
    again = lab.playbook('sup_role.yml', '-e', json.dumps({'sup_list': [SUP1]}))
    assert again.rc == 0, again.stdout[-3000:]
    assert not again.results('SUP role')[CM]['changed']
    assert [c['op'] for c in lab.calls() if c['op'].startswith('sup_role')] == ['sup_role/get']


def test_a_failed_install_is_retried_by_the_site_and_succeeds_once_the_console_is_installed(lab):
    lab.time_scale = 0
    run = lab.playbook('sup_role.yml', '-e', json.dumps({'sup_list': [SUP2], 'site_console': False}))
    assert run.rc == 0, run.stdout[-3000:]
    let_time_pass(lab, 120, CM, SUP2)
    sitecomp = read(lab, CM, CM_LOGS + 'SiteComp.log')
    assert 'Bootstrap operation failed.' in sitecomp and 'Will retry the installation' in sitecomp
    assert 'Did not find supported version' in read(lab, SUP2, REMOTE_SUPSETUP)

    fix = lab.playbook('wsus_install.yml', '-e', json.dumps({'target': 'configmgr_site_servers',
                                                              'wsus_args': {'role': 'console'}}))
    assert fix.rc == 0, fix.stdout[-3000:]
    let_time_pass(lab, 3700, CM, SUP2)
    let_time_pass(lab, 100, SUP2, CM)
    sitecomp = read(lab, CM, CM_LOGS + 'SiteComp.log')
    assert sitecomp.count('Installing component SMS_WSUS_CONTROL_MANAGER...') == 2
    assert 'Bootstrap operation successful.' in sitecomp.split('Will retry the installation')[-1]
    assert 'Installation was successful.' in read(lab, SUP2, REMOTE_SUPSETUP).split('SMSWSUS Setup Started')[-1]
    wcm = read(lab, CM, CM_LOGS + 'WCM.log')
    assert 'Successfully connected to server: SUP02.CONTOSO.COM, port: 8530, useSSL: False' in wcm
    assert 'WSUS_CONFIG_SUCCESS' in wcm


def test_wsus_switched_to_ssl_behind_the_roles_back_fails_the_next_wcm_cycle(lab):
    lab.time_scale = 0
    assert lab.playbook('sup_role.yml', '-e', json.dumps({'sup_list': [SUP2]})).rc == 0
    let_time_pass(lab, 120, CM, SUP2)
    assert 'WSUS_CONFIG_SUCCESS' in read(lab, CM, CM_LOGS + 'WCM.log')
    # WSUS on sup02 now requires SSL; the SUP role still says HTTP
    ssl = lab.playbook('wsus_ssl_vroots.yml', '-e', json.dumps({'target': SUP2}))
    assert ssl.rc == 0, ssl.stdout[-3000:]
    proxy = lab.playbook('sup_module.yml', '-e', json.dumps({'module_name': 'sup_proxy', 'module_args': {
        'site_system': SUP2, 'proxy_server': 'proxy01.contoso.com', 'proxy_port': 8080, 'sync_uses_proxy': True}}))
    assert proxy.rc == 0, proxy.stdout[-3000:]
    let_time_pass(lab, 60, CM)
    after = read(lab, CM, CM_LOGS + 'WCM.log').split('WSUS_CONFIG_SUCCESS')[-1]
    assert 'Attempting connection to WSUS server: SUP02.CONTOSO.COM, port: 8530, useSSL: False' in after
    assert 'The request failed with HTTP status 403: Forbidden.' in after
    assert 'Remote configuration failed on WSUS Server.' in after
    assert 'Setting new configuration state to 3 (WSUS_CONFIG_FAILED)' in after
