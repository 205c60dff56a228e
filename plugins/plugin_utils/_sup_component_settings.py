# Copyright (c) 2026 configmgr.sup contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The scalar settings of the software update point component, read, compared and encoded from the one
table in module_utils/_sup_component_spec.py (``SETTINGS``).

PRIVATE to configmgr.sup. The probe returns each site control object's embedded properties as
``{name: {value, value1, value2}}`` (_configmgr_props.ps1); this module turns them into the values
the options take, and a wanted value into Set-CMSoftwareUpdatePointComponent parameters.
"""

from __future__ import annotations

import datetime
import re
import typing as t

from ansible_collections.configmgr.sup.plugins.module_utils._sup_component_spec import SETTINGS, Setting
from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import InvalidInput

BY_OPTION = {setting.option: setting for setting in SETTINGS}
START_FORMAT = '%Y-%m-%d %H:%M'
URL = re.compile(r'^https?://[A-Za-z0-9.-]+(:\d{1,5})?/?$', re.IGNORECASE)
#: New-CMSchedule -RecurCount ranges per -RecurInterval (Days 1-31, Hours 1-23):
#: https://learn.microsoft.com/powershell/module/configurationmanager/new-cmschedule
RECUR_LIMITS = {'days': 31, 'hours': 23}
MONTHS_MAX = 99
#: the range the cmdlet takes for the maximum run times (UNVERIFIED: the lab's reading of the console's limits)
MINUTES_MIN, MINUTES_MAX = 5, 9999


def _value(props: dict[str, t.Any], name: str, field: str = 'value') -> t.Any:
    entry = props.get(name)
    if not isinstance(entry, dict):
        return None
    return entry.get(field)


def _int(props: dict[str, t.Any], name: str) -> int | None:
    value = _value(props, name)
    try:
        return None if value is None or value == '' else int(value)
    except (TypeError, ValueError):
        return None


def current(setting: Setting, probe: dict[str, t.Any]) -> t.Any:
    """The setting as the option would write it, from what the probe read (None when the site has none)."""
    if setting.kind == 'alert':
        return bool(probe.get('alert'))
    if setting.kind == 'schedule':
        return schedule_display(probe.get('schedule'))
    props = probe.get(setting.source) or {}
    name, field = setting.props[0]
    if setting.kind == 'url':
        return str(_value(props, name, field) or '').strip()
    number = _int(props, name)
    if setting.values:
        return next((choice for choice, (code, _parameter) in setting.values.items() if code == number), None)
    if setting.kind == 'flag':
        return None if number is None else number == 1
    if setting.kind == 'months':
        if _int(props, name) == 0:
            return 0
        return _int(props, setting.props[1][0])
    if setting.kind == 'minutes':
        return None if number is None else number // 60
    return number


def schedule_display(schedule: dict[str, t.Any] | None) -> dict[str, t.Any]:
    """The synchronization schedule as the option describes it; ``schedule`` is what the probe made of the
    Sync Schedule token with Convert-CMSchedule (None: synchronization is not on a schedule)."""
    if not schedule:
        return {'enabled': False, 'interval': None, 'unit': None, 'start': None}
    days, hours, minutes = (int(schedule.get(key) or 0) for key in ('day_span', 'hour_span', 'minute_span'))
    if days and not hours and not minutes:
        interval, unit = days, 'days'
    elif hours and not days and not minutes:
        interval, unit = hours, 'hours'
    else:  # a schedule made in the console that this option cannot describe (minutes, weekly, ...)
        interval, unit = None, schedule.get('type') or 'other'
    return {'enabled': True, 'interval': interval, 'unit': unit, 'start': _start(schedule.get('start'))}


def _start(value: t.Any) -> str | None:
    """The schedule's start as the option writes it (``YYYY-MM-DD HH:MM``) from the probe's ISO 8601 text."""
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(str(value)).strftime(START_FORMAT)
    except ValueError:
        return str(value)


def same(setting: Setting, now: t.Any, wanted: t.Any) -> bool:
    if setting.kind == 'url':
        return (now or '').rstrip('/').lower() == (wanted or '').rstrip('/').lower()
    return now == wanted


def wanted_schedule(given: dict[str, t.Any], now: dict[str, t.Any]) -> dict[str, t.Any]:
    """The schedule after the task: what it gives over what the site has; a start the task leaves out stays."""
    if not given['enabled']:
        return {'enabled': False, 'interval': None, 'unit': None, 'start': None}
    interval = given.get('interval')
    unit = given.get('unit') or 'days'
    if interval is None:
        if not now['enabled'] or now['interval'] is None:
            raise InvalidInput('sync_schedule', 'needs interval: the site has no schedule of days or hours to keep')
        interval, unit = now['interval'], now['unit']
    return {'enabled': True, 'interval': interval, 'unit': unit, 'start': given.get('start') or now['start']}


def arguments(setting: Setting, wanted: t.Any) -> dict[str, t.Any]:
    """Apply-script parameters for one setting's wanted value."""
    if setting.values:
        return {setting.parameter: setting.values[wanted][1]}
    if setting.kind == 'months':
        feature = 'ForFeature' if setting.parameter.endswith('ForFeature') else ''
        if wanted == 0:
            return {setting.parameter: True}
        return {setting.parameter: False, f'WaitMonth{feature}': wanted}
    if setting.kind == 'schedule':
        if not wanted['enabled']:
            return {'EnableSynchronization': False}
        args = {'EnableSynchronization': True, 'ScheduleInterval': wanted['unit'].capitalize(),
                'ScheduleCount': wanted['interval']}
        if wanted['start']:
            # ISO 8601, which [datetime] reads the same in every culture
            args['ScheduleStart'] = datetime.datetime.strptime(wanted['start'], START_FORMAT).isoformat()
        return args
    return {setting.parameter: wanted}


