"""Lab model of sup_role_get.ps1 / sup_role_set.ps1 and what the site does after the change.

Site control (cmdlets New-/Set-CMSiteSystemServer, Add-/Set-/Remove-CMSoftwareUpdatePoint) changes at
once; the rest happens in the background, on the simulated clocks, as seed 004 tracks it:
SMSProv.log (PutInstanceAsync SMS_SCI_SysResUse) at once, then SiteComp.log (Site Component
Manager installs SMS_WSUS_CONTROL_MANAGER and starts the bootstrap service with rolesetup.exe
SMSWSUS), then SUPSetup.log on the SUP (WSUS assembly check, "Installation was successful."), then
SiteComp.log (bootstrap completed) and WCM.log (WSUS configured). Setup fails with "Did not find
supported version of assembly Microsoft.UpdateServices.Administration" when the SUP host has no
WSUS API or, for a remote SUP, the site server has no WSUS console.

Unverified detail (no primary source): a remote SUP's logs are in C:\\SMS_<site>\\Logs on that host,
and the exact failure wording after the assembly lines.
"""

from __future__ import annotations

import datetime
import typing as t

from labsim import cmlog
from labsim.context import LAB_EPOCH, OpContext, ScriptError
from labsim.ops import configmgr
from labsim.profiles import CM_INSTALL_DIR, SITE_SYSTEM, SUP_ROLE, site_system_props, sup_props

SMS_PROVIDER, SITECOMP, WCM = 'SMS Provider', 'SMS_SITE_COMPONENT_MANAGER', 'SMS_WSUS_CONFIGURATION_MANAGER'
WSUSCTRL = 'SMS_WSUS_CONTROL_MANAGER'
THREADS = {SMS_PROVIDER: 4544, SITECOMP: 2964, WCM: 5616}
API = 'UpdateServices-API'
CONNECTION = {'Intranet': (0, 1), 'Internet': (1, 0), 'InternetAndIntranet': (1, 1)}


def get(ctx: OpContext) -> dict[str, t.Any]:
    return site_system_probe(ctx, ['SMSProv.log', 'SiteComp.log', 'WCM.log'])


def site_system_probe(ctx: OpContext, log_names: list[str]) -> dict[str, t.Any]:
    """_site_system_probe.ps1, shared by the sup_role and sup_proxy probes."""
    site = configmgr.connect(ctx)
    fqdn = ctx.param('SiteSystemServerName')
    system = configmgr.site_system(site, fqdn)
    roles = system['roles'] if system else {}
    return {
        'site_code': site['site_code'],
        'site_server': ctx.host.name.lower(),
        'server': {'exists': system is not None, 'roles': sorted(roles), 'props': configmgr.embedded(roles.get(SITE_SYSTEM))},
        'sup': {'exists': SUP_ROLE in roles, 'props': configmgr.embedded(roles.get(SUP_ROLE))},
        'accounts': {name: configmgr.account(site, name) is not None for name in ctx.param('AccountName') or []},
        'wsus_api': ctx.host.data['features'].get(API, 'Available'),
        'logs': configmgr.log_positions(ctx, log_names),
    }


def set_(ctx: OpContext) -> dict[str, t.Any]:
    site = configmgr.connect(ctx)
    logs = configmgr.log_positions(ctx, ['SMSProv.log', 'SiteComp.log', 'WCM.log'])
    fqdn = ctx.param('SiteSystemServerName')
    if ctx.param('Server') == 'create':
        if configmgr.site_system(site, fqdn) is not None:
            raise ScriptError(f'An object with the specified name already exists: {fqdn}', 'ItemAlreadyExists',
                              'ResourceExists')
        site['site_systems'][fqdn] = {'roles': {SITE_SYSTEM: site_system_props(fqdn)}}
        _provider_put(ctx, fqdn)
    if ctx.param('Server'):
        _server_settings(ctx, site, _system(site, fqdn)['roles'][SITE_SYSTEM])
    role = ctx.param('Role')
    if role == 'add':
        roles = _system(site, fqdn)['roles']
        if SUP_ROLE in roles:
            raise ScriptError(f'The software update point already exists on {fqdn}.', 'ItemAlreadyExists',
                              'ResourceExists')
        roles[SUP_ROLE] = sup_props()
        _role_settings(ctx, site, roles[SUP_ROLE])
        _provider_put(ctx, fqdn)
        install_chain(ctx, site, fqdn)
    elif role == 'update':
        props = _system(site, fqdn)['roles'].get(SUP_ROLE)
        if props is None:
            raise ScriptError('No object corresponds to the specified parameters.', 'ItemNotFound', 'ObjectNotFound')
        _role_settings(ctx, site, props)
        _provider_put(ctx, fqdn)
        _wcm_configure(ctx, fqdn, props, delay=20)
    elif role == 'remove':
        _system(site, fqdn)['roles'].pop(SUP_ROLE, None)
        _provider_line(ctx, 'DeleteInstanceAsync SMS_SCI_SysResUse')
        _sitecomp(ctx, 10, [f'Deinstalling component SMS_WSUS_CONTROL_MANAGER from server {fqdn}...',
                            f'Deleted registry keys Operations Management\\SMS Server Role\\SMS Software Update Point '
                            f'on server {fqdn}.'])
    ctx.tick(2)
    return {'logs': logs}


