"""Native programs (Windows PowerShell 5.1 quoting, stderr, $LASTEXITCODE) and the lab's strictness."""

from __future__ import annotations

import pathlib

import pytest
from labsim.powershell.api import LabUnsupported, NativeRun
from labsim.powershell.interpreter import Session
from labsim.powershell.native import command_line, parse_argv

TOOL = 'C:\\Program Files\\Update Services\\Tools\\WsusUtil.exe'


class Host:
    """Just enough of HostState for native resolution: files under a temporary root."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        self.data: dict = {'clock': 0}

    def path(self, windows_path: str) -> pathlib.Path:
        drive, _, rest = windows_path.partition(':')
        return self.root.joinpath(drive.upper(), *[p for p in rest.split('\\') if p])


@pytest.fixture
def tool(models, tmp_path):
    host = Host(tmp_path)
    file = host.path(TOOL)
    file.parent.mkdir(parents=True)
    file.write_text('')
    calls = []

    def wsusutil(session, path, argv):
        calls.append(argv)
        return NativeRun(3, ['out line'], ['err one', 'err two'])
    models.native('WsusUtil.exe', wsusutil)
    return Session(host, variables={'tool': TOOL}), calls


def test_51_quotes_an_argument_with_a_space_without_escaping_its_trailing_backslash():
    """PowerShell issues #7400 / #4358; https://learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments"""
    line = command_line(TOOL, ['postinstall', 'CONTENT_DIR=D:\\WSUS Content\\', ''])
    assert line == '"C:\\Program Files\\Update Services\\Tools\\WsusUtil.exe" postinstall "CONTENT_DIR=D:\\WSUS Content\\"'
    assert parse_argv(line)[1:] == ['postinstall', 'CONTENT_DIR=D:\\WSUS Content"']
    # the escaped quote leaves the runtime inside quotes: the next argument is swallowed
    swallowed = command_line(TOOL, ['postinstall', 'CONTENT_DIR=D:\\WSUS Content\\', 'SQL_INSTANCE_NAME=db'])
    assert parse_argv(swallowed)[1:] == ['postinstall', 'CONTENT_DIR=D:\\WSUS Content" SQL_INSTANCE_NAME=db']


def test_c_runtime_backslash_rules():
    """https://learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments"""
    assert parse_argv(r'p a\\\"b "c d" e\\"f g" h\i') == ['p', 'a\\"b', 'c d', 'e\\f g', 'h\\i']


def test_stderr_with_2_to_1_becomes_error_records_in_the_output_and_sets_lastexitcode(ps, tool):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_redirection?view=powershell-5.1"""
    session, calls = tool
    result = ps.run('$lines = @(& $tool configuressl sup01 2>&1 | ForEach-Object { [string]$_ })\n$lines\n$LASTEXITCODE',
                    session=session)
    assert result.output == ['out line', 'err one', 'err two', 3] and calls == [['configuressl', 'sup01']]
    assert result.errors == []


def test_stderr_under_stop_is_terminating_in_windows_powershell_51(ps, tool):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_redirection?view=powershell-5.1
    (PowerShell 7.2 changed this: about_Experimental_Features, PSNotApplyErrorActionToStderr)"""
    session, _ = tool
    result = ps.run("$ErrorActionPreference = 'Stop'\n$lines = & $tool postinstall 2>&1\n'not reached'", session=session)
    assert result.output == [] and result.terminating.message == 'err one'
    assert result.terminating.error_id == 'NativeCommandError'
    assert result.terminating.exception_type == 'System.Management.Automation.RemoteException'


def test_stderr_without_redirection_goes_to_the_error_stream(ps, tool):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_redirection?view=powershell-5.1"""
    session, _ = tool
    result = ps.run('& $tool postinstall', session=session)
    assert result.output == ['out line'] and [e.message for e in result.errors] == ['err one', 'err two']


def test_a_missing_program_path_is_a_catchable_command_not_found(ps, tool):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_command_precedence?view=powershell-5.1"""
    session, _ = tool
    result = ps.run("try { & 'C:\\Nowhere\\WsusUtil.exe' } catch [System.Management.Automation.CommandNotFoundException] "
                    "{ $_.Exception.Message }", session=session)
    assert result.output[0].startswith("The term 'C:\\Nowhere\\WsusUtil.exe' is not recognized as the name of a cmdlet")


def test_an_unknown_command_is_a_lab_gap_not_a_powershell_error(ps):
    """LabUnsupported is never caught by try/catch (the lab cannot run what nobody modelled)."""
    with pytest.raises(LabUnsupported, match=r'snippet.ps1:2: unknown command .Get-Nothing.'):
        ps.run("'a'\ntry { Get-Nothing } catch { 'caught' }")


def test_reading_an_unassigned_variable_is_a_lab_gap(ps):
    """Stricter than PowerShell (which gives $null): see the interpreter's module docstring."""
    with pytest.raises(LabUnsupported, match=r'snippet.ps1:1: variable \$nope is read before it is assigned'):
        ps.run('$nope')


def test_an_undeclared_member_of_a_modelled_object_is_a_lab_gap(ps):
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_properties?view=powershell-5.1"""
    with pytest.raises(LabUnsupported, match='no property'):
        ps.run("'abc'.Nope")


def test_unsupported_syntax_is_refused_with_its_line(ps):
    """The interpreter covers the language our scripts use; anything else is refused before running."""
    with pytest.raises(LabUnsupported, match=r'snippet.ps1:2: unsupported PowerShell syntax .while_statement.'):
        ps.run("'a'\nwhile ($true) { }")


def test_executed_lines_are_recorded_for_coverage(ps):
    """The session keeps (script, line) of every statement run."""
    session = Session()
    ps.run("if ($false) {\n    'no'\n}\n'yes'", session=session)
    assert session.executed == {('snippet.ps1', 1), ('snippet.ps1', 4)}
