"""The shipped scripts: every one compiles (only syntax the interpreter implements), and a few run end
to end against tiny models registered here (the real ones live in labsim.windows / labsim.configmgr)."""

from __future__ import annotations

import ntpath
import pathlib
import time

import pytest
from labsim.powershell.api import DotNetObject, NativeRun, PSEnum, PSObject
from labsim.powershell.interpreter import Session, run
from labsim.powershell.syntax import compile_script

from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import load_script

SCRIPT_DIR = pathlib.Path(__file__).resolve().parents[3] / 'plugins' / 'plugin_utils' / 'powershell'
SCRIPTS = sorted(path.stem for path in SCRIPT_DIR.glob('*.ps1') if not path.name.startswith('_'))
TOOL = 'C:\\Program Files\\Update Services\\Tools\\WsusUtil.exe'


@pytest.mark.parametrize('name', SCRIPTS)
def test_every_script_uses_only_syntax_the_interpreter_implements(name):
    """Compiling walks every node of the tree-sitter tree and refuses any type it does not handle."""
    assert compile_script(load_script(name)).body.statements


class Feature(DotNetObject):
    TYPE_NAME = 'Microsoft.Windows.ServerManager.Commands.Feature'
    PROPERTIES = ('Name', 'InstallState')


class FeatureResult(DotNetObject):
    TYPE_NAME = 'Microsoft.Windows.ServerManager.Commands.FeatureOperationResult'
    PROPERTIES = ('Success', 'RestartNeeded')


class VersionInfo(DotNetObject):
    TYPE_NAME = 'System.Diagnostics.FileVersionInfo'
    PROPERTIES = ('ProductVersion',)


class FileInfo(DotNetObject):
    TYPE_NAME = 'System.IO.FileInfo'
    PROPERTIES = ('VersionInfo',)


class SecurityIdentifier(DotNetObject):
    TYPE_NAME = 'System.Security.Principal.SecurityIdentifier'
    PROPERTIES = ('Value',)


class LocalGroup(DotNetObject):
    TYPE_NAME = 'Microsoft.PowerShell.Commands.LocalGroup'
    PROPERTIES = ('Name', 'SID')


