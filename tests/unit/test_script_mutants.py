"""Mutation check: the suite notices a broken script, because the lab runs the script itself.

For a few scripts every mutant of every kind (tests/unit/mutants.py: a misspelled variable or
property, a deleted command that changes the host, an inverted condition, a renamed output key) is
sent in place of the shipped file, and a short lab scenario that drives the real action plugins
through the stand-in (tests/unit/labhost.py) must fail. A mutant that survives is a hole in the lab
or in the scenario; ``EQUIVALENT`` lists the few that cannot change behaviour, each with its reason.
"""

from __future__ import annotations

import typing as t

import pytest
from labhost import LabHost
from mutants import assert_killed, script_mutants, send_mutant
from racing import between_probe_and_apply, edit, settings

from ansible_collections.configmgr.sup.plugins.action.sup_info import ActionModule as SupInfo
from ansible_collections.configmgr.sup.plugins.action.wsus_connection_account import ActionModule as ConnectionAccount
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall
from ansible_collections.configmgr.sup.plugins.action.wsus_ssl_vroots import ActionModule as WsusSslVroots
from ansible_collections.configmgr.sup.plugins.plugin_utils import _engine

SUP = 'sup01.contoso.com'
INSTALL = {'content_dir': 'D:\\WSUS'}
ACCOUNT = 'CONTOSO\\svc-sup-wsus'
ACCOUNT_SID = 'S-1-5-21-3623811015-3361044348-30300820-1105'
ORPHAN = 'S-1-5-21-1004336348-1177238915-682003330-1234'
SETUP = 'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'
ROLE_SERVICES = SETUP + '\\Installed Role Services'


def ok(result: dict[str, t.Any], changed: bool) -> dict[str, t.Any]:
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is changed, result
    return result


def registry(host: LabHost, key: str) -> dict[str, t.Any]:
    return {name.lower(): values for name, values in host.state()['registry'].items()}.get(key.lower()) or {}


def installed_wsus(tmp_path, **config) -> LabHost:
    host = LabHost(tmp_path, SUP, config)
    ok(host.run(WsusInstall, INSTALL), changed=True)
    return host


# ---- scenarios: each is what an admin would see go right ----------------------------------------------
def wsus_install(tmp_path) -> None:
    host = LabHost(tmp_path, SUP)
    plan = ok(host.run(WsusInstall, INSTALL, check_mode=True), changed=True)
    assert plan['after']['features']['UpdateServices-Services'] is True
    assert host.state()['features']['UpdateServices-Services'] == 'Available'
    done = ok(host.run(WsusInstall, INSTALL), changed=True)
    assert done['postinstall_state'] == 'complete' and done['http_port'] == 8530 and done['version']
    assert registry(host, SETUP)['ContentDir'] == 'D:\\WSUS'
    assert all(value == 2 for value in registry(host, SETUP + '\\Installed Role Services').values())
    again = ok(host.run(WsusInstall, INSTALL), changed=False)
    assert again['postinstall_state'] == 'complete' and again['content_dir'] == 'D:\\WSUS' and again['version']
    moved = ok(host.run(WsusInstall, dict(INSTALL, http_port=80)), changed=True)
    assert moved['http_port'] == 80 and registry(host, SETUP)['PortNumber'] == 80
    ok(host.run(WsusInstall, dict(INSTALL, http_port=80)), changed=False)


def wsus_install_removed_feature(tmp_path) -> None:
    host = LabHost(tmp_path, SUP, {'removed_features': ['UpdateServices-Services']})
    refused = host.run(WsusInstall, INSTALL)
    assert refused.get('failed') and 'source' in refused['msg']
    assert host.state()['features']['UpdateServices-Services'] == 'Available'
    host.make_dir('D:\\sources\\sxs')
    ok(host.run(WsusInstall, dict(INSTALL, source='D:\\sources\\sxs')), changed=True)
    ok(host.run(WsusInstall, INSTALL), changed=False)


