"""Fixtures for the Windows models: a fresh lab host and a session, and ``call`` to run one model
through api.Invocation as the interpreter would (parameters already bound)."""

from __future__ import annotations

import datetime
import typing as t

import pytest

import labsim.windows  # noqa: F401  (registers the models)
from labsim import profiles
from labsim.context import LAB_EPOCH
from labsim.hoststate import HostState
from labsim.powershell import api


class Session:
    """The part of the interpreter's session the models use."""

    def __init__(self, host: HostState, logon: str = 'network'):
        self.host = host
        self.modules: set[str] = set()
        self.location_stack: list[str] = []
        self.location = 'C:\\Users\\ansible'
        self.drives: dict[str, dict[str, t.Any]] = {}
        self.whatif = False
        self.logon = logon
        self.host_lines: list[str] = []

    def warn(self, text: str) -> None:
        self.host_lines.append('WARNING: ' + text)

    def write_host(self, text: str) -> None:
        self.host_lines.append(text)

    def tick(self, seconds: float = 1.0) -> datetime.datetime:
        self.host.data['clock'] = round(self.host.data.get('clock', 0) + seconds, 3)
        return self.now()

    def now(self) -> datetime.datetime:
        return LAB_EPOCH + datetime.timedelta(seconds=self.host.data.get('clock', 0))


def make_host(tmp_path, name: str = 'sup01.contoso.com', **config: t.Any) -> HostState:
    host = HostState(name, profiles.fresh(name, config), tmp_path / 'fs' / name, config)
    (tmp_path / 'fs' / name / 'C').mkdir(parents=True, exist_ok=True)
    profiles.seed_files(host)
    return host


@pytest.fixture
def host(tmp_path):
    return make_host(tmp_path)


@pytest.fixture
def session(host):
    return Session(host)


def call(session: Session, name: str, input: list[t.Any] | None = None, **params: t.Any) -> tuple[list[t.Any], api.Invocation]:
    """Run command model ``name``; returns (output objects as a list, the invocation with its errors)."""
    inv = api.Invocation(name, params, list(input or []), session)
    result = api.COMMANDS[name.lower()].function(inv)
    if result is None:
        out = []
    elif isinstance(result, list):
        out = result
    else:
        out = [result]
    return out, inv
