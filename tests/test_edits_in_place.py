"""Edits that update the index in place: which batches take that path, and what it keeps.

``tests/test_edit_batches.py`` checks that every batch, whichever path it takes, leaves the
hierarchy a rebuild would give. These tests check the path itself: the common single edits never
rebuild the index (a regression there would make each edit O(n) again without any answer
changing), a batch the in-place checks cannot vouch for still reports exactly the full check's
problems, an engine's refusal undoes an in-place batch, and a hierarchy copied for replaying
events is edited apart from the original.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from pathlib import Path

import pytest

import jiceng._layout
import jiceng.hierarchy
from jiceng import (
    ChangeEvent,
    DivisionCodeWarning,
    Hierarchy,
    IntegrityError,
    OrgUnit,
    Problem,
    replay,
)
from jiceng.divisions import read
from jiceng.examples import mafangba, tongchuan
from jiceng.testing import NESTED_SCHEME


@pytest.fixture
def no_rebuild(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Return a function that makes any later rebuild of a hierarchy's index fail the test."""

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the index was rebuilt for an edit the in-place path handles")

    def forbid() -> None:
        monkeypatch.setattr(jiceng.hierarchy, "build_index", refuse)

    return forbid


def node(uid: str, parent: str | None = None, households: int | None = None) -> OrgUnit:
    return OrgUnit(id=uid, name=f"名{uid}", level="node", parent=parent, households=households)


def building(uid: str, parent: str, households: int | None = None) -> OrgUnit:
    return OrgUnit(id=uid, name=f"{uid}栋", level="building", parent=parent, households=households)


def test_common_single_edits_update_the_index_in_place(
    district: Hierarchy, no_rebuild: Callable[[], None]
) -> None:
    no_rebuild()
    assert district.total("cy", "households") == 2300 + 241  # tbl's recorded 2300; cl's 120 + 121
    with district.edit() as batch:  # add a building
        batch.add(building("cl-3", "cl", households=40))
    with district.edit() as batch:  # rename
        batch.replace(district["qt"].model_copy(update={"name": "秋棠网格"}))
    with district.edit() as batch:  # change a count
        batch.replace(district["cl-1"].model_copy(update={"households": 100}))
    with district.edit() as batch:  # move a compound to another grid
        batch.move("cl", "yt")
    with district.edit() as batch:  # remove a leaf
        batch.remove("cl-2")
    assert district.total("cl", "households") == 140  # 100 + 40: cl records none of its own
    assert district.total("yt", "households") == 140
    assert district.total("cy", "households") == 2300 + 140
    assert [unit.id for unit in district.ancestors("cl-3")] == ["cl", "yt", "mfb", "cy"]


def test_lifting_children_updates_the_index_in_place(no_rebuild: Callable[[], None]) -> None:
    h = Hierarchy(
        [
            node("top"),
            node("a", "top"),
            node("a1", "a", households=3),
            node("a2", "a", households=4),
            node("b", "top", households=10),
        ],
        NESTED_SCHEME,
    )
    assert h.depth("a1") == 2  # depths exist before the edit, and must follow it
    no_rebuild()
    with h.edit() as batch:
        batch.remove("a", subtree=False)
    assert [unit.id for unit in h.children("top")] == ["a1", "a2", "b"]
    assert h.depth("a1") == 1
    assert h.total("top", "households") == 17
    assert h["a1"].parent == "top"


def test_codes_that_nest_are_checked_in_place(
    district: Hierarchy, no_rebuild: Callable[[], None]
) -> None:
    no_rebuild()
    with district.edit() as batch:
        batch.add(
            OrgUnit(
                id="xbj2", name="大北街社区", level="community", parent="xc", code="511702002003"
            )
        )
    assert district["xbj2"].code == "511702002003"


def test_a_code_used_twice_is_refused_by_the_full_check(district: Hierarchy) -> None:
    with pytest.raises(IntegrityError) as caught, district.edit() as batch:
        batch.add(
            OrgUnit(
                id="xbj2", name="大北街社区", level="community", parent="xc", code="511702002002"
            )
        )
    assert caught.value.codes == ("duplicate_code",)
    assert "xbj2" not in district


def test_a_batch_refused_halfway_is_undone_and_reported_in_full(district: Hierarchy) -> None:
    before = list(district)
    totals = district.totals("households")
    with pytest.raises(IntegrityError) as caught, district.edit() as batch:
        batch.add(building("cl-3", "cl", households=40))  # applied in place first
        batch.move("cl", "yt")
        batch.move("mfb", "cl")  # into its own subtree: a cycle
        batch.remove("ghost")
    assert caught.value.codes == ("unknown_unit", "cycle", "level_not_admitted")
    assert list(district) == before
    assert district.totals("households") == totals
    assert district.depth("cl-1") == 4


def test_leadership_edits_take_the_full_check() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="g", name="网格", level="grid"),
            OrgUnit(id="a", name="甲小区", level="compound", parent="g"),
            OrgUnit(
                id="b", name="乙小区", level="compound", parent="g", org_status="joint", led_by="a"
            ),
        ]
    )
    with pytest.raises(IntegrityError) as caught, h.edit() as batch:
        batch.remove("a")  # the leader of b's joint branch
    assert "unknown_leader" in caught.value.codes
    assert "a" in h


def test_an_engines_refusal_undoes_an_in_place_batch() -> None:
    dataset = tongchuan()
    h = dataset.hierarchy
    project = next(iter(dataset.projects))
    compound = project.compound
    before = list(h)
    with pytest.raises(IntegrityError), h.edit() as batch:
        batch.remove(compound)
    assert list(h) == before
    assert compound in h


