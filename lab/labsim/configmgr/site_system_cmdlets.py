"""Site system servers: Get-CMSiteSystemServer, Get-CMSiteRole, New-CMSiteSystemServer, Set-CMSiteSystemServer.

A site system server is the "SMS Site System" role (SMS_SCI_SysResUse) of a server; its embedded props
hold the installation account, the Internet FQDN, the file-transfer direction and the proxy that all
roles on the server share (ConfigMgrCBDsc CMSiteSystemServer reads the same props).

Documented pitfall (ConfigMgrCBDsc strings NoProxyPort / NoProxyAccessAccount):
``Set-CMSiteSystemServer -EnableProxy $true`` takes the whole set: an omitted ProxyServerPort becomes
80 and an omitted ProxyAccessAccount means no account. Unverified: ``-EnableProxy $false`` keeps name,
port and account (L26); ``-PublicFqdn ''`` clears the Internet FQDN (L23); proxy values given without
``-EnableProxy $true`` are ignored.
"""

from __future__ import annotations

import typing as t

from labsim.configmgr import drive, logs, results, site as sites, wcm
from labsim.powershell import api
from labsim.profiles import SITE_SYSTEM, SUP_ROLE, site_system_props


def _found(site: dict[str, t.Any], name: str | None) -> list[str]:
    return [fqdn for fqdn in site['site_systems'] if sites.matches(name, fqdn)]


@api.command('Get-CMSiteSystemServer')
def get_site_system_server(inv: api.Invocation) -> list[results.SysResUse]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitesystemserver"""
    site = drive.site_for(inv)
    if site is None:
        return []
    return [results.sys_res_use(site, fqdn, SITE_SYSTEM) for fqdn in _found(site, sites.server_name(inv))]


@api.command('Get-CMSiteRole')
def get_site_role(inv: api.Invocation) -> list[results.SysResUse]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsiterole"""
    site = drive.site_for(inv)
    if site is None:
        return []
    return [results.sys_res_use(site, fqdn, role) for fqdn in _found(site, sites.server_name(inv))
            for role in site['site_systems'][fqdn]['roles'] if sites.matches(inv.param('RoleName'), role)]


def _settings(inv: api.Invocation, site: dict[str, t.Any]) -> dict[str, t.Any]:
    """The props the call sets, validated before anything changes."""
    props: dict[str, t.Any] = {}
    if inv.has('PublicFqdn'):
        props['Server Remote Public Name'] = inv.param('PublicFqdn') or ''
    if inv.param('AccountName'):
        props.update(UseMachineAccount=0, UserName=sites.require_account(inv, site, inv.param('AccountName')))
    if inv.param('UseSiteServerAccount'):
        props.update(UseMachineAccount=1, UserName='')
    if inv.param('FdmOperation') is not None:
        props['FDMOperation'] = int(bool(inv.param('FdmOperation')))
    if inv.param('EnableProxy') is True:
        account = inv.param('ProxyAccessAccount')
        if isinstance(account, list) and len(account) == 1:  # a one-element array binds as its element
            account = account[0]
        user = sites.require_account(inv, site, str(account.ps_get('UserName'))) if account is not None else ''
        props.update(UseProxy=1, ProxyName=inv.param('ProxyServerName') or '',
                     ProxyServerPort=int(inv.param('ProxyServerPort') or 80),  # the documented reset to 80
                     ProxyUserName=user, AnonymousProxyAccess=0 if user else 1)
    elif inv.has('EnableProxy'):
        props['UseProxy'] = 0
    return props


@api.command('New-CMSiteSystemServer')
def new_site_system_server(inv: api.Invocation) -> results.SysResUse | None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/new-cmsitesystemserver"""
    site = drive.write_site(inv)
    fqdn = inv.param('SiteSystemServerName')
    if sites.site_system(site, fqdn) is not None:
        sites.already_exists(inv, fqdn)
    props = dict(site_system_props(fqdn), **_settings(inv, site))
    if inv.session.whatif:
        return None
    site['site_systems'][fqdn] = {'roles': {SITE_SYSTEM: props}}
    logs.provider_put(inv, fqdn)
    return results.sys_res_use(site, fqdn, SITE_SYSTEM)


@api.command('Set-CMSiteSystemServer')
def set_site_system_server(inv: api.Invocation) -> results.SysResUse | None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsitesystemserver"""
    site = drive.write_site(inv)
    fqdn = sites.find(site['site_systems'], sites.server_name(inv) or '')
    if fqdn is None:
        sites.not_found(inv, f'Site system server {sites.server_name(inv)} was not found.')
    settings = _settings(inv, site)
    if inv.session.whatif:
        return None
    system = site['site_systems'][fqdn]
    system['roles'][SITE_SYSTEM].update(settings)
    logs.provider_put(inv, fqdn)
    if inv.has('EnableProxy') and SUP_ROLE in system['roles']:
        wcm.proxy(inv.host, fqdn, system)
    return results.sys_res_use(site, fqdn, SITE_SYSTEM) if inv.param('PassThru') else None
