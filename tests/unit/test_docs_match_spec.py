"""Each docs module's DOCUMENTATION matches the argument spec its action plugin validates with."""

from __future__ import annotations

import ast
import importlib
import pathlib

import pytest
import yaml

MODULE_DIR = pathlib.Path(__file__).resolve().parents[2] / 'plugins' / 'modules'
MODULES = sorted(p.stem for p in MODULE_DIR.glob('*.py') if p.stem != '__init__')
SPECS = {
    'wsus_install': ('_wsus_install_spec', 'WSUS_INSTALL_SPEC'),
    'wsus_ssl_vroots': ('_wsus_ssl_vroots_spec', 'WSUS_SSL_VROOTS_SPEC'),
    'wsus_connection_account': ('_wsus_connection_account_spec', 'WSUS_CONNECTION_ACCOUNT_SPEC'),
    'sup_role': ('_sup_role_spec', 'SUP_ROLE_SPEC'),
    'sup_proxy': ('_sup_proxy_spec', 'SUP_PROXY_SPEC'),
    'sup_log_verify': ('_sup_log_verify_spec', 'SUP_LOG_VERIFY_SPEC'),
    'sup_info': ('_sup_info_spec', 'SUP_INFO_SPEC'),
}


def docs(name):
    tree = ast.parse((MODULE_DIR / f'{name}.py').read_text(encoding='utf-8'))
    values = {node.targets[0].id: node.value.value for node in tree.body
              if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)}
    return {key: yaml.safe_load(values[key]) for key in ('DOCUMENTATION', 'EXAMPLES', 'RETURN')}


def spec(name):
    module, attribute = SPECS[name]
    return getattr(importlib.import_module(f'ansible_collections.configmgr.sup.plugins.module_utils.{module}'), attribute)


def test_every_module_has_a_spec():
    assert set(MODULES) == set(SPECS)


@pytest.mark.parametrize('name', MODULES)
def test_documented_options_match_the_spec(name):
    options = docs(name)['DOCUMENTATION']['options']
    argument_spec = spec(name).argument_spec
    assert set(options) == set(argument_spec)
    for option, definition in argument_spec.items():
        documented = options[option]
        assert documented.get('type', 'str') == definition.get('type', 'str'), option
        assert documented.get('default') == definition.get('default'), option
        assert documented.get('choices') == definition.get('choices'), option
        assert bool(documented.get('required')) == bool(definition.get('required')), option
        assert bool(documented.get('no_log')) is False  # no_log is a spec matter, not documented


@pytest.mark.parametrize('name', MODULES)
def test_examples_use_fully_qualified_names_and_only_documented_options(name):
    options = set(docs(name)['DOCUMENTATION']['options'])
    for task in docs(name)['EXAMPLES']:
        assert task['name'][0].isupper()
        action = next(key for key in task if key not in ('name', 'register', 'when', 'loop'))
        assert action.count('.') == 2, f'{task["name"]}: {action} is not a fully qualified name'
        if action == f'configmgr.sup.{name}':
            assert set(task[action] or {}) <= options, task['name']


@pytest.mark.parametrize('name', MODULES)
def test_every_return_value_is_described(name):
    for key, value in docs(name)['RETURN'].items():
        assert value.get('description') and value.get('returned') and value.get('type'), key
