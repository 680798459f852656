"""``territory_name``'s shortcuts for the common suffixes agree with its pattern."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng.divisions import territory_name
from jiceng.divisions.names import _SUFFIX


def by_pattern(name: str) -> str:
    """The territory name by the pattern alone, as before the shortcuts."""
    if not name.endswith("会"):
        return name
    found = _SUFFIX.search(name)
    if found is None or found.start() == 0:
        return name
    stem = name[: found.start()]
    kept = found.group(1) or found.group(2) or found.group(3)
    if kept is None:
        return name if "社区" in stem else stem + "社区"
    return stem + kept


PIECES = [
    "村",
    "社区",
    "居民",
    "村民",
    "委员会",
    "委会",
    "居委会",
    "嘎查",
    "牧",
    "民",
    "会",
    "甲",
    "区",
]
NAMES = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)


@given(NAMES)
def test_shortcuts_agree_with_the_pattern(name: str) -> None:
    assert territory_name(name) == by_pattern(name)


@pytest.mark.parametrize(
    "name",
    [
        "村民委员会",
        "村村民委员会",
        "村村村民委员会",
        "甲村村村民委员会",
        "社区居民委员会",
        "甲社区居民委员会",
        "社区村民委员会",
        "嘎查村民委员会",
        "甲社区社区居民委员会",
    ],
)
def test_shortcut_edges(name: str) -> None:
    assert territory_name(name) == by_pattern(name)
