"""LocalAccounts and NTAccount/SecurityIdentifier."""

from __future__ import annotations

import pytest

from conftest import Session, call, make_host
from labsim import profiles
from labsim.powershell import api
from labsim.windows.identity import NTAccount, SecurityIdentifier

SVC = f'{profiles.DOMAIN_SID}-1105'


def test_get_local_group_by_sid_and_missing_name(session):
    group = call(session, 'Get-LocalGroup', SID='S-1-5-32-544')[0][0]
    assert group.props['Name'] == 'Administrators' and group.props['SID'].props['Value'] == 'S-1-5-32-544'
    out, inv = call(session, 'Get-LocalGroup', Name='WSUS Administrators')
    assert out == [] and inv.errors[0].message == 'Group WSUS Administrators was not found.'


def test_get_local_group_member_lists_principals(session):
    members = call(session, 'Get-LocalGroupMember', SID='S-1-5-32-544')[0]
    names = {m.props['Name']: m for m in members}
    assert str(names['CONTOSO\\Domain Admins'].props['PrincipalSource']) == 'ActiveDirectory'
    assert names['CONTOSO\\Domain Admins'].props['ObjectClass'] == 'Group'


def test_get_local_group_member_throws_on_orphaned_sid(tmp_path):
    session = Session(make_host(tmp_path, orphaned_sids={'S-1-5-32-544': ['S-1-5-21-1-2-3-1234']}))
    with pytest.raises(api.PSError) as caught:
        call(session, 'Get-LocalGroupMember', SID='S-1-5-32-544')
    record = caught.value.record
    assert record.message == 'Failed to compare two elements in the array.'
    assert record.exception_type == 'System.InvalidOperationException'


def test_add_and_remove_local_group_member_with_their_errors(session):
    call(session, 'Add-LocalGroupMember', SID='S-1-5-32-544', Member=SVC)
    assert any(m['sid'] == SVC for m in session.host.data['local_groups']['Administrators']['members'])
    _, inv = call(session, 'Add-LocalGroupMember', SID='S-1-5-32-544', Member=SVC)
    assert inv.errors[0].error_id.startswith('MemberExists,')
    _, inv = call(session, 'Add-LocalGroupMember', SID='S-1-5-32-544', Member='S-1-5-21-9-9-9-9')
    assert inv.errors[0].error_id.startswith('PrincipalNotFound,')
    call(session, 'Remove-LocalGroupMember', SID='S-1-5-32-544', Member=SVC)
    _, inv = call(session, 'Remove-LocalGroupMember', SID='S-1-5-32-544', Member=SVC)
    assert inv.errors[0].error_id.startswith('MemberNotFound,')


def test_ntaccount_translates_to_sid_and_back(session):
    sid = NTAccount.ps_cast(session, 'contoso\\SVC-SUP-WSUS').ps_method('Translate')(
        api.PSType('System.Security.Principal.SecurityIdentifier', SecurityIdentifier))
    assert sid.props['Value'] == SVC
    name = sid.ps_method('Translate')(api.PSType('System.Security.Principal.NTAccount', NTAccount))
    assert name.props['Value'] == 'CONTOSO\\svc-sup-wsus'


def test_unknown_account_throws_identity_not_mapped(session):
    with pytest.raises(api.PSError) as caught:
        NTAccount.ps_cast(session, 'CONTOSO\\nobody').ps_method('Translate')(
            api.PSType('System.Security.Principal.SecurityIdentifier', SecurityIdentifier))
    assert caught.value.record.exception_type == 'System.Security.Principal.IdentityNotMappedException'
    assert api.exception_is(caught.value.record.exception_type, 'System.SystemException')


def test_builtin_group_resolves(session):
    sid = NTAccount.ps_cast(session, 'BUILTIN\\Administrators').ps_method('Translate')(
        api.PSType('System.Security.Principal.SecurityIdentifier', SecurityIdentifier))
    assert sid.props['Value'] == 'S-1-5-32-544'
