"""``make demo``: the full software update point playbook across the simulated lab, with a summary.

1. plan: check mode with diff on a fresh lab (nothing changes; the call record proves it)
2. install: preflight, WSUS, SSL, console, SUP roles, proxy, connection account, log verification
3. re-run: must change nothing and cost one call per module per host (and per SUP on the site server)
4. evidence: what the playbook reported per SUP (its Summary play): the outcome, the WSUS URL clients use and the
   log lines its verification matched, taken from the run's results (the ansible.posix.json callback), not from the
   lab's files; and per site its software update point component: the plan (products pending on a site that never
   synchronized), the install's verified first synchronization with its wsyncmgr.log lines, the re-run's (no
   synchronization started), the last successful synchronization and what is subscribed
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


SUMMARY_TASK = 'Report each software update point'
SITE_TASK = 'Report the synchronization of the site'
#: modules that run once per site on the site server (not once per SUP)
SITE_MODULES = ('sup_component', 'sup_sync')


def playbook(*args: str, report: bool) -> dict:
    """Run the playbook; with ``report``, through the ansible.posix.json callback, and return its report."""
    env = dict(os.environ, LAB_STATE_DIR=str(STATE), ANSIBLE_CALLBACK_RESULT_FORMAT='yaml',
               ANSIBLE_DISPLAY_SKIPPED_HOSTS='0')
    if report:
        env.update(ANSIBLE_STDOUT_CALLBACK='ansible.posix.json', ANSIBLE_LOAD_CALLBACK_PLUGINS='1')
    # the lab inventory and the site's software update point component (classifications, products, languages)
    inventory = ['-i', str(ROOT / 'lab' / 'inventory'), '-i', str(ROOT / 'lab' / 'site-component.yml')]
    proc = subprocess.run([str(ROOT / 'lab' / 'run-playbook'), PLAYBOOK, *inventory, *args], env=env, check=False,
                          stdout=subprocess.PIPE if report else None, text=True)
    result = {}
    if report:
        start = proc.stdout.find('{')
        result = json.loads(proc.stdout[start:]) if start >= 0 else {}
        show(result)
    if proc.returncode != 0:
        sys.exit(f'demo: ansible-playbook {PLAYBOOK} {" ".join(args)} failed (rc={proc.returncode})')
    return result


def summary(report: dict) -> dict[str, str]:
    """SUP -> the message the playbook's Summary play printed for it (its line, then the log lines)."""
    messages = {}
    for play in report.get('plays', []):
        for task in play['tasks']:
            if task['task']['name'] == SUMMARY_TASK:
                for result in task['hosts'].values():
                    messages.update({item['item']['key']: item['msg'] for item in result.get('results', [])})
    return messages


def site_summary(report: dict) -> dict[str, str]:
    """Site server -> the message the Summary play printed for its site's component and synchronization."""
    return {host: result['msg'] for play in report.get('plays', []) for task in play['tasks']
            if task['task']['name'] == SITE_TASK for host, result in task['hosts'].items() if 'msg' in result}


def show(report: dict) -> None:
    """What the run did, from its report: the tasks that changed or failed, per host, and the recap."""
    for play in report.get('plays', []):
        for task in play['tasks']:
            for host, result in sorted(task['hosts'].items()):
                items = result.get('results') or [result]
                if any(item.get('failed') or item.get('unreachable') for item in items):
                    print(f'  FAILED   {host}: {task["task"]["name"]}: {result.get("msg", "")}')
                elif any(item.get('changed') for item in items):
                    print(f'  changed  {host}: {task["task"]["name"]}')
    for host, stats in sorted(report.get('stats', {}).items()):
        print(f'  recap    {host:22} ok={stats["ok"]} changed={stats["changed"]} failed={stats["failures"]} '
              f'unreachable={stats["unreachable"]} skipped={stats["skipped"]}')


def phase(title: str, *args: str, report: bool = True) -> dict:
    banner(title)
    before = len(calls())
    result = playbook(*args, report=report)
    made = calls()[before:]
    per_host = collections.defaultdict(lambda: collections.Counter())
    for call in made:
        module, verb = call['op'].rsplit('/', 1)
        per_host[call['host']][verb] += 1
        per_host[call['host']][module] += 1
    return {'title': title, 'calls': made, 'per_host': per_host, 'summary': summary(result),
            'site': site_summary(result)}


def main() -> int:
    shutil.rmtree(STATE / 'hosts', ignore_errors=True)
    shutil.rmtree(STATE / 'fs', ignore_errors=True)
    (STATE / 'calls.jsonl').unlink(missing_ok=True)

    phases = [
        # the plan as Ansible shows it, with its diffs
        phase('1/3 Plan: check mode with diff on a fresh lab', '--check', '--diff', report=False),
        phase('2/3 Install'),
        phase('3/3 Re-run: nothing may change'),
    ]
    failures = []
    for result in phases[1:]:
        banner(f'Evidence reported by the playbook ({result["title"][4:]}): its summary per SUP')
        for sup, message in sorted(result['summary'].items()):
            print(message)
            head, *lines = message.splitlines()
            if 'verification passed' not in head or not any(line.startswith('    ') for line in lines):
                failures.append(f'the {result["title"][4:].lower()} did not prove {sup} with its log lines')
            if result['title'].startswith('3/3') and 'no change' not in head:
                failures.append(f'the re-run changed {sup}')
        if not result['summary']:
            failures.append(f'the {result["title"][4:].lower()} reported no software update point')
        if not result['site']:
            failures.append(f'the {result["title"][4:].lower()} reported no site component or synchronization')
        for site, message in sorted(result['site'].items()):
            print(message)
            head, *lines = message.splitlines()
            if result['title'].startswith('2/3') and not (
                    head.endswith('synchronization succeeded')
                    and any(line.startswith('  first synchronization: succeeded') for line in lines)
                    and any(line.startswith('    wsyncmgr.log') for line in lines)):
                failures.append(f'the install did not prove the first synchronization of {site} with its lines')
            if result['title'].startswith('3/3') and not head.endswith('component no change; synchronization not_needed'):
                failures.append(f'the re-run changed the component of {site} or synchronized it')

    banner('Summary (win_powershell round trips per host: get = probe, set = apply)')
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
        converged = all(count[name] <= (sups if count['sup_role'] and name not in SITE_MODULES else 1)
                        for count in result['per_host'].values() for name in count if name not in ('get', 'set'))
        if result['title'].startswith('3/3') and (sets or not converged):
            failures.append('the re-run was not one probe per module and host, with no apply')
        if result['title'].startswith('3/3'):
            sync = sorted(c['op'] for c in result['calls'] if c['op'].split('/')[0] in SITE_MODULES)
            print(f'    component and synchronization: {", ".join(sync) or "not managed"} (no synchronization started)')
    if failures:
        print('\nDEMO FAILED: ' + '; '.join(failures))
        return 1
    print('\nCheck mode changed nothing, the install converged and the playbook proved each SUP with its log lines, '
          'the re-run made one call per module and host (per SUP on the site server), changed nothing and proved '
          'each SUP again from its latest outcome; the site\'s first synchronization (and the one for its products) '
          'was verified in wsyncmgr.log, and the re-run read the component and the synchronization once each and '
          'started no synchronization.')
    return 0


if __name__ == '__main__':
    sys.exit(main())