def test_replaying_events_edits_a_copy_and_leaves_the_base_alone() -> None:
    base = Hierarchy(
        [
            OrgUnit(id="s", name="街道", level="street"),
            OrgUnit(id="c", name="社区", level="community", parent="s"),
        ]
    )
    before = list(base)
    on = datetime.date(2024, 1, 1)
    new = OrgUnit(id="c2", name="新社区", level="community", parent="s", established=on)
    event = ChangeEvent(date=on, kind="establish", resulting=("c2",), units=(new,))
    after = replay(base, [event])
    assert "c2" in after
    assert list(base) == before
    with after.edit() as batch:
        batch.remove("c")
    assert "c" in base


def check_layout(h: Hierarchy) -> None:
    """The index's own invariants: ranks, and keys increasing with their subtrees' last keys."""
    index = h._index
    order = index.ordered_slots()
    keys = [index.pos[index.units[s].id] for s in order]
    assert all(0 < key >> jiceng._layout.SHIFT < jiceng._layout.LIMIT for key in keys)
    assert keys == sorted(set(keys))  # increasing along hierarchy order, no two alike
    for r, s in enumerate(order):
        assert index.rank(s) == r
        assert keys[r] & jiceng._layout.MASK == s
        assert index.last[s] == keys[r + index.size[s] - 1]


@pytest.mark.parametrize("limit", [96, 1 << 33], ids=["crowded-labels", "default-labels"])
def test_random_edits_keep_the_layout_and_its_labels(
    monkeypatch: pytest.MonkeyPatch, limit: int
) -> None:
    # With a bound of 96 on the labels, most insertions find no gap and label a window of their
    # neighbours again, or every unit; the answers must not change.
    monkeypatch.setattr(jiceng._layout, "LIMIT", limit)
    rng = random.Random(15)
    h = Hierarchy(
        [node(f"u{i}", None if i < 2 else f"u{rng.randrange(i)}") for i in range(24)],
        NESTED_SCHEME,
    )
    fresh = iter(range(1000))
    for _ in range(300):
        ids = [unit.id for unit in h]
        target = rng.choice([*ids, None])
        try:
            with h.edit() as batch:
                kind = rng.randrange(4)
                if kind == 0 or len(ids) < 8:
                    batch.add(node(f"n{next(fresh)}", target, households=rng.choice([None, 2])))
                elif kind == 1:
                    batch.move(rng.choice(ids), target)
                elif kind == 2:
                    batch.remove(rng.choice(ids), subtree=rng.random() < 0.5)
                else:
                    unit = h[rng.choice(ids)]
                    batch.replace(unit.model_copy(update={"households": rng.choice([None, 5])}))
        except IntegrityError:
            pass
        check_layout(h)
    rebuilt = Hierarchy(list(h), NESTED_SCHEME)
    ids = [unit.id for unit in h]
    for a in ids:
        assert h.descendants(a) == rebuilt.descendants(a)
        assert h.total(a, "households") == rebuilt.total(a, "households")
        for b in ids:
            assert h.is_ancestor(a, b) == rebuilt.is_ancestor(a, b)
            assert h.within(a, b) == rebuilt.within(a, b)
            assert h.common_ancestor(a, b) == rebuilt.common_ancestor(a, b)


def test_a_malformed_edit_after_applied_ones_changes_nothing() -> None:
    h = mafangba()
    with pytest.raises(TypeError), h.edit() as batch:
        batch.add(OrgUnit(id="cl-2", name="2栋", level="building", parent="cl"))
        batch.remove(["yt"])  # type: ignore[arg-type]  # a list, not an id
    assert len(h) == 6
    assert "cl-2" not in h


class Veto:
    """An engine's check that reads the tables made on first use, then refuses the edit."""

    def check(self, after: Hierarchy) -> list[Problem]:
        after.depth("r1")
        after.root_of("r1")
        return [Problem("in_use", ("a",), "vetoed")]


@pytest.mark.parametrize("subtree", [True, False])
def test_tables_made_by_a_check_during_a_refused_batch_are_made_again(subtree: bool) -> None:
    units = [node("r1"), node("r2"), node("a", "r2"), node("b", "a"), node("c", "b")]
    h = Hierarchy(units, NESTED_SCHEME)
    veto = Veto()
    h._add_reference_check(veto.check)
    with pytest.raises(IntegrityError), h.edit() as batch:
        batch.remove("b", subtree=subtree)
    fresh = Hierarchy(units, NESTED_SCHEME)
    assert [h.depth(u.id) for u in h] == [fresh.depth(u.id) for u in fresh] == [0, 0, 1, 2, 3]
    assert [h.root_of(u.id).id for u in h] == ["r1", "r2", "r2", "r2", "r2"]


def test_division_tables_with_waived_code_problems_warn_again_on_every_edit(
    tmp_path: Path,
) -> None:
    (tmp_path / "provinces.csv").write_text(
        "code,name\n110000000001,北京市\n120000000000,天津市\n", encoding="utf-8"
    )
    with pytest.warns(DivisionCodeWarning):
        h = read(tmp_path, codes="warn")
    with pytest.warns(DivisionCodeWarning) as caught, h.edit() as batch:
        batch.replace(h["120000000000"].model_copy(update={"name": "天津"}))
    assert [p.code for p in caught[0].message.problems] == ["code_shape"]  # type: ignore[union-attr]
