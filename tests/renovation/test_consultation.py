"""Owners' votes against 民法典 Art. 278, item by item, at the article's own boundaries."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from jiceng import Consultation
from jiceng.renovation import ConsultationMatter
from jiceng.testing.renovation import consultations

from .data import VOTE

#: Art. 278, items 1–9, as the article words them; items 6–8 need three quarters.
ARTICLE_278 = [
    ("rules", "制定和修改业主大会议事规则", False),
    ("statute", "制定和修改管理规约", False),
    ("committee", "选举业主委员会或者更换业主委员会成员", False),
    ("manager", "选聘和解聘物业服务企业或者其他管理人", False),
    ("use_fund", "使用建筑物及其附属设施的维修资金", False),
    ("raise_fund", "筹集建筑物及其附属设施的维修资金", True),
    ("rebuild", "改建、重建建筑物及其附属设施", True),
    ("common_parts", "改变共有部分的用途或者利用共有部分从事经营活动", True),
    ("other", "有关共有和共同管理权利的其他重大事项", False),
]


def art_278(vote: Consultation) -> tuple[bool, bool]:
    """A direct reading of Art. 278 with exact fractions: (quorate, passed)."""
    quorate = Fraction(vote.owners_voting, vote.owners) >= Fraction(2, 3) and Fraction(
        vote.area_voting
    ) / Fraction(vote.area) >= Fraction(2, 3)
    if not quorate:
        return False, False
    owners = Fraction(vote.owners_agreeing, vote.owners_voting)
    area = Fraction(vote.area_agreeing) / Fraction(vote.area_voting)
    if vote.matter in ("raise_fund", "rebuild", "common_parts"):
        return True, owners >= Fraction(3, 4) and area >= Fraction(3, 4)
    return True, owners > Fraction(1, 2) and area > Fraction(1, 2)


def test_the_nine_matters_are_the_articles_items() -> None:
    assert [(m.value, m.zh, m.special) for m in ConsultationMatter] == ARTICLE_278
    assert [m.item for m in ConsultationMatter] == list(range(1, 10))


@given(consultations())
def test_consultations_agree_with_article_278(vote: Consultation) -> None:
    quorate, passed = art_278(vote)
    assert vote.quorate == quorate
    assert vote.passed == passed
    assert (vote.reason is None) == passed
    if not quorate:
        assert vote.reason is not None
        assert vote.reason.startswith("not quorate")


def vote(matter: str, voting: int, agreeing: int, *, owners: int = 12) -> Consultation:
    """A vote of ``owners`` owners of 80 m² each: the area follows the headcount."""
    return Consultation(
        matter=matter,
        on="2021-03-01",
        owners=owners,
        area=80 * owners,
        owners_voting=voting,
        area_voting=80 * voting,
        owners_agreeing=agreeing,
        area_agreeing=80 * agreeing,
    )


@pytest.mark.parametrize(("matter", "zh", "special"), ARTICLE_278)
def test_each_matter_at_its_boundaries(matter: str, zh: str, special: bool) -> None:
    # 12 owners: exactly two thirds is 8 voting (以上 includes it), 7 is not quorate.
    assert vote(matter, 8, 8).quorate
    assert not vote(matter, 7, 7).quorate
    assert vote(matter, 7, 7).reason == "not quorate: 7 of 12 owners voted, fewer than two thirds"
    # Of 8 voting: exactly three quarters is 6, exactly half is 4 (过半数 excludes it).
    assert vote(matter, 8, 6).passed  # ≥ 3/4, and more than half
    assert vote(matter, 8, 5).passed is not special  # 5/8: more than half, under 3/4
    assert not vote(matter, 8, 4).passed  # exactly half fails every matter
    item = ConsultationMatter(matter).item
    if special:
        assert vote(matter, 8, 5).reason == (
            f"item {item} ({matter}): 5 of 8 voting owners agreed, fewer than three quarters"
        )
    else:
        assert vote(matter, 8, 4).reason == (
            f"item {item} ({matter}): 4 of 8 voting owners agreed, not more than half"
        )


@pytest.mark.parametrize(
    ("changes", "passed", "reason"),
    [
        ({}, True, None),
        ({"owners_voting": 66, "owners_agreeing": 60}, False, "not quorate"),
        ({"owners_voting": 67, "owners_agreeing": 51}, True, None),  # 67 ≥ 2/3 of 100; 51 ≥ 3/4·67
        ({"owners_voting": 80, "owners_agreeing": 59}, False, "item 7 (rebuild)"),  # 59 < 60
        ({"owners_voting": 80, "owners_agreeing": 60}, True, None),  # exactly three quarters
        ({"matter": "other", "owners_voting": 80, "owners_agreeing": 40}, False, "item 9"),
        ({"matter": "other", "owners_voting": 80, "owners_agreeing": 41}, True, None),
        ({"matter": "use_fund", "owners_voting": 80, "owners_agreeing": 41}, True, None),
        ({"matter": "raise_fund", "owners_voting": 80, "owners_agreeing": 41}, False, "item 6"),
        ({"area_voting": "5333", "area_agreeing": "5000"}, False, "not quorate"),
        ({"area_voting": "5334", "area_agreeing": "5000"}, True, None),  # 5334 ≥ 2/3 of 8000
        ({"area_agreeing": "4799"}, False, "item 7 (rebuild)"),
        ({"area_agreeing": "4800"}, True, None),  # exactly 3/4 of 6400
        ({"matter": "other", "area_agreeing": "3200"}, False, "item 9"),  # exactly half
        ({"matter": "other", "area_agreeing": "3200.01"}, True, None),
    ],
)
def test_consultation_thresholds(changes: dict[str, Any], passed: bool, reason: str | None) -> None:
    vote = Consultation.model_validate({**VOTE, **changes})
    assert vote.passed == passed
    if reason is None:
        assert vote.reason is None
    else:
        assert vote.reason is not None
        assert vote.reason.startswith(reason)


def test_reasons_name_the_figures() -> None:
    vote = Consultation.model_validate({**VOTE, "owners_agreeing": 59})
    assert vote.matter is ConsultationMatter.REBUILD
    assert vote.reason == (
        "item 7 (rebuild): 59 of 80 voting owners agreed, fewer than three quarters"
    )
    other = Consultation.model_validate({**VOTE, "matter": "other", "area_agreeing": "3200"})
    assert other.reason == (
        "item 9 (other): owners of 3200 of 6400 m² voting agreed, not more than half"
    )


@pytest.mark.parametrize("retired", ["major", "ordinary", " major "])
def test_the_retired_kinds_are_refused_naming_the_nine(retired: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Consultation.model_validate({**VOTE, "matter": retired})
    (error,) = caught.value.errors()
    assert error["type"] == "consultation_matter"
    for matter in ConsultationMatter:
        assert matter.value in error["msg"]


def test_an_unknown_matter_is_an_enum_error() -> None:
    with pytest.raises(ValidationError) as caught:
        Consultation.model_validate({**VOTE, "matter": "lifts"})
    assert caught.value.errors()[0]["type"] == "enum"
