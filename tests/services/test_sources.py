"""Service rules against their texts: 居民身份证法, 国发〔2022〕5号, the seed's four modes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

import jiceng
from jiceng import IntegrityError
from jiceng.services import (
    BANBUCHENG_WINDOW_FROM,
    BusinessCase,
    DayCount,
    DeliveryMode,
    ServiceCatalogue,
    ServiceCentre,
    ServiceItem,
    fallback_window_name,
)

from .builders import DEPARTMENTS, item

D = datetime.date


def card(**changes: Any) -> ServiceItem:
    """The identity card item: 居民身份证法 Art. 12 gives sixty (calendar) days."""
    data: dict[str, Any] = {
        "statutory_days": 60,
        "statutory_unit": "calendar",
        "promised_days": 15,
        "on_site_reason": "采集人像和指纹信息",
    }
    data.update(changes)
    return item("sfz", name="居民身份证申领", type="confirmation", **data)


# (statutory, its count, promised, its count, within the statutory limit?)
TIME_LIMITS = [
    (60, "calendar", 15, "working", True),  # Art. 12's 60 days; 15 working days = 21 calendar
    (60, "calendar", 42, "working", True),  # 42 working days = 58.8 calendar days
    (60, "calendar", 43, "working", False),  # 60.2 calendar days: beyond Art. 12
    (60, "calendar", 60, "calendar", True),
    (60, "calendar", 61, "calendar", False),
    (20, "working", 28, "calendar", True),  # 20 working days = 28 calendar days
    (20, "working", 29, "calendar", False),
    (20, "working", 20, "working", True),
    (20, "working", 21, "working", False),
]


@pytest.mark.parametrize(("statutory", "s_unit", "promised", "p_unit", "ok"), TIME_LIMITS)
def test_time_limits_compare_in_their_own_counts(
    statutory: int, s_unit: str, promised: int, p_unit: str, ok: bool
) -> None:
    changes = {
        "statutory_days": statutory,
        "statutory_unit": s_unit,
        "promised_days": promised,
        "promised_unit": p_unit,
    }
    if ok:
        made = card(**changes)
        assert (made.statutory_unit, made.promised_unit) == (DayCount(s_unit), DayCount(p_unit))
    else:
        with pytest.raises(ValidationError) as caught:
            card(**changes)
        assert caught.value.errors()[0]["type"] == "time_limit_order"


def test_a_file_without_a_unit_reads_working_days() -> None:
    old = ServiceItem.model_validate(
        {
            "id": "x",
            "name": "临时救助",
            "type": "benefit",
            "department": "mz",
            "channels": ["window"],
            "visits": 1,
            "applicants": ["natural_person"],
            "statutory_days": 15,
            "promised_days": 10,
        }
    )
    assert (old.statutory_unit, old.promised_unit) == (DayCount.WORKING, DayCount.WORKING)
    assert "statutory_unit" not in old.model_dump(exclude_defaults=True)
    assert [c.zh for c in DayCount] == ["工作日", "自然日"]


def test_an_on_site_reason_needs_a_visit() -> None:
    assert card().on_site_reason == "采集人像和指纹信息"
    with pytest.raises(ValidationError) as caught:
        card(visits=0, channels=["window", "post"])
    assert caught.value.errors()[0]["type"] == "on_site_reason_without_visit"


# 居民身份证法 Art. 20 and the national fee standard: (item, case, fee, waivable).
ID_CARD_FEES = [
    ("居民身份证申领", None, Decimal(20), True),  # first application or renewal on expiry
    ("居民身份证补领", BusinessCase.REPLACE, Decimal(40), False),  # a lost card's replacement
]


@pytest.mark.parametrize(("name", "case", "amount", "waivable"), ID_CARD_FEES)
def test_the_bundled_identity_card_items(
    name: str, case: BusinessCase | None, amount: Decimal, waivable: bool
) -> None:
    catalogue = jiceng.examples.tongchuan().services
    assert catalogue is not None
    found = catalogue.item(name)
    assert (found.case, found.fee.amount, found.fee.waivable) == (case, amount, waivable)
    assert (found.statutory_days, found.statutory_unit) == (60, DayCount.CALENDAR)
    assert found.promised_unit is DayCount.WORKING
    assert found.on_site_reason is not None
    assert found.visits == 1


def test_the_replacement_is_a_case_of_the_application() -> None:
    catalogue = jiceng.examples.tongchuan().services
    assert catalogue is not None
    guide = catalogue.guide("居民身份证补领")
    assert [parent.name for parent in guide.parents] == ["居民身份证申领"]
    assert BusinessCase.REPLACE.zh == "补领"


def test_the_seed_names_the_old_age_subsidy() -> None:
    catalogue = jiceng.examples.tongchuan().services
    assert catalogue is not None
    assert catalogue.item("高龄补贴").visits == 0


# 国发〔2022〕5号 (2022): the "办不成事"反映窗口 from 2022; before it, a 兜底窗口.
WINDOW_NAMES = [
    (D(2020, 9, 1), "兜底窗口"),
    (D(2021, 12, 31), "兜底窗口"),
    (D(2022, 1, 1), "兜底窗口（“办不成事”反映窗口）"),
    (D(2026, 11, 26), "兜底窗口（“办不成事”反映窗口）"),
]


@pytest.mark.parametrize(("on", "name"), WINDOW_NAMES)
def test_a_fallback_window_bears_its_eras_name(on: datetime.date, name: str) -> None:
    assert fallback_window_name(on) == name
    centre = ServiceCentre(
        id="c",
        name="中心",
        unit="u",
        as_of=on,
        windows=[{"id": "f", "name": fallback_window_name(on), "kind": "fallback"}],
    )
    assert centre.windows[0].name == name


def test_a_2020_centre_may_not_use_the_2022_name() -> None:
    late = {"id": "f", "name": fallback_window_name(BANBUCHENG_WINDOW_FROM), "kind": "fallback"}
    with pytest.raises(ValidationError) as caught:
        ServiceCentre(id="c", name="中心", unit="u", as_of=D(2020, 12, 31), windows=[late])
    assert caught.value.errors()[0]["type"] == "fallback_name_anachronism"
    assert ServiceCentre(id="c", name="中心", unit="u", windows=[late]).as_of is None


def test_the_bundled_centre_is_of_2020_and_states_all_four_modes() -> None:
    catalogue = jiceng.examples.tongchuan().services
    assert catalogue is not None
    centre = catalogue.centre("xiaobeijie-centre")
    assert centre.as_of is not None
    assert centre.as_of.year == 2020
    modes = [mode.zh for mode in centre.modes]
    assert modes == ["预约+延时", "代办+上门", "自助+兜底", "网办+邮寄"]
    fallback = [w for w in centre.windows if w.kind == "fallback"]
    assert [w.name for w in fallback] == ["兜底窗口"]


def test_a_centre_offers_items_only_by_the_modes_it_states() -> None:
    items = [
        item("a", modes=["proxy_home"]),
        item("b", modes=["online_post", "appointment_extended"], channels=["window", "online"]),
    ]
    centre = ServiceCentre(
        id="centre", name="中心", unit="c", items=["a", "b"], modes=[DeliveryMode.PROXY_HOME]
    )
    with pytest.raises(IntegrityError) as caught:
        ServiceCatalogue(DEPARTMENTS, items, [centre])
    assert [(p.code, p.ids) for p in caught.value.problems] == [
        ("mode_not_offered", ("centre", "b"))
    ]
    stating_none = centre.model_copy(update={"modes": ()})
    assert len(ServiceCatalogue(DEPARTMENTS, items, [stating_none])) == 2
