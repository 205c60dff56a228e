"""sup_component decisions: only the given settings, names resolved before any change, pending products, one Set call."""

from __future__ import annotations

import typing as t

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_component import SupComponentAction
from harness import FakeHost, ok, run_action

CRITICAL = 'UpdateClassification:e6cf1350-c01b-414d-a61f-263d14d133b4'
SECURITY = 'UpdateClassification:0fa1201d-4330-4fa8-8ae9-b877473b6441'
ROLLUPS = 'UpdateClassification:28bc880e-0592-4cbf-8f95-c79b17911d5f'
DRIVERS = 'UpdateClassification:ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0'
WS2022 = 'Product:71718f13-7324-4b0f-8f9e-2ca9dc978e53'
WS2019 = 'Product:f702a48c-919b-45d6-9aef-ca4248d50397'
CLASSIFICATIONS = [(CRITICAL, 'Critical Updates'), (SECURITY, 'Security Updates'), (ROLLUPS, 'Update Rollups')]
PRODUCTS = [(WS2022, 'Windows Server 2022'), (WS2019, 'Windows Server 2019')]
COMPONENT = {'DefaultUseParentWSUS': (0, ''), 'ParentWSUS': (0, ''), 'ClientReportingLevel': (1, ''),
             'Call WSUS Cleanup': (0, ''), 'SupportedUpdateLanguages': (0, 'en'), 'SupportedTitleLanguages': (0, 'en'),
             'Sync Supersedence Mode For NonFeature': (1, ''), 'Sync Supersedence Age For NonFeature': (3, ''),
             'Sync Supersedence Mode For Feature': (1, ''), 'Sync Supersedence Age For Feature': (3, '')}
SYNC = {'Sync Schedule': (0, ''), 'Sync ExpressFiles': (0, ''), 'MaxInstallTime-Windows': (3600, ''),
        'MaxInstallTime-ServicePack': (7200, '')}


def props(table: dict[str, tuple[int, str]], **changes: t.Any) -> dict[str, dict[str, t.Any]]:
    out = {}
    for name, (value, text) in dict(table, **changes).items():
        field = 'value1' if name == 'Sync Schedule' else 'value2'
        out[name] = {'value': value, 'value1': '', 'value2': ''}
        out[name][field] = text
    return out


def probe(subscribed=(CRITICAL,), synced=True, component=None, sync=None, schedule=None, alert=False,
          categories=None) -> dict[str, t.Any]:
    """A sup_component probe answer; ``synced``: the site has products and a last successful sync."""
    listed = categories if categories is not None else (
        [(i, n, 'UpdateClassification') for i, n in CLASSIFICATIONS] +
        ([(i, n, 'Product') for i, n in PRODUCTS] if synced else []) +
        [('Company:56309036-4c77-4dd9-951a-99ee9c246a94', 'Microsoft', 'Company')])
    return {
        'site_code': 'PR1',
        'component': props(COMPONENT, **(component or {})),
        'sync': props(SYNC, **(sync or {})),
        'alert': alert,
        'schedule': schedule,
        'categories': [{'id': i, 'name': n, 'type': kind, 'subscribed': i in subscribed, 'allow': i != DRIVERS}
                       for i, n, kind in listed],
        'last_successful_sync': ['2026-11-20T02:00:00'] if synced else [],
    }


def host(state):
    return FakeHost({'sup_component/get': ok(state, changed=False), 'sup_component/set': ok(None)})


def applied(fake):
    assert fake.ops() == ['sup_component/get', 'sup_component/set']
    return {name: value for name, value in fake.calls[1]['parameters'].items() if name != 'Expected'}


def expected(fake):
    return fake.calls[1]['parameters']['Expected']


def run(args, state=None, **kwargs):
    fake = host(state or probe())
    return run_action(SupComponentAction, args, fake, **kwargs), fake


