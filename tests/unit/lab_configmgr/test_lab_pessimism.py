"""The site as pessimistic as Windows: WCM connects only to a WSUS that serves the role's ports, SSL and a
certificate for the SUP's name, no cycle succeeds while the proxy answers 407, and Site Component Manager
retries a failed installation every 60 minutes, reading the state as it is then."""

from __future__ import annotations

import json

import pytest
from conftest import CM, LOGS, SITE, SUP, Session, call, connect, later, read
from wsushost import serve_wsus

from labsim.configmgr import wcm
from labsim.hoststate import Store

TARGET = {'SiteSystemServerName': SUP, 'SiteCode': 'PR1'}
SUP_LOGS = 'C:\\SMS_PR1\\Logs\\'
FAILED = 'Setting new configuration state to 3 (WSUS_CONFIG_FAILED)'
SUCCESS = 'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)'


def console_on_site_server(store):
    with store.host(CM, dict(SITE)) as host:
        host.data['features']['UpdateServices-API'] = 'Installed'


def add_sup(store, config=None, **params):
    with store.host(CM, dict(config or SITE)) as host:
        session = connect(Session(host))
        call(session, 'New-CMSiteSystemServer', **TARGET)
        call(session, 'Add-CMSoftwareUpdatePoint', **TARGET, **params)


def wcm_log(store):
    return read(store, CM, LOGS + 'WCM.log')


def run_chain(store, seconds=100, config=None):
    later(store, CM, dict(config or SITE), seconds)
    later(store, SUP, {}, seconds)


def test_matching_ports_and_ssl_connect(store):
    serve_wsus(store, SUP, ssl=True)
    console_on_site_server(store)
    add_sup(store, WsusIisPort=8530, WsusIisSslPort=8531, WsusSsl=True)
    run_chain(store)
    log = wcm_log(store)
    assert 'Successfully connected to server: SUP01.CONTOSO.COM, port: 8531, useSSL: True' in log and SUCCESS in log


@pytest.mark.parametrize('wsus, role, line', [
    ({'port': 8530}, {'WsusIisPort': 80, 'WsusIisSslPort': 443}, wcm.UNREACHABLE),
    ({'port': 80}, {'WsusIisPort': 8530, 'WsusIisSslPort': 8531}, wcm.UNREACHABLE),
    ({'port': 8530}, {'WsusIisPort': 8530, 'WsusIisSslPort': 443}, wcm.UNREACHABLE),
    ({'port': 8530, 'ssl': True}, {'WsusIisPort': 8530, 'WsusIisSslPort': 8531}, wcm.FORBIDDEN),
    ({'port': 8530}, {'WsusIisPort': 8530, 'WsusIisSslPort': 8531, 'WsusSsl': True}, wcm.NO_CERTIFICATE),
    ({'port': 8530, 'ssl': True, 'certificate': 'expired'}, {'WsusSsl': True}, wcm.UNTRUSTED),
    ({'port': 8530, 'ssl': True, 'certificate': 'none'}, {'WsusSsl': True}, wcm.NO_CERTIFICATE),
    (None, {}, wcm.UNREACHABLE),  # no WSUS on the SUP at all
])
def test_wcm_fails_to_connect_when_the_role_and_wsus_disagree(store, wsus, role, line):
    if wsus is not None:
        serve_wsus(store, SUP, **wsus)
    else:
        with store.host(SUP, {}) as host:
            host.data['features']['UpdateServices-API'] = 'Installed'  # setup passes, WCM finds no WSUS
    console_on_site_server(store)
    add_sup(store, **role)
    run_chain(store)
    assert 'Bootstrap operation successful.' in read(store, CM, LOGS + 'SiteComp.log')
    log = wcm_log(store)
    ssl = bool(role.get('WsusSsl'))
    port = role.get('WsusIisSslPort', 8531) if ssl else role.get('WsusIisPort', 8530)
    lines = [entry.split('  $$<')[0] for entry in log.splitlines() if 'SMS_WSUS_CONFIGURATION_MANAGER><11-21' in entry]
    assert lines[-4:] == [f'Attempting connection to WSUS server: SUP01.CONTOSO.COM, port: {port}, useSSL: {ssl}',
                          line, 'Remote configuration failed on WSUS Server.', FAILED]
    assert 'WSUS_CONFIG_SUCCESS' not in log and 'Successfully connected' not in log


