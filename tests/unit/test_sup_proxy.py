"""sup_proxy decisions: full proxy set, the refused empty-proxy case, flags order, account and secrecy."""

from __future__ import annotations

import json

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_proxy import SupProxyAction
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_role import SupRoleAction
from cmprobe import site_probe
from harness import FakeHost, ok, run_action

SUP = 'sup01.contoso.com'
TARGET = {'SiteCode': 'PR1', 'SiteSystemServerName': SUP}
SECRET = 'Pr0xy;$(Get-Date)"pw'
PROXY_ON = {'UseProxy': 1, 'ProxyName': 'proxy01.contoso.com', 'ProxyServerPort': 8080}
ACCOUNT = 'CONTOSO\\svc-cm-proxy'


def host(state):
    return FakeHost({'sup_proxy/get': ok(state, changed=False),
                     'sup_proxy/set': ok({'logs': {'WCM.log': {'path': 'w', 'position': 77}}})})


def probe(**kwargs):
    return site_probe(logs=('WCM.log',), **kwargs)


def applied(fake):
    """The apply call; its planned parameters without ``Expected`` (compare-and-set), which is under 'expected'."""
    assert fake.ops() == ['sup_proxy/get', 'sup_proxy/set']
    call = dict(fake.calls[1])
    call['expected'] = call['parameters']['Expected']
    call['parameters'] = {name: value for name, value in call['parameters'].items() if name != 'Expected'}
    return call


#: what the probe read of a site system without a proxy (cmprobe.SERVER), as Expected names it
NO_PROXY = {'server/UseProxy/value': 0, 'server/ProxyName/value2': '', 'server/ProxyServerPort/value': 80,
            'server/AnonymousProxyAccess/value': 1, 'server/ProxyUserName/value2': ''}


def test_proxy_and_sync_flag_are_set_together_with_the_full_proxy_set():
    fake = host(probe(server={}, sup={}))
    result = run_action(SupProxyAction, {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com',
                                         'sync_uses_proxy': True}, fake)
    assert applied(fake)['parameters'] == dict(TARGET, EnableProxy=True, ProxyServerName='proxy01.contoso.com',
                                               ProxyServerPort=80, UseProxy=True)
    assert applied(fake)['expected'] == dict(NO_PROXY, **{'sup/UseProxy/value': 0})
    assert result['after']['software_update_point'] == {'sync_uses_proxy': True, 'adr_uses_proxy': False}
    assert result['log_positions'] == {'WCM.log': {'path': 'w', 'position': 77}}


