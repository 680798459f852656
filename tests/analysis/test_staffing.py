"""Community workers per community and per 10,000 residents."""

from __future__ import annotations

import datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng import URBAN_FIVE_LEVEL, Dataset, Hierarchy, OrgUnit
from jiceng.analysis import COMMUNITY_STAFF, STAFF_NORMS, STAFF_PER_10000, Staffing, staffing
from jiceng.errors import InvalidArgumentError, UnknownLevelError
from jiceng.pay import SANGANG_SHIBAJI, Payroll, Worker
from jiceng.results import to_jsonable
from jiceng.testing import hierarchies, workers

from .support import ref_totals, subtree_ids

DAY = datetime.date(2020, 9, 1)


@st.composite
def staffed(draw: st.DrawFn) -> Dataset:
    h = draw(hierarchies(scheme=URBAN_FIVE_LEVEL, max_units=25))
    places = [u.id for u in h if u.level in ("street", "community")]
    staff = []
    if places:
        for i in range(draw(st.integers(0, 12))):
            unit = draw(st.sampled_from(places))
            staff.append(draw(workers(id=f"w{i}", unit=unit)))
    return Dataset(hierarchy=h, pay=Payroll(SANGANG_SHIBAJI, staff, h))


def reference(dataset: Dataset, on: datetime.date | None) -> list[tuple[object, ...]]:
    h = dataset.hierarchy
    payroll = dataset.pay
    population = ref_totals(h, "population")
    rows = []
    for unit in [u for u in h if u.level == "community"]:
        inside = subtree_ids(h, unit.id)
        count = sum(
            1
            for w in payroll.workers()
            if w.unit in inside and (on is None or w.service_start <= on)
        )
        people = population[unit.id]
        rate = round(count * 10000 / people, 2) if people and count else None
        rows.append((unit.id, count, people, rate))
    return rows


def observed(result: Staffing) -> list[tuple[object, ...]]:
    return [(r.unit, r.workers, r.population, r.per_10000) for r in result.units]


@given(staffed(), st.one_of(st.none(), st.dates(datetime.date(1995, 1, 1))))
def test_staffing_agrees_with_a_reference(dataset: Dataset, on: datetime.date | None) -> None:
    result = staffing(dataset, on=on)
    assert observed(result) == reference(dataset, on)
    serving = len(dataset.pay.workers() if on is None else dataset.pay.serving(on=on))
    assert result.workers + result.outside == serving
    for top in [u for u in dataset.hierarchy if u.level == "street"][:2]:
        part = staffing(dataset, on=on, under=top.id)
        inside = subtree_ids(dataset.hierarchy, top.id)
        assert part.units == tuple(row for row in result.units if row.unit in inside)
    expected = []
    for norm in STAFF_NORMS:
        for row in result.units:
            figure = row.workers if norm.measure == "workers" else row.per_10000
            if figure is None:
                continue
            if norm.minimum is not None and figure < norm.minimum:
                expected.append((norm.key, row.unit, figure, "minimum"))
            elif norm.maximum is not None and figure > norm.maximum:
                expected.append((norm.key, row.unit, figure, "maximum"))
    assert [(f.rule, f.unit, f.figure, f.bound) for f in result.findings] == expected


def _dataset(count: int, population: int | None) -> Dataset:
    h = Hierarchy(
        [
            OrgUnit(id="s", name="东城街道", level="street"),
            OrgUnit(id="a", name="甲社区", level="community", parent="s", population=population),
        ]
    )
    staff = [
        Worker(id=f"w{i}", name="王芳", unit="a", post="other", service_start=DAY, hired=DAY)
        for i in range(count)
    ]
    staff.append(Worker(id="top", name="李明", unit="s", post="head", service_start=DAY, hired=DAY))
    return Dataset(hierarchy=h, pay=Payroll(SANGANG_SHIBAJI, staff, h))


def test_hand_worked_figures() -> None:
    result = staffing(_dataset(18, 10000))
    (row,) = result.units
    assert (row.workers, row.per_10000, result.outside) == (18, 18.0, 1)
    assert [(f.rule, f.figure, f.gap) for f in result.findings] == [("community_staff", 18, 1)]
    thin = staffing(_dataset(9, 10000))
    assert [(f.rule, f.figure, f.gap) for f in thin.findings] == [("staff_per_10000", 9.0, 9.0)]
    assert thin.per_10000 == 9.0
    unknown = staffing(_dataset(9, None))
    assert unknown.norms[1].unknown == 1
    assert unknown.per_10000 is None


def test_norms_of_another_level_are_skipped() -> None:
    street = attrs.evolve(COMMUNITY_STAFF, level="street")
    result = staffing(_dataset(3, 100), (street, STAFF_PER_10000))
    assert result.skipped == ("community_staff",)
    assert staffing(_dataset(3, 100), (street,), level="street").units[0].workers == 4


def test_errors_json_and_pandas() -> None:
    h = Hierarchy([OrgUnit(id="a", name="甲社区", level="community")])
    with pytest.raises(InvalidArgumentError, match="payroll"):
        staffing(Dataset(hierarchy=h))
    with pytest.raises(UnknownLevelError):
        staffing(_dataset(1, 10), level="county")
    data = to_jsonable(staffing(_dataset(2, 1000)))
    assert data["units"][0]["per_10000"] == 20.0
    pytest.importorskip("pandas")
    frame = staffing(_dataset(2, 1000)).to_pandas()
    assert frame["workers"].tolist() == [2]
    assert staffing(_dataset(2, 1000)).findings_frame().empty
