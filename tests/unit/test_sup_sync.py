"""sup_sync with ``_execute_module`` replaced: when a synchronization starts, waiting for a running one, the
compare-and-set start, following wsyncmgr.log through sup_log_verify's reader, the outcome and its hints."""

from __future__ import annotations

import base64
import json

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils import _sup_log_verify
from ansible_collections.configmgr.sup.plugins.plugin_utils import _sup_sync
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_sync import SupSyncAction
from harness import FakeHost, ok, run_action

LOG = 'wsyncmgr.log'
FOLDER = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\'
EARLIER = '2026-11-20T03:00:00.0000000'
NOW = '2026-11-21T09:13:05.0000000'


def simple(message, second=0):
    return f'{message}  $$<SMS_WSUS_SYNC_MANAGER><11-21-2026 09:{second // 60:02d}:{second % 60:02d}.000+000><thread=7 (0x7)>\r\n'


def statmsg(message_id, severity='I'):
    return (f'STATMSG: ID={message_id} SEV={severity} LEV=M SOURCE="SMS Server" COMP="SMS_WSUS_SYNC_MANAGER" '
            'SYS=CM01.contoso.com SITE=PR1 PID=2524 TID=7 GMTDATE=Sat Nov 21 09:10:02.394 2026 ISTR0="" ISTR1=""')


START = simple('Starting Sync', 2) + simple('Performing sync on local request', 2) + simple(statmsg(6701), 3)
PROGRESS = (simple('Synchronizing WSUS server sup01.contoso.com', 4) + simple(statmsg(6704), 4)
            + ''.join(simple(f'sync: SMS synchronizing updates, processed {n} out of 12 items ({n * 100 // 12}%)', 60)
                      for n in (0, 6, 12))
            + ''.join(simple(f'Synchronizing update 0b2a3c4d-0000-4000-8000-00000000000{i} - Security Update KB50{i}', 61)
                      for i in range(3)))
DONE_STATUS = simple('Done synchronizing SMS with WSUS Server sup01.contoso.com', 180) + simple(statmsg(6702), 181)
DONE_REST = (simple('Sync succeeded. Setting sync alert to canceled state on site PR1', 181)
             + simple('Updated 12 items in SMS database, new update source content version is 3', 182)
             + simple('Sync time: 0d00h03m02s', 182))
DONE = DONE_STATUS + DONE_REST

def failed(error):
    return (simple(f'Sync failed: {error}. Source: Microsoft.UpdateServices.Internal.DatabaseAccess.'
                   'ExecuteSPSyncUpdates', 30) + simple(statmsg(6703, 'E'), 30)
            + simple('Sync failed. Will retry in 60 minutes', 31) + simple('Sync time: 0d00h00m29s', 31))


PROXY_407 = failed('WebException: The request failed with HTTP status 407: Proxy Authentication Required')
UNREACHABLE = failed('UssCommunicationError: WebException: Unable to connect to the remote server~~at System.Web.'
                     'Services.Protocols.SoapHttpClientProtocol.ReadResponse(). Source: Microsoft.UpdateServices.'
                     'ServerSyncWebServices.Client.ServerSyncCompressionProxy.GetCookie')
WSUS_DOWN = failed('Unable to connect to the remote server')
NOT_CONFIGURED = failed('WSUS server not configured. Please refer to WCM.log for configuration error details.')
NO_CONSOLE = failed('Could not load file or assembly Microsoft.UpdateServices.Administration')


def row(state=0, success='', time=EARLIER):
    return {'site_code': 'PR1', 'wsus_server': 'sup01.contoso.com', 'source_server': 'Microsoft Update',
            'last_successful_sync': success, 'last_sync_state': state, 'last_sync_state_time': time,
            'last_sync_error_code': 0, 'catalog_version': 0}


