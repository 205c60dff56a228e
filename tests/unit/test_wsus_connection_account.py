"""wsus_connection_account decisions, both scopes: create, set, password policy, groups, refusals, secrecy."""

from __future__ import annotations

import json

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_connection_account import (
    WsusConnectionAccountAction,
)
from ansible_collections.configmgr.sup.plugins.plugin_utils._sup_role import SupRoleAction
from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_install import WsusInstallAction
from cmprobe import site_probe
from harness import FakeHost, ok, run_action

SECRET = 'Pa$$w0rd;`$(whoami)"'
USER = 'CONTOSO\\svc-sup-wsus'
SID = 'S-1-5-21-1-2-3-1105'
ACCOUNT = {'name': USER, 'sid': SID}
CM = {'scope': 'configmgr', 'username': USER, 'site_system': 'sup01.contoso.com'}
HOST = {'scope': 'wsus_host', 'username': 'svc-sup-wsus@contoso.com'}
ADMINS_SID, WSUS_ADMINS_SID = 'S-1-5-32-544', 'S-1-5-21-9-9-9-1001'


def cm_probe(exists=True, sup=True, access='', account=ACCOUNT):
    return {'site_code': 'PR1', 'account': account, 'account_exists': exists, 'sup_exists': sup,
            'wsus_access_account': access if sup else None}


def group(name, sid, members=()):
    return {'exists': True, 'name': name, 'sid': sid, 'members': [{'name': n, 'sid': s} for n, s in members]}


def host_probe(admins=(), wsus_admins=(), wsus_group=True, account=ACCOUNT):
    other = ('CONTOSO\\Domain Admins', 'S-1-5-21-1-2-3-512')
    return {'account': account, 'groups': {
        ADMINS_SID: group('Administratoren', ADMINS_SID, (other,) + tuple(admins)),
        'WSUS Administrators': group('WSUS Administrators', WSUS_ADMINS_SID, wsus_admins) if wsus_group
        else {'exists': False}}}


def fake(scope, state):
    return FakeHost({f'wsus_connection_account_{scope}/get': ok(state, changed=False),
                     f'wsus_connection_account_{scope}/set': ok({'site_code': 'PR1'})})


def applied(host):
    assert [op.split('/')[1] for op in host.ops()] == ['get', 'set']
    return host.calls[1]


# ---- scope=configmgr ---------------------------------------------------------------------------
def test_missing_account_is_created_with_its_password_as_a_securestring_and_set_on_the_role():
    host = fake('configmgr', cm_probe(exists=False))
    result = run_action(WsusConnectionAccountAction, dict(CM, password=SECRET), host, diff=True)
    call = applied(host)
    assert call['parameters'] == {'SiteCode': 'PR1', 'UserName': USER, 'SiteSystemServerName': 'sup01.contoso.com',
                                  'CreateAccount': True, 'SetAccessAccount': True,
                                  'Expected': {'sup/WSUSAccessAccount/value2': ''}}
    assert call['sensitive_parameters'] == [{'name': 'Password', 'value': SECRET}]
    assert SECRET not in call['script'] and SECRET not in json.dumps(call['parameters'])
    assert result['after'] == {'account': USER, 'password': 'set', 'wsus_access_account': USER}
    assert SECRET not in json.dumps(result)


def test_probe_never_receives_the_password():
    host = fake('configmgr', cm_probe())
    run_action(WsusConnectionAccountAction, dict(CM, password=SECRET), host)
    assert 'sensitive_parameters' not in host.calls[0] and SECRET not in json.dumps(host.calls[0])


def test_converged_configmgr_side_is_one_call_and_the_password_is_not_resent():
    host = fake('configmgr', cm_probe(access=USER.upper()))
    result = run_action(WsusConnectionAccountAction, dict(CM, password=SECRET), host)
    assert result['changed'] is False and host.ops() == ['wsus_connection_account_configmgr/get']


