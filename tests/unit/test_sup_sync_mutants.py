"""Mutation check of sup_sync's scripts (docs/architecture.md, the mutation check), as tests/unit/test_script_mutants.py does
for the older scripts: every mutant of sup_sync_get.ps1, sup_sync_set.ps1 and _sup_sync_status.ps1
(tests/unit/mutants.py) is sent in place of the shipped file, and a short lab scenario that drives the real action
plugin through the stand-in must fail. A survivor is a hole in the lab or in the scenarios."""

from __future__ import annotations

import time
import typing as t

import pytest
from labhost import LabHost
from mutants import assert_killed, script_mutants, send_mutant
from racing import between_probe_and_apply

from ansible_collections.configmgr.sup.plugins.action.sup_sync import ActionModule as SupSync
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall
from ansible_collections.configmgr.sup.plugins.plugin_utils import _engine
from ansible_collections.configmgr.sup.plugins.plugin_utils import _sup_log_verify

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
SITE = {'profile': 'site_server', 'site_code': 'PR1', 'existing_software_update_points': [SUP]}
LOG = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\wsyncmgr.log'
FAST = {'poll_interval': 1, 'timeout': 120}
_SLEEP = time.sleep


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    """The site's clock runs 2000 times faster than real time (a first synchronization: about 0.1 s), and a poll
    waits 20 ms instead of poll_interval seconds."""
    monkeypatch.setenv('LAB_TIME_SCALE', '2000')
    monkeypatch.setattr(_sup_log_verify.time, 'sleep', lambda seconds: _SLEEP(min(seconds, 0.02)))


def prepared(tmp_path, **faults) -> LabHost:
    """A site whose software update point has WSUS, and the WSUS console on the site server."""
    assert not LabHost(tmp_path, SUP).run(WsusInstall, {'content_dir': 'D:\\WSUS'}).get('failed')
    site = LabHost(tmp_path, CM, dict(SITE, faults=faults) if faults else SITE)
    assert not site.run(WsusInstall, {'role': 'console'}).get('failed')
    return site


def wsyncmgr(site: LabHost) -> str:
    path = site.state_dir.joinpath('fs', CM, 'C', *LOG[3:].split('\\'))
    return path.read_bytes().decode('utf-8') if path.exists() else ''


def ok(result: dict[str, t.Any], changed: bool) -> dict[str, t.Any]:
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is changed, result
    return result


# ---- scenarios ----------------------------------------------------------------------------------------
def first_sync_then_none(tmp_path) -> None:
    site = prepared(tmp_path)
    plan = ok(site.run(SupSync, FAST, check_mode=True), changed=True)
    assert plan['sync']['status'] == 'pending' and plan['site_code'] == 'PR1' and 'Starting Sync' not in wsyncmgr(site)
    first = ok(site.run(SupSync, FAST), changed=True)
    assert first['sync']['status'] == 'succeeded' and first['sync']['updates_synchronized'] > 0
    assert first['last_successful_sync'] and first['last_sync_state'] == 6702 and first['waited'] is False
    assert first['positions']['wsyncmgr.log']['position'] == len(wsyncmgr(site).encode())
    again = ok(site.run(SupSync, FAST), changed=False)
    assert again['sync']['status'] == 'not_needed' and again['last_successful_sync'] == first['last_successful_sync']
    assert again['positions']['wsyncmgr.log']['position'] == len(wsyncmgr(site).encode())  # where a follower starts
    delta = ok(site.run(SupSync, dict(FAST, force=True)), changed=True)
    full = ok(site.run(SupSync, dict(FAST, force=True, full=True)), changed=True)
    assert delta['sync']['updates_synchronized'] < full['sync']['updates_synchronized'] == \
        first['sync']['updates_synchronized']
    assert wsyncmgr(site).count('Starting Sync') == 3


def sync_started_between_probe_and_start(tmp_path) -> None:
    """A synchronization another run starts after this one's probe: this one starts none and follows it."""
    site = prepared(tmp_path)

    def another_run() -> None:
        ok(site.run(SupSync, dict(FAST, wait=False)), changed=True)
        site.later(15)  # WSyncMgr woke up and reported 6701: the status moved

    with between_probe_and_apply(SupSync, another_run):
        result = ok(site.run(SupSync, FAST), changed=False)
    assert result['waited'] is True and result['sync']['status'] == 'succeeded' and result['last_successful_sync']
    assert wsyncmgr(site).count('Starting Sync') == 1


def failed_sync_then_converged(tmp_path) -> None:
    site = prepared(tmp_path, sync_upstream_unreachable=True)
    failed = site.run(SupSync, FAST)
    assert failed.get('failed') and failed['sync']['status'] == 'failed' and 'cannot reach' in failed['sync']['hint']
    assert any('Unable to connect to the remote server' in e['message'] for e in failed['sync']['errors'])
    assert failed['last_successful_sync'] is None and failed['last_sync_state'] == 6703
    fixed = LabHost(tmp_path, CM, SITE)
    done = ok(fixed.run(SupSync, FAST), changed=True)
    assert done['sync']['status'] == 'succeeded' and done['last_successful_sync']


SCENARIOS: dict[str, list[t.Callable[[t.Any], None]]] = {
    'sup_sync_get.ps1': [first_sync_then_none, failed_sync_then_converged, sync_started_between_probe_and_start],
    'sup_sync_set.ps1': [first_sync_then_none, sync_started_between_probe_and_start],
    '_sup_sync_status.ps1': [first_sync_then_none, sync_started_between_probe_and_start, failed_sync_then_converged],
}
#: (file, kind, what the mutant changes) -> why it cannot change what the script does
EQUIVALENT: dict[tuple[str, str, str], str] = {}



@pytest.mark.parametrize('scenario', [first_sync_then_none, sync_started_between_probe_and_start,
                                      failed_sync_then_converged], ids=lambda s: s.__name__)
def test_sup_sync_scenario_passes_with_the_shipped_scripts(scenario, tmp_path, monkeypatch):
    monkeypatch.setattr(_engine, '_SCRIPTS', {})
    scenario(tmp_path)


@pytest.mark.parametrize('file_name,mutant', script_mutants(SCENARIOS, EQUIVALENT), ids=lambda value: str(value).replace(' ', '_'))
def test_sup_sync_script_mutant_is_killed(file_name, mutant, monkeypatch, tmp_path):
    send_mutant(monkeypatch, file_name, mutant.text)
    assert_killed(file_name, mutant, SCENARIOS, tmp_path)


def test_a_site_without_a_software_update_point_fails_before_a_start_in_the_lab(tmp_path):
    site = LabHost(tmp_path, CM, {'profile': 'site_server', 'site_code': 'PR1'})
    plan = site.run(SupSync, FAST, check_mode=True)
    assert not plan.get('failed') and plan['changed'] is True and 'no software update point' in plan['warnings'][0]
    failed = site.run(SupSync, FAST)
    assert failed['failed'] and 'site PR1 has no software update point' in failed['msg']
    smsprov = site.state_dir.joinpath('fs', CM, 'C', *LOG[3:].replace('wsyncmgr.log', 'SMSProv.log').split('\\'))
    assert 'Starting Sync' not in wsyncmgr(site) and 'SyncNow' not in (smsprov.read_text() if smsprov.exists() else '')
