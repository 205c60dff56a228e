"""Per-host state of the simulated Windows hosts: one JSON file per host, a file tree, a lock.

A host is created from its profile the first time it is touched, so `lab/reset` only has to
delete the state directory. Windows paths map to `<state>/fs/<host>/<drive>/...`.

Time: each host has a simulated clock (seconds since LAB_EPOCH). Operations tick it, and it also
runs with real time, LAB_TIME_SCALE (default 20) simulated seconds per real second, so that work a
host does in the background (Site Component Manager installing a role, WCM applying settings)
shows up in its logs while a verifier waits. Such work is scheduled with ``HostState.later``: the
text is appended to the file once the target host's clock passes the due time. Work that must look at
the state when it runs (Site Component Manager retrying an installation, a WCM cycle) is scheduled with
``HostState.call_later``: a pending entry names a function (``labsim.<module>:<function>``) and its
JSON arguments, and the function runs on the target host when it comes due, with that host's clock set
to the due time (``HostState.now``), so the lines it writes carry the time the component acted.

Pending entries (``$LAB_STATE_DIR/pending/<host>.json``, a JSON list sorted by ``due``):
``{"due", "path", "text", "key"?}`` appends text; ``{"due", "call", "args", "config", "key"?}`` runs a
function. ``config`` is the scheduling host's ``lab_host_config``, used when the delivering call has
none (a test's bare ``Store.host(name, {})``), so a fault such as ``proxy_auth_required`` still applies.
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import fcntl
import importlib
import json
import os
import pathlib
import re
import time
import typing as t

from labsim import profiles


class HostState:
    """The model of one Windows host. ``data`` is plain JSON; files live under ``root``."""

    def __init__(self, name: str, data: dict[str, t.Any], root: pathlib.Path, config: dict[str, t.Any],
                 store: 'Store | None' = None):
        self.name = name
        self.data = data
        self.root = root
        self.config = config
        self.store = store
        self._now: float | None = None

    # -- time --------------------------------------------------------------------------------
    def now(self) -> float:
        """This host's clock as the work being done sees it: the clock, or while background work
        runs (``at_time``) the moment that work was due."""
        return self.data.get('clock', 0) if self._now is None else self._now

    @contextlib.contextmanager
    def at_time(self, seconds: float) -> t.Iterator['HostState']:
        """Run background work due at ``seconds`` as of that moment (the clock itself stays ahead)."""
        previous, self._now = self._now, seconds
        try:
            yield self
        finally:
            self._now = previous

    # -- background work ---------------------------------------------------------------------
    def _due(self, delay: float, target: str) -> float:
        start = self.now() if target == self.name else self.store.peek_clock(target)
        return round(start + delay, 3)

    def later(self, delay: float, windows_path: str, text: str, host: str | None = None,
              key: str | None = None) -> float:
        """Append ``text`` to a file of ``host`` (default this one) ``delay`` simulated seconds from now
        on that host's clock; returns the due time (that host's clock seconds). With ``key``, work
        of the same key still pending on that host is replaced: a component's next cycle reports the
        state it finds then, once, however many changes came before it."""
        target = host or self.name
        due = self._due(delay, target)
        self.store.schedule(target, due, windows_path, text, key=key)
        return due

    def call_later(self, delay: float, function: str, args: dict[str, t.Any] | None = None,
                   host: str | None = None, key: str | None = None) -> float:
        """Run ``function`` (``'labsim.configmgr.setup_chain:retry'``: module and name) on ``host``
        (default this one) ``delay`` simulated seconds from now, as ``function(host_state, **args)``:
        a re-evaluation of the state it finds then, not text decided now. ``args`` must be JSON (the
        entry is saved in pending/); ``key`` replaces pending work of the same key, as for ``later``."""
        target = host or self.name
        module, _, name = function.partition(':')
        if not module.startswith('labsim.') or not name:
            raise ValueError(f'call_later needs "labsim.<module>:<function>", got {function!r}')
        entry = {'call': function, 'args': dict(args or {}), 'config': self.config}
        json.dumps(entry)  # fails now, not when the work comes due, if an argument is not JSON
        due = self._due(delay, target)
        self.store.schedule_entry(target, dict(entry, due=due), key=key)
        return due

    # -- configuration from the inventory (lab_host_config) ------------------------------------
    def fault(self, name: str) -> t.Any:
        return (self.config.get('faults') or {}).get(name)

    # -- registry: {key path (case-insensitive): {value name: value}} ----------------------------
    def _key_name(self, path: str) -> str:
        registry = self.data.setdefault('registry', {})
        for existing in registry:
            if existing.lower() == path.lower():
                return existing
        return path

    def reg_key(self, path: str) -> dict[str, t.Any] | None:
        return self.data.setdefault('registry', {}).get(self._key_name(path))

    def reg_set(self, path: str, name: str, value: t.Any) -> None:
        self.data.setdefault('registry', {}).setdefault(self._key_name(path), {})[name] = value

    def reg_delete_value(self, path: str, name: str) -> None:
        key = self.reg_key(path)
        if key is not None:
            key.pop(name, None)

    # -- file system -------------------------------------------------------------------------
    def path(self, windows_path: str) -> pathlib.Path:
        """Where the simulated host keeps ``C:\\dir\\file`` on this machine."""
        drive, _, rest = windows_path.partition(':')
        parts = [p for p in rest.replace('/', '\\').split('\\') if p]
        return self.root.joinpath(drive.upper(), *parts)

    def log_limit(self, windows_path: str) -> int | None:
        """Size at which a ConfigMgr log rolls over to .lo_ (lab_host_config ``log_max_bytes``: one
        number for every log, or per log name); None = never, the lab's default."""
        limit = self.config.get('log_max_bytes')
        if isinstance(limit, dict):
            limit = limit.get(windows_path.rsplit('\\', 1)[-1])
        return int(limit) if limit else None

    def log_max_history(self, windows_path: str) -> int:
        """How many history files a ConfigMgr log keeps (lab_host_config ``log_max_history``: one number
        for every log, or per log name); 1, the default, is the single X.lo_."""
        history = self.config.get('log_max_history')
        if isinstance(history, dict):
            history = history.get(windows_path.rsplit('\\', 1)[-1])
        return max(1, int(history)) if history else 1

    def write_text(self, windows_path: str, text: str, append: bool = False) -> None:
        target = self.path(windows_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        limit = self.log_limit(windows_path) if append and windows_path.lower().endswith('.log') else None
        if limit and target.exists() and target.stat().st_size + len(text.encode('utf-8')) > limit:
            history = self.log_max_history(windows_path)
            if history > 1:
                self._roll_to_history(target, history)
            else:
                # A full X.log becomes X.lo_ (replacing the previous one) and a new X.log starts.
                os.replace(target, target.with_suffix('.lo_'))
        with open(target, 'a' if append else 'w', encoding='utf-8', newline='') as handle:
            handle.write(text)

    def _roll_to_history(self, target: pathlib.Path, keep: int) -> None:
        """LogMaxHistory above 1: the full X.log is kept as X-<yyyyMMdd>-<HHmmss>.log (the host's local
        time of the rollover) and the oldest history files beyond ``keep`` are deleted. Microsoft "Log
        files": components "establish a log file history by appending a date and time stamp to the log
        file name and by keeping the .log extension"; SMS_Client LogMaxHistory: "The number of
        incremented log files to accumulate before deleting". The exact stamp format and whether it is
        the time of the rollover are unverified."""
        from labsim.context import LAB_EPOCH  # context imports this module
        when = LAB_EPOCH + datetime.timedelta(seconds=int(self.data.get('clock', 0)))
        while True:
            history = target.with_name(f'{target.stem}-{when:%Y%m%d-%H%M%S}.log')
            if not history.exists():
                break
            when += datetime.timedelta(seconds=1)  # two rollovers in one second: keep both
        os.replace(target, history)
        pattern = re.compile(re.escape(target.stem) + r'-\d{8}-\d{6}\.log', re.IGNORECASE)
        kept = sorted(p for p in target.parent.iterdir() if pattern.fullmatch(p.name))
        for old in kept[:-keep]:
            old.unlink()

    def read_lines(self, windows_path: str) -> list[str]:
        target = self.path(windows_path)
        if not target.exists():
            return []
        return target.read_text(encoding='utf-8').splitlines()


class Store:
    """All lab hosts under one LAB_STATE_DIR."""

    def __init__(self, state_dir: str | os.PathLike):
        self.dir = pathlib.Path(state_dir)

    def state_file(self, host: str) -> pathlib.Path:
        return self.dir / 'hosts' / f'{host}.json'

    @contextlib.contextmanager
    def host(self, name: str, config: dict[str, t.Any]) -> t.Iterator[HostState]:
        """Lock, load (or create from the profile), yield, and save the host's state."""
        path = self.state_file(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix('.lock'), 'w', encoding='utf-8') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                data = json.loads(path.read_text(encoding='utf-8'))
            else:
                data = profiles.fresh(name, config)
            host = HostState(name, data, self.dir / 'fs' / name, config, store=self)
            if not path.exists():
                profiles.seed_files(host)
            original = copy.deepcopy(data)
            self._advance(data)
            self._deliver(host)
            try:
                yield host
            finally:
                # Saved even when the operation failed half-way, as a real host keeps what was done.
                self._deliver(host)
                data['wall'] = time.time()
                if host.data != original or not path.exists():
                    temp = path.with_suffix('.tmp')
                    temp.write_text(json.dumps(host.data, indent=1, sort_keys=True), encoding='utf-8')
                    os.replace(temp, path)

    # -- simulated time and background work ----------------------------------------------------
    @staticmethod
    def time_scale() -> float:
        return float(os.environ.get('LAB_TIME_SCALE', '20'))

    def _advance(self, data: dict[str, t.Any]) -> None:
        """Let the host's clock run with real time since it was last saved."""
        if 'wall' in data:
            elapsed = max(0.0, time.time() - data['wall'])
            data['clock'] = round(data.get('clock', 0) + elapsed * self.time_scale(), 3)

    def peek(self, host: str) -> dict[str, t.Any] | None:
        """Another host's state as last saved, read without its lock (for background work that
        depends on it, such as SUP setup checking WSUS); None when the host was never touched."""
        path = self.state_file(host)
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding='utf-8'))
        self._advance(data)
        return data

    def peek_clock(self, host: str) -> float:
        """Another host's current clock (it only moves forward)."""
        return (self.peek(host) or {}).get('clock', 0.0)

    def _pending(self, host: str) -> pathlib.Path:
        return self.dir / 'pending' / f'{host}.json'

    @contextlib.contextmanager
    def _pending_locked(self, host: str) -> t.Iterator[list[dict[str, t.Any]]]:
        path = self._pending(host)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_suffix('.lock'), 'w', encoding='utf-8') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            entries = json.loads(path.read_text(encoding='utf-8')) if path.exists() else []
            before = list(entries)
            yield entries
            if entries != before:
                path.write_text(json.dumps(entries), encoding='utf-8')

    def schedule(self, host: str, due: float, windows_path: str, text: str, key: str | None = None) -> None:
        self.schedule_entry(host, {'due': due, 'path': windows_path, 'text': text}, key=key)

    def schedule_entry(self, host: str, entry: dict[str, t.Any], key: str | None = None) -> None:
        """Add one pending entry (text or call, see the module docstring) for ``host``."""
        with self._pending_locked(host) as entries:
            if key is not None:
                entries[:] = [pending for pending in entries if pending.get('key') != key]
            entries.append(dict(entry, **({'key': key} if key else {})))
            entries.sort(key=lambda pending: pending['due'])

    def cancel(self, host: str, key: str) -> None:
        """Drop the pending work of ``key`` on ``host`` (a retry of a role that was removed)."""
        if self._pending(host).exists():
            with self._pending_locked(host) as entries:
                entries[:] = [pending for pending in entries if pending.get('key') != key]

    def pending(self, host: str) -> list[dict[str, t.Any]]:
        """The background work still pending on ``host`` (read-only, for tests and tools)."""
        path = self._pending(host)
        return json.loads(path.read_text(encoding='utf-8')) if path.exists() else []

    def _next_due(self, host: str, clock: float) -> dict[str, t.Any] | None:
        with self._pending_locked(host) as entries:
            if not entries or entries[0]['due'] > clock:
                return None
            return entries.pop(0)

    def _deliver(self, host: HostState) -> None:
        """Do the scheduled work whose time has come on this host, oldest first, one entry at a time:
        a call may schedule more work (already due, when the clock jumped far ahead), which then runs
        in its turn. The pending file's lock is not held while an entry runs."""
        if not self._pending(host.name).exists():
            return
        clock = host.data.get('clock', 0)
        while (entry := self._next_due(host.name, clock)) is not None:
            if 'call' in entry:
                self._run_call(host, entry)
            else:
                host.write_text(entry['path'], entry['text'], append=True)

    @staticmethod
    def _run_call(host: HostState, entry: dict[str, t.Any]) -> None:
        module, _, name = entry['call'].partition(':')
        function = getattr(importlib.import_module(module), name)
        config, host.config = host.config, host.config or entry.get('config') or {}
        try:
            with host.at_time(entry['due']):
                function(host, **entry.get('args', {}))
        finally:
            host.config = config

    def record(self, entry: dict[str, t.Any]) -> None:
        """Append one call to calls.jsonl (one write per line, so concurrent hosts do not mix)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        line = json.dumps(entry, sort_keys=True) + '\n'
        fd = os.open(self.dir / 'calls.jsonl', os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode('utf-8'))
        finally:
            os.close(fd)
