"""Configuration Manager accounts (SMS_SCI_Reserved): Get-CMAccount, New-CMAccount, Set-CMAccount.

Accounts are what the site uses to reach other systems: the proxy account of a site system, the
WSUS Server Connection Account of a SUP, the site system installation account. The lab keeps only a
fingerprint of each password (``site.password_fingerprint``), never the password.
https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/accounts

Unverified (kept from the earlier lab, no source found): New-CMAccount refusing a user name the
domain does not know, and its wording; what Set-CMAccount writes to the pipeline (its page says
System.Object; the lab writes nothing, so a script that does not discard it is not caught here).
When the password of a site system's proxy account changes, WCM pushes the new credentials to WSUS
in its next cycle (the same WCM.log lines as a proxy change).
"""

from __future__ import annotations

import typing as t

from labsim.configmgr import drive, results, site as sites, wcm
from labsim.powershell import api
from labsim.profiles import SITE_SYSTEM, SUP_ROLE, resolve_account


def _password(inv: api.Invocation) -> str | None:
    secret = inv.param('Password')
    return secret.reveal() if hasattr(secret, 'reveal') else secret


@api.command('Get-CMAccount')
def get_account(inv: api.Invocation) -> list[results.Reserved]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmaccount"""
    site = drive.site_for(inv)
    if site is None:
        return []
    return [results.reserved(site, user) for user in site['accounts'] if sites.matches(inv.param('UserName'), user)]


@api.command('New-CMAccount')
def new_account(inv: api.Invocation) -> results.Reserved | None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/new-cmaccount"""
    site = drive.write_site(inv)
    user = inv.param('UserName')
    if resolve_account(user) is None:
        inv.fail(f'The user name {user} could not be verified. Specify a valid domain account.',
                 'InvalidUserName,Microsoft.ConfigurationManagement.Cmdlets.Accounts.NewAccountCommand',
                 'InvalidArgument', 'System.ArgumentException')
    if sites.account(site, user) is not None:
        sites.already_exists(inv, user)
    if inv.session.whatif:
        return None
    site['accounts'][user] = {'password': sites.password_fingerprint(site, user, _password(inv)),
                              'changed_at': inv.session.tick(1).isoformat()}
    return results.reserved(site, user)


@api.command('Set-CMAccount')
def set_account(inv: api.Invocation) -> None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/set-cmaccount"""
    obj = inv.param('InputObject')
    site = drive.connected_site(inv) if obj is not None else drive.write_site(inv)
    user = sites.require_account(inv, site, str(obj.ps_get('UserName')) if obj is not None else inv.param('UserName'))
    if inv.session.whatif or not inv.has('Password'):
        return None
    site['accounts'][user].update(password=sites.password_fingerprint(site, user, _password(inv)),
                                  changed_at=inv.session.tick(1).isoformat())
    for fqdn, system in _proxy_users(site, user):
        wcm.proxy(inv.host, fqdn, system)
    return None


def _proxy_users(site: dict[str, t.Any], user: str) -> list[tuple[str, dict[str, t.Any]]]:
    """Site systems with a SUP whose proxy uses ``user``."""
    return [(fqdn, system) for fqdn, system in site['site_systems'].items()
            if SUP_ROLE in system['roles'] and system['roles'][SITE_SYSTEM].get('UseProxy')
            and str(system['roles'][SITE_SYSTEM].get('ProxyUserName', '')).lower() == user.lower()]
