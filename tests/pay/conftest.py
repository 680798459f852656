from __future__ import annotations

import pytest

from jiceng import Hierarchy

from .support import make_town


@pytest.fixture
def town() -> Hierarchy:
    """The small town of :func:`support.make_town`."""
    return make_town()
