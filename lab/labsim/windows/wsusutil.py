"""WsusUtil.exe as a native program: ``postinstall``, ``usecustomwebsite``, ``configuressl``.

postinstall (
https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/1-install-the-wsus-server-role;
log format from public post-install logs):
prints where its log is (%TEMP%\\WSUS_PostInstall_<time>.log), writes the log, creates the content
directory, the groups WSUS Administrators / WSUS Reporters, the IIS site and its vroots, the Setup
values, and sets "Installed Role Services" to 2. It fails (exit 1, "Fatal Error: ..." in the log):
- without CONTENT_DIR, or with the SQL feature and no SQL_INSTANCE_NAME;
- when CONTENT_DIR is not a usable path: a value broken by Windows PowerShell 5.1's native quoting
  (``CONTENT_DIR=D:\\WSUS Content"``, PowerShell #7400/#4358) keeps its stray quote, or a drive the
  host lacks (the exact log wording is unverified);
- when the SQL instance is on another host and the session is a plain WinRM network logon
  (``session.logon`` 'network', the default): no credential reaches the second hop, SQL Server sees
  NT AUTHORITY\\ANONYMOUS LOGON ('become' and 'credssp' logons carry credentials and succeed);
- host config fault ``postinstall_failure``: SQL Server cannot be reached.
usecustomwebsite true|false moves WSUS between "WSUS Administration" (8530) and the Default Web Site
(80). configuressl <name> sets UsingSSL = 1 and ServerCertificateName (its console output is
unverified: the lab prints nothing).
https://learn.microsoft.com/windows-server/administration/windows-server-update-services/manage/managing-wsus-from-the-command-line-using-wsusutil
"""

from __future__ import annotations

import re

from labsim.powershell import api
from labsim.windows import drives, features, wsus

USAGE = [
    'Windows Server Update Services (WSUS) command-line utility',
    'Usage: WsusUtil.exe <command> [<parameters>]',
    'Commands: checkhealth, configuressl, deleteunneededrevisions, export, healthmonitoring, import, listinactiveapprovals,',
    '          listunreferencedpackagefolders, movecontent, postinstall, removeinactiveapprovals, reset, usecustomwebsite',
]  # the verb list is the documented one; the usage wording is unverified
SQL_LOGIN_FAILED = "Login failed for user 'NT AUTHORITY\\ANONYMOUS LOGON'."
SQL_UNREACHABLE = ('A network-related or instance-specific error occurred while establishing a connection to SQL '
                   'Server. The server was not found or was not accessible.')
MISSING_VALUE = 'Microsoft.UpdateServices.Administration.CommandException: A required configuration value was not found in the system.'
_INVALID_PATH_CHARS = set('"<>|') | {chr(c) for c in range(32)}


@api.native('WsusUtil.exe')
def wsusutil(session, path: str, argv: list[str]) -> api.NativeRun:
    args = list(argv)
    if args and args[0].lower().endswith('wsusutil.exe'):
        args = args[1:]  # tolerate an argv that still holds the program
    if not args:
        return api.NativeRun(1, list(USAGE))
    verb, rest = args[0].lower(), args[1:]
    if verb == 'postinstall':
        return postinstall(session, rest)
    if verb == 'usecustomwebsite':
        return use_custom_website(session, rest)
    if verb == 'configuressl':
        return configure_ssl(session, rest)
    return api.NativeRun(1, list(USAGE))


def _options(args: list[str]) -> dict[str, str]:
    options = {}
    for arg in args:
        key, sep, value = arg.partition('=')
        if sep:
            options[key.upper()] = value
    return options


def _installed(host, name: str) -> bool:
    return features.state(host, name) in features.PRESENT


def _is_remote_sql(host, instance: str) -> bool:
    server = re.split(r'[\\,]', instance, maxsplit=1)[0].strip().lower()
    short, _, _ = host.name.lower().partition('.')
    return server not in ('', '.', 'localhost', '(local)', '127.0.0.1', short, host.name.lower())


def _content_dir_problem(session, content_dir: str) -> str | None:
    """Why WsusUtil cannot create the content directory, or None."""
    if any(char in _INVALID_PATH_CHARS for char in content_dir):
        return 'System.ArgumentException: Illegal characters in path.'
    match = re.match(r'^([A-Za-z]):\\', content_dir)
    if not match:
        return f"System.ArgumentException: The path is not of a legal form: '{content_dir}'."
    if match.group(1).upper() not in drives.filesystem_letters(session.host):
        return f"System.IO.DirectoryNotFoundException: Could not find a part of the path '{content_dir}'."
    return None


