"""Lab model of wsus_install_get.ps1 / wsus_install_set.ps1: Windows features and WsusUtil.

Modelled from docs/windows-facts (Windows Server "Install the WSUS server role", the WsusUtil
command reference and the post-install log format seen in public reports):
- installing a feature installs its parents; WidDB and DB together are refused;
- WSUS role services are recorded under "Installed Role Services" as 1 until post-install sets 2;
- ``WsusUtil.exe postinstall`` prints where its log is, writes the log, creates the content
  directory and the Setup values; it fails without CONTENT_DIR, and with the DB feature
  without SQL_INSTANCE_NAME; fault ``postinstall_failure`` makes the database step fail;
- ``usecustomwebsite true|false`` switches PortNumber between 8530 and 80.
"""

from __future__ import annotations

import typing as t

from labsim.profiles import FEATURE_PARENTS, machine_sid
from labsim.context import OpContext, ScriptError

SETUP = 'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'
ROLES = SETUP + '\\Installed Role Services'
WSUSUTIL = 'C:\\Program Files\\Update Services\\Tools\\WsusUtil.exe'
VERSION = '10.0.20348.1'
ROLE_SERVICE_VALUE = {
    'UpdateServices-Services': 'UpdateServices-Services',
    'UpdateServices-WidDB': 'UpdateServices-WidDatabase',
    'UpdateServices-DB': 'UpdateServices-Database',
    'UpdateServices-API': 'UpdateServices-API',
    'UpdateServices-UI': 'UpdateServices-UI',
}
LOG_NAMES = {'UpdateServices-API': 'Api', 'UpdateServices-UI': 'UI', 'UpdateServices-WidDB': 'WidDatabase',
             'UpdateServices-DB': 'Database', 'UpdateServices-Services': 'Services'}
PRESENT = ('Installed', 'InstallPending')
WSUS_SITE = 'WSUS Administration'
#: virtual roots WSUS creates on its web site (the five SSL ones plus the rest)
VROOTS = ['ApiRemoting30', 'ClientWebService', 'Content', 'DssAuthWebService', 'Inventory', 'ReportingWebService',
          'SelfUpdate', 'ServerSyncWebService', 'SimpleAuthWebService']


# ---- Windows features -------------------------------------------------------------------------
def _features(ctx: OpContext) -> dict[str, str]:
    return ctx.host.data['features']


def _installed(ctx: OpContext, name: str) -> bool:
    return _features(ctx).get(name) in PRESENT


def _check_names(names: list[str]) -> None:
    for name in names:
        if name not in FEATURE_PARENTS:
            raise ScriptError(f"ArgumentNotValid: The role, role service, or feature name is not valid: '{name}'. "
                              'The name was not found.', 'NameDoesNotExist,Microsoft.Windows.ServerManager.Commands.'
                              'InstallWindowsFeatureCommand', 'InvalidData')


def _children(name: str) -> list[str]:
    return [child for child, parent in FEATURE_PARENTS.items() if parent == name]


def install_features(ctx: OpContext, names: list[str]) -> str:
    """Install-WindowsFeature: returns RestartNeeded ('No' in the lab)."""
    _check_names(names)
    wid = 'UpdateServices-WidDB' in names or _installed(ctx, 'UpdateServices-WidDB')
    sql = 'UpdateServices-DB' in names or _installed(ctx, 'UpdateServices-DB')
    if wid and sql:
        raise ScriptError('Install-WindowsFeature : The request to add or remove features on the specified server '
                          'failed. Installation of one or more roles, role services, or features failed. '
                          'WID Connectivity and SQL Server Connectivity cannot be installed together.',
                          'DISMAPI_Error__Failed_To_Enable_Updates,Microsoft.Windows.ServerManager.Commands.'
                          'AddWindowsFeatureCommand', 'InvalidOperation')
    for name in names:
        current: str | None = name
        while current:
            _features(ctx)[current] = 'Installed'
            current = FEATURE_PARENTS[current]
        if name in ROLE_SERVICE_VALUE:
            if ctx.host.reg_key(SETUP) is None:  # the parent key of "Installed Role Services"
                ctx.host.data['registry'][SETUP] = {}
            key = ctx.host.reg_key(ROLES) or {}
            if key.get(ROLE_SERVICE_VALUE[name]) != 2:
                ctx.host.reg_set(ROLES, ROLE_SERVICE_VALUE[name], 1)
    if _installed(ctx, 'UpdateServices-Services') and not ctx.host.path(WSUSUTIL).exists():
        ctx.host.write_text(WSUSUTIL, f'lab stand-in for WsusUtil.exe {VERSION}\n')
    ctx.tick(40)
    return 'No'


