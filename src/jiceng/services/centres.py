"""Service centres (党群服务中心), their windows and the windows' opening hours.

A :class:`ServiceCentre` serves a community or street unit, offers items and staffs windows:
proxy windows (代办窗口) take routine requests on a resident's behalf, and the fallback window
(兜底窗口, the "办不成事" window of 国办发〔2022〕5号) takes special, failed and disputed ones —
"常规事项代理办，特殊事项兜底办".

Examples
--------
>>> centre = ServiceCentre(id="c", name="小北街社区党群服务中心", unit="xiaobeijie",
...                        items=["gl"], windows=[Window(id="f", name="兜底窗口", kind="fallback")])
>>> centre.windows[0].kind.zh, centre.items
('兜底', ('gl',))
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.types import Area, Count, Name, RecordId

__all__ = ["ServiceCentre", "Slot", "SlotKind", "Window", "WindowKind"]


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
