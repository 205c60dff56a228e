# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""configmgr.sup.sup_log_verify: wait until the logs show an operation finished or failed, or find the
latest outcome of what a check proves.

PRIVATE to configmgr.sup. Each poll is one win_powershell round trip that returns only the bytes the
logs gained since the last poll (bounded per log), so a 50 MB log costs its new bytes, not 50 MB.
``mode: latest`` reads backwards from the end instead, a chunk per round trip (64 KiB, then doubling),
until every check's latest attempt is in what was read or ``latest_max_bytes`` per log is spent. When
the logs leave a built-in check's step undecided (its lines rolled away, or the history file is gone),
one more round trip reads the site's status messages for the SUP (_site_status); when the logs decide,
there is none.
Parsing and the checks run here, on the controller (_cmlog, _log_checks, _site_status).
"""

from __future__ import annotations

import base64
import dataclasses
import re
import time
import typing as t


from ansible_collections.configmgr.sup.plugins.module_utils._sup_log_verify_spec import SUP_LOG_VERIFY_SPEC
from ansible_collections.configmgr.sup.plugins.plugin_utils import _cmlog
from ansible_collections.configmgr.sup.plugins.plugin_utils import _log_checks as checks
from ansible_collections.configmgr.sup.plugins.plugin_utils import _site_status as site_status
from ansible_collections.configmgr.sup.plugins.plugin_utils import _validators as validate
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import HostFailure, InvalidInput
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import PowerShellStateAction, Step

NEEDS_SITE_SYSTEM = ('sup_install', 'wcm_config')
NEEDS_SITE_SYSTEM_LATEST = ('sup_install', 'wcm_config', 'proxy')
#: built-in checks whose SiteComp.log / WCM.log steps the site's status messages can decide (mode=latest)
STATUS_FALLBACK = ('sup_install', 'wcm_config', 'proxy')
#: first chunk a latest-outcome read takes from the end of each log; each further round trip doubles it
LATEST_CHUNK = 65536
_LOG_NAME = re.compile(r'^[A-Za-z0-9_.-]+\.log$')


def normalise_positions(value: dict[str, t.Any] | None) -> dict[str, dict[str, t.Any]]:
    """``{log: position}`` or the ``log_positions`` other modules return (``{log: {position, head}}``)."""
    positions = {}
    for name, entry in (value or {}).items():
        if isinstance(entry, dict):
            position, head = entry.get('position'), entry.get('head') or ''
        else:
            position, head = entry, ''
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise InvalidInput('positions', f'{name}: the position must be a byte offset (0 or more), got {position!r}')
        if not _LOG_NAME.match(name):
            raise InvalidInput('positions', f'keys are log file names such as SiteComp.log, got {name!r}')
        positions[name] = {'position': position, 'head': head}
    return positions


#: the read-only log reader both sup_log_verify and sup_sync send (sup_log_verify_get.ps1)
READER = 'sup_log_verify'


def read_logs(action: PowerShellStateAction, parameters: dict[str, t.Any], task_vars) -> Step:
    """One round trip of the log reader (sup_log_verify_get.ps1), whatever module ``action`` is."""
    own = getattr(action, '_base_name', action.MODULE)
    action._base_name = READER  # pylint: disable=protected-access
    try:
        return action.run_script('get', parameters, task_vars=task_vars)
    finally:
        action._base_name = own  # pylint: disable=protected-access


@dataclasses.dataclass
class Followed:
    """What following the logs read: per log the position reached and the entries in the order written (across a
    rollover), the round trips, the bytes, the last reader output; ``unreachable`` is the result to return when
    the host dropped out."""

    state: dict[str, dict[str, t.Any]]
    entries: dict[str, list[checks.Read]]
    polls: int = 0
    bytes_read: int = 0
    probe: dict[str, t.Any] = dataclasses.field(default_factory=dict)
    unreachable: dict[str, t.Any] | None = None


def follow_logs(read: t.Callable[[dict[str, t.Any]], Step], logs: list[str], positions: dict[str, dict[str, t.Any]],
                params: dict[str, t.Any], decide: t.Callable[[dict[str, list[checks.Read]], dict[str, t.Any]], bool],
                once: bool = False) -> Followed:
    """Poll the logs from ``positions`` (a log without one: its last ``lookback_bytes``) until ``decide(entries,
    reader output)`` says the outcome is known, or ``timeout`` (``params``) passes, or after one read when ``once``
    (check mode). Each poll is one round trip that returns only the bytes each log gained, at most
    ``max_bytes_per_read`` per log (a log with more is read on without waiting), and follows a log that rolled
    over into its history file. sup_log_verify and sup_sync both follow the logs through this."""
    state = {log: dict(positions.get(log) or {'position': -1, 'head': ''}) for log in logs}
    followed = Followed(state=state, entries={log: [] for log in logs})
    deadline = time.monotonic() + params['timeout']
    while True:
        step = read({
            'Name': logs, 'Position': [state[log]['position'] for log in logs],
            'Head': [state[log]['head'] for log in logs], 'MaxBytes': params['max_bytes_per_read'],
            'LookbackBytes': params.get('lookback_bytes', 0),
            **({'LogsDir': params['logs_dir']} if params.get('logs_dir') else {}),
        })
        if step.raw.get('unreachable'):
            followed.unreachable = {'unreachable': True, 'msg': step.raw.get('msg', 'host unreachable')}
            return followed
        followed.polls += 1
        if not isinstance(step.output, dict):
            raise HostFailure(f'the log reader must return one object, got {step.output!r}')
        followed.probe = step.output
        more = False
        for found in followed.probe.get('logs') or []:
            followed.bytes_read += absorb(found, state, followed.entries, params['max_bytes_per_read'])
            more = more or found.get('more', False)
        if decide(followed.entries, followed.probe) or once or (time.monotonic() >= deadline and not more):
            return followed
        if not more:
            time.sleep(min(params['poll_interval'], max(0.0, deadline - time.monotonic())))


def absorb(read: dict[str, t.Any], state, entries, max_bytes: int) -> int:
    """Parse what one log gained; move its position; return the bytes read."""
    name = read['name']
    if not read.get('exists'):
        return 0
    count = 0
    if read.get('lo_data'):
        old = base64.b64decode(read['lo_data'])
        count += len(old)
        # X.lo_, or a timestamped history file where the site keeps several
        previous = re.split(r'[\\/]', read.get('lo_path') or '')[-1] or name[:-4] + '.lo_'
        entries[name].extend((previous, e) for e in _cmlog.parse(old, read.get('lo_from') or 0))
    data = base64.b64decode(read.get('data') or '')
    count += len(data)
    entries[name].extend((name, e) for e in _cmlog.parse(data, read['read_from']))
    state[name] = {'position': read['read_from'] + len(data), 'head': read.get('head') or '',
                   'path': read.get('path')}
    read['more'] = len(data) >= max_bytes
    return count


class SupLogVerifyAction(PowerShellStateAction):
    """Poll the logs a check needs until it passes, fails or times out."""

    MODULE = 'sup_log_verify'
    SPEC = SUP_LOG_VERIFY_SPEC

    def check_input(self, params):
        if not params.get('checks') and not params.get('custom_checks'):
            raise InvalidInput('checks', 'give at least one built-in check, or custom_checks')
        if params.get('site_system') is not None:
            params['site_system'] = validate.fqdn('site_system', params['site_system']).rstrip('.').lower()
        latest = params['mode'] == 'latest'
        needing = [name for name in params.get('checks') or []
                   if name in (NEEDS_SITE_SYSTEM_LATEST if latest else NEEDS_SITE_SYSTEM)]
        if needing and not params.get('site_system'):
            raise InvalidInput('site_system', f'is required by the check(s) {", ".join(needing)}: the SUP server '
                                              'the logs talk about')
        for spec in params.get('custom_checks') or []:
            if not _LOG_NAME.match(spec['log']):
                raise InvalidInput('custom_checks', f'{spec["name"]}: log must be a file name in the ConfigMgr logs '
                                                    f'folder such as WCM.log, got {spec["log"]!r}')
            for key in ('success', 'failure'):
                try:
                    re.compile(spec.get(key) or '')
                except re.error as err:
                    raise InvalidInput('custom_checks', f'{spec["name"]}: {key} is not a valid regular expression: '
                                                        f'{err}') from None
        for option, low in (('timeout', 0), ('poll_interval', 1), ('max_bytes_per_read', 4096), ('lookback_bytes', 0),
                            ('latest_max_bytes', 4096)):
            if params[option] < low:
                raise InvalidInput(option, f'must be {low} or more, got {params[option]}')
        if params.get('wsus_port') is not None and not 1 <= params['wsus_port'] <= 65535:
            raise InvalidInput('wsus_port', f'must be a TCP port (1-65535), got {params["wsus_port"]}')
        if latest and params.get('positions'):
            raise InvalidInput('positions', 'follows what the logs gain after a change (mode=follow); mode=latest '
                                            'reads backwards from the end and takes no positions')
        if not latest:
            for option in ('wait_for_evidence', 'wsus_port', 'wsus_ssl'):
                if params.get(option):
                    raise InvalidInput(option, 'applies to mode=latest only')
        if params.get('logs_dir') is not None:
            validate.local_absolute_path('logs_dir', params['logs_dir'])
        params['positions'] = normalise_positions(params.get('positions'))

    def execute(self, params, result, task_vars):
        latest = params['mode'] == 'latest'
        builtin = checks.builtin_latest if latest else checks.builtin
        verify = [builtin(name, params.get('site_system')) for name in params.get('checks') or []]
        self._builtin = list(params.get('checks') or [])
        verify += [checks.custom(spec) for spec in params.get('custom_checks') or []]
        result.update(self._latest(params, verify, task_vars) if latest else self._poll(params, verify, task_vars))
        return result

    # ---- the latest outcome -----------------------------------------------------------------------
    def _latest(self, params, verify: list[checks.Check], task_vars) -> dict[str, t.Any]:
        """Read backwards until each check's latest attempt is found (or the budget is spent); then, when an
        attempt is still in progress (or ``wait_for_evidence``), follow the logs forward until ``timeout``."""
        logs = list(dict.fromkeys(step.log for check in verify for step in check.steps))
        budget = params['latest_max_bytes']
        back = {log: {'name': log, 'cur': b'', 'cur_from': -1, 'prev': b'', 'prev_from': -1, 'file': 0, 'read': 0,
                      'exhausted': False} for log in logs}
        state: dict[str, dict[str, t.Any]] = {}
        expect = {'port': params.get('wsus_port'), 'ssl': params.get('wsus_ssl')}
        polls = bytes_read = 0
        ask, chunk = list(logs), min(LATEST_CHUNK, budget)
        results: dict[str, dict[str, t.Any]] = {}
        probe: dict[str, t.Any] = {}
        local = False
        while ask:
            size = min([chunk] + [budget - back[log]['read'] for log in ask])
            step = self.run_script('get', {
                'Name': ask, 'Position': [-1] * len(ask), 'FromEnd': True, 'MaxBytes': size,
                'End': [back[log]['cur_from'] if back[log]['file'] == 0 else back[log]['prev_from'] for log in ask],
                'Previous': [back[log]['file'] for log in ask],
                **({'LogsDir': params['logs_dir']} if params.get('logs_dir') else {}),
            }, task_vars=task_vars)
            if step.raw.get('unreachable'):
                return {'unreachable': True, 'msg': step.raw.get('msg', 'host unreachable')}
            polls += 1
            probe = self._probe_object(step)
            for read in probe.get('logs') or []:
                bytes_read += self._absorb_back(read, back[read['name']], state)
            for log in ask:
                mine = back[log]
                if mine['read'] >= budget:
                    mine['exhausted'] = True
                elif mine['file'] == 0 and mine['cur_from'] == 0 and not mine['exhausted']:
                    mine['file'] = 1  # the start of X.log: on to the file it rolled into
                elif mine['file'] == 1 and mine['prev_from'] == 0:
                    mine['exhausted'] = True
            entries = {log: self._window(back[log]) for log in logs}
            local = bool(params.get('site_system')) and params['site_system'] == probe.get('host_fqdn')
            exhausted = [log for log in logs if back[log]['exhausted']]
            results = {check.name: checks.evaluate_latest(check, entries, local, expect, exhausted) for check in verify}
            ask = [log for log in logs if not back[log]['exhausted']
                   and any(log in r['more'] for r in results.values() if r['status'] in ('unproven', 'passed'))]
            chunk *= 2
        site_status_read = self._site_status(params, verify, results, probe.get('host_fqdn'), task_vars)
        polls += 1 if site_status_read is not None else 0
        wanted = ('waiting', 'unproven') if params['wait_for_evidence'] else ('waiting',)
        if any(r['status'] in wanted for r in results.values()) and not self._task.check_mode:
            entries = {log: self._window(back[log]) for log in logs}
            more_polls, more_bytes, results = self._follow_latest(params, verify, entries, state, expect, local,
                                                                  results, task_vars)
            polls, bytes_read = polls + more_polls, bytes_read + more_bytes
        for result in results.values():
            result.pop('more', None)
            if result['status'] in ('passed', 'failed'):
                result.setdefault('source', 'logs')
            else:
                result.pop('source', None)
        report = self._report(results, state, polls, bytes_read, params)
        if site_status_read is not None:
            report['site_status'] = site_status_read
        return report

    def _site_status(self, params, verify: list[checks.Check], results, site_server: str | None,
                     task_vars) -> dict[str, t.Any] | None:
        """When the logs left a built-in check's SiteComp.log / WCM.log step undecided, decide it from the
        site's status messages: one more round trip (none when the logs decided). Returns what was read, or
        None when the site status was not asked."""
        wanted = [check for check in verify if check.name in STATUS_FALLBACK and check.name in self._builtin
                  and results[check.name]['status'] == 'unproven'
                  and any(site_status.undecided(step) for step in results[check.name]['steps'])]
        if not wanted or not params.get('site_system') or not site_server:
            return None
        components = sorted({site_status.COMPONENTS[step['log']] for check in wanted
                             for step in results[check.name]['steps'] if site_status.undecided(step)})
        try:
            step = self.run_script('status', {'SiteSystem': params['site_system'], 'SiteServer': site_server,
                                              'Component': components}, task_vars=task_vars)
        except HostFailure as err:
            for check in wanted:
                results[check.name]['reason'] += f'; the site status could not be read: {err}'
            return {'components': components, 'error': str(err)}
        if step.raw.get('unreachable'):
            return None
        probe = self._probe_object(step)
        for check in wanted:
            steps = [site_status.step_from_status(found, probe, params['site_system'], site_server)
                     if site_status.undecided(found) else found for found in results[check.name]['steps']]
            results[check.name] = site_status.conclude(steps, {s.name: s.hint for s in check.steps},
                                                       checks.REVERIFY_HINT)
        return {'components': components, 'messages': len(probe.get('messages') or []), 'found': probe.get('found'),
                'software_update_points': list(probe.get('software_update_points') or [])}

    @staticmethod
    def _absorb_back(read: dict[str, t.Any], mine: dict[str, t.Any], state) -> int:
        if not read.get('exists'):
            mine['exhausted'] = True
            return 0
        data = base64.b64decode(read.get('data') or '')
        mine['read'] += len(data)
        if read.get('previous'):
            mine['prev'], mine['prev_from'] = data + mine['prev'], read['read_from']
            mine['prev_path'] = read.get('lo_path')
        else:
            if mine['cur_from'] < 0:  # the first chunk: the end of the log, where a forward read would go on
                state[read['name']] = {'position': read['read_from'] + len(data), 'head': read.get('head') or '',
                                       'path': read.get('path')}
            mine['cur'], mine['cur_from'] = data + mine['cur'], read['read_from']
        return len(data)

    @staticmethod
    def _window(mine: dict[str, t.Any]) -> list[checks.Read]:
        """The entries read so far, oldest first; an entry cut by the start of the window is left out."""
        entries: list[checks.Read] = []
        for key, start, name in (('prev', 'prev_from', mine.get('prev_path') or ''), ('cur', 'cur_from', None)):
            if not mine[key]:
                continue
            parsed = _cmlog.parse(mine[key], mine[start])
            if mine[start] > 0:
                parsed = parsed[1:]
            file = re.split(r'[\\/]', name)[-1] if name else mine['name']
            entries.extend((file, entry) for entry in parsed)
        return entries

    def _follow_latest(self, params, verify, entries, state, expect, local, results, task_vars):
        """Follow the logs forward from the end read, re-evaluating the latest outcome, until nothing waits."""
        logs = list(entries)
        deadline = time.monotonic() + params['timeout']
        polls = bytes_read = 0
        wanted = ('waiting', 'unproven') if params['wait_for_evidence'] else ('waiting',)
        while params['timeout'] and time.monotonic() < deadline:
            time.sleep(min(params['poll_interval'], max(0.0, deadline - time.monotonic())))
            positions = {log: state.get(log) or {'position': 0, 'head': ''} for log in logs}
            step = self.run_script('get', {
                'Name': logs, 'Position': [positions[log]['position'] for log in logs],
                'Head': [positions[log]['head'] for log in logs], 'MaxBytes': params['max_bytes_per_read'],
                'LookbackBytes': 0, **({'LogsDir': params['logs_dir']} if params.get('logs_dir') else {}),
            }, task_vars=task_vars)
            if step.raw.get('unreachable'):
                break
            polls += 1
            probe = self._probe_object(step)
            for read in probe.get('logs') or []:
                bytes_read += absorb(read, state, entries, params['max_bytes_per_read'])
            results = {check.name: checks.evaluate_latest(check, entries, local, expect, logs) for check in verify}
            if not any(r['status'] in wanted for r in results.values()):
                break
        return polls, bytes_read, results

    # ---- polling --------------------------------------------------------------------------------
    def _poll(self, params, verify: list[checks.Check], task_vars) -> dict[str, t.Any]:
        logs = list(dict.fromkeys(step.log for check in verify for step in check.steps))
        results: dict[str, dict[str, t.Any]] = {}

        def decide(entries, probe) -> bool:
            local = bool(params.get('site_system')) and params['site_system'] == probe.get('host_fqdn')
            results.update({check.name: checks.evaluate(check, entries, local) for check in verify})
            return all(r['status'] in ('passed', 'failed') for r in results.values())

        followed = follow_logs(lambda parameters: read_logs(self, parameters, task_vars), logs, params['positions'],
                               params, decide, once=self._task.check_mode)
        if followed.unreachable is not None:
            return followed.unreachable
        return self._report(results, followed.state, followed.polls, followed.bytes_read, params)

    def _report(self, results, state, polls, bytes_read, params) -> dict[str, t.Any]:
        check_mode = self._task.check_mode
        for result in results.values():
            if result['status'] == 'waiting':
                result['status'] = 'pending' if check_mode else 'timeout'
        report = {'mode': params['mode'], 'checks': results, 'polls': polls, 'bytes_read': bytes_read,
                  'positions': {log: s for log, s in state.items() if s.get('position', -1) >= 0},
                  'passed': all(r['status'] == 'passed' for r in results.values())}
        problems = []
        for name, result in results.items():
            if result['status'] == 'failed':
                last = result['errors'][-1]
                problems.append(f'{name} failed at {result["failed_step"]}: {last["log"]}: {last["message"]}'
                                + (f'. Hint: {result["hint"]}' if result.get('hint') else ''))
            elif result['status'] == 'timeout':
                problems.append(f'{name} timed out after {params["timeout"]} s waiting for {result["waiting_for"]}')
        unproven = [f'{name}: unproven ({result.get("reason") or "no evidence"}); to prove it: {result["hint"]}'
                    for name, result in results.items() if result['status'] == 'unproven' and result.get('hint')]
        if unproven:
            report['warnings'] = unproven
        if problems:
            report.update(failed=True, msg=f'{self.fqcn}: ' + '; '.join(problems))
        else:
            report['msg'] = '; '.join(
                f'{name}: {result["status"]}' + (f' ({result.get("reason") or "no evidence"}; to prove it: '
                                                 f'{result["hint"]})' if result['status'] == 'unproven' else '')
                for name, result in results.items())
        return report
