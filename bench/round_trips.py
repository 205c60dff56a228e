"""Round trips and controller cost of the full sup_install playbook on the lab: `make bench`.

1. The lab inventory (1 site server, 2 SUPs) with the site's component (lab/site-component.yml): fresh
   check, install, converged re-run, converged check; win_powershell calls per module and host (on the site
   server per module and SUP).
2. Scale: the converged playbook over 1, 10 and 50 SUP hosts (plus the site server): wall time,
   controller CPU, and CPU per host-task (one host-task = one module call on one host).
3. The calls of the converged re-run of 1., per host and module (get = probe, set = apply), with the site's
   software update point component and the synchronization check (sup_sync reads, starts nothing).
Numbers, not a pass/fail test. The lab's site runs fast (LAB_TIME_SCALE 2000) so the install's
log verification and the synchronizations do not wait on simulated time.
"""

from __future__ import annotations

import collections
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLAYBOOK = 'configmgr.sup.sup_install'


def run(state: pathlib.Path, inventory: pathlib.Path, *args: str) -> tuple[float, float, list[dict]]:
    record = state / 'calls.jsonl'
    before = len(record.read_text().splitlines()) if record.exists() else 0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(ROOT / 'lab' / 'run-playbook'), PLAYBOOK, '-i', str(inventory), *args], check=True,
                   env=dict(os.environ, LAB_STATE_DIR=str(state), LAB_TIME_SCALE='2000'), stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return wall, cpu, [json.loads(line) for line in record.read_text().splitlines()[before:]]


def per_module(calls: list[dict], sups: int) -> int:
    """The most calls one module made on one host, counting the site server's per-SUP modules per SUP."""
    counts = collections.Counter((c['host'], c['op'].split('/')[0]) for c in calls)
    # once per SUP on the site server; sup_component and sup_sync run once per site
    site_modules = {'sup_role', 'sup_proxy', 'wsus_connection_account_configmgr', 'sup_log_verify'}
    return max((count / sups if host.startswith('cm') and module in site_modules else count)
               for (host, module), count in counts.items())


def inventory(directory: pathlib.Path, sups: int) -> pathlib.Path:
    """The lab's site server and ``sups`` remote intranet SUPs (sup001.contoso.com ...)."""
    (directory / 'group_vars').mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / 'lab' / 'inventory' / 'group_vars' / 'all.yml', directory / 'group_vars' / 'all.yml')
    hosts = {f'sup{i:03d}.contoso.com': {'ansible_host': f'sup{i:03d}.contoso.com'} for i in range(1, sups + 1)}
    data = {'all': {'vars': {'configmgr_sup_connection_account': 'CONTOSO\\svc-sup-wsus',
                             'configmgr_sup_verify_poll_interval': 1},
                    'children': {
                        'configmgr_site_servers': {'hosts': {'cm01.contoso.com': {
                            'ansible_host': 'cm01.contoso.com',
                            'lab_host_config': {'profile': 'site_server', 'site_code': 'PR1'}}},
                            'vars': {'configmgr_sup_connection_password': 'bench-only-password'}},
                        'configmgr_sup_servers': {'hosts': hosts}}}}
    (directory / 'hosts.yml').write_text(json.dumps(data))
    return directory


def lab_inventory(directory: pathlib.Path) -> pathlib.Path:
    """The lab inventory with the site's software update point component (lab/site-component.yml) on the site
    server."""
    (directory / 'group_vars').mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / 'lab' / 'inventory' / 'group_vars' / 'all.yml', directory / 'group_vars' / 'all.yml')
    hosts = yaml.safe_load((ROOT / 'lab' / 'inventory' / 'hosts.yml').read_text())
    component = yaml.safe_load((ROOT / 'lab' / 'site-component.yml').read_text())
    site = hosts['all']['children']['configmgr_site_servers']
    site['vars'] = dict(site.get('vars') or {}, **component['all']['children']['configmgr_site_servers']['vars'])
    (directory / 'hosts.yml').write_text(json.dumps(hosts))
    return directory


def lab_rows() -> tuple[list[tuple], list[dict]]:
    rows, converged = [], []
    with tempfile.TemporaryDirectory() as tmp:
        state = pathlib.Path(tmp) / 'state'
        hosts = lab_inventory(pathlib.Path(tmp) / 'inventory')
        for label, args in (('check mode, fresh lab', ('--check',)), ('install, fresh lab', ()),
                            ('re-run, converged lab', ()), ('check mode, converged lab', ('--check',))):
            wall, cpu, calls = run(state, hosts, *args)
            rows.append((label, len({c['host'] for c in calls}), per_module(calls, 2),
                         sum(1 for c in calls if c['op'].endswith('/set')), len(calls), wall, cpu))
            if label.startswith('re-run'):
                converged = calls
    return rows, converged


def scale_rows(sizes=(1, 10, 50)) -> list[tuple]:
    rows = []
    for sups in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            state = pathlib.Path(tmp) / 'state'
            hosts = inventory(pathlib.Path(tmp) / 'inventory', sups)
            run(state, hosts)  # install
            wall, cpu, calls = run(state, hosts)  # converged
            rows.append((sups + 1, len(calls), per_module(calls, sups), wall, cpu, cpu / len(calls)))
    return rows


def main() -> int:
    print('Full playbook on the lab inventory (1 site server, 2 SUPs)')
    print(f'{"run":28} {"hosts":>5} {"max calls/module/host":>22} {"apply calls":>12} {"calls":>6} {"wall s":>8} '
          f'{"cpu s":>7}')
    rows, converged = lab_rows()
    for label, hosts, most, sets, calls, wall, cpu in rows:
        print(f'{label:28} {hosts:>5} {most:>22.0f} {sets:>12} {calls:>6} {wall:>8.2f} {cpu:>7.2f}')
    print('\nCalls of the converged re-run, per host and module (the site server: per SUP for the SUP modules; once '
          'for the component and the synchronization check, which starts nothing)')
    for (host, op), count in sorted(collections.Counter((c['host'], c['op']) for c in converged).items()):
        print(f'    {host:22} {op:40} {count:>3}')
    started = sum(1 for c in converged if c['op'] == 'sup_sync/set')
    print(f'    synchronizations started: {started}')
    sizes = tuple(int(n) for n in os.environ.get('BENCH_SCALE', '1,10,50').split(','))
    print('\nConverged playbook by number of hosts (site server + SUPs), default forks (5)')
    print(f'{"hosts":>5} {"calls":>6} {"max calls/module/host":>22} {"wall s":>8} {"cpu s":>7} {"cpu s per host-task":>20}')
    for hosts, calls, most, wall, cpu, per_task in scale_rows(sizes):
        print(f'{hosts:>5} {calls:>6} {most:>22.0f} {wall:>8.2f} {cpu:>7.2f} {per_task:>20.3f}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
