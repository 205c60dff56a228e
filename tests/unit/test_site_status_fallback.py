"""sup_log_verify mode=latest when the logs no longer tell: the site's status messages decide, through the
shipped status probe (Get-CMSiteStatusMessage on the CMSite drive) against the lab's site, which raises them
alongside its log lines and deletes them after the retention period. And a SUP on the site server itself:
its SUPSetup.log is next to SiteComp.log, so the verification covers it."""

from __future__ import annotations

import pytest
from labhost import LabHost
from labsim import cmlog
from labsim.hoststate import Store
from labsim.profiles import CM_INSTALL_DIR

from ansible_collections.configmgr.sup.plugins.action.sup_log_verify import ActionModule as SupLogVerify
from ansible_collections.configmgr.sup.plugins.action.sup_role import ActionModule as SupRole
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}
LATEST = {'checks': ['sup_install'], 'site_system': SUP, 'mode': 'latest', 'timeout': 0}


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setenv('LAB_TIME_SCALE', '0')


def logs_rolled_away(tmp_path, config, names=('SiteComp.log', 'WCM.log')):
    """The site kept writing until the SUP's lines rolled out of X.log and out of X.lo_ (history only)."""
    with Store(tmp_path).host(CM, config) as host:
        for name in names:
            path = host.path(f'{CM_INSTALL_DIR}\\Logs\\{name}')
            path.write_bytes(cmlog.history(name, CM, 200_000))
            path.with_suffix('.lo_').write_bytes(cmlog.history(name, CM, 300_000))


def installed(tmp_path, console=True, config=SITE):
    sup = LabHost(tmp_path, SUP)
    assert not sup.run(WsusInstall, {'content_dir': 'D:\\WSUS'}).get('failed')
    cm = LabHost(tmp_path, CM, config)
    if console:
        assert not cm.run(WsusInstall, {'role': 'console'}).get('failed')
    assert not cm.run(SupRole, {'site_system': SUP}).get('failed')
    cm.later(200)
    return cm


def test_logs_that_prove_the_sup_need_no_status_query(tmp_path):
    cm = installed(tmp_path)
    proven = cm.run(SupLogVerify, LATEST)
    check = proven['checks']['sup_install']
    assert check['status'] == 'passed' and check['source'] == 'logs', proven
    assert proven['polls'] == 1 and 'site_status' not in proven


def test_a_sup_whose_logs_rolled_away_is_proven_by_the_site_status_messages(tmp_path):
    cm = installed(tmp_path)
    logs_rolled_away(tmp_path, SITE)
    result = cm.run(SupLogVerify, dict(LATEST, latest_max_bytes=131072))
    check = result['checks']['sup_install']
    assert check['status'] == 'passed', result
    assert check['source'] == 'status_messages' and result['passed'] is True
    by_name = {step['name']: step for step in check['steps']}
    installed_step, wcm = by_name['installed'], by_name['wcm']
    assert installed_step['source'] == 'status_messages' and wcm['source'] == 'status_messages'
    message = installed_step['status_message']
    assert message['component'] == 'SMS_SITE_COMPONENT_MANAGER' and message['machine'] == SUP.upper()
    assert message['severity'] == 'informational' and message['message_id'] and message['time'].endswith('Z')
    assert 'successfully installed' in message['description']
    assert wcm['status_message']['component'] == 'SMS_WSUS_CONFIGURATION_MANAGER'
    # shown like a log line wherever the evidence lines are shown (the role's summary)
    assert installed_step['line']['log'] == 'status messages' and 'successfully installed' in installed_step['line']['message']
    # a read-only probe: check mode reads the site status as well
    dry = cm.run(SupLogVerify, dict(LATEST, latest_max_bytes=131072), check_mode=True)
    assert dry['checks']['sup_install']['status'] == 'passed' and dry['checks']['sup_install']['source'] == 'status_messages'
    # the logs (read to their budget) and then one status query
    assert result['polls'] >= 2 and result['site_status']['components'] == ['SMS_SITE_COMPONENT_MANAGER',
                                                                            'SMS_WSUS_CONFIGURATION_MANAGER']


def test_a_failed_install_whose_logs_rolled_away_fails_with_the_status_message(tmp_path):
    cm = installed(tmp_path, console=False)  # no WSUS console on the site server: SUP setup fails
    logs_rolled_away(tmp_path, SITE)
    result = cm.run(SupLogVerify, LATEST)
    assert result.get('failed'), result
    check = result['checks']['sup_install']
    assert check['status'] == 'failed' and check['failed_step'] == 'installed' and check['source'] == 'status_messages'
    error = check['errors'][-1]
    assert error['log'] == 'status messages' and error['severity'] == 'error'
    assert 'failed to install this component' in error['message'] and SUP.upper() in error['message']
    assert 'failed to install this component' in result['msg'] and 'Component Status' in check['hint']
    assert 'WSUS administration console' in check['hint']