def test_changing_only_the_port_resends_server_and_account():
    fake = host(probe(server=dict(PROXY_ON, ProxyUserName=ACCOUNT, AnonymousProxyAccess=0), sup={},
                      accounts={ACCOUNT: True}))
    run_action(SupProxyAction, {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com', 'proxy_port': 3128}, fake)
    assert applied(fake)['parameters'] == dict(TARGET, EnableProxy=True, ProxyServerName='proxy01.contoso.com',
                                               ProxyServerPort=3128, ProxyAccountName=ACCOUNT)


def test_converged_proxy_is_one_call():
    fake = host(probe(server=PROXY_ON, sup={'UseProxy': 1}))
    result = run_action(SupProxyAction, {'site_system': SUP, 'proxy_server': 'PROXY01.contoso.com', 'proxy_port': 8080,
                                         'sync_uses_proxy': True}, fake)
    assert result['changed'] is False and fake.ops() == ['sup_proxy/get']


def test_enabling_a_flag_without_any_proxy_is_refused_before_any_change():
    fake = host(probe(server={}, sup={}))
    with pytest.raises(AnsibleActionFail, match='adr_uses_proxy: cannot be enabled.*proxy server cannot be empty'):
        run_action(SupProxyAction, {'site_system': SUP, 'adr_uses_proxy': True}, fake)
    assert fake.ops() == ['sup_proxy/get']


def test_flag_alone_is_fine_when_the_server_has_a_proxy():
    fake = host(probe(server=PROXY_ON, sup={}))
    run_action(SupProxyAction, {'site_system': SUP, 'adr_uses_proxy': True}, fake)
    assert applied(fake)['parameters'] == dict(TARGET, UseProxyForAdr=True)
    assert applied(fake)['expected'] == {'sup/UseProxyForADR/value': 0}


def test_new_proxy_account_is_created_with_the_password_as_a_securestring_only():
    fake = host(probe(server={}, sup={}, accounts={ACCOUNT: False}))
    result = run_action(SupProxyAction, {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com', 'proxy_port': 8080,
                                         'proxy_username': ACCOUNT, 'proxy_password': SECRET}, fake, diff=True)
    call = applied(fake)
    assert call['parameters'] == dict(TARGET, CreateAccount=True, ProxyAccountName=ACCOUNT, EnableProxy=True,
                                      ProxyServerName='proxy01.contoso.com', ProxyServerPort=8080)
    assert call['expected'] == NO_PROXY  # nothing for the password, which cannot be read back
    assert call['sensitive_parameters'] == [{'name': 'Password', 'value': SECRET}]
    assert SECRET not in json.dumps(result) and SECRET not in json.dumps(fake.calls[0])
    assert result['after']['proxy_account_password'] == 'set'


def test_missing_proxy_account_without_password_is_refused():
    fake = host(probe(server={}, sup={}, accounts={ACCOUNT: False}))
    with pytest.raises(AnsibleActionFail, match='proxy_password: is required to create'):
        run_action(SupProxyAction, {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com',
                                    'proxy_username': ACCOUNT}, fake)


def test_empty_username_removes_the_credentials():
    fake = host(probe(server=dict(PROXY_ON, ProxyUserName=ACCOUNT, AnonymousProxyAccess=0), sup={}))
    run_action(SupProxyAction, {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com', 'proxy_username': ''}, fake)
    assert applied(fake)['parameters'] == dict(TARGET, EnableProxy=True, ProxyServerName='proxy01.contoso.com',
                                               ProxyServerPort=8080)


def test_absent_turns_the_flags_off_and_keeps_the_site_system_proxy():
    fake = host(probe(server=PROXY_ON, sup={'UseProxy': 1, 'UseProxyForADR': 1}))
    result = run_action(SupProxyAction, {'site_system': SUP, 'state': 'absent'}, fake)
    assert applied(fake)['parameters'] == dict(TARGET, UseProxy=False, UseProxyForAdr=False)
    assert applied(fake)['expected'] == {'sup/UseProxy/value': 1, 'sup/UseProxyForADR/value': 1}
    assert result['after']['site_system_proxy']['enabled'] is True


def test_absent_can_remove_the_site_system_proxy_and_names_other_roles_that_lose_it():
    fake = host(probe(server=PROXY_ON, sup={'UseProxy': 1},
                      roles=['SMS Site System', 'SMS Software Update Point', 'SMS Service Connection Point']))
    result = run_action(SupProxyAction, {'site_system': SUP, 'state': 'absent', 'remove_site_system_proxy': True}, fake)
    assert applied(fake)['parameters'] == dict(TARGET, UseProxy=False, EnableProxy=False)
    assert 'SMS Service Connection Point' in result['warnings'][0]


def test_missing_role_or_server_fail_a_real_run_and_warn_in_check_mode():
    args = {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com', 'sync_uses_proxy': True}
    assert 'no software update point' in run_action(SupProxyAction, args, host(probe(server={})))['msg']
    assert 'is not a site system server' in run_action(SupProxyAction, args, host(probe()))['msg']
    result = run_action(SupProxyAction, args, host(probe()), check_mode=True)
    assert result['changed'] is True and result['warnings']


@pytest.mark.parametrize('args, option', [
    ({'proxy_server': 'http://proxy01:8080'}, 'proxy_server'),
    ({'proxy_server': 'proxy01:8080'}, 'proxy_server'),
    ({'proxy_server': 'proxy 01'}, 'proxy_server'),
    ({'proxy_server': 'proxy01', 'proxy_port': 0}, 'proxy_port'),
    ({'proxy_port': 8080}, 'proxy_port'),
    ({'proxy_server': 'proxy01', 'proxy_username': 'svc@contoso.com'}, 'proxy_username'),
    ({'proxy_server': 'proxy01', 'proxy_password': SECRET}, 'proxy_username'),
    ({'proxy_server': 'proxy01', 'proxy_username': ACCOUNT, 'update_password': 'always'}, 'proxy_password'),
    ({'state': 'absent', 'sync_uses_proxy': False}, 'sync_uses_proxy'),
    ({'remove_site_system_proxy': True}, 'remove_site_system_proxy'),
    ({'site_system': 'sup01'}, 'site_system'),
])
def test_bad_input_fails_naming_the_option_before_any_call(args, option):
    fake = host(probe(server={}, sup={}))
    with pytest.raises(AnsibleActionFail) as err:
        run_action(SupProxyAction, dict({'site_system': SUP}, **args), fake)
    message = str(err.value)
    assert option in message and message.startswith('configmgr.sup.sup_proxy: ')
    assert SECRET not in message and fake.calls == []


def test_ipv4_and_ipv6_proxy_addresses_are_accepted():
    for address in ('10.0.0.8', '[fd00::8]', 'fd00::8'):
        fake = host(probe(server={}, sup={}))
        run_action(SupProxyAction, {'site_system': SUP, 'proxy_server': address}, fake)
        assert applied(fake)['parameters']['ProxyServerName'] == address


# ---- check mode: the server and role an earlier sup_role task of the same check run adds ----------------------------
ARGS = {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com', 'proxy_port': 8080, 'sync_uses_proxy': True}


def sup_role_result(probe_state, check_mode=True, **args):
    """The registered result of configmgr.sup.sup_role for SUP, made by that action on ``probe_state``."""
    fake = FakeHost({'sup_role/get': ok(probe_state, changed=False), 'sup_role/set': ok({'logs': {}})})
    return run_action(SupRoleAction, dict({'site_system': SUP}, **args), fake, check_mode=check_mode, diff=True)


@pytest.mark.parametrize('state', [probe(), probe(server={})], ids=['no server', 'server without the role'])
def test_check_mode_plans_for_the_server_and_role_sup_role_adds_earlier_in_the_same_run(state):
    role = sup_role_result(state)
    assert role['changed'] is True
    planned = run_action(SupProxyAction, dict(ARGS, sup_role_result=role), host(state), check_mode=True, diff=True)
    assert not planned.get('warnings') and planned['changed'] is True
    # what the check run of the host after sup_role plans: the same diff
    after = run_action(SupProxyAction, ARGS, host(probe(server={}, sup={})), check_mode=True, diff=True)
    assert planned['diff'] == after['diff']
    assert planned['diff']['before']['software_update_point'] == {'sync_uses_proxy': False, 'adr_uses_proxy': False}
    assert 'sup_role_result' not in json.dumps(planned)


def test_a_sup_role_result_that_predicts_no_role_keeps_the_warning_and_a_real_run_reads_the_host():
    role = sup_role_result(probe())
    for result in (dict(role, changed=False), dict(role, failed=True), {'skipped': True, 'changed': False},
                   sup_role_result(probe(server={}, sup={}), state='absent')):
        planned = run_action(SupProxyAction, dict(ARGS, sup_role_result=result), host(probe()), check_mode=True)
        assert 'is not a site system server' in planned['warnings'][0], result
    real = run_action(SupProxyAction, dict(ARGS, sup_role_result=role), host(probe()))
    assert real['failed'] is True and 'is not a site system server' in real['msg']


@pytest.mark.parametrize('args, message', [
    ({'state': 'absent'}, 'not used with state=absent'),
    ({'site_system': 'sup02.contoso.com'}, 'another site system \\(sup01.contoso.com\\), not sup02.contoso.com'),
    ({'site_code': 'PR2'}, 'site PR1, not PR2'),
])
def test_a_sup_role_result_for_something_else_is_refused_before_any_call(args, message):
    role = sup_role_result(probe())
    fake = host(probe())
    task = dict({'site_system': SUP, 'sup_role_result': role}, **args)
    with pytest.raises(AnsibleActionFail, match=f'sup_role_result: .*{message}'):
        run_action(SupProxyAction, task, fake, check_mode=True)
    assert fake.calls == []


def test_a_result_of_another_module_is_refused_as_sup_role_result():
    fake = host(probe())
    with pytest.raises(AnsibleActionFail, match='sup_role_result: is not the registered result of a '
                                                'configmgr.sup.sup_role task'):
        run_action(SupProxyAction, dict(ARGS, sup_role_result={'changed': True, 'features': {}}), fake)
    assert fake.calls == []
