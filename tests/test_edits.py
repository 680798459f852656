from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiceng import (
    Hierarchy,
    IntegrityError,
    OrgUnit,
)
from jiceng.testing import NESTED_SCHEME, hierarchies

from .edit_model import record
from .reference import TWO_LEVELS, Reference


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
            assert isinstance(first, OrgUnit)
            if first.parent == old.parent:  # keeps its place
                out[present.index(target)] = first
            else:  # a new parent: appended as its last child, as by a move
                out.remove(old)
                out.append(first)
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
        else:  # remove; the children, in their order, take the unit's place in the list
            lifted = [  # the unit itself is not its own child, even when its own parent
                u.model_copy(update={"parent": old.parent})
                for u in out
                if u.parent == target and u.id != target
            ]
            place = present.index(target)
            before = [u for u in out[:place] if u.parent != target]
            after = [u for u in out[place + 1 :] if u.parent != target]
            out = [*before, *lifted, *after]
    return out


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "remove", "remove_keep", "replace"]),
        st.integers(0, 60),
        st.integers(-1, 60),
    ),
    max_size=5,
)


def test_a_unit_moved_under_itself_and_then_removed_is_simply_gone() -> None:
    h = Hierarchy([unit("a", "node"), unit("b", "node", "a")], NESTED_SCHEME)
    edits: list[tuple[str, object, object]] = [("move", "b", "b"), ("remove", "b", False)]
    assert ids(apply_naively(list(h), edits) or []) == ["a"]
    with h.edit() as batch:
        record(batch, edits)
    assert ids(h) == ["a"]


@settings(max_examples=100)
@example(
    h=Hierarchy([unit("a", "node"), unit("b", "node", "a")], NESTED_SCHEME),
    drawn=[("move", 1, 1), ("remove_keep", 1, 0)],
)
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
            record(batch, edits)
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


def test_remove_without_subtree_puts_children_added_in_the_batch_in_its_place() -> None:
    h = Hierarchy(
        [
            unit("a", "node"),
            unit("b", "node", "a"),
            unit("c", "node", "b"),
            unit("e", "node", "a"),
            unit("g", "node"),
        ],
        NESTED_SCHEME,
    )
    with h.edit() as batch:
        batch.add(unit("f", "node", "b"))
        batch.move("g", "b")
        batch.remove("b", subtree=False)
    assert ids(h.children("a")) == ["c", "f", "g", "e"]
    assert ids(h) == ["a", "c", "f", "g", "e"]


def test_remove_without_subtree_keeps_the_order_of_children_moved_in_the_batch() -> None:
    h = Hierarchy(
        [unit("a", "node"), unit("b", "node", "a"), unit("c", "node", "b"), unit("d", "node", "b")],
        NESTED_SCHEME,
    )
    with h.edit() as batch:
        batch.move("c", "b")  # c becomes b's last child
        batch.remove("b", subtree=False)
    assert ids(h.children("a")) == ["d", "c"]


def test_replace_with_a_new_parent_appends_like_move() -> None:
    h = Hierarchy(
        [
            unit("a", "node"),
            unit("x", "node", "a"),
            unit("p", "node", "a"),
            unit("y", "node", "p"),
        ],
        NESTED_SCHEME,
    )
    with h.edit() as batch:
        batch.replace(unit("x", "node", "p", households=3))
    assert ids(h.children("p")) == ["y", "x"]
    assert h["x"].households == 3
    with h.edit() as batch:
        batch.replace(unit("y", "node", "p", households=4))  # same parent: keeps its place
    assert ids(h.children("p")) == ["y", "x"]


# -- one batch against separate batches -------------------------------------------------------

"""Nodes nest in nodes and may be roots; a leaf needs a node parent: intermediate states break."""

STATE_CODES = {"unknown_parent", "cycle", "level_not_admitted", "root_not_allowed"}
"""Problems of a state, as opposed to an edit naming a missing unit or a taken id."""


def resolve(
    h: Hierarchy, drawn: list[tuple[str, int, int, bool]]
) -> list[tuple[str, object, object]]:
    """Turn drawn integers into edits naming present, new and missing units.

    A negative ``first`` names the unit the edit before named as a parent, so that edits into a
    unit followed by its removal are common.
    """
    names = [*ids(list(h)), "new0", "new1", "new2", "ghost"]
    edits: list[tuple[str, object, object]] = []
    other: str | None = None
    for kind, first, second, leaf in drawn:
        target = other if first < 0 and other is not None else names[first % len(names)]
        other = None if second < 0 else names[second % len(names)]
        level = "leaf" if leaf and "leaf" in h.scheme.keys else "node"
        if kind == "add":
            edits.append(("add", unit(f"new{first % 3}", level, other), None))
        elif kind == "replace":
            edits.append(("replace", unit(target, level, other, households=abs(first)), None))
        elif kind == "move":
            edits.append(("move", target, other))
        else:
            edits.append(("remove", target, kind == "remove"))
    return edits


def in_batches(
    h: Hierarchy, edits: list[tuple[str, object, object]], sizes: list[int]
) -> tuple[Hierarchy, IntegrityError | None]:
    """Apply ``edits`` to a copy of ``h`` in consecutive batches of ``sizes``; stop at a failure.

    Returns the copy and the first batch's error (the copy is as before that batch).
    """
    copy = Hierarchy(list(h), h.scheme)
    start = 0
    for size in [*sizes, len(edits)]:
        chunk = edits[start : start + max(size, 1)]
        start += len(chunk)
        if not chunk:
            break
        before = list(copy)
        try:
            with copy.edit() as batch:
                record(batch, chunk)
        except IntegrityError as error:
            assert list(copy) == before
            return copy, error
    return copy, None


BATCH_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["add", "move", "remove", "remove_keep", "replace"]),
        st.integers(-15, 40),
        st.integers(-1, 40),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=150)
@given(
    hierarchies(scheme=st.sampled_from([NESTED_SCHEME, TWO_LEVELS]), max_units=12),
    BATCH_EDITS,
    st.lists(st.integers(1, 3), max_size=6),
)
def test_one_batch_gives_what_separate_batches_give(
    h: Hierarchy, drawn: list[tuple[str, int, int, bool]], sizes: list[int]
) -> None:
    """The property, for edits e1..ek and any split of them into consecutive batches B1..Bm.

    1. If every Bi succeeds in turn, the one batch e1..ek succeeds with the same hierarchy.
    2. If the one batch succeeds but some Bi fails, the first failing Bi fails only with
       problems of the state it would leave (an intermediate state may be invalid inside one
       batch), never with an edit naming a missing unit or a taken id, and the batches before
       it left the hierarchy as the one batch's first edits do.

    The split into one batch per edit is checked always, another split drawn at random.
    """
    edits = resolve(h, drawn)
    one, one_error = in_batches(h, edits, [len(edits)])
    for split in ([1] * len(edits), sizes):
        apart, apart_error = in_batches(h, edits, split)
        if apart_error is None:
            assert one_error is None, one_error.problems
            assert one == apart
            assert ids(list(one)) == Reference(list(one)).order()
        elif one_error is None:
            assert set(apart_error.codes) <= STATE_CODES, apart_error.problems
