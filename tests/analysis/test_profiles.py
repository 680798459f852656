"""Level profiles and spans: hand-worked answers on a small district, and agreement with a
brute-force reference computed from the raw records (parent links and recorded counts)."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiceng
from jiceng import (
    Hierarchy,
    JicengTypeError,
    LevelScheme,
    OrgUnit,
    UnknownLevelError,
    UnknownUnitError,
)
from jiceng.analysis import (
    LevelProfile,
    Span,
    Summary,
    level_profile,
    spans,
    spans_of_control,
    summarise,
)
from jiceng.results import to_jsonable
from jiceng.testing import NESTED_SCHEME, unit_lists
from jiceng.units import COUNT_FIELDS

# -- the reference ---------------------------------------------------------------------------


def reference_totals(units: Sequence[OrgUnit], field: str) -> dict[str, int | None]:
    """A unit's recorded figure, else the sum of its children's known totals, else None."""
    children: dict[str, list[str]] = {unit.id: [] for unit in units}
    for unit in units:
        if unit.parent is not None:
            children[unit.parent].append(unit.id)
    by_id = {unit.id: unit for unit in units}
    totals: dict[str, int | None] = {}
    # Repeat until every unit is settled: a unit is settled once all its children are.
    pending = list(by_id)
    while pending:
        still = []
        for uid in pending:
            if any(child not in totals for child in children[uid]):
                still.append(uid)
                continue
            recorded = getattr(by_id[uid], field)
            known = [totals[c] for c in children[uid] if totals[c] is not None]
            totals[uid] = recorded if recorded is not None else (sum(known) if known else None)  # type: ignore[misc, arg-type]
        pending = still
    return totals


def reference_scope(units: Sequence[OrgUnit], top: str | None) -> list[OrgUnit]:
    if top is None:
        return list(units)
    by_id = {unit.id: unit for unit in units}

    def under(unit: OrgUnit) -> bool:
        current: OrgUnit | None = unit
        while current is not None:
            if current.id == top:
                return True
            current = by_id[current.parent] if current.parent is not None else None
        return False

    return [unit for unit in units if under(unit)]


def reference_summary(values: Sequence[int | None]) -> Summary:
    known = [v for v in values if v is not None]
    if not known:
        return Summary(0, len(values), 0, None, None, None, None)
    return Summary(
        count=len(known),
        missing=len(values) - len(known),
        total=sum(known),
        min=min(known),
        median=float(statistics.median(known)),
        mean=sum(known) / len(known),
        max=max(known),
    )


def reference_children(units: Sequence[OrgUnit], scope: Sequence[OrgUnit]) -> dict[str, int]:
    inside = {unit.id for unit in scope}
    return {
        unit.id: sum(1 for other in units if other.parent == unit.id and other.id in inside)
        for unit in scope
    }


# -- the small district (tests/conftest.py's `district`, drawn there) --------------------------


def test_hand_worked_profile(district: Hierarchy) -> None:
    profile = level_profile(district)
    assert profile.under is None
    assert profile.units == 14
    figures = {
        row.level: (row.units, row.leaves, row.children.min, row.children.median, row.children.max)
        for row in profile
    }
    assert figures == {
        "street": (2, 0, 1, 1.5, 2),
        "community": (3, 1, 0, 1.0, 2),
        "grid": (3, 1, 0, 1.0, 1),
        "compound": (2, 0, 2, 2.0, 2),
        "building": (4, 4, 0, 0.0, 0),
    }
    assert profile.row("grid").children.mean == pytest.approx(2 / 3)
    # 团包梁社区 records 2,300 households over its grid's 2,235: the levels' sums differ.
    assert profile.row("street").households == summarise([2541, None])
    assert profile.row("community").households == Summary(2, 1, 2541, 241, 1270.5, 1270.5, 2300)
    assert profile.row("grid").households == Summary(2, 1, 2476, 241, 1238.0, 1238.0, 2235)
    assert profile.row("building").households == Summary(4, 0, 621, 120, 150.5, 155.25, 200)
    assert profile.row("building").population == Summary(2, 2, 831, 400, 415.5, 415.5, 431)
    assert profile.row("community").population.mean == 29311.5
    assert profile.row("grid").party_members == Summary(1, 2, 14, 14, 14.0, 14.0, 14)
    assert profile.row("building").party_members == Summary(0, 4, 0, None, None, None, None)


def test_hand_worked_profile_under_a_unit(district: Hierarchy) -> None:
    profile = level_profile(district, under="mfb")
    assert (profile.under, profile.units) == ("mfb", 6)
    assert [(row.level, row.units, row.leaves) for row in profile] == [
        ("street", 0, 0),
        ("community", 1, 0),
        ("grid", 2, 1),
        ("compound", 1, 0),
        ("building", 2, 2),
    ]
    assert profile.row("community").households.total == 241
    assert profile.row("community").population.total == 50500  # recorded, authoritative
    assert profile.row("street").children == summarise([])
    # A unit record works as well as its id.
    assert level_profile(district, under=district["mfb"]) == profile


def test_hand_worked_spans(district: Hierarchy) -> None:
    grid = spans(district, "grid")
    assert (grid.units, grid.leaves, grid.histogram) == (3, 1, ((0, 1), (1, 2)))
    assert grid.all_units == summarise([1, 1, 0])
    assert grid.with_children == summarise([1, 1])
    assert spans(district, "building").histogram == ((0, 4),)
    assert spans(district, "building").with_children == summarise([])
    assert spans(district, "grid", under="mfb").histogram == ((0, 1), (1, 1))
    # A unit of the level itself is counted when it is the top.
    assert spans(district, "community", under="tbl").histogram == ((1, 1),)
    assert spans(district, "street", under="tbl").units == 0


def test_spans_of_control_reads_the_same_figures(district: Hierarchy) -> None:
    for old in spans_of_control(district):
        span = spans(district, old.level)
        having = span.with_children
        assert (old.units, old.leaves, old.min, old.max) == (
            span.units,
            span.leaves,
            having.min,
            having.max,
        )
        assert old.mean == (None if having.mean is None else round(having.mean, 2))


def test_results_are_readable_and_serialise(district: Hierarchy) -> None:
    profile = level_profile(district)
    text = str(profile)
    assert text.startswith("Level profile: 14 units\n")
    assert "  grid           3       1              0       1  0.67    1" in text
    data = to_jsonable(profile)
    assert data["rows"][2]["children"]["median"] == 1.0
    json.dumps(data)
    span = spans(district, "grid")
    assert str(span).splitlines()[0] == (
        "grid: 3 units, 1 leaf; children per unit min 0, median 1, mean 0.67, max 1"
    )
    assert to_jsonable(span)["histogram"] == [[0, 1], [1, 2]]
    empty = spans(Hierarchy([]), "grid")
    assert str(empty).splitlines()[0] == "grid: 0 units, 0 leaves"


def test_frames(district: Hierarchy) -> None:
    pytest.importorskip("pandas")
    frame = level_profile(district).to_pandas()
    assert list(frame["level"]) == ["street", "community", "grid", "compound", "building"]
    assert str(frame["units"].dtype) == "int64"
    assert str(frame["households_total"].dtype) == "int64"
    assert str(frame["households_min"].dtype) == "Int64"
    assert str(frame["households_median"].dtype) == "Float64"
    assert frame["party_members_mean"].isna().tolist() == [False, False, False, False, True]
    assert frame.loc[4, "households_median"] == 150.5
    assert int(frame["units"].sum()) == len(district)
    bars = spans(district, "grid").to_pandas()
    assert bars.to_dict("list") == {"children": [0, 1], "units": [1, 2]}
    assert len(spans(Hierarchy([]), "grid").to_pandas()) == 0


def test_datasets_and_bad_arguments(district: Hierarchy) -> None:
    dataset = jiceng.examples.tongchuan()
    assert level_profile(dataset) == level_profile(dataset.hierarchy)
    assert spans(dataset, "street") == spans(dataset.hierarchy, "street")
    with pytest.raises(JicengTypeError, match="Hierarchy or a Dataset"):
        level_profile([])  # type: ignore[arg-type]
    with pytest.raises(UnknownUnitError):
        level_profile(district, under="nowhere")
    with pytest.raises(UnknownUnitError):
        spans(district, "grid", under="nowhere")
    with pytest.raises(UnknownLevelError):
        spans(district, "county")
    with pytest.raises(UnknownLevelError):
        level_profile(district).row("county")


def test_bundled_streets() -> None:
    """The 2023 division table: 东城 15, 西城 11, 朝阳 17, 凤西 12, 凤北 8 communities."""
    span = spans(jiceng.examples.tongchuan(), "street")
    assert span.histogram == ((8, 1), (11, 1), (12, 1), (15, 1), (17, 1))
    assert span.all_units.total == 63


# -- agreement with the reference ------------------------------------------------------------


@given(unit_lists(max_units=30), st.data())
def test_profile_agrees_with_the_reference(
    pair: tuple[LevelScheme, list[OrgUnit]], data: st.DataObject
) -> None:
    scheme, units = pair
    h = Hierarchy(units, scheme)
    top = data.draw(
        st.one_of(st.none(), st.sampled_from([u.id for u in units]) if units else st.none())
    )
    profile = level_profile(h, under=top)
    assert isinstance(profile, LevelProfile)
    scope = reference_scope(units, top)
    children = reference_children(units, scope)
    totals = {field: reference_totals(units, field) for field in COUNT_FIELDS}
    assert profile.units == len(scope)
    assert [row.level for row in profile] == list(scheme.keys)
    for row in profile:
        here = [unit for unit in scope if unit.level == row.level]
        counts = [children[unit.id] for unit in here]
        assert row.units == len(here)
        assert row.leaves == counts.count(0)
        assert row.children == reference_summary(counts)
        for field in COUNT_FIELDS:
            assert getattr(row, field) == reference_summary([totals[field][u.id] for u in here])


@given(unit_lists(max_units=30), st.data())
def test_spans_agree_with_the_reference(
    pair: tuple[LevelScheme, list[OrgUnit]], data: st.DataObject
) -> None:
    scheme, units = pair
    h = Hierarchy(units, scheme)
    level = data.draw(st.sampled_from(scheme.keys))
    top = data.draw(
        st.one_of(st.none(), st.sampled_from([u.id for u in units]) if units else st.none())
    )
    span = spans(h, level, under=top)
    assert isinstance(span, Span)
    scope = reference_scope(units, top)
    children = reference_children(units, scope)
    counts = [children[unit.id] for unit in scope if unit.level == level]
    assert span.units == len(counts)
    assert span.leaves == counts.count(0)
    assert span.histogram == tuple(sorted((c, counts.count(c)) for c in set(counts)))
    assert span.all_units == reference_summary(counts)
    assert span.with_children == reference_summary([c for c in counts if c])
    # The profile and the spans agree on the level.
    assert level_profile(h, under=top).row(level).children == span.all_units


@given(unit_lists(scheme=NESTED_SCHEME, max_units=25))
def test_a_self_nesting_level(pair: tuple[LevelScheme, list[OrgUnit]]) -> None:
    scheme, units = pair
    h = Hierarchy(units, scheme)
    profile = level_profile(h)
    assert sum(row.units for row in profile) == len(units)
    assert sum(row.children.total for row in profile) == len(units) - len(h.roots())


def test_the_frame_converter(monkeypatch: pytest.MonkeyPatch, district: Hierarchy) -> None:
    pytest.importorskip("pandas")
    import sys

    from jiceng import MissingExtraError
    from jiceng.interop import results_to_pandas

    with pytest.raises(JicengTypeError, match="attrs class"):
        results_to_pandas([], dict)
    with pytest.raises(JicengTypeError, match="every row must be a Span"):
        results_to_pandas([level_profile(district)], Span)
    empty = results_to_pandas([], LevelProfile)
    assert list(empty.columns) == ["under", "units", "rows"]
    assert [str(dtype) for dtype in empty.dtypes] == ["string", "int64", "object"]
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"jiceng\[pandas\]"):
        level_profile(district).to_pandas()
