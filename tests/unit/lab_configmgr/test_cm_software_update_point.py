"""The SUP role cmdlets and the work the site does afterwards, on the simulated clocks."""

from __future__ import annotations

import pytest
from conftest import CM, LOGS, SITE, SUP, Session, call, connect, later, read

from labsim.configmgr import module, sup_cmdlets
from labsim.powershell import api
from wsushost import serve_wsus

TARGET = {'SiteSystemServerName': SUP, 'SiteCode': 'PR1'}
SUP_LOGS = 'C:\\SMS_PR1\\Logs\\'


def install_wsus_api(store, name):
    with store.host(name, dict(SITE) if name == CM else {}) as host:
        host.data['features']['UpdateServices-API'] = 'Installed'


def add_sup(store, **params):
    with store.host(CM, dict(SITE)) as host:
        session = connect(Session(host))
        call(session, 'New-CMSiteSystemServer', **TARGET)
        return call(session, 'Add-CMSoftwareUpdatePoint', **TARGET, **params)


def test_add_sup_schedules_install_chain_logs(store):
    serve_wsus(store, SUP, ssl=True)  # WCM connects only to a WSUS that serves the role's ports and SSL
    install_wsus_api(store, CM)
    sup = add_sup(store, WsusIisPort=8530, WsusIisSslPort=8531, WsusSsl=True)
    assert sup.ps_get('RoleName') == 'SMS Software Update Point'
    assert 'PutInstanceAsync SMS_SCI_SysResUse' in read(store, CM, LOGS + 'SMSProv.log')
    assert 'rolesetup.exe SMSWSUS' not in read(store, CM, LOGS + 'SiteComp.log')  # not yet: background work
    later(store, CM, dict(SITE), 100)
    later(store, SUP, {}, 100)
    sitecomp = read(store, CM, LOGS + 'SiteComp.log')
    assert 'Installing component SMS_WSUS_CONTROL_MANAGER...' in sitecomp
    assert 'rolesetup.exe SMSWSUS' in sitecomp and 'Bootstrap operation successful.' in sitecomp
    assert 'Installation was successful.' in read(store, SUP, SUP_LOGS + 'SUPSetup.log')
    assert 'There are no unhealthy WSUS Server components' in read(store, SUP, SUP_LOGS + 'WSUSCtrl.log')
    wcm = read(store, CM, LOGS + 'WCM.log')
    assert f'Successfully connected to server: {SUP.upper()}, port: 8531, useSSL: True' in wcm
    assert 'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)' in wcm


def test_a_remote_sup_without_the_console_on_the_site_server_fails_setup_and_retries(store):
    install_wsus_api(store, SUP)
    add_sup(store)
    later(store, CM, dict(SITE), 100)
    later(store, SUP, {}, 100)
    assert 'Did not find supported version of assembly Microsoft.UpdateServices.Administration.' in \
        read(store, SUP, SUP_LOGS + 'SUPSetup.log')
    sitecomp = read(store, CM, LOGS + 'SiteComp.log')
    assert 'Bootstrap operation failed.' in sitecomp and 'Will retry the installation' in sitecomp
    assert 'WSUS_CONFIG_SUCCESS' not in read(store, CM, LOGS + 'WCM.log')


def test_add_on_a_server_that_is_not_a_site_system_is_item_not_found(site):
    with pytest.raises(api.PSError) as error:
        call(site, 'Add-CMSoftwareUpdatePoint', **TARGET)
    assert error.value.record.error_id == 'ItemNotFound'


def test_a_second_add_fails_and_changes_nothing(site):
    call(site, 'New-CMSiteSystemServer', **TARGET)
    call(site, 'Add-CMSoftwareUpdatePoint', **TARGET, WsusIisPort=8530)
    with pytest.raises(api.PSError) as error:
        call(site, 'Add-CMSoftwareUpdatePoint', **TARGET, WsusIisPort=80)
    assert error.value.record.error_id == 'ItemAlreadyExists'
    assert site.host.data['configmgr']['site_systems'][SUP]['roles']['SMS Software Update Point']['WSUSIISPort'] == 8530


def test_get_with_the_site_code_only_lists_every_sup_of_the_site(store):
    with store.host(CM, dict(SITE, existing_software_update_points=[SUP, 'sup02.contoso.com'])) as host:
        session = connect(Session(host))
        sups = call(session, 'Get-CMSoftwareUpdatePoint', SiteCode='PR1')
        assert sorted(s.ps_get('NetworkOSPath').strip('\\') for s in sups) == [SUP, 'sup02.contoso.com']
        [one] = call(session, 'Get-CMSoftwareUpdatePoint', **TARGET)
        props = {p.ps_get('PropertyName'): p for p in one.ps_get('Props')}
        assert props['WSUSIISPort'].ps_get('Value') == 8530 and props['WSUSAccessAccount'].ps_get('Value2') == ''
        assert call(session, 'Get-CMSoftwareUpdatePoint', SiteSystemServerName=CM, SiteCode='PR1') == []


