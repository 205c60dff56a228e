"""The site's status messages (SMS_StatusMessage in the site database) and ``Get-CMSiteStatusMessage``.

Site components raise status messages while they work; the site stores them in its database, where the
console's Status Message Viewer and ``Get-CMSiteStatusMessage`` (through the SMS Provider, from a CMSite
drive) read them. They outlive the logs: a log rolls over at its size limit, a status message stays until
the site's "Delete Aged Status Messages" maintenance task deletes it.

- Properties: those of SMS_StatusMessage (Component, MachineName, MessageID, MessageType, ModuleName,
  PerClient, ProcessID, RecordID, ReportFunction, Severity, SiteCode, SuccessfulTransaction, ThreadID,
  Time (UTC), TopLevelSiteCode, Transaction, Win32Error), with the documented values of Severity
  (0x40000000 informational, 0x80000000 warning, 0xC0000000 error) and MessageType (256 milestone: "use
  this type at the end of an operation to indicate the operation's success or failure", 512 detail):
  https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/manage/sms_statusmessage-server-wmi-class
- ``Get-CMSiteStatusMessage`` (-Component, -ComputerName, -MessageId, -Severity, -SiteCode, -StartDateTime
  alias -ViewingPeriod) writes IResultObject#SMS_StatusMessage:
  https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitestatusmessage
  Its output order is not documented; the lab writes the oldest first (RecordID order, unverified).
- Retention: status messages older than 30 days are deleted by default ("Delete Aged Status Messages ...
  delete status messages older than 30 days (by default) as configured in status filter rules",
  https://learn.microsoft.com/troubleshoot/mem/configmgr/client-management/failed-devices-client-health-dashboard).
  The lab deletes them when the site stores a newer message and never returns them (the task's daily
  schedule, 00:00-05:00, is not modelled). Host config ``status_message_days`` sets another retention.

What the lab's components raise (ModuleName "SMS Server"). Message IDs and texts are UNVERIFIED: no public
Microsoft list of the SMS_SITE_COMPONENT_MANAGER and SMS_WSUS_CONFIGURATION_MANAGER message IDs was found
(searched learn.microsoft.com, the docs repositories and public pages); the verifier decides from the
documented Component, MachineName, MessageType and Severity, and uses the IDs only to tell an installation
from a removal and to name the message. That Site Component Manager reports an installation with the site
system as MachineName follows its wording "... on this site system" (unverified); WCM runs on the site server,
so its messages carry the site server's name (the WSUS server is only in the insertion strings, which the lab
does not model).
"""

from __future__ import annotations

import datetime
import typing as t

from labsim.configmgr import drive
from labsim.context import LAB_EPOCH
from labsim.powershell import api

INFORMATIONAL, WARNING, ERROR = 0x40000000, 0x80000000, 0xC0000000
MILESTONE, DETAIL = 256, 512
SEVERITY_NAMES = {'information': INFORMATIONAL, 'informational': INFORMATIONAL, 'warning': WARNING, 'error': ERROR}
#: default retention of status messages (days), see the module docstring
RETENTION_DAYS = 30

#: the messages the lab raises: (component, id) -> (severity, type, text). UNVERIFIED ids and texts.
MESSAGES = {
    ('SMS_SITE_COMPONENT_MANAGER', 1015): (INFORMATIONAL, MILESTONE,
                                           'Site Component Manager successfully installed this component on this '
                                           'site system.'),
    ('SMS_SITE_COMPONENT_MANAGER', 1018): (INFORMATIONAL, MILESTONE,
                                           'Site Component Manager successfully deinstalled this component from this '
                                           'site system.'),
    ('SMS_SITE_COMPONENT_MANAGER', 4951): (ERROR, MILESTONE,
                                           'Site Component Manager failed to install this component on this site '
                                           'system; it will retry the installation in 60 minutes.'),
    ('SMS_WSUS_CONFIGURATION_MANAGER', 6600): (INFORMATIONAL, MILESTONE,
                                               'WSUS Configuration Manager successfully configured the WSUS server.'),
    ('SMS_WSUS_CONFIGURATION_MANAGER', 6603): (ERROR, MILESTONE,
                                               'WSUS Configuration Manager failed to configure the WSUS server.'),
    # WSUS Synchronization Manager: ids, milestone level ("LEV=M") and severities of the STATMSG lines in
    # Microsoft's "Track software update synchronization"; texts from the same page (6706's text UNVERIFIED)
    ('SMS_WSUS_SYNC_MANAGER', 6701): (INFORMATIONAL, MILESTONE, 'WSUS Synchronization started.'),
    ('SMS_WSUS_SYNC_MANAGER', 6702): (INFORMATIONAL, MILESTONE, 'WSUS Synchronization done.'),
    ('SMS_WSUS_SYNC_MANAGER', 6703): (ERROR, MILESTONE, 'WSUS Synchronization failed.'),
    ('SMS_WSUS_SYNC_MANAGER', 6704): (INFORMATIONAL, MILESTONE,
                                      'WSUS Synchronization in progress. Current phase: Synchronizing WSUS Server.'),
    ('SMS_WSUS_SYNC_MANAGER', 6705): (INFORMATIONAL, MILESTONE,
                                      'WSUS Synchronization in progress. Current phase: Synchronizing site database.'),
    ('SMS_WSUS_SYNC_MANAGER', 6706): (INFORMATIONAL, MILESTONE,
                                      'WSUS Synchronization in progress. Current phase: Synchronizing replica WSUS '
                                      'servers.'),
}
INSTALLED, REMOVED, INSTALL_FAILED = 1015, 1018, 4951
WCM_CONFIGURED, WCM_FAILED = 6600, 6603
RAISE = 'labsim.configmgr.status:raise_now'


