"""Static Windows fidelity: each command invocation in our scripts against Microsoft's documented signatures.

Nothing here runs PowerShell. tree-sitter-powershell finds every command invocation with its named
parameters, positional arguments and splatted hashtables (their keys followed through the script in
order: literal ``@{...}``, ``.Clone()`` of another, ``$h.Key = ...``); tests/fidelity/catalog.yml says
what each command accepts. Script-defined functions are checked against their own ``param()``.

Known limit: a parameter followed by a value is taken to own that value (switches are not typed in
the catalog), which holds for the way the scripts are written.
"""

from __future__ import annotations

import dataclasses
import pathlib
import re
import typing as t

import tree_sitter_powershell
import yaml
from tree_sitter import Language, Parser

CATALOG_FILE = pathlib.Path(__file__).resolve().parents[1] / 'fidelity' / 'catalog.yml'
_PARSER = Parser(Language(tree_sitter_powershell.language()))
_HASH_KEYS = re.compile(r'(?:@\{|;|\n)\s*([A-Za-z_]\w*)\s*=')
_STATIC = re.compile(r'\[([\w.]+)\]::(\w+)')
_INSTANCE = re.compile(r'(?<![\w\]:])\.(\w+)\(')
_TOOL_ASSIGN = re.compile(r'\$(\w+)\s*=\s*Join-Path\b[^\n]*?\\(\w+\.exe)')


@dataclasses.dataclass
class Invocation:
    command: str
    line: int
    named: list[str]
    positional: int
    splats: list[str]
    keys_known: bool = True
    tokens: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Finding:
    script: str
    line: int
    command: str
    problem: str


def catalog() -> dict[str, t.Any]:
    return yaml.safe_load(CATALOG_FILE.read_text(encoding='utf-8'))


def _walk(node) -> t.Iterator:
    yield node
    for child in node.children:
        yield from _walk(child)


def functions(tree) -> dict[str, set[str]]:
    """Script-defined functions and their parameter names."""
    found = {}
    for node in _walk(tree.root_node):
        if node.type == 'function_statement':
            name = next(c.text.decode() for c in node.children if c.type == 'function_name')
            params = set()
            for sub in _walk(node):
                if sub.type == 'param_block':
                    params = {v.text.decode()[1:] for s in _walk(sub) if s.type == 'script_parameter'
                              for v in s.children if v.type == 'variable'}
                    break
            found[name] = params
    return found


def invocations(text: str) -> list[Invocation]:
    """Every command invocation, in document order, with splatted hashtable keys resolved."""
    tree = _PARSER.parse(text.encode('utf-8'))
    keys: dict[str, set[str]] = {}
    found = []
    for node in _walk(tree.root_node):
        if node.type == 'assignment_expression':
            _track_keys(node, keys)
        elif node.type == 'command':
            found.append(_invocation(node, keys))
    return found


def _track_keys(node, keys: dict[str, set[str]]) -> None:
    left = node.children[0].text.decode().strip()
    right = node.children[-1].text.decode().strip()
    member = re.fullmatch(r'\$(\w+)\.(\w+)', left)
    if member and member.group(1) in keys:
        keys[member.group(1)].add(member.group(2))
        return
    variable = re.fullmatch(r'\$(\w+)', left)
    if not variable:
        return
    clone = re.fullmatch(r'\$(\w+)\.Clone\(\)', right)
    if right.startswith('@{'):
        keys[variable.group(1)] = set(_HASH_KEYS.findall(right))
    elif clone and clone.group(1) in keys:
        keys[variable.group(1)] = set(keys[clone.group(1)])


def _invocation(node, keys) -> Invocation:
    name_node = next((c for c in node.children if c.type in ('command_name', 'command_name_expr')), None)
    name = name_node.text.decode() if name_node is not None else '?'
    named, splats, tokens, positional, known = [], [], [], 0, True
    expect_value = False
    for elements in (c for c in node.children if c.type == 'command_elements'):
        for element in elements.children:
            if element.type == 'command_argument_sep' or 'redirection' in element.type:
                continue
            text = element.text.decode()
            if element.type == 'command_parameter':
                named.append(text.lstrip('-').rstrip(':'))
                expect_value = not text.endswith(':')
                continue
            if expect_value:
                expect_value = False
                continue
            if re.fullmatch(r'@\w+', text):
                splats.append(text[1:])
                if text[1:] in keys:
                    named.extend(sorted(keys[text[1:]]))
                else:
                    known = False
                continue
            positional += 1
            tokens.append(text)
    return Invocation(name, node.start_point[0] + 1, named, positional, splats, known, tokens)


def check_script(name: str, text: str, spec: dict[str, t.Any] | None = None) -> tuple[list[Finding], dict[str, t.Any]]:
    """Findings and the coverage record of one (assembled) script."""
    spec = spec or catalog()
    tree = _PARSER.parse(text.encode('utf-8'))
    local = functions(tree)
    tool_vars = dict(_TOOL_ASSIGN.findall(text))
    findings: list[Finding] = []
    coverage = {'invocations': 0, 'checked': 0, 'parameters': 0, 'unchecked': [], 'commands': set()}
    for call in invocations(text):
        coverage['invocations'] += 1
        coverage['commands'].add(call.command)
        problems, reason = _check_call(call, spec, local, tool_vars)
        findings += [Finding(name, call.line, call.command, problem) for problem in problems]
        if reason:
            coverage['unchecked'].append(f'{name}:{call.line} {call.command}: {reason}')
        else:
            coverage['checked'] += 1
            coverage['parameters'] += len(call.named)
    findings += _check_dotnet(name, text, spec)
    return findings, coverage


