"""ADSI through the WinNT provider: ``[ADSI]"WinNT://<computer>/<group>,group"`` (the
System.DirectoryServices.DirectoryEntry type accelerator), ``$group.Invoke('Members')``, ``[ADSI]$member``
and the adapted properties ``objectSid`` / ``Name``: what _local_group_members.ps1 falls back to when
Get-LocalGroupMember fails on an orphaned SID (host config ``orphaned_sids``, see labsim.windows.accounts).

The WinNT provider lists every member of a local group, the ones nobody can resolve included, each with
its objectSid; a group comes from ``host.data['local_groups']``, its members from that group plus the
orphaned SIDs of the host config.

DirectoryEntry: https://learn.microsoft.com/dotnet/api/system.directoryservices.directoryentry
DirectoryEntry(Object) (``[ADSI]$member``): https://learn.microsoft.com/dotnet/api/system.directoryservices.directoryentry.-ctor
DirectoryEntry.Invoke: https://learn.microsoft.com/dotnet/api/system.directoryservices.directoryentry.invoke
DirectoryEntry.Name: https://learn.microsoft.com/dotnet/api/system.directoryservices.directoryentry.name
PropertyValueCollection.Value: https://learn.microsoft.com/dotnet/api/system.directoryservices.propertyvaluecollection.value
WinNT ADSI provider / ADsPath: https://learn.microsoft.com/windows/win32/adsi/winnt-adsi-provider
  and https://learn.microsoft.com/windows/win32/adsi/winnt-adspath
IADsGroup::Members: https://learn.microsoft.com/windows/win32/api/iads/nf-iads-iadsgroup-members
Type accelerators ([ADSI]): https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_type_accelerators?view=powershell-5.1

How PowerShell adapts a DirectoryEntry (its DirectoryEntryAdapter, PowerShell source): ``$entry.X`` is
``entry.Properties["X"]``, a PropertyValueCollection, unless that is empty and ``entry.InvokeGet("X")``
has a value, which is then taken; only when neither has it does the .NET property of DirectoryEntry
answer. A method ``$entry.M(...)`` is first tried on the native ADSI object, then on DirectoryEntry's
.NET method of that name (so ``$group.Invoke('Members')`` ends in DirectoryEntry.Invoke('Members')).

Unverified (observed behaviour, not documented):
- ``Invoke('Members')`` returns the native IADsMembers collection, which PowerShell enumerates; the lab
  returns the members as an ``object[]`` of ``System.__ComObject`` (the same under ``@()`` and foreach).
- the members' order (the lab: the group's members in the order they were added, then the orphaned SIDs);
- ``Name`` of a member: the account name without its domain ('Domain Admins', 'Administrator'), and for
  a SID nobody resolves the SID string itself (its ADsPath is ``WinNT://S-1-5-21-...``); ``$entry.Name``
  is read through InvokeGet (IADs::get_Name) as a string, or as a one-value PropertyValueCollection if
  the WinNT schema caches it; ``[string]`` gives the same text either way;
- a group that does not exist: binding happens on first use (the cast succeeds), and then fails with
  COMException 0x800708AC "The group name could not be found." (NERR_GroupNotFound 2220); the message
  carries FormatMessage's trailing CRLF;
- ``WinNT://./<group>`` and ``WinNT://localhost/<group>`` name the local computer as its name does.
"""

from __future__ import annotations

import re
import typing as t

from labsim import profiles
from labsim.powershell import api
from labsim.windows import errors, principals
from labsim.windows.identity import sid_to_bytes

GROUP_NOT_FOUND = 'The group name could not be found.\r\n'
#: the WinNT path of a local object: WinNT://<computer>/<name>[,<class>] (WinNT://<domain>/<computer>/... too)
_WINNT = re.compile(r'^WinNT://(?:(?P<domain>[^/,]+)/)?(?P<computer>[^/,]+)/(?P<name>[^/,]+)(?:,(?P<cls>\w+))?$',
                    re.IGNORECASE)

api.EXCEPTION_BASES.update({
    'System.Management.Automation.ExtendedTypeSystemException': 'System.Management.Automation.RuntimeException',
    'System.Management.Automation.GetValueInvocationException':
        'System.Management.Automation.ExtendedTypeSystemException',
})


