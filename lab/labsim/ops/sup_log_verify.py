"""Lab model of sup_log_verify_get.ps1: bounded reads of the ConfigMgr logs, rollover to X.lo_."""

from __future__ import annotations

import base64
import typing as t

from labsim.context import OpContext
from labsim.profiles import SMS_IDENTIFICATION


def _folders(ctx: OpContext) -> list[str]:
    if ctx.param('LogsDir'):
        return [ctx.param('LogsDir')]
    folders = []
    install = (ctx.host.reg_key(SMS_IDENTIFICATION) or {}).get('Installation Directory')
    if install:
        folders.append(install + '\\Logs')
    drive = ctx.host.path('C:\\')
    if drive.exists():
        folders += [f'C:\\{p.name}\\Logs' for p in sorted(drive.glob('SMS_*')) if (p / 'Logs').is_dir()]
    return folders


def _read(local, start: int, count: int) -> bytes:
    with open(local, 'rb') as handle:
        handle.seek(start)
        return handle.read(max(0, count))


def get(ctx: OpContext) -> dict[str, t.Any]:
    folders = _folders(ctx)
    heads = ctx.param('Head') or []
    max_bytes = int(ctx.param('MaxBytes') or 1048576)
    lookback = int(ctx.param('LookbackBytes') if ctx.param('LookbackBytes') is not None else 262144)
    logs = []
    for i, name in enumerate(ctx.param('Name')):
        path = next((f'{folder}\\{name}' for folder in folders if ctx.host.path(f'{folder}\\{name}').exists()), None)
        if path is None:
            logs.append({'name': name, 'exists': False, 'folders': folders})
            continue
        local = ctx.host.path(path)
        size = local.stat().st_size
        head = _read(local, 0, 64)
        start = int(ctx.param('Position')[i])
        if start < 0:
            start = max(0, size - lookback)
        old_head = base64.b64decode(heads[i]) if i < len(heads) and heads[i] else b''
        common = min(len(old_head), len(head))
        rolled = size < start or old_head[:common] != head[:common]
        entry: dict[str, t.Any] = {'name': name, 'path': path, 'exists': True, 'size': size, 'rolled': rolled,
                                   'head': base64.b64encode(head).decode()}
        if rolled:
            previous = ctx.host.path(path[:-4] + '.lo_')
            if previous.exists():
                entry['lo_from'] = start
                entry['lo_data'] = base64.b64encode(_read(previous, start, max_bytes)).decode()
            start = 0
        entry['read_from'] = start
        entry['data'] = base64.b64encode(_read(local, start, max_bytes)).decode()
        logs.append(entry)
    return {'host_fqdn': ctx.host.name.lower(), 'logs': logs}