def test_no_evidence_in_the_logs_nor_in_the_site_status_is_unproven_with_how_to_prove_it(tmp_path):
    cm = LabHost(tmp_path, CM, dict(SITE, existing_software_update_points=[SUP]))
    result = cm.run(SupLogVerify, LATEST)
    assert not result.get('failed'), result.get('msg')
    check = result['checks']['sup_install']
    assert check['status'] == 'unproven' and result['passed'] is False
    assert 'no SMS_SITE_COMPONENT_MANAGER status message for sup01.contoso.com either' in check['reason']
    assert 'software_update_point_reverify: true' in check['hint']
    assert result['site_status']['messages'] == 0


def test_status_messages_age_out_after_the_sites_retention(tmp_path):
    cm = installed(tmp_path)
    logs_rolled_away(tmp_path, SITE)
    LabHost(tmp_path, CM, SITE).later(31 * 86400)  # 30 days by default, then "Delete Aged Status Messages"
    # WCM's hourly cycles are not modelled for a converged SUP: nothing new was raised meanwhile
    result = cm.run(SupLogVerify, LATEST)
    check = result['checks']['sup_install']
    assert check['status'] == 'unproven', result
    assert 'status messages are kept 30 days by default' in check['reason']


def test_wcm_status_messages_do_not_prove_a_sup_on_a_site_with_several(tmp_path):
    config = dict(SITE, existing_software_update_points=['sup02.contoso.com'])
    cm = installed(tmp_path, config=config)
    logs_rolled_away(tmp_path, config)
    result = cm.run(SupLogVerify, LATEST)
    check = result['checks']['sup_install']
    by_name = {step['name']: step for step in check['steps']}
    assert by_name['installed']['status'] == 'passed' and by_name['installed']['source'] == 'status_messages'
    assert check['status'] == 'unproven' and 'several software update points' in check['reason'], check


def test_a_removed_sup_is_not_proven_by_its_earlier_status_messages(tmp_path):
    cm = installed(tmp_path)
    from ansible_collections.configmgr.sup.plugins.action.sup_role import ActionModule  # noqa: PLC0415
    assert not cm.run(ActionModule, {'site_system': SUP, 'state': 'absent'}).get('failed')
    LabHost(tmp_path, CM, SITE).later(60)
    logs_rolled_away(tmp_path, SITE)
    check = cm.run(SupLogVerify, LATEST)['checks']['sup_install']
    by_name = {step['name']: step for step in check['steps']}
    assert by_name['installed']['status'] == 'unproven' and by_name['wcm']['status'] == 'unproven'
    assert check['status'] == 'unproven' and 'is not a software update point of the site now' in check['reason']


# ---- a SUP on the site server itself ---------------------------------------------------------------

def colocated(tmp_path):
    cm = LabHost(tmp_path, CM, SITE)
    assert not cm.run(WsusInstall, {'content_dir': 'D:\\WSUS'}).get('failed')
    return cm


def test_a_colocated_sup_install_is_followed_through_its_supsetup_log_on_the_site_server(tmp_path):
    cm = colocated(tmp_path)
    role = cm.run(SupRole, {'site_system': CM})
    assert not role.get('failed'), role.get('msg')
    LabHost(tmp_path, CM, SITE).later(200)
    followed = cm.run(SupLogVerify, {'checks': ['sup_install'], 'site_system': CM, 'positions': role['log_positions'],
                                     'timeout': 0})
    check = followed['checks']['sup_install']
    assert check['status'] == 'passed', followed
    supsetup = next(step for step in check['steps'] if step['name'] == 'supsetup')
    assert supsetup['status'] == 'passed' and supsetup['line']['log'] == 'SUPSetup.log'
    assert supsetup['line']['message'] == 'Installation was successful.'


def test_the_latest_outcome_of_a_colocated_sup_includes_its_supsetup_log(tmp_path):
    cm = colocated(tmp_path)
    assert not cm.run(SupRole, {'site_system': CM}).get('failed')
    LabHost(tmp_path, CM, SITE).later(200)
    proven = cm.run(SupLogVerify, dict(LATEST, site_system=CM))
    check = proven['checks']['sup_install']
    assert check['status'] == 'passed' and proven['polls'] == 1, proven
    supsetup = next(step for step in check['steps'] if step['name'] == 'supsetup')
    assert supsetup['status'] == 'passed' and supsetup['line']['log'] == 'SUPSetup.log'
    assert supsetup['attempt']['message'] == 'SMSWSUS Setup Started....'
    # a remote SUP's SUPSetup.log is on that server: skipped on the site server
    remote = installed(tmp_path / 'remote').run(SupLogVerify, LATEST)['checks']['sup_install']
    assert next(step for step in remote['steps'] if step['name'] == 'supsetup')['status'] == 'skipped'


