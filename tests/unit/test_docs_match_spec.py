"""Each docs module's documentation matches the argument spec its action plugin validates with.

The documentation is read as ansible-doc resolves it (tools/module_docs.py), with the shared doc
fragments (plugins/doc_fragments) merged in, because that is what users and validate-modules see.
"""

from __future__ import annotations

import importlib
import pathlib
import re
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'tools'))

import module_docs  # noqa: E402  pylint: disable=wrong-import-position

MODULE_DIR = ROOT / 'plugins' / 'modules'
MODULES = sorted(p.stem for p in MODULE_DIR.glob('*.py') if p.stem != '__init__')
SPECS = {
    'wsus_install': ('_wsus_install_spec', 'WSUS_INSTALL_SPEC'),
    'wsus_ssl_vroots': ('_wsus_ssl_vroots_spec', 'WSUS_SSL_VROOTS_SPEC'),
    'wsus_connection_account': ('_wsus_connection_account_spec', 'WSUS_CONNECTION_ACCOUNT_SPEC'),
    'sup_role': ('_sup_role_spec', 'SUP_ROLE_SPEC'),
    'sup_proxy': ('_sup_proxy_spec', 'SUP_PROXY_SPEC'),
    'sup_component': ('_sup_component_spec', 'SUP_COMPONENT_SPEC'),
    'sup_sync': ('_sup_sync_spec', 'SUP_SYNC_SPEC'),
    'sup_log_verify': ('_sup_log_verify_spec', 'SUP_LOG_VERIFY_SPEC'),
    'sup_info': ('_sup_info_spec', 'SUP_INFO_SPEC'),
}


def docs(name):
    found = module_docs.ansible_doc()[name]
    return {'DOCUMENTATION': found['doc'], 'EXAMPLES': yaml.safe_load(found['examples']), 'RETURN': found['return']}


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


@pytest.mark.parametrize('name', MODULES)
def test_every_module_states_check_mode_diff_mode_and_platform(name):
    attributes = docs(name)['DOCUMENTATION'].get('attributes') or {}
    for attribute in ('check_mode', 'diff_mode', 'platform'):
        assert attribute in attributes, f'{name} does not document attribute {attribute}'
        assert attributes[attribute].get('description'), (name, attribute)
        assert attributes[attribute].get('support') in ('full', 'partial', 'none', 'N/A'), (name, attribute)
    assert attributes['platform'].get('platforms') == 'windows', name


def action_groups():
    return yaml.safe_load((ROOT / 'meta' / 'runtime.yml').read_text(encoding='utf-8')).get('action_groups') or {}


#: modules that take site_code but are not in group/configmgr.sup.site, and why (their docs say so)
SITE_CODE_NOT_IN_GROUP = {'wsus_connection_account': 'scope=wsus_host tasks refuse site_code'}


def test_the_site_group_holds_every_module_that_takes_site_code_on_every_task():
    members = set(action_groups()['site'])
    takes_site_code = {name for name in MODULES if 'site_code' in spec(name).argument_spec}
    assert members <= set(MODULES)
    assert members == takes_site_code - set(SITE_CODE_NOT_IN_GROUP)


@pytest.mark.parametrize('name', MODULES)
def test_action_group_attribute_matches_the_runtime_groups(name):
    groups = sorted(f'configmgr.sup.{group}' for group, members in action_groups().items() if name in members)
    attribute = (docs(name)['DOCUMENTATION'].get('attributes') or {}).get('action_group')
    assert sorted((attribute or {}).get('membership') or []) == groups, name


SCRIPTS = ROOT / 'plugins' / 'plugin_utils' / 'powershell'


def logs_the_scripts_position(name):
    """Log names whose positions the module's probe ($LogName) and apply (Get-CMLogPosition -Name) scripts return."""
    found = set()
    for script in SCRIPTS.glob(f'{name}_*.ps1'):
        for match in re.finditer(r"(?:\$LogName =|Get-CMLogPosition -Name) @\(([^)]*)\)", script.read_text()):
            found.add(frozenset(re.findall(r"'([^']+)'", match.group(1))))
    assert len(found) <= 1, f'{name}: the probe and the apply return positions of different logs: {found}'
    return set(next(iter(found), ()))


@pytest.mark.parametrize('name', [n for n in MODULES if 'log_positions' in docs(n)['RETURN']])
def test_documented_log_positions_are_the_logs_the_scripts_return(name):
    documented = docs(name)['RETURN']['log_positions']
    logs = logs_the_scripts_position(name)
    assert logs, name
    assert set(documented['sample']) == logs, name
    description = documented['description']
    text = description if isinstance(description, str) else ' '.join(description)
    assert all(log in text for log in logs), f'{name}: RETURN log_positions does not name each of {sorted(logs)}'


#: C(), I(), B(), M(), U(), L(), R() end at the first ")": a "(" inside one cuts it short ("C(~RoleSetup())"
#: renders as "`~RoleSetup(')" and a stray ")"). Semantic markup (V(), O(), RV(), E()) takes "\(" and "\)".
_CUT_SHORT = re.compile(r'\b[CIBMULR]\([^)]*\(')


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def documented_texts():
    for name in MODULES:
        for part in ('DOCUMENTATION', 'RETURN'):
            yield pytest.param(f'module {name} {part}', docs(name)[part], id=f'{name}-{part}')
    for specs in sorted((ROOT / 'roles').glob('*/meta/argument_specs.yml')):
        role = specs.parent.parent.name
        yield pytest.param(f'role {role}', yaml.safe_load(specs.read_text(encoding='utf-8')), id=f'role-{role}')


@pytest.mark.parametrize('where, doc', list(documented_texts()))
def test_no_markup_is_cut_short_by_a_parenthesis(where, doc):
    cut = [match.group(0) for text in strings(doc) for match in [_CUT_SHORT.search(text)] if match]
    assert not cut, f'{where}: {cut} ends at the first ")" and renders badly in ansible-doc'
