"""Microsoft.PowerShell.LocalAccounts: Get-LocalGroup, Get-LocalGroupMember, Add-LocalGroupMember,
Remove-LocalGroupMember over ``host.data['local_groups']`` ({name: {sid, members: [{name, sid}]}}).

Host config ``orphaned_sids: {group SID: [SID, ...]}`` puts SIDs nobody can resolve into a group
(an account deleted from AD, a domain left behind). Get-LocalGroupMember then throws "Failed to
compare two elements in the array." (InvalidOperationException): its sort compares a member whose
lookup returned nothing (PowerShell issues #2996, #7105 with the stack trace, #21617). A group of
one member is never sorted, so it does not throw.
Get-LocalGroup: https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/get-localgroup?view=powershell-5.1
Get-LocalGroupMember: https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/get-localgroupmember?view=powershell-5.1
Add-LocalGroupMember: https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/add-localgroupmember?view=powershell-5.1
Remove-LocalGroupMember: https://learn.microsoft.com/powershell/module/microsoft.powershell.localaccounts/remove-localgroupmember?view=powershell-5.1
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api
from labsim.windows import errors, principals, wildcard
from labsim.windows.identity import SecurityIdentifier, sid_text

PRINCIPAL_SOURCE = {name: api.PSEnum('Microsoft.PowerShell.Commands.PrincipalSource', name, number)
                    for number, name in enumerate(('Unknown', 'Local', 'ActiveDirectory', 'AzureAD', 'MicrosoftAccount'))}
DESCRIPTIONS = {
    'Administrators': 'Administrators have complete and unrestricted access to the computer/domain',
    'Users': 'Users are prevented from making accidental or intentional system-wide changes and can run most '
             'applications',
}
COMPARE_FAILED = 'Failed to compare two elements in the array.'


class LocalGroup(api.DotNetObject):
    """Microsoft.PowerShell.Commands.LocalGroup."""

    TYPE_NAME = 'Microsoft.PowerShell.Commands.LocalGroup'
    PROPERTIES = ('Name', 'Description', 'SID', 'PrincipalSource', 'ObjectClass')

    def ps_to_string(self) -> str:
        return self.props['Name']


class LocalPrincipal(api.DotNetObject):
    """Microsoft.PowerShell.Commands.LocalPrincipal (a member of a local group)."""

    TYPE_NAME = 'Microsoft.PowerShell.Commands.LocalPrincipal'
    PROPERTIES = ('Name', 'SID', 'PrincipalSource', 'ObjectClass')

    def ps_to_string(self) -> str:
        return self.props['Name']


def _groups(host) -> dict[str, dict[str, t.Any]]:
    return host.data.setdefault('local_groups', {})


def _group_object(inv: api.Invocation, name: str, group: dict[str, t.Any]) -> LocalGroup:
    return LocalGroup(Name=name, Description=DESCRIPTIONS.get(name, ''), SID=SecurityIdentifier(inv.session, group['sid']),
                      PrincipalSource=PRINCIPAL_SOURCE['Local'], ObjectClass='Group')


def _group_not_found(inv: api.Invocation, key: str) -> None:
    inv.write_error(f'Group {key} was not found.', errors.fqid('GroupNotFound', inv.name), 'ObjectNotFound',
                    'Microsoft.PowerShell.Commands.GroupNotFoundException', key)


def _find_group(inv: api.Invocation) -> tuple[str, dict[str, t.Any]] | None:
    """The group named by -Group (object or name), -Name or -SID; GroupNotFound otherwise."""
    if inv.has('Group'):
        given = inv.param('Group')
        key = given.props['Name'] if isinstance(given, LocalGroup) else str(given)
        by_sid = False
    elif inv.has('SID'):
        key, by_sid = sid_text(inv.param('SID')), True
    else:
        key, by_sid = str(inv.param('Name')), False
    for name, group in _groups(inv.host).items():
        if (by_sid and group['sid'].upper() == key.upper()) or (not by_sid and name.lower() == key.lower()):
            return name, group
    _group_not_found(inv, key)
    return None


@api.command('Get-LocalGroup')
def get_local_group(inv: api.Invocation) -> list[LocalGroup]:
    groups = _groups(inv.host)
    if inv.has('SID'):
        out = []
        for wanted in errors.as_list(inv.param('SID')):
            key = sid_text(wanted)
            match = next(((n, g) for n, g in groups.items() if g['sid'].upper() == key.upper()), None)
            if match is None:
                _group_not_found(inv, key)
            else:
                out.append(_group_object(inv, *match))
        return out
    patterns = errors.as_list(inv.param('Name'))
    if not patterns:
        return [_group_object(inv, n, g) for n, g in sorted(groups.items(), key=lambda item: item[0].lower())]
    out = []
    for pattern in patterns:
        matched = [(n, g) for n, g in groups.items() if wildcard.matches(pattern, n)]
        if not matched and not wildcard.has_wildcards(pattern):
            _group_not_found(inv, pattern)
        out += [_group_object(inv, n, g) for n, g in matched]
    return out


def _principal(inv: api.Invocation, name: str, sid: str) -> LocalPrincipal:
    return LocalPrincipal(Name=name, SID=SecurityIdentifier(inv.session, sid),
                          PrincipalSource=PRINCIPAL_SOURCE[principals.principal_source(inv.host, sid)],
                          ObjectClass=principals.object_class(sid))


@api.command('Get-LocalGroupMember')
def get_local_group_member(inv: api.Invocation) -> list[LocalPrincipal]:
    found = _find_group(inv)
    if found is None:
        return []
    name, group = found
    members = [dict(m) for m in group['members']]
    orphaned = (inv.host.config.get('orphaned_sids') or {}).get(group['sid']) or []
    members += [{'name': None, 'sid': sid} for sid in orphaned]
    if orphaned and len(members) > 1:
        inv.fail(COMPARE_FAILED, errors.fqid('An unspecified error occurred.', inv.name), 'NotSpecified',
                 'System.InvalidOperationException')
    members.sort(key=lambda m: (m['name'] or m['sid']).lower())
    pattern = inv.param('Member')
    if pattern:
        members = [m for m in members if wildcard.matches(str(pattern), m['name'] or m['sid'])]
    return [_principal(inv, m['name'] or m['sid'], m['sid']) for m in members]


def _resolve_member(inv: api.Invocation, member: t.Any) -> tuple[str, dict[str, str] | None]:
    """(how it was given, {'name', 'sid'} or None) for a -Member value: name, SID text, or object."""
    if isinstance(member, (LocalPrincipal, LocalGroup)):
        return member.props['Name'], {'name': member.props['Name'], 'sid': member.props['SID'].props['Value']}
    if isinstance(member, SecurityIdentifier):
        text = member.props['Value']
    else:
        text = str(member)
    if principals.is_sid(text):
        return text, principals.lookup_sid(inv.host, text.upper())
    return text, principals.lookup_name(inv.host, text)


def _principal_not_found(inv: api.Invocation, given: str) -> None:
    inv.write_error(f'Principal {given} was not found.', errors.fqid('PrincipalNotFound', inv.name), 'ObjectNotFound',
                    'Microsoft.PowerShell.Commands.PrincipalNotFoundException', given)


@api.command('Add-LocalGroupMember')
def add_local_group_member(inv: api.Invocation) -> None:
    """Adds each member; one already there is MemberExists, one nobody resolves PrincipalNotFound
    (both non-terminating, the others are still added)."""
    found = _find_group(inv)
    if found is None:
        return None
    name, group = found
    for member in errors.as_list(inv.param('Member')):
        given, account = _resolve_member(inv, member)
        if account is None:
            _principal_not_found(inv, given)
            continue
        if any(m['sid'].upper() == account['sid'].upper() for m in group['members']):
            inv.write_error(f"{account['name']} is already a member of group {name}.", errors.fqid('MemberExists', inv.name),
                            'ResourceExists', 'Microsoft.PowerShell.Commands.MemberExistsException', given)
            continue
        if inv.session.whatif:
            inv.session.write_host(f'What if: Performing the operation "Add member {account["name"]}" on target '
                                   f'"{name}".')
            continue
        group['members'].append({'name': account['name'], 'sid': account['sid']})
        inv.session.tick(1)
    return None


@api.command('Remove-LocalGroupMember')
def remove_local_group_member(inv: api.Invocation) -> None:
    """Removes each member; one not in the group is MemberNotFound (wording unverified)."""
    found = _find_group(inv)
    if found is None:
        return None
    name, group = found
    for member in errors.as_list(inv.param('Member')):
        given, account = _resolve_member(inv, member)
        sid = account['sid'] if account else (given.upper() if principals.is_sid(given) else None)
        present = sid is not None and any(m['sid'].upper() == sid.upper() for m in group['members'])
        if account is None and not present:
            _principal_not_found(inv, given)
            continue
        if not present:
            inv.write_error(f"Member {account['name']} was not found in group {name}.",
                            errors.fqid('MemberNotFound', inv.name), 'ObjectNotFound',
                            'Microsoft.PowerShell.Commands.MemberNotFoundException', given)
            continue
        if inv.session.whatif:
            inv.session.write_host(f'What if: Performing the operation "Remove member {given}" on target "{name}".')
            continue
        group['members'] = [m for m in group['members'] if m['sid'].upper() != sid.upper()]
        inv.session.tick(1)
    return None
