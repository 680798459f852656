"""Nested trees for web front ends: to_tree, from_tree and dumps_tree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiceng
from jiceng import Hierarchy, IntegrityError, OrgUnit, UnknownUnitError
from jiceng.errors import InvalidArgumentError
from jiceng.interop.tree import dumps_tree, from_tree, to_tree
from jiceng.levels import OrgKind
from jiceng.testing import NESTED_SCHEME, chinese_names, deep_chain, hierarchies
from jiceng.units import COUNT_FIELDS, UNIT_FIELDS


@st.composite
def rich_hierarchies(draw: st.DrawFn, **options: Any) -> Hierarchy:
    """Generated hierarchies with organisations' names and kinds and codes on some roots too."""
    h = draw(hierarchies(**options))
    units = []
    for number, unit in enumerate(h):
        update: dict[str, Any] = {}
        if draw(st.booleans()):
            update["org_name"] = draw(chinese_names()) + "党支部"
        if draw(st.booleans()):
            update["org_kind"] = draw(st.sampled_from(OrgKind))
        digits = h.scheme[unit.level].code_digits  # a code of the level's shape, if it has codes
        if unit.parent is None and digits != 0 and draw(st.booleans()):
            code = f"5117{number:08d}" if digits in (None, 12) else f"5117{number:05d}"[:digits]
            update["code"] = code.ljust(12, "0")
        units.append(unit.model_copy(update=update) if update else unit)
    return Hierarchy(units, h.scheme)