# ---- scalar settings ------------------------------------------------------------------------------------------
def test_only_the_given_settings_are_compared_and_set_in_one_call():
    result, fake = run({'sync_source': 'upstream', 'upstream_source': 'https://wsus.contoso.com:8531',
                        'reporting_events': 'status_only', 'wsus_cleanup': True}, diff=True)
    assert applied(fake) == {'SiteCode': 'PR1', 'SynchronizeAction': 'SynchronizeFromAnUpstreamDataSourceLocation',
                             'UpstreamSourceLocation': 'https://wsus.contoso.com:8531',
                             'EnableCallWsusCleanupWizard': True}
    assert expected(fake) == {'component/DefaultUseParentWSUS/value': 0, 'component/ParentWSUS/value2': '',
                              'component/Call WSUS Cleanup/value': 0}
    assert result['diff']['before'] == {'sync_source': 'microsoft_update', 'upstream_source': '',
                                        'reporting_events': 'status_only', 'wsus_cleanup': False}
    assert set(result['after']) == {'sync_source', 'upstream_source', 'reporting_events', 'wsus_cleanup'}


def test_converged_component_is_one_read():
    result, fake = run({'sync_source': 'microsoft_update', 'reporting_events': 'status_only', 'supersedence_months': 3,
                        'max_runtime_minutes': 60, 'feature_max_runtime_minutes': 120,
                        'content_file_option': 'full_files', 'sync_failure_alert': False, 'classifications':
                        ['critical updates'], 'update_file_languages': ['English'], 'summary_languages': ['en']})
    assert result['changed'] is False and fake.ops() == ['sup_component/get']
    assert result['subscriptions_changed'] is False and result['synchronized'] is True


def test_supersedence_immediately_or_after_months_for_each_kind_of_update():
    _, fake = run({'supersedence_months': 0, 'feature_supersedence_months': 6})
    assert applied(fake) == {'SiteCode': 'PR1', 'ImmediatelyExpireSupersedence': True,
                             'ImmediatelyExpireSupersedenceForFeature': False, 'WaitMonthForFeature': 6}
    result, fake = run({'supersedence_months': 4}, probe(component={'Sync Supersedence Mode For NonFeature': (0, '')}))
    assert result['before'] == {'supersedence_months': 0} and result['after'] == {'supersedence_months': 4}
    assert applied(fake) == {'SiteCode': 'PR1', 'ImmediatelyExpireSupersedence': False, 'WaitMonth': 4}
    assert expected(fake) == {'component/Sync Supersedence Mode For NonFeature/value': 0,
                              'component/Sync Supersedence Age For NonFeature/value': 3}


def test_maximum_run_times_are_minutes_over_seconds_and_express_files():
    result, fake = run({'max_runtime_minutes': 90, 'content_file_option': 'express'})
    assert result['before'] == {'max_runtime_minutes': 60, 'content_file_option': 'full_files'}
    assert applied(fake) == {'SiteCode': 'PR1', 'NonFeatureUpdateMaxRuntimeMins': 90,
                             'ContentFileOption': 'ExpressForWindows10Only'}
    assert expected(fake) == {'sync/MaxInstallTime-Windows/value': 3600, 'sync/Sync ExpressFiles/value': 0}


def test_sync_failure_alert_is_read_from_the_alerts():
    _, fake = run({'sync_failure_alert': True})
    assert applied(fake) == {'SiteCode': 'PR1', 'EnableSyncFailureAlert': True}
    assert expected(fake) == {'alert/exists': False}
    result, fake = run({'sync_failure_alert': True}, probe(alert=True))
    assert result['changed'] is False


def test_a_new_schedule_is_sent_as_new_cmschedule_parameters():
    result, fake = run({'sync_schedule': {'enabled': True, 'interval': 7, 'start': '2026-12-01 02:00'}}, diff=True)
    assert applied(fake) == {'SiteCode': 'PR1', 'EnableSynchronization': True, 'ScheduleInterval': 'Days',
                             'ScheduleCount': 7, 'ScheduleStart': '2026-12-01T02:00:00'}
    assert expected(fake) == {'sync/Sync Schedule/value1': ''}
    assert result['diff']['before']['sync_schedule'] == {'enabled': False, 'interval': None, 'unit': None, 'start': None}
    assert result['diff']['after']['sync_schedule'] == {'enabled': True, 'interval': 7, 'unit': 'days',
                                                        'start': '2026-12-01 02:00'}