class Site:
    """A fake site server: its synchronization status, wsyncmgr.log, and what a started (or running) sync writes,
    one chunk per read of the log."""

    def __init__(self, state=0, success='', existing='', writes=(), on_start=(), outcome_success=NOW,
                 changed_at_start=None, rolled_at=None, late_status=0):
        self.status = row(state, success)
        self.log = existing.encode()
        self.lo = b''
        self.writes = list(writes)  # chunks the running sync writes, one per read
        self.on_start = list(on_start)  # chunks a sync this task starts writes
        self.outcome_success = outcome_success
        self.changed_at_start = changed_at_start  # a status the host moved to just before the start
        self.rolled_at = rolled_at  # the read before which wsyncmgr.log rolls over into wsyncmgr.lo_
        self.reads = 0
        self.sups = ['sup01.contoso.com']
        self.late_status = late_status  # probes that still show the state before the success
        self.success_row = None
        self.starts: list[dict] = []
        self.fake = FakeHost({'sup_sync/get': self.probe, 'sup_sync/set': self.start,
                              'sup_log_verify/get': self.read})

    def position(self):
        return {LOG: {'path': FOLDER + LOG, 'position': len(self.log), 'head': base64.b64encode(self.log[:64]).decode()}}

    def signature(self):
        return str(self.status['last_sync_state']) if self.status else ''

    def probe(self, module_args):
        assert 'Expected' not in module_args['parameters']
        if self.success_row is not None:
            if self.late_status:
                self.late_status -= 1
            else:
                self.status = self.success_row
        return ok({'site_code': 'PR1', 'servers': [dict(self.status)], 'signature': self.signature(),
                   'software_update_points': self.sups, 'logs': self.position()}, changed=False)

    def start(self, module_args):
        params = module_args['parameters']
        if self.changed_at_start:
            self.status, self.changed_at_start = self.changed_at_start, None
        if params['Expected']['signature'] != self.signature():
            return {'failed': True, 'changed': False, 'output': [], 'warning': [], 'error': [{'exception': {
                'message': 'ConfigMgrSupChangedSinceRead: signature changed since it was read; re-run'}}]}
        self.starts.append(params)
        positions = self.position()
        self.status = row(6701, self.status['last_successful_sync'], '2026-11-21T09:10:02.0000000')
        self.writes = list(self.on_start)
        return ok({'logs': positions})

    def read(self, module_args):
        params = module_args['parameters']
        self.reads += 1
        if self.writes:
            chunk = self.writes.pop(0)
            self.log += chunk.encode()
            if self.rolled_at == self.reads:  # the chunk filled the log: it rolled into wsyncmgr.lo_
                self.lo, self.log = self.log, b''
            if 'ID=6702' in chunk:
                self.success_row = row(6702, self.outcome_success, NOW)
                if not self.late_status:
                    self.status = self.success_row
            elif 'ID=6703' in chunk:
                self.status = row(6703, self.status['last_successful_sync'], NOW)
        start, head = params['Position'][0], base64.b64encode(self.log[:64]).decode()
        entry = {'name': LOG, 'exists': True, 'path': FOLDER + LOG, 'size': len(self.log), 'head': head}
        before = (params.get('Head') or [''])[0]
        if len(self.log) < start or (before and not head.startswith(before[:8])):
            entry.update(rolled=True, lo_path=FOLDER + 'wsyncmgr.lo_', lo_from=start,
                         lo_data=base64.b64encode(self.lo[start:start + params['MaxBytes']]).decode())
            start = 0
        entry.update(read_from=start, data=base64.b64encode(self.log[start:start + params['MaxBytes']]).decode())
        return ok({'host_fqdn': 'cm01.contoso.com', 'logs': [entry]}, changed=False)


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(_sup_log_verify.time, 'sleep', lambda seconds: None)


FAST = {'poll_interval': 1, 'timeout': 60}


def test_a_site_that_never_synchronized_starts_one_and_follows_it_to_success():
    site = Site(existing='Wakeup for a polling cycle  $$<SMS_WSUS_SYNC_MANAGER><11-21-2026 08:00:00.000+000><thread=7 (0x7)>\r\n',
                on_start=[START, PROGRESS, DONE])
    result = run_action(SupSyncAction, FAST, site.fake)
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is True and result['started'] is True and result['waited'] is False
    assert site.starts == [{'SiteCode': 'PR1', 'FullSync': False,
                            'Expected': {'signature': '0'}}]
    sync = result['sync']
    assert sync['status'] == 'succeeded' and sync['updates_synchronized'] == 12
    assert sync['status_message_ids'] == [6701, 6704, 6702]
    assert sync['started'] == '2026-11-21T09:00:02' and sync['finished'] == '2026-11-21T09:03:01'  # STATMSG 6702
    messages = [line['message'] for line in sync['lines']]
    assert messages[0] == 'Starting Sync' and 'Wakeup for a polling cycle' not in messages  # only what followed the start
    assert not any(m.startswith('Synchronizing update ') for m in messages)  # the per-update lines are counted, not kept
    assert [m for m in messages if 'processed' in m] == ['sync: SMS synchronizing updates, processed 12 out of 12 items (100%)']
    assert result['last_successful_sync'] == NOW and result['last_sync_state'] == 6702
    # probe, start, three reads of wsyncmgr.log through sup_log_verify's reader, the status it left
    assert site.fake.ops() == ['sup_sync/get', 'sup_sync/set'] + ['sup_log_verify/get'] * 3 + ['sup_sync/get']
    assert result['polls'] == 3 and result['positions'][LOG]['position'] == len(site.log)
    assert 'invocation' not in json.dumps(result)


