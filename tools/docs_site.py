"""Build the collection's HTML docs site offline, as collections publish on the Ansible docs site.

``make docs`` runs it. antsibull-docs (``sphinx-init``, then ``collection``) writes the same RST
the Ansible docs site builds from - module, filter and role pages from ansible-doc, with the doc
fragments merged - and Sphinx with the Ansible theme renders it into ``build/docs``
(``build/docs/index.html``). Everything comes from the virtual environment: intersphinx is turned
off, so references to the Ansible docs site (docs.ansible.com) and to other collections stay plain
text here; they resolve on the docs site.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
COLLECTIONS = ROOT / 'build' / 'collections'
SOURCE = ROOT / 'build' / 'docs-src'
OUT = ROOT / 'build' / 'docs'
TITLE = 'configmgr.sup: software update points and WSUS for Configuration Manager'


def run(command: list[str], env: dict[str, str], cwd: pathlib.Path = ROOT) -> None:
    print('+ ' + ' '.join(command), flush=True)
    subprocess.run(command, cwd=cwd, env=env, check=True)


def main() -> int:
    link = COLLECTIONS / 'ansible_collections' / 'configmgr' / 'sup'
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink():
            link.unlink()
        os.symlink(ROOT, link)
    # Only this checkout and the venv's collections: not the lab's stand-in ansible.windows.
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS), ANSIBLE_NOCOLOR='1',
               PATH=f'{BIN}{os.pathsep}{os.environ.get("PATH", "")}')
    shutil.rmtree(SOURCE, ignore_errors=True)
    shutil.rmtree(OUT, ignore_errors=True)
    SOURCE.mkdir(parents=True, mode=0o755)
    SOURCE.chmod(0o755)  # antsibull-docs wants its directories writable by their owner only
    run([str(BIN / 'antsibull-docs'), 'sphinx-init', '--use-current', '--squash-hierarchy', '--fail-on-error',
         '--dest-dir', str(SOURCE), '--project', 'configmgr.sup', '--copyright', 'configmgr.sup contributors',
         '--title', TITLE, '--html-short-title', 'configmgr.sup', 'configmgr.sup'], env)
    with (SOURCE / 'conf.py').open('a', encoding='utf-8') as conf:
        conf.write('\n# configmgr.sup tools/docs_site.py: built offline, no inventories fetched.\nintersphinx_mapping = {}\n')
    rst = SOURCE / 'rst'
    rst.mkdir(mode=0o755, exist_ok=True)  # sphinx-init makes it
    rst.chmod(0o755)
    run([str(BIN / 'antsibull-docs'), '--config-file', str(SOURCE / 'antsibull-docs.cfg'), 'collection',
         '--cleanup', 'everything', '--fail-on-error', '--use-current', '--squash-hierarchy',
         '--dest-dir', str(rst), 'configmgr.sup'], env)
    warnings = SOURCE / 'sphinx-warnings.txt'
    run([str(BIN / 'sphinx-build'), '-b', 'html', '-q', '-w', str(warnings), '-c', str(SOURCE), str(rst), str(OUT)],
        env)
    # A reference into this collection must resolve here; the others point at the Ansible docs site.
    lines = warnings.read_text(encoding='utf-8').splitlines() if warnings.exists() else []
    own = [line for line in lines if "'ansible_collections.configmgr.sup." in line]
    if own:
        print('broken references inside the collection:\n' + '\n'.join(own), file=sys.stderr)
        return 1
    print(f'{len(lines)} references to the Ansible docs site or other collections are plain text offline')
    modules = sorted(p.stem for p in (ROOT / 'plugins' / 'modules').glob('*.py') if p.stem != '__init__')
    missing = [name for name in modules if not (OUT / f'{name}_module.html').exists()]
    if missing or not (OUT / 'index.html').exists():
        print(f'docs site incomplete: no page for {missing or "index"}', file=sys.stderr)
        return 1
    print(f'docs site: {OUT / "index.html"} ({len(modules)} modules)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
