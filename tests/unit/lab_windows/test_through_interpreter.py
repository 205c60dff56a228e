"""Small PowerShell snippets run by the lab's interpreter against the Windows models (skipped until
labsim.powershell.interpreter exists). State side effects are asserted, so the tests do not depend
on how ``run`` reports output."""

from __future__ import annotations

import time

import pytest

from conftest import make_host
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script
from labsim import profiles
from labsim.configmgr import module as cm_module
from labsim.powershell import api
from labsim.windows import wsus

interpreter = pytest.importorskip('labsim.powershell.interpreter')
MARK_KEY = 'HKLM\\SOFTWARE\\Lab\\Mark'


def _run(host, script: str, logon: str = 'network'):
    try:
        session = interpreter.Session(host=host)
    except TypeError:
        session = interpreter.Session(host)
    session.logon = logon
    host.reg_set(MARK_KEY, 'Seen', '')
    return interpreter.run(script, script_name='snippet.ps1', parameters={}, session=session)


def _mark(host):
    return host.reg_key(MARK_KEY)['Seen']


def test_identity_not_mapped_is_caught_by_its_type(tmp_path):
    host = make_host(tmp_path)
    _run(host, "try { $null = ([System.Security.Principal.NTAccount]'CONTOSO\\nobody').Translate("
               "[System.Security.Principal.SecurityIdentifier]) } "
               "catch [System.Security.Principal.IdentityNotMappedException] { "
               "Set-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Lab\\Mark' -Name Seen -Value 'caught' }")
    assert _mark(host) == 'caught'


def test_orphaned_sid_stops_a_script_that_reads_group_members(tmp_path):
    host = make_host(tmp_path, orphaned_sids={'S-1-5-32-544': ['S-1-5-21-1-2-3-1234']})
    _run(host, "$ErrorActionPreference = 'Stop'\n"
               "try { $null = Get-LocalGroupMember -SID 'S-1-5-32-544' } catch { "
               "Set-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Lab\\Mark' -Name Seen -Value $_.Exception.Message }")
    assert _mark(host) == 'Failed to compare two elements in the array.'


def test_ssl_binding_through_webadministration(tmp_path):
    host = make_host(tmp_path)
    wsus.create_site(host, 8530)
    thumbprint = host.data['certificates'][0]['thumbprint']
    _run(host, "Import-Module -Name WebAdministration\n"
               "$binding = Get-WebBinding -Name 'WSUS Administration' -Protocol https -Port 8531\n"
               f"$binding.AddSslCertificate('{thumbprint}', 'My')\n"
               "Set-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location 'WSUS Administration/ClientWebService' "
               "-Filter 'system.webServer/security/access' -Name sslFlags -Value 'Ssl'")
    site = host.data['iis']['sites']['WSUS Administration']
    assert [b.get('thumbprint') for b in site['bindings'] if b['protocol'] == 'https'] == [thumbprint]
    assert site['vroots']['ClientWebService']['sslFlags'] == 'Ssl'


# ---- the scripts' fallbacks and checks the lead added (ADSI, signing, log history) ---------------------
ORPHAN = 'S-1-5-21-1-2-3-1234'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}


def _ansible():
    return api.PSObject({'Changed': True, 'Failed': False, 'Result': None, 'Diff': api.Hashtable(),
                         'CheckMode': False, 'Verbosity': 0, 'Tmpdir': 'C:\\Windows\\Temp'})


def _script(host, script: str, name: str = 'snippet', **parameters):
    session = interpreter.Session(host=host, variables={'Ansible': _ansible()})
    session.logon = 'network'
    return interpreter.run(script, script_name=name + '.ps1', parameters=api.Hashtable(parameters.items()),
                           session=session)


def test_adsi_members_with_their_binary_sids(tmp_path):
    host = make_host(tmp_path, orphaned_sids={'S-1-5-32-544': [ORPHAN]})
    ran = _script(host, "$group = [ADSI]\"WinNT://$env:COMPUTERNAME/Administrators,group\"\n"
                        "foreach ($member in @($group.Invoke('Members'))) {\n"
                        "    $entry = [ADSI]$member\n"
                        "    $sid = New-Object -TypeName System.Security.Principal.SecurityIdentifier "
                        "-ArgumentList @($entry.objectSid.Value, 0)\n"
                        "    '{0}={1}' -f [string]$entry.Name, $sid.Value\n"
                        "}")
    assert ran.terminating is None, ran.terminating
    assert ran.output == [f'Administrator={profiles.machine_sid(host.name)}-500',
                          f'Domain Admins={profiles.DOMAIN_SID}-512', f'{ORPHAN}={ORPHAN}']


