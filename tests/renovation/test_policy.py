"""The renovation policy as data: local consent rules, the vote setting, lifecycles, categories."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from pydantic import ValidationError

import jiceng
from jiceng import Hierarchy, Portfolio
from jiceng.errors import IntegrityError, TransitionError
from jiceng.renovation import (
    BOTTOM_UP_LIFECYCLE,
    COMMON_LIFECYCLE,
    SECTION,
    Consent,
    ConsentRule,
    EligibilityPolicy,
    PolicyCategory,
    ProjectStatus,
    RenovationCategory,
    RenovationPolicy,
)

from .data import HISTORY, project

WILLINGNESS: dict[str, Any] = {
    "key": "willingness",
    "name": "意愿征询",
    "counts": "households",
    "share": "2/3",
    "before": "applied",
    "source": "illustrative: the common two-thirds of households",
}


def consent(agreeing: int, total: int = 90, on: str = "2021-01-01", **more: Any) -> Consent:
    return Consent(rule="willingness", on=on, total=total, agreeing=agreeing, **more)


@pytest.mark.parametrize(
    ("share", "inclusive", "agreeing", "total", "passes"),
    [
        ("2/3", True, 60, 90, True),  # exactly two thirds: 以上 includes it
        ("2/3", True, 59, 90, False),
        ("2/3", False, 60, 90, False),  # strictly more is asked
        ("2/3", False, 61, 90, True),
        ("1/2", False, 45, 90, False),  # 过半数: exactly half fails
        ("1/2", False, 46, 90, True),
        ("3/4", True, 9, 12, True),
        ("3/4", True, 8, 12, False),
        ("1/1", True, 12, 12, True),
        ("0/1", False, 0, 12, False),
    ],
)
def test_consent_rule_boundaries(
    share: str, inclusive: bool, agreeing: int, total: int, passes: bool
) -> None:
    rule = ConsentRule.model_validate({**WILLINGNESS, "share": share, "inclusive": inclusive})
    assert (rule.reason(consent(agreeing, total)) is None) is passes


@pytest.mark.parametrize("share", ["3/2", "1/0", "0.66", "-1/3", "2/3/4"])
def test_consent_rule_shares_are_fractions_from_0_to_1(share: str) -> None:
    with pytest.raises(ValidationError):
        ConsentRule.model_validate({**WILLINGNESS, "share": share})


def test_a_consent_count_cannot_exceed_its_total() -> None:
    with pytest.raises(ValidationError) as caught:
        consent(91)
    assert caught.value.errors()[0]["type"] == "consent_counts"


def test_consent_rules_are_checked_against_recorded_counts() -> None:
    policy = RenovationPolicy(consent_rules=[WILLINGNESS])
    passing = project(consents=[consent(60, on="2021-01-05")])  # applied on 2021-01-10
    assert Portfolio([passing], policy=policy).get("p1") == passing
    problems = {
        "too few": project(consents=[consent(59, on="2021-01-05")]),
        "too late": project(consents=[consent(90, on="2021-01-11")]),
        "none": project(),
    }
    for why, bad in problems.items():
        with pytest.raises(IntegrityError) as caught:
            Portfolio([bad], policy=policy)
        (problem,) = caught.value.problems
        assert problem.code == "consent_missing", why
        assert problem.message == (
            "applied on 2021-01-10 without a passing 意愿征询 count (willingness: 2/3 of "
            "households) on or before that day"
        )
    stray = project(consents=[Consent(rule="lift", on="2021-01-01", total=12, agreeing=12)])
    with pytest.raises(IntegrityError) as caught:
        Portfolio([stray])
    assert [p.code for p in caught.value.problems] == ["unknown_consent_rule"]


def test_a_rule_without_a_stage_is_only_judged() -> None:
    policy = RenovationPolicy(consent_rules=[{**WILLINGNESS, "before": None}])
    failing = project(consents=[consent(10)])
    assert len(Portfolio([failing], policy=policy)) == 1
    assert policy.consent_rules[0].reason(failing.consents[0]) is not None


def test_whether_construction_waits_for_a_vote_is_the_policys_choice() -> None:
    unvoted = project(consultations=[])
    with pytest.raises(IntegrityError) as caught:
        Portfolio([unvoted])  # the default: construction waits for a passed vote
    assert [p.code for p in caught.value.problems] == ["construction_before_consultation"]
    assert RenovationPolicy().construction_needs_vote is True
    lenient = RenovationPolicy(construction_needs_vote=False)
    assert Portfolio([unvoted], policy=lenient).get("p1") == unvoted


def test_the_policy_names_its_lifecycle() -> None:
    bottom_up = [
        {"status": "requested", "on": "2020-06-01"},
        {"status": "willingness", "on": "2020-07-01"},
        *({"status": s, "on": f"2021-0{i + 1}-10"} for i, s in enumerate(HISTORY)),
    ]
    local = project(history=bottom_up)
    policy = RenovationPolicy(lifecycle=BOTTOM_UP_LIFECYCLE)
    portfolio = Portfolio([local], policy=policy)
    assert portfolio.get("p1").status is ProjectStatus.COMPLETED
    with pytest.raises(IntegrityError) as caught:
        Portfolio([local])  # the common lifecycle has no such stages
    assert caught.value.problems[0].code == "illegal_transition"
    assert caught.value.problems[0].message == (
        "a status history cannot begin requested: not a stage of the common lifecycle"
    )
    new = project("p2", history=[{"status": "requested", "on": "2022-01-01"}])
    moving = Portfolio([new], policy=policy)
    assert [s.value for s in moving.next_steps("p2")] == ["willingness", "suspended", "cancelled"]
    moved = moving.advance("p2", "willingness", on=datetime.date(2022, 2, 1))
    assert moved.get("p2").status is ProjectStatus.WILLINGNESS
    with pytest.raises(TransitionError):
        moving.advance("p2", "applied", on=datetime.date(2022, 2, 1))


def test_stages_and_steps_of_the_two_lifecycles() -> None:
    assert [s.zh for s in COMMON_LIFECYCLE.stages] == [
        "申报", "年度计划", "征求意见", "方案设计", "施工", "竣工验收", "移交/长效管理",
    ]  # fmt: skip
    assert BOTTOM_UP_LIFECYCLE.stages == (
        ProjectStatus.REQUESTED,
        ProjectStatus.WILLINGNESS,
        *COMMON_LIFECYCLE.stages,
    )
    for lifecycle in (COMMON_LIFECYCLE, BOTTOM_UP_LIFECYCLE):
        assert lifecycle.next_statuses(ProjectStatus.HANDED_OVER) == ()
        assert lifecycle.next_statuses(ProjectStatus.COMPLETED) == (ProjectStatus.HANDED_OVER,)
    for bad in (["planned", "planned"], ["suspended"], []):
        with pytest.raises(ValidationError):
            jiceng.Lifecycle(key="bad", stages=bad, source="x")


def test_a_policy_extends_the_categories() -> None:
    safety = {"category": "safety", "item": "危房排险", "cost": "200000"}
    risky = project(measures=[{"category": "basic", "item": "消防设施", "cost": "1800000"}, safety])
    with pytest.raises(IntegrityError) as caught:
        Portfolio([risky])
    assert [p.code for p in caught.value.problems] == ["unknown_category"]
    policy = RenovationPolicy(
        categories=[PolicyCategory(key="safety", zh="安全类", source="illustrative")]
    )
    portfolio = Portfolio([risky], policy=policy)
    assert portfolio.category_mix() == {
        RenovationCategory.BASIC: 1800000,
        RenovationCategory.IMPROVEMENT: 0,
        RenovationCategory.UPGRADE: 0,
        "safety": 200000,
    }
    assert [p.id for p in portfolio.projects(category="safety")] == ["p1"]
    assert [policy.category_zh(key) for key in policy.category_keys] == [
        "基础类", "完善类", "提升类", "安全类",
    ]  # fmt: skip
    with pytest.raises(ValidationError):
        RenovationPolicy(categories=[{"key": "basic", "zh": "基础类", "source": "x"}])
    with pytest.raises(ValidationError):
        RenovationPolicy(consent_rules=[WILLINGNESS, WILLINGNESS])


def test_an_eligibility_policy_is_a_renovation_policy_with_the_defaults() -> None:
    portfolio = Portfolio([project()], policy=EligibilityPolicy(cutoff_year=2004))
    assert portfolio.policy == RenovationPolicy(cutoff_year=2004)


def test_the_file_writes_only_the_local_rules_that_are_set(town: Hierarchy) -> None:
    default = Portfolio([project()], town)
    (written,) = [w for w in SECTION.dump(default) if w.key == "renovation_policy"]
    assert written.value == {
        "cutoff_year": 2000,
        "extended_cutoff_year": None,
        "extended_share_cap": "0.15",
        "excluded_tags": ["自建房", "城中村"],
    }
    policy = RenovationPolicy(
        consent_rules=[WILLINGNESS],
        construction_needs_vote=False,
        lifecycle=BOTTOM_UP_LIFECYCLE,
        categories=[{"key": "safety", "zh": "安全类", "source": "illustrative"}],
    )
    local = Portfolio([project(consents=[consent(60)])], town, policy)
    (written,) = [w for w in SECTION.dump(local) if w.key == "renovation_policy"]
    assert set(written.value) > {"consent_rules", "construction_needs_vote", "lifecycle"}
    again = SECTION.build(
        {
            "renovation_level": None,
            "renovation_policy": RenovationPolicy.model_validate(written.value),
            "projects": [*local],
        },
        town,
    )
    assert again == local


def test_the_bundled_fire_safety_measures_are_basic() -> None:
    portfolio = jiceng.examples.tongchuan().renovation
    fire = [m for p in portfolio for m in p.measures if "消防" in m.item]
    assert fire
    assert all(m.category is RenovationCategory.BASIC for m in fire)
    assert portfolio.policy == RenovationPolicy(
        cutoff_year=2000, extended_cutoff_year=2011, extended_share_cap="0.15"
    )


def test_a_rule_decided_per_stairwell() -> None:
    lift = {**WILLINGNESS, "key": "lift", "name": "加装电梯", "counts": "owners",
            "before": "under_construction", "per_scope": True}  # fmt: skip
    policy = RenovationPolicy(consent_rules=[lift])

    def count(scope: str, agreeing: int, on: str = "2021-04-01") -> Consent:
        return Consent(rule="lift", on=on, total=12, agreeing=agreeing, scope=scope)

    both = project(consents=[count("1栋1单元", 8), count("1栋2单元", 9)])
    assert len(Portfolio([both], policy=policy)) == 1
    one_short = project(consents=[count("1栋1单元", 8), count("1栋2单元", 7)])
    with pytest.raises(IntegrityError) as caught:
        Portfolio([one_short], policy=policy)
    assert caught.value.problems[0].message == (
        "under_construction on 2021-05-10 with 加装电梯 not passed for 1栋2单元 "
        "(lift: 2/3 of owners)"
    )
    # a later count of the same stairwell replaces the earlier one
    again = project(
        consents=[count("1栋1单元", 8), count("1栋2单元", 7), count("1栋2单元", 8, "2021-04-20")]
    )
    assert len(Portfolio([again], policy=policy)) == 1
