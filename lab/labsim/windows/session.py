"""Session cmdlets: modules (Import-Module, Get-Module), drives (Get-PSDrive, New-PSDrive), the
location stack (Push-Location, Pop-Location) and Join-Path.

Import-Module: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/import-module?view=powershell-5.1
Get-Module: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/get-module?view=powershell-5.1
Get-PSDrive: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-psdrive?view=powershell-5.1
New-PSDrive: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/new-psdrive?view=powershell-5.1
Push-Location: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/push-location?view=powershell-5.1
Pop-Location: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/pop-location?view=powershell-5.1
Join-Path: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/join-path?view=powershell-5.1
"""

from __future__ import annotations

import ntpath
import typing as t

from labsim.powershell import api
from labsim.windows import drives, errors, paths, provider, wildcard

#: the spelling of module names as Get-Module shows them (lower-case name -> name)
MODULE_NAMES: dict[str, str] = {'webadministration': 'WebAdministration', 'configurationmanager': 'ConfigurationManager'}


class PSModuleInfo(api.DotNetObject):
    """System.Management.Automation.PSModuleInfo (what Get-Module / Import-Module -PassThru write)."""

    TYPE_NAME = 'System.Management.Automation.PSModuleInfo'
    PROPERTIES = ('Name', 'Path', 'ModuleType')

    def ps_to_string(self) -> str:
        return self.props['Name']


def _module_not_found(inv: api.Invocation, name: str) -> t.NoReturn:
    inv.fail(f"The specified module '{name}' was not loaded because no valid module file was found in any "
             'module directory.', errors.fqid('Modules_ModuleNotFound', inv.name), 'ResourceUnavailable',
             'System.IO.FileNotFoundException', name)


@api.command('Import-Module')
def import_module(inv: api.Invocation) -> list[PSModuleInfo] | None:
    """By name, or by a .psd1/.psm1 path (the module's name is the file's stem). A module is known to
    the lab through api.MODULES; its loader decides whether this host has it."""
    imported = []
    for requested in errors.as_list(inv.param('Name')):
        if not isinstance(requested, str):
            raise api.LabUnsupported('Import-Module of a PSModuleInfo object is not modelled')
        by_path = '\\' in requested or '/' in requested or requested.lower().endswith(('.psd1', '.psm1', '.dll'))
        name = ntpath.splitext(ntpath.basename(requested.replace('/', '\\')))[0] if by_path else requested
        loader = api.MODULES.get(name.lower())
        if loader is None:
            if by_path and _file_exists(inv.session, requested):
                raise api.LabUnsupported(f'module {requested} exists on the host but has no model in the lab')
            _module_not_found(inv, requested)
        loader(inv, requested if by_path else None)
        inv.session.modules.add(name.lower())
        MODULE_NAMES.setdefault(name.lower(), name)
        imported.append(PSModuleInfo(Name=MODULE_NAMES[name.lower()], Path=requested if by_path else None,
                                     ModuleType='Manifest'))
    return imported if inv.param('PassThru') else None


def _file_exists(session, path: str) -> bool:
    try:
        loc = paths.resolve(session, path)
    except paths.DriveMissing:
        return False
    return loc.provider == 'FileSystem' and provider.model(loc).exists(session, loc)


@api.command('Get-Module')
def get_module(inv: api.Invocation) -> list[PSModuleInfo]:
    """Imported modules whose name matches -Name (wildcards allowed); nothing, no error, otherwise."""
    if inv.param('ListAvailable') or inv.has('FullyQualifiedName'):
        raise api.LabUnsupported('Get-Module -ListAvailable / -FullyQualifiedName is not modelled')
    patterns = errors.as_list(inv.param('Name')) or ['*']
    found = []
    for module in sorted(inv.session.modules):
        if any(wildcard.matches(pattern, module) for pattern in patterns):
            found.append(PSModuleInfo(Name=MODULE_NAMES.get(module, module), Path=None, ModuleType='Manifest'))
    return found


@api.command('Get-PSDrive')
def get_psdrive(inv: api.Invocation) -> list[drives.PSDriveInfo]:
    """-PSProvider filters; a -Name without wildcards that matches nothing is DriveNotFound."""
    available = drives.all_drives(inv.session)
    wanted_providers = errors.as_list(inv.param('PSProvider'))
    for wanted in wanted_providers:
        if drives.provider_available(inv.session, wanted) is None:
            inv.write_error(**errors.provider_not_found(inv.name, wanted))
            return []
    selected = [d for d in available.values()
                if not wanted_providers or any(d['provider'].lower() == p.lower() for p in wanted_providers)]
    names = errors.as_list(inv.param('Name')) or errors.as_list(inv.param('LiteralName'))
    if not names:
        return [drives.info(d) for d in sorted(selected, key=lambda d: d['name'].lower())]
    out = []
    for name in names:
        literal = inv.has('LiteralName') or not wildcard.has_wildcards(name)
        matched = [d for d in selected if (d['name'].lower() == name.lower() if literal
                                           else wildcard.matches(name, d['name']))]
        if not matched and literal:
            inv.write_error(**errors.drive_not_found(inv.name, name))
        out += [drives.info(d) for d in matched]
    return out


