"""Software updates synchronization: ``Sync-CMSoftwareUpdate``, ``Get-CMSoftwareUpdateSyncStatus`` and the
work WSUS Synchronization Manager (WSyncMgr, SMS_WSUS_SYNC_MANAGER) does on the site server's clock.

The sequence and the log lines are Microsoft's "Track software update synchronization"
(https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/track-software-update-synchronization):
``Sync-CMSoftwareUpdate`` runs SMS_SoftwareUpdate::SyncNow through the SMS Provider (SMSProv.log
"ExecMethodAsync : SMS_SoftwareUpdate::SyncNow"), SMSDBMON drops SELF.SYN (FULL.SYN for a full sync) in
WSyncMgr.box, and WSyncMgr logs "Wakeup by inbox drop", "Found local sync request file", "Starting Sync",
"Performing sync on local request", reads the SUPs from the site control file ("Read SUPs from SCF for
<site server>", "Found N SUPs", "Found active SUP <SUP> from SCF File."), raises 6701 (started), 6704 (in
progress: synchronizing the WSUS server: "Synchronizing WSUS server <sup> ...", "sync: Starting WSUS
synchronization", "sync: WSUS synchronizing categories/updates", "... processed N out of N items (100%)",
"Done synchronizing WSUS Server <sup>"), 6705 (synchronizing the site database: "Synchronizing SMS database
with WSUS server <sup> ...", "sync: SMS synchronizing categories/updates", "Done synchronizing SMS with WSUS
Server <sup>", "Set content version of update source {guid} for site <code> to <n>"), then 6702 (done:
"Sync succeeded. Setting sync alert to canceled state on site <code>", "Updated N items in SMS database, new
update source content version is N", "Sync time: 0d00h03m53s"), then the replica SUPs ("Synchronizing
replica WSUS servers", "sync: Starting Replica WSUS synchronization", ...). Every line is in the site
server's "simple" format with component SMS_WSUS_SYNC_MANAGER, in ``<install dir>\\Logs\\wsyncmgr.log``
(the file name as Microsoft's log file list writes it; the lab's file system is case-sensitive, Windows is
not). STATMSG lines have the walkthrough's form (``STATMSG: ID=6701 SEV=I LEV=M SOURCE="SMS Server"
COMP="SMS_WSUS_SYNC_MANAGER" SYS=<site server> SITE=<code> PID=.. TID=.. GMTDATE=... ISTR0="" ...
NUMATTRS=0``) and each also goes to the site's status messages (``status``).

Timing (the lab clock runs 20x): a full synchronization (the first one, or -FullSync $true) takes about 3
simulated minutes, a delta one about 1 (``FULL_PHASES`` / ``DELTA_PHASES``). The outcome is decided when
WSyncMgr starts (it checks its preconditions then); the lines appear as their times come.

Preconditions, checked in this order (pessimistic; each failure ends with STATMSG 6703 SEV=E, "Sync failed.
Will retry in 60 minutes", the alert activated when it exists, and a retry 60 minutes later):
1. the site has a software update point, and WCM configured its WSUS: WCM's latest status message is
   "configured" (6600), or, for a SUP the lab's profile had from the start (``existing_software_update_points``),
   WCM never reported; else "Sync failed: WSUS server not configured. Please refer to WCM.log" (
   https://learn.microsoft.com/troubleshoot/mem/configmgr/update-management/software-update-point-installation-and-configuration);
2. a remote first SUP needs the WSUS administration API (console) on the site server ("Plan for software updates":
   WCM and WSyncMgr use its APIs,
   https://learn.microsoft.com/mem/configmgr/sum/plan-design/plan-for-software-updates);
   else the assembly line SUPSetup.log shows (UNVERIFIED in wsyncmgr.log);
3. WSUS on the first SUP serves what the role says (the same rules as WCM's connection, ``wcm.connection_failure``);
4. the upstream (Microsoft Update, or the upstream URL): host fault ``sync_upstream_unreachable`` -> "Unable to
   connect to the remote server"; host fault ``sync_proxy_407`` -> a proxy in the way answers 407 unless the SUP
   syncs through the site system's proxy (UseProxy on the role and the server) with a proxy account (fault
   value ``true``: any account; a string: only that account, so a wrong account also gets 407).
   Failure lines: ``Sync failed: UssCommunicationError: WebException: <.NET message>~~at ... Source:
   Microsoft.UpdateServices.ServerSyncWebServices.Client.ServerSyncCompressionProxy.GetCookie`` (the form seen
   in public wsyncmgr.log captures; UNVERIFIED wording).
The source "Do not synchronize from Microsoft Update or upstream data source" skips the upstream (no fault
applies; the lab logs "Synchronizing WSUS server <sup> ..." without a WSUS synchronization: UNVERIFIED).

A synchronization already running: a second SyncNow starts nothing (the request is dropped: UNVERIFIED; the
real WSyncMgr may run it after the current one). Host fault ``sync_already_running``: a scheduled
synchronization ("Wakeup for scheduled regular sync", "Performing sync on regular schedule") started 20
simulated seconds before the first ConfigMgr connection of a task (the CMSite drive) and runs its course;
the fault starts one such synchronization until it is cleared.

After a failure WSyncMgr retries 60 minutes later ("Performing sync on retry schedule"; interval and line
UNVERIFIED), re-evaluated then; a successful synchronization cancels a pending retry. Scheduled
synchronizations of the component's ``Sync Schedule`` are not modelled (only the fault's one).

SMS_SUPSyncStatus (``Get-CMSoftwareUpdateSyncStatus``, https://learn.microsoft.com/mem/configmgr/develop/
reference/sum/sms_supsyncstatus-server-wmi-class): one row per SUP WSyncMgr has worked on (none before: the
lab's reading, UNVERIFIED), LastSyncState the latest of 6701/6704/6705/6702/6703 with LastSyncStateTime,
LastSuccessfulSyncTime, LastSyncErrorCode (0, or the lab's HRESULT: 0x80131500 for a WebException,
0x80004005 for a configuration failure: UNVERIFIED), SyncCatalogVersion (the update source content version),
WSUSServerName, WSUSSourceServer ("Microsoft Update", the upstream URL, or the first SUP for a replica:
UNVERIFIED strings), SiteCode. Times are the site server's local time (the lab keeps UTC).

On success the catalog's product families and products become known (``update_catalog``); the number of
items is the categories plus, per subscribed product and classification, a fixed count (the lab's
invention: a delta synchronization finds a few changed items).
"""

