"""The item cmdlets over every provider: Test-Path, Get-Item, Get-ChildItem, Get-ItemProperty,
Set-ItemProperty, Get-Content. Paths resolve by prefix (C:, HKLM:, Cert:, IIS:, a New-PSDrive
drive); -Path expands wildcards part by part as PowerShell's globber does, -LiteralPath never.

Test-Path: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/test-path?view=powershell-5.1
Get-Item: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-item?view=powershell-5.1
Get-ChildItem: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-childitem?view=powershell-5.1
Get-ItemProperty: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-itemproperty?view=powershell-5.1
Set-ItemProperty: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/set-itemproperty?view=powershell-5.1
Get-Content: https://learn.microsoft.com/powershell/module/microsoft.powershell.management/get-content?view=powershell-5.1
"""

from __future__ import annotations

import typing as t

from labsim.powershell import api
from labsim.windows import drives, errors, paths, provider, wildcard
from labsim.windows.paths import Location

# Provider models register themselves on import.
from labsim.windows import certificates, filesystem, registry  # noqa: F401  pylint: disable=unused-import


def _paths(inv: api.Invocation, default: str | None = None) -> tuple[list[str], bool]:
    """The -Path or -LiteralPath values, and whether wildcards apply."""
    if inv.has('LiteralPath'):
        return errors.as_list(inv.param('LiteralPath')), False
    if inv.has('Path'):
        return errors.as_list(inv.param('Path')), True
    return ([default] if default is not None else []), True


def _check_not_empty(inv: api.Invocation, values: list[str]) -> None:
    """-Path / -LiteralPath are [ValidateNotNullOrEmpty] (Test-Path, Get-Item, Get-Content...)."""
    for value in values:
        if value is None or value == '':
            parameter = 'LiteralPath' if inv.has('LiteralPath') else 'Path'
            inv.fail(**errors.empty_argument(inv.name, parameter, value))


def glob(session, path: str) -> list[Location]:
    """Expand wildcards in each part (LocationGlobber): the existing items that match, in name order."""
    first = paths.resolve(session, path if not wildcard.has_wildcards(path) else _literal_prefix(path))
    pattern_parts = paths.split_parts(path)[len(paths.split_parts(_literal_prefix(path))):]
    current = [first]
    for part in pattern_parts:
        following: list[Location] = []
        for loc in current:
            model = provider.model(loc)
            if wildcard.has_wildcards(part):
                if model.exists(session, loc) and model.is_container(session, loc):
                    following += [loc.child(name) for name in model.child_names(session, loc)
                                  if wildcard.matches(part, name)]
            elif part == '..':
                following.append(loc.parent)
            elif part != '.':
                following.append(loc.child(wildcard.unescape(part)))
        current = following
    return [loc for loc in current if provider.model(loc).exists(session, loc)]


def _literal_prefix(path: str) -> str:
    """The path up to the first part holding a wildcard (that part excluded)."""
    normalized = path.replace('/', '\\')
    parts = normalized.split('\\')
    kept = []
    for part in parts:
        if wildcard.has_wildcards(part):
            break
        kept.append(part)
    prefix = '\\'.join(kept)
    return prefix + '\\' if prefix.endswith(':') else prefix


def _locate(inv: api.Invocation, path: str, expand: bool) -> list[Location] | None:
    """The locations a path names, writing DriveNotFound / PathNotFound as the cmdlets do; None on error."""
    try:
        if expand and wildcard.has_wildcards(path):
            return glob(inv.session, path)
        loc = paths.resolve(inv.session, path if not expand else wildcard.unescape(path))
    except paths.DriveMissing as missing:
        inv.write_error(**errors.drive_not_found(inv.name, missing.name))
        return None
    if not provider.model(loc).exists(inv.session, loc):
        inv.write_error(**errors.path_not_found(inv.name, path))
        return None
    return [loc]


@api.command('Test-Path')
def test_path(inv: api.Invocation) -> list[bool]:
    """True/False per path; a missing drive is False, not an error. -PathType Leaf|Container|Any."""
    values, expand = _paths(inv)
    _check_not_empty(inv, values)
    if inv.param('IsValid'):
        raise api.LabUnsupported('Test-Path -IsValid is not modelled')
    kind = str(inv.param('PathType') or 'Any').lower()
    results = []
    for path in values:
        try:
            found = glob(inv.session, path) if expand and wildcard.has_wildcards(path) else \
                [paths.resolve(inv.session, path if not expand else wildcard.unescape(path))]
        except paths.DriveMissing:
            results.append(False)
            continue
        found = [loc for loc in found if provider.model(loc).exists(inv.session, loc)]
        if kind in ('container', 'leaf'):
            wanted = kind == 'container'
            found = [loc for loc in found if provider.model(loc).is_container(inv.session, loc) == wanted]
        results.append(bool(found))
    return results


@api.command('Get-Item')
def get_item(inv: api.Invocation) -> list[t.Any]:
    values, expand = _paths(inv)
    _check_not_empty(inv, values)
    items = []
    for path in values:
        for loc in _locate(inv, path, expand) or []:
            items.append(provider.model(loc).item(inv.session, loc))
    return items


