"""PowerShell's value rules on the Python values of ``api``: truthiness, string conversion, casts.

Sources (Windows PowerShell 5.1): about_Booleans (truthiness), about_Type_Conversion (casts and
the conversion of the right operand), about_Quoting_Rules / about_Preference_Variables ($OFS: an
array in a string is joined with a space). Conversions not listed here are refused with
``LabUnsupported`` rather than guessed.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import typing as t

from labsim.context import Secret
from labsim.powershell import api
from labsim.powershell.api import DotNetObject, ErrorRecord, Hashtable, LabUnsupported, PSArray, PSEnum, PSObject, PSError

#: accelerator / short name -> .NET full name (about_Type_Accelerators)
TYPE_NAMES = {
    'string': 'System.String', 'int': 'System.Int32', 'int32': 'System.Int32', 'long': 'System.Int64',
    'int64': 'System.Int64', 'int16': 'System.Int16', 'uint16': 'System.UInt16', 'uint32': 'System.UInt32',
    'uint64': 'System.UInt64', 'byte': 'System.Byte', 'sbyte': 'System.SByte', 'bool': 'System.Boolean',
    'boolean': 'System.Boolean', 'double': 'System.Double', 'float': 'System.Single', 'single': 'System.Single',
    'decimal': 'System.Decimal', 'char': 'System.Char', 'object': 'System.Object', 'array': 'System.Array',
    'hashtable': 'System.Collections.Hashtable', 'ordered': 'System.Collections.Specialized.OrderedDictionary',
    'pscustomobject': 'System.Management.Automation.PSCustomObject', 'psobject': 'System.Management.Automation.PSObject',
    'switch': 'System.Management.Automation.SwitchParameter', 'datetime': 'System.DateTime',
    'securestring': 'System.Security.SecureString', 'pscredential': 'System.Management.Automation.PSCredential',
    'ref': 'System.Management.Automation.PSReference', 'void': 'System.Void', 'scriptblock':
    'System.Management.Automation.ScriptBlock',
}
#: integer types: (minimum, maximum)
INTEGER_RANGES = {
    'System.Byte': (0, 255), 'System.SByte': (-128, 127), 'System.Int16': (-(1 << 15), (1 << 15) - 1),
    'System.UInt16': (0, (1 << 16) - 1), 'System.Int32': (-(1 << 31), (1 << 31) - 1),
    'System.UInt32': (0, (1 << 32) - 1), 'System.Int64': (-(1 << 63), (1 << 63) - 1),
    'System.UInt64': (0, (1 << 64) - 1),
}


def full_type_name(name: str) -> str:
    """``int`` -> ``System.Int32``; ``System.String`` and unknown names unchanged (arrays and
    Nullable[...] keep their shape with the element type expanded)."""
    if name.endswith('[]'):
        return full_type_name(name[:-2]) + '[]'
    lowered = name.lower()
    if lowered.startswith(('nullable[', 'system.nullable[')) and name.endswith(']'):
        return f'System.Nullable[{full_type_name(name[name.index("[") + 1:-1])}]'
    if lowered in TYPE_NAMES:
        return TYPE_NAMES[lowered]
    if not lowered.startswith('system.') and 'system.' + lowered in _LOWER_FULL:
        return _LOWER_FULL['system.' + lowered]
    return _LOWER_FULL.get(lowered, name)


_LOWER_FULL = {full.lower(): full for full in TYPE_NAMES.values()}


@dataclasses.dataclass
class Ref:
    """``[ref]$variable``: reads and writes the variable itself (about_Ref)."""

    get: t.Callable[[], t.Any]
    set: t.Callable[[t.Any], None]

    @property
    def value(self) -> t.Any:
        return self.get()


def is_enumerable(value: t.Any) -> bool:
    """What the pipeline enumerates: arrays (``list``, ``PSArray``); not hashtables, not strings."""
    return isinstance(value, list)


def type_name_of(value: t.Any) -> str:
    """The .NET type name of a value (for messages and ``-is``)."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'System.Boolean'
    if isinstance(value, int):
        return 'System.Int32' if INTEGER_RANGES['System.Int32'][0] <= value <= INTEGER_RANGES['System.Int32'][1] \
            else 'System.Int64'
    if isinstance(value, float):
        return 'System.Double'
    if isinstance(value, str):
        return 'System.String'
    if isinstance(value, PSArray):
        return value.type_name
    if isinstance(value, list):
        return 'System.Object[]'
    if isinstance(value, (Hashtable, PSObject)):
        return value.type_name
    if isinstance(value, DotNetObject):
        return value.TYPE_NAME
    if isinstance(value, PSEnum):
        return value.type_name
    if isinstance(value, datetime.datetime):
        return 'System.DateTime'
    if isinstance(value, Secret):
        return 'System.Management.Automation.PSCredential' if value.username is not None else 'System.Security.SecureString'
    if isinstance(value, ErrorRecord):
        return 'System.Management.Automation.ErrorRecord'
    if isinstance(value, Ref):
        return 'System.Management.Automation.PSReference'
    if isinstance(value, (bytes, bytearray)):
        return 'System.Byte[]'
    return getattr(value, 'type_name', None) or getattr(value, 'TYPE_NAME', None) or type(value).__name__


