"""Service items (服务事项) at community party-and-mass service centres (党群服务中心).

A :class:`ServiceItem` is one entry of the implementation list (实施清单) as a service guide
(办事指南) publishes it: its type, department, conditions, materials, process, time limits, fee,
channels, the number of on-site visits (到办事现场次数) and the delivery modes a centre offers. A
:class:`ServiceCentre` serves a community or street, offers items and staffs windows: proxy windows
(代办窗口) take routine requests on a resident's behalf, and the fallback window (兜底窗口, the
"办不成事" window of 国办发〔2022〕5号) takes special, failed and disputed ones —
"常规事项代理办，特殊事项兜底办".

:class:`ServiceCatalogue` checks departments, items and centres against each other (and the
hierarchy), routes requests to windows, tells a resident what the nearest centre offers, sums up
channel and mode mixes, and measures service circles (GB 50180-2018) on a walking-time graph.

Examples
--------
>>> import jiceng
>>> catalogue = jiceng.examples.tongchuan().services
>>> summary = catalogue.summary()
>>> summary.departments, summary.items
(14, 44)
>>> catalogue.route("高龄津贴申请", "xiaobeijie-centre").kind.zh
'代办'
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Self

import attrs
from pydantic import Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._references import unit_problems
from jiceng._vocabulary import Vocabulary, labels
from jiceng.errors import (
    IntegrityError,
    JicengError,
    Problem,
    UnknownCentreError,
    UnknownServiceItemError,
)
from jiceng.types import Area, Count, Money, Name, RecordId

if TYPE_CHECKING:
    import networkx as nx

    from jiceng.hierarchy import Hierarchy
    from jiceng.units import OrgUnit

__all__ = [
    "SERVICE_CIRCLES",
    "Applicant",
    "BusinessCase",
    "CatalogueSummary",
    "Channel",
    "DeliveryMode",
    "Department",
    "Fee",
    "ItemType",
    "Material",
    "MaterialForm",
    "Reach",
    "RoutingError",
    "ServiceCatalogue",
    "ServiceCentre",
    "ServiceCircle",
    "ServiceGuide",
    "ServiceItem",
    "Slot",
    "SlotKind",
    "TongbanScope",
    "VisitShares",
    "WalkingTime",
    "Window",
    "WindowKind",
]


@labels(
    {
        "licence": "行政许可",
        "confirmation": "行政确认",
        "adjudication": "行政裁决",
        "benefit": "行政给付",
        "award": "行政奖励",
        "filing": "行政备案",
        "other_power": "其他行政权力",
        "public_service": "公共服务",
    }
)
class ItemType(Vocabulary):
    """The type of a government service item (政务服务事项类型).

    Examples
    --------
    >>> ItemType.BENEFIT.zh
    '行政给付'
    """

    LICENCE = "licence"
    CONFIRMATION = "confirmation"
    ADJUDICATION = "adjudication"
    BENEFIT = "benefit"
    AWARD = "award"
    FILING = "filing"
    OTHER_POWER = "other_power"
    PUBLIC_SERVICE = "public_service"


@labels(
    {
        "appointment_extended": "预约+延时",
        "proxy_home": "代办+上门",
        "self_service_fallback": "自助+兜底",
        "online_post": "网办+邮寄",
    }
)
class DeliveryMode(Vocabulary):
    """A delivery mode of community centres, one of four pairs.

    预约+延时 appointment and extended hours; 代办+上门 proxy handling and home visits;
    自助+兜底 self-service with a fallback; 网办+邮寄 online handling with postal delivery.
    """

    APPOINTMENT_EXTENDED = "appointment_extended"
    PROXY_HOME = "proxy_home"
    SELF_SERVICE_FALLBACK = "self_service_fallback"
    ONLINE_POST = "online_post"


@labels(
    {
        "window": "窗口",
        "online": "网上办理",
        "mobile": "移动端",
        "self_service_terminal": "自助终端",
        "post": "邮寄",
    }
)
class Channel(Vocabulary):
    """A channel through which an item can be handled."""

    WINDOW = "window"
    ONLINE = "online"
    MOBILE = "mobile"
    SELF_SERVICE_TERMINAL = "self_service_terminal"
    POST = "post"


@labels(
    {
        "paper": "纸质",
        "electronic": "电子",
        "either": "纸质或电子",
    }
)
class MaterialForm(Vocabulary):
    """Whether a material is handed in on paper, electronically, or either."""

    PAPER = "paper"
    ELECTRONIC = "electronic"
    EITHER = "either"


@labels(
    {
        "natural_person": "自然人",
        "legal_person": "法人",
    }
)
class Applicant(Vocabulary):
    """Who may apply: natural persons (自然人) or legal persons (法人)."""

    NATURAL_PERSON = "natural_person"
    LEGAL_PERSON = "legal_person"


@labels(
    {
        "new": "新办",
        "change": "变更",
        "renew": "延续",
        "cancel": "注销",
    }
)
class BusinessCase(Vocabulary):
    """The business case of an item under a main item: new, change, renew or cancel."""

    NEW = "new"
    CHANGE = "change"
    RENEW = "renew"
    CANCEL = "cancel"


@labels(
    {
        "none": "不通办",
        "district": "区内通办",
        "city": "市内通办",
        "province": "省内通办",
        "nationwide": "全国通办",
    }
)
class TongbanScope(Vocabulary):
    """Where else an item can be handled (通办范围)."""

    NONE = "none"
    DISTRICT = "district"
    CITY = "city"
    PROVINCE = "province"
    NATIONWIDE = "nationwide"


@labels(
    {
        "proxy": "代办",
        "fallback": "兜底",
        "general": "综合",
        "self_service": "自助",
    }
)
class WindowKind(Vocabulary):
    """The kind of a window: proxy 代办, fallback 兜底, general 综合, self-service 自助."""

    PROXY = "proxy"
    FALLBACK = "fallback"
    GENERAL = "general"
    SELF_SERVICE = "self_service"


@labels(
    {
        "regular": "工作时间",
        "extended": "延时",
        "appointment": "预约",
    }
)
class SlotKind(Vocabulary):
    """Regular opening hours, extended hours (延时) or appointment only (预约)."""

    REGULAR = "regular"
    EXTENDED = "extended"
    APPOINTMENT = "appointment"


_REMOTE = frozenset({Channel.ONLINE, Channel.MOBILE, Channel.POST})


class Department(Record):
    """A department that implements items, e.g. 区民政局.

    Examples
    --------
    >>> Department(id="mz", name="通川区民政局", short_name="民政局").short_name
    '民政局'
    """

    id: RecordId
    name: Name
    short_name: Name | None = None


class Material(Record):
    """A material an applicant hands in (申请材料).

    Examples
    --------
    >>> Material(name="居民身份证", form="either", copies=1, source="申请人自备").form.zh
    '纸质或电子'
    """

    name: Name
    required: bool = True
    condition: Name | None = None
    form: MaterialForm = MaterialForm.EITHER
    copies: Count = 1
    source: Name | None = None


class Fee(Record):
    """Whether an item is charged for, how much, on what basis, and whether it can be waived.

    A charged fee needs an ``amount`` or a ``standard`` (error type ``fee_without_amount``); a
    free item has neither (``fee_not_charged``).

    Examples
    --------
    >>> Fee().charged, Fee(charged=True, amount="20", basis="国家计委收费标准").amount
    (False, Decimal('20'))
    """

    charged: bool = False
    amount: Money | None = None
    standard: Name | None = None
    basis: Name | None = None
    waivable: bool = False

    @model_validator(mode="after")
    def _check_fee(self) -> Self:
        if self.charged and self.amount is None and self.standard is None:
            raise PydanticCustomError(
                "fee_without_amount", "a charged fee needs an amount or a standard"
            )
        if not self.charged and (self.amount or self.standard):
            raise PydanticCustomError(
                "fee_not_charged", "a fee that is not charged has no amount or standard"
            )
        return self


class ServiceItem(Record):
    """One service item as its guide publishes it.

    Parameters
    ----------
    id
        The item code (事项编码), or any stable id.
    name, type, department
        Its name, :class:`ItemType` and implementing department's id.
    parent, case
        The item it belongs to (main item → sub-item → business case) and the business case.
    legal_basis, conditions, materials, steps
        Legal basis, acceptance conditions (受理条件), materials (申请材料), process (办理流程).
    statutory_days, promised_days
        Time limits in working days (法定/承诺办结时限); promised at most statutory.
    instant
        An instant case (即办件), handled on the spot.
    fee
        The :class:`Fee`.
    channels, visits, modes
        Channels, on-site visits needed (到办事现场次数) and the centre's delivery modes.
    applicants, scope
        Who may apply and where else it can be handled (通办范围).

    Raises
    ------
    pydantic.ValidationError
        ``time_limit_order`` (promised beyond statutory), ``instant_with_days`` (an instant case
        with a promised time), ``zero_visit_unreachable`` (no visit needed, but neither online
        handling nor post offered), plus the usual field errors.

    Examples
    --------
    >>> item = ServiceItem(id="gl", name="高龄津贴申请", type="benefit", department="mz",
    ...                    channels=["window", "online", "mobile"], visits=0,
    ...                    modes=["online_post", "proxy_home"], applicants=["natural_person"],
    ...                    statutory_days=20, promised_days=10)
    >>> item.remote, item.at_most_one_visit
    (True, True)
    """

    id: RecordId
    name: Name
    type: ItemType
    department: RecordId
    parent: RecordId | None = None
    case: BusinessCase | None = None
    legal_basis: tuple[Name, ...] = ()
    conditions: tuple[Name, ...] = ()
    materials: tuple[Material, ...] = ()
    steps: tuple[Name, ...] = ()
    statutory_days: Count | None = None
    promised_days: Count | None = None
    instant: bool = False
    fee: Fee = Fee()
    channels: tuple[Channel, ...] = Field(min_length=1)
    visits: Annotated[int, Field(ge=0, le=10, strict=True)]
    modes: tuple[DeliveryMode, ...] = ()
    applicants: tuple[Applicant, ...] = Field(min_length=1)
    scope: TongbanScope = TongbanScope.NONE

    @model_validator(mode="after")
    def _check_item(self) -> Self:
        if (
            self.statutory_days is not None
            and self.promised_days is not None
            and self.promised_days > self.statutory_days
        ):
            raise PydanticCustomError(
                "time_limit_order",
                "promised {promised} working days exceed the statutory {statutory}",
                {"promised": self.promised_days, "statutory": self.statutory_days},
            )
        if self.instant and self.promised_days:
            raise PydanticCustomError(
                "instant_with_days", "an instant case (即办件) has no promised time limit"
            )
        if self.visits == 0 and not _REMOTE.intersection(self.channels):
            raise PydanticCustomError(
                "zero_visit_unreachable",
                "an item needing no visit must be handled online or delivered by post",
            )
        return self

    @property
    def remote(self) -> bool:
        """Whether it can be handled without a visit (online, mobile or by post)."""
        return self.visits == 0

    @property
    def at_most_one_visit(self) -> bool:
        """Whether it needs at most one visit (最多跑一次)."""
        return self.visits <= 1


class Slot(Record):
    """A weekly opening slot: days (1 = Monday … 7 = Sunday), start and end times, and kind.

    Examples
    --------
    >>> Slot(days=[6, 7], start="09:00", end="12:00", kind="appointment").kind.zh
    '预约'
    """

    days: tuple[Annotated[int, Field(ge=1, le=7)], ...] = Field(min_length=1)
    start: datetime.time
    end: datetime.time
    kind: SlotKind = SlotKind.REGULAR

    @model_validator(mode="after")
    def _check_times(self) -> Self:
        if self.end <= self.start:
            raise PydanticCustomError(
                "slot_order",
                "a slot ends {end} before it starts {start}",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self


class Window(Record):
    """A window of a centre: its kind, the items it takes, and its hours.

    ``items`` lists the items it takes; ``all_routine`` makes it take every item the centre
    offers. A fallback window takes special requests for any item.

    Examples
    --------
    >>> Window(id="w4", name="兜底窗口", kind="fallback").kind.zh
    '兜底'
    """

    id: RecordId
    name: Name
    kind: WindowKind
    items: tuple[RecordId, ...] = ()
    all_routine: bool = False
    hours: tuple[Slot, ...] = ()

    def handles(self, item: str, offered: Iterable[str]) -> bool:
        """Whether the window takes routine requests for an item the centre offers."""
        return item in self.items or (self.all_routine and item in offered)


class ServiceCentre(Record):
    """A community's (or street's) party-and-mass service centre.

    Examples
    --------
    >>> ServiceCentre(id="c", name="小北街社区党群服务中心", unit="xiaobeijie", items=["gl"],
    ...               windows=[{"id": "w", "name": "代办窗口", "kind": "proxy",
    ...                         "all_routine": True}]).windows[0].kind.zh
    '代办'
    """

    id: RecordId
    name: Name
    unit: RecordId
    items: tuple[RecordId, ...] = ()
    windows: tuple[Window, ...] = ()
    floor_area: Area | None = None
    platform_users: Count | None = None


class WalkingTime(Record):
    """A walking time in minutes between two places (unit or centre ids), both ways.

    Where two records join the same places, the shorter time is used.

    Examples
    --------
    >>> WalkingTime(a="xiaobeijie-centre", b="xbj-c1", minutes=6).minutes
    6.0
    """

    a: RecordId
    b: RecordId
    minutes: Annotated[float, Field(gt=0)]


@attrs.frozen
class ServiceCircle:
    """A service circle of GB 50180-2018: walking minutes, distance and residents served."""

    minutes: int
    distance_m: tuple[int, int]
    residents: tuple[int, int]


SERVICE_CIRCLES: dict[int, ServiceCircle] = {
    5: ServiceCircle(5, (300, 300), (5_000, 12_000)),
    10: ServiceCircle(10, (500, 500), (15_000, 25_000)),
    15: ServiceCircle(15, (800, 1_000), (50_000, 100_000)),
}
"""The 5-, 10- and 15-minute living circles of GB 50180-2018 (城市居住区规划设计标准)."""


@attrs.frozen
class ServiceGuide:
    """An item with the items above it (main item first) and its department."""

    item: ServiceItem
    parents: tuple[ServiceItem, ...]
    department: Department

    def lines(self) -> list[str]:
        """Return the guide as readable lines (办事指南)."""
        item = self.item
        out = [f"{item.name} ({item.type.zh}) — {self.department.name}"]
        if self.parents:
            out.append("属于: " + " → ".join(parent.name for parent in self.parents))
        if item.conditions:
            out.append("受理条件: " + "；".join(item.conditions))
        for material in item.materials:
            need = "必要" if material.required else f"容缺/视情: {material.condition or ''}"
            out.append(f"材料: {material.name}（{need}，{material.form.zh}，{material.copies}份）")
        if item.steps:
            out.append("办理流程: " + " → ".join(item.steps))
        limit = (
            "即办"
            if item.instant
            else (
                f"法定{item.statutory_days}个工作日，承诺{item.promised_days}个工作日"
                if item.statutory_days is not None
                else "—"
            )
        )
        out.append(f"时限: {limit}")
        out.append(
            "收费: "
            + (f"收费 {item.fee.amount or item.fee.standard}" if item.fee.charged else "不收费")
        )
        out.append("渠道: " + "、".join(c.zh for c in item.channels) + f"；到现场 {item.visits} 次")
        if item.modes:
            out.append("服务方式: " + "、".join(m.zh for m in item.modes))
        return out


@attrs.frozen
class VisitShares:
    """How many items need at most one visit (最多跑一次) and none (零跑腿)."""

    items: int
    at_most_one: int
    zero: int

    @property
    def share_at_most_one(self) -> float:
        """The share needing at most one visit."""
        return self.at_most_one / self.items if self.items else 0.0

    @property
    def share_zero(self) -> float:
        """The share needing no visit."""
        return self.zero / self.items if self.items else 0.0


@attrs.frozen
class CatalogueSummary:
    """Counts and mixes of a catalogue, or of one centre's offer."""

    departments: int
    items: int
    by_type: dict[str, int]
    channels: dict[str, int]
    modes: dict[str, int]
    windows: dict[str, int]
    visits: VisitShares