def test_update_password_always_resends_it_and_reports_a_change():
    host = fake('configmgr', cm_probe(access=USER))
    result = run_action(WsusConnectionAccountAction, dict(CM, password=SECRET, update_password='always'), host)
    call = applied(host)
    assert call['parameters']['UpdatePassword'] is True and 'SetAccessAccount' not in call['parameters']
    assert result['changed'] is True and result['after']['password'] == 'updated'


def test_creating_an_account_without_a_password_is_refused_before_any_change():
    host = fake('configmgr', cm_probe(exists=False))
    with pytest.raises(AnsibleActionFail, match='password: is required to create the Configuration Manager account'):
        run_action(WsusConnectionAccountAction, CM, host)
    assert host.ops() == ['wsus_connection_account_configmgr/get']


def test_existing_account_is_set_on_the_role_without_a_password():
    host = fake('configmgr', cm_probe(access=''))
    run_action(WsusConnectionAccountAction, CM, host)
    assert applied(host)['parameters']['SetAccessAccount'] is True
    assert 'sensitive_parameters' not in applied(host)


def test_absent_returns_the_role_to_the_computer_account_and_keeps_the_configmgr_account():
    host = fake('configmgr', cm_probe(access=USER))
    result = run_action(WsusConnectionAccountAction, dict(CM, state='absent'), host)
    assert applied(host)['parameters']['UseComputerAccount'] is True
    assert 'CreateAccount' not in applied(host)['parameters']
    assert applied(host)['parameters']['Expected'] == {'sup/WSUSAccessAccount/value2': USER}
    assert result['after'] == {'account': USER, 'password': 'set', 'wsus_access_account': None}


def test_absent_without_the_role_changes_nothing():
    host = fake('configmgr', cm_probe(sup=False))
    assert run_action(WsusConnectionAccountAction, dict(CM, state='absent'), host)['changed'] is False


def test_missing_sup_role_fails_a_real_run_and_warns_in_check_mode():
    host = fake('configmgr', cm_probe(sup=False))
    result = run_action(WsusConnectionAccountAction, CM, host)
    assert result['failed'] is True and 'no software update point on sup01.contoso.com' in result['msg']
    result = run_action(WsusConnectionAccountAction, CM, fake('configmgr', cm_probe(sup=False)), check_mode=True)
    assert result['changed'] is True and 'sup_role' in result['warnings'][0]


def test_site_code_is_passed_to_the_probe_only_when_given():
    host = fake('configmgr', cm_probe(access=USER))
    run_action(WsusConnectionAccountAction, dict(CM, site_code='pr1'), host)
    assert host.calls[0]['parameters']['SiteCode'] == 'PR1'
    host = fake('configmgr', cm_probe(access=USER))
    run_action(WsusConnectionAccountAction, CM, host)
    assert 'SiteCode' not in host.calls[0]['parameters']


def test_unresolvable_account_is_refused_naming_username():
    host = fake('configmgr', cm_probe(account=None))
    with pytest.raises(AnsibleActionFail, match='username: .* could not be resolved'):
        run_action(WsusConnectionAccountAction, CM, host)


# ---- scope=wsus_host ---------------------------------------------------------------------------
def test_account_is_added_to_both_groups_by_sid_and_nobody_is_removed():
    host = fake('wsus_host', host_probe())
    result = run_action(WsusConnectionAccountAction, HOST, host)
    assert applied(host)['parameters'] == {'MemberSid': SID, 'AddToGroupSid': [ADMINS_SID, WSUS_ADMINS_SID],
                                           'Expected': {'member_of/Administratoren': False,
                                                        'member_of/WSUS Administrators': False}}
    assert host.calls[0]['parameters'] == {'UserName': 'svc-sup-wsus@contoso.com',
                                           'Group': [ADMINS_SID, 'WSUS Administrators']}
    assert result['after'] == {'member_of': {'Administratoren': True, 'WSUS Administrators': True}}
    assert result['account'] == USER and result['account_sid'] == SID


