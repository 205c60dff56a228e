"""Small mutants of a shipped PowerShell script, made on its tree-sitter parse tree.

Each kind is a mistake a test suite that really runs the script must notice (docs/architecture.md, the mutation
check): a misspelled variable, a misspelled property, a deleted command that changes the host,
an inverted condition, a renamed output key. The mutants are made on the source file (a fragment is
mutated once, wherever it is inlined).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing as t

import pytest
import tree_sitter_powershell
from labsim import scripts
from tree_sitter import Language, Parser

from ansible_collections.configmgr.sup.plugins.plugin_utils import _engine

#: commands whose deletion must show: they change the host or enter the state later commands need
CHANGING = re.compile(r'^(Install|Uninstall|Set|New|Add|Remove|Push|Import)-', re.IGNORECASE)
CHANGING_METHODS = {'addsslcertificate', 'removesslcertificate'}
AUTOMATIC = {'_', 'psitem', 'true', 'false', 'null', 'args', 'matches', 'lastexitcode', 'psboundparameters',
             'erroractionpreference', 'confirmpreference', 'ansible'}


@dataclasses.dataclass(frozen=True)
class Mutant:
    kind: str
    line: int
    what: str
    text: str

    def __str__(self) -> str:
        return f'{self.kind} at line {self.line}: {self.what}'


@functools.lru_cache(maxsize=1)
def _parser() -> Parser:
    return Parser(Language(tree_sitter_powershell.language()))


def _walk(node) -> t.Iterator:
    yield node
    for child in node.children:
        yield from _walk(child)


def _replace(source: bytes, node, new: str) -> str:
    return (source[:node.start_byte] + new.encode() + source[node.end_byte:]).decode()


def _inside(node, types: tuple[str, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type in types:
            return True
        parent = parent.parent
    return False


def _is_assigned(node) -> bool:
    """The variable is what an assignment or a foreach writes, not a read."""
    parent = node.parent
    while parent is not None and parent.type not in ('left_assignment_expression', 'assignment_expression',
                                                      'foreach_statement', 'pipeline', 'statement_list'):
        parent = parent.parent
    if parent is None:
        return False
    if parent.type == 'left_assignment_expression':
        return True
    if parent.type == 'foreach_statement':
        return parent.child_by_field_name('variable') == node or \
            next((c for c in parent.children if c.type == 'variable'), None) == node
    return False


def variable_misspellings(text: str) -> list[Mutant]:
    source = text.encode()
    found = []
    for node in _walk(_parser().parse(source).root_node):
        if node.type != 'variable' or _inside(node, ('param_block',)) or _is_assigned(node):
            continue
        name = node.text.decode()
        bare = name[1:].lower()
        if not name.startswith('$') or ':' in name or bare in AUTOMATIC:
            continue
        found.append(Mutant('misspelled variable', node.start_point[0] + 1, f'{name} -> {name}q',
                            _replace(source, node, name + 'q')))
    return found


def property_misspellings(text: str) -> list[Mutant]:
    source = text.encode()
    found = []
    for node in _walk(_parser().parse(source).root_node):
        if node.type != 'member_access' or '::' in node.text.decode() or _inside(node, ('left_assignment_expression',)):
            continue
        member = next((c for c in node.children if c.type == 'member_name'), None)
        if member is None or node.parent is not None and node.parent.type == 'invokation_expression':
            continue
        name = member.text.decode()
        found.append(Mutant('misspelled property', member.start_point[0] + 1, f'.{name} -> .{name}q',
                            _replace(source, member, name + 'q')))
    return found


def _statement(node):
    """The whole statement (a pipeline in a statement list) a node belongs to."""
    while node.parent is not None and not (node.type == 'pipeline' and node.parent.type == 'statement_list'):
        node = node.parent
    return node


def deleted_commands(text: str) -> list[Mutant]:
    source = text.encode()
    found, seen = [], set()
    for node in _walk(_parser().parse(source).root_node):
        name = None
        if node.type == 'command':
            name_node = next((c for c in node.children if c.type in ('command_name', 'command_name_expr')), None)
            invoked = any(c.type == 'command_invokation_operator' for c in node.children)
            if name_node is not None and (invoked or CHANGING.match(name_node.text.decode())):
                name = name_node.text.decode()
        elif node.type == 'invokation_expression':
            member = next((c for c in node.children if c.type == 'member_name'), None)
            if member is not None and member.text.decode().lower() in CHANGING_METHODS:
                name = '.' + member.text.decode() + '()'
        if name is None:
            continue
        statement = _statement(node)
        if statement.start_byte in seen or statement.type != 'pipeline':
            continue
        seen.add(statement.start_byte)
        found.append(Mutant('deleted command', statement.start_point[0] + 1, name, _replace(source, statement, '$null = $null')))
    return found


def inverted_conditions(text: str) -> list[Mutant]:
    source = text.encode()
    found = []
    for node in _walk(_parser().parse(source).root_node):
        if node.type not in ('if_statement', 'elseif_clause'):
            continue
        condition = next((c for c in node.children if c.type == 'pipeline'), None)
        if condition is None:
            continue
        found.append(Mutant('inverted condition', condition.start_point[0] + 1, condition.text.decode()[:60],
                            _replace(source, condition, f'-not ({condition.text.decode()})')))
    return found


def renamed_output_keys(text: str) -> list[Mutant]:
    """Keys of the object the script returns: its last ``[PSCustomObject]@{...}``."""
    source = text.encode()
    casts = [n for n in _walk(_parser().parse(source).root_node)
             if n.type == 'cast_expression' and n.text.decode().lower().startswith('[pscustomobject]')]
    if not casts:
        return []
    found = []
    for node in _walk(casts[-1]):
        if node.type == 'key_expression' and node.parent.parent.parent == casts[-1].children[-1] or \
                node.type == 'key_expression' and _depth_below(node, casts[-1]) <= 6:
            key = node.text.decode()
            found.append(Mutant('renamed output key', node.start_point[0] + 1, f'{key} -> {key}q',
                                _replace(source, node, key + 'q')))
    return found


def _depth_below(node, ancestor) -> int:
    depth = 0
    while node is not None and node != ancestor:
        node = node.parent
        depth += 1
    return depth


KINDS: dict[str, t.Callable[[str], list[Mutant]]] = {
    'misspelled variable': variable_misspellings,
    'misspelled property': property_misspellings,
    'deleted command': deleted_commands,
    'inverted condition': inverted_conditions,
    'renamed output key': renamed_output_keys,
}


def mutants(text: str) -> list[Mutant]:
    return [mutant for make in KINDS.values() for mutant in make(text)]


#: source file name -> the lab scenarios that run it (each raises when the behaviour it shows breaks)
Scenarios = dict[str, list[t.Callable[[t.Any], None]]]


def script_mutants(scenarios: Scenarios, equivalent: dict[tuple[str, str, str], str]) -> list[tuple[str, Mutant]]:
    """Every mutant of each source file ``scenarios`` names, less those ``equivalent`` explains (file, kind, what)."""
    return [(file_name, mutant) for file_name in scenarios
            for mutant in mutants((scripts.SCRIPT_DIR / file_name).read_text(encoding='utf-8'))
            if (file_name, mutant.kind, mutant.what) not in equivalent]


def send_mutant(monkeypatch: pytest.MonkeyPatch, file_name: str, text: str) -> None:
    """Send a mutated copy of one source file wherever the engine inlines it (never counted as coverage)."""
    monkeypatch.delenv('LAB_COVERAGE_FILE', raising=False)
    original = _engine._read
    monkeypatch.setattr(_engine, '_read', lambda name: text if name == file_name else original(name))
    monkeypatch.setattr(_engine, '_SCRIPTS', {})


def assert_killed(file_name: str, mutant: Mutant, scenarios: Scenarios, tmp_path) -> None:
    """Some scenario of ``file_name`` must fail with the mutant in place; a survivor is a hole in the lab."""
    for number, scenario in enumerate(scenarios[file_name]):
        try:
            scenario(tmp_path / str(number))
        except Exception:  # noqa: BLE001 - any failure of the scenario kills the mutant
            return
    pytest.fail(f'{file_name}: {mutant} survived {", ".join(s.__name__ for s in scenarios[file_name])}')