def walk(trees: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Yield every node of a forest in pre-order with its parent's id, without recursion."""
    stack: list[tuple[dict[str, Any], str | None]] = [(t, None) for t in reversed(trees)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((child, node["id"]) for child in reversed(node["children"]))


# -- to_tree -----------------------------------------------------------------------------------


@given(rich_hierarchies(max_units=30))
def test_round_trip_with_every_field(h: Hierarchy) -> None:
    trees = to_tree(h, fields=UNIT_FIELDS)
    assert from_tree(trees, h.scheme) == h
    text = json.dumps(trees, ensure_ascii=False)
    assert dumps_tree(trees) == text
    assert from_tree(json.loads(text), h.scheme) == h


@given(rich_hierarchies(scheme=NESTED_SCHEME, max_units=30, max_roots=4))
def test_round_trip_of_nested_forests_with_some_fields(h: Hierarchy) -> None:
    fields = ("level", "tags", "established", "dissolved")
    kept = ("id", "name", "parent", *fields)
    expected = Hierarchy([OrgUnit(**{f: getattr(u, f) for f in kept}) for u in h], h.scheme)
    assert from_tree(to_tree(h, fields=fields), h.scheme) == expected


@given(hierarchies(max_units=30), st.data())
def test_nodes_are_the_units_in_hierarchy_order_with_their_totals(
    h: Hierarchy, data: st.DataObject
) -> None:
    trees = to_tree(h, totals=True, value="population")
    assert len(trees) == len(h.roots())
    seen = list(walk(trees))
    assert [node["id"] for node, _ in seen] == [unit.id for unit in h]
    for node, parent in seen:
        unit = h[node["id"]]
        assert parent == unit.parent
        assert node["name"] == unit.name
        assert [child["id"] for child in node["children"]] == [c.id for c in h.children(unit)]
        for field in COUNT_FIELDS:
            assert node.get(field) == h.total(unit, field)
        assert node.get("value") == h.total(unit, "population")
        assert None not in node.values()
    if len(h):
        top = data.draw(st.sampled_from(list(h)))
        tree = to_tree(h, top, fields=["parent", "level"])
        assert "parent" not in tree
        assert [node["id"] for node, _ in walk([tree])] == [
            top.id,
            *(u.id for u in h.descendants(top)),
        ]


def test_the_bundled_district() -> None:
    h = jiceng.examples.tongchuan().hierarchy
    trees = to_tree(h, fields=["level", "org_name", "tags", "code"], totals=True)
    assert [tree["id"] for tree in trees] == [unit.id for unit in h.roots()]
    assert len(list(walk(trees))) == 793
    text = json.dumps(trees, ensure_ascii=False)
    assert "马房坝社区" in text
    assert dumps_tree(trees) == text
    mafangba = to_tree(h, "mafangba", value="households")
    assert mafangba["value"] == h.total("mafangba", "households")
    assert from_tree(to_tree(h, fields=UNIT_FIELDS), h.scheme) == h


def test_a_hundred_thousand_deep_chain_both_ways() -> None:
    chain = deep_chain(100_000, households=4)
    trees = to_tree(chain, fields=["level", "households"], totals=False, value="households")
    deepest = trees[0]
    for _ in range(99_999):
        assert deepest["value"] == 4
        [deepest] = deepest["children"]
    assert deepest["id"] == "n99999"
    assert from_tree(trees, NESTED_SCHEME) == chain
    assert json.loads(dumps_tree(to_tree(chain, "n99800")))["children"][0]["id"] == "n99801"


def test_to_tree_argument_errors() -> None:
    h = jiceng.examples.mafangba()
    with pytest.raises(InvalidArgumentError, match="'colour', which is not a unit field"):
        to_tree(h, fields=["level", "colour"])
    with pytest.raises(InvalidArgumentError, match="'households' and totals=True"):
        to_tree(h, fields=["households"], totals=True)
    with pytest.raises(InvalidArgumentError, match="value must be one of"):
        to_tree(h, value="level")  # type: ignore[call-overload]
    with pytest.raises(UnknownUnitError):
        to_tree(h, "nowhere")


def test_a_single_field_name_and_the_order_of_fields() -> None:
    h = jiceng.examples.mafangba()
    assert list(to_tree(h, "cl", fields="households")) == ["id", "name", "households", "children"]
    assert list(to_tree(h, "cl", fields=["households", "level", "name"])) == [
        "id",
        "name",
        "level",
        "households",
        "children",
    ]


# -- from_tree errors name the place -----------------------------------------------------------


def _street(**extra: Any) -> dict[str, Any]:
    return {"id": "s", "name": "西城街道", "level": "street", **extra}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("西城街道", r"^from_tree takes a tree \(a dict\) or a list of trees, got str"),
        ([_street(), 3], r"^data\[1\]: a node must be a dict, got int"),
        ([_street(children={"id": "c"})], r"data\[0\] \(id 's'\): children must be a list"),
        (_street(colour="red"), r"^data \(id 's'\): 'colour' is not a unit field"),
        (
            _street(children=[{"id": "c", "level": "community"}]),
            r"data.children\[0\] \(id 'c'\): no 'name'",
        ),
        (
            _street(children=[{"id": "c", "name": "社区", "level": "community", "parent": "x"}]),
            r"parent 'x' contradicts the nesting, which says 's'",
        ),
        (
            [
                _street(),
                _street(
                    id="t",
                    children=[{"id": "c", "name": "社区", "level": "community", "households": -1}],
                ),
            ],
            r"^data\[1\].children\[0\] \(id 'c'\): households: Input should be greater",
        ),
    ],
)
def test_malformed_trees(data: Any, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        from_tree(data)


def test_a_deep_place_is_shortened() -> None:
    trees = to_tree(deep_chain(50), fields="level")
    node = trees[0]
    for _ in range(40):
        node = node["children"][0]
    node["children"][0]["households"] = "many"
    with pytest.raises(InvalidArgumentError) as caught:
        from_tree(trees, NESTED_SCHEME)
    assert str(caught.value).startswith(
        "data[0].children[0].children[0]…(37 levels)….children[0].children[0] (id 'n41'): "
        "households: Input should be a valid integer"
    )


def test_problems_between_units_are_integrity_errors() -> None:
    twice = [_street(), _street(name="又一个")]
    with pytest.raises(IntegrityError) as caught:
        from_tree(twice)
    assert caught.value.codes == ("duplicate_id",)
    assert from_tree([_street(value=7)])["s"].households is None  # value is derived: ignored
    assert from_tree(_street(children=[])) == Hierarchy(
        [OrgUnit(id="s", name="西城街道", level="street")]
    )
