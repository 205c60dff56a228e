"""Run ``ansible-test sanity`` on the collection exactly as ``ansible-galaxy collection build`` ships it.

ansible-test needs the collection at ``.../ansible_collections/configmgr/sup`` inside a git
repository. The build artifact (which leaves out the lab, the tests and the dev tooling per
``build_ignore``) is unpacked into ``build/sanity/`` and checked there, offline except for
PyPI (ansible-test installs its pinned sanity requirements into its own virtual environments).
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import tarfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent


def run(command: list[str], cwd: pathlib.Path, **kwargs) -> None:
    print('+ ' + ' '.join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True, **kwargs)


def main() -> int:
    work = ROOT / 'build' / 'sanity'
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    run([str(BIN / 'ansible-galaxy'), 'collection', 'build', '--force', '--output-path', str(work), str(ROOT)], ROOT)
    artifact = next(work.glob('configmgr-sup-*.tar.gz'))
    collection = work / 'ansible_collections' / 'configmgr' / 'sup'
    collection.mkdir(parents=True)
    with tarfile.open(artifact) as archive:
        archive.extractall(collection, filter='data')
    env = dict(os.environ, PATH=f'{BIN}{os.pathsep}{os.environ.get("PATH", "")}',
               GIT_AUTHOR_NAME='sanity', GIT_AUTHOR_EMAIL='sanity@localhost',
               GIT_COMMITTER_NAME='sanity', GIT_COMMITTER_EMAIL='sanity@localhost')
    # ansible-test lists files through git: keep its own output out of the checks.
    (collection / '.gitignore').write_text('tests/output/\n', encoding='utf-8')
    run(['git', 'init', '-q'], collection, env=env)
    run(['git', 'add', '-A'], collection, env=env)
    run(['git', 'commit', '-qm', 'sanity'], collection, env=env)
    python = '%d.%d' % sys.version_info[:2]
    run([str(BIN / 'ansible-test'), 'sanity', '--venv', '--python', python, '--color', 'no'], collection, env=env)
    return 0


if __name__ == '__main__':
    sys.exit(main())