def test_set_changes_the_role_and_wcm_reconfigures_wsus(store):
    with store.host(CM, dict(SITE, existing_software_update_points=[SUP])) as host:
        session = connect(Session(host))
        call(session, 'Set-CMSoftwareUpdatePoint', **TARGET, HttpPort=80, HttpsPort=443, EnableSsl=True,
             ClientConnectionType='InternetAndIntranet', EnableCloudGateway=True)
        role = host.data['configmgr']['site_systems'][SUP]['roles']['SMS Software Update Point']
        assert (role['WSUSIISPort'], role['WSUSIISSSLPort'], role['SSLWSUS'], role['IsINF'], role['IsIntranet'],
                role['AllowProxyTraffic']) == (80, 443, 1, 1, 1, 1)
    later(store, CM, dict(SITE), 30)
    assert f'Attempting connection to WSUS server: {SUP.upper()}, port: 443, useSSL: True' in \
        read(store, CM, LOGS + 'WCM.log')


def test_set_on_a_server_without_the_role_is_item_not_found(site):
    with pytest.raises(api.PSError, match='No object corresponds to the specified parameters.'):
        call(site, 'Set-CMSoftwareUpdatePoint', SiteSystemServerName=CM, SiteCode='PR1', HttpPort=8530)


def test_proxy_flags_without_a_site_system_proxy_are_refused(store):
    with store.host(CM, dict(SITE, existing_software_update_points=[SUP])) as host:
        session = connect(Session(host))
        with pytest.raises(api.PSError) as error:
            call(session, 'Set-CMSoftwareUpdatePoint', **TARGET, UseProxy=True)
        assert str(error.value) == sup_cmdlets.PROXY_EMPTY
        assert host.data['configmgr']['site_systems'][SUP]['roles']['SMS Software Update Point']['UseProxy'] == 0


def proxy_then_flags(host):
    session = connect(Session(host))
    call(session, 'Set-CMSiteSystemServer', **TARGET, EnableProxy=True, ProxyServerName='proxy01.contoso.com',
         ProxyServerPort=8080)
    call(session, 'Set-CMSoftwareUpdatePoint', **TARGET, UseProxy=True, UseProxyForAutoDeploymentRule=True)


def test_several_proxy_changes_give_one_wcm_cycle_with_the_final_state(store):
    serve_wsus(store, SUP)
    with store.host(CM, dict(SITE, existing_software_update_points=[SUP])) as host:
        proxy_then_flags(host)
    later(store, CM, dict(SITE), 30)
    wcm = read(store, CM, LOGS + 'WCM.log')
    assert wcm.count('Setting new configuration state to 1 (WSUS_CONFIG_PENDING)') == 1
    assert 'Proxy settings for WSUS: UseProxy=True, ProxyName=proxy01.contoso.com, ProxyServerPort=8080, ' \
           'UseProxyCredentials=False' in wcm
    assert 'WSUS_CONFIG_SUCCESS' in wcm


def test_a_proxy_that_wants_credentials_answers_407(store):
    serve_wsus(store, SUP)
    config = dict(SITE, existing_software_update_points=[SUP], faults={'proxy_auth_required': True})
    with store.host(CM, config) as host:
        proxy_then_flags(host)
    later(store, CM, config, 30)
    wcm = read(store, CM, LOGS + 'WCM.log')
    assert 'The request failed with HTTP status 407: Proxy Authentication Required.' in wcm
    assert 'Setting new configuration state to 3 (WSUS_CONFIG_FAILED)' in wcm


def test_remove_without_force_asks_and_the_non_interactive_host_cannot_answer(store):
    with store.host(CM, dict(SITE, existing_software_update_points=[SUP])) as host:
        session = connect(Session(host))
        with pytest.raises(api.PSError) as error:
            call(session, 'Remove-CMSoftwareUpdatePoint', **TARGET)
        assert str(error.value) == module.NON_INTERACTIVE
        call(session, 'Remove-CMSoftwareUpdatePoint', **TARGET, Force=True)
        assert host.data['configmgr']['site_systems'][SUP]['roles'].keys() == {'SMS Site System'}
    assert 'DeleteInstanceAsync SMS_SCI_SysResUse' in read(store, CM, LOGS + 'SMSProv.log')
    later(store, CM, dict(SITE), 20)
    assert f'Deinstalling component SMS_WSUS_CONTROL_MANAGER from server {SUP}...' in read(store, CM, LOGS + 'SiteComp.log')


def test_add_for_the_site_server_itself_writes_its_logs_locally(store):
    serve_wsus(store, CM, dict(SITE))
    with store.host(CM, dict(SITE)) as host:
        call(connect(Session(host)), 'Add-CMSoftwareUpdatePoint', SiteSystemServerName=CM, SiteCode='PR1')
    later(store, CM, dict(SITE), 100)
    assert 'Installation was successful.' in read(store, CM, LOGS + 'SUPSetup.log')
    assert 'Successfully connected to local WSUS server' in read(store, CM, LOGS + 'WCM.log')