@attrs.frozen
class Reach:
    """Which compounds lie within a walking time of a centre, and the households covered."""

    minutes: float
    reached: tuple[str, ...]
    missed: tuple[str, ...]
    households_reached: int
    households_missed: int
    circle: ServiceCircle | None

    @property
    def share_reached(self) -> float:
        """The share of households (with a figure) in reached compounds."""
        total = self.households_reached + self.households_missed
        return self.households_reached / total if total else 0.0


class RoutingError(JicengError, LookupError):
    """No window of a centre can take a request.

    Attributes
    ----------
    item, centre : str
        The item and the centre.

    Examples
    --------
    >>> print(RoutingError("gl", "c", "no proxy or general window takes it"))
    centre 'c' cannot take item 'gl': no proxy or general window takes it
    """

    def __init__(self, item: str, centre: str, reason: str) -> None:
        self.item = item
        self.centre = centre
        self.reason = reason
        super().__init__(f"centre {centre!r} cannot take item {item!r}: {reason}")

    def __str__(self) -> str:
        """Return the message as a sentence."""
        return str(self.args[0])

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.item, self.centre, self.reason), {}


ItemRef = str | ServiceItem
CentreRef = str | ServiceCentre


class ServiceCatalogue:
    """Departments, service items and centres, checked against each other and the hierarchy.

    Parameters
    ----------
    departments, items, centres
        The records.
    hierarchy
        The hierarchy the centres' units belong to; needed for :meth:`nearest_centre` and
        :meth:`reach`. While a catalogue with a hierarchy exists, an edit that would remove a
        centre's unit is refused.
    walking
        Walking times between units and centres, as :class:`WalkingTime` records or a networkx
        graph whose every edge has a ``minutes`` attribute (copied as an undirected graph;
        :class:`ValueError` for an edge without one).
    centre_levels
        The levels whose units may host a centre.

    Raises
    ------
    IntegrityError
        Listing every problem: ``duplicate_id`` (departments, items, centres, or windows of one
        centre), ``unknown_department``, ``unknown_parent_item``, ``item_cycle``, ``unknown_item``
        (a centre offering or a window taking an item the catalogue lacks),
        ``window_item_not_offered``, ``unknown_unit``, ``unit_level``, ``centre_id_clash`` (a
        centre id that is also a unit id).
    """

    __slots__ = (
        "__weakref__",
        "_centre_levels",
        "_centres",
        "_departments",
        "_hierarchy",
        "_items",
        "_walking",
        "_walking_times",
    )

    def __init__(
        self,
        departments: Iterable[Department],
        items: Iterable[ServiceItem],
        centres: Iterable[ServiceCentre] = (),
        hierarchy: Hierarchy | None = None,
        *,
        walking: Iterable[WalkingTime] | nx.Graph[str] | None = None,
        centre_levels: Sequence[str] = ("community", "street"),
    ) -> None:
        departments, items, centres = tuple(departments), tuple(items), tuple(centres)
        self._departments = {d.id: d for d in departments}
        self._items = {i.id: i for i in items}
        self._centres = {c.id: c for c in centres}
        self._hierarchy = hierarchy
        self._centre_levels = tuple(centre_levels)
        self._walking_times, self._walking = _walking(walking)
        problems = self._problems(list(departments), list(items), list(centres))
        if problems:
            raise IntegrityError(problems)
        if hierarchy is not None:
            hierarchy._add_reference_check(self._reference_problems)

    # -- checks -----------------------------------------------------------------------------

    def _problems(
        self,
        departments: list[Department],
        items: list[ServiceItem],
        centres: list[ServiceCentre],
    ) -> list[Problem]:
        problems: list[Problem] = []
        for kind, ids in (
            ("department", [d.id for d in departments]),
            ("item", [i.id for i in items]),
            ("centre", [c.id for c in centres]),
        ):
            problems.extend(
                Problem("duplicate_id", (key,), f"{kind} id {key!r} is used {count} times")
                for key, count in Counter(ids).items()
                if count > 1
            )
        for item in items:
            if item.department not in self._departments:
                problems.append(
                    Problem(
                        "unknown_department",
                        (item.id, item.department),
                        f"item {item.id!r} names department {item.department!r}, which is not "
                        "in the catalogue",
                    )
                )
            if item.parent is not None and item.parent not in self._items:
                problems.append(
                    Problem(
                        "unknown_parent_item",
                        (item.id, item.parent),
                        f"item {item.id!r} names parent item {item.parent!r}, which is not in "
                        "the catalogue",
                    )
                )
        problems.extend(self._item_cycles())
        for centre in centres:
            windows = Counter(w.id for w in centre.windows)
            problems.extend(
                Problem(
                    "duplicate_id",
                    (centre.id, wid),
                    f"centre {centre.id!r} has {count} windows with id {wid!r}",
                )
                for wid, count in windows.items()
                if count > 1
            )
            offered = set(centre.items)
            problems.extend(
                Problem(
                    "unknown_item",
                    (centre.id, item_id),
                    f"centre {centre.id!r} offers item {item_id!r}, which is not in the catalogue",
                )
                for item_id in centre.items
                if item_id not in self._items
            )
            for window in centre.windows:
                for item_id in window.items:
                    if item_id not in self._items:
                        problems.append(
                            Problem(
                                "unknown_item",
                                (centre.id, window.id, item_id),
                                f"window {window.id!r} of {centre.id!r} takes item {item_id!r},"
                                " which is not in the catalogue",
                            )
                        )
                    elif item_id not in offered:
                        problems.append(
                            Problem(
                                "window_item_not_offered",
                                (centre.id, window.id, item_id),
                                f"window {window.id!r} takes item {item_id!r}, which its centre "
                                f"{centre.id!r} does not offer",
                            )
                        )
        if self._hierarchy is not None:
            problems.extend(self._reference_problems(self._hierarchy))
        return problems

    def _item_cycles(self) -> list[Problem]:
        problems = []
        done: set[str] = set()
        for start in self._items:
            walk: list[str] = []
            seen: set[str] = set()
            current: str | None = start
            while current is not None and current in self._items and current not in done:
                if current in seen:
                    cycle = walk[walk.index(current) :]
                    problems.append(
                        Problem(
                            "item_cycle",
                            tuple(cycle),
                            "items " + " → ".join(cycle) + f" → {current} form a cycle",
                        )
                    )
                    break
                seen.add(current)
                walk.append(current)
                current = self._items[current].parent
            done.update(walk)
        return problems

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        problems = [
            Problem(
                "centre_id_clash",
                (centre.id,),
                f"centre id {centre.id!r} is also a unit's id; walking times could not tell them "
                "apart",
            )
            for centre in self._centres.values()
            if centre.id in hierarchy
        ]
        problems += unit_problems(
            hierarchy,
            ((c.id, c.unit) for c in self._centres.values()),
            self._centre_levels,
            record="centre",
            verb="serves",
        )
        return problems

    # -- the container ----------------------------------------------------------------------

    @property
    def hierarchy(self) -> Hierarchy | None:
        """The hierarchy the centres' units belong to, if any."""
        return self._hierarchy

    @property
    def departments(self) -> tuple[Department, ...]:
        """The departments, in input order."""
        return tuple(self._departments.values())

    @property
    def centres(self) -> tuple[ServiceCentre, ...]:
        """The centres, in input order."""
        return tuple(self._centres.values())

    @property
    def walking(self) -> nx.Graph[str] | None:
        """The walking-time graph, if any."""
        return self._walking

    @property
    def centre_levels(self) -> tuple[str, ...]:
        """The levels whose units may host a centre."""
        return self._centre_levels

    def __len__(self) -> int:
        """Return the number of items."""
        return len(self._items)

    def __iter__(self) -> Iterator[ServiceItem]:
        """Iterate over the items in input order."""
        return iter(self._items.values())

    def __eq__(self, other: object) -> bool:
        """Equal when the records are equal, in the same order."""
        if not isinstance(other, ServiceCatalogue):
            return NotImplemented
        return (
            self.departments == other.departments
            and tuple(self) == tuple(other)
            and self.centres == other.centres
            and self.walking_times() == other.walking_times()
            and self._centre_levels == other._centre_levels
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Show the numbers of records."""
        return (
            f"<ServiceCatalogue of {len(self._departments)} departments, {len(self)} items, "
            f"{len(self._centres)} centres>"
        )

    def walking_times(self) -> tuple[WalkingTime, ...]:
        """Return the walking times as records, one per pair of places, in first-seen order."""
        return self._walking_times

    def item(self, ref: ItemRef) -> ServiceItem:
        """Return an item by id or, failing that, by its exact name.

        Raises
        ------
        UnknownUnitError
            If no item has that id or name (a :class:`KeyError`).
        """
        if isinstance(ref, ServiceItem):
            ref = ref.id
        found = self._items.get(ref)
        if found is not None:
            return found
        for item in self._items.values():
            if item.name == ref:
                return item
        raise UnknownServiceItemError(ref)

    def centre(self, ref: CentreRef) -> ServiceCentre:
        """Return a centre by id; :class:`~jiceng.UnknownUnitError` for a missing one."""
        key = ref.id if isinstance(ref, ServiceCentre) else ref
        try:
            return self._centres[key]
        except KeyError:
            raise UnknownCentreError(key) from None

    # -- queries ----------------------------------------------------------------------------

    def items(
        self,
        *,
        department: str | None = None,
        type: ItemType | str | None = None,
        mode: DeliveryMode | str | None = None,
        channel: Channel | str | None = None,
        centre: CentreRef | None = None,
    ) -> list[ServiceItem]:
        """Return the items that match every condition given, in input order.

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> len(catalogue.items(channel="post")) > 0
        True
        """
        wanted_type = None if type is None else ItemType(type)
        wanted_mode = None if mode is None else DeliveryMode(mode)
        wanted_channel = None if channel is None else Channel(channel)
        offered = None if centre is None else set(self.centre(centre).items)
        return [
            item
            for item in self._items.values()
            if (department is None or item.department == department)
            and (wanted_type is None or item.type is wanted_type)
            and (wanted_mode is None or wanted_mode in item.modes)
            and (wanted_channel is None or wanted_channel in item.channels)
            and (offered is None or item.id in offered)
        ]

    def guide(self, ref: ItemRef) -> ServiceGuide:
        """Return an item's guide: the item, the items above it, and its department."""
        item = self.item(ref)
        parents = []
        current = item.parent
        while current is not None and current in self._items:
            parents.append(self._items[current])
            current = self._items[current].parent
        return ServiceGuide(item, tuple(reversed(parents)), self._departments[item.department])

    def zero_visit(self, centre: CentreRef | None = None) -> list[ServiceItem]:
        """Return the items that need no visit (零跑腿), in input order."""
        return [item for item in self.items(centre=centre) if item.visits == 0]

    def visit_shares(self, centre: CentreRef | None = None) -> VisitShares:
        """Return how many items need at most one visit (最多跑一次) and none (零跑腿).

        Examples
        --------
        >>> import jiceng
        >>> shares = jiceng.examples.tongchuan().services.visit_shares()
        >>> 0 < shares.share_zero < shares.share_at_most_one <= 1
        True
        """
        chosen = self.items(centre=centre)
        return VisitShares(
            items=len(chosen),
            at_most_one=sum(item.visits <= 1 for item in chosen),
            zero=sum(item.visits == 0 for item in chosen),
        )

    def summary(self, centre: CentreRef | None = None) -> CatalogueSummary:
        """Return the counts and mixes of the catalogue, or of one centre's offer."""
        chosen = self.items(centre=centre)
        windows = (
            [w for c in self._centres.values() for w in c.windows]
            if centre is None
            else list(self.centre(centre).windows)
        )
        return CatalogueSummary(
            departments=len({item.department for item in chosen})
            if centre is not None
            else len(self._departments),
            items=len(chosen),
            by_type=_mix((item.type for item in chosen), ItemType),
            channels=_mix((c for item in chosen for c in item.channels), Channel),
            modes=_mix((m for item in chosen for m in item.modes), DeliveryMode),
            windows=_mix((w.kind for w in windows), WindowKind),
            visits=self.visit_shares(centre),
        )

    # -- routing ----------------------------------------------------------------------------

    def route(self, item: ItemRef, centre: CentreRef, *, special: bool = False) -> Window:
        """Return the window that takes a request for an item at a centre.

        A routine request goes to a proxy window (代办窗口) that takes the item, or failing one a
        general window (综合窗口) that does; a special, failed or disputed request
        (``special=True``) goes to the fallback window (兜底窗口): "常规事项代理办，特殊事项兜底办".
        Windows are tried in the centre's order.

        Raises
        ------
        RoutingError
            If the centre does not offer the item, or has no window for the request.

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> catalogue.route("最低生活保障", "xiaobeijie-centre", special=True).kind.zh
        '兜底'
        """
        found = self.item(item)
        place = self.centre(centre)
        if found.id not in place.items:
            raise RoutingError(found.id, place.id, "the centre does not offer it")
        if special:
            for window in place.windows:
                if window.kind is WindowKind.FALLBACK:
                    return window
            raise RoutingError(found.id, place.id, "the centre has no fallback window (兜底窗口)")
        for kind in (WindowKind.PROXY, WindowKind.GENERAL):
            for window in place.windows:
                if window.kind is kind and window.handles(found.id, place.items):
                    return window
        raise RoutingError(found.id, place.id, "no proxy or general window takes it")

    # -- the nearest centre -----------------------------------------------------------------

    def nearest_centre(self, unit: str | OrgUnit) -> ServiceCentre | None:
        """Return the centre of the unit, or of its nearest ancestor that has one."""
        hierarchy = self._need_hierarchy("nearest_centre()")
        by_unit: dict[str, ServiceCentre] = {}
        for centre in self._centres.values():
            by_unit.setdefault(centre.unit, centre)
        here = hierarchy[unit]
        for candidate in (here, *hierarchy.ancestors(here)):
            if candidate.id in by_unit:
                return by_unit[candidate.id]
        return None

    def available(self, unit: str | OrgUnit) -> list[ServiceItem]:
        """Return what a resident of a unit can get at the nearest centre up the hierarchy.

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> building = catalogue.hierarchy.descendants("xiaobeijie", level="building")[0]
        >>> len(catalogue.available(building))
        44
        """
        centre = self.nearest_centre(unit)
        return [] if centre is None else self.items(centre=centre)

    def _need_hierarchy(self, what: str) -> Hierarchy:
        if self._hierarchy is None:
            raise ValueError(f"{what} needs a catalogue built with a hierarchy")
        return self._hierarchy

    # -- service circles --------------------------------------------------------------------

    def reach(
        self,
        minutes: float = 10,
        *,
        centre: CentreRef | None = None,
        graph: nx.Graph[str] | None = None,
        level: str = "compound",
        within: str | OrgUnit | None = None,
    ) -> Reach:
        """Return the compounds within ``minutes`` walk of a centre, and the households covered.

        Distances are shortest walking times (networkx's Dijkstra with a cutoff) from the
        centres (or one ``centre``) over ``graph`` (default: the catalogue's walking times),
        whose nodes are centre and unit ids. A compound with no path, or not in the graph, is
        "not reached"; never an error. Households are each compound's total.

        Parameters
        ----------
        minutes
            The circle: 5, 10 and 15 carry the GB 50180-2018 sizes in ``circle``.
        centre
            One centre instead of all.
        graph
            Another walking-time graph.
        level
            The level of the units to reach.
        within
            Only the units of this unit's subtree (default: every unit at ``level``).

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> ten = catalogue.reach(10, within="xiaobeijie")
        >>> len(ten.reached) > 0, ten.circle.distance_m
        (True, (500, 500))
        """
        import networkx as nx  # noqa: PLC0415 - imported when asked for

        hierarchy = self._need_hierarchy("reach()")
        walking = _walking(graph)[1] if graph is not None else self._walking
        if minutes <= 0:
            raise ValueError(f"minutes must be positive, got {minutes!r}")
        sources = (
            [self.centre(centre).id]
            if centre is not None
            else [c.id for c in self._centres.values()]
        )
        present = [s for s in sources if walking is not None and s in walking]
        distances: dict[str, float] = {}
        if walking is not None and present:
            distances = nx.multi_source_dijkstra_path_length(
                walking, present, cutoff=minutes, weight="minutes"
            )
        targets = (
            hierarchy.at_level(level)
            if within is None
            else hierarchy.descendants(within, level=level)
        )
        reached = [u.id for u in targets if u.id in distances]
        missed = [u.id for u in targets if u.id not in distances]
        return Reach(
            minutes=minutes,
            reached=tuple(reached),
            missed=tuple(missed),
            households_reached=sum(hierarchy.total(u, "households") or 0 for u in reached),
            households_missed=sum(hierarchy.total(u, "households") or 0 for u in missed),
            circle=SERVICE_CIRCLES.get(int(minutes)) if minutes == int(minutes) else None,
        )


def _mix(values: Iterable[StrEnum], vocabulary: type[StrEnum]) -> dict[str, int]:
    counts = Counter(values)
    return {member.value: counts[member] for member in vocabulary if counts[member]}


def _walking(
    walking: Iterable[WalkingTime] | nx.Graph[str] | None,
) -> tuple[tuple[WalkingTime, ...], nx.Graph[str] | None]:
    """Return the walking times as records and as a graph.

    The records hold one time per pair of places, in first-seen order; of two times for the same
    pair, the shorter.
    """
    if walking is None:
        return (), None
    import networkx as nx  # noqa: PLC0415 - imported when asked for

    if isinstance(walking, nx.Graph):
        edges = []
        for a, b, data in walking.edges(data=True):
            try:
                edges.append(WalkingTime(a=a, b=b, minutes=data["minutes"]))
            except (KeyError, ValidationError) as error:
                raise ValueError(
                    f"walking-time edge {a!r}–{b!r} needs a 'minutes' attribute > 0 between "
                    f"string ids: {error}"
                ) from None
        walking = edges
    first: dict[frozenset[str], WalkingTime] = {}
    for edge in walking:
        pair = frozenset((edge.a, edge.b))
        known = first.get(pair)
        if known is None:
            first[pair] = edge
        elif edge.minutes < known.minutes:  # of two routes, the shorter
            first[pair] = known.model_copy(update={"minutes": edge.minutes})
    graph: nx.Graph[str] = nx.Graph()
    for edge in first.values():
        graph.add_edge(edge.a, edge.b, minutes=edge.minutes)
    return tuple(first.values()), graph
