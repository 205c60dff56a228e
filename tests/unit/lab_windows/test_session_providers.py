"""Session cmdlets and the item cmdlets over FileSystem, Registry, Certificate and IIS."""

from __future__ import annotations

import pytest

from conftest import Session, call, make_host
from labsim.powershell import api
from labsim.windows import wsus


def test_join_path_keeps_dotdot_and_a_single_separator(session):
    out, _ = call(session, 'Join-Path', Path='C:\\A\\bin\\i386', ChildPath='..\\ConfigurationManager.psd1')
    assert out == ['C:\\A\\bin\\i386\\..\\ConfigurationManager.psd1']
    assert call(session, 'Join-Path', Path='C:\\', ChildPath='\\SMS_*\\Logs')[0] == ['C:\\SMS_*\\Logs']


def test_join_path_with_an_empty_path_fails_parameter_binding(session):
    with pytest.raises(api.PSError) as caught:
        call(session, 'Join-Path', Path='', ChildPath='Logs')
    record = caught.value.record
    assert record.message == "Cannot bind argument to parameter 'Path' because it is an empty string."
    assert record.exception_type == 'System.Management.Automation.ParameterBindingValidationException'


def test_join_path_on_a_missing_drive_is_drive_not_found(session):
    out, inv = call(session, 'Join-Path', Path='Q:\\x', ChildPath='y')
    assert out == [] and inv.errors[0].message == "Cannot find drive. A drive with the name 'Q' does not exist."


def test_get_psdrive_lists_filesystem_drives_from_the_host_config(tmp_path):
    session = Session(make_host(tmp_path, drives=['C', 'D']))
    out, _ = call(session, 'Get-PSDrive', PSProvider='FileSystem')
    assert [d.props['Root'] for d in out] == ['C:\\', 'D:\\']


def test_get_psdrive_missing_name_writes_drive_not_found(session):
    out, inv = call(session, 'Get-PSDrive', Name='PR1')
    assert out == []
    assert inv.errors[0].error_id == 'DriveNotFound,Microsoft.PowerShell.Commands.GetPSDriveCommand'


def test_new_psdrive_of_a_provider_whose_module_is_not_imported_fails(session):
    out, inv = call(session, 'New-PSDrive', Name='PR1', PSProvider='CMSite', Root='cm01')
    assert out == [] and inv.errors[0].message == "Cannot find a provider with the name 'CMSite'."


def test_iis_drive_exists_only_after_import_module_webadministration(session):
    assert call(session, 'Test-Path', LiteralPath='IIS:\\Sites\\Default Web Site')[0] == [False]
    call(session, 'Import-Module', Name='WebAdministration')
    assert call(session, 'Test-Path', LiteralPath='IIS:\\Sites\\Default Web Site')[0] == [True]
    assert call(session, 'Test-Path', LiteralPath='IIS:\\Sites\\WSUS Administration')[0] == [False]


def test_import_module_unknown_name_fails_module_not_found(session):
    with pytest.raises(api.PSError) as caught:
        call(session, 'Import-Module', Name='NoSuchModule')
    assert caught.value.record.error_id == 'Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand'


def test_webadministration_is_missing_without_web_server(session):
    session.host.data['features']['Web-Server'] = 'Available'
    with pytest.raises(api.PSError):
        call(session, 'Import-Module', Name='WebAdministration')


def test_get_module_returns_imported_modules_only(session):
    assert call(session, 'Get-Module', Name='WebAdministration')[0] == []
    call(session, 'Import-Module', Name='WebAdministration')
    assert [m.props['Name'] for m in call(session, 'Get-Module', Name='WebAdministration')[0]] == ['WebAdministration']


def test_push_location_to_a_missing_drive_still_pushes_and_writes_drive_not_found(session):
    _, inv = call(session, 'Push-Location', LiteralPath='PR1:\\')
    assert inv.errors[0].exception_type == 'System.Management.Automation.DriveNotFoundException'
    assert session.location_stack == ['C:\\Users\\ansible']
    call(session, 'Pop-Location')
    assert session.location == 'C:\\Users\\ansible' and session.location_stack == []


def test_get_item_property_of_a_missing_key_is_path_not_found(session):
    out, inv = call(session, 'Get-ItemProperty', LiteralPath='HKLM:\\SOFTWARE\\Microsoft\\SMS\\Identification')
    assert out == []
    assert inv.errors[0].message == ("Cannot find path 'HKLM:\\SOFTWARE\\Microsoft\\SMS\\Identification' because it "
                                     'does not exist.')


def test_get_item_property_of_a_site_server_returns_the_values(tmp_path):
    session = Session(make_host(tmp_path, 'cm01.contoso.com', profile='site_server', site_code='PR1'))
    out, _ = call(session, 'Get-ItemProperty', LiteralPath='HKLM:\\SOFTWARE\\Microsoft\\SMS\\Identification')
    assert out[0].properties['Site Code'] == 'PR1'
    assert out[0].properties['PSChildName'] == 'Identification'


