"""ADSI (WinNT group members), binary SIDs, Get-ExecutionPolicy / Get-AuthenticodeSignature, the
TrustedPublisher store, Get-ChildItem -Filter -File with LastWriteTime, and Get-CimInstance on a namespace
the host lacks."""

from __future__ import annotations

import datetime
import os
import time

import pytest

from conftest import Session, call, make_host
from labsim import profiles
from labsim.configmgr import module as cm_module
from labsim.powershell import api
from labsim.windows import adsi, filesystem
from labsim.windows.identity import SecurityIdentifier, sid_from_bytes, sid_to_bytes

ORPHAN = 'S-1-5-21-1-2-3-1234'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}


# ---- binary SIDs ------------------------------------------------------------------------------------
@pytest.mark.parametrize('sid, hex_form', [
    ('S-1-5-32-544', '01020000000000052000000020020000'),   # BUILTIN\Administrators
    ('S-1-1-0', '010100000000000100000000'),                 # Everyone
    ('S-1-5-18', '010100000000000512000000'),                # LocalSystem
])
def test_sid_binary_form_is_the_documented_layout(sid, hex_form):
    assert sid_to_bytes(sid).hex() == hex_form
    assert sid_from_bytes(bytes.fromhex(hex_form)) == sid


def test_sid_binary_round_trip_domain_sid_and_offset():
    sid = f'{profiles.DOMAIN_SID}-1105'
    data = sid_to_bytes(sid)
    assert len(data) == 8 + 4 * 5 and data[1] == 5
    assert sid_from_bytes(b'\x00\x00' + data, 2) == sid
    assert sid_from_bytes(sid_to_bytes('S-1-0x123456789ABC-1')) == 'S-1-0x123456789ABC-1'
    with pytest.raises(ValueError):
        sid_from_bytes(data[:-1])
    with pytest.raises(ValueError):
        sid_from_bytes(b'\x02' + data[1:])


def test_security_identifier_from_bytes_and_its_errors(session):
    data = api.PSArray(sid_to_bytes('S-1-5-32-544'), 'System.Byte')
    assert SecurityIdentifier.ps_new(session, data, 0).props['Value'] == 'S-1-5-32-544'
    assert SecurityIdentifier.ps_new(session, list(data), 0).props['Value'] == 'S-1-5-32-544'
    assert SecurityIdentifier.ps_new(session, 's-1-5-18').props['Value'] == 'S-1-5-18'
    for arguments, exception in (((None, 0), 'System.ArgumentNullException'),
                                 ((data, -1), 'System.ArgumentOutOfRangeException'),
                                 ((data[:6], 0), 'System.ArgumentOutOfRangeException'),
                                 ((api.PSArray([2] + list(data[1:]), 'System.Byte'), 0), 'System.ArgumentException'),
                                 (('not a sid',), 'System.ArgumentException')):
        with pytest.raises(api.PSError) as caught:
            SecurityIdentifier.ps_new(session, *arguments)
        assert caught.value.record.exception_type == exception


# ---- ADSI -------------------------------------------------------------------------------------------
def _group(session, name='Administrators'):
    return adsi.DirectoryEntry.ps_cast(session, f'WinNT://{session.host.data["env"]["COMPUTERNAME"]}/{name},group')


def test_winnt_group_members_include_the_orphaned_sid(tmp_path):
    session = Session(make_host(tmp_path, orphaned_sids={'S-1-5-32-544': [ORPHAN]}))
    members = _group(session).ps_method('Invoke')('Members')
    assert all(isinstance(m, adsi.ComObject) and m.TYPE_NAME == 'System.__ComObject' for m in members)
    found = {}
    for member in members:
        entry = adsi.DirectoryEntry.ps_cast(session, member)
        sid_bytes = entry.ps_get('objectSid')
        assert isinstance(sid_bytes, adsi.PropertyValueCollection)
        assert sid_bytes.ps_get('Value').type_name == 'System.Byte[]'
        sid = SecurityIdentifier.ps_new(session, sid_bytes.ps_get('Value'), 0).props['Value']
        found[sid] = entry.ps_get('Name')
    machine = profiles.machine_sid(session.host.name)
    assert found == {f'{machine}-500': 'Administrator', f'{profiles.DOMAIN_SID}-512': 'Domain Admins', ORPHAN: ORPHAN}


def test_winnt_accepts_dot_and_no_class_and_reads_the_group_itself(session):
    group = adsi.DirectoryEntry.ps_cast(session, 'WinNT://./Users')
    assert group.ps_get('Name') == 'Users'
    assert sid_from_bytes(bytes(group.ps_get('objectSid').ps_get('Value'))) == 'S-1-5-32-545'
    assert group.ps_get('Path') == 'WinNT://./Users' and group.ps_get('SchemaClassName') == 'Group'


