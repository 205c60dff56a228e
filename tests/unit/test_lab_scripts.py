"""The lab sees the collection's scripts exactly as the engine sends them."""

from __future__ import annotations

import pytest
from labsim import scripts

from ansible_collections.configmgr.sup.plugins.plugin_utils._engine import SCRIPT_DIR, load_script

NAMES = sorted(p.stem for p in scripts.SCRIPT_DIR.glob('*.ps1') if not p.name.startswith('_'))


@pytest.mark.parametrize('name', NAMES)
def test_lab_inlines_fragments_like_the_engine(name):
    text, lines = scripts.inlined(name)
    assert text == load_script(name)
    assert len(lines) == len(text.split('\n'))


@pytest.mark.parametrize('name', NAMES)
def test_line_map_points_at_the_source_line(name):
    text, lines = scripts.inlined(name)
    for sent, (file_name, number) in zip(text.split('\n'), lines):
        assert (scripts.SCRIPT_DIR / file_name).read_text(encoding='utf-8').split('\n')[number - 1] == sent


def test_stand_in_names_a_shipped_script_and_labels_any_other():
    assert scripts.identify(load_script('sup_role_get')) == 'sup_role_get'
    assert scripts.identify('Get-Date').startswith('script-')
    assert scripts.op_name('wsus_connection_account_wsus_host_set') == 'wsus_connection_account_wsus_host/set'


def test_lab_and_engine_read_the_same_folder():
    assert scripts.SCRIPT_DIR.samefile(SCRIPT_DIR)
