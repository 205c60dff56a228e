"""sup_component end to end on the lab's site server: plan, change, converge, the refusals, a never-synchronized site."""

from __future__ import annotations

import json
import time
import typing as t

import yaml

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
SITE = {'profile': 'site_server', 'site_code': 'PR1', 'existing_software_update_points': [SUP]}
SETTINGS = {'sync_source': 'microsoft_update', 'sync_failure_alert': True, 'reporting_events': 'status_only',
            'sync_schedule': {'enabled': True, 'interval': 12, 'unit': 'hours', 'start': '2026-12-01 02:00'},
            'classifications': ['Critical Updates', 'security updates', '28bc880e-0592-4cbf-8f95-c79b17911d5f'],
            'update_file_languages': ['en', 'French'], 'supersedence_months': 0, 'wsus_cleanup': True,
            'content_file_option': 'express', 'max_runtime_minutes': 90}
WS2016 = 'Product:569e8e8f-c6cd-42c8-92a3-efbb20a0f6f5'


def component(lab, *args: str, tasks: list[dict[str, t.Any]] | None = None, **module_args):
    """One sup_component task (named Component) on the site server, after ``tasks``."""
    playbook = lab.state_dir / 'component.yml'
    playbook.parent.mkdir(parents=True, exist_ok=True)
    steps = list(tasks or []) + [{'name': 'Component', 'configmgr.sup.sup_component': module_args}]
    playbook.write_text(yaml.safe_dump([{'name': 'Component', 'hosts': 'configmgr_site_servers',
                                         'gather_facts': False, 'tasks': steps}]))
    run = lab.playbook(playbook, *args)
    return run, run.results('Component')[CM]


def site(lab) -> dict[str, t.Any]:
    return lab.host_state(CM)['configmgr']


def settings_now(lab) -> dict[str, t.Any]:
    """The component, the subscriptions and the alerts as the site keeps them."""
    state = site(lab)
    return {key: state.get(key) for key in ('sup_component', 'update_catalog', 'alerts')}


def sets(lab) -> list[dict[str, t.Any]]:
    return [call for call in lab.calls() if call['op'] == 'sup_component/set']


def synchronize(lab) -> None:
    """The site's first full synchronization (the lab's WSyncMgr, as Sync-CMSoftwareUpdate starts it), after what it
    needs: WSUS on the software update point and the WSUS console (its API) on the site server."""
    from labsim.configmgr import sync  # pylint: disable=import-outside-toplevel
    from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
    assert lab.playbook('wsus_install.yml', '-e', json.dumps({'target': SUP})).rc == 0
    console = {'target': 'configmgr_site_servers', 'wsus_args': {'role': 'console'}}
    assert lab.playbook('wsus_install.yml', '-e', json.dumps(console)).rc == 0
    with Store(lab.state_dir).host(CM, SITE) as host:
        assert sync.request(host, host.data['configmgr'], full=True)
    lab.time_scale = 100000
    time.sleep(0.05)
    lab.touch(CM)
    lab.time_scale = None
    assert site(lab)['update_catalog']['synchronized'] is True


def test_check_mode_plans_then_a_run_changes_once_and_a_rerun_changes_nothing(lab):
    lab.set_host_config(CM, SITE)
    run, planned = component(lab, '--check', '--diff', **SETTINGS)
    assert run.rc == 0, run.stdout[-3000:]
    assert planned['changed'] is True and sets(lab) == []
    assert planned['diff']['after']['classifications'] == ['Critical Updates', 'Security Updates', 'Update Rollups']
    assert planned['diff']['after']['update_file_languages'] == ['English', 'French']
    # check mode wrote nothing: the component keeps its defaults, no subscription, no alert
    assert settings_now(lab) == {'sup_component': None, 'update_catalog': None, 'alerts': None}

    run, done = component(lab, '--diff', **SETTINGS)
    assert run.rc == 0, run.stdout[-3000:]
    assert done['changed'] is True and len(sets(lab)) == 1
    assert done['diff'] == planned['diff']  # check mode predicted exactly this
    assert done['subscriptions_changed'] is True and done['synchronized'] is False
    catalog = site(lab)['update_catalog']
    assert len(catalog['subscribed']) == 3
    props = site(lab)['sup_component']
    assert props['SMS_WSUS_CONFIGURATION_MANAGER']['SupportedUpdateLanguages'].split(',') == ['en', 'fr']
    assert props['SMS_WSUS_SYNC_MANAGER']['MaxInstallTime-Windows'] == 5400

    lab.reset_calls()
    run, again = component(lab, **SETTINGS)
    assert again['changed'] is False and [c['op'] for c in lab.calls()] == ['sup_component/get']
    assert again['subscribed']['classifications'] == ['Critical Updates', 'Security Updates', 'Update Rollups']


