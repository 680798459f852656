"""The records of community worker pay: vocabularies, posts, pay schemes, appraisals, workers.

Records validate their own invariants only (a band's order, a ladder's length, a worker's
dates); the :class:`~jiceng.pay.Payroll` checks them against each other. Grades are numbered
from 1; a band ``lowest``–``highest`` includes both ends; dated ranges (``effective_to``, a post
spell's ``end``) are inclusive and open-ended when ``None``.

Examples
--------
>>> scheme = PayScheme(name="mini", title="小表", effective_from="2020-01-01",
...                    posts=[Post(key="other", name="其他", label="other", lowest=1, highest=2)],
...                    grades=2, table={"other": ["3000", "3200.50"]})
>>> scheme.base("other", 2)
Decimal('3200.50')
>>> Worker(id="w", name="王芳", unit="c", post="other", service_start="2010-01-01",
...        hired="2012-01-01").hired.year
2012
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.errors import InvalidArgumentError, UnknownPostError
from jiceng.types import Key, Money, Name, Rate, RecordId

__all__ = [
    "FEN",
    "WITHHOLDING",
    "Appraisal",
    "AppraisalRating",
    "CertificateLevel",
    "Degree",
    "PayScheme",
    "Post",
    "PostSpell",
    "PromotionRule",
    "Worker",
]

FEN = Decimal("0.01")
"""One fen (分), the unit that monthly amounts are rounded to (half up)."""
_TWELVE = Decimal(12)
_MAX_GRADES = 100
Coefficient = Annotated[Decimal, Field(gt=0, le=1000, allow_inf_nan=False)]
"""A grade's coefficient: a finite ``Decimal`` above 0 and at most 1,000."""


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
    """A worker's highest degree; some schemes credit it as years of service.

    Examples
    --------
    >>> Degree.MASTER.zh, Degree("bachelor").value
    ('硕士', 'bachelor')
    """

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
    """The level of a social-work certificate (社会工作者职业资格); only the highest counts.

    Examples
    --------
    >>> [level.zh for level in CertificateLevel]
    ['助理社会工作师', '社会工作师', '高级社会工作师']
    """

    ASSISTANT = "assistant"
    SOCIAL_WORKER = "social_worker"
    SENIOR = "senior"


@labels(
    {
        "keep_years": "年限连续计算",
        "band_floor": "新岗位起始等级",
        "pay_at_least": "就近就高套档",
    }
)
class PromotionRule(Vocabulary):
    """How a worker enters a new band on a change of post (a rule of the scheme, local practice).

    ``keep_years`` (年限连续计算): every countable year is kept and the grade rule applies to the
    new band; ``band_floor`` (新岗位起始等级): the worker starts at the new band's floor and counts
    years from the change; ``pay_at_least`` (就近就高套档): the worker starts at the lowest grade
    of the new band paying at least the base of the day before, and counts years from the change.
    Where no grade of the new band pays that much (a 正职 at grade 18 who becomes 其他, whose band
    ends at 12), the worker enters at the band's top grade and earns less; the grade's
    explanation says so. No national document fixes the rule; jiceng's default ``keep_years`` is
    a choice.

    Examples
    --------
    >>> [rule.zh for rule in PromotionRule]
    ['年限连续计算', '新岗位起始等级', '就近就高套档']
    >>> import datetime
    >>> from jiceng.pay import SANGANG_SHIBAJI, Worker, grade_of
    >>> scheme = SANGANG_SHIBAJI.model_copy(update={"promotion": PromotionRule.PAY_AT_LEAST})
    >>> head = Worker(id="w", name="赵敏", unit="c", post="other", service_start="1990-01-01",
    ...               hired="1990-01-01",
    ...               post_history=[{"post": "head", "start": "1990-01-01", "end": "2025-12-31"},
    ...                             {"post": "other", "start": "2026-01-01"}])
    >>> grade_of(head, scheme, on=datetime.date(2025, 12, 31)).grade     # head, the top
    18
    >>> moved = grade_of(head, scheme, on=datetime.date(2026, 1, 1))
    >>> moved.post, moved.entry_grade, moved.entered_at_top                  # other, its top
    ('other', 12, True)
    """

    KEEP_YEARS = "keep_years"
    BAND_FLOOR = "band_floor"
    PAY_AT_LEAST = "pay_at_least"


