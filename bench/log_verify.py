"""Log parsing speed per format and the bytes a verification reads: `make bench`.

1. Parser throughput: a multi-MB log of each format (site server, CMTrace, SUPSetup) parsed on the
   controller; MB/s is file size over the best of three runs.
2. Bytes read: on the lab, a site server whose SiteComp.log already holds 50 MB gets a new SUP and
   sup_log_verify follows the install chain; the lab reports the bytes it read over all polls.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / 'build' / 'collections'), str(ROOT / 'lab')]

from ansible_collections.configmgr.sup.plugins.plugin_utils._cmlog import parse  # noqa: E402  pylint: disable=wrong-import-position
from labsim import cmlog  # noqa: E402  pylint: disable=wrong-import-position

SIZE = 8 * 1024 * 1024
START = datetime.datetime(2026, 11, 21, 9, 0, 0)
MESSAGES = ['Installing component SMS_WSUS_CONTROL_MANAGER...', 'Synchronizing server table and polling servers...',
            'WARNING: Performance counter could not be read, will retry.', 'Execute WQL  =SELECT * FROM SMS_SCI_SysResUse']


def sample(kind: str) -> bytes:
    lines = []
    for i in range(400):
        when = START + datetime.timedelta(seconds=i)
        message = MESSAGES[i % len(MESSAGES)]
        if kind == 'site server':
            lines.append(cmlog.simple('SMS_SITE_COMPONENT_MANAGER', when, 2964, message))
        elif kind == 'CMTrace':
            lines.append(cmlog.cmtrace('SMS_WSUS_CONTROL_MANAGER', when, 3012, message, 1 + i % 3, 'wsusctrl.cpp'))
        else:
            lines.append(cmlog.supsetup(when, message))
    block = ''.join(lines).encode()
    return block * (SIZE // len(block))


def throughput() -> list[tuple[str, float, int, float]]:
    rows = []
    for kind in ('site server', 'CMTrace', 'SUPSetup'):
        data = sample(kind)
        best = min(_timed(data) for _ in range(3))
        rows.append((kind, len(data) / 1024 / 1024, len(parse(data)), len(data) / 1024 / 1024 / best))
    return rows


def _timed(data: bytes) -> float:
    start = time.perf_counter()
    parse(data)
    return time.perf_counter() - start


def bytes_read() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        state = pathlib.Path(tmp)
        overlay = state / 'overlay.yml'
        overlay.write_text(json.dumps({'all': {'hosts': {'cm01.contoso.com': {'lab_host_config': {
            'profile': 'site_server', 'site_code': 'PR1',
            'preexisting_log_bytes': {'SiteComp.log': 50 * 1024 * 1024, 'SMSProv.log': 10 * 1024 * 1024}}}}}}))
        playbook = ROOT / 'tests' / 'e2e' / 'playbooks' / 'sup_verify.yml'
        env = dict(os.environ, LAB_STATE_DIR=str(state), LAB_TIME_SCALE='200', ANSIBLE_STDOUT_CALLBACK='ansible.posix.json')
        proc = subprocess.run([str(ROOT / 'lab' / 'run-playbook'), str(playbook), '-i', str(ROOT / 'lab' / 'inventory'),
                               '-i', str(overlay), '-e', json.dumps({'sup_checks': ['sup_setup']})],
                              env=env, capture_output=True, text=True, check=True)
        report = json.loads(proc.stdout[proc.stdout.find('{'):])
        for play in report['plays']:
            for task in play['tasks']:
                if task['task']['name'] == 'Verify the install chain':
                    result = task['hosts']['cm01.contoso.com']
                    logs = state / 'fs' / 'cm01.contoso.com' / 'C' / 'Program Files' / 'Microsoft Configuration Manager' / 'Logs'
                    return {'passed': result['passed'], 'polls': result['polls'], 'bytes_read': result['bytes_read'],
                            'log_bytes': sum(p.stat().st_size for p in logs.glob('*.log'))}
    raise RuntimeError('no verification result')


def main() -> int:
    print(f'{"log format":14} {"MB":>6} {"entries":>9} {"MB/s":>8}')
    for kind, size, entries, speed in throughput():
        print(f'{kind:14} {size:>6.1f} {entries:>9} {speed:>8.1f}')
    result = bytes_read()
    print(f'\nverification of a new SUP over {result["log_bytes"] / 1024 / 1024:.1f} MB of existing site server logs: '
          f'passed={result["passed"]} polls={result["polls"]} bytes read={result["bytes_read"]}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
