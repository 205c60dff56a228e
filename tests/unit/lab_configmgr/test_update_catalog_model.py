"""The update catalog, the software update point component and schedules, as the lab models them
(labsim.configmgr.update_catalog, component_cmdlets, schedule_cmdlets)."""

from __future__ import annotations

import datetime
import json

import pytest
from conftest import CM, LOGS, call, later, read
from supsite import config, install_sup, session

from labsim.powershell import api

UPDATES_ID = 'UpdateClassification:cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83'


def props(obj) -> dict:
    return {p.ps_get('PropertyName'): p for p in obj.ps_get('Props')}


def categories(site, **params) -> list:
    return call(site, 'Get-CMSoftwareUpdateCategory', Fast=True, **params)


def synchronize(store) -> None:
    with session(store) as site:
        call(site, 'Sync-CMSoftwareUpdate')
    later(store, CM, config(), 200)


@pytest.fixture
def sup(store):
    install_sup(store)
    return store


def test_a_site_that_never_synchronized_knows_only_classifications_and_the_company(sup):
    with session(sup) as site:
        found = categories(site)
        types = {c.ps_get('CategoryTypeName') for c in found}
        assert types == {'UpdateClassification', 'Company'}
        assert not any(c.ps_get('IsSubscribed') for c in found)  # no default subscriptions
        assert [c.ps_get('LocalizedCategoryInstanceName') for c in categories(site, TypeName='Company')] == \
            ['Microsoft Corporation']
        assert categories(site, TypeName='Product') == []


def test_products_and_families_appear_with_the_first_successful_synchronization(sup):
    synchronize(sup)
    with session(sup) as site:
        products = {c.ps_get('LocalizedCategoryInstanceName') for c in categories(site, TypeName='Product')}
        assert {'Microsoft Server operating system-21H2', 'Windows 11', 'Office 2016'} <= products
        [windows] = categories(site, TypeName='ProductFamily', Name='Windows')
        [product] = categories(site, UniqueId='Product:72e7624a-5b00-45d2-b92f-e561c0a6a160')
        assert product.ps_get('ParentCategoryInstanceID') == windows.ps_get('CategoryInstanceID')
        assert product.ps_get('SourceSite') == 'PR1'


def test_two_products_share_the_title_windows_server_2019_as_in_microsofts_catalog(sup):
    synchronize(sup)
    with session(sup) as site:
        found = categories(site, Name='Windows Server 2019')
        assert sorted(c.ps_get('CategoryInstance_UniqueID') for c in found) == [
            'Product:6e56e6da-f22f-47c9-97b4-510153a06740', 'Product:f702a48c-919b-45d6-9aef-ca4248d50397']
        assert len({c.ps_get('CategoryInstanceID') for c in found}) == 2


def test_category_lookup_by_id_by_unique_id_and_wildcard(sup):
    with session(sup) as site:
        [updates] = categories(site, UniqueId=UPDATES_ID)
        assert updates.ps_get('LocalizedCategoryInstanceName') == 'Updates'
        [same] = categories(site, Id=str(updates.ps_get('CategoryInstanceID')))
        assert same.ps_get('CategoryInstance_UniqueID') == UPDATES_ID
        names = {c.ps_get('LocalizedCategoryInstanceName') for c in categories(site, Name='*Updates')}
        assert names == {'Critical Updates', 'Definition Updates', 'Security Updates', 'Updates',
                         'WSUS Infrastructure Updates'}
        with pytest.raises(api.LabUnsupported):
            updates.ps_get('CategoryInstanceName')  # not a property the lab writes


def test_classifications_subscribe_and_unsubscribe_by_display_name(sup):
    with session(sup) as site:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1',
             AddUpdateClassification=['Critical Updates', 'Security Updates'])
        subscribed = {c.ps_get('LocalizedCategoryInstanceName') for c in categories(site) if c.ps_get('IsSubscribed')}
        assert subscribed == {'Critical Updates', 'Security Updates'}
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', RemoveUpdateClassification='Critical Updates')
        subscribed = {c.ps_get('LocalizedCategoryInstanceName') for c in categories(site) if c.ps_get('IsSubscribed')}
        assert subscribed == {'Security Updates'}
    assert 'PutInstanceAsync SMS_UpdateCategoryInstance' in read(sup, CM, LOGS + 'SMSProv.log')


