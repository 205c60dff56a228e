"""The lab's win_powershell stays a copy of the installed ansible.windows one.

Reads the real module (``win_powershell.py`` DOCUMENTATION and ``win_powershell.ps1``) from the
installed ``ansible`` package and compares what the stand-in reproduces: options, the check-mode
skip message and SupportsShouldProcess rule, ``$Ansible``, ``error_action``, the branches of
Convert-OutputObject, the result and error-record keys. An ansible.windows upgrade that changes
any of them fails here, pointing at the piece of lab/labsim to update.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import typing as t

import ansible
import pytest
import yaml
from labsim import standin, winps_output
from labsim.powershell import api
from labsim.psparse import SHOULD_PROCESS_FALLBACK
from labsim.winps_errors import error_entry

from ansible_collections.configmgr.sup.plugins.plugin_utils import _engine

REAL = pathlib.Path(ansible.__file__).resolve().parents[1] / 'ansible_collections' / 'ansible' / 'windows' / \
    'plugins' / 'modules'
LAB = pathlib.Path(__file__).resolve().parents[2] / 'lab' / 'collections' / 'ansible_collections' / 'ansible' / \
    'windows' / 'plugins' / 'modules' / 'win_powershell.py'


@pytest.fixture(scope='module')
def ps1() -> str:
    return (REAL / 'win_powershell.ps1').read_text(encoding='utf-8')


def _module(path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(f'win_powershell_{path.parent.parent.parent.name}', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _canonical(options: dict[str, t.Any]) -> dict[str, t.Any]:
    """type, elements, default, choices, required (and suboptions) of a spec or DOCUMENTATION."""
    return {name: {key: (_canonical(value) if key in ('options', 'suboptions') else value)
                   for key, value in spec.items() if key in ('type', 'elements', 'default', 'choices', 'required')
                   or (key in ('options', 'suboptions') and value)}
            for name, spec in options.items()}


def _suboptions_as_options(options):
    return {name: ({('options' if k == 'suboptions' else k): v for k, v in spec.items()}) for name, spec in options.items()}


def _ps_value(text: str) -> t.Any:
    text = text.strip()
    if text in ('$true', '$false'):
        return text == '$true'
    if text.isdigit():
        return int(text)
    values = re.findall(r"'([^']*)'", text)
    return values if ',' in text else values[0]


def _ps_spec(ps1: str) -> dict[str, dict[str, t.Any]]:
    """The ``$spec.options`` of win_powershell.ps1 (one-line options and the sensitive_parameters block)."""
    block = ps1[ps1.index('$spec = @{'):ps1.index('$module = [Ansible.Basic.AnsibleModule]::Create')]
    options: dict[str, dict[str, t.Any]] = {'sensitive_parameters': {'options': {}}}
    for indent, name, body in re.findall(r'^( +)(\w+) = @\{ (.*) \}$', block, re.M):
        spec = {key: _ps_value(value) for key, value in (part.split(' = ', 1) for part in body.split('; '))}
        (options if len(indent) == 8 else options['sensitive_parameters']['options'])[name] = spec
    sensitive = re.search(r"^        sensitive_parameters = @\{\n\s+type = '(\w+)'\n\s+elements = '(\w+)'", block, re.M)
    options['sensitive_parameters'].update(type=sensitive.group(1), elements=sensitive.group(2))
    return options


def test_standin_options_are_the_real_modules_spec(ps1):
    real = _ps_spec(ps1)
    assert set(real) == set(standin.OPTIONS)
    assert _canonical(real) == _canonical(standin.OPTIONS)
    sensitive = standin.OPTIONS['sensitive_parameters']
    for rule in ("@('value', 'username')", "@('value', 'password')"):
        assert rule in ps1 and rule.strip('@()').replace("'", '').split(', ') in sensitive['mutually_exclusive']
    assert ", @('username', 'value')" in ps1 and sensitive['required_one_of'] == [['username', 'value']]
    assert ", @('username', 'password')" in ps1 and sensitive['required_together'] == [['username', 'password']]
    assert [[e.strip("'") for e in pair.split(', ')] for pair in re.findall(r"^        , @\((.*)\)$", ps1, re.M)] == \
        standin.REQUIRED_ONE_OF + standin.MUTUALLY_EXCLUSIVE
    no_log = {name for name, spec in sensitive['options'].items() if spec.get('no_log')}
    assert no_log == {'password', 'value'} and 'password = @{ type = \'str\'; no_log = $true }' in ps1


def test_lab_module_file_declares_what_the_real_module_documents():
    real = yaml.safe_load(_module(REAL / 'win_powershell.py').DOCUMENTATION)['options']
    lab = _module(LAB)
    documented = yaml.safe_load(lab.DOCUMENTATION)['options']
    assert _canonical(_suboptions_as_options(documented)) == _canonical(_suboptions_as_options(real))
    assert _canonical(lab.ARGUMENT_SPEC) == _canonical(standin.OPTIONS)
    for name, spec in lab.ARGUMENT_SPEC['sensitive_parameters']['options'].items():
        assert spec.get('no_log') == standin.OPTIONS['sensitive_parameters']['options'][name].get('no_log')


def test_check_mode_skip_message_and_should_process_rule_are_the_real_ones(ps1):
    assert f'$module.Result.msg = "{standin.CHECK_MODE_SKIP_MSG}"' in ps1
    assert _engine.CHECK_MODE_SKIP_MSG == standin.CHECK_MODE_SKIP_MSG
    fallback = re.search(r"\$scriptContent -match '([^']+)'", ps1).group(1)
    assert fallback == SHOULD_PROCESS_FALLBACK.pattern
    assert "Where-Object { $_.TypeName.Name -eq 'CmdletBinding' }" in ps1
    assert "Select-Object -First 1" in ps1
    assert ("$_.ArgumentName -eq 'SupportsShouldProcess' -and ($_.ExpressionOmitted -or "
            "$_.Argument.ToString() -eq '$true')") in ps1
    assert '$parameters.Confirm = $false' in ps1 and '$parameters.WhatIf = $module.CheckMode' in ps1


def test_ansible_variable_has_the_real_properties_and_defaults(ps1):
    literal = re.search(r"SetVariable\('Ansible', \[PSCustomObject\]@\{(.*?)\n\s*\}\)", ps1, re.S).group(1)
    real = dict(re.findall(r'^\s*(\w+) = (.*)$', literal, re.M))
    real.pop('PSTypeName')
    assert tuple(real) == standin.ANSIBLE_PROPERTIES
    assert real == {'CheckMode': '$module.CheckMode', 'Verbosity': '$module.Verbosity', 'Result': '@{}',
                    'Diff': '@{}', 'Changed': '$true', 'Failed': '$false', 'Tmpdir': '$module.Tmpdir'}
    ansible_object = standin.new_ansible_object(check_mode=True, verbosity=3, tmpdir='C:\\t')
    assert tuple(ansible_object.properties) == standin.ANSIBLE_PROPERTIES
    assert dict(ansible_object.properties) == {'CheckMode': True, 'Verbosity': 3, 'Result': {}, 'Diff': {},
                                               'Changed': True, 'Failed': False, 'Tmpdir': 'C:\\t'}
    assert isinstance(ansible_object.properties['Result'], api.Hashtable)


def test_error_action_maps_to_the_real_preferences(ps1):
    real = dict(re.findall(r"^\s*'(\w+)' \{ '(\w+)' \}", ps1, re.M))
    assert real == standin.ERROR_ACTIONS
    assert "SetVariable('ErrorActionPreference', [Management.Automation.ActionPreference]$eap)" in ps1


def test_convert_output_object_branches_are_the_real_ones(ps1):
    function = ps1[ps1.index('Function Convert-OutputObject'):ps1.index('Function Format-Exception')]
    process = function[function.index('    process {'):]
    assert tuple(re.findall(r'^        (?:if|elseif) (.*) \{$', process, re.M)) == winps_output.BRANCHES
    assert "$InputObject.ToString('o')" in function and '[string]$InputObject' in function
    assert '$childDepth = $Depth - 1' in function


def test_result_is_computed_as_the_real_module_does(ps1):
    for line in ('$module.Result.result = Convert-OutputObject -InputObject $result.Result -Depth $module.Params.depth',
                 '$module.Result.changed = $result.Changed',
                 '$module.Result.failed = $module.Result.failed -or $result.Failed',
                 '$module.Diff[$kvp.Key] = Convert-OutputObject -InputObject $kvp.Value -Depth $module.Params.depth',
                 '$module.Result.output = Convert-OutputObject -InputObject $psOutput -Depth $module.Params.depth',
                 '$module.Result.failed = $true\n        $ps.Streams.Error.Add($_.Exception.ErrorRecord)'):
        assert line in ps1
    initial = re.findall(r'^\$module\.Result\.(\w+) = ', ps1[:ps1.index('$stdPinvoke')], re.M)
    assert ['changed'] + initial == list(standin._base_result())  # pylint: disable=protected-access


def test_error_entries_have_the_real_keys(ps1):
    block = re.search(r'\$err = @\{(.*?)\n        \}\n', ps1, re.S).group(1)
    entry = error_entry(api.ErrorRecord('boom', target='x'), depth=2)
    assert re.findall(r'^\s{12}(\w+) = ', block, re.M) == list(entry)
    assert re.findall(r'^\s{16}(\w+) = ', block, re.M) == list(entry['category_info'])
    formatter = ps1[ps1.index('Function Format-Exception'):ps1.index('Function Test-AnsiblePath')]
    assert re.findall(r'^\s{8}(\w+) = ', formatter, re.M) == list(entry['exception'])