def expected(setting: Setting, probe: dict[str, t.Any]) -> dict[str, t.Any]:
    """Compare-and-set values (engine ``Plan.expected``) of the properties a setting is kept in, as the probe read
    them, keyed by their path in what _sup_component_read.ps1 reads again."""
    if setting.kind == 'alert':
        return {'alert/exists': bool(probe.get('alert'))}
    props = probe.get(setting.source) or {}
    return {f'{setting.source}/{name}/{field}': _value(props, name, field) for name, field in setting.props}


def check(params: dict[str, t.Any]) -> None:
    """The rules of the scalar options that the spec cannot say; raise InvalidInput naming the option."""
    source = params.get('upstream_source')
    if source is not None:
        if params.get('sync_source') != 'upstream':
            raise InvalidInput('upstream_source', 'is only used with sync_source=upstream')
        if not URL.match(source):
            raise InvalidInput('upstream_source', f'must be the URL of the upstream WSUS server, such as '
                                                  f'https://wsus.contoso.com:8531: {source!r}')
    for option in ('supersedence_months', 'feature_supersedence_months'):
        value = params.get(option)
        if value is not None and not 0 <= value <= MONTHS_MAX:
            raise InvalidInput(option, f'must be between 0 (expire immediately) and {MONTHS_MAX} months, got {value}')
    for option in ('max_runtime_minutes', 'feature_max_runtime_minutes'):
        value = params.get(option)
        if value is not None and not MINUTES_MIN <= value <= MINUTES_MAX:
            raise InvalidInput(option, f'must be between {MINUTES_MIN} and {MINUTES_MAX} minutes, got {value}')
    schedule = params.get('sync_schedule')
    if schedule is not None:
        check_schedule(schedule)


def check_schedule(schedule: dict[str, t.Any]) -> None:
    if not schedule['enabled']:
        extra = [key for key in ('interval', 'start') if schedule.get(key) is not None]
        if extra:
            raise InvalidInput('sync_schedule', f'{", ".join(extra)} is only used with enabled=true')
        return
    interval, unit = schedule.get('interval'), schedule.get('unit') or 'days'
    if interval is not None and not 1 <= interval <= RECUR_LIMITS[unit]:
        raise InvalidInput('sync_schedule', f'interval must be between 1 and {RECUR_LIMITS[unit]} {unit}, got {interval}')
    start = schedule.get('start')
    if start is not None:
        try:
            datetime.datetime.strptime(start, START_FORMAT)
        except ValueError:
            raise InvalidInput('sync_schedule', f'start must be "YYYY-MM-DD HH:MM" (local time of the site server): '
                                                f'{start!r}') from None
