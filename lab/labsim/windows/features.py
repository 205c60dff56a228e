"""ServerManager: Get-WindowsFeature, Install-WindowsFeature, Uninstall-WindowsFeature over
``host.data['features']`` (name -> InstallState).

Behaviour modelled (sources in featuredata / wsus; "unverified" where no source was found):
- installing a feature installs its parents and DEPENDS_ON; WID and SQL connectivity together are
  refused; a WSUS role service records 1 under "Installed Role Services" (unverified, L9) and
  UpdateServices-Services brings WsusUtil.exe;
- a feature whose payload was removed (InstallState Removed: ``Uninstall-WindowsFeature -Remove``,
  or the host config ``removed_features: [names]``) installs only from an existing -Source, else
  DISM's 0x800f081f;
- host config fault ``restart_needed: true``: every change returns RestartNeeded Yes and leaves the
  features InstallPending / UninstallPending (the lab never reboots, so they stay pending);
- uninstalling WSUS returns RestartNeeded No unless that fault is set: Microsoft does not document
  that it needs a restart (review L7 says it "normally" does; no source).
Get-WindowsFeature: https://learn.microsoft.com/powershell/module/servermanager/get-windowsfeature
Install-WindowsFeature: https://learn.microsoft.com/powershell/module/servermanager/install-windowsfeature
Uninstall-WindowsFeature: https://learn.microsoft.com/powershell/module/servermanager/uninstall-windowsfeature
"""

from __future__ import annotations


from labsim.powershell import api
from labsim.windows import errors, featuredata, paths, provider, wildcard, wsus

PRESENT = ('Installed', 'InstallPending')
# Enum numbers are unverified (only the names are documented through their use); PowerShell
# compares and prints enums by name, which is what the scripts do.
INSTALL_STATE = {name: api.PSEnum('Microsoft.Windows.ServerManager.Commands.InstallState', name, number)
                 for number, name in enumerate(('Available', 'Installed', 'InstallPending', 'Removed', 'UninstallPending'))}
RESTART = {name: api.PSEnum('Microsoft.Windows.ServerManager.Commands.RestartState', name, number)
           for number, name in enumerate(('No', 'Yes', 'Maybe'))}
# ServerManagerCmd exit codes (0, 1003, 3010) as the ServerManager enum names them (3010's name unverified).
EXIT_CODE = {name: api.PSEnum('Microsoft.Windows.ServerManager.Commands.FeatureOperationExitCode', name, number)
             for name, number in (('Success', 0), ('NoChangeNeeded', 1003), ('SuccessRestartRequired', 3010))}
NOT_SKIPPED = api.PSEnum('Microsoft.Windows.ServerManager.Commands.SkipReason', 'NotSkipped', 0)
SOURCE_MISSING = ('The request to add or remove features on the specified server failed.\r\nInstallation of one or '
                  'more roles, role services, or features failed.\r\nThe source files could not be found. \r\nUse the '
                  '"Source" option to specify the location of the files that are required to restore the feature. '
                  'For more information on specifying a source location, see '
                  'http://go.microsoft.com/fwlink/?LinkId=243077. Error: 0x800f081f')
# Unverified wording: no public capture of this refusal was found.
WID_AND_SQL = ('The request to add or remove features on the specified server failed.\r\nInstallation of one or more '
               'roles, role services, or features failed. WID Connectivity and SQL Server Connectivity cannot be '
               'installed together.')


class Feature(api.DotNetObject):
    """Microsoft.Windows.ServerManager.Commands.Feature (Get-WindowsFeature's output)."""

    TYPE_NAME = 'Microsoft.Windows.ServerManager.Commands.Feature'
    PROPERTIES = ('Name', 'DisplayName', 'Installed', 'InstallState', 'FeatureType', 'Path', 'Depth', 'DependsOn',
                  'Parent', 'SubFeatures')


class FeatureResult(api.DotNetObject):
    """Microsoft.Windows.ServerManager.Commands.FeatureResult (one changed feature)."""

    TYPE_NAME = 'Microsoft.Windows.ServerManager.Commands.FeatureResult'
    PROPERTIES = ('DisplayName', 'Name', 'Message', 'RestartNeeded', 'SkipReason', 'Success')


class FeatureOperationResult(api.DotNetObject):
    """Microsoft.Windows.ServerManager.Commands.FeatureOperationResult (Install/Uninstall's output)."""

    TYPE_NAME = 'Microsoft.Windows.ServerManager.Commands.FeatureOperationResult'
    PROPERTIES = ('Success', 'RestartNeeded', 'FeatureResult', 'ExitCode')


