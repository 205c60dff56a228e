# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a finished (or failed) operation looks like in the Configuration Manager logs.

PRIVATE to configmgr.sup. A check is an ordered chain of steps; a step waits for a line in one log
(``success``), fails on another (``failure``), and may fail when the log shows its operation ended
without success (``end``). The built-in chains follow seed 004 and docs/windows-facts "Log files":

- ``sup_install`` (site server): SMSProv.log PutInstanceAsync SMS_SCI_SysResUse, SiteComp.log
  installs SMS_WSUS_CONTROL_MANAGER and runs rolesetup.exe SMSWSUS, then reports the bootstrap
  result, then (co-located SUP) SUPSetup.log, then WCM.log WSUS_CONFIG_SUCCESS;
- ``sup_setup`` (SUP server): SUPSetup.log "Installation was successful.";
- ``wcm_config``, ``proxy`` (site server WCM.log), ``wsus_health`` (SUP server WSUSCtrl.log).
"""

from __future__ import annotations

import dataclasses
import re
import typing as t

from ansible_collections.configmgr.sup.plugins.plugin_utils._cmlog import Entry

HTTP_FAILURE = r'The request failed with HTTP status (401|403|407|500|502|503)'
MAX_LINES = 20


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    log: str
    success: str
    failure: str | None = None
    end: str | None = None
    hint: str | None = None
    local_only: bool = False  # only when the SUP is the host the check runs on (a remote SUP keeps its own log)


@dataclasses.dataclass(frozen=True)
class Check:
    name: str
    steps: tuple[Step, ...]


CONSOLE_HINT = ('for a remote SUP the site server needs the WSUS administration console (configmgr.sup.wsus_install '
                'role=console), and the SUP host needs WSUS with its API (configmgr.sup.wsus_install); Site Component '
                'Manager retries the installation by itself once they are there')
SUPSETUP = Step('supsetup', 'SUPSetup.log', r'Installation was successful\.', end=r'~RoleSetup\(\)', hint=CONSOLE_HINT)
WCM_CONFIG = Step('wcm', 'WCM.log', r'WSUS_CONFIG_SUCCESS', failure=r'WSUS_CONFIG_FAILED|' + HTTP_FAILURE,
                  hint='WCM could not configure WSUS: check the connection account (configmgr.sup.'
                       'wsus_connection_account), the ports and SSL of the SUP role against WSUS, and the proxy')


def builtin(name: str, site_system: str | None) -> Check:
    server = re.escape(site_system or '')
    if name == 'sup_install':
        return Check(name, (
            Step('provider', 'SMSProv.log', r'PutInstanceAsync SMS_SCI_SysResUse'),
            Step('component', 'SiteComp.log', r'Installing component SMS_WSUS_CONTROL_MANAGER'),
            Step('bootstrap', 'SiteComp.log', r'rolesetup\.exe.*SMSWSUS'),
            Step('installed', 'SiteComp.log', rf'executed successfully on server {server}',
                 failure=rf'failed on server {server}|Bootstrap operation failed',
                 hint=f'SUP setup failed on {site_system}: read SUPSetup.log there (sup_log_verify with '
                      f'checks=[sup_setup] on that host); {CONSOLE_HINT}'),
            dataclasses.replace(SUPSETUP, local_only=True),
            WCM_CONFIG,
        ))
    if name == 'sup_setup':
        return Check(name, (SUPSETUP,))
    if name == 'wcm_config':
        return Check(name, (
            Step('connected', 'WCM.log', rf'Successfully connected to (local WSUS server|server: {server})',
                 failure=HTTP_FAILURE, hint=WCM_CONFIG.hint),
            WCM_CONFIG,
        ))
    if name == 'proxy':
        return Check(name, (
            Step('applied', 'WCM.log', r'WSUS_CONFIG_SUCCESS', failure=r'HTTP status 407|WSUS_CONFIG_FAILED',
                 hint='the proxy refused WCM (HTTP 407 = proxy authentication required): set proxy_username and '
                      'proxy_password with configmgr.sup.sup_proxy, and check the proxy allows the site server'),
        ))
    if name == 'wsus_health':
        return Check(name, (
            Step('health', 'WSUSCtrl.log', r'There are no unhealthy WSUS Server components',
                 failure=r'WSUS Control Manager failed|unhealthy WSUS Server components on WSUS Server',
                 hint='WSUS on this host is unhealthy: run "WsusUtil.exe checkhealth" and read the Application log'),
        ))
    raise KeyError(name)


def custom(spec: dict[str, t.Any]) -> Check:
    return Check(spec['name'], (Step(spec['name'], spec['log'], spec['success'], failure=spec.get('failure') or None,
                                     hint=spec.get('hint')),))


#: one entry of a log as read: the file it came from (X.log, or X.lo_ after a rollover) and the entry
Read = t.Tuple[str, Entry]


def line(file: str, entry: Entry) -> dict[str, t.Any]:
    return {'log': file, 'time': entry.time.isoformat(timespec='seconds') if entry.time else None,
            'component': entry.component, 'severity': entry.severity, 'message': entry.message, 'offset': entry.offset}


def evaluate(check: Check, entries: dict[str, list[Read]], local: bool) -> dict[str, t.Any]:
    """passed | failed | waiting, with the evidence. ``entries``: log -> new entries in the order they
    were written (across a rollover); ``local``: the SUP is the host the logs were read on."""
    steps = []
    position: dict[str, int] = {}  # index where the previous step matched, per log: later steps look after it
    for step in check.steps:
        if step.local_only and not local:
            steps.append({'name': step.name, 'log': step.log, 'status': 'skipped', 'line': None})
            continue
        found = _find(step, entries.get(step.log, []), position.get(step.log, -1))
        index = found.pop('index', None)
        steps.append(dict(found, name=step.name, log=step.log))
        if found['status'] == 'failed':
            return {'status': 'failed', 'steps': steps, 'failed_step': step.name, 'hint': step.hint,
                    'errors': _errors(entries.get(step.log, []), index)}
        if found['status'] != 'passed':
            return {'status': 'waiting', 'steps': steps, 'waiting_for': f'{step.log}: {step.success}'}
        position[step.log] = index
    return {'status': 'passed', 'steps': steps}


def _find(step: Step, entries: list[Read], after: int) -> dict[str, t.Any]:
    success = re.compile(step.success, re.IGNORECASE)
    failure = re.compile(step.failure, re.IGNORECASE) if step.failure else None
    end = re.compile(step.end) if step.end else None
    for index in range(after + 1, len(entries)):
        file, entry = entries[index]
        if success.search(entry.message):
            return {'status': 'passed', 'line': line(file, entry), 'index': index}
        if (failure and failure.search(entry.message)) or (end and end.search(entry.message)):
            return {'status': 'failed', 'line': line(file, entry), 'index': index}
    return {'status': 'waiting', 'line': None}


def _errors(entries: list[Read], failed_at: int) -> list[dict[str, t.Any]]:
    """The lines that explain a failure: warnings and errors up to the failing line, and that line."""
    lines = [line(file, entry) for file, entry in entries[:failed_at]
             if entry.severity != 'info' or 'Did not find' in entry.message]
    lines.append(line(*entries[failed_at]))
    return lines[-MAX_LINES:]
