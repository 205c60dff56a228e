"""Applies are compare-and-set (engine ``Plan.expected``, _compare_and_set.ps1): each apply script gets the
values the plan was computed from for the settings it changes, reads them again before its first change,
and stops, changing nothing, when the host no longer has them. Here the lab host is changed between a
module's probe and its apply, by a console edit or a concurrent run, for every module that applies."""

from __future__ import annotations

import pathlib
import re

import pytest
from labhost import LabHost
from racing import between_probe_and_apply, edit, settings, site_systems

from ansible_collections.configmgr.sup.plugins.action.sup_proxy import ActionModule as SupProxy
from ansible_collections.configmgr.sup.plugins.action.sup_role import ActionModule as SupRole
from ansible_collections.configmgr.sup.plugins.action.wsus_connection_account import ActionModule as ConnectionAccount
from ansible_collections.configmgr.sup.plugins.action.wsus_install import ActionModule as WsusInstall
from ansible_collections.configmgr.sup.plugins.action.wsus_ssl_vroots import ActionModule as WsusSslVroots
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script

SUP = 'sup01.contoso.com'
CM = 'cm01.contoso.com'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}
INSTALL = {'content_dir': 'D:\\WSUS'}
ACCOUNT = 'CONTOSO\\svc-sup-wsus'
SUP_PROPS = 'SMS Software Update Point'
SERVER_PROPS = 'SMS Site System'
SCRIPT_DIR = pathlib.Path(__file__).resolve().parents[2] / 'plugins' / 'plugin_utils' / 'powershell'
APPLY_SCRIPTS = sorted(p.stem for p in SCRIPT_DIR.glob('*_set.ps1') if not p.name.startswith('_'))
#: what changes a host in the apply scripts (cmdlets, IIS binding methods, WsusUtil)
CHANGES = re.compile(r'\b(Install-WindowsFeature|Uninstall-WindowsFeature|New-WebBinding|Set-WebConfigurationProperty|'
                     r'Set-ItemProperty|Add-LocalGroupMember|Remove-LocalGroupMember|New-CMAccount|Set-CMAccount|'
                     r'New-CMSiteSystemServer|Set-CMSiteSystemServer|Add-CMSoftwareUpdatePoint|'
                     r'Set-CMSoftwareUpdatePoint|Set-CMSoftwareUpdatePointComponent|Remove-CMSoftwareUpdatePoint|'
                     r'Sync-CMSoftwareUpdate)\b|\.(Add|Remove)SslCertificate\(|'
                     r'& \$wsusUtil')


def done(result, changed=True):
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is changed, result
    return result


def refused(result, *changes):
    """Failed, changed nothing, and named each (setting, was, now)."""
    assert result.get('failed') and result['changed'] is False, result
    assert result['changed_since_read'] is True and result['after'] == result['before'] and 'diff' not in result
    for setting, was, now in changes:
        assert f'{setting} changed since it was read (was {was}, now {now})' in result['msg'], result['msg']
    assert 're-run. Nothing was changed' in result['msg'] and 'ConfigMgrSupChangedSinceRead' not in result['msg']
    return result


def site_server(tmp_path, **config) -> LabHost:
    return LabHost(tmp_path, CM, dict(SITE, **config))


def props(host: LabHost, role: str) -> dict:
    return site_systems(host)[SUP]['roles'][role]


# ---- the contract every apply script keeps ------------------------------------------------------------
@pytest.mark.parametrize('name', APPLY_SCRIPTS)
def test_apply_script_compares_before_its_first_change(name):
    text = load_script(name)
    assert re.search(r'\[hashtable\]\s+\$Expected = @\{\}', text), 'declares [hashtable] $Expected'
    code = '\n'.join(line for line in text.splitlines() if not line.lstrip().startswith('#'))
    check = code.index('Assert-Unchanged -Expected $Expected -Current')
    first_change = CHANGES.search(code)
    assert first_change and check < first_change.start(), f'{name}: {first_change.group(0)} before Assert-Unchanged'


# ---- per module ---------------------------------------------------------------------------------------
def test_wsus_install_refuses_after_a_concurrent_install_and_the_rerun_converges(tmp_path):
    host = LabHost(tmp_path, SUP)
    seen = {}

    def concurrent_run():
        done(host.run(WsusInstall, dict(INSTALL, http_port=80)))
        seen.update(settings(host))
    with between_probe_and_apply(WsusInstall, concurrent_run):
        plan_then_refusal = host.run(WsusInstall, INSTALL, diff=True)
    refused(plan_then_refusal, ('features/UpdateServices-WidDB', 'Available', 'Installed'),
            ('role_services/UpdateServices-WidDatabase', '(none)', 2))
    assert settings(host) == seen
    assert done(host.run(WsusInstall, INSTALL), changed=False)['http_port'] == 80


def test_check_mode_never_applies_so_a_change_behind_its_back_does_not_matter(tmp_path):
    host = LabHost(tmp_path, SUP)
    with between_probe_and_apply(WsusInstall, lambda: done(host.run(WsusInstall, INSTALL))):
        plan = done(host.run(WsusInstall, INSTALL, check_mode=True))
    assert plan['after']['postinstall'] == 'complete' and 'changed_since_read' not in plan


