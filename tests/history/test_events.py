"""Change event records: a table of valid and invalid events, and their own properties."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from pydantic import ValidationError

from jiceng import ChangeEvent, ChangeKind, OrgUnit, Transfer

ON = datetime.date(2023, 6, 30)


def new_unit(uid: str, parent: str | None = "s", **extra: Any) -> dict[str, Any]:
    return {
        "id": uid,
        "name": "新社区",
        "level": "community",
        "parent": parent,
        "established": "2023-06-30",
        **extra,
    }


def one(kind: str, **values: Any) -> dict[str, Any]:
    return {"kind": kind, "original": ["c"], "resulting": ["c"], **values}


VALID: list[dict[str, Any]] = [
    {"kind": "establish", "resulting": ["n"], "units": [new_unit("n")]},
    {
        "kind": "establish",
        "resulting": ["n", "g"],
        "units": [new_unit("n"), new_unit("g", parent="n", level="grid")],
    },
    {"kind": "dissolve", "original": ["c"]},
    {"kind": "dissolve", "original": ["c", "g"], "note": "区政府批复"},
    one("rename", old="凤凰社区", new="凤凰山社区"),
    one("recode", old="511702004001", new="511702004012"),
    one("recode", old=None, new="511702004012"),
    one("move", old="a", new="b"),
    one("move", old="a", new=None),
    one("relevel", old="grid", new="compound"),
    one("change", field="households", old=241, new=245),
    one("change", field="tags", old=[], new=["安置小区"]),
    one("change", field="org_kind", old="branch", new="general_branch"),
    one("change", field="org_name", old=None, new="新锦社区党委"),
    {
        "kind": "merge",
        "original": ["a", "b"],
        "resulting": ["b"],
        "transfers": [{"unit": "g1", "old_parent": "a", "new_parent": "b"}],
    },
    {"kind": "merge", "original": ["a", "b"], "resulting": ["n"], "units": [new_unit("n")]},
    {
        "kind": "split",
        "original": ["a"],
        "resulting": ["a", "n"],
        "units": [new_unit("n")],
        "transfers": [{"unit": "g1", "old_parent": "a", "new_parent": "n"}],
    },
    {
        "kind": "split",
        "original": ["a"],
        "resulting": ["m", "n"],
        "units": [new_unit("m"), new_unit("n")],
    },
]

INVALID: list[tuple[dict[str, Any], str]] = [
    ({"kind": "establish", "resulting": []}, "event_shape"),
    ({"kind": "establish", "original": ["a"], "resulting": ["n"]}, "event_shape"),
    ({"kind": "dissolve", "original": []}, "event_shape"),
    ({"kind": "dissolve", "original": ["a"], "resulting": ["a"]}, "event_shape"),
    ({"kind": "merge", "original": ["a"], "resulting": ["b"]}, "event_shape"),
    ({"kind": "merge", "original": ["a", "b"], "resulting": ["a", "b"]}, "event_shape"),
    ({"kind": "split", "original": ["a"], "resulting": ["a"]}, "event_shape"),
    (
        {"kind": "rename", "original": ["a"], "resulting": ["b"], "old": "x", "new": "y"},
        "event_shape",
    ),
    ({"kind": "rename", "original": ["a", "b"], "resulting": ["a", "b"]}, "event_shape"),
    ({"kind": "dissolve", "original": ["a", "a"]}, "repeated_unit"),
    ({"kind": "dissolve", "original": ["a"], "old": "x"}, "event_values"),
    ({"kind": "dissolve", "original": ["a"], "units": [new_unit("a")]}, "event_values"),
    (one("rename", field="name", old="x", new="y"), "event_values"),
    (
        one(
            "rename",
            old="x",
            new="y",
            transfers=[{"unit": "g", "old_parent": "c", "new_parent": "c"}],
        ),
        "event_values",
    ),
    (one("change", old=1, new=2), "event_field"),
    (one("change", field="name", old="x", new="y"), "event_field"),
    (one("change", field="dissolved", old=None, new="2023-06-30"), "event_field"),
    (one("change", field="colour", old=None, new="red"), "field_value"),
    (one("change", field="households", old=-1, new=2), "field_value"),
    (one("recode", old="5117", new="511702004012"), "field_value"),
    (one("rename", old="x", new=None), "field_value"),
    (one("rename", old="凤凰社区", new="凤凰社区"), "no_change"),
    (one("move", old=None, new=None), "no_change"),
    ({"kind": "establish", "resulting": ["n"]}, "new_units"),
    ({"kind": "establish", "resulting": ["n"], "units": [new_unit("m")]}, "new_units"),
    (
        {"kind": "establish", "resulting": ["n", "g"], "units": [new_unit("g"), new_unit("n")]},
        "new_units",
    ),
    (
        {"kind": "merge", "original": ["a", "b"], "resulting": ["b"], "units": [new_unit("b")]},
        "new_units",
    ),
    (
        {"kind": "establish", "resulting": ["n"], "units": [new_unit("n", established=None)]},
        "established_date",
    ),
    (
        {"kind": "establish", "resulting": ["n"], "units": [new_unit("n", dissolved="2024-01-01")]},
        "established_date",
    ),
    (
        {
            "kind": "merge",
            "original": ["a", "b"],
            "resulting": ["b"],
            "transfers": [{"unit": "g", "old_parent": "x", "new_parent": "b"}],
        },
        "transfer_ends",
    ),
    (
        {
            "kind": "merge",
            "original": ["a", "b"],
            "resulting": ["b"],
            "transfers": [{"unit": "g", "old_parent": "a", "new_parent": "a"}],
        },
        "transfer_ends",
    ),
    (
        {
            "kind": "merge",
            "original": ["a", "b"],
            "resulting": ["b"],
            "transfers": [{"unit": "b", "old_parent": "a", "new_parent": "b"}],
        },
        "transfer_ends",
    ),
    (
        {
            "kind": "merge",
            "original": ["a", "b"],
            "resulting": ["b"],
            "transfers": [{"unit": "g", "old_parent": "a", "new_parent": "b"}] * 2,
        },
        "transfer_ends",
    ),
    (
        {
            "kind": "rename",
            "original": ["c"],
            "resulting": ["c"],
            "old": "x",
            "new": "y",
            "colour": "red",
        },
        "extra_forbidden",
    ),
    ({"kind": "abolish", "original": ["c"]}, "enum"),
]


@pytest.mark.parametrize("values", VALID)
def test_valid_events(values: dict[str, Any]) -> None:
    event = ChangeEvent.model_validate({"date": "2023-06-30", **values})
    assert event.date == ON
    assert ChangeEvent.model_validate_json(event.model_dump_json()) == event
    dumped = event.model_dump(mode="json", exclude_defaults=True)
    assert ChangeEvent.model_validate(dumped) == event


@pytest.mark.parametrize(("values", "code"), INVALID)
def test_invalid_events(values: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ChangeEvent.model_validate({"date": "2023-06-30", **values})
    assert code in [error["type"] for error in caught.value.errors()]


def test_every_kind_has_a_valid_example_and_a_chinese_label() -> None:
    assert {values["kind"] for values in VALID} == {kind.value for kind in ChangeKind}
    assert [kind.zh for kind in ChangeKind] == [
        "设立",
        "撤销",
        "更名",
        "区划代码变更",
        "隶属关系调整",
        "层级调整",
        "信息变更",
        "合并",
        "拆分",
    ]


def test_the_ids_an_event_names() -> None:
    split = ChangeEvent(
        date=ON,
        kind="split",
        original=("a",),
        resulting=("a", "n"),
        units=(OrgUnit(id="n", name="新社区", level="community", parent="s", established=ON),),
        transfers=(Transfer(unit="g1", old_parent="a", new_parent="n"),),
    )
    assert split.new_ids == ("n",)
    assert split.gone_ids == ()
    assert split.unit_ids == ("a", "n", "s", "g1")
    assert split.changed_field is None


def test_values_are_checked_as_the_units_field() -> None:
    event = ChangeEvent.model_validate(one("change", date=ON, field="tags", old=[], new=["x"]))
    assert event.old == ()
    assert event.new == ("x",)
    with pytest.raises(ValidationError):
        ChangeEvent.model_validate(one("change", date=ON, field="households", old=True, new=3))
