"""The collection's PowerShell scripts as the engine sends them, seen from the lab.

The scripts carry nothing for the lab: the stand-in knows which script it was sent by comparing the
text with the shipped scripts, inlined as the engine inlines them (``# include: _fragment.ps1``
lines replaced by the fragment without its final newline; plugins/plugin_utils/_engine.py
``load_script``). A unit test keeps this in step with the engine. The line map lets the interpreter's
record of executed lines be read back per source file (tools/script_coverage.py), which
``record_coverage`` writes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pathlib
import re
import typing as t

SCRIPT_DIR = pathlib.Path(__file__).resolve().parents[2] / 'plugins' / 'plugin_utils' / 'powershell'
INCLUDE = re.compile(r'^# include: (_[A-Za-z0-9_]+\.ps1)$')


def inlined(name: str) -> tuple[str, list[tuple[str, int]]]:
    """The text of script ``name`` (no ``.ps1``) as sent, and per line its source file and line."""
    def expand(file_name: str, fragment: bool) -> list[tuple[str, str, int]]:
        text = (SCRIPT_DIR / file_name).read_text(encoding='utf-8')
        if fragment:
            text = text.rstrip('\n')
        lines: list[tuple[str, str, int]] = []
        for number, line in enumerate(text.split('\n'), start=1):
            match = INCLUDE.match(line)
            lines.extend(expand(match.group(1), True) if match else [(line, file_name, number)])
        return lines
    lines = expand(name + '.ps1', False)
    return '\n'.join(line for line, _, _ in lines), [(file_name, number) for _, file_name, number in lines]


@functools.lru_cache(maxsize=1)
def _by_digest() -> dict[str, str]:
    names = sorted(p.stem for p in SCRIPT_DIR.glob('*.ps1') if not p.name.startswith('_'))
    return {_digest(inlined(name)[0]): name for name in names}


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode('utf-8')).hexdigest()


def identify(text: str) -> str:
    """The shipped script's name (``wsus_install_get``), or ``script-<sha1>`` for any other script."""
    digest = _digest(text)
    return _by_digest().get(digest) or f'script-{digest[:10]}'


def op_name(name: str) -> str:
    """``wsus_install_get`` -> ``wsus_install/get``: how the call record names a script run."""
    base, _, verb = name.rpartition('_')
    return f'{base}/{verb}' if base and verb in ('get', 'set') else name


def record_coverage(text: str, lines: t.Iterable[int]) -> None:
    """Append the lines a run of a shipped script executed to ``LAB_COVERAGE_FILE`` (when set), for the
    report of how much of each script the suite runs (tools/script_coverage.py). Any other text (a
    test's own script, a mutant) is not recorded."""
    target = os.environ.get('LAB_COVERAGE_FILE')
    name = identify(text)
    if not target or name.startswith('script-'):
        return
    entry = json.dumps({'script': name, 'lines': sorted(set(lines))}) + '\n'
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, entry.encode('utf-8'))
    finally:
        os.close(fd)