@api.command('New-PSDrive')
def new_psdrive(inv: api.Invocation) -> drives.PSDriveInfo | None:
    """A drive of a built-in provider (FileSystem, Registry: the root must exist) or of a provider
    registered in api.PROVIDERS (CMSite), which exists once its module is imported."""
    name, provider_name, root = inv.param('Name'), inv.param('PSProvider'), inv.param('Root')
    if inv.param('Persist'):
        raise api.LabUnsupported('New-PSDrive -Persist (mapped network drives) is not modelled')
    canonical = drives.provider_available(inv.session, provider_name)
    if canonical is None:
        inv.write_error(**errors.provider_not_found(inv.name, provider_name))
        return None
    if drives.find(inv.session, name) is not None:
        inv.write_error(f"A drive with the name '{name}' already exists.", errors.fqid('DriveAlreadyExists', inv.name),
                        'ResourceExists', 'System.Management.Automation.SessionStateException', name)
        return None
    if inv.session.whatif:
        inv.session.write_host(f'What if: Performing the operation "New drive" on target "Name: {name} '
                               f'Provider: {canonical} Root: {root}".')
        return None
    if canonical.lower() in api.PROVIDERS:
        drive = api.PROVIDERS[canonical.lower()](inv, name, root)
    elif canonical in ('FileSystem', 'Registry'):
        try:
            loc = paths.resolve(inv.session, root if canonical == 'FileSystem' else 'Registry::' + root)
            ok = provider.model(loc).exists(inv.session, loc) and provider.model(loc).is_container(inv.session, loc)
        except paths.DriveMissing:
            ok = False
        if not ok:
            inv.write_error(f'The specified drive root "{root}" either does not exist, or it is not a folder.',
                            errors.fqid('DriveRootError', inv.name), 'ReadError', 'System.IO.IOException', name)
            return None
        drive = {'name': name, 'provider': canonical, 'root': loc.provider_path}
    else:
        raise api.LabUnsupported(f'New-PSDrive for the {canonical} provider is not modelled')
    if drive is None:
        return None
    inv.session.drives[name.lower()] = drive
    return drives.info(drive)


@api.command('Push-Location')
def push_location(inv: api.Invocation) -> t.Any:
    """PushLocationCommand pushes the current location first, then sets the new one; a failure to
    set it is a non-terminating error and leaves the pushed entry (PowerShell source)."""
    if inv.has('StackName'):
        raise api.LabUnsupported('Push-Location -StackName is not modelled')
    inv.session.location_stack.append(inv.session.location)
    target = inv.param('LiteralPath') if inv.has('LiteralPath') else inv.param('Path')
    if target is None:
        return None
    try:
        loc = paths.resolve(inv.session, target)
    except paths.DriveMissing as missing:
        inv.write_error(**errors.drive_not_found(inv.name, missing.name))
        return None
    model = provider.PROVIDER_MODELS.get(loc.provider.lower())
    if loc.parts and model is None:
        raise api.LabUnsupported(f'Push-Location below the root of a {loc.provider} drive is not modelled')
    if model is not None and not (model.exists(inv.session, loc) and model.is_container(inv.session, loc)):
        inv.write_error(**errors.path_not_found(inv.name, target))
        return None
    inv.session.location = loc.path
    return _path_info(loc) if inv.param('PassThru') else None


@api.command('Pop-Location')
def pop_location(inv: api.Invocation) -> t.Any:
    """Back to the last pushed location; an empty stack changes nothing."""
    if inv.has('StackName'):
        raise api.LabUnsupported('Pop-Location -StackName is not modelled')
    if not inv.session.location_stack:
        return None
    inv.session.location = inv.session.location_stack.pop()
    if inv.param('PassThru'):
        return _path_info(paths.resolve(inv.session, inv.session.location))
    return None


class PathInfo(api.DotNetObject):
    """System.Management.Automation.PathInfo (-PassThru of the location cmdlets)."""

    TYPE_NAME = 'System.Management.Automation.PathInfo'
    PROPERTIES = ('Path', 'ProviderPath', 'Drive', 'Provider')

    def ps_to_string(self) -> str:
        return self.props['Path']


def _path_info(loc: paths.Location) -> PathInfo:
    return PathInfo(Path=loc.path, ProviderPath=loc.provider_path, Drive=loc.drive, Provider=loc.provider)


@api.command('Join-Path')
def join_path(inv: api.Invocation) -> list[str]:
    """Joins without resolving (.. and wildcards stay); the drive of -Path must exist; -Path is
    [ValidateNotNullOrEmpty] (ParameterBindingValidationException for '' or $null)."""
    if inv.param('Resolve'):
        raise api.LabUnsupported('Join-Path -Resolve is not modelled')
    parents = inv.param('Path')
    parents = errors.as_list(parents) if parents is not None else [None]
    child = inv.param('ChildPath')
    child = '' if child is None else str(child)
    out = []
    for parent in parents:
        if parent is None or parent == '':
            inv.fail(**errors.empty_argument(inv.name, 'Path', parent))
        parent = str(parent)
        try:
            paths.resolve(inv.session, parent)
        except paths.DriveMissing as missing:
            inv.write_error(**errors.drive_not_found(inv.name, missing.name))
            continue
        out.append(paths.join(parent, child))
    return out
