"""The software update point role: Get-/Add-/Set-/Remove-CMSoftwareUpdatePoint.

The role is SMS_SCI_SysResUse "SMS Software Update Point" with embedded props WSUSIISPort,
WSUSIISSSLPort, SSLWSUS, IsINF/IsIntranet (client connection type), AllowProxyTraffic (cloud
management gateway), WSUSAccessAccount (empty = the site server's computer account), UseProxy,
UseProxyForADR, NLBVIP, PublicVIP (ConfigMgrCBDsc CMSoftwareUpdatePoint). Each change goes through the
SMS Provider (SMSProv.log), then the site's components act on it in the background
(``setup_chain``, ``wcm``).

Refusals: turning a proxy flag on while the server has no proxy fails with "The address of the proxy
server cannot be empty." (a pitfall users report; the exact wording is unverified); Remove without
``-Force`` asks for confirmation (documented in its examples), which win_powershell's host cannot
answer.
"""

from __future__ import annotations

import typing as t

from labsim.configmgr import drive, logs, module, results, setup_chain, site as sites, wcm
from labsim.powershell import api
from labsim.profiles import SITE_SYSTEM, SUP_ROLE, sup_props

CONNECTION = {'intranet': (0, 1), 'internet': (1, 0), 'internetandintranet': (1, 1)}
PROXY_EMPTY = 'The address of the proxy server cannot be empty.'
#: parameter -> embedded prop of the proxy flags
FLAGS = {'UseProxy': 'UseProxy', 'UseProxyForAutoDeploymentRule': 'UseProxyForADR'}


@api.command('Get-CMSoftwareUpdatePoint')
def get_software_update_point(inv: api.Invocation) -> list[results.SysResUse]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatepoint
    Without -SiteSystemServerName: every SUP of the site."""
    site = drive.site_for(inv)
    if site is None:
        return []
    name = sites.server_name(inv)
    return [results.sys_res_use(site, fqdn, SUP_ROLE) for fqdn, system in site['site_systems'].items()
            if SUP_ROLE in system['roles'] and sites.matches(name, fqdn)]


def _role_settings(inv: api.Invocation, site: dict[str, t.Any], names: dict[str, str]) -> dict[str, t.Any]:
    """Props from the role parameters; ``names`` maps the cmdlet's spelling of port/SSL/account/CMG."""
    props: dict[str, t.Any] = {}
    for parameter, prop in ((names['http'], 'WSUSIISPort'), (names['https'], 'WSUSIISSSLPort')):
        if inv.param(parameter) is not None:
            props[prop] = int(inv.param(parameter))
    if inv.param(names['ssl']) is not None:
        props['SSLWSUS'] = int(bool(inv.param(names['ssl'])))
    if inv.param('ClientConnectionType'):
        props['IsINF'], props['IsIntranet'] = CONNECTION[str(inv.param('ClientConnectionType')).lower()]
    if inv.param('EnableCloudGateway') is not None:  # a switch on Add-, a bool on Set-
        props['AllowProxyTraffic'] = int(bool(inv.param('EnableCloudGateway')))
    if inv.param(names['account']):
        props['WSUSAccessAccount'] = sites.require_account(inv, site, inv.param(names['account']))
    if inv.param('AnonymousWsusAccess'):
        props['WSUSAccessAccount'] = ''
    for parameter, prop in (('NlbVirtualIP', 'NLBVIP'), ('PublicVirtualIP', 'PublicVIP')):
        if inv.has(parameter):
            props[prop] = inv.param(parameter) or ''
    return props


def _flag_settings(inv: api.Invocation, system: dict[str, t.Any]) -> dict[str, int]:
    flags = {prop: int(bool(inv.param(parameter))) for parameter, prop in FLAGS.items() if inv.param(parameter) is not None}
    proxy = system['roles'][SITE_SYSTEM]
    if any(flags.values()) and not (proxy.get('UseProxy') and proxy.get('ProxyName')):
        inv.fail(PROXY_EMPTY, 'InvalidOperation', 'InvalidOperation', 'System.InvalidOperationException')
    return flags


ADD_NAMES = {'http': 'WsusIisPort', 'https': 'WsusIisSslPort', 'ssl': 'WsusSsl', 'account': 'ConnectionAccountUserName'}
SET_NAMES = {'http': 'HttpPort', 'https': 'HttpsPort', 'ssl': 'EnableSsl', 'account': 'WsusAccessAccount'}


@api.command('Add-CMSoftwareUpdatePoint')
def add_software_update_point(inv: api.Invocation) -> results.SysResUse | None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/add-cmsoftwareupdatepoint"""
    site = drive.write_site(inv)
    fqdn = sites.find(site['site_systems'], sites.server_name(inv) or '')
    if fqdn is None:
        sites.not_found(inv, f'Site system server {sites.server_name(inv)} was not found.')
    system = site['site_systems'][fqdn]
    if SUP_ROLE in system['roles']:
        inv.fail(f'The software update point already exists on {fqdn}.', 'ItemAlreadyExists', 'ResourceExists',
                 'System.ArgumentException')
    props = dict(sup_props(), **_role_settings(inv, site, ADD_NAMES), **_flag_settings(inv, system))
    if inv.session.whatif:
        return None
    system['roles'][SUP_ROLE] = props
    logs.provider_put(inv, fqdn)
    setup_chain.install(inv.host, site, fqdn)
    return results.sys_res_use(site, fqdn, SUP_ROLE)


def _existing_sup(inv: api.Invocation, site: dict[str, t.Any]) -> str:
    fqdn = sites.find(site['site_systems'], sites.server_name(inv) or '')
    if fqdn is None or SUP_ROLE not in site['site_systems'][fqdn]['roles']:
        sites.not_found(inv)
    return fqdn


@api.command('Set-CMSoftwareUpdatePoint')
def set_software_update_point(inv: api.Invocation) -> results.SysResUse | None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsoftwareupdatepoint"""
    site = drive.write_site(inv)
    fqdn = _existing_sup(inv, site)
    system = site['site_systems'][fqdn]
    settings = _role_settings(inv, site, SET_NAMES)
    flags = _flag_settings(inv, system)
    if inv.session.whatif:
        return None
    system['roles'][SUP_ROLE].update(settings, **flags)
    logs.provider_put(inv, fqdn)
    if settings:
        wcm.configure(inv.host, fqdn, delay=20)
    if flags:
        wcm.proxy(inv.host, fqdn, system)
    return results.sys_res_use(site, fqdn, SUP_ROLE) if inv.param('PassThru') else None


@api.command('Remove-CMSoftwareUpdatePoint')
def remove_software_update_point(inv: api.Invocation) -> None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/remove-cmsoftwareupdatepoint"""
    site = drive.write_site(inv)
    fqdn = _existing_sup(inv, site)
    if inv.session.whatif:
        return None
    if not inv.param('Force'):
        # "Because the command doesn't include the Force parameter, this example prompts you for confirmation."
        inv.fail(module.NON_INTERACTIVE, 'System.Management.Automation.MethodInvocationException', 'NotSpecified',
                 'System.Management.Automation.MethodInvocationException')
    site['site_systems'][fqdn]['roles'].pop(SUP_ROLE)
    logs.provider_line(inv, 'DeleteInstanceAsync SMS_SCI_SysResUse')
    setup_chain.remove(inv.host, fqdn)
    return None