# ---- state ----------------------------------------------------------------------------------------
def state(host, name: str) -> str:
    """The feature's InstallState; ``removed_features`` of the host config applies until the payload
    is restored by an install."""
    current = host.data['features'].get(name, 'Available')
    if current == 'Available' and name in (host.config.get('removed_features') or []) \
            and name not in host.data.get('features_restored', []):
        return 'Removed'
    return current


def _set(host, name: str, value: str) -> None:
    host.data['features'][name] = value


def _feature(host, name: str) -> Feature:
    current = state(host, name)
    return Feature(Name=name, DisplayName=featuredata.DISPLAY_NAMES.get(name, name), Installed=current == 'Installed',
                   InstallState=INSTALL_STATE[current], FeatureType=featuredata.feature_type(name),
                   Path=featuredata.path(name), Depth=featuredata.depth(name),
                   DependsOn=list(featuredata.DEPENDS_ON.get(name, [])), Parent=featuredata.PARENTS.get(name),
                   SubFeatures=featuredata.children(name))


def _names(inv: api.Invocation) -> list[str]:
    """-Name values (strings, or Feature objects from the pipeline) plus pipeline input."""
    raw = errors.as_list(inv.param('Name')) + list(inv.input or [])
    names = [item.props['Name'] if isinstance(item, Feature) else str(item) for item in raw]
    return list(dict.fromkeys(names))


def _check_known(inv: api.Invocation, names: list[str]) -> None:
    for name in names:
        if name not in featuredata.PARENTS:
            inv.fail(f"ArgumentNotValid: The role, role service, or feature name is not valid: '{name}'. The name was "
                     'not found.', errors.fqid('NameDoesNotExist', inv.name), 'InvalidData',
                     'System.ArgumentException', name)


def _unsupported_sets(inv: api.Invocation) -> None:
    for name in ('Vhd', 'ConfigurationFilePath', 'ComputerName', 'Credential'):
        if inv.has(name):
            raise api.LabUnsupported(f'{inv.name} -{name} is not modelled')


def _result(host, changed: list[str], restart: bool, exit_code: str) -> FeatureOperationResult:
    results = [FeatureResult(DisplayName=featuredata.DISPLAY_NAMES.get(n, n), Name=n, Message='', RestartNeeded=restart,
                             SkipReason=NOT_SKIPPED, Success=True) for n in changed]
    return FeatureOperationResult(Success=True, RestartNeeded=RESTART['Yes' if restart else 'No'],
                                  FeatureResult=results, ExitCode=EXIT_CODE[exit_code])


# ---- Get-WindowsFeature -----------------------------------------------------------------------------
@api.command('Get-WindowsFeature')
def get_windows_feature(inv: api.Invocation) -> list[Feature]:
    """All features, or those matching -Name (wildcards allowed). A name that matches nothing
    returns nothing and no error (review L5: unverified)."""
    _unsupported_sets(inv)
    patterns = errors.as_list(inv.param('Name'))
    names = list(featuredata.PARENTS)
    if patterns:
        names = [n for n in names if any(wildcard.matches(p, n) for p in patterns)]
    return [_feature(inv.host, name) for name in names]


# ---- Install-WindowsFeature ---------------------------------------------------------------------------
def _closure(host, requested: list[str], all_sub: bool) -> list[str]:
    """The requested features with their parents, dependencies and (for a bare role) default role services."""
    wanted: list[str] = []

    def add(name: str) -> None:
        if name in wanted:
            return
        wanted.append(name)
        if featuredata.PARENTS.get(name):
            add(featuredata.PARENTS[name])
        for dependency in featuredata.DEPENDS_ON.get(name, []):
            add(dependency)
        if all_sub:
            for child in featuredata.children(name):
                add(child)

    for name in requested:
        add(name)
        defaults = featuredata.DEFAULT_ROLE_SERVICES.get(name, [])
        siblings = featuredata.children(name)
        if defaults and not any(s in requested or state(host, s) in PRESENT for s in siblings):
            for default in defaults:
                add(default)
    return wanted


def _source_exists(inv: api.Invocation, sources: list[str]) -> bool:
    """-Source: a folder or WIM:<path>:<index> on the host, or a UNC share the host config lists
    under ``source_shares`` (the lab has no network shares otherwise)."""
    shares = [s.lower().rstrip('\\') for s in inv.host.config.get('source_shares') or []]
    for source in sources:
        text = str(source)
        if text.lower().startswith('wim:'):
            text = text[4:].rsplit(':', 1)[0]
        if text.startswith('\\\\'):
            if text.lower().rstrip('\\') in shares:
                return True
            continue
        try:
            loc = paths.resolve(inv.session, text)
        except paths.DriveMissing:
            continue
        if loc.provider == 'FileSystem' and provider.model(loc).exists(inv.session, loc):
            return True
    return False


