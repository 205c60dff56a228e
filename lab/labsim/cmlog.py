"""Configuration Manager log lines in their real formats (docs/windows-facts "Log files").

1. CMTrace: ``<![LOG[msg]LOG]!><time="HH:mm:ss.fff+bias" date="MM-dd-yyyy" component="X" context=""
   type="1|2|3" thread="N" file="src">``
2. site server "simple" format: ``msg  $$<Component><MM-dd-yyyy HH:mm:ss.fff+bias><thread=N (0xN)>``
3. SUPSetup.log: ``<MM/DD/YY HH:MM:SS> msg``

Lab hosts keep UTC, so the bias is +000. Lines end with CRLF, as on Windows.
"""

from __future__ import annotations

import datetime

CRLF = '\r\n'


def _millis(when: datetime.datetime) -> str:
    return f'{when.microsecond // 1000:03d}'


def simple(component: str, when: datetime.datetime, thread: int, message: str) -> str:
    stamp = f'{when:%m-%d-%Y %H:%M:%S}.{_millis(when)}+000'
    return f'{message}  $$<{component}><{stamp}><thread={thread} (0x{thread:X})>{CRLF}'


def supsetup(when: datetime.datetime, message: str) -> str:
    return f'<{when:%m/%d/%y %H:%M:%S}> {message}{CRLF}'


def cmtrace(component: str, when: datetime.datetime, thread: int, message: str, severity: int = 1,
            source: str = '') -> str:
    return (f'<![LOG[{message}]LOG]!><time="{when:%H:%M:%S}.{_millis(when)}+000" date="{when:%m-%d-%Y}" '
            f'component="{component}" context="" type="{severity}" thread="{thread}" file="{source}">{CRLF}')
