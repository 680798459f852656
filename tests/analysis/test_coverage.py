"""Coverage (全覆盖) by party organisations, per level and per group."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given

from jiceng import RURAL, URBAN_FIVE_LEVEL, Hierarchy, OrgKind, OrgStatus, OrgUnit
from jiceng.analysis import Coverage, coverage
from jiceng.errors import InvalidArgumentError, UnknownLevelError, UnknownUnitError
from jiceng.results import to_jsonable
from jiceng.testing import hierarchies

from .support import children_of, led_hierarchies, subtree_ids

STATUSES = ("own", "joint", "regional", "none")


def status(unit: OrgUnit) -> str:
    return str(unit.org_status or OrgStatus.OWN)


def reference(h: Hierarchy, by: str) -> tuple[list[tuple[object, ...]], ...]:
    kids = children_of(h)
    scheme = h.scheme
    below = {k: [c for c in scheme.keys if c != k and scheme.admits(k, c)] for k in scheme.keys}
    lacking = [u for u in h if below[u.level] and not kids[u.id]]
    lacking_ids = {u.id for u in lacking}
    levels = []
    for key in scheme.keys:
        units = [u for u in h if u.level == key]
        counts = Counter(status(u) for u in units)
        levels.append(
            (
                key,
                len(units),
                *(counts[s] for s in STATUSES),
                sum(u.id in lacking_ids for u in units),
            )
        )
    groups = []
    for top in [u for u in h if u.level == by]:
        inside = [u for u in h if u.id in subtree_ids(h, top.id)]
        counts = Counter(status(u) for u in inside)
        groups.append(
            (
                top.id,
                len(inside),
                *(counts[s] for s in STATUSES),
                sum(u.id in lacking_ids for u in inside),
            )
        )
    # A unit at a party-group level (a building) with none stays within its parent's branch.
    grouped = {level.key for level in h.scheme if level.kind is OrgKind.GROUP}
    uncovered = [
        (u.id, ())
        for u in h
        if status(u) == "none"
        and not (u.level in grouped and u.parent is not None and status(h[u.parent]) != "none")
    ]
    return levels, groups, uncovered, [(u.id, tuple(below[u.level])) for u in lacking]


def observed(result: Coverage) -> tuple[list[tuple[object, ...]], ...]:
    def row(r: object) -> tuple[object, ...]:
        return (r.key, r.units, r.own, r.joint, r.regional, r.none, r.lacking_below)  # type: ignore[attr-defined]

    return (
        [row(r) for r in result.levels],
        [row(r) for r in result.groups],
        [(g.unit, g.below) for g in result.uncovered],
        [(g.unit, g.below) for g in result.lacking],
    )


@given(led_hierarchies())
def test_coverage_agrees_with_a_reference_on_generated_hierarchies(h: Hierarchy) -> None:
    for by in h.scheme.keys[:3]:
        assert observed(coverage(h, by=by)) == reference(h, by)


@given(hierarchies(scheme=URBAN_FIVE_LEVEL, max_units=30))
def test_levels_add_up_to_the_units(h: Hierarchy) -> None:
    result = coverage(h)
    assert sum(row.units for row in result.levels) == len(h)
    for row in result.levels:
        assert row.own + row.joint + row.regional + row.none == row.units
        assert row.covered == row.units - row.none


def test_the_module_example_by_hand() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="df", name="东风街道", level="street"),
            OrgUnit(id="a", name="甲社区", level="community", parent="df"),
            OrgUnit(id="a-g", name="一网格", level="grid", parent="a"),
            OrgUnit(id="b", name="乙社区", level="community", parent="df", org_status="none"),
        ]
    )
    result = coverage(h)
    (group,) = result.groups
    assert (group.units, group.own, group.none, group.lacking_below) == (4, 3, 1, 2)
    assert group.share_covered == 0.75
    assert [g.unit for g in result.uncovered] == ["b"]
    assert [(g.unit, g.below) for g in result.lacking] == [("a-g", ("compound",)), ("b", ("grid",))]
    assert result.levels[3].share_covered is None  # no compounds


def test_default_grouping_and_errors() -> None:
    rural = Hierarchy([OrgUnit(id="t", name="某镇", level="township")], RURAL)
    assert coverage(rural).by == "township"
    with pytest.raises(UnknownLevelError):
        coverage(rural, by="street")
    with pytest.raises(UnknownUnitError):
        coverage(rural, under="nope")
    with pytest.raises(InvalidArgumentError):
        coverage(rural).to_pandas("everything")  # type: ignore[arg-type]


@given(led_hierarchies(max_units=20))
def test_under_a_unit_is_the_coverage_of_its_subtree(h: Hierarchy) -> None:
    for top in list(h)[:3]:
        assert coverage(h, under=top.id) == coverage(h.subtree(top.id))


def test_json_and_pandas() -> None:
    h = Hierarchy([OrgUnit(id="s", name="东城街道", level="street")])
    data = to_jsonable(coverage(h))
    assert data["lacking"] == [
        {"unit": "s", "name": "东城街道", "level": "street", "below": ["community"]}
    ]
    pytest.importorskip("pandas")
    assert coverage(h).to_pandas("groups")["units"].tolist() == [1]


def test_a_building_without_a_party_group_stays_within_its_compound_branch() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="g", name="一片区", level="grid"),
            OrgUnit(id="k1", name="甲小区", level="compound", parent="g"),
            OrgUnit(id="k1-1", name="1栋", level="building", parent="k1", org_status="none"),
            OrgUnit(id="k2", name="乙小区", level="compound", parent="g", org_status="none"),
            OrgUnit(id="k2-1", name="1栋", level="building", parent="k2", org_status="none"),
        ]
    )
    result = coverage(h, by="grid")
    assert [(row.key, row.none) for row in result.levels if row.units] == [
        ("grid", 0),
        ("compound", 1),
        ("building", 2),
    ]
    assert [gap.unit for gap in result.uncovered] == ["k2", "k2-1"]
