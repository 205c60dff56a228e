"""The configmgr.sup.sup_install playbook on the lab: plan, install, verification, re-run, preflight."""

from __future__ import annotations

import yaml
from lab import ROOT

CM, SUP1, SUP2 = 'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'
PLAYBOOK = 'configmgr.sup.sup_install'
SUMMARY = 'Report each software update point'


def summary(run):
    return {r['item']['key']: r['msg'] for r in run.results(SUMMARY)[CM]['results']}


def test_check_mode_plans_everything_and_changes_nothing(lab):
    run = lab.playbook(PLAYBOOK, '--check', '--diff')
    assert run.rc == 0, run.stdout[-3000:]
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    assert all(c['check_mode'] for c in lab.calls())
    lines = summary(run)
    assert 'changed role, proxy, connection account; verification pending' in lines[SUP1]
    assert lines[SUP1].endswith('clients use https://sup01.contoso.com:8531')
    assert lab.host_state(SUP1)['features']['UpdateServices-Services'] == 'Available'


def test_the_install_builds_everything_verifies_it_and_a_rerun_changes_nothing(lab):
    run = lab.playbook(PLAYBOOK)
    assert run.rc == 0, run.stdout[-3000:]
    lines = summary(run)
    for sup in (SUP1, SUP2):
        assert 'verification passed, setup sup_setup: passed; wsus_health: passed' in lines[sup]
    site = lab.host_state(CM)
    roles = site['configmgr']['site_systems']
    assert roles[SUP1]['roles']['SMS Software Update Point']['SSLWSUS'] == 1
    assert roles[SUP2]['roles']['SMS Software Update Point']['IsINF'] == 1
    assert roles[SUP1]['roles']['SMS Site System']['ProxyName'] == 'proxy01.contoso.com'
    assert {r['roles']['SMS Software Update Point']['WSUSAccessAccount'] for r in roles.values()
            if 'SMS Software Update Point' in r['roles']} == {'CONTOSO\\svc-sup-wsus'}
    assert site['features']['UpdateServices-API'] == 'Installed'
    assert lab.host_state(SUP1)['registry']['HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup']['UsingSSL'] == 1

    lab.reset_calls()
    again = lab.playbook(PLAYBOOK)
    assert again.rc == 0
    assert all(stats['changed'] == 0 for stats in again.stats().values()), again.stats()
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    per_module = {}
    for call in lab.calls():
        key = (call['host'], call['op'])
        per_module[key] = per_module.get(key, 0) + 1
    # one probe per module and host; on the site server one per module and software update point. The SUP role
    # takes ports and SSL from the wsus_server role's results, with no extra read on the WSUS hosts
    assert max(count for (host, op), count in per_module.items() if host != CM and op != 'sup_info/get') == 1
    assert per_module[(SUP1, 'sup_info/get')] == 1 and per_module[(SUP2, 'sup_info/get')] == 1  # preflight only
    assert per_module[(CM, 'sup_role/get')] == 2 and per_module[(CM, 'wsus_install/get')] == 1
    # the latest outcome of each SUP: one bounded read from the end of the logs
    assert per_module[(CM, 'sup_log_verify/get')] == 2
    for sup in (SUP1, SUP2):
        assert 'no change; verification passed' in summary(again)[sup]


def test_preflight_stops_the_run_with_every_problem_before_any_change(lab):
    overlay = {'all': {'hosts': {
        SUP1: {'lab_host_config': {'faults': {'missing_certificate': True}}},
        # a SQL server for the shared SUSDB satisfies the inventory checks; that WID cannot share is preflight's
        SUP2: {'configmgr_sup_clients': 30000, 'configmgr_sup_shared_database': True,
               'configmgr_sup_sql_server': 'sql01.contoso.com\\WSUS'},
    }}}
    (lab.state_dir).mkdir(parents=True, exist_ok=True)
    lab.overlay.write_text(yaml.safe_dump(overlay))
    run = lab.playbook(PLAYBOOK)
    assert run.rc != 0
    results = run.results('configmgr.sup.preflight : Stop on the problems found, all of them listed')
    assert 'no valid server-authentication certificate' in str(results[SUP1]['msg'])
    problems = ' '.join(results[SUP2]['msg'])
    assert '30000 clients exceed the 25000' in problems and 'need SQL Server' in problems
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    assert {c['op'] for c in lab.calls()} == {'sup_info/get'}  # nothing but the preflight read ran


def test_a_misspelled_group_stops_the_run_before_any_host_is_touched(lab):
    inventory = yaml.safe_load((ROOT / 'lab' / 'inventory' / 'hosts.yml').read_text())
    children = inventory['all']['children']
    children['configmgr_sup_server'] = children.pop('configmgr_sup_servers')
    run = lab.playbook(PLAYBOOK, inventory=inventory)
    assert run.rc != 0
    message = str(run.results('Stop on a missing, misspelled or mis-filled group, every problem listed')['localhost'])
    assert 'no group configmgr_sup_servers' in message and 'did you mean configmgr_sup_server?' in message
    assert lab.calls() == []


def test_a_site_server_group_holding_another_server_is_explained_by_preflight(lab):
    inventory = yaml.safe_load((ROOT / 'lab' / 'inventory' / 'hosts.yml').read_text())
    children = inventory['all']['children']
    children['configmgr_site_servers']['hosts'] = {SUP2: children['configmgr_sup_servers']['hosts'].pop(SUP2)}
    run = lab.playbook(PLAYBOOK, inventory=inventory)
    assert run.rc != 0
    results = run.results('configmgr.sup.preflight : Stop on the problems found, all of them listed')
    assert 'has no Configuration Manager site' in str(results[SUP2]['msg'])
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []


def test_an_internet_facing_ssl_sup_needs_a_certificate_naming_its_internet_fqdn(lab):
    (lab.state_dir).mkdir(parents=True, exist_ok=True)
    lab.overlay.write_text(yaml.safe_dump({'all': {'hosts': {SUP2: {'configmgr_sup_ssl': True}}}}))
    run = lab.playbook(PLAYBOOK)
    assert run.rc != 0
    results = run.results('configmgr.sup.preflight : Stop on the problems found, all of them listed')
    problem = str(results[SUP2]['msg'])
    assert 'sup02.internet.contoso.com' in problem and 'name sup02.contoso.com' in problem
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