def test_a_schedule_keeps_its_start_unless_the_task_gives_one():
    every_day = {'day_span': 1, 'hour_span': 0, 'minute_span': 0, 'start': '2026-01-01T02:00:00'}
    state = probe(sync={'Sync Schedule': (0, '0001200000100018')}, schedule=every_day)
    result, fake = run({'sync_schedule': {'enabled': True, 'interval': 1}}, state)
    assert result['changed'] is False and fake.ops() == ['sup_component/get']
    _, fake = run({'sync_schedule': {'enabled': True, 'interval': 6, 'unit': 'hours'}}, state)
    assert applied(fake) == {'SiteCode': 'PR1', 'EnableSynchronization': True, 'ScheduleInterval': 'Hours',
                             'ScheduleCount': 6, 'ScheduleStart': '2026-01-01T02:00:00'}
    assert expected(fake) == {'sync/Sync Schedule/value1': '0001200000100018'}
    _, fake = run({'sync_schedule': {'enabled': False}}, state)
    assert applied(fake) == {'SiteCode': 'PR1', 'EnableSynchronization': False}


def test_a_new_start_alone_changes_the_schedule():
    every_day = {'day_span': 1, 'hour_span': 0, 'minute_span': 0, 'start': '2026-01-01T02:00:00'}
    state = probe(sync={'Sync Schedule': (0, '0001200000100018')}, schedule=every_day)
    _, fake = run({'sync_schedule': {'enabled': True, 'interval': 1, 'start': '2026-01-01 03:30'}}, state)
    assert applied(fake)['ScheduleStart'] == '2026-01-01T03:30:00'


def test_the_upstream_url_compares_without_regard_to_case_or_a_trailing_slash():
    state = probe(component={'DefaultUseParentWSUS': (1, ''), 'ParentWSUS': (0, 'https://WSUS01.contoso.com:8531/')})
    result, fake = run({'sync_source': 'upstream', 'upstream_source': 'https://wsus01.contoso.com:8531'}, state)
    assert result['changed'] is False and fake.ops() == ['sup_component/get']


def test_enabling_a_schedule_without_an_interval_needs_one_on_the_site():
    with pytest.raises(AnsibleActionFail, match='sync_schedule: needs interval'):
        run({'sync_schedule': {'enabled': True}})


# ---- classifications, products, languages ---------------------------------------------------------------------------
def test_exact_list_by_name_and_id_subscribes_and_unsubscribes_with_names_in_the_diff():
    result, fake = run({'classifications': ['Security Updates', ROLLUPS.partition(':')[2].upper()]}, diff=True)
    assert applied(fake) == {'SiteCode': 'PR1', 'AddUpdateClassification': ['Security Updates', 'Update Rollups'],
                             'RemoveUpdateClassification': ['Critical Updates']}
    assert expected(fake) == {f'categories/{SECURITY}': False, f'categories/{ROLLUPS}': False,
                              f'categories/{CRITICAL}': True}
    assert result['diff'] == {'before': {'classifications': ['Critical Updates']},
                              'after': {'classifications': ['Security Updates', 'Update Rollups']}}
    assert result['subscriptions_changed'] is True
    assert result['subscribed']['classifications'] == ['Security Updates', 'Update Rollups']


