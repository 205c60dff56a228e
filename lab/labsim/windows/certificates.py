"""The Certificate provider (Cert:) over ``host.data['certificates']`` (LocalMachine\\My) and
``host.data['trusted_publishers']`` (LocalMachine\\TrustedPublisher: thumbprints, the state key of
labsim.configmgr.module, which decides from it whether importing the ConfigurationManager module
prompts under AllSigned), and the X509Certificate2 objects it returns with the provider's DnsNameList /
EnhancedKeyUsageList.

A trusted publisher's thumbprint that is the ConfigurationManager module's signer
(labsim.configmgr.module.MODULE_SIGNER_THUMBPRINT) is that certificate (``module_signer``); any other
thumbprint exists in the store (Test-Path, Get-ChildItem -Name) but has no modelled properties (Get-Item
is LabUnsupported).

Fault ``missing_certificate``: the host's valid server-authentication certificate is not in its store.
Certificate provider: https://learn.microsoft.com/powershell/module/microsoft.powershell.security/about/about_certificate_provider?view=powershell-5.1
X509Certificate2: https://learn.microsoft.com/dotnet/api/system.security.cryptography.x509certificates.x509certificate2
"""

from __future__ import annotations

import datetime
import typing as t

from labsim.powershell import api
from labsim.windows import provider

SERVER_AUTH = '1.3.6.1.5.5.7.3.1'
CODE_SIGNING = '1.3.6.1.5.5.7.3.3'
#: friendly names Windows shows for the EKU OIDs the lab uses
EKU_NAMES = {SERVER_AUTH: 'Server Authentication', '1.3.6.1.5.5.7.3.2': 'Client Authentication',
             CODE_SIGNING: 'Code Signing'}
STORE_LOCATIONS = ('CurrentUser', 'LocalMachine')
#: stores of a Windows Server (only LocalMachine\My holds certificates in the lab)
STORES = ('CA', 'Disallowed', 'My', 'Remote Desktop', 'Root', 'TrustedPeople', 'TrustedPublisher', 'WebHosting')


