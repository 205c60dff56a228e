"""Parameter binding: the script's param(), functions, and cmdlets against the catalog."""

from __future__ import annotations

import pytest
from labsim.context import Secret
from labsim.powershell.api import Hashtable

SCRIPT = '''[CmdletBinding(SupportsShouldProcess)]
param (
    [Parameter(Mandatory)]
    [string[]]
    $Name,

    [long[]]
    $Position,

    [int]
    $Count = 3,

    [string]
    $Site,

    [switch]
    $Force,

    [Nullable[bool]]
    $Flag,

    [hashtable]
    $Map = @{},

    [securestring]
    $Password,

    [ValidateSet('', 'add', 'remove')]
    [string]
    $Role = ''
)
[PSCustomObject]@{ name = $Name; position = $Position; count = $Count; site = $Site; force = $Force; flag = $Flag
    map = $Map; password = $Password; role = $Role; bound = @($PSBoundParameters.Keys); whatif = $WhatIfPreference }
'''


def test_script_parameters_convert_to_their_declared_types(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_functions_advanced_parameters?view=powershell-5.1"""
    secret = Secret('pw')
    value = ps.value(SCRIPT, {'name': 'one', 'Position': 5, 'count': '7', 'FORCE': True, 'Flag': False,
                              'Map': {'a': 1}, 'Password': secret, 'Role': 'ADD'}).properties
    assert value['name'] == ['one'] and value['position'] == [5] and value['count'] == 7
    assert value['force'] is True and value['flag'] is False and isinstance(value['map'], Hashtable)
    assert value['password'] is secret and value['role'] == 'ADD'


def test_unbound_parameters_get_their_default_or_the_types_value_for_null(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_functions_advanced_parameters?view=powershell-5.1"""
    value = ps.value(SCRIPT, {'Name': ['a', 'b']}).properties
    assert value['site'] == '' and value['count'] == 3 and value['force'] is False and value['flag'] is None
    assert value['position'] is None and value['bound'] == ['Name'] and value['whatif'] is False


def test_psboundparameters_holds_only_what_was_passed(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_automatic_variables?view=powershell-5.1#psboundparameters"""
    script = "param ([string] $A, [string] $B)\n$PSBoundParameters.ContainsKey('A')\n$PSBoundParameters.ContainsKey('B')"
    assert ps.out(script, {'A': ''}) == [True, False]


def test_unknown_script_parameter_fails_binding(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_parameters?view=powershell-5.1"""
    result = ps.run(SCRIPT, {'Name': 'x', 'Nope': 1})
    assert result.terminating.message == "A parameter cannot be found that matches parameter name 'Nope'."
    assert result.terminating.error_id == 'NamedParameterNotFound'


def test_missing_mandatory_script_parameter_fails_binding(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_functions_advanced_parameters?view=powershell-5.1#mandatory-argument"""
    result = ps.run(SCRIPT, {})
    assert result.terminating.message == 'Cannot process command because of one or more missing mandatory parameters: Name.'
    assert result.terminating.error_id == 'MissingMandatoryParameter'


def test_validateset_failure_is_powershells_message(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_functions_advanced_parameters?view=powershell-5.1#validateset-attribute"""
    result = ps.run(SCRIPT, {'Name': 'x', 'Role': 'update'})
    assert result.terminating.message == (
        "Cannot validate argument on parameter 'Role'. The argument \"update\" does not belong to the set \",add,remove\" "
        'specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.')


def test_mandatory_parameter_refuses_an_empty_string(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_functions_advanced_parameters?view=powershell-5.1#allowemptystring-validation-attribute"""
    result = ps.run(SCRIPT, {'Name': ''})
    assert result.terminating.message == "Cannot bind argument to parameter 'Name' because it is an empty string."


def test_bool_parameter_accepts_only_booleans_and_numbers(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_parameters?view=powershell-5.1"""
    result = ps.run(SCRIPT, {'Name': 'x', 'Flag': 'yes'})
    assert 'Boolean parameters accept only Boolean values and numbers' in result.terminating.message


def test_should_process_script_takes_whatif_and_sets_the_preference(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_functions_cmdletbindingattribute?view=powershell-5.1#supportsshouldprocess"""
    assert ps.value(SCRIPT, {'Name': 'x', 'WhatIf': True}).properties['whatif'] is True


def test_script_without_should_process_refuses_whatif(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters?view=powershell-5.1"""
    result = ps.run('[CmdletBinding()]\nparam ([string] $A)\n$A', {'WhatIf': True})
    assert result.terminating.error_id == 'NamedParameterNotFound'


def test_function_parameters_bind_by_unique_prefix_position_and_switch(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_functions?view=powershell-5.1"""
    script = ('function F {\n    param ([string] $Path, [int] $Count, [switch] $Force)\n    "$Path $Count $Force"\n}\n'
              "F -Pa 'p' -C 2 -Force\nF 'q' 3\nF -Path:'r' -Force:$false")
    assert ps.out(script) == ['p 2 True', 'q 3 False', 'r 0 False']


def test_ambiguous_prefix_is_an_error(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_parameters?view=powershell-5.1"""
    script = "function F {\n    param ([string] $Path, [string] $Pattern)\n}\ntry { F -Pa 'x' } catch { $_.FullyQualifiedErrorId }"
    assert ps.out(script) == ['AmbiguousParameter']


def test_splatting_a_hashtable_binds_named_parameters_and_true_sets_a_switch(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_splatting?view=powershell-5.1"""
    script = ('function F {\n    param ([string] $Path, [switch] $Force)\n    "$Path $Force"\n}\n'
              "$h = @{ Path = 'p'; Force = $true }\nF @h\n$a = @('q')\nF @a")
    assert ps.out(script) == ['p True', 'q False']


# ---- cmdlets bound from tests/fidelity/catalog.yml ----------------------------------------------------

THING = {'should_process': True, 'aliases': {'ServerName': 'Name'}, 'switches': ['Force'],
         'sets': {'ByName': {'parameters': ['Name', 'SiteCode', 'Force'], 'mandatory': ['Name'], 'positional': ['Name']},
                  'ByValue': {'parameters': ['InputObject', 'Force'], 'mandatory': ['InputObject']}}}


@pytest.fixture
def thing(models):
    calls = []

    def model(invocation):
        calls.append(dict(invocation.params))
        return 'done'
    models.cmdlet('Set-Thing', model, **THING)
    return calls


def test_cmdlet_binds_names_aliases_prefixes_and_positionals(ps, thing):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_parameters?view=powershell-5.1"""
    ps.out("Set-Thing -ServerName a -Site PR1 -Force\nSet-Thing b\n$p = @{ Name = 'c'; Force = $true }\nSet-Thing @p")
    assert thing == [{'Name': 'a', 'SiteCode': 'PR1', 'Force': True}, {'Name': 'b'}, {'Name': 'c', 'Force': True}]


@pytest.mark.parametrize('call, message', [
    ('Set-Thing -Nope 1', "A parameter cannot be found that matches parameter name 'Nope'."),
    ('Set-Thing -SiteCode PR1', 'Cannot process command because of one or more missing mandatory parameters: Name.'),
    ('Set-Thing -Name a -InputObject b', 'Parameter set cannot be resolved using the specified named parameters.'),
    ('Set-Thing a b', "A positional parameter cannot be found that accepts argument 'b'."),
    ('Set-Thing -Name', "Missing an argument for parameter 'Name'. Specify a parameter of type 'System.Object' and try again."),
])
def test_cmdlet_binding_errors_are_powershells(ps, thing, call, message):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_parameter_sets?view=powershell-5.1"""
    result = ps.run(f"$ErrorActionPreference = 'Stop'\ntry {{ {call} }} catch {{ $_.Exception.Message; throw }}")
    assert result.output == [message] and thing == []
    assert result.terminating.exception_type == 'System.Management.Automation.ParameterBindingException'


def test_should_process_cmdlet_is_not_run_under_whatif(ps, thing):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters?view=powershell-5.1#-whatif"""
    result = ps.run("$WhatIfPreference = $true\n$r = Set-Thing -Name a\n$null -eq $r\nSet-Thing -Name b -WhatIf:$false")
    assert result.output == [True, 'done'] and thing == [{'Name': 'b'}]
    assert result.host_out.startswith('What if: Performing the operation "Set-Thing"')


def test_confirm_impact_at_the_preference_prompts_and_fails_non_interactive(ps, models):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1#confirmpreference"""
    models.cmdlet('Remove-Thing', lambda inv: 'removed', **dict(THING, confirm_impact='High'))
    result = ps.run("Remove-Thing -Name a -Confirm:$false\n$ConfirmPreference = 'None'\nRemove-Thing -Name b\n"
                    "$ConfirmPreference = 'High'\nRemove-Thing -Name c")
    assert result.output == ['removed', 'removed']
    assert result.errors[0].message == 'PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.'
    assert result.errors[0].exception_type == 'System.Management.Automation.PSInvalidOperationException'


def test_common_parameters_are_not_passed_to_the_model(ps, thing):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters?view=powershell-5.1"""
    ps.out('Set-Thing -Name a -ErrorAction SilentlyContinue -Verbose -WarningAction Continue')
    assert thing == [{'Name': 'a'}]


def test_pipeline_input_reaches_the_model(ps, models):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pipelines?view=powershell-5.1"""
    models.cmdlet('Measure-Thing', lambda inv: len(inv.input), sets={'Default': {'parameters': ['InputObject']}}, switches=[])
    assert ps.out('1, 2, 3 | Measure-Thing') == [3]
