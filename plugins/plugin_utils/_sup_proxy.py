# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions of configmgr.sup.sup_proxy: the site system proxy and the SUP's use of it.

PRIVATE to configmgr.sup. Facts ("Software update point installation and configuration",
https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/software-update-point-installation-and-configuration;
Set-CMSiteSystemServer, https://learn.microsoft.com/powershell/module/configurationmanager/set-cmsitesystemserver):
- the proxy is a setting of the site system server, shared by all its roles; the SUP opts in for
  synchronization (``UseProxy``) and for automatic deployment rule downloads (``UseProxyForADR``);
- Set-CMSiteSystemServer resets an omitted port to 80 and an omitted account to none, so the full
  proxy set is always sent;
- enabling a SUP flag without a site system proxy fails with "The address of the proxy server
  cannot be empty": refused here before anything changes;
- the proxy account is a Configuration Manager account (Get-CMAccount object), DOMAIN\\user.
"""

from __future__ import annotations

import ipaddress
import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._sup_proxy_spec import SUP_PROXY_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils import _configmgr as cm
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_role import check_sup_role_result, planned_role
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import (
    InvalidInput,
    Plan,
    PowerShellStateAction,
    Step,
)

FLAGS = {'sync_uses_proxy': 'UseProxy', 'adr_uses_proxy': 'UseProxyForAdr'}
PRESENT_ONLY = ('proxy_server', 'proxy_port', 'proxy_username', 'proxy_password', 'sync_uses_proxy', 'adr_uses_proxy',
                'sup_role_result')
#: roles that are infrastructure, not users of the proxy; the others share the proxy with the SUP
BASE_ROLES = {'SMS Site System', 'SMS Software Update Point', 'SMS Site Server', 'SMS Provider', 'SMS Component Server',
              'SMS SQL Server'}


def proxy_host(option: str, value: str) -> str:
    """A proxy server as the cmdlet takes it: FQDN, host name, IPv4 or IPv6 address (no URL, no port)."""
    if '://' in value or value.count(':') == 1:
        raise InvalidInput(option, f'must be the proxy host name or address only, without scheme or port '
                                   f'(the port goes in proxy_port): {value!r}')
    try:
        ipaddress.ip_address(value.strip('[]'))
        return value
    except ValueError:
        return validate.hostname(option, value)


class SupProxyAction(PowerShellStateAction):
    """The site system proxy and the software update point's proxy flags."""

    MODULE = 'sup_proxy'
    SPEC = SUP_PROXY_SPEC

    def check_input(self, params):
        cm.check_target(params)
        if params['state'] == 'absent':
            for option in PRESENT_ONLY:
                if params.get(option) is not None:
                    raise InvalidInput(option, 'is not used with state=absent, which turns the software update '
                                               'point\'s proxy flags off (and with remove_site_system_proxy=true '
                                               'also the site system proxy)')
            return
        check_sup_role_result(params)
        if params['remove_site_system_proxy']:
            raise InvalidInput('remove_site_system_proxy', 'is only used with state=absent')
        if params.get('proxy_server') is not None:
            proxy_host('proxy_server', params['proxy_server'])
        cm.port('proxy_port', params.get('proxy_port'))
        if params.get('proxy_port') is not None and params.get('proxy_server') is None:
            raise InvalidInput('proxy_port', 'needs proxy_server: the full proxy set is always sent')
        cm.optional_account('proxy_username', params.get('proxy_username'))
        if params.get('proxy_password') is not None:
            if not params['proxy_password']:
                raise InvalidInput('proxy_password', 'must not be empty')
            if not params.get('proxy_username'):
                raise InvalidInput('proxy_password', 'needs a proxy_username')
        elif params['update_password'] == 'always' and params.get('proxy_username'):
            raise InvalidInput('proxy_password', 'is required with update_password=always')

    def probe_parameters(self, params):
        return cm.site_system_probe(params, [params.get('proxy_username')])

    # ---- planning ---------------------------------------------------------------------------
    def plan(self, params, probe):
        server = probe.get('server') or {}
        sup = probe.get('sup') or {}
        # check mode: the earlier sup_role task of this check run (sup_role_result) adds the server and the role
        # first; New-CMSiteSystemServer and Add-CMSoftwareUpdatePoint, as sup_role calls them, set no proxy
        role_coming = params['state'] == 'present' and self._task.check_mode and planned_role(params) is not None
        server_exists = bool(server.get('exists')) or role_coming
        proxy = cm.proxy_settings(server.get('props') or {}) if server_exists else None
        flags = cm.sup_proxy_flags(sup.get('props') or {}) if sup.get('exists') or role_coming else None
        before = {'site_system_proxy': proxy, 'software_update_point': flags}
        target = {'SiteCode': probe['site_code'], 'SiteSystemServerName': params['site_system']}
        facts = {'site_code': probe.get('site_code'), 'site_system': params['site_system'],
                 'log_positions': probe.get('logs') or {}}
        if params['state'] == 'absent':
            plan = self._plan_absent(params, server, before, target)
            plan.facts.update(facts)
            plan.expected = self._expected(plan, server, sup)
            return plan
        plan = self._plan_present(params, probe, before, target)
        plan.facts.update(facts)
        plan.expected = self._expected(plan, server, sup)
        if not server_exists:
            return self.prerequisite_missing(f'{params["site_system"]} is not a site system server of site '
                                             f'{probe.get("site_code")}; add it with configmgr.sup.sup_role first', plan)
        if any(params.get(o) is not None for o in FLAGS) and before['software_update_point'] is None:
            return self.prerequisite_missing(f'there is no software update point on {params["site_system"]}; add it '
                                             'with configmgr.sup.sup_role first', plan)
        return plan

    def _plan_present(self, params, probe, before, target) -> Plan:
        current = before['site_system_proxy'] or {'enabled': False, 'server': '', 'port': None, 'username': ''}
        wanted = dict(current)
        if params.get('proxy_server') is not None:
            wanted.update(enabled=True, server=params['proxy_server'],
                          port=params.get('proxy_port') or current['port'] or 80)
            if params.get('proxy_username') is not None:
                wanted['username'] = params['proxy_username']
        elif params.get('proxy_username') is not None:
            raise InvalidInput('proxy_username', 'needs proxy_server: the full proxy set is always sent')
        flags_now = before['software_update_point'] or {'sync_uses_proxy': False, 'adr_uses_proxy': False}
        flags = dict(flags_now, **{o: params[o] for o in FLAGS if params.get(o) is not None})
        for option in FLAGS:
            if flags[option] and not flags_now[option] and not wanted['enabled']:
                raise InvalidInput(option, f'cannot be enabled: the site system {params["site_system"]} has no proxy '
                                           'server (Configuration Manager would fail with "The address of the proxy '
                                           'server cannot be empty"); set proxy_server')
        apply: dict[str, t.Any] = {}
        sensitive = []
        after = {'site_system_proxy': wanted if before['site_system_proxy'] or wanted['enabled'] else None,
                 'software_update_point': flags if before['software_update_point'] or
                 any(params.get(o) is not None for o in FLAGS) else None}
        username = params.get('proxy_username')
        if username:
            exists = (probe.get('accounts') or {}).get(username)
            if not exists:
                if params.get('proxy_password') is None:
                    raise InvalidInput('proxy_password', f'is required to create the Configuration Manager account '
                                                         f'{username}, which does not exist yet')
                apply['CreateAccount'] = True
                after['proxy_account_password'] = 'set'
            elif params['update_password'] == 'always':
                apply['UpdatePassword'] = True
                after['proxy_account_password'] = 'updated'
            if apply:
                sensitive.append({'name': 'Password', 'value': params['proxy_password']})
                apply['ProxyAccountName'] = username
        if self._proxy_differs(current, wanted):
            apply.update(EnableProxy=True, ProxyServerName=wanted['server'], ProxyServerPort=wanted['port'])
            if wanted['username']:
                apply['ProxyAccountName'] = wanted['username']
        for option, name in FLAGS.items():
            if flags[option] != flags_now[option]:
                apply[name] = flags[option]
        return Plan(before=before, after=after, apply=dict(target, **apply) if apply else None, sensitive=sensitive)

    @staticmethod
    def _expected(plan: Plan, server: dict[str, t.Any], sup: dict[str, t.Any]) -> dict[str, t.Any]:
        """Compare-and-set (engine ``Plan.expected``): the whole site system proxy when the apply sets it, each
        SUP flag it sets, as the probe read them; an account's password cannot be read back and has none."""
        apply = plan.apply or {}
        expected = {}
        if 'EnableProxy' in apply:
            expected.update(cm.expected_props('server', server.get('props') or {}, cm.PROXY_PROPS))
        flags = [prop for option, name in FLAGS.items() if name in apply for prop in cm.SUP_PROPS[option]]
        expected.update(cm.expected_props('sup', sup.get('props') or {}, flags))
        return expected

    @staticmethod
    def _proxy_differs(current: dict[str, t.Any], wanted: dict[str, t.Any]) -> bool:
        return (current['enabled'] != wanted['enabled'] or (current['server'] or '').lower() != wanted['server'].lower()
                or current['port'] != wanted['port'] or not cm.same_account(current['username'], wanted['username']))

    def _plan_absent(self, params, server, before, target) -> Plan:
        apply: dict[str, t.Any] = {}
        after = {key: (dict(value) if value else value) for key, value in before.items()}
        warnings = []
        for option, name in FLAGS.items():
            if before['software_update_point'] and before['software_update_point'][option]:
                apply[name] = False
                after['software_update_point'][option] = False
        proxy = before['site_system_proxy']
        if params['remove_site_system_proxy'] and proxy and proxy['enabled']:
            apply['EnableProxy'] = False
            after['site_system_proxy'] = {'enabled': False, 'server': '', 'port': None, 'username': ''}
            others = sorted(set(server.get('roles') or []) - BASE_ROLES)
            if others:
                warnings.append(f'the site system proxy of {params["site_system"]} is shared by all its roles; '
                                f'{", ".join(others)} no longer use it either')
        return Plan(before=before, after=after, apply=dict(target, **apply) if apply else None, warnings=warnings)

    # ---- after the apply script ----------------------------------------------------------------
    def finish(self, params, plan: Plan, applied: Step):
        output = applied.output if isinstance(applied.output, dict) else {}
        return {'log_positions': output.get('logs') or plan.facts.get('log_positions')}