def _system(site: dict[str, t.Any], fqdn: str) -> dict[str, t.Any]:
    system = configmgr.site_system(site, fqdn)
    if system is None:
        raise ScriptError(f'No object corresponds to the specified parameters. Site system server {fqdn} was not '
                          'found.', 'ItemNotFound', 'ObjectNotFound')
    return system


def _server_settings(ctx: OpContext, site: dict[str, t.Any], props: dict[str, t.Any]) -> None:
    if ctx.param('PublicFqdn') is not None:
        props['Server Remote Public Name'] = ctx.param('PublicFqdn')
    if ctx.param('AccountName'):
        props.update(UseMachineAccount=0, UserName=configmgr.require_account(site, ctx.param('AccountName')))
    if ctx.param('UseSiteServerAccount'):
        props.update(UseMachineAccount=1, UserName='')
    if ctx.param('FdmOperation') is not None:
        props['FDMOperation'] = int(bool(ctx.param('FdmOperation')))


def _role_settings(ctx: OpContext, site: dict[str, t.Any], props: dict[str, t.Any]) -> None:
    for name, prop in (('HttpPort', 'WSUSIISPort'), ('HttpsPort', 'WSUSIISSSLPort')):
        if ctx.param(name) is not None:
            props[prop] = int(ctx.param(name))
    if ctx.param('Ssl') is not None:
        props['SSLWSUS'] = int(bool(ctx.param('Ssl')))
    if ctx.param('ClientConnectionType'):
        props['IsINF'], props['IsIntranet'] = CONNECTION[ctx.param('ClientConnectionType')]
    if ctx.param('CloudGateway') is not None:
        props['AllowProxyTraffic'] = int(bool(ctx.param('CloudGateway')))
    if ctx.param('ConnectionAccount'):
        props['WSUSAccessAccount'] = configmgr.require_account(site, ctx.param('ConnectionAccount'))
    if ctx.param('AnonymousAccess'):
        props['WSUSAccessAccount'] = ''


# ---- logs ----------------------------------------------------------------------------------------
def _logs_dir() -> str:
    return CM_INSTALL_DIR + '\\Logs'


def _provider_line(ctx: OpContext, message: str) -> None:
    ctx.host.write_text(_logs_dir() + '\\SMSProv.log', cmlog.simple(SMS_PROVIDER, ctx.tick(0.2), THREADS[SMS_PROVIDER],
                                                                    message + '~'), append=True)


def _provider_put(ctx: OpContext, fqdn: str) -> None:
    _provider_line(ctx, 'Execute WQL  =SELECT * FROM SMS_SCI_SysResUse WHERE NALPath LIKE "%%' + fqdn.upper() + '%%"')
    _provider_line(ctx, 'PutInstanceAsync SMS_SCI_SysResUse')
    _provider_line(ctx, 'CExtProviderClassObject::DoPutInstanceInstance')
    _provider_line(ctx, f"INFO: '{fqdn.upper()}' is a valid FQDN.")


def _at(ctx: OpContext, seconds: float):
    return LAB_EPOCH + datetime.timedelta(seconds=ctx.host.data.get('clock', 0) + seconds)


