"""`make fidelity`: which commands the scripts call, how many parameters were checked against
Microsoft's documented signatures (tests/fidelity/catalog.yml), and what could not be checked."""

from __future__ import annotations

import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / 'tests' / 'unit'), str(ROOT / 'build' / 'collections')]

from fidelity import catalog, check_script  # noqa: E402  pylint: disable=wrong-import-position
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
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main())
