"""Run ``ansible-test units`` on tests/unit/plugins, where collections keep their plugin unit tests.

tests/unit/plugins holds the pure plugin tests (filters, parsers: no lab, no helpers), laid out as
the anchors (ansible.windows, community.crypto) lay them out, so ``ansible-test units`` finds them.
The rest of tests/unit needs the simulated lab and pytest helpers and runs with plain pytest
(``make unit`` runs both). ansible-test needs the collection at
``.../ansible_collections/configmgr/sup`` inside a git repository: this copies the checkout's files
(tracked and new, without the lab, the end-to-end tests and build output) to ``build/units/`` and
runs there, offline except for PyPI (ansible-test installs its unit test requirements into its own
virtual environment; tools/ansible_test_pip_bootstrap.py provides its pip bootstrap).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
SKIP = ('lab/', 'tests/e2e/', 'extensions/', 'build/', 'tests/output/')


def run(command: list[str], cwd: pathlib.Path, **kwargs) -> subprocess.CompletedProcess:
    print('+ ' + ' '.join(command), flush=True)
    return subprocess.run(command, cwd=cwd, check=True, **kwargs)


def main(argv: list[str]) -> int:
    work = ROOT / 'build' / 'units'
    shutil.rmtree(work, ignore_errors=True)
    collection = work / 'ansible_collections' / 'configmgr' / 'sup'
    collection.mkdir(parents=True)
    listed = subprocess.run(['git', 'ls-files', '-co', '--exclude-standard', '-z'], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split('\0')
    for name in listed:
        source = ROOT / name
        if not name or name.startswith(SKIP) or not source.is_file():
            continue
        target = collection / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    env = dict(os.environ, PATH=f'{BIN}{os.pathsep}{os.environ.get("PATH", "")}',
               GIT_AUTHOR_NAME='units', GIT_AUTHOR_EMAIL='units@localhost',
               GIT_COMMITTER_NAME='units', GIT_COMMITTER_EMAIL='units@localhost')
    (collection / '.gitignore').write_text('tests/output/\n', encoding='utf-8')
    run(['git', 'init', '-q'], collection, env=env)
    run(['git', 'add', '-A'], collection, env=env)
    run(['git', 'commit', '-qm', 'units'], collection, env=env)
    python = '%d.%d' % sys.version_info[:2]
    run([str(BIN / 'ansible-test'), 'units', '--venv', '--python', python, '--color', 'no']
        + (argv or ['tests/unit/plugins/']), collection, env=env)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
