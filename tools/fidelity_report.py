"""`make fidelity`: which commands the scripts call, how many parameters were checked against
Microsoft's documented signatures (tests/fidelity/catalog.yml), what could not be checked, and which
share of each script's statements the test suite executed in the lab (tools/script_coverage.py)."""

from __future__ import annotations

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / 'tests' / 'unit'), str(ROOT / 'build' / 'collections'), str(ROOT / 'tools')]

from fidelity import catalog, check_script  # noqa: E402  pylint: disable=wrong-import-position
import script_coverage  # noqa: E402  pylint: disable=wrong-import-position
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script  # noqa: E402  pylint: disable=wrong-import-position


def main() -> int:
    spec = catalog()
    total = {'invocations': 0, 'checked': 0, 'parameters': 0}
    commands: set[str] = set()
    unchecked: list[str] = []
    findings = []
    scripts = sorted(p.stem for p in (ROOT / 'plugins' / 'plugin_utils' / 'powershell').glob('*.ps1')
                     if not p.name.startswith('_'))
    for name in scripts:
        found, coverage = check_script(name, load_script(name), spec)
        findings += found
        for key in total:
            total[key] += coverage[key]
        commands |= coverage['commands']
        unchecked += coverage['unchecked']
    share = 100.0 * total['checked'] / total['invocations']
    print(f'scripts: {len(scripts)}; commands used: {len(commands)} '
          f'({len(spec["cmdlets"])} cmdlets and {len(spec["tools"])} tool in the catalog)')
    print(f'invocations: {total["invocations"]}; fully checked: {total["checked"]} ({share:.1f} %); '
          f'parameters checked: {total["parameters"]}')
    for entry in unchecked:
        print(f'  unchecked: {entry}')
    for finding in findings:
        print(f'  FINDING {finding.script}:{finding.line} {finding.command}: {finding.problem}')
    covered = report_coverage()
    return 1 if findings or not covered else 0


#: the share of script statements the suite must execute in the lab (issue: at least 90 % overall)
MINIMUM_COVERAGE = 90.0


def report_coverage() -> bool:
    """Print the executed share per script and what never ran; False when below the minimum."""
    record = pathlib.Path(os.environ.get('LAB_COVERAGE_FILE') or ROOT / 'build' / 'lab-coverage.jsonl')
    if not record.exists():
        print(f'script statements executed in the lab: no record at {record} (run make unit e2e first)')
        return True
    files = script_coverage.coverage(record)
    share = script_coverage.total_share(files)
    count = sum(len(f.statements) for f in files)
    print(f'script statements executed in the lab: {sum(len(f.hit) for f in files)} of {count} ({share:.1f} %)')
    for entry in files:
        print(f'  {entry.file}: {len(entry.hit)}/{len(entry.statements)} ({entry.share:.0f} %)')
        for line, text in entry.missed:
            print(f'      never executed: line {line}: {text[:90]}')
    if share < MINIMUM_COVERAGE:
        print(f'FINDING: the suite executes {share:.1f} % of the script statements, below {MINIMUM_COVERAGE:.0f} %')
        return False
    return True


if __name__ == '__main__':
    sys.exit(main())
