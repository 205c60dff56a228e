"""Changelog fragments do not repeat what antsibull-changelog writes itself.

antsibull-changelog lists every module and plugin whose ``version_added`` is the release under
"New Modules" / "New Plugins", with its short description. A fragment entry announcing the same
module or plugin as new would print it twice in CHANGELOG.rst.
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
FRAGMENTS = sorted((ROOT / 'changelogs' / 'fragments').glob('*.y*ml'))
VERSION = yaml.safe_load((ROOT / 'galaxy.yml').read_text(encoding='utf-8'))['version']


def documentation(path: pathlib.Path) -> dict:
    for node in ast.parse(path.read_text(encoding='utf-8')).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'DOCUMENTATION':
            return yaml.safe_load(node.value.value) or {}
    return {}


def new_plugins() -> dict[str, str]:
    """Name -> kind of each module and filter antsibull-changelog announces as new in this version."""
    found = {}
    for path in sorted((ROOT / 'plugins' / 'modules').glob('*.py')):
        if str(documentation(path).get('version_added')) == VERSION:
            found[path.stem] = 'module'
    for path in sorted((ROOT / 'plugins' / 'filter').glob('*.py')):
        text = path.read_text(encoding='utf-8')
        for name, added in re.findall(r'^\s*name: (\w+)\n(?:.*\n)*?\s*version_added: "?([\d.]+)', text, re.M):
            if added == VERSION:
                found[name] = 'filter'
    return found


def entries(path: pathlib.Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding='utf-8')) or {}
    return [entry for key, value in data.items() if isinstance(value, list) for entry in value]


def test_the_new_plugins_are_found():
    plugins = new_plugins()
    assert plugins.get('sup_role') == 'module' and plugins.get('cm_log_entries') == 'filter', plugins


@pytest.mark.parametrize('path', FRAGMENTS, ids=lambda p: p.name)
def test_no_fragment_announces_a_plugin_antsibull_changelog_announces(path):
    plugins = new_plugins()
    for entry in entries(path):
        match = re.match(r'\s*([\w.]+) - new (module|filter|plugin)\b', entry)
        assert not (match and match.group(1).split('.')[-1] in plugins), (
            f'{path.name}: "{entry[:80]}..." repeats the "New {plugins.get(match.group(1).split(".")[-1])}" entry '
            'antsibull-changelog generates from version_added')