def test_get_item_property_name_missing_value_writes_property_does_not_exist(session):
    key = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections'
    out, inv = call(session, 'Get-ItemProperty', LiteralPath=key, Name='WinHttpSettings')
    assert out == []
    assert inv.errors[0].message.startswith('Property WinHttpSettings does not exist at path HKEY_LOCAL_MACHINE\\')


def test_winhttp_proxy_of_the_host_config_is_a_byte_array(tmp_path):
    session = Session(make_host(tmp_path, winhttp_proxy='proxy01:8080'))
    key = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections'
    value = call(session, 'Get-ItemProperty', LiteralPath=key, Name='WinHttpSettings')[0][0].properties['WinHttpSettings']
    assert isinstance(value, api.PSArray) and value.element_type == 'System.Byte' and b'proxy01:8080' in bytes(value)


def test_registry_key_get_value_reads_missing_values_as_null(session):
    session.host.reg_set(wsus.SETUP, 'PortNumber', 8530)
    key = call(session, 'Get-Item', LiteralPath='HKLM:\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup')[0][0]
    assert key.ps_method('GetValue')('PortNumber') == 8530
    assert key.ps_method('GetValue')('UsingSSL') is None
    assert key.ps_method('GetValueNames')() == ['PortNumber']


def test_set_item_property_writes_and_whatif_does_not(session):
    session.host.reg_set(wsus.SETUP, 'UsingSSL', 1)
    path = 'HKLM:\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'
    session.whatif = True
    call(session, 'Set-ItemProperty', LiteralPath=path, Name='UsingSSL', Value=0)
    assert session.host.reg_key(wsus.SETUP)['UsingSSL'] == 1
    session.whatif = False
    call(session, 'Set-ItemProperty', LiteralPath=path, Name='UsingSSL', Value=0)
    assert session.host.reg_key(wsus.SETUP)['UsingSSL'] == 0


def test_wsusutil_version_comes_from_the_file(session):
    wsus.stand_in_binary(session.host)
    item = call(session, 'Get-Item', LiteralPath='C:\\Program Files\\Update Services\\Tools\\wsusutil.exe')[0][0]
    assert item.TYPE_NAME == 'System.IO.FileInfo'
    assert item.props['VersionInfo'].props['ProductVersion'] == '10.0.20348.1'


def test_get_child_item_wildcard_with_literal_leaf_returns_the_logs_directories(session):
    for site in ('SMS_PR1', 'SMS_XYZ'):
        session.host.path(f'C:\\{site}\\Logs').mkdir(parents=True)
    session.host.write_text('C:\\SMS_PR1\\Logs\\WCM.log', 'x')
    out, inv = call(session, 'Get-ChildItem', Path='C:\\SMS_*\\Logs', Directory=True)
    assert [d.props['FullName'] for d in out] == ['C:\\SMS_PR1\\Logs', 'C:\\SMS_XYZ\\Logs'] and not inv.errors


def test_get_child_item_lists_timestamped_log_history_files(session):
    for name in ('WCM.log', 'WCM-20261121-090000.log', 'WCM.lo_'):
        session.host.write_text(f'C:\\SMS_PR1\\Logs\\{name}', 'x')
    out, _ = call(session, 'Get-ChildItem', LiteralPath='C:\\SMS_PR1\\Logs', Name=True)
    assert out == ['WCM-20261121-090000.log', 'WCM.lo_', 'WCM.log']


def test_get_content_tail(session):
    session.host.write_text('C:\\t.log', 'a\r\nb\r\nc\r\n')
    assert call(session, 'Get-Content', LiteralPath='C:\\t.log', Tail=2)[0] == ['b', 'c']
    _, inv = call(session, 'Get-Content', LiteralPath='C:\\missing.log')
    assert inv.errors[0].exception_type == 'System.Management.Automation.ItemNotFoundException'


def test_certificates_of_the_store_have_dns_names_and_eku(session):
    certs, _ = call(session, 'Get-ChildItem', LiteralPath='Cert:\\LocalMachine\\My')
    assert len(certs) == 3
    cert = certs[0]
    assert cert.props['DnsNameList'][0].props['Unicode'] == 'sup01.contoso.com'
    assert cert.props['EnhancedKeyUsageList'][0].props['ObjectId'] == '1.3.6.1.5.5.7.3.1'
    assert cert.props['NotAfter'].year == 2027


def test_missing_certificate_fault_removes_the_valid_server_certificate(tmp_path):
    session = Session(make_host(tmp_path, faults={'missing_certificate': True}))
    certs, _ = call(session, 'Get-ChildItem', LiteralPath='Cert:\\LocalMachine\\My')
    assert len(certs) == 2 and all(c.props['NotAfter'].year != 2027 or
                                   c.props['EnhancedKeyUsageList'][0].props['ObjectId'] != '1.3.6.1.5.5.7.3.1'
                                   for c in certs)


def test_test_path_on_missing_drive_is_false_and_empty_path_fails(session):
    assert call(session, 'Test-Path', LiteralPath='Z:\\x')[0] == [False]
    with pytest.raises(api.PSError):
        call(session, 'Test-Path', LiteralPath='')