WITHHOLDING: tuple[AppraisalRating, ...] = (
    AppraisalRating.BASICALLY_COMPETENT,
    AppraisalRating.INCOMPETENT,
)
"""The ratings that withhold a step by default: under 公务员考核规定 (the civil-service appraisal
rules that community worker appraisal is modelled on), a year rated 基本称职 or 不称职 does not
count toward the next 级别 or 工资档次.

Examples
--------
>>> [rating.zh for rating in WITHHOLDING]
['基本称职', '不称职']
"""


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
    lowest: Annotated[int, Field(ge=1, le=_MAX_GRADES)]
    highest: Annotated[int, Field(ge=1, le=_MAX_GRADES)]

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
        The number of grades, at most 100; every band lies within 1 … ``grades``.
    years_per_step
        Countable years of service per grade step, 1 to 100.
    coefficients
        The grade ladder: ``coefficients[g - 1]`` for grade ``g``, applied to ``reference_wage``;
        each above 0 and at most 1,000.
    table
        Instead of coefficients: monthly base pay by post key and grade (the post's band only,
        lowest first).
    reference_wage, reference_note
        The annual reference wage and what it is (a local average wage or income figure).
    degree_credits
        Years of service credited for a degree, 0 to 100.
    certificate_grades, certificate_allowances
        Extra grades (0 to 100), or a monthly allowance, per certificate level (one rule or the
        other).
    probation_months, probation_rate
        A new hire's probation, 0 to 120 months, and the share of the entry rate it pays (a
        :data:`~jiceng.types.Rate`, 0 to 1). 劳动合同法 Art. 19 caps probation by the contract's
        term (1 month under a year, 2 months under three, 6 months for three years or more);
        劳动合同法实施条例 Art. 15 sets the pay at no less than 80% of the agreed wage (or of the
        lowest grade of the same post) and no less than the local minimum wage.
    minimum_wage
        The local monthly minimum wage (最低工资标准), below which probation pay never falls.
    performance
        Monthly performance pay by appraisal rating.
    unappraised_rating
        The rating assumed for a year with no appraisal.
    withholding
        The ratings whose years do not count toward a step; by default :data:`WITHHOLDING`
        (基本称职 and 不称职, as 公务员考核规定 has it).
    promotion
        How a worker enters a new band on a change of post (:class:`PromotionRule`; default
        ``keep_years``, a choice).
    illustrative
        Whether the figures are illustrative (a template) rather than a city's real table.

    Raises
    ------
    pydantic.ValidationError
        ``band_outside_scheme`` (a band beyond ``grades``), ``ladder_length`` (coefficients or a
        table row of the wrong length), ``ladder_choice`` (neither or both of coefficients and
        table), ``certificate_rule`` (both extra grades and allowances), ``duplicate_post``,
        ``dates_order``.

    Examples
    --------
    >>> scheme = PayScheme(name="two", title="两级", effective_from="2024-01-01", grades=2,
    ...                    posts=[Post(key="other", name="其他", label="other", lowest=1,
    ...                                highest=2)],
    ...                    coefficients=["1.0", "1.2"], reference_wage="48000")
    >>> scheme.base("other", 1), scheme.base("other", 2)
    (Decimal('4000.00'), Decimal('4800.00'))
    >>> from pydantic import ValidationError
    >>> try:
    ...     PayScheme.model_validate({**scheme.model_dump(), "grades": 3})
    ... except ValidationError as error:
    ...     print(error.errors()[0]["type"])
    ladder_length
    """

    name: Key
    title: Name
    effective_from: datetime.date
    effective_to: datetime.date | None = None
    posts: tuple[Post, ...] = Field(min_length=1)
    grades: Annotated[int, Field(ge=1, le=_MAX_GRADES)]
    years_per_step: Annotated[int, Field(ge=1, le=100)] = 3
    coefficients: tuple[Coefficient, ...] | None = None
    table: dict[str, tuple[Money, ...]] | None = None
    reference_wage: Money = Decimal(0)
    reference_note: Name | None = None
    degree_credits: dict[Degree, Annotated[int, Field(ge=0, le=100)]] = Field(default_factory=dict)
    certificate_grades: dict[CertificateLevel, Annotated[int, Field(ge=0, le=_MAX_GRADES)]] = Field(
        default_factory=dict
    )
    certificate_allowances: dict[CertificateLevel, Money] = Field(default_factory=dict)
    probation_months: Annotated[int, Field(ge=0, le=120)] = 0
    probation_rate: Rate = Decimal(1)
    minimum_wage: Money | None = None
    performance: dict[AppraisalRating, Money] = Field(default_factory=dict)
    unappraised_rating: AppraisalRating | None = AppraisalRating.COMPETENT
    withholding: tuple[AppraisalRating, ...] = WITHHOLDING
    promotion: PromotionRule = PromotionRule.KEEP_YEARS
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
        """Return a post by key.

        Raises
        ------
        UnknownPostError
            If the scheme has no such post (a :class:`KeyError`).

        Examples
        --------
        >>> from jiceng.pay import SANGANG_SHIBAJI
        >>> SANGANG_SHIBAJI.post("deputy").name, SANGANG_SHIBAJI.post("deputy").lowest
        ('副职', 4)
        >>> SANGANG_SHIBAJI.post("specialist")
        Traceback (most recent call last):
        ...
        jiceng.errors.UnknownPostError: no post with id 'specialist'
        """
        for post in self.posts:
            if post.key == key:
                return post
        raise UnknownPostError(key)

    def in_force(self, on: datetime.date) -> bool:
        """Whether the scheme is in force on a date (both ends of its dates included).

        Examples
        --------
        >>> import datetime
        >>> from jiceng.pay import SANGANG_SHIBAJI
        >>> old = SANGANG_SHIBAJI.model_copy(update={"effective_to": datetime.date(2023, 12, 31)})
        >>> old.in_force(datetime.date(2023, 12, 31)), old.in_force(datetime.date(2024, 1, 1))
        (True, False)
        """
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def base(self, post: str, grade: int) -> Decimal:
        """Return the monthly base pay of a grade of a post, to the fen (half up).

        Raises
        ------
        UnknownPostError
            If the scheme has no such post.
        InvalidArgumentError
            If the grade is outside the post's band (a :class:`ValueError`).

        Examples
        --------
        >>> from jiceng.pay import XIAN_2020
        >>> XIAN_2020.base("head", 7), XIAN_2020.base("head", 18)
        (Decimal('3800.12'), Decimal('5400.06'))
        >>> XIAN_2020.base("head", 6)
        Traceback (most recent call last):
        ...
        jiceng.errors.InvalidArgumentError: grade 6 is outside the band 7–18
        """
        band = self.post(post)
        if not band.lowest <= grade <= band.highest:
            raise InvalidArgumentError(
                f"grade {grade} is outside the band {band.lowest}–{band.highest}"
            )
        if self.coefficients is None:  # then the validator ensured a table
            return self.table[post][grade - band.lowest] if self.table is not None else Decimal(0)
        return (self.reference_wage * self.coefficients[grade - 1] / _TWELVE).quantize(
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
    """A time in one post: from ``start`` to ``end`` (inclusive; ``None``: still held).

    Examples
    --------
    >>> print(PostSpell(post="deputy", start="2022-07-01").end)
    None
    """

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
        """Whether the spell covers a date (both ends included).

        Examples
        --------
        >>> import datetime
        >>> spell = PostSpell(post="deputy", start="2022-07-01", end="2023-06-30")
        >>> spell.covers(datetime.date(2023, 6, 30)), spell.covers(datetime.date(2023, 7, 1))
        (True, False)
        """
        return self.start <= on and (self.end is None or on <= self.end)


class Worker(Record):
    """A community worker (社区工作者).

    Parameters
    ----------
    id, name
        The worker's id and name.
    unit
        The hierarchy unit (a community or subdistrict) the worker serves.
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
        """Return the key of the post held on a date.

        Examples
        --------
        >>> import datetime
        >>> worker = Worker(id="w", name="王芳", unit="c", post="deputy",
        ...                 service_start="2014-03-01", hired="2014-03-01",
        ...                 post_history=[{"post": "other", "start": "2014-03-01",
        ...                                "end": "2022-06-30"}])
        >>> worker.post_on(datetime.date(2022, 6, 30)), worker.post_on(datetime.date(2022, 7, 1))
        ('other', 'deputy')
        """
        for spell in self.post_history:
            if spell.covers(on):
                return spell.post
        return self.post

    def rating(self, year: int) -> AppraisalRating | None:
        """Return the rating of a year, if appraised.

        Examples
        --------
        >>> worker = Worker(id="w", name="王芳", unit="c", post="other",
        ...                 service_start="2014-03-01", hired="2014-03-01",
        ...                 appraisals=[{"year": 2024, "rating": "excellent"}])
        >>> worker.rating(2024).zh, worker.rating(2023)
        ('优秀', None)
        """
        for appraisal in self.appraisals:
            if appraisal.year == year:
                return appraisal.rating
        return None
