from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

import jiceng
from jiceng import Hierarchy
from jiceng.errors import NeedsHierarchyError
from jiceng.renovation import (
    COMMON_LIFECYCLE,
    BatchSummary,
    CandidateSummary,
    ExtendedShareSummary,
    FundingShare,
    FundingSource,
    ProjectStatus,
    RenovationCategory,
    RenovationSummary,
    extended_share_summary,
    portfolio_summary,
)
from jiceng.results import to_jsonable as to_json

from .data import project

RECORDED = json.loads((Path(__file__).parent / "report_0_1.json").read_text(encoding="utf-8"))
"""The figures that jiceng 0.1's report computed for these cases, recorded before the report's
dictionaries became typed results (the typed results must convert to exactly these)."""


def test_the_summary_is_what_the_report_gives() -> None:
    district = jiceng.examples.tongchuan()
    assert district.projects is not None
    summary = portfolio_summary(district.projects)
    assert isinstance(summary, RenovationSummary)
    today = RECORDED["renovation"]
    assert to_json(summary) == today
    assert json.dumps(to_json(summary), ensure_ascii=False) == json.dumps(today, ensure_ascii=False)


def test_values_keep_their_types() -> None:
    district = jiceng.examples.tongchuan()
    assert district.projects is not None
    summary = portfolio_summary(district.projects)
    assert summary.policy is district.projects.policy
    assert list(summary.by_status) == [
        *COMMON_LIFECYCLE.stages,
        ProjectStatus.SUSPENDED,
        ProjectStatus.CANCELLED,
    ]
    assert summary.by_status[ProjectStatus.UNDER_CONSTRUCTION] == 5
    assert summary.cost == Decimal("138155147.44")
    assert summary.batches[1] == BatchSummary(
        batch=2021,
        projects=5,
        households=1619,
        cost=Decimal("35255540.50"),
        extended=ExtendedShareSummary(
            households=241,
            share=0.1489,
            cap=Decimal("0.15"),
            within_cap=True,
            projects=("2021-chunlan",),
        ),
    )
    assert summary.funding[FundingSource.CENTRAL_SUBSIDY] == FundingShare(
        Decimal("55661000.00"), 0.4604
    )
    assert list(summary.categories) == list(RenovationCategory)
    assert summary.candidates == CandidateSummary(
        eligible=139,
        not_eligible=17,
        eligible_examples=(
            "瑞丰小区",
            "天悦家园",
            "怡景新城",
            "运输公司家属院",
            "佳和家园",
        ),
    )
    assert [line.id for line in summary.list] == [p.id for p in district.projects]
    assert summary.list[2].status is ProjectStatus.COMPLETED


def test_a_small_portfolio(town: Hierarchy) -> None:
    cancelled = [
        {"status": "applied", "on": "2021-01-01"},
        {"status": "cancelled", "on": "2021-02-01"},
    ]
    portfolio = jiceng.Portfolio(
        [project("a", "k-old"), project("b", "k-04", funding=[], history=cancelled)], town
    )
    summary = portfolio_summary(portfolio)
    assert (summary.projects, summary.households, summary.cost) == (2, 100, Decimal(2000000))
    assert summary.by_status[ProjectStatus.CANCELLED] == 1
    assert summary.funding == {
        FundingSource.CENTRAL_SUBSIDY: FundingShare(Decimal(1500000), 0.75),
        FundingSource.RESIDENTS: FundingShare(Decimal(500000), 0.25),
    }
    assert summary.funding_gaps == {}  # the cancelled project's gap is not counted
    assert [line.compound for line in summary.list] == ["老厂宿舍", "春兰小区"]
    assert summary.list[1].funding_gap == Decimal(2000000)
    assert summary.candidates == CandidateSummary(0, 4, ())
    assert summary.progress == jiceng.renovation.Progress(100, 100, 1.0)
    empty = portfolio_summary(jiceng.Portfolio([], town))
    assert (empty.cost_per_household, empty.cost_per_m2, empty.funding) == (None, None, {})
    assert empty.progress == jiceng.renovation.Progress(0, 0, 0.0)


def test_the_extended_share_as_reported(town: Hierarchy) -> None:
    policy = jiceng.EligibilityPolicy(extended_cutoff_year=2005)
    portfolio = jiceng.Portfolio(
        [project("a", "k-old", households=200), project("b", "k-04", households=100)],
        town,
        policy,
    )
    assert extended_share_summary(portfolio.extended_share(2021)) == ExtendedShareSummary(
        households=100, share=0.3333, cap=Decimal("0.15"), within_cap=False, projects=("b",)
    )


def test_a_summary_needs_a_hierarchy() -> None:
    with pytest.raises(NeedsHierarchyError, match="a summary needs a portfolio built with"):
        portfolio_summary(jiceng.Portfolio([project()]))


def test_projects_command() -> None:
    from jiceng.cli import main

    out = io.StringIO()
    assert main(["projects"], out=out) == 0
    text = out.getvalue()
    assert "2021-chunlan" in text
    assert "春兰小区" in text
    assert "within cap" in text
    out = io.StringIO()
    assert main(["projects", "--json"], out=out) == 0
    data = json.loads(out.getvalue())
    assert data["projects"] == 20
    assert data["cost"] == "138155147.44"
    out = io.StringIO()
    assert main(["report"], out=out) == 0
    assert "Renovation of old compounds" in out.getvalue()
