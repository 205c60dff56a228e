"""sup_proxy end to end: set and clear the proxy, the refusals, WCM's answer, the password."""

from __future__ import annotations

import json
import pathlib
import time

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
WCM_LOG = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\WCM.log'
PASSWORD = 'Pr0xy-S3cret;$(calc)`"'
PROXY = {'site_system': SUP, 'proxy_server': 'proxy01.contoso.com', 'proxy_port': 8080, 'sync_uses_proxy': True,
         'adr_uses_proxy': True}


def site(lab, **config):
    lab.set_host_config(CM, dict({'profile': 'site_server', 'site_code': 'PR1',
                                  'existing_software_update_points': [SUP]}, **config))


def wsus_on_sup(lab):
    """The existing SUP's WSUS, installed and post-installed (without it WCM cannot connect)."""
    assert lab.playbook('wsus_install.yml', '-e', json.dumps({'target': SUP})).rc == 0


def proxy(lab, *extra, **args):
    return lab.playbook('sup_module.yml', '-e', json.dumps({'module_name': 'sup_proxy', 'module_args': args}), *extra)


def roles(lab):
    return lab.host_state(CM)['configmgr']['site_systems'][SUP]['roles']


def wcm(lab):
    lab.time_scale = 100000
    time.sleep(0.05)
    lab.touch(CM)
    file = lab.host_file(CM, WCM_LOG)
    return file.read_text(encoding='utf-8') if file.exists() else ''


def test_check_mode_plans_the_proxy_without_any_change(lab):
    site(lab)
    run = proxy(lab, '--check', '--diff', **PROXY)
    result = run.results('Proxy')[CM]
    assert result['changed'] and result['after']['site_system_proxy']['port'] == 8080
    assert [c for c in lab.calls() if c['op'].endswith('/set')] == []
    assert roles(lab)['SMS Site System']['UseProxy'] == 0


def test_sets_the_full_proxy_and_the_flags_then_a_rerun_is_one_call_and_wcm_reports_success(lab):
    site(lab)
    wsus_on_sup(lab)
    lab.time_scale = 0
    run = proxy(lab, **PROXY)
    result = run.results('Proxy')[CM]
    assert result['changed'] and result['log_positions']['WCM.log']['position'] > 0  # the site's history
    system = roles(lab)['SMS Site System']
    assert (system['UseProxy'], system['ProxyName'], system['ProxyServerPort']) == (1, 'proxy01.contoso.com', 8080)
    assert (roles(lab)['SMS Software Update Point']['UseProxy'], roles(lab)['SMS Software Update Point']['UseProxyForADR']) == (1, 1)
    assert 'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)' in wcm(lab)

    lab.reset_calls()
    again = proxy(lab, **PROXY)
    assert again.results('Proxy')[CM]['changed'] is False
    assert [c['op'] for c in lab.calls()] == ['sup_proxy/get']


def test_flags_without_a_proxy_are_refused_before_any_change(lab):
    site(lab)
    run = proxy(lab, site_system=SUP, sync_uses_proxy=True)
    result = run.results('Proxy')[CM]
    assert result['failed'] and 'The address of the proxy server cannot be empty' in result['msg']
    assert result['msg'].startswith('configmgr.sup.sup_proxy: sync_uses_proxy: ')
    assert [c['op'] for c in lab.calls()] == ['sup_proxy/get']


def test_absent_clears_flags_and_proxy(lab):
    site(lab)
    assert proxy(lab, **PROXY).rc == 0
    run = proxy(lab, site_system=SUP, state='absent', remove_site_system_proxy=True)
    assert run.results('Proxy')[CM]['changed']
    assert roles(lab)['SMS Site System']['UseProxy'] == 0
    assert roles(lab)['SMS Software Update Point']['UseProxy'] == 0
    assert proxy(lab, site_system=SUP, state='absent', remove_site_system_proxy=True).results('Proxy')[CM]['changed'] is False


def test_a_proxy_that_wants_credentials_answers_407_in_wcm_log_and_credentials_fix_it(lab):
    site(lab, faults={'proxy_auth_required': True})
    wsus_on_sup(lab)
    lab.time_scale = 0
    assert proxy(lab, **PROXY).rc == 0
    log = wcm(lab)
    assert 'The request failed with HTTP status 407: Proxy Authentication Required.' in log
    assert 'Setting new configuration state to 3 (WSUS_CONFIG_FAILED)' in log

    lab.time_scale = 0
    secrets = lab.state_dir / 'secrets.yml'
    secrets.write_text(json.dumps({'module_name': 'sup_proxy', 'module_args': dict(
        PROXY, proxy_username='CONTOSO\\svc-cm-proxy', proxy_password=PASSWORD)}))
    fixed = lab.playbook('sup_module.yml', '-e', f'@{secrets}')
    position = fixed.results('Proxy')[CM]['log_positions']['WCM.log']['position']
    after = wcm(lab).encode('utf-8')[position:].decode('utf-8')
    assert '407' not in after and 'WSUS_CONFIG_SUCCESS' in after
    assert roles(lab)['SMS Site System']['ProxyUserName'] == 'CONTOSO\\svc-cm-proxy'


def test_the_proxy_password_appears_nowhere_at_vvvv(lab, tmp_path):
    site(lab)
    secrets = tmp_path / 'secrets.yml'
    args = dict(PROXY, proxy_username='CONTOSO\\svc-cm-proxy', proxy_password=PASSWORD)
    secrets.write_text(json.dumps({'module_name': 'sup_proxy', 'module_args': args}))
    always = tmp_path / 'always.yml'
    always.write_text(json.dumps({'module_name': 'sup_proxy', 'module_args': dict(args, update_password='always')}))
    runs = [lab.playbook('sup_module.yml', '-e', f'@{secrets}', '--check', '--diff', '-vvvv', callback='default'),
            lab.playbook('sup_module.yml', '-e', f'@{secrets}', '--diff', '-vvvv', callback='default'),
            lab.playbook('sup_module.yml', '-e', f'@{always}', '--diff', '-vvvv', callback='default')]
    assert [run.rc for run in runs] == [0, 0, 0]
    for run in runs:
        texts = [run.stdout, run.stderr] + [p.read_text(errors='replace') for p in pathlib.Path(lab.state_dir).rglob('*')
                                             if p.is_file() and p.name != 'secrets.yml']
        assert not [t for t in texts if PASSWORD in t or 'Pr0xy-S3cret' in t]
