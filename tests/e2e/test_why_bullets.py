"""The first "Why" bullet of issue 13, one lab test per case, each a real sup_install run.

Before issue 13 a SUP was verified only in the run that added the role: after each of these cases the next run said
"no change; verification not needed" and exited 0. Now every run knows from the logs whether each SUP's current
configuration is proven, fails while its latest outcome is a failure, and follows what it changed.

Cases covered elsewhere, not repeated here:
- a SUP setup failure (no WSUS console on the site server), failing every run until fixed:
  tests/e2e/test_sup_state_verification.py::test_a_failed_sup_setup_fails_every_run_until_the_site_retries_after_the_fix
- a SUP added by hand, proven or reported unproven with how to prove it:
  tests/e2e/test_sup_state_verification.py::test_a_sup_added_by_hand_is_verified and
  ::test_a_sup_added_by_hand_without_evidence_is_unproven_and_says_how_to_prove_it
"""

from __future__ import annotations

import json

import yaml

CM, SUP1, SUP2 = 'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'
PLAYBOOK = 'configmgr.sup.sup_install'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}
NOT_NEEDED = 'verification not needed'
PROXY_407 = 'The request failed with HTTP status 407: Proxy Authentication Required.'


def failure(run):
    """The message of the task that fails the run over a SUP whose latest outcome is a failure: sup_install's last,
    after the summary has shown the failing lines."""
    for play in run.report.get('plays', []):
        for task in play['tasks']:
            if task['task']['name'] == 'Fail for each software update point whose latest outcome is a failure, after its summary':
                return task['hosts'][CM].get('msg', '')
    return ''


def later(lab, host, seconds, config):
    """Let ``seconds`` of simulated time pass on a lab host (WCM's and Site Component Manager's schedules); the
    work that comes due runs with the host's ``lab_host_config`` as it is now (a fault cleared is gone)."""
    from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
    with Store(lab.state_dir).host(host, config) as state:
        state.data['clock'] += seconds


def overlay_vars(lab, host, **variables):
    """Inventory variables for one host in the lab's overlay (next to its lab_host_config, if any)."""
    data = yaml.safe_load(lab.overlay.read_text()) if lab.overlay.exists() else {'all': {'hosts': {}}}
    lab.overlay.parent.mkdir(parents=True, exist_ok=True)
    data['all']['hosts'].setdefault(host, {}).update(variables)
    lab.overlay.write_text(yaml.safe_dump(data))


def test_after_a_proxy_407_every_run_fails_with_the_lines_until_the_proxy_lets_the_site_through(lab):
    limit = ('--limit', f'{CM},{SUP1}')  # sup01 syncs through proxy01
    lab.set_host_config(CM, dict(SITE, faults={'proxy_auth_required': True}))
    first = lab.playbook(PLAYBOOK, *limit)
    assert first.rc != 0, first.stdout[-3000:]
    # before: "no change; verification not needed", rc 0
    second = lab.playbook(PLAYBOOK, *limit)
    assert second.rc != 0, second.stdout[-3000:]
    assert PROXY_407 in failure(second) and SUP1 in failure(second)
    sup = second.sup_facts(SUP1)
    assert sup['changed'] == [] and sup['verification'] == 'failed' and sup['verified_by'] == 'latest outcome'
    assert any(PROXY_407 in line['message'] for line in sup['errors']) and 'proxy' in sup['hint'].lower()
    # the summary, printed before the run fails, shows the failing lines and the hint
    shown = second.summary(SUP1)
    assert 'verification failed' in shown and '  failing lines:' in shown and PROXY_407 in shown and '  hint: ' in shown
    # The proxy now lets the site server through: nothing changes in ConfigMgr, so the run fails until WCM's
    # next cycle (every hour after a failed one) has connected.
    lab.set_host_config(CM, SITE)
    assert lab.playbook(PLAYBOOK, *limit).rc != 0
    later(lab, CM, 61 * 60, SITE)
    fixed = lab.playbook(PLAYBOOK, *limit)
    assert fixed.rc == 0, fixed.stdout[-3000:]
    assert 'no change; verification passed' in fixed.summary(SUP1)
    assert 'WCM.log' in fixed.summary(SUP1) and 'WSUS_CONFIG_SUCCESS' in fixed.summary(SUP1)


