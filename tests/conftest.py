"""Shared fixtures and the hypothesis profiles.

Profiles: ``ci`` (fast; selected with ``HYPOTHESIS_PROFILE=ci``, as ``.ci/run`` does) and ``dev``
(the default, more examples for local runs).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from jiceng import Hierarchy, OrgUnit

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def district() -> Hierarchy:
    """A small district in the five-level scheme, with counts at scattered levels::

    cy 朝阳街道 (street)
    ├── tbl 团包梁社区 (community)            households 2300 recorded
    │   └── tbl-g1 团包梁第一网格 (grid)
    │       └── yjsc 御景上城小区 (compound)   households 2235, population 8123
    │           ├── yjsc-1 1栋 (building)     households 180
    │           └── yjsc-2 2栋 (building)     households 200
    └── mfb 马房坝社区 (community)             population 50500
        ├── qt 秋棠片区 (grid)
        │   └── cl 春兰小区 (compound)         built 2004; party_members 14
        │       ├── cl-1 1栋 (building)       households 120, population 400
        │       └── cl-2 2栋 (building)       households 121, population 431
        └── yt 永泰片区 (grid)                 (nothing recorded below)
    xc 西城街道 (street)                       code 511702002000
    └── xbj 小北街社区 (community)             code 511702002002
    """
    return Hierarchy(
        [
            OrgUnit(id="cy", name="朝阳街道", level="street"),
            OrgUnit(id="tbl", name="团包梁社区", level="community", parent="cy", households=2300),
            OrgUnit(id="tbl-g1", name="团包梁第一网格", level="grid", parent="tbl"),
            OrgUnit(
                id="yjsc",
                name="御景上城小区",
                level="compound",
                parent="tbl-g1",
                households=2235,
                population=8123,
            ),
            OrgUnit(id="yjsc-1", name="1栋", level="building", parent="yjsc", households=180),
            OrgUnit(id="yjsc-2", name="2栋", level="building", parent="yjsc", households=200),
            OrgUnit(id="mfb", name="马房坝社区", level="community", parent="cy", population=50500),
            OrgUnit(id="qt", name="秋棠片区", level="grid", parent="mfb"),
            OrgUnit(
                id="cl",
                name="春兰小区",
                level="compound",
                parent="qt",
                built_year=2004,
                party_members=14,
            ),
            OrgUnit(
                id="cl-1",
                name="1栋",
                level="building",
                parent="cl",
                households=120,
                population=400,
            ),
            OrgUnit(
                id="cl-2",
                name="2栋",
                level="building",
                parent="cl",
                households=121,
                population=431,
            ),
            OrgUnit(id="yt", name="永泰片区", level="grid", parent="mfb"),
            OrgUnit(id="xc", name="西城街道", level="street", code="511702002000"),
            OrgUnit(
                id="xbj",
                name="小北街社区",
                level="community",
                parent="xc",
                code="511702002002",
            ),
        ]
    )
