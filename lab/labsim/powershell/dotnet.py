"""Pure .NET the scripts call that needs no host: [Math], [Convert], [Array], [System.IO.Path], DateTime.

Registered through ``api.dotnet_type`` like the host-dependent types the Windows models add, so
the interpreter looks every ``[Type]::Member`` up the same way. Only the members the catalog
(tests/fidelity/catalog.yml ``dotnet``) lists are modelled; the .NET documentation of each is
linked on its class.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import re
import typing as t

from labsim.powershell import api
from labsim.powershell.api import PSArray, PSError
from labsim.powershell.values import Ref, to_number, to_string, type_name_of


def argument_error(message: str, exception_type: str = 'System.ArgumentException') -> PSError:
    """A .NET exception thrown by a modelled method (the interpreter wraps it in MethodInvocationException)."""
    return PSError(message, exception_type.rsplit('.', 1)[-1], 'NotSpecified', exception_type)


def to_bytes(value: t.Any, parameter: str) -> bytes:
    """A ``byte[]`` argument: a byte array, or an object[] of numbers 0..255 (PowerShell converts it)."""
    if value is None:
        raise argument_error(f'Value cannot be null.\r\nParameter name: {parameter}', 'System.ArgumentNullException')
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    items = value if isinstance(value, list) else [value]
    try:
        return bytes(int(to_number(item)) for item in items)
    except ValueError:
        raise PSError(f'Cannot convert the "{type_name_of(value)}" value of type "{type_name_of(value)}" to type '
                      '"System.Byte[]".', 'ConvertToFinalInvalidCastException', 'InvalidArgument',
                      'System.Management.Automation.PSInvalidCastException') from None


@api.dotnet_type('System.Math', 'Math')
class Math:
    """https://learn.microsoft.com/dotnet/api/system.math: Min/Max keep the operands' type
    (``[Math]::Min([long]64, $size)`` is a long)."""

    @staticmethod
    def ps_static_Min(session: t.Any, a: t.Any, b: t.Any) -> t.Any:
        return min(to_number(a), to_number(b))

    @staticmethod
    def ps_static_Max(session: t.Any, a: t.Any, b: t.Any) -> t.Any:
        return max(to_number(a), to_number(b))


@api.dotnet_type('System.Convert', 'Convert')
class Convert:
    """https://learn.microsoft.com/dotnet/api/system.convert.tobase64string and .frombase64string."""

    @staticmethod
    def ps_static_ToBase64String(session: t.Any, data: t.Any) -> str:
        return base64.b64encode(to_bytes(data, 'inArray')).decode('ascii')

    @staticmethod
    def ps_static_FromBase64String(session: t.Any, text: t.Any) -> PSArray:
        if text is None:
            raise argument_error('Value cannot be null.\r\nParameter name: s', 'System.ArgumentNullException')
        compact = re.sub(r'[ \t\r\n]', '', to_string(text))
        if len(compact) % 4:
            raise argument_error('Invalid length for a Base-64 char array or string.', 'System.FormatException')
        try:
            data = base64.b64decode(compact, validate=True)
        except (binascii.Error, ValueError):
            raise argument_error('The input is not a valid Base-64 string as it contains a non-base 64 character, '
                                 'more than two padding characters, or an illegal character among the padding '
                                 'characters. ', 'System.FormatException') from None
        return PSArray(data, 'System.Byte')


@api.dotnet_type('System.Array', 'Array')
class Array:
    """https://learn.microsoft.com/dotnet/api/system.array.resize: a new array of the same element
    type, truncated or padded with the element default, stored back through the [ref]."""

    @staticmethod
    def ps_static_Resize(session: t.Any, reference: t.Any, size: t.Any) -> None:
        if not isinstance(reference, Ref):
            raise PSError('Cannot convert argument "array", with value: "' + to_string(reference) + '", for "Resize" '
                          'to type "System.Management.Automation.PSReference".', 'MethodArgumentConversionInvalidCastArgument',
                          'NotSpecified', 'System.Management.Automation.MethodException')
        length = int(to_number(size))
        if length < 0:
            raise argument_error('Non-negative number required.\r\nParameter name: newSize',
                                 'System.ArgumentOutOfRangeException')
        current = reference.value or []
        element = current.element_type if isinstance(current, PSArray) else 'System.Object'
        filler = 0 if element == 'System.Byte' else None
        items = list(current[:length]) + [filler] * (length - len(current))
        reference.set(PSArray(items, element) if isinstance(current, PSArray) else items)


