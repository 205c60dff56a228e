# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions of configmgr.sup.sup_sync: start a software update synchronization only when needed, and follow it in
wsyncmgr.log to its end.

PRIVATE to configmgr.sup. Runs on the site server. One probe (sup_sync_get.ps1) reads where wsyncmgr.log ends and
the synchronization status (Get-CMSoftwareUpdateSyncStatus) together; here it is decided:
- a synchronization running (LastSyncState 6701 started, 6704/6705 in progress): never a second start, it is
  followed to its end; with ``force`` ours starts after it;
- otherwise one starts when the site never synchronized successfully, or with ``force``;
- the apply (sup_sync_set.ps1) is compare-and-set: it starts nothing when the status moved since the probe (a
  scheduled synchronization started or ended in between), and the next probe tells what is there now.
The synchronization is followed through the same reader and polling code as configmgr.sup.sup_log_verify
(_sup_log_verify.follow_logs: only the bytes wsyncmgr.log gained, rollover into wsyncmgr.lo_), with the same
check (_log_checks ``sync``), until its done or failed line.
"""

from __future__ import annotations

import re
import time
import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._sup_sync_spec import SUP_SYNC_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils import _log_checks as checks
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import (
    ChangedSinceRead,
    HostFailure,
    InvalidInput,
    PowerShellStateAction,
)
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_log_verify import follow_logs, read_logs

#: SMS_SUPSyncStatus.LastSyncState values of a synchronization that has not ended (status message IDs of
#: SMS_WSUS_SYNC_MANAGER: 6701 started, 6704 in progress - synchronizing WSUS server, 6705 in progress -
#: synchronizing the site database, 6706 in progress - synchronizing replica WSUS servers)
RUNNING = (6701, 6704, 6705, 6706)
SUCCEEDED, FAILED = 6702, 6703
#: how often the status may move under us (a scheduled synchronization starting between probe and apply)
MAX_ROUNDS = 4
MAX_LINES = 50
_STATMSG = re.compile(r'STATMSG: ID=(\d+)')
_UPDATED = re.compile(r'^Updated (\d+) items in SMS database', re.IGNORECASE)
_PROCESSED = re.compile(r'^sync: SMS synchronizing updates, processed (\d+) out of (\d+) items', re.IGNORECASE)
_UPDATE = re.compile(r'^Synchronizing update ', re.IGNORECASE)
_PROGRESS = re.compile(r'^sync: .*, processed \d+ out of \d+ items', re.IGNORECASE)
_START = re.compile(checks.SYNC_START, re.IGNORECASE)
_SYNC_TIME = re.compile(r'^Sync time: ', re.IGNORECASE)


def site_status(probe: dict[str, t.Any], site_code: str) -> dict[str, t.Any]:
    """The site's synchronization status from the probe's SMS_SUPSyncStatus rows (one per WSUS server; a row of
    another site, in a hierarchy, is left out)."""
    servers = [row for row in probe.get('servers') or []
               if isinstance(row, dict) and (not row.get('site_code') or row['site_code'].upper() == site_code.upper())]
    successes = [row['last_successful_sync'] for row in servers if row.get('last_successful_sync')]
    latest = max(servers, key=lambda row: row.get('last_sync_state_time') or '', default=None)
    return {
        'synchronized': bool(successes),
        'last_successful_sync': max(successes) if successes else None,
        'last_sync_state': (latest or {}).get('last_sync_state') or None,
        'running': any(row.get('last_sync_state') in RUNNING for row in servers),
    }


def summarize(entries: list[checks.Read], evaluated: dict[str, t.Any]) -> dict[str, t.Any]:
    """What the lines of one synchronization say: when it started and finished, how many updates it synchronized,
    its status message IDs, and its lines (without the per-update and progress lines, which a large catalog has by
    the thousand)."""
    messages = [entry.message for _file, entry in entries]
    ids: list[int] = []
    for message in messages:
        for found in _STATMSG.finditer(message):
            if int(found.group(1)) not in ids:
                ids.append(int(found.group(1)))
    started = next((checks.line(*read) for read in entries if _START.search(read[1].message)), None)
    end = (evaluated.get('steps') or [{}])[-1].get('line') if evaluated['status'] in ('passed', 'failed') else None
    count = None
    updated = [int(m.group(1)) for m in map(_UPDATED.search, messages) if m]
    processed = [int(m.group(2)) for m in map(_PROCESSED.search, messages) if m]
    if updated:
        count = updated[-1]
    elif processed:
        count = processed[-1]
    elif evaluated['status'] == 'passed':
        count = sum(1 for message in messages if _UPDATE.search(message))
    progress = [i for i, message in enumerate(messages) if _PROGRESS.search(message)]
    keep = [read for i, read in enumerate(entries)
            if not _UPDATE.search(read[1].message) and (i not in progress or i == (progress or [-1])[-1])]
    return {
        'started': started['time'] if started else None,
        'finished': end['time'] if end else None,
        'updates_synchronized': count,
        'status_message_ids': ids,
        'lines': [checks.line(*read) for read in keep][-MAX_LINES:],
    }


class _Unreachable(Exception):
    def __init__(self, raw: dict[str, t.Any]) -> None:
        super().__init__(raw.get('msg'))
        self.raw = raw


class SupSyncAction(PowerShellStateAction):
    """Start a software update synchronization when needed and follow it in wsyncmgr.log."""

    MODULE = 'sup_sync'
    SPEC = SUP_SYNC_SPEC

    def check_input(self, params):
        if params.get('site_code') is not None:
            params['site_code'] = validate.site_code('site_code', params['site_code'])
        for option, low in (('timeout', 0), ('poll_interval', 1), ('max_bytes_per_read', 4096)):
            if params[option] < low:
                raise InvalidInput(option, f'must be {low} or more, got {params[option]}')

    def execute(self, params, result, task_vars):
        try:
            return self._execute(params, result, task_vars)
        except _Unreachable as gone:
            return self._passthrough(result, gone.raw)

    def _execute(self, params, result, task_vars):
        deadline = time.monotonic() + params['timeout']
        probe = self._probe(params, task_vars)
        site_code = probe.get('site_code') or params.get('site_code') or ''
        check_mode = self._task.check_mode
        if not probe.get('software_update_points'):
            # Sync-CMSoftwareUpdate would start nothing, and nothing would ever end in wsyncmgr.log.
            missing = (f'site {site_code} has no software update point to synchronize: add one with '
                       'configmgr.sup.sup_role and let it install (configmgr.sup.sup_log_verify checks=[sup_install]) '
                       'first')
            if not check_mode:
                raise HostFailure(missing)
            result.setdefault('warnings', []).append(f'{missing} (check mode: assuming an earlier task in this play '
                                                     'adds it)')
        started = waited = False
        outcome: dict[str, t.Any] | None = None  # the synchronization followed to its end (or not)
        counters = {'polls': 0, 'bytes_read': 0}
        positions = dict(probe.get('logs') or {})
        for _round in range(MAX_ROUNDS):
            status = site_status(probe, site_code)
            if status['running']:
                if check_mode or not params['wait']:
                    outcome = {'status': 'running'}
                    if not check_mode and params['force']:
                        result.setdefault('warnings', []).append(
                            'a synchronization is running, and with wait: false this task does not wait for its end '
                            'to start another')
                    started = check_mode and params['force']  # check mode: ours would start after it
                    break
                waited = True
                outcome, positions = self._follow(params, positions, deadline, counters, task_vars)
                if not params['force'] or outcome['status'] == 'timeout':
                    break  # its outcome is this task's (a failure fails it)
                probe = self._probe(params, task_vars)  # with force, ours starts after it
                positions = dict(probe.get('logs') or {})
                continue
            if status['synchronized'] and not params['force']:
                outcome = outcome or {'status': 'not_needed'}
                break
            if check_mode:
                started, outcome = True, {'status': 'pending'}
                break
            try:
                applied = self.run_script('set', {'SiteCode': site_code, 'FullSync': params['full'],
                                                  'Expected': {'signature': probe.get('signature') or ''}},
                                          task_vars=task_vars)
            except ChangedSinceRead:
                # A synchronization started or ended since the probe: nothing was started; look again.
                probe = self._probe(params, task_vars)
                positions = dict(probe.get('logs') or {})
                continue
            if applied.raw.get('unreachable'):
                raise _Unreachable(applied.raw)
            started = True
            positions = dict((applied.output if isinstance(applied.output, dict) else {}).get('logs') or {})
            if not params['wait']:
                outcome = {'status': 'running'}
                break
            outcome, positions = self._follow(params, positions, deadline, counters, task_vars)
            break
        else:
            raise HostFailure(f'the synchronization status changed at each of {MAX_ROUNDS} reads (synchronizations '
                              'starting and ending around this task); nothing was started: run it again')
        outcome = outcome or {'status': 'not_needed'}
        if outcome['status'] in ('succeeded', 'failed') and not check_mode:
            # The status the synchronization left: its last successful time (one more round trip; the site records
            # it as it processes the status message, so a success not there yet is read once more).
            before = site_status(probe, site_code)['last_successful_sync']
            probe = self._probe(params, task_vars)
            if outcome['status'] == 'succeeded' and site_status(probe, site_code)['last_successful_sync'] == before:
                time.sleep(min(params['poll_interval'], max(0.0, deadline - time.monotonic())))
                probe = self._probe(params, task_vars)
        final = site_status(probe, site_code)
        result.update(
            changed=started, started=started, full=params['full'], waited=waited, site_code=site_code,
            sync=dict({'status': outcome['status'], 'started': None, 'finished': None, 'updates_synchronized': None,
                       'status_message_ids': [], 'lines': [], 'hint': None}, **outcome),
            last_successful_sync=final['last_successful_sync'], last_sync_state=final['last_sync_state'],
            positions={log: {'position': p.get('position'), 'head': p.get('head') or '', 'path': p.get('path')}
                       for log, p in positions.items() if isinstance(p, dict)},
            **counters,
        )
        self._conclude(params, result)
        return result

    # ---- steps ------------------------------------------------------------------------------------
    def _probe(self, params, task_vars) -> dict[str, t.Any]:
        step = self.run_script('get', {'SiteCode': params['site_code']} if params.get('site_code') else {},
                               task_vars=task_vars)
        if step.raw.get('unreachable'):
            raise _Unreachable(step.raw)
        return self._probe_object(step)

    def _follow(self, params, positions, deadline, counters, task_vars):
        """Follow wsyncmgr.log from ``positions`` until the synchronization's done or failed line, or the deadline."""
        log = checks.SYNC_LOG
        check = checks.builtin('sync', None)
        evaluated: dict[str, t.Any] = {}

        after_end = {'polls': 0}

        def decide(entries, _probe) -> bool:
            evaluated.update(checks.evaluate(check, entries, True))
            if evaluated['status'] not in ('passed', 'failed'):
                return False
            # The status message (6702/6703) comes first; "Sync succeeded", "Updated N items" and "Sync time" follow
            # it. Their last line ends the synchronization; without it, one more poll reads what followed.
            end = evaluated['steps'][-1]['line']
            index = next(i for i, (file, entry) in enumerate(entries[log])
                         if entry.offset == end['offset'] and file == end['log'])
            if any(_SYNC_TIME.search(entry.message) for _file, entry in entries[log][index + 1:]):
                return True
            after_end['polls'] += 1
            return after_end['polls'] > 1

        if not isinstance(positions.get(log), dict):
            # Read from an unknown place, the lines of another synchronization could be taken for this one's.
            raise HostFailure(f'the site server did not say where {log} ended before the synchronization; nothing '
                              'to follow from')
        start = {log: {'position': positions[log].get('position', -1), 'head': positions[log].get('head') or ''}}
        followed = follow_logs(lambda parameters: read_logs(self, parameters, task_vars), [log], start,
                               dict(params, timeout=max(0, int(deadline - time.monotonic()))), decide)
        if followed.unreachable is not None:
            raise _Unreachable(followed.unreachable)
        counters['polls'] += followed.polls
        counters['bytes_read'] += followed.bytes_read
        outcome = summarize(followed.entries[log], evaluated)
        outcome['status'] = {'passed': 'succeeded', 'failed': 'failed'}.get(evaluated['status'], 'timeout')
        if outcome['status'] == 'failed':
            outcome['hint'] = evaluated.get('hint')
            outcome['errors'] = evaluated.get('errors') or []
        return outcome, dict(positions, **followed.state)

    def _conclude(self, params, result) -> None:
        sync = result['sync']
        if sync['status'] == 'failed':
            errors = sync.pop('errors', None) or sync['lines'][-1:]
            whose = 'the synchronization this task started' if result['started'] else 'the running synchronization'
            text = ' | '.join(error['message'] for error in errors[-5:])
            result.update(failed=True, msg=f'{self.fqcn}: {whose} failed: {text}. Hint: {sync["hint"]}')
            sync['errors'] = errors
        elif sync['status'] == 'timeout':
            result.update(failed=True, msg=(
                f'{self.fqcn}: no end of the synchronization in wsyncmgr.log after {params["timeout"]} s; it goes on '
                'on the site: follow it with configmgr.sup.sup_log_verify checks=[sync] and this result\'s positions'
                + (f' ({sync["hint"]})' if sync.get('hint') else '')))
        else:
            count = sync.get('updates_synchronized')
            succeeded = 'the synchronization succeeded' + (f' ({count} updates)' if count is not None else '')
            result['msg'] = {
                'succeeded': succeeded, 'running': 'a synchronization is running',
                'pending': 'check mode: a synchronization would start',
                'not_needed': 'the site has synchronized before (force: true starts one anyway)',
            }[sync['status']]
