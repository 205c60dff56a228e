"""Provider paths as PowerShell resolves them: drive-qualified (``C:\\x``, ``HKLM:\\SOFTWARE``),
provider-qualified (``Registry::HKEY_LOCAL_MACHINE\\SOFTWARE``) or relative to the current location,
with ``.`` and ``..`` resolved, and the joining rule of Join-Path (NavigationCmdletProvider.MakePath).

about_Providers / about_Locations:
https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_providers?view=powershell-5.1
"""

from __future__ import annotations

import dataclasses
import re
import typing as t

from labsim.windows import drives

_DRIVE = re.compile(r'^([A-Za-z0-9_]+):(.*)$', re.DOTALL)
_PROVIDER = re.compile(r'^(?:[\w.]+\\)?(\w+)::(.*)$', re.DOTALL)


class DriveMissing(Exception):
    """The path names a drive the session does not have."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


@dataclasses.dataclass(frozen=True)
class Location:
    """A resolved path: the drive, its provider and root, and the parts below the root."""

    drive: str
    provider: str
    root: str
    parts: tuple[str, ...] = ()

    def child(self, name: str) -> 'Location':
        return dataclasses.replace(self, parts=self.parts + (name,))

    @property
    def parent(self) -> 'Location':
        return dataclasses.replace(self, parts=self.parts[:-1])

    @property
    def name(self) -> str:
        return self.parts[-1] if self.parts else self.root

    @property
    def path(self) -> str:
        """The path as PowerShell shows it on the drive: 'C:\\a\\b', 'HKLM:\\SOFTWARE', 'Cert:\\LocalMachine'."""
        return f'{self.drive}:\\' + '\\'.join(self.parts)

    @property
    def provider_path(self) -> str:
        """The provider's own path: 'C:\\a\\b', 'HKEY_LOCAL_MACHINE\\SOFTWARE', '\\LocalMachine\\My'."""
        if not self.parts:
            return self.root
        return self.root.rstrip('\\') + '\\' + '\\'.join(self.parts)

    @property
    def ps_path(self) -> str:
        """The PSPath note property providers add: 'Microsoft.PowerShell.Core\\Registry::HKEY_...'."""
        module = 'WebAdministration' if self.provider == 'WebAdministration' else 'Microsoft.PowerShell.Core'
        return f'{module}\\{self.provider}::{self.provider_path}'


def split_parts(text: str) -> list[str]:
    return [part for part in text.replace('/', '\\').split('\\') if part != '']


def normalize(parts: t.Iterable[str]) -> tuple[str, ...]:
    """Resolve '.' and '..' as the providers do (never above the drive root)."""
    out: list[str] = []
    for part in parts:
        if part == '.':
            continue
        if part == '..':
            if out:
                out.pop()
            continue
        out.append(part)
    return tuple(out)


def resolve(session, path: str) -> Location:
    """Resolve ``path`` in ``session``; raises DriveMissing for an unknown drive."""
    provider_match = _PROVIDER.match(path)
    if provider_match:
        return _provider_qualified(session, provider_match.group(1), provider_match.group(2))
    drive_match = _DRIVE.match(path)
    if drive_match and '\\' not in drive_match.group(1):
        name, rest = drive_match.group(1), drive_match.group(2)
        drive = drives.find(session, name)
        if drive is None:
            raise DriveMissing(name)
        return _on_drive(drive, rest)
    # Relative: below the current location (a leading '\' means the current drive's root).
    current = resolve(session, session.location) if session.location else None
    if current is None:
        raise DriveMissing('')
    if path.startswith(('\\', '/')):
        return Location(current.drive, current.provider, current.root, normalize(split_parts(path)))
    return Location(current.drive, current.provider, current.root, normalize(current.parts + tuple(split_parts(path))))


def _on_drive(drive: dict[str, t.Any], rest: str) -> Location:
    return Location(drive['name'], drive['provider'], drive['root'], normalize(split_parts(rest)))


def _provider_qualified(session, provider: str, rest: str) -> Location:
    parts = split_parts(rest)
    if provider.lower() == 'registry' and parts:
        for name, hive in drives.HIVES.items():
            if parts[0].lower() in (hive.lower(), name):
                return Location(name.upper(), 'Registry', hive, normalize(parts[1:]))
    if provider.lower() == 'filesystem' and parts and parts[0].endswith(':'):
        drive = drives.find(session, parts[0][:-1])
        if drive is None:
            raise DriveMissing(parts[0][:-1])
        return _on_drive(drive, '\\'.join(parts[1:]))
    for drive in drives.all_drives(session).values():
        if drive['provider'].lower() == provider.lower():
            return Location(drive['name'], drive['provider'], drive['root'], normalize(parts))
    raise DriveMissing(provider)


def join(parent: str, child: str) -> str:
    """NavigationCmdletProvider.MakePath as Join-Path uses it: exactly one backslash between the
    parts, '/' turned into '\\', nothing resolved ('..' and wildcards stay as written)."""
    parent = parent.replace('/', '\\')
    child = child.replace('/', '\\')
    if not child:
        return parent
    if not parent:
        return child
    if parent.endswith('\\') and child.startswith('\\'):
        return parent + child[1:]
    if parent.endswith('\\') or child.startswith('\\'):
        return parent + child
    return parent + '\\' + child
