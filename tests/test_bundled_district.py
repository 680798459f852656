"""The bundled 通川区 is plausible under the analyses: sizes, party organisations, figures.

What ``scripts/make_tongchuan.py`` promises in its docstring, checked on the bundled file: the
communities' sizes near the 2,000–4,000-household rule (马房坝 the documented exception), party
organisations whose kinds follow their members (the approved exceptions recorded), compounds and
buildings without an organisation of their own, and recorded figures that equal the sum of the
figures below them, except 马房坝's official population.
"""

from __future__ import annotations

from collections import Counter

import pytest

from jiceng import COUNT_FIELDS, Hierarchy, OrgUnit, examples
from jiceng.levels import OrgKind, OrgStatus

APPROVAL = "approved_exception"


@pytest.fixture(scope="module")
def tongchuan() -> Hierarchy:
    return examples.tongchuan().hierarchy


def led(unit: OrgUnit) -> bool:
    return unit.org_status in (OrgStatus.JOINT, OrgStatus.REGIONAL, OrgStatus.NONE)


def full_members(unit: OrgUnit) -> int:
    return (unit.party_members or 0) - (unit.probationary_members or 0)


def members_of(h: Hierarchy, unit: OrgUnit) -> int:
    """The members an organisation counts: its subtree's, and those of the units it joins."""
    joined = [u for u in h.at_level(unit.level) if u.led_by == unit.id]
    return (h.total(unit.id, "party_members") or 0) + sum(u.party_members or 0 for u in joined)


def kind_by_members(members: int) -> OrgKind:
    if members >= 100:
        return OrgKind.COMMITTEE
    return OrgKind.GENERAL_BRANCH if members >= 50 else OrgKind.BRANCH


def test_the_headline_counts_stay(tongchuan: Hierarchy) -> None:
    assert tongchuan.level_counts() == {
        "street": 5,
        "community": 63,
        "grid": 70,
        "compound": 175,
        "building": 480,
    }


def test_communities_are_near_the_household_rule(tongchuan: Hierarchy) -> None:
    h = tongchuan
    sizes = {u.id: h.total(u.id, "households") or 0 for u in h.at_level("community")}
    village = sizes.pop("longjiamiao")  # a villagers' committee, not held to the urban rule
    mafangba = sizes.pop("mafangba")
    within = [cid for cid, n in sizes.items() if 2_000 <= n <= 4_000]
    assert len(within) >= 0.8 * len(sizes)
    assert all(1_700 <= n <= 4_600 for n in sizes.values())  # the rest just outside the rule
    assert village < 2_000
    assert mafangba > max(sizes.values())  # the very large community
    assert sizes["tuanbaoliang"] == 2_235  # 御景上城小区 alone
    people = {u.id: h.total(u.id, "population") or 0 for u in h.at_level("community")}
    per_household = [people[cid] / n for cid, n in sizes.items()]
    assert min(per_household) > 2.5
    assert max(per_household) < 3.7  # 御景上城小区: 8,123 / 2,235


def test_mafangba_keeps_its_official_population_over_partial_data(tongchuan: Hierarchy) -> None:
    h = tongchuan
    mafangba = h["mafangba"]
    assert mafangba.population == 50_500  # recorded: "over 50,000 residents"
    assert h.total(mafangba, "population") == 50_500
    assert [g.name for g in h.children(mafangba)] == ["秋棠片区", "永泰片区"]
    assert len(h.descendants(mafangba, level="compound")) == 33
    below = sum(h.total(g.id, "population") or 0 for g in h.children(mafangba))
    assert 0 < below < 50_000  # the data below it is partial


def test_recorded_figures_equal_the_sums_below_them(tongchuan: Hierarchy) -> None:
    h = tongchuan
    differ = []
    for unit in h:
        for field in COUNT_FIELDS:
            own = getattr(unit, field)
            below = [h.total(c.id, field) for c in h.children(unit)]
            known = [n for n in below if n is not None]
            if own is not None and known and sum(known) != own:
                differ.append((unit.id, field))
    assert differ == [("mafangba", "population")]
    # Communities and grids record no party members: theirs are their compounds'.
    assert all(u.party_members is None for u in h if u.level in ("community", "grid"))


