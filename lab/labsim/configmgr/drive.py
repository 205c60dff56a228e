"""The CMSite provider (``New-PSDrive -PSProvider CMSite -Root <SMS Provider server>``) and the rule
every ConfigMgr cmdlet follows: it runs only from a site drive.

https://learn.microsoft.com/powershell/sccm/overview: create the site drive with its Root on the site's
SMS Provider server, then ``Set-Location ABC:``. Each cmdlet page: "Run Configuration Manager cmdlets
from the Configuration Manager site drive".

Connecting means a WMI connection to ``root\\sms\\site_<code>`` on the Root server:
- the server must have the SMS Provider for that site (``provider_location`` of the site state, host
  config ``sms_provider``; the site server by default) and the drive's name must be that site code;
- when the provider is on another server, the connection from a WinRM session is a second hop: the
  network logon has no credentials to pass on, so WMI answers access denied unless the session logged
  on with ``become`` or CredSSP (``session.logon``).
Unverified wording: the "Invalid namespace" failure for a root without the provider or a wrong site
code, the access-denied text (the standard E_ACCESSDENIED message) and the current-drive error.
"""

from __future__ import annotations

import typing as t

from labsim.configmgr import site as sites
from labsim.powershell import api

MODULE = 'configurationmanager'
NOT_ON_SITE_DRIVE = ('This command cannot be run from the current drive. To run this command you must first '
                     'connect to a Configuration Manager drive.')
ACCESS_DENIED = 'Access is denied. (Exception from HRESULT: 0x80070005 (E_ACCESSDENIED))'
#: logons whose credentials can reach a second server (Kerberos delegation is not modelled)
DELEGATING_LOGONS = ('become', 'credssp')


@api.provider('CMSite')
def new_drive(inv: api.Invocation, name: str, root: str) -> dict[str, t.Any]:
    host = inv.host
    site = sites.site_of(host)
    provider = sites.provider_location(site) if site else None
    if provider is None or not sites.same_server(root, provider):
        inv.fail('Invalid namespace', 'NewDriveProviderException,Microsoft.PowerShell.Commands.NewPSDriveCommand',
                 'InvalidOperation', 'System.Management.ManagementException', target=root)
    if not sites.same_server(provider, host.name) and getattr(inv.session, 'logon', 'network') not in DELEGATING_LOGONS:
        inv.fail(ACCESS_DENIED, 'NewDriveProviderException,Microsoft.PowerShell.Commands.NewPSDriveCommand',
                 'PermissionDenied', 'System.UnauthorizedAccessException', target=root)
    if name.lower() != site['site_code'].lower():
        inv.fail('Invalid namespace', 'NewDriveProviderException,Microsoft.PowerShell.Commands.NewPSDriveCommand',
                 'InvalidOperation', 'System.Management.ManagementException', target=f'root\\sms\\site_{name}')
    inv.session.tick(1)  # connecting to the SMS Provider
    _site_activity(inv.host, site)
    return {'name': name, 'provider': 'CMSite', 'root': root, 'site_code': site['site_code']}


def _site_activity(host, site: dict[str, t.Any]) -> None:
    """What the site is doing on its own when a task connects: the scheduled synchronization of host fault
    ``sync_already_running`` (``labsim.configmgr.sync``; nothing without the fault)."""
    from labsim.configmgr import sync  # noqa: PLC0415  (sync uses this module)
    sync.inject_fault(host, site)


def connected_site(inv: api.Invocation) -> dict[str, t.Any]:
    """The site a ConfigMgr cmdlet works on: the module must be imported (else the command does not
    exist) and the current location must be on a CMSite drive."""
    session = inv.session
    if MODULE not in {m.lower() for m in session.modules}:
        inv.fail(f"The term '{inv.name}' is not recognized as the name of a cmdlet, function, script file, or "
                 'operable program. Check the spelling of the name, or if a path was included, verify that the '
                 'path is correct and try again.', 'CommandNotFoundException', 'ObjectNotFound',
                 'System.Management.Automation.CommandNotFoundException', target=inv.name)
    drive_name = session.location.split(':', 1)[0] if ':' in session.location else ''
    drive = session.drives.get(drive_name.lower())
    site = sites.site_of(inv.host)
    if drive is None or str(drive.get('provider', '')).lower() != 'cmsite' or site is None:
        inv.fail(NOT_ON_SITE_DRIVE, 'InvalidOperation', 'InvalidOperation', 'System.InvalidOperationException')
    _site_activity(inv.host, site)
    return site


def site_for(inv: api.Invocation) -> dict[str, t.Any] | None:
    """The site ``-SiteCode`` names (the connected one when omitted); None for another site code, which
    this lab's single-site hierarchy does not have: the cmdlets' queries then match nothing."""
    site = connected_site(inv)
    code = inv.param('SiteCode')
    if code and str(code).lower() != site['site_code'].lower():
        return None
    return site


def write_site(inv: api.Invocation) -> dict[str, t.Any]:
    """``site_for`` for a cmdlet that changes the site: another site code finds no object to change
    (unverified: the real cmdlets may word this differently)."""
    site = site_for(inv)
    if site is None:
        sites.not_found(inv, f'Site {inv.param("SiteCode")} was not found.')
    return site
