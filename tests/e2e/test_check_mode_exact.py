"""Check mode stays exact (issue 13, item 6): a check run, then the same run for real, agree task by task.

Each test runs a playbook with --check --diff on a lab state, then the same playbook for real on the same
state, and compares every task that ran in both: the check run's ``changed`` (and failure) is the real
run's. The cases are those where it was not so: an SSL software update point moved to the other WSUS port
(the certificate binding moves), the SSL plan on a fresh host, a missing certificate with preflight skipped,
a failed WSUS post-install followed by a check run, and a warning about a problem an earlier task of the same check
run fixes (the WSUS Administrators group post-install creates, the WSUS API the console task installs on the site
server, the site system server and role sup_role adds, the Configuration Manager account the task for the first SUP
creates).
"""

from __future__ import annotations

import collections
import typing as t

SUP, SUP2, SITE = 'sup01.contoso.com', 'sup02.contoso.com', 'cm01.contoso.com'
PLAYBOOK = 'configmgr.sup.sup_install'
SSL_TASK = 'configmgr.sup.wsus_server : Require SSL on WSUS, or revert it to HTTP'
INSTALL_TASK = 'configmgr.sup.wsus_server : Install WSUS and complete its post-install'
ROLE_TASK_PREFIX = 'configmgr.sup.software_update_point : Add'  # "Add or update the software update point role"
NOT_DONE = 'post-install has not completed'
#: the warnings a check run gave, on a fresh lab, for what an earlier task of the same run does first
EARLIER_TASK_WARNINGS = ('check mode: assuming an earlier task', 'do not exist on this host',
                         'WSUS administration API (UpdateServices-API) is not installed',
                         'is not a site system server', 'there is no software update point')


def per_task(run) -> dict[tuple[str, str, int], dict[str, t.Any]]:
    """(task name, host, occurrence) -> that host's result, for every task that ran (not skipped)."""
    seen: collections.Counter = collections.Counter()
    results = {}
    for play in run.report.get('plays', []):
        for task in play['tasks']:
            for host, result in task['hosts'].items():
                key = (task['task']['name'], host)
                seen[key] += 1
                if not result.get('skipped'):
                    results[key + (seen[key],)] = result
    return results


def differences(check, real) -> list[str]:
    """Tasks that ran in both runs whose check-mode ``changed`` or failure is not the real run's."""
    planned, done = per_task(check), per_task(real)
    out = []
    for key in sorted(set(planned) & set(done)):
        was = (bool(planned[key].get('changed')), bool(planned[key].get('failed')))
        now = (bool(done[key].get('changed')), bool(done[key].get('failed')))
        if was != now:
            out.append(f'{key}: check changed={was[0]} failed={was[1]}, real changed={now[0]} failed={now[1]}')
    return out


def diff_differences(check, real) -> list[str]:
    """Tasks that ran in both runs whose check-mode ``diff`` or warnings are not the real run's."""
    planned, done = per_task(check), per_task(real)
    return [f'{key}: {what} check {planned[key].get(what)!r}, real {done[key].get(what)!r}'
            for key in sorted(set(planned) & set(done)) for what in ('diff', 'warnings')
            if planned[key].get(what) != done[key].get(what)]


def warnings(run) -> list[str]:
    return [f'{key}: {warning}' for key, result in per_task(run).items() for warning in result.get('warnings') or []]


def check_then_real(lab, *args):
    check = lab.playbook(PLAYBOOK, '--check', '--diff', *args)
    real = lab.playbook(PLAYBOOK, '--diff', *args)
    return check, real


def only(run, name: str, host: str) -> dict[str, t.Any]:
    hits = [result for (task, who, _), result in per_task(run).items() if task == name and who == host]
    assert len(hits) == 1, (name, host, hits)
    return hits[0]


def role_settings(run) -> list[tuple[int, int, bool]]:
    """(http_port, https_port, ssl) the SUP role task leaves, for each SUP in the order it ran (sup01, sup02)."""
    found = []
    for (task, host, _), result in sorted(per_task(run).items(), key=lambda item: item[0][2]):
        role = ((result.get('after') or {}).get('software_update_point') or {})
        if task.startswith(ROLE_TASK_PREFIX) and host == SITE and role:
            found.append((role['http_port'], role['https_port'], role['ssl']))
    return found


def test_check_run_of_sup_install_on_a_fresh_lab_predicts_the_real_run_task_by_task(lab):
    check, real = check_then_real(lab)
    assert check.rc == 0 and real.rc == 0, (check.stdout[-3000:], real.stdout[-3000:])
    assert differences(check, real) == []
    # no warning about what an earlier task of the same check run does first, and each task's diff and warnings
    # are the real run's (the wsus_install, sup_role and wsus_connection_account results of the run are passed on)
    assert not [w for w in warnings(check) if any(kind in w for kind in EARLIER_TASK_WARNINGS)], warnings(check)
    assert diff_differences(check, real) == []
    # the SSL plan says what will be bound, and no warning about a post-install the install task does
    planned, done = only(check, SSL_TASK, SUP), only(real, SSL_TASK, SUP)
    assert planned['binding'] == done['binding'] == {'port': 8531, 'thumbprint': done['certificate']['thumbprint']}
    assert planned['diff'] == done['diff'] and planned['wsus_url'] == done['wsus_url']
    assert not [w for w in planned.get('warnings') or [] if NOT_DONE in w], planned['warnings']