def test_add_and_remove_modes_touch_only_the_items_given():
    _, fake = run({'classifications': ['Security Updates', 'Critical Updates'], 'classifications_mode': 'add'})
    assert applied(fake) == {'SiteCode': 'PR1', 'AddUpdateClassification': ['Security Updates']}
    result, fake = run({'classifications': ['Security Updates'], 'classifications_mode': 'remove'})
    assert result['changed'] is False
    result, fake = run({'products': ['Windows Server 2019'], 'products_mode': 'remove'},
                       probe(subscribed=(CRITICAL, WS2019, WS2022)))
    assert applied(fake) == {'SiteCode': 'PR1', 'RemoveProduct': ['Windows Server 2019']}
    assert result['after'] == {'products': ['Windows Server 2022']}
    assert result['subscribed']['classifications'] == ['Critical Updates']  # not given: what the site has


def test_languages_by_culture_or_display_name_are_sent_by_display_name():
    result, fake = run({'update_file_languages': ['fr', 'English'], 'summary_languages': ['English', 'de'],
                        'summary_languages_mode': 'add'}, diff=True)
    assert applied(fake) == {'SiteCode': 'PR1', 'AddLanguageUpdateFile': ['French'],
                             'AddLanguageSummaryDetail': ['German']}
    assert expected(fake) == {'component/SupportedUpdateLanguages/value2': 'en',
                              'component/SupportedTitleLanguages/value2': 'en'}
    assert result['diff']['after'] == {'update_file_languages': ['English', 'French'],
                                       'summary_languages': ['English', 'German']}


def test_every_unknown_name_fails_with_its_option_and_close_names_before_any_change():
    fake = host(probe())
    with pytest.raises(AnsibleActionFail) as err:
        run_action(SupComponentAction, {'classifications': ['Security Update', 'Critical Updates'],
                                        'products': ['Windows Server 2023', 'Office 2042'],
                                        'update_file_languages': ['Frnch']}, fake)
    message = str(err.value)
    assert "classifications: 'Security Update' is not a classification of site PR1; close names: 'Security Updates'" \
        in message
    assert "products: 'Windows Server 2023' is not a product of site PR1; close names: 'Windows Server 2022', " \
           "'Windows Server 2019'" in message
    assert "products: 'Office 2042' is not a product of site PR1; no close name" in message
    assert "update_file_languages: 'Frnch' is not an update file language" in message and "'French'" in message
    assert fake.ops() == ['sup_component/get']


def test_a_display_name_two_categories_share_is_refused_with_both_ids():
    twin = 'Product:11111111-2222-3333-4444-555555555555'
    categories = [(WS2022, 'Windows Server 2022', 'Product'), (twin, 'Windows Server 2022', 'Product')]
    for item in ('Windows Server 2022', twin.partition(':')[2]):
        fake = host(probe(categories=categories))
        with pytest.raises(AnsibleActionFail) as err:
            run_action(SupComponentAction, {'products': [item]}, fake)
        assert f'shared by {WS2022} and {twin}' in str(err.value) and str(err.value).count('products:') == 1
        assert fake.ops() == ['sup_component/get']


def test_a_category_the_site_does_not_allow_cannot_be_added_but_can_be_removed():
    categories = [(CRITICAL, 'Critical Updates', 'UpdateClassification'), (DRIVERS, 'Drivers', 'UpdateClassification')]
    with pytest.raises(AnsibleActionFail, match="classifications: 'Drivers' cannot be subscribed .*AllowSubscription"):
        run({'classifications': ['Drivers'], 'classifications_mode': 'add'}, probe(categories=categories))
    _, fake = run({'classifications': ['Critical Updates']}, probe(subscribed=(CRITICAL, DRIVERS), categories=categories))
    assert applied(fake) == {'SiteCode': 'PR1', 'RemoveUpdateClassification': ['Drivers']}


def test_a_site_without_a_software_update_point_has_no_component_to_set():
    state = dict(probe(), component={}, sync={})
    result, fake = run({'wsus_cleanup': True}, state)
    assert result['failed'] and 'configmgr.sup.sup_role' in result['msg'] and fake.ops() == ['sup_component/get']
    result, fake = run({'wsus_cleanup': True}, state, check_mode=True)
    assert result['changed'] is True and 'configmgr.sup.sup_role' in result['warnings'][0]
    result, fake = run({'classifications': ['Critical Update']}, state)  # the missing component first
    assert result['failed'] and 'configmgr.sup.sup_role' in result['msg'] and 'close names' not in result['msg']


