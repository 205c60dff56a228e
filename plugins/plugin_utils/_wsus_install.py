# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions of configmgr.sup.wsus_install: which WSUS features, whether post-install runs.

PRIVATE to configmgr.sup. Facts behind the rules:
- features: UpdateServices-Services plus exactly one of UpdateServices-WidDB / UpdateServices-DB;
  tools UpdateServices-RSAT > UpdateServices-API, UpdateServices-UI ("Install the WSUS server
  role", https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/1-install-the-wsus-server-role);
- post-install state: HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup\\Installed Role
  Services holds one DWORD per role service, 1 = installed (post-install pending), 2 = configured.
  No Microsoft page documents these values (docs/architecture.md, "Windows facts without a primary
  source"), so only 2 counts as configured and anything else re-runs post-install, which is idempotent;
- ``WsusUtil.exe postinstall`` and ``WsusUtil.exe usecustomwebsite true|false``, which moves WSUS
  between the "WSUS Administration" site (8530/8531) and the Default Web Site (80/443)
  (https://learn.microsoft.com/windows-server/administration/windows-server-update-services/manage/managing-wsus-from-the-command-line-using-wsusutil).
"""

from __future__ import annotations

import re
import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._wsus_install_spec import WSUS_INSTALL_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import (
    HostFailure,
    InvalidInput,
    Plan,
    PowerShellStateAction,
    Step,
)

ROLE = 'UpdateServices'
SERVICES = 'UpdateServices-Services'
WID = 'UpdateServices-WidDB'
SQL = 'UpdateServices-DB'
RSAT = 'UpdateServices-RSAT'
API = 'UpdateServices-API'
UI = 'UpdateServices-UI'
ALL_FEATURES = [ROLE, SERVICES, WID, SQL, RSAT, API, UI]

#: feature -> its value name under "Installed Role Services"
ROLE_SERVICE_VALUE = {
    SERVICES: 'UpdateServices-Services',
    WID: 'UpdateServices-WidDatabase',
    SQL: 'UpdateServices-Database',
    API: 'UpdateServices-API',
    UI: 'UpdateServices-UI',
}
DATABASE_FEATURE = {'wid': WID, 'sql': SQL}
PRESENT_STATES = ('Installed', 'InstallPending')
PENDING_STATES = ('InstallPending', 'UninstallPending')
REMOVED = 'Removed'
CUSTOM_SITE_PORT, DEFAULT_SITE_PORT = 8530, 80
HTTPS_PORT = {CUSTOM_SITE_PORT: 8531, DEFAULT_SITE_PORT: 443}
POSTINSTALL_SUCCESS = 'Post install has successfully completed'
#: how SQL Server names a login whose credentials a second hop dropped
ANONYMOUS_LOGON = 'NT AUTHORITY\\ANONYMOUS LOGON'
_LOG_ERROR = re.compile(r'error|fatal|exception|failed|cannot|denied', re.IGNORECASE)
MAX_ERROR_LINES = 20


def postinstall_state(installed: set[str], role_services: dict[str, t.Any]) -> str:
    """not_installed | pending (never configured) | partial (half-finished) | complete."""
    if SERVICES not in installed:
        return 'not_installed'
    values = [role_services.get(ROLE_SERVICE_VALUE[f]) for f in sorted(installed) if f in ROLE_SERVICE_VALUE]
    if all(v == 2 for v in values):
        return 'complete'
    if any(v == 2 for v in values):
        return 'partial'
    return 'pending'


def error_lines(lines: list[str]) -> list[str]:
    """The lines of a post-install log that explain a failure (last MAX_ERROR_LINES)."""
    return [line for line in lines if _LOG_ERROR.search(line)][-MAX_ERROR_LINES:]


class WsusInstallAction(PowerShellStateAction):
    """Install WSUS (server or console only) and run its post-install when it is needed."""

    MODULE = 'wsus_install'
    SPEC = WSUS_INSTALL_SPEC

    def check_input(self, params):
        server = params['role'] == 'server'
        if not server:
            for option in ('sql_server', 'content_dir', 'http_port'):
                if params.get(option) is not None:
                    raise InvalidInput(option, 'only applies to role=server (role=console installs the WSUS '
                                               'administration API/console and has no database, content or site)')
        if params.get('sql_server') is not None:
            if params['database'] != 'sql':
                raise InvalidInput('sql_server', 'is only used with database=sql; with database=wid the '
                                                 'Windows Internal Database on the server is used')
            validate.sql_instance('sql_server', params['sql_server'])
        if params.get('content_dir') is not None:
            # Without its trailing backslash: Windows PowerShell 5.1 quotes an argument with a space but
            # leaves a final backslash in front of the closing quote, so WsusUtil would read
            # CONTENT_DIR=D:\WSUS Content" (PowerShell issues #7400, #4358).
            params['content_dir'] = validate.without_trailing_separator(
                validate.local_absolute_path('content_dir', params['content_dir']))
        elif server and params['state'] == 'present':
            raise InvalidInput('content_dir', 'is required with role=server and state=present '
                                              '(WsusUtil.exe postinstall CONTENT_DIR=<dir>)')
        if params.get('source') is not None and not params['source'].strip():
            raise InvalidInput('source', 'must not be empty: a folder such as D:\\sources\\sxs or WIM:<path>:<index>')

    def probe_parameters(self, params):
        return {'FeatureName': ALL_FEATURES}

    # ---- planning ---------------------------------------------------------------------------
    def plan(self, params, probe):
        features = probe.get('features') or {}
        installed = {name for name, state in features.items() if state in PRESENT_STATES}
        current = self._current(params, probe, installed)
        if params['state'] == 'absent':
            plan = self._plan_absent(params, installed, current)
        elif params['role'] == 'console':
            plan = self._plan_console(params, installed, current)
        else:
            plan = self._plan_server(params, installed, current)
        self._feature_source(params, features, plan)
        reboot_pending = any(state in PENDING_STATES for state in features.values())
        if reboot_pending and plan.apply and plan.apply.get('PostInstall'):
            raise HostFailure('a Windows feature change on this host is waiting for a reboot; reboot it '
                              'before WSUS post-install can run, then run the task again',
                              reboot_required=True)
        plan.facts = self._facts(plan.after, probe, reboot_pending)
        plan.expected = self._expected(probe, plan.apply or {})
        return plan

    @staticmethod
    def _expected(probe, apply: dict[str, t.Any]) -> dict[str, t.Any]:
        """Compare-and-set (engine ``Plan.expected``): what the apply changes was planned from the install state
        of those features, the post-install state (every ``Installed Role Services`` value) and the port."""
        features = probe.get('features') or {}
        expected = {f'features/{name}': features.get(name)
                    for name in (apply.get('InstallFeature') or []) + (apply.get('RemoveFeature') or [])}
        if apply.get('PostInstall'):
            role_services = probe.get('role_services') or {}
            expected.update({f'role_services/{value}': role_services.get(value) for value in ROLE_SERVICE_VALUE.values()})
        if 'UseCustomWebsite' in apply:
            expected['setup/PortNumber'] = (probe.get('setup') or {}).get('PortNumber')
        return expected

    @staticmethod
    def _feature_source(params, features: dict[str, str], plan: Plan) -> None:
        """A feature whose payload was removed (install state ``Removed``) installs only from ``source``
        (Get-WindowsFeature / Install-WindowsFeature -Source, ServerManager docs)."""
        install = (plan.apply or {}).get('InstallFeature') or []
        removed = [name for name in install if features.get(name) == REMOVED]
        if removed and not params.get('source'):
            raise HostFailure(f'the files of {", ".join(removed)} were removed from this host (install state '
                              'Removed); set source to the sources\\sxs folder of the installation media or '
                              'WIM:<path>:<index> so Install-WindowsFeature can find them', removed_features=removed)
        if install and params.get('source'):
            plan.apply['Source'] = params['source']

    def _managed(self, params) -> list[str]:
        if params['role'] == 'console':
            return [API, UI]
        return [SERVICES, WID, SQL, API, UI]

    def _current(self, params, probe, installed) -> dict[str, t.Any]:
        state: dict[str, t.Any] = {'features': {f: f in installed for f in self._managed(params)}}
        if params['role'] == 'console':
            return state
        setup = probe.get('setup') or {}
        state['postinstall'] = postinstall_state(installed, probe.get('role_services') or {})
        configured = state['postinstall'] in ('complete', 'partial')
        database = 'sql' if SQL in installed else 'wid' if WID in installed else None
        port = setup.get('PortNumber')
        state.update(
            database=database,
            sql_server=setup.get('SqlServerName') if configured and database == 'sql' else None,
            content_dir=setup.get('ContentDir') if configured else None,
            http_port=int(port) if configured and port is not None else None,
        )
        return state

    def _plan_server(self, params, installed, current) -> Plan:
        database = params['database']
        other = SQL if database == 'wid' else WID
        if other in installed:
            raise InvalidInput('database', (
                f'this server has {other} installed ({current["database"]}); changing the WSUS database type '
                'is not done by this module because SUSDB has to be migrated by hand (Windows Server docs: '
                '"Migrating the WSUS database from WID to SQL") and Windows refuses both database features '
                f'together. Set database={current["database"]} or migrate first'))
        # A half-finished post-install may not have written the Setup values yet: compare what is there.
        if database == 'sql' and current['sql_server'] and \
                not validate.same_windows_path(current['sql_server'], params['sql_server']):
            raise InvalidInput('sql_server', (
                f'WSUS on this server already uses SUSDB on {current["sql_server"]!r}; moving SUSDB to '
                f'{params["sql_server"]!r} is a database migration this module does not perform'))
        if current['content_dir'] and not validate.same_windows_path(current['content_dir'], params['content_dir']):
            raise InvalidInput('content_dir', (
                f'WSUS on this server already stores content in {current["content_dir"]!r}; moving it is '
                f'"WsusUtil.exe movecontent {params["content_dir"]} <log file>", which this module does not run'))

        wanted = [SERVICES, DATABASE_FEATURE[database], API] + ([UI] if params['console_ui'] else [])
        install = [f for f in wanted if f not in installed]
        postinstall = current['postinstall'] != 'complete' or any(f in ROLE_SERVICE_VALUE for f in install)
        port = params.get('http_port') or current['http_port'] or CUSTOM_SITE_PORT
        # http_port is only known once post-install ran; before that WSUS will create its 8530 site.
        fresh_site_port = current['http_port'] or CUSTOM_SITE_PORT

        after = dict(current)
        after['features'] = dict(current['features'], **{f: True for f in install})
        after.update(postinstall='complete', database=database,
                     sql_server=params['sql_server'] if database == 'sql' else None,
                     content_dir=current['content_dir'] or params['content_dir'],
                     http_port=port)
        apply: dict[str, t.Any] = {}
        if install:
            apply['InstallFeature'] = install
        if postinstall:
            apply['PostInstall'] = True
            apply['ContentDir'] = params['content_dir']
            if database == 'sql':
                apply['SqlInstance'] = params['sql_server']
        if port != fresh_site_port:
            apply['UseCustomWebsite'] = 'true' if port == CUSTOM_SITE_PORT else 'false'
        return Plan(before=current, after=after, apply=apply or None)

    def _plan_console(self, params, installed, current) -> Plan:
        wanted = [API] + ([UI] if params['console_ui'] else [])
        install = [f for f in wanted if f not in installed]
        after = dict(current, features=dict(current['features'], **{f: True for f in install}))
        return Plan(before=current, after=after, apply={'InstallFeature': install} if install else None)

    def _plan_absent(self, params, installed, current) -> Plan:
        warnings = []
        if params['role'] == 'console':
            if SERVICES in installed:
                raise InvalidInput('role', 'role=console state=absent would remove the WSUS API that the WSUS '
                                           'server on this host needs; remove the server first (role=server '
                                           'state=absent)')
            remove = [f for f in (UI, API, RSAT) if f in installed]
        else:
            remove = [f for f in (SERVICES, WID, SQL, ROLE) if f in installed]
            if remove:
                warnings.append('WSUS server features removed; the content directory and SUSDB are kept '
                                '(delete them yourself if you no longer need them)')
        after = dict(current, features={f: (v and f not in remove) for f, v in current['features'].items()})
        if 'postinstall' in after:
            after.update(postinstall='not_installed', database=None, sql_server=None, content_dir=None, http_port=None)
        return Plan(before=current, after=after, apply={'RemoveFeature': remove} if remove else None,
                    warnings=warnings)

    @staticmethod
    def _facts(after, probe, reboot_required) -> dict[str, t.Any]:
        port = after.get('http_port')
        return {
            'features': after['features'],
            'postinstall_state': after.get('postinstall'),
            'http_port': port,
            'https_port': HTTPS_PORT.get(port),
            # what the Setup key already read says; lets the SUP role agree with WSUS without another round trip
            'using_ssl': bool(int((probe.get('setup') or {}).get('UsingSSL') or 0)) if port is not None else None,
            'content_dir': after.get('content_dir'),
            'version': probe.get('version'),
            'reboot_required': bool(reboot_required),
        }

    # ---- after the apply script ----------------------------------------------------------------
    def finish(self, params, plan: Plan, applied: Step):
        output = applied.output if isinstance(applied.output, dict) else {}
        requested = plan.apply or {}
        extra: dict[str, t.Any] = {'version': output.get('version')}
        if output.get('restart_needed'):
            extra['reboot_required'] = True
            if requested.get('PostInstall') or 'UseCustomWebsite' in requested:
                # The apply script stops before WsusUtil when Windows asks for a reboot.
                extra.update(postinstall_state='pending', warnings=[
                    'Windows needs a reboot before WSUS post-install; reboot the host, then run the task again'])
            return extra
        if requested.get('PostInstall'):
            try:
                self._check_postinstall(output.get('postinstall') or {}, extra)
            except HostFailure as failure:
                # The planned "complete" did not happen: report what the host has, so neither this result nor
                # a task reading it (the SUP role's ports) takes WSUS for configured.
                unfinished = self._unfinished(plan, output.get('role_services') or {})
                if unfinished and self._task.diff:
                    unfinished['diff'] = {'before': plan.before, 'after': unfinished['after']}
                failure.details.update(unfinished)
                raise
        site = output.get('custom_website') or {}
        if 'UseCustomWebsite' in requested and site.get('exit_code') != 0:
            raise HostFailure('WsusUtil.exe usecustomwebsite failed with exit code '
                              f'{site.get("exit_code")}: ' + ' | '.join(site.get('output') or []), **extra)
        return extra

    @staticmethod
    def _unfinished(plan: Plan, role_services: dict[str, t.Any]) -> dict[str, t.Any]:
        """Result keys after a failed post-install: the post-install state as the next probe will read it
        (``role_services`` the apply script read after WsusUtil; none: never configured), and, while it is not
        complete, no port, content directory or SSL."""
        installed = {name for name, present in plan.after['features'].items() if present}
        state = postinstall_state(installed, role_services)
        if state == 'complete':  # every role service configured: the next probe reads it so too
            return {}
        after = dict(plan.after, postinstall=state, sql_server=None, content_dir=None, http_port=None)
        return {'after': after, 'postinstall_state': state, 'http_port': None, 'https_port': None,
                'using_ssl': None, 'content_dir': None}

    @staticmethod
    def _check_postinstall(post: dict[str, t.Any], extra: dict[str, t.Any]) -> None:
        text = post.get('output') or []
        extra['postinstall_log'] = post.get('log_path')
        if post.get('exit_code') == 0 and any(POSTINSTALL_SUCCESS in line for line in text):
            return
        lines = error_lines(post.get('log_tail') or []) or error_lines(text) or text[-MAX_ERROR_LINES:]
        where = f' (log: {post["log_path"]})' if post.get('log_path') else ''
        extra['postinstall_errors'] = lines
        hint = ''
        if any(ANONYMOUS_LOGON in line for line in lines):
            hint = (f'. Hint: {ANONYMOUS_LOGON} means the SQL Server is on another host and the WinRM logon could '
                    'not pass credentials on to it (a second hop); run this task with become (become_method '
                    'ansible.builtin.runas, a become_user with sysadmin on the SQL instance), or use CredSSP')
        raise HostFailure(f'WsusUtil.exe postinstall failed with exit code {post.get("exit_code")}{where}: '
                          + ' | '.join(lines) + hint, **extra)
