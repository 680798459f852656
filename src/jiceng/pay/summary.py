"""Summaries of a payroll on a date, as typed results: what ``jiceng payroll`` and the report show.

:func:`payroll_summary` gives the scheme in force, head counts, pay per community and every
worker's line; :func:`pay_overview` the same without the lines (or why pay cannot be computed on
the date); :func:`scheme_comparison` every worker's annual pay under the scheme in force and
another. Each takes a payroll built on a hierarchy (which names the units) and the date.

Money stays ``Decimal``, dates ``datetime.date``; a summary converts to the JSON of the command
line field by field, in order.

Examples
--------
>>> import datetime, jiceng
>>> payroll = jiceng.examples.tongchuan().pay
>>> summary = payroll_summary(payroll, on=datetime.date(2026, 11, 26), unit="xinjin")
>>> summary.workers, summary.on_probation, summary.monthly, summary.annual_cost
(10, 1, Decimal('40601.10'), Decimal('487213.20'))
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

from jiceng.errors import NeedsHierarchyError, UnknownSchemeError
from jiceng.hierarchy import Hierarchy
from jiceng.pay.grades import UNPAYABLE
from jiceng.pay.payroll import Payroll
from jiceng.pay.records import PayScheme, Worker
from jiceng.pay.results import PayBreakdown
from jiceng.pay.templates import BUILTIN_PAY_SCHEMES

__all__ = [
    "ComparisonRow",
    "HeadcountRow",
    "PayOverview",
    "PayUnavailable",
    "PayrollSummary",
    "SchemeComparison",
    "SchemeInForce",
    "StepSummary",
    "UnitPay",
    "WorkerPay",
    "pay_overview",
    "payroll_summary",
    "scheme_comparison",
]


@attrs.frozen
class SchemeInForce:
    """The scheme a summary applies: its name, title, whether illustrative, its reference wage.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> pay_overview(payroll, on=datetime.date(2026, 11, 26)).scheme
    ... # doctest: +NORMALIZE_WHITESPACE
    SchemeInForce(name='tongchuan_2020',
                  title='通川区 2020 差异化岗位等级薪酬 (example, illustrative pay level)',
                  illustrative=True, reference_wage=Decimal('46974'))
    """

    name: str
    title: str
    illustrative: bool
    reference_wage: Decimal


@attrs.frozen
class HeadcountRow:
    """The number of workers serving at one grade of one post (``post_zh``: its Chinese name).

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> pay_overview(payroll, on=datetime.date(2026, 11, 26)).headcount[0]
    HeadcountRow(post='head', post_zh='正职', grade=11, count=1)
    """

    post: str
    post_zh: str
    grade: int
    count: int


@attrs.frozen
class UnitPay:
    """Monthly pay in one unit (``name``: the unit's name): head count, lowest, median, highest.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> row = pay_overview(payroll, on=datetime.date(2026, 11, 26)).distribution[1]
    >>> row.name, row.workers, row.lowest, row.median, row.highest
    ('小北街社区', 11, Decimal('2505.28'), Decimal('4116.64'), Decimal('5486.71'))
    >>> row.total
    Decimal('45863.79')
    """

    unit: str
    name: str
    workers: int
    lowest: Decimal
    median: Decimal
    highest: Decimal
    total: Decimal


@attrs.frozen
class StepSummary:
    """When a worker's next grade step comes, and to which grade.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> summary = payroll_summary(payroll, on=datetime.date(2026, 11, 26), unit="tuanbaoliang")
    >>> summary.list[2].next_step
    StepSummary(on=datetime.date(2027, 5, 10), grade=9)
    """

    on: datetime.date
    grade: int


@attrs.frozen
class WorkerPay:
    """One worker's line: who, where (the unit's name), post, grade, pay and the next step.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> line = payroll_summary(payroll, on=datetime.date(2026, 11, 26), unit="tuanbaoliang").list[2]
    >>> line.name, line.unit, line.post, line.grade, line.probation, line.monthly, line.annual
    ('邓明轩', '团包梁社区', 'deputy', 8, False, Decimal('4390.65'), Decimal('52687.80'))
    """

    id: str
    name: str
    unit: str
    post: str
    grade: int
    probation: bool
    monthly: Decimal
    annual: Decimal
    next_step: StepSummary | None


@attrs.frozen
class PayOverview:
    """The payroll on a date: scheme in force, head counts by post and grade, pay per unit.

    Attributes
    ----------
    on : datetime.date
        The date.
    unit : str or None
        The unit whose subtree is summarised (``None``: everyone).
    scheme : SchemeInForce
        The scheme in force on the date.
    workers, on_probation : int
        The workers serving on the date, and how many of them are on probation.
    monthly, annual_cost : Decimal
        Their monthly pay and annual cost.
    headcount : tuple[HeadcountRow, ...]
        Head counts in post and grade order.
    distribution : tuple[UnitPay, ...]
        Pay per community, in hierarchy order (empty for a summary of one unit).

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> overview = pay_overview(payroll, on=datetime.date(2026, 11, 26))
    >>> overview.workers, overview.on_probation, overview.monthly, overview.annual_cost
    (60, 2, Decimal('250527.99'), Decimal('3006335.88'))
    >>> [row.unit for row in overview.distribution]
    ['dabeijie', 'xiaobeijie', 'tuanbaoliang', 'mafangba', 'xinjin']
    """

    on: datetime.date
    unit: str | None
    scheme: SchemeInForce
    workers: int
    on_probation: int
    monthly: Decimal
    annual_cost: Decimal
    headcount: tuple[HeadcountRow, ...]
    distribution: tuple[UnitPay, ...]


@attrs.frozen
class PayrollSummary(PayOverview):
    """A :class:`PayOverview` with every serving worker's line (``list``), in input order.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> summary = payroll_summary(payroll, on=datetime.date(2026, 11, 26), unit="mafangba")
    >>> len(summary.list), summary.list[0].id, summary.distribution
    (17, 'mafangba-w01', ())
    """

    list: tuple[WorkerPay, ...]


@attrs.frozen
class PayUnavailable:
    """Why pay cannot be computed on a date (no scheme in force, say).

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> pay_overview(payroll, on=datetime.date(2019, 6, 1))
    PayUnavailable(on=datetime.date(2019, 6, 1), error='no pay scheme is in force on 2019-06-01')
    """

    on: datetime.date
    error: str


@attrs.frozen
class ComparisonRow:
    """One worker's grade and annual pay under schemes ``a`` and ``b`` (``None``: no grade).

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> scheme_comparison(payroll, "xian_2020", on=datetime.date(2026, 11, 26)).rows[0]
    ... # doctest: +NORMALIZE_WHITESPACE
    ComparisonRow(id='tuanbaoliang-w01', name='何朝辉', grade_a=15,
                  annual_a=Decimal('65396.52'), grade_b=15, annual_b=Decimal('59038.56'))
    """

    id: str
    name: str
    grade_a: int | None
    annual_a: Decimal | None
    grade_b: int | None
    annual_b: Decimal | None


@attrs.frozen
class SchemeComparison:
    """Every serving worker's annual pay under the scheme in force (``a``) and another (``b``).

    The totals count the workers paid under both schemes; ``difference`` is
    ``total_b - total_a``.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> result = scheme_comparison(payroll, "xian_2020", on=datetime.date(2026, 11, 26))
    >>> result.a, result.b, len(result.rows)
    ('tongchuan_2020', 'xian_2020', 60)
    >>> result.total_a, result.total_b, result.difference
    (Decimal('3006335.88'), Decimal('2747046.12'), Decimal('-259289.76'))
    """

    on: datetime.date
    a: str
    b: str
    rows: tuple[ComparisonRow, ...]
    total_a: Decimal
    total_b: Decimal
    difference: Decimal


def _hierarchy(payroll: Payroll) -> Hierarchy:
    if payroll.hierarchy is None:
        raise NeedsHierarchyError("a payroll summary needs a payroll built with a hierarchy")
    return payroll.hierarchy


def _overview(
    payroll: Payroll, on: datetime.date, unit: str | None
) -> tuple[PayOverview, list[tuple[Worker, PayBreakdown]]]:
    """Return the overview and each serving worker with their pay."""
    h = _hierarchy(payroll)
    scheme = payroll.scheme_on(on)
    pays = [(w, payroll.pay(w, on=on)) for w in payroll.serving(unit, on=on)]
    posts = {post.key: post for post in scheme.posts}
    distribution = payroll.distribution(on=on) if unit is None else {}
    overview = PayOverview(
        on=on,
        unit=unit,
        scheme=SchemeInForce(
            name=scheme.name,
            title=scheme.title,
            illustrative=scheme.illustrative,
            reference_wage=scheme.reference_wage,
        ),
        workers=len(pays),
        on_probation=sum(pay.probation for _, pay in pays),
        monthly=sum((pay.monthly for _, pay in pays), Decimal(0)),
        annual_cost=payroll.annual_cost(unit, on=on),
        headcount=tuple(
            HeadcountRow(post=post, post_zh=posts[post].name, grade=grade, count=count)
            for (post, grade), count in payroll.headcount(unit, on=on).items()
        ),
        distribution=tuple(
            UnitPay(
                unit=d.unit,
                name=h[d.unit].name,
                workers=d.workers,
                lowest=d.lowest,
                median=d.median,
                highest=d.highest,
                total=d.total,
            )
            for d in distribution.values()
        ),
    )
    return overview, pays


def payroll_summary(
    payroll: Payroll, *, on: datetime.date, unit: str | None = None
) -> PayrollSummary:
    """Return the payroll's summary on a date, within a unit's subtree (default: everyone).

    Parameters
    ----------
    payroll
        A payroll built on a hierarchy.
    on
        The date.
    unit
        Summarise only the workers of this unit's subtree (then without pay per community).

    Raises
    ------
    NoSchemeInForceError
        If no scheme is in force on the date.
    UnknownUnitError
        If the hierarchy has no unit ``unit``.
    NeedsHierarchyError
        If the payroll was built without a hierarchy.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> summary = payroll_summary(payroll, on=datetime.date(2026, 11, 26))
    >>> summary.workers, len(summary.list), summary.annual_cost
    (60, 60, Decimal('3006335.88'))
    >>> summary.list[-1].id, summary.list[-1].probation, summary.list[-1].next_step
    ('xinjin-w10', True, StepSummary(on=datetime.date(2029, 9, 1), grade=4))
    """
    overview, pays = _overview(payroll, on, unit)
    h = _hierarchy(payroll)
    lines = []
    for worker, pay in pays:
        step = payroll.next_step(worker, after=on)
        lines.append(
            WorkerPay(
                id=worker.id,
                name=worker.name,
                unit=h[worker.unit].name,
                post=pay.post,
                grade=pay.grade,
                probation=pay.probation,
                monthly=pay.monthly,
                annual=pay.annual,
                next_step=None if step is None else StepSummary(on=step.on, grade=step.grade),
            )
        )
    return PayrollSummary(**attrs.asdict(overview, recurse=False), list=tuple(lines))


def pay_overview(payroll: Payroll, *, on: datetime.date) -> PayOverview | PayUnavailable:
    """Return the whole payroll's overview on a date, or why pay cannot be computed then.

    This is the pay section of the main report: a :class:`PayrollSummary` of everyone without
    the workers' lines. Where no scheme is in force on the date, or a scheme lacks a post that a
    worker held then, the result is a :class:`PayUnavailable` with the reason.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> overview = pay_overview(payroll, on=datetime.date(2026, 1, 1))
    >>> overview.workers, overview.monthly, overview.headcount[-1]
    (57, Decimal('238419.36'), HeadcountRow(post='other', post_zh='其他', grade=8, count=5))
    >>> print(pay_overview(payroll, on=datetime.date(2018, 1, 1)).error)
    no pay scheme is in force on 2018-01-01
    """
    try:
        overview, _ = _overview(payroll, on, None)
    except UNPAYABLE as error:
        return PayUnavailable(on=on, error=str(error))
    return overview


def scheme_comparison(
    payroll: Payroll, scheme: PayScheme | str, *, on: datetime.date, unit: str | None = None
) -> SchemeComparison:
    """Return every serving worker's annual pay under the scheme in force and another one.

    Parameters
    ----------
    payroll
        A payroll (a hierarchy is needed only with ``unit``).
    scheme
        The other scheme, or the name of a built-in one.
    on
        The date.
    unit
        Compare only the workers of this unit's subtree.

    Raises
    ------
    NoSchemeInForceError
        If no scheme of the payroll is in force on the date.
    UnknownSchemeError
        If ``scheme`` names no built-in scheme.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> result = scheme_comparison(payroll, "sigang_ershisiji", on=datetime.date(2026, 11, 26),
    ...                            unit="xinjin")
    >>> len(result.rows), result.total_a, result.total_b
    (10, Decimal('487213.20'), Decimal('802800.00'))
    >>> scheme_comparison(payroll, "nonesuch", on=datetime.date(2026, 11, 26))
    Traceback (most recent call last):
    ...
    jiceng.errors.UnknownSchemeError: no scheme with id 'nonesuch'
    """
    if isinstance(scheme, str):
        if scheme not in BUILTIN_PAY_SCHEMES:
            raise UnknownSchemeError(scheme)
        other = BUILTIN_PAY_SCHEMES[scheme]
    else:
        other = scheme
    current = payroll.scheme_on(on)
    result = payroll.compare(current, other, on=on)
    wanted = {w.id for w in payroll.serving(unit, on=on)}
    names = {w.id: w.name for w in payroll}
    rows = tuple(
        ComparisonRow(
            id=wid,
            name=names[wid],
            grade_a=grade_a,
            annual_a=annual_a,
            grade_b=grade_b,
            annual_b=annual_b,
        )
        for wid, grade_a, annual_a, grade_b, annual_b in result.rows
        if wid in wanted
    )
    total_a = total_b = Decimal(0)
    for row in rows:
        if row.annual_a is not None and row.annual_b is not None:
            total_a += row.annual_a
            total_b += row.annual_b
    return SchemeComparison(
        on=on,
        a=current.name,
        b=other.name,
        rows=rows,
        total_a=total_a,
        total_b=total_b,
        difference=total_b - total_a,
    )
