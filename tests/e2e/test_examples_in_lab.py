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
PREPARE_SUP = {'wsus_ssl_vroots': [WSUS_ON_SUP], 'wsus_connection_account': [WSUS_ON_SUP],
               'sup_log_verify': [WSUS_ON_SUP], 'sup_sync': [WSUS_ON_SUP]}
#: modules whose examples start from a site without SUPs (they add one and follow it)
NEW_SITE = {'sup_log_verify'}
CONSOLE = {'name': 'Prepare the console', 'configmgr.sup.wsus_install': {'role': 'console'}}
PREPARE_SITE = {'sup_log_verify': [CONSOLE], 'sup_sync': [CONSOLE]}
SITE_WITH_SUP = {'profile': 'site_server', 'site_code': 'PR1', 'existing_software_update_points': [SUP]}


def examples():
    """Each example on its own; EXAMPLES that register results tell one story and run together."""
    for path in sorted(MODULE_DIR.glob('*.py')):
        tree = ast.parse(path.read_text(encoding='utf-8'))
        for node in tree.body:
            if isinstance(node, ast.Assign) and node.targets[0].id == 'EXAMPLES':
                tasks = yaml.safe_load(node.value.value)
                groups = [tasks] if any('register' in task for task in tasks) else [[task] for task in tasks]
                for group in groups:
                    yield pytest.param(path.stem, group, id=f'{path.stem}: {group[-1]["name"]}')

#: modules that only ever run on the site server (the site-wide component and its synchronization)
SITE_SERVER_MODULES = {'sup_component', 'sup_sync'}


def target(module, tasks):
    """Where the example belongs: the site server for ConfigMgr-side and console tasks, else a SUP."""
    if module in SITE_SERVER_MODULES:
        return SITE_SERVERS
    for task in tasks:
        args = task.get(f'configmgr.sup.{module}') or task.get('configmgr.sup.sup_role') or {}
        if args.get('role') == 'console' or args.get('scope') == 'configmgr' or 'site_system' in args:
            return SITE_SERVERS
    return SUP


@pytest.mark.parametrize('module, tasks', list(examples()))
def test_example_runs_in_the_lab(lab, module, tasks):
    if module not in NEW_SITE:
        lab.set_host_config('cm01.contoso.com', SITE_WITH_SUP)
    plays = [{'name': 'Prepare', 'hosts': SUP, 'gather_facts': False, 'tasks': PREPARE_SUP.get(module, [])},
             {'name': 'Prepare site', 'hosts': SITE_SERVERS, 'gather_facts': False,
              'tasks': PREPARE_SITE.get(module, [])},
             {'name': 'Example', 'hosts': target(module, tasks), 'gather_facts': False, 'tasks': tasks}]
    playbook = lab.state_dir / 'example.yml'
    playbook.parent.mkdir(parents=True, exist_ok=True)
    playbook.write_text(yaml.safe_dump([play for play in plays if play['tasks']]))
    run = lab.playbook(playbook)
    assert run.rc == 0, run.stdout[-3000:]
    for task in tasks:
        assert all(not result.get('failed') for result in run.results(task['name']).values())