# ---- truthiness (about_Booleans) ---------------------------------------------------------------------


def to_bool(value: t.Any) -> bool:
    """LanguagePrimitives.IsTrue: $null, 0, '' and empty arrays are false; a one-element array is
    its element (unless that element is itself a list: then its emptiness); other objects true."""
    if value is None:
        return False
    if isinstance(value, (bool, int, float)):
        return value != 0
    if isinstance(value, str):
        return value != ''
    if isinstance(value, PSEnum):
        return value.value != 0
    if isinstance(value, list):
        if not value:
            return False
        if len(value) == 1:
            first = value[0]
            return bool(first) if isinstance(first, list) else to_bool(first)
        return True
    return True


# ---- string conversion ------------------------------------------------------------------------------


def format_double(value: float) -> str:
    """A double as Windows PowerShell 5.1 prints it: .NET Framework's Double.ToString(), the "G" format
    with 15 significant digits, culture invariant (0.1 + 0.2 is 0.3 there, unlike PowerShell 7)."""
    if math.isnan(value):
        return 'NaN'
    if math.isinf(value):
        return 'Infinity' if value > 0 else '-Infinity'
    return format(value, '.15G')


def to_string(value: t.Any, separator: str = ' ') -> str:
    """``[string]$value`` / ``"$value"`` (PowerShell's conversion, invariant culture)."""
    if value is None:
        return ''
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return 'True' if value else 'False'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, list):
        # each element's own ToString(), without recursing: a nested array is its type name
        return separator.join(dotnet_to_string(item) for item in value)
    if isinstance(value, PSEnum):
        return value.name
    if isinstance(value, DotNetObject):
        return value.ps_to_string()
    if isinstance(value, datetime.datetime):
        return value.strftime('%m/%d/%Y %H:%M:%S')
    if isinstance(value, ErrorRecord):
        return value.message
    if isinstance(value, PSObject):
        # PSObject.ToString(): '@{Name=value; ...}' with each value's own ToString(), '' without properties
        parts = [f'{key}={dotnet_to_string(item)}' for key, item in value.properties.items()]
        return '@{' + '; '.join(parts) + '}' if parts else ''
    if isinstance(value, Hashtable):
        return value.type_name
    if isinstance(value, dict):
        return 'System.Collections.Hashtable'
    if isinstance(value, Secret):
        return type_name_of(value)
    if isinstance(value, (bytes, bytearray)):
        return ' '.join(str(byte) for byte in value)
    to_text = getattr(value, 'ps_to_string', None)
    if to_text is not None:
        return to_text()
    raise LabUnsupported(f'no string conversion modelled for {type_name_of(value)}')


def dotnet_to_string(value: t.Any) -> str:
    """.NET ``ToString()`` (what ``-f`` and method arguments see): an array is its type name."""
    if isinstance(value, list):
        return type_name_of(value)
    return to_string(value)


# ---- numbers ----------------------------------------------------------------------------------------


def cast_error(value: t.Any, target: str, detail: str = '') -> PSError:
    shown = to_string(value) if not isinstance(value, list) else type_name_of(value)
    message = f'Cannot convert value "{shown}" to type "{target}".'
    if isinstance(value, list) or detail == 'type':
        message = f'Cannot convert the "{shown}" value of type "{type_name_of(value)}" to type "{target}".'
    elif detail:
        message += f' Error: "{detail}"'
    return PSError(message, 'InvalidCastFromStringToInteger' if isinstance(value, str) else 'ConvertToFinalInvalidCastException',
                   'InvalidArgument', 'System.Management.Automation.PSInvalidCastException', value)


def parse_number(text: str) -> int | float | None:
    """A string as PowerShell reads a number in a conversion, None when it is not one."""
    stripped = text.strip()
    if stripped == '':
        return 0
    try:
        if stripped.lower().startswith(('0x', '-0x', '+0x')):
            return int(stripped, 16)
        return int(stripped)
    except ValueError:
        pass
    try:
        return float(stripped)
    except ValueError:
        return None


