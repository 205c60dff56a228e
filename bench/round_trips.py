"""Round trips and controller time of the WSUS playbook on the lab: fresh, converged, check mode.

Prints win_powershell calls per module per host (from the lab's call record) and the wall and
CPU time of each ansible-playbook run. Numbers, not a pass/fail test: `make bench`.
"""

from __future__ import annotations

import collections
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run(state: pathlib.Path, *args: str) -> tuple[float, float, list[dict]]:
    record = state / 'calls.jsonl'
    before = len(record.read_text().splitlines()) if record.exists() else 0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(ROOT / 'lab' / 'run-playbook'), 'configmgr.sup.wsus', *args], check=True,
                   env=dict(os.environ, LAB_STATE_DIR=str(state)), stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    calls = [json.loads(line) for line in record.read_text().splitlines()[before:]]
    return wall, cpu, calls


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        state = pathlib.Path(tmp)
        rows = []
        for label, args in (('check mode, fresh lab', ('--check',)), ('install, fresh lab', ()),
                            ('re-run, converged lab', ()), ('check mode, converged lab', ('--check',))):
            wall, cpu, calls = run(state, *args)
            per = collections.Counter((c['host'], c['op'].split('/')[0]) for c in calls)
            hosts = len({c['host'] for c in calls})
            rows.append((label, hosts, max(per.values()), sum(1 for c in calls if c['op'].endswith('/set')), wall, cpu))
    print(f'{"run":28} {"hosts":>5} {"max calls/module/host":>22} {"apply calls":>12} {"wall s":>8} {"cpu s":>7}')
    for label, hosts, most, sets, wall, cpu in rows:
        print(f'{label:28} {hosts:>5} {most:>22} {sets:>12} {wall:>8.2f} {cpu:>7.2f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
