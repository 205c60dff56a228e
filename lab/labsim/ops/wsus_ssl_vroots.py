"""Lab model of wsus_ssl_vroots_get.ps1 / wsus_ssl_vroots_set.ps1: IIS bindings, sslFlags, certificates.

Modelled from docs/windows-facts ("WSUS over SSL") and the WebAdministration / WsusUtil docs:
- IIS site and virtual-root names compare case-insensitively; sslFlags read back as IIS writes them;
- ``AddSslCertificate`` fails as http.sys does ("A specified logon session does not exist") when the
  thumbprint is not in Cert:\\LocalMachine\\My or its private key is missing;
- ``WsusUtil.exe configuressl <name>`` writes UsingSSL = 1 and ServerCertificateName;
- fault ``missing_certificate``: the host's valid server certificate is not in its store.
"""

from __future__ import annotations

import typing as t

from labsim.context import OpContext, ScriptError
from labsim.ops.wsus_install import SETUP, WSUSUTIL, wsus_setup

LOGON_SESSION = ('A specified logon session does not exist. It may already have been terminated. '
                 '(Exception from HRESULT: 0x80070520)')


def certificates(ctx: OpContext) -> list[dict[str, t.Any]]:
    """Cert:\\LocalMachine\\My as the host has it (the fault removes the good server certificate)."""
    certs = ctx.host.data.get('certificates') or []
    if ctx.host.fault('missing_certificate'):
        certs = [c for c in certs if not (c['not_after'] > ctx.now().isoformat() and
                                          '1.3.6.1.5.5.7.3.1' in c['eku'])]
    return certs


def find_site(ctx: OpContext, name: str) -> tuple[str, dict[str, t.Any]] | None:
    for site_name, site in ctx.host.data.get('iis', {}).get('sites', {}).items():
        if site_name.lower() == name.lower():
            return site_name, site
    return None


def find_vroot(site: dict[str, t.Any], name: str) -> dict[str, t.Any] | None:
    for vroot_name, vroot in site['vroots'].items():
        if vroot_name.lower() == name.lower():
            return vroot
    return None


def site_ssl(ctx: OpContext, name: str, vroot_names: list[str]) -> dict[str, t.Any]:
    """Get-WsusSiteSsl (_wsus_state.ps1): the site's https bindings and the sslFlags of the named roots."""
    found = find_site(ctx, name)
    if found is None:
        return {'exists': False, 'https': [], 'vroots': {}}
    site = found[1]
    https = [{'port': b['port'], 'thumbprint': b.get('thumbprint') or '', 'store': 'My' if b.get('thumbprint') else ''}
             for b in site['bindings'] if b['protocol'] == 'https']
    vroots = {v: find_vroot(site, v)['sslFlags'] for v in vroot_names if find_vroot(site, v) is not None}
    return {'exists': True, 'https': https, 'vroots': vroots}


def get(ctx: OpContext) -> dict[str, t.Any]:
    wsus = wsus_setup(ctx)
    sites = {name: site_ssl(ctx, name, ctx.param('VrootName')) for name in ctx.param('SiteName')}
    return {
        'setup': wsus['setup'],
        'role_services': wsus['role_services'],
        'host_fqdn': ctx.host.name.lower(),
        'now': ctx.now().isoformat(timespec='seconds'),
        'sites': sites,
        'certificates': [{key: cert[key] for key in ('thumbprint', 'subject', 'dns_names', 'not_before', 'not_after',
                                                      'eku', 'has_private_key')} for cert in certificates(ctx)],
    }


def _bind(ctx: OpContext, site_name: str, port: int, thumbprint: str) -> None:
    found = find_site(ctx, site_name)
    if found is None:
        raise ScriptError(f"Cannot find path 'IIS:\\Sites\\{site_name}' because it does not exist.",
                          'PathNotFound,Microsoft.IIs.PowerShell.Provider.NewWebBindingCommand', 'ObjectNotFound')
    _, site = found
    binding = next((b for b in site['bindings'] if b['protocol'] == 'https' and b['port'] == port), None)
    if binding is None:
        binding = {'protocol': 'https', 'port': port}
        site['bindings'].append(binding)
    cert = next((c for c in certificates(ctx) if c['thumbprint'].upper() == thumbprint.upper()), None)
    if cert is None or not cert['has_private_key']:
        raise ScriptError(f'Exception calling "AddSslCertificate" with "2" argument(s): "{LOGON_SESSION}"',
                          'COMException', 'NotSpecified', 'System.Runtime.InteropServices.COMException')
    binding['thumbprint'] = cert['thumbprint']


def _set_flags(ctx: OpContext, site_name: str, flags: dict[str, str]) -> None:
    found = find_site(ctx, site_name)
    for vroot_name, value in flags.items():
        vroot = find_vroot(found[1], vroot_name) if found else None
        if vroot is None:
            raise ScriptError(f"Filename: \\\\?\\C:\\Windows\\system32\\inetsrv\\config\\applicationHost.config "
                              f"Error: Unrecognized configuration path 'MACHINE/WEBROOT/APPHOST/{site_name}/{vroot_name}'",
                              'COMException', 'NotSpecified', 'System.Runtime.InteropServices.COMException')
        vroot['sslFlags'] = value


def configure_ssl(ctx: OpContext, name: str) -> dict[str, t.Any]:
    if not ctx.host.path(WSUSUTIL).exists():
        raise ScriptError(f"The term '{WSUSUTIL}' is not recognized as the name of a cmdlet, function, script "
                          'file, or operable program.', 'CommandNotFoundException', 'ObjectNotFound')
    ctx.host.reg_set(SETUP, 'UsingSSL', 1)
    ctx.host.reg_set(SETUP, 'ServerCertificateName', name)
    ctx.tick(3)
    return {'exit_code': 0, 'output': []}


def set_(ctx: OpContext) -> dict[str, t.Any]:
    site_name = ctx.param('SiteName')
    if ctx.param('Thumbprint'):
        _bind(ctx, site_name, int(ctx.param('HttpsPort')), ctx.param('Thumbprint'))
    _set_flags(ctx, site_name, ctx.param('SslFlags') or {})
    run = configure_ssl(ctx, ctx.param('ConfigureSslFqdn')) if ctx.param('ConfigureSslFqdn') else None
    if ctx.param('DisableSsl'):
        ctx.host.reg_set(SETUP, 'UsingSSL', 0)
    ctx.tick(2)
    return {'configure_ssl': run}
