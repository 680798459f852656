from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given

from jiceng import Consultation
from jiceng.renovation import ConsultationMatter
from jiceng.testing.renovation import consultations

from .data import VOTE


def art_278(vote: Consultation) -> tuple[bool, bool]:
    """A direct reading of Art. 278 with exact fractions: (quorate, passed)."""
    quorate = Fraction(vote.owners_voting, vote.owners) >= Fraction(2, 3) and Fraction(
        vote.area_voting
    ) / Fraction(vote.area) >= Fraction(2, 3)
    if not quorate:
        return False, False
    owners = Fraction(vote.owners_agreeing, vote.owners_voting)
    area = Fraction(vote.area_agreeing) / Fraction(vote.area_voting)
    if vote.matter == "major":
        return True, owners >= Fraction(3, 4) and area >= Fraction(3, 4)
    return True, owners > Fraction(1, 2) and area > Fraction(1, 2)


@given(consultations())
def test_consultations_agree_with_article_278(vote: Consultation) -> None:
    quorate, passed = art_278(vote)
    assert vote.quorate == quorate
    assert vote.passed == passed
    assert (vote.reason is None) == passed
    if not quorate:
        assert vote.reason is not None
        assert vote.reason.startswith("not quorate")


@pytest.mark.parametrize(
    ("changes", "passed", "reason"),
    [
        ({}, True, None),
        ({"owners_voting": 66, "owners_agreeing": 60}, False, "not quorate"),
        ({"owners_voting": 67, "owners_agreeing": 51}, True, None),  # 67 ≥ 2/3 of 100; 51 ≥ 3/4·67
        ({"owners_voting": 80, "owners_agreeing": 59}, False, "major matter"),  # 59 < 60
        ({"owners_voting": 80, "owners_agreeing": 60}, True, None),  # exactly three quarters
        ({"matter": "ordinary", "owners_voting": 80, "owners_agreeing": 40}, False, "ordinary"),
        ({"matter": "ordinary", "owners_voting": 80, "owners_agreeing": 41}, True, None),
        ({"area_voting": "5333", "area_agreeing": "5000"}, False, "not quorate"),
        ({"area_agreeing": "4799"}, False, "major matter"),
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
    assert vote.matter is ConsultationMatter.MAJOR
    assert vote.reason == "major matter: 59 of 80 voting owners agreed, fewer than three quarters"
    ordinary = Consultation.model_validate({**VOTE, "matter": "ordinary", "area_agreeing": "3200"})
    assert ordinary.reason == (
        "ordinary matter: owners of 3200 of 6400 m² voting agreed, not more than half"
    )
