"""Schedules: ``New-CMSchedule`` and ``Convert-CMSchedule``, and the schedule token (interval string) the
site stores, such as the software update point's ``Sync Schedule``.

- ``New-CMSchedule -RecurInterval Minutes|Hours|Days -RecurCount N [-Start DATETIME] [-IsUtc]
  [-ScheduleString]`` writes an IResultObject#SMS_ST_RecurInterval (with -ScheduleString: its token):
  https://learn.microsoft.com/powershell/module/configurationmanager/new-cmschedule
- ``Convert-CMSchedule -ScheduleString TOKEN`` decodes a token into the schedule object; ``-InputObject``
  (alias ScheduleToken) encodes objects into their token:
  https://learn.microsoft.com/powershell/module/configurationmanager/convert-cmschedule
- SMS_ST_RecurInterval properties: DayDuration, DaySpan, HourDuration, HourSpan, IsGMT, MinuteDuration,
  MinuteSpan, StartTime (https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/configure/
  sms_st_recurinterval-server-wmi-class); SMS_ST_NonRecurring the same without the spans.
- The token: 16 hex digits of a 64-bit value, from the high bits: start minute (6 bits), hour (5), day (5),
  month (4), year - 1970 (6), duration minutes (6), hours (5), days (5), the type (3 bits: 1 non-recurring,
  2 interval, 3 weekly, 4 monthly by weekday, 5 monthly by date), then for an interval the minute span (6),
  hour span (5), day span (5), and the lowest bit IsGMT. The layout is the one public decoders use
  (UNVERIFIED against a Microsoft page; it decodes the Convert-CMSchedule documentation's example
  "02C159C0381A2000" as a weekly schedule starting 2009-05-01 22:00 lasting 7 hours, which is
  plausible). Several 16-digit tokens concatenated are several schedules.
Unverified: New-CMSchedule's wording for a RecurCount out of range (the lab: Days 1-31, Hours 1-23,
Minutes 1-59, an ArgumentOutOfRange-style error), and that omitting -Start means "now" on the site server.
Only interval and non-recurring tokens are modelled; another type is a lab gap (LabUnsupported).
"""

from __future__ import annotations

import datetime
import typing as t

from labsim.configmgr import drive
from labsim.powershell import api, values

INTERVAL_UNITS = {'minutes': ('MinuteSpan', 59), 'hours': ('HourSpan', 23), 'days': ('DaySpan', 31)}
NONRECURRING, INTERVAL = 1, 2


