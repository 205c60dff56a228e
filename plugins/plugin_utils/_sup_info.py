# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""configmgr.sup.sup_info: everything this collection manages on a host, in one read-only round trip.

PRIVATE to configmgr.sup. The probe returns raw host data; the same helpers the modules decide with
turn it into their vocabulary (post-install state, ports, sslFlags, SUP settings), so a drift report
and a module's ``before`` agree.
"""

from __future__ import annotations

import base64
import re
import struct
import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._sup_info_spec import SUP_INFO_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils import _configmgr as cm
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import InvalidInput, Plan, PowerShellStateAction
from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_install import (
    HTTPS_PORT,
    PRESENT_STATES,
    SERVICES,
    SQL,
    postinstall_state,
)
from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_ssl_vroots import (
    SSL_VROOTS,
    certificate_problems,
    parse_utc,
    requires_ssl,
)


def winhttp_proxy(encoded: str | None) -> dict[str, t.Any]:
    """The machine WinHTTP proxy from the WinHttpSettings registry value ("netsh winhttp show proxy"):
    DWORD structure size, DWORD counter, DWORD flags (bit 2 = proxy), DWORD length + proxy, DWORD length + bypass."""
    if not encoded:
        return {'direct': True, 'proxy': None, 'bypass': None}
    data = base64.b64decode(encoded)
    try:
        flags = struct.unpack_from('<I', data, 8)[0]
        proxy_length = struct.unpack_from('<I', data, 12)[0]
        proxy = data[16:16 + proxy_length].decode('ascii', errors='replace')
        bypass_length = struct.unpack_from('<I', data, 16 + proxy_length)[0]
        bypass = data[20 + proxy_length:20 + proxy_length + bypass_length].decode('ascii', errors='replace')
    except struct.error:
        return {'direct': None, 'proxy': None, 'bypass': None, 'unreadable': True}
    use = bool(flags & 2) and bool(proxy)
    return {'direct': not use, 'proxy': proxy if use else None, 'bypass': bypass if use and bypass else None}


def server_certificates(probe: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """Certificates in LocalMachine\\My that could secure WSUS for this host's FQDN."""
    fqdn = probe.get('host_fqdn') or ''
    now = parse_utc(probe.get('now')) if probe.get('now') else None
    usable = []
    for cert in probe.get('certificates') or []:
        if now is not None and not certificate_problems(cert, fqdn, now):
            usable.append({'thumbprint': cert['thumbprint'], 'not_after': cert['not_after'],
                           'dns_names': cert.get('dns_names') or []})
    return usable


_LOG_NAME = re.compile(r'^[A-Za-z0-9_.-]+\.log$')


def wsus_section(probe: dict[str, t.Any]) -> dict[str, t.Any]:
    """WSUS as the modules see it. The ports and SSL are WSUS's only once post-install is complete: a
    half-finished post-install (``partial``, or ``pending`` with values a failed WsusUtil already wrote) may have
    written PortNumber to the Setup key, but there is no configured WSUS serving it yet, so they are null then, as
    in configmgr.sup.wsus_install's result after a failed post-install; ``postinstall_state`` says which."""
    features = probe.get('features') or {}
    installed = {name for name, state in features.items() if state in PRESENT_STATES}
    setup = probe.get('setup') or {}
    state = postinstall_state(installed, probe.get('role_services') or {})
    complete = state == 'complete'
    port = int(setup['PortNumber']) if complete and setup.get('PortNumber') is not None else None
    return {
        'server_installed': SERVICES in installed,
        'features': {name: name in installed for name in sorted(features)},
        'postinstall_state': state,
        'database': 'sql' if SQL in installed else ('wid' if 'UpdateServices-WidDB' in installed else None),
        'sql_server': setup.get('SqlServerName') if SQL in installed else None,
        'content_dir': setup.get('ContentDir'),
        'http_port': port,
        'https_port': HTTPS_PORT.get(port) if port else None,
        'using_ssl': bool(int(setup.get('UsingSSL') or 0)) if complete else None,
        'server_certificate_name': setup.get('ServerCertificateName'),
        'version': probe.get('version'),
    }


