"""CIM, services, WsusUtil.exe and [System.IO.File]::Open."""

from __future__ import annotations

import pytest

from conftest import Session, call, make_host
from labsim.powershell import api
from labsim.windows import filestream, wsus, wsusutil


def test_computer_system_and_operating_system(session):
    computer = call(session, 'Get-CimInstance', ClassName='Win32_ComputerSystem')[0][0]
    assert (computer.props['DNSHostName'], computer.props['Domain']) == ('sup01', 'contoso.com')
    os_ = call(session, 'Get-CimInstance', ClassName='Win32_OperatingSystem')[0][0]
    assert os_.props['BuildNumber'] == '20348'


def test_unknown_cim_class_is_invalid_class(session):
    out, inv = call(session, 'Get-CimInstance', ClassName='Win32_Nope')
    assert out == [] and inv.errors[0].message == 'Invalid class '


def test_services_exist_only_where_installed(tmp_path):
    session = Session(make_host(tmp_path))
    out, inv = call(session, 'Get-Service', Name=['WsusService', 'W3SVC', 'SMS_EXECUTIVE'])
    assert [s.props['Name'] for s in out] == ['W3SVC']
    assert [e.error_id.split(',')[0] for e in inv.errors] == ['NoServiceFoundForGivenName'] * 2
    session.host.data['env']['SMS_ADMIN_UI_PATH'] = 'C:\\console'  # console only: no site services
    assert [s.props['Name'] for s in call(session, 'Get-Service', Name='SMS_*')[0]] == []
    site = Session(make_host(tmp_path, 'cm01.contoso.com', profile='site_server'))
    assert [str(s.props['Status']) for s in call(site, 'Get-Service', Name='SMS_*')[0]] == ['Running', 'Running']


def _install(session, *features):
    call(session, 'Install-WindowsFeature', Name=list(features))


def test_postinstall_configures_wsus_and_prints_its_log_path(session):
    _install(session, 'UpdateServices-Services', 'UpdateServices-WidDB')
    assert str(call(session, 'Get-Service', Name='WsusService')[0][0].props['Status']) == 'Stopped'
    run = wsusutil.wsusutil(session, wsus.WSUSUTIL, ['postinstall', 'CONTENT_DIR=C:\\WSUS'])
    assert run.exit_code == 0 and run.stdout[-1] == 'Post install has successfully completed'
    log = run.stdout[0].split('located at ', 1)[1]
    assert session.host.path(log).exists()
    assert session.host.reg_key(wsus.ROLES) == {'UpdateServices-Services': 2, 'UpdateServices-WidDatabase': 2}
    assert 'WSUS Administrators' in session.host.data['local_groups']
    assert str(call(session, 'Get-Service', Name='WsusService')[0][0].props['Status']) == 'Running'


def test_postinstall_with_a_content_dir_broken_by_native_quoting_fails(session):
    _install(session, 'UpdateServices-Services', 'UpdateServices-WidDB')
    run = wsusutil.wsusutil(session, wsus.WSUSUTIL, ['postinstall', 'CONTENT_DIR=C:\\WSUS Content"'])
    assert run.exit_code == 1 and 'Illegal characters in path' in run.stdout[-1]


def test_postinstall_remote_sql_over_a_network_logon_fails_the_second_hop(session):
    _install(session, 'UpdateServices-Services', 'UpdateServices-DB')
    args = ['postinstall', 'CONTENT_DIR=C:\\WSUS', 'SQL_INSTANCE_NAME=sql01.contoso.com\\WSUS']
    run = wsusutil.wsusutil(session, wsus.WSUSUTIL, args)
    assert run.exit_code == 1 and "ANONYMOUS LOGON" in run.stdout[-1]
    session.logon = 'become'
    assert wsusutil.wsusutil(session, wsus.WSUSUTIL, args).exit_code == 0


def test_postinstall_failure_fault(tmp_path):
    session = Session(make_host(tmp_path, faults={'postinstall_failure': True}))
    _install(session, 'UpdateServices-Services', 'UpdateServices-WidDB')
    assert wsusutil.wsusutil(session, wsus.WSUSUTIL, ['postinstall', 'CONTENT_DIR=C:\\WSUS']).exit_code == 1


def test_configuressl_and_unknown_verb(session):
    run = wsusutil.wsusutil(session, wsus.WSUSUTIL, ['configuressl', 'sup01.contoso.com'])
    assert run.exit_code == 0
    assert session.host.reg_key(wsus.SETUP) == {'UsingSSL': 1, 'ServerCertificateName': 'sup01.contoso.com'}
    assert wsusutil.wsusutil(session, wsus.WSUSUTIL, ['frobnicate']).exit_code == 1


def test_file_stream_reads_into_the_buffer_in_place(session):
    session.host.write_text('C:\\Logs\\a.log', 'hello world')
    stream = filestream.File.ps_static_Open(session, 'C:\\Logs\\a.log', 'Open', 'Read', 'ReadWrite, Delete')
    assert stream.ps_get('Length') == 11
    buffer = api.PSArray([0] * 5, 'System.Byte')
    stream.ps_method('Seek')(6, 'Begin')
    assert stream.ps_method('Read')(buffer, 0, 5) == 5 and bytes(buffer) == b'world'
    stream.ps_method('Dispose')()


def test_file_open_of_a_missing_file_is_file_not_found(session):
    with pytest.raises(api.PSError) as caught:
        filestream.File.ps_static_Open(session, 'C:\\nope.log', 'Open', 'Read', 'ReadWrite')
    assert caught.value.record.exception_type == 'System.IO.FileNotFoundException'
    assert caught.value.record.message == "Could not find file 'C:\\nope.log'."
