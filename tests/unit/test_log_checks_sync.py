"""sup_log_verify's built-in check ``sync``: wsyncmgr.log from a synchronization's start to its end, followed or as
the latest outcome, with the hint for the cause its failure lines show."""

from __future__ import annotations

import pytest

from ansible_collections.configmgr.sup.plugins.plugin_utils import _log_checks as checks
from ansible_collections.configmgr.sup.plugins.plugin_utils import _sup_log_verify
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_log_verify import SupLogVerifyAction
from harness import FakeHost, ok, run_action
from test_sup_log_verify import Logs
from test_sup_sync import DONE, NO_CONSOLE, NOT_CONFIGURED, PROGRESS, PROXY_407, START, UNREACHABLE, WSUS_DOWN, simple

LOG = 'wsyncmgr.log'


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(_sup_log_verify.time, 'sleep', lambda seconds: None)


def test_sync_follows_a_synchronization_to_its_success_line():
    logs = Logs([{LOG: START}, {LOG: PROGRESS}, {LOG: DONE}], existing={LOG: ''})
    result = run_action(SupLogVerifyAction, {'checks': ['sync'], 'positions': {LOG: 0}, 'timeout': 60}, logs.fake)
    check = result['checks']['sync']
    assert result['passed'] and check['status'] == 'passed' and result['polls'] == 3
    assert 'STATMSG: ID=6702' in check['steps'][0]['line']['message']


@pytest.mark.parametrize('lines, words', [
    (PROXY_407, 'proxy_username'), (UNREACHABLE, 'cannot reach its sync source'),
    (NOT_CONFIGURED, 'WCM has not configured WSUS'), (NO_CONSOLE, 'role=console'),
    (WSUS_DOWN, 'cannot connect to WSUS on the software update point'),
])
def test_sync_failure_names_the_cause_its_lines_show(lines, words):
    logs = Logs([{LOG: START + lines}], existing={LOG: ''})
    result = run_action(SupLogVerifyAction, {'checks': ['sync'], 'positions': {LOG: 0}}, logs.fake)
    check = result['checks']['sync']
    assert result['failed'] and check['status'] == 'failed' and words in check['hint'] and words in result['msg']
    assert check['errors'][-1]['message'].startswith('Sync failed: ')


def test_an_unknown_sync_failure_gets_the_general_hint():
    logs = Logs([{LOG: simple('Sync failed: UssInternalError: SoapException: Fault occurred', 9)}], existing={LOG: ''})
    result = run_action(SupLogVerifyAction, {'checks': ['sync'], 'positions': {LOG: 0}}, logs.fake)
    assert result['checks']['sync']['hint'] == checks.SYNC_HINT


def test_sync_is_still_waiting_while_the_synchronization_runs():
    logs = Logs([{LOG: START + PROGRESS}], existing={LOG: ''})
    result = run_action(SupLogVerifyAction, {'checks': ['sync'], 'positions': {LOG: 0}, 'timeout': 0}, logs.fake)
    assert result['checks']['sync']['status'] == 'timeout' and 'wsyncmgr.log' in result['msg']


def _latest(text):
    fake = FakeHost({'sup_log_verify/get': ok({'host_fqdn': 'cm01.contoso.com', 'logs': [
        {'name': LOG, 'exists': True, 'path': 'C:\\CM\\Logs\\' + LOG, 'size': len(text), 'read_from': 0, 'head': '',
         'data': __import__('base64').b64encode(text.encode()).decode()}]}, changed=False)})
    return run_action(SupLogVerifyAction, {'checks': ['sync'], 'mode': 'latest', 'timeout': 0}, fake)


def test_latest_takes_the_outcome_of_the_latest_synchronization():
    assert _latest(START + PROXY_407 + START + PROGRESS + DONE)['checks']['sync']['status'] == 'passed'
    failed = _latest(START + DONE + START + PROXY_407)
    assert failed['checks']['sync']['status'] == 'failed' and 'proxy_username' in failed['checks']['sync']['hint']
    assert 'ID=6701' in failed['checks']['sync']['errors'][0]['message']  # the attempt's start


def test_explain_prefers_the_first_matching_cause_and_falls_back_to_the_step_hint():
    step = checks.SYNC_STEP
    assert 'WCM has not configured' in checks.explain(step, [{'message': 'Sync failed: WSUS server not configured. '
                                                                         'Please refer to WCM.log'}])
    assert checks.explain(step, [{'message': 'something else'}]) == checks.SYNC_HINT
    assert checks.explain(checks.builtin('proxy', None).steps[0], [{'message': 'HTTP status 407'}]) == \
        checks.builtin('proxy', None).steps[0].hint