def _check_call(call: Invocation, spec, local, tool_vars) -> tuple[list[str], str | None]:
    if call.command.startswith('$') or call.command.startswith('&'):
        tool = tool_vars.get(call.command.lstrip('&').strip().lstrip('$'))
        if tool is None:
            return [], 'a script block or command held in a variable'
        return _check_tool(tool, call, spec)
    if call.command in local:
        unknown = [p for p in call.named if p.lower() not in {n.lower() for n in local[call.command]}]
        return [f'parameter -{p} is not in the param() of the script function {call.command}' for p in unknown], None
    cmdlet = spec['cmdlets'].get(call.command)
    if cmdlet is None:
        return [f'{call.command} is not in the catalog of documented commands'], None
    return _check_cmdlet(call, cmdlet, spec), (None if call.keys_known else 'splats a hashtable built elsewhere')


def _check_cmdlet(call: Invocation, cmdlet, spec) -> list[str]:
    aliases = {a.lower(): p for a, p in (cmdlet.get('aliases') or {}).items()}
    allowed_common = {p.lower() for p in spec['common_parameters']}
    if cmdlet.get('should_process'):
        allowed_common |= {p.lower() for p in spec['should_process_parameters']}
    sets = cmdlet['sets']
    all_params = {p.lower(): p for s in sets.values() for p in s['parameters']}
    problems, used = [], []
    for given in call.named:
        lower = given.lower()
        if lower in allowed_common:
            continue
        canonical = all_params.get(lower) or aliases.get(lower)
        if canonical is None:
            matches = [p for p in all_params.values() if p.lower().startswith(lower)]
            canonical = matches[0] if len(matches) == 1 else None  # PowerShell accepts unambiguous prefixes
        if canonical is None:
            problems.append(f'-{given} is not a parameter of {call.command} (documented: '
                            f'{", ".join(sorted(all_params.values()))})')
        else:
            used.append(canonical)
    if problems:
        return problems
    fitting = [name for name, s in sets.items() if set(used) <= set(s['parameters'])]
    if not fitting:
        described = '; '.join(name + ': ' + ', '.join(s['parameters']) for name, s in sets.items())
        return [f'-{" -".join(used)} are not all in one parameter set of {call.command} ({described})']
    if call.keys_known:
        satisfied = []
        for name in fitting:
            s = sets[name]
            open_positions = [p for p in s.get('positional', []) if p not in used][:call.positional]
            if set(s.get('mandatory', [])) <= set(used) | set(open_positions):
                satisfied.append(name)
        if not satisfied:
            missing = {name: sorted(set(sets[name].get('mandatory', [])) - set(used)) for name in fitting}
            return [f'{call.command} lacks mandatory parameters: ' +
                    '; '.join(f'{n} needs -{" -".join(m)}' for n, m in missing.items())]
    return []


def _check_tool(tool: str, call: Invocation, spec) -> tuple[list[str], str | None]:
    entry = spec['tools'].get(tool)
    if entry is None:
        return [f'{tool} is not in the catalog of external tools'], None
    if not call.tokens:
        return [], f'{tool} arguments are built at run time (checked where the wrapper is called)'
    verb = call.tokens[0].strip('\'"').lower()
    if verb not in entry['verbs']:
        return [f'{tool} has no verb {verb!r} (documented: {", ".join(entry["verbs"])})'], None
    return [], None


def wrapper_verbs(text: str, spec) -> list[tuple[int, str]]:
    """Verbs passed to a WsusUtil wrapper (Invoke-WsusUtil -ArgumentList @('verb', ...) or via a variable)."""
    verbs = []
    assignments = dict(re.findall(r"\$(\w+)\s*=\s*@\('(\w+)'", text))
    for call in invocations(text):
        if call.command != 'Invoke-WsusUtil':
            continue
        source = text.splitlines()[call.line - 1]
        literal = re.search(r"-ArgumentList\s+@\('(\w+)'", source)
        variable = re.search(r'-ArgumentList\s+\$(\w+)', source)
        verb = literal.group(1) if literal else assignments.get(variable.group(1)) if variable else None
        verbs.append((call.line, verb))
    return verbs


def _check_dotnet(name: str, text: str, spec) -> list[Finding]:
    findings = []
    static = spec['dotnet']['static']
    code = '\n'.join(line.split('#', 1)[0] if not line.lstrip().startswith('#') else '' for line in text.splitlines())
    for number, line in enumerate(code.splitlines(), 1):
        for type_name, member in _STATIC.findall(line):
            entry = static.get(type_name) or static.get(type_name.replace('System.', '', 1))
            if entry is not None and member not in entry['members']:
                findings.append(Finding(name, number, f'[{type_name}]::{member}', 'not a documented member in the catalog'))
            elif entry is None and type_name.split('.')[-1] not in ('NTAccount', 'SecurityIdentifier'):
                findings.append(Finding(name, number, f'[{type_name}]', 'type not in the catalog'))
        for member in _INSTANCE.findall(re.sub(r'\[[\w.]+\]::\w+', '', line)):
            if member not in spec['dotnet']['instance']:
                findings.append(Finding(name, number, f'.{member}()', 'method not in the catalog'))
    return findings
