"""The payroll engine: workers paid under dated schemes, checked together, rolled up by unit.

A :class:`Payroll` holds :class:`~jiceng.pay.Worker` records in input order and one or more
:class:`~jiceng.pay.PayScheme` records whose effective periods do not overlap; on any date at most
one scheme is in force, and the grade and pay rules of :mod:`jiceng.pay.grades` apply it. Built on
a :class:`~jiceng.Hierarchy`, it checks every worker's unit and answers roll-ups over a unit's
subtree (a unit is within its own subtree). Nothing here reads the clock except the refusal of an
appraisal for a year that has not ended yet.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from jiceng._engine import RecordEngine, duplicate_problems
from jiceng._references import unit_problems
from jiceng.errors import InvalidArgumentError, NoSchemeInForceError, Problem, UnknownWorkerError
from jiceng.pay._calendar import add_years, full_years
from jiceng.pay.grades import UNPAYABLE, grade_of, pay_of, post_changes
from jiceng.pay.records import FEN, PayScheme, Worker
from jiceng.pay.results import Comparison, GradeExplanation, NextStep, PayBreakdown, PayDistribution

if TYPE_CHECKING:
    from jiceng.hierarchy import Hierarchy
    from jiceng.units import OrgUnit

__all__ = ["DEFAULT_UNIT_LEVELS", "Payroll", "WorkerRef"]

DEFAULT_UNIT_LEVELS: tuple[str, ...] = ("street", "community")
"""The levels at which workers serve unless a payroll (or a file's ``worker_levels``) says
otherwise."""

WorkerRef = str | Worker
"""A worker, or a worker's id."""


class Payroll(RecordEngine[Worker]):
    """Workers paid under one or more dated pay schemes, optionally tied to a hierarchy.

    Parameters
    ----------
    schemes
        One :class:`~jiceng.pay.PayScheme` or several, whose effective periods must not overlap.
    workers
        The workers.
    hierarchy
        The hierarchy their units belong to; needed for roll-ups. While a payroll with a hierarchy
        exists, an edit that would remove a worker's unit, or move it to a level that may not
        employ workers, is refused.
    unit_levels
        The levels at which workers may serve (default :data:`DEFAULT_UNIT_LEVELS`).

    Raises
    ------
    InvalidArgumentError
        If no scheme is given.
    IntegrityError
        Listing every problem: ``duplicate_id`` (workers or schemes), ``overlapping_schemes``,
        ``unknown_post`` (a post no scheme has, or a current post the latest scheme lacks),
        ``unknown_unit``, ``unit_level``,
        ``future_appraisal`` (an appraisal for a year not yet over), ``overlapping_posts``.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> payroll
    <Payroll of 60 workers, 1 schemes>
    >>> payroll.annual_cost("mafangba", on=datetime.date(2026, 1, 1))
    Decimal('836010.84')
    >>> Payroll([], [])
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: a payroll needs at least one pay scheme
    """

    __slots__ = ("_schemes", "_unit_levels")

    record_type = Worker
    missing_error = UnknownWorkerError
    noun = "payroll"

    _schemes: tuple[PayScheme, ...]
    _unit_levels: tuple[str, ...]

    def __init__(
        self,
        schemes: PayScheme | Iterable[PayScheme],
        workers: Iterable[Worker],
        hierarchy: Hierarchy | None = None,
        *,
        unit_levels: Sequence[str] = DEFAULT_UNIT_LEVELS,
    ) -> None:
        listed = (schemes,) if isinstance(schemes, PayScheme) else tuple(schemes)
        if not listed:
            raise InvalidArgumentError("a payroll needs at least one pay scheme")
        self._schemes = tuple(sorted(listed, key=lambda s: s.effective_from))
        self._unit_levels = tuple(unit_levels)
        self._hold(workers, hierarchy)
        self._check()

    # -- checks -----------------------------------------------------------------------------

    def _problems(self) -> list[Problem]:
        workers = self._records
        problems = duplicate_problems((w.id for w in workers), "worker")
        problems.extend(duplicate_problems((s.name for s in self._schemes), "scheme"))
        for earlier, later in combinations(self._schemes, 2):
            if earlier.effective_to is None or later.effective_from <= earlier.effective_to:
                problems.append(
                    Problem(
                        "overlapping_schemes",
                        (earlier.name, later.name),
                        f"schemes {earlier.name!r} and {later.name!r} are both in force on "
                        f"{later.effective_from}",
                    )
                )
        known_posts = {post.key for scheme in self._schemes for post in scheme.posts}
        latest = self._schemes[-1]
        latest_posts = {post.key for post in latest.posts}
        # The one use of the clock: an appraisal is only possible for a year that has ended, so
        # one for this year or later is a future date and is refused.
        this_year = datetime.date.today().year
        for worker in workers:
            posts = [*(spell.post for spell in worker.post_history), worker.post]
            problems.extend(
                Problem(
                    "unknown_post",
                    (worker.id, post),
                    f"worker {worker.id!r} holds post {post!r}, which no pay scheme has",
                )
                for post in dict.fromkeys(posts)
                if post not in known_posts
            )
            if worker.post in known_posts and worker.post not in latest_posts:
                problems.append(
                    Problem(
                        "unknown_post",
                        (worker.id, worker.post),
                        f"worker {worker.id!r} holds post {worker.post!r}, which the latest "
                        f"scheme {latest.name!r} does not have",
                    )
                )
            future = [a.year for a in worker.appraisals if a.year >= this_year]
            if future:
                problems.append(
                    Problem(
                        "future_appraisal",
                        (worker.id,),
                        f"worker {worker.id!r} has appraisals for {', '.join(map(str, future))},"
                        f" which have not ended",
                    )
                )
            spells = sorted(worker.post_history, key=lambda s: s.start)
            for a, b in pairwise(spells):
                if a.end is None or b.start <= a.end:
                    problems.append(
                        Problem(
                            "overlapping_posts",
                            (worker.id,),
                            f"worker {worker.id!r} holds {a.post!r} from {a.start} and "
                            f"{b.post!r} from {b.start} at the same time",
                        )
                    )
        problems.extend(self._reference_problems_if_any())
        return problems

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        return unit_problems(
            hierarchy,
            ((w.id, w.unit) for w in self._records),
            self._unit_levels,
            record="worker",
            verb="serves",
        )

    def _settings(self) -> tuple[Any, ...]:
        return (self._schemes, self._unit_levels)

    # -- what it holds ----------------------------------------------------------------------

    @property
    def schemes(self) -> tuple[PayScheme, ...]:
        """The schemes, oldest first.

        Examples
        --------
        >>> import jiceng
        >>> [scheme.name for scheme in jiceng.examples.tongchuan().pay.schemes]
        ['tongchuan_2020']
        """
        return self._schemes

    @property
    def unit_levels(self) -> tuple[str, ...]:
        """The levels at which workers may serve.

        Examples
        --------
        >>> import jiceng
        >>> jiceng.examples.tongchuan().pay.unit_levels
        ('street', 'community')
        """
        return self._unit_levels

    def _counts(self) -> tuple[tuple[str, int], ...]:
        """Return the numbers of workers and schemes, for the repr and the HTML table."""
        return (("workers", len(self)), ("schemes", len(self._schemes)))

    def scheme_on(self, on: datetime.date) -> PayScheme:
        """Return the scheme in force on a date.

        Raises
        ------
        NoSchemeInForceError
            If none is (a :class:`LookupError`).

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> payroll.scheme_on(datetime.date(2026, 1, 1)).name
        'tongchuan_2020'
        >>> payroll.scheme_on(datetime.date(2019, 12, 31))
        Traceback (most recent call last):
        ...
        jiceng.errors.NoSchemeInForceError: no pay scheme is in force on 2019-12-31
        """
        for scheme in self._schemes:
            if scheme.in_force(on):
                return scheme
        raise NoSchemeInForceError(on)

    # -- grades and pay ---------------------------------------------------------------------

    def grade(
        self, ref: WorkerRef, *, on: datetime.date, scheme: PayScheme | None = None
    ) -> GradeExplanation:
        r"""Return a worker's grade on a date, with how it was reached.

        Parameters
        ----------
        ref
            The worker.
        on
            The date.
        scheme
            A scheme to apply instead of the one in force (to compare schemes).

        Raises
        ------
        UnknownWorkerError
            If the payroll has no such worker.
        NoSchemeInForceError
            If no scheme is in force (and none is given).
        NotServingError
            If the worker had not started service.
        UnknownPostError
            If the scheme lacks the post the worker held on the date.

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> print("\n".join(payroll.grade("tuanbaoliang-w03", on=datetime.date(2026, 1, 1))
        ...                 .lines()))
        post deputy: band 4–15 under tongchuan_2020
        service 10 full years + degree credit 3 − withheld 0 = 13 countable years
        4 steps above the band floor 4
        grade 8
        """
        worker = self.get(ref)
        chosen = scheme if scheme is not None else self.scheme_on(on)
        return grade_of(worker, chosen, on=on)

    def pay(
        self, ref: WorkerRef, *, on: datetime.date, scheme: PayScheme | None = None
    ) -> PayBreakdown:
        """Return a worker's pay on a date (see :mod:`jiceng.pay.grades` for the rules).

        Raises
        ------
        UnknownWorkerError, NoSchemeInForceError, NotServingError, PostNotInSchemeError
            As :meth:`grade`.

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> pay = payroll.pay("tuanbaoliang-w03", on=datetime.date(2026, 1, 1))
        >>> pay.grade, pay.base, pay.performance, pay.allowances
        (8, Decimal('4090.65'), Decimal('300'), Decimal('0'))
        >>> pay.monthly, pay.annual
        (Decimal('4390.65'), Decimal('52687.80'))
        """
        worker = self.get(ref)
        chosen = scheme if scheme is not None else self.scheme_on(on)
        return pay_of(worker, chosen, on=on)

    def next_step(self, ref: WorkerRef, *, after: datetime.date) -> NextStep | None:
        """Return the first day after ``after`` on which the worker's grade rises, if any.

        Looks ahead over the anniversaries of the worker's service (and of the last change of
        post) and new years for up to fifty years, while a scheme is in force; ``None`` at the
        band's ceiling, when no rise comes, or when the look-ahead reaches a day no scheme covers.

        Raises
        ------
        UnknownWorkerError, NoSchemeInForceError, NotServingError, PostNotInSchemeError
            As :meth:`grade` on ``after``.

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> step = payroll.next_step("tuanbaoliang-w03", after=datetime.date(2026, 1, 1))
        >>> step.on, step.grade, step.pay.monthly
        (datetime.date(2027, 5, 10), 9, Decimal('4527.66'))
        """
        worker = self.get(ref)
        now = self.grade(worker, on=after)
        if now.grade >= now.band[1]:
            return None
        # Years count from service start, or (under a promotion rule other than keep_years) from
        # the last change of post: a step can come on either's anniversary or on a new year.
        starts = {worker.service_start, *post_changes(worker, after)[-1:]}
        days: set[datetime.date] = set()
        for years in range(1, 51):
            days.update(add_years(start, full_years(start, after) + years) for start in starts)
            days.add(datetime.date(after.year + years, 1, 1))
        for day in sorted(d for d in days if d > after):
            try:
                later = self.grade(worker, on=day)
            except UNPAYABLE:
                return None
            if later.post != now.post:
                return None
            if later.grade > now.grade:
                return NextStep(on=day, grade=later.grade, pay=self.pay(worker, on=day))
        return None

    # -- roll-ups ---------------------------------------------------------------------------

    def workers(self, within: str | OrgUnit | None = None) -> list[Worker]:
        """Return the workers serving in a unit's subtree (default: everyone), in input order.

        Raises
        ------
        NeedsHierarchyError
            If ``within`` is given to a payroll built without a hierarchy.
        UnknownUnitError
            If the hierarchy has no unit ``within``.

        Examples
        --------
        >>> import jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> len(payroll.workers()), len(payroll.workers("mafangba"))
        (60, 17)
        >>> [w.id for w in payroll.workers("xinjin")][:2]
        ['xinjin-w01', 'xinjin-w02']
        """
        if within is None:
            return list(self._records)
        hierarchy = self._need_hierarchy("a roll-up by unit")
        top = hierarchy[within]
        return [w for w in self._records if hierarchy.within(w.unit, top)]

    def serving(self, within: str | OrgUnit | None = None, *, on: datetime.date) -> list[Worker]:
        """Return the workers of a unit's subtree whose service has begun by a date.

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> len(payroll.serving(on=datetime.date(2026, 11, 26)))
        60
        >>> len(payroll.serving(on=datetime.date(2005, 1, 1)))
        7
        """
        return [w for w in self.workers(within) if w.service_start <= on]

    def annual_cost(self, within: str | OrgUnit | None = None, *, on: datetime.date) -> Decimal:
        """Return the annual pay of the workers serving in a unit's subtree (default: all).

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> on = datetime.date(2026, 11, 26)
        >>> payroll.annual_cost("chaoyang", on=on), payroll.annual_cost(on=on)
        (Decimal('1462495.92'), Decimal('3006335.88'))
        """
        return sum((self.pay(w, on=on).annual for w in self.serving(within, on=on)), Decimal(0))

    def headcount(
        self, within: str | OrgUnit | None = None, *, on: datetime.date
    ) -> dict[tuple[str, int], int]:
        """Return head counts of the workers serving, by (post, grade), in post and grade order.

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> list(payroll.headcount("xinjin", on=datetime.date(2026, 11, 26)).items())[:3]
        [(('head', 11), 1), (('deputy', 13), 1), (('other', 3), 3)]
        """
        scheme = self.scheme_on(on)
        order = {post.key: i for i, post in enumerate(scheme.posts)}
        counts = Counter(
            (g.post, g.grade) for g in (self.grade(w, on=on) for w in self.serving(within, on=on))
        )
        return dict(
            sorted(counts.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1]))
        )

    def distribution(
        self, *, on: datetime.date, level: str = "community"
    ) -> dict[str, PayDistribution]:
        """Return the distribution of monthly pay in each unit at ``level`` with workers serving.

        Raises
        ------
        NeedsHierarchyError
            If the payroll was built without a hierarchy.

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> spread = payroll.distribution(on=datetime.date(2026, 11, 26))["mafangba"]
        >>> spread.workers, spread.lowest, spread.median, spread.highest, spread.total
        (17, Decimal('3431.60'), Decimal('4116.64'), Decimal('5760.73'), Decimal('71689.95'))
        """
        hierarchy = self._need_hierarchy("a distribution by unit")
        # One pass over the hierarchy (parents come before children) gives every unit the units
        # at ``level`` whose subtree holds it, and one pass over the workers fills them: time
        # linear in units and workers, not units at the level × workers.
        keys: dict[str, tuple[str, ...]] = {}
        for unit in hierarchy:
            above = keys[unit.parent] if unit.parent is not None else ()
            keys[unit.id] = (*above, unit.id) if unit.level == level else above
        monthly: dict[str, list[Decimal]] = {}
        for worker in self.serving(on=on):
            if keys[worker.unit]:
                pay = self.pay(worker, on=on).monthly
                for key in keys[worker.unit]:
                    monthly.setdefault(key, []).append(pay)
        out = {}
        for unit in hierarchy.at_level(level):
            pays = sorted(monthly.get(unit.id, ()))
            if pays:
                out[unit.id] = PayDistribution(
                    unit=unit.id,
                    workers=len(pays),
                    lowest=pays[0],
                    median=Decimal(statistics.median(pays)).quantize(FEN, rounding=ROUND_HALF_UP),
                    highest=pays[-1],
                    total=sum(pays, Decimal(0)),
                )
        return out

    def compare(self, scheme_a: PayScheme, scheme_b: PayScheme, *, on: datetime.date) -> Comparison:
        """Return every worker's annual pay under two schemes on a date, side by side.

        A worker whose grade a scheme cannot give (service not begun, a post the scheme lacks)
        has ``None`` under it and counts in neither total.

        Examples
        --------
        >>> import datetime, jiceng
        >>> from jiceng.pay import SANGANG_SHIBAJI, XIAN_2020
        >>> payroll = jiceng.examples.tongchuan().pay
        >>> result = payroll.compare(SANGANG_SHIBAJI, XIAN_2020, on=datetime.date(2026, 11, 26))
        >>> len(result.rows), result.total_a, result.total_b
        (60, Decimal('4874400.00'), Decimal('2747046.12'))
        >>> result.rows[0]
        ('tuanbaoliang-w01', 15, Decimal('109200.00'), 15, Decimal('59038.56'))
        """
        rows = []
        total_a = total_b = Decimal(0)
        for worker in self._records:
            a = self._maybe_pay(worker, on, scheme_a)
            b = self._maybe_pay(worker, on, scheme_b)
            if a is not None and b is not None:
                total_a += a.annual
                total_b += b.annual
            rows.append(
                (
                    worker.id,
                    None if a is None else a.grade,
                    None if a is None else a.annual,
                    None if b is None else b.grade,
                    None if b is None else b.annual,
                )
            )
        return Comparison(tuple(rows), total_a, total_b)

    def _maybe_pay(
        self, worker: Worker, on: datetime.date, scheme: PayScheme
    ) -> PayBreakdown | None:
        try:
            return pay_of(worker, scheme, on=on)
        except UNPAYABLE:
            return None
