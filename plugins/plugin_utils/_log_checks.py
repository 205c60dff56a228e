# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a finished (or failed) operation looks like in the Configuration Manager logs.

PRIVATE to configmgr.sup. A check is an ordered chain of steps; a step waits for a line in one log
(``success``), fails on another (``failure``), and may fail when the log shows its operation ended
without success (``end``). The built-in chains follow "Software update point installation and configuration"
(https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/software-update-point-installation-and-configuration)
and "Log files in Configuration Manager" (https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files):

- ``sup_install`` (site server): SMSProv.log PutInstanceAsync SMS_SCI_SysResUse, SiteComp.log
  installs SMS_WSUS_CONTROL_MANAGER and runs rolesetup.exe SMSWSUS, then reports the bootstrap
  result, then (co-located SUP) SUPSetup.log, then WCM.log WSUS_CONFIG_SUCCESS;
- ``sup_setup`` (SUP server): SUPSetup.log "Installation was successful.";
- ``wcm_config``, ``proxy`` (site server WCM.log), ``wsus_health`` (SUP server WSUSCtrl.log);
- ``sup_remove`` (site server): SiteComp.log deinstalls SMS_WSUS_CONTROL_MANAGER from the server;
- ``sync`` (site server): wsyncmgr.log, a software update synchronization from its start to its end
  (also what configmgr.sup.sup_sync follows, with the same patterns and hints).
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
    # Latest outcome (mode=latest): the line that starts an attempt; the outcome is the first success or
    # failure after the latest one (none yet: in progress). ``reset`` ends what the attempt proved (a role
    # removed), ``stop`` ends an attempt without an outcome (the component moved on to another server).
    anchor: str | None = None
    reset: str | None = None
    stop: str | None = None
    expect: bool = False  # the anchor names port and useSSL, which must match the expected connection
    after_lines: int = 0  # lines after a failing line that belong to the evidence ("Bootstrap operation failed.")
    # (regular expression, hint): the first whose pattern one of the failure's lines shows replaces ``hint``
    hints: tuple[tuple[str, str], ...] = ()


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


REVERIFY_HINT = ('re-run with software_update_point_reverify: true (or sup_log_verify mode=latest wait_for_evidence=true) '
                 'to wait for the next WCM cycle, or in the console open Monitoring > System Status > Component Status, '
                 'SMS_WSUS_CONFIGURATION_MANAGER, and read WCM.log after its next cycle')
WCM_SUCCESS = r'WSUS_CONFIG_SUCCESS|No changes - WSUS Server settings are correctly configured'
WCM_FAILURE = r'WSUS_CONFIG_FAILED|Remote configuration failed on WSUS Server|Failed to set WSUS|' + HTTP_FAILURE

# ---- software update synchronization (wsyncmgr.log, site server, SMS_WSUS_SYNC_MANAGER) --------------------
# Wording from Microsoft's "Track software update synchronization" (troubleshoot/mem/configmgr/update-management)
# and published wsyncmgr.log excerpts: "Starting Sync", "Sync Succeeded. Setting new sync token.", "Sync succeeded.
# Setting sync alert to canceled state on site ...", "Sync failed: <error>. Source: ...", "Sync failed. Will retry
# in 60 minutes", "Updated N items in SMS database, new update source content version is N", and the status
# messages "STATMSG: ID=6701" (started), 6702 (done), 6703 (failed) of SMS_WSUS_SYNC_MANAGER.
SYNC_LOG = 'wsyncmgr.log'
SYNC_START = r'^Starting Sync\b|STATMSG: ID=6701\b'
SYNC_SUCCESS = r'^Sync succeeded\b|STATMSG: ID=6702\b'
SYNC_FAILURE = r'^Sync failed\b|STATMSG: ID=6703\b'
SYNC_HINT = ('read wsyncmgr.log on the site server, and WCM.log (the WSUS configuration a synchronization needs); '
             'status message 6703 of SMS_WSUS_SYNC_MANAGER carries the same error')