@api.dotnet_type('System.Text.RegularExpressions.Regex', 'regex')
class Regex:
    """https://learn.microsoft.com/dotnet/api/system.text.regularexpressions.regex.escape: escapes
    ``\\ * + ? | { [ ( ) ^ $ . #`` and white space (not ``]`` or ``}``)."""

    @staticmethod
    def ps_static_Escape(session: t.Any, text: t.Any) -> str:
        if text is None:
            raise argument_error('Value cannot be null.\r\nParameter name: str', 'System.ArgumentNullException')
        special = {'\t': '\\t', '\n': '\\n', '\r': '\\r', '\f': '\\f', ' ': '\\ '}
        return ''.join(special.get(char) or ('\\' + char if char in '\\*+?|{[()^$.#' else char)
                       for char in to_string(text))


@api.dotnet_type('System.IO.Path')
class Path:
    """https://learn.microsoft.com/dotnet/api/system.io.path: ChangeExtension,
    GetFileNameWithoutExtension, GetDirectoryName (Windows separators)."""

    @staticmethod
    def ps_static_GetFileNameWithoutExtension(session: t.Any, path: t.Any) -> str | None:
        if path is None:
            return None
        name = re.split(r'[\\/:]', to_string(path))[-1]
        return name[:name.rindex('.')] if '.' in name else name

    @staticmethod
    def ps_static_GetDirectoryName(session: t.Any, path: t.Any) -> str | None:
        if path is None:
            return None
        text = to_string(path).replace('/', '\\')
        root = re.match(r'^([A-Za-z]:\\|\\\\[^\\]+\\[^\\]+|\\)', text)
        if root and len(root.group(0)) >= len(text):
            return None
        cut = text.rfind('\\')
        if cut == -1:
            return ''
        directory = text[:cut]
        return directory + '\\' if root and len(directory) < len(root.group(0)) else directory

    @staticmethod
    def ps_static_ChangeExtension(session: t.Any, path: t.Any, extension: t.Any) -> str | None:
        if path is None:
            return None
        text = to_string(path)
        stem = text
        for index in range(len(text) - 1, -1, -1):
            if text[index] in '\\/:':
                break
            if text[index] == '.':
                stem = text[:index]
                break
        if extension is None:
            return stem
        suffix = to_string(extension)
        return stem + ('' if suffix.startswith('.') else '.') + suffix


# ---- DateTime (naive = Kind Local, aware UTC = Kind Utc; see api) ------------------------------------

_CUSTOM = re.compile(r'yyyy|MM|dd|HH|mm|ss|fffffff|fff|K|.', re.DOTALL)


def to_universal(value: datetime.datetime, utc_offset: datetime.timedelta) -> datetime.datetime:
    """DateTime.ToUniversalTime: a local time minus the host's UTC offset, marked UTC."""
    if value.tzinfo is not None:
        return value.astimezone(datetime.timezone.utc)
    return (value - utc_offset).replace(tzinfo=datetime.timezone.utc)


def to_local(value: datetime.datetime, utc_offset: datetime.timedelta) -> datetime.datetime:
    if value.tzinfo is None:
        return value
    return (value.astimezone(datetime.timezone.utc) + utc_offset).replace(tzinfo=None)


def format_datetime(value: datetime.datetime, spec: str, utc_offset: datetime.timedelta) -> str:
    """DateTime.ToString(format): 's', 'o', 'u' and the custom tokens yyyy MM dd HH mm ss fff K."""
    if spec == 's':
        return value.strftime('%Y-%m-%dT%H:%M:%S')
    if spec == 'o':
        return value.strftime('%Y-%m-%dT%H:%M:%S.%f') + '0' + _kind_suffix(value, utc_offset)
    if spec == 'u':
        return value.strftime('%Y-%m-%d %H:%M:%SZ')
    if spec == '':
        return value.strftime('%m/%d/%Y %H:%M:%S')
    if len(spec) == 1:
        raise api.LabUnsupported(f'DateTime standard format {spec!r} is not modelled')
    tokens = {'yyyy': '%Y', 'MM': '%m', 'dd': '%d', 'HH': '%H', 'mm': '%M', 'ss': '%S'}
    out = []
    for token in _CUSTOM.findall(spec):
        if token in tokens:
            out.append(value.strftime(tokens[token]))
        elif token == 'fff':
            out.append(f'{value.microsecond // 1000:03d}')
        elif token == 'fffffff':
            out.append(f'{value.microsecond:06d}0')
        elif token == 'K':
            out.append(_kind_suffix(value, utc_offset))
        elif token.isalpha():
            raise api.LabUnsupported(f'DateTime format token {token!r} is not modelled')
        else:
            out.append(token)
    return ''.join(out)


def _kind_suffix(value: datetime.datetime, utc_offset: datetime.timedelta) -> str:
    if value.tzinfo is not None:
        return 'Z'
    minutes = int(utc_offset.total_seconds() // 60)
    sign = '+' if minutes >= 0 else '-'
    return f'{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}'