def test_member_of_one_group_is_added_only_to_the_other():
    host = fake('wsus_host', host_probe(admins=[(USER, SID)]))
    run_action(WsusConnectionAccountAction, HOST, host)
    assert applied(host)['parameters'] == {'MemberSid': SID, 'AddToGroupSid': [WSUS_ADMINS_SID],
                                           'Expected': {'member_of/WSUS Administrators': False}}


def test_member_of_both_groups_is_converged_in_one_call():
    host = fake('wsus_host', host_probe(admins=[(USER, SID)], wsus_admins=[(USER, SID.lower())]))
    assert run_action(WsusConnectionAccountAction, HOST, host)['changed'] is False
    assert len(host.calls) == 1


def test_absent_removes_only_this_account():
    host = fake('wsus_host', host_probe(admins=[(USER, SID)], wsus_admins=[(USER, SID)]))
    run_action(WsusConnectionAccountAction, dict(HOST, state='absent'), host)
    assert applied(host)['parameters'] == {'MemberSid': SID, 'RemoveFromGroupSid': [ADMINS_SID, WSUS_ADMINS_SID],
                                           'Expected': {'member_of/Administratoren': True,
                                                        'member_of/WSUS Administrators': True}}


def test_missing_wsus_administrators_group_means_postinstall_has_not_run():
    result = run_action(WsusConnectionAccountAction, HOST, fake('wsus_host', host_probe(wsus_group=False)))
    assert result['failed'] is True and 'WSUS Administrators' in result['msg'] and 'wsus_install' in result['msg']
    result = run_action(WsusConnectionAccountAction, HOST, fake('wsus_host', host_probe(wsus_group=False)),
                        check_mode=True)
    assert result['changed'] is True and result['warnings']


@pytest.mark.parametrize('args, option', [
    (dict(HOST, username='svc-sup-wsus'), 'username'),
    (dict(HOST, username='CONTOSO\\'), 'username'),
    (dict(HOST, username='CONTOSO\\a:b'), 'username'),
    (dict(HOST, username='user@localhost'), 'username'),
    (dict(HOST, username='TOOLONGNETBIOSNAME\\x'), 'username'),
    (dict(HOST, password=SECRET), 'password'),
    (dict(HOST, site_system='sup01.contoso.com'), 'site_system'),
    ({'scope': 'configmgr', 'username': USER}, 'site_system'),
    (dict(CM, site_system='sup01'), 'site_system'),
    (dict(CM, site_code='PR12'), 'site_code'),
    (dict(CM, update_password='always'), 'password'),
    (dict(CM, password=''), 'password'),
    (dict(CM, password=SECRET, state='absent'), 'password'),
    (dict(CM, scope='both'), 'scope'),
    ({'username': USER}, 'scope'),
])
def test_bad_input_fails_naming_the_option_before_any_call(args, option):
    host = fake('configmgr', cm_probe())
    with pytest.raises(AnsibleActionFail) as err:
        run_action(WsusConnectionAccountAction, args, host)
    message = str(err.value)
    assert option in message and message.startswith('configmgr.sup.wsus_connection_account: ')
    assert SECRET not in message
    assert host.calls == []


def test_a_password_quoted_in_a_validation_message_is_masked():
    with pytest.raises(AnsibleActionFail) as err:
        run_action(WsusConnectionAccountAction, dict(CM, password=SECRET, update_password=SECRET), fake('configmgr', {}))
    assert SECRET not in str(err.value) and 'update_password' in str(err.value)


# ---- check mode: what earlier tasks of the same check run do first ----------------------------------------------------
def sup_role_result(**args):
    """A check-mode configmgr.sup.sup_role result for sup01 on a site without it, made by that action."""
    fake_host = FakeHost({'sup_role/get': ok(site_probe(), changed=False)})
    return run_action(SupRoleAction, dict({'site_system': 'sup01.contoso.com'}, **args), fake_host, check_mode=True)