#: the causes an admin meets most, most specific first (Microsoft: "Troubleshoot software update synchronization")
SYNC_HINTS = (
    (r'WSUS server not configured|refer to WCM\.log',
     'WCM has not configured WSUS on the software update point yet, so there is nothing to synchronize with: read '
     'WCM.log (configmgr.sup.sup_log_verify checks=[wcm_config]), fix what it shows (the WSUS connection account, '
     'the role\'s ports and SSL against WSUS, the proxy), then run the synchronization again'),
    (r'\b407\b|Proxy Authentication Required',
     'the proxy refused the synchronization (HTTP 407 = proxy authentication required): give the software update '
     'point its proxy account with configmgr.sup.sup_proxy (proxy_username, proxy_password, sync_uses_proxy: true) '
     'and check the proxy lets the SUP reach its sync source'),
    (r'Microsoft\.UpdateServices\.Administration|WSUS administration console|Could not load file or assembly',
     'the site server cannot load the WSUS API that WSyncMgr uses: for a remote software update point install the '
     'WSUS administration console on the site server (configmgr.sup.wsus_install role=console)'),
    # WSUS's own synchronization with its source (UssCommunicationError, ServerSyncWebServices) ...
    (r'UssCommunicationError|ServerSyncWebServices|remote name could not be resolved|operation has timed out',
     'the software update point cannot reach its sync source: check DNS and the firewall toward Microsoft Update or '
     'the upstream server (configmgr.sup.sup_component sync_source, upstream_source) and the proxy '
     '(configmgr.sup.sup_proxy)'),
    # ... or the site server's connection to WSUS on the software update point.
    (r'Unable to connect to the remote server|HTTP status 40[13]|underlying connection was closed',
     'the site server cannot connect to WSUS on the software update point: check that WSUS is installed there and '
     'serves the role\'s ports and SSL (configmgr.sup.sup_log_verify checks=[wcm_config] shows what WCM sees)'),
)
SYNC_STEP = Step('synchronized', SYNC_LOG, SYNC_SUCCESS, failure=SYNC_FAILURE, hint=SYNC_HINT, hints=SYNC_HINTS)


def explain(step: Step, errors: list[dict[str, t.Any]]) -> str | None:
    """The hint for a failed step: the first of its ``hints`` whose pattern a line of the failure shows, else
    its ``hint``."""
    for pattern, hint in step.hints:
        if any(re.search(pattern, error['message'], re.IGNORECASE) for error in errors):
            return hint
    return step.hint


def _short(site_system: str | None) -> str:
    return re.escape((site_system or '').split('.')[0])


