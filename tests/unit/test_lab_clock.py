"""The lab's clocks and background work: text scheduled for later arrives when the host's time comes."""

from __future__ import annotations

import json

import pytest
from labsim.hoststate import Store


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv('LAB_TIME_SCALE', '0')
    return Store(tmp_path)


def tick(host, seconds):
    host.data['clock'] = host.data.get('clock', 0) + seconds


def text(store, host, path):
    file = store.dir / 'fs' / host / 'C' / path
    return file.read_bytes().decode() if file.exists() else None


def test_scheduled_text_waits_for_the_hosts_clock(store):
    with store.host('cm01', {}) as host:
        host.later(10, 'C:\\Logs\\SiteComp.log', 'first\r\n')
        host.later(20, 'C:\\Logs\\SiteComp.log', 'second\r\n')
    assert text(store, 'cm01', 'Logs/SiteComp.log') is None
    with store.host('cm01', {}) as host:
        tick(host, 15)
    assert text(store, 'cm01', 'Logs/SiteComp.log') == 'first\r\n'
    with store.host('cm01', {}) as host:
        tick(host, 10)
    assert text(store, 'cm01', 'Logs/SiteComp.log') == 'first\r\nsecond\r\n'


def test_work_for_another_host_runs_on_that_hosts_clock(store):
    with store.host('sup01', {}) as sup:
        tick(sup, 100)
    with store.host('cm01', {}) as cm:
        due = cm.later(5, 'C:\\SMS\\Logs\\SUPSetup.log', 'setup\r\n', host='sup01')
    assert due == 105
    with store.host('sup01', {}) as sup:
        tick(sup, 4)
    assert text(store, 'sup01', 'SMS/Logs/SUPSetup.log') is None
    with store.host('sup01', {}):
        pass
    with store.host('sup01', {}) as sup:
        tick(sup, 1)
    assert text(store, 'sup01', 'SMS/Logs/SUPSetup.log') == 'setup\r\n'


def test_clock_runs_with_real_time_at_the_configured_scale(store, monkeypatch):
    with store.host('cm01', {}):
        pass
    state = store.state_file('cm01')
    data = json.loads(state.read_text())
    data['wall'] -= 50  # last saved 50 real seconds ago
    state.write_text(json.dumps(data))
    monkeypatch.setenv('LAB_TIME_SCALE', '20')
    assert 999 < store.peek_clock('cm01') < 1100
    monkeypatch.setenv('LAB_TIME_SCALE', '0')
    assert store.peek_clock('cm01') < 5
