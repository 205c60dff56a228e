"""Every module's EXAMPLES run against the lab, each on a fresh lab."""

from __future__ import annotations

import ast
import pathlib

import pytest
import yaml

MODULE_DIR = pathlib.Path(__file__).resolve().parents[2] / 'plugins' / 'modules'


def examples():
    for path in sorted(MODULE_DIR.glob('*.py')):
        tree = ast.parse(path.read_text(encoding='utf-8'))
        for node in tree.body:
            if isinstance(node, ast.Assign) and node.targets[0].id == 'EXAMPLES':
                for task in yaml.safe_load(node.value.value):
                    yield pytest.param(path.stem, task, id=f'{path.stem}: {task["name"]}')


def target(module, task):
    args = task[f'configmgr.sup.{module}'] or {}
    return 'configmgr_site_servers' if args.get('role') == 'console' else 'sup01.contoso.com'


@pytest.mark.parametrize('module, task', list(examples()))
def test_example_runs_in_the_lab(lab, module, task):
    playbook = lab.state_dir / 'example.yml'
    playbook.parent.mkdir(parents=True, exist_ok=True)
    play = {'name': 'Example', 'hosts': target(module, task), 'gather_facts': False, 'tasks': [task]}
    playbook.write_text(yaml.safe_dump([play]))
    run = lab.playbook(playbook)
    assert run.rc == 0, run.stdout[-3000:]
    assert all(not result.get('failed') for result in run.results(task['name']).values())
