# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions of configmgr.sup.sup_role: the site system server and the software update point role.

PRIVATE to configmgr.sup. Runs on the site server through the ConfigurationManager module
(New-/Set-CMSiteSystemServer, Add-/Set-/Remove-CMSoftwareUpdatePoint). Rules:
- only the settings the task gives are compared and changed (a default never overwrites a setting
  an admin made in the console);
- the site system server is created when missing and never removed: it can hold other roles;
- an Internet-facing SUP needs the site system's Internet FQDN; the cloud management gateway
  option needs an Internet-facing SUP that requires SSL;
- a remote SUP needs the WSUS API on the site server (WCM and WSyncMgr use it): warned here, and
  SUPSetup.log shows the failure;
- check mode plans for what earlier tasks of the same check run would do (they changed nothing on the
  host): ``wsus_install_result`` (the site server's WSUS console install) here, ``sup_role_result`` (this
  module's result) in sup_proxy and wsus_connection_account. Only a changed, not failed, not skipped
  result predicts anything; a real run always reads the host.
"""

from __future__ import annotations

import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._sup_role_spec import SUP_ROLE_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils import _configmgr as cm
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import (
    InvalidInput,
    Plan,
    PowerShellStateAction,
    Step,
)

SERVER_OPTIONS = ('public_fqdn', 'install_account', 'site_server_initiated_transfers')
ROLE_OPTIONS = ('http_port', 'https_port', 'ssl', 'client_connection', 'cloud_gateway', 'connection_account')
NEW_SERVER = {'public_fqdn': '', 'install_account': '', 'site_server_initiated_transfers': False}
#: what Add-CMSoftwareUpdatePoint gives a setting the task does not set
NEW_ROLE = {'http_port': 8530, 'https_port': 8531, 'ssl': False, 'client_connection': 'intranet',
            'cloud_gateway': False, 'connection_account': ''}
INTERNET_FACING = ('internet', 'both')
API_FEATURE = 'UpdateServices-API'


def _predicts(result: dict[str, t.Any] | None) -> bool:
    """A registered result predicts a change only when its task changed something and neither failed nor was
    skipped (in check mode: would change something)."""
    return bool(result and result.get('changed') and not result.get('failed') and not result.get('skipped'))


def check_wsus_install_result(params: dict[str, t.Any]) -> None:
    """``wsus_install_result`` is a configmgr.sup.wsus_install result (its ``features``), or failed or skipped."""
    result = params.get('wsus_install_result')
    if result is None or result.get('failed') or result.get('skipped'):
        return
    if not isinstance(result.get('features'), dict):
        raise InvalidInput('wsus_install_result', 'is not the registered result of a configmgr.sup.wsus_install task '
                                                  '(it has no features); pass the result of the task that installs '
                                                  'the WSUS console (role=console) on this site server')


def api_planned(params: dict[str, t.Any]) -> bool:
    """``wsus_install_result`` says the earlier wsus_install task installs the WSUS administration API here."""
    result = params.get('wsus_install_result')
    return _predicts(result) and bool((result.get('features') or {}).get(API_FEATURE))


def check_sup_role_result(params: dict[str, t.Any]) -> None:
    """``sup_role_result`` (in sup_proxy and wsus_connection_account) is a configmgr.sup.sup_role result for the
    same site system (and site), or failed or skipped. Its values are never echoed back."""
    result = params.get('sup_role_result')
    if result is None or result.get('failed') or result.get('skipped'):
        return
    after = result.get('after')
    if not isinstance(after, dict) or 'software_update_point' not in after or not result.get('site_system'):
        raise InvalidInput('sup_role_result', 'is not the registered result of a configmgr.sup.sup_role task (it has '
                                              'no site_system and after.software_update_point)')
    if str(result['site_system']).rstrip('.').lower() != params['site_system'].rstrip('.').lower():
        raise InvalidInput('sup_role_result', f'is the sup_role result for another site system '
                                              f'({result["site_system"]}), not {params["site_system"]}')
    site_code = params.get('site_code')
    if site_code and result.get('site_code') and str(result['site_code']).upper() != site_code.upper():
        raise InvalidInput('sup_role_result', f'is the sup_role result for site {result["site_code"]}, '
                                              f'not {params["site_code"]}')


def planned_role(params: dict[str, t.Any]) -> dict[str, t.Any] | None:
    """The software update point settings the earlier sup_role task (``sup_role_result``, checked with
    check_sup_role_result) leaves on the site system, when that task adds or changes it; else None."""
    result = params.get('sup_role_result')
    if not _predicts(result):
        return None
    after = result.get('after') or {}
    if not after.get('site_system_server') or not after.get('software_update_point'):
        return None
    return dict(after['software_update_point'])


def overlay(current: dict[str, t.Any], params: dict[str, t.Any], options: tuple[str, ...]) -> dict[str, t.Any]:
    """The current settings with only the options the task gave replaced."""
    return dict(current, **{name: params[name] for name in options if params.get(name) is not None})


def changed_keys(before: dict[str, t.Any], after: dict[str, t.Any]) -> list[str]:
    def norm(value):
        return value.lower() if isinstance(value, str) else value
    return [name for name in after if norm(before.get(name)) != norm(after[name])]


class SupRoleAction(PowerShellStateAction):
    """Create, update or remove the software update point role on a site system server."""

    MODULE = 'sup_role'
    SPEC = SUP_ROLE_SPEC

    def check_input(self, params):
        cm.check_target(params)
        if params['state'] == 'absent':
            for option in SERVER_OPTIONS + ROLE_OPTIONS + ('wsus_install_result',):
                if params.get(option) is not None:
                    raise InvalidInput(option, 'is not used with state=absent, which removes only the software '
                                               'update point role (never the site system server)')
            return
        check_wsus_install_result(params)
        if params.get('public_fqdn'):
            params['public_fqdn'] = validate.fqdn('public_fqdn', params['public_fqdn']).rstrip('.').lower()
        for option in ('install_account', 'connection_account'):
            cm.optional_account(option, params.get(option))
        cm.port('http_port', params.get('http_port'))
        cm.port('https_port', params.get('https_port'))
        if params.get('http_port') is not None and params.get('http_port') == params.get('https_port'):
            raise InvalidInput('https_port', 'must differ from http_port')
        self._check_cloud_gateway(params)

    @staticmethod
    def _check_cloud_gateway(settings: dict[str, t.Any]) -> None:
        if not settings.get('cloud_gateway'):
            return
        if settings.get('client_connection') == 'intranet':
            raise InvalidInput('cloud_gateway', 'needs an Internet-facing software update point '
                                                '(client_connection=internet or both), not intranet')
        if settings.get('ssl') is False:
            raise InvalidInput('cloud_gateway', 'needs ssl=true: cloud management gateway traffic to a software '
                                                'update point requires SSL')

    def probe_parameters(self, params):
        return cm.site_system_probe(params, [params.get('install_account'), params.get('connection_account')])

    # ---- planning ---------------------------------------------------------------------------
    def plan(self, params, probe):
        server = probe.get('server') or {}
        sup = probe.get('sup') or {}
        current_server = cm.site_system_settings(server.get('props') or {}) if server.get('exists') else None
        current_role = cm.sup_settings(sup.get('props') or {}) if sup.get('exists') else None
        before = {'site_system_server': current_server, 'software_update_point': current_role}
        target = {'SiteCode': probe['site_code'], 'SiteSystemServerName': params['site_system']}
        if params['state'] == 'absent':
            plan = Plan(before=before, after=dict(before, software_update_point=None),
                        apply=dict(target, Role='remove') if current_role else None)
        else:
            plan = self._plan_present(params, probe, before, target)
        plan.expected = self._expected(plan, server, sup)
        plan.facts.update(self._facts(params, probe, plan))
        return plan

    def _plan_present(self, params, probe, before, target) -> Plan:
        server_after = overlay(before['site_system_server'] or NEW_SERVER, params, SERVER_OPTIONS)
        role_after = overlay(before['software_update_point'] or NEW_ROLE, params, ROLE_OPTIONS)
        self._check_cloud_gateway(role_after)
        if role_after['client_connection'] in INTERNET_FACING and not server_after['public_fqdn']:
            raise InvalidInput('public_fqdn', f'is required: an Internet-facing software update point '
                                              f'(client_connection={role_after["client_connection"]}) needs the '
                                              f'site system\'s Internet FQDN')
        apply: dict[str, t.Any] = {}
        if before['site_system_server'] is None:
            apply.update(Server='create', **self._server_args(params, SERVER_OPTIONS))
        else:
            changed = changed_keys(before['site_system_server'], server_after)
            if changed:
                apply.update(Server='update', **self._server_args(server_after, changed))
        if before['software_update_point'] is None:
            given = [name for name in ROLE_OPTIONS if params.get(name) is not None]
            apply.update(Role='add', **self._role_args(role_after, given))
        else:
            changed = changed_keys(before['software_update_point'], role_after)
            if changed:
                apply.update(Role='update', **self._role_args(role_after, changed))
        plan = Plan(before=before, after={'site_system_server': server_after, 'software_update_point': role_after},
                    apply=dict(target, **apply) if apply else None)
        missing = [params[o] for o in ('install_account', 'connection_account')
                   if params.get(o) and not (probe.get('accounts') or {}).get(params[o])]
        if missing:
            return self.prerequisite_missing(
                f'{", ".join(missing)} is not a Configuration Manager account; create it first '
                '(configmgr.sup.wsus_connection_account creates the connection account)', plan)
        return plan

    @staticmethod
    def _expected(plan: Plan, server: dict[str, t.Any], sup: dict[str, t.Any]) -> dict[str, t.Any]:
        """Compare-and-set (engine ``Plan.expected``): whether the server and the role exist, and the embedded
        properties of the settings the apply changes, as the probe read them."""
        apply = plan.apply or {}
        expected: dict[str, t.Any] = {}
        if apply.get('Server'):
            expected['exists/server'] = bool(server.get('exists'))
        if apply.get('Server') == 'update':
            changed = changed_keys(plan.before['site_system_server'], plan.after['site_system_server'])
            expected.update(cm.expected_props('server', server.get('props') or {},
                                              [p for name in changed for p in cm.SERVER_PROPS[name]]))
        if apply.get('Role'):
            expected['exists/sup'] = bool(sup.get('exists'))
        if apply.get('Role') == 'update':
            changed = changed_keys(plan.before['software_update_point'], plan.after['software_update_point'])
            expected.update(cm.expected_props('sup', sup.get('props') or {},
                                              [p for name in changed for p in cm.SUP_PROPS[name]]))
        return expected

    @staticmethod
    def _server_args(settings: dict[str, t.Any], names) -> dict[str, t.Any]:
        args: dict[str, t.Any] = {}
        if 'public_fqdn' in names and settings.get('public_fqdn') is not None:
            args['PublicFqdn'] = settings['public_fqdn']
        if 'install_account' in names or settings.get('install_account') is None:
            if settings.get('install_account'):
                args['AccountName'] = settings['install_account']
            else:
                args['UseSiteServerAccount'] = True
        if 'site_server_initiated_transfers' in names and settings.get('site_server_initiated_transfers') is not None:
            args['FdmOperation'] = settings['site_server_initiated_transfers']
        return args

    @staticmethod
    def _role_args(settings: dict[str, t.Any], names) -> dict[str, t.Any]:
        args: dict[str, t.Any] = {}
        mapping = {'http_port': 'HttpPort', 'https_port': 'HttpsPort', 'ssl': 'Ssl', 'cloud_gateway': 'CloudGateway'}
        for name in names:
            if name in mapping:
                args[mapping[name]] = settings[name]
            elif name == 'client_connection':
                args['ClientConnectionType'] = cm.CONNECTION_TYPES[settings[name]]
            elif name == 'connection_account':
                if settings[name]:
                    args['ConnectionAccount'] = settings[name]
                else:
                    args['AnonymousAccess'] = True
        return args

    def _facts(self, params, probe, plan: Plan) -> dict[str, t.Any]:
        remote = params['site_system'] != (probe.get('site_server') or '').lower()
        # check mode: the earlier console install of this check run (wsus_install_result) installs the API first
        api_coming = self._task.check_mode and api_planned(params)
        if (params['state'] == 'present' and remote and probe.get('wsus_api') not in ('Installed', 'InstallPending')
                and not plan.before['software_update_point'] and not api_coming):
            plan.warnings.append(
                f'the WSUS administration API (UpdateServices-API) is not installed on this site server; the remote '
                f'software update point on {params["site_system"]} will fail to install (SUPSetup.log: "Did not find '
                'supported version of assembly Microsoft.UpdateServices.Administration") until it is: run '
                'configmgr.sup.wsus_install with role=console here')
        roles = list((probe.get('server') or {}).get('roles') or [])
        return {
            'site_code': probe.get('site_code'),
            'site_system': params['site_system'],
            'remote': remote,
            'role_new': bool(plan.changed and (plan.apply or {}).get('Role') == 'add'),
            'roles': roles,
            'log_positions': probe.get('logs') or {},
        }

    # ---- after the apply script ----------------------------------------------------------------
    def finish(self, params, plan: Plan, applied: Step):
        output = applied.output if isinstance(applied.output, dict) else {}
        extra: dict[str, t.Any] = {'log_positions': output.get('logs') or plan.facts.get('log_positions')}
        if plan.facts.get('role_new'):
            extra['msg'] = (f'software update point added on {params["site_system"]}; Site Component Manager installs '
                            'it in the background: follow SMSProv.log, SiteComp.log and SUPSetup.log from '
                            'log_positions (configmgr.sup.sup_log_verify)')
        return extra
