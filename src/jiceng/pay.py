"""Community worker pay grades and payroll (社区工作者岗位等级薪酬).

A :class:`PayScheme` is data: posts with their grade bands, the grade ladder (coefficients of a
reference wage, or an explicit post × grade table), how service, degrees and certificates move a
worker up, probation, and performance pay by appraisal rating. :class:`Payroll` applies dated
schemes to :class:`Worker` records.

The grade rule
    A worker's grade on a date is the lowest grade of the band of the post held that day, plus one
    step for every ``years_per_step`` *countable* years, plus the scheme's extra grades for the
    worker's highest social-work certificate, kept within the band (never below its floor, never
    above its ceiling). Countable years are the full years of community service since
    ``service_start``, plus the degree credit, minus the appraisal years whose rating withholds the
    step (a year is counted once it has ended, i.e. from 1 January after it).
Pay
    Monthly base = reference wage × grade coefficient ÷ 12 (or the table's amount), rounded half up
    to the fen; performance pay is the scheme's monthly amount for the rating of the previous
    calendar year (``unappraised_rating`` where there is none); a certificate allowance is paid
    monthly where the scheme pays allowances rather than grades. During probation a worker is paid
    ``probation_rate`` × the base at the band's floor and no performance pay. Annual pay is twelve
    times the monthly pay on the date.

The built-in templates :data:`SANGANG_SHIBAJI` (三岗十八级) and :data:`SIGANG_ERSHISIJI`
(四岗二十四级) have *illustrative* coefficients and reference wages: load your own city's table.
:data:`XIAN_2020` is a worked example whose monthly base pay reproduces the ranges published for
Xi'an in 2020.

Examples
--------
>>> import datetime
>>> worker = Worker(id="w1", name="李华", unit="xiaobeijie", post="other",
...                 service_start="2014-03-01", hired="2014-03-01", degree="bachelor")
>>> payroll = Payroll(SANGANG_SHIBAJI, [worker])
>>> payroll.grade("w1", on=datetime.date(2026, 1, 1)).grade
5
>>> payroll.pay("w1", on=datetime.date(2026, 1, 1)).monthly
Decimal('6400.00')
>>> payroll.next_step("w1", after=datetime.date(2026, 1, 1)).on
datetime.date(2026, 3, 1)
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Annotated, Self

import attrs
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._references import unit_problems
from jiceng._vocabulary import Vocabulary, labels
from jiceng.errors import IntegrityError, Problem, UnknownWorkerError
from jiceng.types import Key, Money, Name, RecordId

if TYPE_CHECKING:
    from jiceng.hierarchy import Hierarchy
    from jiceng.units import OrgUnit

__all__ = [
    "SANGANG_SHIBAJI",
    "SIGANG_ERSHISIJI",
    "XIAN_2020",
    "Appraisal",
    "AppraisalRating",
    "CertificateLevel",
    "Comparison",
    "Degree",
    "GradeExplanation",
    "NextStep",
    "PayBreakdown",
    "PayDistribution",
    "PayScheme",
    "Payroll",
    "Post",
    "PostSpell",
    "Worker",
]

FEN = Decimal("0.01")
TWELVE = Decimal(12)


@labels(
    {
        "excellent": "优秀",
        "competent": "称职",
        "basically_competent": "基本称职",
        "incompetent": "不称职",
    }
)
class AppraisalRating(Vocabulary):
    """An annual appraisal rating (年度考核等次), modelled on the civil service.

    Examples
    --------
    >>> [rating.zh for rating in AppraisalRating]
    ['优秀', '称职', '基本称职', '不称职']
    """

    EXCELLENT = "excellent"
    COMPETENT = "competent"
    BASICALLY_COMPETENT = "basically_competent"
    INCOMPETENT = "incompetent"


@labels(
    {
        "associate": "大专",
        "bachelor": "本科",
        "master": "硕士",
        "doctor": "博士",
    }
)
class Degree(Vocabulary):
    """A worker's highest degree; some schemes credit it as years of service."""

    ASSOCIATE = "associate"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTOR = "doctor"


