"""Fresh states of the lab's host kinds, from the inventory's ``lab_host_config.profile``.

- ``windows_server``: Windows Server 2022 with the IIS prerequisites of WSUS, no WSUS.
- ``site_server``: the same plus Configuration Manager (site server, SMS Provider, console).
"""

from __future__ import annotations

import hashlib
import typing as t

from labsim import cmlog

OS = {'caption': 'Microsoft Windows Server 2022 Datacenter', 'version': '10.0.20348', 'build': 20348}

#: Windows features the lab knows, with their parent (Get-WindowsFeature names).
FEATURE_PARENTS = {
    'UpdateServices': None,
    'UpdateServices-Services': 'UpdateServices',
    'UpdateServices-WidDB': 'UpdateServices',
    'UpdateServices-DB': 'UpdateServices',
    'RSAT': None,
    'RSAT-Role-Tools': 'RSAT',
    'UpdateServices-RSAT': 'RSAT-Role-Tools',
    'UpdateServices-API': 'UpdateServices-RSAT',
    'UpdateServices-UI': 'UpdateServices-RSAT',
    'Web-Server': None,
    'Web-WebServer': 'Web-Server',
    'Web-Mgmt-Console': 'Web-Server',
    'NET-Framework-45-Features': None,
    'NET-Framework-45-Core': 'NET-Framework-45-Features',
    'NET-WCF-HTTP-Activation45': 'NET-Framework-45-Features',
    'BITS': None,
    'RDC': None,
}
PREINSTALLED = ['Web-Server', 'Web-WebServer', 'Web-Mgmt-Console', 'NET-Framework-45-Features',
                'NET-Framework-45-Core', 'NET-WCF-HTTP-Activation45', 'BITS', 'RDC']
CM_INSTALL_DIR = 'C:\\Program Files\\Microsoft Configuration Manager'
#: the console's PowerShell module (SMS_ADMIN_UI_PATH is its bin\\i386 folder)
CM_MODULE_FILE = CM_INSTALL_DIR + '\\AdminConsole\\bin\\ConfigurationManager.psd1'
#: where the console alone installs by default (host config ``configmgr_console: true``)
CONSOLE_DIR = 'C:\\Program Files (x86)\\Microsoft Endpoint Manager\\AdminConsole'
SERVER_AUTH, CLIENT_AUTH = '1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'  # enhanced key usage OIDs
SMS_IDENTIFICATION = 'HKLM\\SOFTWARE\\Microsoft\\SMS\\Identification'
USER_TEMP = 'C:\\Users\\ansible\\AppData\\Local\\Temp'


def fresh(name: str, config: dict[str, t.Any]) -> dict[str, t.Any]:
    """The state of a host that was just built."""
    profile = config.get('profile', 'windows_server')
    if profile not in ('windows_server', 'site_server'):
        raise ValueError(f'lab: unknown profile {profile!r} for {name}')
    data: dict[str, t.Any] = {
        'name': name,
        'profile': profile,
        'os': dict(OS),
        'env': {'ProgramFiles': 'C:\\Program Files', 'TEMP': USER_TEMP, 'COMPUTERNAME': name.split('.')[0].upper()},
        'features': {f: ('Installed' if f in PREINSTALLED else 'Available') for f in FEATURE_PARENTS},
        'registry': {},
        'clock': 0,
    }
    data['certificates'] = certificates(name)
    data['local_groups'] = local_groups(name)
    data['iis'] = {'sites': {'Default Web Site': {'id': 1, 'bindings': [{'protocol': 'http', 'port': 80}],
                                                  'vroots': {}}}}
    if profile == 'site_server':
        site_code = config.get('site_code', 'PR1')
        data['registry'][SMS_IDENTIFICATION] = {
            'Site Code': site_code,
            'Installation Directory': CM_INSTALL_DIR,
            'Site Server': name,
        }
        data['env']['SMS_ADMIN_UI_PATH'] = CM_INSTALL_DIR + '\\AdminConsole\\bin\\i386'
        data['configmgr'] = site_control(name, site_code, config)
    elif config.get('configmgr_console'):
        # Only the Configuration Manager console (an admin server, a SUP with the console): no site here.
        data['env']['SMS_ADMIN_UI_PATH'] = CONSOLE_DIR + '\\bin\\i386'
    return data


