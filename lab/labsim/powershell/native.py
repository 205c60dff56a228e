"""Native programs: the command line Windows PowerShell 5.1 builds, and the argv the program parses.

PowerShell 5.1 wraps an argument containing whitespace in double quotes *without* doubling the
backslashes before the closing quote (PowerShell issues #7400 and #4358, fixed only by 7.3's
$PSNativeCommandArgumentPassing), and drops empty-string arguments (issue #1995). The program's C
runtime then splits the line with the rules documented for ``CommandLineToArgvW`` / "Parsing C
command-line arguments" (learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments):
``CONTENT_DIR=D:\\WSUS Content\\`` arrives as ``CONTENT_DIR=D:\\WSUS Content"``, as on Windows.
"""

from __future__ import annotations


def _needs_quotes(argument: str) -> bool:
    """NativeCommandParameterBinder.NeedQuotes (5.1): whitespace outside an even number of quotes."""
    quotes = 0
    following_backslash = False
    needs = False
    for char in argument:
        if char == '"' and not following_backslash:
            quotes += 1
        elif char.isspace() and quotes % 2 == 0:
            needs = True
        following_backslash = char == '\\'
    return needs


def command_line(program: str, arguments: list[str]) -> str:
    """The command line 5.1 passes to CreateProcess for ``& program arguments``."""
    parts = [f'"{program}"' if _needs_quotes(program) else program]
    for argument in arguments:
        if argument == '':
            continue
        parts.append(f'"{argument}"' if _needs_quotes(argument) else argument)
    return ' '.join(parts)


def parse_argv(line: str) -> list[str]:
    """The MS C runtime's argv (program name first): 2n backslashes + quote -> n backslashes and a
    quote that toggles quoting; 2n+1 -> n backslashes and a literal quote; ``""`` inside quotes is a
    literal quote; other backslashes are literal."""
    argv: list[str] = []
    index = 0
    length = len(line)
    # The program name: up to the next quote pair or whitespace, quotes removed, no escapes.
    name = []
    quoted = False
    while index < length and (quoted or not line[index].isspace()):
        if line[index] == '"':
            quoted = not quoted
        else:
            name.append(line[index])
        index += 1
    argv.append(''.join(name))
    while True:
        while index < length and line[index] in ' \t':
            index += 1
        if index >= length:
            return argv
        current = []
        quoted = False
        while index < length and (quoted or line[index] not in ' \t'):
            char = line[index]
            if char == '\\':
                start = index
                while index < length and line[index] == '\\':
                    index += 1
                count = index - start
                if index < length and line[index] == '"':
                    current.append('\\' * (count // 2))
                    if count % 2:
                        current.append('"')
                        index += 1
                else:
                    current.append('\\' * count)
                continue
            if char == '"':
                if quoted and index + 1 < length and line[index + 1] == '"':
                    current.append('"')
                    index += 2
                    continue
                quoted = not quoted
                index += 1
                continue
            current.append(char)
            index += 1
        argv.append(''.join(current))