def test_winnt_missing_group_fails_on_first_use_not_on_the_cast(session):
    group = _group(session, 'WSUS Administrators')  # not there before WSUS post-install
    with pytest.raises(api.PSError) as caught:
        group.ps_method('Invoke')('Members')
    assert caught.value.record.exception_type == 'System.Runtime.InteropServices.COMException'
    assert caught.value.record.message == 'The group name could not be found.\r\n'
    with pytest.raises(api.PSError) as caught:
        group.ps_get('objectSid')
    assert caught.value.record.message.startswith('The following exception occurred while retrieving member "objectSid"')


def test_winnt_other_computers_and_classes_are_lab_gaps(session):
    with pytest.raises(api.LabUnsupported):
        adsi.DirectoryEntry.ps_cast(session, 'WinNT://OTHER/Administrators,group').ps_method('Invoke')('Members')
    with pytest.raises(api.LabUnsupported):
        _group(session).ps_get('description')
    assert api.TYPES['adsi'] is adsi.DirectoryEntry
    assert api.TYPES['system.directoryservices.directoryentry'] is adsi.DirectoryEntry


# ---- execution policy, signatures, TrustedPublisher ----------------------------------------------------
def test_execution_policy_default_and_from_host_config(tmp_path, session):
    [policy], _ = call(session, 'Get-ExecutionPolicy')
    assert str(policy) == 'RemoteSigned' and policy.type_name == 'Microsoft.PowerShell.ExecutionPolicy'
    [policy], _ = call(Session(make_host(tmp_path, 'cm01.contoso.com', execution_policy='allsigned')),
                       'Get-ExecutionPolicy')
    assert str(policy) == 'AllSigned' and policy.value == 2
    with pytest.raises(api.LabUnsupported):
        call(session, 'Get-ExecutionPolicy', List=True)


def test_the_configmgr_module_is_signed_by_microsoft_and_trusting_it_shows_in_the_store(tmp_path):
    session = Session(make_host(tmp_path, 'cm01.contoso.com', **SITE))
    path = session.host.data['env']['SMS_ADMIN_UI_PATH'] + '\\..\\ConfigurationManager.psd1'
    [signature], inv = call(session, 'Get-AuthenticodeSignature', FilePath=path)
    assert not inv.errors and str(signature.props['Status']) == 'Valid'
    assert signature.props['StatusMessage'] == 'Signature verified.'
    assert signature.props['Path'] == profiles.CM_MODULE_FILE
    signer = signature.props['SignerCertificate']
    assert signer.props['Thumbprint'] == cm_module.MODULE_SIGNER_THUMBPRINT
    assert signer.props['Subject'] == cm_module.MODULE_SIGNER_SUBJECT
    store = f'Cert:\\LocalMachine\\TrustedPublisher\\{signer.props["Thumbprint"]}'
    assert call(session, 'Test-Path', LiteralPath=store)[0] == [False]
    session.host.data['trusted_publishers'] = [cm_module.MODULE_SIGNER_THUMBPRINT.lower()]
    assert call(session, 'Test-Path', LiteralPath=store)[0] == [True]
    assert cm_module.publisher_trusted(session.host)
    [item], _ = call(session, 'Get-Item', LiteralPath=store)
    assert item.props['Subject'] == cm_module.MODULE_SIGNER_SUBJECT
    assert call(session, 'Test-Path', LiteralPath='Cert:\\LocalMachine\\My\\' + cm_module.MODULE_SIGNER_THUMBPRINT)[0] \
        == [False]


def test_unsigned_script_missing_file_and_directory(session):
    session.host.write_text('C:\\Scripts\\a.ps1', 'Write-Output 1\r\n')
    [signature], _ = call(session, 'Get-AuthenticodeSignature', LiteralPath='C:\\Scripts\\a.ps1')
    assert str(signature.props['Status']) == 'NotSigned' and signature.props['SignerCertificate'] is None
    assert signature.props['StatusMessage'].startswith('The file C:\\Scripts\\a.ps1 is not digitally signed.')
    out, inv = call(session, 'Get-AuthenticodeSignature', FilePath='C:\\Scripts\\b.ps1')
    assert out == [] and inv.errors[0].message == 'File C:\\Scripts\\b.ps1 was not found.'
    assert inv.errors[0].error_id == \
        'SignatureCommandsBaseFileNotFound,Microsoft.PowerShell.Commands.GetAuthenticodeSignatureCommand'
    out, inv = call(session, 'Get-AuthenticodeSignature', FilePath='C:\\Scripts')
    assert out == [] and inv.errors[0].error_id.startswith('SignatureCommandsBaseCannotRetrieveFromContainer,')
    session.host.write_text('C:\\Scripts\\c.log', 'x')
    with pytest.raises(api.LabUnsupported):
        call(session, 'Get-AuthenticodeSignature', FilePath='C:\\Scripts\\c.log')


