# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Configuration Manager log parser: CMTrace, the site server format, and SUPSetup.log.

PRIVATE to configmgr.sup. Used by sup_log_verify and the ``cm_log_entries`` filter. Formats of the
logs "Log files in Configuration Manager" lists (https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files),
as CMTrace reads them (https://learn.microsoft.com/mem/configmgr/core/support/cmtrace):

1. CMTrace: ``<![LOG[message]LOG]!><time="HH:mm:ss.fff+bias" date="MM-dd-yyyy" component="X"
   context="" type="1|2|3" thread="N" file="src">``; the message may span lines.
2. Site server: ``message  $$<Component><MM-dd-yyyy HH:mm:ss.fff+bias><thread=N (0xN)>``; lines before
   the one with the trailer belong to the same message; ``~~`` stands for a line break and a trailing
   ``~`` is dropped.
3. SUPSetup.log: ``<MM/DD/YY HH:MM:SS> message``; lines without the stamp continue the previous entry.

Times are kept naive (local time of the host) with the raw bias in minutes next to them, because the
sign convention of the bias is not documented. Lines in no known format are kept as ``unknown``
entries. Every entry carries the byte offset where it starts, so a reader can resume from there.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import typing as t

_CMTRACE = re.compile(
    r'<!\[LOG\[(?P<message>.*?)\]LOG\]!><time="(?P<time>[0-9:.]+)(?P<bias>[+-]\d+)?" date="(?P<date>[0-9-]+)" '
    r'component="(?P<component>[^"]*)" context="[^"]*" type="(?P<type>\d*)" thread="(?P<thread>\d*)"'
    r'(?: file="[^"]*")?>', re.DOTALL)
_SIMPLE = re.compile(r'(?P<message>.*?)\s*\$\$<(?P<component>[^>]*)><(?P<date>\d\d-\d\d-\d{4}) '
                     r'(?P<time>[0-9:.]+)(?P<bias>[+-]\d+)?><thread=(?P<thread>\d+)[^>]*>\s*$', re.DOTALL)
_SUPSETUP = re.compile(r'^<(?P<date>\d\d/\d\d/\d\d) (?P<time>\d\d:\d\d:\d\d)> ?(?P<message>.*)$', re.DOTALL)
_ERROR_WORDS = 'error|errors|fail|failed|failure|fatal|exception|cannot|unable'
_WARNING_WORDS = 'warn|warning|retry|retrying'
_ERROR = re.compile(rf'\b(?:{_ERROR_WORDS})\b', re.IGNORECASE)
#: one search finds the first severity word; group 1 is set when it is an error word
_ANY_SEVERITY = re.compile(rf'\b(?:({_ERROR_WORDS})|{_WARNING_WORDS})\b', re.IGNORECASE)
SEVERITY = {'1': 'info', '2': 'warning', '3': 'error'}
CMTRACE_START = '<![LOG['


@dataclasses.dataclass
class Entry:
    """One log entry. ``time`` is naive local time, ``bias`` the raw minutes from the line (or None)."""

    offset: int
    format: str
    message: str
    time: datetime.datetime | None = None
    bias: int | None = None
    component: str | None = None
    thread: int | None = None
    severity: str = 'info'

    def as_dict(self) -> dict[str, t.Any]:
        data = dataclasses.asdict(self)
        data['time'] = self.time.isoformat(timespec='milliseconds') if self.time else None
        return data


def infer_severity(message: str) -> str:
    found = _ANY_SEVERITY.search(message)
    if found is None:
        return 'info'
    if found.group(1) or _ERROR.search(message, found.end()):
        return 'error'
    return 'warning'


def _clock(date: str, clock: str, short_year: bool = False) -> datetime.datetime | None:
    """``MM-dd-yyyy`` (or ``MM/DD/YY``) and ``HH:mm:ss[.fraction]``, without strptime (the parser's hot path)."""
    try:
        month, day, year = int(date[0:2]), int(date[3:5]), int(date[6:])
        hour, minute, second = int(clock[0:2]), int(clock[3:5]), int(clock[6:8])
        fraction = clock[9:]
        micro = int((fraction + '000000')[:6]) if fraction else 0
        return datetime.datetime(2000 + year if short_year else year, month, day, hour, minute, second, micro)
    except ValueError:
        return None


def _simple_message(message: str) -> str:
    message = message.rstrip()
    if message.endswith('~') and not message.endswith('~~'):
        message = message[:-1]
    return message.replace('~~', '\n').rstrip('~').rstrip()


def decode(data: bytes) -> tuple[str, int]:
    """Text of a log and the bytes per character unit (1 for UTF-8, 2 for UTF-16 with a BOM)."""
    if data.startswith(b'\xff\xfe'):
        return data[2:].decode('utf-16-le', errors='replace'), 2
    if data.startswith(b'\xef\xbb\xbf'):
        return data[3:].decode('utf-8', errors='replace'), 1
    return data.decode('utf-8', errors='replace'), 1


def _lines(data: bytes, base: int) -> t.Iterator[tuple[int, str]]:
    """(byte offset, line without its end) for each line; UTF-8 offsets are exact."""
    if data.startswith(b'\xff\xfe'):
        text = decode(data)[0]
        offset = base + 2
        for line in text.splitlines(keepends=True):
            yield offset, line.rstrip('\r\n')
            offset += len(line.encode('utf-16-le'))
        return
    start = 3 if data.startswith(b'\xef\xbb\xbf') else 0
    offset = start
    length = len(data)
    while offset < length:
        end = data.find(b'\n', offset)
        stop = length if end < 0 else end + 1
        yield base + offset, data[offset:stop].decode('utf-8', errors='replace').rstrip('\r\n')
        offset = stop


def parse(data: bytes | str, base_offset: int = 0) -> list[Entry]:
    """Every entry of a log chunk, in order. ``base_offset`` is where the chunk starts in the file."""
    if isinstance(data, str):
        data = data.encode('utf-8')
    entries: list[Entry] = []
    pending: list[tuple[int, str]] = []  # lines of an entry whose end has not been seen yet
    kind = None  # what the pending lines started as: 'cmtrace', 'supsetup' or None (text / unknown)
    for offset, line in _lines(data, base_offset):
        if kind == 'cmtrace':
            pending.append((offset, line))
            if ']LOG]!>' in line:
                entries.extend(_flush(pending, 'cmtrace'))
                pending, kind = [], None
            continue
        if line.startswith(CMTRACE_START):
            entries.extend(_flush(pending, kind))
            pending, kind = [(offset, line)], 'cmtrace'
            if ']LOG]!>' in line:
                entries.extend(_flush(pending, 'cmtrace'))
                pending, kind = [], None
            continue
        if '$$<' in line:
            if kind == 'supsetup':
                entries.extend(_flush(pending, kind))
                pending = []
            pending.append((offset, line))
            entries.extend(_flush(pending, 'simple'))
            pending, kind = [], None
            continue
        if line[:1] == '<' and _SUPSETUP.match(line):
            entries.extend(_flush(pending, kind))
            pending, kind = [(offset, line)], 'supsetup'
            continue
        if not line.strip():
            entries.extend(_flush(pending, kind))
            pending, kind = [], None
            continue
        # A continuation of a SUPSetup entry, message text before a site server trailer, or unknown.
        pending.append((offset, line))
    entries.extend(_flush(pending, kind))
    return entries


def _flush(lines: list[tuple[int, str]], kind: str | None) -> list[Entry]:
    """One entry from its lines; ``kind`` is the format the first line showed (None: try them all)."""
    if not lines:
        return []
    offset = lines[0][0]
    text = lines[0][1] if len(lines) == 1 else '\n'.join(line for _offset, line in lines)
    match = _CMTRACE.match(text) if kind in ('cmtrace', None) else None
    if match:
        return [Entry(offset=offset, format='cmtrace', message=match['message'],
                      time=_clock(match['date'], match['time']),
                      bias=int(match['bias']) if match['bias'] else None, component=match['component'] or None,
                      thread=int(match['thread']) if match['thread'] else None,
                      severity=SEVERITY.get(match['type'], infer_severity(match['message'])))]
    match = _SIMPLE.match(text) if kind in ('simple', None) else None
    if match:
        message = _simple_message(match['message'])
        return [Entry(offset=offset, format='simple', message=message,
                      time=_clock(match['date'], match['time']),
                      bias=int(match['bias']) if match['bias'] else None, component=match['component'],
                      thread=int(match['thread']), severity=infer_severity(message))]
    match = _SUPSETUP.match(text) if kind in ('supsetup', None) else None
    if match:
        message = match['message'].rstrip()
        return [Entry(offset=offset, format='supsetup', message=message,
                      time=_clock(match['date'], match['time'], short_year=True),
                      severity=infer_severity(message))]
    # Not a known format: every line is kept as its own entry.
    return [Entry(offset=line_offset, format='unknown', message=line, severity=infer_severity(line))
            for line_offset, line in lines if line.strip()]