def _sitecomp(ctx: OpContext, delay: float, messages: list[str]) -> float:
    """Schedule SiteComp.log lines on the site server, one second apart from ``delay`` on."""
    text = ''.join(cmlog.simple(SITECOMP, _at(ctx, delay + i), THREADS[SITECOMP], m) for i, m in enumerate(messages))
    return ctx.host.later(delay, _logs_dir() + '\\SiteComp.log', text)


def _wcm_configure(ctx: OpContext, fqdn: str, props: dict[str, t.Any], delay: float) -> None:
    """WCM applies the SUP's settings to WSUS and reports the configuration state."""
    ssl = bool(props.get('SSLWSUS'))
    port = props['WSUSIISSSLPort'] if ssl else props['WSUSIISPort']
    local = fqdn.lower() == ctx.host.name.lower()
    connected = 'Successfully connected to local WSUS server' if local else \
        f'Successfully connected to server: {fqdn.upper()}, port: {port}, useSSL: {ssl}'
    messages = ['Setting new configuration state to 1 (WSUS_CONFIG_PENDING)',
                'Checking runtime v4.0.30319...',
                'Found supported assembly Microsoft.UpdateServices.Administration version 4.0.0.0, file version 10.0.20348.1',
                f'Attempting connection to WSUS server: {fqdn.upper()}, port: {port}, useSSL: {ssl}',
                connected,
                f'Set Configurations to WSUS Server: {fqdn.upper()}',
                'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)']
    text = ''.join(cmlog.simple(WCM, _at(ctx, delay + i), THREADS[WCM], m) for i, m in enumerate(messages))
    ctx.host.later(delay, _logs_dir() + '\\WCM.log', text)


def install_chain(ctx: OpContext, site: dict[str, t.Any], fqdn: str) -> None:
    """SiteComp -> SUPSetup -> SiteComp -> WCM after a SUP was added, spread over simulated time."""
    short = fqdn.split('.')[0].upper()
    server = ctx.host.name.upper()
    local = fqdn.lower() == ctx.host.name.lower()
    install_dir = CM_INSTALL_DIR if local else f'C:\\SMS_{site["site_code"]}'
    rolesetup = f'{install_dir}\\bin\\x64\\rolesetup.exe'
    serial = 3559422579 + int(ctx.host.data.get('clock', 0))
    _sitecomp(ctx, 8, [
        f'Parsed the master site control file, serial number {serial}.',
        'Synchronizing server table and polling servers as needed...',
        f'Checking for component SMS_DISTRIBUTION_MANAGER on server {server}...',
        f'Component SMS_DISTRIBUTION_MANAGER on server {server} is already installed.',
        'WARNING: Performance counter SMS Site Component Manager could not be read, will retry.',
        f'Synchronizing component server {fqdn.upper()}...',
        'Installing component SMS_WSUS_CONTROL_MANAGER...',
        f"INFO: '{fqdn.upper()}' is a valid FQDN.",
        f'Creating registry keys Operations Management\\SMS Server Role\\SMS Software Update Point on server {fqdn.upper()}.',
        f'Updated WSUS Configuration for {fqdn.upper()}.',
        ('The component is being installed on the site server, no files need to be installed in the '
         f'"{CM_INSTALL_DIR}" directory because the files are already there.') if local else
        f'Copying files to \\\\{fqdn.upper()}\\SMS_{site["site_code"]}...',
        'All files installed.',
        'Starting bootstrap operations...',
        f'Installed service SMS_SERVER_BOOTSTRAP_{short}.',
        f'Starting service SMS_SERVER_BOOTSTRAP_{short} with command-line arguments '
        f'"{site["site_code"]} {install_dir} /install {rolesetup} SMSWSUS "...',
    ])
    ok, lines = _supsetup(ctx, fqdn, rolesetup, server, local)
    log = f'{install_dir}\\Logs\\SUPSetup.log'
    start = 25
    text = ''.join(cmlog.supsetup(_target_time(ctx, fqdn, start + i * 0.5), m) for i, m in enumerate(lines))
    ctx.host.later(start, log, text, host=None if local else fqdn.lower())
    command = f'"{rolesetup} /install /siteserver:{server}"'
    if ok:
        _sitecomp(ctx, 45, [f'{command} executed successfully on server {fqdn.upper()}.',
                            'Bootstrap operation successful.', f'Deinstalled service SMS_SERVER_BOOTSTRAP_{short}.',
                            'Bootstrap operations completed.'])
        _wcm_configure(ctx, fqdn, _system(site, fqdn)['roles'][SUP_ROLE], delay=60)
        _wsusctrl(ctx, fqdn, f'{install_dir}\\Logs\\WSUSCtrl.log', local)
    else:
        _sitecomp(ctx, 45, [f'{command} failed on server {fqdn.upper()} with exit code 1.',
                            'Bootstrap operation failed.', f'Deinstalled service SMS_SERVER_BOOTSTRAP_{short}.',
                            'Bootstrap operations completed.',
                            'Will retry the installation of SMS_WSUS_CONTROL_MANAGER in 60 minutes.'])


