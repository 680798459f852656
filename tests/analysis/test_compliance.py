"""Compliance of party organisations with the rules on their size."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given

import jiceng
from jiceng import URBAN_FOUR_LEVEL, Hierarchy, OrgKind, OrgStatus, OrgUnit
from jiceng.analysis import (
    APPROVED_EXCEPTION_KEY,
    BRANCH_COMMITTEE,
    BRANCH_COMMITTEE_KEY,
    BRANCH_FULL_MEMBERS,
    FULL_MEMBERS_NOT_RECORDED,
    JOINT_BRANCH_UNITS,
    PARTY_ORGANISATION_RULES,
    Compliance,
    PartyOrganisationRule,
    compliance,
    consistency,
    coverage,
    norms,
)
from jiceng.errors import InvalidArgumentError, UnknownUnitError
from jiceng.results import to_jsonable

from .support import children_of, led_hierarchies, ref_totals, subtree_ids


def _unit(uid: str, level: str, parent: str | None = None, **facts: Any) -> OrgUnit:
    return OrgUnit(id=uid, name=f"{uid}名", level=level, parent=parent, **facts)


def four_level(*units: OrgUnit) -> Hierarchy:
    return Hierarchy(list(units), URBAN_FOUR_LEVEL)


# -- the reference: every figure recomputed from the raw records ------------------------------


def _contributing(h: Hierarchy) -> dict[str, set[str]]:
    """The units whose recorded party members make up each unit's total."""
    kids = children_of(h)
    totals = ref_totals(h, "party_members")
    out: dict[str, set[str]] = {}
    for unit in reversed(list(h)):  # children before parents
        if unit.party_members is not None:
            out[unit.id] = {unit.id}
        else:
            out[unit.id] = set().union(
                *(out[c.id] for c in kids[unit.id] if totals[c.id] is not None)
            )
    return out


def reference(h: Hierarchy, rules: tuple[PartyOrganisationRule, ...]) -> list[tuple[Any, ...]]:
    totals = ref_totals(h, "party_members")
    contributing = _contributing(h)
    records = {unit.id: unit for unit in h}
    led: dict[str, list[OrgUnit]] = {}
    for unit in h:
        if unit.org_status in (OrgStatus.JOINT, OrgStatus.REGIONAL):
            led.setdefault(unit.led_by or "", []).append(unit)
    subtrees = {unit.id: subtree_ids(h, unit.id) for unit in h}

    def figures(unit: OrgUnit) -> tuple[int | None, int | None]:
        others = led.get(unit.id, [])
        parts = [unit.id] + [
            x.id
            for x in others
            if not any(
                x.id in subtrees[y] for y in [unit.id, *(o.id for o in others if o.id != x.id)]
            )
        ]
        known = [p for p in parts if totals[p] is not None]
        if not known:
            return None, None
        members = sum(totals[p] or 0 for p in known)
        recorded = set().union(*(contributing[p] for p in known))
        probationary = [records[r].probationary_members for r in recorded]
        if None in probationary:
            return members, None
        return members, members - sum(p or 0 for p in probationary)

    out = []
    for rule in rules:
        for unit in h:
            if unit.org_status not in (None, OrgStatus.OWN):
                continue
            kind = unit.org_kind or h.scheme[unit.level].kind
            if rule.kinds and kind not in rule.kinds:
                continue
            notes: tuple[str, ...] = ()
            lo, hi = rule.minimum, rule.maximum
            if rule.measure == "joined_units":
                joined = sum(1 for x in led.get(unit.id, []) if x.org_status is OrgStatus.JOINT)
                if not joined:
                    continue
                figure = joined + 1
            else:
                members, full = figures(unit)
                if members is None:
                    continue
                figure = members
                if rule.measure != "members":
                    if full is None:
                        notes = (FULL_MEMBERS_NOT_RECORDED,)
                    else:
                        figure = full
                if rule.measure == "committee":
                    size = unit.attributes.get(BRANCH_COMMITTEE_KEY)
                    if not isinstance(size, int) or size < 0:
                        continue
                    if size:
                        notes = (f"a committee of {size}, which needs {lo} full members", *notes)
                        hi = None
                    else:
                        notes = (f"no committee: {lo} or more full members elect one", *notes)
                        lo, hi = None, (lo or 0) - 1
            if lo is not None and figure < lo:
                bound, limit = "minimum", lo
            elif hi is not None and figure > hi:
                bound, limit = "maximum", hi
            else:
                continue
            approved = unit.attributes.get(APPROVED_EXCEPTION_KEY)
            out.append((rule.key, unit.id, figure, bound, limit, notes, approved))
    return out


