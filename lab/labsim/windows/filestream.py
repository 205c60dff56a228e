"""[System.IO.File]::Open and the System.IO.FileStream it returns: bounded reads of a file another
process keeps writing (the ConfigMgr logs), read from the host's disk at each Read as Windows does
with FileShare.ReadWrite.

File.Open: https://learn.microsoft.com/dotnet/api/system.io.file.open
FileStream: https://learn.microsoft.com/dotnet/api/system.io.filestream

Static members are called as ``ps_static_<Member>(session, *args)``: the session is how a static
.NET member reaches the simulated host (an addition to api.dotnet_type's contract, agreed with the
interpreter).
"""

from __future__ import annotations

from labsim.powershell import api
from labsim.windows import errors, filesystem, paths


class FileStream(api.DotNetObject):
    """System.IO.FileStream opened for reading."""

    TYPE_NAME = 'System.IO.FileStream'
    PROPERTIES = ('Name', 'Length', 'Position', 'CanRead', 'CanSeek', 'CanWrite')

    def __init__(self, local, name: str):
        super().__init__(Name=name, Length=0, Position=0, CanRead=True, CanSeek=True, CanWrite=False)
        self._local = local
        self._closed = False

    def ps_get(self, name):
        if name.lower() == 'length':
            self._check_open()
            return self._local.stat().st_size
        return super().ps_get(name)

    def _check_open(self) -> None:
        if self._closed:
            raise errors.dotnet_exception('Cannot access a closed file.', 'System.ObjectDisposedException')

    @api.ps_method('Seek')
    def seek(self, offset, origin) -> int:
        """Seek(offset, SeekOrigin Begin|Current|End): the new position."""
        self._check_open()
        base = {'begin': 0, 'current': self.props['Position'], 'end': self._local.stat().st_size}.get(str(origin).lower())
        if base is None:
            raise api.LabUnsupported(f'FileStream.Seek origin {origin!r}')
        position = base + int(offset)
        if position < 0:
            raise errors.dotnet_exception('An attempt was made to move the position before the beginning '
                                       'of the stream.', 'System.IO.IOException')
        self.props['Position'] = position
        return position

    @api.ps_method('Read')
    def read(self, buffer, offset, count) -> int:
        """Read(byte[] buffer, int offset, int count): fills the buffer in place, returns the bytes read."""
        self._check_open()
        offset, count = int(offset), int(count)
        if offset < 0 or count < 0 or offset + count > len(buffer):
            raise errors.dotnet_exception('Offset and length were out of bounds for the array or count is '
                                       'greater than the number of elements from index to the end of the source '
                                       'collection.', 'System.ArgumentException')
        with open(self._local, 'rb') as handle:
            handle.seek(self.props['Position'])
            data = handle.read(count)
        buffer[offset:offset + len(data)] = list(data)
        self.props['Position'] += len(data)
        return len(data)

    @api.ps_method('Dispose')
    def dispose(self) -> None:
        self._closed = True

    @api.ps_method('Close')
    def close(self) -> None:
        self._closed = True


@api.dotnet_type('System.IO.File', 'IO.File')
class File:
    """System.IO.File (static class)."""

    @staticmethod
    def ps_static_Open(session, path, mode='Open', access='ReadWrite', share='None'):  # noqa: N802 (.NET name)
        """File.Open(path, FileMode, FileAccess, FileShare): only FileMode.Open with read access is modelled."""
        if str(mode).lower() != 'open' or 'write' in str(access).lower():
            raise api.LabUnsupported(f'File.Open with mode {mode} / access {access} is not modelled')
        text = str(path)
        try:
            loc = paths.resolve(session, text)
        except paths.DriveMissing:
            loc = None
        local = filesystem.local_path(session.host, loc.provider_path) if loc and loc.provider == 'FileSystem' else None
        if local is None or not local.parent.is_dir():
            raise errors.dotnet_exception(f"Could not find a part of the path '{text}'.",
                                       'System.IO.DirectoryNotFoundException')
        if not local.is_file():
            raise errors.dotnet_exception(f"Could not find file '{text}'.", 'System.IO.FileNotFoundException')
        return FileStream(local, text)
