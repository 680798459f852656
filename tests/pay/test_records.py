from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from jiceng import SANGANG_SHIBAJI, JicengError, PayScheme
from jiceng.errors import InvalidArgumentError, UnknownPostError
from jiceng.pay import AppraisalRating, CertificateLevel, Degree, PostSpell

from .support import worker

D = datetime.date
SCHEME = SANGANG_SHIBAJI.model_dump()


@pytest.mark.parametrize(
    ("changes", "error_type"),
    [
        ({"grades": 12}, "band_outside_scheme"),
        ({"coefficients": SCHEME["coefficients"][:10]}, "ladder_length"),
        ({"coefficients": None}, "ladder_choice"),
        ({"table": {"head": [1] * 12, "deputy": [1] * 12, "other": [1] * 12}}, "ladder_choice"),
        ({"certificate_allowances": {"assistant": 200}}, "certificate_rule"),
        ({"posts": [SCHEME["posts"][0], SCHEME["posts"][0]]}, "duplicate_post"),
        ({"effective_to": "2019-12-31"}, "dates_order"),
        (
            {"posts": [{"key": "x", "name": "x", "label": "x", "lowest": 5, "highest": 3}]},
            "band_order",
        ),
        ({"probation_rate": "1.2"}, "less_than_equal"),
        ({"performance": {"excellent": "-1"}}, "greater_than_equal"),
    ],
)
def test_invalid_schemes(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PayScheme.model_validate({**SCHEME, **changes})
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_table_schemes() -> None:
    table = PayScheme(
        name="table",
        title="表",
        effective_from=D(2020, 1, 1),
        posts=[{"key": "a", "name": "正职", "label": "head", "lowest": 2, "highest": 3}],
        grades=3,
        table={"a": ["4000", "4200.50"]},
    )
    assert table.base("a", 2) == Decimal("4000")
    assert table.base("a", 3) == Decimal("4200.50")
    with pytest.raises(InvalidArgumentError, match="outside the band 2–3"):
        table.base("a", 1)
    with pytest.raises(ValidationError) as caught:
        PayScheme.model_validate({**table.model_dump(), "table": {"a": ["4000"]}})
    assert caught.value.errors()[0]["type"] == "ladder_length"


def test_a_grade_outside_the_band_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="grade 19 is outside the band 7–18") as caught:
        SANGANG_SHIBAJI.base("head", 19)
    assert isinstance(caught.value, InvalidArgumentError)
    assert isinstance(caught.value, JicengError)


def test_a_missing_post_is_the_named_lookup_error() -> None:
    with pytest.raises(UnknownPostError) as caught:
        SANGANG_SHIBAJI.post("specialist")
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, JicengError)
    assert caught.value.id == "specialist"
    assert str(caught.value) == "no post with id 'specialist'"
    with pytest.raises(UnknownPostError):
        SANGANG_SHIBAJI.base("specialist", 3)


def test_in_force_includes_both_ends() -> None:
    scheme = SANGANG_SHIBAJI.model_copy(update={"effective_to": D(2023, 12, 31)})
    assert [scheme.in_force(d) for d in (D(2019, 12, 31), D(2020, 1, 1), D(2023, 12, 31))] == [
        False,
        True,
        True,
    ]
    assert not scheme.in_force(D(2024, 1, 1))
    assert SANGANG_SHIBAJI.in_force(D(2200, 1, 1))


@pytest.mark.parametrize(
    ("changes", "error_type"),
    [
        ({"hired": "2013-01-01"}, "dates_order"),
        (
            {
                "appraisals": [
                    {"year": 2020, "rating": "excellent"},
                    {"year": 2020, "rating": "competent"},
                ]
            },
            "duplicate_appraisal",
        ),
        ({"appraisals": [{"year": 2020, "rating": "superb"}]}, "enum"),
        (
            {"post_history": [{"post": "other", "start": "2020-01-01", "end": "2019-01-01"}]},
            "dates_order",
        ),
        ({"degree": "phd"}, "enum"),
        ({"post": "Head Of"}, "key_format"),
    ],
)
def test_invalid_workers(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        worker(**changes)
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_post_on_and_rating() -> None:
    promoted = worker(
        post="deputy",
        post_history=[{"post": "other", "start": "2014-03-01", "end": "2022-06-30"}],
        appraisals=[{"year": 2021, "rating": "basically_competent"}],
    )
    assert promoted.post_on(D(2022, 6, 30)) == "other"
    assert promoted.post_on(D(2022, 7, 1)) == "deputy"
    assert promoted.rating(2021) is AppraisalRating.BASICALLY_COMPETENT
    assert promoted.rating(2022) is None
    spell = PostSpell(post="other", start=D(2020, 1, 1), end=D(2020, 12, 31))
    assert (spell.covers(D(2020, 12, 31)), spell.covers(D(2021, 1, 1))) == (True, False)


def test_vocabularies_carry_chinese_labels() -> None:
    assert [d.zh for d in Degree] == ["大专", "本科", "硕士", "博士"]
    assert [c.zh for c in CertificateLevel] == ["助理社会工作师", "社会工作师", "高级社会工作师"]
    assert [r.zh for r in AppraisalRating] == ["优秀", "称职", "基本称职", "不称职"]