def test_a_product_before_the_first_synchronization_fails_and_changes_nothing(sup):
    with session(sup) as site:
        with pytest.raises(api.PSError) as error:
            call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', AddUpdateClassification='Updates',
                 AddProduct='Windows 11')
        assert error.value.record.error_id == 'ItemNotFound'
        assert 'Windows 11' in str(error.value)
        assert not any(c.ps_get('IsSubscribed') for c in categories(site))


def test_a_title_two_products_share_subscribes_both(sup):
    synchronize(sup)
    with session(sup) as site:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', AddProduct='Windows Server 2019')
        assert [c.ps_get('IsSubscribed') for c in categories(site, Name='Windows Server 2019')] == [True, True]


def test_a_product_family_subscribes_its_products(sup):
    synchronize(sup)
    with session(sup) as site:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', AddProductFamily='Office')
        office = {c.ps_get('LocalizedCategoryInstanceName') for c in categories(site, TypeName='Product')
                  if c.ps_get('IsSubscribed')}
        assert office == {'Office 2016', 'Office 2013', 'Microsoft 365 Apps/Office 2019/Office LTSC'}


def test_a_classification_that_allows_no_subscription_is_refused(sup):
    with session(sup) as site:
        with pytest.raises(api.PSError):
            call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', AddUpdateClassification='Drivers')
        assert not categories(site, Name='Drivers')[0].ps_get('IsSubscribed')


def test_languages_take_display_names_and_the_props_keep_culture_names(sup):
    with session(sup) as site:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', AddLanguageUpdateFile=['French', 'German'],
             RemoveLanguageSummaryDetail='English')
        [component] = call(site, 'Get-CMSoftwareUpdatePointComponent', SiteCode='PR1')
        assert props(component)['SupportedUpdateLanguages'].ps_get('Value2') == 'en,fr,de'
        assert props(component)['SupportedTitleLanguages'].ps_get('Value2') == ''
        with pytest.raises(api.PSError):
            call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', AddLanguageUpdateFile='fr')


def test_sync_source_upstream_needs_a_url_and_is_stored_in_the_props(sup):
    with session(sup) as site:
        with pytest.raises(api.PSError):
            call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1',
                 SynchronizeAction='SynchronizeFromAnUpstreamDataSourceLocation')
        with pytest.raises(api.PSError):
            call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', UpstreamSourceLocation='wsus01:8530')
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1',
             UpstreamSourceLocation='https://wsus01.contoso.com:8531',
             SynchronizeAction='SynchronizeFromAnUpstreamDataSourceLocation')
        component = props(call(site, 'Get-CMSoftwareUpdatePointComponent', SiteCode='PR1')[0])
        assert component['DefaultUseParentWSUS'].ps_get('Value') == 1
        assert component['ParentWSUS'].ps_get('Value2') == 'https://wsus01.contoso.com:8531'


def test_bool_parameters_take_booleans_not_strings(sup):
    with session(sup) as site:
        with pytest.raises(api.PSError) as error:
            call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', EnableCallWsusCleanupWizard='True')
        assert 'System.Boolean' in str(error.value)
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', EnableCallWsusCleanupWizard=True,
             ReportingEvent='CreateOnlyWsusStatusReportingEvents', ImmediatelyExpireSupersedenceForFeature=False,
             WaitMonthForFeature=6)
        component = props(call(site, 'Get-CMSoftwareUpdatePointComponent', SiteCode='PR1')[0])
        assert component['Call WSUS Cleanup'].ps_get('Value') == 1
        assert component['ClientReportingLevel'].ps_get('Value') == 1
        assert component['Sync Supersedence Age For Feature'].ps_get('Value') == 6


