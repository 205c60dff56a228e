"""Site control as the cmdlet models see it: lookups in ``host.data['configmgr']`` of the site server.

The state (made by ``labsim.profiles.site_control``) is plain JSON so that tests and the e2e suite can
read it: ``site_systems`` {FQDN: {'roles': {RoleName: {embedded prop: value}}}}, ``accounts`` {DOMAIN\\user:
{'password': fingerprint, 'changed_at'}}, ``site_code``, ``site_server`` and ``provider_location``.
Names compare case-insensitively, as WQL string comparisons do on the site database.
"""

from __future__ import annotations

import fnmatch
import hashlib
import typing as t

from labsim.powershell import api
from labsim.profiles import SITE_SYSTEM, SUP_ROLE  # noqa: F401  (re-exported for the cmdlet models)

#: the message of the ConfigMgr cmdlets' ItemNotFoundException (what the lab has shown since the
#: first models; the exact wording and the text after it are unverified)
NO_OBJECT = 'No object corresponds to the specified parameters.'


def site_of(host) -> dict[str, t.Any] | None:
    """The site this host's SMS Provider serves (None on a host without Configuration Manager)."""
    return host.data.get('configmgr')


def provider_location(site: dict[str, t.Any]) -> str:
    """The FQDN of the server with the SMS Provider (``sms_provider`` host config; the site server when unset)."""
    return site.get('provider_location') or site['site_server']


def same_server(name: str, fqdn: str) -> bool:
    """``name`` (NetBIOS or FQDN, any case) names the server ``fqdn``."""
    name, fqdn = name.strip().strip('\\').lower(), fqdn.lower()
    return name == fqdn or name == fqdn.split('.')[0]


def find(mapping: dict[str, t.Any], name: str) -> str | None:
    """The key of ``mapping`` that equals ``name`` case-insensitively."""
    return next((key for key in mapping if key.lower() == (name or '').lower()), None)


def site_system(site: dict[str, t.Any], fqdn: str) -> dict[str, t.Any] | None:
    key = find(site['site_systems'], fqdn)
    return None if key is None else site['site_systems'][key]


def role(site: dict[str, t.Any], fqdn: str, role_name: str) -> dict[str, t.Any] | None:
    system = site_system(site, fqdn)
    return None if system is None else system['roles'].get(role_name)


def account(site: dict[str, t.Any], name: str) -> dict[str, t.Any] | None:
    key = find(site['accounts'], name)
    return None if key is None else site['accounts'][key]


def not_found(inv: api.Invocation, detail: str = '') -> t.NoReturn:
    """The terminating ItemNotFound error the ConfigMgr cmdlets raise for a missing object."""
    inv.fail(f'{NO_OBJECT} {detail}'.strip(), 'ItemNotFound', 'ObjectNotFound',
             'System.Management.Automation.ItemNotFoundException')


def already_exists(inv: api.Invocation, name: str) -> t.NoReturn:
    """New-/Add- for an object the site already has (wording unverified, kept from the earlier lab)."""
    inv.fail(f'An object with the specified name already exists: {name}', 'ItemAlreadyExists', 'ResourceExists',
             'System.ArgumentException')


def require_system(inv: api.Invocation, site: dict[str, t.Any], fqdn: str) -> dict[str, t.Any]:
    system = site_system(site, fqdn)
    if system is None:
        not_found(inv, f'Site system server {fqdn} was not found.')
    return system


def require_account(inv: api.Invocation, site: dict[str, t.Any], name: str) -> str:
    """The account as the site stores it; the cmdlets that take an account name fail like this for an unknown one."""
    key = find(site['accounts'], name)
    if key is None:
        not_found(inv, f'Account {name} was not found.')
    return key


def password_fingerprint(site: dict[str, t.Any], user: str, password: str | None) -> str:
    """What the lab keeps of a password: enough to tell whether it changed, never the password
    (same formula as the earlier lab, so existing state files stay comparable)."""
    return hashlib.sha256(f'{site["site_code"]}|{user.lower()}|{password}'.encode()).hexdigest()[:16]


def matches(pattern: str | None, name: str) -> bool:
    """A Get- cmdlet's name filter: None matches all; wildcards as PowerShell's -like; case-insensitive."""
    if pattern is None or pattern == '':
        return pattern is None
    if any(c in pattern for c in '*?['):
        return fnmatch.fnmatchcase(name.lower(), pattern.lower())
    return name.lower() == pattern.lower()


def server_name(inv: api.Invocation) -> str | None:
    """The server a cmdlet addresses: -SiteSystemServerName, or the NetworkOSPath of -InputObject."""
    obj = inv.param('InputObject')
    if obj is not None:
        return str(obj.ps_get('NetworkOSPath') or '').strip('\\')
    return inv.param('SiteSystemServerName')
