"""sup_role decisions: create server and role, compare only given settings, remove only the role."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_role import SupRoleAction
from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_install import WsusInstallAction
from cmprobe import site_probe
from harness import FakeHost, ok, run_action

SUP = 'sup01.contoso.com'
TARGET = {'SiteCode': 'PR1', 'SiteSystemServerName': SUP}
AFTER_LOGS = {'SMSProv.log': {'path': 'x', 'position': 250}, 'SiteComp.log': {'path': 'y', 'position': 900}}


def host(state):
    return FakeHost({'sup_role/get': ok(state, changed=False), 'sup_role/set': ok({'logs': AFTER_LOGS})})


def applied(fake):
    """The planned parameters; ``Expected`` (compare-and-set) is checked with ``expected``."""
    assert fake.ops() == ['sup_role/get', 'sup_role/set']
    return {name: value for name, value in fake.calls[1]['parameters'].items() if name != 'Expected'}


def expected(fake):
    return fake.calls[1]['parameters']['Expected']


def test_new_server_and_role_are_created_with_the_site_server_account_and_cmdlet_defaults():
    fake = host(site_probe())
    result = run_action(SupRoleAction, {'site_system': SUP}, fake, diff=True)
    assert applied(fake) == dict(TARGET, Server='create', UseSiteServerAccount=True, Role='add')
    assert expected(fake) == {'exists/server': False, 'exists/sup': False}
    assert result['role_new'] is True and result['remote'] is True
    assert result['after']['software_update_point'] == {'http_port': 8530, 'https_port': 8531, 'ssl': False,
                                                        'client_connection': 'intranet', 'cloud_gateway': False,
                                                        'connection_account': ''}
    assert result['log_positions'] == AFTER_LOGS and 'SUPSetup.log' in result['msg']
    assert result['diff']['before'] == {'site_system_server': None, 'software_update_point': None}


def test_existing_server_only_gets_the_role_with_the_given_settings():
    fake = host(site_probe(server={}))
    run_action(SupRoleAction, {'site_system': SUP, 'http_port': 80, 'https_port': 443, 'ssl': True}, fake)
    assert applied(fake) == dict(TARGET, Role='add', HttpPort=80, HttpsPort=443, Ssl=True)


def test_converged_role_is_one_call_and_reports_current_log_positions():
    fake = host(site_probe(server={}, sup={}))
    result = run_action(SupRoleAction, {'site_system': SUP, 'http_port': 8530}, fake)
    assert result['changed'] is False and fake.ops() == ['sup_role/get']
    assert result['log_positions']['SMSProv.log']['position'] == 100


def test_only_the_settings_given_are_compared_and_changed():
    fake = host(site_probe(server={}, sup={'WSUSIISPort': 80, 'WSUSIISSSLPort': 443, 'WSUSAccessAccount': 'CONTOSO\\x'}))
    result = run_action(SupRoleAction, {'site_system': SUP, 'ssl': True}, fake)
    assert applied(fake) == dict(TARGET, Role='update', Ssl=True)
    assert expected(fake) == {'exists/sup': True, 'sup/SSLWSUS/value': 0}  # only what changes, as the probe read it
    assert result['after']['software_update_point']['http_port'] == 80  # kept, not reset to 8530
    assert result['after']['software_update_point']['connection_account'] == 'CONTOSO\\x'


def test_internet_facing_role_needs_and_sets_the_public_fqdn():
    fake = host(site_probe(server={}))
    args = {'site_system': SUP, 'client_connection': 'internet', 'public_fqdn': 'SUP01.Internet.Contoso.com'}
    run_action(SupRoleAction, args, fake)
    assert applied(fake) == dict(TARGET, Server='update', PublicFqdn='sup01.internet.contoso.com', Role='add',
                                 ClientConnectionType='Internet')
    assert expected(fake) == {'exists/server': True, 'server/Server Remote Public Name/value1': '', 'exists/sup': False}


def test_internet_facing_without_a_public_fqdn_is_refused_after_one_read():
    fake = host(site_probe(server={}))
    with pytest.raises(AnsibleActionFail, match='public_fqdn: is required: an Internet-facing'):
        run_action(SupRoleAction, {'site_system': SUP, 'client_connection': 'both'}, fake)
    assert fake.ops() == ['sup_role/get']


def test_a_public_fqdn_already_on_the_server_is_enough():
    fake = host(site_probe(server={'Server Remote Public Name': 'sup01.internet.contoso.com'}))
    run_action(SupRoleAction, {'site_system': SUP, 'client_connection': 'both'}, fake)
    assert applied(fake)['ClientConnectionType'] == 'InternetAndIntranet'
    assert expected(fake) == {'exists/sup': False}


def test_cloud_gateway_needs_internet_facing_and_ssl_including_current_settings():
    fake = host(site_probe(server={'Server Remote Public Name': 'x.contoso.com'}, sup={'IsINF': 1, 'IsIntranet': 0}))
    with pytest.raises(AnsibleActionFail, match='cloud_gateway: needs ssl=true'):
        run_action(SupRoleAction, {'site_system': SUP, 'cloud_gateway': True}, fake)
    fake = host(site_probe(server={'Server Remote Public Name': 'x.contoso.com'},
                           sup={'IsINF': 1, 'IsIntranet': 0, 'SSLWSUS': 1}))
    run_action(SupRoleAction, {'site_system': SUP, 'cloud_gateway': True}, fake)
    assert applied(fake) == dict(TARGET, Role='update', CloudGateway=True)
    assert expected(fake) == {'exists/sup': True, 'sup/AllowProxyTraffic/value': 0}


def test_connection_account_or_the_computer_account():
    fake = host(site_probe(server={}, sup={}, accounts={'CONTOSO\\svc-sup-wsus': True}))
    run_action(SupRoleAction, {'site_system': SUP, 'connection_account': 'CONTOSO\\svc-sup-wsus'}, fake)
    assert applied(fake) == dict(TARGET, Role='update', ConnectionAccount='CONTOSO\\svc-sup-wsus')
    assert fake.calls[0]['parameters']['AccountName'] == ['CONTOSO\\svc-sup-wsus']
    fake = host(site_probe(server={}, sup={'WSUSAccessAccount': 'CONTOSO\\svc-sup-wsus'}))
    run_action(SupRoleAction, {'site_system': SUP, 'connection_account': ''}, fake)
    assert applied(fake) == dict(TARGET, Role='update', AnonymousAccess=True)
    assert expected(fake) == {'exists/sup': True, 'sup/WSUSAccessAccount/value2': 'CONTOSO\\svc-sup-wsus'}


def test_unknown_account_fails_a_real_run_and_warns_in_check_mode():
    args = {'site_system': SUP, 'install_account': 'CONTOSO\\svc-cm-install'}
    result = run_action(SupRoleAction, args, host(site_probe(accounts={'CONTOSO\\svc-cm-install': False})))
    assert result['failed'] and 'is not a Configuration Manager account' in result['msg']
    result = run_action(SupRoleAction, args, host(site_probe(accounts={'CONTOSO\\svc-cm-install': False})),
                        check_mode=True)
    assert result['changed'] is True and 'not a Configuration Manager account' in result['warnings'][0]


def test_install_account_and_site_server_initiated_transfers_on_a_new_server():
    fake = host(site_probe(accounts={'CONTOSO\\svc-cm-install': True}))
    run_action(SupRoleAction, {'site_system': SUP, 'install_account': 'CONTOSO\\svc-cm-install',
                               'site_server_initiated_transfers': True}, fake)
    assert applied(fake) == dict(TARGET, Server='create', AccountName='CONTOSO\\svc-cm-install', FdmOperation=True,
                                 Role='add')


def test_absent_removes_only_the_role_and_never_the_server():
    fake = host(site_probe(server={}, sup={}, roles=['SMS Site System', 'SMS Software Update Point',
                                                     'SMS Distribution Point']))
    result = run_action(SupRoleAction, {'site_system': SUP, 'state': 'absent'}, fake)
    assert applied(fake) == dict(TARGET, Role='remove')
    assert expected(fake) == {'exists/sup': True}
    assert result['after'] == {'site_system_server': result['before']['site_system_server'],
                               'software_update_point': None}


def test_absent_without_the_role_changes_nothing():
    assert run_action(SupRoleAction, {'site_system': SUP, 'state': 'absent'}, host(site_probe(server={})))['changed'] is False


def test_remote_sup_without_wsus_api_on_the_site_server_is_warned_about():
    result = run_action(SupRoleAction, {'site_system': SUP}, host(site_probe(api='Available')))
    assert 'UpdateServices-API' in result['warnings'][0] and 'role=console' in result['warnings'][0]
    colocated = run_action(SupRoleAction, {'site_system': 'cm01.contoso.com'}, host(site_probe(server={}, api='Available')))
    assert colocated['remote'] is False and not colocated.get('warnings')


@pytest.mark.parametrize('args, option', [
    ({'site_system': 'sup01'}, 'site_system'),
    ({'site_system': SUP, 'site_code': 'P1'}, 'site_code'),
    ({'site_system': SUP, 'http_port': 0}, 'http_port'),
    ({'site_system': SUP, 'https_port': 70000}, 'https_port'),
    ({'site_system': SUP, 'http_port': 8530, 'https_port': 8530}, 'https_port'),
    ({'site_system': SUP, 'client_connection': 'intranet', 'cloud_gateway': True}, 'cloud_gateway'),
    ({'site_system': SUP, 'ssl': False, 'cloud_gateway': True}, 'cloud_gateway'),
    ({'site_system': SUP, 'connection_account': 'svc@contoso.com'}, 'connection_account'),
    ({'site_system': SUP, 'install_account': 'nodomain'}, 'install_account'),
    ({'site_system': SUP, 'public_fqdn': 'internet'}, 'public_fqdn'),
    ({'site_system': SUP, 'state': 'absent', 'ssl': True}, 'ssl'),
    ({'site_system': SUP, 'client_connection': 'dmz'}, 'client_connection'),
    ({'site_system': SUP, 'proxy_server': 'p'}, 'proxy_server'),
])
def test_bad_input_fails_naming_the_option_before_any_call(args, option):
    fake = host(site_probe())
    with pytest.raises(AnsibleActionFail) as err:
        run_action(SupRoleAction, args, fake)
    assert option in str(err.value) and str(err.value).startswith('configmgr.sup.sup_role: ')
    assert fake.calls == []


# ---- check mode: the site server's WSUS console, installed by an earlier task of the same check run ----------------
def console_install_result(installed=(), check_mode=True):
    """The registered result of ``configmgr.sup.wsus_install role=console`` on the site server, made by that action."""
    features = {name: 'Available' for name in ('UpdateServices', 'UpdateServices-Services', 'UpdateServices-WidDB',
                                               'UpdateServices-DB', 'UpdateServices-RSAT', 'UpdateServices-API',
                                               'UpdateServices-UI')}
    features.update({name: 'Installed' for name in installed})
    fake = FakeHost({'wsus_install/get': ok({'features': features, 'setup': {}, 'role_services': {}, 'version': None},
                                            changed=False)})
    return run_action(WsusInstallAction, {'role': 'console'}, fake, check_mode=check_mode)


def test_check_mode_does_not_warn_about_the_wsus_api_the_console_task_of_the_same_run_installs():
    console = console_install_result()
    assert console['changed'] is True and console['features']['UpdateServices-API'] is True
    args = {'site_system': SUP, 'wsus_install_result': console}
    planned = run_action(SupRoleAction, args, host(site_probe(api='Available')), check_mode=True, diff=True)
    assert not planned.get('warnings') and planned['changed'] is True
    # the plan is the one for a site server that has the API (the host after the console task)
    after = run_action(SupRoleAction, {'site_system': SUP}, host(site_probe(api='Installed')), check_mode=True, diff=True)
    assert planned['diff'] == after['diff'] and 'wsus_install_result' not in planned


def test_the_wsus_api_warning_stays_where_the_console_result_predicts_no_api():
    probe = site_probe(api='Available')
    console = console_install_result()
    for result in (dict(console, changed=False), dict(console, failed=True), {'skipped': True, 'changed': False},
                   dict(console, features=dict(console['features'], **{'UpdateServices-API': False}))):
        args = {'site_system': SUP, 'wsus_install_result': result}
        warnings = run_action(SupRoleAction, args, host(probe), check_mode=True).get('warnings') or []
        assert any('UpdateServices-API' in w for w in warnings), result
    # a real run reads the host, whatever the result says
    real = run_action(SupRoleAction, {'site_system': SUP, 'wsus_install_result': console}, host(probe))
    assert any('UpdateServices-API' in w for w in real['warnings'])


@pytest.mark.parametrize('args, message', [
    ({'state': 'absent', 'wsus_install_result': {'changed': True, 'features': {}}}, 'not used with state=absent'),
    ({'wsus_install_result': {'changed': True, 'site_system': SUP}}, 'not the registered result of a '
                                                                     'configmgr.sup.wsus_install task'),
])
def test_a_wsus_install_result_that_does_not_apply_is_refused_before_any_call(args, message):
    fake = host(site_probe())
    with pytest.raises(AnsibleActionFail, match=f'wsus_install_result: .*{message}'):
        run_action(SupRoleAction, dict({'site_system': SUP}, **args), fake)
    assert fake.calls == []