def test_a_certificate_that_does_not_name_the_sup_is_not_trusted(store):
    serve_wsus(store, SUP, ssl=True)
    with store.host(SUP, {}) as host:  # an admin bound the certificate of another name
        other = dict(host.data['certificates'][0], thumbprint='AB' * 20, subject='CN=wsus.contoso.com',
                     dns_names=['wsus.contoso.com'])
        host.data['certificates'].append(other)
        site = host.data['iis']['sites']['WSUS Administration']
        next(b for b in site['bindings'] if b['protocol'] == 'https')['thumbprint'] = other['thumbprint']
    console_on_site_server(store)
    add_sup(store, WsusSsl=True)
    run_chain(store)
    assert wcm.UNTRUSTED in wcm_log(store) and FAILED in wcm_log(store)


def test_ssl_on_the_role_in_front_of_a_wsus_not_configured_for_ssl_fails(store):
    serve_wsus(store, SUP, ssl=True)
    with store.host(SUP, {}) as host:  # certificate bound, but configuressl and Require SSL never done
        host.reg_set(wcm.SETUP, 'UsingSSL', 0)
        for vroot in host.data['iis']['sites']['WSUS Administration']['vroots'].values():
            vroot.pop('sslFlags', None)
    console_on_site_server(store)
    add_sup(store, WsusSsl=True)
    run_chain(store)
    assert 'is not configured to use SSL' in wcm_log(store) and FAILED in wcm_log(store)


def test_a_cycle_reads_wsus_as_it_is_when_it_runs(store):
    serve_wsus(store, SUP)
    console_on_site_server(store)
    add_sup(store, WsusSsl=True)  # WSUS is not on SSL yet: at +60 s WCM would fail
    serve_wsus(store, SUP, ssl=True)  # ... but SSL is configured before WCM's cycle
    run_chain(store)
    assert SUCCESS in wcm_log(store) and FAILED not in wcm_log(store)


def test_setting_the_right_ports_makes_the_next_cycle_succeed(store):
    serve_wsus(store, SUP, port=80)
    console_on_site_server(store)
    add_sup(store)
    run_chain(store)
    assert wcm.UNREACHABLE in wcm_log(store)
    with store.host(CM, dict(SITE)) as host:
        call(connect(Session(host)), 'Set-CMSoftwareUpdatePoint', **TARGET, HttpPort=80, HttpsPort=443)
    later(store, CM, dict(SITE), 30)
    log = wcm_log(store)
    assert log.rstrip().endswith('>') and log.splitlines()[-1].startswith(SUCCESS)
    assert 'Successfully connected to server: SUP01.CONTOSO.COM, port: 80, useSSL: False' in log


def test_no_cycle_succeeds_while_the_proxy_answers_407(store):
    serve_wsus(store, SUP)
    console_on_site_server(store)
    config = dict(SITE, faults={'proxy_auth_required': True})
    add_sup(store, config)
    with store.host(CM, config) as host:
        session = connect(Session(host))
        call(session, 'Set-CMSiteSystemServer', **TARGET, EnableProxy=True, ProxyServerName='proxy01.contoso.com',
             ProxyServerPort=8080)
        call(session, 'Set-CMSoftwareUpdatePoint', **TARGET, UseProxy=True, HttpsPort=8531)
    run_chain(store, config=config)
    log = wcm_log(store)
    assert 'WSUS_CONFIG_SUCCESS' not in log
    assert log.count('HTTP status 407: Proxy Authentication Required.') == 3  # proxy, configuration, install cycles
    # a bare touch (no inventory) still knows the fault: the cycle kept the config it was scheduled with
    with store.host(CM, dict(SITE, faults={'proxy_auth_required': True})) as host:
        call(connect(Session(host)), 'Set-CMSoftwareUpdatePoint', **TARGET, HttpPort=8530)
    later(store, CM, {}, 30)
    assert 'WSUS_CONFIG_SUCCESS' not in wcm_log(store)


# ---- Site Component Manager's retry -------------------------------------------------------------------

def sitecomp(store):
    return read(store, CM, LOGS + 'SiteComp.log')


