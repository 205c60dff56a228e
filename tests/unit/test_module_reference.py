"""docs/modules/ is the module documentation, regenerated: it must not drift from the module files."""

from __future__ import annotations

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / 'tools'))

import module_docs  # noqa: E402  pylint: disable=wrong-import-position


def test_module_reference_is_up_to_date():
    stale = [str(path.name) for path, text in module_docs.expected().items()
             if not path.exists() or path.read_text(encoding='utf-8') != text]
    assert not stale, f'run "make docs": docs/modules is out of date for {stale}'


def test_markup_becomes_markdown():
    assert module_docs.plain('use O(state=absent) with M(configmgr.sup.sup_role)') == \
        'use `state=absent` with `configmgr.sup.sup_role`'
