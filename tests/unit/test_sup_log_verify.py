"""sup_log_verify: the chains, failure evidence and hints, polling, rollover, bounded reads, check mode."""

from __future__ import annotations

import base64

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils import _sup_log_verify
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_log_verify import SupLogVerifyAction
from harness import FakeHost, ok, run_action

SUP = 'sup01.contoso.com'
FOLDER = 'C:\\CM\\Logs\\'


def simple(component, message, second=0):
    return f'{message}  $$<{component}><11-21-2026 09:00:{second:02d}.000+000><thread=1 (0x1)>\r\n'


PROVIDER = simple('SMS Provider', 'PutInstanceAsync SMS_SCI_SysResUse~')
SITECOMP_START = (simple('SMS_SITE_COMPONENT_MANAGER', 'Installing component SMS_WSUS_CONTROL_MANAGER...', 8)
                  + simple('SMS_SITE_COMPONENT_MANAGER', 'WARNING: counter could not be read, will retry.', 9)
                  + simple('SMS_SITE_COMPONENT_MANAGER', 'Starting service SMS_SERVER_BOOTSTRAP_SUP01 with command-line '
                           'arguments "PR1 C:\\SMS_PR1 /install C:\\SMS_PR1\\bin\\x64\\rolesetup.exe SMSWSUS "...', 10))
SITECOMP_OK = simple('SMS_SITE_COMPONENT_MANAGER', '"C:\\SMS_PR1\\bin\\x64\\rolesetup.exe /install /siteserver:CM01" '
                     'executed successfully on server SUP01.CONTOSO.COM.', 45)
SITECOMP_FAIL = simple('SMS_SITE_COMPONENT_MANAGER', '"rolesetup.exe /install" failed on server SUP01.CONTOSO.COM '
                       'with exit code 1.', 45)
WCM_OK = simple('SMS_WSUS_CONFIGURATION_MANAGER', 'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)', 59)
WCM_407 = simple('SMS_WSUS_CONFIGURATION_MANAGER', 'System.Net.WebException: The request failed with HTTP status 407: '
                 'Proxy Authentication Required.', 59)


class Logs:
    """A fake host whose logs grow between polls: ``script`` is a list of {log: text appended before that poll}."""

    def __init__(self, script, existing=None, host_fqdn='cm01.contoso.com', rolled=()):
        self.files = {name: text.encode() for name, text in (existing or {}).items()}
        self.script = list(script)
        self.host_fqdn = host_fqdn
        self.rolled = set(rolled)
        self.fake = FakeHost({'sup_log_verify/get': self.answer})

    def answer(self, module_args):
        for name, text in (self.script.pop(0) if self.script else {}).items():
            if name in self.rolled:
                self.files[name[:-4] + '.lo_'] = self.files.get(name, b'') + text.encode()
                self.files[name] = b''
                self.rolled.discard(name)
                continue
            self.files[name] = self.files.get(name, b'') + text.encode()
        params = module_args['parameters']
        logs = []
        for i, name in enumerate(params['Name']):
            if name not in self.files:
                logs.append({'name': name, 'exists': False})
                continue
            data, start = self.files[name], params['Position'][i]
            entry = {'name': name, 'exists': True, 'path': FOLDER + name, 'size': len(data), 'head': ''}
            if start < 0:
                start = max(0, len(data) - params['LookbackBytes'])
            if len(data) < start:
                old = self.files.get(name[:-4] + '.lo_', b'')
                entry.update(rolled=True, lo_from=start, lo_data=base64.b64encode(old[start:start + params['MaxBytes']]).decode())
                start = 0
            entry.update(read_from=start, data=base64.b64encode(data[start:start + params['MaxBytes']]).decode())
            logs.append(entry)
        return ok({'host_fqdn': self.host_fqdn, 'logs': logs}, changed=False)


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    monkeypatch.setattr(_sup_log_verify.time, 'sleep', lambda seconds: None)


ZERO = {'SMSProv.log': 0, 'SiteComp.log': 0, 'SUPSetup.log': 0, 'WCM.log': 0}
INSTALL = {'checks': ['sup_install'], 'site_system': SUP, 'positions': ZERO, 'poll_interval': 1, 'timeout': 60}


def test_a_new_sup_is_followed_through_the_chain_as_the_lines_arrive():
    logs = Logs([{'SMSProv.log': PROVIDER}, {'SiteComp.log': SITECOMP_START}, {'SiteComp.log': SITECOMP_OK},
                 {'WCM.log': WCM_OK}], existing={'SMSProv.log': '', 'SiteComp.log': '', 'WCM.log': ''})
    result = run_action(SupLogVerifyAction, INSTALL, logs.fake)
    check = result['checks']['sup_install']
    assert result['passed'] and check['status'] == 'passed' and not result.get('failed')
    assert [s['name'] for s in check['steps']] == ['provider', 'component', 'bootstrap', 'installed', 'supsetup', 'wcm']
    assert [s['status'] for s in check['steps']] == ['passed'] * 4 + ['skipped', 'passed']  # remote SUP: no local SUPSetup
    assert check['steps'][3]['line']['component'] == 'SMS_SITE_COMPONENT_MANAGER'
    assert result['polls'] == 4 and len(logs.fake.calls) == 4  # one round trip per poll


