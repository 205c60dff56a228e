"""The Configuration Manager side of the lab: what every ConfigMgr script does first, and site control.

``connect`` models _configmgr_connect.ps1 (the same failures with the same messages): the console
must be installed (SMS_ADMIN_UI_PATH), and the site code comes from the parameter or the site
server's SMS Identification key. Site control lives in ``host.data['configmgr']`` of the site
server: site systems with their roles' embedded props, and ConfigMgr accounts.
"""

from __future__ import annotations

import base64
import hashlib
import typing as t

from labsim.context import OpContext, ScriptError
from labsim.profiles import SMS_IDENTIFICATION

NO_CONSOLE = ('The Configuration Manager console is not installed on this host (SMS_ADMIN_UI_PATH is not set); '
              'run this task on the site server, where the SMS Provider and the console are')
NO_SITE_CODE = ('No site code was given and this host is not a site server (HKLM\\SOFTWARE\\Microsoft\\SMS\\'
                'Identification has no Site Code); set site_code')


def connect(ctx: OpContext) -> dict[str, t.Any]:
    """Load the module and enter the site drive: returns the site control data."""
    if not ctx.host.data['env'].get('SMS_ADMIN_UI_PATH'):
        raise ScriptError(NO_CONSOLE)
    site_code = ctx.param('SiteCode') or (ctx.host.reg_key(SMS_IDENTIFICATION) or {}).get('Site Code')
    if not site_code:
        raise ScriptError(NO_SITE_CODE)
    site = ctx.host.data.get('configmgr') or {}
    if site.get('site_code', '').upper() != site_code.upper():
        raise ScriptError(f'Cannot find drive. A drive with the name \'{site_code}\' does not exist.',
                          'DriveNotFound,Microsoft.PowerShell.Commands.SetLocationCommand', 'ObjectNotFound',
                          'System.Management.Automation.DriveNotFoundException')
    ctx.tick(2)  # importing the module and connecting to the provider takes a while
    return site


def site_system(site: dict[str, t.Any], fqdn: str) -> dict[str, t.Any] | None:
    for name, system in site['site_systems'].items():
        if name.lower() == fqdn.lower():
            return system
    return None


def role(site: dict[str, t.Any], fqdn: str, role_name: str) -> dict[str, t.Any] | None:
    system = site_system(site, fqdn)
    return None if system is None else system['roles'].get(role_name)


def account(site: dict[str, t.Any], name: str) -> dict[str, t.Any] | None:
    for account_name, entry in site['accounts'].items():
        if account_name.lower() == name.lower():
            return entry
    return None


#: embedded properties that hold a string, and in which field (numbers are in ``value``)
STRING_FIELD = {'Server Remote Public Name': 'value1', 'Server Remote Name': 'value1', 'UserName': 'value2',
                'ProxyName': 'value2', 'ProxyUserName': 'value2', 'WSUSAccessAccount': 'value2',
                'DBServerName': 'value2', 'NLBVIP': 'value2', 'PublicVIP': 'value2'}


def embedded(props: dict[str, t.Any] | None) -> dict[str, dict[str, t.Any]]:
    """Props as SMS_EmbeddedProperty objects read back: {name: {value, value1, value2}}."""
    table = {}
    for name, value in (props or {}).items():
        entry = {'value': 0, 'value1': '', 'value2': ''}
        if name in STRING_FIELD:
            entry[STRING_FIELD[name]] = value
        else:
            entry['value'] = value
        table[name] = entry
    return table


def require_account(site: dict[str, t.Any], name: str) -> str:
    """The account as ConfigMgr stores it; the cmdlets fail like this for an unknown one."""
    for account_name in site['accounts']:
        if account_name.lower() == name.lower():
            return account_name
    raise ScriptError(f'No object corresponds to the specified parameters. Account {name} was not found.',
                      'ItemNotFound', 'ObjectNotFound')


def log_positions(ctx: OpContext, names: list[str]) -> dict[str, dict[str, t.Any]]:
    """Get-CMLogPosition: the size of each log in <Installation Directory>\\Logs."""
    folder = (ctx.host.reg_key(SMS_IDENTIFICATION) or {}).get('Installation Directory', '') + '\\Logs'
    positions = {}
    for name in names:
        path = f'{folder}\\{name}'
        local = ctx.host.path(path)
        head = ''
        if local.exists():
            with open(local, 'rb') as handle:
                head = base64.b64encode(handle.read(64)).decode()
        positions[name] = {'path': path, 'position': local.stat().st_size if local.exists() else 0, 'head': head}
    return positions


def password_fingerprint(site: dict[str, t.Any], user: str, password: str | None) -> str:
    """What the lab keeps of a password: enough to tell whether it changed, never the password."""
    return hashlib.sha256(f'{site["site_code"]}|{user.lower()}|{password}'.encode()).hexdigest()[:16]
