from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from jiceng import OrgKind, OrgUnit
from jiceng.testing import org_units

BASE = {"id": "cl", "name": "春兰小区", "level": "compound"}

VALID: list[dict[str, Any]] = [
    {},
    {"parent": "qiutang"},
    {"id": "  cl  ", "name": " 春兰小区 "},
    {"org_name": "春兰小区党支部", "org_kind": "general_branch"},
    {"code": "511702003001"},
    {"households": 0, "population": 0, "party_members": 0},
    {"built_year": 2004},
    {"built_year": datetime.date.today().year},
    {"established": "2004-05-01", "dissolved": "2004-05-01"},
    {"established": datetime.date(2010, 1, 1), "dissolved": datetime.date(2020, 1, 1)},
    {"dissolved": "2020-01-01"},
    {"tags": ["安置小区", "老旧小区"]},
]

INVALID: list[tuple[dict[str, Any], str, str]] = [
    ({"id": ""}, "id", "string_too_short"),
    ({"id": "   "}, "id", "string_too_short"),
    ({"name": ""}, "name", "string_too_short"),
    ({"level": ""}, "level", "string_too_short"),
    ({"parent": ""}, "parent", "string_too_short"),
    ({"households": -1}, "households", "greater_than_equal"),
    ({"population": -5}, "population", "greater_than_equal"),
    ({"party_members": -2}, "party_members", "greater_than_equal"),
    ({"households": 2.5}, "households", "int_type"),
    ({"households": "241"}, "households", "int_type"),
    ({"households": True}, "households", "int_type"),
    ({"population": 10**13}, "population", "less_than_equal"),
    ({"built_year": "2004"}, "built_year", "int_type"),
    ({"code": "5117020020"}, "code", "division_code"),
    ({"code": "51170200200a"}, "code", "division_code"),
    ({"code": "5117020020011"}, "code", "division_code"),
    ({"built_year": datetime.date.today().year + 1}, "built_year", "built_year_in_future"),
    ({"built_year": 0}, "built_year", "greater_than_equal"),
    (
        {"established": "2020-01-02", "dissolved": "2020-01-01"},
        "dissolved",
        "dissolved_before_established",
    ),
    ({"org_kind": "club"}, "org_kind", "enum"),
    ({"tags": ["ok", " "]}, "tags", "string_too_short"),
    ({"colour": "red"}, "colour", "unexpected_keyword_argument"),
]


@pytest.mark.parametrize("extra", VALID)
def test_valid_units(extra: dict[str, Any]) -> None:
    unit = OrgUnit.model_validate({**BASE, **extra})
    assert unit.id == "cl"
    assert OrgUnit.model_validate_json(unit.model_dump_json()) == unit


@pytest.mark.parametrize(("extra", "field", "error_type"), INVALID)
def test_invalid_units(extra: dict[str, Any], field: str, error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        OrgUnit.model_validate({**BASE, **extra})
    errors = caught.value.errors()
    assert [(e["loc"][0], e["type"]) for e in errors] == [(field, error_type)]


def test_missing_required_fields_are_all_reported() -> None:
    with pytest.raises(ValidationError) as caught:
        OrgUnit.model_validate({})
    assert {(e["loc"][0], e["type"]) for e in caught.value.errors()} == {
        ("id", "missing"),
        ("name", "missing"),
        ("level", "missing"),
    }


def test_records_are_frozen_and_hashable() -> None:
    unit = OrgUnit(**BASE)
    with pytest.raises(AttributeError):
        unit.name = "x"  # type: ignore[misc]
    assert hash(unit) == hash(OrgUnit(**BASE))
    assert not hasattr(unit, "__dict__")  # slotted: a million units stay small


def test_model_methods() -> None:
    unit = OrgUnit(**BASE, org_kind=OrgKind.BRANCH, established=datetime.date(2004, 1, 1))
    assert unit.model_dump(exclude_none=True) == {
        **BASE,
        "org_kind": OrgKind.BRANCH,
        "established": datetime.date(2004, 1, 1),
        "tags": (),
        "attributes": {},
    }
    assert unit.model_dump(mode="json", exclude_defaults=True) == {
        **BASE,
        "org_kind": "branch",
        "established": "2004-01-01",
    }
    assert '"name":"春兰小区"' in unit.model_dump_json()
    copied = unit.model_copy(update={"households": 10})
    assert copied.households == 10
    assert unit.households is None
    with pytest.raises(ValidationError):
        unit.model_copy(update={"households": -10})
    schema = OrgUnit.model_json_schema()
    assert schema["required"] == ["id", "name", "level"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["code"]["anyOf"][0]["pattern"] == "^[0-9]{12}$"


@given(org_units())
def test_generated_units_round_trip_through_json(unit: OrgUnit) -> None:
    assert OrgUnit.model_validate_json(unit.model_dump_json()) == unit
    assert OrgUnit.model_validate(unit.model_dump()) == unit


def test_attributes_in_the_json_schema() -> None:
    schema = OrgUnit.model_json_schema()["properties"]["attributes"]
    assert schema["type"] == "object"
    assert schema["additionalProperties"] == {
        "anyOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}]
    }
    assert "attributes" not in OrgUnit.model_json_schema()["required"]
