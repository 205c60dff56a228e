"""WebAdministration cmdlets and objects: Get-WebBinding / New-WebBinding and the binding's
AddSslCertificate / RemoveSslCertificate (http.sys), Get-WebConfiguration and
Set-WebConfigurationProperty for ``system.webServer/security/access`` sslFlags.

- sslFlags read through -Location is the EFFECTIVE value: the vroot's own, else the site's (IIS
  configuration inheritance), else None; IIS writes flags in its own order (Ssl,Ssl128...).
- AddSslCertificate fails on a binding that already has a certificate (0x800700B7), when the
  certificate has no private key or the key cannot be used (0x80070520, also host config fault
  ``ssl_bind_failure: true``), and when the thumbprint is not in the store (message unverified).
  RemoveSslCertificate really removes: a failed add after it leaves the binding without one.
Get-WebBinding: https://learn.microsoft.com/powershell/module/webadministration/get-webbinding
New-WebBinding: https://learn.microsoft.com/powershell/module/webadministration/new-webbinding
Get-WebConfiguration: https://learn.microsoft.com/powershell/module/webadministration/get-webconfiguration
Set-WebConfigurationProperty: https://learn.microsoft.com/powershell/module/webadministration/set-webconfigurationproperty
sslFlags: https://learn.microsoft.com/iis/configuration/system.webserver/security/access
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api
from labsim.windows import certificates, errors, iis

ACCESS_SECTION = 'system.webserver/security/access'
APPHOST = 'machine/webroot/apphost'
#: sslFlags bits (IIS <access sslFlags>), in the order IIS writes them
SSL_FLAGS = (('Ssl', 8), ('SslNegotiateCert', 32), ('SslRequireCert', 64), ('SslMapCert', 128), ('Ssl128', 256))
LOGON_SESSION = ('A specified logon session does not exist. It may already have been terminated. '
                 '(Exception from HRESULT: 0x80070520)')
ALREADY_BOUND = 'Cannot create a file when that file already exists. (Exception from HRESULT: 0x800700B7)'
# Unverified wordings (no public capture found): a thumbprint missing from the store; removing no certificate.
NOT_IN_STORE = 'Cannot find object or property. (Exception from HRESULT: 0x80092004)'
NOTHING_BOUND = 'The system cannot find the file specified. (Exception from HRESULT: 0x80070002)'


def flags_text(value: t.Any) -> str | None:
    """sslFlags as IIS stores and reads it back ('Ssl,Ssl128', 'None'); None when not valid."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        bits = value
    else:
        bits = 0
        for token in [p.strip() for p in str(value).split(',') if p.strip()]:
            if token.lower() == 'none':
                continue
            match = next((b for name, b in SSL_FLAGS if name.lower() == token.lower()), None)
            if match is None:
                return None
            bits |= match
    if bits & ~sum(b for _, b in SSL_FLAGS):
        return None
    return ','.join(name for name, b in SSL_FLAGS if bits & b) or 'None'