from __future__ import annotations

import datetime
import hashlib
import typing as t

from labsim import cmlog
from labsim.configmgr import component_cmdlets, drive, logs, site as sites, status, update_catalog, wcm
from labsim.context import LAB_EPOCH
from labsim.powershell import api
from labsim.profiles import SITE_SYSTEM, SUP_ROLE

COMPONENT = 'SMS_WSUS_SYNC_MANAGER'
PID, TID = 2364, 4416
LOG = logs.LOGS_DIR + '\\wsyncmgr.log'
STARTED, DONE, FAILED, WSUS_PHASE, SMS_PHASE, REPLICA_PHASE = 6701, 6702, 6703, 6704, 6705, 6706
RETRY_SECONDS = 3600
START = 'labsim.configmgr.sync:start'
FINISH = 'labsim.configmgr.sync:finish'
RETRY_KEY, REQUEST_KEY = 'wsyncmgr-retry', 'wsyncmgr-request'
#: seconds from WSyncMgr's start: the WSUS phase (6704), the site database phase (6705), the end
FULL_PHASES = (12, 110, 178)
DELTA_PHASES = (12, 36, 58)
WEB_EXCEPTION = 2148734208      # 0x80131500 (UNVERIFIED)
CONFIG_ERROR = 2147500037       # 0x80004005 (UNVERIFIED)
NOT_CONFIGURED = 'Sync failed: WSUS server not configured. Please refer to WCM.log'
UNREACHABLE = 'Unable to connect to the remote server'
PROXY_407 = 'The request failed with HTTP status 407: Proxy Authentication Required.'
STACK = ('~~at System.Web.Services.Protocols.SoapHttpClientProtocol.ReadResponse(SoapClientMessage message, '
         'WebResponse response, Stream responseStream, Boolean asyncCall). Source: '
         'Microsoft.UpdateServices.ServerSyncWebServices.Client.ServerSyncCompressionProxy.GetCookie')


def state(site: dict[str, t.Any]) -> dict[str, t.Any]:
    """WSyncMgr's state in the site database (made on first write)."""
    return site.setdefault('wsyncmgr', {'running': None, 'rows': {}, 'content_version': 0})


