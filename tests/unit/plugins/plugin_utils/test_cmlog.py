"""The ConfigMgr log parser: three formats, multi-line messages, unknown lines, offsets, severity."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.configmgr.sup.plugins.filter.cm_log_entries import cm_log_entries
from ansible_collections.configmgr.sup.plugins.plugin_utils._cmlog import infer_severity, parse

SIMPLE = ('Installing component SMS_WSUS_CONTROL_MANAGER...  $$<SMS_SITE_COMPONENT_MANAGER>'
          '<02-09-2014 22:53:20.123-120><thread=2964 (0xB94)>\r\n')
CMTRACE = ('<![LOG[Successfully connected to local WSUS server]LOG]!><time="22:53:44.6037459+060" date="02-09-2014" '
           'component="WSUSCtrl" context="" type="2" thread="3012" file="wsusctrl.cpp:1245">\r\n')
SUPSETUP = '<02/09/14 22:53:44> Installation was successful.\r\n'


def test_site_server_format():
    [entry] = parse(SIMPLE)
    assert entry.format == 'simple' and entry.component == 'SMS_SITE_COMPONENT_MANAGER'
    assert entry.time == datetime.datetime(2014, 2, 9, 22, 53, 20, 123000) and entry.bias == -120
    assert entry.thread == 2964 and entry.message == 'Installing component SMS_WSUS_CONTROL_MANAGER...'


def test_cmtrace_format_with_seven_digit_fraction_and_type():
    [entry] = parse(CMTRACE)
    assert (entry.format, entry.component, entry.thread, entry.bias) == ('cmtrace', 'WSUSCtrl', 3012, 60)
    assert entry.time == datetime.datetime(2014, 2, 9, 22, 53, 44, 603745)
    assert entry.severity == 'warning'  # type="2"


def test_supsetup_format():
    [entry] = parse(SUPSETUP)
    assert entry.format == 'supsetup' and entry.time == datetime.datetime(2014, 2, 9, 22, 53, 44)
    assert entry.message == 'Installation was successful.' and entry.component is None


def test_tilde_markers_of_the_site_server_format():
    [entry] = parse('Line one~~line two~  $$<SMS Provider><02-09-2014 22:53:20.000+000><thread=1 (0x1)>')
    assert entry.message == 'Line one\nline two'


def test_multi_line_messages_are_joined():
    text = ('SELECT *\r\nFROM SMS_SCI_SysResUse  $$<SMS Provider><02-09-2014 22:53:20.000+000><thread=1 (0x1)>\r\n'
            '<![LOG[first\r\nsecond]LOG]!><time="22:53:44.000+000" date="02-09-2014" component="X" context="" '
            'type="1" thread="1" file="">\r\n<02/09/14 22:53:28> Parameters:\r\n   continued\r\n')
    entries = parse(text)
    assert [e.message for e in entries] == ['SELECT *\nFROM SMS_SCI_SysResUse', 'first\nsecond',
                                            'Parameters:\n   continued']


def test_unknown_lines_are_kept_not_dropped():
    entries = parse('just some text\r\n' + SUPSETUP + SIMPLE + 'trailing garbage\r\n')
    assert [(e.format, e.message) for e in entries] == [
        ('unknown', 'just some text'), ('supsetup', 'Installation was successful.'),
        ('simple', 'Installing component SMS_WSUS_CONTROL_MANAGER...'), ('unknown', 'trailing garbage')]


def test_offsets_are_byte_offsets_from_the_given_base_and_utf8_aware():
    text = ('Größe geändert  $$<SMS Provider><02-09-2014 22:53:20.000+000><thread=1 (0x1)>\r\n' + SUPSETUP).encode()
    first, second = parse(text, base_offset=1000)
    assert first.offset == 1000 and second.offset == 1000 + text.index(b'<02/09/14')


def test_utf16_log_with_bom_is_read():
    data = b'\xff\xfe' + SUPSETUP.encode('utf-16-le')
    [entry] = parse(data)
    assert entry.message == 'Installation was successful.' and entry.offset == 2


@pytest.mark.parametrize('message, severity', [
    ('Bootstrap operation failed.', 'error'),
    ('System.Net.WebException: The request failed with HTTP status 407', 'error'),
    ('Sync failed: WSUS server not configured. Please refer to WCM.log', 'error'),
    ('WARNING: Performance counter could not be read, will retry.', 'warning'),
    ('Will retry in 60 minutes', 'warning'),
    ('Installation was successful.', 'info'),
])
def test_severity_is_inferred_from_the_text_where_the_format_has_none(message, severity):
    assert infer_severity(message) == severity


def test_the_filter_returns_plain_dictionaries():
    [entry] = cm_log_entries(SIMPLE, 10)
    assert entry['time'] == '2014-02-09T22:53:20.123' and entry['offset'] == 10 and entry['format'] == 'simple'


@pytest.mark.parametrize('bad', [None, 42, ['x']])
def test_the_filter_refuses_what_is_not_text(bad):
    from ansible.errors import AnsibleFilterError
    with pytest.raises(AnsibleFilterError, match='expects the log text'):
        cm_log_entries(bad)
