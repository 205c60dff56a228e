"""The shipped ConfigMgr scripts, run by the lab's PowerShell interpreter over these models and the
Windows models (skipped until the interpreter exists)."""

from __future__ import annotations

import typing as t

import pytest
from conftest import CM, LOGS, SITE, SUP, later, read, secret

from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script
from labsim.configmgr import module
from labsim.powershell import api

try:  # the interpreter and the Windows models are being written alongside these models
    import labsim.models  # noqa: F401  (every model family)
    from labsim.powershell import interpreter
except ImportError as err:
    pytest.skip(f'the interpreter does not import yet: {err}', allow_module_level=True)


def run(store, config: dict[str, t.Any], name: str, logon: str = 'network', **parameters: t.Any):
    """One script run as win_powershell runs it: $Ansible, $ErrorActionPreference from the script."""
    with store.host(CM, config) as host:
        ansible = api.PSObject({'Changed': True, 'Failed': False, 'Result': None, 'Diff': api.Hashtable(),
                                'CheckMode': False, 'Verbosity': 0, 'Tmpdir': 'C:\\Windows\\Temp'})
        session = interpreter.Session(host=host, variables={'Ansible': ansible})
        session.logon = logon  # how the WinRM session logged on (the stand-in sets it)
        try:
            return interpreter.run(load_script(name), script_name=name + '.ps1',
                                   parameters=api.Hashtable(parameters.items()), session=session)
        except api.LabUnsupported as gap:  # a model or catalog entry still being written elsewhere
            pytest.skip(f'lab gap: {gap}')


def output(ran) -> t.Any:
    assert ran.terminating is None, ran.terminating
    [result] = list(ran.output)
    return result.properties if isinstance(result, api.PSObject) else result


def message(ran) -> str:
    terminating = ran.terminating
    return str(terminating) if isinstance(terminating, api.PSError) else terminating.message


def test_the_probe_on_a_fresh_site_reads_no_site_system_and_the_log_positions(store):
    result = output(run(store, dict(SITE), 'sup_role_get', SiteSystemServerName=SUP))
    assert result['site_code'] == 'PR1' and result['site_server'] == CM
    assert result['server']['exists'] is False and result['sup']['exists'] is False
    assert result['logs']['SiteComp.log']['position'] > 0


def test_sup_role_set_creates_the_server_and_adds_the_role_then_the_probe_sees_it(store):
    ran = run(store, dict(SITE), 'sup_role_set', SiteCode='PR1', SiteSystemServerName=SUP, Server='create',
              Role='add', HttpPort=8530, HttpsPort=8531, Ssl=True)
    assert ran.terminating is None, ran.terminating
    result = output(run(store, dict(SITE), 'sup_role_get', SiteSystemServerName=SUP))
    assert result['sup']['exists'] is True and result['sup']['props']['SSLWSUS']['value'] == 1
    assert 'SMS Site System' in result['server']['roles'] and 'SMS Software Update Point' in result['server']['roles']
    later(store, CM, dict(SITE), 100)
    assert 'Installing component SMS_WSUS_CONTROL_MANAGER...' in read(store, CM, LOGS + 'SiteComp.log')


def test_sup_proxy_set_creates_the_account_sets_the_proxy_and_the_flags(store):
    config = dict(SITE, existing_software_update_points=[SUP])
    ran = run(store, config, 'sup_proxy_set', SiteCode='PR1', SiteSystemServerName=SUP,
              ProxyAccountName='CONTOSO\\svc-cm-proxy', CreateAccount=True, Password=secret('P@ss'), EnableProxy=True,
              ProxyServerName='proxy01.contoso.com', ProxyServerPort=8080, UseProxy=True, UseProxyForAdr=True)
    assert ran.terminating is None, ran.terminating
    with store.host(CM, config) as host:
        roles = host.data['configmgr']['site_systems'][SUP]['roles']
        assert roles['SMS Site System']['ProxyUserName'] == 'CONTOSO\\svc-cm-proxy'
        assert (roles['SMS Software Update Point']['UseProxy'], roles['SMS Software Update Point']['UseProxyForADR']) == (1, 1)


def test_connection_account_set_then_get(store):
    config = dict(SITE, existing_software_update_points=[SUP])
    ran = run(store, config, 'wsus_connection_account_configmgr_set', SiteCode='PR1', UserName='CONTOSO\\svc-sup-wsus',
              SiteSystemServerName=SUP, CreateAccount=True, Password=secret('x'), SetAccessAccount=True)
    assert ran.terminating is None, ran.terminating
    result = output(run(store, config, 'wsus_connection_account_configmgr_get', UserName='CONTOSO\\svc-sup-wsus',
                        SiteSystemServerName=SUP))
    assert result['account_exists'] is True and result['wsus_access_account'] == 'CONTOSO\\svc-sup-wsus'


def test_allsigned_without_the_trusted_publisher_fails_the_probe_before_the_import_prompts(store):
    ran = run(store, dict(SITE, execution_policy='AllSigned'), 'sup_role_get', SiteSystemServerName=SUP)
    assert 'AllSigned' in message(ran) and module.MODULE_SIGNER_THUMBPRINT in message(ran)
    assert message(ran) != module.NON_INTERACTIVE  # the script explains instead of letting Windows prompt


def test_allsigned_with_the_trusted_publisher_connects(store):
    config = dict(SITE, execution_policy='AllSigned')
    with store.host(CM, config) as host:
        host.data['trusted_publishers'] = [module.MODULE_SIGNER_THUMBPRINT]
    assert output(run(store, config, 'sup_role_get', SiteSystemServerName=SUP))['site_code'] == 'PR1'


def test_a_remote_sms_provider_is_a_second_hop_that_only_become_or_credssp_survives(store):
    config = dict(SITE, sms_provider='prov01.contoso.com')
    ran = run(store, config, 'sup_role_get', SiteSystemServerName=SUP)
    assert 'Access is denied' in message(ran) and 'prov01.contoso.com' in message(ran)
    assert output(run(store, config, 'sup_role_get', logon='become', SiteSystemServerName=SUP))['site_code'] == 'PR1'

