"""Comparisons: hand-worked tables on the small district, and agreement with the profiles."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

import jiceng
from jiceng import Hierarchy, InvalidArgumentError, JicengTypeError, LevelScheme, OrgUnit
from jiceng.analysis import MEASURES, Comparison, compare, compare_units, level_profile
from jiceng.levels import URBAN_FIVE_LEVEL
from jiceng.results import to_jsonable
from jiceng.testing import unit_lists


def test_hand_worked_streets(district: Hierarchy) -> None:
    table = compare_units(district, "street")
    assert table.names == ("朝阳街道", "西城街道")
    assert table.value("community", "units") == (2, 1)
    assert table.value("community", "leaves") == (0, 1)
    assert table.value("grid", "children_mean") == (pytest.approx(2 / 3), None)
    assert table.value("community", "households_total") == (2541, None)
    assert table.value("community", "households_units") == (2, 0)
    assert table.value("community", "population_mean") == (29311.5, None)
    assert table.value("building", "households_total") == (621, None)
    # Levels in scheme order, then the measures in order.
    assert [(row.level, row.measure) for row in table.rows] == [
        (level, measure) for level in URBAN_FIVE_LEVEL.keys for measure in MEASURES
    ]


def test_compare_equals_compare_units(district: Hierarchy) -> None:
    by_units = compare_units(district, "community")
    by_hand = compare(
        *(district.subtree(unit.id) for unit in district.at_level("community")),
        names=[unit.name for unit in district.at_level("community")],
    )
    assert by_hand.rows == by_units.rows
    assert by_hand.names == by_units.names


def test_names(district: Hierarchy) -> None:
    dataset = jiceng.examples.tongchuan()
    assert compare(dataset, district.subtree("mfb"), district).names == (
        "通川区 (达州市) example district",
        "马房坝社区",
        "#3",  # two roots: no name of its own
    )
    assert compare(district, district).names == ("#1", "#2")
    same = district.subtree("cy")
    assert compare(same, same).names == ("朝阳街道 #1", "朝阳街道 #2")
    with pytest.raises(InvalidArgumentError, match="2 names for 1"):
        compare(district, names=["a", "b"])
    with pytest.raises(InvalidArgumentError, match="repeated: 'a'"):
        compare(district, district, names=["a", "a"])
    with pytest.raises(InvalidArgumentError, match="at least one"):
        compare()
    with pytest.raises(JicengTypeError):
        compare("district.json")  # type: ignore[arg-type]
    twins = Hierarchy(
        [
            OrgUnit(id="a", name="新村街道", level="street"),
            OrgUnit(id="b", name="新村街道", level="street"),
        ]
    )
    assert compare_units(twins, "street").names == ("新村街道 [a]", "新村街道 [b]")
    with pytest.raises(InvalidArgumentError, match="no unit at level 'grid'"):
        compare_units(twins, "grid")
    assert compare_units(district, "grid", under="mfb").names == ("秋棠片区", "永泰片区")


def test_profiles_of_parts_and_other_schemes(district: Hierarchy) -> None:
    other = Hierarchy(
        [
            OrgUnit(id="t", name="乡", level="township"),
            OrgUnit(id="v", name="村", level="village", parent="t"),
        ],
        jiceng.RURAL,
    )
    table = compare(level_profile(district, under="mfb"), other, names=["mfb", "rural"])
    levels = list(dict.fromkeys(row.level for row in table.rows))
    assert levels[:5] == list(URBAN_FIVE_LEVEL.keys)
    assert set(levels[5:]) == set(jiceng.RURAL.keys) - set(URBAN_FIVE_LEVEL.keys)
    assert table.value("street", "units") == (0, None)  # no such level in the rural scheme
    assert table.value("grid", "leaves") == (1, None)


def test_readable_serialisable_and_frames(district: Hierarchy) -> None:
    table = compare_units(district, "street")
    lines = str(table).splitlines()
    assert lines[0].split() == ["level", "measure", "朝阳街道", "西城街道"]
    assert lines[1].split() == ["street", "units", "1", "1"]
    assert len(lines) == 1 + 5 * len(MEASURES)
    data = to_jsonable(table)
    assert data["names"] == ["朝阳街道", "西城街道"]
    assert data["rows"][0] == {"level": "street", "measure": "units", "values": [1, 1]}
    json.dumps(data)
    part = table.select("community", measures=["units", "households_total"])
    assert isinstance(part, Comparison)
    assert [row.measure for row in part.rows] == ["units", "households_total"]
    with pytest.raises(InvalidArgumentError):
        table.value("county", "units")
    pytest.importorskip("pandas")
    frame = table.to_pandas()
    assert list(frame.columns) == ["level", "measure", "朝阳街道", "西城街道"]
    assert str(frame["朝阳街道"].dtype) == "Float64"
    assert len(frame) == len(table.rows)
    wide = frame.set_index(["level", "measure"])
    assert wide.loc[("community", "households_total"), "朝阳街道"] == 2541
    assert wide["西城街道"].isna().sum() > 0


@given(unit_lists(max_units=30, max_roots=3))
def test_a_comparison_is_its_profiles(pair: tuple[LevelScheme, list[OrgUnit]]) -> None:
    scheme, units = pair
    h = Hierarchy(units, scheme)
    roots = h.roots()
    if not roots:
        return
    level = roots[0].level
    table = compare_units(h, level)
    tops = h.at_level(level)
    assert table.profiles == tuple(level_profile(h, under=unit) for unit in tops)
    for row in table.rows:
        for value, profile in zip(row.values, table.profiles, strict=True):
            figures = profile.row(row.level)
            if row.measure == "units":
                assert value == figures.units
            elif row.measure == "children_max":
                assert value == figures.children.max
            elif row.measure == "households_total":
                known = figures.households.count
                assert value == (figures.households.total if known else None)
    # Every unit at the compared level is counted once at it, in its own column.
    assert sum(table.value(level, "units")) >= len(tops)  # type: ignore[arg-type]
