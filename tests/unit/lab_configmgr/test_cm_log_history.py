"""Log rollover: X.lo_ by default, timestamped history files with log_max_history above 1; keyed work."""

from __future__ import annotations

import re

from conftest import CM, LOGS, SITE

LINE = 'x' * 98 + '\r\n'


def write(host, count):
    for _ in range(count):
        host.write_text(LOGS + 'WCM.log', LINE, append=True)
        host.data['clock'] += 61


def files(host):
    return sorted(p.name for p in host.path(LOGS).iterdir() if p.name.startswith('WCM'))


def test_a_full_log_becomes_lo_when_one_history_file_is_kept(store):
    with store.host(CM, dict(SITE, log_max_bytes={'WCM.log': 250})) as host:
        host.path(LOGS + 'WCM.log').unlink()
        write(host, 7)
        assert files(host) == ['WCM.lo_', 'WCM.log']


def test_log_max_history_keeps_that_many_timestamped_history_files(store):
    with store.host(CM, dict(SITE, log_max_bytes=250, log_max_history=3)) as host:
        host.path(LOGS + 'WCM.log').unlink()
        write(host, 11)
        names = files(host)
        history = [n for n in names if re.fullmatch(r'WCM-\d{8}-\d{6}\.log', n)]
        assert len(history) == 3 and 'WCM.lo_' not in names and 'WCM.log' in names
        assert history[0].startswith('WCM-20261121-09')  # the host's local time of the rollover


def test_keyed_work_replaces_what_is_still_pending(store):
    with store.host(CM, dict(SITE)) as host:
        host.later(10, 'C:\\Logs\\X.log', 'first\r\n', key='k')
        host.later(10, 'C:\\Logs\\X.log', 'second\r\n', key='k')
        host.later(10, 'C:\\Logs\\X.log', 'other\r\n')
        host.data['clock'] += 20
    with store.host(CM, dict(SITE)) as host:
        assert host.path('C:\\Logs\\X.log').read_bytes().decode() == 'second\r\nother\r\n'