def wsus_install_result(**changes):
    """A check-mode configmgr.sup.wsus_install result on a host without WSUS, made by that action."""
    features = {name: 'Available' for name in ('UpdateServices', 'UpdateServices-Services', 'UpdateServices-WidDB',
                                               'UpdateServices-DB', 'UpdateServices-RSAT', 'UpdateServices-API',
                                               'UpdateServices-UI')}
    fake_host = FakeHost({'wsus_install/get': ok({'features': features, 'setup': {}, 'role_services': {},
                                                  'version': None}, changed=False)})
    return dict(run_action(WsusInstallAction, {'content_dir': 'D:\\WSUS'}, fake_host, check_mode=True), **changes)


@pytest.mark.parametrize('connection_account, before', [(None, None), ('CONTOSO\\svc-other', 'CONTOSO\\svc-other')])
def test_check_mode_plans_the_access_account_on_the_role_sup_role_adds_earlier_in_the_same_run(connection_account,
                                                                                               before):
    role = sup_role_result(**({'connection_account': connection_account} if connection_account else {}))
    planned = run_action(WsusConnectionAccountAction, dict(CM, sup_role_result=role), fake('configmgr', cm_probe(sup=False)),
                         check_mode=True, diff=True)
    assert not planned.get('warnings') and planned['changed'] is True
    # the plan of the host after sup_role, whose role has the account sup_role set ('' for none)
    after = run_action(WsusConnectionAccountAction, CM, fake('configmgr', cm_probe(access=before or '')),
                       check_mode=True, diff=True)
    assert planned['diff'] == after['diff'] and planned['diff']['before']['wsus_access_account'] == before
    assert 'sup_role_result' not in json.dumps(planned)


def test_absent_in_check_mode_plans_the_computer_account_on_a_role_sup_role_adds_with_an_account():
    role = sup_role_result(connection_account='CONTOSO\\svc-other')
    planned = run_action(WsusConnectionAccountAction, dict(CM, state='absent', sup_role_result=role),
                         fake('configmgr', cm_probe(sup=False)), check_mode=True, diff=True)
    assert planned['changed'] is True and planned['diff']['after']['wsus_access_account'] is None


def test_a_sup_role_result_that_predicts_no_role_keeps_the_warning_and_a_real_run_reads_the_host():
    role = sup_role_result()
    for result in (dict(role, changed=False), dict(role, failed=True), {'skipped': True, 'changed': False}):
        planned = run_action(WsusConnectionAccountAction, dict(CM, sup_role_result=result),
                             fake('configmgr', cm_probe(sup=False)), check_mode=True)
        assert 'no software update point' in planned['warnings'][0], result
    real = run_action(WsusConnectionAccountAction, dict(CM, sup_role_result=role), fake('configmgr', cm_probe(sup=False)))
    assert real['failed'] is True and 'no software update point' in real['msg']


def test_check_mode_does_not_warn_about_the_wsus_administrators_group_post_install_creates_earlier():
    install = wsus_install_result()
    assert install['changed'] is True and install['postinstall_state'] == 'complete'
    planned = run_action(WsusConnectionAccountAction, dict(HOST, wsus_install_result=install),
                         fake('wsus_host', host_probe(wsus_group=False)), check_mode=True, diff=True)
    assert not planned.get('warnings') and planned['changed'] is True
    assert planned['diff']['after']['member_of']['WSUS Administrators'] is True
    for result in (dict(install, changed=False), dict(install, failed=True), dict(install, postinstall_state='pending'),
                   {'skipped': True, 'changed': False}):
        planned = run_action(WsusConnectionAccountAction, dict(HOST, wsus_install_result=result),
                             fake('wsus_host', host_probe(wsus_group=False)), check_mode=True)
        assert 'WSUS Administrators' in planned['warnings'][0], result
    real = run_action(WsusConnectionAccountAction, dict(HOST, wsus_install_result=install),
                      fake('wsus_host', host_probe(wsus_group=False)))
    assert real['failed'] is True and 'WSUS Administrators' in real['msg']


