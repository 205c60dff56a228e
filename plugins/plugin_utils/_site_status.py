# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The site's status messages as the evidence of a software update point when its logs no longer tell.

PRIVATE to configmgr.sup. ``sup_log_verify`` (mode=latest) asks for them only when reading back through
the logs left a step undecided (its lines rolled away, or the history file is gone); when the logs decide,
the run stays one round trip. The probe (sup_log_verify_status.ps1) returns the milestones of the
components involved; here they are sorted and the newest for the SUP decides the step.

What the documentation gives (SMS_StatusMessage,
https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/manage/sms_statusmessage-server-wmi-class):
MessageType 256 is a milestone, "use this type at the end of an operation to indicate the operation's
success or failure ... in an informational message ... in a warning or error message"; Severity
0x40000000 informational, 0x80000000 warning, 0xC0000000 error; Time is UTC; MachineName is the computer
that created the message. So the newest milestone decides: informational = success, warning or error =
failure.

UNVERIFIED (no public Microsoft list of these components' message IDs was found): the IDs below, which
are only used to tell a removal from an installation and to name the message; that Site Component
Manager's installation milestones carry the SUP server as MachineName ("... on this site system"); and
that a successful WCM cycle proves the role's current ports and SSL (WCM pushes the role's settings in
each cycle, and a change of them starts one). WCM runs on the site server, so its messages name the site
server, not the SUP (the WSUS server is in the insertion strings, not read here): they prove a SUP only on
a site with one software update point.
"""

from __future__ import annotations

import datetime
import re
import typing as t

SITECOMP, WCM = 'SMS_SITE_COMPONENT_MANAGER', 'SMS_WSUS_CONFIGURATION_MANAGER'
#: which component's status messages stand for which log
COMPONENTS = {'SiteComp.log': SITECOMP, 'WCM.log': WCM}
INFORMATIONAL, WARNING, ERROR = 0x40000000, 0x80000000, 0xC0000000
SEVERITY = {INFORMATIONAL: 'informational', WARNING: 'warning', ERROR: 'error'}
#: (component, message ID) -> (meaning, description). UNVERIFIED ids and texts (see the module docstring).
KNOWN: dict[tuple[str, int], tuple[str, str]] = {
    (SITECOMP, 1015): ('success', 'Site Component Manager successfully installed this component on this site system '
                                  '(message ID unverified)'),
    (SITECOMP, 1018): ('removed', 'Site Component Manager successfully deinstalled this component from this site '
                                  'system (message ID unverified)'),
    (SITECOMP, 4951): ('failure', 'Site Component Manager failed to install this component on this site system '
                                  '(message ID unverified)'),
    (WCM, 6600): ('success', 'WSUS Configuration Manager successfully configured the WSUS server (message ID '
                             'unverified)'),
    (WCM, 6603): ('failure', 'WSUS Configuration Manager failed to configure the WSUS server (message ID unverified)'),
}
#: the steps of the built-in checks that status messages can decide (SUPSetup.log has no site-side message)
STEP_LOGS = ('SiteComp.log', 'WCM.log')
STATUS_HINT = ('read the status messages in the console (Monitoring > System Status > Component Status, '
               'SMS_SITE_COMPONENT_MANAGER and SMS_WSUS_CONFIGURATION_MANAGER, Show Messages) for the text of the '
               'message')


def parse_time(text: str) -> datetime.datetime | None:
    """DateTime.ToString('o') of SMS_StatusMessage.Time: 2026-11-21T09:00:45.1230000Z (or with an offset)."""
    match = re.match(r'^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$', text or '')
    if not match:
        return None
    when = datetime.datetime.fromisoformat(match.group(1))
    zone = match.group(2)
    if zone and zone != 'Z':
        sign = 1 if zone[0] == '+' else -1
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        when -= sign * datetime.timedelta(hours=hours, minutes=minutes)
    return when  # UTC, naive


def undecided(step: dict[str, t.Any]) -> bool:
    """The logs have no outcome for this step (nothing in what was read, or they rolled away): not a step
    the logs decided to be unproven (a removal, another connection, an attempt that ended without outcome)."""
    reason = step.get('reason') or ''
    return (step.get('status') == 'unproven' and step.get('log') in STEP_LOGS
            and (': no attempt' in reason or ': no outcome' in reason))


def _same_machine(name: str, fqdn: str) -> bool:
    name, fqdn = (name or '').strip().lower(), (fqdn or '').strip().lower()
    return bool(name) and (name == fqdn or name == fqdn.split('.')[0] or name.split('.')[0] == fqdn)


def view(message: dict[str, t.Any]) -> dict[str, t.Any]:
    """A status message as the result shows it."""
    component, message_id = str(message.get('component') or ''), int(message.get('message_id') or 0)
    known = KNOWN.get((component.upper(), message_id))
    severity = SEVERITY.get(int(message.get('severity') or 0), str(message.get('severity')))
    when = parse_time(str(message.get('time') or ''))
    return {'source': 'status_messages', 'message_id': message_id, 'component': component,
            'machine': message.get('machine'), 'severity': severity,
            'time': when.isoformat(timespec='seconds') + 'Z' if when else message.get('time'),
            'record_id': message.get('record_id'),
            'description': known[1] if known else f'{severity} milestone {message_id} of {component} (its text is in '
                                                  'the console\'s Status Message Viewer)'}


def step_from_status(step: dict[str, t.Any], probe: dict[str, t.Any], site_system: str,
                     site_server: str) -> dict[str, t.Any]:
    """The step decided by the newest milestone for the SUP, or still unproven with the reason."""
    log = step['log']
    component = COMPONENTS[log]
    machine = site_system if component == SITECOMP else site_server
    sups = [str(name) for name in probe.get('software_update_points') or []]
    if not any(_same_machine(name, site_system) for name in sups):
        return dict(step, reason=f'{step["reason"]}; the site status does not tell: {site_system} is not a software '
                                 'update point of the site now')
    if component == WCM and len(sups) > 1:
        return dict(step, reason=f'{step["reason"]}; the site status does not tell: WCM\'s status messages name the '
                                 'site server, not the SUP, and this site has several software update points')
    mine = [m for m in probe.get('messages') or []
            if str(m.get('component') or '').upper() == component and _same_machine(str(m.get('machine')), machine)]
    if not mine:
        return dict(step, reason=f'{step["reason"]}; no {component} status message for {machine} either (status '
                                 'messages are kept 30 days by default)')
    newest = max(mine, key=lambda m: (parse_time(str(m.get('time') or '')) or datetime.datetime.min,
                                      int(m.get('record_id') or 0)))
    evidence = view(newest)
    known = KNOWN.get((component, evidence['message_id']))
    meaning = known[0] if known else ('success' if int(newest.get('severity') or 0) == INFORMATIONAL else 'failure')
    # the message in the shape of a log line, so whatever shows the evidence lines shows it too
    line = {'log': 'status messages', 'time': evidence['time'], 'component': component, 'severity': evidence['severity'],
            'message': f'{evidence["description"]} (message ID {evidence["message_id"]}, {evidence["machine"]})',
            'offset': None, 'message_id': evidence['message_id']}
    decided = {'name': step['name'], 'log': log, 'line': line, 'source': 'status_messages', 'status_message': evidence}
    if meaning == 'removed':
        return dict(decided, status='unproven', reason=f'the latest {component} status message is a removal')
    if meaning == 'success':
        return dict(decided, status='passed')
    return dict(decided, status='failed', errors=[dict(line)])


def conclude(steps: list[dict[str, t.Any]], hints: dict[str, str | None], reverify_hint: str) -> dict[str, t.Any]:
    """A check's status from its steps, by the rules of _log_checks.evaluate_latest (with nothing left to read),
    except that a role whose latest event is its removal is not proven by an earlier WCM success."""
    live = [s for s in steps if s['status'] != 'skipped']
    source = 'status_messages' if any(s.get('source') == 'status_messages' for s in live) else 'logs'
    result: dict[str, t.Any] = {'steps': steps, 'more': [], 'source': source}
    failed = next((s for s in live if s['status'] == 'failed'), None)
    if failed is not None:
        hint = hints.get(failed['name'])
        if failed.get('source') == 'status_messages':
            hint = f'{hint}; {STATUS_HINT}' if hint else STATUS_HINT
        return dict(result, status='failed', failed_step=failed['name'], hint=hint, errors=failed.pop('errors'))
    if any(s['status'] == 'waiting' for s in live):
        waiting = next(s for s in live if s['status'] == 'waiting')
        return dict(result, status='waiting', waiting_for=f'{waiting["log"]}: the outcome of the latest attempt')
    removed = any(s['status'] == 'unproven' and 'is a removal' in (s.get('reason') or '') for s in live)
    settled = all(s['status'] in ('passed', 'unproven') for s in live)
    if live and not removed and live[-1]['status'] == 'passed' and settled:
        return dict(result, status='passed')
    reasons = [s['reason'] for s in live if s['status'] == 'unproven' and s.get('reason')]
    return dict(result, status='unproven', reason='; '.join(reasons) or 'no evidence', hint=reverify_hint)