# ---- the domain and local groups ----------------------------------------------------------------
DOMAIN, DOMAIN_DNS = 'CONTOSO', 'contoso.com'
DOMAIN_SID = 'S-1-5-21-3623811015-3361044348-30300820'
#: accounts of the lab's Active Directory (sAMAccountName -> RID)
DIRECTORY = {'Domain Admins': 512, 'svc-sup-wsus': 1105, 'svc-cm-proxy': 1106, 'svc-cm-install': 1107,
             'svc-cm-push': 1108, 'svc-wsus-setup': 1109, 'alice.admin': 1201}


def resolve_account(name: str) -> dict[str, str] | None:
    """NTAccount.Translate as a domain member does it: DOMAIN\\user or user@dns.domain -> name and SID."""
    if '\\' in name:
        domain, _, user = name.partition('\\')
        if domain.lower() != DOMAIN.lower():
            return None
    else:
        user, _, domain = name.partition('@')
        if domain.lower() != DOMAIN_DNS:
            return None
    for sam, rid in DIRECTORY.items():
        if sam.lower() == user.lower():
            return {'name': f'{DOMAIN}\\{sam}', 'sid': f'{DOMAIN_SID}-{rid}'}
    return None


def machine_sid(name: str) -> str:
    digest = hashlib.sha1(name.lower().encode()).digest()
    return 'S-1-5-21-' + '-'.join(str(int.from_bytes(digest[i:i + 4], 'big') % 4000000000) for i in (0, 4, 8))


def local_groups(name: str) -> dict[str, dict[str, t.Any]]:
    """Local groups of a fresh member server (WSUS post-install adds WSUS Administrators/Reporters)."""
    computer = name.split('.')[0].upper()
    admin = {'name': f'{computer}\\Administrator', 'sid': machine_sid(name) + '-500'}
    domain_admins = resolve_account(f'{DOMAIN}\\Domain Admins')
    return {
        'Administrators': {'sid': 'S-1-5-32-544', 'members': [admin, domain_admins]},
        'Users': {'sid': 'S-1-5-32-545', 'members': [{'name': 'NT AUTHORITY\\Authenticated Users', 'sid': 'S-1-5-11'}]},
    }


# ---- Configuration Manager site control ------------------------------------------------------------
SITE_SYSTEM = 'SMS Site System'
SUP_ROLE = 'SMS Software Update Point'


def site_system_props(fqdn: str) -> dict[str, t.Any]:
    """Embedded props of the "SMS Site System" role of a new site system server."""
    return {'UseProxy': 0, 'ProxyName': '', 'ProxyServerPort': 80, 'ProxyUserName': '', 'AnonymousProxyAccess': 1,
            'FDMOperation': 0, 'UseMachineAccount': 1, 'UserName': '', 'Server Remote Name': fqdn,
            'Server Remote Public Name': ''}


def sup_props() -> dict[str, t.Any]:
    """Embedded props of an "SMS Software Update Point" with the defaults of Add-CMSoftwareUpdatePoint."""
    return {'WSUSIISPort': 8530, 'WSUSIISSSLPort': 8531, 'SSLWSUS': 0, 'UseProxy': 0, 'UseProxyForADR': 0,
            'IsINF': 0, 'IsIntranet': 1, 'AllowProxyTraffic': 0, 'WSUSAccessAccount': '', 'DBServerName': '',
            'NLBVIP': '', 'PublicVIP': ''}


#: roles of a standalone primary site server besides "SMS Site System" (Get-CMSiteRole -RoleName lists
#: these names; a site server also runs components, the site database, a distribution point and a
#: management point by default)
SITE_SERVER_ROLES = ('SMS Site Server', 'SMS Provider', 'SMS Component Server', 'SMS SQL Server',
                     'SMS Distribution Point', 'SMS Management Point')


