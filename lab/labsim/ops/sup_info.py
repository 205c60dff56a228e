"""Lab model of sup_info_get.ps1: the host as the other ops left it, read in one call."""

from __future__ import annotations

import base64
import struct
import typing as t

from labsim.context import OpContext
from labsim.ops import configmgr
from labsim.ops.wsus_install import ROLES, wsus_setup
from labsim.ops.wsus_ssl_vroots import certificates, site_ssl
from labsim.profiles import SITE_SYSTEM, SUP_ROLE, resolve_account

VROOTS = ['ApiRemoting30', 'ClientWebService', 'DSSAuthWebService', 'ServerSyncWebService', 'SimpleAuthWebService',
          'Content']


def _site_section(ctx: OpContext, setup: dict[str, t.Any]) -> dict[str, t.Any]:
    if not setup.get('PortNumber'):
        return {}
    name = 'Default Web Site' if int(setup['PortNumber']) == 80 else 'WSUS Administration'
    return dict(site_ssl(ctx, name, VROOTS), name=name)


def winhttp_settings(proxy: str | None) -> str:
    """The WinHttpSettings registry value "netsh winhttp set proxy" writes (lab_host_config ``winhttp_proxy``)."""
    if not proxy:
        return ''
    server, bypass = proxy.encode('ascii'), b'<local>'
    data = struct.pack('<III', 0x28, 1, 3) + struct.pack('<I', len(server)) + server
    data += struct.pack('<I', len(bypass)) + bypass
    return base64.b64encode(data).decode()


def get(ctx: OpContext) -> dict[str, t.Any]:
    data = ctx.host.data
    features = {name: state for name, state in data['features'].items() if name.startswith('UpdateServices')}
    wsus = wsus_setup(ctx)
    setup = wsus['setup']
    account = resolve_account(ctx.param('ConnectionAccount')) if ctx.param('ConnectionAccount') else None
    groups = {}
    if ctx.param('ConnectionAccount'):
        for name, group in data.get('local_groups', {}).items():
            if group['sid'] == 'S-1-5-32-544' or name == 'WSUS Administrators':
                groups[name] = [member['sid'] for member in group['members']]
    services = {'W3SVC': 'Running'}
    if features.get('UpdateServices-Services') == 'Installed':
        services['WsusService'] = 'Running' if (ctx.host.reg_key(ROLES) or {}).get('UpdateServices-Services') == 2 \
            else 'Stopped'
    cm = None
    if data['env'].get('SMS_ADMIN_UI_PATH'):
        services.update(SMS_EXECUTIVE='Running', SMS_SITE_COMPONENT_MANAGER='Running')
        site = configmgr.connect(ctx)
        sups = [{'server': fqdn, 'props': configmgr.embedded(system['roles'][SUP_ROLE]),
                 'site_system': configmgr.embedded(system['roles'].get(SITE_SYSTEM))}
                for fqdn, system in site['site_systems'].items() if SUP_ROLE in system['roles']]
        cm = {'site_code': site['site_code'], 'sups': sups,
              'logs': configmgr.log_positions(ctx, list(ctx.param('LogName') or []))}
    return {'host_fqdn': ctx.host.name.lower(), 'features': features, 'setup': setup,
            'os': {'caption': data['os']['caption'], 'build': data['os']['build']},
            'version': wsus['version'],
            'certificates': [{k: c[k] for k in ('thumbprint', 'dns_names', 'not_before', 'not_after', 'eku',
                                                 'has_private_key')} for c in certificates(ctx)],
            'winhttp_settings': winhttp_settings(ctx.host.config.get('winhttp_proxy')),
            'now': ctx.now().isoformat(timespec='seconds'),
            'role_services': wsus['role_services'],
            'site': _site_section(ctx, setup), 'account': account, 'groups': groups, 'services': services,
            'configmgr': cm}