class PropertyValueCollection(api.DotNetObject):
    """System.DirectoryServices.PropertyValueCollection: the values of one directory property.
    ``Value`` is the single value, an ``object[]`` of several, or $null when empty (documented)."""

    TYPE_NAME = 'System.DirectoryServices.PropertyValueCollection'
    PROPERTIES = ('Value', 'PropertyName', 'Count')

    def __init__(self, name: str, items: list[t.Any]):
        value = None if not items else items[0] if len(items) == 1 else list(items)
        super().__init__(Value=value, PropertyName=name, Count=len(items))
        self.items = list(items)

    def ps_to_string(self) -> str:
        # [string] of an IEnumerable joins its elements with $OFS (about_Type_Conversion).
        return ' '.join(str(item) for item in self.items)


class ComObject(api.DotNetObject):
    """A native ADSI object (IADs) as PowerShell sees it: System.__ComObject. Scripts cast it with
    ``[ADSI]``; its IDispatch members are not modelled."""

    TYPE_NAME = 'System.__ComObject'
    PROPERTIES = ()

    def __init__(self, native: dict[str, t.Any]):
        super().__init__()
        self.native = native


def _computer(host) -> str:
    return principals.computer(host)


def _member_native(host, member: dict[str, str]) -> dict[str, t.Any]:
    """The native WinNT object of a group member: its ADsPath, name, class and SID."""
    sid = member['sid']
    name = member.get('name')
    if not name:  # nobody resolves it: WinNT names it by its SID
        return {'path': f'WinNT://{sid}', 'name': sid, 'class': 'User', 'sid': sid}
    domain, _, account = name.rpartition('\\')
    if domain.upper() == _computer(host):
        path = f'WinNT://{profiles.DOMAIN}/{domain}/{account}'
    else:
        path = f'WinNT://{domain}/{account}' if domain else f'WinNT://{account}'
    cls = 'Group' if principals.object_class(sid) == 'Group' else 'User'
    return {'path': path, 'name': account, 'class': cls, 'sid': sid}


def _group_native(host, path: str) -> dict[str, t.Any] | None:
    """The native object of ``WinNT://<computer>/<group>,group`` on this host; None when there is
    no such local group; LabUnsupported for what the lab does not model (another computer, users)."""
    match = _WINNT.match(path)
    if not match:
        raise api.LabUnsupported(f'ADSI path {path!r} is not modelled (only WinNT://<computer>/<group>,group)')
    computer, name, cls = match.group('computer'), match.group('name'), (match.group('cls') or 'group')
    if computer.upper() not in (_computer(host), '.', 'LOCALHOST'):
        raise api.LabUnsupported(f'ADSI binding to another computer ({computer}) is not modelled')
    if cls.lower() != 'group':
        raise api.LabUnsupported(f'ADSI WinNT objects of class {cls!r} are not modelled (only groups)')
    groups = host.data.get('local_groups') or {}
    found = next(((n, g) for n, g in groups.items() if n.lower() == name.lower()), None)
    if found is None:
        return None
    group_name, group = found
    orphaned = (host.config.get('orphaned_sids') or {}).get(group['sid']) or []
    members = [dict(m) for m in group['members']] + [{'name': None, 'sid': sid} for sid in orphaned]
    return {'path': f'WinNT://{profiles.DOMAIN}/{_computer(host)}/{group_name}', 'name': group_name,
            'class': 'Group', 'sid': group['sid'], 'members': members}


