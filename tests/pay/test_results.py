from __future__ import annotations

import datetime
from decimal import Decimal

from jiceng.pay import Comparison, GradeExplanation, PayBreakdown

D = datetime.date


def test_grade_explanation_lines() -> None:
    explained = GradeExplanation(
        worker="w1",
        post="other",
        scheme="sangang_shibaji",
        on=D(2026, 1, 1),
        band=(1, 12),
        service_years=11,
        degree_credit=3,
        withheld_years=1,
        countable_years=13,
        steps=4,
        certificate_grades=2,
        grade=7,
        capped=False,
    )
    assert explained.lines() == [
        "post other: band 1–12 under sangang_shibaji",
        "service 11 full years + degree credit 3 − withheld 1 = 13 countable years",
        "4 steps above the band floor 1",
        "+2 for the certificate",
        "grade 7",
    ]


def test_pay_breakdown_total_and_comparison_difference() -> None:
    pay = PayBreakdown(
        worker="w1",
        scheme="s",
        post="other",
        grade=4,
        probation=False,
        base=Decimal("5750.00"),
        performance=Decimal(600),
        allowances=Decimal(0),
        monthly=Decimal("6350.00"),
        annual=Decimal("76200.00"),
    )
    assert pay.total == Decimal("6350.00")
    comparison = Comparison((), Decimal("100.50"), Decimal("80.25"))
    assert comparison.difference == Decimal("-20.25")