class StatusMessage(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_StatusMessage'
    PROPERTIES = ('Component', 'MachineName', 'MessageID', 'MessageType', 'ModuleName', 'PerClient', 'ProcessID',
                  'RecordID', 'ReportFunction', 'Severity', 'SiteCode', 'SuccessfulTransaction', 'ThreadID', 'Time',
                  'TopLevelSiteCode', 'Transaction', 'Win32Error')


def retention_days(host) -> int:
    return int(host.config.get('status_message_days') or RETENTION_DAYS)


def raise_later(host, delay: float, component: str, machine: str, message_id: int) -> None:
    """A component of the site server raises message ``message_id`` ``delay`` seconds from now."""
    host.call_later(delay, RAISE, {'component': component, 'machine': machine, 'message_id': message_id})


def raise_now(host, component: str, machine: str, message_id: int) -> None:
    """Store the message in the site database (as of the host's clock, ``HostState.now``), and delete the
    messages that aged out."""
    site = host.data.get('configmgr')
    if not site:
        return
    severity, kind, _ = MESSAGES[(component, message_id)]
    stored = site.setdefault('status_messages', [])
    now = host.now()
    stored[:] = [m for m in stored if now - m['clock'] <= retention_days(host) * 86400]
    record = site.get('status_record_id', 0) + 1
    site['status_record_id'] = record
    stored.append({'record': record, 'component': component, 'machine': machine.upper(), 'id': message_id,
                   'severity': severity, 'type': kind, 'clock': round(now, 3)})


def _utc(clock: float) -> datetime.datetime:
    """Lab hosts keep UTC (labsim.cmlog): the site's clock as the UTC DateTime SMS_StatusMessage.Time holds."""
    return (LAB_EPOCH + datetime.timedelta(seconds=clock)).replace(tzinfo=datetime.timezone.utc)


def _names(value: t.Any) -> list[str] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    return [str(item).lower() for item in items]


def _same_machine(wanted: str, machine: str) -> bool:
    """-ComputerName "FQDN of the server": the lab keeps the FQDN; a NetBIOS name matches its first label."""
    wanted = wanted.lower()
    return wanted == machine.lower() or wanted == machine.lower().split('.')[0]


@api.command('Get-CMSiteStatusMessage')
def get_site_status_message(inv: api.Invocation) -> list[StatusMessage]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsitestatusmessage"""
    site = drive.connected_site(inv)
    codes = _names(inv.param('SiteCode'))
    if codes is not None and site['site_code'].lower() not in codes:
        return []
    components, machines = _names(inv.param('Component')), _names(inv.param('ComputerName'))
    ids = inv.param('MessageId')
    ids = None if ids is None else {int(i) for i in (ids if isinstance(ids, list) else [ids])}
    severities = _names(inv.param('Severity'))
    if severities is not None and 'all' in severities:
        severities = None
    since = inv.param('StartDateTime')
    now = inv.host.now()
    out = []
    for message in site.get('status_messages') or []:
        if now - message['clock'] > retention_days(inv.host) * 86400:
            continue  # aged out: deleted by "Delete Aged Status Messages"
        if components is not None and message['component'].lower() not in components:
            continue
        if machines is not None and not any(_same_machine(m, message['machine']) for m in machines):
            continue
        if ids is not None and message['id'] not in ids:
            continue
        if severities is not None and message['severity'] not in {SEVERITY_NAMES.get(s) for s in severities}:
            continue
        when = _utc(message['clock'])
        if isinstance(since, datetime.datetime):
            start = since if since.tzinfo else since.replace(tzinfo=datetime.timezone.utc)
            if when < start:
                continue
        out.append(StatusMessage(
            Component=message['component'], MachineName=message['machine'], MessageID=message['id'],
            MessageType=message['type'], ModuleName='SMS Server', PerClient=0, ProcessID=2964, RecordID=message['record'],
            ReportFunction=0, Severity=message['severity'], SiteCode=site['site_code'], SuccessfulTransaction=0,
            ThreadID=2964, Time=when, TopLevelSiteCode=site['site_code'], Transaction=0, Win32Error=0))
    return out
