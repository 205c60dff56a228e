"""The PowerShell drives and providers of a lab session: the built-in ones every Windows Server 2022
session has, IIS: once WebAdministration is imported, and those New-PSDrive created.

Get-PSDrive: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-psdrive?view=powershell-5.1
about_Providers: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_providers?view=powershell-5.1
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api

#: built-in providers (always present in Windows PowerShell 5.1 on Windows Server)
BUILTIN_PROVIDERS = ('Alias', 'Environment', 'FileSystem', 'Function', 'Registry', 'Variable', 'Certificate', 'WSMan')
#: providers a module brings, by lower-case provider name -> lower-case module name. A provider in
#: api.PROVIDERS (such as CMSite, registered by the ConfigMgr models) exists in a session only once
#: its module is imported, as on Windows.
PROVIDER_MODULES = {'webadministration': 'webadministration', 'cmsite': 'configurationmanager'}
#: the registry hives PowerShell maps to drives
HIVES = {'hklm': 'HKEY_LOCAL_MACHINE', 'hkcu': 'HKEY_CURRENT_USER'}


class ProviderInfo(api.DotNetObject):
    """System.Management.Automation.ProviderInfo (the Provider property of a drive)."""

    TYPE_NAME = 'System.Management.Automation.ProviderInfo'
    PROPERTIES = ('Name', 'ModuleName', 'Drives')

    def ps_to_string(self) -> str:
        module = self.props['ModuleName'] or 'Microsoft.PowerShell.Core'
        return f"{module}\\{self.props['Name']}"


class PSDriveInfo(api.DotNetObject):
    """System.Management.Automation.PSDriveInfo: what Get-PSDrive / New-PSDrive write."""

    TYPE_NAME = 'System.Management.Automation.PSDriveInfo'
    PROPERTIES = ('Name', 'Provider', 'Root', 'Description', 'CurrentLocation')

    def ps_to_string(self) -> str:
        return self.props['Name']


#: the volumes of a lab host unless its config says otherwise
DEFAULT_LETTERS = ('C', 'D')


def filesystem_letters(host) -> list[str]:
    """C: always; the others from the host config ``drives`` (default C: and a data volume D:, where
    WSUS servers keep their content)."""
    letters = ['C']
    for entry in host.config.get('drives') or DEFAULT_LETTERS:
        letter = str(entry).rstrip(':\\').upper()
        if letter and letter not in letters:
            letters.append(letter)
    return letters


def builtin(session) -> dict[str, dict[str, t.Any]]:
    """Drives every session starts with (lower-case name -> drive)."""
    drives: dict[str, dict[str, t.Any]] = {}
    for letter in filesystem_letters(session.host):
        drives[letter.lower()] = {'name': letter, 'provider': 'FileSystem', 'root': f'{letter}:\\'}
    drives.update({
        'alias': {'name': 'Alias', 'provider': 'Alias', 'root': ''},
        'cert': {'name': 'Cert', 'provider': 'Certificate', 'root': '\\'},
        'env': {'name': 'Env', 'provider': 'Environment', 'root': ''},
        'function': {'name': 'Function', 'provider': 'Function', 'root': ''},
        'hkcu': {'name': 'HKCU', 'provider': 'Registry', 'root': HIVES['hkcu']},
        'hklm': {'name': 'HKLM', 'provider': 'Registry', 'root': HIVES['hklm']},
        'variable': {'name': 'Variable', 'provider': 'Variable', 'root': ''},
        'wsman': {'name': 'WSMan', 'provider': 'WSMan', 'root': ''},
    })
    if 'webadministration' in session.modules:
        # WebAdministration creates the IIS: drive when it loads; its root (\\COMPUTER) is unverified.
        drives['iis'] = {'name': 'IIS', 'provider': 'WebAdministration', 'root': '\\\\' + session.host.name.split('.')[0].upper()}
    return drives


def all_drives(session) -> dict[str, dict[str, t.Any]]:
    """Built-in drives plus the session's (New-PSDrive); the session's entry wins for one name."""
    drives = builtin(session)
    for name, drive in (getattr(session, 'drives', None) or {}).items():
        drives[name.lower()] = drive
    return drives


def find(session, name: str) -> dict[str, t.Any] | None:
    return all_drives(session).get(name.lower())


def provider_available(session, name: str) -> str | None:
    """The provider's canonical name when the session has it, else None."""
    for builtin_name in BUILTIN_PROVIDERS:
        if builtin_name.lower() == name.lower():
            return builtin_name
    module = PROVIDER_MODULES.get(name.lower())
    if module is not None and module in session.modules:
        return {'webadministration': 'WebAdministration', 'cmsite': 'CMSite'}[name.lower()]
    if module is None and name.lower() in api.PROVIDERS:
        return name
    return None


def info(drive: dict[str, t.Any]) -> PSDriveInfo:
    module = {'webadministration': 'WebAdministration', 'cmsite': 'ConfigurationManager'}.get(
        drive['provider'].lower(), 'Microsoft.PowerShell.Core')
    provider = ProviderInfo(Name=drive['provider'], ModuleName=module, Drives=None)
    return PSDriveInfo(Name=drive['name'], Provider=provider, Root=drive['root'],
                       Description=drive.get('description', ''), CurrentLocation='')