# ---- Get-ChildItem -Filter -File, LastWriteTime ---------------------------------------------------------
@pytest.mark.parametrize('pattern, name, expected', [
    ('WCM*', 'WCM.log', True), ('WCM*', 'wcm.lo_', True), ('WCM*', 'WCM-20261121-090000.log', True),
    ('WCM*', 'xWCM.log', False), ('*.log', 'a.logs', True), ('*.log', 'a.lo_', False), ('*.*', 'README', True),
    ('a?c', 'abc', True), ('a?c', 'ac', False), ('a?.log', 'a.log', True), ('[a]*', '[a]b', True),
    ('[a]*', 'ab', False), ('*.xlsx', 'b.xlsxx', False),
])
def test_filesystem_filter_is_win32_matching(pattern, name, expected):
    assert filesystem.filter_matches(pattern, name) is expected


def test_get_childitem_filter_file_and_last_write_order(session):
    folder = 'C:\\Logs\\'
    host = session.host
    for name, age in (('WCM-20261121-080000.log', 300), ('WCM.lo_', 200), ('WCM-20261121-085000.log', 100),
                      ('WCM.log', 0), ('WSUSCtrl.log', 0)):
        host.write_text(folder + name, name)
        stamp = time.time() - age
        os.utime(host.path(folder + name), (stamp, stamp))
    host.path(folder + 'WCM.old').mkdir()
    out, _ = call(session, 'Get-ChildItem', LiteralPath='C:\\Logs', Filter='WCM*', File=True)
    names = [item.props['Name'] for item in out]
    assert names == ['WCM-20261121-080000.log', 'WCM-20261121-085000.log', 'WCM.lo_', 'WCM.log']
    assert out[0].props['FullName'] == 'C:\\Logs\\WCM-20261121-080000.log'
    times = {item.props['Name']: item.props['LastWriteTime'] for item in out}
    assert all(isinstance(value, datetime.datetime) and value.tzinfo is None for value in times.values())
    assert times['WCM-20261121-080000.log'] < times['WCM.lo_'] < times['WCM-20261121-085000.log'] < times['WCM.log']
    # on the host's clock, and stable within the session
    assert abs((times['WCM.log'] - session.now()).total_seconds()) < 5
    assert call(session, 'Get-Item', LiteralPath='C:\\Logs\\WCM.lo_')[0][0].props['LastWriteTime'] == times['WCM.lo_']
    out, _ = call(session, 'Get-ChildItem', LiteralPath='C:\\Logs', Filter='WCM*', Directory=True)
    assert [item.props['Name'] for item in out] == ['WCM.old']
    with pytest.raises(api.LabUnsupported):
        call(session, 'Get-ChildItem', LiteralPath='HKLM:\\SOFTWARE', Filter='M*')


def test_lab_rollover_history_files_order_as_written(tmp_path):
    """The lab's own rollover (HostState.write_text with log_max_history) against LastWriteTime."""
    host = make_host(tmp_path, 'cm01.contoso.com', **SITE, log_max_bytes=250, log_max_history=3)
    session = Session(host)
    logs = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\'
    host.path(logs + 'WCM.log').unlink()
    for _ in range(9):
        host.write_text(logs + 'WCM.log', 'x' * 98 + '\r\n', append=True)
        host.data['clock'] += 61
        time.sleep(0.002)
    out, _ = call(session, 'Get-ChildItem', LiteralPath=logs.rstrip('\\'), Filter='WCM*', File=True)
    history = sorted((item for item in out if item.props['Name'] != 'WCM.log'), key=lambda i: i.props['LastWriteTime'])
    assert [item.props['Name'] for item in history] == sorted(item.props['Name'] for item in history)


# ---- Get-CimInstance on a namespace the host lacks ------------------------------------------------------
def test_root_sms_on_a_host_without_configmgr_is_a_non_terminating_invalid_namespace(session):
    import labsim.configmgr  # noqa: F401  (registers root\sms SMS_ProviderLocation)
    out, inv = call(session, 'Get-CimInstance', Namespace='root\\sms', ClassName='SMS_ProviderLocation')
    assert out == [] and len(inv.errors) == 1
    record = inv.errors[0]
    assert record.message.startswith('Invalid namespace')
    assert record.exception_type == 'Microsoft.Management.Infrastructure.CimException'
    assert record.error_id.startswith('HRESULT 0x8004100e,')
    out, inv = call(session, 'Get-CimInstance', Namespace='root\\nothing', ClassName='X')
    assert out == [] and inv.errors[0].message.startswith('Invalid namespace')


def test_root_sms_on_a_site_server_answers(tmp_path):
    import labsim.configmgr  # noqa: F401
    session = Session(make_host(tmp_path, 'cm01.contoso.com', **SITE))
    out, inv = call(session, 'Get-CimInstance', Namespace='root\\sms', ClassName='SMS_ProviderLocation')
    assert not inv.errors and out[0].props['SiteCode'] == 'PR1'
