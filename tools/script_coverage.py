"""Which statements of the shipped PowerShell scripts the test suite executed in the lab.

The lab's interpreter records, for every script it runs, the lines of the statements it executed
(in the script as the engine sends it, fragments inlined); with ``LAB_COVERAGE_FILE`` set, the
stand-in appends them to that file (one JSON object per call). This module maps those lines back to
the source files under plugins/plugin_utils/powershell/ and compares them with every statement the
files contain, so a fragment counts once however many scripts include it.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import pathlib
import sys
import typing as t

import tree_sitter_powershell
from tree_sitter import Language, Parser

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / 'lab'))
from labsim import scripts  # noqa: E402  pylint: disable=wrong-import-position

SCRIPT_DIR = scripts.SCRIPT_DIR
_PARSER = Parser(Language(tree_sitter_powershell.language()))


def inlined_lines(name: str) -> list[tuple[str, int]]:
    """For each line of the script the engine sends (``load_script(name)``), its source file and line."""
    return scripts.inlined(name)[1]


def statements(file_name: str) -> dict[int, str]:
    """Start line -> text of every statement in a source file (each child of a statement list)."""
    source = (SCRIPT_DIR / file_name).read_bytes()
    found: dict[int, str] = {}
    stack = [_PARSER.parse(source).root_node]
    while stack:
        node = stack.pop()
        if node.type == 'statement_list':
            for child in node.children:
                if child.is_named and child.type != 'comment':
                    found.setdefault(child.start_point[0] + 1, child.text.decode().split('\n')[0].strip())
        stack.extend(node.children)
    return found


@dataclasses.dataclass
class FileCoverage:
    file: str
    statements: dict[int, str]
    executed: set[int]

    @property
    def share(self) -> float:
        return 100.0 * len(self.hit) / len(self.statements) if self.statements else 100.0

    @property
    def hit(self) -> set[int]:
        return set(self.statements) & self.executed

    @property
    def missed(self) -> list[tuple[int, str]]:
        return sorted((line, text) for line, text in self.statements.items() if line not in self.executed)


def read_record(path: pathlib.Path) -> dict[str, set[int]]:
    """Executed source lines per source file, from the stand-in's coverage file."""
    executed: dict[str, set[int]] = collections.defaultdict(set)
    maps: dict[str, list[tuple[str, int]]] = {}
    if not path.exists():
        return executed
    with open(path, encoding='utf-8') as handle:
        for raw in handle:
            entry = json.loads(raw)
            script = entry['script']
            if script not in maps:
                maps[script] = inlined_lines(script)
            for line in entry['lines']:
                if 0 < line <= len(maps[script]):
                    file_name, source_line = maps[script][line - 1]
                    executed[file_name].add(source_line)
    return executed


def coverage(record: pathlib.Path) -> list[FileCoverage]:
    executed = read_record(record)
    return [FileCoverage(p.name, statements(p.name), executed.get(p.name, set()))
            for p in sorted(SCRIPT_DIR.glob('*.ps1'))]


def total_share(files: t.Iterable[FileCoverage]) -> float:
    files = list(files)
    count = sum(len(f.statements) for f in files)
    return 100.0 * sum(len(f.hit) for f in files) / count if count else 100.0