@pytest.mark.parametrize('args, message', [
    (dict(HOST, sup_role_result={'changed': True}), 'sup_role_result: only applies to scope=configmgr'),
    (dict(HOST, account_result={'changed': True}), 'account_result: only applies to scope=configmgr'),
    (dict(CM, wsus_install_result={'changed': True}), 'wsus_install_result: only applies to scope=wsus_host'),
    (dict(HOST, wsus_install_result={'changed': True, 'after': {'account': USER}}),
     'wsus_install_result: is not the registered result of a configmgr.sup.wsus_install task'),
    (dict(CM, site_system='sup02.contoso.com', sup_role_result='role'),
     'sup_role_result: is the sup_role result for another site system \\(sup01.contoso.com\\)'),
    (dict(CM, sup_role_result={'changed': True, 'postinstall_state': 'complete'}),
     'sup_role_result: is not the registered result of a configmgr.sup.sup_role task'),
])
def test_a_result_of_another_task_is_refused_before_any_call(args, message):
    if args.get('sup_role_result') == 'role':
        args = dict(args, sup_role_result=sup_role_result())
    host = fake('configmgr', cm_probe())
    with pytest.raises(AnsibleActionFail, match=message):
        run_action(WsusConnectionAccountAction, args, host, check_mode=True)
    assert host.calls == []


def account_result(**changes):
    """A check-mode scope=configmgr result of this module for sup01 on a site without the account, made by it."""
    result = run_action(WsusConnectionAccountAction, dict(CM, password=SECRET, sup_role_result=sup_role_result()),
                        fake('configmgr', cm_probe(exists=False, sup=False)), check_mode=True)
    return dict(result, **changes)


def test_check_mode_plans_for_the_account_the_same_task_for_an_earlier_sup_creates():
    earlier = account_result()
    assert earlier['changed'] is True and SECRET not in json.dumps(earlier)
    args = dict(CM, site_system='sup02.contoso.com', password=SECRET, account_result=earlier)
    planned = run_action(WsusConnectionAccountAction, args, fake('configmgr', cm_probe(exists=False)), check_mode=True,
                         diff=True)
    # what the check run of the site after that task plans: the account exists, only the role is set
    after = run_action(WsusConnectionAccountAction, dict(args, account_result=None), fake('configmgr', cm_probe()),
                       check_mode=True, diff=True)
    assert planned['diff'] == after['diff'] and planned['diff']['before']['account'] == USER
    assert not planned.get('warnings') and 'account_result' not in json.dumps(planned)
    for result in (dict(earlier, changed=False), dict(earlier, failed=True), {'skipped': True, 'changed': False},
                   account_result(before=dict(earlier['before'], account=USER))):
        planned = run_action(WsusConnectionAccountAction, dict(args, account_result=result),
                             fake('configmgr', cm_probe(exists=False)), check_mode=True, diff=True)
        assert planned['diff']['before']['account'] is None, result
    # a real run reads the site: the account is created
    host = fake('configmgr', cm_probe(exists=False))
    run_action(WsusConnectionAccountAction, dict(args, account_result=earlier), host)
    assert applied(host)['parameters']['CreateAccount'] is True


@pytest.mark.parametrize('changes, message', [
    ({'account': 'CONTOSO\\svc-other'}, 'account_result: is the result for the account CONTOSO\\\\svc-other, not'),
    ({'site_code': 'PR2'}, 'account_result: is the result for site PR2, not PR1'),
    ({'after': {}}, 'account_result: is not the registered result of a configmgr.sup.wsus_connection_account'),
])
def test_an_account_result_for_another_account_or_task_is_refused(changes, message):
    args = dict(CM, site_system='sup02.contoso.com', account_result=account_result(**changes))
    with pytest.raises(AnsibleActionFail, match=message):
        run_action(WsusConnectionAccountAction, args, fake('configmgr', cm_probe()), check_mode=True)
