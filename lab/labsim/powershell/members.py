"""Member access and method calls on lab values (about_Properties, about_Methods,
about_Member-Access_Enumeration, about_Hash_Tables).

Properties missing on a hashtable or a [PSCustomObject] are ``$null`` (documented PowerShell
behaviour without strict mode); a member a modelled .NET object or a primitive value does not have
is ``LabUnsupported``, so a script relying on something Windows does not offer fails in the lab.
"""

from __future__ import annotations

import datetime
import typing as t

from labsim.context import Secret
from labsim.powershell import api, dotnet
from labsim.powershell.api import DotNetObject, ErrorRecord, Hashtable, LabUnsupported, PSEnum, PSError, PSObject, PSType
from labsim.powershell.operators import format_number
from labsim.powershell.values import Ref, full_type_name, is_enumerable, to_string, type_name_of


class ExceptionView(DotNetObject):
    """``$_.Exception`` of an ErrorRecord: its message, type and inner exception."""

    PROPERTIES = ('Message', 'InnerException')

    def __init__(self, record: ErrorRecord):
        super().__init__(Message=record.message,
                         InnerException=ExceptionView(record.inner) if record.inner is not None else None)
        self.TYPE_NAME = record.exception_type

    def ps_to_string(self) -> str:
        return f'{self.TYPE_NAME}: {self.props["Message"]}'


def null_method_error() -> PSError:
    return PSError('You cannot call a method on a null-valued expression.', 'InvokeMethodOnNull', 'InvalidOperation')


# ---- reading members ---------------------------------------------------------------------------------


def get_member(value: t.Any, name: str) -> t.Any:
    """``$value.name``."""
    lowered = name.lower()
    if value is None:
        return 0 if lowered in ('count', 'length') else None
    if isinstance(value, Hashtable):
        if name in value:
            return value[name]
        if lowered == 'count':
            return len(value)
        if lowered == 'keys':
            return list(value.keys())
        if lowered == 'values':
            return list(value.values())
        return None
    if isinstance(value, PSObject):
        return value.properties[name]
    if isinstance(value, list):
        if lowered in ('count', 'length'):
            return len(value)
        return _enumerate_member(value, name)
    if isinstance(value, str):
        if lowered == 'length':
            return len(value)
        if lowered == 'count':
            return 1
        raise LabUnsupported(f'System.String has no property {name!r} in the lab')
    if isinstance(value, DotNetObject):
        return value.ps_get(name)
    if isinstance(value, ErrorRecord):
        return _error_record_member(value, lowered, name)
    if isinstance(value, Ref) and lowered == 'value':
        return value.value
    if isinstance(value, PSEnum) and lowered == 'value__':
        return value.value
    if lowered in ('count', 'length') and not isinstance(value, Secret):
        return 1
    raise LabUnsupported(f'{type_name_of(value)} has no property {name!r} in the lab')


def _enumerate_member(items: list[t.Any], name: str) -> t.Any:
    """Member-access enumeration: each element's member, collected like pipeline output."""
    found: list[t.Any] = []
    for item in items:
        value = get_member(item, name)
        if is_enumerable(value):
            found.extend(value)
        else:
            found.append(value)
    if not found:
        return None
    return found[0] if len(found) == 1 else found


def _error_record_member(record: ErrorRecord, lowered: str, name: str) -> t.Any:
    if lowered == 'exception':
        return ExceptionView(record)
    if lowered == 'fullyqualifiederrorid':
        return record.fully_qualified_error_id
    if lowered == 'targetobject':
        return record.target
    if lowered == 'categoryinfo':
        return PSObject({'Category': record.category, 'Reason': record.exception_type.rsplit('.', 1)[-1]})
    raise LabUnsupported(f'ErrorRecord member {name!r} is not modelled')


# ---- writing members ---------------------------------------------------------------------------------


