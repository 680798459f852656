"""Service centres (党群服务中心), their windows and the windows' opening hours.

A :class:`ServiceCentre` serves a community or subdistrict unit, offers items and staffs windows:
proxy windows (代办窗口) take routine requests on a resident's behalf, and the fallback window
(兜底窗口) takes special, failed and disputed ones — "常规事项代理办，特殊事项兜底办". From 2022
the fallback window is also the "办不成事"反映窗口 that 国发〔2022〕5号 (the State Council's
guideline on standardised government services) requires; a centre described as of an earlier date
(``as_of``) may not give its window that name. A centre also states the delivery modes it offers
(:class:`~jiceng.services.DeliveryMode`: 预约+延时, 代办+上门, 自助+兜底, 网办+邮寄).

Examples
--------
>>> centre = ServiceCentre(id="c", name="小北街社区党群服务中心", unit="xiaobeijie",
...                        items=["gl"], windows=[Window(id="f", name="兜底窗口", kind="fallback")],
...                        modes=["proxy_home", "online_post"], as_of="2020-12-31")
>>> centre.windows[0].kind.zh, centre.items, [mode.zh for mode in centre.modes]
('兜底', ('gl',), ['代办+上门', '网办+邮寄'])
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.services.records import DeliveryMode
from jiceng.types import Area, Count, Name, RecordId

__all__ = [
    "BANBUCHENG_WINDOW_FROM",
    "ServiceCentre",
    "Slot",
    "SlotKind",
    "Window",
    "WindowKind",
    "fallback_window_name",
]

BANBUCHENG_WINDOW_FROM = datetime.date(2022, 1, 1)
"""The start of the era of the "办不成事"反映窗口: 国发〔2022〕5号 (2022) asks service centres to
set one up; before it a centre's fallback window is only a 兜底窗口.

Examples
--------
>>> BANBUCHENG_WINDOW_FROM.year
2022
"""

_BANBUCHENG = "办不成事"


def fallback_window_name(on: datetime.date) -> str:
    """Return the name a fallback window bears on a date, as its era calls it.

    Before :data:`BANBUCHENG_WINDOW_FROM` it is a 兜底窗口; from 2022 also the "办不成事"反映窗口
    of 国发〔2022〕5号.

    Examples
    --------
    >>> fallback_window_name(datetime.date(2020, 9, 1))
    '兜底窗口'
    >>> fallback_window_name(datetime.date(2022, 3, 1))
    '兜底窗口（“办不成事”反映窗口）'
    """
    if on < BANBUCHENG_WINDOW_FROM:
        return "兜底窗口"
    return "兜底窗口（“办不成事”反映窗口）"


@labels(
    {
        "proxy": "代办",
        "fallback": "兜底",
        "general": "综合",
        "self_service": "自助",
    }
)
class WindowKind(Vocabulary):
    """The kind of a window: proxy 代办, fallback 兜底, general 综合, self-service 自助.

    Examples
    --------
    >>> [kind.zh for kind in WindowKind]
    ['代办', '兜底', '综合', '自助']
    """

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
    """Regular opening hours, extended hours (延时) or appointment only (预约).

    Examples
    --------
    >>> SlotKind.EXTENDED.zh, SlotKind("regular").zh
    ('延时', '工作时间')
    """

    REGULAR = "regular"
    EXTENDED = "extended"
    APPOINTMENT = "appointment"


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
        """Whether the window takes routine requests for an item the centre offers.

        Parameters
        ----------
        item
            The item's id.
        offered
            The ids of the items the window's centre offers.

        Examples
        --------
        >>> listed = Window(id="p", name="代办窗口", kind="proxy", items=["gl"])
        >>> every = Window(id="q", name="综合窗口", kind="general", all_routine=True)
        >>> listed.handles("gl", []), listed.handles("db", ["db"]), every.handles("db", ["db"])
        (True, False, True)
        >>> every.handles("db", ["gl"])
        False
        """
        return item in self.items or (self.all_routine and item in offered)


class ServiceCentre(Record):
    """A community's (or subdistrict's) party-and-mass service centre.

    Parameters
    ----------
    id, name, unit
        The centre's id, name and the unit it serves.
    items, windows
        The items it offers and its windows.
    modes
        The delivery modes it offers (:class:`~jiceng.services.DeliveryMode`); where given,
        every item it offers uses only these (the catalogue checks, ``mode_not_offered``).
    as_of
        The date the record describes the centre on, if known.
    floor_area, platform_users
        Its floor area in m² and the residents on its self-service platform.

    Raises
    ------
    pydantic.ValidationError
        ``fallback_name_anachronism``: a centre described before 2022 whose fallback window bears
        the "办不成事" name of 国发〔2022〕5号.

    Examples
    --------
    >>> ServiceCentre(id="c", name="小北街社区党群服务中心", unit="xiaobeijie", items=["gl"],
    ...               windows=[{"id": "w", "name": "代办窗口", "kind": "proxy",
    ...                         "all_routine": True}]).windows[0].kind.zh
    '代办'
    >>> from pydantic import ValidationError
    >>> try:
    ...     ServiceCentre(id="c", name="中心", unit="u", as_of="2020-12-31",
    ...                   windows=[{"id": "f", "name": "办不成事反映窗口", "kind": "fallback"}])
    ... except ValidationError as error:
    ...     print(error.errors()[0]["type"])
    fallback_name_anachronism
    """

    id: RecordId
    name: Name
    unit: RecordId
    items: tuple[RecordId, ...] = ()
    windows: tuple[Window, ...] = ()
    modes: tuple[DeliveryMode, ...] = ()
    as_of: datetime.date | None = None
    floor_area: Area | None = None
    platform_users: Count | None = None

    @model_validator(mode="after")
    def _check_era(self) -> Self:
        if self.as_of is not None and self.as_of < BANBUCHENG_WINDOW_FROM:
            named = [
                w.id
                for w in self.windows
                if w.kind is WindowKind.FALLBACK and _BANBUCHENG in w.name
            ]
            if named:
                raise PydanticCustomError(
                    "fallback_name_anachronism",
                    "window {ids} of a centre described on {on} bears the 办不成事 name, which "
                    "dates from 国发〔2022〕5号",
                    {"ids": ", ".join(named), "on": str(self.as_of)},
                )
        return self
