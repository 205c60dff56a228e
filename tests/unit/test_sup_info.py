"""sup_info: one read-only call, reported in the modules' vocabulary."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_info import SupInfoAction
from ansible_collections.configmgr.sup.plugins.action.sup_info import ActionModule as SupInfoActionModule
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstallActionModule
from cmprobe import embedded
from harness import FakeHost, ok, run_action
from labhost import LabHost

SID = 'S-1-5-21-1-2-3-1105'
SETUP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'
SUP_HOST = {
    'host_fqdn': 'sup01.contoso.com',
    'features': {'UpdateServices': 'Installed', 'UpdateServices-Services': 'Installed',
                 'UpdateServices-WidDB': 'Installed', 'UpdateServices-DB': 'Available', 'UpdateServices-API': 'Installed'},
    'setup': {'ContentDir': 'D:\\WSUS', 'PortNumber': 8530, 'UsingSSL': 1, 'ServerCertificateName': 'sup01.contoso.com'},
    'role_services': {'UpdateServices-Services': 2, 'UpdateServices-WidDatabase': 2, 'UpdateServices-API': 2},
    'site': {'name': 'WSUS Administration', 'https': [{'port': 8531, 'thumbprint': 'AB'}],
             'vroots': {'ApiRemoting30': 'Ssl', 'ClientWebService': 'Ssl,Ssl128', 'DSSAuthWebService': 'Ssl',
                        'ServerSyncWebService': 'Ssl', 'SimpleAuthWebService': 'Ssl', 'Content': 'None'}},
    'account': {'name': 'CONTOSO\\svc-sup-wsus', 'sid': SID},
    'groups': {'Administrators': [SID, 'S-1-5-21-9-500'], 'WSUS Administrators': []},
    'services': {'WsusService': 'Running', 'W3SVC': 'Running'},
    'configmgr': None,
}
SITE_SERVER = {
    'host_fqdn': 'cm01.contoso.com', 'features': {'UpdateServices-API': 'Installed'}, 'setup': {}, 'role_services': {},
    'site': {}, 'account': None, 'groups': {}, 'services': {'SMS_EXECUTIVE': 'Running'},
    'configmgr': {'site_code': 'PR1', 'logs': {'WCM.log': {'path': 'x', 'position': 5}}, 'sups': [{
        'server': 'SUP01.CONTOSO.COM',
        'props': embedded({'WSUSIISPort': 8530, 'WSUSIISSSLPort': 8531, 'SSLWSUS': 1, 'IsINF': 0, 'IsIntranet': 1,
                           'UseProxy': 1, 'UseProxyForADR': 0, 'WSUSAccessAccount': 'CONTOSO\\svc-sup-wsus'}),
        'site_system': embedded({'UseProxy': 1, 'ProxyName': 'proxy01', 'ProxyServerPort': 8080,
                                 'AnonymousProxyAccess': 1, 'UseMachineAccount': 1})}]},
}


def info(probe, args=None, check_mode=False):
    fake = FakeHost({'sup_info/get': ok(probe, changed=False)})
    return run_action(SupInfoAction, args or {}, fake, check_mode=check_mode), fake


def test_a_sup_host_in_one_call():
    result, fake = info(SUP_HOST, {'connection_account': 'CONTOSO\\svc-sup-wsus'})
    assert len(fake.calls) == 1 and result['changed'] is False and 'before' not in result
    assert result['wsus']['postinstall_state'] == 'complete' and result['wsus']['https_port'] == 8531
    assert result['wsus']['database'] == 'wid' and result['wsus']['using_ssl'] is True
    assert result['ssl']['five_roots_require_ssl'] is True and result['ssl']['content_requires_ssl'] is False
    assert result['connection_account']['member_of'] == {'Administrators': True, 'WSUS Administrators': False}
    assert result['configmgr'] is None


def test_the_site_servers_view_of_its_sups():
    result, _ = info(SITE_SERVER)
    sup = result['configmgr']['software_update_points']['sup01.contoso.com']
    assert sup['ssl'] is True and sup['client_connection'] == 'intranet' and sup['sync_uses_proxy'] is True
    assert sup['site_system_proxy'] == {'enabled': True, 'server': 'proxy01', 'port': 8080, 'username': ''}
    assert result['configmgr']['log_positions']['WCM.log']['position'] == 5
    assert result['ssl'] is None and result['wsus']['server_installed'] is False


def test_works_the_same_in_check_mode():
    assert info(SUP_HOST, check_mode=True)[0]['wsus'] == info(SUP_HOST)[0]['wsus']


@pytest.mark.parametrize('args, option', [({'connection_account': 'nobody'}, 'connection_account'),
                                          ({'site_code': 'PR11'}, 'site_code'), ({'logs': ['C:\\a.log']}, 'logs')])
def test_bad_input_is_refused_before_the_call(args, option):
    fake = FakeHost({})
    with pytest.raises(AnsibleActionFail, match=option):
        run_action(SupInfoAction, args, fake)
    assert fake.calls == []


def test_a_half_finished_postinstall_reports_no_ports_and_keeps_its_state():
    # post-install configured the services but not the database: PortNumber is already in the Setup key
    half = dict(SUP_HOST, role_services={'UpdateServices-Services': 2, 'UpdateServices-WidDatabase': 0,
                                         'UpdateServices-API': 2})
    wsus = info(half)[0]['wsus']
    assert wsus['postinstall_state'] == 'partial' and wsus['server_installed'] is True
    assert (wsus['http_port'], wsus['https_port'], wsus['using_ssl']) == (None, None, None)
    assert wsus['database'] == 'wid' and wsus['content_dir'] == 'D:\\WSUS'
    never = dict(SUP_HOST, role_services={})
    assert info(never)[0]['wsus']['postinstall_state'] == 'pending' and info(never)[0]['wsus']['http_port'] is None
    done = info(SUP_HOST)[0]['wsus']
    assert (done['http_port'], done['https_port'], done['using_ssl']) == (8530, 8531, True)


def test_sup_info_after_a_failed_postinstall_in_the_lab_reports_no_ports(tmp_path):
    # WSUS installed, removed (the Setup key stays, as on Windows), then reinstalled with SQL unreachable
    host = LabHost(tmp_path, 'sup01.contoso.com')
    assert host.run(WsusInstallActionModule, {'content_dir': 'D:\\WSUS'})['postinstall_state'] == 'complete'
    assert not host.run(WsusInstallActionModule, {'state': 'absent'}).get('failed')
    host.config['faults'] = {'postinstall_failure': True}
    failed = host.run(WsusInstallActionModule, {'content_dir': 'D:\\WSUS'})
    assert failed.get('failed') and failed['postinstall_state'] == 'partial' and failed['http_port'] is None
    setup = {key.lower(): values for key, values in host.state()['registry'].items()}[SETUP_KEY.lower()]
    assert setup.get('PortNumber') == 8530  # left in the Setup key: not a port WSUS serves
    wsus = host.run(SupInfoActionModule, {'logs': []})['wsus']
    assert wsus['postinstall_state'] == 'partial' and wsus['server_installed'] is True
    assert (wsus['http_port'], wsus['https_port'], wsus['using_ssl']) == (None, None, None)


def site_server_lab(tmp_path, *accounts):
    """A lab site server whose Configuration Manager already has ``accounts`` (SMS_SCI_Reserved)."""
    from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
    host = LabHost(tmp_path, 'cm01.contoso.com', {'profile': 'site_server', 'site_code': 'PR1'})
    with Store(host.state_dir).host(host.name, host.config) as state:
        for user in accounts:
            state.data['configmgr']['accounts'][user] = {'password': 'fingerprint', 'changed_at': '2026-01-01T00:00:00'}
    return host


def test_configmgr_accounts_reports_which_accounts_the_site_has_in_the_same_call(tmp_path):
    host = site_server_lab(tmp_path, 'CONTOSO\\svc-sup-wsus')
    # a UPN and another case of the same name are the same Configuration Manager account
    names = ['contoso\\SVC-SUP-WSUS', 'svc-sup-wsus@contoso.com', 'CONTOSO\\svc-cm-proxy', 'CONTOSO\\nobody']
    result = host.run(SupInfoActionModule, {'logs': [], 'configmgr_accounts': names})
    assert not result.get('failed'), result.get('msg')
    assert result['configmgr_accounts'] == {'contoso\\SVC-SUP-WSUS': True, 'svc-sup-wsus@contoso.com': True,
                                            'CONTOSO\\svc-cm-proxy': False, 'CONTOSO\\nobody': False}
    assert result['configmgr']['site_code'] == 'PR1'


def test_configmgr_accounts_not_asked_looks_up_no_account(tmp_path):
    host = site_server_lab(tmp_path, 'CONTOSO\\svc-sup-wsus')
    result = host.run(SupInfoActionModule, {'logs': []})
    assert result['configmgr_accounts'] is None and result['configmgr'] is not None
    _, fake = info(SITE_SERVER)
    assert 'ConfigMgrAccount' not in fake.calls[0]['parameters']


def test_configmgr_accounts_asked_of_a_host_without_a_site_is_null(tmp_path):
    result = info(SUP_HOST, {'configmgr_accounts': ['CONTOSO\\svc-sup-wsus']})[0]
    assert result['configmgr_accounts'] is None


def test_configmgr_accounts_asks_each_name_once_case_insensitively():
    site = dict(SITE_SERVER, configmgr=dict(SITE_SERVER['configmgr'], accounts={'CONTOSO\\a': True}))
    result, fake = info(site, {'configmgr_accounts': ['CONTOSO\\a', 'contoso\\A']})
    assert fake.calls[0]['parameters']['ConfigMgrAccount'] == ['CONTOSO\\a']
    assert result['configmgr_accounts'] == {'CONTOSO\\a': True, 'contoso\\A': True}


@pytest.mark.parametrize('name', ['nobody', 'svc*@contoso.com', 'CONTOSO\\svc-*'])
def test_configmgr_accounts_refuses_non_accounts_and_wildcards_before_the_call(name):
    fake = FakeHost({})
    with pytest.raises(AnsibleActionFail, match='configmgr_accounts'):
        run_action(SupInfoAction, {'configmgr_accounts': [name]}, fake)
    assert fake.calls == []
