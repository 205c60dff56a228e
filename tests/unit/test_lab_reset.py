"""lab/reset returns every host to fresh, background work included: a site's chain scheduled before the
reset must not arrive in the logs of the hosts built after it."""

from __future__ import annotations

import os
import pathlib
import subprocess

from labsim.hoststate import Store

RESET = pathlib.Path(__file__).resolve().parents[2] / 'lab' / 'reset'
LOG = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\SiteComp.log'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}


def reset(state_dir: pathlib.Path) -> None:
    env = dict(os.environ, LAB_STATE_DIR=str(state_dir))
    proc = subprocess.run([str(RESET)], env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f'lab reset: {state_dir}'


def test_reset_drops_background_work_scheduled_before_it(tmp_path, monkeypatch):
    monkeypatch.setenv('LAB_TIME_SCALE', '0')
    store = Store(tmp_path)
    with store.host('cm01.contoso.com', SITE) as host:
        host.later(10, LOG, 'scheduled before the reset\r\n')
        host.later(20, 'C:\\SMS_PR1\\Logs\\SUPSetup.log', 'on another host\r\n', host='sup01.contoso.com')
        host.call_later(30, 'labsim.configmgr.setup_chain:retry', {'fqdn': 'sup01.contoso.com'})
    assert store.pending('cm01.contoso.com') and store.pending('sup01.contoso.com')

    reset(tmp_path)

    assert not (tmp_path / 'hosts').exists() and not (tmp_path / 'fs').exists()
    assert not (tmp_path / 'pending').exists()
    for name, config in (('cm01.contoso.com', SITE), ('sup01.contoso.com', {})):
        with store.host(name, config) as host:
            host.data['clock'] += 3600  # long past the time the old work was due
        assert store.pending(name) == []
    text = (tmp_path / 'fs' / 'cm01.contoso.com' / 'C' / 'Program Files' / 'Microsoft Configuration Manager' / 'Logs'
            / 'SiteComp.log').read_text(encoding='utf-8')
    assert 'scheduled before the reset' not in text
    assert not (tmp_path / 'fs' / 'sup01.contoso.com' / 'C' / 'SMS_PR1').exists()


def test_reset_of_a_lab_that_was_never_used(tmp_path):
    reset(tmp_path / 'never-used')
