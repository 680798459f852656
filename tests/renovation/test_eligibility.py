from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from jiceng import EligibilityPolicy, Hierarchy, OrgUnit, Portfolio
from jiceng.renovation import Eligibility, ExtendedShare

from .data import project


def test_policy_records() -> None:
    policy = EligibilityPolicy()
    assert (policy.cutoff_year, policy.extended_cutoff_year) == (2000, None)
    assert (policy.extended_share_cap, policy.excluded_tags) == (
        Decimal("0.15"),
        ("自建房", "城中村"),
    )
    with pytest.raises(ValidationError) as caught:
        EligibilityPolicy(cutoff_year=2005, extended_cutoff_year=2004)
    assert caught.value.errors()[0]["type"] == "cutoff_order"
    with pytest.raises(ValidationError):
        EligibilityPolicy(extended_share_cap="1.5")


def test_eligibility(town: Hierarchy) -> None:
    policy = EligibilityPolicy(extended_cutoff_year=2005)
    judged = {uid: policy.judge(town[uid]) for uid in ("k-old", "k-04", "k-new", "k-self")}
    assert (judged["k-old"].eligible, judged["k-old"].extended) == (True, False)
    assert (judged["k-04"].eligible, judged["k-04"].extended) == (True, True)
    assert not judged["k-new"].eligible
    assert "after the cut-off (2005)" in judged["k-new"].reason
    assert not judged["k-self"].eligible
    assert "自建房" in judged["k-self"].reason
    assert policy.judge(town["k-unknown"]).reason == "built year unknown"
    strict = EligibilityPolicy()
    assert not strict.judge(town["k-04"]).eligible


def test_reasons() -> None:
    policy = EligibilityPolicy(extended_cutoff_year=2005)
    unit = OrgUnit(id="k", name="某小区", level="compound", built_year=2000, tags=("城中村",))
    assert policy.judge(unit) == Eligibility("k", False, False, "excluded: tagged 城中村")
    plain = unit.model_copy(update={"tags": ()})
    assert policy.judge(plain) == Eligibility(
        "k", True, False, "built 2000: before the end of 2000"
    )
    late = plain.model_copy(update={"built_year": 2001})
    assert EligibilityPolicy().judge(late).reason == "built 2001: after the cut-off (2000)"


def test_candidates_and_extended_share(town: Hierarchy) -> None:
    policy = EligibilityPolicy(extended_cutoff_year=2005)
    portfolio = Portfolio(
        [
            project("p-old", "k-old", households=500),
            project("p-04", "k-04", households=100),
            project(
                "p-gone",
                "k-new",
                history=[
                    {"status": "applied", "on": "2020-01-01"},
                    {"status": "cancelled", "on": "2020-02-01"},
                ],
            ),
        ],
        town,
        policy,
    )
    assert [c.unit for c in portfolio.candidates()] == ["k-new", "k-self", "k-unknown"]
    assert [c.eligible for c in portfolio.candidates()] == [False, False, False]
    check = portfolio.extended_share(2021)
    assert check == ExtendedShare(
        batch=2021,
        households=600,
        extended=100,
        share=100 / 600,
        cap=Decimal("0.15"),
        within_cap=False,  # 16.7% > 15%
        projects=("p-04",),
    )
    looser_policy = EligibilityPolicy(extended_cutoff_year=2005, extended_share_cap="0.2")
    looser = Portfolio(list(portfolio), town, looser_policy)
    assert looser.extended_share(2021).within_cap
    assert portfolio.eligibility("k-old").eligible
    empty = portfolio.extended_share(1999)
    assert (empty.households, empty.extended, empty.share, empty.within_cap) == (0, 0, 0.0, True)