def remove_features(ctx: OpContext, names: list[str]) -> str:
    """Uninstall-WindowsFeature: removes the features and their sub-features; keeps files and SUSDB."""
    _check_names(names)
    pending = list(names)
    while pending:
        name = pending.pop()
        pending.extend(_children(name))
        if _installed(ctx, name):
            _features(ctx)[name] = 'Available'
            if name in ROLE_SERVICE_VALUE:
                ctx.host.reg_delete_value(ROLES, ROLE_SERVICE_VALUE[name])
    if not _installed(ctx, 'UpdateServices-Services') and ctx.host.path(WSUSUTIL).exists():
        ctx.host.path(WSUSUTIL).unlink()
    ctx.tick(30)
    return 'No'


# ---- WsusUtil ----------------------------------------------------------------------------------
def _temp_dir(ctx: OpContext) -> str:
    return ctx.host.data['env']['TEMP']


def postinstall(ctx: OpContext, content_dir: str | None, sql_instance: str | None) -> dict[str, t.Any]:
    if not ctx.host.path(WSUSUTIL).exists():
        raise ScriptError(f"The term '{WSUSUTIL}' is not recognized as the name of a cmdlet, function, script "
                          'file, or operable program.', 'CommandNotFoundException', 'ObjectNotFound',
                          'System.Management.Automation.CommandNotFoundException')
    start = ctx.tick(1)
    log_path = f'{_temp_dir(ctx)}\\WSUS_PostInstall_{start:%Y%m%dT%H%M%S}.log'
    services = [LOG_NAMES[f] for f in ROLE_SERVICE_VALUE if _installed(ctx, f)]
    log: list[str] = []

    def line(text: str, seconds: float = 0.2) -> None:
        log.append(f'{ctx.tick(seconds):%Y-%m-%d %H:%M:%S}  {text}')

    line('Postinstall started', 0)
    line('Detected role services: ' + ', '.join(services))
    line('Start: LoadSettingsFromXml')
    line('Start: GetConfigValue with filename=UpdateServices-Services.xml item=ContentLocal')
    line('Value is true')
    line('End: GetConfigValue')
    failure = None
    if not content_dir:
        line('Start: GetConfigValue with filename=UpdateServices-Services.xml item=ContentDirectory')
        line('Config file did not contain a value "ContentDirectory"')
        failure = ('Microsoft.UpdateServices.Administration.CommandException: A required configuration value was '
                   'not found in the system.')
    elif _installed(ctx, 'UpdateServices-DB') and not sql_instance:
        line('Config file did not contain a value "SqlInstanceName"')
        failure = ('Microsoft.UpdateServices.Administration.CommandException: A required configuration value was '
                   'not found in the system.')
    sql_name = sql_instance if _installed(ctx, 'UpdateServices-DB') else 'MICROSOFT##WID'
    if failure is None:
        line(f'Content directory is {content_dir}')
        line(f'SQL instname is {sql_name}')
        line('Configuring content directory...')
        ctx.host.path(content_dir + '\\WsusContent').mkdir(parents=True, exist_ok=True)
        line('Configuring groups...')
        _create_groups(ctx)
        line('Starting service WsusService', 2)
        line('Configuring WID database...' if sql_name == 'MICROSOFT##WID' else 'Configuring remote SQL database...')
        if ctx.host.fault('postinstall_failure'):
            line('System.Data.SqlClient.SqlException (0x80131904): A network-related or instance-specific error '
                 'occurred while establishing a connection to SQL Server. The server was not found or was not '
                 'accessible.', 15)
            line('   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity)')
            failure = ('A network-related or instance-specific error occurred while establishing a connection to '
                       'SQL Server. The server was not found or was not accessible.')
            # What a failed run leaves behind: the database role service configured, the rest pending.
            for feature in ('UpdateServices-WidDB', 'UpdateServices-DB'):
                if _installed(ctx, feature):
                    ctx.host.reg_set(ROLES, ROLE_SERVICE_VALUE[feature], 2)
    if failure is not None:
        line(f'Fatal Error: {failure}')
        ctx.host.write_text(log_path, '\r\n'.join(log) + '\r\n')
        # A failed database step leaves the database role service configured and Services pending.
        return {'exit_code': 1, 'log_path': log_path, 'output': [
            f'Log file is located at {log_path}', 'Post install is starting', f'Fatal Error: {failure}']}

    line('Configuring IIS...', 10)
    line('Configuring performance counters...')
    line('Postinstall completed')
    ctx.host.write_text(log_path, '\r\n'.join(log) + '\r\n')
    for feature, value in ROLE_SERVICE_VALUE.items():
        if _installed(ctx, feature):
            ctx.host.reg_set(ROLES, value, 2)
    setup = ctx.host.reg_key(SETUP) or {}
    _create_site(ctx, setup.get('PortNumber', 8530))
    for name, value in (('ContentDir', content_dir), ('SqlServerName', sql_name), ('SqlDatabaseName', 'SUSDB'),
                        ('PortNumber', setup.get('PortNumber', 8530)), ('UsingSSL', setup.get('UsingSSL', 0)),
                        ('IISTargetWebSiteIndex', setup.get('IISTargetWebSiteIndex', 2))):
        ctx.host.reg_set(SETUP, name, value)
    return {'exit_code': 0, 'log_path': log_path, 'output': [
        f'Log file is located at {log_path}', 'Post install is starting', 'Post install has successfully completed']}


