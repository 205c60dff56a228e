"""Site system servers and their roles as IResultObjects; the proxy set of Set-CMSiteSystemServer."""

from __future__ import annotations

import pytest
from conftest import CM, SUP, call, secret

from labsim.configmgr import results
from labsim.powershell import api


def props(obj) -> dict:
    return {p.ps_get('PropertyName'): p for p in obj.ps_get('Props')}


def test_the_site_server_has_the_roles_of_a_real_one(site):
    roles = {r.ps_get('RoleName') for r in call(site, 'Get-CMSiteRole', SiteSystemServerName=CM, SiteCode='PR1')}
    assert {'SMS Site Server', 'SMS Provider', 'SMS Component Server', 'SMS SQL Server', 'SMS Site System'} <= roles


def test_site_system_server_is_an_sms_sci_sysresuse_with_embedded_props(site):
    [server] = call(site, 'Get-CMSiteSystemServer', SiteSystemServerName=CM.upper(), SiteCode='PR1')
    assert isinstance(server, results.SysResUse) and server.TYPE_NAME == 'IResultObject#SMS_SCI_SysResUse'
    assert server.ps_get('RoleName') == 'SMS Site System' and server.ps_get('NetworkOSPath') == f'\\\\{CM}'
    assert props(server)['Server Remote Name'].ps_get('Value1') == CM
    assert props(server)['ProxyServerPort'].ps_get('Value') == 80
    assert call(site, 'Get-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1') == []


def test_new_site_system_server_then_it_exists_and_a_second_new_fails(site):
    created = call(site, 'New-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1', PublicFqdn='sup01.example.com',
                   FdmOperation=True)
    assert props(created)['Server Remote Public Name'].ps_get('Value1') == 'sup01.example.com'
    assert props(created)['FDMOperation'].ps_get('Value') == 1
    with pytest.raises(api.PSError) as error:
        call(site, 'New-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1')
    assert error.value.record.error_id == 'ItemAlreadyExists'


def test_set_on_a_missing_server_is_item_not_found(site):
    with pytest.raises(api.PSError) as error:
        call(site, 'Set-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1', FdmOperation=True)
    assert error.value.record.error_id == 'ItemNotFound'
    assert str(error.value).startswith('No object corresponds to the specified parameters.')


def test_enable_proxy_resets_an_omitted_port_to_80_and_an_omitted_account_to_none(site):
    call(site, 'New-CMAccount', UserName='CONTOSO\\svc-cm-proxy', Password=secret('x'), SiteCode='PR1')
    account = call(site, 'Get-CMAccount', UserName='CONTOSO\\svc-cm-proxy', SiteCode='PR1')[0]
    call(site, 'Set-CMSiteSystemServer', SiteSystemServerName=CM, SiteCode='PR1', EnableProxy=True,
         ProxyServerName='proxy01.contoso.com', ProxyServerPort=8080, ProxyAccessAccount=account)
    system = site.host.data['configmgr']['site_systems'][CM]['roles']['SMS Site System']
    assert (system['ProxyServerPort'], system['ProxyUserName'], system['AnonymousProxyAccess']) == \
        (8080, 'CONTOSO\\svc-cm-proxy', 0)
    call(site, 'Set-CMSiteSystemServer', SiteSystemServerName=CM, SiteCode='PR1', EnableProxy=True,
         ProxyServerName='proxy01.contoso.com')
    assert (system['ProxyServerPort'], system['ProxyUserName'], system['AnonymousProxyAccess']) == (80, '', 1)


def test_set_writes_nothing_without_passthru_and_the_object_with_it(site):
    assert call(site, 'Set-CMSiteSystemServer', SiteSystemServerName=CM, SiteCode='PR1', FdmOperation=False) is None
    assert call(site, 'Set-CMSiteSystemServer', SiteSystemServerName=CM, SiteCode='PR1', FdmOperation=False,
                PassThru=True).ps_get('RoleName') == 'SMS Site System'


def test_whatif_changes_nothing(site):
    site.whatif = True
    assert call(site, 'New-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1') is None
    assert SUP not in site.host.data['configmgr']['site_systems']


def test_a_result_object_is_a_snapshot(site):
    [server] = call(site, 'Get-CMSiteSystemServer', SiteSystemServerName=CM, SiteCode='PR1')
    call(site, 'Set-CMSiteSystemServer', SiteSystemServerName=CM, SiteCode='PR1', FdmOperation=True)
    assert props(server)['FDMOperation'].ps_get('Value') == 0


def test_a_result_object_has_only_documented_properties(site):
    [server] = call(site, 'Get-CMSiteSystemServer', SiteSystemServerName=CM, SiteCode='PR1')
    with pytest.raises(api.LabUnsupported):
        server.ps_get('ServerName')