class Binding(api.DotNetObject):
    """Microsoft.IIs.PowerShell.Framework.ConfigurationElement#bindings#binding."""

    TYPE_NAME = 'Microsoft.IIs.PowerShell.Framework.ConfigurationElement'
    PROPERTIES = ('protocol', 'bindingInformation', 'sslFlags', 'certificateHash', 'certificateStoreName',
                  'ItemXPath', 'ElementTagName')

    def __init__(self, session, site_name: str, binding: dict[str, t.Any]):
        super().__init__(protocol=binding['protocol'], bindingInformation=iis.binding_information(binding),
                         sslFlags=binding.get('sslFlags', 0), certificateHash=binding.get('thumbprint') or '',
                         certificateStoreName=binding.get('store') or '',
                         ItemXPath=f"/system.applicationHost/sites/site[@name='{site_name}' and @id='"
                                   f"{iis.find_site(session.host, site_name)[1].get('id')}']",
                         ElementTagName='binding')
        self._session = session
        self._site = site_name

    def _state(self) -> dict[str, t.Any]:
        found = iis.find_site(self._session.host, self._site)
        for binding in (found[1]['bindings'] if found else []):
            if binding['protocol'] == self.props['protocol'] and \
                    iis.binding_information(binding) == self.props['bindingInformation']:
                return binding
        raise errors.dotnet_exception('The binding no longer exists.', 'System.Runtime.InteropServices.COMException')

    @api.ps_method('AddSslCertificate')
    def add_ssl_certificate(self, thumbprint: str, store: str) -> None:
        binding = self._state()
        if binding.get('thumbprint'):
            raise errors.dotnet_exception(ALREADY_BOUND, 'System.Runtime.InteropServices.COMException')
        cert = next((c for c in certificates.store_certificates(self._session, 'LocalMachine', str(store))
                     if c['thumbprint'].lower() == str(thumbprint).lower()), None)
        if cert is None:
            raise errors.dotnet_exception(NOT_IN_STORE, 'System.Runtime.InteropServices.COMException')
        failing = self._session.host.fault('ssl_bind_failure')  # true: every certificate; a list: those thumbprints
        if not cert['has_private_key'] or failing is True or \
                isinstance(failing, list) and cert['thumbprint'].upper() in {str(t).upper() for t in failing}:
            raise errors.dotnet_exception(LOGON_SESSION, 'System.Runtime.InteropServices.COMException')
        binding['thumbprint'] = cert['thumbprint'].upper()
        binding['store'] = str(store)
        self.props.update(certificateHash=binding['thumbprint'], certificateStoreName=binding['store'])

    @api.ps_method('RemoveSslCertificate')
    def remove_ssl_certificate(self) -> None:
        binding = self._state()
        if not binding.get('thumbprint'):
            raise errors.dotnet_exception(NOTHING_BOUND,
                                       'System.Runtime.InteropServices.COMException')
        binding.pop('thumbprint', None)
        binding.pop('store', None)
        self.props.update(certificateHash='', certificateStoreName='')


class ConfigurationSection(api.DotNetObject):
    """Microsoft.IIs.PowerShell.Framework.ConfigurationSection for system.webServer/security/access."""

    TYPE_NAME = 'Microsoft.IIs.PowerShell.Framework.ConfigurationSection'
    PROPERTIES = ('sslFlags', 'SectionPath', 'ItemXPath', 'Location', 'PSPath')


@api.command('Get-WebBinding')
def get_web_binding(inv: api.Invocation) -> list[Binding]:
    """The bindings of one site (-Name) or all, filtered by -Protocol, -Port, -IPAddress, -HostHeader.
    An unknown site name returns nothing (unverified)."""
    name = inv.param('Name')
    chosen = [iis.find_site(inv.host, name)] if name else list(iis.sites(inv.host).items())
    out = []
    for found in chosen:
        if found is None:
            continue
        site_name, site = found
        for binding in site['bindings']:
            if inv.param('Protocol') and binding['protocol'].lower() != str(inv.param('Protocol')).lower():
                continue
            if inv.param('Port') not in (None, '') and str(binding['port']) != str(inv.param('Port')):
                continue
            if inv.param('IPAddress') and binding.get('ip', '*') != inv.param('IPAddress'):
                continue
            if inv.param('HostHeader') and binding.get('host', '').lower() != str(inv.param('HostHeader')).lower():
                continue
            out.append(Binding(inv.session, site_name, binding))
    return out


@api.command('New-WebBinding')
def new_web_binding(inv: api.Invocation) -> None:
    """Adds a binding (defaults http, port 80, IP *); no -WhatIf (the cmdlet has none)."""
    found = iis.find_site(inv.host, inv.param('Name'))
    if found is None:
        inv.write_error(**errors.path_not_found(inv.name, f"IIS:\\Sites\\{inv.param('Name')}"))
        return None
    binding = {'protocol': str(inv.param('Protocol') or 'http').lower(), 'port': int(inv.param('Port') or 80)}
    if inv.param('IPAddress') not in (None, '', '*'):
        binding['ip'] = inv.param('IPAddress')
    if inv.param('HostHeader'):
        binding['host'] = inv.param('HostHeader')
    if inv.param('SslFlags'):
        binding['sslFlags'] = int(inv.param('SslFlags'))
    info = iis.binding_information(binding)
    if any(b['protocol'] == binding['protocol'] and iis.binding_information(b) == info for b in found[1]['bindings']):
        inv.write_error("Cannot add duplicate collection entry of type 'binding' with combined key attributes "
                        f"'protocol, bindingInformation' respectively set to '{binding['protocol']}, {info}'",
                        errors.fqid('System.Runtime.InteropServices.COMException', inv.name), 'NotSpecified',
                        'System.Runtime.InteropServices.COMException')
        return None
    found[1]['bindings'].append(binding)
    inv.session.tick(1)
    return None


