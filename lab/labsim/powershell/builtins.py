"""Cmdlets that are PowerShell itself rather than Windows: ForEach-Object, Where-Object, Select-Object,
New-Object, Get-Date, Out-Null. Registered as models like every other command, so they are bound
against their catalog entries (tests/fidelity/catalog.yml) the same way. Only the parameters our
scripts use are modelled; any other is ``LabUnsupported``.
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api, members
from labsim.powershell.api import Hashtable, Invocation, LabUnsupported, PSArray, PSError, PSObject
from labsim.powershell.scriptblock import ScriptBlockValue
from labsim.powershell.values import full_type_name, is_enumerable, to_bool, to_integer, to_string


def _only(invocation: Invocation, *supported: str) -> None:
    extra = [name for name in invocation.params if name not in supported]
    if extra:
        raise LabUnsupported(f'{invocation.name} -{extra[0]} is not modelled')


def _block(invocation: Invocation, name: str) -> ScriptBlockValue:
    value = invocation.param(name)
    if not isinstance(value, ScriptBlockValue):
        raise LabUnsupported(f'{invocation.name} -{name} with a {type(value).__name__} is not modelled')
    return value


@api.command('ForEach-Object')
def foreach_object(invocation: Invocation) -> list[t.Any]:
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/foreach-object?view=powershell-5.1:
    -Process runs once per input object with $_; -MemberName reads that property of each."""
    if invocation.has('MemberName'):
        _only(invocation, 'MemberName')
        name = to_string(invocation.param('MemberName'))
        return [members.get_member(item, name) for item in invocation.input]
    _only(invocation, 'Process')
    block = _block(invocation, 'Process')
    output: list[t.Any] = []
    for item in invocation.input:
        output.extend(block.invoke(item))
    return output


@api.command('Where-Object')
def where_object(invocation: Invocation) -> list[t.Any]:
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/where-object?view=powershell-5.1:
    the input objects for which the filter's output is true."""
    _only(invocation, 'FilterScript')
    block = _block(invocation, 'FilterScript')
    selected = []
    for item in invocation.input:
        result = block.invoke(item)
        if to_bool(result[0] if len(result) == 1 else result):
            selected.append(item)
    return selected


@api.command('Select-Object')
def select_object(invocation: Invocation) -> list[t.Any]:
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/select-object?view=powershell-5.1:
    -First/-Last/-Skip, -Property (names) and -ExpandProperty."""
    _only(invocation, 'First', 'Last', 'Skip', 'Property', 'ExpandProperty')
    items = list(invocation.input)
    if invocation.has('Skip'):
        items = items[to_integer(invocation.param('Skip'), 'System.Int32'):]
    if invocation.has('First') or invocation.has('Last'):
        first = to_integer(invocation.param('First', 0), 'System.Int32')
        last = to_integer(invocation.param('Last', 0), 'System.Int32')
        items = items[:first] + (items[len(items) - last:] if last else [])
    if invocation.has('ExpandProperty'):
        name = to_string(invocation.param('ExpandProperty'))
        output: list[t.Any] = []
        for item in items:
            if isinstance(item, (Hashtable, PSObject)) and name not in (item if isinstance(item, Hashtable) else item.properties):
                invocation.write_error(f'Property "{name}" cannot be found.', 'ExpandPropertyNotFound', 'InvalidArgument',
                                       'System.Management.Automation.PSArgumentException', item)
                continue
            value = members.get_member(item, name)
            output.extend(value if is_enumerable(value) else [value])
        return output
    if invocation.has('Property'):
        names = invocation.param('Property')
        names = names if isinstance(names, list) else [names]
        if not all(isinstance(name, str) for name in names):
            raise LabUnsupported('Select-Object -Property with calculated properties is not modelled')
        return [PSObject({name: members.get_member(item, name) for name in names}) for item in items]
    return items


@api.command('New-Object')
def new_object(invocation: Invocation) -> t.Any:
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/new-object?view=powershell-5.1:
    ``byte[]`` with its length, a hashtable, or a modelled type's ``ps_new``."""
    _only(invocation, 'TypeName', 'ArgumentList')
    type_name = to_string(invocation.param('TypeName'))
    arguments = invocation.param('ArgumentList')
    arguments = [] if arguments is None else (list(arguments) if isinstance(arguments, list) else [arguments])
    full = full_type_name(type_name)
    if full == 'System.Byte[]':
        if len(arguments) != 1:
            raise LabUnsupported('New-Object byte[] takes exactly its length')
        length = to_integer(arguments[0], 'System.Int32')
        if length < 0:
            invocation.fail('Exception calling ".ctor" with "1" argument(s): "Arithmetic operation resulted in an '
                            'overflow."', 'ConstructorInvokedThrowException,Microsoft.PowerShell.Commands.NewObjectCommand',
                            'InvalidOperation', 'System.Management.Automation.MethodInvocationException')
        return _single(PSArray([0] * length, 'System.Byte'))
    if full == 'System.Collections.Hashtable' and not arguments:
        return _single(Hashtable())
    model = members.type_model(type_name)
    factory = getattr(model, 'ps_new', None) if model is not None else None
    if factory is None:
        raise LabUnsupported(f'New-Object -TypeName {type_name} is not modelled')
    try:
        return _single(factory(invocation.session, *arguments))
    except PSError as error:
        inner = error.record
        message = f'Exception calling ".ctor" with "{len(arguments)}" argument(s): "{inner.message}"'
        invocation.fail(message, 'ConstructorInvokedThrowException,Microsoft.PowerShell.Commands.NewObjectCommand',
                        'InvalidOperation', 'System.Management.Automation.MethodInvocationException')


def _single(value: t.Any) -> list[t.Any]:
    """A cmdlet writing one object that may be a collection (WriteObject without enumeration)."""
    return [value]


@api.command('Get-Date')
def get_date(invocation: Invocation) -> t.Any:
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.utility/get-date?view=powershell-5.1:
    the host's simulated local time."""
    _only(invocation)
    return invocation.session.now()


@api.command('Out-Null')
def out_null(invocation: Invocation) -> None:
    """https://learn.microsoft.com/powershell/module/microsoft.powershell.core/out-null?view=powershell-5.1"""
    _only(invocation, 'InputObject')