def test_wsus_ssl_vroots_refuses_when_the_certificate_was_rebound_by_hand(tmp_path):
    host = LabHost(tmp_path, SUP)
    done(host.run(WsusInstall, INSTALL))
    done(host.run(WsusSslVroots, {}))
    site = host.state()['iis']['sites']['WSUS Administration']
    old = next(b['thumbprint'] for b in site['bindings'] if b['protocol'] == 'https')
    renewed = 'AB' * 20
    edit(host, lambda state: state['certificates'].append(dict(state['certificates'][0], thumbprint=renewed,
                                                               not_before='2026-06-01T00:00:00')))

    def rebind(state):
        binding = next(b for b in state['iis']['sites']['WSUS Administration']['bindings'] if b['protocol'] == 'https')
        binding['thumbprint'] = renewed
    with between_probe_and_apply(WsusSslVroots, lambda: edit(host, rebind)):
        result = host.run(WsusSslVroots, {'certificate_thumbprint': renewed})
    refused(result, ('binding/thumbprint', old, renewed))
    assert done(host.run(WsusSslVroots, {'certificate_thumbprint': renewed}), changed=False)['binding']['thumbprint'] == renewed


def test_wsus_connection_account_on_the_wsus_host_refuses_after_a_concurrent_removal(tmp_path):
    host = LabHost(tmp_path, SUP)
    done(host.run(WsusInstall, INSTALL))
    args = {'scope': 'wsus_host', 'username': ACCOUNT}
    done(host.run(ConnectionAccount, args))
    absent = dict(args, state='absent')
    with between_probe_and_apply(ConnectionAccount, lambda: done(host.run(ConnectionAccount, absent))):
        result = host.run(ConnectionAccount, args | {'state': 'absent'})
    refused(result, ('member_of/Administrators', True, False), ('member_of/WSUS Administrators', True, False))
    done(host.run(ConnectionAccount, absent), changed=False)


def test_wsus_connection_account_in_configmgr_refuses_when_the_role_got_another_account(tmp_path):
    host = site_server(tmp_path, existing_software_update_points=[SUP])
    accounts = {}

    def console_edit(state):
        accounts.update(state['configmgr']['accounts'])
        state['configmgr']['site_systems'][SUP]['roles'][SUP_PROPS]['WSUSAccessAccount'] = 'CONTOSO\\svc-other'
    args = {'scope': 'configmgr', 'username': ACCOUNT, 'site_system': SUP, 'password': 'Pa55-w0rd!'}
    with between_probe_and_apply(ConnectionAccount, lambda: edit(host, console_edit)):
        result = host.run(ConnectionAccount, args)
    refused(result, ('sup/WSUSAccessAccount/value2', '(none)', 'CONTOSO\\svc-other'))
    assert host.state()['configmgr']['accounts'] == accounts  # the account was not created either
    assert done(host.run(ConnectionAccount, args))['after']['wsus_access_account'] == ACCOUNT


def test_sup_role_refuses_after_a_concurrent_run_with_other_ports_and_names_only_what_it_changes(tmp_path):
    host = site_server(tmp_path, existing_software_update_points=[SUP])
    mine = {'site_system': SUP, 'http_port': 80, 'https_port': 443}
    other = {'site_system': SUP, 'http_port': 8080, 'ssl': True}
    with between_probe_and_apply(SupRole, lambda: done(host.run(SupRole, other))):
        result = host.run(SupRole, mine)
    refused(result, ('sup/WSUSIISPort/value', 8530, 8080))
    assert 'WSUSIISSSLPort' not in result['msg'] and 'SSLWSUS' not in result['msg']
    assert (props(host, SUP_PROPS)['WSUSIISPort'], props(host, SUP_PROPS)['WSUSIISSSLPort']) == (8080, 8531)
    done(host.run(SupRole, mine))
    assert (props(host, SUP_PROPS)['WSUSIISPort'], props(host, SUP_PROPS)['WSUSIISSSLPort']) == (80, 443)


def test_sup_role_refuses_to_add_a_role_someone_added_meanwhile(tmp_path):
    host = site_server(tmp_path)
    with between_probe_and_apply(SupRole, lambda: done(host.run(SupRole, {'site_system': SUP}))):
        result = host.run(SupRole, {'site_system': SUP, 'http_port': 80})
    refused(result, ('exists/server', False, True), ('exists/sup', False, True))
    assert props(host, SUP_PROPS)['WSUSIISPort'] == 8530
    done(host.run(SupRole, {'site_system': SUP, 'http_port': 80}))


def test_sup_proxy_refuses_when_the_proxy_was_set_meanwhile(tmp_path):
    host = site_server(tmp_path, existing_software_update_points=[SUP])
    mine = {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com', 'proxy_port': 8080, 'sync_uses_proxy': True}
    other = {'site_system': SUP, 'proxy_server': 'proxy02.contoso.com', 'proxy_port': 3128}
    with between_probe_and_apply(SupProxy, lambda: done(host.run(SupProxy, other))):
        result = host.run(SupProxy, mine)
    refused(result, ('server/UseProxy/value', 0, 1), ('server/ProxyName/value2', '(none)', 'proxy02.contoso.com'),
            ('server/ProxyServerPort/value', 80, 3128))
    assert 'sup/UseProxy' not in result['msg']  # the flag did not change meanwhile
    assert props(host, SUP_PROPS)['UseProxy'] == 0 and props(host, SERVER_PROPS)['ProxyName'] == 'proxy02.contoso.com'
    done(host.run(SupProxy, mine))
    done(host.run(SupProxy, mine), changed=False)
