"""Small PowerShell snippets run by the lab's interpreter against the Windows models (skipped until
labsim.powershell.interpreter exists). State side effects are asserted, so the tests do not depend
on how ``run`` reports output."""

from __future__ import annotations

import pytest

from conftest import make_host
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
