"""sup_component's scripts run in the lab (tests/unit/labhost.py), and every mutant of them is noticed.

The scenarios drive the real action plugin through the lab's win_powershell stand-in against a site server with
one software update point. Each mutant of sup_component_get.ps1, sup_component_set.ps1 and
_sup_component_read.ps1 (tests/unit/mutants.py: a misspelled variable or property, a deleted command, an inverted
condition, a renamed output key) must make at least one scenario fail; ``EQUIVALENT`` lists those that cannot
change behaviour, each with its reason.
"""

from __future__ import annotations

import typing as t

import labhost
import pytest
from labhost import LabHost
from labsim import standin
from labsim.configmgr import sync
from labsim.hoststate import Store
from labsim.winps_output import convert_output_object
from mutants import assert_killed, script_mutants, send_mutant
from racing import between_probe_and_apply, edit

from ansible_collections.configmgr.sup.plugins.action.sup_component import ActionModule as SupComponent
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall
from ansible_collections.configmgr.sup.plugins.plugin_utils import _engine

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
SITE = {'profile': 'site_server', 'site_code': 'PR1', 'existing_software_update_points': [SUP]}
WCM, SYNC = 'SMS_WSUS_CONFIGURATION_MANAGER', 'SMS_WSUS_SYNC_MANAGER'
CRITICAL = 'updateclassification:e6cf1350-c01b-414d-a61f-263d14d133b4'
SECURITY = 'updateclassification:0fa1201d-4330-4fa8-8ae9-b877473b6441'
ROLLUPS = 'updateclassification:28bc880e-0592-4cbf-8f95-c79b17911d5f'
SETTINGS = {'sync_source': 'upstream', 'upstream_source': 'https://wsus01.contoso.com:8531',
            'sync_schedule': {'enabled': True, 'interval': 12, 'unit': 'hours', 'start': '2026-12-01 02:00'},
            'sync_failure_alert': True, 'reporting_events': 'all',
            'classifications': ['Critical Updates', 'security updates', '28bc880e-0592-4cbf-8f95-c79b17911d5f'],
            'update_file_languages': ['en', 'French'], 'summary_languages': ['German'], 'summary_languages_mode': 'add',
            'supersedence_months': 6, 'feature_supersedence_months': 0, 'wsus_cleanup': True,
            'content_file_option': 'express', 'max_runtime_minutes': 90, 'feature_max_runtime_minutes': 240}


def ok(result: dict[str, t.Any], changed: bool) -> dict[str, t.Any]:
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is changed, result
    return result


def site(host: LabHost) -> dict[str, t.Any]:
    return host.state()['configmgr']


def saved(host: LabHost) -> dict[str, t.Any]:
    state = site(host)
    return {key: state.get(key) for key in ('sup_component', 'update_catalog', 'alerts')}


def site_server(tmp_path) -> LabHost:
    return LabHost(tmp_path, CM, SITE)


def synchronized(tmp_path) -> LabHost:
    """A site server after its first full synchronization (the lab's WSyncMgr, as Sync-CMSoftwareUpdate starts it):
    WSUS on the SUP and the WSUS console on the site server first, which a synchronization needs."""
    ok(LabHost(tmp_path, SUP).run(WsusInstall, {'content_dir': 'D:\\WSUS'}), changed=True)
    host = site_server(tmp_path)
    ok(host.run(WsusInstall, {'role': 'console'}), changed=True)
    with Store(tmp_path).host(CM, SITE) as state:
        assert sync.request(state, state.data['configmgr'], full=True)
    host.later(600)
    return host


