"""The collection as a user gets it: built, installed with ``ansible-galaxy``, used from a project outside the repository.

The tarball is built from this checkout and installed with ``ansible-galaxy collection install --offline``
into ``~/.ansible/collections`` of a fresh HOME (Galaxy servers are unreachable here: ansible.windows comes
from the ``ansible`` package, as the README says). Every command runs in a clean environment (no ANSIBLE_* or
LAB_* variables of the caller, Ansible's commands on PATH as pipx installs them), from a project directory outside the
repository, so nothing of the checkout (build/collections, lab/env.sh) can stand in for the installed copy.

The lab recipe is read from docs/lab.md ("Using the lab from your own project"): its files are written as
shown and its shell blocks run as shown, so the documentation and this test cannot drift apart.
"""

from __future__ import annotations

import ast
import json
import os
import pathlib
import re
import subprocess
import sys
import tarfile

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
LAB_DOC = ROOT / 'docs' / 'lab.md'
LAB_SECTION = '## Using the lab from your own project'
LAB_HOSTS = {'cm01.contoso.com', 'sup01.contoso.com', 'sup02.contoso.com'}

# What needs the repository (the lab, the test harness, dev tooling) and so must not ship.
NOT_SHIPPED = ('extensions/', 'lab/', 'tools/', 'bench/', 'build/', 'tests/conftest.py', 'tests/fidelity/',
               'tests/unit/', 'tests/e2e/', 'tests/installed/', 'pytest.ini', 'Makefile', 'requirements.txt',
               'requirements.in', 'docs/lab.md', 'changelogs/fragments/', 'execution-environment.yml', '.venv/')
# What a user of the installed collection needs besides the content directories.
SHIPPED = ('README.md', 'COPYING', 'CHANGELOG.rst', 'changelogs/changelog.yaml', 'changelogs/config.yaml',
           'meta/runtime.yml', 'meta/execution-environment.yml', 'meta/ee-requirements.txt',
           'docs/modules/README.md', 'docs/user-guide.md')


def clean_env(home: pathlib.Path, **extra: str) -> dict[str, str]:
    """A user's shell: a fresh HOME, nothing of the caller's Ansible or lab setup, and Ansible's commands on PATH
    the way pipx installs them (``~/.local/bin``): the ``python3`` on PATH is the system's, not the one that
    runs Ansible, as for most users."""
    tools = home / '.local' / 'bin'
    tools.mkdir(parents=True, exist_ok=True)
    for tool in ('ansible', 'ansible-config', 'ansible-doc', 'ansible-galaxy', 'ansible-playbook'):
        if not (tools / tool).exists():
            (tools / tool).symlink_to(BIN / tool)
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(('ANSIBLE_', 'LAB_', 'MOLECULE_', 'PYTHON', 'VIRTUAL_ENV'))}
    env.update(PATH=f'{tools}{os.pathsep}/usr/bin{os.pathsep}/bin', HOME=str(home), ANSIBLE_NOCOLOR='1')
    env.update(extra)
    return env


