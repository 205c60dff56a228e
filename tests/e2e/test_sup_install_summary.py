"""The summary is the evidence (issue 13, item 7): the Summary play of sup_install prints, per SUP, the log lines that
prove or disprove it, from the playbook's own results, and ``make demo`` prints that summary."""

from __future__ import annotations

import importlib.util
import json

from lab import ROOT

CM, SUP1, SUP2 = 'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'
PLAYBOOK = 'configmgr.sup.sup_install'
SUMMARY = 'Report each software update point'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}
CM_LOGS = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\'


def summary(run):
    return {r['item']['key']: r['msg'] for r in run.results(SUMMARY)[CM]['results']}


def demo_module():
    spec = importlib.util.spec_from_file_location('configmgr_sup_demo', ROOT / 'tools' / 'demo.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_install_summary_shows_the_lines_that_prove_each_sup_and_the_demo_prints_it(lab):
    run = lab.playbook(PLAYBOOK, '--limit', f'{CM},{SUP1}')
    assert run.rc == 0, run.stdout[-3000:]
    message = summary(run)[SUP1]
    head, *lines = message.splitlines()
    assert head.startswith(f'{SUP1}: changed role, proxy, connection account; verification passed')
    assert lines[0] == '  the lines (following this run):'
    sup = run.sup_facts(SUP1)
    assert sup['evidence'], sup
    for line in sup['evidence']:  # every line the verification matched, with its log and time
        assert f'    {line["log"]}  {line["time"]}  {line["message"]}' in lines
    quoted = {line['message'] for line in sup['evidence']}
    assert 'PutInstanceAsync SMS_SCI_SysResUse' in quoted and 'Setting new configuration state to 2 (WSUS_CONFIG_SUCCESS)' in quoted
    # what the setup play read in the SUP's own logs
    setup = run.results('Follow SUP setup and WSUS health in this server\'s own logs')[SUP1]
    assert f'  on {SUP1}:' in lines
    supsetup = setup['checks']['sup_setup']['steps'][0]['line']
    assert f'    SUPSetup.log  {supsetup["time"]}  Installation was successful.' in lines
    assert any(line.startswith('    WSUSCtrl.log') for line in lines)
    # the lines are the site's: each is in its log on the host
    for line in sup['evidence']:
        assert line['message'] in lab.host_file(CM, CM_LOGS + line['log']).read_text(encoding='utf-8')
    # make demo prints what the playbook reported, taken from the run's results
    assert demo_module().summary(run.report) == summary(run)


def test_a_rerun_summary_shows_the_latest_outcome_with_the_port_and_ssl_wcm_connected_to(lab):
    assert lab.playbook(PLAYBOOK, '--limit', f'{CM},{SUP1}').rc == 0
    again = lab.playbook(PLAYBOOK, '--limit', f'{CM},{SUP1}')
    assert again.rc == 0, again.stdout[-3000:]
    head, *lines = summary(again)[SUP1].splitlines()
    assert head == f'{SUP1}: no change; verification passed, clients use https://{SUP1}:8531'
    assert lines[0] == '  the lines (latest outcome):'
    body = '\n'.join(lines)
    assert 'WCM.log' in body and 'Attempting connection to WSUS server: SUP01.CONTOSO.COM, port: 8531, useSSL: True' in body
    assert 'executed successfully on server SUP01.CONTOSO.COM.' in body


def test_an_unproven_sup_summary_says_how_to_prove_it(lab):
    lab.set_host_config(CM, dict(SITE, existing_software_update_points=[SUP2]))
    same = {'configmgr_sup_connection_account': None, 'configmgr_sup_connection_password': None,
            'configmgr_sup_client_connection': None, 'configmgr_sup_public_fqdn': None}
    run = lab.playbook(PLAYBOOK, '--limit', f'{CM},{SUP2}', '-e', json.dumps(same))
    assert run.rc == 0, run.stdout[-3000:]
    head, *lines = summary(run)[SUP2].splitlines()
    assert 'no change; verification unproven' in head
    advice = [line for line in lines if line.startswith('  how to prove it: ')]
    assert advice == [f'  how to prove it: {run.sup_facts(SUP2)["how_to_prove"]}']
    assert 'software_update_point_reverify: true' in advice[0]
