"""The Registry provider (HKLM:, HKCU:) over ``host.data['registry']`` (keys such as
'HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup'), and Microsoft.Win32.RegistryKey.

Keys every Windows Server has exist even when the state holds no value under them (``BASELINE``);
the machine WinHTTP proxy (``netsh winhttp set proxy``) is the host config ``winhttp_proxy``.
Registry provider: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_registry_provider?view=powershell-5.1
RegistryKey: https://learn.microsoft.com/dotnet/api/microsoft.win32.registrykey
"""

from __future__ import annotations

import struct
import typing as t

from labsim.powershell import api
from labsim.windows import provider
from labsim.windows.paths import Location

CONNECTIONS = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections'
#: keys present on every Windows Server 2022 (their parents exist too)
BASELINE = (
    CONNECTIONS,
    'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
    'HKLM\\SYSTEM\\CurrentControlSet\\Services',
    'HKCU\\Software\\Microsoft',
)


def winhttp_settings(proxy: str | None) -> bytes | None:
    """The WinHttpSettings value "netsh winhttp set proxy <server>" writes (layout unverified: the
    WINHTTP_PROXY_INFO blob as public reports show it); None when no proxy was set."""
    if not proxy:
        return None
    server, bypass = proxy.encode('ascii'), b'<local>'
    data = struct.pack('<III', 0x28, 1, 3) + struct.pack('<I', len(server)) + server
    return data + struct.pack('<I', len(bypass)) + bypass


def state_key(loc: Location) -> str:
    return '\\'.join((loc.drive.upper(),) + loc.parts)


def _keys(host) -> dict[str, dict[str, t.Any]]:
    return host.data.setdefault('registry', {})


def key_exists(host, key: str) -> bool:
    lowered = key.lower()
    if '\\' not in lowered:
        return lowered in ('hklm', 'hkcu')
    candidates = list(_keys(host)) + list(BASELINE)
    return any(c.lower() == lowered or c.lower().startswith(lowered + '\\') for c in candidates)


def values(host, key: str) -> dict[str, t.Any]:
    """The key's values: the state's, over the baseline ones."""
    found: dict[str, t.Any] = {}
    if key.lower() == CONNECTIONS.lower():
        blob = winhttp_settings(host.config.get('winhttp_proxy'))
        if blob is not None:
            found['WinHttpSettings'] = blob
    found.update(host.reg_key(key) or {})
    return {name: to_ps(value) for name, value in found.items()}


def to_ps(value: t.Any) -> t.Any:
    """REG_BINARY -> byte[]; REG_MULTI_SZ -> string[]; DWORD/QWORD -> int; REG_SZ -> string."""
    if isinstance(value, (bytes, bytearray)):
        return api.PSArray(list(value), element_type='System.Byte')
    if isinstance(value, list):
        return list(value)
    return value


def subkeys(host, key: str) -> list[str]:
    prefix = key.lower() + '\\'
    names: dict[str, str] = {}
    for candidate in list(_keys(host)) + list(BASELINE):
        if candidate.lower().startswith(prefix):
            child = candidate[len(prefix):].split('\\', 1)[0]
            names.setdefault(child.lower(), child)
    return sorted(names.values(), key=str.lower)


class RegistryKey(api.DotNetObject):
    """Microsoft.Win32.RegistryKey as the provider returns it (with its Property note property).
    Reads are live, as .NET reads the key when GetValue is called."""

    TYPE_NAME = 'Microsoft.Win32.RegistryKey'
    PROPERTIES = ('Name', 'SubKeyCount', 'ValueCount', 'Property', 'PSPath', 'PSChildName')

    def __init__(self, host, key: str, loc: Location):
        names = list(values(host, key))
        super().__init__(Name=loc.provider_path, SubKeyCount=len(subkeys(host, key)), ValueCount=len(names),
                         Property=names, PSPath=loc.ps_path, PSChildName=loc.name)
        self._host = host
        self._key = key

    @api.ps_method('GetValue')
    def get_value(self, name: str, default: t.Any = None) -> t.Any:
        """RegistryKey.GetValue(name[, default]): the value, or the default ($null) when missing."""
        current = values(self._host, self._key)
        for value_name, value in current.items():
            if value_name.lower() == (name or '').lower():
                return value
        return default

    @api.ps_method('GetValueNames')
    def get_value_names(self) -> list[str]:
        return list(values(self._host, self._key))

    @api.ps_method('GetSubKeyNames')
    def get_subkey_names(self) -> list[str]:
        return subkeys(self._host, self._key)

    def ps_to_string(self) -> str:
        return self.props['Name']


@provider.register('Registry')
class RegistryProvider(provider.Provider):
    name = 'Registry'

    def exists(self, session, loc):
        return key_exists(session.host, state_key(loc))

    def is_container(self, session, loc):
        return self.exists(session, loc)

    def child_names(self, session, loc):
        return subkeys(session.host, state_key(loc))

    def item(self, session, loc):
        return RegistryKey(session.host, state_key(loc), loc)

    def properties(self, session, loc):
        return values(session.host, state_key(loc))

    def set_property(self, session, loc, name, value):
        key = state_key(loc)
        existing = next((n for n in values(session.host, key) if n.lower() == name.lower()), name)
        session.host.reg_set(key, existing, list(value) if isinstance(value, api.PSArray) else value)