@api.command('Install-WindowsFeature')
def install_windows_feature(inv: api.Invocation) -> FeatureOperationResult:
    _unsupported_sets(inv)
    requested = _names(inv)
    _check_known(inv, requested)
    host = inv.host
    wanted = _closure(host, requested, bool(inv.param('IncludeAllSubFeature')))
    targets = [n for n in wanted if state(host, n) not in PRESENT]
    if not targets:
        return _result(host, [], False, 'NoChangeNeeded')
    after = {n for n in featuredata.PARENTS if state(host, n) in PRESENT} | set(targets)
    if {'UpdateServices-WidDB', 'UpdateServices-DB'} <= after:
        inv.fail(WID_AND_SQL, errors.fqid('DISMAPI_Error__Failed_To_Enable_Updates', inv.name), 'InvalidOperation',
                 'System.Exception')
    removed = [n for n in targets if state(host, n) == 'Removed']
    if removed and not _source_exists(inv, errors.as_list(inv.param('Source'))):
        inv.fail(SOURCE_MISSING, errors.fqid('DISMAPI_Error__Cbs_Download_Failure', inv.name), 'InvalidOperation',
                 'System.Exception')
    if inv.session.whatif:
        for name in targets:
            inv.session.write_host(f'What if: Performing installation for "[{featuredata.DISPLAY_NAMES.get(name, name)}] '
                                   f'{name}".')
        return _result(host, [], False, 'NoChangeNeeded')
    restart = bool(host.fault('restart_needed'))
    for name in targets:
        _set(host, name, 'InstallPending' if restart else 'Installed')
        if name in removed:
            host.data.setdefault('features_restored', []).append(name)
        if name in wsus.ROLE_SERVICE_VALUE:
            if host.reg_key(wsus.SETUP) is None:  # the parent key of "Installed Role Services"
                host.data['registry'][wsus.SETUP] = {}
            if (host.reg_key(wsus.ROLES) or {}).get(wsus.ROLE_SERVICE_VALUE[name]) != 2:
                host.reg_set(wsus.ROLES, wsus.ROLE_SERVICE_VALUE[name], 1)
    if state(host, 'UpdateServices-Services') in PRESENT:
        wsus.stand_in_binary(host)
    inv.session.tick(40)
    return _result(host, targets, restart, 'SuccessRestartRequired' if restart else 'Success')


# ---- Uninstall-WindowsFeature ---------------------------------------------------------------------------
def _dependents(names: list[str]) -> list[str]:
    """The features with their sub-features and the features that depend on them."""
    out: list[str] = []
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in out:
            continue
        out.append(name)
        pending += featuredata.children(name)
        pending += [f for f, deps in featuredata.DEPENDS_ON.items() if name in deps]
    return out


@api.command('Uninstall-WindowsFeature')
def uninstall_windows_feature(inv: api.Invocation) -> FeatureOperationResult:
    """Removes the features and their sub-features (keeps files and SUSDB); -Remove also deletes the
    payload (InstallState Removed)."""
    _unsupported_sets(inv)
    requested = _names(inv)
    _check_known(inv, requested)
    host = inv.host
    remove_payload = bool(inv.param('Remove'))
    affected = _dependents(requested)
    targets = [n for n in affected if state(host, n) in PRESENT or (remove_payload and state(host, n) != 'Removed')]
    if not targets:
        return _result(host, [], False, 'NoChangeNeeded')
    if inv.session.whatif:
        for name in targets:
            inv.session.write_host(f'What if: Performing uninstallation for '
                                   f'"[{featuredata.DISPLAY_NAMES.get(name, name)}] {name}".')
        return _result(host, [], False, 'NoChangeNeeded')
    restart = bool(host.fault('restart_needed'))
    for name in targets:
        _set(host, name, 'Removed' if remove_payload else 'UninstallPending' if restart else 'Available')
        if remove_payload and name in host.data.get('features_restored', []):
            host.data['features_restored'].remove(name)
        if name in wsus.ROLE_SERVICE_VALUE:
            host.reg_delete_value(wsus.ROLES, wsus.ROLE_SERVICE_VALUE[name])
    if state(host, 'UpdateServices-Services') not in PRESENT + ('UninstallPending',) and host.path(wsus.WSUSUTIL).exists():
        host.path(wsus.WSUSUTIL).unlink()
    inv.session.tick(30)
    return _result(host, targets, restart, 'SuccessRestartRequired' if restart else 'Success')
