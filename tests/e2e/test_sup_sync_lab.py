"""sup_sync against the lab through ansible-playbook: check mode starts nothing, a first synchronization is started
and verified in wsyncmgr.log, a re-run starts none, force starts one, each sync fault fails with the lines that
explain it and a re-run after clearing it converges, a running synchronization is waited for and not doubled; and
the module's EXAMPLES run as one story."""

from __future__ import annotations

import ast
import pathlib

import pytest
import yaml

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
#: a site whose software update point sup01 was there before WCM's first report (the lab counts it configured)
SITE = {'profile': 'site_server', 'site_code': 'PR1', 'existing_software_update_points': [SUP]}
MODULE = pathlib.Path(__file__).resolve().parents[2] / 'plugins' / 'modules' / 'sup_sync.py'


@pytest.fixture(autouse=True)
def fast_site(lab):
    """The site works 200 times faster than real time (the lab default is 20): a first full synchronization
    (about 3 simulated minutes) takes about a second."""
    lab.time_scale = 200


def site(lab, **config):
    lab.set_host_config(CM, dict(SITE, **config))


def play(lab, tasks, name='sync.yml'):
    """WSUS on sup01 and the WSUS console on the site server, then ``tasks`` on the site server."""
    book = [{'name': 'WSUS on the software update point', 'hosts': SUP, 'gather_facts': False,
             'tasks': [{'name': 'WSUS', 'configmgr.sup.wsus_install': {'content_dir': 'D:\\WSUS'}}]},
            {'name': 'Synchronize', 'hosts': 'configmgr_site_servers', 'gather_facts': False,
             'tasks': [{'name': 'Console', 'configmgr.sup.wsus_install': {'role': 'console'}}] + tasks}]
    path = lab.state_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(book))
    return lab.playbook(path)


def sync(name, check_mode=False, **args):
    task = {'name': name, 'configmgr.sup.sup_sync': dict({'poll_interval': 1, 'timeout': 120}, **args),
            'register': name.replace(' ', '_'), 'ignore_errors': True}
    if check_mode:
        task['check_mode'] = True
    return task


def ops(lab, op):
    return [call for call in lab.calls() if call.get('op') == op]


def test_check_mode_starts_nothing_a_first_sync_is_started_and_verified_and_a_rerun_starts_none(lab):
    site(lab)
    run = play(lab, [sync('Plan', check_mode=True)])
    plan = run.results('Plan')[CM]
    assert run.rc == 0 and plan['changed'] is True and plan['started'] is True
    assert plan['sync']['status'] == 'pending' and plan['last_successful_sync'] is None
    assert ops(lab, 'sup_sync/set') == [] and not lab.host_file(CM, 'C:\\Program Files\\Microsoft Configuration '
                                                                    'Manager\\Logs\\wsyncmgr.log').exists()
    lab.reset_calls()
    run = play(lab, [sync('First'), sync('Again'),
                     {'name': 'Latest', 'configmgr.sup.sup_log_verify': {'checks': ['sync'], 'mode': 'latest'}}])
    first, again, latest = (run.results(name)[CM] for name in ('First', 'Again', 'Latest'))
    assert not first.get('failed'), first.get('msg')
    assert first['changed'] is True and first['sync']['status'] == 'succeeded' and first['full'] is False
    assert first['sync']['status_message_ids'][0] == 6701 and 6702 in first['sync']['status_message_ids']
    assert first['sync']['updates_synchronized'] > 0 and first['last_successful_sync'] and first['last_sync_state'] == 6702
    messages = [line['message'] for line in first['sync']['lines']]
    assert 'Starting Sync' in messages and any(m.startswith('Sync succeeded') for m in messages)
    assert first['polls'] >= 2 and first['positions']['wsyncmgr.log']['position'] > 0
    assert again['changed'] is False and again['sync']['status'] == 'not_needed'
    assert again['last_successful_sync'] == first['last_successful_sync']
    assert len(ops(lab, 'sup_sync/set')) == 1  # the re-run started none
    assert latest['checks']['sync']['status'] == 'passed'
    assert 'invocation' not in str(first)