def test_a_fix_of_the_proxy_account_is_verified_by_the_run_that_makes_it_and_proven_after(lab):
    limit = ('--limit', f'{CM},{SUP1}')
    lab.set_host_config(CM, dict(SITE, faults={'proxy_auth_required': True}))
    assert lab.playbook(PLAYBOOK, *limit).rc != 0  # 407: the proxy wants an account
    overlay_vars(lab, SUP1, configmgr_sup_proxy_username='CONTOSO\\svc-cm-proxy',
                 configmgr_sup_proxy_password='lab-only-Pr0xy')
    fix = lab.playbook(PLAYBOOK, *limit)
    assert fix.rc == 0, fix.stdout[-3000:]
    sup = fix.sup_facts(SUP1)
    # before: no role change, so "changed proxy; verification not needed"
    assert 'proxy' in sup['changed'] and sup['verification'] == 'passed'
    assert sup['verified_by'] == 'following this run'
    assert NOT_NEEDED not in fix.summary(SUP1) and 'WSUS_CONFIG_SUCCESS' in fix.summary(SUP1)
    again = lab.playbook(PLAYBOOK, *limit)
    assert again.rc == 0, again.stdout[-3000:]
    assert again.sup_facts(SUP1)['verified_by'] == 'latest outcome'
    assert 'no change; verification passed' in again.summary(SUP1)


def test_a_connection_dropped_right_after_the_role_was_added_is_verified_by_the_next_run(lab):
    # no connection account: the re-run then has nothing left to change and must verify the role on its own
    limit = ('--limit', f'{CM},{SUP2}', '-e', json.dumps({'configmgr_sup_connection_account': None,
                                                      'configmgr_sup_connection_password': None}))
    lab.set_host_config(CM, dict(SITE, faults={'drop_connection_during': 'sup_role/set'}))
    dropped = lab.playbook(PLAYBOOK, *limit)
    assert dropped.rc != 0 and dropped.stats()[CM]['unreachable'] == 1, dropped.stats()
    assert 'SMS Software Update Point' in lab.host_state(CM)['configmgr']['site_systems'][SUP2]['roles']
    lab.set_host_config(CM, SITE)
    later(lab, CM, 120, SITE)  # the site installs the role meanwhile
    rerun = lab.playbook(PLAYBOOK, *limit)
    assert rerun.rc == 0, rerun.stdout[-3000:]
    line = rerun.summary(SUP2)
    # before: the role was there already, so "no change; verification not needed"
    assert NOT_NEEDED not in line and 'verification passed' in line.splitlines()[0]
    sup = rerun.sup_facts(SUP2)
    assert sup['changed'] == [] and sup['verified_by'] == 'latest outcome'
    messages = [entry['message'] for entry in sup['evidence']]
    assert any('executed successfully on server SUP02.CONTOSO.COM' in m for m in messages)
    assert 'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)' in messages


def test_a_switch_from_http_to_ssl_is_verified_with_the_ssl_connection(lab):
    limit = ('--limit', f'{CM},{SUP1}')
    http = lab.playbook(PLAYBOOK, *limit, '-e', 'configmgr_sup_ssl=false')
    assert http.rc == 0, http.stdout[-3000:]
    switch = lab.playbook(PLAYBOOK, *limit)  # the inventory says configmgr_sup_ssl: true for sup01
    assert switch.rc == 0, switch.stdout[-3000:]
    sup = switch.sup_facts(SUP1)
    # before: the role changed but was not new, so "changed role; verification not needed"
    assert NOT_NEEDED not in switch.summary(SUP1)
    assert 'role' in sup['changed'] and sup['verification'] == 'passed' and sup['verified_by'] == 'following this run'
    assert 'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)' in [e['message'] for e in sup['evidence']]
    again = lab.playbook(PLAYBOOK, *limit)
    assert again.rc == 0, again.stdout[-3000:]
    line = again.summary(SUP1)
    assert 'no change; verification passed' in line
    assert 'Attempting connection to WSUS server: SUP01.CONTOSO.COM, port: 8531, useSSL: True' in line
    assert json.dumps(again.sup_facts(SUP1)['wsus']['ssl']) == 'true'
