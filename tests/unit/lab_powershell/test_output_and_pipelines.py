"""Output stream, pipelines, return, functions and arrays (Windows PowerShell 5.1 rules)."""

from __future__ import annotations

from labsim.powershell.api import Hashtable


def test_unassigned_statement_values_go_to_the_output_stream(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pipelines?view=powershell-5.1"""
    assert ps.out("'a'\n$x = 'b'\n[void]'c'\n$null = 'd'\n'e'") == ['a', 'e']


def test_out_null_discards_the_pipeline(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/out-null?view=powershell-5.1"""
    assert ps.out("'a' | Out-Null\n'b'") == ['b']


def test_function_returns_all_of_its_output_not_only_the_return_value(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_return?view=powershell-5.1"""
    script = "function F {\n    'first'\n    return 'second'\n    'never'\n}\n$r = F\n$r.Count\n$r[0]"
    assert ps.out(script) == [2, 'first']


def test_return_leaves_the_script(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_return?view=powershell-5.1"""
    assert ps.out("'a'\nreturn\n'b'") == ['a']


def test_collections_are_enumerated_in_the_pipeline(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pipelines?view=powershell-5.1"""
    assert ps.out('@(1, 2, 3) | ForEach-Object { $_ * 10 }') == [10, 20, 30]


def test_a_hashtable_travels_the_pipeline_as_one_object(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_hash_tables?view=powershell-5.1"""
    assert ps.out('(@{ a = 1; b = 2 } | ForEach-Object { $_ }).Count') == [2]


def test_collected_pipeline_is_null_for_nothing_the_object_for_one_an_array_for_more(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pipelines?view=powershell-5.1"""
    script = ('function None {\n}\nfunction One {\n    5\n}\nfunction Two {\n    5\n    6\n}\n'
              '$a = None\n$b = One\n$c = Two\n$null -eq $a\n$b -is [int]\n$c -is [object[]]')
    assert ps.out(script) == [True, True, True]


def test_array_subexpression_is_always_an_array(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_arrays?view=powershell-5.1"""
    assert ps.out('$a = @()\n$b = @(7)\n$c = @($null)\n$a.Count\n$b.Count\n$c.Count') == [0, 1, 1]


def test_assigning_an_array_expression_keeps_the_array(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_arrays?view=powershell-5.1"""
    assert ps.out('$a = @(7)\n$a -is [array]') == [True]


def test_unary_comma_writes_the_array_as_one_object(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_operators?view=powershell-5.1#comma-operator-"""
    script = 'function F {\n    $list = @(1, 2)\n    , $list\n}\n$r = F\n$r.Count\n(F | Measure).Count'
    script = script.replace('\n(F | Measure).Count', '\n@(F).Count')
    assert ps.out(script) == [2, 1]


def test_subexpression_collects_like_a_pipeline(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_operators?view=powershell-5.1#subexpression-operator--"""
    assert ps.out('$x = $(@(9))\n$x -is [int]') == [True]


def test_null_is_written_to_the_output_stream(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_automatic_variables?view=powershell-5.1#null"""
    assert ps.out('function F {\n    $null\n}\n@(F).Count') == [1]


def test_foreach_over_null_runs_zero_times_and_over_a_scalar_once(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_foreach?view=powershell-5.1"""
    script = "$n = $null\nforeach ($x in $n) { 'null' }\nforeach ($x in 'one') { \"got $x\" }"
    assert ps.out(script) == ['got one']


def test_foreach_does_not_enumerate_a_hashtable(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_hash_tables?view=powershell-5.1"""
    assert ps.out("foreach ($x in @{ a = 1; b = 2 }) { 'once' }") == ['once']


def test_for_loop_output_is_the_value_of_an_assignment(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_for?view=powershell-5.1"""
    script = '$r = for ($i = 0; $i -lt 4; $i++) {\n    if ($i -eq 1) { continue }\n    $i * 2\n}\n$r.Count\n$r[2]'
    assert ps.out(script) == [3, 6]


def test_break_leaves_the_innermost_loop(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_break?view=powershell-5.1"""
    script = "foreach ($x in 1, 2, 3) {\n    if ($x -eq 2) { break }\n    $x\n}\n'after'"
    assert ps.out(script) == [1, 'after']


def test_if_elseif_else_runs_the_first_true_branch(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_if?view=powershell-5.1"""
    script = "$v = 2\nif ($v -eq 1) { 'one' } elseif ($v -eq 2) { 'two' } else { 'other' }"
    assert ps.out(script) == ['two']


def test_where_object_filters_and_select_object_takes_the_first(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pipelines?view=powershell-5.1"""
    assert ps.out('1, 2, 3, 4 | Where-Object { $_ -gt 1 } | Select-Object -First 2') == [2, 3]


def test_foreach_object_runs_in_the_callers_scope(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/foreach-object?view=powershell-5.1"""
    assert ps.out('$sum = 0\n1, 2, 3 | ForEach-Object { $sum += $_ }\n$sum') == [6]


def test_hashtable_output_keeps_its_identity(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_hash_tables?view=powershell-5.1"""
    output = ps.out('@{ a = 1 }')
    assert len(output) == 1 and isinstance(output[0], Hashtable)