def test_a_failed_install_is_retried_in_60_minutes_and_succeeds_once_the_console_is_there(store):
    serve_wsus(store, SUP)
    add_sup(store)  # no WSUS console on the site server: setup fails
    run_chain(store)
    assert sitecomp(store).count('Bootstrap operation failed.') == 1
    [retry] = [e for e in Store(store.dir).pending(CM) if e.get('call')]
    assert retry['call'] == 'labsim.configmgr.setup_chain:retry' and retry['args'] == {'fqdn': SUP}
    json.dumps(retry)
    text = sitecomp(store)
    will_retry = next(line for line in text.splitlines() if 'Will retry the installation' in line)
    assert '<11-21-2026 09:00:' in will_retry  # +49 s

    console_on_site_server(store)  # the fix, before the retry
    later(store, CM, dict(SITE), 3500)
    assert 'Bootstrap operation successful.' not in sitecomp(store)  # not yet: 60 minutes
    run_chain(store, 200)
    text = sitecomp(store)
    assert text.count('Installing component SMS_WSUS_CONTROL_MANAGER...') == 2
    assert 'Bootstrap operation successful.' in text.split('Will retry the installation')[-1]
    retried = next(line for line in text.splitlines()[::-1] if 'Installing component SMS_WSUS_CONTROL_MANAGER' in line)
    assert '<11-21-2026 10:00:' in retried  # 60 minutes after the "Will retry" line, on the site's clock
    supsetup = read(store, SUP, SUP_LOGS + 'SUPSetup.log')
    assert supsetup.count('SMSWSUS Setup Started....') == 2 and supsetup.rstrip().endswith('~RoleSetup().')
    assert 'Installation was successful.' in supsetup.split('SMSWSUS Setup Started')[-1]
    assert SUCCESS in wcm_log(store)
    assert 'There are no unhealthy WSUS Server components' in read(store, SUP, SUP_LOGS + 'WSUSCtrl.log')
    assert [e for e in Store(store.dir).pending(CM) if e.get('call') and 'setup_chain' in e['call']] == []


def test_an_install_that_stays_broken_fails_again_every_hour(store):
    serve_wsus(store, SUP)
    add_sup(store)
    run_chain(store, 3 * 3600 + 200)  # the clock jumps: every retry that came due runs, in order
    text = sitecomp(store)
    assert text.count('Bootstrap operation failed.') == 4 and text.count('Will retry the installation') == 4
    assert 'Bootstrap operation successful.' not in text
    stamps = [line.split('<')[-2] for line in text.splitlines() if 'SMS_SITE_COMPONENT_MANAGER><11-21' in line]
    assert stamps == sorted(stamps)
    assert len([e for e in Store(store.dir).pending(CM) if e.get('call')]) == 1  # the next retry


def test_a_removed_role_is_not_retried(store):
    serve_wsus(store, SUP)
    add_sup(store)
    run_chain(store)
    with store.host(CM, dict(SITE)) as host:
        call(connect(Session(host)), 'Remove-CMSoftwareUpdatePoint', **TARGET, Force=True)
    run_chain(store, 2 * 3600)
    assert sitecomp(store).count('Installing component SMS_WSUS_CONTROL_MANAGER...') == 1


def test_scheduled_calls_must_be_lab_functions_with_json_arguments(store):
    with store.host(CM, dict(SITE)) as host:
        with pytest.raises(ValueError):
            host.call_later(10, 'os:system', {'command': 'true'})
        with pytest.raises(TypeError):
            host.call_later(10, 'labsim.configmgr.setup_chain:retry', {'fqdn': object()})
    assert Store(store.dir).pending(CM) == []


def test_after_a_failed_cycle_wcm_tries_again_every_hour_until_wsus_serves_what_the_role_says(store):
    serve_wsus(store, SUP)
    console_on_site_server(store)
    add_sup(store, WsusSsl=True)
    run_chain(store)
    assert wcm_log(store).count(FAILED) == 1
    later(store, CM, dict(SITE), 3600)
    assert wcm_log(store).count(FAILED) == 2  # the next cycle, still failing
    serve_wsus(store, SUP, ssl=True)  # WSUS switched to SSL: nothing changes in ConfigMgr
    later(store, CM, dict(SITE), 3600)
    log = wcm_log(store)
    assert log.count(FAILED) == 2 and log.splitlines()[-1].startswith(SUCCESS)
    assert [e for e in Store(store.dir).pending(CM) if e.get('call')] == []  # no more retries after a success


def test_once_the_proxy_accepts_the_site_server_the_next_cycle_succeeds(store):
    serve_wsus(store, SUP)
    config = dict(SITE, faults={'proxy_auth_required': True})
    with store.host(CM, dict(config, existing_software_update_points=[SUP])) as host:
        session = connect(Session(host))
        call(session, 'Set-CMSiteSystemServer', **TARGET, EnableProxy=True, ProxyServerName='proxy01.contoso.com',
             ProxyServerPort=8080)
        call(session, 'Set-CMSoftwareUpdatePoint', **TARGET, UseProxy=True)
    later(store, CM, config, 30)
    assert FAILED in wcm_log(store)
    later(store, CM, dict(SITE), 3600)  # the proxy's administrator let the site server through
    assert wcm_log(store).splitlines()[-1].startswith(SUCCESS)