def test_a_failed_colocated_sup_setup_fails_with_its_supsetup_lines(tmp_path):
    cm = LabHost(tmp_path, CM, SITE)  # no WSUS on the site server: setup finds no WSUS API
    assert not cm.run(SupRole, {'site_system': CM}).get('failed')
    LabHost(tmp_path, CM, SITE).later(120)
    result = cm.run(SupLogVerify, dict(LATEST, site_system=CM))
    assert result.get('failed'), result
    check = result['checks']['sup_install']
    supsetup = next(step for step in check['steps'] if step['name'] == 'supsetup')
    assert supsetup['status'] == 'failed' and supsetup['line']['log'] == 'SUPSetup.log'
    assert 'Installation failed' in supsetup['line']['message']


# ---- mutation: the status probe's mutants must make these scenarios fail ------------------------------

def _proven_by_status(tmp_path):
    cm = installed(tmp_path)
    logs_rolled_away(tmp_path, SITE)
    result = cm.run(SupLogVerify, LATEST)
    check = result['checks']['sup_install']
    assert check['status'] == 'passed' and check['source'] == 'status_messages', result
    message = next(step for step in check['steps'] if step['name'] == 'installed')['status_message']
    assert message['time'].startswith('2026-11-21T09:0') and message['record_id'] and message['message_id'] == 1015
    assert result['site_status']['software_update_points'] == [SUP]


def _failed_by_status(tmp_path):
    cm = installed(tmp_path, console=False)
    logs_rolled_away(tmp_path, SITE)
    check = cm.run(SupLogVerify, LATEST)['checks']['sup_install']
    assert check['status'] == 'failed' and check['errors'][-1]['severity'] == 'error', check


def _only_milestones_of_the_sup_and_site_server(tmp_path):
    config = dict(SITE, existing_software_update_points=['sup02.contoso.com'])
    cm = installed(tmp_path, config=config)
    logs_rolled_away(tmp_path, config)
    result = cm.run(SupLogVerify, LATEST)
    assert result['checks']['sup_install']['status'] == 'unproven', result
    assert sorted(result['site_status']['software_update_points']) == [SUP, 'sup02.contoso.com']
    assert result['site_status']['messages'] == 2  # SiteComp's installation milestone and WCM's configuration one
    assert result['site_status']['found'] == 2


STATUS_SCENARIOS = [_proven_by_status, _failed_by_status, _only_milestones_of_the_sup_and_site_server]


def _status_mutants():
    from labsim import scripts  # noqa: PLC0415
    from mutants import mutants  # noqa: PLC0415
    return mutants((scripts.SCRIPT_DIR / 'sup_log_verify_status.ps1').read_text(encoding='utf-8'))


def test_the_status_scenarios_pass_with_the_shipped_script(tmp_path):
    for number, scenario in enumerate(STATUS_SCENARIOS):
        scenario(tmp_path / str(number))


@pytest.mark.parametrize('mutant', _status_mutants(), ids=lambda value: str(value).replace(' ', '_'))
def test_a_mutant_of_the_status_probe_is_killed(mutant, tmp_path, monkeypatch):
    from ansible_collections.configmgr.sup.plugins.plugin_utils import _engine  # noqa: PLC0415
    monkeypatch.delenv('LAB_COVERAGE_FILE', raising=False)
    original = _engine._read
    monkeypatch.setattr(_engine, '_read', lambda name: mutant.text if name == 'sup_log_verify_status.ps1'
                        else original(name))
    monkeypatch.setattr(_engine, '_SCRIPTS', {})
    for number, scenario in enumerate(STATUS_SCENARIOS):
        try:
            scenario(tmp_path / str(number))
        except Exception:  # noqa: BLE001 - any failure of a scenario kills the mutant
            return
    pytest.fail(f'sup_log_verify_status.ps1: {mutant} survived')


# ---- the decision, without the lab ----------------------------------------------------------------------