# ---- scenarios ----------------------------------------------------------------------------------------------------
def component_settings(tmp_path) -> None:
    """Every setting: planned in check mode (nothing changes), set by one run, then converged."""
    host = site_server(tmp_path)
    first = ok(host.run(SupComponent, {'wsus_cleanup': False}), changed=False)  # the component's defaults
    assert first['synchronized'] is False and first['subscribed']['update_file_languages'] == ['English']
    start = saved(host)
    plan = ok(host.run(SupComponent, SETTINGS, check_mode=True, diff=True), changed=True)
    assert saved(host) == start
    done = ok(host.run(SupComponent, SETTINGS, diff=True), changed=True)
    assert done['diff'] == plan['diff'] and done['subscriptions_changed'] is True
    assert done['before']['sync_schedule'] == {'enabled': True, 'interval': 7, 'unit': 'days',
                                               'start': done['before']['sync_schedule']['start']}
    wcm, sync = site(host)['sup_component'][WCM], site(host)['sup_component'][SYNC]
    assert (wcm['DefaultUseParentWSUS'], wcm['ParentWSUS'], wcm['ClientReportingLevel'], wcm['Call WSUS Cleanup']) == \
        (1, 'https://wsus01.contoso.com:8531', 2, 1)
    assert (wcm['Sync Supersedence Mode For NonFeature'], wcm['Sync Supersedence Age For NonFeature'],
            wcm['Sync Supersedence Mode For Feature']) == (1, 6, 0)
    assert wcm['SupportedUpdateLanguages'].split(',') == ['en', 'fr']
    assert wcm['SupportedTitleLanguages'].split(',') == ['en', 'de']
    assert (sync['Sync ExpressFiles'], sync['MaxInstallTime-Windows'], sync['MaxInstallTime-ServicePack']) == \
        (1, 5400, 14400)
    assert sorted(site(host)['update_catalog']['subscribed']) == sorted([CRITICAL, SECURITY, ROLLUPS])
    assert [a['name'] for a in site(host)['alerts']] == ['Synchronization failure alert for software update point: PR1']
    again = ok(host.run(SupComponent, SETTINGS), changed=False)
    assert again['after']['sync_schedule'] == {'enabled': True, 'interval': 12, 'unit': 'hours',
                                               'start': '2026-12-01 02:00'}
    assert again['subscribed']['summary_languages'] == ['English', 'German']


def component_turned_off(tmp_path) -> None:
    """No schedule, no alert, Microsoft Update again, fewer classifications and languages."""
    host = site_server(tmp_path)
    ok(host.run(SupComponent, SETTINGS), changed=True)
    off = {'sync_source': 'microsoft_update', 'sync_schedule': {'enabled': False}, 'sync_failure_alert': False,
           'classifications': ['Security Updates'], 'classifications_mode': 'remove',
           'update_file_languages': ['French'], 'update_file_languages_mode': 'remove',
           'supersedence_months': 0, 'feature_supersedence_months': 2}
    done = ok(host.run(SupComponent, off), changed=True)
    assert done['after']['classifications'] == ['Critical Updates', 'Update Rollups']
    wcm, sync = site(host)['sup_component'][WCM], site(host)['sup_component'][SYNC]
    assert sync['Sync Schedule'] == '' and not site(host)['alerts'] and wcm['DefaultUseParentWSUS'] == 0
    assert wcm['SupportedUpdateLanguages'] == 'en' and wcm['Sync Supersedence Mode For NonFeature'] == 0
    assert (wcm['Sync Supersedence Mode For Feature'], wcm['Sync Supersedence Age For Feature']) == (1, 2)
    assert sorted(site(host)['update_catalog']['subscribed']) == sorted([CRITICAL, ROLLUPS])
    ok(host.run(SupComponent, off), changed=False)
    back = ok(host.run(SupComponent, {'sync_schedule': {'enabled': True, 'interval': 1}}), changed=True)
    assert back['after']['sync_schedule']['interval'] == 1 and site(host)['sup_component'][SYNC]['Sync Schedule']


def component_never_synchronized(tmp_path) -> None:
    """Products before the first synchronization: pending in check mode, refused by a real run."""
    host = site_server(tmp_path)
    args = {'classifications': ['Critical Updates'], 'products': ['Windows 11']}
    plan = ok(host.run(SupComponent, args, check_mode=True), changed=True)
    assert plan['pending'] == [{'option': 'products', 'item': 'Windows 11',
                                'reason': 'the site has never synchronized, so it does not know its products yet'}]
    failed = host.run(SupComponent, args)
    assert failed['failed'] and 'configmgr.sup.sup_sync' in failed['msg']
    assert not (site(host).get('update_catalog') or {}).get('subscribed')
    unknown = host.run(SupComponent, {'classifications': ['Critical Update']})
    assert unknown['failed'] and "close names: 'Critical Updates'" in unknown['msg']


def component_after_first_sync(tmp_path) -> None:
    """Products by name and ID once the site synchronized; a shared display name and a typo are refused."""
    host = synchronized(tmp_path)
    args = {'products': ['Windows 11', '569e8e8f-c6cd-42c8-92a3-efbb20a0f6f5'], 'products_mode': 'add'}
    plan = ok(host.run(SupComponent, args, check_mode=True, diff=True), changed=True)
    assert plan['synchronized'] is True and plan['pending'] == []
    assert plan['diff']['after']['products'] == ['Windows 11', 'Windows Server 2016']
    ok(host.run(SupComponent, args), changed=True)
    assert sorted(site(host)['update_catalog']['subscribed']) == ['product:569e8e8f-c6cd-42c8-92a3-efbb20a0f6f5',
                                                                  'product:72e7624a-5b00-45d2-b92f-e561c0a6a160']
    ok(host.run(SupComponent, args), changed=False)
    shared = host.run(SupComponent, {'products': ['Windows Server 2019', 'Windws 10']})
    assert shared['failed'] and 'Product:f702a48c-919b-45d6-9aef-ca4248d50397 and ' \
        'Product:6e56e6da-f22f-47c9-97b4-510153a06740' in shared['msg']
    assert "'Windws 10' is not a product of site PR1; close names: 'Windows 10'" in shared['msg']
    assert len(site(host)['update_catalog']['subscribed']) == 2


