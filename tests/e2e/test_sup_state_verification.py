"""Verification is about state, and one truth for ports and SSL (issue 13, items 1 and 2), on the lab.

Each test shows a "Why" bullet: before, the second run said "no change; verification not needed" and exited 0
while SiteComp.log ended in "Bootstrap operation failed.", and the SUP role took ports and SSL from inventory.
"""

from __future__ import annotations

import json

CM, SUP1, SUP2 = 'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'
PLAYBOOK = 'configmgr.sup.sup_install'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}
SUP_ROLE = 'SMS Software Update Point'


def task(run, name):
    """host -> result of the last task whose name ends with ``name`` (role tasks carry the role's name)."""
    found = [t['hosts'] for play in run.report.get('plays', []) for t in play['tasks'] if t['task']['name'].endswith(name)]
    assert found, f'no task {name!r}: {run.stdout[-2000:]}'
    return found[-1]


def later(lab, host, seconds):
    """Let ``seconds`` of simulated time pass on a lab host (Site Component Manager's retry schedule)."""
    from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
    with Store(lab.state_dir).host(host, {}) as state:
        state.data['clock'] += seconds


def set_calls(lab):
    return [c for c in lab.calls() if c['op'].endswith('/set')]


def test_a_failed_sup_setup_fails_every_run_until_the_site_retries_after_the_fix(lab):
    limit = ('--limit', f'{CM},{SUP2}')
    no_console = ('--skip-tags', 'wsus_server_console')
    first = lab.playbook(PLAYBOOK, *limit, *no_console)
    assert first.rc != 0
    # before: "no change; verification not needed" and rc 0; now the latest outcome is read and fails the run
    second = lab.playbook(PLAYBOOK, *limit, *no_console)
    assert second.rc != 0, second.stdout[-3000:]
    sup = second.sup_facts(SUP2)
    assert sup['verification'] == 'failed' and sup['verified_by'] == 'latest outcome'
    messages = [line['message'] for line in sup['errors']]
    assert any('failed on server SUP02.CONTOSO.COM' in m for m in messages) and 'Bootstrap operation failed.' in messages
    assert 'WSUS administration console' in sup['hint'] and 0 < sup['bytes_read'] <= 2 * 65536
    # the summary shows the failing lines, then the run fails over them
    assert '  failing lines:' in second.summary(SUP2) and 'Bootstrap operation failed.' in second.summary(SUP2)
    failure = task(second, 'whose latest outcome is a failure, after its summary')[CM]
    assert 'Bootstrap operation failed.' in failure['msg'] and SUP2 in failure['msg']
    # the console is installed: still failed until Site Component Manager retries (every 60 minutes)
    third = lab.playbook(PLAYBOOK, *limit)
    assert third.rc != 0 and third.sup_facts(SUP2)['verification'] == 'failed'
    later(lab, CM, 61 * 60)
    fourth = lab.playbook(PLAYBOOK, *limit)
    assert fourth.rc == 0, fourth.stdout[-3000:]
    assert fourth.sup_facts(SUP2)['verification'] == 'passed'
    assert 'no change; verification passed' in fourth.summary(SUP2)


def test_a_sup_added_by_hand_is_verified(lab):
    lab.set_host_config(CM, dict(SITE, existing_software_update_points=[SUP2]))
    limit = ('--limit', f'{CM},{SUP2}')
    run = lab.playbook(PLAYBOOK, *limit)
    assert run.rc == 0, run.stdout[-3000:]
    sup = run.sup_facts(SUP2)
    # not new, but the run changed its connection account: what changed is followed in WCM.log
    assert sup['role_new'] is False and sup['changed'] and sup['verification'] == 'passed'
    assert sup['verified_by'] == 'following this run' and any('WCM.log' == line['log'] for line in sup['evidence'])
    again = lab.playbook(PLAYBOOK, *limit)
    assert again.rc == 0
    sup = again.sup_facts(SUP2)
    assert sup['changed'] == [] and sup['verification'] == 'passed' and sup['verified_by'] == 'latest outcome'
    assert 'Attempting connection to WSUS server: SUP02.CONTOSO.COM, port: 8530, useSSL: False' in json.dumps(sup)


def test_a_sup_added_by_hand_without_evidence_is_unproven_and_says_how_to_prove_it(lab):
    lab.set_host_config(CM, dict(SITE, existing_software_update_points=[SUP2]))
    # the inventory asks for nothing the hand-made SUP does not have: nothing changes, nothing to follow
    same = {'configmgr_sup_connection_account': None, 'configmgr_sup_connection_password': None,
            'configmgr_sup_client_connection': None, 'configmgr_sup_public_fqdn': None}
    run = lab.playbook(PLAYBOOK, '--limit', f'{CM},{SUP2}', '-e', json.dumps(same))
    assert run.rc == 0, run.stdout[-3000:]
    sup = run.sup_facts(SUP2)
    assert sup['changed'] == [] and sup['verification'] == 'unproven'
    assert 'software_update_point_reverify: true' in sup['how_to_prove']
    assert 'unproven' in run.summary(SUP2)


def test_the_sup_tag_alone_gives_the_role_the_port_wsus_serves(lab):
    limit = ('--limit', f'{CM},{SUP2}')
    assert lab.playbook(PLAYBOOK, *limit, '--tags', 'wsus', '-e', 'configmgr_sup_http_port=80').rc == 0
    run = lab.playbook(PLAYBOOK, *limit, '--tags', 'sup')
    assert run.rc == 0, run.stdout[-3000:]
    role = lab.host_state(CM)['configmgr']['site_systems'][SUP2]['roles'][SUP_ROLE]
    # before: 8530/8531 from the role's defaults in front of a WSUS on 80/443
    assert (role['WSUSIISPort'], role['WSUSIISSSLPort']) == (80, 443)
    assert run.sup_facts(SUP2)['wsus']['source'] == f'read on {SUP2}'


def test_ssl_in_front_of_an_http_wsus_is_refused_before_any_change(lab):
    limit = ('--limit', f'{CM},{SUP1}')
    assert lab.playbook(PLAYBOOK, *limit, '--tags', 'wsus', '-e', 'configmgr_sup_ssl=false').rc == 0
    lab.reset_calls()
    run = lab.playbook(PLAYBOOK, *limit, '--tags', 'sup')  # the inventory says configmgr_sup_ssl: true for sup01
    assert run.rc != 0
    failed = task(run, 'Refuse bad entries and ports or SSL that disagree with what WSUS serves, every problem listed, '
                       'before any change')[CM]
    assert f'{SUP1}: ssl is true in the inventory' in failed['msg'] and 'WSUS serves false' in failed['msg']
    assert set_calls(lab) == []
    assert SUP1 not in lab.host_state(CM)['configmgr']['site_systems']