def builtin_latest(name: str, site_system: str | None) -> Check:
    """The latest terminal event of each thing a check proves, read backwards from the end of the logs."""
    server = re.escape(site_system or '')
    attempt = (rf'Attempting connection to (?:local WSUS server|WSUS server: {server}'
               r'(?:, port: (?P<port>\d+), useSSL: (?P<ssl>\w+))?)')
    wcm = Step('wcm', 'WCM.log', WCM_SUCCESS, failure=WCM_FAILURE, anchor=attempt,
               stop=r'Attempting connection to (?:local )?WSUS server', expect=True, after_lines=2, hint=WCM_CONFIG.hint)
    if name == 'sup_install':
        return Check(name, (
            Step('installed', 'SiteComp.log', rf'executed successfully on server {server}',
                 failure=rf'failed on server {server}',
                 anchor=rf'Starting service SMS_SERVER_BOOTSTRAP_{_short(site_system)}\b.*SMSWSUS',
                 reset=rf'Deinstalling component SMS_WSUS_CONTROL_MANAGER from server {server}', after_lines=4,
                 hint=f'SUP setup failed on {site_system}: read SUPSetup.log there (sup_log_verify with '
                      f'checks=[sup_setup] on that host); {CONSOLE_HINT}'),
            # A SUP on the site server itself writes SUPSetup.log next to SiteComp.log: its latest setup too.
            dataclasses.replace(SUPSETUP, anchor=r'SMSWSUS Setup Started', failure=r'Installation failed',
                                local_only=True),
            wcm,
        ))
    if name == 'sup_setup':
        return Check(name, (dataclasses.replace(SUPSETUP, anchor=r'SMSWSUS Setup Started', failure=r'Installation failed'),))
    if name == 'wcm_config':
        return Check(name, (wcm,))
    if name == 'proxy':
        return Check(name, (dataclasses.replace(
            wcm, name='applied', hint=builtin('proxy', site_system).steps[0].hint),))
    if name == 'wsus_health':
        return builtin(name, site_system)
    if name == 'sync':
        # The latest synchronization: from its start to its end (none yet: in progress).
        return Check(name, (dataclasses.replace(SYNC_STEP, anchor=SYNC_START, after_lines=2),))
    raise KeyError(name)


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
    if name == 'sup_remove':
        # Unverified wording (no Microsoft source found): the SiteComp.log line of the deinstallation the lab writes.
        return Check(name, (
            Step('deinstalled', 'SiteComp.log', rf'Deinstalling component SMS_WSUS_CONTROL_MANAGER from server {server}',
                 hint='Site Component Manager has not deinstalled the software update point yet: read SiteComp.log '
                      '(it acts on the site control change within minutes)'),
        ))
    if name == 'wsus_health':
        return Check(name, (
            Step('health', 'WSUSCtrl.log', r'There are no unhealthy WSUS Server components',
                 failure=r'WSUS Control Manager failed|unhealthy WSUS Server components on WSUS Server',
                 hint='WSUS on this host is unhealthy: run "WsusUtil.exe checkhealth" and read the Application log'),
        ))
    if name == 'sync':
        return Check(name, (SYNC_STEP,))
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
            errors = _errors(entries.get(step.log, []), index)
            return {'status': 'failed', 'steps': steps, 'failed_step': step.name, 'hint': explain(step, errors),
                    'errors': errors}
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


# ---- the latest outcome ----------------------------------------------------------------------------

def _connection(found: re.Match) -> tuple[int | None, bool | None]:
    groups = found.groupdict()
    port = int(groups['port']) if groups.get('port') else None
    ssl = groups['ssl'].lower() == 'true' if groups.get('ssl') else None
    return port, ssl


def latest_step(step: Step, entries: list[Read], expect: dict[str, t.Any] | None = None) -> dict[str, t.Any]:
    """The latest outcome of one step: passed | failed | waiting (an attempt without an outcome yet) |
    unproven; ``conclusive``: whether reading further back could change it."""
    success = re.compile(step.success, re.IGNORECASE)
    failure = re.compile(step.failure, re.IGNORECASE) if step.failure else None
    end = re.compile(step.end) if step.end else None
    result: dict[str, t.Any] = {'name': step.name, 'log': step.log, 'line': None}
    start = -1
    if step.anchor:
        anchor = re.compile(step.anchor, re.IGNORECASE)
        reset = re.compile(step.reset, re.IGNORECASE) if step.reset else None
        for index in range(len(entries) - 1, -1, -1):
            message = entries[index][1].message
            if reset and reset.search(message):
                return dict(result, status='unproven', conclusive=True, line=line(*entries[index]),
                            reason=f'{step.log}: the latest event is a removal')
            found = anchor.search(message)
            if found:
                start = index
                result['attempt'] = line(*entries[index])
                break
        if start < 0:
            return dict(result, status='unproven', conclusive=False,
                        reason=f'{step.log}: no attempt ({step.anchor}) in what was read')
        port, ssl = _connection(found)
        if step.expect and expect:
            wanted = (expect.get('port'), expect.get('ssl'))
            if (port is not None and wanted[0] is not None and port != wanted[0]) or \
                    (ssl is not None and wanted[1] is not None and ssl != wanted[1]):
                return dict(result, status='unproven', conclusive=True,
                            reason=f'{step.log}: the latest connection was to port {port} with useSSL {ssl}, '
                                   f'the role now has port {wanted[0]} with useSSL {wanted[1]}: the current '
                                   'settings are not proven')
        stop = re.compile(step.stop, re.IGNORECASE) if step.stop else None
        for index in range(start + 1, len(entries)):
            message = entries[index][1].message
            if success.search(message):
                return dict(result, status='passed', conclusive=True, line=line(*entries[index]), index=index)
            if (failure and failure.search(message)) or (end and end.search(message)):
                return dict(result, status='failed', conclusive=True, line=line(*entries[index]), index=index,
                            errors=_latest_errors(entries, start, index, step.after_lines))
            if stop and stop.search(message):
                return dict(result, status='unproven', conclusive=True,
                            reason=f'{step.log}: the latest attempt ended without an outcome')
        return dict(result, status='waiting', conclusive=True)
    for index in range(len(entries) - 1, -1, -1):
        message = entries[index][1].message
        if success.search(message):
            return dict(result, status='passed', conclusive=True, line=line(*entries[index]), index=index)
        if failure and failure.search(message):
            return dict(result, status='failed', conclusive=True, line=line(*entries[index]), index=index,
                        errors=_latest_errors(entries, max(0, index - MAX_LINES), index, step.after_lines))
    return dict(result, status='unproven', conclusive=False, reason=f'{step.log}: no outcome in what was read')