def ssl_section(site: dict[str, t.Any]) -> dict[str, t.Any] | None:
    if not site:
        return None
    vroots = site.get('vroots') or {}
    return {
        'site': site.get('name'),
        'vroots': vroots,
        'five_roots_require_ssl': all(requires_ssl(vroots.get(name)) for name in SSL_VROOTS),
        'content_requires_ssl': requires_ssl(vroots.get('Content')),
        'https_bindings': site.get('https') or [],
    }


def configmgr_section(data: dict[str, t.Any] | None) -> dict[str, t.Any] | None:
    if not data:
        return None
    sups = {}
    for sup in data.get('sups') or []:
        props = sup.get('props') or {}
        system = sup.get('site_system') or {}
        sups[sup['server'].lower()] = dict(cm.sup_settings(props), **cm.sup_proxy_flags(props),
                                           site_system=cm.site_system_settings(system),
                                           site_system_proxy=cm.proxy_settings(system))
    return {'site_code': data.get('site_code'), 'software_update_points': sups, 'log_positions': data.get('logs') or {}}


def unique_names(names: list[str]) -> list[str]:
    """The names once each, compared as Configuration Manager compares user names (case-insensitively)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.lower(), name)
    return list(seen.values())


def configmgr_accounts(names: list[str] | None, data: dict[str, t.Any] | None) -> dict[str, bool] | None:
    """Each asked name to whether Configuration Manager has that account; null when none was asked or the host has
    no site (not a site server)."""
    if not names or not data:
        return None
    found = {name.lower(): bool(exists) for name, exists in (data.get('accounts') or {}).items()}
    return {name: found.get(name.lower()) for name in names}


class SupInfoAction(PowerShellStateAction):
    """Report, never change."""

    MODULE = 'sup_info'
    SPEC = SUP_INFO_SPEC

    def check_input(self, params):
        if params.get('connection_account') is not None:
            validate.domain_account('connection_account', params['connection_account'])
        if params.get('site_code') is not None:
            params['site_code'] = validate.site_code('site_code', params['site_code'])
        for name in params['logs']:
            if not _LOG_NAME.match(name):
                raise InvalidInput('logs', f'must be log file names such as WCM.log, got {name!r}')
        for name in params.get('configmgr_accounts') or []:
            validate.domain_account('configmgr_accounts', name)
            # Get-CMAccount -UserName takes wildcards; a name with one would match other accounts
            if any(char in name for char in '*?['):
                raise InvalidInput('configmgr_accounts', f'must be account names without wildcards, got {name!r}')

    def probe_parameters(self, params):
        probe = {'LogName': params['logs']}
        for option, name in (('connection_account', 'ConnectionAccount'), ('site_code', 'SiteCode')):
            if params.get(option):
                probe[name] = params[option]
        if params.get('configmgr_accounts'):
            probe['ConfigMgrAccount'] = unique_names(params['configmgr_accounts'])
        return probe

    def plan(self, params, probe):
        account = probe.get('account')
        member_of = None
        if account:
            member_of = {group: account['sid'] in sids for group, sids in (probe.get('groups') or {}).items()}
        facts = {
            'host': probe.get('host_fqdn'),
            'wsus': wsus_section(probe),
            'ssl': ssl_section(probe.get('site') or {}),
            'connection_account': {'name': account['name'], 'sid': account['sid'], 'member_of': member_of}
            if account else None,
            'services': probe.get('services') or {},
            'os': probe.get('os') or {},
            'server_certificates': server_certificates(probe),
            'winhttp_proxy': winhttp_proxy(probe.get('winhttp_settings')),
            'configmgr': configmgr_section(probe.get('configmgr')),
            'configmgr_accounts': configmgr_accounts(params.get('configmgr_accounts'), probe.get('configmgr')),
        }
        if params.get('connection_account') and not account:
            facts['connection_account'] = {'name': params['connection_account'], 'sid': None, 'member_of': None}
        return Plan(before={}, after={}, facts=facts)

    def _report(self, plan: Plan) -> dict[str, t.Any]:
        return dict(plan.facts, changed=False)