class RecurInterval(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_ST_RecurInterval'
    PROPERTIES = ('DayDuration', 'DaySpan', 'HourDuration', 'HourSpan', 'IsGMT', 'MinuteDuration', 'MinuteSpan',
                  'StartTime')


class NonRecurring(api.DotNetObject):
    TYPE_NAME = 'IResultObject#SMS_ST_NonRecurring'
    PROPERTIES = ('DayDuration', 'HourDuration', 'IsGMT', 'MinuteDuration', 'StartTime')


def encode(schedule: api.DotNetObject) -> str:
    """The 16-digit token of one schedule object."""
    start = schedule.ps_get('StartTime')
    if not isinstance(start, datetime.datetime):
        raise api.LabUnsupported(f'a schedule without a DateTime StartTime: {start!r}')
    value = (start.minute << 58) | (start.hour << 53) | (start.day << 48) | (start.month << 44) | \
        ((start.year - 1970) << 38)
    value |= (int(schedule.ps_get('MinuteDuration') or 0) << 32) | (int(schedule.ps_get('HourDuration') or 0) << 27) \
        | (int(schedule.ps_get('DayDuration') or 0) << 22)
    if isinstance(schedule, RecurInterval):
        value |= (INTERVAL << 19) | (int(schedule.ps_get('MinuteSpan') or 0) << 13) | \
            (int(schedule.ps_get('HourSpan') or 0) << 8) | (int(schedule.ps_get('DaySpan') or 0) << 3)
    elif isinstance(schedule, NonRecurring):
        value |= NONRECURRING << 19
    else:
        raise api.LabUnsupported(f'schedule type {schedule.TYPE_NAME} is not modelled')
    value |= 1 if schedule.ps_get('IsGMT') else 0
    return f'{value:016X}'


def decode(token: str) -> list[api.DotNetObject]:
    """The schedule objects of a token string (16 hex digits each)."""
    token = token.strip()
    if not token or len(token) % 16 or any(c not in '0123456789abcdefABCDEF' for c in token):
        raise ValueError(token)
    out: list[api.DotNetObject] = []
    for i in range(0, len(token), 16):
        value = int(token[i:i + 16], 16)
        start = datetime.datetime(((value >> 38) & 0x3F) + 1970, (value >> 44) & 0xF, (value >> 48) & 0x1F,
                                  (value >> 53) & 0x1F, (value >> 58) & 0x3F)
        common = {'MinuteDuration': (value >> 32) & 0x3F, 'HourDuration': (value >> 27) & 0x1F,
                  'DayDuration': (value >> 22) & 0x1F, 'IsGMT': bool(value & 1), 'StartTime': start}
        kind = (value >> 19) & 0x7
        if kind == INTERVAL:
            out.append(RecurInterval(MinuteSpan=(value >> 13) & 0x3F, HourSpan=(value >> 8) & 0x1F,
                                     DaySpan=(value >> 3) & 0x1F, **common))
        elif kind == NONRECURRING:
            out.append(NonRecurring(**common))
        else:
            raise api.LabUnsupported(f'schedule token {token[i:i + 16]} of type {kind} is not modelled')
    return out


def interval_seconds(token: str) -> int | None:
    """How often an interval token recurs, in seconds (None for no token or no interval)."""
    if not token:
        return None
    schedule = decode(token)[0]
    if not isinstance(schedule, RecurInterval):
        return None
    return (int(schedule.ps_get('DaySpan')) * 86400 + int(schedule.ps_get('HourSpan')) * 3600
            + int(schedule.ps_get('MinuteSpan')) * 60) or None


def new_interval(unit: str, count: int, start: datetime.datetime, utc: bool = False) -> RecurInterval:
    spans = {'MinuteSpan': 0, 'HourSpan': 0, 'DaySpan': 0}
    spans[INTERVAL_UNITS[unit.lower()][0]] = count
    return RecurInterval(DayDuration=0, HourDuration=0, MinuteDuration=0, IsGMT=utc,
                         StartTime=start.replace(second=0, microsecond=0, tzinfo=None), **spans)


@api.command('New-CMSchedule')
def new_schedule(inv: api.Invocation) -> t.Any:
    """https://learn.microsoft.com/powershell/module/configurationmanager/new-cmschedule (the interval and
    non-recurring sets; the weekly and monthly sets are not modelled)."""
    drive.connected_site(inv)
    start = inv.param('Start')
    if start is None:
        start = inv.session.now()
    if isinstance(start, str):  # parameter binding converts a string to System.DateTime
        start = values.convert(start, 'System.DateTime', inv.session)
    if isinstance(start, datetime.datetime) and start.tzinfo is not None:
        start = start.astimezone(datetime.timezone.utc).replace(tzinfo=None)  # lab hosts keep UTC
    if not isinstance(start, datetime.datetime):
        raise api.LabUnsupported(f'New-CMSchedule -Start of type {type(start).__name__}')
    if inv.param('RecurInterval') is not None:
        unit = str(inv.param('RecurInterval')).lower()
        if unit not in INTERVAL_UNITS:
            raise api.LabUnsupported(f'New-CMSchedule -RecurInterval {unit} is not modelled')
        count = int(inv.param('RecurCount') or 0)
        if not 1 <= count <= INTERVAL_UNITS[unit][1]:
            inv.fail(f'RecurCount {count} is out of range for interval {unit}: it must be between 1 and '
                     f'{INTERVAL_UNITS[unit][1]}.', 'ArgumentOutOfRange', 'InvalidArgument',
                     'System.ArgumentOutOfRangeException')
        schedule: api.DotNetObject = new_interval(unit, count, start, bool(inv.param('IsUtc')))
    elif inv.param('Nonrecurring'):
        schedule = NonRecurring(DayDuration=0, HourDuration=0, MinuteDuration=0, IsGMT=bool(inv.param('IsUtc')),
                                StartTime=start.replace(second=0, microsecond=0, tzinfo=None))
    else:
        raise api.LabUnsupported('New-CMSchedule: only the RecurInterval and Nonrecurring sets are modelled')
    return encode(schedule) if inv.param('ScheduleString') else schedule


@api.command('Convert-CMSchedule')
def convert_schedule(inv: api.Invocation) -> t.Any:
    """https://learn.microsoft.com/powershell/module/configurationmanager/convert-cmschedule"""
    drive.connected_site(inv)
    if inv.has('ScheduleString'):
        strings = inv.param('ScheduleString')
        out: list[t.Any] = []
        for token in strings if isinstance(strings, list) else [strings]:
            try:
                out.extend(decode(str(token)))
            except ValueError:
                inv.fail(f'The schedule string "{token}" is not valid.', 'InvalidScheduleString', 'InvalidArgument',
                         'System.ArgumentException')  # wording unverified
        return out
    objects = inv.param('InputObject')
    objects = objects if isinstance(objects, list) else [objects]
    return ''.join(encode(o) for o in objects)