def _when(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def module_signer() -> dict[str, t.Any]:
    """The certificate that signs ConfigurationManager.psd1, from the ConfigMgr models' constants.
    Issuer, validity and DnsNameList are the lab's stand-ins (unverified)."""
    from labsim.configmgr import module as cm_module  # the ConfigMgr models own the signer's identity
    return {'thumbprint': cm_module.MODULE_SIGNER_THUMBPRINT, 'subject': cm_module.MODULE_SIGNER_SUBJECT,
            'issuer': 'CN=Microsoft Code Signing PCA 2011, O=Microsoft Corporation, L=Redmond, S=Washington, C=US',
            'not_before': '2026-01-15T18:01:00', 'not_after': '2027-01-13T18:01:00', 'has_private_key': False,
            'dns_names': ['Microsoft Corporation'], 'eku': [CODE_SIGNING]}


def _trusted_publishers(session) -> list[dict[str, t.Any]]:
    signer = module_signer()
    out = []
    for entry in session.host.data.get('trusted_publishers') or []:
        if str(entry).upper() == signer['thumbprint'].upper():
            out.append(signer)
        else:
            out.append({'thumbprint': str(entry).upper(), 'unknown': True})
    return out


def store_certificates(session, location: str = 'LocalMachine', store: str = 'My') -> list[dict[str, t.Any]]:
    """The certificates of one store as the host has them (the fault removes the good server one)."""
    if location.lower() == 'localmachine' and store.lower() == 'trustedpublisher':
        return _trusted_publishers(session)
    if location.lower() != 'localmachine' or store.lower() != 'my':
        return []
    certs = list(session.host.data.get('certificates') or [])
    if session.host.fault('missing_certificate'):
        now = session.now()
        certs = [c for c in certs if not (_when(c['not_after']) > now and SERVER_AUTH in c['eku'])]
    return certs


class DnsNameRepresentation(api.DotNetObject):
    """System.Management.Automation.DnsNameRepresentation (an entry of DnsNameList)."""

    TYPE_NAME = 'System.Management.Automation.DnsNameRepresentation'
    PROPERTIES = ('Punycode', 'Unicode')

    def ps_to_string(self) -> str:
        return self.props['Unicode']


class EnhancedKeyUsageRepresentation(api.DotNetObject):
    """Microsoft.PowerShell.Commands.EnhancedKeyUsageRepresentation (an entry of EnhancedKeyUsageList)."""

    TYPE_NAME = 'Microsoft.PowerShell.Commands.EnhancedKeyUsageRepresentation'
    PROPERTIES = ('FriendlyName', 'ObjectId')

    def ps_to_string(self) -> str:
        return f"{self.props['FriendlyName']} ({self.props['ObjectId']})"


class X509Certificate2(api.DotNetObject):
    """X509Certificate2 with the Certificate provider's script properties (DnsNameList,
    EnhancedKeyUsageList) and PSPath. NotBefore/NotAfter are local times."""

    TYPE_NAME = 'System.Security.Cryptography.X509Certificates.X509Certificate2'
    PROPERTIES = ('Thumbprint', 'Subject', 'Issuer', 'NotBefore', 'NotAfter', 'HasPrivateKey', 'FriendlyName',
                  'DnsNameList', 'EnhancedKeyUsageList', 'PSPath', 'PSParentPath', 'PSChildName', 'PSIsContainer')

    @classmethod
    def from_state(cls, cert: dict[str, t.Any], store_path: str) -> 'X509Certificate2':
        return cls(Thumbprint=cert['thumbprint'], Subject=cert['subject'], Issuer=cert.get('issuer', cert['subject']),
                   NotBefore=_when(cert['not_before']), NotAfter=_when(cert['not_after']),
                   HasPrivateKey=bool(cert['has_private_key']), FriendlyName=cert.get('friendly_name', ''),
                   DnsNameList=[DnsNameRepresentation(Punycode=n, Unicode=n) for n in cert['dns_names']],
                   EnhancedKeyUsageList=[EnhancedKeyUsageRepresentation(FriendlyName=EKU_NAMES.get(o, ''), ObjectId=o)
                                         for o in cert['eku']],
                   PSPath=f"Microsoft.PowerShell.Security\\Certificate::{store_path}\\{cert['thumbprint']}",
                   PSParentPath=f'Microsoft.PowerShell.Security\\Certificate::{store_path}',
                   PSChildName=cert['thumbprint'], PSIsContainer=False)

    @classmethod
    def detached(cls, cert: dict[str, t.Any]) -> 'X509Certificate2':
        """A certificate that did not come from the Certificate provider (a Signature's
        SignerCertificate): no PSPath / PSParentPath / PSChildName / PSIsContainer note properties."""
        made = cls.from_state(cert, '')
        for name in ('PSPath', 'PSParentPath', 'PSChildName', 'PSIsContainer'):
            made.props[name] = None
        return made

    def ps_to_string(self) -> str:
        # X509Certificate.ToString(): "[Subject]\r\n  <subject>\r\n\r\n[Issuer]..."; scripts use the properties.
        return f"[Subject]\r\n  {self.props['Subject']}\r\n\r\n[Thumbprint]\r\n  {self.props['Thumbprint']}\r\n"


def _canonical(name: str, choices: t.Iterable[str]) -> str | None:
    return next((c for c in choices if c.lower() == name.lower()), None)


@provider.register('Certificate')
class CertificateProvider(provider.Provider):
    """Cert:\\ -> store locations -> stores -> certificates (by thumbprint)."""

    name = 'Certificate'

    def _walk(self, session, parts):
        """(kind, value) for a path: ('root'|'location'|'store'|'cert', ...) or None when missing."""
        if not parts:
            return 'root', None
        location = _canonical(parts[0], STORE_LOCATIONS)
        if location is None:
            return None
        if len(parts) == 1:
            return 'location', location
        store = _canonical(parts[1], STORES)
        if store is None:
            return None
        if len(parts) == 2:
            return 'store', (location, store)
        if len(parts) == 3:
            cert = next((c for c in store_certificates(session, location, store)
                         if c['thumbprint'].lower() == parts[2].lower()), None)
            return ('cert', (location, store, cert)) if cert else None
        return None

    def exists(self, session, loc):
        return self._walk(session, loc.parts) is not None

    def is_container(self, session, loc):
        found = self._walk(session, loc.parts)
        return found is not None and found[0] != 'cert'

    def child_names(self, session, loc):
        kind, value = self._walk(session, loc.parts) or (None, None)
        if kind == 'root':
            return list(STORE_LOCATIONS)
        if kind == 'location':
            return list(STORES)
        if kind == 'store':
            return [c['thumbprint'] for c in store_certificates(session, *value)]
        return []

    def item(self, session, loc):
        kind, value = self._walk(session, loc.parts)
        if kind != 'cert':
            raise api.LabUnsupported(f'Get-Item of the certificate store container {loc.path} is not modelled')
        location, store, cert = value
        if cert.get('unknown'):
            raise api.LabUnsupported(f'certificate {cert["thumbprint"]} of {location}\\{store} has only its thumbprint '
                                     'in the lab (host state trusted_publishers)')
        return X509Certificate2.from_state(cert, f'{location}\\{store}')