def _access_target(inv: api.Invocation) -> tuple[str, str | None]:
    """(site, vroot or None) from -PSPath MACHINE/WEBROOT/APPHOST -Location 'site[/vroot]' -Filter access."""
    filters = errors.as_list(inv.param('Filter'))
    pspaths = errors.as_list(inv.param('PSPath')) or [APPHOST]
    locations = errors.as_list(inv.param('Location'))
    if [f.strip('/').lower() for f in filters] != [ACCESS_SECTION] or [p.strip('/').lower() for p in pspaths] != [APPHOST] \
            or len(locations) != 1:
        raise api.LabUnsupported(f'{inv.name} is modelled for -PSPath MACHINE/WEBROOT/APPHOST -Location <site[/vroot]> '
                                 f'-Filter system.webServer/security/access only (got {filters} {pspaths} {locations})')
    site, _, vroot = locations[0].partition('/')
    if '/' in vroot:
        raise api.LabUnsupported(f'{inv.name} below a virtual root ({locations[0]}) is not modelled')
    return site, vroot or None


def effective_flags(host, site_name: str, vroot_name: str | None) -> str:
    """The vroot's own sslFlags, else the site's, else the server default None."""
    found = iis.find_site(host, site_name)
    if found is None:
        return 'None'
    site = found[1]
    if vroot_name:
        vroot = iis.find_vroot(site, vroot_name)
        if vroot is not None and 'sslFlags' in vroot[1]:
            return vroot[1]['sslFlags']
    return site.get('sslFlags', 'None')


@api.command('Get-WebConfiguration')
def get_web_configuration(inv: api.Invocation) -> ConfigurationSection:
    """The access section at a location, sslFlags as effective there. A location IIS does not have
    reads the inherited value (unverified)."""
    site, vroot = _access_target(inv)
    location = site + (f'/{vroot}' if vroot else '')
    return ConfigurationSection(sslFlags=effective_flags(inv.host, site, vroot), SectionPath='/system.webServer/security/access',
                                ItemXPath='/system.webServer/security/access', Location=location,
                                PSPath='MACHINE/WEBROOT/APPHOST')


@api.command('Set-WebConfigurationProperty')
def set_web_configuration_property(inv: api.Invocation) -> None:
    """Writes sslFlags at the location (a <location> tag in applicationHost.config). For a site or
    vroot IIS does not have the lab fails with "Unrecognized configuration path" (unverified, L17)."""
    site_name, vroot_name = _access_target(inv)
    if str(inv.param('Name')).lower() != 'sslflags' or inv.has('InputObject'):
        raise api.LabUnsupported('Set-WebConfigurationProperty is modelled for -Name sslFlags -Value only')
    found = iis.find_site(inv.host, site_name)
    target = found[1] if found else None
    if found and vroot_name:
        vroot = iis.find_vroot(found[1], vroot_name)
        target = vroot[1] if vroot else None
    location = site_name + (f'/{vroot_name}' if vroot_name else '')
    if target is None:
        inv.write_error('Filename: \\\\?\\C:\\Windows\\system32\\inetsrv\\config\\applicationHost.config\r\n'
                        f"Error: Unrecognized configuration path 'MACHINE/WEBROOT/APPHOST/{location}'",
                        errors.fqid('System.Runtime.InteropServices.COMException', inv.name), 'NotSpecified',
                        'System.Runtime.InteropServices.COMException')
        return None
    value = flags_text(inv.param('Value'))
    if value is None:
        # Unverified wording: IIS rejects a value outside the sslFlags enum.
        inv.write_error(f"Cannot convert value \"{inv.param('Value')}\" to the sslFlags attribute: the value is not "
                        'valid.', errors.fqid('System.Runtime.InteropServices.COMException', inv.name), 'NotSpecified',
                        'System.Runtime.InteropServices.COMException')
        return None
    if inv.session.whatif:
        inv.session.write_host(f'What if: Performing the operation "Set-WebConfigurationProperty" on target '
                               f'"MACHINE/WEBROOT/APPHOST/{location}".')
        return None
    target['sslFlags'] = value
    inv.session.tick(1)
    return None