def test_force_starts_one_on_a_site_that_synchronized_and_full_asks_for_a_full_one(lab):
    site(lab)
    run = play(lab, [sync('First'), sync('Delta', force=True), sync('Full', force=True, full=True)])
    first, delta, full = (run.results(name)[CM] for name in ('First', 'Delta', 'Full'))
    assert delta['changed'] is True and delta['full'] is False and delta['sync']['status'] == 'succeeded'
    assert full['changed'] is True and full['full'] is True and full['sync']['status'] == 'succeeded'
    assert first['last_successful_sync'] < delta['last_successful_sync'] < full['last_successful_sync']
    # a delta synchronization processes what changed, a full one (like the first) every category again
    assert delta['sync']['updates_synchronized'] < full['sync']['updates_synchronized'] == \
        first['sync']['updates_synchronized']
    assert len(ops(lab, 'sup_sync/set')) == 3


@pytest.mark.parametrize('fault, line, hint', [
    ('sync_upstream_unreachable', 'Unable to connect to the remote server', 'cannot reach its sync source'),
    ('sync_proxy_407', 'HTTP status 407', 'proxy_username'),
])
def test_a_sync_fault_fails_with_the_lines_that_explain_it_and_a_rerun_after_clearing_it_converges(lab, fault, line,
                                                                                                   hint):
    site(lab, faults={fault: True})
    run = play(lab, [sync('Sync')])
    failed = run.results('Sync')[CM]
    assert failed['failed'] and failed['sync']['status'] == 'failed' and failed['started'] is True
    assert any(line in error['message'] for error in failed['sync']['errors']) and line in failed['msg']
    assert hint in failed['sync']['hint'] and hint in failed['msg']
    assert 6703 in failed['sync']['status_message_ids'] and failed['last_successful_sync'] is None
    site(lab)  # the fault cleared
    run = play(lab, [sync('Sync')], name='again.yml')
    again = run.results('Sync')[CM]
    assert not again.get('failed'), again.get('msg')
    assert again['changed'] is True and again['sync']['status'] == 'succeeded' and again['last_successful_sync']


def test_check_mode_with_a_synchronization_running_says_none_would_start(lab):
    site(lab, faults={'sync_already_running': True})
    run = play(lab, [sync('Plan', check_mode=True), sync('Forced plan', check_mode=True, force=True)])
    plan, forced = run.results('Plan')[CM], run.results('Forced plan')[CM]
    assert plan['changed'] is False and plan['started'] is False and plan['sync']['status'] == 'running'
    assert forced['changed'] is True and forced['started'] is True  # force: its own after the running one
    assert ops(lab, 'sup_sync/set') == []


def test_a_running_synchronization_is_waited_for_and_not_doubled(lab):
    site(lab, faults={'sync_already_running': True})
    run = play(lab, [sync('Sync')])
    done = run.results('Sync')[CM]
    assert not done.get('failed'), done.get('msg')
    assert done['waited'] is True and done['started'] is False and done['changed'] is False
    assert done['sync']['status'] == 'succeeded' and done['last_successful_sync']
    assert 'Performing sync on local request' not in [line['message'] for line in done['sync']['lines']]
    assert ops(lab, 'sup_sync/set') == []


def test_force_waits_for_the_running_synchronization_then_starts_its_own(lab):
    site(lab, faults={'sync_already_running': True})
    run = play(lab, [sync('Sync', force=True)])
    done = run.results('Sync')[CM]
    assert not done.get('failed'), done.get('msg')
    assert done['waited'] is True and done['started'] is True and done['sync']['status'] == 'succeeded'
    assert len(ops(lab, 'sup_sync/set')) == 1
    assert 'Performing sync on local request' in [line['message'] for line in done['sync']['lines']]


def test_the_examples_run_as_one_story(lab):
    """EXAMPLES as tests/e2e/test_examples_in_lab.py runs them, on the site server of a site whose software update
    point has WSUS installed and the console on the site server (what a synchronization needs)."""
    tree = ast.parse(MODULE.read_text(encoding='utf-8'))
    examples = next(yaml.safe_load(node.value.value) for node in tree.body
                    if isinstance(node, ast.Assign) and node.targets[0].id == 'EXAMPLES')
    site(lab)
    lab.time_scale = None  # the lab's default pace, as test_examples_in_lab runs them
    run = play(lab, examples)
    assert run.rc == 0, run.stdout[-3000:]
    for task in examples:
        assert all(not result.get('failed') for result in run.results(task['name']).values())
