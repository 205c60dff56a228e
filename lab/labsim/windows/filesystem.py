"""The FileSystem provider over the simulated host's files (``host.path()``), with the objects it
returns: System.IO.FileInfo / DirectoryInfo and System.Diagnostics.FileVersionInfo.

Windows file names compare case-insensitively; the lab's files live on a case-sensitive disk, so
each path is matched part by part against what exists.
FileSystem provider: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_filesystem_provider?view=powershell-5.1
FileInfo: https://learn.microsoft.com/dotnet/api/system.io.fileinfo
FileVersionInfo: https://learn.microsoft.com/dotnet/api/system.diagnostics.fileversioninfo
"""

from __future__ import annotations

import pathlib

from labsim.powershell import api
from labsim.windows import provider
from labsim.windows.paths import Location

#: binaries the lab writes start with this text and end with their version ("... WsusUtil.exe 10.0.20348.1")
STAND_IN = b'lab stand-in for '


def local_path(host, windows_path: str) -> pathlib.Path:
    """Where ``windows_path`` is on this machine, matching each part case-insensitively."""
    exact = host.path(windows_path)
    if exact.exists():
        return exact
    drive, _, rest = windows_path.partition(':')
    current = host.path(drive + ':\\')
    for part in [p for p in rest.replace('/', '\\').split('\\') if p]:
        candidate = current / part
        if not candidate.exists() and current.is_dir():
            candidate = next((c for c in current.iterdir() if c.name.lower() == part.lower()), candidate)
        current = candidate
    return current


class FileVersionInfo(api.DotNetObject):
    """System.Diagnostics.FileVersionInfo: version resources of a binary; $null fields otherwise."""

    TYPE_NAME = 'System.Diagnostics.FileVersionInfo'
    PROPERTIES = ('FileName', 'FileVersion', 'ProductVersion')


class FileSystemInfo(api.DotNetObject):
    def ps_to_string(self) -> str:
        # FileInfo.ToString() is the path it was created with (.NET Framework 4.x).
        return self.props['FullName']


class FileInfo(FileSystemInfo):
    """System.IO.FileInfo with the provider's PSPath / PSIsContainer note properties."""

    TYPE_NAME = 'System.IO.FileInfo'
    PROPERTIES = ('Name', 'FullName', 'Length', 'DirectoryName', 'Extension', 'Exists', 'VersionInfo',
                  'PSPath', 'PSIsContainer')


class DirectoryInfo(FileSystemInfo):
    """System.IO.DirectoryInfo with the provider's PSPath / PSIsContainer note properties."""

    TYPE_NAME = 'System.IO.DirectoryInfo'
    PROPERTIES = ('Name', 'FullName', 'Parent', 'Exists', 'PSPath', 'PSIsContainer')


def version_info(local: pathlib.Path, full_name: str) -> FileVersionInfo:
    version = None
    with open(local, 'rb') as handle:
        head = handle.read(256)
    if head.startswith(STAND_IN):
        version = head.decode('utf-8', 'replace').split()[-1]
    return FileVersionInfo(FileName=full_name, FileVersion=version, ProductVersion=version)


def make_item(host, loc: Location) -> FileInfo | DirectoryInfo:
    local = local_path(host, loc.provider_path)
    full = loc.provider_path
    name = loc.parts[-1] if loc.parts else full
    if local.is_dir():
        parent = loc.parent.provider_path if loc.parts else None
        return DirectoryInfo(Name=name, FullName=full, Parent=parent, Exists=True, PSPath=loc.ps_path,
                             PSIsContainer=True)
    extension = '.' + name.rsplit('.', 1)[-1] if '.' in name else ''
    return FileInfo(Name=name, FullName=full, Length=local.stat().st_size, DirectoryName=loc.parent.provider_path,
                    Extension=extension, Exists=True, VersionInfo=version_info(local, full), PSPath=loc.ps_path,
                    PSIsContainer=False)


@provider.register('FileSystem')
class FileSystemProvider(provider.Provider):
    name = 'FileSystem'

    def exists(self, session, loc):
        return local_path(session.host, loc.provider_path).exists()

    def is_container(self, session, loc):
        return local_path(session.host, loc.provider_path).is_dir()

    def child_names(self, session, loc):
        local = local_path(session.host, loc.provider_path)
        return sorted((child.name for child in local.iterdir()), key=str.lower) if local.is_dir() else []

    def item(self, session, loc):
        return make_item(session.host, loc)

    def read_bytes(self, session, loc):
        return local_path(session.host, loc.provider_path).read_bytes()
