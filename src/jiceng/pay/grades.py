"""The grade rule and the pay rule: one worker under one scheme on one date.

The grade rule
    A worker's grade on a date is the lowest grade of the band of the post held that day, plus one
    step for every ``years_per_step`` *countable* years, plus the scheme's extra grades for the
    worker's highest social-work certificate, kept within the band (never below its floor, never
    above its ceiling). Countable years are the full years of community service since
    ``service_start``, plus the degree credit, minus the appraisal years whose rating withholds the
    step (a year is counted once it has ended, i.e. from 1 January after it).
The pay rule
    Monthly base = reference wage × grade coefficient ÷ 12 (or the table's amount), rounded half up
    to the fen; performance pay is the scheme's monthly amount for the rating of the previous
    calendar year (``unappraised_rating`` where there is none); a certificate allowance is paid
    monthly where the scheme pays allowances rather than grades. During probation a worker is paid
    ``probation_rate`` × the base at the band's floor and no performance pay. Annual pay is twelve
    times the monthly pay on the date.

A full year of service ends on the anniversary of ``service_start``; one that started on
29 February completes on 1 March in a common year. The :class:`~jiceng.pay.Payroll` chooses the
scheme in force and applies these functions.

Examples
--------
>>> import datetime
>>> from jiceng.pay import SANGANG_SHIBAJI, Worker
>>> worker = Worker(id="w1", name="李华", unit="c1", post="other",
...                 service_start="2014-03-01", hired="2014-03-01", degree="bachelor")
>>> grade_of(worker, SANGANG_SHIBAJI, on=datetime.date(2026, 1, 1)).grade
5
>>> pay_of(worker, SANGANG_SHIBAJI, on=datetime.date(2026, 1, 1)).monthly
Decimal('6400.00')
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from jiceng.errors import (
    NoSchemeInForceError,
    NotServingError,
    PostNotInSchemeError,
    UnknownPostError,
)
from jiceng.pay._calendar import add_months, full_years
from jiceng.pay.records import FEN, PayScheme, Worker
from jiceng.pay.results import GradeExplanation, PayBreakdown

__all__ = ["UNPAYABLE", "grade_of", "pay_of"]

UNPAYABLE: tuple[type[Exception], ...] = (
    NoSchemeInForceError,
    NotServingError,
    PostNotInSchemeError,
)
"""The errors that mean a worker has no grade on a date: no scheme is in force, service had not
begun, or the scheme lacks the worker's post. Queries that skip such workers catch these."""


def grade_of(worker: Worker, scheme: PayScheme, *, on: datetime.date) -> GradeExplanation:
    r"""Return a worker's grade under a scheme on a date, with how it was reached.

    Parameters
    ----------
    worker
        The worker.
    scheme
        The scheme to apply (whether or not it is in force on the date).
    on
        The date.

    Raises
    ------
    NotServingError
        If the worker had not started service on the date (a :class:`ValueError`).
    PostNotInSchemeError
        If the scheme lacks the post the worker held on the date (a :class:`ValueError`).

    Examples
    --------
    >>> from jiceng.pay import SANGANG_SHIBAJI, Worker
    >>> head = Worker(id="w9", name="赵敏", unit="c1", post="head", service_start="1990-01-01",
    ...               hired="1990-01-01", certificate="senior")
    >>> print("\n".join(grade_of(head, SANGANG_SHIBAJI, on=datetime.date(2026, 1, 1)).lines()))
    post head: band 7–18 under sangang_shibaji
    service 36 full years + degree credit 0 − withheld 0 = 36 countable years
    12 steps above the band floor 7
    +3 for the certificate
    grade 18 (capped at the ceiling 18)
    >>> grade_of(head, SANGANG_SHIBAJI, on=datetime.date(1989, 1, 1))
    Traceback (most recent call last):
    ...
    jiceng.errors.NotServingError: worker 'w9' had not started service on 1989-01-01
    """
    if on < worker.service_start:
        raise NotServingError(f"worker {worker.id!r} had not started service on {on}")
    key = worker.post_on(on)
    try:
        band = scheme.post(key)
    except UnknownPostError:
        raise PostNotInSchemeError(scheme.name, key) from None
    service = full_years(worker.service_start, on)
    credit = scheme.degree_credits.get(worker.degree, 0) if worker.degree else 0
    withheld = sum(
        1
        for appraisal in worker.appraisals
        if appraisal.year < on.year and appraisal.rating in scheme.withholding
    )
    countable = max(service + credit - withheld, 0)
    steps = countable // scheme.years_per_step
    extra = scheme.certificate_grades.get(worker.certificate, 0) if worker.certificate else 0
    raw = band.lowest + steps + extra
    grade = min(max(raw, band.lowest), band.highest)
    return GradeExplanation(
        worker=worker.id,
        post=key,
        scheme=scheme.name,
        on=on,
        band=(band.lowest, band.highest),
        service_years=service,
        degree_credit=credit,
        withheld_years=withheld,
        countable_years=countable,
        steps=steps,
        certificate_grades=extra,
        grade=grade,
        capped=raw > band.highest,
    )


def pay_of(worker: Worker, scheme: PayScheme, *, on: datetime.date) -> PayBreakdown:
    """Return a worker's pay under a scheme on a date (see the module documentation).

    Raises
    ------
    NotServingError, PostNotInSchemeError
        As :func:`grade_of`.

    Examples
    --------
    >>> from jiceng.pay import SANGANG_SHIBAJI, Worker
    >>> new = Worker(id="w10", name="周杰", unit="c1", post="other", service_start="2025-10-15",
    ...              hired="2025-10-15")
    >>> pay = pay_of(new, SANGANG_SHIBAJI, on=datetime.date(2026, 1, 1))
    >>> pay.probation, pay.base, pay.performance, pay.monthly    # 80% of the grade-1 base 5000
    (True, Decimal('4000.00'), Decimal('0'), Decimal('4000.00'))
    >>> pay_of(new, SANGANG_SHIBAJI, on=datetime.date(2026, 4, 15)).monthly   # 5000 + 400
    Decimal('5400.00')
    """
    explained = grade_of(worker, scheme, on=on)
    probation = on < add_months(worker.hired, scheme.probation_months)
    if probation:
        floor = explained.band[0]
        base = (scheme.base(explained.post, floor) * scheme.probation_rate).quantize(
            FEN, rounding=ROUND_HALF_UP
        )
        performance = Decimal(0)
    else:
        base = scheme.base(explained.post, explained.grade)
        rating = worker.rating(on.year - 1) or scheme.unappraised_rating
        performance = scheme.performance.get(rating, Decimal(0)) if rating else Decimal(0)
    allowances = (
        scheme.certificate_allowances.get(worker.certificate, Decimal(0))
        if worker.certificate
        else Decimal(0)
    )
    monthly = base + performance + allowances
    return PayBreakdown(
        worker=worker.id,
        scheme=scheme.name,
        post=explained.post,
        grade=explained.grade,
        probation=probation,
        base=base,
        performance=performance,
        allowances=allowances,
        monthly=monthly,
        annual=monthly * 12,
    )
