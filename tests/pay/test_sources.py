"""Pay rules against the texts they model: 公务员考核规定, 劳动合同法, 通川区's 2020 scheme."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jiceng
from jiceng import SANGANG_SHIBAJI, TONGCHUAN_2020, AppraisalRating, Payroll, PromotionRule, Worker
from jiceng.errors import NoSchemeInForceError
from jiceng.pay import WITHHOLDING, grade_of, pay_of, post_changes
from jiceng.testing.pay import workers

from .support import worker

D = datetime.date
ON = D(2026, 1, 1)

# 公务员考核规定: a year rated 基本称职 or 不称职 does not count toward the next step.
RATINGS = [
    (AppraisalRating.EXCELLENT, False),
    (AppraisalRating.COMPETENT, False),
    (AppraisalRating.BASICALLY_COMPETENT, True),
    (AppraisalRating.INCOMPETENT, True),
]


@pytest.mark.parametrize(("rating", "withholds"), RATINGS)
def test_the_templates_withhold_as_the_civil_service_does(
    rating: AppraisalRating, withholds: bool
) -> None:
    assert (rating in WITHHOLDING) is withholds
    for scheme in jiceng.pay.BUILTIN_PAY_SCHEMES.values():
        assert (rating in scheme.withholding) is withholds
    assert (rating in jiceng.PayScheme.model_fields["withholding"].default) is withholds


# Service from 2014-03-01: 11 full years on 2026-01-01; 2017 and 2019 基本称职, 2022 不称职.
HISTORY = [
    {"year": year, "rating": "competent"} for year in (2015, 2016, 2018, 2020, 2021, 2023, 2024)
] + [
    {"year": 2017, "rating": "basically_competent"},
    {"year": 2019, "rating": "basically_competent"},
    {"year": 2022, "rating": "incompetent"},
]

# (ratings that withhold, years withheld, countable years, grade of post other, band 1–12)
WITHHOLDING_RULES = [
    ((AppraisalRating.BASICALLY_COMPETENT, AppraisalRating.INCOMPETENT), 3, 8, 3),
    ((AppraisalRating.INCOMPETENT,), 1, 10, 4),
    ((), 0, 11, 4),
]


@pytest.mark.parametrize(("withholding", "withheld", "countable", "grade"), WITHHOLDING_RULES)
def test_an_appraisal_history_under_each_withholding_rule(
    withholding: tuple[AppraisalRating, ...], withheld: int, countable: int, grade: int
) -> None:
    scheme = SANGANG_SHIBAJI.model_copy(update={"withholding": withholding})
    explained = grade_of(worker(appraisals=HISTORY), scheme, on=ON)
    assert (explained.withheld_years, explained.countable_years) == (withheld, countable)
    assert explained.grade == grade


def test_the_default_is_the_civil_service_rule() -> None:
    explained = grade_of(worker(appraisals=HISTORY), SANGANG_SHIBAJI, on=ON)
    assert (explained.withheld_years, explained.grade) == (3, 3)


# Service from 1999-01-01 as other staff with an assistant certificate (+1 grade), deputy from
# 2020-01-01. The day before: 20 full years, 6 steps, other grade 1 + 6 + 1 = 8 (¥6,750.00).
# On 2026-01-01: 27 full years of service, 6 years as deputy (2 steps); deputy band 4–15.
PROMOTED = {
    "post": "deputy",
    "service_start": "1999-01-01",
    "hired": "1999-01-01",
    "certificate": "assistant",
    "post_history": [
        {"post": "other", "start": "1999-01-01", "end": "2019-12-31"},
        {"post": "deputy", "start": "2020-01-01"},
    ],
}
# (rule, grade entered at, grade on 2026-01-01)
PROMOTION_RULES = [
    (PromotionRule.KEEP_YEARS, None, 14),  # 4 + 27 // 3 + 1
    (PromotionRule.BAND_FLOOR, 4, 7),  # 4 + 6 // 3 + 1
    (PromotionRule.PAY_AT_LEAST, 8, 10),  # deputy 8 pays ¥6,750.00, the least ≥ ¥6,750.00; + 2
]


@pytest.mark.parametrize(("rule", "entry", "grade"), PROMOTION_RULES)
def test_each_promotion_rule_on_the_same_worker(
    rule: PromotionRule, entry: int | None, grade: int
) -> None:
    scheme = SANGANG_SHIBAJI.model_copy(update={"promotion": rule})
    promoted = worker(**PROMOTED)
    before = grade_of(promoted, scheme, on=D(2019, 12, 31))
    assert (before.post, before.grade) == ("other", 8)
    explained = grade_of(promoted, scheme, on=ON)
    assert (explained.entry_grade, explained.grade) == (entry, grade)
    assert explained.entered == (None if entry is None else D(2020, 1, 1))
    if rule is PromotionRule.PAY_AT_LEAST:
        on_entry = pay_of(promoted, scheme, on=D(2020, 1, 1)).base
        assert on_entry >= pay_of(promoted, scheme, on=D(2019, 12, 31)).base
    assert Payroll(scheme, [promoted]).grade("w1", on=ON).grade == grade


def test_the_default_promotion_rule_keeps_every_countable_year() -> None:
    assert SANGANG_SHIBAJI.promotion is PromotionRule.KEEP_YEARS
    assert jiceng.PayScheme.model_fields["promotion"].default is PromotionRule.KEEP_YEARS
    assert [rule.zh for rule in PromotionRule] == ["年限连续计算", "新岗位起始等级", "就近就高套档"]


def test_several_changes_of_post_apply_in_order() -> None:
    head = worker(
        post="head",
        service_start="2005-01-01",
        hired="2005-01-01",
        post_history=[
            {"post": "other", "start": "2005-01-01", "end": "2014-12-31"},
            {"post": "deputy", "start": "2015-01-01", "end": "2020-12-31"},
        ],
    )
    assert post_changes(head, ON) == [D(2015, 1, 1), D(2021, 1, 1)]
    scheme = SANGANG_SHIBAJI.model_copy(update={"promotion": PromotionRule.PAY_AT_LEAST})
    # other 1 + 9 // 3 = 4 (¥5,750) → deputy 4; + 5 // 3 = 5 (¥6,000) → head 7 (¥6,500); + 1
    explained = grade_of(head, scheme, on=ON)
    assert (explained.entry_grade, explained.grade) == (7, 8)
    grades = [grade_of(head, scheme, on=D(y, 1, 1)).grade for y in (2014, 2015, 2020, 2021)]
    assert grades == [4, 4, 5, 7]


def test_pay_at_least_enters_at_the_top_where_no_grade_pays_enough() -> None:
    """正职 18 pays more than any 其他 grade (band 1–12): the worker enters at 12 and earns less."""
    scheme = SANGANG_SHIBAJI.model_copy(update={"promotion": PromotionRule.PAY_AT_LEAST})
    moved = worker(
        post="other",
        service_start="1990-01-01",
        hired="1990-01-01",
        post_history=[
            {"post": "head", "start": "1990-01-01", "end": "2025-12-31"},
            {"post": "other", "start": "2026-01-01"},
        ],
    )
    before = grade_of(moved, scheme, on=D(2025, 12, 31))
    assert (before.post, before.grade, before.entered_at_top) == ("head", 18, False)
    assert all(scheme.base("other", grade) < scheme.base("head", 18) for grade in range(1, 13))
    after = grade_of(moved, scheme, on=D(2026, 1, 1))
    assert (after.post, after.entry_grade, after.grade, after.entered_at_top) == (
        "other", 12, 12, True
    )  # fmt: skip
    assert (
        pay_of(moved, scheme, on=D(2026, 1, 1)).base
        < pay_of(moved, scheme, on=D(2025, 12, 31)).base
    )
    assert after.lines() == [
        "post other: band 1–12 under sangang_shibaji",
        "entered on 2026-01-01 at grade 12 (pay_at_least)",
        "no grade of the band pays at least the base before the change: entered at its top grade",
        "service 0 full years + degree credit 0 − withheld 0 = 0 countable years",
        "0 steps above the entry grade 12",
        "grade 12",
    ]
    # a grade that does pay enough is not reported as the top
    promoted = grade_of(worker(**PROMOTED), scheme, on=ON)
    assert (promoted.entry_grade, promoted.entered_at_top) == (8, False)
    assert not any("top grade" in line for line in promoted.lines())


def test_one_step_is_one_step() -> None:
    scheme = SANGANG_SHIBAJI.model_copy(update={"promotion": PromotionRule.PAY_AT_LEAST})
    deputy = worker(
        post="deputy",
        service_start="2014-03-01",
        hired="2014-03-01",
        post_history=[
            {"post": "other", "start": "2014-03-01", "end": "2023-07-31"},
            {"post": "deputy", "start": "2023-08-01"},
        ],
    )
    lines = grade_of(deputy, scheme, on=D(2026, 11, 26)).lines()
    assert "1 step above the entry grade 4" in lines
    assert not any("1 steps" in line for line in lines)


# 通川区: 差异化岗位等级薪酬 in force from 2020-09-01, the first of six measures.
def test_the_bundled_scheme_is_tongchuans_of_2020() -> None:
    payroll = jiceng.examples.tongchuan().pay
    assert payroll is not None
    assert [s.name for s in payroll.schemes] == ["tongchuan_2020"]
    assert payroll.scheme_on(D(2020, 9, 1)) is not None
    with pytest.raises(NoSchemeInForceError):
        payroll.scheme_on(D(2020, 8, 31))
    assert TONGCHUAN_2020.illustrative
    assert TONGCHUAN_2020.reference_wage == Decimal(46974)
    assert TONGCHUAN_2020.reference_note is not None
    assert "Sichuan" in TONGCHUAN_2020.reference_note
    assert [(p.key, p.lowest, p.highest) for p in TONGCHUAN_2020.posts] == [
        ("head", 7, 18),
        ("deputy", 4, 15),
        ("other", 1, 12),
    ]
    lows = [TONGCHUAN_2020.base(p.key, p.lowest) for p in TONGCHUAN_2020.posts]
    assert lows == [Decimal("3953.65"), Decimal("3542.62"), Decimal("3131.60")]
    assert TONGCHUAN_2020.base("head", 18) == Decimal("5460.73")


# 劳动合同法 Art. 19: at most 6 months of probation for a contract of three years or more;
# 劳动合同法实施条例 Art. 15: at least 80% of the agreed wage and the local minimum wage.
PROBATION = [
    (None, Decimal("2505.28")),  # 80% of ¥3,131.60
    (Decimal("2000"), Decimal("2505.28")),
    (Decimal("2600"), Decimal("2600")),  # the local minimum wins
]


@pytest.mark.parametrize(("minimum", "base"), PROBATION)
def test_probation_pay(minimum: Decimal | None, base: Decimal) -> None:
    assert (TONGCHUAN_2020.probation_months, TONGCHUAN_2020.probation_rate) == (6, Decimal("0.8"))
    scheme = TONGCHUAN_2020.model_copy(update={"minimum_wage": minimum})
    new = worker(service_start="2026-03-16", hired="2026-03-16")
    pay = pay_of(new, scheme, on=D(2026, 9, 15))
    assert (pay.probation, pay.base, pay.performance) == (True, base, Decimal(0))
    assert not pay_of(new, scheme, on=D(2026, 9, 16)).probation


@settings(max_examples=60, deadline=None)
@given(workers(), st.sampled_from(list(PromotionRule)))
def test_every_rule_keeps_the_grade_in_the_band(someone: Worker, rule: PromotionRule) -> None:
    scheme = SANGANG_SHIBAJI.model_copy(update={"promotion": rule})
    for change in post_changes(someone, ON):
        before = pay_of(someone, scheme, on=change - datetime.timedelta(days=1))
        after = grade_of(someone, scheme, on=change)
        low, high = after.band
        assert low <= after.grade <= high
        if rule is PromotionRule.PAY_AT_LEAST and after.grade < high:
            assert scheme.base(after.post, after.grade) >= before.base or before.probation
    explained = grade_of(someone, scheme, on=ON)
    assert explained.band[0] <= explained.grade <= explained.band[1]


def test_the_next_step_under_band_floor_comes_on_the_changes_anniversary() -> None:
    scheme = SANGANG_SHIBAJI.model_copy(update={"promotion": PromotionRule.BAND_FLOOR})
    deputy = worker(
        post="deputy",
        post_history=[
            {"post": "other", "start": "2014-03-01", "end": "2023-07-31"},
            {"post": "deputy", "start": "2023-08-01"},
        ],
    )
    payroll = Payroll(scheme, [deputy])
    assert payroll.grade("w1", on=ON).grade == 4
    step = payroll.next_step("w1", after=ON)
    assert step is not None
    assert (step.on, step.grade) == (D(2026, 8, 1), 5)
