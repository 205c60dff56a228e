"""sup_install with the site's software update point component (issue 14): the plan in check mode (products pending on
a site that never synchronized), the install with a verified first synchronization, a re-run that changes nothing and
starts no synchronization, and each injected synchronization fault failing the run with its lines after the summary,
then converging once cleared."""

from __future__ import annotations

import pytest
import yaml
from lab import ROOT

CM, SUP1 = 'cm01.contoso.com', 'sup01.contoso.com'
PLAYBOOK = 'configmgr.sup.sup_install'
SITE_REPORT = 'Report the synchronization of the site'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}
LIMIT = ('--limit', f'{CM},{SUP1}')
#: the site's component, as an admin writes it on the site server (lab/site-component.yml, which make demo adds)
COMPONENT = yaml.safe_load((ROOT / 'lab' / 'site-component.yml').read_text())['all']['children'][
    'configmgr_site_servers']['vars']


def inventory() -> dict:
    """The lab's hosts.yml with the component on the site server."""
    hosts = yaml.safe_load((ROOT / 'lab' / 'inventory' / 'hosts.yml').read_text())
    site = hosts['all']['children']['configmgr_site_servers']
    site['vars'] = dict(site.get('vars') or {}, **COMPONENT)
    return hosts


def site_report(run) -> str:
    return run.results(SITE_REPORT)[CM]['msg']


def sync_ops(lab) -> list[str]:
    return [call['op'] for call in lab.calls() if call['op'].startswith('sup_sync/')]


def test_check_mode_plans_the_component_with_the_products_pending_on_a_site_that_never_synchronized(lab):
    run = lab.playbook(PLAYBOOK, '--check', '--diff', *LIMIT, inventory=inventory())
    assert run.rc == 0, run.stdout[-3000:]
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    assert all(c['check_mode'] for c in lab.calls())
    facts = run.results('configmgr.sup.software_update_point : Add the site\'s component and synchronization to the summary')[CM]
    summary = facts['ansible_facts']['software_update_point_component_summary']
    assert {(p['option'], p['item']) for p in summary['pending']} >= {
        ('products', 'Microsoft Server operating system-21H2'), ('products', 'Windows 11')}
    assert summary['syncs'] and summary['syncs'][0]['status'] == 'pending'
    report = site_report(run)
    assert report.startswith('site PR1 (cm01.contoso.com): component changed ')
    assert '  pending products  Windows 11  ' in report
    assert '  last successful synchronization: never' in report
    site = lab.host_state(CM)['configmgr']
    assert not site.get('sync', {}).get('last_successful_sync') if isinstance(site.get('sync'), dict) else True


def test_the_install_converges_with_a_verified_first_sync_and_a_rerun_starts_no_sync(lab):
    run = lab.playbook(PLAYBOOK, *LIMIT, inventory=inventory())
    assert run.rc == 0, run.stdout[-3000:]
    report = site_report(run)
    head, last, *lines = report.splitlines()
    assert head.startswith('site PR1 (cm01.contoso.com): component changed ') and 'products' in head
    assert head.endswith('synchronization succeeded')
    assert last.startswith('  last successful synchronization: 20')
    assert '  subscribed products: Microsoft Server operating system-21H2, Windows 11' in lines
    assert '  subscribed classifications: Critical Updates, Security Updates, Updates' in lines
    first = [line for line in lines if line.startswith('  first synchronization: succeeded')]
    assert first, report
    # the proof is wsyncmgr.log's own lines, quoted with their log and time
    assert any(line.startswith('    wsyncmgr.log  ') for line in lines), report
    assert sync_ops(lab).count('sup_sync/set') >= 1

    lab.reset_calls()
    again = lab.playbook(PLAYBOOK, *LIMIT, inventory=inventory())
    assert again.rc == 0, again.stdout[-3000:]
    assert all(stats['changed'] == 0 for stats in again.stats().values()), again.stats()
    assert [c['op'] for c in lab.calls() if c['op'].endswith('/set')] == []
    # one probe of each: the synchronization read (nothing started) and the component
    assert sync_ops(lab) == ['sup_sync/get']
    assert [c['op'] for c in lab.calls() if c['op'].startswith('sup_component/')] == ['sup_component/get']
    head, last, *_ = site_report(again).splitlines()
    assert head == 'site PR1 (cm01.contoso.com): component no change; synchronization not_needed'
    assert last == site_report(run).splitlines()[1]  # the same last successful synchronization


