from __future__ import annotations

import datetime
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng import SANGANG_SHIBAJI, SIGANG_ERSHISIJI, XIAN_2020, Payroll, PayScheme, Worker
from jiceng.errors import JicengError, NoSchemeInForceError, NotServingError, PostNotInSchemeError
from jiceng.pay import grade_of, pay_of
from jiceng.testing.pay import workers

from .support import worker

D = datetime.date


def test_grade_rule() -> None:
    payroll = Payroll(
        SANGANG_SHIBAJI,
        [
            worker("plain"),
            worker("degree", degree="master"),
            worker("cert", certificate="social_worker"),
            worker(
                "withheld",
                appraisals=[
                    {"year": 2020, "rating": "incompetent"},
                    {"year": 2021, "rating": "incompetent"},
                ],
            ),
            worker(
                "head",
                post="head",
                service_start="1990-01-01",
                hired="1990-01-01",
                certificate="senior",
            ),
            worker("new", service_start="2025-12-01", hired="2025-12-01"),
        ],
    )
    on = D(2026, 1, 1)
    plain = payroll.grade("plain", on=on)
    assert (plain.service_years, plain.countable_years, plain.steps, plain.grade) == (11, 11, 3, 4)
    assert payroll.grade("degree", on=on).grade == 1 + (11 + 5) // 3
    assert payroll.grade("cert", on=on).grade == 4 + 2
    withheld = payroll.grade("withheld", on=on)
    assert (withheld.withheld_years, withheld.grade) == (2, 1 + 9 // 3)
    head = payroll.grade("head", on=on)
    assert (head.grade, head.capped) == (18, True)
    assert payroll.grade("new", on=on).grade == 1
    assert "grade 18 (capped at the ceiling 18)" in payroll.grade("head", on=on).lines()
    with pytest.raises(NotServingError, match="had not started"):
        payroll.grade("new", on=D(2025, 1, 1))
    with pytest.raises(NoSchemeInForceError, match="no pay scheme is in force"):
        payroll.grade("plain", on=D(2019, 1, 1))


def test_grade_of_applies_one_scheme_whatever_its_dates() -> None:
    late = SANGANG_SHIBAJI.model_copy(update={"effective_from": D(2030, 1, 1)})
    explained = grade_of(worker(), late, on=D(2026, 1, 1))
    assert (explained.scheme, explained.grade) == ("sangang_shibaji", 4)


def test_the_errors_of_the_grade_rule() -> None:
    with pytest.raises(NotServingError) as not_serving:
        grade_of(worker(), SANGANG_SHIBAJI, on=D(2014, 2, 28))
    assert isinstance(not_serving.value, ValueError)
    assert isinstance(not_serving.value, JicengError)
    assert str(not_serving.value) == "worker 'w1' had not started service on 2014-02-28"
    with pytest.raises(PostNotInSchemeError) as no_post:
        grade_of(worker(post="specialist"), SANGANG_SHIBAJI, on=D(2026, 1, 1))
    assert isinstance(no_post.value, ValueError)
    assert str(no_post.value) == "scheme 'sangang_shibaji' has no post 'specialist'"
    assert (no_post.value.scheme, no_post.value.post) == ("sangang_shibaji", "specialist")


def test_a_change_of_post_moves_into_the_new_band() -> None:
    promoted = worker(
        post="deputy",
        post_history=[
            {"post": "other", "start": "2014-03-01", "end": "2022-06-30"},
            {"post": "deputy", "start": "2022-07-01"},
        ],
    )
    payroll = Payroll(SANGANG_SHIBAJI, [promoted])
    assert payroll.grade("w1", on=D(2022, 6, 30)).post == "other"
    assert payroll.grade("w1", on=D(2022, 6, 30)).grade == 1 + 8 // 3
    after = payroll.grade("w1", on=D(2022, 7, 1))
    assert (after.post, after.band, after.grade) == ("deputy", (4, 15), 4 + 8 // 3)


@given(
    workers(),
    st.lists(st.dates(D(1995, 1, 1), D(2070, 12, 31)), min_size=2, max_size=12),
    st.sampled_from([SANGANG_SHIBAJI, SIGANG_ERSHISIJI, XIAN_2020]),
)
def test_grades_stay_in_band_and_only_fall_when_withheld_or_moved(
    w: Worker, dates: list[datetime.date], scheme: PayScheme
) -> None:
    payroll = Payroll(scheme, [w])
    days = sorted(d for d in dates if d >= max(w.service_start, scheme.effective_from))
    grades = [payroll.grade(w, on=d) for d in days]
    for g in grades:
        low, high = g.band
        assert low <= g.grade <= high
        band = scheme.post(g.post)
        assert g.band == (band.lowest, band.highest)
    for a, b in pairwise(grades):
        if b.grade < a.grade:
            assert b.withheld_years > a.withheld_years or b.post != a.post


def test_pay_breakdown() -> None:
    payroll = Payroll(
        SANGANG_SHIBAJI,
        [
            worker("a", appraisals=[{"year": 2025, "rating": "excellent"}]),
            worker("b"),
            worker("new", service_start="2025-10-15", hired="2025-10-15"),
        ],
    )
    on = D(2026, 1, 1)
    a = payroll.pay("a", on=on)
    assert a.base == SANGANG_SHIBAJI.base("other", 4) == Decimal("5750.00")  # 60000 × 1.15 / 12
    assert a.performance == Decimal(600)
    assert a.monthly == a.total == a.base + a.performance == Decimal("6350.00")
    assert a.annual == 12 * a.monthly == Decimal("76200.00")
    assert payroll.pay("b", on=on).performance == Decimal(400)  # unappraised: competent
    new = payroll.pay("new", on=on)
    assert new.probation
    assert new.base == Decimal("4000.00")  # 80% of the grade-1 rate of 5000
    assert new.performance == 0
    assert not payroll.pay("new", on=D(2026, 4, 15)).probation
    assert payroll.pay("new", on=D(2026, 4, 14)).probation


def test_pay_of_is_what_the_payroll_pays() -> None:
    w = worker(degree="bachelor", appraisals=[{"year": 2025, "rating": "basically_competent"}])
    on = D(2026, 6, 1)
    assert pay_of(w, XIAN_2020, on=on) == Payroll(XIAN_2020, [w]).pay("w1", on=on)
    assert pay_of(w, XIAN_2020, on=on).performance == Decimal(0)  # XIAN_2020 pays none


def test_certificate_allowances() -> None:
    w = worker(certificate="senior", post="specialist")
    pay = Payroll(SIGANG_ERSHISIJI, [w]).pay(w, on=D(2026, 1, 1))
    assert pay.allowances == Decimal(500)
    assert pay.grade == 3 + 11 // 2  # no extra grades under an allowance scheme


def test_a_leap_day_start_steps_on_the_first_of_march() -> None:
    w = worker(service_start="2020-02-29", hired="2020-02-29")
    payroll = Payroll(SANGANG_SHIBAJI, [w])
    assert payroll.grade(w, on=D(2023, 2, 28)).grade == 1
    assert payroll.grade(w, on=D(2023, 3, 1)).grade == 2
    step = payroll.next_step(w, after=D(2022, 12, 31))
    assert step is not None
    assert step.on == D(2023, 3, 1)


@pytest.mark.parametrize(
    ("start", "line"),
    [
        ("2025-06-01", "0 steps above the band floor 1"),
        ("2022-06-01", "1 step above the band floor 1"),
        ("2019-06-01", "2 steps above the band floor 1"),
    ],
)
def test_the_explanation_counts_steps_in_good_english(start: str, line: str) -> None:
    someone = worker(service_start=start, hired=start)
    assert line in grade_of(someone, SANGANG_SHIBAJI, on=D(2026, 1, 1)).lines()