def test_a_site_that_synchronized_before_starts_nothing_in_one_round_trip():
    site = Site(state=6702, success=EARLIER)
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['changed'] is False and result['started'] is False and not result.get('failed')
    assert result['sync']['status'] == 'not_needed' and result['last_successful_sync'] == EARLIER
    assert site.fake.ops() == ['sup_sync/get'] and 'force' in result['msg']


def test_force_starts_one_even_though_the_site_synchronized_and_full_asks_for_a_full_one():
    site = Site(state=6702, success=EARLIER, on_start=[START + PROGRESS + DONE])
    result = run_action(SupSyncAction, dict(FAST, force=True, full=True), site.fake)
    assert result['changed'] is True and result['full'] is True and result['sync']['status'] == 'succeeded'
    assert site.starts[0]['FullSync'] is True and result['last_successful_sync'] == NOW


@pytest.mark.parametrize('state, force, started, status', [
    (0, False, True, 'pending'),
    (6702, False, False, 'not_needed'),
    (6702, True, True, 'pending'),
    (6704, False, False, 'running'),
    (6704, True, True, 'running'),
])
def test_check_mode_says_whether_it_would_start_and_starts_nothing(state, force, started, status):
    site = Site(state=state, success=EARLIER if state == 6702 else '')
    result = run_action(SupSyncAction, dict(FAST, force=force), site.fake, check_mode=True)
    assert result['changed'] is started and result['started'] is started and result['sync']['status'] == status
    assert site.fake.ops() == ['sup_sync/get'] and site.starts == []


def test_a_running_synchronization_is_waited_for_and_not_doubled():
    site = Site(state=6704, writes=[PROGRESS, DONE])
    result = run_action(SupSyncAction, FAST, site.fake)
    assert not result.get('failed'), result.get('msg')
    assert site.starts == [] and result['changed'] is False and result['waited'] is True
    assert result['sync']['status'] == 'succeeded' and result['sync']['updates_synchronized'] == 12
    assert result['sync']['started'] is None  # its start was before this task looked
    assert result['last_successful_sync'] == NOW


def test_force_waits_for_the_running_synchronization_then_starts_its_own():
    site = Site(state=6704, success=EARLIER, writes=[PROGRESS + DONE], on_start=[START, DONE])
    result = run_action(SupSyncAction, dict(FAST, force=True), site.fake)
    assert result['waited'] is True and result['started'] is True and len(site.starts) == 1
    assert site.fake.ops().index('sup_sync/set') > site.fake.ops().index('sup_log_verify/get')
    assert result['sync']['status'] == 'succeeded' and result['sync']['lines'][0]['message'] == 'Starting Sync'


def test_a_synchronization_that_starts_between_probe_and_start_is_followed_not_doubled():
    site = Site(on_start=[], changed_at_start=row(6701, '', '2026-11-21T09:09:59.0000000'), writes=[])
    site.writes = []

    def scheduled(module_args):
        answer = Site.start(site, module_args)
        if answer.get('failed'):
            site.writes = [START + PROGRESS, DONE]  # the scheduled one writes its lines
        return answer
    site.fake.answers['sup_sync/set'] = scheduled
    result = run_action(SupSyncAction, FAST, site.fake)
    assert not result.get('failed'), result.get('msg')
    assert site.starts == [] and result['started'] is False and result['changed'] is False
    assert result['waited'] is True and result['sync']['status'] == 'succeeded'


@pytest.mark.parametrize('lines, words', [
    (PROXY_407, 'proxy_username'),
    (UNREACHABLE, 'cannot reach its sync source'),
    (NOT_CONFIGURED, 'WCM has not configured WSUS'),
    (NO_CONSOLE, 'role=console'),
    (WSUS_DOWN, 'cannot connect to WSUS on the software update point'),
])
def test_a_failed_synchronization_fails_with_its_error_lines_and_the_hint_for_its_cause(lines, words):
    site = Site(on_start=[START, lines])
    result = run_action(SupSyncAction, FAST, site.fake)
    sync = result['sync']
    assert result['failed'] and sync['status'] == 'failed' and words in sync['hint'] and words in result['msg']
    assert any(e['message'].startswith('Sync failed: ') for e in sync['errors'])
    assert sync['errors'][0]['message'].split(': ', 1)[1] in result['msg'] or 'Sync failed' in result['msg']
    assert 6703 in sync['status_message_ids'] and result['last_successful_sync'] is None
    assert result['started'] is True  # it started; a re-run starts again (the site has still never synchronized)


def test_a_running_synchronization_that_fails_fails_the_task_without_a_start():
    site = Site(state=6704, writes=[PROXY_407])
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['failed'] and site.starts == [] and 'running synchronization failed' in result['msg']


