"""What the payroll's queries return: a grade and how it was reached, pay, steps, comparisons.

Every result is a frozen attrs class holding the figures (money as ``Decimal`` yuan, dates as
``datetime.date``); none of them refers back to the payroll.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

__all__ = ["Comparison", "GradeExplanation", "NextStep", "PayBreakdown", "PayDistribution"]


@attrs.frozen
class GradeExplanation:
    """How a worker's grade on a date was reached.

    Attributes
    ----------
    worker, post, scheme : str
        The worker, the post held on the date, and the scheme in force.
    on : datetime.date
        The date.
    band : tuple[int, int]
        The post's lowest and highest grade.
    service_years, degree_credit, withheld_years, countable_years : int
        Full years of service, years credited for a degree, years withheld by ratings, and the
        countable years they give.
    steps : int
        ``countable_years // years_per_step``.
    certificate_grades : int
        Extra grades for the certificate.
    grade : int
        The grade, within the band.
    capped : bool
        Whether the band's ceiling cut the grade.
    entered : datetime.date or None
        Under a :class:`~jiceng.pay.PromotionRule` other than ``keep_years``, the day the
        worker entered the post after holding another; service years count from it.
    entry_grade : int or None
        The grade the worker entered the post at; steps count above it.
    entered_at_top : bool
        Under ``pay_at_least``, whether no grade of the new band paid at least the base of the
        day before, so that the worker entered at the band's top grade (and earns less).
    promotion : str
        The scheme's promotion rule.

    Examples
    --------
    >>> import datetime
    >>> from jiceng.pay import SANGANG_SHIBAJI, Payroll, Worker
    >>> worker = Worker(id="w1", name="李华", unit="c1", post="other", degree="bachelor",
    ...                 service_start="2014-03-01", hired="2014-03-01")
    >>> payroll = Payroll(SANGANG_SHIBAJI, [worker])
    >>> explained = payroll.grade("w1", on=datetime.date(2026, 1, 1))
    >>> explained.band, explained.service_years, explained.degree_credit, explained.steps
    ((1, 12), 11, 3, 4)
    >>> explained.grade, explained.capped
    (5, False)
    """

    worker: str
    post: str
    scheme: str
    on: datetime.date
    band: tuple[int, int]
    service_years: int
    degree_credit: int
    withheld_years: int
    countable_years: int
    steps: int
    certificate_grades: int
    grade: int
    capped: bool
    entered: datetime.date | None = None
    entry_grade: int | None = None
    promotion: str = "keep_years"
    entered_at_top: bool = False

    def lines(self) -> list[str]:
        """Return the explanation as readable lines.

        Examples
        --------
        >>> import datetime
        >>> from jiceng.pay import SANGANG_SHIBAJI, Worker, grade_of
        >>> worker = Worker(id="w1", name="李华", unit="c1", post="other",
        ...                 service_start="2014-03-01", hired="2014-03-01",
        ...                 certificate="assistant")
        >>> for line in grade_of(worker, SANGANG_SHIBAJI, on=datetime.date(2026, 1, 1)).lines():
        ...     print(line)
        post other: band 1–12 under sangang_shibaji
        service 11 full years + degree credit 0 − withheld 0 = 11 countable years
        3 steps above the band floor 1
        +1 for the certificate
        grade 5
        """
        low, high = self.band
        out = [f"post {self.post}: band {low}–{high} under {self.scheme}"]
        if self.entered is not None:
            out.append(f"entered on {self.entered} at grade {self.entry_grade} ({self.promotion})")
            if self.entered_at_top:
                out.append(
                    "no grade of the band pays at least the base before the change: "
                    "entered at its top grade"
                )
        out.append(
            f"service {self.service_years} full years + degree credit {self.degree_credit}"
            f" − withheld {self.withheld_years} = {self.countable_years} countable years"
        )
        steps = f"{self.steps} step{'' if self.steps == 1 else 's'} above the"
        if self.entered is None:
            out.append(f"{steps} band floor {low}")
        else:
            out.append(f"{steps} entry grade {self.entry_grade}")
        if self.certificate_grades:
            out.append(f"+{self.certificate_grades} for the certificate")
        out.append(
            f"grade {self.grade}" + (f" (capped at the ceiling {high})" if self.capped else "")
        )
        return out


@attrs.frozen
class PayBreakdown:
    """A worker's pay on a date.

    Attributes
    ----------
    worker, scheme, post : str
        Who, under which scheme, in which post.
    grade : int
        The grade.
    probation : bool
        Whether the worker is on probation.
    base, performance, allowances, monthly : Decimal
        Monthly base pay, performance pay, allowances and their total (also ``total``).
    annual : Decimal
        Twelve times the monthly total.

    Examples
    --------
    >>> import datetime
    >>> from jiceng.pay import SANGANG_SHIBAJI, Payroll, Worker
    >>> worker = Worker(id="w1", name="李华", unit="c1", post="other", degree="bachelor",
    ...                 service_start="2014-03-01", hired="2014-03-01")
    >>> payroll = Payroll(SANGANG_SHIBAJI, [worker])
    >>> pay = payroll.pay("w1", on=datetime.date(2026, 1, 1))
    >>> pay.grade, pay.base, pay.performance, pay.monthly, pay.annual
    (5, Decimal('6000.00'), Decimal('400'), Decimal('6400.00'), Decimal('76800.00'))
    """

    worker: str
    scheme: str
    post: str
    grade: int
    probation: bool
    base: Decimal
    performance: Decimal
    allowances: Decimal
    monthly: Decimal
    annual: Decimal

    @property
    def total(self) -> Decimal:
        """The monthly total: base + performance + allowances (the same as ``monthly``).

        Examples
        --------
        >>> import datetime
        >>> from jiceng.pay import SIGANG_ERSHISIJI, Worker, pay_of
        >>> worker = Worker(id="w1", name="李华", unit="c1", post="other",
        ...                 service_start="2014-03-01", hired="2014-03-01", certificate="senior")
        >>> pay = pay_of(worker, SIGANG_ERSHISIJI, on=datetime.date(2026, 1, 1))
        >>> pay.base, pay.performance, pay.allowances, pay.total
        (Decimal('5875.00'), Decimal('400'), Decimal('500'), Decimal('6775.00'))
        """
        return self.monthly


@attrs.frozen
class NextStep:
    """The next grade step of a worker: when, to which grade, and the pay then.

    Examples
    --------
    >>> import datetime
    >>> from jiceng.pay import SANGANG_SHIBAJI, Payroll, Worker
    >>> worker = Worker(id="w1", name="李华", unit="c1", post="other", degree="bachelor",
    ...                 service_start="2014-03-01", hired="2014-03-01")
    >>> payroll = Payroll(SANGANG_SHIBAJI, [worker])
    >>> step = payroll.next_step("w1", after=datetime.date(2026, 1, 1))
    >>> step.on, step.grade, step.pay.monthly
    (datetime.date(2026, 3, 1), 6, Decimal('6650.00'))
    """

    on: datetime.date
    grade: int
    pay: PayBreakdown


@attrs.frozen
class PayDistribution:
    """Monthly pay in one unit: head count, lowest, median, highest, total.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> spread = payroll.distribution(on=datetime.date(2026, 11, 26))["xinjin"]
    >>> spread.workers, spread.lowest, spread.median, spread.highest, spread.total
    (10, Decimal('2505.28'), Decimal('4116.64'), Decimal('5075.69'), Decimal('40601.10'))
    """

    unit: str
    workers: int
    lowest: Decimal
    median: Decimal
    highest: Decimal
    total: Decimal


@attrs.frozen
class Comparison:
    """Every worker's annual pay under two schemes, side by side.

    Attributes
    ----------
    rows : tuple[tuple[str, int | None, Decimal | None, int | None, Decimal | None], ...]
        ``(worker, grade_a, annual_a, grade_b, annual_b)``; ``None`` where a scheme lacks the
        worker's post.
    total_a, total_b : Decimal
        Annual totals under each scheme (workers paid under both).

    Examples
    --------
    >>> import datetime
    >>> from jiceng.pay import SANGANG_SHIBAJI, Payroll, Worker
    >>> worker = Worker(id="w1", name="李华", unit="c1", post="other", degree="bachelor",
    ...                 service_start="2014-03-01", hired="2014-03-01")
    >>> payroll = Payroll(SANGANG_SHIBAJI, [worker])
    >>> from jiceng.pay import XIAN_2020
    >>> result = payroll.compare(SANGANG_SHIBAJI, XIAN_2020, on=datetime.date(2026, 1, 1))
    >>> result.rows
    (('w1', 5, Decimal('76800.00'), 5, Decimal('43041.72')),)
    """

    rows: tuple[tuple[str, int | None, Decimal | None, int | None, Decimal | None], ...]
    total_a: Decimal
    total_b: Decimal

    @property
    def difference(self) -> Decimal:
        """``total_b - total_a``.

        Examples
        --------
        >>> Comparison((), Decimal("76800.00"), Decimal("43041.72")).difference
        Decimal('-33758.28')
        """
        return self.total_b - self.total_a
