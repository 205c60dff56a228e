"""System.Security.Principal.NTAccount and SecurityIdentifier: the casts the scripts use
(``[System.Security.Principal.NTAccount]'DOMAIN\\user'``) and IdentityReference.Translate.

The type literal passed to Translate (``[System.Security.Principal.SecurityIdentifier]``) reaches the
model as an api.PSType whose ``model`` is the class registered here. An account or SID that cannot be resolved throws
IdentityNotMappedException, which the scripts catch by that type.
NTAccount.Translate: https://learn.microsoft.com/dotnet/api/system.security.principal.ntaccount.translate
SecurityIdentifier: https://learn.microsoft.com/dotnet/api/system.security.principal.securityidentifier
SecurityIdentifier(Byte[], Int32) (New-Object with -ArgumentList @($bytes, 0)):
https://learn.microsoft.com/dotnet/api/system.security.principal.securityidentifier.-ctor
The binary form of a SID (MS-DTYP 2.4.2.2 "SID--Packet Representation"): revision (1), sub-authority
count, 6-byte big-endian identifier authority, then each sub-authority as a little-endian 32-bit value:
https://learn.microsoft.com/openspecs/windows_protocols/ms-dtyp/f992ad60-0fe4-4b87-9fed-beb478836861
"""

from __future__ import annotations

import re
import typing as t

from labsim.powershell import api, dotnet, values
from labsim.windows import errors, principals

NOT_MAPPED = 'Some or all identity references could not be translated.'
_SID = re.compile(r'^S-1-\d+(-\d+)*$', re.IGNORECASE)
#: SecurityIdentifier.MinBinaryLength / MaxSubAuthorities
MIN_BINARY_LENGTH = 8
MAX_SUB_AUTHORITIES = 15


def sid_to_bytes(sid: str) -> bytes:
    """The binary form of a SID in SDDL form ('S-1-5-32-544'), as SecurityIdentifier.GetBinaryForm
    writes it (MS-DTYP 2.4.2.2). The identifier authority may be decimal or, above 2^32, '0x' hex
    (MS-DTYP 2.4.2.1)."""
    parts = sid.split('-')
    if len(parts) < 3 or parts[0].upper() != 'S':
        raise ValueError(f'not a SID: {sid!r}')
    revision = int(parts[1])
    authority = int(parts[2], 16) if parts[2].lower().startswith('0x') else int(parts[2])
    subs = [int(part) for part in parts[3:]]
    if len(subs) > MAX_SUB_AUTHORITIES:
        raise ValueError(f'a SID has at most {MAX_SUB_AUTHORITIES} sub-authorities: {sid!r}')
    return (bytes([revision, len(subs)]) + authority.to_bytes(6, 'big')
            + b''.join(sub.to_bytes(4, 'little') for sub in subs))


def sid_from_bytes(data: bytes, offset: int = 0) -> str:
    """The SDDL form of the binary SID at ``offset`` (inverse of ``sid_to_bytes``); ValueError when
    the bytes are not a revision-1 SID or are too short."""
    if len(data) - offset < MIN_BINARY_LENGTH:
        raise ValueError('too short for a SID')
    revision, count = data[offset], data[offset + 1]
    if revision != 1 or count > MAX_SUB_AUTHORITIES or len(data) - offset < 8 + 4 * count:
        raise ValueError('not a revision-1 SID')
    authority = int.from_bytes(data[offset + 2:offset + 8], 'big')
    text = f'S-{revision}-{authority}' if authority < 1 << 32 else f'S-{revision}-0x{authority:012X}'
    for index in range(count):
        start = offset + 8 + 4 * index
        text += f'-{int.from_bytes(data[start:start + 4], "little")}'
    return text


def _not_mapped() -> api.PSError:
    """Translate's IdentityNotMappedException (the interpreter wraps it: 'Exception calling "Translate"
    with "1" argument(s): "Some or all identity references could not be translated."')."""
    return errors.dotnet_exception(NOT_MAPPED, 'System.Security.Principal.IdentityNotMappedException')


def _type_is(target: t.Any, cls: type) -> bool:
    """The Translate argument names ``cls``: an api.PSType (a type literal), or the class itself."""
    if isinstance(target, api.PSType):
        return target.model is cls or target.is_type(cls.TYPE_NAME)
    if isinstance(target, type):
        return issubclass(target, cls)
    return False


class IdentityReference(api.DotNetObject):
    PROPERTIES = ('Value',)

    def __init__(self, session, value: str):
        super().__init__(Value=value)
        self._session = session

    def ps_to_string(self) -> str:
        return self.props['Value']

    def __eq__(self, other):  # IdentityReference.Equals: same type, same value (case-insensitive)
        return type(other) is type(self) and other.props['Value'].lower() == self.props['Value'].lower()

    def __hash__(self):
        return hash((type(self).__name__, self.props['Value'].lower()))


