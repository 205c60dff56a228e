"""Every command our scripts call exists, with the parameters Microsoft documents (tests/fidelity/catalog.yml)."""

from __future__ import annotations

import pathlib

import pytest
import yaml

from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script
from fidelity import CATALOG_FILE, catalog, check_script, wrapper_verbs

SCRIPTS = sorted(p.stem for p in (pathlib.Path(__file__).resolve().parents[2] / 'plugins' / 'plugin_utils'
                                  / 'powershell').glob('*.ps1') if not p.name.startswith('_'))
FIXTURE = pathlib.Path(__file__).resolve().parents[1] / 'fidelity' / 'fixtures' / 'wrong_calls.ps1'


@pytest.mark.parametrize('name', SCRIPTS)
def test_every_invocation_matches_the_documented_signature(name):
    findings, _ = check_script(name, load_script(name))
    assert not findings, '\n'.join(f'{f.script}:{f.line} {f.command}: {f.problem}' for f in findings)


def test_wsusutil_verbs_passed_through_the_wrapper_are_documented():
    verbs = wrapper_verbs(load_script('wsus_install_set'), catalog())
    assert [verb for _, verb in verbs] == ['postinstall', 'usecustomwebsite']
    assert all(verb in catalog()['tools']['WsusUtil.exe']['verbs'] for _, verb in verbs)


def test_deliberately_wrong_calls_are_caught():
    findings, _ = check_script('wrong_calls', FIXTURE.read_text(encoding='utf-8'))
    problems = {(f.line, f.command): f.problem for f in findings}
    assert 'not in the catalog' in problems[(5, 'New-CMSoftwareUpdatePoint')]
    assert '-WsusAccesAccount is not a parameter' in problems[(6, 'Set-CMSoftwareUpdatePoint')]
    assert 'not all in one parameter set' in problems[(7, 'Set-CMAccount')]
    assert 'lacks mandatory parameters' in problems[(8, 'New-CMAccount')]
    assert '-HttpPort is not a parameter of Add-CMSoftwareUpdatePoint' in problems[(10, 'Add-CMSoftwareUpdatePoint')]


def test_every_catalog_entry_cites_microsoft_documentation():
    data = yaml.safe_load(CATALOG_FILE.read_text(encoding='utf-8'))
    sources = [c['source'] for c in data['cmdlets'].values()] + [t['source'] for t in data['tools'].values()]
    sources += [m['source'] for m in data['dotnet']['static'].values()]
    sources += [m['source'] for m in data['dotnet']['instance'].values()]
    assert all(s.startswith('https://learn.microsoft.com/') for s in sources)


def test_every_script_invocation_is_checked_or_listed_with_a_reason():
    for name in SCRIPTS:
        _, coverage = check_script(name, load_script(name))
        assert coverage['checked'] + len(coverage['unchecked']) == coverage['invocations']
        assert all(': ' in entry for entry in coverage['unchecked'])
