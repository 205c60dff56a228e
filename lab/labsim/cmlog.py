"""Configuration Manager log lines in their real formats (https://learn.microsoft.com/mem/configmgr/core/plan-design/hierarchy/log-files).

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


#: what a running site keeps writing to its logs (noise around the lines a check looks for)
NOISE = {
    'SiteComp.log': ('SMS_SITE_COMPONENT_MANAGER', [
        'Checking for component SMS_DISTRIBUTION_MANAGER on server {host}...',
        'Component SMS_DISTRIBUTION_MANAGER on server {host} is already installed.',
        'Synchronizing server table and polling servers as needed...',
        'WARNING: Performance counter SMS Site Component Manager could not be read, will retry.',
        'Sleeping for 3600 seconds...',
    ]),
    'SMSProv.log': ('SMS Provider', [
        'Execute WQL  =SELECT * FROM SMS_SCI_SiteDefinition WHERE FileType=2 AND SiteCode="PR1"~',
        'Results returned : 1 (0 ms)~',
        'CExtUserContext::EnterThread : User=CONTOSO\\alice.admin Sid=0x0105 Caching IWbemContextPtr=0~',
    ]),
    'WCM.log': ('SMS_WSUS_CONFIGURATION_MANAGER', [
        'Checking for WSUS server settings...',
        'No changes - WSUS Server settings are correctly configured and Upstream Server is set to Microsoft Update',
        'Waiting for changes for 59 minutes',
    ]),
}


def history(name: str, host: str, size: int) -> bytes:
    """Up to ``size`` bytes of whole earlier lines in the log's own format, ending before the lab epoch."""
    if size <= 0:
        return b''
    component, messages = NOISE.get(name, ('SMS_EXECUTIVE', ['Heartbeat']))
    start = datetime.datetime(2026, 11, 1, 0, 0, 0)
    block = ''.join(simple(component, start + datetime.timedelta(seconds=i), 1000 + i % 7,
                           messages[i % len(messages)].format(host=host.upper())) for i in range(200))
    data = block.encode('utf-8')
    data = (data * (size // len(data) + 1))[:size]
    return data[:data.rfind(b'\n') + 1]
