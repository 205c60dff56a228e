"""Quoting rules, hashtables, [PSCustomObject], member access and the .NET members the scripts use."""

from __future__ import annotations

import datetime

from labsim.powershell.api import Hashtable, PSArray, PSObject


def test_double_quotes_expand_variables_and_subexpressions(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules?view=powershell-5.1"""
    assert ps.value('$SiteCode = \'PR1\'\n"$($SiteCode):\\"') == 'PR1:\\'


def test_expansion_of_obj_dot_name_stops_at_the_variable(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules?view=powershell-5.1"""
    assert ps.value("$h = @{ Name = 'x' }\n\"$h.Name\"") == 'System.Collections.Hashtable.Name'


def test_single_quotes_are_literal_and_doubled_quotes_escape(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules?view=powershell-5.1"""
    assert ps.out("'$x ''q'''\n\"a \"\"b\"\" `$c`t!\"") == ["$x 'q'", 'a "b" $c\t!']


def test_an_array_in_a_string_is_joined_with_a_space(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1#ofs"""
    assert ps.value('$a = 1, 2, 3\n"[$a]"') == '[1 2 3]'


def test_here_strings(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules?view=powershell-5.1#here-strings"""
    assert ps.out('$v = 1\n@"\nv=$v\n"@\n@\'\nv=$v\n\'@') == ['v=1', 'v=$v']


def test_backtick_continues_a_line(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_parsing?view=powershell-5.1#line-continuation"""
    assert ps.out("'a', `\n    'b' | ForEach-Object { $_ }") == ['a', 'b']


def test_hashtable_keys_are_case_insensitive_and_missing_keys_are_null(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_hash_tables?view=powershell-5.1"""
    script = "$h = @{ Port = 80 }\n$h.port\n$h['PORT']\n$null -eq $h.Missing\n$h.Count\n$h.Keys"
    assert ps.out(script) == [80, 80, True, 1, 'Port']


def test_hashtable_members_set_clone_and_containskey(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_hash_tables?view=powershell-5.1"""
    script = ("$t = @{ a = 1 }\n$c = $t.Clone()\n$c.b = 2\n$c['a'] = 3\n$t.Count\n$c.Count\n$t.a\n$c.ContainsKey('B')")
    assert ps.out(script) == [1, 2, 1, True]


def test_ordered_hashtable_keeps_order(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_hash_tables?view=powershell-5.1#creating-ordered-dictionaries"""
    table = ps.value('[ordered]@{ z = 1; a = 2 }')
    assert isinstance(table, Hashtable) and table.ordered and list(table) == ['z', 'a']


def test_pscustomobject_keeps_the_written_order(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pscustomobject?view=powershell-5.1"""
    value = ps.value('[PSCustomObject]@{ z = 1; a = 2\n    m = 3 }')
    assert isinstance(value, PSObject) and list(value.properties) == ['z', 'a', 'm']


def test_pscustomobject_property_set_and_missing_property(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_pscustomobject?view=powershell-5.1"""
    assert ps.out('$o = [PSCustomObject]@{ a = 1 }\n$o.A = 5\n$o.a\n$null -eq $o.b') == [5, True]


def test_member_access_enumeration(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_member-access_enumeration?view=powershell-5.1"""
    script = "$list = @(@{ Name = 'a' }, @{ Name = 'b' })\n$list.Name\n$one = @(@{ Name = 'c' })\n$one.Name -is [string]"
    assert ps.out(script) == ['a', 'b', True]


def test_count_and_length_of_scalars_and_null(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_properties?view=powershell-5.1"""
    assert ps.out("$n = $null\n$n.Count\n(5).Count\n'abc'.Length\n@(1, 2).Length") == [0, 1, 3, 2]


def test_element_access_and_negative_index(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_arrays?view=powershell-5.1"""
    assert ps.out("$a = 'x', 'y', 'z'\n$a[0]\n$a[-1]\n$null -eq $a[5]\n$a[1] = 'Y'\n$a[1]") == ['x', 'z', True, 'Y']


def test_indexing_null_is_an_error(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_arrays?view=powershell-5.1"""
    result = ps.run("$ErrorActionPreference = 'Stop'\n$n = $null\n$n[0]")
    assert result.terminating.message == 'Cannot index into a null array.'


def test_string_methods(ps):
    """https://learn.microsoft.com/dotnet/api/system.string (called as about_Methods describes)"""
    script = ("'\\\\SUP01\\'.Trim('\\')\n'A.B'.ToLowerInvariant()\n'a:b'.Split(':')[1]\n'abc'.StartsWith('ab')\n"
              "'abc'.Replace('b', 'x')\n'abcdef'.Substring(2, 3)\n'abc'.IndexOf('c')\n'  x '.Trim()\n'abc'.Contains('B')")
    assert ps.out(script) == ['SUP01', 'a.b', 'b', True, 'axc', 'cde', 2, 'x', False]


def test_method_on_null_is_an_error(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_methods?view=powershell-5.1"""
    result = ps.run("$ErrorActionPreference = 'Stop'\n$n = $null\n$n.Trim()")
    assert result.terminating.message == 'You cannot call a method on a null-valued expression.'


def test_datetime_to_universal_time_and_sortable_formats(ps):
    """https://learn.microsoft.com/dotnet/api/system.datetime.touniversaltime"""
    local = datetime.datetime(2026, 11, 21, 9, 0, 5)
    script = "$d.ToUniversalTime().ToString('s')\n$d.ToString('o')\n$d.ToString('yyyy-MM-dd')"
    assert ps.out(script, d=local) == ['2026-11-21T09:00:05', '2026-11-21T09:00:05.0000000+00:00', '2026-11-21']


def test_get_date_is_the_hosts_simulated_local_time(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/get-date?view=powershell-5.1"""
    assert ps.value("(Get-Date).ToUniversalTime().ToString('s')") == '2026-11-21T09:00:00'


def test_static_math_convert_array_and_path(ps):
    """https://learn.microsoft.com/dotnet/api/system.math.min, system.convert.tobase64string, system.array.resize,
    system.io.path.changeextension"""
    script = ("[Math]::Min([long]64, 10)\n[Math]::Max(0, -1)\n[Convert]::ToBase64String([byte[]]@(1, 2, 3))\n"
              "$b = [Convert]::FromBase64String('AQID')\n[Array]::Resize([ref]$b, 2)\n$b.Length\n$b -is [byte[]]\n"
              "[System.IO.Path]::ChangeExtension('C:\\Logs\\WCM.log', '.lo_')\n"
              "[System.IO.Path]::GetFileNameWithoutExtension('C:\\Logs\\WCM.log')\n"
              "[System.IO.Path]::GetDirectoryName('C:\\Logs\\WCM.log')\n[regex]::Escape('WCM.log')")
    assert ps.out(script) == [10, 0, 'AQID', 2, True, 'C:\\Logs\\WCM.lo_', 'WCM', 'C:\\Logs', 'WCM\\.log']


def test_a_net_exception_from_a_method_is_a_method_invocation_exception(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_try_catch_finally?view=powershell-5.1"""
    script = ("try { [Convert]::FromBase64String('!!!!') } catch [System.FormatException] {\n"
              "    $_.Exception.GetType  # not called\n    $_.Exception.Message\n}")
    script = script.replace('    $_.Exception.GetType  # not called\n', '')
    assert ps.out(script) == ['Exception calling "FromBase64String" with "1" argument(s): "The input is not a valid '
                              'Base-64 string as it contains a non-base 64 character, more than two padding characters,'
                              ' or an illegal character among the padding characters. "']


def test_new_object_byte_array(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/new-object?view=powershell-5.1"""
    buffer = ps.value('$b = New-Object -TypeName byte[] -ArgumentList ([Math]::Min([long]64, 3))\n, $b')
    assert isinstance(buffer, PSArray) and buffer.element_type == 'System.Byte' and list(buffer) == [0, 0, 0]