def wsus_install_on_port_80(tmp_path) -> None:
    """A new server straight onto the Default Web Site: post-install, then usecustomwebsite false."""
    host = LabHost(tmp_path, SUP)
    done = ok(host.run(WsusInstall, dict(INSTALL, http_port=80)), changed=True)
    assert done['http_port'] == 80 and registry(host, SETUP)['PortNumber'] == 80
    ok(host.run(WsusInstall, dict(INSTALL, http_port=80)), changed=False)


def wsus_install_absent(tmp_path) -> None:
    host = installed_wsus(tmp_path)
    removed = ok(host.run(WsusInstall, {'state': 'absent'}), changed=True)
    assert removed['postinstall_state'] == 'not_installed'
    assert host.state()['features']['UpdateServices-Services'] == 'Available'
    ok(host.run(WsusInstall, {'state': 'absent'}), changed=False)


def wsus_install_restart(tmp_path) -> None:
    host = LabHost(tmp_path, SUP, {'faults': {'restart_needed': True}})
    waiting = ok(host.run(WsusInstall, INSTALL), changed=True)
    assert waiting['reboot_required'] is True and waiting['postinstall_state'] == 'pending'
    assert not any('Installed Role Services' in key and values for key, values in host.state()['registry'].items()
                   if 'Setup' in key and values.get('UpdateServices-Services') == 2)


def wsus_install_sql(tmp_path) -> None:
    args = dict(INSTALL, database='sql', sql_server='sql01.contoso.com\\WSUS')
    hop = LabHost(tmp_path / 'network', SUP).run(WsusInstall, args)
    assert hop.get('failed') and 'ANONYMOUS LOGON' in hop['msg'] and 'become' in hop['msg']
    assert hop['postinstall_log'] and hop['postinstall_errors']
    host = LabHost(tmp_path / 'become', SUP, {'logon': 'become'})
    ok(host.run(WsusInstall, args), changed=True)
    assert registry(host, SETUP)['SqlServerName'] == 'sql01.contoso.com\\WSUS'
    ok(host.run(WsusInstall, args), changed=False)


def wsus_install_postinstall_failure(tmp_path) -> None:
    host = LabHost(tmp_path, SUP, {'faults': {'postinstall_failure': True}})
    failed = host.run(WsusInstall, INSTALL)
    assert failed.get('failed') and 'exit code 1' in failed['msg']
    assert failed['postinstall_log'].startswith('C:\\Users\\') and any('SqlException' in line for line in failed['postinstall_errors'])
    # what the host has after it (read by the apply script), not the planned "complete"
    assert failed['postinstall_state'] == 'partial' and failed['http_port'] is None


def connection_account(tmp_path) -> None:
    host = installed_wsus(tmp_path, orphaned_sids={'S-1-5-32-544': [ORPHAN]})
    args = {'scope': 'wsus_host', 'username': ACCOUNT}
    plan = ok(host.run(ConnectionAccount, args, check_mode=True), changed=True)
    assert plan['after'] != plan['before']
    ok(host.run(ConnectionAccount, args), changed=True)
    groups = host.state()['local_groups']
    assert ACCOUNT_SID in [m['sid'] for m in groups['Administrators']['members']]
    assert ACCOUNT_SID in [m['sid'] for m in groups['WSUS Administrators']['members']]
    ok(host.run(ConnectionAccount, args), changed=False)
    ok(host.run(ConnectionAccount, dict(args, state='absent')), changed=True)
    groups = host.state()['local_groups']
    assert ACCOUNT_SID not in [m['sid'] for m in groups['WSUS Administrators']['members']]
    assert len(groups['Administrators']['members']) == 2


