"""Recorded figures against the sums of the children's totals."""

from __future__ import annotations

import pytest
from hypothesis import given

from jiceng import Hierarchy, OrgUnit
from jiceng.analysis import Consistency, consistency
from jiceng.errors import InvalidArgumentError, UnknownUnitError
from jiceng.results import to_jsonable
from jiceng.testing import hierarchies
from jiceng.units import COUNT_FIELDS, CountField

from .support import children_of, ref_totals, subtree_ids


def reference(h: Hierarchy, field: CountField) -> tuple[int, list[tuple[object, ...]]]:
    totals = ref_totals(h, field)
    kids = children_of(h)
    checked = 0
    out = []
    for unit in h:
        recorded = getattr(unit, field)
        known = [totals[c.id] for c in kids[unit.id] if totals[c.id] is not None]
        if recorded is None or not known:
            continue
        checked += 1
        below = sum(v for v in known if v is not None)
        if below != recorded:
            children = len(kids[unit.id])
            out.append(
                (unit.id, recorded, below, recorded - below, children, children - len(known))
            )
    return checked, out


def observed(result: Consistency) -> tuple[int, list[tuple[object, ...]]]:
    rows = [
        (r.unit, r.recorded, r.children_total, r.difference, r.children, r.children_without)
        for r in result.discrepancies
    ]
    return result.checked, rows


@given(hierarchies(max_units=40))
def test_consistency_agrees_with_a_reference_on_generated_hierarchies(h: Hierarchy) -> None:
    for field in COUNT_FIELDS:
        assert observed(consistency(h, field)) == reference(h, field)


@given(hierarchies(max_units=25))
def test_under_a_unit_keeps_the_discrepancies_inside(h: Hierarchy) -> None:
    for top in list(h)[:3]:
        inside = subtree_ids(h, top.id)
        whole = consistency(h, "households").discrepancies
        assert consistency(h, "households", under=top.id).discrepancies == tuple(
            row for row in whole if row.unit in inside
        )


def test_the_module_example_by_hand() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="c", name="一号小区", level="compound", households=100),
            OrgUnit(id="c-1", name="1栋", level="building", parent="c", households=30),
            OrgUnit(id="c-2", name="2栋", level="building", parent="c", households=40),
            OrgUnit(id="c-3", name="3栋", level="building", parent="c"),
        ]
    )
    (row,) = consistency(h, "households").discrepancies
    assert (row.recorded, row.children_total, row.difference, row.partial) == (100, 70, 30, True)
    assert "1 of 3 children without a figure" in str(row)


def test_equal_figures_and_children_without_data_are_not_reported() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="c", name="一号小区", level="compound", households=70),
            OrgUnit(id="c-1", name="1栋", level="building", parent="c", households=70),
            OrgUnit(id="d", name="二号小区", level="compound", households=50),
            OrgUnit(id="d-1", name="1栋", level="building", parent="d"),
        ]
    )
    result = consistency(h, "households")
    assert (result.checked, result.discrepancies) == (1, ())


def test_a_recorded_figure_below_hides_the_data_under_it() -> None:
    """The child's total is its recorded figure: what lies below it does not count again."""
    h = Hierarchy(
        [
            OrgUnit(id="g", name="一网格", level="grid", households=500),
            OrgUnit(id="c", name="一号小区", level="compound", parent="g", households=300),
            OrgUnit(id="c-1", name="1栋", level="building", parent="c", households=10),
        ]
    )
    rows = {row.unit: row for row in consistency(h, "households").discrepancies}
    assert (rows["g"].children_total, rows["c"].children_total) == (300, 10)


def test_errors_json_and_pandas() -> None:
    h = Hierarchy([OrgUnit(id="c", name="一号小区", level="compound", households=1)])
    with pytest.raises(InvalidArgumentError):
        consistency(h, "floors")  # type: ignore[arg-type]
    with pytest.raises(UnknownUnitError):
        consistency(h, "households", under="nope")
    assert to_jsonable(consistency(h, "households")) == {
        "field": "households",
        "checked": 0,
        "discrepancies": [],
    }
    pytest.importorskip("pandas")
    assert list(consistency(h, "households").to_pandas().columns)[:2] == ["unit", "name"]
