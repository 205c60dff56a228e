"""One PowerShell runspace on a simulated host: what models see (``api.Session``) and the scopes.

The interpreter creates the scopes; the caller (the win_powershell stand-in) creates the Session
with the host, the process environment and the variables it defines before the script runs
(``$Ansible``), and reads the streams afterwards.
"""

from __future__ import annotations

import datetime
import typing as t

from labsim.context import LAB_EPOCH, tick

#: Windows PowerShell 5.1's drives on a server without extra volumes (Get-PSDrive)
DEFAULT_DRIVES = (
    ('Alias', 'Alias', ''), ('C', 'FileSystem', 'C:\\'), ('Cert', 'Certificate', '\\'),
    ('Env', 'Environment', ''), ('Function', 'Function', ''), ('HKCU', 'Registry', 'HKEY_CURRENT_USER'),
    ('HKLM', 'Registry', 'HKEY_LOCAL_MACHINE'), ('Variable', 'Variable', ''), ('WSMan', 'WSMan', ''),
)


def default_drives() -> dict[str, dict[str, t.Any]]:
    return {name.lower(): {'name': name, 'provider': provider, 'root': root} for name, provider, root in DEFAULT_DRIVES}


class Scope:
    """Variables (lower-case name -> value) and functions of one scope; reads fall back to the
    parent (PowerShell's dynamic scoping: a function's parent scope is its caller's)."""

    __slots__ = ('parent', 'variables', 'functions')

    def __init__(self, parent: 'Scope | None' = None):
        self.parent = parent
        self.variables: dict[str, t.Any] = {}
        self.functions: dict[str, t.Any] = {}

    def holder(self, lowered: str) -> 'Scope | None':
        """The nearest scope defining the variable."""
        scope: Scope | None = self
        while scope is not None:
            if lowered in scope.variables:
                return scope
            scope = scope.parent
        return None

    def function(self, lowered: str) -> t.Any:
        scope: Scope | None = self
        while scope is not None:
            if lowered in scope.functions:
                return scope.functions[lowered]
            scope = scope.parent
        return None


class Session:
    """``api.Session``: the host, modules, location, drives, -WhatIf, streams and the clock.

    ``env`` is the process environment (``$env:``), by default the host's ``data['env']``;
    ``variables`` are defined in the global scope before the script runs (``{'Ansible': ...}``);
    ``error_action_preference`` / ``confirm_preference`` are the initial ``$ErrorActionPreference``
    and ``$ConfirmPreference``; ``utc_offset`` is the host's offset from UTC (local time = UTC +
    offset; the lab's hosts run on UTC unless told otherwise). ``logon`` is how the session logged
    on ('network', 'become', 'credssp'), for models of the second hop. ``executed`` collects
    ``(script name, line)`` of every statement run, for a coverage report.
    """

    def __init__(self, host: t.Any = None, *, env: dict[str, str] | None = None,
                 variables: dict[str, t.Any] | None = None, location: str = 'C:\\Users\\ansible',
                 drives: dict[str, dict[str, t.Any]] | None = None, error_action_preference: str = 'Continue',
                 confirm_preference: str = 'High', utc_offset: datetime.timedelta = datetime.timedelta(0),
                 logon: str = 'network'):
        self.host = host
        self.logon = logon
        self.modules: set[str] = set()
        self.location_stack: list[str] = []
        self.location = location
        self.drives = drives if drives is not None else default_drives()
        self.whatif = False
        if env is None:
            env = dict((host.data.get('env') or {}) if host is not None else {})
        self.env: dict[str, str] = env
        self.variables: dict[str, t.Any] = dict(variables or {})
        self.error_action_preference = error_action_preference
        self.confirm_preference = confirm_preference
        self.utc_offset = utc_offset
        self.executed: set[tuple[str, int]] = set()
        self.warnings: list[str] = []
        self.host_output: list[str] = []
        #: set while a command runs with -WarningAction SilentlyContinue / Ignore
        self.warnings_silenced = False
        self._clock = 0.0

    # -- streams -------------------------------------------------------------------------------------
    def warn(self, text: str) -> None:
        if not self.warnings_silenced:
            self.warnings.append(text)

    def write_host(self, text: str) -> None:
        self.host_output.append(text)

    # -- the clock (the host's, labsim.context.tick) ------------------------------------------------------
    def tick(self, seconds: float = 1.0) -> datetime.datetime:
        """Advance and return the host's simulated local time."""
        if self.host is None:
            self._clock = round(self._clock + seconds, 3)
            return self.now()
        return tick(self.host.data, seconds)

    def now(self) -> datetime.datetime:
        seconds = self._clock if self.host is None else self.host.data.get('clock', 0)
        return LAB_EPOCH + datetime.timedelta(seconds=seconds)

    # -- the environment ($env:, case-insensitive as on Windows) -------------------------------------
    def env_get(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.env.items():
            if key.lower() == lowered:
                return value
        return None

    def env_set(self, name: str, value: str | None) -> None:
        for key in [key for key in self.env if key.lower() == name.lower()]:
            del self.env[key]
        if value not in (None, ''):
            self.env[name] = value