@api.dotnet_type('System.Security.Principal.NTAccount', 'Security.Principal.NTAccount')
class NTAccount(IdentityReference):
    TYPE_NAME = 'System.Security.Principal.NTAccount'

    @classmethod
    def ps_cast(cls, session, value: t.Any) -> 'NTAccount':
        text = value.props['Value'] if isinstance(value, NTAccount) else str(value)
        if not text:
            raise api.PSError('Cannot convert value "" to type "System.Security.Principal.NTAccount". Error: '
                              '"Value cannot be null.\r\nParameter name: name"', error_id='InvalidCastConstructorException',
                              category='InvalidArgument', exception_type='System.Management.Automation.PSInvalidCastException')
        return cls(session, text)

    @api.ps_method('Translate')
    def translate(self, target: t.Any) -> IdentityReference:
        if _type_is(target, NTAccount):
            return self
        if not _type_is(target, SecurityIdentifier):
            raise api.LabUnsupported(f'NTAccount.Translate to {target!r}')
        found = principals.lookup_name(self._session.host, self.props['Value'])
        if found is None:
            raise _not_mapped()
        return SecurityIdentifier(self._session, found['sid'])


@api.dotnet_type('System.Security.Principal.SecurityIdentifier', 'Security.Principal.SecurityIdentifier')
class SecurityIdentifier(IdentityReference):
    TYPE_NAME = 'System.Security.Principal.SecurityIdentifier'
    PROPERTIES = ('Value', 'AccountDomainSid')

    def __init__(self, session, value: str):
        api.DotNetObject.__init__(self, Value=value.upper(), AccountDomainSid=None)
        self._session = session
        parts = value.split('-')
        if value.upper().startswith('S-1-5-21-') and len(parts) >= 8:
            self.props['AccountDomainSid'] = '-'.join(parts[:7]).upper()

    @classmethod
    def ps_cast(cls, session, value: t.Any) -> 'SecurityIdentifier':
        if isinstance(value, SecurityIdentifier):
            return value
        text = str(value)
        if not _SID.match(text):
            raise api.PSError(f'Cannot convert value "{text}" to type "System.Security.Principal.SecurityIdentifier". '
                              'Error: "Value was invalid.\r\nParameter name: sddlForm"',
                              error_id='InvalidCastConstructorException', category='InvalidArgument',
                              exception_type='System.Management.Automation.PSInvalidCastException')
        return cls(session, text)

    @classmethod
    def ps_new(cls, session, *arguments: t.Any) -> 'SecurityIdentifier':
        """``New-Object System.Security.Principal.SecurityIdentifier -ArgumentList ...``: the (String
        sddlForm) and (Byte[] binaryForm, Int32 offset) constructors. The checks and their order are
        those of .NET's SecurityIdentifier.CreateFromBinaryForm (reference source); the messages'
        wording is unverified."""
        if len(arguments) == 1 and isinstance(arguments[0], str):
            if not _SID.match(arguments[0]):
                raise errors.dotnet_exception('Value was invalid.\r\nParameter name: sddlForm',
                                              'System.ArgumentException')
            return cls(session, arguments[0])
        if len(arguments) != 2 or isinstance(arguments[0], (str, SecurityIdentifier)):
            raise api.LabUnsupported(f'SecurityIdentifier constructor with {len(arguments)} argument(s) '
                                     f'({", ".join(type(a).__name__ for a in arguments)}) is not modelled')
        binary, offset = arguments
        if binary is None:
            raise errors.dotnet_exception('Value cannot be null.\r\nParameter name: binaryForm',
                                          'System.ArgumentNullException')
        data = dotnet.to_bytes(binary, 'binaryForm')
        offset = int(values.to_number(offset))
        if offset < 0:
            raise errors.dotnet_exception('Non-negative number required.\r\nParameter name: offset',
                                          'System.ArgumentOutOfRangeException')
        too_small = 'Destination array is not long enough to copy all the required data. Check array length and offset.'
        if len(data) - offset < MIN_BINARY_LENGTH:
            raise errors.dotnet_exception(too_small + '\r\nParameter name: binaryForm', 'System.ArgumentOutOfRangeException')
        if data[offset] != 1:
            raise errors.dotnet_exception("SIDs with revision other than '1' are not supported.\r\n"
                                          'Parameter name: binaryForm', 'System.ArgumentException')
        if data[offset + 1] > MAX_SUB_AUTHORITIES:
            raise errors.dotnet_exception(f'SIDs with more than {MAX_SUB_AUTHORITIES} subauthorities are not supported.'
                                          '\r\nParameter name: binaryForm', 'System.ArgumentException')
        if len(data) - offset < 8 + 4 * data[offset + 1]:
            raise errors.dotnet_exception(too_small + '\r\nParameter name: binaryForm', 'System.ArgumentException')
        return cls(session, sid_from_bytes(data, offset))

    @api.ps_method('Translate')
    def translate(self, target: t.Any) -> IdentityReference:
        if _type_is(target, SecurityIdentifier):
            return self
        if not _type_is(target, NTAccount):
            raise api.LabUnsupported(f'SecurityIdentifier.Translate to {target!r}')
        found = principals.lookup_sid(self._session.host, self.props['Value'])
        if found is None:
            raise _not_mapped()
        return NTAccount(self._session, found['name'])


def sid_text(value: t.Any) -> str:
    """A SID given as text or as a SecurityIdentifier (what the LocalAccounts cmdlets accept)."""
    return value.props['Value'] if isinstance(value, SecurityIdentifier) else str(value).upper()
