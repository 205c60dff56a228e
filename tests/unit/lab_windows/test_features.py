"""ServerManager models: Get-/Install-/Uninstall-WindowsFeature."""

from __future__ import annotations

import pytest

from conftest import Session, call, make_host
from labsim.powershell import api
from labsim.windows import features, wsus


def _states(session, pattern='UpdateServices*'):
    return {f.props['Name']: str(f.props['InstallState']) for f in call(session, 'Get-WindowsFeature', Name=pattern)[0]}


def test_get_windows_feature_expands_wildcards_and_returns_nothing_for_unknown_names(session):
    assert set(_states(session)) >= {'UpdateServices', 'UpdateServices-Services', 'UpdateServices-API'}
    out, inv = call(session, 'Get-WindowsFeature', Name='No-Such-Feature')
    assert out == [] and inv.errors == []


def test_install_installs_parents_writes_role_services_and_wsusutil(session):
    out, _ = call(session, 'Install-WindowsFeature', Name=['UpdateServices-Services', 'UpdateServices-WidDB'])
    result = out[0]
    assert result.props['Success'] is True and str(result.props['RestartNeeded']) == 'No'
    assert str(result.props['ExitCode']) == 'Success'
    states = _states(session)
    assert states['UpdateServices'] == 'Installed' and states['UpdateServices-WidDB'] == 'Installed'
    assert _states(session, 'Windows-Internal-Database') == {'Windows-Internal-Database': 'Installed'}
    assert session.host.reg_key(wsus.ROLES) == {'UpdateServices-Services': 1, 'UpdateServices-WidDatabase': 1}
    assert session.host.path(wsus.WSUSUTIL).exists()


def test_install_of_installed_features_is_no_change_needed(session):
    call(session, 'Install-WindowsFeature', Name='UpdateServices-API')
    result = call(session, 'Install-WindowsFeature', Name='UpdateServices-API')[0][0]
    assert str(result.props['ExitCode']) == 'NoChangeNeeded' and result.props['FeatureResult'] == []


def test_install_refuses_wid_and_sql_together(session):
    with pytest.raises(api.PSError) as caught:
        call(session, 'Install-WindowsFeature', Name=['UpdateServices-WidDB', 'UpdateServices-DB'])
    assert 'AddWindowsFeatureCommand' in caught.value.record.error_id


def test_unknown_feature_name_fails_install(session):
    with pytest.raises(api.PSError) as caught:
        call(session, 'Install-WindowsFeature', Name='UpdateServices-Nope')
    assert caught.value.record.error_id == 'NameDoesNotExist,Microsoft.Windows.ServerManager.Commands.AddWindowsFeatureCommand'


def test_removed_payload_needs_an_existing_source(tmp_path):
    session = Session(make_host(tmp_path, removed_features=['UpdateServices-Services']))
    assert _states(session)['UpdateServices-Services'] == 'Removed'
    with pytest.raises(api.PSError) as caught:
        call(session, 'Install-WindowsFeature', Name='UpdateServices-Services', Source='D:\\sources\\sxs')
    assert '0x800f081f' in caught.value.record.message
    session.host.path('C:\\sxs').mkdir(parents=True)
    result = call(session, 'Install-WindowsFeature', Name='UpdateServices-Services', Source='C:\\sxs')[0][0]
    assert result.props['Success'] is True and _states(session)['UpdateServices-Services'] == 'Installed'
    call(session, 'Uninstall-WindowsFeature', Name='UpdateServices-Services')
    assert _states(session)['UpdateServices-Services'] == 'Available'


def test_restart_needed_fault_leaves_features_pending(tmp_path):
    session = Session(make_host(tmp_path, faults={'restart_needed': True}))
    result = call(session, 'Install-WindowsFeature', Name='UpdateServices-API')[0][0]
    assert str(result.props['RestartNeeded']) == 'Yes'
    assert _states(session)['UpdateServices-API'] == 'InstallPending'
    removed = call(session, 'Uninstall-WindowsFeature', Name='UpdateServices-API')[0][0]
    assert str(removed.props['RestartNeeded']) == 'Yes'
    assert _states(session)['UpdateServices-API'] == 'UninstallPending'


def test_uninstall_removes_subfeatures_role_services_and_wsusutil(session):
    call(session, 'Install-WindowsFeature', Name=['UpdateServices-Services', 'UpdateServices-WidDB'])
    result = call(session, 'Uninstall-WindowsFeature', Name='UpdateServices')[0][0]
    assert str(result.props['RestartNeeded']) == 'No'
    assert all(state == 'Available' for state in _states(session).values())
    assert session.host.reg_key(wsus.ROLES) == {}
    assert not session.host.path(wsus.WSUSUTIL).exists()


def test_uninstall_with_remove_deletes_the_payload(session):
    call(session, 'Uninstall-WindowsFeature', Name='UpdateServices-UI', Remove=True)
    assert _states(session)['UpdateServices-UI'] == 'Removed'


def test_whatif_changes_nothing(session):
    session.whatif = True
    call(session, 'Install-WindowsFeature', Name='UpdateServices-API')
    assert _states(session)['UpdateServices-API'] == 'Available' and session.host_lines