def test_setup_failure_reports_the_lines_and_the_console_hint():
    logs = Logs([{'SMSProv.log': PROVIDER, 'SiteComp.log': SITECOMP_START + SITECOMP_FAIL}],
                existing={'SMSProv.log': '', 'SiteComp.log': '', 'WCM.log': ''})
    result = run_action(SupLogVerifyAction, INSTALL, logs.fake)
    check = result['checks']['sup_install']
    assert result['failed'] and check['status'] == 'failed' and check['failed_step'] == 'installed'
    assert 'WSUS administration console' in check['hint'] and 'SUPSetup.log' in result['msg']
    assert [e['severity'] for e in check['errors']] == ['warning', 'error']


def test_supsetup_that_ends_without_success_fails_on_the_sup_with_the_assembly_lines():
    lines = ''.join(f'<11/21/26 09:00:{i:02d}> {m}\r\n' for i, m in enumerate([
        'SMSWSUS Setup Started....', 'Checking runtime v2.0.50727...',
        'Did not find supported version of assembly Microsoft.UpdateServices.Administration.',
        'Checking runtime v4.0.30319...',
        'Did not find supported version of assembly Microsoft.UpdateServices.Administration.',
        'Installation failed.', '~RoleSetup().']))
    logs = Logs([{'SUPSetup.log': lines}], existing={'SUPSetup.log': ''}, host_fqdn=SUP)
    result = run_action(SupLogVerifyAction, {'checks': ['sup_setup'], 'positions': {'SUPSetup.log': 0}}, logs.fake)
    check = result['checks']['sup_setup']
    assert check['status'] == 'failed' and check['errors'][-1]['message'] == '~RoleSetup().'
    assert sum('Did not find supported version' in e['message'] for e in check['errors']) == 2


def test_a_colocated_sup_needs_supsetup_on_the_site_server():
    logs = Logs([{'SMSProv.log': PROVIDER, 'SiteComp.log': SITECOMP_START + SITECOMP_OK.replace('SUP01', 'CM01'),
                  'WCM.log': WCM_OK}], existing={'SMSProv.log': '', 'SiteComp.log': '', 'WCM.log': '', 'SUPSetup.log': ''})
    args = dict(INSTALL, site_system='cm01.contoso.com', timeout=0)
    result = run_action(SupLogVerifyAction, args, logs.fake)
    check = result['checks']['sup_install']
    assert check['status'] == 'timeout' and check['waiting_for'].startswith('SUPSetup.log')
    assert 'timed out after 0 s waiting for SUPSetup.log' in result['msg']


def test_proxy_407_fails_with_the_proxy_hint():
    logs = Logs([{'WCM.log': WCM_407}], existing={'WCM.log': ''})
    result = run_action(SupLogVerifyAction, {'checks': ['proxy'], 'positions': {'WCM.log': 0}}, logs.fake)
    assert result['failed'] and 'proxy_username' in result['checks']['proxy']['hint']
    assert '407' in result['checks']['proxy']['errors'][-1]['message']


def test_only_lines_after_the_position_count():
    old = WCM_OK  # a success from an earlier configuration
    logs = Logs([], existing={'WCM.log': old})
    result = run_action(SupLogVerifyAction, {'checks': ['proxy'], 'positions': {'WCM.log': len(old)}, 'timeout': 0},
                        logs.fake)
    assert result['checks']['proxy']['status'] == 'timeout' and result['bytes_read'] == 0


def test_log_positions_returned_by_other_modules_are_accepted():
    logs = Logs([{'WCM.log': WCM_OK}], existing={'WCM.log': 'x' * 100})
    positions = {'WCM.log': {'path': FOLDER + 'WCM.log', 'position': 100, 'head': ''}}
    result = run_action(SupLogVerifyAction, {'checks': ['proxy'], 'positions': positions}, logs.fake)
    assert result['passed'] and logs.fake.calls[0]['parameters']['Position'] == [100]
    assert result['positions']['WCM.log']['position'] == 100 + len(WCM_OK)


def test_a_rollover_while_waiting_is_followed_into_the_lo_file():
    logs = Logs([{}, {'WCM.log': WCM_OK}], existing={'WCM.log': 'x' * 50}, rolled=['WCM.log'])
    result = run_action(SupLogVerifyAction, {'checks': ['proxy'], 'positions': {'WCM.log': 50}}, logs.fake)
    assert result['passed']
    assert result['checks']['proxy']['steps'][0]['line']['log'] == 'WCM.lo_'


