from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from jiceng.services import (
    Applicant,
    BusinessCase,
    Channel,
    DeliveryMode,
    Department,
    Fee,
    ItemType,
    Material,
    MaterialForm,
    ServiceItem,
    TongbanScope,
)
from jiceng.testing.services import service_items

from .builders import item


@pytest.mark.parametrize(
    ("changes", "error_type"),
    [
        ({"statutory_days": 5, "promised_days": 10}, "time_limit_order"),
        ({"instant": True, "promised_days": 3}, "instant_with_days"),
        ({"visits": 0, "channels": ["window", "self_service_terminal"]}, "zero_visit_unreachable"),
        ({"channels": []}, "too_short"),
        ({"applicants": []}, "too_short"),
        ({"type": "tax"}, "enum"),
        ({"visits": -1}, "greater_than_equal"),
        ({"fee": {"charged": True}}, "fee_without_amount"),
        ({"fee": {"charged": False, "amount": "10"}}, "fee_not_charged"),
        ({"materials": [{"name": "身份证", "copies": -1}]}, "greater_than_equal"),
    ],
)
def test_invalid_items(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        item("x", **changes)
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_valid_items_and_their_records() -> None:
    posted = item("x", visits=0, channels=["window", "post"], modes=["online_post"])
    assert posted.remote
    assert not item("z", visits=1).remote
    assert item("y", instant=True).at_most_one_visit
    assert not item("w", visits=2).at_most_one_visit
    assert Fee(charged=True, standard="按规定标准").standard == "按规定标准"
    assert ServiceItem.model_validate_json(posted.model_dump_json()) == posted


def test_record_defaults() -> None:
    found = item("x")
    assert (found.scope, found.fee, found.modes, found.case) == (TongbanScope.NONE, Fee(), (), None)
    material = Material(name="居民身份证")
    assert (material.required, material.form, material.copies) == (True, MaterialForm.EITHER, 1)
    assert Department(id="mz", name="区民政局").short_name is None


@pytest.mark.parametrize(
    ("vocabulary", "labels"),
    [
        (
            ItemType,
            [
                "行政许可",
                "行政确认",
                "行政裁决",
                "行政给付",
                "行政奖励",
                "行政备案",
                "其他行政权力",
                "公共服务",
            ],
        ),
        (DeliveryMode, ["预约+延时", "代办+上门", "自助+兜底", "网办+邮寄"]),
        (Channel, ["窗口", "网上办理", "移动端", "自助终端", "邮寄"]),
        (MaterialForm, ["纸质", "电子", "纸质或电子"]),
        (Applicant, ["自然人", "法人"]),
        (BusinessCase, ["新办", "变更", "延续", "注销", "补领"]),
        (TongbanScope, ["不通办", "区内通办", "市内通办", "省内通办", "全国通办"]),
    ],
)
def test_vocabularies_carry_their_chinese_labels(vocabulary: Any, labels: list[str]) -> None:
    assert [member.zh for member in vocabulary] == labels


@given(service_items("gl", department="rs"))
def test_generated_items_validate_again(generated: ServiceItem) -> None:
    assert ServiceItem.model_validate(generated.model_dump()) == generated
    assert generated.department == "rs"
    assert generated.remote == (generated.visits == 0)
