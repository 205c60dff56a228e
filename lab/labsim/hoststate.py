"""Per-host state of the simulated Windows hosts: one JSON file per host, a file tree, a lock.

A host is created from its profile the first time it is touched, so `lab/reset` only has to
delete the state directory. Windows paths map to `<state>/fs/<host>/<drive>/...`.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import os
import pathlib
import typing as t

from labsim import profiles


class HostState:
    """The model of one Windows host. ``data`` is plain JSON; files live under ``root``."""

    def __init__(self, name: str, data: dict[str, t.Any], root: pathlib.Path, config: dict[str, t.Any]):
        self.name = name
        self.data = data
        self.root = root
        self.config = config

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

    def write_text(self, windows_path: str, text: str, append: bool = False) -> None:
        target = self.path(windows_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, 'a' if append else 'w', encoding='utf-8', newline='') as handle:
            handle.write(text)

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
            host = HostState(name, data, self.dir / 'fs' / name, config)
            if not path.exists():
                profiles.seed_files(host)
            original = copy.deepcopy(data)
            try:
                yield host
            finally:
                # Saved even when the operation failed half-way, as a real host keeps what was done.
                if host.data != original or not path.exists():
                    temp = path.with_suffix('.tmp')
                    temp.write_text(json.dumps(host.data, indent=1, sort_keys=True), encoding='utf-8')
                    os.replace(temp, path)

    def record(self, entry: dict[str, t.Any]) -> None:
        """Append one call to calls.jsonl (one write per line, so concurrent hosts do not mix)."""
        self.dir.mkdir(parents=True, exist_ok=True)
        line = json.dumps(entry, sort_keys=True) + '\n'
        fd = os.open(self.dir / 'calls.jsonl', os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode('utf-8'))
        finally:
            os.close(fd)
