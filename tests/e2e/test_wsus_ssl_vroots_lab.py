"""wsus_ssl_vroots end to end: the five roots, the binding and UsingSSL in the lab's IIS and registry."""

from __future__ import annotations

import json

import pytest

SUP = 'sup01.contoso.com'
TASK = 'WSUS SSL'
SETUP = 'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'
FIVE = ['ApiRemoting30', 'ClientWebService', 'DssAuthWebService', 'ServerSyncWebService', 'SimpleAuthWebService']



def flags(vroot):
    """A virtual root's sslFlags: its own, else what it inherits from the site (None in the lab's sites)."""
    return vroot.get('sslFlags') or 'None'

def args(**kwargs):
    return ['-e', json.dumps({'ssl_args': kwargs})]


def site(lab):
    return lab.host_state(SUP)['iis']['sites']['WSUS Administration']


def setup(lab):
    return lab.host_state(SUP)['registry'][SETUP]


def test_check_mode_on_a_fresh_host_plans_ssl_with_a_warning_and_mutates_nothing(lab):
    run = lab.playbook('wsus_ssl_vroots.yml', '--check', '--diff')
    assert run.rc == 0, run.stdout[-2000:]
    result = run.results(TASK)[SUP]
    assert result['changed'] is True and result['after']['using_ssl'] is True
    assert any('post-install has not completed' in w for w in result['warnings'])
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    assert 'iis' in lab.host_state(SUP) and 'WSUS Administration' not in lab.host_state(SUP)['iis']['sites']


def test_ssl_on_makes_the_five_roots_require_ssl_and_a_rerun_is_one_call(lab):
    run = lab.playbook('wsus_ssl_vroots.yml')
    assert run.rc == 0, run.stdout[-2000:]
    result = run.results(TASK)[SUP]
    assert result['changed'] is True and result['wsus_url'] == 'https://sup01.contoso.com:8531'
    vroots = site(lab)['vroots']
    assert {name: flags(vroots[name]) for name in FIVE} == {name: 'Ssl' for name in FIVE}
    assert flags(vroots['Content']) == 'None'
    assert all(flags(vroots[name]) == 'None' for name in vroots if name not in FIVE)
    https = [b for b in site(lab)['bindings'] if b['protocol'] == 'https']
    assert https == [{'protocol': 'https', 'port': 8531, 'thumbprint': result['certificate']['thumbprint'], 'store': 'My'}]
    assert setup(lab)['UsingSSL'] == 1 and setup(lab)['ServerCertificateName'] == SUP

    lab.reset_calls()
    again = lab.playbook('wsus_ssl_vroots.yml', '--check')
    assert again.results(TASK)[SUP]['changed'] is False
    again = lab.playbook('wsus_ssl_vroots.yml')
    assert again.results(TASK)[SUP]['changed'] is False
    assert [c['op'] for c in lab.calls() if c['op'].startswith('wsus_ssl_vroots')] == ['wsus_ssl_vroots/get'] * 2


def test_absent_reverts_to_http_and_keeps_the_binding(lab):
    assert lab.playbook('wsus_ssl_vroots.yml').rc == 0
    thumbprint = [b for b in site(lab)['bindings'] if b['protocol'] == 'https'][0]['thumbprint']
    run = lab.playbook('wsus_ssl_vroots.yml', *args(state='absent'), '--diff')
    result = run.results(TASK)[SUP]
    assert result['changed'] is True and result['wsus_url'] == 'http://sup01.contoso.com:8530'
    assert all(flags(site(lab)['vroots'][name]) == 'None' for name in FIVE)
    assert setup(lab)['UsingSSL'] == 0
    assert [b for b in site(lab)['bindings'] if b['protocol'] == 'https'][0]['thumbprint'] == thumbprint
    assert lab.playbook('wsus_ssl_vroots.yml', *args(state='absent')).results(TASK)[SUP]['changed'] is False


def test_ssl_follows_wsus_onto_the_default_web_site(lab):
    assert lab.playbook('wsus_install.yml', '--limit', SUP, '-e', json.dumps(
        {'wsus_args': {'content_dir': 'D:\\WSUS', 'http_port': 80}})).rc == 0
    # The playbook's own wsus_install task omits http_port, which keeps WSUS on port 80.
    run = lab.playbook('wsus_ssl_vroots.yml')
    result = run.results(TASK)[SUP]
    assert result['after']['site'] == 'Default Web Site' and result['binding']['port'] == 443
    assert result['wsus_url'] == 'https://sup01.contoso.com'


def test_missing_certificate_fault_fails_before_any_change_and_a_rerun_converges(lab):
    lab.set_host_config(SUP, {'faults': {'missing_certificate': True}})
    failed = lab.playbook('wsus_ssl_vroots.yml')
    assert failed.rc != 0
    result = failed.results(TASK)[SUP]
    assert 'no valid server-authentication certificate for sup01.contoso.com' in result['msg']
    assert 'expired on 2025-01-01' in result['msg'] and 'not for Server Authentication' in result['msg']
    assert not [c for c in lab.calls() if c['op'] == 'wsus_ssl_vroots/set']
    assert all(flags(site(lab)['vroots'][name]) == 'None' for name in FIVE)

    lab.clear_host_config(SUP)
    rerun = lab.playbook('wsus_ssl_vroots.yml')
    assert rerun.rc == 0 and rerun.results(TASK)[SUP]['changed'] is True


def test_expired_certificate_by_thumbprint_is_refused(lab):
    expired = [c for c in _fresh_certificates(lab) if c['not_after'].startswith('2025')][0]['thumbprint']
    run = lab.playbook('wsus_ssl_vroots.yml', *args(certificate_thumbprint=expired))
    result = run.results(TASK)[SUP]
    assert result['failed'] and 'certificate_thumbprint' in result['msg'] and 'expired' in result['msg']
    assert not [c for c in lab.calls() if c['op'] == 'wsus_ssl_vroots/set']


def _fresh_certificates(lab):
    assert lab.playbook('wsus_install.yml', '--limit', SUP).rc == 0
    return lab.host_state(SUP)['certificates']


@pytest.mark.parametrize('bad, option', [
    ({'fqdn': 'sup01'}, 'fqdn'),
    ({'certificate_thumbprint': '12345'}, 'certificate_thumbprint'),
    ({'state': 'absent', 'certificate_thumbprint': 'A' * 40}, 'certificate_thumbprint'),
])
def test_bad_input_fails_cleanly_without_touching_the_host(lab, bad, option):
    run = lab.playbook('wsus_ssl_vroots.yml', *args(**bad))
    result = run.results(TASK)[SUP]
    assert result['failed'] and result['msg'].startswith(f'configmgr.sup.wsus_ssl_vroots: {option}: ')
    assert not [c for c in lab.calls() if c['op'].startswith('wsus_ssl_vroots')]