def test_a_setting_the_task_leaves_out_keeps_its_console_value(lab):
    lab.set_host_config(CM, SITE)
    run, done = component(lab, reporting_events='all')
    assert done['changed'] is True and done['before'] == {'reporting_events': 'none'}
    run, done = component(lab, wsus_cleanup=True)
    assert done['changed'] is True and set(done['after']) == {'wsus_cleanup'}
    assert site(lab)['sup_component']['SMS_WSUS_CONFIGURATION_MANAGER']['ClientReportingLevel'] == 2


def test_unknown_names_fail_with_close_names_and_change_nothing(lab):
    lab.set_host_config(CM, SITE)
    run, result = component(lab, classifications=['Critical Update', 'Secuirty Updates'], summary_languages=['Frnch'],
                            wsus_cleanup=True)
    assert run.rc != 0 and result['failed']
    msg = result['msg']
    assert "classifications: 'Critical Update' is not a classification of site PR1; close names: 'Critical Updates'" \
        in msg
    assert "'Secuirty Updates'" in msg and "'Security Updates'" in msg
    assert "summary_languages: 'Frnch' is not a summary details language" in msg and "'French'" in msg
    assert sets(lab) == []


def test_bad_input_fails_cleanly_naming_the_option_without_touching_the_host(lab):
    lab.set_host_config(CM, SITE)
    for args, option in (({'sync_source': 'upstream'}, 'upstream_source'),
                         ({'sync_schedule': {'enabled': True, 'interval': 40}}, 'sync_schedule'),
                         ({'products_mode': 'add'}, 'products_mode')):
        run, result = component(lab, **args)
        assert result['failed'] and option in result['msg'], result
        assert result['msg'].startswith('configmgr.sup.sup_component: ')
    assert lab.calls() == []


def test_products_on_a_site_that_never_synchronized(lab):
    lab.set_host_config(CM, SITE)
    args = {'classifications': ['Security Updates'], 'products': ['Windows Server 2016', 'Windows 11']}
    run, planned = component(lab, '--check', **args)
    assert planned['changed'] is True and planned['synchronized'] is False
    assert [p['item'] for p in planned['pending']] == ['Windows Server 2016', 'Windows 11']
    run, failed = component(lab, **args)
    assert failed['failed'] and 'never synchronized' in failed['msg'] and 'configmgr.sup.sup_sync' in failed['msg']
    assert "'Windows Server 2016' (products)" in failed['msg'] and sets(lab) == []
    assert not site(lab).get('update_catalog')  # nothing changed, the classifications neither


def test_after_the_first_synchronization_products_converge_by_name_and_id(lab):
    lab.set_host_config(CM, SITE)
    run, done = component(lab, classifications=['Security Updates'], sync_source='microsoft_update')
    assert done['changed'] is True
    synchronize(lab)
    args = {'products': ['Windows 11', WS2016.partition(':')[2]], 'products_mode': 'add'}
    run, planned = component(lab, '--check', '--diff', **args)
    assert planned['synchronized'] is True and planned['pending'] == []
    assert planned['diff']['after']['products'] == ['Windows 11', 'Windows Server 2016']
    run, done = component(lab, **args)
    assert done['changed'] is True and done['subscriptions_changed'] is True
    run, again = component(lab, **args)
    assert again['changed'] is False


def test_a_product_name_two_products_share_is_refused_with_both_ids(lab):
    lab.set_host_config(CM, SITE)
    synchronize(lab)
    run, result = component(lab, products=['Windows Server 2019'])
    assert result['failed'] and sets(lab) == []
    assert 'Product:f702a48c-919b-45d6-9aef-ca4248d50397' in result['msg']
    assert 'Product:6e56e6da-f22f-47c9-97b4-510153a06740' in result['msg']
