"""wsus_ssl_vroots decisions: certificate choice, the five roots, configuressl, revert, refusals."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.configmgr.sup.plugins.plugin_utils._wsus_ssl_vroots import (
    SSL_VROOTS,
    WsusSslVrootsAction,
    flag_tokens,
    wanted_flags,
)
from harness import FakeHost, ok, run_action

FQDN = 'sup01.contoso.com'
GOOD = 'A' * 40
NEWER = 'B' * 40
EXPIRED = 'C' * 40
CLIENT = 'D' * 40
SERVER_AUTH, CLIENT_AUTH = '1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'
DONE = {'UpdateServices-Services': 2, 'UpdateServices-WidDatabase': 2, 'UpdateServices-API': 2}


def cert(thumbprint, not_after='2027-12-31T23:59:59', eku=(SERVER_AUTH,), names=(FQDN,), key=True):
    return {'thumbprint': thumbprint, 'subject': f'CN={names[0] if names else FQDN}', 'dns_names': list(names),
            'not_before': '2026-01-01T00:00:00', 'not_after': not_after, 'eku': list(eku), 'has_private_key': key}


def probe(flags='None', bound=None, using_ssl=0, name=None, port=8530, certs=None, roles=None, content='None',
          site='WSUS Administration'):
    vroots = {v: flags for v in SSL_VROOTS}
    vroots['Content'] = content
    return {
        'setup': {'PortNumber': port, 'UsingSSL': using_ssl, 'ServerCertificateName': name},
        'role_services': DONE if roles is None else roles,
        'host_fqdn': FQDN, 'now': '2026-11-21T09:00:00',
        'sites': {site: {'exists': True, 'vroots': vroots,
                         'https': [{'port': 8531 if port == 8530 else 443, 'thumbprint': bound or '', 'store': 'My'}]}},
        'certificates': certs if certs is not None else [cert(GOOD), cert(EXPIRED, '2025-01-01T00:00:00'),
                                                         cert(CLIENT, eku=[CLIENT_AUTH])],
    }


SECURED = dict(flags='Ssl', bound=GOOD, using_ssl=1, name=FQDN)


def host(state):
    return FakeHost({'wsus_ssl_vroots/get': ok(state, changed=False),
                     'wsus_ssl_vroots/set': ok({'configure_ssl': {'exit_code': 0, 'output': []}})})


def applied(fake):
    """The planned parameters; ``Expected`` (compare-and-set) is checked with ``expected``."""
    assert [op.split('/')[1] for op in fake.ops()] == ['get', 'set']
    return {name: value for name, value in fake.calls[1]['parameters'].items() if name != 'Expected'}


def expected(fake):
    return fake.calls[1]['parameters']['Expected']


@pytest.mark.parametrize('value, tokens', [
    ('Ssl', {'Ssl'}), ('Ssl,Ssl128', {'Ssl', 'Ssl128'}), (' ssl , SSL128 ', {'Ssl', 'Ssl128'}),
    ('None', set()), ('', set()), (None, set()), ('SslNegotiateCert', {'SslNegotiateCert'}),
])
def test_ssl_flags_are_read_tolerantly(value, tokens):
    assert flag_tokens(value) == tokens


@pytest.mark.parametrize('current, present, wanted', [
    ('None', True, 'Ssl'), ('Ssl128', True, 'Ssl,Ssl128'), ('Ssl,SslNegotiateCert', True, 'Ssl'),
    ('Ssl,SslRequireCert,Ssl128', True, 'Ssl,Ssl128'), ('Ssl,Ssl128', False, 'None'), ('None', False, 'None'),
])
def test_wanted_flags_require_ssl_and_ignore_client_certificates(current, present, wanted):
    assert wanted_flags(current, present) == wanted


def test_fresh_wsus_gets_the_certificate_the_five_roots_and_configuressl():
    fake = host(probe())
    result = run_action(WsusSslVrootsAction, {}, fake)
    params = applied(fake)
    assert params == {'SiteName': 'WSUS Administration', 'HttpsPort': 8531, 'Thumbprint': GOOD,
                      'SslFlags': {v: 'Ssl' for v in SSL_VROOTS}, 'ConfigureSslFqdn': FQDN}
    assert 'Content' not in params['SslFlags']
    # the raw values the probe read for what changes, and the port the site was chosen from
    assert expected(fake) == dict({f'vroots/{v}': 'None' for v in SSL_VROOTS}, **{
        'setup/PortNumber': 8530, 'binding/thumbprint': '', 'setup/UsingSSL': 0, 'setup/ServerCertificateName': None})
    assert fake.calls[0]['parameters']['SiteName'] == ['WSUS Administration', 'Default Web Site']
    assert result['changed'] is True and result['wsus_url'] == 'https://sup01.contoso.com:8531'
    assert result['vroots']['ClientWebService'] == {'before': 'None', 'after': 'Ssl'}
    assert result['binding'] == {'port': 8531, 'thumbprint': GOOD}


def test_secured_wsus_is_converged_in_one_call_even_with_ssl128():
    fake = host(probe(**dict(SECURED, flags='Ssl,Ssl128')))
    result = run_action(WsusSslVrootsAction, {}, fake)
    assert result['changed'] is False and fake.ops() == ['wsus_ssl_vroots/get']
    assert result['wsus_url'] == 'https://sup01.contoso.com:8531'


def test_only_the_roots_that_differ_are_set():
    state = probe(**SECURED)
    state['sites']['WSUS Administration']['vroots']['SimpleAuthWebService'] = 'None'
    fake = host(state)
    run_action(WsusSslVrootsAction, {}, fake)
    assert applied(fake) == {'SiteName': 'WSUS Administration', 'HttpsPort': 8531,
                             'SslFlags': {'SimpleAuthWebService': 'Ssl'}}
    assert expected(fake) == {'setup/PortNumber': 8530, 'vroots/SimpleAuthWebService': 'None'}


def test_configuressl_runs_only_when_the_certificate_name_differs():
    fake = host(probe(**dict(SECURED, name='old-name.contoso.com')))
    run_action(WsusSslVrootsAction, {}, fake)
    assert applied(fake) == {'SiteName': 'WSUS Administration', 'HttpsPort': 8531, 'ConfigureSslFqdn': FQDN}
    assert expected(fake) == {'setup/PortNumber': 8530, 'setup/UsingSSL': 1,
                              'setup/ServerCertificateName': 'old-name.contoso.com'}


def test_default_web_site_uses_443():
    fake = host(probe(port=80, site='Default Web Site'))
    result = run_action(WsusSslVrootsAction, {}, fake)
    assert applied(fake)['SiteName'] == 'Default Web Site' and applied(fake)['HttpsPort'] == 443
    assert result['wsus_url'] == 'https://sup01.contoso.com'


def test_a_still_valid_bound_certificate_is_kept_over_a_newer_one():
    certs = [cert(GOOD), cert(NEWER, '2028-06-30T00:00:00')]
    fake = host(probe(**dict(SECURED, certs=certs)))
    assert run_action(WsusSslVrootsAction, {}, fake)['changed'] is False
    fake = host(probe(certs=certs))
    run_action(WsusSslVrootsAction, {}, fake)
    assert applied(fake)['Thumbprint'] == NEWER


def test_wildcard_san_covers_the_host():
    fake = host(probe(certs=[cert(GOOD, names=('*.contoso.com',))]))
    run_action(WsusSslVrootsAction, {}, fake)
    assert applied(fake)['Thumbprint'] == GOOD


def test_thumbprint_is_normalised_from_what_the_certificate_console_copies():
    fake = host(probe())
    spaced = '\u200e' + ' '.join(GOOD.lower()[i:i + 2] for i in range(0, 40, 2))
    run_action(WsusSslVrootsAction, {'certificate_thumbprint': spaced}, fake)
    assert applied(fake)['Thumbprint'] == GOOD


@pytest.mark.parametrize('thumbprint, words', [
    (EXPIRED, 'expired on 2025-01-01'),
    (CLIENT, 'not for Server Authentication'),
    ('E' * 40, 'no certificate with thumbprint'),
])
def test_unusable_certificate_is_refused_before_any_change(thumbprint, words):
    fake = host(probe())
    with pytest.raises(AnsibleActionFail, match=words) as err:
        run_action(WsusSslVrootsAction, {'certificate_thumbprint': thumbprint}, fake)
    assert 'certificate_thumbprint' in str(err.value)
    assert fake.ops() == ['wsus_ssl_vroots/get']


def test_certificate_for_another_name_or_without_private_key_is_refused():
    fake = host(probe(certs=[cert(GOOD, names=('other.contoso.com',)), cert(NEWER, key=False)]))
    with pytest.raises(AnsibleActionFail) as err:
        run_action(WsusSslVrootsAction, {}, fake)
    message = str(err.value)
    assert message.startswith('configmgr.sup.wsus_ssl_vroots: fqdn: ') and 'private key' in message
    assert fake.ops() == ['wsus_ssl_vroots/get']


def test_no_certificate_at_all_says_how_to_fix_it():
    with pytest.raises(AnsibleActionFail, match='enroll one, or set certificate_thumbprint'):
        run_action(WsusSslVrootsAction, {}, host(probe(certs=[])))


def test_expiring_certificate_gives_a_warning():
    result = run_action(WsusSslVrootsAction, {}, host(probe(**dict(SECURED, certs=[cert(GOOD, '2026-12-01T00:00:00')]))))
    assert result['changed'] is False and 'expires on 2026-12-01' in result['warnings'][0]


def test_refuses_to_run_before_postinstall_has_completed():
    fake = host(probe(roles={'UpdateServices-Services': 1, 'UpdateServices-WidDatabase': 2}))
    result = run_action(WsusSslVrootsAction, {}, fake)
    assert result['failed'] is True and 'post-install has not completed' in result['msg']
    assert fake.ops() == ['wsus_ssl_vroots/get']


def test_check_mode_before_postinstall_predicts_the_change_with_a_warning():
    result = run_action(WsusSslVrootsAction, {}, host(probe(roles={})), check_mode=True)
    assert result['changed'] is True and 'post-install has not completed' in result['warnings'][0]
    assert result['after']['using_ssl'] is True


def test_absent_reverts_the_roots_and_wsus_but_keeps_the_binding():
    fake = host(probe(**dict(SECURED, flags='Ssl,Ssl128')))
    result = run_action(WsusSslVrootsAction, {'state': 'absent'}, fake)
    assert applied(fake) == {'SiteName': 'WSUS Administration', 'HttpsPort': 8531, 'DisableSsl': True,
                             'SslFlags': {v: 'None' for v in SSL_VROOTS}}
    assert result['after']['binding'] == {'port': 8531, 'thumbprint': GOOD}
    assert result['wsus_url'] == 'http://sup01.contoso.com:8530'


def test_absent_on_http_wsus_or_without_wsus_changes_nothing():
    assert run_action(WsusSslVrootsAction, {'state': 'absent'}, host(probe()))['changed'] is False
    assert run_action(WsusSslVrootsAction, {'state': 'absent'}, host(probe(roles={})))['changed'] is False


def test_content_requiring_ssl_is_reported_but_not_touched():
    fake = host(probe(**dict(SECURED, content='Ssl')))
    result = run_action(WsusSslVrootsAction, {}, fake)
    assert result['changed'] is False and 'Content virtual root requires SSL' in result['warnings'][0]


def test_missing_virtual_roots_are_named():
    state = probe()
    del state['sites']['WSUS Administration']['vroots']['ApiRemoting30']
    result = run_action(WsusSslVrootsAction, {}, host(state))
    assert result['failed'] is True and 'ApiRemoting30' in result['msg']


def test_vroot_names_match_case_insensitively():
    state = probe(**SECURED)
    vroots = state['sites']['WSUS Administration']['vroots']
    vroots['DssAuthWebService'] = vroots.pop('DSSAuthWebService')
    assert run_action(WsusSslVrootsAction, {}, host(state))['changed'] is False


def test_failed_configuressl_fails_with_its_output():
    fake = FakeHost({'wsus_ssl_vroots/get': ok(probe(), changed=False),
                     'wsus_ssl_vroots/set': ok({'configure_ssl': {'exit_code': 1, 'output': ['Access denied']}})})
    result = run_action(WsusSslVrootsAction, {}, fake)
    assert result['failed'] is True and 'configuressl sup01.contoso.com failed with exit code 1: Access denied' in result['msg']


@pytest.mark.parametrize('args, option', [
    ({'fqdn': 'sup01'}, 'fqdn'),
    ({'fqdn': 'sup 01.contoso.com'}, 'fqdn'),
    ({'certificate_thumbprint': 'XYZ'}, 'certificate_thumbprint'),
    ({'certificate_thumbprint': GOOD, 'state': 'absent'}, 'certificate_thumbprint'),
    ({'site_name': ' '}, 'site_name'),
    ({'state': 'enabled'}, 'state'),
    ({'port': 8531}, 'port'),
])
def test_bad_input_fails_naming_the_option_before_any_call(args, option):
    fake = host(probe())
    with pytest.raises(AnsibleActionFail) as err:
        run_action(WsusSslVrootsAction, args, fake)
    assert option in str(err.value) and str(err.value).startswith('configmgr.sup.wsus_ssl_vroots: ')
    assert fake.calls == []


# ---- check mode stays exact (issue 13, item 6): the lab host runs the shipped scripts ------------------------
# A check run, then the real run, must agree on ``changed``; the SSL task hears what the install task of the
# same play would do through ``wsus_install_result`` (its registered result).
from labhost import LabHost  # noqa: E402  (the in-process lab, kept apart from the fake-host tests above)

from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall  # noqa: E402
from ansible_collections.configmgr.sup.plugins.action.wsus_ssl_vroots import ActionModule as WsusSslVroots  # noqa: E402

INSTALL = {'content_dir': 'D:\\WSUS'}


def _check_then_real(host, install_args, ssl_args=None):
    """Both tasks in check mode (the SSL task told what the install would do), then both for real."""
    ssl_args = dict(ssl_args or {})
    check_install = host.run(WsusInstall, install_args, check_mode=True, diff=True)
    check_ssl = host.run(WsusSslVroots, dict(ssl_args, wsus_install_result=check_install), check_mode=True, diff=True)
    real_install = host.run(WsusInstall, install_args, diff=True)
    real_ssl = host.run(WsusSslVroots, dict(ssl_args, wsus_install_result=real_install), diff=True)
    return check_install, check_ssl, real_install, real_ssl


def test_check_mode_predicts_the_certificate_rebind_when_an_ssl_wsus_moves_to_port_80(tmp_path):
    host = LabHost(tmp_path, FQDN)
    assert host.run(WsusInstall, INSTALL)['changed'] is True
    secured = host.run(WsusSslVroots, {})
    assert secured['changed'] is True and secured['binding']['port'] == 8531

    check_install, check_ssl, real_install, real_ssl = _check_then_real(host, dict(INSTALL, http_port=80))
    assert check_install['changed'] is real_install['changed'] is True
    thumbprint = secured['binding']['thumbprint']
    assert real_ssl['changed'] is True and real_ssl['binding'] == {'port': 443, 'thumbprint': thumbprint}
    assert check_ssl['changed'] is True, check_ssl
    assert check_ssl['diff'] == real_ssl['diff']
    assert check_ssl['binding'] == real_ssl['binding']
    assert check_ssl['wsus_url'] == real_ssl['wsus_url'] == 'https://sup01.contoso.com'
    # and back onto the custom site, where the old binding still holds the certificate: nothing to bind there
    check_install, check_ssl, real_install, real_ssl = _check_then_real(host, dict(INSTALL, http_port=8530))
    assert check_install['changed'] is real_install['changed'] is True
    assert check_ssl['changed'] is real_ssl['changed'] is False
    assert check_ssl['binding'] == real_ssl['binding'] == {'port': 8531, 'thumbprint': thumbprint}


@pytest.mark.parametrize('install_args, site, port', [
    (INSTALL, 'WSUS Administration', 8531),
    (dict(INSTALL, http_port=80), 'Default Web Site', 443),
])
def test_check_mode_on_a_fresh_host_says_what_will_be_bound(tmp_path, install_args, site, port):
    host = LabHost(tmp_path, FQDN)
    check_install, check_ssl, real_install, real_ssl = _check_then_real(host, install_args)
    assert check_ssl['changed'] is real_ssl['changed'] is True
    assert check_ssl.get('warnings') is None, check_ssl['warnings']  # the install task of this play does it
    thumbprint = real_ssl['binding']['thumbprint']
    assert check_ssl['after']['site'] == site and check_ssl['binding'] == {'port': port, 'thumbprint': thumbprint}
    assert check_ssl['certificate'] == real_ssl['certificate']
    assert check_ssl['diff'] == real_ssl['diff']


def test_check_mode_without_the_install_result_still_names_the_certificate_and_warns(tmp_path):
    host = LabHost(tmp_path, FQDN)
    plan = host.run(WsusSslVroots, {}, check_mode=True)
    assert plan['changed'] is True and 'post-install has not completed' in plan['warnings'][0]
    assert plan['binding']['port'] == 8531 and plan['certificate']['thumbprint'] == plan['binding']['thumbprint']


def test_check_mode_with_no_usable_certificate_fails_like_the_real_run(tmp_path):
    host = LabHost(tmp_path, FQDN, {'faults': {'missing_certificate': True}})
    check_install = host.run(WsusInstall, INSTALL, check_mode=True)
    alone = host.run(WsusSslVroots, {}, check_mode=True)
    planned = host.run(WsusSslVroots, {'wsus_install_result': check_install}, check_mode=True)
    host.run(WsusInstall, INSTALL)
    real = host.run(WsusSslVroots, {})
    assert real['failed'] is True and 'no valid server-authentication certificate' in real['msg']
    for check in (alone, planned):
        assert check.get('failed') is True, check
        assert check['msg'] == real['msg']


def test_a_failed_postinstall_is_not_taken_as_a_site_to_secure(tmp_path):
    host = LabHost(tmp_path, FQDN, {'faults': {'postinstall_failure': True}})
    failed = host.run(WsusInstall, INSTALL)
    assert failed['failed'] is True
    # the failed result is no prediction: a check run after it warns, a real run refuses
    check = host.run(WsusSslVroots, {'wsus_install_result': failed}, check_mode=True)
    assert check['changed'] is True and 'post-install has not completed' in check['warnings'][0]
    real = host.run(WsusSslVroots, {'wsus_install_result': failed})
    assert real['failed'] is True and 'post-install has not completed' in real['msg']
    # the next check run of the play: the install would run post-install again, SSL follows it, no warning
    check_install = host.run(WsusInstall, INSTALL, check_mode=True)
    assert check_install['changed'] is True and check_install['before']['postinstall'] == 'partial'
    check = host.run(WsusSslVroots, {'wsus_install_result': check_install}, check_mode=True)
    assert check['changed'] is True and not check.get('warnings') and check['binding']['port'] == 8531


def test_the_install_result_is_ignored_in_a_real_run(tmp_path):
    host = LabHost(tmp_path, FQDN)
    host.run(WsusInstall, INSTALL)
    host.run(WsusSslVroots, {})
    planned = {'changed': True, 'postinstall_state': 'complete', 'http_port': 80, 'https_port': 443}
    real = host.run(WsusSslVroots, {'wsus_install_result': planned})
    assert real['changed'] is False and real['binding']['port'] == 8531


@pytest.mark.parametrize('value', ['not a dict', {'http_port': 8531, 'postinstall_state': 'complete', 'changed': True}])
def test_a_malformed_install_result_is_refused_before_any_call(value):
    fake = host(probe())
    with pytest.raises(AnsibleActionFail, match=r"wsus_install_result.*(convert to dict|8530, 80 or null)"):
        run_action(WsusSslVrootsAction, {'wsus_install_result': value}, fake, check_mode=True)
    assert fake.calls == []
