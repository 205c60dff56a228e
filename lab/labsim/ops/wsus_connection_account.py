"""Lab model of the wsus_connection_account scripts (both scopes).

- configmgr: Get-CMAccount / New-CMAccount / Set-CMAccount on the site's account list, and the
  ``WSUSAccessAccount`` embedded prop of the SUP role (empty = the site server's computer account);
  New-CMAccount refuses an account AD does not know, as the console does.
- wsus_host: Get-LocalGroup / Get-LocalGroupMember / Add-LocalGroupMember / Remove-LocalGroupMember
  with their real errors (member already in the group, group not found).
"""

from __future__ import annotations

import typing as t

from labsim.context import OpContext, ScriptError
from labsim.ops import configmgr
from labsim.profiles import DIRECTORY, DOMAIN, SUP_ROLE, resolve_account


def configmgr_get(ctx: OpContext) -> dict[str, t.Any]:
    resolved = resolve_account(ctx.param('UserName'))
    site = configmgr.connect(ctx)
    name = resolved['name'] if resolved else ctx.param('UserName')
    sup = configmgr.role(site, ctx.param('SiteSystemServerName'), SUP_ROLE)
    return {
        'site_code': site['site_code'],
        'account': resolved,
        'account_exists': configmgr.account(site, name) is not None,
        'sup_exists': sup is not None,
        'wsus_access_account': sup['WSUSAccessAccount'] if sup is not None else None,
    }


def configmgr_set(ctx: OpContext) -> dict[str, t.Any]:
    site = configmgr.connect(ctx)
    user = ctx.param('UserName')
    password = ctx.param('Password')
    if ctx.param('CreateAccount'):
        if resolve_account(user) is None:
            raise ScriptError(f'The user name {user} could not be verified. Specify a valid domain account.',
                              'InvalidUserName,Microsoft.ConfigurationManagement.Cmdlets.Accounts.NewAccountCommand',
                              'InvalidArgument')
        if configmgr.account(site, user) is not None:
            raise ScriptError(f'An object with the specified name already exists: {user}',
                              'ItemAlreadyExists', 'ResourceExists')
        site['accounts'][user] = {'password': configmgr.password_fingerprint(site, user, password.reveal()),
                                  'changed_at': ctx.tick(1).isoformat()}
    if ctx.param('UpdatePassword'):
        entry = configmgr.account(site, user)
        if entry is None:
            raise ScriptError(f'No object corresponds to the specified parameters: {user}', 'ItemNotFound',
                              'ObjectNotFound')
        entry.update(password=configmgr.password_fingerprint(site, user, password.reveal()),
                     changed_at=ctx.tick(1).isoformat())
    sup = configmgr.role(site, ctx.param('SiteSystemServerName'), SUP_ROLE)
    if (ctx.param('SetAccessAccount') or ctx.param('UseComputerAccount')) and sup is None:
        raise ScriptError('No object corresponds to the specified parameters.', 'ItemNotFound', 'ObjectNotFound')
    if ctx.param('SetAccessAccount'):
        if configmgr.account(site, user) is None:
            raise ScriptError(f'The account {user} is not a Configuration Manager account. Create it with '
                              'New-CMAccount first.', 'AccountNotFound', 'ObjectNotFound')
        sup['WSUSAccessAccount'] = user
    if ctx.param('UseComputerAccount'):
        sup['WSUSAccessAccount'] = ''
    ctx.tick(1)
    return {'site_code': site['site_code']}


def _group(ctx: OpContext, key: str) -> tuple[str, dict[str, t.Any]] | None:
    for name, group in ctx.host.data.get('local_groups', {}).items():
        if (key.startswith('S-1-') and group['sid'] == key) or name.lower() == key.lower():
            return name, group
    return None


def wsus_host_get(ctx: OpContext) -> dict[str, t.Any]:
    groups = {}
    for key in ctx.param('Group'):
        found = _group(ctx, key)
        if found is None:
            groups[key] = {'exists': False}
        else:
            name, group = found
            groups[key] = {'exists': True, 'name': name, 'sid': group['sid'],
                           'members': [dict(member) for member in group['members']]}
    return {'account': resolve_account(ctx.param('UserName')), 'groups': groups}


def wsus_host_set(ctx: OpContext) -> dict[str, t.Any]:
    sid = ctx.param('MemberSid')
    for group_sid in ctx.param('AddToGroupSid') or []:
        name, group = _require_group(ctx, group_sid)
        if any(m['sid'] == sid for m in group['members']):
            raise ScriptError(f'{sid} is already a member of group {name}.', 'MemberExists,Microsoft.PowerShell.'
                              'Commands.AddLocalGroupMemberCommand', 'ResourceExists')
        account = next((a for a in _directory_by_sid() if a['sid'] == sid), None)
        if account is None:
            raise ScriptError(f'Principal {sid} was not found.', 'PrincipalNotFound', 'ObjectNotFound')
        group['members'].append(account)
    for group_sid in ctx.param('RemoveFromGroupSid') or []:
        name, group = _require_group(ctx, group_sid)
        if not any(m['sid'] == sid for m in group['members']):
            raise ScriptError(f'{sid} is not a member of group {name}.', 'MemberNotFound', 'ObjectNotFound')
        group['members'] = [m for m in group['members'] if m['sid'] != sid]
    ctx.tick(1)
    return {'added': ctx.param('AddToGroupSid') or [], 'removed': ctx.param('RemoveFromGroupSid') or []}


def _require_group(ctx: OpContext, sid: str) -> tuple[str, dict[str, t.Any]]:
    found = _group(ctx, sid)
    if found is None:
        raise ScriptError(f'Group {sid} was not found.', 'GroupNotFound,Microsoft.PowerShell.Commands.'
                          'AddLocalGroupMemberCommand', 'ObjectNotFound')
    return found


def _directory_by_sid() -> list[dict[str, str]]:
    return [resolve_account(f'{DOMAIN}\\{name}') for name in DIRECTORY]
