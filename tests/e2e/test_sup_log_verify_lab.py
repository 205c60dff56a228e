"""Log-based verification in the lab: the chain, an injected setup failure, rollover, a 50 MB log."""

from __future__ import annotations

import json

import pytest
from labsim import cmlog
from labsim.profiles import HISTORY_BYTES

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
SITE = 'Verify the install chain'
SETUP = 'Verify SUP setup'
BIG = 50 * 1024 * 1024


@pytest.fixture(autouse=True)
def fast_site(lab):
    """The site works 200 times faster than real time (the lab default is 20): a poll a second sees the chain move."""
    lab.time_scale = 200


def site(lab, **config):
    lab.set_host_config(CM, dict({'profile': 'site_server', 'site_code': 'PR1'}, **config))


def test_a_new_sup_is_verified_through_the_chain_to_installation_was_successful(lab):
    run = lab.playbook('sup_verify.yml')
    assert run.rc == 0, run.stdout[-3000:]
    chain = run.results(SITE)[CM]
    assert chain['passed'] is True and not chain.get('failed')
    steps = {s['name']: s for s in chain['checks']['sup_install']['steps']}
    assert steps['installed']['line']['message'].endswith('executed successfully on server SUP01.CONTOSO.COM.')
    assert steps['wcm']['line']['component'] == 'SMS_WSUS_CONFIGURATION_MANAGER'
    setup = run.results(SETUP)[SUP]
    assert setup['passed'] is True
    assert setup['checks']['sup_setup']['steps'][0]['line']['message'] == 'Installation was successful.'
    assert setup['checks']['wsus_health']['status'] == 'passed'
    verify_calls = [c for c in lab.calls() if c['op'] == 'sup_log_verify/get']
    assert len(verify_calls) == chain['polls'] + setup['polls']  # one round trip per poll


def test_an_injected_setup_failure_fails_verification_with_the_lines_and_the_hint(lab):
    run = lab.playbook('sup_verify.yml', '-e', json.dumps({'site_console': False, 'sup_checks': ['sup_setup']}))
    chain = run.results(SITE)[CM]
    assert chain['failed'] and chain['checks']['sup_install']['failed_step'] == 'installed'
    assert 'WSUS administration console' in chain['checks']['sup_install']['hint']
    assert 'Bootstrap operation failed' in json.dumps(chain['checks']['sup_install']['errors']) or \
        'failed on server SUP01.CONTOSO.COM' in chain['msg']
    setup = run.results(SETUP)[SUP]
    check = setup['checks']['sup_setup']
    assert setup['failed'] and check['status'] == 'failed'
    assert any('Did not find supported version of assembly Microsoft.UpdateServices.Administration' in e['message']
               for e in check['errors'])
    assert 'role=console' in check['hint']


def test_verification_follows_a_rollover_during_the_wait(lab):
    # The first chain lines (about 2.3 KB) still fit after the site's history; the next ones roll
    # SiteComp.log over, so the chain starts in SiteComp.lo_ and ends in the new SiteComp.log.
    history = len(cmlog.history('SiteComp.log', CM, HISTORY_BYTES['SiteComp.log']))
    site(lab, log_max_bytes={'SiteComp.log': history + 2500})
    run = lab.playbook('sup_verify.yml', '-e', json.dumps({'sup_checks': ['sup_setup']}))
    chain = run.results(SITE)[CM]
    assert chain['passed'] is True, chain.get('msg')
    assert lab.host_file(CM, 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\SiteComp.lo_').exists()
    logs = {s['line']['log'] for s in chain['checks']['sup_install']['steps'] if s['line']}
    assert {'SiteComp.lo_', 'SiteComp.log'} <= logs  # the chain was followed across the rollover


def test_a_50_mb_log_costs_only_its_new_bytes(lab):
    site(lab, preexisting_log_bytes={'SiteComp.log': BIG, 'SMSProv.log': BIG // 10})
    run = lab.playbook('sup_verify.yml', '-e', json.dumps({'sup_checks': ['sup_setup']}))
    chain = run.results(SITE)[CM]
    assert chain['passed'] is True
    size = lab.host_file(CM, 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\SiteComp.log').stat().st_size
    assert size > BIG
    assert chain['bytes_read'] < 64 * 1024, chain['bytes_read']


def test_check_mode_on_a_fresh_site_reports_pending(lab):
    run = lab.playbook('sup_verify.yml', '--check', '-e', json.dumps({'sup_checks': ['sup_setup']}))
    chain = run.results(SITE)[CM]
    assert chain['checks']['sup_install']['status'] == 'pending' and not chain.get('failed')
    assert chain['polls'] == 1


def test_sup_info_reports_the_verified_estate_in_one_call_per_host(lab):
    assert lab.playbook('sup_verify.yml').rc == 0
    lab.reset_calls()
    playbook = lab.state_dir / 'info.yml'
    playbook.write_text(json.dumps([{'name': 'Info', 'hosts': 'all', 'gather_facts': False, 'tasks': [
        {'name': 'Info', 'configmgr.sup.sup_info': {'connection_account': 'CONTOSO\\svc-sup-wsus'}}]}]))
    run = lab.playbook(playbook, '--check')
    results = run.results('Info')
    assert results[CM]['configmgr']['software_update_points'][SUP]['http_port'] == 8530
    assert results[SUP]['wsus']['postinstall_state'] == 'complete'
    assert sorted(c['host'] for c in lab.calls()) == sorted(results)  # one call per host


def test_the_filter_parses_a_log_read_from_a_host(lab):
    assert lab.playbook('sup_verify.yml').rc == 0
    text = lab.host_file(SUP, 'C:\\SMS_PR1\\Logs\\SUPSetup.log').read_text()
    playbook = lab.state_dir / 'filter.yml'
    playbook.write_text(json.dumps([{'name': 'Filter', 'hosts': 'localhost', 'gather_facts': False, 'tasks': [
        {'name': 'Parse', 'ansible.builtin.set_fact': {
            'done': "{{ log_text | configmgr.sup.cm_log_entries | selectattr('message', 'search', 'Installation was "
                    "successful') | map(attribute='format') | list }}"}}]}]))
    run = lab.playbook(playbook, '-e', json.dumps({'log_text': text}))
    assert run.results('Parse')['localhost']['ansible_facts']['done'] == ['supsetup']
