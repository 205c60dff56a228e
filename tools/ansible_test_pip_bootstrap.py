"""Provide ansible-test's pip bootstrap offline.

``ansible-test sanity --venv`` bootstraps pip into each virtual environment with a script it
looks for in ``~/.ansible/test/cache/get_pip_<version>.py`` and otherwise downloads from a host
that is not reachable from our CI. ``--install-cache`` fetches the pinned pip wheel from PyPI
(``pip download``) and writes that cache file as a small bootstrap that runs
``pip install <arguments>`` from the wheel, which is what get-pip.py does.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import types

BOOTSTRAP = '''\
"""Offline stand-in for get-pip.py, written by configmgr.sup tools/ansible_test_pip_bootstrap.py."""
import sys

WHEEL = {wheel!r}
# get-pip.py options that are not pip install options
IGNORED = {{'--no-setuptools', '--no-wheel'}}

if __name__ == '__main__':
    sys.path.insert(0, WHEEL)
    from pip._internal.cli.main import main
    sys.exit(main(['install'] + [arg for arg in sys.argv[1:] if arg not in IGNORED]))
'''


def wanted_pip_version() -> str:
    """The pip version the installed ansible-test bootstraps into its virtual environments."""
    from ansible_test._internal.python_requirements import get_venv_packages  # pylint: disable=import-outside-toplevel

    return get_venv_packages(types.SimpleNamespace(version='%d.%d' % sys.version_info[:2]))['pip']


def install_cache(cache: pathlib.Path) -> pathlib.Path:
    version = wanted_pip_version()
    target = cache / ('get_pip_%s.py' % version.replace('.', '_'))
    wheels = cache / 'wheels'
    wheel = next(iter(sorted(wheels.glob('pip-%s-*.whl' % version))), None)
    if wheel is None:
        wheels.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check',
                        '--no-deps', '--only-binary', ':all:', '-d', str(wheels), 'pip==%s' % version], check=True)
        wheel = next(iter(sorted(wheels.glob('pip-%s-*.whl' % version))))
    target.write_text(BOOTSTRAP.format(wheel=str(wheel)), encoding='utf-8')
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--install-cache', action='store_true', help='write the bootstrap into the cache')
    parser.add_argument('--cache', type=pathlib.Path,
                        default=pathlib.Path('~/.ansible/test/cache').expanduser())
    args = parser.parse_args()
    if args.install_cache:
        print('ansible-test pip bootstrap: %s' % install_cache(args.cache))
    return 0


if __name__ == '__main__':
    sys.exit(main())
