"""Units without an organisation of their own: ``org_status``, ``led_by`` and their checks."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from jiceng import Hierarchy, IntegrityError, OrgStatus, OrgUnit
from jiceng._leadership import JOINT_BRANCH_LIMIT


def _district(*extra: OrgUnit) -> list[OrgUnit]:
    """A grid with three compounds, a second grid with one, and a building.

    ::

        街道 s
        └── 社区 c
            ├── 片区 g1: compounds a (own), b, d
            │   └── a-1 building
            └── 片区 g2: compound e
    """
    return [
        OrgUnit(id="s", name="东城街道", level="street"),
        OrgUnit(id="c", name="某社区", level="community", parent="s"),
        OrgUnit(id="g1", name="一片区", level="grid", parent="c"),
        OrgUnit(id="a", name="甲小区", level="compound", parent="g1", party_members=12),
        OrgUnit(id="a-1", name="1栋", level="building", parent="a"),
        OrgUnit(id="b", name="乙小区", level="compound", parent="g1"),
        OrgUnit(id="d", name="丁小区", level="compound", parent="g1"),
        OrgUnit(id="g2", name="二片区", level="grid", parent="c"),
        OrgUnit(id="e", name="戊小区", level="compound", parent="g2"),
        *extra,
    ]


def _with(**changes: dict[str, Any]) -> list[OrgUnit]:
    return [
        unit.model_copy(update=changes[unit.id]) if unit.id in changes else unit
        for unit in _district()
    ]


def _codes(units: list[OrgUnit]) -> list[str]:
    with pytest.raises(IntegrityError) as caught:
        Hierarchy(units)
    return [problem.code for problem in caught.value.problems]


def test_joint_and_regional_leaders_are_accepted_and_change_no_total() -> None:
    plain = Hierarchy(_district())
    led = Hierarchy(
        _with(
            b={"org_status": "joint", "led_by": "a"},
            d={"org_status": "joint", "led_by": "a"},
            e={"org_status": "regional", "led_by": "g1"},
            a={"org_status": "own"},
            g2={"org_status": "none"},
        )
    )
    assert led["b"].org_status is OrgStatus.JOINT
    assert led["e"].led_by == "g1"
    assert [u.id for u in led] == [u.id for u in plain]
    assert led.total("c", "party_members") == plain.total("c", "party_members") == 12


@pytest.mark.parametrize(
    ("changes", "codes"),
    [
        ({"b": {"org_status": "joint"}}, ["leader_missing"]),
        ({"b": {"org_status": "regional"}}, ["leader_missing"]),
        ({"b": {"led_by": "a"}}, ["leader_unexpected"]),
        ({"b": {"org_status": "own", "led_by": "a"}}, ["leader_unexpected"]),
        ({"b": {"org_status": "joint", "led_by": "nowhere"}}, ["unknown_leader"]),
        ({"b": {"org_status": "joint", "led_by": "b"}}, ["leader_not_leading"]),
        (
            {"b": {"org_status": "joint", "led_by": "a"}, "a": {"org_status": "none"}},
            ["leader_not_leading"],
        ),
        (
            {
                "b": {"org_status": "joint", "led_by": "d"},
                "d": {"org_status": "joint", "led_by": "a"},
            },
            ["leader_not_leading"],
        ),
        ({"b": {"org_status": "joint", "led_by": "g1"}}, ["leader_level"]),  # joint: same level
        ({"g2": {"org_status": "regional", "led_by": "a"}}, ["leader_level"]),  # from below
        ({"e": {"org_status": "regional", "led_by": "a"}}, []),  # regional: same level is fine
    ],
)
def test_each_leadership_problem_is_reported(
    changes: dict[str, dict[str, Any]], codes: list[str]
) -> None:
    units = _with(**changes)
    if codes:
        assert _codes(units) == codes
    else:
        assert len(Hierarchy(units)) == len(units)


def test_a_joint_branch_joins_at_most_five_units_and_every_problem_is_listed() -> None:
    extra = [
        OrgUnit(
            id=f"x{i}",
            name=f"小区{i}",
            level="compound",
            parent="g1",
            org_status="joint",
            led_by="a",
        )
        for i in range(JOINT_BRANCH_LIMIT - 1)
    ]
    assert len(Hierarchy(_district(*extra))) == 9 + len(extra)  # exactly five: accepted
    one_more = OrgUnit(
        id="y", name="又一小区", level="compound", parent="g2", org_status="joint", led_by="a"
    )
    missing = OrgUnit(id="z", name="无名小区", level="compound", parent="g2", org_status="joint")
    with pytest.raises(IntegrityError) as caught:
        Hierarchy(_district(*extra, one_more, missing))
    problems = caught.value.problems
    assert [p.code for p in problems] == ["leader_missing", "joint_branch_too_large"]
    assert problems[1].ids == ("a", "x0", "x1", "x2", "x3", "y")


def test_an_edit_that_removes_a_leader_is_refused_whole() -> None:
    h = Hierarchy(_with(b={"org_status": "joint", "led_by": "a"}))
    with pytest.raises(IntegrityError) as caught, h.edit() as batch:
        batch.remove("a")
    assert caught.value.codes == ("unknown_leader",)
    assert "a" in h
    assert h["b"].led_by == "a"


def test_a_subtree_may_be_led_from_outside_it() -> None:
    h = Hierarchy(_with(e={"org_status": "regional", "led_by": "g1"}))
    part = h.subtree("g2")
    assert part["e"].led_by == "g1"
    assert "g1" not in part


def test_probationary_members_are_part_of_the_party_members() -> None:
    unit = OrgUnit(id="a", name="甲", level="compound", party_members=9, probationary_members=2)
    assert unit.party_members - (unit.probationary_members or 0) == 7
    with pytest.raises(ValidationError) as caught:
        OrgUnit(id="a", name="甲", level="compound", party_members=1, probationary_members=2)
    assert caught.value.errors()[0]["type"] == "probationary_exceeds_members"
    with pytest.raises(ValidationError) as caught:
        OrgUnit(id="a", name="甲", level="compound", probationary_members=-1)
    assert caught.value.errors()[0]["type"] == "greater_than_equal"
    assert (
        OrgUnit(id="a", name="甲", level="compound", probationary_members=3).party_members is None
    )