def set_member(target: t.Any, name: str, value: t.Any) -> None:
    """``$target.name = value``."""
    if isinstance(target, Hashtable):
        target[name] = value
        return
    if isinstance(target, PSObject):
        if name not in target.properties:
            raise PSError(f"The property '{name}' cannot be found on this object. Verify that the property exists "
                          'and can be set.', 'PropertyAssignmentException', 'InvalidOperation')
        target.properties[name] = value
        return
    if isinstance(target, DotNetObject):
        target.ps_set(name, value)
        return
    if isinstance(target, Ref) and name.lower() == 'value':
        target.set(value)
        return
    if target is None:
        raise PSError(f"The property '{name}' cannot be found on this object. Verify that the property exists and "
                      'can be set.', 'PropertyNotFound', 'InvalidOperation')
    raise LabUnsupported(f'setting {name!r} on {type_name_of(target)} is not modelled')


# ---- methods -----------------------------------------------------------------------------------------


def invoke_method(value: t.Any, name: str, arguments: list[t.Any], session: t.Any) -> t.Any:
    """``$value.name(arguments)``; .NET exceptions a model raises are wrapped by the caller."""
    lowered = name.lower()
    if value is None:
        raise null_method_error()
    if isinstance(value, str):
        return _string_method(value, lowered, name, arguments)
    if isinstance(value, Hashtable):
        return _hashtable_method(value, lowered, name, arguments)
    if isinstance(value, datetime.datetime):
        return _datetime_method(value, lowered, name, arguments, session)
    if isinstance(value, DotNetObject):
        method = value.ps_method(name)
        if method is not None:
            return method(*arguments)
        if lowered == 'tostring' and not arguments:
            return value.ps_to_string()
        raise LabUnsupported(f'{value.TYPE_NAME} has no method {name!r}')
    if lowered == 'tostring':
        return _to_string_method(value, arguments)
    raise LabUnsupported(f'method {name!r} of {type_name_of(value)} is not modelled')


def _arity(name: str, arguments: list[t.Any], *allowed: int) -> None:
    if len(arguments) not in allowed:
        raise PSError(f'Cannot find an overload for "{name}" and the argument count: "{len(arguments)}".',
                      'MethodCountCouldNotFindBest', 'NotSpecified', 'System.Management.Automation.MethodException')


def _chars(arguments: list[t.Any]) -> str | None:
    """``Trim('\\')`` / ``Split(':')``: PowerShell converts the string arguments to char[]."""
    if not arguments:
        return None
    return ''.join(to_string(argument) for argument in arguments)


def _string_method(text: str, lowered: str, name: str, arguments: list[t.Any]) -> t.Any:
    if lowered in ('tolower', 'tolowerinvariant'):
        _arity(name, arguments, 0)
        return text.lower()
    if lowered in ('toupper', 'toupperinvariant'):
        _arity(name, arguments, 0)
        return text.upper()
    if lowered in ('trim', 'trimstart', 'trimend'):
        chars = _chars(arguments)
        strip = {'trim': str.strip, 'trimstart': str.lstrip, 'trimend': str.rstrip}[lowered]
        return strip(text, chars)
    if lowered == 'split':
        chars = _chars(arguments) or ' \t\n\r\v\f'
        parts = ['']
        for char in text:
            if char in chars:
                parts.append('')
            else:
                parts[-1] += char
        return parts
    if lowered in ('startswith', 'endswith', 'contains', 'indexof'):
        _arity(name, arguments, 1)
        if arguments[0] is None:
            raise PSError(f'Exception calling "{name}" with "1" argument(s): "Value cannot be null.\r\nParameter name: '
                          'value"', 'ArgumentNullException', 'NotSpecified',
                          'System.Management.Automation.MethodInvocationException')
        other = to_string(arguments[0])
        if lowered == 'indexof':
            return text.find(other)
        return {'startswith': text.startswith, 'endswith': text.endswith, 'contains': text.__contains__}[lowered](other)
    if lowered == 'replace':
        _arity(name, arguments, 2)
        old = to_string(arguments[0])
        if old == '':
            raise dotnet.argument_error('String cannot be of zero length.\r\nParameter name: oldValue')
        return text.replace(old, to_string(arguments[1]))
    if lowered == 'substring':
        _arity(name, arguments, 1, 2)
        start = int(arguments[0])
        length = int(arguments[1]) if len(arguments) == 2 else len(text) - start
        if start < 0 or length < 0 or start + length > len(text):
            raise dotnet.argument_error('Index and length must refer to a location within the string.\r\nParameter '
                                        'name: length', 'System.ArgumentOutOfRangeException')
        return text[start:start + length]
    if lowered == 'tostring':
        return text
    raise LabUnsupported(f'System.String method {name!r} is not modelled')


