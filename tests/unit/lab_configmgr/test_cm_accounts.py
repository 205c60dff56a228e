"""Configuration Manager accounts: creation, passwords as fingerprints, the order of the apply scripts (L25)."""

from __future__ import annotations

import json

import pytest
from conftest import CM, LOGS, SITE, SUP, Session, call, connect, later, read, secret

from labsim.configmgr import results
from labsim.powershell import api
from wsushost import serve_wsus

USER = 'CONTOSO\\svc-cm-proxy'
PASSWORD = 'Pr0xy-S3cret;$(calc)'


def test_new_account_keeps_only_a_fingerprint_of_the_password(store):
    with store.host(CM, dict(SITE)) as host:
        session = connect(Session(host))
        account = call(session, 'New-CMAccount', UserName=USER, Password=secret(PASSWORD), SiteCode='PR1')
        assert isinstance(account, results.Reserved) and account.ps_get('UserName') == USER
        before = dict(host.data['configmgr']['accounts'][USER])
        call(session, 'Set-CMAccount', UserName=USER, Password=secret('other'), SiteCode='PR1')
        assert host.data['configmgr']['accounts'][USER]['password'] != before['password']
    assert PASSWORD not in (store.dir / 'hosts' / f'{CM}.json').read_text(encoding='utf-8')


def test_get_account_finds_it_case_insensitively_and_nothing_otherwise(site):
    call(site, 'New-CMAccount', UserName=USER, Password=secret('x'), SiteCode='PR1')
    assert [a.ps_get('UserName') for a in call(site, 'Get-CMAccount', UserName=USER.upper(), SiteCode='PR1')] == [USER]
    assert call(site, 'Get-CMAccount', UserName='CONTOSO\\nobody', SiteCode='PR1') == []


def test_new_account_refuses_a_user_the_domain_does_not_know_and_a_duplicate(site):
    with pytest.raises(api.PSError, match='could not be verified'):
        call(site, 'New-CMAccount', UserName='CONTOSO\\nobody', Password=secret('x'), SiteCode='PR1')
    call(site, 'New-CMAccount', UserName=USER, Password=secret('x'), SiteCode='PR1')
    with pytest.raises(api.PSError) as error:
        call(site, 'New-CMAccount', UserName=USER, Password=secret('x'), SiteCode='PR1')
    assert error.value.record.error_id == 'ItemAlreadyExists'


def test_set_account_of_an_unknown_account_is_item_not_found(site):
    with pytest.raises(api.PSError) as error:
        call(site, 'Set-CMAccount', UserName=USER, Password=secret('x'), SiteCode='PR1')
    assert error.value.record.error_id == 'ItemNotFound'


def test_the_account_is_created_before_a_missing_site_system_fails(site):
    """L25: sup_proxy_set.ps1 runs New-CMAccount first; the missing server fails only afterwards."""
    call(site, 'New-CMAccount', UserName=USER, Password=secret('x'), SiteCode='PR1')
    with pytest.raises(api.PSError, match='No object corresponds'):
        call(site, 'Set-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1', EnableProxy=True,
             ProxyServerName='proxy01.contoso.com', ProxyServerPort=8080)
    assert USER in site.host.data['configmgr']['accounts']


def test_wsus_access_account_must_be_a_configmgr_account(store):
    with store.host(CM, dict(SITE, existing_software_update_points=[SUP])) as host:
        session = connect(Session(host))
        with pytest.raises(api.PSError, match='No object corresponds'):
            call(session, 'Set-CMSoftwareUpdatePoint', SiteSystemServerName=SUP, SiteCode='PR1',
                 WsusAccessAccount='CONTOSO\\svc-sup-wsus')
        call(session, 'New-CMAccount', UserName='CONTOSO\\svc-sup-wsus', Password=secret('x'), SiteCode='PR1')
        call(session, 'Set-CMSoftwareUpdatePoint', SiteSystemServerName=SUP, SiteCode='PR1',
             WsusAccessAccount='CONTOSO\\svc-sup-wsus')
        role = host.data['configmgr']['site_systems'][SUP]['roles']['SMS Software Update Point']
        assert role['WSUSAccessAccount'] == 'CONTOSO\\svc-sup-wsus'
        call(session, 'Set-CMSoftwareUpdatePoint', SiteSystemServerName=SUP, SiteCode='PR1', AnonymousWsusAccess=True)
        assert role['WSUSAccessAccount'] == ''


def test_a_new_proxy_password_is_pushed_to_wsus_by_wcm(store):
    serve_wsus(store, SUP)  # WCM connects only to a WSUS that serves the role's ports
    with store.host(CM, dict(SITE, existing_software_update_points=[SUP])) as host:
        session = connect(Session(host))
        account = call(session, 'New-CMAccount', UserName=USER, Password=secret('x'), SiteCode='PR1')
        call(session, 'Set-CMSiteSystemServer', SiteSystemServerName=SUP, SiteCode='PR1', EnableProxy=True,
             ProxyServerName='proxy01.contoso.com', ProxyServerPort=8080, ProxyAccessAccount=account)
        call(session, 'Set-CMSoftwareUpdatePoint', SiteSystemServerName=SUP, SiteCode='PR1', UseProxy=True)
    later(store, CM, dict(SITE), 30)
    first = read(store, CM, LOGS + 'WCM.log').count('UseProxyCredentials=True')
    with store.host(CM, dict(SITE)) as host:
        call(connect(Session(host)), 'Set-CMAccount', UserName=USER, Password=secret('y'), SiteCode='PR1')
    later(store, CM, dict(SITE), 30)
    assert read(store, CM, LOGS + 'WCM.log').count('UseProxyCredentials=True') == first + 1 == 2
    json.loads((store.dir / 'hosts' / f'{CM}.json').read_text(encoding='utf-8'))