def run(command: list[str], cwd: pathlib.Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    proc = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, f'{command} failed ({proc.returncode}):\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}'
    return proc


@pytest.fixture(scope='module')
def installed(tmp_path_factory):
    """The tarball built from this checkout, installed as the README says, into a fresh HOME."""
    home = tmp_path_factory.mktemp('home')
    dist = tmp_path_factory.mktemp('dist')
    env = clean_env(home)
    run([str(BIN / 'ansible-galaxy'), 'collection', 'build', '--output-path', str(dist), str(ROOT)], dist, env)
    (tarball,) = dist.glob('configmgr-sup-*.tar.gz')
    run([str(BIN / 'ansible-galaxy'), 'collection', 'install', '--offline', str(tarball)], home, env)
    collections = home / '.ansible' / 'collections'
    assert (collections / 'ansible_collections' / 'configmgr' / 'sup' / 'MANIFEST.json').is_file()
    return {'home': home, 'tarball': tarball, 'collections': collections,
            'copy': collections / 'ansible_collections' / 'configmgr' / 'sup'}


def source_files(*tops: str) -> set[str]:
    return {str(path.relative_to(ROOT)) for top in tops for path in (ROOT / top).rglob('*')
            if path.is_file() and '__pycache__' not in path.parts and path.suffix != '.pyc'}


def test_tarball_ships_the_content_and_leaves_out_what_needs_the_repository(installed):
    with tarfile.open(installed['tarball']) as archive:
        names = {member.name for member in archive.getmembers() if member.isfile()}
    leaked = sorted(name for name in names if name.startswith(NOT_SHIPPED))
    assert not leaked, f'files that need the repository (lab, tests, tooling) are in the tarball: {leaked}'
    missing = sorted((source_files('plugins', 'roles', 'playbooks', 'meta') | set(SHIPPED)) - names)
    assert not missing, f'files a user of the installed collection needs are not in the tarball: {missing}'


def test_installed_copy_is_the_only_configmgr_sup_and_finds_ansible_windows(installed):
    env = clean_env(installed['home'], ANSIBLE_COLLECTIONS_PATH=str(installed['collections']))
    listing = json.loads(run([str(BIN / 'ansible-galaxy'), 'collection', 'list', '--format', 'json'],
                             installed['home'], env).stdout)
    where = {path: set(found) for path, found in listing.items()}
    ours = [path for path, found in where.items() if 'configmgr.sup' in found]
    assert ours == [str(installed['collections'] / 'ansible_collections')]
    assert any('ansible.windows' in found for found in where.values()), 'the dependency ansible.windows is missing'


def expected_names() -> dict[str, set[str]]:
    """Every module, filter and role of the source tree, by FQCN."""
    modules = {path.stem for path in (ROOT / 'plugins' / 'modules').glob('*.py') if path.stem != '__init__'}
    filters = set()
    for path in (ROOT / 'plugins' / 'filter').glob('*.py'):
        for node in ast.walk(ast.parse(path.read_text(encoding='utf-8'))):
            if isinstance(node, ast.FunctionDef) and node.name == 'filters':
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Dict):
                        filters.update(key.value for key in ret.value.keys)
    roles = {path.parent.parent.name for path in (ROOT / 'roles').glob('*/meta/argument_specs.yml')}
    return {kind: {f'configmgr.sup.{name}' for name in names}
            for kind, names in (('module', modules), ('filter', filters), ('role', roles))}


@pytest.mark.parametrize('kind', ['module', 'filter', 'role'])
def test_ansible_doc_documents_every_plugin_and_role_from_the_installed_copy(installed, kind):
    env = clean_env(installed['home'], ANSIBLE_COLLECTIONS_PATH=str(installed['collections']))
    doc = [str(BIN / 'ansible-doc'), '-t', kind]
    listed = json.loads(run(doc + ['-l', 'configmgr.sup', '--json'], installed['home'], env).stdout)
    expected = expected_names()[kind]
    assert expected and set(listed) == expected
    names = sorted(expected)
    if kind == 'role':
        for name in names:
            text = run(doc + [name], installed['home'], env)
            assert not re.search(r'\[(WARNING|ERROR)\]', text.stderr), text.stderr
            header = text.stdout.split('\n', 1)[0]  # '> ROLE: *name* (path)' (2.19), '> NAME    (path)' (2.16)
            assert name in header.lower() and f'({installed["copy"]})' in header, header
            assert re.search(r'^ENTRY POINT: \*?main\*? - ', text.stdout, re.M), text.stdout[:500]
            shown = json.loads(run(doc + ['--json', name], installed['home'], env).stdout)
            assert shown[name]['path'] == str(installed['copy']) and 'main' in shown[name]['entry_points']
        return
    text = run(doc + names, installed['home'], env)
    assert not re.search(r'\[(WARNING|ERROR)\]', text.stderr), text.stderr
    shown = json.loads(run(doc + ['--json'] + names, installed['home'], env).stdout)
    headers = [line.lower() for line in text.stdout.splitlines() if line.startswith('> ')]
    for name in names:
        assert shown[name]['doc']['filename'].startswith(str(installed['copy']) + '/'), shown[name]['doc']['filename']
        assert any(name in header and str(installed['copy']) in header for header in headers), (name, headers)


