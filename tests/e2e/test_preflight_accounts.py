"""sup_install's preflight: a Configuration Manager account the run would have to create without its password stops
the run before any change; an account the site has already needs no password.

wsus_connection_account (scope configmgr) and sup_proxy create a missing account with New-CMAccount, which needs the
password; without it they failed only when reached, after WSUS and the SUP role had been changed.
"""

from __future__ import annotations

import json

import yaml

PLAYBOOK = 'configmgr.sup.sup_install'
CM, SUP1 = 'cm01.contoso.com', 'sup01.contoso.com'
CONNECTION, PROXY = 'CONTOSO\\svc-sup-wsus', 'CONTOSO\\svc-cm-proxy'
STOP = 'configmgr.sup.preflight : Stop on the problems found, all of them listed'
NO_PASSWORDS = ('-e', json.dumps({'configmgr_sup_connection_password': None}))


def proxy_account_without_password(lab):
    """sup01 uses a proxy account and the inventory has no password for it."""
    lab.state_dir.mkdir(parents=True, exist_ok=True)
    lab.overlay.write_text(yaml.safe_dump({'all': {'hosts': {SUP1: {'configmgr_sup_proxy_username': PROXY}}}}))


def site_has_accounts(lab, *users):
    """Configuration Manager accounts somebody created before (in the console or an earlier run)."""
    from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
    with Store(lab.state_dir).host(CM, {'profile': 'site_server', 'site_code': 'PR1'}) as state:
        for user in users:
            state.data['configmgr']['accounts'][user] = {'password': 'set-in-the-console',
                                                        'changed_at': '2026-01-01T00:00:00'}


def test_missing_accounts_without_passwords_stop_the_run_in_preflight_before_any_change(lab):
    proxy_account_without_password(lab)
    run = lab.playbook(PLAYBOOK, *NO_PASSWORDS)
    assert run.rc != 0
    problems = run.results(STOP)[CM]['msg']
    assert (f'the Configuration Manager account {CONNECTION} does not exist and no password is given '
            '(configmgr_sup_connection_password): give the password so it can be created, or create the account '
            'first') in problems
    assert (f'the Configuration Manager account {PROXY} does not exist and no password is given '
            f'(configmgr_sup_proxy_password of {SUP1}): give the password so it can be created, or create the '
            'account first') in problems
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    # the accounts were looked up in preflight's one read of the site server
    reads = [c for c in lab.calls() if c['op'] == 'sup_info/get']
    assert {c['op'] for c in lab.calls()} == {'sup_info/get'}
    assert [sorted(c['params']) for c in reads if c['host'] == CM] == [['ConfigMgrAccount', 'LogName']]


def test_accounts_the_site_has_already_need_no_password(lab):
    proxy_account_without_password(lab)
    site_has_accounts(lab, CONNECTION, PROXY.lower())  # Configuration Manager compares user names case-insensitively
    run = lab.playbook(PLAYBOOK, *NO_PASSWORDS, '--tags', 'preflight')
    assert run.rc == 0, run.stdout[-3000:]
    assert all(not result.get('failed') for result in run.results(STOP).values())
    assert run.results('configmgr.sup.preflight : Work out the problems of this host')[CM]['ansible_facts'][
        'preflight_problems'] == []


def test_a_given_password_needs_no_account_lookup(lab):
    lab.state_dir.mkdir(parents=True, exist_ok=True)
    lab.overlay.write_text(yaml.safe_dump({'all': {'hosts': {SUP1: {'configmgr_sup_proxy_username': PROXY,
                                                                    'configmgr_sup_proxy_password': 'lab-Pr0xy'}}}}))
    run = lab.playbook(PLAYBOOK, '--tags', 'preflight')
    assert run.rc == 0, run.stdout[-3000:]
    info = run.results('configmgr.sup.preflight : Read what the collection manages on this host (one round trip)')[CM]
    assert info['configmgr_accounts'] is None  # nothing to look up: both passwords are given


def role_problems(lab, name: str, variables: dict) -> list[str]:
    """The preflight role alone in a caller's play on the site server; its problems there."""
    playbook = lab.state_dir / f'{name}.yml'
    playbook.parent.mkdir(parents=True, exist_ok=True)
    role = {'name': 'Preflight', 'ansible.builtin.import_role': {'name': 'configmgr.sup.preflight'},
            'vars': dict({'preflight_site_server': CM}, **variables)}
    playbook.write_text(yaml.safe_dump([{'name': 'Preflight', 'hosts': CM, 'gather_facts': False, 'tasks': [role]}]))
    run = lab.playbook(playbook)
    result = run.results('configmgr.sup.preflight : Work out the problems of this host')[CM]
    assert not result.get('failed'), result.get('msg')
    return result['ansible_facts']['preflight_problems']


def test_the_role_checks_only_accounts_whose_password_is_known_to_be_missing(lab):
    site_has_accounts(lab, 'CONTOSO\\svc-cm-install')
    off = {'unset': {}, 'null': {'preflight_connection_password_given': None},
           'omit': {'preflight_connection_password_given': '{{ preflight_test_undefined | default(omit) }}'},
           'given': {'preflight_connection_password_given': True}}
    for form, variables in off.items():
        assert role_problems(lab, form, dict(variables, preflight_connection_account=CONNECTION)) == [], form
    problems = role_problems(lab, 'missing', {
        'preflight_connection_account': CONNECTION, 'preflight_connection_password_given': False,
        'preflight_proxy_accounts': [
            {'username': PROXY, 'password_given': False, 'host': SUP1},
            {'username': 'CONTOSO\\svc-cm-push', 'password_given': True, 'host': 'sup02.contoso.com'},
            {'username': 'contoso\\SVC-CM-INSTALL', 'password_given': False, 'host': 'sup02.contoso.com'}]})
    assert [problem.split(' does not exist')[0] for problem in problems] == [
        f'the Configuration Manager account {CONNECTION}', f'the Configuration Manager account {PROXY}']