def component_changed_since_read(tmp_path) -> None:
    """A console edit between the read and the change: nothing is changed, the re-run plans from it."""
    host = site_server(tmp_path)
    args = {'classifications': ['Critical Updates'], 'reporting_events': 'all'}

    def subscribe(state: dict[str, t.Any]) -> None:
        catalog = state['configmgr'].setdefault('update_catalog', {'synchronized': False, 'subscribed': []})
        catalog['subscribed'].append(CRITICAL)

    def console_edit() -> None:
        edit(host, subscribe)
    with between_probe_and_apply(SupComponent, console_edit):
        result = host.run(SupComponent, args)
    assert result['failed'] and result['changed'] is False and 'Nothing was changed' in result['msg']
    assert f'categories/{CRITICAL}' in result['msg'].replace('UpdateClassification', 'updateclassification')
    assert ((site(host).get('sup_component') or {}).get(WCM) or {}).get('ClientReportingLevel', 0) == 0
    again = ok(host.run(SupComponent, args), changed=True)
    assert again['before']['classifications'] == again['after']['classifications'] == ['Critical Updates']
    assert again['subscriptions_changed'] is False

    def schedule_edit() -> None:
        edit(host, lambda state: state['configmgr']['sup_component'][SYNC].update({'Sync Schedule': ''}))
    with between_probe_and_apply(SupComponent, schedule_edit):
        result = host.run(SupComponent, {'sync_schedule': {'enabled': True, 'interval': 2}})
    assert result['failed'] and 'sync/Sync Schedule/value1 changed since it was read' in result['msg']


#: source file -> the scenarios that run it
SCENARIOS: dict[str, list[t.Callable[[t.Any], None]]] = {
    'sup_component_get.ps1': [component_settings, component_turned_off, component_never_synchronized,
                              component_after_first_sync],
    'sup_component_set.ps1': [component_settings, component_turned_off, component_changed_since_read],
    '_sup_component_read.ps1': [component_settings, component_turned_off, component_changed_since_read],
}

#: (file, kind, what the mutant changes) -> why it cannot change what the script does
EQUIVALENT: dict[tuple[str, str, str], str] = {}



@pytest.mark.parametrize('scenario', [component_settings, component_turned_off, component_never_synchronized,
                                      component_after_first_sync, component_changed_since_read],
                         ids=lambda s: s.__name__)
def test_sup_component_scenario_passes_with_the_shipped_scripts(scenario, tmp_path, monkeypatch):
    monkeypatch.setattr(_engine, '_SCRIPTS', {})
    scenario(tmp_path)


def test_sup_component_probe_fits_the_engines_output_depth(tmp_path, monkeypatch):
    """A synchronized site's probe (categories, both components' props), replayed without a depth limit, is what
    win_powershell returns at the engine's depth: nothing is squashed into a type name."""
    sent: list[dict[str, t.Any]] = []
    original = standin.run_script

    def record(module_args, check_mode, environ=None, **kwargs):
        sent.append(dict(module_args))
        return original(module_args, check_mode, environ, **kwargs)
    host = synchronized(tmp_path)
    monkeypatch.setattr(labhost, 'run_script', record)
    ok(host.run(SupComponent, {'products': ['Windows 11']}, check_mode=True), changed=True)
    probe = next(args for args in sent if standin.script_op(args['script']) == 'sup_component/get')
    output = standin.run_script(dict(probe, depth=100), False, host.environ())['output']
    assert len(output[0]['categories']) > 20 and output[0]['component']['ParentWSUS']
    assert convert_output_object(output, _engine.OUTPUT_DEPTH) == output


@pytest.mark.parametrize('file_name,mutant', script_mutants(SCENARIOS, EQUIVALENT), ids=lambda value: str(value).replace(' ', '_'))
def test_sup_component_mutant_is_killed(file_name, mutant, monkeypatch, tmp_path):
    send_mutant(monkeypatch, file_name, mutant.text)
    assert_killed(file_name, mutant, SCENARIOS, tmp_path)