def _hashtable_method(table: Hashtable, lowered: str, name: str, arguments: list[t.Any]) -> t.Any:
    if lowered == 'clone':
        _arity(name, arguments, 0)
        return table.clone()
    if lowered in ('containskey', 'contains'):
        _arity(name, arguments, 1)
        return arguments[0] in table
    if lowered == 'containsvalue':
        _arity(name, arguments, 1)
        return any(value == arguments[0] for value in table.values())
    if lowered == 'add':
        _arity(name, arguments, 2)
        if arguments[0] in table:
            raise dotnet.argument_error(f"Item has already been added. Key in dictionary: '{arguments[0]}'  Key being "
                                        f"added: '{arguments[0]}'")
        table[arguments[0]] = arguments[1]
        return None
    if lowered == 'remove':
        _arity(name, arguments, 1)
        table.pop(arguments[0], None)
        return None
    if lowered == 'getenumerator':
        return [PSObject({'Name': key, 'Key': key, 'Value': value}) for key, value in table.items()]
    if lowered == 'tostring':
        return table.type_name
    raise LabUnsupported(f'{table.type_name} method {name!r} is not modelled')


def _datetime_method(value: datetime.datetime, lowered: str, name: str, arguments: list[t.Any],
                     session: t.Any) -> t.Any:
    offset = session.utc_offset
    if lowered == 'touniversaltime':
        _arity(name, arguments, 0)
        return dotnet.to_universal(value, offset)
    if lowered == 'tolocaltime':
        _arity(name, arguments, 0)
        return dotnet.to_local(value, offset)
    if lowered == 'tostring':
        _arity(name, arguments, 0, 1)
        return dotnet.format_datetime(value, to_string(arguments[0]) if arguments else '', offset)
    raise LabUnsupported(f'System.DateTime method {name!r} is not modelled')


def _to_string_method(value: t.Any, arguments: list[t.Any]) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and arguments:
        return format_number(value, to_string(arguments[0]))
    if arguments:
        raise LabUnsupported(f'{type_name_of(value)}.ToString with a format is not modelled')
    if isinstance(value, list):
        return type_name_of(value)
    return to_string(value)


# ---- types -------------------------------------------------------------------------------------------


def type_model(type_name: str) -> t.Any:
    """The class registered for ``[type_name]`` (as written, or its full name), None if none."""
    return api.TYPES.get(type_name.lower()) or api.TYPES.get(full_type_name(type_name).lower())


def type_value(type_name: str) -> PSType:
    return PSType(full_type_name(type_name), type_model(type_name))


def static_member(type_name: str, name: str, arguments: list[t.Any] | None, session: t.Any) -> t.Any:
    """``[Type]::name`` (arguments None) or ``[Type]::name(arguments)``."""
    model = type_model(type_name)
    if model is None:
        raise LabUnsupported(f'the .NET type [{type_name}] is not modelled')
    wanted = 'ps_static_' + name.lower()
    for attribute in dir(model):
        if attribute.lower() == wanted:
            return getattr(model, attribute)(session, *(arguments or []))
    raise LabUnsupported(f'[{type_name}]::{name} is not modelled')