def test_wsus_server_role_alone_on_a_fresh_host_plans_ssl_on_the_default_web_site_as_the_real_run_does(lab):
    check = lab.playbook('check_mode_exact_wsus_server.yml', '--check', '--diff')
    real = lab.playbook('check_mode_exact_wsus_server.yml', '--diff')
    assert check.rc == 0 and real.rc == 0, (check.stdout[-3000:], real.stdout[-3000:])
    assert differences(check, real) == []
    planned, done = only(check, SSL_TASK, SUP), only(real, SSL_TASK, SUP)
    assert planned['after']['site'] == done['after']['site'] == 'Default Web Site'
    assert planned['binding'] == done['binding'] == {'port': 443, 'thumbprint': done['certificate']['thumbprint']}
    assert planned['diff'] == done['diff'] and planned['wsus_url'] == done['wsus_url'] == 'https://sup01.contoso.com'
    assert not [w for w in planned.get('warnings') or [] if NOT_DONE in w], planned['warnings']


def test_moving_an_ssl_sup_to_port_80_moves_the_certificate_binding_in_check_mode_and_for_real(lab):
    first = lab.playbook(PLAYBOOK)
    assert first.rc == 0, first.stdout[-3000:]
    thumbprint = only(first, SSL_TASK, SUP)['binding']['thumbprint']

    check, real = check_then_real(lab, '-e', 'configmgr_sup_http_port=80')
    assert check.rc == 0 and real.rc == 0, (check.stdout[-3000:], real.stdout[-3000:])
    assert differences(check, real) == []
    planned, done = only(check, SSL_TASK, SUP), only(real, SSL_TASK, SUP)
    assert planned['changed'] is done['changed'] is True
    assert planned['binding'] == done['binding'] == {'port': 443, 'thumbprint': thumbprint}
    assert planned['after']['site'] == done['after']['site'] == 'Default Web Site'
    assert planned['diff'] == done['diff'] and planned['wsus_url'] == done['wsus_url'] == 'https://sup01.contoso.com'
    bindings = lab.host_state(SUP)['iis']['sites']['Default Web Site']['bindings']
    assert {'protocol': 'https', 'port': 443, 'thumbprint': thumbprint, 'store': 'My'} in bindings
    # the SUP role follows WSUS, in the check run as in the real one
    assert role_settings(check) == role_settings(real) == [(80, 443, True), (80, 443, False)]
    again = lab.playbook(PLAYBOOK, '--check', '-e', 'configmgr_sup_http_port=80')
    assert only(again, SSL_TASK, SUP)['changed'] is False


def test_missing_certificate_without_preflight_fails_check_mode_as_it_fails_the_real_run(lab):
    lab.set_host_config(SUP, {'faults': {'missing_certificate': True}})
    check, real = check_then_real(lab, '--tags', 'wsus')
    assert check.rc != 0 and real.rc != 0
    assert differences(check, real) == []
    planned, done = only(check, SSL_TASK, SUP), only(real, SSL_TASK, SUP)
    assert planned.get('failed') is True, planned
    assert planned['msg'] == done['msg'] and 'no valid server-authentication certificate for sup01' in done['msg']


def test_a_failed_postinstall_is_not_complete_in_the_result_the_next_check_or_the_next_run(lab):
    lab.set_host_config(SUP, {'faults': {'postinstall_failure': True}})
    failed = lab.playbook(PLAYBOOK, '--tags', 'wsus', '--limit', SUP)
    assert failed.rc != 0
    result = only(failed, INSTALL_TASK, SUP)
    assert result['failed'] is True and result['postinstall_state'] == 'partial' and result['http_port'] is None

    lab.clear_host_config(SUP)  # SQL Server reachable again
    check, real = check_then_real(lab, '--tags', 'wsus', '--limit', SUP)
    assert check.rc == 0 and real.rc == 0, (check.stdout[-3000:], real.stdout[-3000:])
    assert differences(check, real) == []
    planned = only(check, INSTALL_TASK, SUP)
    assert planned['changed'] is True and planned['before']['postinstall'] == 'partial'
    ssl = only(check, SSL_TASK, SUP)
    assert ssl['changed'] is True and not [w for w in ssl.get('warnings') or [] if NOT_DONE in w]
    assert ssl['binding'] == only(real, SSL_TASK, SUP)['binding']
    assert only(real, INSTALL_TASK, SUP)['postinstall_state'] == 'complete'