def site_control(name: str, site_code: str, config: dict[str, t.Any]) -> dict[str, t.Any]:
    """The site control data of a primary site; ``existing_software_update_points`` in the host config
    describes SUP roles somebody added by hand before the collection was used; ``sms_provider`` names the
    server of the SMS Provider when it is not the site server."""
    provider = config.get('sms_provider') or name
    remote_provider = provider.lower() != name.lower()
    roles = {role: {} for role in SITE_SERVER_ROLES if not (remote_provider and role == 'SMS Provider')}
    systems = {name: {'roles': dict(roles, **{SITE_SYSTEM: site_system_props(name)})}}
    if remote_provider:
        systems[provider] = {'roles': {'SMS Provider': {}, SITE_SYSTEM: site_system_props(provider)}}
    for fqdn in config.get('existing_software_update_points') or []:
        system = systems.setdefault(fqdn, {'roles': {SITE_SYSTEM: site_system_props(fqdn)}})
        system['roles'][SUP_ROLE] = sup_props()
    return {'site_code': site_code, 'site_server': name, 'provider_location': provider, 'accounts': {},
            'site_systems': systems}


def _thumbprint(*parts: str) -> str:
    return hashlib.sha1('|'.join(parts).encode()).hexdigest().upper()


def certificates(name: str) -> list[dict[str, t.Any]]:
    """Cert:\\LocalMachine\\My of a lab host: a valid server-authentication certificate for its
    FQDN, an expired one, and a client-authentication-only one (for the SSL modules' refusals)."""
    server_auth = [SERVER_AUTH]
    return [
        {'thumbprint': _thumbprint(name, 'server'), 'subject': f'CN={name}', 'dns_names': [name],
         'not_before': '2026-01-01T00:00:00', 'not_after': '2027-12-31T23:59:59', 'eku': server_auth,
         'has_private_key': True},
        {'thumbprint': _thumbprint(name, 'expired'), 'subject': f'CN={name}', 'dns_names': [name],
         'not_before': '2023-01-01T00:00:00', 'not_after': '2025-01-01T00:00:00', 'eku': server_auth,
         'has_private_key': True},
        {'thumbprint': _thumbprint(name, 'client'), 'subject': f'CN={name}', 'dns_names': [name],
         'not_before': '2026-01-01T00:00:00', 'not_after': '2027-12-31T23:59:59', 'eku': [CLIENT_AUTH],
         'has_private_key': True},
    ]


#: how much history the site server's logs have when the lab creates it
HISTORY_BYTES = {'SMSProv.log': 4096, 'SiteComp.log': 8192, 'WCM.log': 4096}


#: what the lab's ConfigurationManager.psd1 says (the module's models live in labsim.configmgr)
MODULE_MANIFEST = ("@{\r\n    ModuleVersion = '5.2403.1171.1000'\r\n    RootModule = 'AdminUI.PS.dll'\r\n"
                   "    CompanyName = 'Microsoft Corporation'\r\n}\r\n")


def seed_files(host) -> None:
    """Files a fresh host already has: the console's ConfigurationManager.psd1 and the ConfigMgr logs of
    the site server, with the history of a site that has been running (``preexisting_log_bytes`` in the
    host config: bytes per log name)."""
    ui_path = host.data['env'].get('SMS_ADMIN_UI_PATH')
    if ui_path:
        manifest = host.path(ui_path.rsplit('\\', 1)[0] + '\\ConfigurationManager.psd1')
        manifest.parent.mkdir(parents=True, exist_ok=True)
        manifest.write_text(MODULE_MANIFEST, encoding='utf-8', newline='')
    if host.data['profile'] != 'site_server':
        return
    sizes = dict(HISTORY_BYTES, **(host.config.get('preexisting_log_bytes') or {}))
    for name, size in sizes.items():
        history = cmlog.history(name, host.name, int(size))
        target = host.path(CM_INSTALL_DIR + '\\Logs\\' + name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(history)
