"""System.Security.Principal.NTAccount and SecurityIdentifier: the casts the scripts use
(``[System.Security.Principal.NTAccount]'DOMAIN\\user'``) and IdentityReference.Translate.

The type literal passed to Translate (``[System.Security.Principal.SecurityIdentifier]``) reaches the
model as an api.PSType whose ``model`` is the class registered here. An account or SID that cannot be resolved throws
IdentityNotMappedException, which the scripts catch by that type.
NTAccount.Translate: https://learn.microsoft.com/dotnet/api/system.security.principal.ntaccount.translate
SecurityIdentifier: https://learn.microsoft.com/dotnet/api/system.security.principal.securityidentifier
"""

from __future__ import annotations

import re
import typing as t

from labsim.powershell import api
from labsim.windows import errors, principals

NOT_MAPPED = 'Some or all identity references could not be translated.'
_SID = re.compile(r'^S-1-\d+(-\d+)*$', re.IGNORECASE)


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
