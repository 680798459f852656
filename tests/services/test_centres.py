from __future__ import annotations

import datetime

import pytest
from pydantic import ValidationError

from jiceng.services import ServiceCentre, Slot, SlotKind, Window, WindowKind


def test_slots() -> None:
    slot = Slot(days=[1, 2, 3, 4, 5], start="08:30", end="12:00")
    assert (slot.start, slot.end, slot.kind) == (
        datetime.time(8, 30),
        datetime.time(12, 0),
        SlotKind.REGULAR,
    )
    with pytest.raises(ValidationError) as caught:
        Slot(days=[1], start="12:00", end="09:00")
    assert {e["type"] for e in caught.value.errors()} == {"slot_order"}
    with pytest.raises(ValidationError):
        Slot(days=[8], start="09:00", end="12:00")
    with pytest.raises(ValidationError):
        Slot(days=[], start="09:00", end="12:00")


def test_windows_take_what_they_list_or_every_routine_item() -> None:
    listed = Window(id="p", name="代办窗口", kind="proxy", items=["a"])
    every = Window(id="q", name="综合窗口", kind="general", all_routine=True)
    assert listed.handles("a", [])
    assert not listed.handles("b", ["b"])
    assert every.handles("b", ["a", "b"])
    assert not every.handles("c", ["a", "b"])
    assert [kind.zh for kind in WindowKind] == ["代办", "兜底", "综合", "自助"]
    assert [kind.zh for kind in SlotKind] == ["工作时间", "延时", "预约"]


def test_centres() -> None:
    centre = ServiceCentre.model_validate(
        {
            "id": "c",
            "name": "小北街社区党群服务中心",
            "unit": "xiaobeijie",
            "items": ["gl"],
            "windows": [{"id": "w", "name": "代办窗口", "kind": "proxy", "all_routine": True}],
        }
    )
    assert centre.windows[0].kind is WindowKind.PROXY
    assert (centre.floor_area, centre.platform_users) == (None, None)
    with pytest.raises(ValidationError):
        ServiceCentre(id="c", name="中心", unit="x", platform_users=-1)
