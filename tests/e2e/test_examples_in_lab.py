"""Every module's EXAMPLES run against the lab, each on a fresh lab."""

from __future__ import annotations

import ast
import pathlib

import pytest
import yaml

MODULE_DIR = pathlib.Path(__file__).resolve().parents[2] / 'plugins' / 'modules'
SUP, SITE_SERVERS = 'sup01.contoso.com', 'configmgr_site_servers'
WSUS_ON_SUP = {'name': 'Prepare WSUS', 'configmgr.sup.wsus_install': {'content_dir': 'D:\\WSUS'}}
#: what the lab needs before an example can run: tasks on the SUP, site server lab config
PREPARE_SUP = {'wsus_ssl_vroots': [WSUS_ON_SUP], 'wsus_connection_account': [WSUS_ON_SUP]}
SITE_WITH_SUP = {'profile': 'site_server', 'site_code': 'PR1', 'existing_software_update_points': [SUP]}


def examples():
    for path in sorted(MODULE_DIR.glob('*.py')):
        tree = ast.parse(path.read_text(encoding='utf-8'))
        for node in tree.body:
            if isinstance(node, ast.Assign) and node.targets[0].id == 'EXAMPLES':
                for task in yaml.safe_load(node.value.value):
                    yield pytest.param(path.stem, task, id=f'{path.stem}: {task["name"]}')


def target(module, task):
    """Where the example belongs: the site server for ConfigMgr-side and console tasks, else a SUP."""
    args = task[f'configmgr.sup.{module}'] or {}
    on_site_server = args.get('role') == 'console' or args.get('scope') == 'configmgr' or 'site_system' in args
    return SITE_SERVERS if on_site_server else SUP


@pytest.mark.parametrize('module, task', list(examples()))
def test_example_runs_in_the_lab(lab, module, task):
    lab.set_host_config('cm01.contoso.com', SITE_WITH_SUP)
    plays = [{'name': 'Prepare', 'hosts': SUP, 'gather_facts': False, 'tasks': PREPARE_SUP.get(module, [])},
             {'name': 'Example', 'hosts': target(module, task), 'gather_facts': False, 'tasks': [task]}]
    playbook = lab.state_dir / 'example.yml'
    playbook.parent.mkdir(parents=True, exist_ok=True)
    playbook.write_text(yaml.safe_dump([play for play in plays if play['tasks']]))
    run = lab.playbook(playbook)
    assert run.rc == 0, run.stdout[-3000:]
    assert all(not result.get('failed') for result in run.results(task['name']).values())
