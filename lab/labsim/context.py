"""What a lab operation works with: the host, bound parameters, -WhatIf, a clock, errors."""

from __future__ import annotations

import datetime
import typing as t

from labsim.hoststate import HostState

#: simulated local time of every lab host starts here (seconds advance per operation)
LAB_EPOCH = datetime.datetime(2026, 11, 21, 9, 0, 0)


class ScriptError(Exception):
    """A terminating error raised by the simulated script (Windows' message and error id)."""

    def __init__(self, message: str, error_id: str = 'RuntimeException', category: str = 'NotSpecified',
                 exception_type: str = 'System.Management.Automation.RuntimeException'):
        super().__init__(message)
        self.error_id = error_id
        self.category = category
        self.exception_type = exception_type


class Secret:
    """A SecureString / PSCredential value: opaque to printing, comparable by the model."""

    def __init__(self, value: str | None = None, username: str | None = None):
        self._value = value
        self.username = username

    def reveal(self) -> str | None:
        return self._value

    def __repr__(self) -> str:
        return '<Secret>' if self.username is None else f'<Credential {self.username}>'


class OpContext:
    """What a lab operation gets: the host model, the bound parameters, -WhatIf and a clock."""

    def __init__(self, host: HostState, params: dict[str, t.Any], whatif: bool):
        self.host = host
        self.params = params
        self.whatif = whatif
        self.warnings: list[str] = []

    def param(self, name: str, default: t.Any = None) -> t.Any:
        for key, value in self.params.items():
            if key.lower() == name.lower():
                return value
        return default

    def tick(self, seconds: float = 1.0) -> datetime.datetime:
        """Advance and return the host's simulated local time."""
        self.host.data['clock'] = round(self.host.data.get('clock', 0) + seconds, 3)
        return self.now()

    def now(self) -> datetime.datetime:
        return LAB_EPOCH + datetime.timedelta(seconds=self.host.data.get('clock', 0))
