from __future__ import annotations

import pytest

from jiceng import Dataset, DivisionCodeWarning, Hierarchy, IntegrityError, OrgUnit
from jiceng.divisions import ADMINISTRATIVE, combine, read
from jiceng.hierarchy import CodeCheck

from .conftest import DATA


def national() -> Hierarchy:
    """The 2023 excerpt cut down to 通川区's five streets and their villages."""
    full = read(DATA / "2023")
    keep = {"510000000000", "511700000000", "511702000000"}
    keep |= {f"511702{n:03d}000" for n in range(1, 6)}
    units = [
        u
        for u in full
        if u.id in keep or (u.level == "village" and u.id[:9] in {k[:9] for k in keep})
    ]
    return Hierarchy(units, ADMINISTRATIVE)


def district(*extra: OrgUnit, codes: CodeCheck = "strict") -> Hierarchy:
    return Hierarchy(
        [
            OrgUnit(id="xc", name="西城街道", level="street", code="511702002000"),
            OrgUnit(
                id="dbj",
                name="大北街社区",
                level="community",
                parent="xc",
                code="511702002001",
                households=2900,
                org_name="大北街社区党委",
                tags=("老旧小区",),
            ),
            OrgUnit(
                id="xbj", name="小北街社区", level="community", parent="xc", code="511702002002"
            ),
            OrgUnit(id="xbj-g1", name="一网格", level="grid", parent="xbj"),
            OrgUnit(
                id="xbj-c1", name="春华小区", level="compound", parent="xbj-g1", households=120
            ),
            OrgUnit(id="xbj-b1", name="1栋", level="building", parent="xbj-c1"),
            *extra,
        ],
        codes=codes,
    )


def test_matched_units_carry_the_district_below_them() -> None:
    nation = national()
    joined = combine(nation, district())
    assert joined.scheme.name == "administrative_urban_five_level"
    assert joined.scheme.keys == (*ADMINISTRATIVE.keys, "grid", "compound", "building")
    assert joined.scheme.parent_levels("grid") == ("village",)
    assert len(joined) == len(nation) + 3
    assert "xc" not in joined
    assert "dbj" not in joined
    assert joined.parent("xbj-g1").id == "511702002002"
    assert [u.id for u in joined.ancestors("xbj-b1")][:3] == ["xbj-c1", "xbj-g1", "511702002002"]
    big_north = joined["511702002001"]
    assert (big_north.households, big_north.org_name, big_north.tags) == (
        2900,
        "大北街社区党委",
        ("老旧小区",),
    )
    assert big_north.name == nation["511702002001"].name  # the national names are kept
    assert joined.total("511702002000", "households") == 3020
    assert joined.org_kind("511702002000").value == "working_committee"


def test_a_dataset_is_combined_through_its_hierarchy() -> None:
    joined = combine(national(), Dataset(hierarchy=district()))
    assert "xbj-b1" in joined


def test_every_unmatched_unit_is_reported_at_once() -> None:
    extra = (
        OrgUnit(id="nocode", name="无码社区", level="community", parent="xc"),
        OrgUnit(id="stray", name="外地社区", level="community", parent="xc", code="511702009001"),
        OrgUnit(id="moved", name="错街社区", level="community", parent="xc", code="511702001001"),
        OrgUnit(id="fb", name="凤北街道", level="street", code="511702005000"),
        OrgUnit(id="tier", name="层级错", level="street", code="511702000000"),
    )
    with pytest.warns(DivisionCodeWarning):  # 错街社区's code is not its street's
        loose = district(*extra, codes="warn")
    with pytest.raises(IntegrityError) as caught:
        combine(national(), loose)
    assert caught.value.codes == ("unmatched_unit",)
    assert caught.value.ids == ("nocode", "stray", "moved", "tier")


def test_a_community_keeps_its_organisation_kind_on_a_village() -> None:
    small = OrgUnit(
        id="xxj",
        name="小巷社区",
        level="community",
        parent="xc",
        code="511702002003",
        org_kind="branch",
    )
    joined = combine(national(), district(small))
    # 大北街's kind is its level's default in the district (党委), not a village's (党支部).
    assert district(small).org_kind("dbj").value == "committee"
    assert ADMINISTRATIVE["village"].kind.value == "branch"
    assert joined.org_kind("511702002001").value == "committee"
    assert joined["511702002001"].org_kind is not None
    assert joined.org_kind("511702002003").value == "branch"
    assert joined.org_kind("511702002000").value == "working_committee"


def test_the_bundled_district_joins_its_real_codes() -> None:
    from jiceng import examples

    tongchuan = examples.tongchuan()
    joined = combine(read(DATA / "2023"), tongchuan)
    h = tongchuan.hierarchy
    assert joined.total("511702000000", "households") == h.total("dongcheng", "households") + sum(
        h.total(street, "households") or 0
        for street in ("xicheng", "chaoyang", "fengxi", "fengbei")
    )
    lower = [unit for unit in h if unit.level in ("grid", "compound", "building")]
    assert all(unit.id in joined for unit in lower)
    assert [u.name for u in joined.ancestors("mafangba-chunlan")][1:] == [
        "马房坝社区",
        "朝阳街道",
        "通川区",
        "达州市",
        "四川省",
    ]
