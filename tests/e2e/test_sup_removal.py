"""The software_update_point role removes a software update point (issue 13, item 5): an entry with state absent
removes the role only (the site system server and WSUS stay), check mode predicts it exactly, the run follows the
removal in SiteComp.log from the positions read before the change, and removing a role that is gone is no change.
In sup_install, a host with configmgr_sup_state: absent is removed the same way."""

from __future__ import annotations

import shutil

import pytest
import yaml
from lab import Lab

CM, SUP1, SUP2 = 'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'
SUP_ROLE, SITE_SYSTEM = 'SMS Software Update Point', 'SMS Site System'
ROLE_TASK = 'configmgr.sup.software_update_point : Add, update or remove the software update point role'
SUMMARY = 'Report each software update point'


def play(entries: list[dict]) -> list[dict]:
    role = {'name': 'Software update points', 'ansible.builtin.import_role': {'name': 'configmgr.sup.software_update_point'},
            'vars': {'software_update_point_sups': entries}}
    return [{'name': 'Site build step: software update points', 'hosts': CM, 'gather_facts': False, 'tasks': [role]}]


def run_role(lab: Lab, entries: list[dict], *args: str):
    playbook = lab.state_dir / 'role.yml'
    playbook.write_text(yaml.safe_dump(play(entries)))
    return lab.playbook(playbook, *args)


def summary(run) -> dict:
    """software_update_point_summary, from the playbook's own results (the last time the role set it)."""
    found = {}
    for play_ in run.report.get('plays', []):
        for task in play_['tasks']:
            if task['task']['name'].endswith('Add this software update point to the summary'):
                result = task['hosts'][CM]
                for item in result.get('results', [result]):
                    found.update((item.get('ansible_facts') or {}).get('software_update_point_summary') or {})
    return found


def site_systems(lab: Lab) -> dict:
    return lab.host_state(CM)['configmgr']['site_systems']


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """sup01 installed and verified by sup_install (cm01 and sup01 only)."""
    lab = Lab(tmp_path_factory.mktemp('sup-removal') / 'lab-state')
    run = lab.playbook('configmgr.sup.sup_install', '--limit', f'{CM},{SUP1}')
    assert run.rc == 0, run.stdout[-3000:]
    assert SUP_ROLE in site_systems(lab)[SUP1]['roles']
    return lab


@pytest.fixture
def lab(installed, tmp_path):
    copy = Lab(tmp_path / 'lab-state')
    shutil.copytree(installed.state_dir, copy.state_dir)
    (copy.state_dir / 'calls.jsonl').unlink(missing_ok=True)
    return copy


def test_check_mode_predicts_the_removal_and_changes_nothing(lab):
    run = run_role(lab, [{'site_system': SUP1, 'state': 'absent'}], '--check', '--diff')
    assert run.rc == 0, run.stdout[-3000:]
    result = run.results(ROLE_TASK)[CM]
    assert result['changed'] is True and result['after']['software_update_point'] is None
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    assert SUP_ROLE in site_systems(lab)[SUP1]['roles']
    assert summary(run)[SUP1]['state'] == 'absent' and summary(run)[SUP1]['verification'] == 'pending'


def test_the_run_removes_the_role_only_verifies_it_in_sitecomp_and_a_rerun_changes_nothing(lab):
    wsus_before = lab.host_state(SUP1)['features']
    run = run_role(lab, [{'site_system': SUP1, 'state': 'absent'}])
    assert run.rc == 0, run.stdout[-3000:]
    systems = site_systems(lab)
    assert SUP_ROLE not in systems[SUP1]['roles'] and SITE_SYSTEM in systems[SUP1]['roles']
    assert lab.host_state(SUP1)['features'] == wsus_before  # WSUS stays
    sup = summary(run)[SUP1]
    assert sup['changed'] == ['role removed'] and sup['verification'] == 'passed'
    assert sup['verified_by'] == 'following this run'
    assert [e['message'] for e in sup['evidence']] == [
        f'Deinstalling component SMS_WSUS_CONTROL_MANAGER from server {SUP1}...']
    # the evidence was read from the position taken before the change
    assert sup['evidence'][0]['offset'] >= sup['log_positions']['SiteComp.log']['position']
    ops = [c['op'] for c in lab.calls()]
    assert 'sup_proxy/get' not in ops and 'wsus_connection_account/get' not in ops and 'sup_info/get' not in ops

    lab.reset_calls()
    again = run_role(lab, [{'site_system': SUP1, 'state': 'absent'}])
    assert again.rc == 0, again.stdout[-3000:]
    assert again.results(ROLE_TASK)[CM]['changed'] is False
    assert [c['op'] for c in lab.calls()] == ['sup_role/get']  # one probe, nothing else
    sup = summary(again)[SUP1]
    assert sup['changed'] == [] and 'nothing to remove' in sup['message']


def test_a_removal_entry_takes_no_setting(lab):
    run = run_role(lab, [{'site_system': SUP1, 'state': 'absent', 'ssl': True, 'proxy_server': 'proxy01.contoso.com'}])
    assert run.rc != 0
    assert lab.calls() == []
    message = run.results('configmgr.sup.software_update_point : Refuse bad entries and ports or SSL that disagree '
                          'with what WSUS serves, every problem listed, before any change')[CM]['msg']
    assert 'ssl: is not used with state: absent' in message and 'proxy_server: is not used with state: absent' in message


def test_the_role_alone_with_only_its_required_variable_adds_the_software_update_point_back(lab):
    assert run_role(lab, [{'site_system': SUP1, 'state': 'absent'}]).rc == 0
    run = run_role(lab, [{'site_system': SUP1}])
    assert run.rc == 0, run.stdout[-3000:]
    sup = summary(run)[SUP1]
    assert sup['role_new'] is True and sup['verification'] == 'passed', sup
    role = site_systems(lab)[SUP1]['roles'][SUP_ROLE]
    assert (role['WSUSIISSSLPort'], role['SSLWSUS']) == (8531, 1)  # what WSUS serves, read on sup01


def test_sup_install_removes_a_host_whose_state_is_absent_and_leaves_wsus_installed(lab):
    lab.overlay.write_text(yaml.safe_dump({'all': {'hosts': {SUP1: {'configmgr_sup_state': 'absent'}}}}))
    wsus_before = lab.host_state(SUP1)['features']
    run = lab.playbook('configmgr.sup.sup_install', '--limit', f'{CM},{SUP1}')
    assert run.rc == 0, run.stdout[-3000:]
    assert SUP_ROLE not in site_systems(lab)[SUP1]['roles']
    assert lab.host_state(SUP1)['features'] == wsus_before
    line = {r['item']['key']: r['msg'] for r in run.results(SUMMARY)[CM]['results']}[SUP1]
    assert line.startswith(f'{SUP1}: changed role removed; verification passed'), line
    again = lab.playbook('configmgr.sup.sup_install', '--limit', f'{CM},{SUP1}')
    assert again.rc == 0 and all(stats['changed'] == 0 for stats in again.stats().values()), again.stats()