@labels(
    {
        "assistant": "助理社会工作师",
        "social_worker": "社会工作师",
        "senior": "高级社会工作师",
    }
)
class CertificateLevel(Vocabulary):
    """The level of a social-work certificate (社会工作者职业资格); only the highest counts."""

    ASSISTANT = "assistant"
    SOCIAL_WORKER = "social_worker"
    SENIOR = "senior"


class Post(Record):
    """A post (岗位) and its grade band.

    Examples
    --------
    >>> Post(key="head", name="正职", label="head", lowest=7, highest=18).highest
    18
    """

    key: Key
    name: Name
    label: Name
    lowest: Annotated[int, Field(ge=1)]
    highest: Annotated[int, Field(ge=1)]

    @model_validator(mode="after")
    def _check_band(self) -> Self:
        if self.highest < self.lowest:
            raise PydanticCustomError(
                "band_order",
                "post {key}: highest grade {highest} is below lowest grade {lowest}",
                {"key": self.key, "highest": self.highest, "lowest": self.lowest},
            )
        return self


class PayScheme(Record):
    """A differentiated post × grade pay scheme, with its rules.

    Parameters
    ----------
    name, title
        A stable key and a readable title.
    effective_from, effective_to
        The dates the scheme is in force (``effective_to`` inclusive; ``None``: open-ended).
    posts
        The posts and their bands.
    grades
        The number of grades; every band lies within 1 … ``grades``.
    years_per_step
        Countable years of service per grade step.
    coefficients
        The grade ladder: ``coefficients[g - 1]`` for grade ``g``, applied to ``reference_wage``.
    table
        Instead of coefficients: monthly base pay by post key and grade (the post's band only,
        lowest first).
    reference_wage, reference_note
        The annual reference wage and what it is (a local average wage or income figure).
    degree_credits
        Years of service credited for a degree.
    certificate_grades, certificate_allowances
        Extra grades, or a monthly allowance, per certificate level (one rule or the other).
    probation_months, probation_rate
        A new hire's probation and the share of the entry rate it pays.
    performance
        Monthly performance pay by appraisal rating.
    unappraised_rating
        The rating assumed for a year with no appraisal.
    withholding
        The ratings that withhold a step.
    illustrative
        Whether the figures are illustrative (a template) rather than a city's real table.

    Raises
    ------
    pydantic.ValidationError
        ``band_outside_scheme`` (a band beyond ``grades``), ``ladder_length`` (coefficients or a
        table row of the wrong length), ``ladder_choice`` (neither or both of coefficients and
        table), ``certificate_rule`` (both extra grades and allowances), ``duplicate_post``,
        ``dates_order``.
    """

    name: Key
    title: Name
    effective_from: datetime.date
    effective_to: datetime.date | None = None
    posts: tuple[Post, ...] = Field(min_length=1)
    grades: Annotated[int, Field(ge=1, le=100)]
    years_per_step: Annotated[int, Field(ge=1)] = 3
    coefficients: tuple[Annotated[Decimal, Field(gt=0)], ...] | None = None
    table: dict[str, tuple[Money, ...]] | None = None
    reference_wage: Money = Decimal(0)
    reference_note: Name | None = None
    degree_credits: dict[Degree, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    certificate_grades: dict[CertificateLevel, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict
    )
    certificate_allowances: dict[CertificateLevel, Money] = Field(default_factory=dict)
    probation_months: Annotated[int, Field(ge=0)] = 0
    probation_rate: Annotated[Decimal, Field(ge=0, le=1)] = Decimal(1)
    performance: dict[AppraisalRating, Money] = Field(default_factory=dict)
    unappraised_rating: AppraisalRating | None = AppraisalRating.COMPETENT
    withholding: tuple[AppraisalRating, ...] = (AppraisalRating.INCOMPETENT,)
    illustrative: bool = False

    @model_validator(mode="after")
    def _check_scheme(self) -> Self:
        keys = [post.key for post in self.posts]
        repeated = sorted(key for key, count in Counter(keys).items() if count > 1)
        if repeated:
            raise PydanticCustomError(
                "duplicate_post", "post keys repeat: {keys}", {"keys": ", ".join(repeated)}
            )
        outside = [post.key for post in self.posts if post.highest > self.grades]
        if outside:
            raise PydanticCustomError(
                "band_outside_scheme",
                "bands of {keys} reach beyond grade {grades}",
                {"keys": ", ".join(outside), "grades": self.grades},
            )
        if (self.coefficients is None) == (self.table is None):
            raise PydanticCustomError(
                "ladder_choice", "give either coefficients or a post × grade table, not both"
            )
        if self.coefficients is not None and len(self.coefficients) != self.grades:
            raise PydanticCustomError(
                "ladder_length",
                "{count} coefficients for {grades} grades",
                {"count": len(self.coefficients), "grades": self.grades},
            )
        if self.table is not None:
            for post in self.posts:
                row = self.table.get(post.key)
                width = post.highest - post.lowest + 1
                if row is None or len(row) != width:
                    raise PydanticCustomError(
                        "ladder_length",
                        "the table row of post {key} needs {width} amounts (grades {lo}–{hi})",
                        {"key": post.key, "width": width, "lo": post.lowest, "hi": post.highest},
                    )
        if self.certificate_grades and self.certificate_allowances:
            raise PydanticCustomError(
                "certificate_rule",
                "a certificate adds grades or pays an allowance, not both",
            )
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise PydanticCustomError(
                "dates_order",
                "effective_to {end} is before effective_from {start}",
                {"end": str(self.effective_to), "start": str(self.effective_from)},
            )
        return self

    def post(self, key: str) -> Post:
        """Return a post by key; :class:`KeyError` if the scheme has none."""
        for post in self.posts:
            if post.key == key:
                return post
        raise KeyError(key)

    def in_force(self, on: datetime.date) -> bool:
        """Whether the scheme is in force on a date."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def base(self, post: str, grade: int) -> Decimal:
        """Return the monthly base pay of a grade of a post, to the fen (half up).

        Examples
        --------
        >>> XIAN_2020.base("head", 7), XIAN_2020.base("head", 18)
        (Decimal('3800.12'), Decimal('5400.06'))
        """
        band = self.post(post)
        if not band.lowest <= grade <= band.highest:
            raise ValueError(f"grade {grade} is outside the band {band.lowest}–{band.highest}")
        if self.coefficients is None:  # then the validator ensured a table
            return self.table[post][grade - band.lowest] if self.table is not None else Decimal(0)
        return (self.reference_wage * self.coefficients[grade - 1] / TWELVE).quantize(
            FEN, rounding=ROUND_HALF_UP
        )


class Appraisal(Record):
    """The result of one year's appraisal.

    Examples
    --------
    >>> Appraisal(year=2024, rating="excellent").rating.zh
    '优秀'
    """

    year: Annotated[int, Field(ge=1949, le=2200)]
    rating: AppraisalRating


class PostSpell(Record):
    """A time in one post: from ``start`` to ``end`` (inclusive; ``None``: still held)."""

    post: Key
    start: datetime.date
    end: datetime.date | None = None

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "dates_order",
                "a post spell ends {end} before it starts {start}",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self

    def covers(self, on: datetime.date) -> bool:
        """Whether the spell covers a date."""
        return self.start <= on and (self.end is None or on <= self.end)


class Worker(Record):
    """A community worker (社区工作者).

    Parameters
    ----------
    id, name
        The worker's id and name.
    unit
        The hierarchy unit (a community or street) the worker serves.
    post
        The key of the current post.
    service_start
        When community service began (earlier service elsewhere counts).
    hired
        When this employment began (probation runs from here).
    degree, certificate
        The highest degree and the highest social-work certificate.
    appraisals
        Annual appraisals, one a year.
    post_history
        Dated spells in posts; where none covers a date, the current post applies.

    Examples
    --------
    >>> Worker(id="w", name="王芳", unit="c", post="head", service_start="2010-01-01",
    ...        hired="2010-01-01", appraisals=[{"year": 2020, "rating": "excellent"}]).post
    'head'
    """

    id: RecordId
    name: Name
    unit: RecordId
    post: Key
    service_start: datetime.date
    hired: datetime.date
    degree: Degree | None = None
    certificate: CertificateLevel | None = None
    appraisals: tuple[Appraisal, ...] = ()
    post_history: tuple[PostSpell, ...] = ()

    @model_validator(mode="after")
    def _check_worker(self) -> Self:
        years = [a.year for a in self.appraisals]
        repeated = sorted(year for year, count in Counter(years).items() if count > 1)
        if repeated:
            raise PydanticCustomError(
                "duplicate_appraisal",
                "more than one appraisal for {years}",
                {"years": ", ".join(map(str, repeated))},
            )
        if self.hired < self.service_start:
            raise PydanticCustomError(
                "dates_order",
                "hired {hired} before community service started {start}",
                {"hired": str(self.hired), "start": str(self.service_start)},
            )
        return self

    def post_on(self, on: datetime.date) -> str:
        """Return the key of the post held on a date."""
        for spell in self.post_history:
            if spell.covers(on):
                return spell.post
        return self.post

    def rating(self, year: int) -> AppraisalRating | None:
        """Return the rating of a year, if appraised."""
        for appraisal in self.appraisals:
            if appraisal.year == year:
                return appraisal.rating
        return None


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

    def lines(self) -> list[str]:
        """Return the explanation as readable lines."""
        low, high = self.band
        out = [
            f"post {self.post}: band {low}–{high} under {self.scheme}",
            f"service {self.service_years} full years + degree credit {self.degree_credit}"
            f" − withheld {self.withheld_years} = {self.countable_years} countable years",
            f"{self.steps} steps above the band floor {low}",
        ]
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
        """The monthly total: base + performance + allowances (the same as ``monthly``)."""
        return self.monthly


@attrs.frozen
class NextStep:
    """The next grade step of a worker: when, to which grade, and the pay then."""

    on: datetime.date
    grade: int
    pay: PayBreakdown


@attrs.frozen
class PayDistribution:
    """Monthly pay in one unit: head count, lowest, median, highest, total."""

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
    """

    rows: tuple[tuple[str, int | None, Decimal | None, int | None, Decimal | None], ...]
    total_a: Decimal
    total_b: Decimal

    @property
    def difference(self) -> Decimal:
        """``total_b - total_a``."""
        return self.total_b - self.total_a


def _full_years(start: datetime.date, on: datetime.date) -> int:
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return max(years, 0)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year: the year is full on 1 March
        return datetime.date(day.year + years, 3, 1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


WorkerRef = str | Worker


class Payroll:
    """Workers paid under one or more dated pay schemes, optionally tied to a hierarchy.

    Parameters
    ----------
    schemes
        One :class:`PayScheme` or several, whose effective periods must not overlap.
    workers
        The workers.
    hierarchy
        The hierarchy their units belong to; needed for roll-ups. While a payroll with a hierarchy
        exists, an edit that would remove a worker's unit, or move it to a level that may not
        employ workers, is refused.
    unit_levels
        The levels at which workers may serve.

    Raises
    ------
    IntegrityError
        Listing every problem: ``duplicate_id`` (workers or schemes), ``overlapping_schemes``,
        ``unknown_post`` (a post no scheme has, or a current post the latest scheme lacks),
        ``unknown_unit``, ``unit_level``,
        ``future_appraisal`` (an appraisal for a year not yet over), ``overlapping_posts``.

    Examples
    --------
    >>> import datetime, jiceng
    >>> payroll = jiceng.examples.tongchuan().payroll
    >>> payroll.annual_cost("mafangba", on=datetime.date(2026, 1, 1)) > 0
    True
    """

    __slots__ = ("__weakref__", "_by_id", "_hierarchy", "_schemes", "_unit_levels", "_workers")

    def __init__(
        self,
        schemes: PayScheme | Iterable[PayScheme],
        workers: Iterable[Worker],
        hierarchy: Hierarchy | None = None,
        *,
        unit_levels: Sequence[str] = ("street", "community"),
    ) -> None:
        listed = (schemes,) if isinstance(schemes, PayScheme) else tuple(schemes)
        if not listed:
            raise ValueError("a payroll needs at least one pay scheme")
        self._schemes = tuple(sorted(listed, key=lambda s: s.effective_from))
        self._workers = tuple(workers)
        for worker in self._workers:
            if not isinstance(worker, Worker):
                raise TypeError(f"a Payroll holds Worker records, got {type(worker)!r}")
        self._by_id = {worker.id: worker for worker in self._workers}
        self._hierarchy = hierarchy
        self._unit_levels = tuple(unit_levels)
        problems = self._problems()
        if problems:
            raise IntegrityError(problems)
        if hierarchy is not None:
            hierarchy._add_reference_check(self._reference_problems)

    # -- checks -----------------------------------------------------------------------------

    def _problems(self) -> list[Problem]:
        problems: list[Problem] = []
        for kind, ids in (
            ("worker", [w.id for w in self._workers]),
            ("scheme", [s.name for s in self._schemes]),
        ):
            problems.extend(
                Problem("duplicate_id", (key,), f"{kind} id {key!r} is used {count} times")
                for key, count in Counter(ids).items()
                if count > 1
            )
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
        this_year = datetime.date.today().year
        for worker in self._workers:
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
        if self._hierarchy is not None:
            problems.extend(self._reference_problems(self._hierarchy))
        return problems

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        return unit_problems(
            hierarchy,
            ((w.id, w.unit) for w in self._workers),
            self._unit_levels,
            record="worker",
            verb="serves",
        )

    # -- the container ----------------------------------------------------------------------

    @property
    def schemes(self) -> tuple[PayScheme, ...]:
        """The schemes, oldest first."""
        return self._schemes

    @property
    def hierarchy(self) -> Hierarchy | None:
        """The hierarchy the workers' units belong to, if any."""
        return self._hierarchy

    @property
    def unit_levels(self) -> tuple[str, ...]:
        """The levels at which workers may serve."""
        return self._unit_levels

    def __len__(self) -> int:
        """Return the number of workers."""
        return len(self._workers)

    def __iter__(self) -> Iterator[Worker]:
        """Iterate over the workers in input order."""
        return iter(self._workers)

    def __contains__(self, ref: object) -> bool:
        """Whether a worker id (or a worker's id) is on the payroll."""
        key = ref.id if isinstance(ref, Worker) else ref
        return isinstance(key, str) and key in self._by_id

    def __eq__(self, other: object) -> bool:
        """Equal when the schemes, the workers and the unit levels are equal."""
        if not isinstance(other, Payroll):
            return NotImplemented
        return (self._schemes, self._workers, self._unit_levels) == (
            other._schemes,
            other._workers,
            other._unit_levels,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Show the numbers of workers and schemes."""
        return f"<Payroll of {len(self)} workers, {len(self._schemes)} schemes>"

    def get(self, ref: WorkerRef) -> Worker:
        """Return a worker by id; :class:`~jiceng.UnknownUnitError` names a missing one."""
        key = ref.id if isinstance(ref, Worker) else ref
        try:
            return self._by_id[key]
        except KeyError:
            raise UnknownWorkerError(key) from None

    def scheme_on(self, on: datetime.date) -> PayScheme:
        """Return the scheme in force on a date; :class:`ValueError` if none is."""
        for scheme in self._schemes:
            if scheme.in_force(on):
                return scheme
        raise ValueError(f"no pay scheme is in force on {on}")

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
        ValueError
            If no scheme is in force, the worker had not started service, or the scheme lacks
            the worker's post.

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().payroll
        >>> worker = next(iter(payroll))
        >>> print("\n".join(payroll.grade(worker, on=datetime.date(2026, 1, 1)).lines()))
        ... # doctest: +ELLIPSIS
        post ...: band ... under sangang_shibaji
        service ... full years + degree credit ... − withheld ... = ... countable years
        ... steps above the band floor ...
        grade ...
        """
        worker = self.get(ref)
        chosen = scheme if scheme is not None else self.scheme_on(on)
        if on < worker.service_start:
            raise ValueError(f"worker {worker.id!r} had not started service on {on}")
        key = worker.post_on(on)
        try:
            band = chosen.post(key)
        except KeyError:
            raise ValueError(f"scheme {chosen.name!r} has no post {key!r}") from None
        service = _full_years(worker.service_start, on)
        credit = chosen.degree_credits.get(worker.degree, 0) if worker.degree else 0
        withheld = sum(
            1
            for appraisal in worker.appraisals
            if appraisal.year < on.year and appraisal.rating in chosen.withholding
        )
        countable = max(service + credit - withheld, 0)
        steps = countable // chosen.years_per_step
        extra = chosen.certificate_grades.get(worker.certificate, 0) if worker.certificate else 0
        raw = band.lowest + steps + extra
        grade = min(max(raw, band.lowest), band.highest)
        return GradeExplanation(
            worker=worker.id,
            post=key,
            scheme=chosen.name,
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

    def pay(
        self, ref: WorkerRef, *, on: datetime.date, scheme: PayScheme | None = None
    ) -> PayBreakdown:
        """Return a worker's pay on a date (see the module documentation for the rules).

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().payroll
        >>> pay = payroll.pay(next(iter(payroll)), on=datetime.date(2026, 1, 1))
        >>> pay.monthly == pay.base + pay.performance + pay.allowances
        True
        >>> pay.annual == 12 * pay.monthly
        True
        """
        worker = self.get(ref)
        chosen = scheme if scheme is not None else self.scheme_on(on)
        explained = self.grade(worker, on=on, scheme=chosen)
        probation = on < _add_months(worker.hired, chosen.probation_months)
        if probation:
            floor = explained.band[0]
            base = (chosen.base(explained.post, floor) * chosen.probation_rate).quantize(
                FEN, rounding=ROUND_HALF_UP
            )
            performance = Decimal(0)
        else:
            base = chosen.base(explained.post, explained.grade)
            rating = worker.rating(on.year - 1) or chosen.unappraised_rating
            performance = chosen.performance.get(rating, Decimal(0)) if rating else Decimal(0)
        allowances = (
            chosen.certificate_allowances.get(worker.certificate, Decimal(0))
            if worker.certificate
            else Decimal(0)
        )
        monthly = base + performance + allowances
        return PayBreakdown(
            worker=worker.id,
            scheme=chosen.name,
            post=explained.post,
            grade=explained.grade,
            probation=probation,
            base=base,
            performance=performance,
            allowances=allowances,
            monthly=monthly,
            annual=monthly * 12,
        )

    def next_step(self, ref: WorkerRef, *, after: datetime.date) -> NextStep | None:
        """Return the first day after ``after`` on which the worker's grade rises, if any.

        Looks ahead over the worker's service anniversaries and new years for up to fifty years,
        while a scheme is in force; ``None`` at the band's ceiling, when no rise comes, or when the
        look-ahead reaches a day no scheme covers.

        Raises
        ------
        ValueError
            If no scheme is in force on ``after`` or the worker had not started service.

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().payroll
        >>> step = payroll.next_step(next(iter(payroll)), after=datetime.date(2026, 1, 1))
        >>> step is None or step.on > datetime.date(2026, 1, 1)
        True
        """
        worker = self.get(ref)
        now = self.grade(worker, on=after)
        if now.grade >= now.band[1]:
            return None
        days = set()
        for years in range(1, 51):
            days.add(
                _add_years(worker.service_start, _full_years(worker.service_start, after) + years)
            )
            days.add(datetime.date(after.year + years, 1, 1))
        for day in sorted(d for d in days if d > after):
            try:
                later = self.grade(worker, on=day)
            except ValueError:
                return None
            if later.post != now.post:
                return None
            if later.grade > now.grade:
                return NextStep(on=day, grade=later.grade, pay=self.pay(worker, on=day))
        return None

    # -- roll-ups ---------------------------------------------------------------------------

    def workers(self, within: str | OrgUnit | None = None) -> list[Worker]:
        """Return the workers serving in a unit's subtree (default: everyone), in input order.

        Examples
        --------
        >>> import jiceng
        >>> payroll = jiceng.examples.tongchuan().payroll
        >>> 0 < len(payroll.workers("mafangba")) <= 17
        True
        """
        if within is None:
            return list(self._workers)
        hierarchy = self._hierarchy
        if hierarchy is None:
            raise ValueError("a roll-up by unit needs a payroll built with a hierarchy")
        top = hierarchy[within]
        return [
            w
            for w in self._workers
            if w.unit == top.id or (w.unit in hierarchy and hierarchy.is_ancestor(top, w.unit))
        ]

    def serving(self, within: str | OrgUnit | None = None, *, on: datetime.date) -> list[Worker]:
        """Return the workers of a unit's subtree whose service has begun by a date."""
        return [w for w in self.workers(within) if w.service_start <= on]

    def annual_cost(self, within: str | OrgUnit | None = None, *, on: datetime.date) -> Decimal:
        """Return the annual pay of the workers serving in a unit's subtree (default: all)."""
        return sum((self.pay(w, on=on).annual for w in self.serving(within, on=on)), Decimal(0))

    def headcount(
        self, within: str | OrgUnit | None = None, *, on: datetime.date
    ) -> dict[tuple[str, int], int]:
        """Return head counts of the workers serving, by (post, grade), in post and grade order."""
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
        """Return the distribution of monthly pay in each unit at ``level`` with workers serving."""
        hierarchy = self._hierarchy
        if hierarchy is None:
            raise ValueError("a distribution by unit needs a payroll built with a hierarchy")
        out = {}
        for unit in hierarchy.at_level(level):
            pays = sorted(self.pay(w, on=on).monthly for w in self.serving(unit, on=on))
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

        Examples
        --------
        >>> import datetime, jiceng
        >>> payroll = jiceng.examples.tongchuan().payroll
        >>> result = payroll.compare(SANGANG_SHIBAJI, XIAN_2020, on=datetime.date(2026, 1, 1))
        >>> len(result.rows) == len(payroll), result.total_b < result.total_a
        (True, True)
        """
        rows = []
        total_a = total_b = Decimal(0)
        for worker in self._workers:
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
            return self.pay(worker, on=on, scheme=scheme)
        except ValueError:
            return None


def _ladder(start: str, step: str, count: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(start) + Decimal(step) * i for i in range(count))


def _anchored(anchors: Mapping[int, Decimal], grades: int, base: Decimal) -> tuple[Decimal, ...]:
    """Coefficients, to 4 places, that put the monthly base at the anchors, linear between."""
    points = sorted(anchors.items())
    out = []
    for grade in range(1, grades + 1):
        for (g0, m0), (g1, m1) in pairwise(points):
            if g0 <= grade <= g1:
                monthly = m0 + (m1 - m0) * (grade - g0) / (g1 - g0)
                break
        out.append((monthly * TWELVE / base).quantize(Decimal("0.0001")))
    return tuple(out)


_DEGREES = {Degree.BACHELOR: 3, Degree.MASTER: 5, Degree.DOCTOR: 7}
_PERFORMANCE = {
    AppraisalRating.EXCELLENT: Decimal("600"),
    AppraisalRating.COMPETENT: Decimal("400"),
    AppraisalRating.BASICALLY_COMPETENT: Decimal("200"),
    AppraisalRating.INCOMPETENT: Decimal("0"),
}
_CERTIFICATES = {
    CertificateLevel.ASSISTANT: 1,
    CertificateLevel.SOCIAL_WORKER: 2,
    CertificateLevel.SENIOR: 3,
}

SANGANG_SHIBAJI = PayScheme(
    name="sangang_shibaji",
    title="三岗十八级 (template, illustrative coefficients)",
    effective_from=datetime.date(2020, 1, 1),
    posts=(
        Post(key="head", name="正职", label="head (secretary / director)", lowest=7, highest=18),
        Post(key="deputy", name="副职", label="deputy", lowest=4, highest=15),
        Post(key="other", name="其他", label="other staff", lowest=1, highest=12),
    ),
    grades=18,
    years_per_step=3,
    coefficients=_ladder("1.00", "0.05", 18),
    reference_wage=Decimal("60000"),
    reference_note="an illustrative local average wage; replace it with your city's figure",
    degree_credits=_DEGREES,
    certificate_grades=_CERTIFICATES,
    probation_months=6,
    probation_rate=Decimal("0.8"),
    performance=_PERFORMANCE,
    illustrative=True,
)
"""三岗十八级: three posts — 正职 grades 7–18, 副职 4–15, 其他 1–12 — and a step every 3 years.
The coefficients (1.00 rising 0.05 a grade), the ¥60,000 reference wage, the performance pay and
the allowances are illustrative; degrees credit 3/5/7 years and certificates add 1/2/3 grades, as
some cities do."""

SIGANG_ERSHISIJI = PayScheme.model_validate(
    {
        **SANGANG_SHIBAJI.model_dump(exclude={"certificate_grades"}),
        "name": "sigang_ershisiji",
        "title": "四岗二十四级 (template, illustrative coefficients)",
        "posts": (
            Post(
                key="head", name="正职", label="head (secretary / director)", lowest=9, highest=24
            ),
            Post(key="deputy", name="副职", label="deputy", lowest=6, highest=21),
            Post(key="specialist", name="专职", label="full-time specialist", lowest=3, highest=18),
            Post(key="other", name="其他", label="other staff", lowest=1, highest=15),
        ),
        "grades": 24,
        "years_per_step": 2,
        "coefficients": _ladder("1.00", "0.035", 24),
        "certificate_allowances": {
            CertificateLevel.ASSISTANT: Decimal("200"),
            CertificateLevel.SOCIAL_WORKER: Decimal("300"),
            CertificateLevel.SENIOR: Decimal("500"),
        },
    }
)
"""四岗二十四级: four posts — 正职 9–24, 副职 6–21, 专职 3–18, 其他 1–15 (illustrative
bands) — and a step every 2 years; certificates pay a monthly allowance (¥200 / 300 / 500)
instead of grades."""

_XIAN_BASE = Decimal("38724")
XIAN_2020 = PayScheme(
    name="xian_2020",
    title="西安 2020 社区工作者岗位等级 (worked example)",
    effective_from=datetime.date(2020, 1, 1),
    posts=SANGANG_SHIBAJI.posts,
    grades=18,
    years_per_step=3,
    coefficients=_anchored(
        {
            1: Decimal(3200),
            4: Decimal(3480),
            7: Decimal(3800),
            12: Decimal(4450),
            15: Decimal(4920),
            18: Decimal(5400),
        },
        18,
        _XIAN_BASE,
    ),
    reference_wage=_XIAN_BASE,
    reference_note="the ¥38,724 annual base published for Xi'an in 2020 (indicative)",
    degree_credits=_DEGREES,
    certificate_grades=_CERTIFICATES,
    illustrative=True,
)
"""A worked example: a ¥38,724 annual base and coefficients chosen so that monthly base pay spans
the published Xi'an 2020 ranges — 正职 ¥3,800–5,400, 副职 ¥3,480–4,920, 其他 ¥3,200–4,450 — to
within ¥50 at each end (coefficients interpolated linearly between those ends)."""