def _wsusctrl(ctx: OpContext, fqdn: str, path: str, local: bool) -> None:
    """WSUS Control Manager on the SUP starts and checks WSUS health."""
    short = fqdn.split('.')[0].upper()
    messages = ['Checking runtime v4.0.30319...',
                'Found supported assembly Microsoft.UpdateServices.Administration version 4.0.0.0, file version '
                '10.0.20348.1',
                'Successfully connected to local WSUS server',
                f'There are no unhealthy WSUS Server components on WSUS Server {short}',
                f'Successfully checked database connection on WSUS server {short}',
                'Waiting for changes for 59 minutes']
    text = ''.join(cmlog.simple(WSUSCTRL, _target_time(ctx, fqdn, 70 + i), 3012, m) for i, m in enumerate(messages))
    ctx.host.later(70, path, text, host=None if local else fqdn.lower())


def _target_time(ctx: OpContext, fqdn: str, seconds: float):
    local = fqdn.lower() == ctx.host.name.lower()
    clock = ctx.host.data.get('clock', 0) if local else ctx.host.store.peek_clock(fqdn.lower())
    return LAB_EPOCH + datetime.timedelta(seconds=clock + seconds)


def _supsetup(ctx: OpContext, fqdn: str, rolesetup: str, server: str, local: bool) -> tuple[bool, list[str]]:
    """SUPSetup.log of rolesetup.exe SMSWSUS: success needs the WSUS API on the SUP host and, for a
    remote SUP, the WSUS console (API) on the site server."""
    target = ctx.host.data if local else (ctx.host.store.peek(fqdn.lower()) or {})
    sup_api = (target.get('features') or {}).get(API) in ('Installed', 'InstallPending')
    site_api = ctx.host.data['features'].get(API) in ('Installed', 'InstallPending')
    lines = ['=' * 68, 'SMSWSUS Setup Started....', f'Parameters: {rolesetup} /install /siteserver:{server} SMSWSUS 0',
             'Installing Pre Reqs for SMSWSUS', '   ======== Installing Pre Reqs for Role SMSWSUS ========',
             'Found 0 Pre Reqs for Role SMSWSUS',
             '   ======== Completed Installation of Pre Reqs for Role SMSWSUS ========',
             'Installing the SMSWSUS',
             'Checking for supported version of WSUS (min WSUS 3.0 SP2 + KB2720211 + KB2734608)',
             'Checking runtime v2.0.50727...',
             'Did not find supported version of assembly Microsoft.UpdateServices.Administration.',
             'Checking runtime v4.0.30319...']
    if sup_api and (local or site_api):
        return True, lines + [
            'Found supported assembly Microsoft.UpdateServices.Administration version 4.0.0.0, file version 10.0.20348.1',
            'Found supported assembly Microsoft.UpdateServices.BaseApi version 4.0.0.0, file version 10.0.20348.1',
            'Supported WSUS version found',
            'Supported WSUS Server version (10.0.20348.1) is installed.',
            f'CTool::RegisterManagedBinary: Registered {rolesetup.rsplit(chr(92), 1)[0]}\\wsusmsp.dll successfully',
            f'Registered DLL {rolesetup.rsplit(chr(92), 1)[0]}\\wsusmsp.dll',
            'Installation was successful.', '~RoleSetup().']
    return False, lines + [
        'Did not find supported version of assembly Microsoft.UpdateServices.Administration.',
        'Supported WSUS version not found',
        'Installation failed: SMSWSUS requires WSUS 3.0 SP2 or later (WSUS administration API).',
        '~RoleSetup().']