def running(host, site: dict[str, t.Any]) -> dict[str, t.Any] | None:
    """The synchronization in progress now (None when none runs)."""
    current = (site.get('wsyncmgr') or {}).get('running')
    return current if current and current['end'] > host.now() else None


# ---- starting ----------------------------------------------------------------------------------------

def request(host, site: dict[str, t.Any], full: bool, delay: float = 3) -> bool:
    """A SyncNow request: WSyncMgr wakes up ``delay`` seconds later. False (nothing starts) while a
    synchronization runs or a request is already waiting."""
    if running(host, site) is not None:
        return False
    if any(p.get('key') == REQUEST_KEY for p in host.store.pending(host.name)):
        return False
    host.call_later(delay, START, {'full': bool(full), 'kind': 'local'}, key=REQUEST_KEY)
    return True


def inject_fault(host, site: dict[str, t.Any]) -> None:
    """Host fault ``sync_already_running``: one scheduled synchronization, started 20 s ago, per fault."""
    wsync = site.get('wsyncmgr') or {}
    if not host.fault('sync_already_running'):
        if wsync.get('fault_injected'):
            wsync['fault_injected'] = False
        return
    if wsync.get('fault_injected') or not component_cmdlets.sups(site):
        return
    state(site)['fault_injected'] = True
    if running(host, site) is None:
        start(host, full=False, kind='schedule', back=20)


def _stamp(host, offset: float) -> datetime.datetime:
    return LAB_EPOCH + datetime.timedelta(seconds=host.now() + offset)


def _statmsg(host, site: dict[str, t.Any], message_id: int, offset: float) -> str:
    when = _stamp(host, offset)
    gmt = f'{when:%a %b %d %H:%M:%S}.{when.microsecond // 1000:03d} {when:%Y}'
    strings = ' '.join(f'ISTR{i}=""' for i in range(10))
    severity = 'E' if message_id == FAILED else 'I'
    return (f'STATMSG: ID={message_id} SEV={severity} LEV=M SOURCE="SMS Server" COMP="{COMPONENT}" '
            f'SYS={site["site_server"].upper()} SITE={site["site_code"]} PID={PID} TID={TID} GMTDATE={gmt} '
            f'{strings} NUMATTRS=0')


def _update_source(site: dict[str, t.Any]) -> str:
    digest = hashlib.md5(f'update source {site["site_code"]}'.encode()).hexdigest().upper()
    return f'{{{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}}}'


def _wcm_configured(host, site: dict[str, t.Any], fqdn: str) -> bool:
    wcm_messages = [m for m in site.get('status_messages') or [] if m['component'] == logs.WCM]
    if wcm_messages:
        return wcm_messages[-1]['id'] == status.WCM_CONFIGURED
    existing = [f.lower() for f in host.config.get('existing_software_update_points') or []]
    return fqdn.lower() in existing


def _proxy_refused(host, site: dict[str, t.Any], fqdn: str) -> bool:
    """Fault ``sync_proxy_407``: a proxy in the way answers 407 unless the SUP synchronizes through the site
    system's proxy with a proxy account (fault ``true``: any account; a string: only that account)."""
    fault = host.fault('sync_proxy_407')
    if not fault:
        return False
    roles = site['site_systems'][fqdn]['roles']
    server = roles[SITE_SYSTEM]
    through_proxy = bool(roles[SUP_ROLE].get('UseProxy') and server.get('UseProxy') and server.get('ProxyName'))
    account = server.get('ProxyUserName') or ''
    if not through_proxy or not account:
        return True
    return isinstance(fault, str) and account.lower() != fault.lower()


def _precondition_failure(host, site: dict[str, t.Any], first: str | None) -> tuple[str, int] | None:
    """The failure line and error code of a synchronization that cannot reach its WSUS, or None."""
    if first is None or not _wcm_configured(host, site, first):
        return NOT_CONFIGURED, CONFIG_ERROR
    if not logs.is_local(host, first) and \
            (host.data.get('features') or {}).get('UpdateServices-API') not in ('Installed', 'InstallPending'):
        return ('Sync failed: Did not find supported version of assembly Microsoft.UpdateServices.Administration. '
                'Source: CWSyncMgr::DoSync', CONFIG_ERROR)
    failure = wcm.connection_failure(wcm.wsus_state(host, first), first, site['site_systems'][first]['roles'][SUP_ROLE])
    if failure is not None:
        return f'Sync failed: {failure}. Source: CWSyncMgr::DoSync', WEB_EXCEPTION
    return None