def test_organisation_kinds_follow_their_members(tongchuan: Hierarchy) -> None:
    h = tongchuan
    approved: list[str] = []
    kinds: Counter[tuple[str, OrgKind]] = Counter()
    for unit in h:
        if unit.level not in ("community", "grid", "compound") or led(unit):
            continue
        members, kind = members_of(h, unit), h.org_kind(unit.id)
        kinds[unit.level, kind] += 1
        assert unit.org_name == unit.name + kind.zh, unit.id
        if unit.level == "grid":  # the seed's 70 片区党总支, whatever their members
            assert kind is OrgKind.GENERAL_BRANCH, unit.id
            continue
        if kind is not kind_by_members(members):
            assert kind is h.scheme[unit.level].kind, unit.id  # kept the level's kind
            assert unit.attributes[APPROVAL], unit.id  # and says who approved it
            approved.append(unit.id)
        else:
            assert APPROVAL not in unit.attributes, unit.id
        if unit.level == "compound":
            assert full_members(unit) >= 3, unit.id
    assert len(approved) >= 3
    assert kinds["community", OrgKind.COMMITTEE] > 2 * kinds["community", OrgKind.BRANCH] > 0
    assert kinds["community", OrgKind.GENERAL_BRANCH] > 0
    assert kinds["compound", OrgKind.BRANCH] > kinds["compound", OrgKind.GENERAL_BRANCH] > 0


def test_the_approved_exceptions_name_their_approval(tongchuan: Hierarchy) -> None:
    found = {u.id: u.attributes[APPROVAL] for u in tongchuan if APPROVAL in u.attributes}
    assert Counter(tongchuan[uid].level for uid in found) == {"community": 2, "compound": 2}
    assert all("批" in text and len(text) < 40 for text in found.values())


def test_some_units_record_probationary_members(tongchuan: Hierarchy) -> None:
    recording = [u for u in tongchuan if u.probationary_members is not None]
    assert 30 <= len(recording) < 175
    assert all(u.level == "compound" for u in recording)
    for unit in recording:
        assert unit.party_members is not None
        assert 0 < unit.probationary_members <= 0.12 * unit.party_members + 1, unit.id  # type: ignore[operator]
    share = sum(u.probationary_members or 0 for u in recording) / sum(
        u.party_members or 0 for u in recording
    )
    assert 0.05 <= share <= 0.10


def test_organisations_are_fewer_than_units(tongchuan: Hierarchy) -> None:
    h = tongchuan
    status = Counter((u.level, u.org_status) for u in h)
    assert status["compound", OrgStatus.JOINT] >= 5
    assert status["compound", OrgStatus.REGIONAL] >= 3
    assert status["building", OrgStatus.NONE] >= 10
    assert set(status) == {
        ("street", None),
        ("community", None),
        ("grid", None),
        ("compound", None),
        ("compound", OrgStatus.JOINT),
        ("compound", OrgStatus.REGIONAL),
        ("building", None),
        ("building", OrgStatus.NONE),
    }
    own = [u for u in h.at_level("compound") if not led(u)]
    groups = [u for u in h.at_level("building") if not led(u)]
    assert 150 <= len(own) < 175
    assert 440 <= len(groups) < 480
    assert all((u.org_name is None) == led(u) for u in h)


def test_joint_and_regional_compounds_are_led_from_their_grid(tongchuan: Hierarchy) -> None:
    h = tongchuan
    joined: Counter[str] = Counter()
    for unit in h.at_level("compound"):
        if not led(unit):
            assert unit.led_by is None
            continue
        assert unit.led_by is not None
        assert full_members(unit) < 3, unit.id  # too few for a branch of its own
        grid = h.parent(unit)
        assert grid is not None
        if unit.org_status is OrgStatus.JOINT:
            base = h[unit.led_by]
            assert h.parent(base) == grid, unit.id
            assert not led(base), unit.id
            assert unit.party_members, unit.id
            joined[base.id] += 1
        else:
            assert unit.led_by == grid.id, unit.id
    assert joined
    assert max(joined.values()) + 1 <= 5  # a joint branch joins at most five units


def test_buildings_carry_figures_only_where_listed_in_full(tongchuan: Hierarchy) -> None:
    h = tongchuan
    for compound in h.at_level("compound"):
        buildings = h.children(compound)
        recorded = [b.households is not None for b in buildings]
        assert all(recorded) or not any(recorded), compound.id
        if all(recorded):
            assert compound.households in (None, sum(b.households or 0 for b in buildings))
        else:
            assert compound.households is not None
            assert compound.population is not None
            assert not any(b.org_status is OrgStatus.NONE for b in buildings)  # groups only
