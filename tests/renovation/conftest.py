"""The small town that the renovation tests build portfolios on."""

from __future__ import annotations

import pytest

from jiceng import Hierarchy, OrgUnit


@pytest.fixture
def town() -> Hierarchy:
    """Two streets, with compounds of several ages::

    s1 东城街道
    └── c1 一社区 ── g1 一网格 ── k-old 老厂宿舍 (1990), k-04 春兰 (2004), k-new 新城 (2015)
    s2 西城街道
    └── c2 二社区 ── g2 二网格 ── k-self 自建房 (1985, tagged 自建房), k-unknown (no year)
    """
    return Hierarchy(
        [
            OrgUnit(id="s1", name="东城街道", level="street"),
            OrgUnit(id="c1", name="一社区", level="community", parent="s1"),
            OrgUnit(id="g1", name="一网格", level="grid", parent="c1"),
            OrgUnit(id="k-old", name="老厂宿舍", level="compound", parent="g1", built_year=1990),
            OrgUnit(id="k-04", name="春兰小区", level="compound", parent="g1", built_year=2004),
            OrgUnit(id="k-new", name="新城小区", level="compound", parent="g1", built_year=2015),
            OrgUnit(id="s2", name="西城街道", level="street"),
            OrgUnit(id="c2", name="二社区", level="community", parent="s2"),
            OrgUnit(id="g2", name="二网格", level="grid", parent="c2"),
            OrgUnit(
                id="k-self",
                name="某村",
                level="compound",
                parent="g2",
                built_year=1985,
                tags=("自建房",),
            ),
            OrgUnit(id="k-unknown", name="无名小区", level="compound", parent="g2"),
        ]
    )