def observed(result: Compliance) -> list[tuple[Any, ...]]:
    return [
        (f.rule, f.unit, f.figure, f.bound, f.limit, f.notes, f.approved) for f in result.findings
    ]


STRICT = tuple(
    attrs.evolve(rule, maximum=2) if rule.maximum == 5 else rule
    for rule in PARTY_ORGANISATION_RULES
)


@given(led_hierarchies())
def test_compliance_agrees_with_a_reference_on_generated_hierarchies(h: Hierarchy) -> None:
    assert observed(compliance(h)) == reference(h, PARTY_ORGANISATION_RULES)
    assert observed(compliance(h, STRICT)) == reference(h, STRICT)


@given(led_hierarchies())
def test_summaries_count_the_findings_and_approvals(h: Hierarchy) -> None:
    result = compliance(h)
    for summary in result.rules:
        mine = [f for f in result.findings if f.rule == summary.rule]
        assert summary.findings == len(mine) <= summary.checked
        assert summary.approved == sum(1 for f in mine if f.approved is not None)
    assert len(result.open) + len(result.approved) == len(result.findings)


@given(led_hierarchies(max_units=20))
def test_under_a_unit_checks_its_subtree_only(h: Hierarchy) -> None:
    for top in list(h)[:3]:
        inside = subtree_ids(h, top.id)
        whole = [f for f in compliance(h).findings if f.unit in inside]
        assert compliance(h, under=top.id).findings == tuple(whole)


# -- hand-worked cases ---------------------------------------------------------------------------


def test_the_module_example_by_hand() -> None:
    h = four_level(
        _unit("s", "street"),
        _unit("a", "community", "s", org_kind="general_branch", party_members=42),
        _unit("a1", "compound", "a", party_members=2, probationary_members=0),
        _unit("b", "community", "s", party_members=80, attributes={APPROVED_EXCEPTION_KEY: "ok"}),
    )
    result = compliance(h)
    assert [(f.rule, f.unit, f.figure, f.gap) for f in result.findings] == [
        ("committee_members", "b", 80, 20),
        ("general_branch_members", "a", 42, 8),
        ("branch_full_members", "a1", 2, 1),
    ]
    assert [f.unit for f in result.open] == ["a", "a1"]
    assert result.approved[0].approved == "ok"
    summary = {s.rule: s for s in result.rules}
    assert (summary["committee_members"].checked, summary["committee_members"].approved) == (1, 1)
    # the street's working committee and the compound's branch kinds: only rules for their kind
    assert summary["branch_members"].checked == 1


def test_full_members_where_recorded_else_all_members_with_a_note() -> None:
    h = four_level(
        _unit("c", "community"),
        _unit("x", "compound", "c", party_members=4, probationary_members=2),
        _unit("y", "compound", "c", party_members=4),
    )
    findings = compliance(h, (BRANCH_FULL_MEMBERS,)).findings
    assert [(f.unit, f.figure, f.notes) for f in findings] == [("x", 2, ())]
    h = four_level(_unit("c", "community"), _unit("y", "compound", "c", party_members=2))
    (finding,) = compliance(h, (BRANCH_FULL_MEMBERS,)).findings
    assert finding.notes == (FULL_MEMBERS_NOT_RECORDED,)
    assert "full members not recorded" in str(finding)


def test_probationary_members_roll_up_with_the_party_members() -> None:
    h = four_level(
        _unit("c", "community", org_kind="branch"),
        _unit("x", "compound", "c", party_members=2, probationary_members=1),
        _unit("y", "compound", "c", party_members=3, probationary_members=2),
        _unit("z", "compound", "c"),  # records nothing: adds nothing, breaks nothing
    )
    findings = {f.unit: f for f in compliance(h, (BRANCH_FULL_MEMBERS,)).findings}
    assert (findings["c"].figure, findings["c"].notes) == (2, ())  # 5 members, 3 probationary
    broken = four_level(
        _unit("c", "community", org_kind="branch"),
        _unit("x", "compound", "c", party_members=2, probationary_members=1),
        _unit("y", "compound", "c", party_members=3),
    )
    found = {f.unit: f for f in compliance(broken, (BRANCH_FULL_MEMBERS,)).findings}
    assert "c" not in found  # 5 members, full members unknown: the 5 are used and pass