def lab_recipe() -> tuple[dict[str, str], list[str]]:
    """The files and shell blocks of docs/lab.md's "Using the lab from your own project"."""
    text = LAB_DOC.read_text(encoding='utf-8')
    assert LAB_SECTION in text, f'{LAB_DOC} has no section {LAB_SECTION!r}'
    section = text.split(LAB_SECTION, 1)[1].split('\n## ', 1)[0]
    files, shells = {}, []
    for lang, body in re.findall(r'```(\w+)\n(.*?)```', section, re.S):
        if lang == 'sh':
            shells.append(body)
        else:
            first, rest = body.split('\n', 1)
            assert first.startswith('# '), f'a {lang} block of the recipe does not name its file: {first!r}'
            files[first[2:].strip()] = rest
    assert set(files) == {'ansible.cfg', 'inventory/hosts.yml', 'inventory/group_vars/all.yml', 'site.yml'}
    assert len(shells) == 2, 'expected the installed-copy block and the lab/run-playbook block'
    return files, shells


@pytest.fixture
def project(tmp_path):
    """The user's project, outside the repository, with the files docs/lab.md shows."""
    files, shells = lab_recipe()
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding='utf-8')
    return tmp_path, shells


def recap_hosts(stdout: str) -> list[tuple[str, int, int]]:
    return [(host, int(unreachable), int(failed)) for host, unreachable, failed in
            re.findall(r'^(\S+)\s+: ok=\d+\s+changed=\d+\s+unreachable=(\d+)\s+failed=(\d+)', stdout, re.M)]


def test_project_playbook_runs_on_the_lab_with_the_installed_copy_as_documented(installed, project):
    directory, shells = project
    env = clean_env(installed['home'], CONFIGMGR_SUP_SRC=str(ROOT), ANSIBLE_VERBOSITY='4')
    proc = run(['bash', '-euc', shells[0]], directory, env)
    assert sorted(recap_hosts(proc.stdout)) == [('cm99.contoso.com', 0, 0), ('sup99.contoso.com', 0, 0)]
    assert '"msg": "WSUS not_installed, site LB1"' in proc.stdout  # the site server of the project's inventory
    assert '"msg": "WSUS not_installed, site none"' in proc.stdout
    loaded = set(re.findall(r'Loading collection configmgr\.sup from (\S+)', proc.stdout))
    assert loaded == {str(installed['copy'])}, f'configmgr.sup was not (only) the installed copy: {loaded}'
    calls = [json.loads(line) for line in (directory / '.lab-state' / 'calls.jsonl').read_text().splitlines()]
    assert {call['host'] for call in calls} == {'cm99.contoso.com', 'sup99.contoso.com'}


def test_lab_run_playbook_uses_the_project_inventory_as_documented(installed, project):
    directory, shells = project
    env = clean_env(installed['home'], CONFIGMGR_SUP_SRC=str(ROOT))
    proc = run(['bash', '-euc', shells[1]], directory, env)
    hosts = recap_hosts(proc.stdout)
    assert sorted(hosts) == sorted([('cm99.contoso.com', 0, 0), ('sup99.contoso.com', 0, 0)] * 2), proc.stdout[-3000:]
    assert not LAB_HOSTS & {host for host, _, _ in hosts}
    assert f'lab/run-playbook: inventory from {directory / "ansible.cfg"}' in proc.stderr


def test_readme_and_execution_environment_name_the_built_tarball_and_tested_versions(installed):
    from importlib.metadata import version  # pylint: disable=import-outside-toplevel

    name = installed['tarball'].name
    readme = (ROOT / 'README.md').read_text(encoding='utf-8')
    ee = (ROOT / 'execution-environment.yml').read_text(encoding='utf-8')
    assert name in readme and f'build/dist/{name}' in ee and f'/build/collections/{name}' in ee
    core = version('ansible-core')
    windows_manifest = next((BIN.parent / 'lib').glob('python*/site-packages/ansible_collections/ansible/windows/MANIFEST.json'))
    windows = json.loads(windows_manifest.read_text())['collection_info']['version']
    assert f'ansible-core=={core}' in ee and f'version: {windows}' in ee
    assert f'| {core}, Python' in readme and f'| {windows}, from the `ansible`' in readme
