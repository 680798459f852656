"""The grade rule and the pay rule: one worker under one scheme on one date.

The grade rule
    A worker's grade on a date is the lowest grade of the band of the post held that day, plus one
    step for every ``years_per_step`` *countable* years, plus the scheme's extra grades for the
    worker's highest social-work certificate, kept within the band (never below its floor, never
    above its ceiling). Countable years are the full years of community service since
    ``service_start``, plus the degree credit, minus the appraisal years whose rating withholds the
    step (a year is counted once it has ended, i.e. from 1 January after it).
The promotion rule
    How a worker enters a new band on a change of post is the scheme's
    :class:`~jiceng.pay.PromotionRule`. ``keep_years`` (the default, a choice of this library:
    the documents leave it to the city) applies the grade rule above to the new band, keeping
    every countable year. ``band_floor`` starts the worker at the new band's floor on the day of
    the change and counts only the years since (less the years withheld from the year of the
    change on; no degree credit), plus the certificate grades. ``pay_at_least`` starts the worker
    at the lowest grade of the new band whose base pays at least the base of the day before (the
    band's top grade where none does, as when a 正职 at grade 18 becomes 其他, whose band ends
    lower: the worker then earns less, and the explanation says so), then counts the years since
    as ``band_floor`` does; the certificate is already in that pay. Several changes are applied
    in date order, under the same scheme.
The pay rule
    Monthly base = reference wage × grade coefficient ÷ 12 (or the table's amount), rounded half up
    to the fen; performance pay is the scheme's monthly amount for the rating of the previous
    calendar year (``unappraised_rating`` where there is none); a certificate allowance is paid
    monthly where the scheme pays allowances rather than grades. During probation a worker is paid
    ``probation_rate`` × the base at the band's floor (not below the scheme's ``minimum_wage``)
    and no performance pay. Annual pay is twelve times the monthly pay on the date.

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

import attrs

from jiceng.errors import (
    NoSchemeInForceError,
    NotServingError,
    PostNotInSchemeError,
    UnknownPostError,
)
from jiceng.pay._calendar import add_months, full_years
from jiceng.pay.records import FEN, PayScheme, Post, PromotionRule, Worker
from jiceng.pay.results import GradeExplanation, PayBreakdown

__all__ = ["UNPAYABLE", "grade_of", "pay_of", "post_changes"]

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
    changes = [] if scheme.promotion is PromotionRule.KEEP_YEARS else post_changes(worker, on)
    if not changes:
        return _explain(worker, scheme, on, worker.service_start, None)
    entry: int | None = None
    at_top = False
    for n, change in enumerate(changes):
        if scheme.promotion is PromotionRule.PAY_AT_LEAST:
            before = change - _DAY
            since = changes[n - 1] if n else worker.service_start
            held = _explain(worker, scheme, before, since, entry if n else None)
            entry, at_top = _lowest_paying(
                scheme, worker.post_on(change), scheme.base(held.post, held.grade)
            )
        else:
            entry = _band(scheme, worker.post_on(change)).lowest
    return attrs.evolve(_explain(worker, scheme, on, changes[-1], entry), entered_at_top=at_top)


_DAY = datetime.timedelta(days=1)


def post_changes(worker: Worker, on: datetime.date) -> list[datetime.date]:
    """Return the days, after service began and up to ``on``, on which the worker changed post.

    Examples
    --------
    >>> from jiceng.pay import Worker
    >>> worker = Worker(id="w", name="王芳", unit="c", post="deputy",
    ...                 service_start="2014-03-01", hired="2014-03-01",
    ...                 post_history=[{"post": "other", "start": "2014-03-01",
    ...                                "end": "2022-06-30"}])
    >>> post_changes(worker, datetime.date(2026, 1, 1))
    [datetime.date(2022, 7, 1)]
    >>> post_changes(worker, datetime.date(2022, 6, 30))
    []
    """
    days = {spell.start for spell in worker.post_history}
    days.update(
        spell.end + _DAY
        for spell in worker.post_history
        if spell.end is not None and spell.end < datetime.date.max
    )
    return [
        day
        for day in sorted(days)
        if worker.service_start < day <= on and worker.post_on(day) != worker.post_on(day - _DAY)
    ]


def _band(scheme: PayScheme, key: str) -> Post:
    try:
        return scheme.post(key)
    except UnknownPostError:
        raise PostNotInSchemeError(scheme.name, key) from None


def _lowest_paying(scheme: PayScheme, key: str, pay: Decimal) -> tuple[int, bool]:
    """Return the lowest grade of a band paying at least ``pay``, and whether none does.

    Where no grade of the band pays that much, the band's top grade and ``True``.
    """
    band = _band(scheme, key)
    for grade in range(band.lowest, band.highest + 1):
        if scheme.base(key, grade) >= pay:
            return grade, False
    return band.highest, True


def _explain(
    worker: Worker,
    scheme: PayScheme,
    on: datetime.date,
    since: datetime.date,
    entry: int | None,
) -> GradeExplanation:
    """Apply the grade rule from ``since``: from the band floor, or ``entry`` after a change."""
    key = worker.post_on(on)
    band = _band(scheme, key)
    service = full_years(since, on)
    credit = scheme.degree_credits.get(worker.degree, 0) if worker.degree and entry is None else 0
    withheld = sum(
        1
        for appraisal in worker.appraisals
        if (entry is None or appraisal.year >= since.year)
        and appraisal.year < on.year
        and appraisal.rating in scheme.withholding
    )
    countable = max(service + credit - withheld, 0)
    steps = countable // scheme.years_per_step
    extra = scheme.certificate_grades.get(worker.certificate, 0) if worker.certificate else 0
    if entry is not None and scheme.promotion is PromotionRule.PAY_AT_LEAST:
        extra = 0  # the entry grade already pays what the certificate earned
    start = band.lowest if entry is None else entry
    raw = start + steps + extra
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
        entered=None if entry is None else since,
        entry_grade=entry,
        promotion=scheme.promotion.value,
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
        if scheme.minimum_wage is not None:
            base = max(base, scheme.minimum_wage)
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
