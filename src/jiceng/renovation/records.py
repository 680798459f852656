"""The records of a renovation: its vocabularies, measures, funding, and the project itself.

A :class:`RenovationProject` renovates one compound (a hierarchy unit, by id) in one annual
batch (年度计划批次). It lists its measures (:class:`Measure`, in a
:class:`RenovationCategory`), its funding (:class:`Funding`, from a :class:`FundingSource`:
"who benefits pays", 谁受益、谁出资), the owners' votes
(:class:`~jiceng.renovation.consultation.Consultation`) and its dated status history
(:class:`~jiceng.renovation.lifecycle.StatusChange`, oldest first; the last is the current
status). A record checks only itself; the :class:`~jiceng.renovation.Portfolio` checks projects
against each other and the hierarchy.

Money is ``Decimal`` yuan exact to the fen, areas ``Decimal`` square metres.

Examples
--------
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
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.renovation.consultation import Consultation
from jiceng.renovation.lifecycle import ProjectStatus, StatusChange
from jiceng.types import Area, Count, Key, Money, Name, RecordId, Tag

__all__ = [
    "FEN",
    "Consent",
    "Funding",
    "FundingSource",
    "Measure",
    "RenovationCategory",
    "RenovationProject",
]

FEN = Decimal("0.01")
"""One fen (分), the smallest amount of money: figures per household or m² are rounded to it."""


@labels(
    {
        "basic": "基础类",
        "improvement": "完善类",
        "upgrade": "提升类",
    }
)
class RenovationCategory(Vocabulary):
    """The three content categories of 国办发〔2020〕23号 (改造内容分类).

    基础类 basic (water, drainage, power, roads, gas, fire safety (消防), security, roofs, walls,
    stairwells, ...), 完善类 improvement (energy saving, lifts, parking, greening, barrier-free and
    elderly-friendly works, ...), 提升类 upgrade (service facilities, smart-community systems,
    ...). A renovation policy may add its own categories (such as 安全类, which some cities use):
    see :class:`~jiceng.renovation.PolicyCategory`.

    Examples
    --------
    >>> [category.zh for category in RenovationCategory]
    ['基础类', '完善类', '提升类']
    """

    BASIC = "basic"
    IMPROVEMENT = "improvement"
    UPGRADE = "upgrade"


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


class Measure(Record):
    """One item of work in a project, e.g. 外墙修缮 (external walls) or 加装电梯 (a lift).

    ``category`` is a built-in :class:`RenovationCategory` or the key of a category of the
    portfolio's policy (checked by the :class:`~jiceng.renovation.Portfolio`).

    Examples
    --------
    >>> Measure(category="improvement", item="加装电梯", quantity=4, unit="部",
    ...         cost="1600000").cost
    Decimal('1600000')
    >>> Measure(category="improvement", item="加装电梯", cost="1").category
    <RenovationCategory.IMPROVEMENT: 'improvement'>
    >>> Measure(category="safety", item="危房排险", cost="1").category
    'safety'
    """

    category: Annotated[RenovationCategory | Key, Field(union_mode="left_to_right")]
    item: Name
    quantity: Area | None = None  # a number of items or m²: the same bounds as an area
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


class Consent(Record):
    """A recorded count of residents' consent under a local rule, such as 意愿征询.

    Parameters
    ----------
    rule
        The key of the policy's :class:`~jiceng.renovation.ConsentRule` it answers.
    on
        The date the count closed.
    total, agreeing
        How many there are (households, owners or m², as the rule counts) and how many agreed.
    scope
        What it covers where it is not the whole compound, e.g. ``"3栋2单元"``.

    Examples
    --------
    >>> Consent(rule="willingness", on="2020-08-01", total=120, agreeing=85).agreeing
    Decimal('85')
    """

    rule: Key
    on: datetime.date
    total: Annotated[Area, Field(gt=0)]
    agreeing: Area
    scope: Name | None = None

    @model_validator(mode="after")
    def _check_counts(self) -> Self:
        if self.agreeing > self.total:
            raise PydanticCustomError(
                "consent_counts",
                "agreeing ({agreeing}) is more than the total ({total})",
                {"agreeing": str(self.agreeing), "total": str(self.total)},
            )
        return self


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
        The work, the money, and the owners' votes (民法典 Art. 278).
    consents
        Counts of consent under local rules (:class:`Consent`), such as 意愿征询.
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
    consents: tuple[Consent, ...] = ()
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
        """The current status: the last in the history.

        Examples
        --------
        >>> p = RenovationProject(
        ...     id="p", name="某小区改造", compound="c", batch=2021, households=80, buildings=3,
        ...     floor_area="6400", history=[{"status": "applied", "on": "2020-06-01"}],
        ...     measures=[{"category": "basic", "item": "屋面防水", "cost": "1000000"}],
        ...     funding=[{"source": "district", "amount": "600000"}])
        >>> p.status, p.status.zh
        (<ProjectStatus.APPLIED: 'applied'>, '申报')
        """
        return self.history[-1].status

    @property
    def cost(self) -> Decimal:
        """The total cost of the measures.

        Examples
        --------
        >>> p = RenovationProject(
        ...     id="p", name="某小区改造", compound="c", batch=2021, households=80, buildings=3,
        ...     floor_area="6400", history=[{"status": "applied", "on": "2020-06-01"}],
        ...     measures=[{"category": "basic", "item": "屋面防水", "cost": "1000000"}],
        ...     funding=[{"source": "district", "amount": "600000"}])
        >>> p.cost
        Decimal('1000000')
        """
        return sum((measure.cost for measure in self.measures), Decimal(0))

    @property
    def funded(self) -> Decimal:
        """The total of the funding.

        Examples
        --------
        >>> p = RenovationProject(
        ...     id="p", name="某小区改造", compound="c", batch=2021, households=80, buildings=3,
        ...     floor_area="6400", history=[{"status": "applied", "on": "2020-06-01"}],
        ...     measures=[{"category": "basic", "item": "屋面防水", "cost": "1000000"}],
        ...     funding=[{"source": "district", "amount": "600000"}])
        >>> p.funded
        Decimal('600000')
        """
        return sum((funding.amount for funding in self.funding), Decimal(0))

    @property
    def funding_gap(self) -> Decimal:
        """How much of the cost the funding does not cover (0 when covered).

        Examples
        --------
        >>> p = RenovationProject(
        ...     id="p", name="某小区改造", compound="c", batch=2021, households=80, buildings=3,
        ...     floor_area="6400", history=[{"status": "applied", "on": "2020-06-01"}],
        ...     measures=[{"category": "basic", "item": "屋面防水", "cost": "1000000"}],
        ...     funding=[{"source": "district", "amount": "600000"}])
        >>> p.funding_gap, p.model_copy(update={"measures": ()}).funding_gap
        (Decimal('400000'), Decimal('0'))
        """
        return max(self.cost - self.funded, Decimal(0))

    @property
    def cost_per_household(self) -> Decimal | None:
        """Cost per household, to the fen; ``None`` for a project of no households.

        Examples
        --------
        >>> p = RenovationProject(
        ...     id="p", name="某小区改造", compound="c", batch=2021, households=80, buildings=3,
        ...     floor_area="6400", history=[{"status": "applied", "on": "2020-06-01"}],
        ...     measures=[{"category": "basic", "item": "屋面防水", "cost": "1000000"}],
        ...     funding=[{"source": "district", "amount": "600000"}])
        >>> p.cost_per_household, p.model_copy(update={"households": 0}).cost_per_household
        (Decimal('12500.00'), None)
        """
        if not self.households:
            return None
        return (self.cost / self.households).quantize(FEN)

    @property
    def cost_per_m2(self) -> Decimal | None:
        """Cost per square metre of floor area, to the fen; ``None`` for no area.

        Examples
        --------
        >>> p = RenovationProject(
        ...     id="p", name="某小区改造", compound="c", batch=2021, households=80, buildings=3,
        ...     floor_area="6400", history=[{"status": "applied", "on": "2020-06-01"}],
        ...     measures=[{"category": "basic", "item": "屋面防水", "cost": "1000000"}],
        ...     funding=[{"source": "district", "amount": "600000"}])
        >>> p.cost_per_m2
        Decimal('156.25')
        """
        if not self.floor_area:
            return None
        return (self.cost / self.floor_area).quantize(FEN)

    def started_construction(self) -> datetime.date | None:
        """Return the date construction started, or ``None`` if it has not.

        Examples
        --------
        >>> steps = ["planned", "consulting", "designing", "under_construction", "completed"]
        >>> p = RenovationProject(
        ...     id="p", name="某小区改造", compound="c", batch=2021, households=80, buildings=3,
        ...     floor_area="6400",
        ...     history=[{"status": s, "on": f"2021-0{i + 1}-01"} for i, s in enumerate(steps)])
        >>> p.started_construction()
        datetime.date(2021, 4, 1)
        >>> print(p.model_copy(update={"history": p.history[:3]}).started_construction())
        None
        """
        for change in self.history:
            if change.status is ProjectStatus.UNDER_CONSTRUCTION:
                return change.on
        return None
