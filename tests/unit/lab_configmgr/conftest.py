"""A site server in a temporary lab and a minimal PowerShell session, so the ConfigMgr models can be
called the way the interpreter calls them: an ``api.Invocation`` per command."""

from __future__ import annotations

import datetime
import typing as t

import pytest

import labsim.configmgr  # noqa: F401  (registers the models)
from labsim.context import LAB_EPOCH, Secret
from labsim.hoststate import HostState, Store
from labsim.powershell import api

CM, SUP = 'cm01.contoso.com', 'sup01.contoso.com'
LOGS = 'C:\\Program Files\\Microsoft Configuration Manager\\Logs\\'
SITE = {'profile': 'site_server', 'site_code': 'PR1'}


class Session:
    """What the interpreter's session offers a model (api.Session), without the interpreter."""

    def __init__(self, host, logon: str = 'network', whatif: bool = False):
        self.host = host
        self.modules: set[str] = set()
        self.location = 'C:\\Users\\ansible'
        self.location_stack: list[str] = []
        self.drives: dict[str, dict[str, t.Any]] = {}
        self.whatif = whatif
        self.logon = logon
        self.warnings: list[str] = []

    def warn(self, text: str) -> None:
        self.warnings.append(text)

    def write_host(self, text: str) -> None:
        pass

    def tick(self, seconds: float = 1.0) -> datetime.datetime:
        self.host.data['clock'] = round(self.host.data.get('clock', 0) + seconds, 3)
        return self.now()

    def now(self) -> datetime.datetime:
        return LAB_EPOCH + datetime.timedelta(seconds=self.host.data.get('clock', 0))


def call(session: Session, name: str, **params: t.Any) -> t.Any:
    """Run one command model as the interpreter would after binding ``params``."""
    return api.COMMANDS[name.lower()].function(api.Invocation(name, params, [], session))


def import_module(session: Session, path: str | None = None) -> None:
    """What Import-Module does with a registered module loader."""
    api.MODULES['configurationmanager'](api.Invocation('Import-Module', {'Name': path}, [], session), path)
    session.modules.add('configurationmanager')


def new_drive(session: Session, name: str, root: str) -> None:
    """New-PSDrive -PSProvider CMSite, then the drive exists in the session."""
    invocation = api.Invocation('New-PSDrive', {'Name': name, 'PSProvider': 'CMSite', 'Root': root}, [], session)
    session.drives[name.lower()] = api.PROVIDERS['cmsite'](invocation, name, root)


def connect(session: Session, site_code: str = 'PR1') -> Session:
    """_configmgr_connect.ps1: import the module, create the site drive on this host, enter it."""
    ui_path = session.host.data['env']['SMS_ADMIN_UI_PATH']
    import_module(session, ui_path + '\\..\\ConfigurationManager.psd1')
    new_drive(session, site_code, session.host.name.split('.')[0].upper())
    session.location = f'{site_code}:\\'
    return session


def secret(value: str) -> Secret:
    return Secret(value)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv('LAB_TIME_SCALE', '0')
    return Store(tmp_path)


@pytest.fixture
def site(store):
    """A connected session on a fresh site server with SUP host sup01 known to the lab."""
    with store.host(SUP, {}):
        pass
    with store.host(CM, dict(SITE)) as host:
        yield connect(Session(host))


def later(store, host_name: str, config: dict[str, t.Any], seconds: float) -> None:
    """Let ``seconds`` of simulated time pass on a host, delivering its background work."""
    with store.host(host_name, config) as host:
        host.data['clock'] = host.data.get('clock', 0) + seconds


def read(store, host_name: str, windows_path: str) -> str:
    """A file of a lab host as it is now (without opening the host, so nothing is delivered)."""
    file = HostState(host_name, {}, store.dir / 'fs' / host_name, {}).path(windows_path)
    return file.read_text(encoding='utf-8') if file.exists() else ''
