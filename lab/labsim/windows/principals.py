"""Account names and SIDs as a domain member resolves them (LookupAccountName / LookupAccountSid):
well-known and BUILTIN accounts, the host's local groups and accounts, then the lab's Active
Directory (labsim.profiles.DIRECTORY). A SID nobody can resolve (host config ``orphaned_sids``, an
account deleted from AD) resolves to nothing.

Well-known SIDs: https://learn.microsoft.com/windows/win32/secauthz/well-known-sids
"""

from __future__ import annotations

import typing as t

from labsim import profiles

WELL_KNOWN = {
    'S-1-1-0': 'Everyone',
    'S-1-5-11': 'NT AUTHORITY\\Authenticated Users',
    'S-1-5-18': 'NT AUTHORITY\\SYSTEM',
    'S-1-5-19': 'NT AUTHORITY\\LOCAL SERVICE',
    'S-1-5-20': 'NT AUTHORITY\\NETWORK SERVICE',
    'S-1-5-32-544': 'BUILTIN\\Administrators',
    'S-1-5-32-545': 'BUILTIN\\Users',
}
#: RIDs of the domain's built-in groups (Domain Admins 512 ... Group Policy Creator Owners 520)
DOMAIN_GROUP_RIDS = range(512, 521)


def computer(host) -> str:
    return host.name.split('.')[0].upper()


def _local_accounts(host) -> dict[str, str]:
    """Local names (COMPUTER\\x) -> SID: the local groups and the local accounts that are members."""
    found: dict[str, str] = {}
    machine = profiles.machine_sid(host.name)
    for name, group in (host.data.get('local_groups') or {}).items():
        if not group['sid'].startswith('S-1-5-32-'):
            found[f'{computer(host)}\\{name}'] = group['sid']
        for member in group['members']:
            if member['sid'].startswith(machine + '-'):
                found[member['name']] = member['sid']
    return found


def lookup_name(host, name: str) -> dict[str, str] | None:
    """{'name': 'DOMAIN\\user', 'sid': ...} for an account name (DOMAIN\\user, user@dns, or a bare name)."""
    if not name:
        return None
    lowered = name.lower()
    candidates = dict(_local_accounts(host))
    candidates.update({n: sid for sid, n in WELL_KNOWN.items()})
    for known, sid in candidates.items():
        bare = known.rsplit('\\', 1)[-1]
        if known.lower() == lowered or ('\\' not in name and '@' not in name and bare.lower() == lowered):
            return {'name': known, 'sid': sid}
    if '\\' not in name and '@' not in name:
        return profiles.resolve_account(f'{profiles.DOMAIN}\\{name}')
    return profiles.resolve_account(name)


def lookup_sid(host, sid: str) -> dict[str, str] | None:
    if sid in WELL_KNOWN:
        return {'name': WELL_KNOWN[sid], 'sid': sid}
    for known, known_sid in _local_accounts(host).items():
        if known_sid == sid:
            return {'name': known, 'sid': sid}
    for sam in profiles.DIRECTORY:
        account = profiles.resolve_account(f'{profiles.DOMAIN}\\{sam}')
        if account and account['sid'] == sid:
            return account
    return None


def object_class(sid: str) -> str:
    """'Group' or 'User' as Get-LocalGroupMember reports it."""
    if sid in WELL_KNOWN and sid not in ('S-1-5-18', 'S-1-5-19', 'S-1-5-20'):
        return 'Group'
    if sid.startswith(profiles.DOMAIN_SID + '-') and int(sid.rsplit('-', 1)[1]) in DOMAIN_GROUP_RIDS:
        return 'Group'
    return 'User'


def principal_source(host, sid: str) -> str:
    """Local / ActiveDirectory; well-known principals report Unknown (unverified)."""
    if sid.startswith(profiles.DOMAIN_SID + '-'):
        return 'ActiveDirectory'
    if sid.startswith(profiles.machine_sid(host.name) + '-'):
        return 'Local'
    return 'Unknown'


def is_sid(text: t.Any) -> bool:
    return isinstance(text, str) and text.upper().startswith('S-1-')