@api.command('Get-ChildItem')
def get_child_item(inv: api.Invocation) -> list[t.Any]:
    """SessionStateContainer.GetChildItems: a literal container path lists its children; a path with
    wildcards returns the matching items themselves (their children only with -Recurse)."""
    for unsupported in ('Include', 'Exclude', 'Attributes', 'Depth', 'Hidden', 'ReadOnly', 'System'):
        if inv.has(unsupported):
            raise api.LabUnsupported(f'Get-ChildItem -{unsupported} is not modelled')
    values, expand = _paths(inv, default='.')
    recurse = bool(inv.param('Recurse'))
    found: list[Location] = []
    for path in values:
        globbed = expand and wildcard.has_wildcards(path)
        for loc in _locate(inv, path, expand) or []:
            model = provider.model(loc)
            if (not globbed or recurse) and model.is_container(inv.session, loc):
                found += _children(inv.session, loc, recurse)
            else:
                found.append(loc)
    name_filter = inv.param('Filter')
    if name_filter:
        # Only the FileSystem provider supports filters (Get-ChildItem -Filter, 5.1 documentation);
        # the others answer "Cannot call method. The provider does not support the use of filters."
        if any(loc.provider != 'FileSystem' for loc in found):
            raise api.LabUnsupported('Get-ChildItem -Filter on a provider other than FileSystem is not modelled')
        found = [loc for loc in found if filesystem.filter_matches(str(name_filter), loc.name)]
    if inv.param('Directory') or inv.param('File'):
        if any(loc.provider != 'FileSystem' for loc in found):
            raise api.LabUnsupported('-Directory/-File are FileSystem dynamic parameters')
        wanted = bool(inv.param('Directory'))
        found = [loc for loc in found if provider.model(loc).is_container(inv.session, loc) == wanted]
    if inv.param('Name'):
        return [loc.name for loc in found]
    return [provider.model(loc).item(inv.session, loc) for loc in found]


def _children(session, loc: Location, recurse: bool) -> list[Location]:
    model = provider.model(loc)
    out = []
    for name in model.child_names(session, loc):
        child = loc.child(name)
        out.append(child)
        if recurse and model.is_container(session, child):
            out += _children(session, child, recurse)
    return out


def _property_object(inv: api.Invocation, loc: Location, values: dict[str, t.Any]) -> api.PSObject:
    """What the Registry provider writes for Get-ItemProperty: the values plus the PS* note properties."""
    properties = dict(values)
    properties.update(PSPath=loc.ps_path, PSParentPath=loc.parent.ps_path, PSChildName=loc.name,
                      PSDrive=drives.info(drives.find(inv.session, loc.drive)),
                      PSProvider=drives.info(drives.find(inv.session, loc.drive)).props['Provider'])
    return api.PSObject(properties)


@api.command('Get-ItemProperty')
def get_item_property(inv: api.Invocation) -> list[api.PSObject]:
    """-Name for a value the key lacks: PSArgumentException "Property X does not exist at path Y."."""
    values, expand = _paths(inv)
    names = errors.as_list(inv.param('Name'))
    out = []
    for path in values:
        for loc in _locate(inv, path, expand) or []:
            current = provider.model(loc).properties(inv.session, loc)
            if names:
                selected = {}
                for name in names:
                    match = next((n for n in current if n.lower() == name.lower()), None)
                    if match is None:
                        inv.write_error(f'Property {name} does not exist at path {loc.provider_path}.',
                                        errors.fqid('System.Management.Automation.PSArgumentException', inv.name),
                                        'InvalidArgument', 'System.Management.Automation.PSArgumentException', name)
                    else:
                        selected[match] = current[match]
                if not selected:
                    continue
                current = selected
            out.append(_property_object(inv, loc, current))
    return out


@api.command('Set-ItemProperty')
def set_item_property(inv: api.Invocation) -> list[api.PSObject] | None:
    values, expand = _paths(inv)
    name = inv.param('Name')
    value = inv.param('Value')
    out = []
    for path in values:
        for loc in _locate(inv, path, expand) or []:
            if inv.session.whatif:
                inv.session.write_host(f'What if: Performing the operation "Set Property" on target '
                                       f'"Item: {loc.provider_path} Property: {name}".')
                continue
            provider.model(loc).set_property(inv.session, loc, name, value)
            if inv.param('PassThru'):
                out.append(_property_object(inv, loc, {name: value}))
    return out or None


@api.command('Get-Content')
def get_content(inv: api.Invocation) -> t.Any:
    """Lines of a text file (UTF-8 / ANSI text as the lab writes it); -Tail, -TotalCount, -Raw."""
    for unsupported in ('Wait', 'Stream', 'Delimiter', 'ReadCount', 'Include', 'Exclude', 'Filter'):
        if inv.has(unsupported):
            raise api.LabUnsupported(f'Get-Content -{unsupported} is not modelled')
    values, expand = _paths(inv)
    _check_not_empty(inv, values)
    out: list[str] = []
    for path in values:
        for loc in _locate(inv, path, expand) or []:
            model = provider.model(loc)
            if model.is_container(inv.session, loc):
                inv.write_error(f"Access to the path '{loc.provider_path}' is denied.",
                                errors.fqid('GetContentReaderUnauthorizedAccessError', inv.name), 'PermissionDenied',
                                'System.UnauthorizedAccessException', loc.provider_path)
                continue
            text = model.read_bytes(inv.session, loc).decode('utf-8-sig', 'replace')
            if inv.param('Raw'):
                out.append(text)
                continue
            lines = text.splitlines()
            if inv.param('TotalCount') is not None and int(inv.param('TotalCount')) >= 0:
                lines = lines[:int(inv.param('TotalCount'))]
            if inv.param('Tail') is not None and int(inv.param('Tail')) >= 0:
                count = int(inv.param('Tail'))
                lines = lines[-count:] if count else []
            out += lines
    return out
