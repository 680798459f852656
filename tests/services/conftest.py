"""Fixtures of the service tests."""

from __future__ import annotations

import pytest

from jiceng import Hierarchy

from .builders import make_town


@pytest.fixture
def town() -> Hierarchy:
    """The small town of :func:`builders.make_town`."""
    return make_town()