def ssl(tmp_path) -> None:
    host = installed_wsus(tmp_path)
    args = {'fqdn': SUP}
    ok(host.run(WsusSslVroots, args, check_mode=True), changed=True)
    assert registry(host, SETUP)['UsingSSL'] == 0
    remove_https_binding(host)  # somebody deleted it: the apply script creates it again
    done = ok(host.run(WsusSslVroots, args), changed=True)
    assert done['wsus_url'] == f'https://{SUP}:8531'
    site = host.state()['iis']['sites']['WSUS Administration']
    bound = [b for b in site['bindings'] if b['protocol'] == 'https']
    assert bound and bound[0].get('thumbprint')
    assert site['vroots']['ClientWebService']['sslFlags'] == 'Ssl' and site['vroots']['Content'].get('sslFlags') in (None, 'None')
    assert registry(host, SETUP)['UsingSSL'] == 1
    ok(host.run(WsusSslVroots, args), changed=False)
    ok(host.run(WsusSslVroots, {'state': 'absent'}), changed=True)
    assert registry(host, SETUP)['UsingSSL'] == 0


def ssl_renewed_certificate_that_does_not_bind(tmp_path) -> None:
    """The new certificate fails to bind: the old one is bound again, WSUS keeps serving https."""
    host = installed_wsus(tmp_path)
    ok(host.run(WsusSslVroots, {}), changed=True)  # the FQDN defaults to the host's
    old = https_thumbprint(host)
    renewed = add_certificate(host, 'renewed')
    host.config = {'faults': {'ssl_bind_failure': [renewed]}}
    failed = host.run(WsusSslVroots, {'certificate_thumbprint': renewed})
    assert failed.get('failed') and 'logon session' in failed['msg']
    assert https_thumbprint(host) == old
    host.config = {}
    ok(host.run(WsusSslVroots, {'certificate_thumbprint': renewed}), changed=True)
    assert https_thumbprint(host) == renewed


def refused(result: dict[str, t.Any], *changes: tuple[str, t.Any, t.Any]) -> None:
    """The apply stopped before its first change, naming each (setting, was, now) that changed since the probe."""
    assert result.get('failed') and result['changed'] is False, result
    for setting, was, now in changes:
        assert f'{setting} changed since it was read (was {was}, now {now})' in result['msg'], result['msg']
    assert 'Nothing was changed' in result['msg']


def wsus_install_changed_since_read(tmp_path) -> None:
    """A concurrent run installs WSUS on port 80 between this run's probe and its apply, then moves it back."""
    host = LabHost(tmp_path, SUP)
    seen: dict[str, t.Any] = {}

    def concurrent_install() -> None:
        ok(host.run(WsusInstall, dict(INSTALL, http_port=80)), changed=True)
        seen.update(settings(host))
    with between_probe_and_apply(WsusInstall, concurrent_install):
        refused(host.run(WsusInstall, INSTALL), ('features/UpdateServices-Services', 'Available', 'Installed'),
                ('role_services/UpdateServices-Services', '(none)', 2))
    assert settings(host) == seen  # nothing changed
    ok(host.run(WsusInstall, INSTALL), changed=False)  # the re-run plans from what is there: port 80
    with between_probe_and_apply(WsusInstall, lambda: ok(host.run(WsusInstall, dict(INSTALL, http_port=8530)), True)):
        result = host.run(WsusInstall, dict(INSTALL, http_port=8530))
    refused(result, ('setup/PortNumber', 80, 8530))
    assert 'features/' not in result['msg'] and 'role_services/' not in result['msg']
    ok(host.run(WsusInstall, dict(INSTALL, http_port=8530)), changed=False)


def wsus_install_half_finished(tmp_path) -> None:
    """Post-install stopped half way (one role service at 1): it runs again, compared with what was read."""
    host = installed_wsus(tmp_path)
    edit(host, lambda state: state['registry'][ROLE_SERVICES].update({'UpdateServices-Services': 1}))
    done = ok(host.run(WsusInstall, INSTALL), changed=True)
    assert done['postinstall_state'] == 'complete' and registry(host, ROLE_SERVICES)['UpdateServices-Services'] == 2