def _create_groups(ctx: OpContext) -> None:
    """Post-install creates the local groups WSUS Administrators and WSUS Reporters (kept on removal)."""
    groups = ctx.host.data.setdefault('local_groups', {})
    for offset, name in ((1001, 'WSUS Administrators'), (1002, 'WSUS Reporters')):
        groups.setdefault(name, {'sid': f'{machine_sid(ctx.host.name)}-{offset}', 'members': []})


def _create_site(ctx: OpContext, port: int) -> None:
    """IIS as post-install leaves it: the WSUS vroots on "WSUS Administration" (8530/8531), or on the
    Default Web Site when WSUS uses port 80. sslFlags of every vroot start as None."""
    sites = ctx.host.data.setdefault('iis', {}).setdefault('sites', {})
    vroots = {name: {'sslFlags': 'None'} for name in VROOTS}
    for site in sites.values():
        for name in VROOTS:
            vroots[name] = site['vroots'].pop(name, vroots[name])
    if port == 8530:
        sites.setdefault(WSUS_SITE, {'id': 2, 'bindings': [{'protocol': 'http', 'port': 8530},
                                                           {'protocol': 'https', 'port': 8531}], 'vroots': {}})
        sites[WSUS_SITE]['vroots'] = vroots
    else:
        sites['Default Web Site']['vroots'].update(vroots)


def use_custom_website(ctx: OpContext, value: str) -> dict[str, t.Any]:
    port = 8530 if value == 'true' else 80
    _create_site(ctx, port)
    ctx.host.reg_set(SETUP, 'PortNumber', port)
    ctx.host.reg_set(SETUP, 'IISTargetWebSiteIndex', 2 if port == 8530 else 1)
    ctx.tick(5)
    return {'exit_code': 0, 'output': [f'Configuring WSUS to use port {port}...', 'Successfully completed.']}


# ---- the two scripts ---------------------------------------------------------------------------
def wsus_setup(ctx: OpContext) -> dict[str, t.Any]:
    """Get-WsusSetup (_wsus_state.ps1): setup values, Installed Role Services, WsusUtil version."""
    setup_key = ctx.host.reg_key(SETUP)
    names = ('ContentDir', 'SqlServerName', 'SqlDatabaseName', 'PortNumber', 'UsingSSL', 'ServerCertificateName')
    return {
        'setup': {name: setup_key.get(name) for name in names} if setup_key is not None else {},
        'role_services': dict(ctx.host.reg_key(ROLES) or {}) if setup_key is not None else {},
        'version': VERSION if ctx.host.path(WSUSUTIL).exists() else None,
    }


def get(ctx: OpContext) -> dict[str, t.Any]:
    names = ctx.param('FeatureName')
    _check_names(names)
    return dict(wsus_setup(ctx), features={name: _features(ctx)[name] for name in names})


def set_(ctx: OpContext) -> dict[str, t.Any]:
    restart = False
    if ctx.param('RemoveFeature'):
        restart = remove_features(ctx, ctx.param('RemoveFeature')) == 'Yes' or restart
    if ctx.param('InstallFeature'):
        restart = install_features(ctx, ctx.param('InstallFeature')) == 'Yes' or restart
    post = None
    if ctx.param('PostInstall') and not restart:
        run = postinstall(ctx, ctx.param('ContentDir'), ctx.param('SqlInstance'))
        tail = ctx.host.read_lines(run['log_path'])[-200:]
        post = {'exit_code': run['exit_code'], 'output': run['output'], 'log_path': run['log_path'], 'log_tail': tail}
    site = None
    if ctx.param('UseCustomWebsite') and not restart and (post is None or post['exit_code'] == 0):
        site = use_custom_website(ctx, ctx.param('UseCustomWebsite'))
    return {'restart_needed': restart, 'postinstall': post, 'custom_website': site,
            'version': wsus_setup(ctx)['version']}
