from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from jiceng import ProjectStatus, RenovationProject
from jiceng.renovation import FEN, Funding, FundingSource, Measure, RenovationCategory
from jiceng.testing.renovation import renovation_projects

from .data import VOTE, project

D = datetime.date


def test_project_figures() -> None:
    p = project()
    assert p.status is ProjectStatus.COMPLETED
    assert p.cost == Decimal(2000000)
    assert p.funded == Decimal(2000000)
    assert p.funding_gap == 0
    assert p.cost_per_household == Decimal("20000.00")
    assert p.cost_per_m2 == Decimal("250.00")
    assert p.started_construction() == D(2021, 5, 10)
    empty = project(households=0, floor_area="0")
    assert (empty.cost_per_household, empty.cost_per_m2) == (None, None)


def test_figures_round_to_the_fen() -> None:
    p = project(
        households=3, floor_area="7", measures=[{"category": "basic", "item": "x", "cost": "100"}]
    )
    assert Decimal("0.01") == FEN
    assert p.cost_per_household == Decimal("33.33")
    assert p.cost_per_m2 == Decimal("14.29")
    unfunded = project(funding=[{"source": "district", "amount": "2500000"}])
    assert unfunded.funding_gap == Decimal(0)  # more than the cost is no gap
    assert project(funding=[]).funding_gap == Decimal(2000000)
    assert (
        project(history=[{"status": "applied", "on": "2021-01-01"}]).started_construction() is None
    )


INVALID_PROJECTS: list[tuple[dict[str, Any], str]] = [
    ({"measures": [{"category": "basic", "item": "x", "cost": "-1"}]}, "greater_than_equal"),
    ({"measures": [{"category": "basic", "item": "x", "cost": "1.005"}]}, "decimal_max_places"),
    ({"measures": [{"category": "no such", "item": "x", "cost": "1"}]}, "key_format"),
    ({"funding": [{"source": "lottery", "amount": "1"}]}, "enum"),
    ({"funding": [{"source": "other", "amount": "-5"}]}, "greater_than_equal"),
    ({"households": -1}, "greater_than_equal"),
    ({"history": []}, "too_short"),
    (
        {
            "history": [
                {"status": "planned", "on": "2021-05-01"},
                {"status": "consulting", "on": "2021-04-01"},
            ]
        },
        "history_order",
    ),
    ({"planned_start": "2021-05-01", "planned_completion": "2021-04-01"}, "dates_order"),
    ({"actual_start": "2022-05-01", "actual_completion": "2022-04-30"}, "dates_order"),
    ({"consultations": [{**VOTE, "owners_agreeing": 90}]}, "vote_counts"),
    ({"consultations": [{**VOTE, "owners_voting": 101}]}, "vote_counts"),
    ({"consultations": [{**VOTE, "area_agreeing": "6500"}]}, "vote_counts"),
    ({"consultations": [{**VOTE, "owners": 0}]}, "greater_than"),
    ({"colour": "red"}, "extra_forbidden"),
]


@pytest.mark.parametrize(("changes", "error_type"), INVALID_PROJECTS)
def test_invalid_projects(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        project(**changes)
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_projects_round_trip_through_json() -> None:
    p = project(tags=["电梯"], planned_start="2021-03-01", planned_completion="2021-12-31")
    assert RenovationProject.model_validate_json(p.model_dump_json()) == p


@given(renovation_projects())
def test_generated_projects_round_trip_through_json(p: RenovationProject) -> None:
    assert RenovationProject.model_validate_json(p.model_dump_json()) == p
    assert p.cost == sum((m.cost for m in p.measures), Decimal(0))


def test_measures_and_funding() -> None:
    lift = Measure(category="improvement", item="加装电梯", quantity=4, unit="部", cost="1600000")
    assert (lift.category, lift.quantity, lift.cost) == (
        RenovationCategory.IMPROVEMENT,
        Decimal(4),
        Decimal(1600000),
    )
    gas = Funding(source="utility", amount="320000.50", note="燃气管网")
    assert (gas.source, gas.amount) == (FundingSource.UTILITY, Decimal("320000.50"))


def test_vocabularies_carry_their_chinese_names() -> None:
    assert [c.zh for c in RenovationCategory] == ["基础类", "完善类", "提升类"]
    assert [s.value for s in FundingSource] == [
        "central_subsidy",
        "provincial",
        "municipal",
        "district",
        "special_bond",
        "residents",
        "maintenance_fund",
        "utility",
        "social_capital",
        "other",
    ]
    assert FundingSource.MAINTENANCE_FUND.zh == "住宅专项维修资金"