def test_an_id_of_another_category_type_is_refused():
    with pytest.raises(AnsibleActionFail, match="classifications: 'Product:.*' is the ID of a Product"):
        run({'classifications': [WS2022]})


# ---- a site that never synchronized ---------------------------------------------------------------------------------
def test_check_mode_on_a_never_synchronized_site_plans_products_as_pending():
    result, fake = run({'classifications': ['Security Updates'], 'products': ['Windows Server 2022']},
                       probe(synced=False), check_mode=True, diff=True)
    assert result['changed'] is True and fake.ops() == ['sup_component/get']
    assert result['pending'] == [{'option': 'products', 'item': 'Windows Server 2022',
                                  'reason': 'the site has never synchronized, so it does not know its products yet'}]
    assert result['synchronized'] is False and result['subscriptions_changed'] is True
    assert result['diff']['after']['products'] == ['Windows Server 2022']
    assert result['subscribed']['products'] == ['Windows Server 2022']


def test_a_real_run_on_a_never_synchronized_site_with_products_fails_before_any_change():
    result, fake = run({'classifications': ['Security Updates'], 'products': ['Windows Server 2022']},
                       probe(synced=False))
    assert result['failed'] and fake.ops() == ['sup_component/get']
    assert "never synchronized software updates, so it does not know 'Windows Server 2022' (products) yet" in \
        result['msg'] and 'configmgr.sup.sup_sync' in result['msg']
    assert result['pending'][0]['item'] == 'Windows Server 2022' and result['synchronized'] is False


def test_a_never_synchronized_site_still_knows_its_classifications():
    with pytest.raises(AnsibleActionFail) as err:
        run({'classifications': ['Securty Updates'], 'products': ['Windows Server 2022']}, probe(synced=False))
    assert "close names: 'Security Updates'" in str(err.value) and 'configmgr.sup.sup_sync' in str(err.value)


def test_a_synchronized_site_without_the_product_fails_as_unknown_not_pending():
    with pytest.raises(AnsibleActionFail, match="products: 'Windows 11' is not a product"):
        run({'products': ['Windows 11']}, probe(categories=[(CRITICAL, 'Critical Updates', 'UpdateClassification')]))


# ---- input rules ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize('args, option', [
    ({'sync_source': 'upstream'}, 'upstream_source'),
    ({'upstream_source': 'https://wsus.contoso.com'}, 'upstream_source'),
    ({'sync_source': 'upstream', 'upstream_source': 'wsus.contoso.com'}, 'upstream_source'),
    ({'sync_source': 'windows_update'}, 'sync_source'),
    ({'supersedence_months': 100}, 'supersedence_months'),
    ({'feature_supersedence_months': -1}, 'feature_supersedence_months'),
    ({'max_runtime_minutes': 0}, 'max_runtime_minutes'),
    ({'sync_schedule': {'interval': 1}}, 'enabled'),
    ({'sync_schedule': {'enabled': True, 'interval': 24, 'unit': 'hours'}}, 'sync_schedule'),
    ({'sync_schedule': {'enabled': True, 'interval': 1, 'start': '01/12/2026 02:00'}}, 'sync_schedule'),
    ({'sync_schedule': {'enabled': False, 'interval': 1}}, 'sync_schedule'),
    ({'products_mode': 'add'}, 'products_mode'),
    ({'classifications': ['']}, 'classifications'),
    ({'site_code': 'P1'}, 'site_code'),
    ({'classification': ['x']}, 'classification'),
])
def test_bad_input_fails_naming_the_option_before_any_call(args, option):
    fake = host(probe())
    with pytest.raises(AnsibleActionFail) as err:
        run_action(SupComponentAction, args, fake)
    assert option in str(err.value) and str(err.value).startswith('configmgr.sup.sup_component: ')
    assert fake.calls == []