def test_reads_are_bounded_and_a_big_backlog_is_read_on_without_waiting():
    big = simple('SMS_WSUS_CONFIGURATION_MANAGER', 'noise ' + 'n' * 200) * 100  # ~25 KB
    logs = Logs([{'WCM.log': big + WCM_OK}], existing={'WCM.log': ''})
    result = run_action(SupLogVerifyAction, {'checks': ['proxy'], 'positions': {'WCM.log': 0},
                                             'max_bytes_per_read': 4096, 'timeout': 0}, logs.fake)
    assert result['passed'] and result['polls'] >= len(big) // 4096
    assert all(c['parameters']['MaxBytes'] == 4096 for c in logs.fake.calls)


def test_check_mode_reads_once_and_reports_pending_instead_of_failing():
    logs = Logs([], existing={'SMSProv.log': '', 'SiteComp.log': '', 'WCM.log': ''})
    result = run_action(SupLogVerifyAction, INSTALL, logs.fake, check_mode=True)
    assert result['checks']['sup_install']['status'] == 'pending' and not result.get('failed')
    assert result['polls'] == 1 and result['changed'] is False


def test_custom_checks():
    logs = Logs([{'WsyncMgr.log': simple('SMS_WSUS_SYNC_MANAGER', 'Sync failed: WSUS server not configured. '
                                         'Please refer to WCM.log')}], existing={'WsyncMgr.log': ''})
    args = {'custom_checks': [{'name': 'sync', 'log': 'WsyncMgr.log', 'success': 'Sync succeeded',
                               'failure': 'Sync failed', 'hint': 'look at WCM.log'}], 'positions': {'WsyncMgr.log': 0}}
    result = run_action(SupLogVerifyAction, args, logs.fake)
    assert result['checks']['sync']['status'] == 'failed' and result['checks']['sync']['hint'] == 'look at WCM.log'


@pytest.mark.parametrize('args, option', [
    ({}, 'checks'),
    ({'checks': ['sup_install']}, 'site_system'),
    ({'checks': ['everything']}, 'checks'),
    ({'checks': ['proxy'], 'positions': {'WCM.log': -5}}, 'positions'),
    ({'checks': ['proxy'], 'positions': {'C:\\x\\WCM.log': 5}}, 'positions'),
    ({'checks': ['proxy'], 'poll_interval': 0}, 'poll_interval'),
    ({'checks': ['proxy'], 'timeout': -1}, 'timeout'),
    ({'checks': ['proxy'], 'logs_dir': 'Logs'}, 'logs_dir'),
    ({'custom_checks': [{'name': 'x', 'log': 'WCM.log', 'success': '(unclosed'}]}, 'custom_checks'),
    ({'custom_checks': [{'name': 'x', 'log': '..\\evil.log', 'success': 'ok'}]}, 'custom_checks'),
])
def test_bad_input_fails_naming_the_option_before_any_read(args, option):
    logs = Logs([])
    with pytest.raises(AnsibleActionFail) as err:
        run_action(SupLogVerifyAction, args, logs.fake)
    assert option in str(err.value) and str(err.value).startswith('configmgr.sup.sup_log_verify: ')
    assert logs.fake.calls == []


def test_latest_reports_unproven_with_the_reason_when_the_site_status_cannot_be_read():
    """No log mentions the SUP; the status probe then fails (no console on this host): not a task failure."""
    failed_status = {'failed': True, 'changed': False, 'output': [], 'warning': [],
                     'error': [{'exception': {'message': 'The Configuration Manager console is not installed on this '
                                                         'host (SMS_ADMIN_UI_PATH is not set)'}}]}
    fake = FakeHost({'sup_log_verify/get': ok({'host_fqdn': 'cm01.contoso.com', 'logs': [
        {'name': 'SiteComp.log', 'exists': False}, {'name': 'SUPSetup.log', 'exists': False},
        {'name': 'WCM.log', 'exists': False}]}, changed=False), 'sup_log_verify_status': failed_status})
    result = run_action(SupLogVerifyAction, {'checks': ['sup_install'], 'site_system': SUP, 'mode': 'latest',
                                             'timeout': 0}, fake)
    assert not result.get('failed'), result
    check = result['checks']['sup_install']
    assert check['status'] == 'unproven' and 'the site status could not be read' in check['reason']
    assert 'SMS_ADMIN_UI_PATH' in result['site_status']['error'] and fake.ops() == ['sup_log_verify/get',
                                                                                  'sup_log_verify_status']
    assert result['polls'] == 2 and 'source' not in check
