"""Findings of the script review (of every shipped script against Microsoft's pages and win_powershell's source), each shown in the lab first,
then fixed in the scripts: these run the shipped scripts against the lab's Windows models."""

from __future__ import annotations

from labhost import LabHost

from ansible_collections.configmgr.sup.plugins.action.sup_info import ActionModule as SupInfo
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall

SUP = 'sup01.contoso.com'
SETUP = 'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'


def setup_values(host: LabHost) -> dict:
    return {key.lower(): values for key, values in host.state()['registry'].items()}[SETUP.lower()]


def test_content_dir_with_a_space_and_a_trailing_backslash_reaches_wsusutil_whole(tmp_path):
    # Windows PowerShell 5.1 would pass CONTENT_DIR=D:\WSUS Content" (PowerShell #7400, #4358)
    host = LabHost(tmp_path, SUP)
    done = host.run(WsusInstall, {'content_dir': 'D:\\WSUS Content\\'})
    assert not done.get('failed'), done.get('msg')
    assert setup_values(host)['ContentDir'] == 'D:\\WSUS Content'
    assert host.run(WsusInstall, {'content_dir': 'D:\\WSUS Content\\'})['changed'] is False


def test_sup_info_on_a_host_with_only_the_console_reports_no_site(tmp_path):
    host = LabHost(tmp_path, SUP, {'configmgr_console': True})
    info = host.run(SupInfo, {})
    assert not info.get('failed'), info.get('msg')
    assert info['configmgr'] is None


def test_sup_info_reports_group_membership_despite_an_orphaned_sid(tmp_path):
    host = LabHost(tmp_path, SUP, {'orphaned_sids': {'S-1-5-32-544': ['S-1-5-21-1004336348-1177238915-682003330-1234']}})
    assert not host.run(WsusInstall, {'content_dir': 'D:\\WSUS'}).get('failed')
    info = host.run(SupInfo, {'connection_account': 'CONTOSO\\svc-sup-wsus'})
    assert not info.get('failed'), info.get('msg')
    assert info['connection_account']['member_of'] == {'Administrators': False, 'WSUS Administrators': False}


def test_sup_info_on_a_site_server_reads_the_software_update_points_at_the_engines_depth(tmp_path):
    host = LabHost(tmp_path, 'cm01.contoso.com', {'profile': 'site_server', 'site_code': 'PR1',
                                                  'existing_software_update_points': [SUP]})
    info = host.run(SupInfo, {})
    assert not info.get('failed'), info.get('msg')
    assert info['configmgr']['software_update_points'][SUP]['http_port'] == 8530


def test_site_system_settings_of_an_existing_server_are_updated_in_place(tmp_path):
    from ansible_collections.configmgr.sup.plugins.action.sup_role import ActionModule as SupRole
    host = LabHost(tmp_path, 'cm01.contoso.com', {'profile': 'site_server', 'site_code': 'PR1',
                                                  'existing_software_update_points': [SUP]})
    args = {'site_system': SUP, 'site_server_initiated_transfers': True}
    done = host.run(SupRole, args)
    assert not done.get('failed') and done['changed'] is True, done.get('msg')
    props = host.state()['configmgr']['site_systems'][SUP]['roles']['SMS Site System']
    assert props['FDMOperation'] == 1
    assert host.run(SupRole, args)['changed'] is False


def test_a_configmgr_task_on_a_host_with_only_the_console_and_no_site_code_says_so(tmp_path):
    from ansible_collections.configmgr.sup.plugins.action.sup_role import ActionModule as SupRole
    failed = LabHost(tmp_path, SUP, {'configmgr_console': True}).run(SupRole, {'site_system': SUP})
    assert failed.get('failed') and 'No site code was given and this host is not a site server' in failed['msg']
