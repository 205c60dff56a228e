"""sup_log_verify mode=latest against the lab: the latest outcome of a SUP read backwards from the end of the
site server's logs, through the shipped probe (FromEnd), in a bounded number of bytes."""

from __future__ import annotations

import json

import pytest
from labhost import LabHost

from ansible_collections.configmgr.sup.plugins.action.sup_log_verify import ActionModule as SupLogVerify
from ansible_collections.configmgr.sup.plugins.action.sup_role import ActionModule as SupRole
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}
LATEST = {'checks': ['sup_install'], 'site_system': SUP, 'mode': 'latest', 'timeout': 0}


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setenv('LAB_TIME_SCALE', '0')


def sup_host(tmp_path, api=True):
    sup = LabHost(tmp_path, SUP)
    if api:
        assert not sup.run(WsusInstall, {'content_dir': 'D:\\WSUS'}).get('failed')
    return sup


def test_a_failed_sup_setup_stays_failed_with_its_lines_until_the_site_retries_successfully(tmp_path):
    sup_host(tmp_path)
    cm = LabHost(tmp_path, CM, SITE)  # no WSUS console on the site server: SUP setup fails
    assert not cm.run(SupRole, {'site_system': SUP}).get('failed')
    LabHost(tmp_path, CM, SITE).later(120)
    failed = cm.run(SupLogVerify, LATEST)
    assert failed.get('failed'), failed
    check = failed['checks']['sup_install']
    assert check['status'] == 'failed' and check['failed_step'] == 'installed'
    messages = [line['message'] for line in check['errors']]
    assert any('failed on server SUP01.CONTOSO.COM' in m for m in messages)
    assert 'Bootstrap operation failed.' in messages
    assert 'WSUS administration console' in check['hint']
    assert failed['polls'] == 1
    # the console arrives; the next run still fails until Site Component Manager retries (60 minutes)
    assert not cm.run(WsusInstall, {'role': 'console'}).get('failed')
    assert cm.run(SupLogVerify, LATEST)['checks']['sup_install']['status'] == 'failed'


def test_a_sup_added_by_hand_is_unproven_and_says_how_to_prove_it(tmp_path):
    cm = LabHost(tmp_path, CM, dict(SITE, existing_software_update_points=[SUP]))
    result = cm.run(SupLogVerify, dict(LATEST, wsus_port=8530, wsus_ssl=False))
    assert not result.get('failed'), result.get('msg')
    check = result['checks']['sup_install']
    assert check['status'] == 'unproven' and result['passed'] is False
    assert 'software_update_point_reverify: true' in check['hint'] and 'unproven' in result['msg']


def test_a_good_install_is_proven_for_its_settings_only(tmp_path):
    sup_host(tmp_path)
    cm = LabHost(tmp_path, CM, SITE)
    assert not cm.run(WsusInstall, {'role': 'console'}).get('failed')
    assert not cm.run(SupRole, {'site_system': SUP}).get('failed')
    cm.later(200)
    proven = cm.run(SupLogVerify, dict(LATEST, wsus_port=8530, wsus_ssl=False))
    assert proven['checks']['sup_install']['status'] == 'passed', proven
    assert proven['polls'] == 1
    other = cm.run(SupLogVerify, dict(LATEST, wsus_port=8531, wsus_ssl=True))
    check = other['checks']['sup_install']
    assert check['status'] == 'unproven' and 'port 8530 with useSSL False' in check['reason'], check


def test_the_latest_outcome_on_a_site_with_large_logs_reads_a_bounded_tail(tmp_path):
    config = dict(SITE, preexisting_log_bytes={'SiteComp.log': 8 * 1024 * 1024, 'WCM.log': 4 * 1024 * 1024})
    sup_host(tmp_path)
    cm = LabHost(tmp_path, CM, config)
    assert not cm.run(WsusInstall, {'role': 'console'}).get('failed')
    assert not cm.run(SupRole, {'site_system': SUP}).get('failed')
    cm.later(200)
    proven = cm.run(SupLogVerify, dict(LATEST, wsus_port=8530, wsus_ssl=False))
    assert proven['checks']['sup_install']['status'] == 'passed', proven
    assert proven['bytes_read'] <= 2 * 65536 and proven['polls'] == 1
    # a SUP with no evidence reads at most the budget per log, then says unproven
    nothing = cm.run(SupLogVerify, dict(LATEST, site_system='sup09.contoso.com', latest_max_bytes=262144))
    assert nothing['checks']['sup_install']['status'] == 'unproven'
    assert nothing['bytes_read'] <= 2 * 262144, json.dumps(nothing)[:500]


def test_check_mode_reads_the_latest_outcome_and_reports_an_attempt_in_progress_as_pending(tmp_path):
    sup_host(tmp_path)
    cm = LabHost(tmp_path, CM, SITE)
    assert not cm.run(WsusInstall, {'role': 'console'}).get('failed')
    assert not cm.run(SupRole, {'site_system': SUP}).get('failed')
    cm.later(20)  # bootstrap started, no outcome yet
    result = cm.run(SupLogVerify, dict(LATEST, timeout=60), check_mode=True)
    assert result['checks']['sup_install']['status'] == 'pending', result