@api.dotnet_type('System.DirectoryServices.DirectoryEntry', 'adsi')
class DirectoryEntry(api.DotNetObject):
    """System.DirectoryServices.DirectoryEntry over a WinNT object, adapted as PowerShell adapts it
    (see the module docstring). The .NET properties answered when the directory has no property of
    that name: Path (as given), Name, SchemaClassName."""

    TYPE_NAME = 'System.DirectoryServices.DirectoryEntry'
    #: directory properties the lab's WinNT objects have (schema names; the adapter's view)
    DIRECTORY_PROPERTIES = ('objectSid', 'Name')
    PROPERTIES = ('Path', 'SchemaClassName')

    def __init__(self, session, path: str, native: dict[str, t.Any] | None = None):
        super().__init__(Path=path, SchemaClassName=None)
        self._session = session
        self._native = native
        self._bound = native is not None

    # -- binding (first use, as DirectoryEntry.Bind) ------------------------------------------------
    def _bind(self) -> dict[str, t.Any]:
        if not self._bound:
            self._native = _group_native(self._session.host, self.props['Path'])
            self._bound = True
        if self._native is None:
            raise errors.dotnet_exception(GROUP_NOT_FOUND, 'System.Runtime.InteropServices.COMException')
        return self._native

    # -- the casts and constructors --------------------------------------------------------------------
    @classmethod
    def ps_cast(cls, session, value: t.Any) -> 'DirectoryEntry':
        """``[ADSI]'WinNT://...'`` (DirectoryEntry(String): no binding yet) or ``[ADSI]$comObject``
        (DirectoryEntry(Object): bound to that native object)."""
        if isinstance(value, DirectoryEntry):
            return value
        if isinstance(value, ComObject):
            return cls(session, value.native['path'], value.native)
        if isinstance(value, str):
            return cls(session, value)
        if value is None:
            raise api.LabUnsupported('[ADSI]$null (DirectoryEntry() bound to the default domain) is not modelled')
        raise api.PSError(f'Cannot convert the "{value}" value of type "{getattr(value, "TYPE_NAME", type(value).__name__)}" '
                          'to type "System.DirectoryServices.DirectoryEntry".', 'ConvertToFinalInvalidCastException',
                          'InvalidArgument', 'System.Management.Automation.PSInvalidCastException')

    @classmethod
    def ps_new(cls, session, *arguments: t.Any) -> 'DirectoryEntry':
        if len(arguments) == 1:
            return cls.ps_cast(session, arguments[0])
        raise api.LabUnsupported('DirectoryEntry constructors with credentials are not modelled')

    # -- members as PowerShell's DirectoryEntryAdapter resolves them ------------------------------------
    def _directory_name(self, name: str) -> str | None:
        return next((p for p in self.DIRECTORY_PROPERTIES if p.lower() == name.lower()), None)

    def ps_property_name(self, name: str) -> str | None:
        return self._directory_name(name) or super().ps_property_name(name)

    def ps_get(self, name: str) -> t.Any:
        directory = self._directory_name(name)
        if directory is None and super().ps_property_name(name) is None:
            raise api.LabUnsupported(f'the WinNT property {name!r} of a DirectoryEntry is not modelled')
        try:
            native = self._bind()
        except api.PSError as error:
            # entry.Properties[name] binds outside the adapter's try: PowerShell reports the failure
            # as ExtendedTypeSystemException 'CatchFromBaseGetMember' (wording unverified).
            message = f'The following exception occurred while retrieving member "{name}": "{error.record.message}"'
            raise api.PSError(message, 'CatchFromBaseGetMember', 'NotSpecified',
                              'System.Management.Automation.ExtendedTypeSystemException') from None
        if directory == 'objectSid':
            return PropertyValueCollection('objectSid', [api.PSArray(sid_to_bytes(native['sid']), 'System.Byte')])
        if directory == 'Name':
            return native['name']
        known = super().ps_property_name(name)
        if known == 'SchemaClassName':
            return native['class']
        return self.props[known]

    def ps_set(self, name: str, value: t.Any) -> None:
        raise api.LabUnsupported('writing ADSI properties (SetInfo) is not modelled')

    @api.ps_method('Invoke')
    def invoke(self, method: t.Any, *arguments: t.Any) -> t.Any:
        """DirectoryEntry.Invoke(methodName, args): a method of the native object. Modelled:
        IADsGroup::Members of a group."""
        native = self._bind()
        if str(method).lower() == 'members' and not arguments and native['class'] == 'Group':
            return [ComObject(_member_native(self._session.host, member)) for member in native['members']]
        raise api.LabUnsupported(f'ADSI method {method!r} of a WinNT {native["class"]} is not modelled')

    def ps_to_string(self) -> str:
        return self.TYPE_NAME
