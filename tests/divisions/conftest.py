"""Tests of the national division tree; ``slow`` tests run when ``JICENG_SLOW=1`` is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "divisions"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: reads the whole bundled country (JICENG_SLOW=1)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("JICENG_SLOW") == "1":
        return
    skip = pytest.mark.skip(reason="reads the whole country; set JICENG_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