def test_schedule_round_trips_through_the_sync_manager_component(sup):
    with session(sup) as site:
        schedule = call(site, 'New-CMSchedule', RecurInterval='Hours', RecurCount=6,
                        Start=datetime.datetime(2026, 12, 1, 2, 30))
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', Schedule=schedule)
        [sync] = call(site, 'Get-CMSiteComponent', SiteCode='PR1', ComponentName='SMS_WSUS_SYNC_MANAGER')
        token = props(sync)['Sync Schedule'].ps_get('Value1')
        # minute 30, hour 2, day 1, month 12, year 2026-1970, interval type 2, hour span 6, local time
        assert token == '7841CE0000100600'
        [decoded] = call(site, 'Convert-CMSchedule', ScheduleString=token)
        assert (decoded.ps_get('HourSpan'), decoded.ps_get('DaySpan'), decoded.ps_get('IsGMT')) == (6, 0, False)
        assert decoded.ps_get('StartTime') == datetime.datetime(2026, 12, 1, 2, 30)
        assert call(site, 'Convert-CMSchedule', InputObject=decoded) == token
        [same] = call(site, 'Get-CMSoftwareUpdatePointComponent', SiteCode='PR1', WsusSyncManager=True)
        assert props(same)['Sync Schedule'].ps_get('Value1') == token
        with pytest.raises(api.PSError):  # a token string is not a schedule object
            call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', Schedule=token)
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', Schedule=None)
        assert props(call(site, 'Get-CMSiteComponent', SiteCode='PR1', ComponentName='SMS_WSUS_SYNC_MANAGER')[0])[
            'Sync Schedule'].ps_get('Value1') == ''


def test_new_schedule_refuses_a_count_out_of_range(sup):
    with session(sup) as site:
        with pytest.raises(api.PSError):
            call(site, 'New-CMSchedule', RecurInterval='Hours', RecurCount=24)


def test_runtime_and_content_options_are_written_in_seconds_and_flags(sup):
    with session(sup) as site:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', NonFeatureUpdateMaxRuntimeMins=90,
             FeatureUpdateMaxRuntimeMins=180, ContentFileOption='ExpressForWindows10Only')
        sync = props(call(site, 'Get-CMSiteComponent', SiteCode='PR1', ComponentName='SMS_WSUS_SYNC_MANAGER')[0])
        assert sync['MaxInstallTime-Windows'].ps_get('Value') == 5400
        assert sync['MaxInstallTime-ServicePack'].ps_get('Value') == 10800
        assert sync['Sync ExpressFiles'].ps_get('Value') == 1
        with pytest.raises(api.PSError):
            call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', FeatureUpdateMaxRuntimeMins=2)


def test_the_sync_failure_alert_is_created_and_deleted(sup):
    with session(sup) as site:
        assert call(site, 'Get-CMAlert') == []
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', EnableSyncFailureAlert=True)
        [alert] = call(site, 'Get-CMAlert', Name='Synchronization failure alert for software update point:*')
        assert alert.ps_get('AlertState') == 5  # never triggered
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', EnableSyncFailureAlert=False)
        assert call(site, 'Get-CMAlert') == []


def test_a_site_without_a_software_update_point_has_no_component(site):
    assert call(site, 'Get-CMSoftwareUpdatePointComponent', SiteCode='PR1') == []
    with pytest.raises(api.PSError) as error:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', EnableSyncFailureAlert=True)
    assert error.value.record.error_id == 'ItemNotFound'


def test_reading_the_component_and_the_catalog_changes_nothing(sup):
    with session(sup) as site:
        before = json.dumps(site.host.data['configmgr'], sort_keys=True)
        call(site, 'Get-CMSoftwareUpdatePointComponent', SiteCode='PR1')
        call(site, 'Get-CMSiteComponent', SiteCode='PR1', ComponentName='SMS_WSUS_SYNC_MANAGER')
        categories(site)
        call(site, 'Get-CMSoftwareUpdateSyncStatus')
        call(site, 'Get-CMAlert')
        assert json.dumps(site.host.data['configmgr'], sort_keys=True) == before


def test_whatif_changes_nothing(sup):
    with session(sup) as site:
        site.whatif = True
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', AddUpdateClassification='Updates',
             EnableSyncFailureAlert=True)
        site.whatif = False
        assert not categories(site, Name='Updates')[0].ps_get('IsSubscribed')
        assert call(site, 'Get-CMAlert') == []


def test_changing_the_supersedence_behavior_starts_a_full_synchronization(sup):
    with session(sup) as site:
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', ImmediatelyExpireSupersedence=True)
        assert any(p.get('key') == 'wsyncmgr-request' and p['args']['full'] for p in sup.pending(CM))
        call(site, 'Set-CMSoftwareUpdatePointComponent', SiteCode='PR1', ImmediatelyExpireSupersedence=True)
    later(sup, CM, config(), 40)
    assert 'Performing sync on local request' in read(sup, CM, LOGS + 'wsyncmgr.log')