def ssl_changed_since_read(tmp_path) -> None:
    """A concurrent run secures WSUS first; later a console edit of one root while SSL is being turned off."""
    host = installed_wsus(tmp_path)
    with between_probe_and_apply(WsusSslVroots, lambda: ok(host.run(WsusSslVroots, {'fqdn': SUP}), changed=True)):
        result = host.run(WsusSslVroots, {'fqdn': SUP})
    refused(result, ('binding/thumbprint', '(none)', https_thumbprint(host)), ('vroots/ClientWebService', 'None', 'Ssl'),
            ('setup/UsingSSL', 0, 1))
    ok(host.run(WsusSslVroots, {'fqdn': SUP}), changed=False)

    def console_edit() -> None:
        edit(host, lambda state: state['iis']['sites']['WSUS Administration']['vroots']['ClientWebService'].update(
            sslFlags='Ssl,Ssl128'))
    with between_probe_and_apply(WsusSslVroots, console_edit):
        result = host.run(WsusSslVroots, {'state': 'absent'})
    refused(result, ('vroots/ClientWebService', 'Ssl', 'Ssl,Ssl128'))
    assert registry(host, SETUP)['UsingSSL'] == 1
    assert host.state()['iis']['sites']['WSUS Administration']['vroots']['DssAuthWebService']['sslFlags'] == 'Ssl'
    ok(host.run(WsusSslVroots, {'state': 'absent'}), changed=True)
    assert registry(host, SETUP)['UsingSSL'] == 0


def connection_account_changed_since_read(tmp_path) -> None:
    """An admin adds the account to WSUS Administrators by hand between the probe and the apply."""
    host = installed_wsus(tmp_path)
    args = {'scope': 'wsus_host', 'username': ACCOUNT}

    def console_edit() -> None:
        edit(host, lambda state: state['local_groups']['WSUS Administrators']['members'].append(
            {'name': ACCOUNT, 'sid': ACCOUNT_SID}))
    with between_probe_and_apply(ConnectionAccount, console_edit):
        result = host.run(ConnectionAccount, args)
    refused(result, ('member_of/WSUS Administrators', False, True))
    assert 'member_of/Administrators' not in result['msg']
    assert ACCOUNT_SID not in [m['sid'] for m in host.state()['local_groups']['Administrators']['members']]
    again = ok(host.run(ConnectionAccount, args), changed=True)
    assert again['before']['member_of'] == {'Administrators': False, 'WSUS Administrators': True}
    ok(host.run(ConnectionAccount, args), changed=False)


def remove_https_binding(host: LabHost) -> None:
    from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
    with Store(host.state_dir).host(host.name, host.config) as state:
        site = state.data['iis']['sites']['WSUS Administration']
        site['bindings'] = [b for b in site['bindings'] if b['protocol'] != 'https']


def https_thumbprint(host: LabHost) -> str | None:
    site = host.state()['iis']['sites']['WSUS Administration']
    return next(b.get('thumbprint') for b in site['bindings'] if b['protocol'] == 'https')


def add_certificate(host: LabHost, label: str) -> str:
    """A second valid server certificate for the host (a renewal) in LocalMachine\\My."""
    from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
    with Store(host.state_dir).host(host.name, host.config) as state:
        cert = dict(state.data['certificates'][0], thumbprint=(label.encode().hex().upper() * 10)[:40],
                    not_before='2026-06-01T00:00:00')
        state.data['certificates'].append(cert)
    return cert['thumbprint']


