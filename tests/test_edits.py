from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiceng import (
    Hierarchy,
    IntegrityError,
    OrgUnit,
)
from jiceng.testing import NESTED_SCHEME, hierarchies

from .reference import Reference


def ids(units: list[OrgUnit]) -> list[str]:
    return [unit.id for unit in units]


def unit(uid: str, level: str, parent: str | None = None, **facts: object) -> OrgUnit:
    return OrgUnit(id=uid, name=f"名{uid}", level=level, parent=parent, **facts)  # type: ignore[arg-type]


# -- edits ------------------------------------------------------------------------------------


def test_edit_batch_applies_every_edit(district: Hierarchy) -> None:
    with district.edit() as batch:
        batch.add(unit("yt-1", "compound", "yt", households=10))
        batch.add(unit("yt-1-1", "building", "yt-1"))
        batch.move("cl", "yt")
        batch.remove("tbl")
        batch.replace(district["xbj"].model_copy(update={"households": 3000}))
    assert ids(district.children("yt")) == ["yt-1", "cl"]
    assert ids(district.descendants("cy")) == [
        "mfb",
        "qt",
        "yt",
        "yt-1",
        "yt-1-1",
        "cl",
        "cl-1",
        "cl-2",
    ]
    assert "yjsc" not in district
    assert district.total("xc", "households") == 3000
    assert district == Hierarchy(list(district))


def test_remove_without_subtree_moves_children_up() -> None:
    h = Hierarchy(
        [
            unit("a", "node"),
            unit("b", "node", "a"),
            unit("c", "node", "b"),
            unit("d", "node", "b"),
            unit("e", "node", "a"),
        ],
        NESTED_SCHEME,
    )
    with h.edit() as batch:
        batch.remove("b", subtree=False)
    assert ids(h.children("a")) == ["c", "d", "e"]
    assert h["c"].parent == "a"


def test_failed_batch_changes_nothing(district: Hierarchy) -> None:
    before = list(district)
    with pytest.raises(IntegrityError) as caught, district.edit() as batch:
        batch.add(unit("new", "building", "cl"))
        batch.move("nope", "cy")
        batch.remove("qt", subtree=False)  # 春兰 would sit directly under a community
        batch.add(unit("cy", "street"))
    assert set(caught.value.codes) == {"unknown_unit", "duplicate_id", "level_not_admitted"}
    assert list(district) == before
    assert "new" not in district
    assert district.total("cy", "households") == 2541


def test_exception_in_block_discards_batch(district: Hierarchy) -> None:
    before = list(district)
    with pytest.raises(RuntimeError, match="boom"), district.edit() as batch:
        batch.remove("cy")
        raise RuntimeError("boom")
    assert list(district) == before


def test_batch_is_used_once(district: Hierarchy) -> None:
    batch = district.edit()
    with pytest.raises(RuntimeError):
        batch.add(unit("x", "street"))
    with batch:
        pass
    with pytest.raises(RuntimeError), batch:
        pass
    with pytest.raises(TypeError), district.edit() as fresh:
        fresh.add({"id": "x"})  # type: ignore[arg-type]


def test_move_into_own_subtree_is_a_cycle() -> None:
    h = Hierarchy([unit("a", "node"), unit("b", "node", "a")], NESTED_SCHEME)
    with pytest.raises(IntegrityError) as caught, h.edit() as batch:
        batch.move("a", "b")
    assert caught.value.codes == ("cycle",)
    assert h.parent("b").id == "a"  # type: ignore[union-attr]


def apply_naively(
    units: list[OrgUnit], edits: list[tuple[str, object, object]]
) -> list[OrgUnit] | None:
    """The edits applied one by one to a plain list; ``None`` if one of them names nothing."""
    out = list(units)
    for kind, first, second in edits:
        present = [u.id for u in out]
        if kind == "add":
            assert isinstance(first, OrgUnit)
            if first.id in present:
                return None
            out.append(first)
            continue
        target = first.id if isinstance(first, OrgUnit) else first
        if target not in present:
            return None
        old = out[present.index(target)]
        if kind == "replace":
            out[present.index(target)] = first  # type: ignore[call-overload]
        elif kind == "move":
            out.remove(old)
            out.append(old.model_copy(update={"parent": second}))
        elif second:  # remove with the subtree
            doomed = {target}
            grew = True
            while grew:
                more = {u.id for u in out if u.parent in doomed} - doomed
                grew = bool(more)
                doomed |= more
            out = [u for u in out if u.id not in doomed]
        else:  # remove, children move up
            out = [
                u.model_copy(update={"parent": old.parent}) if u.parent == target else u
                for u in out
                if u.id != target
            ]
    return out


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "remove", "remove_keep", "replace"]),
        st.integers(0, 60),
        st.integers(-1, 60),
    ),
    max_size=5,
)


@settings(max_examples=100)
@given(hierarchies(scheme=NESTED_SCHEME, max_units=20), EDITS)
def test_any_batch_applies_fully_or_not_at_all(
    h: Hierarchy, drawn: list[tuple[str, int, int]]
) -> None:
    before = list(h)
    names = [*ids(before), "ghost"]
    edits: list[tuple[str, object, object]] = []
    for kind, first, second in drawn:
        target = names[first % len(names)]
        other = None if second < 0 else names[second % len(names)]
        if kind == "add":
            edits.append(("add", unit(f"new{first}", "node", other), None))
        elif kind == "replace":
            edits.append(("replace", unit(target, "node", other, households=first), None))
        elif kind == "move":
            edits.append(("move", target, other))
        else:
            edits.append(("remove", target, kind == "remove"))
    expected = apply_naively(before, edits)
    if expected is not None:
        try:
            expected_h: Hierarchy | None = Hierarchy(expected, NESTED_SCHEME)
        except IntegrityError:
            expected_h = None
    else:
        expected_h = None

    raised: IntegrityError | None = None
    try:
        with h.edit() as batch:
            for kind, first, second in edits:
                if kind == "add":
                    batch.add(first)  # type: ignore[arg-type]
                elif kind == "replace":
                    batch.replace(first)  # type: ignore[arg-type]
                elif kind == "move":
                    batch.move(first, second)  # type: ignore[arg-type]
                else:
                    batch.remove(first, subtree=bool(second))  # type: ignore[arg-type]
    except IntegrityError as error:
        raised = error
    if raised is not None:
        assert raised.problems
        assert expected_h is None
        assert list(h) == before
        assert h == Hierarchy(before, NESTED_SCHEME)
        return
    assert expected_h is not None
    assert h == expected_h
    assert ids(list(h)) == Reference(list(h)).order()