def postinstall(session, args: list[str]) -> api.NativeRun:
    host = session.host
    options = _options(args)
    content_dir, sql_instance = options.get('CONTENT_DIR'), options.get('SQL_INSTANCE_NAME')
    start = session.tick(1)
    log_path = f"{host.data['env']['TEMP']}\\WSUS_PostInstall_{start:%Y%m%dT%H%M%S}.log"
    log: list[str] = []

    def line(text: str, seconds: float = 0.2) -> None:
        log.append(f'{session.tick(seconds):%Y-%m-%d %H:%M:%S}  {text}')

    sql = _installed(host, 'UpdateServices-DB')
    line('Postinstall started', 0)
    line('Detected role services: ' + ', '.join(v.rsplit('-', 1)[-1] for f, v in wsus.ROLE_SERVICE_VALUE.items()
                                                 if _installed(host, f)))
    line('Start: LoadSettingsFromXml')
    line('Start: GetConfigValue with filename=UpdateServices-Services.xml item=ContentLocal')
    line('Value is true')
    line('End: GetConfigValue')
    failure = None
    if not content_dir:
        line('Start: GetConfigValue with filename=UpdateServices-Services.xml item=ContentDirectory')
        line('Config file did not contain a value "ContentDirectory"')
        failure = MISSING_VALUE
    elif sql and not sql_instance:
        line('Config file did not contain a value "SqlInstanceName"')
        failure = MISSING_VALUE
    else:
        failure = _content_dir_problem(session, content_dir)
        if failure:
            line(f'Content directory is {content_dir}')
    sql_name = sql_instance if sql else 'MICROSOFT##WID'
    if failure is None:
        line(f'Content directory is {content_dir}')
        line(f'SQL instname is {sql_name}')
        line('Configuring content directory...')
        host.path(content_dir + '\\WsusContent').mkdir(parents=True, exist_ok=True)
        line('Configuring groups...')
        wsus.create_groups(host)
        line('Starting service WsusService', 2)
        line('Configuring WID database...' if not sql else 'Configuring remote SQL database...')
        sql_error = None
        if host.fault('postinstall_failure'):
            sql_error = SQL_UNREACHABLE
        elif sql and _is_remote_sql(host, sql_name) and getattr(session, 'logon', 'network') == 'network':
            sql_error = SQL_LOGIN_FAILED
        if sql_error:
            line(f'System.Data.SqlClient.SqlException (0x80131904): {sql_error}', 15)
            line('   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity)')
            failure = sql_error
            # What a failed run leaves behind: the database role service marked, the rest pending.
            for feature in ('UpdateServices-WidDB', 'UpdateServices-DB'):
                if _installed(host, feature):
                    host.reg_set(wsus.ROLES, wsus.ROLE_SERVICE_VALUE[feature], 2)
    if failure is not None:
        line(f'Fatal Error: {failure}')
        host.write_text(log_path, '\r\n'.join(log) + '\r\n')
        return api.NativeRun(1, [f'Log file is located at {log_path}', 'Post install is starting',
                                 f'Fatal Error: {failure}'])
    line('Configuring IIS...', 10)
    line('Configuring performance counters...')
    line('Postinstall completed')
    host.write_text(log_path, '\r\n'.join(log) + '\r\n')
    for feature, value in wsus.ROLE_SERVICE_VALUE.items():
        if _installed(host, feature):
            host.reg_set(wsus.ROLES, value, 2)
    setup = host.reg_key(wsus.SETUP) or {}
    port = setup.get('PortNumber', 8530)
    wsus.create_site(host, port)
    for name, value in (('ContentDir', content_dir), ('SqlServerName', sql_name), ('SqlDatabaseName', 'SUSDB'),
                        ('PortNumber', port), ('UsingSSL', setup.get('UsingSSL', 0)),
                        ('IISTargetWebSiteIndex', setup.get('IISTargetWebSiteIndex', 2))):
        host.reg_set(wsus.SETUP, name, value)
    return api.NativeRun(0, [f'Log file is located at {log_path}', 'Post install is starting',
                             'Post install has successfully completed'])


def use_custom_website(session, args: list[str]) -> api.NativeRun:
    if len(args) != 1 or args[0].lower() not in ('true', 'false'):
        return api.NativeRun(1, list(USAGE))
    port = 8530 if args[0].lower() == 'true' else 80
    wsus.create_site(session.host, port)
    session.host.reg_set(wsus.SETUP, 'PortNumber', port)
    session.host.reg_set(wsus.SETUP, 'IISTargetWebSiteIndex', 2 if port == 8530 else 1)
    session.tick(5)
    return api.NativeRun(0, [f'Configuring WSUS to use port {port}...', 'Successfully completed.'])


def configure_ssl(session, args: list[str]) -> api.NativeRun:
    """configuressl [ServerCertificateName]; without a name the lab uses the host's FQDN (unverified)."""
    if len(args) > 1:
        return api.NativeRun(1, list(USAGE))
    name = args[0] if args else session.host.name
    session.host.reg_set(wsus.SETUP, 'UsingSSL', 1)
    session.host.reg_set(wsus.SETUP, 'ServerCertificateName', name)
    session.tick(3)
    return api.NativeRun(0, [])
