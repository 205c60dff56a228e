"""wsus_connection_account end to end: both sides in the lab, and the password found nowhere."""

from __future__ import annotations

import json
import pathlib

SUP = 'sup01.contoso.com'
CM = 'cm01.contoso.com'
HOST_TASK = 'Connection account on the WSUS host'
CM_TASK = 'Connection account in Configuration Manager'
ACCOUNT = 'CONTOSO\\svc-sup-wsus'
ACCOUNT_SID = 'S-1-5-21-3623811015-3361044348-30300820-1105'
PASSWORD = 'Wsus-C0nn;$(whoami)`"pw'
SUP_ROLE = 'SMS Software Update Point'


def existing_sup(lab):
    """The site already has a SUP on sup01, added by hand (sup_role would create it)."""
    lab.set_host_config(CM, {'profile': 'site_server', 'site_code': 'PR1', 'existing_software_update_points': [SUP]})


def extra(**values):
    base = {'account': ACCOUNT, 'account_password': PASSWORD}
    base.update(values)
    return ['-e', json.dumps(base)]


def sup_props(lab):
    return lab.host_state(CM)['configmgr']['site_systems'][SUP]['roles'][SUP_ROLE]


def members(lab, group):
    return [m['sid'] for m in lab.host_state(SUP)['local_groups'][group]['members']]


def test_check_mode_plans_both_sides_and_mutates_nothing(lab):
    existing_sup(lab)
    run = lab.playbook('wsus_connection_account.yml', *extra(), '--check', '--diff')
    assert run.rc == 0, run.stdout[-2000:]
    assert run.results(HOST_TASK)[SUP]['changed'] is True
    assert run.results(CM_TASK)[CM]['after']['wsus_access_account'] == ACCOUNT
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    assert lab.host_state(CM)['configmgr']['accounts'] == {}


def test_converges_on_both_sides_and_a_rerun_is_one_call_per_module_and_host(lab):
    existing_sup(lab)
    run = lab.playbook('wsus_connection_account.yml', *extra())
    assert run.rc == 0, run.stdout[-2000:]
    assert sup_props(lab)['WSUSAccessAccount'] == ACCOUNT
    assert list(lab.host_state(CM)['configmgr']['accounts']) == [ACCOUNT]
    admins = members(lab, 'Administrators')
    assert ACCOUNT_SID in admins and len(admins) == 3  # the two members it had are still there
    assert ACCOUNT_SID in members(lab, 'WSUS Administrators')
    set_calls = [c for c in lab.calls() if c['op'] == 'wsus_connection_account_configmgr/set']
    assert set_calls[0]['sensitive'] == ['Password'] and 'Password' not in set_calls[0]['params']

    lab.reset_calls()
    again = lab.playbook('wsus_connection_account.yml', *extra())
    assert not again.results(HOST_TASK)[SUP]['changed'] and not again.results(CM_TASK)[CM]['changed']
    ops = sorted(c['op'] for c in lab.calls() if c['op'].startswith('wsus_connection_account'))
    assert ops == ['wsus_connection_account_configmgr/get', 'wsus_connection_account_wsus_host/get']


def test_absent_goes_back_to_the_computer_account_and_leaves_the_groups_of_others(lab):
    existing_sup(lab)
    assert lab.playbook('wsus_connection_account.yml', *extra()).rc == 0
    run = lab.playbook('wsus_connection_account.yml', *extra(cm_args={'state': 'absent'}, host_args={'state': 'absent'},
                                                             account_password=None))
    assert run.rc == 0, run.stdout[-2000:]
    assert sup_props(lab)['WSUSAccessAccount'] == ''
    assert list(lab.host_state(CM)['configmgr']['accounts']) == [ACCOUNT]  # kept
    assert ACCOUNT_SID not in members(lab, 'Administrators') and len(members(lab, 'Administrators')) == 2


def test_update_password_always_changes_the_stored_password(lab):
    existing_sup(lab)
    assert lab.playbook('wsus_connection_account.yml', *extra()).rc == 0
    before = lab.host_state(CM)['configmgr']['accounts'][ACCOUNT]['password']
    run = lab.playbook('wsus_connection_account.yml', *extra(account_password='N3w-secret',
                                                             cm_args={'update_password': 'always'}))
    assert run.results(CM_TASK)[CM]['changed'] is True
    assert lab.host_state(CM)['configmgr']['accounts'][ACCOUNT]['password'] != before


def test_without_the_sup_role_the_configmgr_side_fails_plainly(lab):
    run = lab.playbook('wsus_connection_account.yml', *extra())
    result = run.results(CM_TASK)[CM]
    assert result['failed'] and 'no software update point on sup01.contoso.com in site PR1' in result['msg']
    assert not [c for c in lab.calls() if c['op'] == 'wsus_connection_account_configmgr/set']


def test_unknown_account_is_refused_by_name(lab):
    existing_sup(lab)
    run = lab.playbook('wsus_connection_account.yml', *extra(account='CONTOSO\\nobody'))
    result = run.results(HOST_TASK)[SUP]
    assert result['failed'] and result['msg'].startswith('configmgr.sup.wsus_connection_account: username: ')


def test_bad_account_format_fails_before_any_call(lab):
    run = lab.playbook('wsus_connection_account.yml', *extra(account='svc-sup-wsus'), '--limit', SUP)
    result = run.results(HOST_TASK)[SUP]
    assert result['failed'] and 'DOMAIN\\user' in result['msg']
    assert not [c for c in lab.calls() if c['op'].startswith('wsus_connection_account')]


def _everything(lab, run) -> str:
    """All text a user or a log collector could see: output and every file of the lab state."""
    texts = [run.stdout, run.stderr]
    for path in pathlib.Path(lab.state_dir).rglob('*'):
        if path.is_file():
            texts.append(path.read_text(encoding='utf-8', errors='replace'))
    return '\n'.join(texts)


def test_the_password_appears_nowhere_at_vvvv_in_check_diff_run_rerun_and_failure(lab, tmp_path):
    existing_sup(lab)
    # As users pass it: from a vars file (a vault in real life), not on the command line, which
    # ansible-playbook itself prints at -vvvv.
    secrets = tmp_path / 'secrets.yml'
    secrets.write_text(json.dumps({'account_password': PASSWORD}))
    bad_option = tmp_path / 'bad.yml'
    bad_option.write_text(json.dumps({'cm_args': {'update_password': PASSWORD}}))
    common = ['-e', json.dumps({'account': ACCOUNT}), '-e', f'@{secrets}', '-vvvv']
    runs = [
        lab.playbook('wsus_connection_account.yml', *common, '--check', '--diff', callback='default'),
        lab.playbook('wsus_connection_account.yml', *common, '--diff', callback='default'),
        lab.playbook('wsus_connection_account.yml', *common, '-e', '{"cm_args": {"update_password": "always"}}',
                     '--diff', callback='default'),
        # a failure after the password was accepted: the option check would quote the bad value
        lab.playbook('wsus_connection_account.yml', *common, '-e', f'@{bad_option}', callback='default'),
    ]
    assert [run.rc == 0 for run in runs] == [True, True, True, False]
    assert 'changed=1' in runs[1].stdout and 'wsus_access_account' in runs[1].stdout
    for run in runs:
        text = _everything(lab, run)
        assert PASSWORD not in text
        assert 'Wsus-C0nn' not in text
