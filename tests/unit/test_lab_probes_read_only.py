"""Read-only probes leave the simulated hosts as they found them (issue 13, "The lab").

A whole install (WSUS with SSL and the connection account on the SUP host; the console, the SUP role,
proxy and account on the site server; sup_info and sup_log_verify on both) runs through the stand-in,
then every probe it sent (each ``*_get.ps1`` call) is replayed on the installed hosts, one at a time, and
each host's saved state must be byte-identical afterwards, except for what time itself does:

- The clock. Every stand-in call ticks the host's clock (0.5 s, plus what models such as the ConfigMgr
  provider tick) and the host file records the real time it was saved (``wall``), so the JSON state is
  compared with ``clock`` and ``wall`` removed; everything else in it must be equal, key for key.
- Background work. A call delivers the work whose time has come on the host (log lines the site
  writes later, Site Component Manager's retries, WCM cycles). That is the site acting, not the probe,
  so before the probes all of it is made due and delivered (the hosts' clocks are moved four hours on,
  with the clocks standing still otherwise: LAB_TIME_SCALE=0) and nothing may be pending afterwards.
  With nothing pending, any byte a probe adds to a log is the probe's own.
- The file tree of each host (every file's bytes and every directory), the pending work of every host
  and the state of the other host are compared too, so a probe that writes anywhere, schedules work,
  or changes another host fails. The stand-in's module temp folder is created and removed within the
  call (as Ansible.Basic does), so it leaves nothing.

``test_the_comparison_sees_a_write`` proves the comparison catches a "probe" that writes one registry
value, adds one IIS binding, appends one log line or schedules one line (on a copy of the hosts).
"""

from __future__ import annotations

import copy
import hashlib
import json
import pathlib
import shutil
import typing as t

import pytest
from labhost import LabHost
from labsim import scripts, standin
from labsim.hoststate import Store

import full_install

from full_install import CM, SITE, SUP

#: what time changes in a host's JSON state (everything else must stay as it was)
TIME_KEYS = ('clock', 'wall')


def snapshot(state_dir: pathlib.Path) -> dict[str, t.Any]:
    """Every host's state without its time keys, every host's file tree (files by digest, directories),
    and the pending work, as they are on disk now."""
    hosts = {}
    for path in sorted((state_dir / 'hosts').glob('*.json')):
        data = json.loads(path.read_text(encoding='utf-8'))
        hosts[path.stem] = {key: value for key, value in data.items() if key not in TIME_KEYS}
    tree = {}
    for path in sorted((state_dir / 'fs').rglob('*')):
        relative = str(path.relative_to(state_dir / 'fs'))
        tree[relative] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else 'dir'
    pending = {path.name: path.read_text(encoding='utf-8') for path in sorted((state_dir / 'pending').glob('*.json'))}
    return {'hosts': hosts, 'tree': tree, 'pending': pending}


def differences(before: dict[str, t.Any], after: dict[str, t.Any]) -> list[str]:
    """What changed between two snapshots, named (empty: nothing but time)."""
    changed = []
    for host in sorted(set(before['hosts']) | set(after['hosts'])):
        old, new = before['hosts'].get(host, {}), after['hosts'].get(host, {})
        changed += [f'{host}: state key {key!r}' for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]
    for path in sorted(set(before['tree']) | set(after['tree'])):
        if before['tree'].get(path) != after['tree'].get(path):
            changed.append(f'file {path}: {before["tree"].get(path, "absent")} -> {after["tree"].get(path, "absent")}')
    for name in sorted(set(before['pending']) | set(after['pending'])):
        if before['pending'].get(name) != after['pending'].get(name):
            changed.append(f'pending work {name}')
    return changed


def let_time_pass(state_dir: pathlib.Path, seconds: float) -> None:
    """Move each host's clock on and deliver the background work that came due."""
    store = Store(state_dir)
    for name, config in ((CM, SITE), (SUP, {})):
        with store.host(name, config) as host:
            host.data['clock'] += seconds


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """An installed site and SUP, the probe calls the install sent, and the monkeypatch to keep time still."""
    state = tmp_path_factory.mktemp('lab')
    calls: list[full_install.Call] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv('LAB_TIME_SCALE', '0')
        sup, site = LabHost(state, SUP), LabHost(state, CM, SITE)

        for module, _, result in full_install.run_recorded(patch, calls, full_install.install_steps(sup, site)):
            assert not result.get('failed'), (module, result.get('msg'))
        let_time_pass(state, 4 * 3600)  # the whole install chain, WCM and WSUSCtrl have written their lines
        full_install.run_recorded(patch, calls, full_install.check_steps(sup, site))
        yield state, full_install.probes(calls), patch


def test_the_installed_site_has_no_background_work_left(installed):
    state, _, _ = installed
    store = Store(state)
    assert store.pending(CM) == [] and store.pending(SUP) == []
    wcm = (state / 'fs' / CM / 'C' / 'Program Files' / 'Microsoft Configuration Manager' / 'Logs' / 'WCM.log')
    assert 'WSUS_CONFIG_SUCCESS' in wcm.read_text(encoding='utf-8')  # the lab's WCM connected: a realistic install


def test_every_probe_leaves_every_host_as_it_found_it(installed):
    state, probes, _ = installed
    changed = {}
    for host, args in probes:
        before = snapshot(state)
        result = standin.run_script(copy.deepcopy(args), False, host.environ())
        assert not result.get('failed'), (standin.script_op(args['script']), result.get('msg'), result.get('error'))
        found = differences(before, snapshot(state))
        if found:
            changed[f'{standin.script_op(args["script"])} on {host.name}'] = found
    assert changed == {}


def test_every_shipped_probe_is_replayed(installed):
    _, probes, _ = installed
    shipped = {scripts.op_name(path.stem) for path in pathlib.Path(scripts.SCRIPT_DIR).glob('*_get.ps1')
               if not path.name.startswith('_')}
    assert shipped - {standin.script_op(args['script']) for _, args in probes} == set()


WRITERS = {
    'registry': "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup' -Name Probe -Value 1",
    'iis': "New-WebBinding -Name 'WSUS Administration' -Protocol http -Port 8080",
}


@pytest.mark.parametrize('kind', sorted(WRITERS) + ['log line', 'background'])
def test_the_comparison_sees_a_write(installed, kind, tmp_path):
    state = tmp_path / 'copy'
    shutil.copytree(installed[0], state)
    before = snapshot(state)
    if kind in WRITERS:
        script = f'# op: writer/get\nImport-Module WebAdministration\n{WRITERS[kind]}\n'
        result = standin.run_script({'script': script}, False, LabHost(state, SUP).environ())
        assert not result.get('failed'), result
    else:
        with Store(state).host(SUP, {}) as host:
            if kind == 'log line':
                host.write_text('C:\\SMS_PR1\\Logs\\WSUSCtrl.log', 'one more line\r\n', append=True)
            else:
                host.later(3600, 'C:\\SMS_PR1\\Logs\\WSUSCtrl.log', 'a line for later\r\n')
    assert differences(before, snapshot(state)) != []
