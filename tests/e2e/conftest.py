from __future__ import annotations

import pytest

from lab import Lab


@pytest.fixture
def lab(tmp_path):
    return Lab(tmp_path / 'lab-state')
