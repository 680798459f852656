"""The figures of a report on a service catalogue, as typed results.

:func:`services_summary` gives the catalogue's (or one centre's) counts and mixes, its visit
shares, every centre's windows and hours, the 5-, 10- and 15-minute circles of every centre over
its subdistrict, and with a centre the guide of every item it offers. The results are attrs classes
whose fields are the report's keys; counts are ints, shares floats rounded to four places, window
kinds and mix keys the vocabularies' members.

Examples
--------
>>> import jiceng
>>> summary = services_summary(jiceng.examples.tongchuan().services)
>>> summary.items, summary.visits.share_zero, summary.reach[1].households_reached
(44, 0.3864, 6503)
>>> weekdays((1, 2, 3, 4, 5)), weekdays((6,)), weekdays((1, 3))
('周一至周五', '周六', '周一、周三')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

import attrs

from jiceng.services.catalogue import CentreRef, ServiceCatalogue
from jiceng.services.centres import ServiceCentre, Slot, SlotKind, Window, WindowKind
from jiceng.services.circles import SERVICE_CIRCLES
from jiceng.services.records import Channel, DeliveryMode, ItemType

__all__ = [
    "CentreFigures",
    "ReachFigures",
    "ServicesSummary",
    "VisitFigures",
    "WindowFigures",
    "centre_figures",
    "opening_hours",
    "reach_figures",
    "services_summary",
    "weekdays",
]

V = TypeVar("V", bound=StrEnum)

_WEEKDAYS = "一二三四五六日"


@attrs.frozen
class VisitFigures:
    """How many items need at most one visit (最多跑一次) and none (零跑腿), and their shares.

    Attributes
    ----------
    at_most_one, zero : int
        The numbers of items.
    share_at_most_one, share_zero : float
        Their shares of all items, rounded to four places (0.0 without items).

    Examples
    --------
    >>> VisitFigures(at_most_one=38, zero=18, share_at_most_one=0.8636, share_zero=0.4091).zero
    18
    """

    at_most_one: int
    zero: int
    share_at_most_one: float
    share_zero: float


@attrs.frozen
class WindowFigures:
    """A window of a centre: its kind, how many items it takes, and its hours as text.

    Attributes
    ----------
    id, name : str
        The window.
    kind : WindowKind
        Its kind.
    items : int
        The items it takes: every item of its centre for an ``all_routine`` window.
    hours : tuple[str, ...]
        Its slots, written by :func:`opening_hours`.
    all_routine : bool
        Whether it takes every item its centre offers.

    Examples
    --------
    >>> window = WindowFigures("f", "兜底窗口", WindowKind.FALLBACK, 0, ("周一至周五 08:30–12:00",),
    ...                        False)
    >>> window.kind.zh, window.hours[0]
    ('兜底', '周一至周五 08:30–12:00')
    """

    id: str
    name: str
    kind: WindowKind
    items: int
    hours: tuple[str, ...]
    all_routine: bool


@attrs.frozen
class CentreFigures:
    """A centre: its unit, how many items it offers, its platform users and its windows.

    Attributes
    ----------
    id, name, unit : str
        The centre and the unit it serves.
    items : int
        The number of items it offers.
    platform_users : int or None
        Its platform's registered users, where recorded.
    windows : tuple[WindowFigures, ...]
        Its windows, in the centre's order.
    modes : tuple[DeliveryMode, ...]
        The delivery modes the centre states it offers, in its order (empty where it states none).

    Examples
    --------
    >>> centre = CentreFigures("c", "小北街社区党群服务中心", "xiaobeijie", 44, 2150, ())
    >>> centre.items, centre.platform_users, centre.modes
    (44, 2150, ())
    """

    id: str
    name: str
    unit: str
    items: int
    platform_users: int | None
    windows: tuple[WindowFigures, ...]
    modes: tuple[DeliveryMode, ...] = ()


@attrs.frozen
class ReachFigures:
    """A service circle of one centre over its subdistrict: the compounds and households reached.

    Attributes
    ----------
    centre : str
        The centre's id.
    within, within_name : str
        The id and name of the subdistrict (the root of the centre's unit) measured over.
    minutes : int
        The circle.
    reached, missed : int
        The numbers of compounds reached and not reached.
    households_reached, households_missed : int
        Their households.

    Examples
    --------
    >>> ten = ReachFigures("c", "xicheng", "西城街道", 10, 6, 17, 1661, 2822)
    >>> ten.reached + ten.missed, ten.households_reached + ten.households_missed
    (23, 4483)
    """

    centre: str
    within: str
    within_name: str
    minutes: int
    reached: int
    missed: int
    households_reached: int
    households_missed: int


@attrs.frozen
class ServicesSummary:
    """The report on a service catalogue, or on one centre's offer.

    Attributes
    ----------
    centre : str or None
        The centre reported on, or ``None`` for the whole catalogue.
    departments, items : int
        The numbers of departments (those of the centre's items, for a centre) and items.
    by_type, channels, modes, windows : dict
        The mixes: counts by item type, channel, delivery mode and window kind, in the
        vocabulary's order, leaving out what does not occur.
    visits : VisitFigures
        The visit shares.
    centres : tuple[CentreFigures, ...]
        Every centre (or the one asked about).
    reach : tuple[ReachFigures, ...]
        The 5-, 10- and 15-minute circles of every centre, where the catalogue has walking times
        and a hierarchy.
    guide : tuple[tuple[str, ...], ...]
        For a centre, the guide of every item it offers (see
        :meth:`~jiceng.services.ServiceGuide.lines`); empty for the whole catalogue.

    Examples
    --------
    >>> import jiceng
    >>> catalogue = jiceng.examples.tongchuan().services
    >>> summary = services_summary(catalogue, centre="xiaobeijie-centre")
    >>> summary.centre, summary.departments, len(summary.guide)
    ('xiaobeijie-centre', 14, 44)
    >>> [(kind.zh, count) for kind, count in summary.windows.items()]
    [('代办', 3), ('兜底', 1)]
    >>> summary.guide[0][0]
    '最低生活保障 (行政给付) — 通川区民政局'
    """

    centre: str | None
    departments: int
    items: int
    by_type: dict[ItemType, int]
    channels: dict[Channel, int]
    modes: dict[DeliveryMode, int]
    windows: dict[WindowKind, int]
    visits: VisitFigures
    centres: tuple[CentreFigures, ...]
    reach: tuple[ReachFigures, ...]
    guide: tuple[tuple[str, ...], ...]


def services_summary(
    catalogue: ServiceCatalogue, centre: CentreRef | None = None
) -> ServicesSummary:
    """Return the report on a catalogue, or on one centre's offer.

    Parameters
    ----------
    catalogue
        The catalogue.
    centre
        One centre (its id, or the centre) instead of the whole catalogue.

    Raises
    ------
    UnknownCentreError
        For a centre the catalogue does not have.

    Examples
    --------
    >>> import jiceng
    >>> summary = services_summary(jiceng.examples.tongchuan().services)
    >>> summary.departments, summary.items, summary.by_type[ItemType.BENEFIT]
    (14, 44, 9)
    >>> summary.visits
    VisitFigures(at_most_one=38, zero=17, share_at_most_one=0.8636, share_zero=0.3864)
    >>> [(r.minutes, r.reached, r.missed) for r in summary.reach]
    [(5, 1, 21), (10, 6, 16), (15, 9, 13)]
    >>> summary.guide
    ()
    """
    counts = catalogue.summary(centre)
    centres = catalogue.centres if centre is None else (catalogue.centre(centre),)
    visits = counts.visits
    return ServicesSummary(
        centre=None if centre is None else catalogue.centre(centre).id,
        departments=counts.departments,
        items=counts.items,
        by_type=_members(ItemType, counts.by_type),
        channels=_members(Channel, counts.channels),
        modes=_members(DeliveryMode, counts.modes),
        windows=_members(WindowKind, counts.windows),
        visits=VisitFigures(
            at_most_one=visits.at_most_one,
            zero=visits.zero,
            share_at_most_one=round(visits.share_at_most_one, 4),
            share_zero=round(visits.share_zero, 4),
        ),
        centres=tuple(centre_figures(place) for place in centres),
        reach=tuple(figure for place in centres for figure in reach_figures(catalogue, place)),
        guide=tuple(tuple(catalogue.guide(i).lines()) for i in catalogue.items(centre=centre))
        if centre is not None
        else (),
    )


def centre_figures(centre: ServiceCentre) -> CentreFigures:
    """Return a centre's figures: its items, platform users, and each window's items and hours.

    Examples
    --------
    >>> import jiceng
    >>> place = jiceng.examples.tongchuan().services.centre("xiaobeijie-centre")
    >>> figures = centre_figures(place)
    >>> figures.items, [(w.id, w.items) for w in figures.windows]
    (44, [('daiban-1', 14), ('daiban-2', 20), ('daiban-3', 44), ('doudi', 0)])
    >>> figures.windows[0].hours[2]
    '周一至周五 17:30–19:30 (延时)'
    >>> [mode.zh for mode in figures.modes]
    ['预约+延时', '代办+上门', '自助+兜底', '网办+邮寄']
    """
    return CentreFigures(
        id=centre.id,
        name=centre.name,
        unit=centre.unit,
        items=len(centre.items),
        platform_users=centre.platform_users,
        windows=tuple(_window(window, centre) for window in centre.windows),
        modes=centre.modes,
    )


def _window(window: Window, centre: ServiceCentre) -> WindowFigures:
    return WindowFigures(
        id=window.id,
        name=window.name,
        kind=window.kind,
        items=len(centre.items) if window.all_routine else len(window.items),
        hours=tuple(opening_hours(slot) for slot in window.hours),
        all_routine=window.all_routine,
    )


def reach_figures(catalogue: ServiceCatalogue, centre: CentreRef) -> tuple[ReachFigures, ...]:
    """Return a centre's 5-, 10- and 15-minute circles over its subdistrict (its unit's root).

    Empty where the catalogue has no walking times or no hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> catalogue = jiceng.examples.tongchuan().services
    >>> five = reach_figures(catalogue, "xiaobeijie-centre")[0]
    >>> five.within_name, five.minutes, five.reached, five.households_reached
    ('西城街道', 5, 1, 1377)
    """
    hierarchy = catalogue.hierarchy
    if catalogue.walking is None or hierarchy is None:
        return ()
    place = catalogue.centre(centre)
    area = hierarchy.root_of(place.unit)
    figures = []
    for minutes in SERVICE_CIRCLES:
        found = catalogue.reach(minutes, centre=place, within=area)
        figures.append(
            ReachFigures(
                centre=place.id,
                within=area.id,
                within_name=area.name,
                minutes=minutes,
                reached=len(found.reached),
                missed=len(found.missed),
                households_reached=found.households_reached,
                households_missed=found.households_missed,
            )
        )
    return tuple(figures)


def opening_hours(slot: Slot) -> str:
    """Write a slot as ``周一至周五 08:30–12:00``, with its kind where it is not regular.

    Examples
    --------
    >>> opening_hours(Slot(days=[1, 2, 3, 4, 5], start="08:30", end="12:00"))
    '周一至周五 08:30–12:00'
    >>> opening_hours(Slot(days=[6], start="09:00", end="12:00", kind="appointment"))
    '周六 09:00–12:00 (预约)'
    """
    text = f"{weekdays(slot.days)} {slot.start:%H:%M}–{slot.end:%H:%M}"
    return text if slot.kind is SlotKind.REGULAR else f"{text} ({slot.kind.zh})"


def weekdays(days: Iterable[int]) -> str:
    """Write weekdays (1 = Monday … 7 = Sunday) as 周一至周五, 周六 or 周一、周三.

    Three or more consecutive days make a range; anything else is listed.

    Examples
    --------
    >>> weekdays([5, 4, 3, 2, 1]), weekdays([6, 7]), weekdays([1, 3, 5])
    ('周一至周五', '周六、周日', '周一、周三、周五')
    """
    ordered = sorted(set(days))
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"周{_WEEKDAYS[ordered[0] - 1]}至周{_WEEKDAYS[ordered[-1] - 1]}"
    return "、".join(f"周{_WEEKDAYS[d - 1]}" for d in ordered)


def _members(vocabulary: type[V], mix: Mapping[str, int]) -> dict[V, int]:
    return {vocabulary(key): count for key, count in mix.items()}
