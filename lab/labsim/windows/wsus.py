"""What WSUS leaves on a Windows host, shared by the feature, WsusUtil and service models: the
Setup key, "Installed Role Services", WsusUtil.exe, its IIS site and virtual roots, its groups.

Sources:
https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/1-install-the-wsus-server-role
(Setup values from Microsoft's shared SUSDB article,
"Installed Role Services" 1 = post-install pending / 2 = configured from UpdateServicesDsc PR #95
and a public role that measured it), SUP-SSL for the five SSL virtual roots.
"""

from __future__ import annotations

import typing as t

from labsim.profiles import machine_sid

SETUP = 'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'
ROLES = SETUP + '\\Installed Role Services'
WSUSUTIL = 'C:\\Program Files\\Update Services\\Tools\\WsusUtil.exe'
#: WsusUtil.exe's file version on Windows Server 2022 (the WSUS version the probes report)
VERSION = '10.0.20348.1'
#: Windows feature -> its value under "Installed Role Services"
ROLE_SERVICE_VALUE = {
    'UpdateServices-Services': 'UpdateServices-Services',
    'UpdateServices-WidDB': 'UpdateServices-WidDatabase',
    'UpdateServices-DB': 'UpdateServices-Database',
    'UpdateServices-API': 'UpdateServices-API',
    'UpdateServices-UI': 'UpdateServices-UI',
}
WSUS_SITE = 'WSUS Administration'
#: virtual roots WSUS creates on its web site (the five SSL ones plus the rest)
VROOTS = ['ApiRemoting30', 'ClientWebService', 'Content', 'DssAuthWebService', 'Inventory', 'ReportingWebService',
          'SelfUpdate', 'ServerSyncWebService', 'SimpleAuthWebService']
GROUPS = (('WSUS Administrators', 1001), ('WSUS Reporters', 1002))


def role_services(host) -> dict[str, t.Any]:
    return dict(host.reg_key(ROLES) or {})


def post_install_done(host) -> bool:
    """WsusService is configured once post-install set its role service to 2."""
    return role_services(host).get('UpdateServices-Services') == 2


def stand_in_binary(host) -> None:
    """WsusUtil.exe as the lab writes it (labsim.windows.filesystem reads the version from it)."""
    if not host.path(WSUSUTIL).exists():
        host.write_text(WSUSUTIL, f'lab stand-in for WsusUtil.exe {VERSION}\n')


def create_groups(host) -> None:
    """Post-install creates the local groups WSUS Administrators and WSUS Reporters (kept on removal)."""
    groups = host.data.setdefault('local_groups', {})
    for name, rid in GROUPS:
        groups.setdefault(name, {'sid': f'{machine_sid(host.name)}-{rid}', 'members': []})


def create_site(host, port: int) -> None:
    """IIS as post-install leaves it: the WSUS vroots on "WSUS Administration" (8530/8531), or on the
    Default Web Site when WSUS uses port 80. The vroots carry no sslFlags of their own: they inherit
    the site's (unverified that post-install writes none; the effective value is None either way)."""
    sites = host.data.setdefault('iis', {}).setdefault('sites', {})
    vroots: dict[str, dict[str, t.Any]] = {name: {} for name in VROOTS}
    for site in sites.values():
        for name in VROOTS:
            vroots[name] = site['vroots'].pop(name, vroots[name])
    if port == 8530:
        sites.setdefault(WSUS_SITE, {'id': 2, 'bindings': [{'protocol': 'http', 'port': 8530},
                                                           {'protocol': 'https', 'port': 8531}], 'vroots': {}})
        sites[WSUS_SITE]['vroots'] = vroots
    else:
        sites['Default Web Site']['vroots'].update(vroots)