def _upstream_failure(host, site: dict[str, t.Any], first: str, source: int) -> str | None:
    if source == 2:
        return None
    if host.fault('sync_upstream_unreachable'):
        return f'Sync failed: UssCommunicationError: WebException: {UNREACHABLE}{STACK}'
    if _proxy_refused(host, site, first):
        return f'Sync failed: UssCommunicationError: WebException: {PROXY_407}{STACK}'
    return None


def _pairs(site: dict[str, t.Any]) -> dict[str, int]:
    """The subscribed (product, classification) pairs after a synchronization and their update counts."""
    known = update_catalog.categories(dict(site, update_catalog=dict(update_catalog.state(site), synchronized=True)))
    products = [c['unique_id'] for c in known if c['type'] == update_catalog.PRODUCT and c['subscribed']]
    classes = [c['unique_id'] for c in known if c['type'] == update_catalog.CLASSIFICATION and c['subscribed']]
    return {f'{p}|{c}': int(hashlib.md5(f'{p}|{c}'.encode()).hexdigest()[:4], 16) % 60 + 5
            for p in products for c in classes}


def _items(site: dict[str, t.Any], full: bool, version: int) -> tuple[int, int]:
    """(categories, updates) a synchronization processes: a full one every category and every update of the
    subscriptions; a delta one the updates of subscriptions new since the last successful synchronization and a
    few changed ones of the others (the lab's invention: fixed numbers per product and classification)."""
    pairs = _pairs(site)
    known = update_catalog.categories(dict(site, update_catalog=dict(update_catalog.state(site), synchronized=True)))
    if full:
        return len(known), sum(pairs.values())
    synced = set((site.get('wsyncmgr') or {}).get('synced_pairs') or [])
    new = sum(count for pair, count in pairs.items() if pair not in synced)
    changed = sum(count for pair, count in pairs.items() if pair in synced)
    return 0, new + ((changed * (version + 3)) % 7 if changed else 0)


