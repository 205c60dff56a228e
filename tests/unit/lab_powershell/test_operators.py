"""Comparison, logical, arithmetic and format operators; truthiness and conversions."""

from __future__ import annotations

import pytest
from labsim.powershell.api import PSEnum


@pytest.mark.parametrize('expression, expected', [
    ("'abc' -eq 'ABC'", True),
    ("'abc' -ceq 'ABC'", False),
    ("'abc' -ieq 'ABC'", True),
    ("'abc' -ne 'abd'", True),
    ("'abc' -like 'A*'", True),
    ("'abc' -clike 'A*'", False),
    ("'abc' -notlike '?b'", True),
    ("'S-1-5-32-544' -like 'S-1-*'", True),
    ("@('a', 'b') -contains 'B'", True),
    ("@('a', 'b') -notcontains 'c'", True),
    ("'B' -in @('a', 'b')", True),
    ("'c' -notin @('a', 'b')", True),
])
def test_comparisons_are_case_insensitive_unless_c_prefixed(ps, expression, expected):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_comparison_operators?view=powershell-5.1"""
    assert ps.value(expression) is expected


def test_a_collection_on_the_left_filters(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_comparison_operators?view=powershell-5.1"""
    assert ps.out('$r = @(1, 2, 3) -eq 2\n$r.Count\n$e = @(1, 2) -eq 5\n$e.Count\n[bool]$e') == [1, 0, False]


def test_the_right_operand_is_converted_to_the_left_operands_type(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_comparison_operators?view=powershell-5.1"""
    assert ps.out("'10' -eq 10\n10 -eq '10'\n10 -eq 'ten'\n2 -lt '10'\n'2' -lt '10'") == [True, True, False, True, False]


def test_null_on_the_left_compares_with_null(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_comparison_operators?view=powershell-5.1"""
    assert ps.out("$null -eq $null\n$null -eq ''\n$null -ne 0") == [True, False, True]


def test_match_fills_matches(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_regular_expressions?view=powershell-5.1"""
    script = r"""'Log file is C:\Temp\x.log' -match '([A-Za-z]:\\[^"<>|]+\.(log|tmp))'""" + '\n$Matches[1]\n$Matches[0]'
    assert ps.out(script) == [True, 'C:\\Temp\\x.log', 'C:\\Temp\\x.log']


def test_notmatch_and_match_on_a_collection_filter_without_matches(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_comparison_operators?view=powershell-5.1#-match-and--notmatch"""
    assert ps.out("'abc' -notmatch 'x'\n(@('ab', 'cd') -match 'c')[0]") == [True, 'cd']


def test_replace_split_and_join(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_comparison_operators?view=powershell-5.1#replacement-operator"""
    script = "'a-b-c' -replace '-(\\w)', '+$1'\n('a,b,,c' -split ',').Count\n@('x', 'y') -join ';'"
    assert ps.out(script) == ['a+b+c', 4, 'x;y']


def test_enum_compares_with_its_name(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_comparison_operators?view=powershell-5.1"""
    state = PSEnum('Microsoft.Windows.ServerManager.Commands.InstallState', 'Installed', 1)
    assert ps.out("$s -eq 'installed'\n[string]$s\n$s -eq 1", s=state) == [True, 'Installed', True]


@pytest.mark.parametrize('expression, expected', [
    ('[bool]$null', False), ('[bool]0', False), ("[bool]''", False), ('[bool]@()', False),
    ("[bool]'False'", True), ("[bool]'0'", True), ('[bool]@(0)', False), ('[bool]@(0, 0)', True),
    ('[bool]@{}', True), ('[bool]1', True),
])
def test_truthiness(ps, expression, expected):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_booleans?view=powershell-5.1"""
    assert ps.value(expression) is expected


def test_logical_operators_short_circuit(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_logical_operators?view=powershell-5.1"""
    assert ps.out("$true -or $undefinedVariable\n$false -and $undefinedVariable\n-not $false\n!1") == [True, False, True, False]


def test_string_plus_concatenates_and_array_plus_appends(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_arithmetic_operators?view=powershell-5.1"""
    assert ps.out("'a' + 1\n1 + '2'\n$a = @(1) + 2\n$a.Count\n(@{ a = 1 } + @{ b = 2 }).Count") == ['a1', 3, 2, 2]


def test_plus_equals_builds_a_new_array_and_on_null_gives_the_value(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_assignment_operators?view=powershell-5.1"""
    script = '$a = @(1)\n$b = $a\n$b += 2\n$a.Count\n$b.Count\n$n = $null\n$n += 5\n$n'
    assert ps.out(script) == [1, 2, 5]


def test_arithmetic_conversions(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_arithmetic_operators?view=powershell-5.1"""
    assert ps.out("7 / 2\n6 / 2\n7 % 3\n'3' * 2\n-5 + 2") == [3.5, 3, 1, '33', -3]


def test_format_operator_uses_net_composite_formatting(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_operators?view=powershell-5.1#format-operator--f"""
    script = "'{0}.{1}' -f 'sup01', 'contoso.com'\n'{0:N0} bytes' -f 1234567\n'{0,5}|{1,-3}|{{x}}' -f 7, 'ab'\n'{0}' -f $null"
    assert ps.out(script) == ['sup01.contoso.com', '1,234,567 bytes', '    7|ab |{x}', '']


def test_format_operator_with_a_missing_argument_fails(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_operators?view=powershell-5.1#format-operator--f"""
    result = ps.run("$ErrorActionPreference = 'Stop'\n'{1}' -f 'a'")
    assert 'Index (zero based)' in result.terminating.message


@pytest.mark.parametrize('expression, expected', [
    ('[string]$null', ''), ("[string]@('a', 'b')", 'a b'), ('[string]$true', 'True'), ('[string]1.5', '1.5'),
    ("[int]'42'", 42), ('[int]2.5', 2), ('[int]3.5', 4), ('[long]64', 64), ("[uint32]'8080'", 8080),
    ('[int]$null', 0), ("[bool]'x'", True),
])
def test_casts(ps, expression, expected):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_type_conversion?view=powershell-5.1"""
    assert ps.value(expression) == expected


def test_an_impossible_cast_is_a_catchable_error(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_type_conversion?view=powershell-5.1"""
    script = "try { [int]'ten' } catch [System.InvalidCastException] { 'cast failed' }"
    assert ps.out(script) == ['cast failed']


def test_is_and_isnot(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_type_operators?view=powershell-5.1"""
    assert ps.out("'a' -is [string]\n1 -is [int]\n@() -is [array]\n@{} -isnot [hashtable]") == [True, True, True, False]


def test_nullable_cast_keeps_null(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_type_conversion?view=powershell-5.1"""
    assert ps.out('$null -eq [Nullable[bool]]$null\n[Nullable[int]]\'5\'') == [True, 5]


def test_byte_array_cast_and_object_array_cast(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_arrays?view=powershell-5.1"""
    assert ps.out("$b = [byte[]]@(1, 2)\n$b -is [byte[]]\n([object[]]'x').Count") == [True, 1]
