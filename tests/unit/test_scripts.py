"""Every PowerShell script: parses as Windows PowerShell 5.1, has its op header, and keeps the rules."""

from __future__ import annotations

import pathlib
import re

import pytest
from labsim.psparse import inspect_script

from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script

SCRIPT_DIR = pathlib.Path(__file__).resolve().parents[2] / 'plugins' / 'plugin_utils' / 'powershell'
#: scripts the engine runs; ``_*.ps1`` are fragments inlined with ``# include:``
SCRIPTS = sorted(p for p in SCRIPT_DIR.glob('*.ps1') if not p.name.startswith('_'))
FRAGMENTS = sorted(p for p in SCRIPT_DIR.glob('_*.ps1'))
# Operators and syntax that exist only in PowerShell 7 (targets run Windows PowerShell 5.1).
PS7_ONLY = [r'\?\?', r'\?\.', r'\?\[', r'&&', r'\|\|', r'\s\?\s.*\s:\s', r'-Parallel\b', r'\bclean\s*\{']


def text(path):
    """The script as the host receives it, fragments included."""
    return load_script(path.stem)


def test_there_are_scripts():
    assert SCRIPTS


@pytest.mark.parametrize('path', SCRIPTS, ids=lambda p: p.name)
def test_script_parses_without_errors(path):
    assert not inspect_script(text(path)).has_error


@pytest.mark.parametrize('path', SCRIPTS, ids=lambda p: p.name)
def test_script_carries_nothing_for_the_lab(path):
    # The lab names a script by comparing it with the shipped ones (lab/labsim/scripts.py).
    assert inspect_script(text(path)).op is None


@pytest.mark.parametrize('path', SCRIPTS, ids=lambda p: p.name)
def test_script_uses_no_powershell_7_syntax(path):
    code = '\n'.join(line for line in text(path).splitlines() if not line.lstrip().startswith('#'))
    for pattern in PS7_ONLY:
        assert not re.search(pattern, code), f'{path.name} uses {pattern}'


@pytest.mark.parametrize('path', [p for p in SCRIPTS if p.stem.endswith('_get')], ids=lambda p: p.name)
def test_probe_runs_in_check_mode_and_reports_no_change(path):
    info = inspect_script(text(path))
    assert info.supports_should_process, 'win_powershell skips a probe without SupportsShouldProcess in check mode'
    assert info.sets_changed_false


@pytest.mark.parametrize('path', [p for p in SCRIPTS if p.stem.endswith('_set')], ids=lambda p: p.name)
def test_apply_script_stops_on_errors(path):
    assert "$ErrorActionPreference = 'Stop'" in text(path)


@pytest.mark.parametrize('path', SCRIPTS, ids=lambda p: p.name)
def test_script_cites_the_documentation_of_its_windows_calls(path):
    assert 'https://learn.microsoft.com/' in text(path)


@pytest.mark.parametrize('path', SCRIPTS + FRAGMENTS, ids=lambda p: p.name)
def test_script_file_stays_short(path):
    assert len(path.read_text(encoding='utf-8').splitlines()) <= 150


@pytest.mark.parametrize('path', FRAGMENTS, ids=lambda p: p.name)
def test_fragment_is_included_somewhere_and_has_no_header_or_param_block(path):
    assert any(f'# include: {path.name}' in p.read_text(encoding='utf-8') for p in SCRIPTS + FRAGMENTS)
    fragment = inspect_script(path.read_text(encoding='utf-8'))
    assert fragment.op is None and not fragment.parameters and not fragment.has_error


@pytest.mark.parametrize('path', SCRIPTS, ids=lambda p: p.name)
def test_includes_are_resolved_before_the_script_is_sent(path):
    assert '# include:' not in text(path)


def test_parser_catches_a_powershell_7_operator():
    assert inspect_script('# op: x/get\nparam ([string]$A)\n$b = $A ?? "x"\n').has_error


def test_parser_reads_mandatory_and_types():
    info = inspect_script('[CmdletBinding(SupportsShouldProcess)]\nparam (\n[Parameter(Mandatory)][string[]]$Name,\n'
                          '[switch]$Force\n)\n$Ansible.Changed = $false\n')
    assert [(p.name, p.mandatory, p.type_name) for p in info.parameters] == [('Name', True, 'string[]'),
                                                                             ('Force', False, 'switch')]
    assert info.supports_should_process and info.sets_changed_false
