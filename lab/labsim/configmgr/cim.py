"""``Get-CimInstance -Namespace root\\sms -ClassName SMS_ProviderLocation``: where the site's SMS Provider is.

The site server keeps ``root\\sms`` with one SMS_ProviderLocation per provider, also when the provider
is installed on another server; a script reads it to find the Root of its CMSite drive.
https://learn.microsoft.com/mem/configmgr/develop/reference/core/servers/configure/sms_providerlocation-server-wmi-class
https://learn.microsoft.com/mem/configmgr/develop/core/understand/about-the-sms-provider-in-configuration-manager

A host without Configuration Manager has no root\\sms namespace: CIM answers "Invalid namespace"
(HRESULT 0x8004100e) as a non-terminating error; the error id and category are from memory, unverified.
"""

from __future__ import annotations

from labsim.configmgr import site as sites
from labsim.powershell import api


class ProviderLocation(api.DotNetObject):
    TYPE_NAME = 'Microsoft.Management.Infrastructure.CimInstance#root/sms/SMS_ProviderLocation'
    PROPERTIES = ('Machine', 'NamespacePath', 'ProviderForLocalSite', 'SiteCode')


@api.cim_class('root\\sms', 'SMS_ProviderLocation')
def provider_locations(inv: api.Invocation) -> list[ProviderLocation]:
    site = sites.site_of(inv.host)
    if site is None:
        # Get-CimInstance reports CIM failures as non-terminating errors (-ErrorAction applies).
        inv.write_error('Invalid namespace ', 'HRESULT 0x8004100e,Microsoft.Management.Infrastructure.CimCmdlets.'
                        'GetCimInstanceCommand', 'MetadataError', 'Microsoft.Management.Infrastructure.CimException',
                        target='root\\sms')
        return []
    machine = sites.provider_location(site)
    return [ProviderLocation(Machine=machine, NamespacePath=f'\\\\{machine}\\root\\sms\\site_{site["site_code"]}',
                             ProviderForLocalSite=True, SiteCode=site['site_code'])]