def test_the_log_rolling_over_during_the_synchronization_is_followed_into_wsyncmgr_lo():
    site = Site(existing='x' * 40 + '\r\n', on_start=[START, PROGRESS, '', DONE], rolled_at=2)
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['sync']['status'] == 'succeeded', result.get('msg')
    assert {line['log'] for line in result['sync']['lines']} == {'wsyncmgr.lo_', LOG}


def test_wait_false_returns_once_started_with_the_positions_to_follow_it_later():
    site = Site(existing='old\r\n', on_start=[START, DONE])
    result = run_action(SupSyncAction, dict(FAST, wait=False), site.fake)
    assert result['started'] is True and result['sync']['status'] == 'running' and not result.get('failed')
    assert result['positions'][LOG]['position'] == len('old\r\n') and 'sup_log_verify/get' not in site.fake.ops()


def test_no_end_within_the_timeout_fails_and_says_how_to_follow_it():
    site = Site(on_start=[START])
    result = run_action(SupSyncAction, dict(FAST, timeout=0), site.fake)
    assert result['failed'] and result['sync']['status'] == 'timeout' and 'checks=[sync]' in result['msg']
    assert result['positions'][LOG]['position'] == len(START)


@pytest.mark.parametrize('args, option', [
    ({'site_code': 'PR12'}, 'site_code'),
    ({'timeout': -1}, 'timeout'),
    ({'poll_interval': 0}, 'poll_interval'),
    ({'max_bytes_per_read': 100}, 'max_bytes_per_read'),
    ({'fulll': True}, 'fulll'),
])
def test_bad_input_fails_naming_the_option_before_any_call(args, option):
    site = Site()
    with pytest.raises(AnsibleActionFail) as err:
        run_action(SupSyncAction, args, site.fake)
    assert option in str(err.value) and str(err.value).startswith('configmgr.sup.sup_sync: ')
    assert site.fake.calls == []


def test_the_site_status_keeps_to_the_site_and_takes_the_latest_success():
    probe = {'servers': [row(6702, EARLIER), dict(row(6704, NOW, NOW), wsus_server='sup02.contoso.com'),
                         dict(row(6703, '2026-12-01T00:00:00', NOW), site_code='CS1')]}
    status = _sup_sync.site_status(probe, 'pr1')
    assert status == {'synchronized': True, 'last_successful_sync': NOW, 'last_sync_state': 6704, 'running': True}


def test_a_status_that_keeps_moving_fails_without_a_start():
    site = Site()

    def moving(module_args):
        site.status = row(6703 if site.status['last_sync_state'] != 6703 else 0)  # a failed one, another state each read
        return Site.start(site, module_args)
    site.fake.answers['sup_sync/set'] = moving
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['failed'] and 'nothing was started' in result['msg'] and site.starts == []
    assert site.fake.ops().count('sup_sync/set') == _sup_sync.MAX_ROUNDS


def test_the_lines_after_the_status_message_are_read_before_the_end_is_reported():
    """6702 comes first; "Updated N items" and "Sync time" a moment later: one more poll reads them."""
    site = Site(on_start=[START + PROGRESS + DONE_STATUS, DONE_REST])
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['sync']['status'] == 'succeeded' and result['sync']['updates_synchronized'] == 12
    assert site.fake.ops().count('sup_log_verify/get') == 2


def test_a_log_without_the_sync_time_line_ends_one_poll_after_the_outcome():
    site = Site(on_start=[START + PROGRESS + DONE_STATUS + DONE_REST.replace(simple('Sync time: 0d00h03m02s', 182), '')])
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['sync']['status'] == 'succeeded' and site.fake.ops().count('sup_log_verify/get') == 2


def test_a_success_the_site_status_does_not_show_yet_is_read_once_more():
    site = Site(on_start=[START + PROGRESS + DONE], late_status=1)
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['last_successful_sync'] == NOW and site.fake.ops()[-2:] == ['sup_sync/get', 'sup_sync/get']


def test_a_site_without_a_software_update_point_fails_before_a_start_and_check_mode_warns():
    site = Site()
    site.sups = []
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['failed'] and 'no software update point' in result['msg'] and 'sup_role' in result['msg']
    assert site.fake.ops() == ['sup_sync/get']
    plan = run_action(SupSyncAction, FAST, site.fake, check_mode=True)
    assert not plan.get('failed') and plan['changed'] is True and 'no software update point' in plan['warnings'][0]


def test_a_start_without_the_log_position_fails_instead_of_guessing_where_the_synchronization_begins():
    site = Site(on_start=[START + DONE])
    site.fake.answers['sup_sync/set'] = lambda module_args: dict(Site.start(site, module_args), output=[{}])
    result = run_action(SupSyncAction, FAST, site.fake)
    assert result['failed'] and 'did not say where wsyncmgr.log ended' in result['msg']
    assert 'sup_log_verify/get' not in site.fake.ops()
