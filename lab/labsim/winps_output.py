"""win_powershell's ``Convert-OutputObject`` over the lab interpreter's values.

Reproduces ``Convert-OutputObject`` of ansible.windows ``plugins/modules/win_powershell.ps1``
(3.3.0: the function after ``Set-StdHandle``), which the module applies with its ``depth`` option
to ``output`` (the whole output list), ``$Ansible.Result``, each ``$Ansible.Diff`` value, each
error's ``TargetObject`` and each information record's ``MessageData``. The branches, in the
source's order:

1. ``$null`` -> ``None``;
2. an enum while ``Depth >= 0`` -> ``{Type, String, Value}``;
3. ``DateTime`` -> ``ToString('o')``; 4. ``DateTimeOffset`` -> ``ToString('o')``;
5. ``[Type]`` -> its FullName below 0, else ``{Name, FullName, AssemblyQualifiedName, BaseType}``;
6. ``string`` -> itself; 7. ``switch`` -> ``IsPresent``;
8. a value type (bool, numbers, an enum below depth 0 ...) -> itself;
9. ``Depth < 0`` -> ``[string]$InputObject`` (a hashtable gives its type name, an array its
   elements' ToString() joined with a space: the upstream integration test's
   ``'squashed System.Object[]'`` and ``'level3 value'``);
10. ``IList`` -> each element at ``Depth - 1``;
11. ``IDictionary`` -> each key at ``Depth - 1`` (a new ``@{}``);
12. anything else -> each property (``PSObject.Properties``) at ``Depth - 1``.

The result is then serialised by Ansible.Basic with ``ConvertTo-Json -Depth 99`` (ansible-core
``module_utils/csharp/Ansible.Basic.cs`` ``ToJson``): on Windows PowerShell 5.1 an enum that
reached branch 8 becomes its number. Dictionaries come back in insertion order here; .NET's
``@{}`` has hash order, so nothing may depend on key order.
"""

from __future__ import annotations

import datetime
import typing as t

from labsim.context import Secret
from labsim.powershell.values import to_string
from labsim.powershell import api

#: the conditions of Convert-OutputObject's ``process`` block, in order, exactly as the installed
#: win_powershell.ps1 writes them (tests/unit/test_lab_standin_fidelity.py compares)
BRANCHES = (
    '($null -eq $InputObject)',
    '((&$isType -InputObject $InputObject -Type ([Enum])) -and $Depth -ge 0)',
    '($InputObject -is [DateTime])',
    '(&$isType -InputObject $InputObject -Type ([DateTimeOffset]))',
    '(&$isType -InputObject $InputObject -Type ([Type]))',
    '($InputObject -is [string])',
    '(&$isType -InputObject $InputObject -Type ([switch]))',
    "('GetType' -in ($InputObject.PSObject | ForEach-Object Methods | ForEach-Object Name) -and "
    '$InputObject.GetType().IsValueType)',
    '($Depth -lt 0)',
    '($InputObject -is [Collections.IList])',
    '($InputObject -is [Collections.IDictionary])',
)

#: the UTC offset of a lab host's local time (the lab's hosts run on UTC)
LOCAL_OFFSET = datetime.timedelta(0)

SECURE_STRING = 'System.Security.SecureString'
CREDENTIAL = 'System.Management.Automation.PSCredential'


def convert_output_object(value: t.Any, depth: int) -> t.Any:
    """``Convert-OutputObject -InputObject $value -Depth $depth`` as JSON-ready Python values."""
    if value is None:
        return None
    if isinstance(value, api.PSEnum):
        if depth >= 0:
            return {'Type': value.type_name, 'String': value.name, 'Value': value.value}
        return value.value  # branch 8, then ConvertTo-Json (5.1) writes the number
    if isinstance(value, datetime.datetime):
        return format_o(value)
    if isinstance(value, type):
        raise api.LabUnsupported('Convert-OutputObject of a [Type] object is not modelled')
    if isinstance(value, (str, bool, int, float)):
        return value
    if depth < 0:
        return ps_string(value)
    child = depth - 1
    if isinstance(value, list):
        return [convert_output_object(item, child) for item in value]
    if isinstance(value, dict):
        return {_key(key): convert_output_object(item, child) for key, item in value.items()}
    return {name: convert_output_object(item, child) for name, item in properties(value)}


def properties(value: t.Any) -> list[tuple[str, t.Any]]:
    """``$InputObject.PSObject.Properties`` of an object of the lab: name and value, in order."""
    if isinstance(value, api.PSObject):
        return list(value.properties.items())
    if isinstance(value, api.DotNetObject):
        return [(name, value.ps_get(name)) for name in value.PROPERTIES]
    if isinstance(value, Secret):
        if value.username is None:
            return [('Length', len(value.reveal() or ''))]  # SecureString's only property
        return [('UserName', value.username), ('Password', Secret(value.reveal()))]
    if isinstance(value, api.ErrorRecord):
        from labsim.winps_errors import record_properties  # pylint: disable=import-outside-toplevel
        return record_properties(value)
    raise api.LabUnsupported(f'Convert-OutputObject of a Python {type(value).__name__} is not modelled')


def format_o(value: datetime.datetime) -> str:
    """``DateTime.ToString('o')``: naive values are Kind Local (api.py) and carry the host's
    offset, UTC-aware ones end in ``Z``, other aware ones (DateTimeOffset) carry their offset."""
    text = value.strftime('%Y-%m-%dT%H:%M:%S.') + f'{value.microsecond * 10:07d}'
    if value.tzinfo is datetime.timezone.utc:
        return text + 'Z'
    offset = value.utcoffset() if value.tzinfo is not None else LOCAL_OFFSET
    sign = '-' if offset < datetime.timedelta(0) else '+'
    minutes = abs(int(offset.total_seconds())) // 60
    return f'{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}'


def ps_string(value: t.Any) -> str:
    """``[string]$value`` (LanguagePrimitives / PSObject.ToString, invariant culture): an array
    joins its elements' ToString() with ``$OFS`` (a space) without recursing further."""
    return to_string(value)


def type_name(value: t.Any) -> str:
    """The .NET full type name of a container value."""
    if isinstance(value, (api.Hashtable, api.PSArray)):
        return value.type_name
    if isinstance(value, dict):
        return 'System.Collections.Hashtable'
    if isinstance(value, list):
        return 'System.Object[]'
    if isinstance(value, api.PSObject):
        return api.PSObject.type_name
    raise api.LabUnsupported(f'no .NET type name for a Python {type(value).__name__}')


def _key(key: t.Any) -> str:
    """JSON object keys are strings; ConvertTo-Json writes a non-string key's ToString()."""
    return key if isinstance(key, str) else to_string(key)