@pytest.mark.parametrize('fault, explains', [
    ('sync_upstream_unreachable', 'unable to connect to the remote server'),
    ('sync_proxy_407', '407'),
])
def test_a_sync_fault_fails_the_run_after_the_summary_with_its_lines_and_a_rerun_after_clearing_it_converges(
        lab, fault, explains):
    lab.set_host_config(CM, dict(SITE, faults={fault: True}))
    run = lab.playbook(PLAYBOOK, *LIMIT, inventory=inventory())
    assert run.rc != 0
    report = site_report(run)  # the summary was printed before the failure
    assert 'synchronization failed' in report.splitlines()[0], report
    assert explains.lower() in report.lower(), report
    failure = run.results('Fail for each software update point whose latest outcome is a failure, after its summary')[CM]
    assert failure.get('failed') and 'first synchronization failed' in failure['msg'] and explains.lower() in failure['msg'].lower()

    lab.clear_host_config(CM)
    again = lab.playbook(PLAYBOOK, *LIMIT, inventory=inventory())
    assert again.rc == 0, again.stdout[-3000:]
    assert site_report(again).splitlines()[0].endswith('synchronization succeeded')
    lab.reset_calls()
    third = lab.playbook(PLAYBOOK, *LIMIT, inventory=inventory())
    assert third.rc == 0 and all(stats['changed'] == 0 for stats in third.stats().values()), third.stats()
    assert sync_ops(lab) == ['sup_sync/get']


def test_a_misspelled_or_bad_component_variable_stops_the_run_before_any_host_is_touched(lab):
    hosts = inventory()
    site = hosts['all']['children']['configmgr_site_servers']['vars']
    site['configmgr_sup_prodcts'] = site.pop('configmgr_sup_products')
    site.update(configmgr_sup_sync_source='upstream', configmgr_sup_supersedence_months=120,
                configmgr_sup_classifications_mode='only')
    run = lab.playbook(PLAYBOOK, inventory=hosts)
    assert run.rc != 0
    message = str(run.results('Stop on a missing, misspelled or mis-filled group, every problem listed')['localhost'])
    assert 'configmgr_sup_prodcts: is not a variable' in message and 'did you mean configmgr_sup_products?' in message
    assert 'configmgr_sup_upstream_source: is required with configmgr_sup_sync_source: upstream' in message
    assert 'configmgr_sup_supersedence_months: must be between 0 and 99, got 120' in message
    assert "configmgr_sup_classifications_mode: must be one of exact, add, remove, got 'only'" in message
    assert lab.calls() == []


def test_a_failed_sync_for_changed_products_is_retried_by_the_next_run_until_it_succeeds(lab):
    assert lab.playbook(PLAYBOOK, *LIMIT, inventory=inventory()).rc == 0
    hosts = inventory()
    hosts['all']['children']['configmgr_site_servers']['vars']['configmgr_sup_products'].append('Windows 10')
    lab.set_host_config(CM, dict(SITE, faults={'sync_upstream_unreachable': True}))
    run = lab.playbook(PLAYBOOK, *LIMIT, inventory=hosts)
    assert run.rc != 0
    head = site_report(run).splitlines()[0]
    assert 'component changed products' in head and head.endswith('synchronization failed'), head
    assert '  synchronization for the changed subscriptions: failed' in site_report(run)

    # the products are subscribed now, so only the failed latest synchronization says the site must synchronize
    lab.clear_host_config(CM)
    again = lab.playbook(PLAYBOOK, *LIMIT, inventory=hosts)
    assert again.rc == 0, again.stdout[-3000:]
    report = site_report(again)
    assert report.splitlines()[0].endswith('component no change; synchronization succeeded'), report
    assert '  synchronization after a failed latest synchronization: succeeded' in report
    lab.reset_calls()
    assert lab.playbook(PLAYBOOK, *LIMIT, inventory=hosts).rc == 0
    assert sync_ops(lab) == ['sup_sync/get']
