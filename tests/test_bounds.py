"""Values that validate stay within bounds the domain allows, so no later command fails on them.

Money is below ¥10¹⁵ and exact to the fen, areas below 10¹² m², durations and grades within
their ranges, rates within 0 … 1, walking times finite; ids, names and tags hold no control
character. Each refusal is a ``ValidationError`` with a stable type (or an
``InvalidArgumentError`` for a call's argument), never a ``decimal.InvalidOperation`` or an
``OverflowError`` in a later command.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from jiceng import (
    SANGANG_SHIBAJI,
    Hierarchy,
    OrgUnit,
    PayScheme,
    RenovationProject,
    Worker,
)
from jiceng.errors import InvalidArgumentError
from jiceng.pay import pay_of
from jiceng.pay._calendar import add_months, add_years
from jiceng.renovation import split_by_factors
from jiceng.services import WalkingTime
from jiceng.types import MONEY_LIMIT, Area, Money, Name, RecordId, Tag


def project(**changes: Any) -> RenovationProject:
    data: dict[str, Any] = {
        "id": "p",
        "name": "某小区改造",
        "compound": "c",
        "batch": 2022,
        "households": 100,
        "buildings": 4,
        "floor_area": "8000",
        "history": [{"status": "applied", "on": "2021-06-01"}],
        "measures": [{"category": "basic", "item": "屋面防水", "cost": "900000"}],
    }
    data.update(changes)
    return RenovationProject.model_validate(data)


def error_types(error: ValidationError) -> set[str]:
    return {item["type"] for item in error.errors()}


@pytest.mark.parametrize("cost", ["1e30", str(10**15), "1e15"])
def test_a_measure_costing_too_much_is_refused(cost: str) -> None:
    with pytest.raises(ValidationError) as caught:
        project(measures=[{"category": "basic", "item": "x", "cost": cost}])
    assert error_types(caught.value) == {"less_than"}


def test_the_largest_amounts_still_compute() -> None:
    top = str(MONEY_LIMIT - Decimal("0.01"))
    measures = [{"category": "basic", "item": f"m{n}", "cost": top} for n in range(1000)]
    p = project(measures=measures, households=1, floor_area="0.01")
    assert p.cost == (MONEY_LIMIT - Decimal("0.01")) * 1000
    assert p.cost_per_household == p.cost
    assert p.cost_per_m2 == p.cost * 100


@pytest.mark.parametrize(
    ("adapter", "value", "kind"),
    [
        (Money, "NaN", "finite_number"),
        (Money, "Infinity", "finite_number"),
        (Money, "-0.01", "greater_than_equal"),
        (Money, "0.001", "decimal_max_places"),
        (Area, "1e12", "less_than"),
        (Area, "sNaN", "finite_number"),
    ],
)
def test_money_and_area_bounds(adapter: Any, value: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(adapter).validate_python(value)
    assert error_types(caught.value) == {kind}


def test_a_probation_of_ten_to_the_twenty_months_is_refused() -> None:
    data = SANGANG_SHIBAJI.model_dump()
    with pytest.raises(ValidationError) as caught:
        PayScheme.model_validate({**data, "probation_months": 10**20})
    assert error_types(caught.value) == {"less_than_equal"}
    for field, value in [
        ("probation_rate", "NaN"),
        ("years_per_step", 10**20),
        ("degree_credits", {"master": 10**20}),
        ("coefficients", ["Infinity"] * len(data["coefficients"])),
    ]:
        with pytest.raises(ValidationError):
            PayScheme.model_validate({**data, field: value})


def test_the_longest_probation_from_the_last_year_still_computes() -> None:
    scheme = SANGANG_SHIBAJI.model_copy(update={"probation_months": 120})
    worker = Worker(
        id="w",
        name="w",
        unit="c",
        post="other",
        service_start="9999-12-01",
        hired="9999-12-01",
    )
    on = datetime.date(9999, 12, 30)
    assert pay_of(worker, scheme, on=on).probation
    assert add_months(datetime.date(9999, 12, 15), 0) == datetime.date(9999, 12, 15)
    assert add_years(datetime.date(9999, 2, 28), 1) == datetime.date.max


@pytest.mark.parametrize("amount", ["1e26", str(10**15), 10**30, Decimal("1E+999999999")])
def test_allocating_too_much_is_an_invalid_argument(amount: Any) -> None:
    with pytest.raises(InvalidArgumentError, match="below"):
        split_by_factors(amount, [("a", [project()])])


@pytest.mark.parametrize("weight", ["1e999999999", "1e-999999999", "2", "NaN"])
def test_extreme_weights_are_refused_at_once(weight: str) -> None:
    with pytest.raises(InvalidArgumentError):
        split_by_factors("100", [("a", [project()])], weights={"households": weight})


def test_the_largest_allocation_still_computes() -> None:
    top = MONEY_LIMIT - Decimal("0.01")
    shares = split_by_factors(top, [("a", [project()]), ("b", [project(id="q")])])
    assert sum(shares.values()) == top


@pytest.mark.parametrize("minutes", [float("inf"), float("nan"), "Infinity", 1e300])
def test_walking_times_are_finite_and_within_a_day(minutes: Any) -> None:
    with pytest.raises(ValidationError):
        WalkingTime(a="x", b="y", minutes=minutes)


CONTROLS = ["\x00", "\x1b", "\r", "\n", "\t", "\x7f", "\x85", "\x9b", "\x1f"]


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("alias", [RecordId, Name, Tag])
def test_ids_names_and_tags_refuse_control_characters(alias: Any, control: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(alias).validate_python(f"x{control}y")
    assert error_types(caught.value) == {"control_character"}


@pytest.mark.parametrize("field", ["id", "name", "level", "parent", "org_name"])
def test_a_unit_refuses_control_characters(field: str) -> None:
    data = {"id": "x", "name": "西城街道", "level": "street", field: "x\x1b[2Jy"}
    with pytest.raises(ValidationError) as caught:
        OrgUnit.model_validate(data)
    assert [(item["loc"], item["type"]) for item in caught.value.errors()] == [
        ((field,), "control_character")
    ]
    with pytest.raises(ValidationError):
        Hierarchy.from_records([data])


def test_other_records_refuse_control_characters() -> None:
    with pytest.raises(ValidationError) as caught:
        project(id="p\x00", name="某\n小区")
    assert error_types(caught.value) == {"control_character"}


def test_text_without_controls_is_kept() -> None:
    for text in ["小北街社区", "甲\u2028乙", "a b", "Ünïcødé", "\u00a0x"]:
        assert TypeAdapter(Name).validate_python(text) == text.strip()