def test_adsi_missing_group_is_a_method_invocation_error(tmp_path):
    ran = _script(make_host(tmp_path), "try { $null = ([ADSI]\"WinNT://$env:COMPUTERNAME/Nope,group\").Invoke('Members') }\n"
                                       "catch [System.Runtime.InteropServices.COMException] { 'com: ' + $_.Exception.Message }")
    assert ran.terminating is None, ran.terminating
    assert ran.output == ['com: Exception calling "Invoke" with "1" argument(s): "The group name could not be found.\r\n"']


def test_wsus_host_probe_lists_the_orphaned_sid_through_the_adsi_fallback(tmp_path):
    host = make_host(tmp_path, orphaned_sids={'S-1-5-32-544': [ORPHAN]})
    ran = _script(host, load_script('wsus_connection_account_wsus_host_get'), 'wsus_connection_account_wsus_host_get',
                  UserName='CONTOSO\\svc-sup-wsus', Group=['S-1-5-32-544', 'Users'])
    assert ran.terminating is None, ran.terminating
    [result] = ran.output
    groups = result.properties['groups']
    admins = groups['S-1-5-32-544']
    assert admins['exists'] is True and admins['name'] == 'Administrators'
    sids = {member['sid']: member['name'] for member in admins['members']}
    assert sids[ORPHAN] == ORPHAN and sids[f'{profiles.DOMAIN_SID}-512'] == 'Domain Admins'
    # Users has no orphan: Get-LocalGroupMember answers, with domain-qualified names
    assert [m['name'] for m in groups['Users']['members']] == ['NT AUTHORITY\\Authenticated Users']


def test_signing_checks_of_configmgr_connect(tmp_path):
    host = make_host(tmp_path, 'cm01.contoso.com', execution_policy='AllSigned', **SITE)
    snippet = ("$cmModule = Join-Path -Path $env:SMS_ADMIN_UI_PATH -ChildPath '..\\ConfigurationManager.psd1'\n"
               "$signer = (Get-AuthenticodeSignature -FilePath $cmModule).SignerCertificate\n"
               "'{0}|{1}|{2}' -f [string](Get-ExecutionPolicy), $signer.Subject, "
               "(Test-Path -LiteralPath \"Cert:\\LocalMachine\\TrustedPublisher\\$($signer.Thumbprint)\")")
    ran = _script(host, snippet)
    assert ran.output == [f'AllSigned|{cm_module.MODULE_SIGNER_SUBJECT}|False']
    host.data['trusted_publishers'] = [cm_module.MODULE_SIGNER_THUMBPRINT]
    assert _script(host, snippet).output == [f'AllSigned|{cm_module.MODULE_SIGNER_SUBJECT}|True']


def test_log_probe_reads_the_newest_history_file_after_a_rollover(tmp_path):
    host = make_host(tmp_path, 'cm01.contoso.com', log_max_bytes=250, log_max_history=3, **SITE)
    logs = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs'
    host.path(logs + '\\WCM.log').unlink()
    host.write_text(logs + '\\WCM.lo_', 'old lo_\r\n')  # left from when the site kept one history file
    time.sleep(0.002)
    for index in range(7):
        host.write_text(logs + '\\WCM.log', f'{index:02d}' + 'x' * 96 + '\r\n', append=True)
        host.data['clock'] += 61
        time.sleep(0.002)
    newest = max(p.name for p in host.path(logs).iterdir() if p.name.startswith('WCM-'))
    ran = _script(host, load_script('sup_log_verify_get'), 'sup_log_verify_get', Name=['WCM.log'], Position=[200],
                  LogsDir=logs)
    assert ran.terminating is None, ran.terminating
    [entry] = ran.output[0].properties['logs']
    assert entry['rolled'] is True and entry['lo_path'] == f'{logs}\\{newest}'
