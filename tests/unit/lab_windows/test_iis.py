"""WebAdministration: bindings, SSL certificates on http.sys, sslFlags with inheritance."""

from __future__ import annotations

import pytest

from conftest import Session, call, make_host
from labsim.powershell import api
from labsim.windows import wsus

SITE = 'WSUS Administration'
ACCESS = dict(PSPath='MACHINE/WEBROOT/APPHOST', Filter='system.webServer/security/access')


def _wsus_site(session):
    wsus.create_site(session.host, 8530)
    call(session, 'Import-Module', Name='WebAdministration')


def _thumbprints(session):
    return [c['thumbprint'] for c in session.host.data['certificates']]


def test_get_web_binding_filters_by_protocol_and_port(session):
    _wsus_site(session)
    out, _ = call(session, 'Get-WebBinding', Name=SITE, Protocol='https', Port=8531)
    assert [b.props['bindingInformation'] for b in out] == ['*:8531:'] and out[0].props['certificateHash'] == ''


def test_add_ssl_certificate_binds_and_a_second_add_fails_already_exists(session):
    _wsus_site(session)
    binding = call(session, 'Get-WebBinding', Name=SITE, Protocol='https')[0][0]
    good = _thumbprints(session)[0]
    binding.ps_method('AddSslCertificate')(good, 'My')
    assert call(session, 'Get-WebBinding', Name=SITE, Protocol='https')[0][0].props['certificateHash'] == good
    with pytest.raises(api.PSError) as caught:
        binding.ps_method('AddSslCertificate')(good, 'My')
    assert '0x800700B7' in caught.value.record.message


def test_add_ssl_certificate_fails_for_a_thumbprint_not_in_the_store(session):
    _wsus_site(session)
    binding = call(session, 'Get-WebBinding', Name=SITE, Protocol='https')[0][0]
    with pytest.raises(api.PSError) as caught:
        binding.ps_method('AddSslCertificate')('00' * 20, 'My')
    assert caught.value.record.exception_type == 'System.Runtime.InteropServices.COMException'


def test_failed_add_after_remove_leaves_the_binding_without_certificate(tmp_path):
    session = Session(make_host(tmp_path))
    _wsus_site(session)
    binding = call(session, 'Get-WebBinding', Name=SITE, Protocol='https')[0][0]
    binding.ps_method('AddSslCertificate')(_thumbprints(session)[0], 'My')
    session.host.config['faults'] = {'ssl_bind_failure': True}
    binding = call(session, 'Get-WebBinding', Name=SITE, Protocol='https')[0][0]
    binding.ps_method('RemoveSslCertificate')()
    with pytest.raises(api.PSError) as caught:
        binding.ps_method('AddSslCertificate')(_thumbprints(session)[0], 'My')
    assert '0x80070520' in caught.value.record.message
    assert call(session, 'Get-WebBinding', Name=SITE, Protocol='https')[0][0].props['certificateHash'] == ''


def test_new_web_binding_adds_and_refuses_a_duplicate(session):
    call(session, 'New-WebBinding', Name='Default Web Site', Protocol='https', Port=443)
    assert len(call(session, 'Get-WebBinding', Name='Default Web Site', Protocol='https')[0]) == 1
    _, inv = call(session, 'New-WebBinding', Name='Default Web Site', Protocol='https', Port=443)
    assert 'duplicate collection entry' in inv.errors[0].message


def test_get_web_configuration_returns_the_inherited_site_ssl_flags(session):
    _wsus_site(session)
    assert call(session, 'Get-WebConfiguration', Location=f'{SITE}/Content', **ACCESS)[0][0].props['sslFlags'] == 'None'
    call(session, 'Set-WebConfigurationProperty', Location=SITE, Name='sslFlags', Value='Ssl', **ACCESS)
    assert call(session, 'Get-WebConfiguration', Location=f'{SITE}/Content', **ACCESS)[0][0].props['sslFlags'] == 'Ssl'


def test_set_web_configuration_property_canonicalises_flags_on_the_vroot(session):
    _wsus_site(session)
    call(session, 'Set-WebConfigurationProperty', Location=f'{SITE}/ClientWebService', Name='sslFlags',
         Value='Ssl128, Ssl', **ACCESS)
    out = call(session, 'Get-WebConfiguration', Location=f'{SITE}/ClientWebService', **ACCESS)[0][0]
    assert out.props['sslFlags'] == 'Ssl,Ssl128'


def test_set_web_configuration_property_on_a_missing_vroot_fails(session):
    _wsus_site(session)
    _, inv = call(session, 'Set-WebConfigurationProperty', Location=f'{SITE}/Nope', Name='sslFlags', Value='Ssl', **ACCESS)
    assert 'Unrecognized configuration path' in inv.errors[0].message
