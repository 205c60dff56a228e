"""Lab model of sup_proxy_get.ps1 / sup_proxy_set.ps1 and WCM applying the proxy to WSUS.

- Set-CMSiteSystemServer with EnableProxy $true takes the whole set: an omitted ProxyServerPort
  becomes 80 and an omitted ProxyAccessAccount means no account (the pitfall docs/windows-facts names);
- Set-CMSoftwareUpdatePoint -UseProxy/-UseProxyForAutoDeploymentRule $true on a server without a
  proxy fails with "The address of the proxy server cannot be empty.";
- afterwards WCM.log on the site server shows WCM pushing the proxy to WSUS: success, or with the
  site server's fault ``proxy_auth_required`` the HTTP 407 of a proxy that wants credentials.
"""

from __future__ import annotations

import datetime
import typing as t

from labsim import cmlog
from labsim.context import LAB_EPOCH, OpContext, ScriptError
from labsim.ops import configmgr
from labsim.ops.sup_role import WCM, THREADS, site_system_probe
from labsim.profiles import CM_INSTALL_DIR, SITE_SYSTEM, SUP_ROLE


def get(ctx: OpContext) -> dict[str, t.Any]:
    return site_system_probe(ctx, ['WCM.log'])


def set_(ctx: OpContext) -> dict[str, t.Any]:
    site = configmgr.connect(ctx)
    logs = configmgr.log_positions(ctx, ['WCM.log'])
    fqdn = ctx.param('SiteSystemServerName')
    system = configmgr.site_system(site, fqdn)
    if system is None:
        raise ScriptError('No object corresponds to the specified parameters.', 'ItemNotFound', 'ObjectNotFound')
    account = ctx.param('ProxyAccountName')
    if ctx.param('CreateAccount'):
        if configmgr.account(site, account) is not None:
            raise ScriptError(f'An object with the specified name already exists: {account}', 'ItemAlreadyExists',
                              'ResourceExists')
        site['accounts'][account] = {'password': configmgr.password_fingerprint(site, account, ctx.param('Password').reveal()),
                                     'changed_at': ctx.tick(1).isoformat()}
    if ctx.param('UpdatePassword'):
        entry = site['accounts'][configmgr.require_account(site, account)]
        entry.update(password=configmgr.password_fingerprint(site, account, ctx.param('Password').reveal()),
                     changed_at=ctx.tick(1).isoformat())
    sup = system['roles'].get(SUP_ROLE)
    _flags(sup, system, {k: v for k, v in _flag_params(ctx).items() if v is False})
    if ctx.param('EnableProxy') is not None:
        props = system['roles'][SITE_SYSTEM]
        if ctx.param('EnableProxy'):
            props.update(UseProxy=1, ProxyName=ctx.param('ProxyServerName') or '',
                         ProxyServerPort=int(ctx.param('ProxyServerPort') or 80))
            if account:
                props.update(ProxyUserName=configmgr.require_account(site, account), AnonymousProxyAccess=0)
            else:
                props.update(ProxyUserName='', AnonymousProxyAccess=1)
        else:
            props.update(UseProxy=0)
    _flags(sup, system, {k: v for k, v in _flag_params(ctx).items() if v})
    if sup is not None:
        _wcm_proxy(ctx, fqdn, system)
    ctx.tick(2)
    return {'logs': logs}


def _flag_params(ctx: OpContext) -> dict[str, t.Any]:
    return {'UseProxy': ctx.param('UseProxy'), 'UseProxyForADR': ctx.param('UseProxyForAdr')}


def _flags(sup: dict[str, t.Any] | None, system: dict[str, t.Any], flags: dict[str, t.Any]) -> None:
    if not flags:
        return
    if sup is None:
        raise ScriptError('No object corresponds to the specified parameters.', 'ItemNotFound', 'ObjectNotFound')
    proxy = system['roles'][SITE_SYSTEM]
    if any(flags.values()) and not (proxy.get('UseProxy') and proxy.get('ProxyName')):
        raise ScriptError('The address of the proxy server cannot be empty.', 'InvalidOperation', 'InvalidOperation')
    for name, value in flags.items():
        sup[name] = int(bool(value))


def _wcm_proxy(ctx: OpContext, fqdn: str, system: dict[str, t.Any]) -> None:
    """WCM's next cycle pushes the proxy to WSUS on the SUP."""
    proxy = system['roles'][SITE_SYSTEM]
    sup = system['roles'][SUP_ROLE]
    use = bool(sup.get('UseProxy') and proxy.get('UseProxy'))
    messages = ['Setting new configuration state to 1 (WSUS_CONFIG_PENDING)',
                f'Attempting connection to WSUS server: {fqdn.upper()}, port: {sup["WSUSIISPort"]}, useSSL: False',
                f'Successfully connected to server: {fqdn.upper()}, port: {sup["WSUSIISPort"]}, useSSL: False']
    if use:
        messages.append(f'Proxy settings for WSUS: UseProxy=True, ProxyName={proxy["ProxyName"]}, '
                        f'ProxyServerPort={proxy["ProxyServerPort"]}, '
                        f'UseProxyCredentials={not proxy.get("AnonymousProxyAccess", 1)}')
    else:
        messages.append('Proxy settings for WSUS: UseProxy=False')
    auth_refused = use and ctx.host.fault('proxy_auth_required') and proxy.get('AnonymousProxyAccess', 1)
    if auth_refused:
        messages += ['Failed to set proxy settings on WSUS Server: System.Net.WebException: The request failed with '
                     'HTTP status 407: Proxy Authentication Required.',
                     'Setting new configuration state to 3 (WSUS_CONFIG_FAILED)']
    else:
        messages += [f'Set Configurations to WSUS Server: {fqdn.upper()}',
                     'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)']
    start = ctx.host.data.get('clock', 0) + 15
    text = ''.join(cmlog.simple(WCM, LAB_EPOCH + datetime.timedelta(seconds=start + i), THREADS[WCM], m)
                   for i, m in enumerate(messages))
    ctx.host.later(15, CM_INSTALL_DIR + '\\Logs\\WCM.log', text)