class Host:
    """Files under a temporary root, as HostState.path maps them."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        self.data: dict = {'clock': 0, 'env': {'ProgramFiles': 'C:\\Program Files', 'COMPUTERNAME': 'SUP01'}}

    def path(self, windows_path: str) -> pathlib.Path:
        drive, _, rest = windows_path.partition(':')
        return self.root.joinpath(drive.upper(), *[p for p in rest.split('\\') if p])


@pytest.fixture
def windows(models, tmp_path):
    """Just the commands wsus_install_* and wsus_connection_account_wsus_host_set call."""
    host = Host(tmp_path)
    calls: list[tuple[str, dict]] = []
    installed = {'UpdateServices-Services': 'Available', 'UpdateServices-WidDB': 'Available'}

    def record(invocation):
        calls.append((invocation.name, dict(invocation.params)))

    def get_feature(invocation):
        record(invocation)
        names = invocation.param('Name')
        names = names if isinstance(names, list) else [names]
        state = PSEnum('Microsoft.Windows.ServerManager.Commands.InstallState', 'Available', 0)
        return [Feature(Name=name, InstallState=state) for name in names if name in installed]

    def install(invocation):
        record(invocation)
        return FeatureResult(Success=True, RestartNeeded=PSEnum('Microsoft.Windows.ServerManager.Commands.RestartNeeded', 'No', 1))

    def test_path(invocation):
        return host.path(invocation.param('LiteralPath')).exists()

    def join_path(invocation):
        return ntpath.join(invocation.param('Path'), invocation.param('ChildPath'))

    def get_item(invocation):
        return FileInfo(VersionInfo=VersionInfo(ProductVersion='10.0.20348.1'))

    def get_local_group(invocation):
        sid = invocation.param('SID')
        return LocalGroup(Name=f'group {sid}', SID=SecurityIdentifier(Value=sid))

    def wsusutil(session, path, argv):
        calls.append(('WsusUtil.exe', {'argv': argv}))
        return NativeRun(0, ['Post install is starting', 'Post install has successfully completed'], [])

    for name, model in (('Get-WindowsFeature', get_feature), ('Install-WindowsFeature', install), ('Test-Path', test_path),
                        ('Join-Path', join_path), ('Get-Item', get_item), ('Add-LocalGroupMember', record),
                        ('Remove-LocalGroupMember', record), ('Get-LocalGroup', get_local_group),
                        ('Get-LocalGroupMember', lambda invocation: [])):
        models.cmdlet(name, model)
    models.native('WsusUtil.exe', wsusutil)
    tool = host.path(TOOL)
    tool.parent.mkdir(parents=True)
    tool.write_text('')
    return host, calls


def run_script(name: str, parameters: dict, host) -> tuple:
    ansible = PSObject({'Changed': True, 'Failed': False, 'CheckMode': False})
    session = Session(host, variables={'Ansible': ansible})
    result = run(load_script(name), script_name=f'{name}.ps1', parameters=parameters, session=session, load_models=False)
    return result, ansible, session


def test_wsus_install_probe_runs_end_to_end(windows):
    host, calls = windows
    result, ansible, _ = run_script('wsus_install_get', {'FeatureName': ['UpdateServices-Services', 'UpdateServices-DB']},
                                    host)
    assert result.terminating is None and result.errors == []
    report = result.output[0].properties
    assert report['features'] == {'UpdateServices-Services': 'Available'}
    assert report['setup'] == {} and report['version'] == '10.0.20348.1'
    assert ansible.properties['Changed'] is False
    assert calls == [('Get-WindowsFeature', {'Name': ['UpdateServices-Services', 'UpdateServices-DB']})]


def test_wsus_install_apply_passes_content_dir_as_windows_powershell_51_does(windows):
    host, calls = windows
    result, _, session = run_script('wsus_install_set', {'InstallFeature': 'UpdateServices-Services', 'PostInstall': True,
                                                         'ContentDir': 'D:\\WSUS Content\\'}, host)
    assert result.terminating is None, result.terminating
    report = result.output[0].properties
    assert report['restart_needed'] is False and report['postinstall'].properties['exit_code'] == 0
    # compare-and-set: the feature's install state is read again before the first change
    assert calls[0] == ('Get-WindowsFeature', {'Name': ['UpdateServices-Services']})
    assert calls[1] == ('Install-WindowsFeature', {'Name': ['UpdateServices-Services']})
    assert calls[2] == ('WsusUtil.exe', {'argv': ['postinstall', 'CONTENT_DIR=D:\\WSUS Content"']})
    assert ('wsus_install_set.ps1', 1) not in session.executed and len(session.executed) > 20


def test_wsus_connection_account_apply_binds_against_the_catalog(windows):
    host, calls = windows
    result, _, _ = run_script('wsus_connection_account_wsus_host_set',
                              {'MemberSid': 'S-1-5-21-1-2-3-1105', 'AddToGroupSid': ['S-1-5-32-544'],
                               'RemoveFromGroupSid': 'S-1-5-21-1-2-3-1010'}, host)
    assert result.terminating is None
    assert calls == [('Add-LocalGroupMember', {'SID': 'S-1-5-32-544', 'Member': 'S-1-5-21-1-2-3-1105'}),
                     ('Remove-LocalGroupMember', {'SID': 'S-1-5-21-1-2-3-1010', 'Member': 'S-1-5-21-1-2-3-1105'})]
    assert result.output == []  # the apply script writes nothing; the scalar RemoveFromGroupSid bound as [string[]]


def test_a_probe_runs_well_under_50_ms_of_interpreter_time(windows):
    host, _ = windows
    run_script('wsus_install_get', {'FeatureName': ['UpdateServices-Services']}, host)  # compiled and cached
    start = time.perf_counter()
    for _ in range(10):
        run_script('wsus_install_get', {'FeatureName': ['UpdateServices-Services']}, host)
    assert (time.perf_counter() - start) / 10 < 0.05