def start(host, full: bool, kind: str, back: float = 0) -> None:
    """WSyncMgr starts a synchronization (a pending call, or the fault's scheduled one ``back`` seconds ago):
    the outcome is decided now, the lines and status messages come at their times, ``finish`` at the end."""
    site = host.data.get('configmgr')
    if not site or running(host, site) is not None:
        return
    wsync = state(site)
    code, server = site['site_code'], site['site_server'].upper()
    supsv = component_cmdlets.sups(site, remember=True)
    settings = component_cmdlets.props(site)
    first = supsv[0] if supsv else None
    full = bool(full or not update_catalog.state(site)['synchronized'])
    phases = FULL_PHASES if full else DELTA_PHASES
    lines: list[tuple[float, str]] = []
    statuses: list[tuple[float, int]] = []
    t0 = -back

    def say(offset: float, *messages: str) -> float:
        for i, message in enumerate(messages):
            lines.append((t0 + offset + i * 0.5, message))
        return offset + len(messages) * 0.5

    def stat(offset: float, message_id: int) -> float:
        statuses.append((t0 + offset, message_id))
        lines.append((t0 + offset, _statmsg(host, site, message_id, t0 + offset)))
        return offset + 0.5

    if kind == 'local':
        at = say(0, 'Wakeup by inbox drop', 'Found local sync request file', 'Starting Sync',
                 'Performing sync on local request')
    elif kind == 'retry':
        at = say(0, 'Wakeup for a polling cycle', 'Starting Sync', 'Performing sync on retry schedule')
    else:
        at = say(0, 'Wakeup for scheduled regular sync', 'Starting Sync', 'Performing sync on regular schedule')
    at = say(at, f'Read SUPs from SCF for {server}', f'Found {len(supsv)} SUPs',
             *(f'Found active SUP {f.upper()} from SCF File.' for f in supsv))
    at = stat(at + 1, STARTED)
    failure = _precondition_failure(host, site, first)
    source = settings[component_cmdlets.WCM_COMPONENT]['DefaultUseParentWSUS'] if settings else 0
    end = at
    if failure is None:
        statuses_at = stat(phases[0], WSUS_PHASE)
        say(statuses_at, f'Synchronizing WSUS server {first.lower()} ...')
        if source != 2:
            say(statuses_at + 0.5, 'sync: Starting WSUS synchronization')
            upstream = _upstream_failure(host, site, first, source)
            if upstream is not None:
                failure = (upstream, WEB_EXCEPTION)
                end = say(statuses_at + 20, upstream)
            else:
                say(statuses_at + 5, 'sync: WSUS synchronizing categories', 'sync: WSUS synchronizing updates')
        if failure is None:
            categories, updates = _items(site, full, wsync['content_version'])
            version = wsync['content_version'] + 2  # WSUS's phase and the site database's each set one
            say(phases[1] - 6, f'sync: WSUS synchronizing updates, processed {updates} out of {updates} items (100%)',
                f'Done synchronizing WSUS Server {first.lower()}',
                f'Set content version of update source {_update_source(site)} for site {code} to {version - 1}')
            sms_at = stat(phases[1], SMS_PHASE)
            say(sms_at, f'Synchronizing SMS database with WSUS server {first.lower()} ...',
                'sync: SMS synchronizing categories',
                f'sync: SMS synchronizing categories, processed {categories} out of {categories} items (100%)',
                'sync: SMS synchronizing updates')
            say(phases[2] - 4, f'sync: SMS synchronizing updates, processed {updates} out of {updates} items (100%)',
                f'Done synchronizing SMS with WSUS Server {first.lower()}',
                f'Set content version of update source {_update_source(site)} for site {code} to {version}')
            done = stat(phases[2], DONE)
            seconds = int(phases[2] + 1.5)
            end = say(done, f'Sync succeeded. Setting sync alert to canceled state on site {code}',
                      f'Updated {categories + updates} items in SMS database, new update source content version is '
                      f'{version}', f'Sync time: 0d00h{seconds // 60:02d}m{seconds % 60:02d}s')
            if len(supsv) > 1:
                end = say(end, 'Synchronizing replica WSUS servers')
                for replica in supsv[1:]:
                    end = say(end, f'Synchronizing WSUS server {replica.lower()} ...',
                              'sync: Starting Replica WSUS synchronization',
                              'sync: Replica WSUS synchronizing other items',
                              f'Done synchronizing WSUS Server {replica.lower()}')
            outcome = {'result': 'succeeded', 'updates': categories + updates, 'version': version,
                       'pairs': sorted(_pairs(site))}
    if failure is not None:
        if end == at:
            end = say(at, failure[0])
        end = stat(end, FAILED)
        tail = ['Sync failed. Will retry in 60 minutes']
        if component_cmdlets.alert(site) is not None:
            tail.append(f'Setting sync alert to active state on site {code}')
        seconds = int(end)
        tail.append(f'Sync time: 0d00h{seconds // 60:02d}m{seconds % 60:02d}s')
        end = say(end, *tail)
        outcome = {'result': 'failed', 'error': failure[1]}
    _emit(host, lines)
    now = host.now()
    wsync['running'] = {'kind': kind, 'full': full, 'first': first, 'started': round(now + t0, 3),
                        'end': round(now + end, 3), 'sups': supsv, 'source': _source_name(site, source),
                        'phases': [[round(now + offset, 3), message_id] for offset, message_id in statuses]}
    for offset, message_id in statuses:
        if offset <= 0:
            with host.at_time(now + offset):
                status.raise_now(host, COMPONENT, site['site_server'], message_id)
        else:
            status.raise_later(host, offset, COMPONENT, site['site_server'], message_id)
    host.call_later(max(end, 0), FINISH, {'outcome': outcome})


def _source_name(site: dict[str, t.Any], source: int) -> str:
    settings = component_cmdlets.props(site) or {}
    if source == 1:
        return settings[component_cmdlets.WCM_COMPONENT]['ParentWSUS']
    return 'Microsoft Update' if source == 0 else ''


def _emit(host, lines: list[tuple[float, str]]) -> None:
    """Write the lines whose time has passed (the fault's back-dated start) and schedule the others."""
    past = ''.join(cmlog.simple(COMPONENT, _stamp(host, o), TID, m) for o, m in lines if o <= 0)
    if past:
        host.write_text(LOG, past, append=True)
    future: dict[float, str] = {}
    for offset, message in lines:
        if offset > 0:
            key = round(offset, 3)
            future[key] = future.get(key, '') + cmlog.simple(COMPONENT, _stamp(host, offset), TID, message)
    for offset in sorted(future):
        host.later(offset, LOG, future[offset])