def test_an_unknown_milestone_is_decided_by_its_documented_severity_and_its_time_read_as_utc():
    from ansible_collections.configmgr.sup.plugins.plugin_utils import _site_status as status  # noqa: PLC0415
    step = {'name': 'installed', 'log': 'SiteComp.log', 'status': 'unproven', 'line': None,
            'reason': 'SiteComp.log: no attempt (x) in what was read'}
    assert status.undecided(step)
    probe = {'software_update_points': [SUP], 'messages': [
        {'component': 'SMS_SITE_COMPONENT_MANAGER', 'machine': 'SUP01', 'message_id': 4242, 'severity': 0xC0000000,
         'time': '2026-11-21T10:00:00.0000000+01:00', 'record_id': 7},
        {'component': 'SMS_SITE_COMPONENT_MANAGER', 'machine': 'SUP01', 'message_id': 4243, 'severity': 0x40000000,
         'time': '2026-11-21T09:30:00.0000000Z', 'record_id': 6}]}
    decided = status.step_from_status(step, probe, SUP, CM)
    # 10:00+01:00 is 09:00 UTC: the informational milestone at 09:30 UTC is the newest
    assert decided['status'] == 'passed' and decided['status_message']['message_id'] == 4243
    assert decided['status_message']['time'] == '2026-11-21T09:30:00Z'
    probe['messages'][1]['severity'] = 0x80000000  # a warning milestone ends the operation without success
    failed = status.step_from_status(step, probe, SUP, CM)
    assert failed['status'] == 'failed' and 'warning milestone 4243' in failed['errors'][0]['message']
    assert not status.undecided(dict(step, reason='WCM.log: the latest connection was to port 8531'))


# ---- the lab's site status, as Get-CMSiteStatusMessage shows it -------------------------------------------

class _SiteDrive:
    """What a session offers the cmdlet model once it imported the module and entered the site drive."""

    def __init__(self, host):
        self.host, self.modules, self.location = host, {'configurationmanager'}, 'PR1:\\'
        self.drives = {'pr1': {'name': 'PR1', 'provider': 'CMSite', 'root': CM}}


def _get(host, **params):
    from labsim.powershell import api  # noqa: PLC0415
    return api.COMMANDS['get-cmsitestatusmessage'].function(
        api.Invocation('Get-CMSiteStatusMessage', params, [], _SiteDrive(host)))


def test_the_lab_site_keeps_status_messages_for_its_retention_and_filters_them_as_documented(tmp_path):
    import datetime  # noqa: PLC0415

    from labsim.configmgr import status  # noqa: PLC0415
    config = dict(SITE, status_message_days=2)
    with Store(tmp_path).host(CM, config) as host:
        status.raise_now(host, 'SMS_SITE_COMPONENT_MANAGER', SUP, status.INSTALL_FAILED)
        with host.at_time(host.now() + 86400):
            status.raise_now(host, 'SMS_SITE_COMPONENT_MANAGER', SUP, status.INSTALLED)
            status.raise_now(host, 'SMS_WSUS_CONFIGURATION_MANAGER', CM, status.WCM_CONFIGURED)
        host.data['clock'] += 86400 + 10
        everything = _get(host)
        assert [m.ps_get('MessageID') for m in everything] == [4951, 1015, 6600]
        first = everything[0]
        assert first.ps_get('Severity') == 0xC0000000 and first.ps_get('MessageType') == 256
        assert first.ps_get('MachineName') == SUP.upper() and first.ps_get('Time').tzinfo is not None
        assert [m.ps_get('MessageID') for m in _get(host, Severity=['Error'])] == [4951]
        assert [m.ps_get('MessageID') for m in _get(host, Severity=['All'], MessageId=[1015, 6600])] == [1015, 6600]
        assert [m.ps_get('MessageID') for m in _get(host, ComputerName=['cm01'])] == [6600]
        assert [m.ps_get('MessageID') for m in _get(host, Component=['SMS_WSUS_CONFIGURATION_MANAGER'])] == [6600]
        assert _get(host, SiteCode=['XYZ']) == []
        since = datetime.datetime(2026, 11, 22, 8, 0, 0)  # a day after the first message, before the others
        assert [m.ps_get('MessageID') for m in _get(host, StartDateTime=since)] == [1015, 6600]
        # two days on, the first message aged out (status_message_days=2; 30 by default) and is not shown
        host.data['clock'] += 86400
        assert [m.ps_get('MessageID') for m in _get(host)] == [1015, 6600]
        status.raise_now(host, 'SMS_WSUS_CONFIGURATION_MANAGER', CM, status.WCM_FAILED)
        assert [m['id'] for m in host.data['configmgr']['status_messages']] == [1015, 6600, 6603]  # deleted


def test_reading_the_site_status_leaves_the_site_as_it_was(tmp_path):
    from test_lab_probes_read_only import snapshot  # noqa: PLC0415
    cm = installed(tmp_path)
    logs_rolled_away(tmp_path, SITE)
    LabHost(tmp_path, CM, SITE).later(4 * 3600)  # the site's own work is done: nothing pending
    LabHost(tmp_path, SUP, {}).later(4 * 3600)
    before = snapshot(tmp_path)
    assert not before['pending'] or all(text == '[]' for text in before['pending'].values())
    result = cm.run(SupLogVerify, LATEST)
    assert result['checks']['sup_install']['source'] == 'status_messages', result
    assert snapshot(tmp_path) == before
