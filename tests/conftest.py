"""Make this checkout importable as ``ansible_collections.configmgr.sup`` and the lab as ``labsim``."""

from __future__ import annotations

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
COLLECTIONS = ROOT / 'build' / 'collections'
LINK = COLLECTIONS / 'ansible_collections' / 'configmgr' / 'sup'

if not LINK.exists():
    LINK.parent.mkdir(parents=True, exist_ok=True)
    if LINK.is_symlink():
        LINK.unlink()
    os.symlink(ROOT, LINK)
for path in (str(COLLECTIONS), str(ROOT / 'lab')):
    if path not in sys.path:
        sys.path.insert(0, path)