def finish(host, outcome: dict[str, t.Any]) -> None:
    """The end of a synchronization (a pending call): the site database's state after it."""
    site = host.data.get('configmgr')
    if not site:
        return
    wsync = state(site)
    current = wsync.get('running') or {}
    wsync['running'] = None
    when = round(host.now(), 3)
    rows = wsync['rows']
    first = current.get('first')
    if outcome['result'] == 'succeeded':
        update_catalog.state(site, create=True)['synchronized'] = True
        wsync['content_version'] = outcome['version']
        wsync['synced_pairs'] = outcome['pairs']
        for fqdn in current.get('sups') or []:
            rows[fqdn] = {'state': DONE, 'state_time': when, 'success_time': when, 'error': 0,
                          'version': outcome['version'],
                          'source': current.get('source') if fqdn == first else first}
        component_cmdlets.set_alert_state(site, component_cmdlets.ALERT_CANCELED)
        host.store.cancel(host.name, RETRY_KEY)
    else:
        if first is not None:
            row = rows.setdefault(first, {'success_time': None, 'version': 0})
            row.update(state=FAILED, state_time=when, error=outcome['error'], source=current.get('source') or '')
        component_cmdlets.set_alert_state(site, component_cmdlets.ALERT_ACTIVE)
        host.call_later(RETRY_SECONDS, START, {'full': False, 'kind': 'retry'}, key=RETRY_KEY)


# ---- the cmdlets ------------------------------------------------------------------------------------------

@api.command('Sync-CMSoftwareUpdate')
def sync_software_update(inv: api.Invocation) -> None:
    """https://learn.microsoft.com/powershell/module/configurationmanager/sync-cmsoftwareupdate"""
    site = drive.connected_site(inv)
    full = inv.param('FullSync')
    if full is not None and not isinstance(full, (bool, int)):
        component_cmdlets._bool(inv, 'FullSync')  # noqa: SLF001  (the same binding refusal)
    if inv.session.whatif:
        return None
    logs.provider_line(inv, 'ExecMethodAsync : SMS_SoftwareUpdate::SyncNow')
    if component_cmdlets.props(site) is None:
        return None  # no software update point: WSyncMgr has nothing to synchronize (UNVERIFIED: no error)
    request(inv.host, site, full=bool(full))
    return None


class SUPSyncStatus(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_SUPSyncStatus'
    PROPERTIES = ('LastReplicationLinkCheckTime', 'LastSuccessfulSyncTime', 'LastSyncErrorCode', 'LastSyncState',
                  'LastSyncStateTime', 'ReplicationLinkStatus', 'SiteCode', 'SyncCatalogVersion', 'WSUSServerName',
                  'WSUSSourceServer')


def _time(clock: float | None) -> datetime.datetime | None:
    return None if clock is None else LAB_EPOCH + datetime.timedelta(seconds=clock)


def rows(host, site: dict[str, t.Any]) -> list[dict[str, t.Any]]:
    """The SMS_SUPSyncStatus rows as plain dicts (the running synchronization's phase overlaid)."""
    wsync = site.get('wsyncmgr') or {}
    stored = {fqdn: dict(row) for fqdn, row in (wsync.get('rows') or {}).items()}
    current = running(host, site)
    now = host.now()
    if current and current.get('first'):
        reached = [p for p in current['phases'] if p[0] <= now]
        if reached:
            row = stored.setdefault(current['first'], {'success_time': None, 'version': 0, 'error': 0,
                                                       'source': current.get('source') or ''})
            row.update(state=reached[-1][1], state_time=reached[-1][0], error=0)
    return [dict(row, fqdn=fqdn) for fqdn, row in stored.items()
            if SUP_ROLE in (sites.site_system(site, fqdn) or {'roles': {}})['roles']]


@api.command('Get-CMSoftwareUpdateSyncStatus')
def get_software_update_sync_status(inv: api.Invocation) -> list[SUPSyncStatus]:
    """https://learn.microsoft.com/powershell/module/configurationmanager/get-cmsoftwareupdatesyncstatus"""
    site = drive.connected_site(inv)
    return [SUPSyncStatus(LastReplicationLinkCheckTime=None, LastSuccessfulSyncTime=_time(row['success_time']),
                          LastSyncErrorCode=row['error'], LastSyncState=row['state'],
                          LastSyncStateTime=_time(row['state_time']), ReplicationLinkStatus=None,
                          SiteCode=site['site_code'], SyncCatalogVersion=row['version'], WSUSServerName=row['fqdn'],
                          WSUSSourceServer=row['source']) for row in rows(inv.host, site)]
