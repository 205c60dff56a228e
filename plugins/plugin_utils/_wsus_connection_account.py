# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions of configmgr.sup.wsus_connection_account: the WSUS Server Connection Account, both sides.

PRIVATE to configmgr.sup. The account ConfigMgr (WCM, WSyncMgr) uses to connect to a remote WSUS
server ("Accounts used in Configuration Manager",
https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/accounts, and "Software update point
installation and configuration",
https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/software-update-point-installation-and-configuration):
- ``scope=configmgr`` runs on the site server: the account exists as a Configuration Manager account
  and is the SUP role's ``WSUSAccessAccount``; without it the site server's computer account is used;
- ``scope=wsus_host`` runs on the WSUS server: the account is a member of the local Administrators
  (well-known SID S-1-5-32-544, its name is localized) and ``WSUS Administrators`` groups.

Each side runs on its own host. Doing the WSUS side from the site server would be a second hop
(controller -> site server -> SUP) that needs CredSSP or Kerberos delegation; the inventory already
reaches both hosts directly.
"""

from __future__ import annotations

import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._wsus_connection_account_spec import (
    WSUS_CONNECTION_ACCOUNT_SPEC,
)
from ansible_collections.configmgr.sup.plugins.plugin_utils import _configmgr as cm
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_role import check_sup_role_result, planned_role
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import (
    InvalidInput,
    Plan,
    PowerShellStateAction,
)

ADMINISTRATORS_SID = 'S-1-5-32-544'
WSUS_ADMINISTRATORS = 'WSUS Administrators'
WSUS_HOST_GROUPS = [ADMINISTRATORS_SID, WSUS_ADMINISTRATORS]
CONFIGMGR_ONLY = ('password', 'site_system', 'site_code', 'sup_role_result', 'account_result')
WSUS_HOST_ONLY = ('wsus_install_result',)


def postinstall_planned(params) -> bool:
    """``wsus_install_result`` (the registered result of the play's earlier wsus_install) says that task completes
    WSUS post-install, which creates the WSUS Administrators group (check mode: it changed nothing yet)."""
    result = params.get('wsus_install_result') or {}
    return bool(result.get('changed') and not result.get('failed') and not result.get('skipped')
                and result.get('postinstall_state') == 'complete')


def check_account_result(params) -> None:
    """``account_result`` is a scope=configmgr result of this module (its ``account`` and ``before``/``after``),
    or failed or skipped."""
    result = params.get('account_result')
    if result is None or result.get('failed') or result.get('skipped'):
        return
    if not result.get('account') or not isinstance(result.get('after'), dict) or 'password' not in result['after']:
        raise InvalidInput('account_result', 'is not the registered result of a configmgr.sup.wsus_connection_account '
                                             'task with scope=configmgr (it has no account and after.password)')


def account_planned(params, name: str, site_code: str | None) -> bool:
    """``account_result`` (an earlier scope=configmgr task of this play, for another software update point) says
    that task creates the Configuration Manager account ``name`` (check mode: it changed nothing yet). A result for
    another account or site is refused."""
    result = params.get('account_result')
    if not result or result.get('failed') or result.get('skipped'):
        return False
    if str(result['account']).lower() != name.lower():
        raise InvalidInput('account_result', f'is the result for the account {result["account"]}, not {name}')
    if site_code and result.get('site_code') and str(result['site_code']).upper() != site_code.upper():
        raise InvalidInput('account_result', f'is the result for site {result["site_code"]}, not {site_code}')
    return bool(result.get('changed') and (result.get('before') or {}).get('account') is None
                and result['after'].get('account') is not None)


class WsusConnectionAccountAction(PowerShellStateAction):
    """The WSUS Server Connection Account: ConfigMgr side on the site server, group side on the WSUS host."""

    MODULE = 'wsus_connection_account'
    SPEC = WSUS_CONNECTION_ACCOUNT_SPEC

    def script_base(self, params):
        return f'{self.MODULE}_{params["scope"]}'

    def check_input(self, params):
        validate.domain_account('username', params['username'])
        if params['scope'] == 'wsus_host':
            for option in CONFIGMGR_ONLY:
                if params.get(option) is not None:
                    raise InvalidInput(option, 'only applies to scope=configmgr; scope=wsus_host manages the local '
                                               'group memberships of the account on the WSUS server')
            result = params.get('wsus_install_result') or {}
            usable = result.get('failed') or result.get('skipped') or isinstance(result.get('features'), dict)
            if result and not usable:
                raise InvalidInput('wsus_install_result', 'is not the registered result of a '
                                                          'configmgr.sup.wsus_install task (it has no features); pass '
                                                          'the result of the task that installs WSUS on this host')
            return
        for option in WSUS_HOST_ONLY:
            if params.get(option) is not None:
                raise InvalidInput(option, 'only applies to scope=wsus_host (the WSUS Administrators group that WSUS '
                                           'post-install creates)')
        validate.fqdn('site_system', params['site_system'])
        if params.get('site_code') is not None:
            params['site_code'] = validate.site_code('site_code', params['site_code'])
        check_sup_role_result(params)
        check_account_result(params)
        if params.get('password') is not None and not params['password']:
            raise InvalidInput('password', 'must not be empty')
        if params['state'] == 'present' and params['update_password'] == 'always' and params.get('password') is None:
            raise InvalidInput('password', 'is required with update_password=always')
        if params['state'] == 'absent' and params.get('password') is not None:
            raise InvalidInput('password', 'is not used with state=absent, which keeps the Configuration Manager '
                                           'account and only stops the software update point using it')

    def probe_parameters(self, params):
        if params['scope'] == 'wsus_host':
            return {'UserName': params['username'], 'Group': list(WSUS_HOST_GROUPS)}
        probe = {'UserName': params['username'], 'SiteSystemServerName': params['site_system']}
        if params.get('site_code'):
            probe['SiteCode'] = params['site_code']
        return probe

    def plan(self, params, probe):
        account = probe.get('account')
        if not account:
            raise InvalidInput('username', f'{params["username"]!r} could not be resolved to an account by this host '
                                           '(IdentityNotMappedException); check the name and that the host is in '
                                           'the domain')
        if params['scope'] == 'wsus_host':
            return self._plan_wsus_host(params, probe, account)
        return self._plan_configmgr(params, probe, account)

    # ---- scope=configmgr -------------------------------------------------------------------------
    def _plan_configmgr(self, params, probe, account) -> Plan:
        name = account['name']
        present = params['state'] == 'present'
        current_access = probe.get('wsus_access_account') or None
        sup_exists = bool(probe.get('sup_exists'))
        role = planned_role(params) if self._task.check_mode and not sup_exists else None
        if role is not None:
            # check mode: the earlier sup_role task of this check run (sup_role_result) adds the role first, with
            # the connection account it sets ('' for none: the site server's computer account)
            sup_exists, current_access = True, role.get('connection_account') or None
        account_exists = bool(probe.get('account_exists'))
        created_earlier = account_planned(params, name, probe.get('site_code'))  # refuses another account's result
        if self._task.check_mode and created_earlier:
            # check mode: the same task for an earlier software update point of this check run creates the account
            account_exists = True
        before = {'account': name if account_exists else None,
                  'password': 'set' if account_exists else None,
                  'wsus_access_account': current_access if sup_exists else None}
        after = dict(before)
        apply: dict[str, t.Any] = {}
        sensitive = []
        facts = {'site_code': probe.get('site_code'), 'account': name, 'site_system': params['site_system']}
        plan = Plan(before=before, after=after, facts=facts)
        if present:
            if not account_exists:
                if params.get('password') is None:
                    raise InvalidInput('password', f'is required to create the Configuration Manager account {name}, '
                                                   'which does not exist yet')
                apply['CreateAccount'] = True
                after.update(account=name, password='set')
            elif params['update_password'] == 'always':
                apply['UpdatePassword'] = True
                after['password'] = 'updated'
            if 'CreateAccount' in apply or 'UpdatePassword' in apply:
                sensitive.append({'name': 'Password', 'value': params['password']})
        if not sup_exists:
            if not present:
                return plan  # no role, nothing uses the account
            message = (f'there is no software update point on {params["site_system"]} in site {probe.get("site_code")}; '
                       'add the role first (configmgr.sup.sup_role)')
            plan.apply = dict(apply, SetAccessAccount=True)  # what the run after sup_role would do
            after['wsus_access_account'] = name
            return self.prerequisite_missing(message, plan)
        if present and (current_access or '').lower() != name.lower():
            apply['SetAccessAccount'] = True
            after['wsus_access_account'] = name
        if not present and current_access:
            apply['UseComputerAccount'] = True
            after['wsus_access_account'] = None
        if apply:
            apply.update(SiteCode=probe['site_code'], UserName=name, SiteSystemServerName=params['site_system'])
            plan.apply = apply
            plan.sensitive = sensitive
            if 'SetAccessAccount' in apply or 'UseComputerAccount' in apply:
                # Compare-and-set (engine ``Plan.expected``); the password cannot be read back, so it has none.
                plan.expected = cm.expected_props('sup', {'WSUSAccessAccount': {'value2': probe.get('wsus_access_account')}},
                                                  ['WSUSAccessAccount'])
        return plan

    # ---- scope=wsus_host -------------------------------------------------------------------------
    def _plan_wsus_host(self, params, probe, account) -> Plan:
        present = params['state'] == 'present'
        groups = probe.get('groups') or {}
        member_of: dict[str, bool] = {}
        add, remove, missing = [], [], []
        for key in WSUS_HOST_GROUPS:
            group = groups.get(key) or {}
            if not group.get('exists'):
                missing.append(key)
                member_of[key] = False
                continue
            is_member = any((m.get('sid') or '').upper() == account['sid'].upper() for m in group.get('members') or [])
            member_of[group['name']] = is_member
            if present and not is_member:
                add.append(group)
            elif not present and is_member:
                remove.append(group)
        after = dict(member_of)
        for group in add:
            after[group['name']] = True
        for group in remove:
            after[group['name']] = False
        apply: dict[str, t.Any] = {'MemberSid': account['sid']}
        if add:
            apply['AddToGroupSid'] = [g['sid'] for g in add]
        if remove:
            apply['RemoveFromGroupSid'] = [g['sid'] for g in remove]
        # Compare-and-set (engine ``Plan.expected``): the membership in each group the apply changes.
        plan = Plan(before={'member_of': member_of}, after={'member_of': after},
                    apply=apply if (add or remove) else None,
                    facts={'account': account['name'], 'account_sid': account['sid']},
                    expected={f'member_of/{group["name"]}': member_of[group['name']] for group in add + remove})
        if missing and present:
            names = ', '.join('Administrators' if key == ADMINISTRATORS_SID else key for key in missing)
            for key in missing:
                plan.after['member_of'][key] = True
            plan.apply = apply
            if missing == [WSUS_ADMINISTRATORS] and self._task.check_mode and postinstall_planned(params):
                return plan  # the earlier wsus_install of this play creates the group: no warning
            return self.prerequisite_missing(
                f'the local group(s) {names} do not exist on this host; WSUS post-install creates '
                f'{WSUS_ADMINISTRATORS}: run configmgr.sup.wsus_install first', plan)
        return plan
