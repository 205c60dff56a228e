"""``make demo``: the full software update point playbook across the simulated lab, with a summary.

1. plan: check mode with diff on a fresh lab (nothing changes; the call record proves it)
2. install: preflight, WSUS, SSL, console, SUP roles, proxy, connection account, log verification
3. re-run: must change nothing and cost one call per module per host (and per SUP on the site server)
4. evidence: the log lines each verification matched, and the WSUS URL clients will use
"""

from __future__ import annotations

import collections
import json
import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
STATE = pathlib.Path(os.environ.get('LAB_STATE_DIR') or ROOT / 'lab' / '.state')
PLAYBOOK = 'configmgr.sup.sup_install'


def banner(text: str) -> None:
    print(f'\n{"=" * 78}\n== {text}\n{"=" * 78}', flush=True)


def calls() -> list[dict]:
    record = STATE / 'calls.jsonl'
    return [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []


def playbook(*args: str) -> None:
    env = dict(os.environ, LAB_STATE_DIR=str(STATE), ANSIBLE_CALLBACK_RESULT_FORMAT='yaml',
               ANSIBLE_DISPLAY_SKIPPED_HOSTS='0')
    proc = subprocess.run([str(ROOT / 'lab' / 'run-playbook'), PLAYBOOK, *args], env=env, check=False)
    if proc.returncode != 0:
        sys.exit(f'demo: ansible-playbook {PLAYBOOK} {" ".join(args)} failed (rc={proc.returncode})')


def phase(title: str, *args: str) -> dict:
    banner(title)
    before = len(calls())
    playbook(*args)
    made = calls()[before:]
    per_host = collections.defaultdict(lambda: collections.Counter())
    for call in made:
        module, verb = call['op'].rsplit('/', 1)
        per_host[call['host']][verb] += 1
        per_host[call['host']][module] += 1
    return {'title': title, 'calls': made, 'per_host': per_host}


def main() -> int:
    shutil.rmtree(STATE / 'hosts', ignore_errors=True)
    shutil.rmtree(STATE / 'fs', ignore_errors=True)
    (STATE / 'calls.jsonl').unlink(missing_ok=True)

    phases = [
        phase('1/3 Plan: check mode with diff on a fresh lab', '--check', '--diff'),
        phase('2/3 Install'),
        phase('3/3 Re-run: nothing may change'),
    ]
    banner('Evidence: the log lines that prove the install')
    for pattern, wanted in (('*/C/Users/*/AppData/Local/Temp/WSUS_PostInstall_*.log', 'Postinstall completed'),
                            ('*/C/SMS_*/Logs/SUPSetup.log', 'Installation was successful.'),
                            ('*/C/Program Files/Microsoft Configuration Manager/Logs/SiteComp.log', 'executed successfully'),
                            ('*/C/Program Files/Microsoft Configuration Manager/Logs/WCM.log', 'WSUS_CONFIG_SUCCESS')):
        for log in sorted((STATE / 'fs').glob(pattern)):
            host = log.relative_to(STATE / 'fs').parts[0]
            for line in log.read_text(encoding='utf-8').splitlines():
                if wanted in line:
                    print(f'{host} {log.name}: {line[:150]}')

    for host_file in sorted((STATE / 'hosts').glob('*.json')):
        setup = json.loads(host_file.read_text()).get('registry', {}).get(
            'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup')
        if setup:
            ssl = setup.get('UsingSSL') == 1
            url = f'https://{host_file.stem}:8531' if ssl else f'http://{host_file.stem}:{setup.get("PortNumber")}'
            print(f'{host_file.stem}: WSUS URL {url}')

    banner('Summary (win_powershell round trips per host: get = probe, set = apply)')
    failures = []
    for result in phases:
        sets = [c for c in result['calls'] if c['op'].endswith('/set')]
        print(f'{result["title"]}')
        for host, count in sorted(result['per_host'].items()):
            modules = sorted(name for name in count if name not in ('get', 'set'))
            print(f'    {host:22} get={count["get"]} set={count["set"]} modules={len(modules)}')
        if result['title'].startswith('1/3') and sets:
            failures.append('check mode ran an apply script')
        # One probe per module and host; on the site server, one per module and software update point.
        sups = sum(1 for count in result['per_host'].values() if count['wsus_install'])
        converged = all(count[name] <= (sups if count['sup_role'] else 1) for count in result['per_host'].values()
                        for name in count if name not in ('get', 'set'))
        if result['title'].startswith('3/3') and (sets or not converged):
            failures.append('the re-run was not one probe per module and host, with no apply')
    if failures:
        print('\nDEMO FAILED: ' + '; '.join(failures))
        return 1
    print('\nCheck mode changed nothing, the install converged and was verified in the logs, the re-run made one '
          'call per module and host (per SUP on the site server) and changed nothing.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
