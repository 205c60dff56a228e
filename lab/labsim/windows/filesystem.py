"""The FileSystem provider over the simulated host's files (``host.path()``), with the objects it
returns: System.IO.FileInfo / DirectoryInfo and System.Diagnostics.FileVersionInfo.

Windows file names compare case-insensitively; the lab's files live on a case-sensitive disk, so
each path is matched part by part against what exists.
FileSystem provider: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_filesystem_provider?view=powershell-5.1
FileInfo: https://learn.microsoft.com/dotnet/api/system.io.fileinfo
FileSystemInfo.LastWriteTime: https://learn.microsoft.com/dotnet/api/system.io.filesysteminfo.lastwritetime
FileVersionInfo: https://learn.microsoft.com/dotnet/api/system.diagnostics.fileversioninfo

LastWriteTime: the lab's files are real files with real modification times, written as the host's
simulated clock runs. A file's LastWriteTime is its real age measured back from the host's clock, anchored
once per session (the host's time and the real time when the session first reads one), so the order of
files is the order they were last written (what Get-PreviousLog in sup_log_verify_get.ps1 compares), one
file keeps one time within a session, and the times sit on the host's timeline. Not exact: a file written
long ago in a time-scaled lab (LAB_TIME_SCALE) is nearer the host's present than its clock would put it.

-Filter (Get-ChildItem): the FileSystem provider passes the filter to the Win32 file enumeration, which
knows only ``*`` and ``?`` (Get-ChildItem -Filter, PowerShell 5.1 documentation). ``filter_matches``
models it: case-insensitive; ``*`` any run; ``?`` one character, or none at a ``.`` or the end of the name
(Win32 DOS_QM); a trailing ``.*`` also matches a name without an extension (``*.*`` is everything); an
extension of exactly three characters also matches longer extensions that start with it ("*.xls" finds
book.xlsx, Directory.GetFiles remarks: https://learn.microsoft.com/dotnet/api/system.io.directory.getfiles).
Matching against 8.3 short names beyond that rule is not modelled; the DOS_QM and ``.*`` rules are unverified.
"""

from __future__ import annotations

import datetime
import functools
import pathlib
import re
import time

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
    PROPERTIES = ('Name', 'FullName', 'Length', 'DirectoryName', 'Extension', 'Exists', 'LastWriteTime',
                  'VersionInfo', 'PSPath', 'PSIsContainer')


class DirectoryInfo(FileSystemInfo):
    """System.IO.DirectoryInfo with the provider's PSPath / PSIsContainer note properties."""

    TYPE_NAME = 'System.IO.DirectoryInfo'
    PROPERTIES = ('Name', 'FullName', 'Parent', 'Exists', 'LastWriteTime', 'PSPath', 'PSIsContainer')


def last_write_time(session, local: pathlib.Path) -> datetime.datetime:
    """FileSystemInfo.LastWriteTime (local time) of a lab file on the host's clock (module docstring);
    without a session, the real modification time."""
    mtime = local.stat().st_mtime
    if session is None:
        return datetime.datetime.fromtimestamp(mtime)
    anchor = getattr(session, 'lab_file_time_anchor', None)
    if anchor is None:
        anchor = (time.time(), session.now())
        session.lab_file_time_anchor = anchor
    real_then, host_then = anchor
    return host_then - datetime.timedelta(seconds=real_then - mtime)


@functools.lru_cache(maxsize=256)
def _filter_regex(pattern: str) -> re.Pattern[str]:
    stem, extension = pattern, None
    optional_extension = pattern.endswith('.*') and len(pattern) > 2
    if optional_extension:
        stem = pattern[:-2]
    elif '.' in pattern:
        head, _, tail = pattern.rpartition('.')
        if len(tail) == 3 and '*' not in tail and '?' not in tail and '*' in head:
            stem, extension = head, tail

    def translate(text: str) -> str:
        out = []
        for char in text:
            if char == '*':
                out.append('.*')
            elif char == '?':
                out.append(r'(?:[^.]|(?=\.)|\Z)')
            else:
                out.append(re.escape(char))
        return ''.join(out)

    regex = translate(stem)
    if optional_extension:
        regex += r'(?:\..*)?'
    elif extension is not None:
        regex += r'\.' + re.escape(extension) + r'[^.]*'
    return re.compile(regex + r'\Z', re.IGNORECASE | re.DOTALL)


def filter_matches(pattern: str, name: str) -> bool:
    """Get-ChildItem -Filter on the FileSystem provider (module docstring)."""
    return _filter_regex(pattern).match(name) is not None


def version_info(local: pathlib.Path, full_name: str) -> FileVersionInfo:
    version = None
    with open(local, 'rb') as handle:
        head = handle.read(256)
    if head.startswith(STAND_IN):
        version = head.decode('utf-8', 'replace').split()[-1]
    return FileVersionInfo(FileName=full_name, FileVersion=version, ProductVersion=version)


def make_item(host, loc: Location, session=None) -> FileInfo | DirectoryInfo:
    local = local_path(host, loc.provider_path)
    full = loc.provider_path
    name = loc.parts[-1] if loc.parts else full
    written = last_write_time(session, local)
    if local.is_dir():
        parent = loc.parent.provider_path if loc.parts else None
        return DirectoryInfo(Name=name, FullName=full, Parent=parent, Exists=True, LastWriteTime=written,
                             PSPath=loc.ps_path, PSIsContainer=True)
    extension = '.' + name.rsplit('.', 1)[-1] if '.' in name else ''
    return FileInfo(Name=name, FullName=full, Length=local.stat().st_size, DirectoryName=loc.parent.provider_path,
                    Extension=extension, Exists=True, LastWriteTime=written, VersionInfo=version_info(local, full),
                    PSPath=loc.ps_path, PSIsContainer=False)


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
        return make_item(session.host, loc, session)

    def read_bytes(self, session, loc):
        return local_path(session.host, loc.provider_path).read_bytes()