def to_number(value: t.Any) -> int | float:
    """The numeric value of an operand in arithmetic/comparison (about_Arithmetic_Operators)."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        number = parse_number(value)
        if number is None:
            raise cast_error(value, 'System.Int32', 'Input string was not in a correct format.')
        return number
    if isinstance(value, PSEnum):
        return value.value
    raise cast_error(value, 'System.Int32', 'type')


def round_half_even(value: float) -> int:
    return int(round(value))


def to_integer(value: t.Any, full_name: str) -> int:
    """``[int]`` and its siblings: strings parsed, doubles rounded half to even, range checked."""
    if isinstance(value, (list, Hashtable, PSObject, DotNetObject, datetime.datetime, Secret)):
        raise cast_error(value, full_name, 'type')
    number = to_number(value) if not isinstance(value, str) else parse_number(value)
    if number is None:
        raise cast_error(value, full_name, 'Input string was not in a correct format.')
    if isinstance(number, float):
        number = round_half_even(number)
    low, high = INTEGER_RANGES[full_name]
    if not low <= number <= high:
        short = full_name.split('.')[-1]
        raise cast_error(value, full_name, f'Value was either too large or too small for {"a" if short[0] not in "UI" else "an"} {short}.')
    return number


# ---- casts (about_Type_Conversion) ------------------------------------------------------------------


def convert(value: t.Any, type_name: str, session: t.Any = None) -> t.Any:
    """``[type]$value``. ``type_name`` as written in the script; raises ``PSError`` (PSInvalidCastException)
    for values PowerShell cannot convert, ``LabUnsupported`` for types the lab does not model."""
    full = full_type_name(type_name)
    lowered = full.lower()
    if lowered.startswith('system.nullable['):
        return None if value is None else convert(value, full[len('System.Nullable['):-1], session)
    if lowered.endswith('[]'):
        return _convert_array(value, full[:-2], session)
    if lowered in ('system.object', 'system.management.automation.psobject'):
        return value
    if lowered == 'system.string':
        return to_string(value)
    if lowered in ('system.boolean', 'system.management.automation.switchparameter'):
        return to_bool(value)
    if full in INTEGER_RANGES:
        return to_integer(value, full)
    if lowered in ('system.double', 'system.single', 'system.decimal'):
        if isinstance(value, (list, Hashtable, PSObject, DotNetObject)):
            raise cast_error(value, full, 'type')
        number = to_number(value)
        return float(number)
    if lowered == 'system.array':
        return _convert_array(value, 'System.Object', session)
    if lowered == 'system.collections.hashtable':
        if isinstance(value, Hashtable):
            return value
        if isinstance(value, dict):
            return from_python(value)
        raise cast_error(value, full, 'type')
    if lowered == 'system.management.automation.pscustomobject':
        if isinstance(value, dict):
            return PSObject(value)
        return value
    if lowered == 'system.datetime':
        return _to_datetime(value)
    if lowered in ('system.security.securestring', 'system.management.automation.pscredential'):
        if value is None or isinstance(value, Secret):
            return value
        raise cast_error(value, full, 'type')
    model = api.TYPES.get(type_name.lower()) or api.TYPES.get(lowered)
    if model is not None:
        cast = getattr(model, 'ps_cast', None)
        if cast is None:
            raise LabUnsupported(f'the model of [{type_name}] has no ps_cast')
        return cast(session, value)
    raise LabUnsupported(f'conversion to [{type_name}] is not modelled')


def _convert_array(value: t.Any, element: str, session: t.Any) -> list[t.Any] | None:
    if value is None:
        return None
    items = list(value) if isinstance(value, (list, bytes, bytearray)) else [value]
    full = full_type_name(element)
    if full == 'System.Object':
        return value if type(value) is list else items
    converted = [convert(item, element, session) for item in items]
    if full == 'System.Byte':
        return PSArray(converted, 'System.Byte')
    return converted


def _to_datetime(value: t.Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value.strip().replace('Z', '+00:00'))
        except ValueError:
            raise cast_error(value, 'System.DateTime', 'String was not recognized as a valid DateTime.') from None
    raise cast_error(value, 'System.DateTime', 'type')


def from_python(value: t.Any) -> t.Any:
    """A value from the caller (JSON-like Python) as PowerShell sees it: dicts become Hashtables,
    tuples arrays."""
    if isinstance(value, Hashtable) or isinstance(value, PSObject):
        return value
    if isinstance(value, dict):
        return Hashtable((key, from_python(item)) for key, item in value.items())
    if isinstance(value, tuple):
        return [from_python(item) for item in value]
    if type(value) is list:
        return [from_python(item) for item in value]
    return value


def default_of(type_name: str | None) -> t.Any:
    """The value of a typed parameter that was not bound and has no default: ``$null`` converted
    to its type ([string] -> '', [int] -> 0, [switch] -> $false; arrays and Nullable stay $null)."""
    if type_name is None:
        return None
    full = full_type_name(type_name)
    if full.endswith('[]') or full.startswith('System.Nullable[') or full in (
            'System.Collections.Hashtable', 'System.Security.SecureString', 'System.Object', 'System.Array',
            'System.Management.Automation.PSCredential', 'System.Management.Automation.PSCustomObject'):
        return None
    return convert(None, type_name)


def is_instance(value: t.Any, type_name: str) -> bool:
    """``$value -is [type]``."""
    full = full_type_name(type_name).lower()
    if value is None:
        return False
    if full == 'system.object':
        return True
    if full in ('system.array', 'system.object[]'):
        return isinstance(value, list)
    if full.endswith('[]'):
        return isinstance(value, PSArray) and value.type_name.lower() == full
    if full == 'system.int32' or full == 'system.int64':
        return isinstance(value, int) and not isinstance(value, bool) and type_name_of(value).lower() == full
    if full == 'system.collections.idictionary':
        return isinstance(value, Hashtable)
    if full == 'system.management.automation.psobject':
        return True
    if full == 'system.enum':
        return isinstance(value, PSEnum)
    return type_name_of(value).lower() == full