def evaluate_latest(check: Check, entries: dict[str, list[Read]], local: bool,
                    expect: dict[str, t.Any] | None = None, exhausted: t.Container[str] = ()) -> dict[str, t.Any]:
    """passed (every step's latest outcome is a success, or the last step's: WCM configures only an installed
    role) | failed (a latest outcome is a failure) | waiting (an attempt in progress) | unproven.
    ``more``: the logs where reading further back could still find the evidence."""
    steps, more = [], []
    for step in check.steps:
        if step.local_only and not local:
            steps.append({'name': step.name, 'log': step.log, 'status': 'skipped', 'line': None})
            continue
        found = latest_step(step, entries.get(step.log, []), expect)
        if not found.pop('conclusive') and step.log not in exhausted:
            more.append(step.log)
        found.pop('index', None)
        steps.append(found)
    more = list(dict.fromkeys(more))
    live = [s for s in steps if s['status'] != 'skipped']
    failed = next((s for s in live if s['status'] == 'failed'), None)
    result: dict[str, t.Any] = {'steps': steps, 'more': more}
    if failed is not None:
        step = next(s for s in check.steps if s.name == failed['name'])
        errors = failed.pop('errors')
        return dict(result, status='failed', failed_step=failed['name'], hint=explain(step, errors), errors=errors)
    if any(s['status'] == 'waiting' for s in live):
        waiting = next(s for s in live if s['status'] == 'waiting')
        return dict(result, status='waiting', waiting_for=f'{waiting["log"]}: the outcome of the latest attempt')
    if live and (live[-1]['status'] == 'passed' and all(s['status'] in ('passed', 'unproven') for s in live)):
        if more:  # an earlier failure may still be further back
            return dict(result, status='unproven', reason='reading on')
        return dict(result, status='passed')
    reasons = [s['reason'] for s in live if s['status'] == 'unproven' and s.get('reason')]
    return dict(result, status='unproven', reason='; '.join(reasons) or 'no evidence', hint=REVERIFY_HINT)


def _latest_errors(entries: list[Read], start: int, failed_at: int, after: int) -> list[dict[str, t.Any]]:
    """The lines of a failed attempt: its start, warnings and errors up to the failing line, that line and the
    ``after`` lines that follow it (the component's own summary of the failure)."""
    lines = [line(*entries[start])] if start < failed_at else []
    lines += [line(file, entry) for file, entry in entries[start + 1:failed_at]
              if entry.severity != 'info' or 'Did not find' in entry.message]
    lines.append(line(*entries[failed_at]))
    lines += [line(*read) for read in entries[failed_at + 1:failed_at + 1 + after]]
    return lines[-MAX_LINES:]