def sup_info_configmgr_accounts(tmp_path) -> None:
    """sup_info on a site server with one Configuration Manager account: a name the domain knows in another form
    (UPN, other case) finds it, a domain account the site lacks and a name the domain does not know do not."""
    from labsim.hoststate import Store  # pylint: disable=import-outside-toplevel
    host = LabHost(tmp_path, 'cm01.contoso.com', {'profile': 'site_server', 'site_code': 'PR1'})
    with Store(host.state_dir).host(host.name, host.config) as state:
        state.data['configmgr']['accounts'][ACCOUNT] = {'password': 'fingerprint', 'changed_at': '2026-01-01T00:00:00'}
    names = ['svc-sup-wsus@contoso.com', 'contoso\\SVC-SUP-WSUS', 'CONTOSO\\svc-cm-proxy', 'CONTOSO\\nobody']
    result = host.run(SupInfo, {'logs': [], 'configmgr_accounts': names})
    assert not result.get('failed'), result.get('msg')
    assert result['configmgr_accounts'] == dict(zip(names, [True, True, False, False]))


#: source file -> the scenarios that run it
SCENARIOS: dict[str, list[t.Callable[[t.Any], None]]] = {
    'wsus_install_get.ps1': [wsus_install, wsus_install_absent],
    'wsus_install_set.ps1': [wsus_install, wsus_install_on_port_80, wsus_install_removed_feature, wsus_install_absent,
                             wsus_install_restart, wsus_install_sql, wsus_install_postinstall_failure,
                             wsus_install_changed_since_read, wsus_install_half_finished],
    '_wsus_state.ps1': [wsus_install, ssl],
    'wsus_connection_account_wsus_host_get.ps1': [connection_account],
    'wsus_connection_account_wsus_host_set.ps1': [connection_account, connection_account_changed_since_read],
    '_local_group_members.ps1': [connection_account],
    'wsus_ssl_vroots_get.ps1': [ssl, ssl_renewed_certificate_that_does_not_bind],
    'wsus_ssl_vroots_set.ps1': [ssl, ssl_renewed_certificate_that_does_not_bind, ssl_changed_since_read],
    '_compare_and_set.ps1': [wsus_install_changed_since_read, ssl_changed_since_read, connection_account_changed_since_read],
    '_sup_info_accounts.ps1': [sup_info_configmgr_accounts],
}

#: (file, kind, what the mutant changes) -> why it cannot change what the script does
EQUIVALENT: dict[tuple[str, str, str], str] = {
    ('wsus_ssl_vroots_set.ps1', 'deleted command', 'Import-Module'):
        'Import-Module WebAdministration: PowerShell 3.0 and later import a module on first use of one of its '
        'cmdlets (about_Modules, "Module autoloading"); the set script uses no IIS: path before Get-WebBinding',
    ('wsus_install_set.ps1', 'inverted condition', '$line -match \'([A-Za-z]:\\\\[^"<>|]+\\.(log|tmp))\''):
        '$Matches keeps the last successful match (about_Automatic_Variables) and WsusUtil prints its log path on '
        'its first line, so the first line that does not match still yields the same path',
    ('wsus_ssl_vroots_set.ps1', 'inverted condition', '-not $previousStore'):
        'a hole, accepted: the lab binds certificates from LocalMachine\\My only, so a previous certificate in '
        'another store (WebHosting), which this condition keeps, cannot be shown',
}



@pytest.mark.parametrize('scenario', sorted({s for group in SCENARIOS.values() for s in group}, key=lambda s: s.__name__),
                         ids=lambda s: s.__name__)
def test_scenario_passes_with_the_shipped_scripts(scenario, tmp_path, monkeypatch):
    monkeypatch.setattr(_engine, '_SCRIPTS', {})
    scenario(tmp_path)


@pytest.mark.parametrize('file_name,mutant', script_mutants(SCENARIOS, EQUIVALENT), ids=lambda value: str(value).replace(' ', '_'))
def test_mutant_is_killed(file_name, mutant, monkeypatch, tmp_path):
    send_mutant(monkeypatch, file_name, mutant.text)
    assert_killed(file_name, mutant, SCENARIOS, tmp_path)
