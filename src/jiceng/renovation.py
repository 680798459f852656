"""Old residential compound renovation (老旧小区改造): projects, their lifecycle and a portfolio.

The national guideline is the State Council General Office's 国办发〔2020〕23号 (July 2020). Its
terms, and the figures this module uses by default, are *policy parameters*: every one of them can
be set per city.

- Eligibility: compounds built before the end of 2000 (``EligibilityPolicy.cutoff_year``); a local
  rule may extend the cut-off (2004 in Chengdu, 2005 elsewhere), capping the households renovated
  under the extension at a share of a batch (15% by default); self-built housing (自建房) and urban
  villages (城中村) are excluded by tag.
- Content: :class:`RenovationCategory` — basic 基础类, improvement 完善类, upgrade 提升类, and the
  safety 安全类 category some cities add.
- Funding: :class:`FundingSource`, "who benefits pays" (谁受益、谁出资).
- Lifecycle: :class:`ProjectStatus`, in the common sequence 申报 → 年度计划 → 征求意见 → 方案设计 →
  施工 → 竣工验收 → 移交/长效管理; a project may be suspended (and resumed where it stopped) or
  cancelled. :func:`next_statuses` gives the legal steps.
- Consent: :class:`Consultation`, a vote of owners under the Civil Code (民法典) Art. 278.
- The central subsidy is split by factors — renovated floor area 40%, households 40%, buildings
  10%, compounds 10% by default — exactly to the fen (:meth:`Portfolio.allocate`).

Money is ``Decimal`` yuan, areas ``Decimal`` square metres, shares ``float``.

Examples
--------
>>> import datetime
>>> from decimal import Decimal
>>> project = RenovationProject(
...     id="2021-cl", name="春兰小区改造", compound="mafangba-chunlan", batch=2021,
...     households=241, buildings=5, floor_area="18200",
...     measures=[{"category": "basic", "item": "雨污分流", "cost": "2100000"},
...               {"category": "improvement", "item": "加装电梯", "cost": "1800000"}],
...     funding=[{"source": "central_subsidy", "amount": "2500000"},
...              {"source": "residents", "amount": "1400000"}],
...     history=[{"status": "applied", "on": "2020-09-01"}])
>>> project.cost, project.funding_gap, project.status.zh
(Decimal('3900000'), Decimal('0'), '申报')
>>> portfolio = Portfolio([project])
>>> portfolio.advance("2021-cl", "planned", on=datetime.date(2021, 1, 15)).get("2021-cl").status
<ProjectStatus.PLANNED: 'planned'>
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Annotated, Self

import attrs
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._references import unit_problems
from jiceng._vocabulary import Vocabulary, labels
from jiceng.errors import (
    IntegrityError,
    Problem,
    TransitionError,
    UnknownProjectError,
    UnknownUnitError,
)
from jiceng.types import Area, Count, Money, Name, RecordId, Tag

if TYPE_CHECKING:
    from jiceng.hierarchy import Hierarchy
    from jiceng.units import OrgUnit

__all__ = [
    "ALLOCATION_WEIGHTS",
    "Consultation",
    "ConsultationMatter",
    "Eligibility",
    "EligibilityPolicy",
    "ExtendedShare",
    "Funding",
    "FundingSource",
    "Measure",
    "Portfolio",
    "Progress",
    "ProjectStatus",
    "RenovationCategory",
    "RenovationProject",
    "StatusChange",
    "next_statuses",
]

FEN = Decimal("0.01")


@labels(
    {
        "basic": "基础类",
        "improvement": "完善类",
        "upgrade": "提升类",
        "safety": "安全类",
    }
)
class RenovationCategory(Vocabulary):
    """The content categories of a renovation (改造内容分类).

    Examples
    --------
    >>> [category.zh for category in RenovationCategory]
    ['基础类', '完善类', '提升类', '安全类']
    """

    BASIC = "basic"
    IMPROVEMENT = "improvement"
    UPGRADE = "upgrade"
    SAFETY = "safety"


@labels(
    {
        "central_subsidy": "中央补助资金",
        "provincial": "省级财政资金",
        "municipal": "市级财政资金",
        "district": "区县级财政资金",
        "special_bond": "地方政府专项债券",
        "residents": "居民出资",
        "maintenance_fund": "住宅专项维修资金",
        "utility": "管线单位出资",
        "social_capital": "社会资本",
        "other": "其他",
    }
)
class FundingSource(Vocabulary):
    """Where a project's money comes from (资金来源).

    Examples
    --------
    >>> FundingSource.MAINTENANCE_FUND.zh
    '住宅专项维修资金'
    """

    CENTRAL_SUBSIDY = "central_subsidy"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    DISTRICT = "district"
    SPECIAL_BOND = "special_bond"
    RESIDENTS = "residents"
    MAINTENANCE_FUND = "maintenance_fund"
    UTILITY = "utility"
    SOCIAL_CAPITAL = "social_capital"
    OTHER = "other"


@labels(
    {
        "applied": "申报",
        "planned": "年度计划",
        "consulting": "征求意见",
        "designing": "方案设计",
        "under_construction": "施工",
        "completed": "竣工验收",
        "handed_over": "移交/长效管理",
        "suspended": "暂停",
        "cancelled": "取消",
    }
)
class ProjectStatus(Vocabulary):
    """The stages of a renovation project.

    Examples
    --------
    >>> ProjectStatus.UNDER_CONSTRUCTION.zh
    '施工'
    >>> [status.value for status in next_statuses(ProjectStatus.CONSULTING)]
    ['designing', 'suspended', 'cancelled']
    """

    APPLIED = "applied"
    PLANNED = "planned"
    CONSULTING = "consulting"
    DESIGNING = "designing"
    UNDER_CONSTRUCTION = "under_construction"
    COMPLETED = "completed"
    HANDED_OVER = "handed_over"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


_SEQUENCE = (
    ProjectStatus.APPLIED,
    ProjectStatus.PLANNED,
    ProjectStatus.CONSULTING,
    ProjectStatus.DESIGNING,
    ProjectStatus.UNDER_CONSTRUCTION,
    ProjectStatus.COMPLETED,
    ProjectStatus.HANDED_OVER,
)
_DONE = frozenset({ProjectStatus.COMPLETED, ProjectStatus.HANDED_OVER})
_AFTER_CONSTRUCTION_STARTS = frozenset(
    {ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.COMPLETED, ProjectStatus.HANDED_OVER}
)


def next_statuses(
    status: ProjectStatus, *, resumes: ProjectStatus | None = None
) -> tuple[ProjectStatus, ...]:
    """Return the statuses a project may move to from ``status``.

    Along the sequence a project moves one stage at a time. Any stage before hand-over may be
    suspended or cancelled; a suspended project resumes the stage it was suspended in
    (``resumes``) or is cancelled. Hand-over and cancellation are final.

    Examples
    --------
    >>> [s.value for s in next_statuses(ProjectStatus.COMPLETED)]
    ['handed_over']
    >>> [s.value for s in next_statuses(ProjectStatus.SUSPENDED,
    ...                                 resumes=ProjectStatus.DESIGNING)]
    ['designing', 'cancelled']
    >>> next_statuses(ProjectStatus.CANCELLED)
    ()
    """
    if status in (ProjectStatus.HANDED_OVER, ProjectStatus.CANCELLED):
        return ()
    if status is ProjectStatus.SUSPENDED:
        return (resumes, ProjectStatus.CANCELLED) if resumes else (ProjectStatus.CANCELLED,)
    following = _SEQUENCE[_SEQUENCE.index(status) + 1]
    if status is ProjectStatus.COMPLETED:
        return (following,)
    return (following, ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED)


def _walk(history: Sequence[StatusChange]) -> str | None:
    """Return why a status history leaves the lifecycle, or ``None`` if it follows it.

    A history may begin at any stage of the sequence (data often starts at the annual plan), but
    not suspended or cancelled.
    """
    if history and history[0].status not in _SEQUENCE:
        return f"a status history cannot begin {history[0].status.value}"
    resumes: ProjectStatus | None = None
    for before, after in pairwise(history):
        allowed = next_statuses(before.status, resumes=resumes)
        if after.status not in allowed:
            steps = ", ".join(s.value for s in allowed) or "nothing (final)"
            return (
                f"{before.status.value} → {after.status.value} on {after.on} is not a step of "
                f"the lifecycle (from {before.status.value}: {steps})"
            )
        if after.status is ProjectStatus.SUSPENDED:
            resumes = before.status
        elif before.status is not ProjectStatus.SUSPENDED:
            resumes = None
    return None


class Measure(Record):
    """One item of work in a project, e.g. 外墙修缮 (external walls) or 加装电梯 (a lift).

    Examples
    --------
    >>> Measure(category="improvement", item="加装电梯", quantity=4, unit="部",
    ...         cost="1600000").cost
    Decimal('1600000')
    """

    category: RenovationCategory
    item: Name
    quantity: Annotated[Decimal, Field(ge=0)] | None = None
    unit: Name | None = None
    cost: Money


class Funding(Record):
    """An amount of money from one source.

    Examples
    --------
    >>> Funding(source="utility", amount="320000.50", note="燃气管网").amount
    Decimal('320000.50')
    """

    source: FundingSource
    amount: Money
    note: Name | None = None


class StatusChange(Record):
    """A project entering a status on a date.

    Examples
    --------
    >>> StatusChange(status="planned", on="2021-01-15").status.zh
    '年度计划'
    """

    status: ProjectStatus
    on: datetime.date
    note: Name | None = None


class ConsultationMatter(StrEnum):
    """What owners vote on, which sets the threshold (民法典 Art. 278).

    ``major`` covers raising maintenance funds, rebuilding buildings and their facilities, and
    changing the use of common parts (the Article's items 6–8): it needs three quarters of those
    voting. Everything else is ``ordinary`` and needs more than half.
    """

    ORDINARY = "ordinary"
    MAJOR = "major"


class Consultation(Record):
    """A vote of owners on a renovation matter, judged by the Civil Code, Art. 278.

    A vote is *quorate* when owners holding at least two thirds of the exclusive floor area, and at
    least two thirds of the owners, take part. A ``major`` matter then *passes* with at least three
    quarters of the voting area and three quarters of the voting owners agreeing; an ``ordinary``
    one with more than half of each. Lift retrofits are decided per stairwell (``scope``).

    Parameters
    ----------
    matter
        ``"ordinary"`` or ``"major"``.
    on
        The date of the vote.
    owners, area
        All owners, and their exclusive floor area (m²), in the scope of the vote.
    owners_voting, area_voting
        Those who took part.
    owners_agreeing, area_agreeing
        Those who agreed.
    scope
        What the vote covers where it is not the whole compound, e.g. ``"3栋2单元"``.

    Examples
    --------
    >>> vote = Consultation(matter="major", on="2021-03-01", owners=120, area="9600",
    ...                     owners_voting=90, area_voting="7300",
    ...                     owners_agreeing=70, area_agreeing="5600")
    >>> vote.quorate, vote.passed
    (True, True)
    >>> vote.model_copy(update={"owners_agreeing": 67}).reason
    'major matter: 67 of 90 voting owners agreed, fewer than three quarters'
    """

    matter: ConsultationMatter
    on: datetime.date
    owners: Annotated[int, Field(gt=0)]
    area: Annotated[Decimal, Field(gt=0)]
    owners_voting: Count
    area_voting: Annotated[Decimal, Field(ge=0)]
    owners_agreeing: Count
    area_agreeing: Annotated[Decimal, Field(ge=0)]
    scope: Name | None = None

    @model_validator(mode="after")
    def _check_counts(self) -> Self:
        for what, agreeing, voting, total in (
            ("owners", self.owners_agreeing, self.owners_voting, self.owners),
            ("area", self.area_agreeing, self.area_voting, self.area),
        ):
            if not agreeing <= voting <= total:
                raise PydanticCustomError(
                    "vote_counts",
                    "{what}: agreeing ({agreeing}) <= voting ({voting}) <= total ({total}) fails",
                    {"what": what, "agreeing": agreeing, "voting": voting, "total": total},
                )
        return self

    @property
    def quorate(self) -> bool:
        """Whether at least two thirds of the area and of the owners took part."""
        return 3 * self.owners_voting >= 2 * self.owners and 3 * self.area_voting >= 2 * self.area

    @property
    def passed(self) -> bool:
        """Whether the vote was quorate and carried the matter."""
        return self.reason is None

    @property
    def reason(self) -> str | None:
        """Why the vote did not pass, or ``None`` if it passed."""
        if 3 * self.owners_voting < 2 * self.owners:
            return (
                f"not quorate: {self.owners_voting} of {self.owners} owners voted, "
                "fewer than two thirds"
            )
        if 3 * self.area_voting < 2 * self.area:
            return (
                f"not quorate: owners of {self.area_voting} of {self.area} m² voted, "
                "less than two thirds"
            )
        if self.matter is ConsultationMatter.MAJOR:
            if 4 * self.owners_agreeing < 3 * self.owners_voting:
                return (
                    f"major matter: {self.owners_agreeing} of {self.owners_voting} voting owners "
                    "agreed, fewer than three quarters"
                )
            if 4 * self.area_agreeing < 3 * self.area_voting:
                return (
                    f"major matter: owners of {self.area_agreeing} of {self.area_voting} m² "
                    "voting agreed, less than three quarters"
                )
            return None
        if 2 * self.owners_agreeing <= self.owners_voting:
            return (
                f"ordinary matter: {self.owners_agreeing} of {self.owners_voting} voting owners "
                "agreed, not more than half"
            )
        if 2 * self.area_agreeing <= self.area_voting:
            return (
                f"ordinary matter: owners of {self.area_agreeing} of {self.area_voting} m² "
                "voting agreed, not more than half"
            )
        return None


class RenovationProject(Record):
    """A renovation project for one residential compound.

    A project rejects what is wrong in itself: negative money or counts, a vote whose agreeing,
    voting and total figures are out of order, a status history out of date order (error type
    ``history_order``), and planned or actual dates whose end comes before their start
    (``dates_order``).

    Parameters
    ----------
    id, name
        The project's id and name.
    compound
        The id of the compound (a hierarchy unit) it renovates.
    batch
        The year of the annual plan (年度计划批次) it belongs to.
    households, buildings, floor_area
        What it renovates: households, buildings, floor area in m².
    measures, funding, consultations
        The work, the money, and the owners' votes.
    history
        The dated status changes, oldest first; the last one is the current status.
    planned_start, planned_completion, actual_start, actual_completion
        Dates, where known.

    Examples
    --------
    >>> p = RenovationProject(
    ...     id="p", name="某小区改造", compound="c", batch=2022, households=100, buildings=4,
    ...     floor_area="8000", history=[{"status": "applied", "on": "2021-06-01"}],
    ...     measures=[{"category": "basic", "item": "屋面防水", "cost": "900000"}])
    >>> p.funding_gap, p.cost_per_household
    (Decimal('900000'), Decimal('9000.00'))
    """

    id: RecordId
    name: Name
    compound: RecordId
    batch: Annotated[int, Field(ge=1949, le=2200)]
    households: Count
    buildings: Count
    floor_area: Area
    measures: tuple[Measure, ...] = ()
    funding: tuple[Funding, ...] = ()
    consultations: tuple[Consultation, ...] = ()
    history: tuple[StatusChange, ...] = Field(min_length=1)
    planned_start: datetime.date | None = None
    planned_completion: datetime.date | None = None
    actual_start: datetime.date | None = None
    actual_completion: datetime.date | None = None
    tags: tuple[Tag, ...] = ()

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        for before, after in pairwise(self.history):
            if after.on < before.on:
                raise PydanticCustomError(
                    "history_order",
                    "status history goes back in time: {after} on {after_on} follows {before} "
                    "on {before_on}",
                    {
                        "after": after.status.value,
                        "after_on": str(after.on),
                        "before": before.status.value,
                        "before_on": str(before.on),
                    },
                )
        for start, end, what in (
            (self.planned_start, self.planned_completion, "planned"),
            (self.actual_start, self.actual_completion, "actual"),
        ):
            if start is not None and end is not None and end < start:
                raise PydanticCustomError(
                    "dates_order",
                    "{what} completion {end} is before {what} start {start}",
                    {"what": what, "end": str(end), "start": str(start)},
                )
        return self

    @property
    def status(self) -> ProjectStatus:
        """The current status: the last in the history."""
        return self.history[-1].status

    @property
    def cost(self) -> Decimal:
        """The total cost of the measures."""
        return sum((measure.cost for measure in self.measures), Decimal(0))

    @property
    def funded(self) -> Decimal:
        """The total of the funding."""
        return sum((funding.amount for funding in self.funding), Decimal(0))

    @property
    def funding_gap(self) -> Decimal:
        """How much of the cost the funding does not cover (0 when covered)."""
        return max(self.cost - self.funded, Decimal(0))

    @property
    def cost_per_household(self) -> Decimal | None:
        """Cost per household, to the fen; ``None`` for a project of no households."""
        if not self.households:
            return None
        return (self.cost / self.households).quantize(FEN)

    @property
    def cost_per_m2(self) -> Decimal | None:
        """Cost per square metre of floor area, to the fen; ``None`` for no area."""
        if not self.floor_area:
            return None
        return (self.cost / self.floor_area).quantize(FEN)

    def started_construction(self) -> datetime.date | None:
        """Return the date construction started, or ``None`` if it has not."""
        for change in self.history:
            if change.status is ProjectStatus.UNDER_CONSTRUCTION:
                return change.on
        return None


class EligibilityPolicy(Record):
    """Which compounds may be renovated: the cut-off years, the cap and the exclusions.

    Parameters
    ----------
    cutoff_year
        Compounds built in this year or before are eligible (default 2000: "built before the
        end of 2000", 国办发〔2020〕23号).
    extended_cutoff_year
        A local extension (2004 in Chengdu; 2005 elsewhere): compounds built after
        ``cutoff_year`` and up to this year are eligible too, within the cap.
    extended_share_cap
        The most that households renovated under the extension may make of one batch's
        households (default 0.15).
    excluded_tags
        Unit tags that make a compound ineligible (default 自建房 self-built housing and 城中村
        urban villages).

    Examples
    --------
    >>> EligibilityPolicy(extended_cutoff_year=2005).extended_share_cap
    Decimal('0.15')
    """

    cutoff_year: int = 2000
    extended_cutoff_year: int | None = None
    extended_share_cap: Annotated[Decimal, Field(ge=0, le=1)] = Decimal("0.15")
    excluded_tags: tuple[Tag, ...] = ("自建房", "城中村")

    @model_validator(mode="after")
    def _check_years(self) -> Self:
        if self.extended_cutoff_year is not None and self.extended_cutoff_year < self.cutoff_year:
            raise PydanticCustomError(
                "cutoff_order",
                "the extended cut-off {extended} is before the cut-off {cutoff}",
                {"extended": self.extended_cutoff_year, "cutoff": self.cutoff_year},
            )
        return self

    def judge(self, unit: OrgUnit) -> Eligibility:
        """Judge one compound by its built year and tags.

        Examples
        --------
        >>> from jiceng import OrgUnit
        >>> policy = EligibilityPolicy(extended_cutoff_year=2005)
        >>> policy.judge(OrgUnit(id="c", name="春兰小区", level="compound",
        ...                      built_year=2004)).reason
        'built 2004: eligible under the extended cut-off (2005)'
        """
        excluded = [tag for tag in unit.tags if tag in self.excluded_tags]
        if excluded:
            return Eligibility(unit.id, False, False, f"excluded: tagged {'、'.join(excluded)}")
        year = unit.built_year
        if year is None:
            return Eligibility(unit.id, False, False, "built year unknown")
        if year <= self.cutoff_year:
            return Eligibility(
                unit.id, True, False, f"built {year}: before the end of {self.cutoff_year}"
            )
        extended = self.extended_cutoff_year
        if extended is not None and year <= extended:
            return Eligibility(
                unit.id,
                True,
                True,
                f"built {year}: eligible under the extended cut-off ({extended})",
            )
        last = extended if extended is not None else self.cutoff_year
        return Eligibility(unit.id, False, False, f"built {year}: after the cut-off ({last})")


@attrs.frozen
class Eligibility:
    """Whether a compound may be renovated, and why.

    Attributes
    ----------
    unit : str
        The compound's id.
    eligible : bool
        Whether it is eligible.
    extended : bool
        Whether it is eligible only under the extended cut-off (and so counts towards the cap).
    reason : str
        A readable reason.
    """

    unit: str
    eligible: bool
    extended: bool
    reason: str


@attrs.frozen
class Progress:
    """How far a set of projects has come, by households.

    Attributes
    ----------
    households : int
        Households in the projects that are not cancelled.
    completed : int
        Households in projects completed or handed over.
    share : float
        ``completed / households`` (0.0 when there are none).
    """

    households: int
    completed: int
    share: float


@attrs.frozen
class ExtendedShare:
    """The households of a batch renovated under the extended cut-off, against the cap.

    Attributes
    ----------
    batch : int
        The batch year.
    households : int
        Households in the batch's projects that are not cancelled.
    extended : int
        Of those, households in compounds eligible only under the extended cut-off.
    share : float
        ``extended / households``.
    cap : Decimal
        The policy's cap.
    within_cap : bool
        Whether the share is at most the cap.
    projects : tuple[str, ...]
        The ids of the batch's projects under the extension.
    """

    batch: int
    households: int
    extended: int
    share: float
    cap: Decimal
    within_cap: bool
    projects: tuple[str, ...]


def _exact(value: object, what: str) -> Decimal:
    """Read a number exactly: a float by its shortest decimal form (0.4, not its binary error)."""
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{what} must be a number; got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{what} must be finite; got {value!r}")
    return number


ALLOCATION_WEIGHTS: Mapping[str, Decimal] = {
    "floor_area": Decimal("0.4"),
    "households": Decimal("0.4"),
    "buildings": Decimal("0.1"),
    "compounds": Decimal("0.1"),
}
"""The default factor weights of the central subsidy: renovated floor area 40%, households 40%,
buildings 10%, compounds 10%. Override them per call."""

ProjectRef = str | RenovationProject


class Portfolio:
    """A validated set of renovation projects, optionally tied to a hierarchy.

    Parameters
    ----------
    projects
        The projects.
    hierarchy
        The hierarchy their compounds belong to; needed for queries by street or community, for
        candidates, and for the extended cut-off cap. While a portfolio with a hierarchy exists,
        an edit of that hierarchy that would remove a project's compound, or move it to another
        level, is refused.
    policy
        The :class:`EligibilityPolicy`.
    level
        The level key of compounds in the hierarchy's scheme.

    Raises
    ------
    IntegrityError
        Listing every problem: ``duplicate_id``, ``unknown_compound``, ``compound_level``,
        ``illegal_transition`` (a history that skips or reverses the lifecycle),
        ``construction_before_consultation`` (construction before a passed vote), and
        ``funding_gap`` (a project under construction or later whose funding does not cover its
        measures, with the amount).

    Examples
    --------
    >>> import jiceng
    >>> district = jiceng.examples.tongchuan()
    >>> portfolio = district.projects
    >>> len(portfolio) > 0, portfolio.progress().share > 0
    (True, True)
    """

    __slots__ = ("__weakref__", "_by_id", "_hierarchy", "_level", "_policy", "_projects")

    def __init__(
        self,
        projects: Iterable[RenovationProject],
        hierarchy: Hierarchy | None = None,
        policy: EligibilityPolicy | None = None,
        *,
        level: str = "compound",
    ) -> None:
        listed = tuple(projects)
        for project in listed:
            if not isinstance(project, RenovationProject):
                raise TypeError(
                    f"a Portfolio holds RenovationProject records, got {type(project)!r}"
                )
        self._projects = listed
        self._by_id = {project.id: project for project in listed}
        self._hierarchy = hierarchy
        self._policy = policy if policy is not None else EligibilityPolicy()
        self._level = level
        problems = self._problems(hierarchy)
        if problems:
            raise IntegrityError(problems)
        if hierarchy is not None:
            hierarchy._add_reference_check(self._reference_problems)

    # -- checks -----------------------------------------------------------------------------

    def _problems(self, hierarchy: Hierarchy | None) -> list[Problem]:
        problems: list[Problem] = []
        counts = Counter(project.id for project in self._projects)
        problems.extend(
            Problem("duplicate_id", (pid,), f"project id {pid!r} is used {count} times")
            for pid, count in counts.items()
            if count > 1
        )
        if hierarchy is not None:
            problems.extend(self._reference_problems(hierarchy))
        for project in self._projects:
            why = _walk(project.history)
            if why is not None:
                problems.append(Problem("illegal_transition", (project.id,), why))
            started = project.started_construction()
            if started is not None and not any(
                vote.passed and vote.on <= started for vote in project.consultations
            ):
                problems.append(
                    Problem(
                        "construction_before_consultation",
                        (project.id,),
                        f"construction started on {started} without a passed consultation "
                        "on or before that day",
                    )
                )
            if project.status in _AFTER_CONSTRUCTION_STARTS and project.funding_gap > 0:
                problems.append(
                    Problem(
                        "funding_gap",
                        (project.id,),
                        f"funding {project.funded} does not cover the measures' cost "
                        f"{project.cost}: a gap of ¥{project.funding_gap}",
                    )
                )
        return problems

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        return unit_problems(
            hierarchy,
            ((p.id, p.compound) for p in self._projects),
            (self._level,),
            record="project",
            verb="renovates",
            unknown="unknown_compound",
            misplaced="compound_level",
        )

    # -- the container ----------------------------------------------------------------------

    @property
    def hierarchy(self) -> Hierarchy | None:
        """The hierarchy the compounds belong to, if any."""
        return self._hierarchy

    @property
    def policy(self) -> EligibilityPolicy:
        """The eligibility policy."""
        return self._policy

    @property
    def level(self) -> str:
        """The level key of compounds."""
        return self._level

    def __len__(self) -> int:
        """Return the number of projects."""
        return len(self._projects)

    def __iter__(self) -> Iterator[RenovationProject]:
        """Iterate over the projects in input order."""
        return iter(self._projects)

    def __contains__(self, ref: object) -> bool:
        """Whether a project id (or a project's id) is in the portfolio."""
        key = ref.id if isinstance(ref, RenovationProject) else ref
        return isinstance(key, str) and key in self._by_id

    def __eq__(self, other: object) -> bool:
        """Equal when the projects, the policy and the level are equal."""
        if not isinstance(other, Portfolio):
            return NotImplemented
        return (self._projects, self._policy, self._level) == (
            other._projects,
            other._policy,
            other._level,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Show the number of projects."""
        return f"<Portfolio of {len(self)} projects>"

    def get(self, ref: ProjectRef) -> RenovationProject:
        """Return a project by id; :class:`~jiceng.UnknownUnitError` names a missing one.

        Examples
        --------
        >>> import jiceng
        >>> jiceng.examples.tongchuan().projects.get("2021-chunlan").name
        '春兰小区老旧小区改造'
        """
        key = ref.id if isinstance(ref, RenovationProject) else ref
        try:
            return self._by_id[key]
        except KeyError:
            raise UnknownProjectError(key) from None

    # -- lifecycle --------------------------------------------------------------------------

    def next_steps(self, ref: ProjectRef) -> tuple[ProjectStatus, ...]:
        """Return the statuses a project may move to next."""
        project = self.get(ref)
        resumes = None
        if project.status is ProjectStatus.SUSPENDED and len(project.history) > 1:
            resumes = project.history[-2].status
        return next_statuses(project.status, resumes=resumes)

    def advance(
        self,
        ref: ProjectRef,
        status: ProjectStatus | str,
        *,
        on: datetime.date,
        note: str | None = None,
    ) -> Portfolio:
        """Return a new portfolio with one project moved on to ``status`` on the date ``on``.

        Raises
        ------
        TransitionError
            If the step is not allowed (the error names the allowed next steps), if ``on`` is
            before the project's last change, or if the step would break a rule between records
            (construction without a passed consultation, or with a funding gap). This portfolio is
            never changed.

        Examples
        --------
        >>> import datetime, jiceng
        >>> portfolio = jiceng.examples.tongchuan().projects
        >>> try:
        ...     portfolio.advance("2021-chunlan", "applied", on=datetime.date(2026, 1, 1))
        ... except jiceng.TransitionError as error:
        ...     print(error.allowed)
        ('handed_over',)
        >>> later = portfolio.advance("2021-chunlan", "handed_over", on=datetime.date(2023, 3, 1))
        >>> later.get("2021-chunlan").status.zh, portfolio.get("2021-chunlan").status.zh
        ('移交/长效管理', '竣工验收')
        """
        project = self.get(ref)
        try:
            target = ProjectStatus(status)
        except ValueError:
            raise TransitionError(
                f"{status!r} is not a project status", id=project.id, allowed=()
            ) from None
        allowed = self.next_steps(project)
        if target not in allowed:
            steps = ", ".join(s.value for s in allowed) or "none: the project is closed"
            raise TransitionError(
                f"project {project.id!r} cannot go from {project.status.value} to "
                f"{target.value}; allowed: {steps}",
                id=project.id,
                allowed=[s.value for s in allowed],
            )
        last = project.history[-1].on
        if on < last:
            raise TransitionError(
                f"project {project.id!r} changed status on {last}; a later change cannot be "
                f"dated {on}",
                id=project.id,
                allowed=[s.value for s in allowed],
            )
        change = StatusChange(status=target, on=on, note=note)
        moved = project.model_copy(update={"history": (*project.history, change)})
        projects = [moved if p.id == project.id else p for p in self._projects]
        try:
            return Portfolio(projects, self._hierarchy, self._policy, level=self._level)
        except IntegrityError as error:
            own = [p for p in error.problems if project.id in p.ids]
            raise TransitionError(
                "; ".join(p.message for p in own or error.problems),
                id=project.id,
                allowed=[s.value for s in allowed],
            ) from error

    # -- queries ----------------------------------------------------------------------------

    def projects(
        self,
        *,
        status: ProjectStatus | str | None = None,
        batch: int | None = None,
        category: RenovationCategory | str | None = None,
        within: str | OrgUnit | None = None,
    ) -> list[RenovationProject]:
        """Return the projects that match every condition given, in input order.

        Parameters
        ----------
        status
            The current status.
        batch
            The batch year.
        category
            Projects with at least one measure in this category.
        within
            A unit (a street, a community, a grid) whose subtree holds the compound, or the
            compound itself; needs the hierarchy.

        Examples
        --------
        >>> import jiceng
        >>> portfolio = jiceng.examples.tongchuan().projects
        >>> [p.id for p in portfolio.projects(within="mafangba")]
        ['2021-chunlan']
        """
        wanted_status = None if status is None else ProjectStatus(status)
        wanted_category = None if category is None else RenovationCategory(category)
        inside: Callable[[str], bool] | None = None
        if within is not None:
            hierarchy = self._need_hierarchy("within=")
            top = hierarchy[within]

            def inside(uid: str) -> bool:
                return uid == top.id or (uid in hierarchy and hierarchy.is_ancestor(top, uid))

        return [
            project
            for project in self._projects
            if (wanted_status is None or project.status is wanted_status)
            and (batch is None or project.batch == batch)
            and (
                wanted_category is None
                or any(m.category is wanted_category for m in project.measures)
            )
            and (inside is None or inside(project.compound))
        ]

    def _need_hierarchy(self, what: str) -> Hierarchy:
        if self._hierarchy is None:
            raise ValueError(f"{what} needs a portfolio built with a hierarchy")
        return self._hierarchy

    def _selected(self, projects: Iterable[ProjectRef] | None) -> list[RenovationProject]:
        if projects is None:
            return [p for p in self._projects if p.status is not ProjectStatus.CANCELLED]
        return [self.get(ref) for ref in projects]

    def cost(self, projects: Iterable[ProjectRef] | None = None) -> Decimal:
        """Return the total cost of the projects (by default every project not cancelled)."""
        return sum((p.cost for p in self._selected(projects)), Decimal(0))

    def cost_per_household(self, projects: Iterable[ProjectRef] | None = None) -> Decimal | None:
        """Return total cost over total households, to the fen (default: all not cancelled).

        Examples
        --------
        >>> import jiceng
        >>> per = jiceng.examples.tongchuan().projects.cost_per_household()
        >>> 14000 <= per <= 27000
        True
        """
        chosen = self._selected(projects)
        households = sum(p.households for p in chosen)
        if not households:
            return None
        return (self.cost(chosen) / households).quantize(FEN)

    def cost_per_m2(self, projects: Iterable[ProjectRef] | None = None) -> Decimal | None:
        """Return total cost over total floor area, to the fen (default: all not cancelled)."""
        chosen = self._selected(projects)
        area = sum((p.floor_area for p in chosen), Decimal(0))
        if not area:
            return None
        return (self.cost(chosen) / area).quantize(FEN)

    def funding_mix(
        self, projects: Iterable[ProjectRef] | None = None
    ) -> dict[FundingSource, Decimal]:
        """Return the funding by source, every source in enum order (default: all not cancelled).

        Examples
        --------
        >>> import jiceng
        >>> mix = jiceng.examples.tongchuan().projects.funding_mix()
        >>> mix[FundingSource.CENTRAL_SUBSIDY] > 0
        True
        """
        mix = dict.fromkeys(FundingSource, Decimal(0))
        for project in self._selected(projects):
            for funding in project.funding:
                mix[funding.source] += funding.amount
        return mix

    def category_mix(
        self, projects: Iterable[ProjectRef] | None = None
    ) -> dict[RenovationCategory, Decimal]:
        """Return the cost by category, every category in enum order.

        By default over every project not cancelled.
        """
        mix = dict.fromkeys(RenovationCategory, Decimal(0))
        for project in self._selected(projects):
            for measure in project.measures:
                mix[measure.category] += measure.cost
        return mix

    def funding_gaps(self) -> dict[str, Decimal]:
        """Return the gap of every project not cancelled whose funding does not cover its cost.

        Examples
        --------
        >>> import jiceng
        >>> gaps = jiceng.examples.tongchuan().projects.funding_gaps()
        >>> gaps["2023-fuxing"]
        Decimal('4212362.32')
        """
        return {
            p.id: p.funding_gap
            for p in self._projects
            if p.funding_gap > 0 and p.status is not ProjectStatus.CANCELLED
        }

    def progress(self, projects: Iterable[ProjectRef] | None = None) -> Progress:
        """Return the share of households in completed (or handed-over) projects.

        Examples
        --------
        >>> import jiceng
        >>> progress = jiceng.examples.tongchuan().projects.progress()
        >>> 0 < progress.completed < progress.households
        True
        """
        chosen = [p for p in self._selected(projects) if p.status is not ProjectStatus.CANCELLED]
        households = sum(p.households for p in chosen)
        completed = sum(p.households for p in chosen if p.status in _DONE)
        return Progress(households, completed, completed / households if households else 0.0)

    def eligibility(self, unit: str | OrgUnit) -> Eligibility:
        """Judge one compound of the hierarchy by the policy."""
        return self._policy.judge(self._need_hierarchy("eligibility()")[unit])

    def candidates(self) -> list[Eligibility]:
        """Judge every compound that has no project (other than a cancelled one), in order.

        Returns eligible and ineligible compounds alike, each with its reason.

        Examples
        --------
        >>> import jiceng
        >>> candidates = jiceng.examples.tongchuan().projects.candidates()
        >>> sum(c.eligible for c in candidates) > 0
        True
        """
        hierarchy = self._need_hierarchy("candidates()")
        covered = {p.compound for p in self._projects if p.status is not ProjectStatus.CANCELLED}
        return [
            self._policy.judge(unit)
            for unit in hierarchy.at_level(self._level)
            if unit.id not in covered
        ]

    def extended_share(self, batch: int) -> ExtendedShare:
        """Check a batch against the cap on households renovated under the extended cut-off.

        Examples
        --------
        >>> import jiceng
        >>> check = jiceng.examples.tongchuan().projects.extended_share(2021)
        >>> check.within_cap, check.projects
        (True, ('2021-chunlan',))
        """
        hierarchy = self._need_hierarchy("extended_share()")
        chosen = [
            p
            for p in self._projects
            if p.batch == batch and p.status is not ProjectStatus.CANCELLED
        ]
        households = sum(p.households for p in chosen)
        extended = [p for p in chosen if self._policy.judge(hierarchy[p.compound]).extended]
        count = sum(p.households for p in extended)
        share = count / households if households else 0.0
        cap = self._policy.extended_share_cap
        return ExtendedShare(
            batch=batch,
            households=households,
            extended=count,
            share=share,
            cap=cap,
            within_cap=count <= cap * households,
            projects=tuple(p.id for p in extended),
        )

    # -- the central subsidy ----------------------------------------------------------------

    def allocate(
        self,
        amount: Decimal | str | int,
        targets: Iterable[str | RenovationProject | OrgUnit],
        weights: Mapping[str, Decimal | str | int | float] | None = None,
    ) -> dict[str, Decimal]:
        """Split a sum among projects or units by the factor method, exactly to the fen.

        Each target's factors are its renovated floor area, households, buildings and number of
        compounds: a project's own (one compound), or, for a hierarchy unit, the sums over the
        projects (not cancelled) whose compound lies in its subtree. A target's share is the
        weighted sum of its share of each factor's total (a factor whose total is zero is left
        out and the other weights scaled up). Amounts are rounded to the fen by the largest
        remainder method: each target first gets its exact share rounded down to the fen, then
        the fen left over go one each to the largest remainders (ties to the earlier target),
        so the amounts always add up to exactly ``amount``.

        Parameters
        ----------
        amount
            The sum in yuan, at most two decimal places.
        targets
            Project ids or records, or hierarchy unit ids or records; each once.
        weights
            Factor weights, keys ``floor_area``, ``households``, ``buildings``, ``compounds``,
            non-negative and adding up to 1; default :data:`ALLOCATION_WEIGHTS`.

        Raises
        ------
        ValueError
            For an amount that is negative, finer than the fen or not a finite number; weights
            that are not numbers or do not add up to 1 (floats are read by their shortest
            decimal form, so ``0.4`` is 0.4); a target given twice, or targets that overlap (a
            unit and a project or unit inside it); or targets whose factors are all zero.

        Examples
        --------
        >>> import jiceng
        >>> portfolio = jiceng.examples.tongchuan().projects
        >>> shares = portfolio.allocate("10000000.00", ["chaoyang", "fengxi", "dongcheng"])
        >>> sum(shares.values())
        Decimal('10000000.00')
        """
        total = _exact(amount, "amount")
        if total < 0 or total != total.quantize(FEN):
            raise ValueError(f"amount must be >= 0 and exact to the fen; got {amount!r}")
        factors = {
            key: Fraction(_exact(value, f"weight {key!r}"))
            for key, value in (weights or ALLOCATION_WEIGHTS).items()
        }
        unknown = set(factors) - set(ALLOCATION_WEIGHTS)
        if unknown or any(value < 0 for value in factors.values()) or sum(factors.values()) != 1:
            raise ValueError(
                "weights must be non-negative, add up to 1, and use the factors "
                f"{', '.join(ALLOCATION_WEIGHTS)}; got {dict(weights or {})!r}"
            )
        rows = {}
        counted: dict[str, str] = {}  # project id → the target that counts it
        for target in targets:
            key, chosen, values = self._factors(target)
            if key in rows:
                raise ValueError(f"target {key!r} is given twice")
            for project in chosen:
                if project.id in counted:
                    raise ValueError(
                        f"targets {counted[project.id]!r} and {key!r} overlap: both count "
                        f"project {project.id!r}"
                    )
                counted[project.id] = key
            rows[key] = values
        totals = {f: sum((row[f] for row in rows.values()), Fraction(0)) for f in factors}
        used = {f: w for f, w in factors.items() if w and totals[f]}
        weight_sum = sum(used.values(), Fraction(0))
        if not rows:
            return {}
        if not weight_sum:
            raise ValueError("every weighted factor of the targets is zero; nothing to split by")
        fen = int(total / FEN)
        exact = {
            key: fen * sum(w * row[f] / totals[f] for f, w in used.items()) / weight_sum
            for key, row in rows.items()
        }
        floors = {key: int(value) for key, value in exact.items()}  # shares are >= 0
        left = fen - sum(floors.values())
        order = sorted(exact, key=lambda key: exact[key] - floors[key], reverse=True)
        for key in order[:left]:
            floors[key] += 1
        return {
            key: (Decimal(value) * FEN).quantize(FEN, rounding=ROUND_FLOOR)
            for key, value in floors.items()
        }

    def _factors(
        self, target: str | RenovationProject | OrgUnit
    ) -> tuple[str, list[RenovationProject], dict[str, Fraction]]:
        key = target if isinstance(target, str) else target.id
        if key in self._by_id:
            chosen = [self._by_id[key]]
        else:
            hierarchy = self._hierarchy
            if hierarchy is None or key not in hierarchy:
                raise UnknownUnitError(key)
            chosen = [
                p
                for p in self._projects
                if p.status is not ProjectStatus.CANCELLED
                and p.compound in hierarchy
                and (p.compound == key or hierarchy.is_ancestor(key, p.compound))
            ]
        return (
            key,
            chosen,
            {
                "floor_area": sum((Fraction(p.floor_area) for p in chosen), Fraction(0)),
                "households": Fraction(sum(p.households for p in chosen)),
                "buildings": Fraction(sum(p.buildings for p in chosen)),
                "compounds": Fraction(len(chosen)),
            },
        )