def test_joint_and_regional_units_count_in_their_leaders_membership() -> None:
    h = four_level(
        _unit("c", "community", party_members=120),
        _unit("a", "compound", "c", party_members=0),
        _unit("b", "compound", "c", party_members=1, org_status="joint", led_by="a"),
        _unit("d", "compound", "c", party_members=1, org_status="joint", led_by="a"),
        _unit("e", "compound", "c", party_members=60, org_status="none"),
    )
    result = compliance(h)
    (finding,) = [f for f in result.findings if f.unit == "a"]
    assert (finding.rule, finding.figure, finding.notes) == (
        "branch_full_members",
        2,
        (FULL_MEMBERS_NOT_RECORDED,),
    )
    assert not [f for f in result.findings if f.unit in ("b", "d", "e")]  # not checked
    assert compliance(h, (JOINT_BRANCH_UNITS,)).rules[0].checked == 1
    tight = (attrs.evolve(JOINT_BRANCH_UNITS, maximum=2),)
    assert [(f.unit, f.figure) for f in compliance(h, tight).findings] == [("a", 3)]  # units


def test_a_regional_leader_counts_a_led_subtree_once() -> None:
    h = four_level(
        _unit("c", "community", org_kind="branch", party_members=10),
        _unit("x", "compound", "c", party_members=50, org_status="regional", led_by="c"),
        _unit("s", "street"),
        _unit("y", "community", "s", party_members=45, org_status="regional", led_by="c"),
        _unit("y1", "compound", "y", party_members=7, org_status="regional", led_by="c"),
    )
    (finding,) = [f for f in compliance(h).findings if f.rule == "branch_members"]
    assert (finding.unit, finding.figure) == ("c", 55)  # c's 10 + y's 45; x and y1 inside


def test_branch_committees_where_recorded() -> None:
    h = four_level(
        _unit("c", "community"),
        _unit(
            "small",
            "compound",
            "c",
            party_members=5,
            probationary_members=0,
            attributes={BRANCH_COMMITTEE_KEY: 3},
        ),
        _unit(
            "large",
            "compound",
            "c",
            party_members=9,
            probationary_members=1,
            attributes={BRANCH_COMMITTEE_KEY: 0},
        ),
        _unit(
            "fine",
            "compound",
            "c",
            party_members=9,
            probationary_members=1,
            attributes={BRANCH_COMMITTEE_KEY: 5},
        ),
        _unit("text", "compound", "c", party_members=9, attributes={BRANCH_COMMITTEE_KEY: "有"}),
        _unit("silent", "compound", "c", party_members=9),
    )
    result = compliance(h, (BRANCH_COMMITTEE,))
    assert [(f.unit, f.figure, f.bound, f.limit, f.notes) for f in result.findings] == [
        ("small", 5, "minimum", 7, ("a committee of 3, which needs 7 full members",)),
        ("large", 8, "maximum", 6, ("no committee: 7 or more full members elect one",)),
    ]
    assert (result.rules[0].checked, result.rules[0].unknown) == (3, 2)


def test_a_users_own_rule_and_bad_rules() -> None:
    h = four_level(_unit("s", "street", party_members=30))
    mine = PartyOrganisationRule(
        "street_members", (OrgKind.WORKING_COMMITTEE,), "members", 50, None, "t", "local"
    )
    assert [f.figure for f in compliance(h, (mine,)).findings] == [30]
    with pytest.raises(InvalidArgumentError, match="above its maximum"):
        PartyOrganisationRule("x", (), "members", 9, 3, "t", "s")


def test_unknown_under_and_json() -> None:
    h = four_level(_unit("c", "community", party_members=3))
    with pytest.raises(UnknownUnitError):
        compliance(h, under="nope")
    data = to_jsonable(compliance(h))
    assert data["findings"][0]["rule"] == "committee_members"
    assert data["rules"][0]["source"].startswith("中国共产党章程")


def test_to_pandas() -> None:
    pytest.importorskip("pandas")
    h = four_level(_unit("c", "community", party_members=3))
    frame = compliance(h).to_pandas()
    assert frame["figure"].tolist() == [3]
    assert str(frame["unit"].dtype) == "string"


def test_every_rule_cites_a_source() -> None:
    for rule in PARTY_ORGANISATION_RULES:
        assert rule.source
        assert rule.text
    assert "Art. 4" in BRANCH_FULL_MEMBERS.source
    assert "Art. 20" in BRANCH_COMMITTEE.source


def test_every_rule_based_analysis_takes_a_dataset_for_its_hierarchy() -> None:
    district = jiceng.examples.tongchuan()
    h = district.hierarchy
    assert compliance(district) == compliance(h)
    assert consistency(district, "population") == consistency(h, "population")
    assert coverage(district) == coverage(h)
    assert norms(district) == norms(h)
    with pytest.raises(jiceng.JicengTypeError, match="PartyOrganisationRule"):
        compliance(h, rules=[1])  # type: ignore[list-item]
    with pytest.raises(jiceng.JicengTypeError, match="SizeNorm"):
        norms(h, norms=["community"])  # type: ignore[list-item]
    with pytest.raises(jiceng.JicengTypeError, match="Hierarchy or a Dataset"):
        coverage([])  # type: ignore[arg-type]
