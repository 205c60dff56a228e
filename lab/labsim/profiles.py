"""Fresh states of the lab's host kinds, from the inventory's ``lab_host_config.profile``.

- ``windows_server``: Windows Server 2022 with the IIS prerequisites of WSUS, no WSUS.
- ``site_server``: the same plus Configuration Manager (site server, SMS Provider, console).
"""

from __future__ import annotations

import hashlib
import typing as t

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
        data['configmgr'] = {'site_code': site_code, 'site_server': name}
    return data


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


def seed_files(host) -> None:
    """Files a fresh host already has (the ConfigMgr logs folder on the site server)."""
    if host.data['profile'] == 'site_server':
        host.write_text(CM_INSTALL_DIR + '\\Logs\\SMSProv.log', '')
