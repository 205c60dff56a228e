"""Scopes, automatic variables, try/catch/finally, throw and the error preferences."""

from __future__ import annotations

from labsim.powershell.api import ErrorRecord, PSObject
from labsim.powershell.interpreter import Session


def test_function_assignment_creates_a_local_and_reads_fall_back_to_the_caller(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_scopes?view=powershell-5.1"""
    script = "$x = 'script'\nfunction F {\n    $seen = $x\n    $x = 'local'\n    \"$seen $x\"\n}\nF\n$x"
    assert ps.out(script) == ['script local', 'script']


def test_script_scope_modifier_reaches_the_script_scope(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_scopes?view=powershell-5.1#scope-modifiers"""
    assert ps.out("$n = 1\nfunction F {\n    $script:n = 2\n}\nF\n$n") == [2]


def test_env_variables_are_case_insensitive_and_missing_ones_are_null(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_variables?view=powershell-5.1"""
    session = Session(env={'ProgramFiles': 'C:\\Program Files'})
    result = ps.run('$env:PROGRAMFILES\n$null -eq $env:SMS_ADMIN_UI_PATH\n-not $env:SMS_ADMIN_UI_PATH', session=session)
    assert result.output == ['C:\\Program Files', True, True]


def test_predefined_variables_are_visible_and_their_objects_writable(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_variables?view=powershell-5.1"""
    ansible = PSObject({'Changed': True})
    ps.out('$Ansible.Changed = $false', Ansible=ansible)
    assert ansible.properties['Changed'] is False


def test_lastexitcode_and_matches_are_null_until_set(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_automatic_variables?view=powershell-5.1"""
    assert ps.out('$null -eq $LASTEXITCODE\n$null -eq $Matches') == [True, True]


def test_throw_is_caught_with_the_message_as_error_id(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_throw?view=powershell-5.1"""
    script = "try { throw 'boom' } catch { $_.Exception.Message; $_.FullyQualifiedErrorId; [string]$_ }"
    assert ps.out(script) == ['boom', 'boom', 'boom']


def test_uncaught_throw_terminates_the_script(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_throw?view=powershell-5.1"""
    result = ps.run("'before'\nthrow 'stop here'\n'after'")
    assert result.output == ['before']
    assert result.terminating.message == 'stop here' and result.terminating.line == 2
    assert result.terminating.exception_type == 'System.Management.Automation.RuntimeException'


def test_finally_always_runs_and_catch_rethrows(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_try_catch_finally?view=powershell-5.1"""
    script = "try {\n    try { throw 'inner' } catch { 'caught'; throw } finally { 'finally' }\n} catch { \"outer $_\" }"
    assert ps.out(script) == ['caught', 'finally', 'outer inner']


def test_typed_catch_selects_by_exception_type_and_base_types(ps, models):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_try_catch_finally?view=powershell-5.1"""
    def fail(invocation):
        invocation.fail('no such item', 'PathNotFound', 'ObjectNotFound', 'System.Management.Automation.ItemNotFoundException')
    models.cmdlet('Get-Thing', fail, sets={'Default': {'parameters': []}}, switches=[])
    script = ("try { Get-Thing } catch [System.IO.IOException] { 'io' } "
              "catch [System.Management.Automation.SessionStateException] { 'session state' } catch { 'other' }")
    assert ps.out(script) == ['session state']


def test_catch_does_not_catch_non_terminating_errors(ps, models):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_try_catch_finally?view=powershell-5.1"""
    models.cmdlet('Get-Thing', lambda inv: inv.write_error('soft'), sets={'Default': {'parameters': []}}, switches=[])
    result = ps.run("try { Get-Thing; 'went on' } catch { 'caught' }")
    assert result.output == ['went on'] and [e.message for e in result.errors] == ['soft']


def test_error_action_preference_stop_makes_non_terminating_errors_terminating(ps, models):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1#erroractionpreference"""
    models.cmdlet('Get-Thing', lambda inv: inv.write_error('soft'), sets={'Default': {'parameters': []}}, switches=[])
    script = "$ErrorActionPreference = 'Stop'\ntry { Get-Thing; 'not reached' } catch { \"caught $_\" }"
    assert ps.out(script) == ['caught soft']


def test_error_action_silently_continue_keeps_the_error_only_in_dollar_error(ps, models):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters?view=powershell-5.1#-erroraction"""
    models.cmdlet('Get-Thing', lambda inv: inv.write_error('soft'), sets={'Default': {'parameters': []}}, switches=[])
    result = ps.run("$ErrorActionPreference = 'Stop'\nGet-Thing -ErrorAction SilentlyContinue\n'went on'\n$Error.Count")
    assert result.output == ['went on', 1] and result.errors == []


def test_error_action_parameter_overrides_the_preference(ps, models):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_commonparameters?view=powershell-5.1#-erroraction"""
    models.cmdlet('Get-Thing', lambda inv: inv.write_error('soft'), sets={'Default': {'parameters': []}}, switches=[])
    result = ps.run("Get-Thing -ErrorAction Stop\n'not reached'")
    assert result.output == [] and result.terminating.message == 'soft'


def test_continue_writes_the_error_and_goes_on(ps, models):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1#erroractionpreference"""
    models.cmdlet('Get-Thing', lambda inv: (inv.write_error('soft'), 'value')[1], sets={'Default': {'parameters': []}},
                  switches=[])
    result = ps.run('$v = Get-Thing\n$v')
    assert result.output == ['value'] and result.errors[0].message == 'soft' and result.errors[0].line == 1


def test_statement_terminating_error_ends_only_its_statement_under_continue(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_preference_variables?view=powershell-5.1#erroractionpreference"""
    result = ps.run("[Convert]::FromBase64String('!!!!')\n'after'")
    assert result.output == ['after'] and result.terminating is None
    assert result.errors[0].exception_type == 'System.Management.Automation.MethodInvocationException'


def test_dollar_underscore_in_catch_is_the_error_record(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_automatic_variables?view=powershell-5.1#_"""
    result = ps.value("try { throw 'x' } catch { , $_ }")
    assert isinstance(result, ErrorRecord)
