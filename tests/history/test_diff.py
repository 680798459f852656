"""Tests of :func:`jiceng.diff`: pairing, each kind of change, merges and splits, apply and invert.

The property tests make a random batch of edits and check that the diff finds exactly the edits
made, as a plain model of the batch (a dict of records) says, not as the diff says.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jiceng
from jiceng import (
    Dataset,
    Hierarchy,
    IntegrityError,
    InvalidArgumentError,
    JicengTypeError,
    OrgUnit,
    diff,
)
from jiceng.divisions import read, territory_name
from jiceng.examples import mafangba
from jiceng.testing import hierarchies, org_units

DATA = Path(__file__).resolve().parent.parent / "data" / "divisions"
FILES = ("provinces", "cities", "areas", "streets", "villages")
DIGITS = (2, 4, 6, 9, 12)
KINDS = ("added", "removed", "renamed", "moved", "relevelled", "recoded", "changed")
OWN = {"id", "name", "level", "parent", "code"}


def ids(changes: tuple[Any, ...], side: str = "new_id") -> set[str]:
    return {getattr(change, side) for change in changes}


# -- the reference model of an edit batch ------------------------------------------------------


def expected_kinds(before: dict[str, OrgUnit], after: dict[str, OrgUnit]) -> dict[str, set[str]]:
    """What a diff by id must report, from the records before and after the edits."""
    both = before.keys() & after.keys()
    fields = [f for f in jiceng.units.UNIT_FIELDS if f not in OWN]
    return {
        "added": set(after) - set(before),
        "removed": set(before) - set(after),
        "renamed": {i for i in both if before[i].name != after[i].name},
        "moved": {i for i in both if before[i].parent != after[i].parent},
        "relevelled": {i for i in both if before[i].level != after[i].level},
        "recoded": {i for i in both if before[i].code != after[i].code},
        "changed": {
            i for i in both if any(getattr(before[i], f) != getattr(after[i], f) for f in fields)
        },
    }


def edit_once(h: Hierarchy, make: Any) -> bool:
    """Apply one edit in its own batch; whether the hierarchy took it."""
    try:
        with h.edit() as batch:
            make(batch)
    except IntegrityError:
        return False
    return True


@st.composite
def edited(draw: st.DrawFn) -> tuple[Hierarchy, Hierarchy, dict[str, OrgUnit]]:
    """A hierarchy, a copy edited by random edits, and the model's records after them."""
    old = draw(hierarchies(min_units=1, max_units=25))
    new = Hierarchy(list(old), old.scheme)
    model = {unit.id: unit for unit in old}
    scheme = old.scheme
    for number in range(draw(st.integers(1, 8))):
        if not model:
            break
        kind = draw(st.sampled_from(["add", "remove", "move", "rename", "recode", "counts"]))
        target = model[draw(st.sampled_from(sorted(model)))]
        if kind == "add":
            levels = [k for k in scheme.keys if scheme.admits(target.level, k)]
            if not levels:
                continue
            unit = draw(
                org_units(id=f"new{number}", level=draw(st.sampled_from(levels)), parent=target.id)
            )
            if edit_once(new, lambda batch, unit=unit: batch.add(unit)):
                model[unit.id] = unit
        elif kind == "remove":
            if edit_once(new, lambda batch, uid=target.id: batch.remove(uid)):
                gone, stack = set(), [target.id]
                while stack:
                    uid = stack.pop()
                    gone.add(uid)
                    stack.extend(i for i, u in model.items() if u.parent == uid)
                for uid in gone:
                    del model[uid]
        else:
            if kind == "move":
                hosts = [u.id for u in model.values() if scheme.admits(u.level, target.level)]
                parent = draw(st.sampled_from([*hosts, None]))
                update: dict[str, Any] = {"parent": parent}
            elif kind == "rename":
                update = {"name": target.name + draw(st.sampled_from("新东西"))}
            elif kind == "recode":
                update = {"code": draw(st.sampled_from([None, f"5117020{number:02d}000"]))}
            else:
                update = {
                    "households": draw(st.one_of(st.none(), st.integers(0, 3000))),
                    "tags": draw(st.sampled_from([(), ("老旧小区",), ("安置小区", "商品房")])),
                }
            changed = target.model_copy(update=update)
            if edit_once(new, lambda batch, unit=changed: batch.replace(unit)):
                model[changed.id] = changed
    return old, new, model


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(edited())
def test_a_diff_by_id_finds_exactly_the_edits_made(
    case: tuple[Hierarchy, Hierarchy, dict[str, OrgUnit]],
) -> None:
    old, new, model = case
    assert {unit.id: unit for unit in new} == model  # the model agrees with the hierarchy
    d = diff(old, new)
    expected = expected_kinds({unit.id: unit for unit in old}, model)
    for kind in KINDS:
        side = "old_id" if kind == "removed" else "new_id"
        assert ids(getattr(d, kind), side) == expected[kind], kind
    assert not d.reidentified
    assert d.apply(old) == new
    assert d.invert().apply(new) == old
    assert bool(d) == (old != new)
    back = d.invert()
    assert ids(back.added) == expected["removed"]
    assert ids(back.removed, "old_id") == expected["added"]


@st.composite
def renumbered(draw: st.DrawFn) -> tuple[Hierarchy, Hierarchy, set[str]]:
    """A hierarchy with names unique among siblings, and a copy with every id rewritten.

    Some units of the copy have new household counts; the set holds their old ids.
    """
    h = draw(hierarchies(min_units=1, max_units=25))
    seen: Counter[tuple[str | None, str]] = Counter()
    units = []
    for unit in h:
        seen[unit.parent, unit.name] += 1
        units.append(unit.model_copy(update={"name": f"{unit.name}{seen[unit.parent, unit.name]}"}))
    old = Hierarchy(units, h.scheme)
    counted = set(draw(st.lists(st.sampled_from([unit.id for unit in old]), max_size=5)))
    rewritten = [
        unit.model_copy(
            update={
                "id": f"n-{unit.id}",
                "parent": None if unit.parent is None else f"n-{unit.parent}",
                **({"households": (unit.households or 0) + 1} if unit.id in counted else {}),
            }
        )
        for unit in old
    ]
    return old, Hierarchy(rewritten, old.scheme), counted


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(renumbered())
def test_a_diff_by_name_pairs_units_whose_ids_were_rewritten(
    case: tuple[Hierarchy, Hierarchy, set[str]],
) -> None:
    old, new, counted = case
    d = diff(old, new, match="name")
    assert not d.added
    assert not d.removed
    assert not d.moved
    assert not d.renamed
    assert [(c.old, c.new) for c in d.reidentified] == [(u.id, f"n-{u.id}") for u in old]
    assert ids(d.changed, "old_id") == counted
    assert d.apply(old) == new
    assert d.invert().apply(new) == old
    by_id = diff(old, new)
    assert len(by_id.added) == len(by_id.removed) == len(old)


# -- kinds, order and the summary on the example ------------------------------------------------


def test_a_renamed_and_moved_unit_is_in_both_tuples_and_order_follows_new() -> None:
    old, new = mafangba(), mafangba()
    with new.edit() as batch:
        batch.add(OrgUnit(id="yt-1", name="永泰小区", level="compound", parent="yt"))
        batch.replace(new["cl"].model_copy(update={"name": "春兰苑", "parent": "yt"}))
        batch.remove("cl-1")
    d = diff(old, new)
    assert [c.new_id for c in d.renamed] == [c.new_id for c in d.moved] == ["cl"]
    assert (d.moved[0].old, d.moved[0].new) == ("qt", "yt")
    assert [c.new_id for c in d.added] == ["yt-1"]
    assert d.removed[0].old == old["cl-1"]
    assert d.added[0].new == new["yt-1"]
    assert len(d) == 4
    assert d.apply(old) == new


def test_relevelled_and_recoded() -> None:
    old = Hierarchy(
        [
            OrgUnit(id="s", name="街道", level="street", code="511702001000"),
            OrgUnit(id="c", name="社区", level="community", parent="s", code="511702001001"),
            OrgUnit(id="g", name="网格", level="grid"),
        ]
    )
    new = Hierarchy(
        [
            OrgUnit(id="s", name="街道", level="street", code="511702001000"),
            OrgUnit(id="c", name="社区", level="community", parent="s", code="511702001002"),
            OrgUnit(id="g", name="网格", level="compound"),
        ]
    )
    d = diff(old, new)
    assert [(c.old, c.new) for c in d.recoded] == [("511702001001", "511702001002")]
    assert [(c.old, c.new) for c in d.relevelled] == [("grid", "compound")]
    assert d.apply(old) == new


def test_by_code_a_unit_recoded_under_a_new_id_is_recoded_when_its_code_stays() -> None:
    old = Hierarchy([OrgUnit(id="old-s", name="街道", level="street", code="511702001000")])
    new = Hierarchy([OrgUnit(id="new-s", name="新街道", level="street", code="511702001000")])
    d = diff(old, new, match="code")
    assert [(c.old, c.new) for c in d.reidentified] == [("old-s", "new-s")]
    assert [c.new for c in d.renamed] == ["新街道"]
    assert d.apply(old) == new
    uncoded = Hierarchy([OrgUnit(id="old-s", name="街道", level="street")])
    assert [c.old_id for c in diff(uncoded, old, match="code").recoded] == ["old-s"]


def test_siblings_with_one_name_pair_in_order() -> None:
    old = Hierarchy(
        [
            OrgUnit(id="s", name="街道", level="street"),
            OrgUnit(id="a", name="社区", level="community", parent="s", households=1),
            OrgUnit(id="b", name="社区", level="community", parent="s", households=2),
        ]
    )
    new = Hierarchy(
        [
            OrgUnit(id="S", name="街道", level="street"),
            OrgUnit(id="B", name="社区", level="community", parent="S", households=2),
        ]
    )
    d = diff(old, new, match="name")
    assert [(c.old_id, c.new_id) for c in d.reidentified] == [("s", "S"), ("a", "B")]
    assert [c.old_id for c in d.removed] == ["b"]
    assert d.changed[0].new == {"households": (1, 2)}
    assert d.apply(old) == new
    assert d.invert().apply(new) == old


def test_sibling_order_is_reported_and_restored() -> None:
    old = mafangba()
    units = list(old)
    new = Hierarchy([units[0], units[1], units[5], units[2], units[3], units[4]])
    assert [u.id for u in new.children("mfb")] == ["yt", "qt"]
    d = diff(old, new)
    assert bool(d)
    assert len(d) == 1
    assert (d.reordered[0].old, d.reordered[0].new) == (("qt", "yt"), ("yt", "qt"))
    assert d.apply(old) == new
    assert d.invert().apply(new) == old
    assert "children of 马房坝社区 [mfb]: 2 in another order" in str(d)


def test_nothing_changed() -> None:
    d = diff(mafangba(), mafangba())
    assert not d
    assert len(d) == 0
    assert list(d) == []
    assert str(d) == "Differences (units paired by id): none"
    assert d.apply(mafangba()) == mafangba()


def test_datasets_stand_for_their_hierarchies() -> None:
    district = jiceng.examples.tongchuan()
    assert not diff(district, Dataset(hierarchy=district.hierarchy))


def test_summary_lists_the_first_few_of_each_kind() -> None:
    old, new = mafangba(), mafangba()
    with new.edit() as batch:
        for n in range(7):
            batch.add(OrgUnit(id=f"b{n}", name=f"{n}栋", level="building", parent="cl"))
    text = diff(old, new).summary(limit=2)
    assert text.splitlines() == [
        "Differences (units paired by id): 7 added",
        "added (7):",
        "  + 0栋 [b0]",
        "  + 1栋 [b1]",
        "  … and 5 more",
    ]


def test_to_pandas_has_a_row_per_change() -> None:
    old, new = mafangba(), mafangba()
    with new.edit() as batch:
        batch.replace(new["cl"].model_copy(update={"households": 245, "tags": ("老旧小区",)}))
        batch.remove("yt")
    frame = diff(old, new).to_pandas()
    assert list(frame["kind"]) == ["removed", "changed", "changed"]
    assert list(frame["field"].fillna("-")) == ["-", "households", "tags"]
    assert frame.loc[1, "old"] == 241
    assert frame.loc[1, "new"] == 245
    assert not frame["inferred"].any()


def test_to_pandas_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(jiceng.MissingExtraError, match=r"jiceng\[pandas\]"):
        diff(mafangba(), mafangba()).to_pandas()


# -- merges and splits -------------------------------------------------------------------------


def street(*communities: tuple[str, str, tuple[str, ...]]) -> Hierarchy:
    units = [OrgUnit(id="s", name="街道", level="street")]
    for cid, name, grids in communities:
        units.append(OrgUnit(id=cid, name=name, level="community", parent="s"))
        units += [OrgUnit(id=g, name=f"网格{g}", level="grid", parent=cid) for g in grids]
    return Hierarchy(units)


def test_removed_units_whose_children_went_to_one_unit_merged_into_it() -> None:
    old = street(("a", "甲", ("g1", "g2")), ("b", "乙", ("g3",)), ("c", "丙", ("g4",)))
    new = street(("c", "丙", ("g4", "g1", "g2", "g3")))
    d = diff(old, new)
    assert [(m.old_ids, m.new_ids, m.inferred) for m in d.merged] == [(("a", "b"), ("c",), True)]
    assert d.merged[0].old_names == ("甲", "乙")
    assert "merged (1):\n  甲 [a], 乙 [b] → 丙 [c]" in str(d)
    assert "1 merged (inferred)" in str(d)
    assert not d.split
    # the way back is a split of 丙 into 甲 and 乙 beside it, both added on the way back
    back = d.invert()
    assert [(s.old_ids, s.new_ids) for s in back.split] == [(("c",), ("a", "b", "c"))]
    assert not back.merged
    assert back.apply(new) == old


def test_a_unit_whose_children_went_to_new_siblings_split() -> None:
    old = street(("a", "甲", ("g1", "g2", "g3")))
    new = street(("b", "乙", ("g1",)), ("c", "丙", ("g2", "g3")))
    d = diff(old, new)
    assert [(s.old_ids, s.new_ids, s.new_names) for s in d.split] == [
        (("a",), ("b", "c"), ("乙", "丙"))
    ]
    assert not d.merged
    assert [(m.old_ids, m.new_ids) for m in d.invert().merged] == [(("b", "c"), ("a",))]
    rows = [r for r in d.rows() if r["inferred"]]
    assert [(r["kind"], r["old_id"], r["new_id"]) for r in rows] == [
        ("split", "a", "b"),
        ("split", "a", "c"),
    ]


def test_no_merge_or_split_when_children_went_to_existing_units_or_were_removed() -> None:
    old = street(("a", "甲", ("g1", "g2")), ("b", "乙", ()), ("c", "丙", ()))
    moved = street(("a", "甲", ()), ("b", "乙", ("g1",)), ("c", "丙", ("g2",)))
    assert not diff(old, moved).split  # no new sibling took them
    gone = street(("b", "乙", ("g1",)))
    assert not diff(old, gone).merged  # g2 was removed, not merged


# -- errors -------------------------------------------------------------------------------------


def test_an_unknown_match_and_foreign_schemes_are_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="match must be"):
        diff(mafangba(), mafangba(), match="nickname")  # type: ignore[arg-type]
    rural = Hierarchy([OrgUnit(id="x", name="镇", level="township")], jiceng.RURAL)
    with pytest.raises(InvalidArgumentError, match="different levels"):
        diff(mafangba(), rural)
    with pytest.raises(JicengTypeError):
        diff(mafangba(), list(mafangba()))  # type: ignore[arg-type]


def test_applying_to_another_hierarchy_lists_every_problem_and_changes_nothing() -> None:
    old, new = mafangba(), mafangba()
    with new.edit() as batch:
        batch.replace(new["cl"].model_copy(update={"households": 245}))
        batch.add(OrgUnit(id="yt-1", name="永泰小区", level="compound", parent="yt"))
    d = diff(old, new)
    other = mafangba()
    with other.edit() as batch:
        batch.replace(other["cl"].model_copy(update={"households": 1}))
        batch.add(OrgUnit(id="yt-1", name="别的小区", level="compound", parent="yt"))
    before = list(other)
    with pytest.raises(IntegrityError) as caught:
        d.apply(other)
    assert [p.code for p in caught.value.problems] == [
        "diff_size",
        "diff_unit_differs",
        "diff_children_differ",
        "diff_id_taken",
    ]
    assert list(other) == before
    assert list(old) == list(mafangba())  # apply never edits its argument
    assert d.apply(old) == new
    assert list(old) == list(mafangba())


# -- the committed excerpts of the national tables ----------------------------------------------


def rows(folder: Path) -> list[tuple[str, str, str | None, str | None]]:
    """Every row as (id, territory name, parent id, code), read with the csv module."""
    out: list[tuple[str, str, str | None, str | None]] = []
    ids: list[dict[str, str]] = [{} for _ in FILES]
    for level, name in enumerate(FILES):
        with gzip.open(folder / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as f:
            body = list(csv.reader(f))[1:]
        for row in body:
            code = row[0].ljust(12, "0")
            parent, uid, own = None, code, code
            if level:
                up = row[0][: DIGITS[level - 1]].ljust(12, "0")
                parent = ids[level - 1][up]
                if up == code:  # a placeholder: the code is its parent's
                    uid, own = f"{code}-{jiceng.ADMINISTRATIVE.keys[level]}", None
            ids[level][code] = uid
            out.append((uid, territory_name(row[1]), parent, own))
    return out


@pytest.fixture(scope="module")
def tables() -> tuple[Hierarchy, Hierarchy]:
    return read(DATA / "2020"), read(DATA / "2023")


TONGCHUAN = "511702000000"
STREETS = {
    "511702001000": (13, 15),
    "511702002000": (8, 11),
    "511702003000": (13, 17),
    "511702004000": (12, 12),
    "511702005000": (8, 8),
}


def test_tongchuan_new_communities_per_street(tables: tuple[Hierarchy, Hierarchy]) -> None:
    old, new = (h.subtree(TONGCHUAN) for h in tables)
    for code, (before, after) in STREETS.items():
        assert (len(old.children(code)), len(new.children(code))) == (before, after)
    by_name = diff(old, new, match="name")
    added = Counter(new[c.new_id].parent for c in by_name.added)
    assert {code: added[code] for code in STREETS} == {
        code: after - before for code, (before, after) in STREETS.items()
    }
    fengxi = [c for c in by_name.recoded if new[c.new_id].parent == "511702004000"]
    assert [c.name for c in fengxi] == ["柏阁社区", "西河社区", "龙家庙村"]
    assert [(c.old, c.new) for c in fengxi] == [
        ("511702004001", "511702004012"),
        ("511702004007", "511702004013"),
        ("511702004201", "511702004200"),
    ]
    removed = {c.old_id for c in by_name.removed}
    assert not removed & {c.old_id for c in fengxi}
    by_id = diff(old, new)
    assert {"511702004001", "511702004007", "511702004201"} <= {c.old_id for c in by_id.removed}
    assert by_id.apply(old) == new
    assert by_name.apply(old) == new


@pytest.mark.parametrize("match", ["id", "code"])
def test_counts_agree_with_a_brute_force_comparison_of_codes(
    tables: tuple[Hierarchy, Hierarchy], match: str
) -> None:
    before = {uid: name for uid, name, _, _ in rows(DATA / "2020")}
    after = {uid: name for uid, name, _, _ in rows(DATA / "2023")}
    d = diff(*tables, match=match)  # type: ignore[arg-type]
    assert len(d.added) == len(after.keys() - before.keys())
    assert len(d.removed) == len(before.keys() - after.keys())
    assert len(d.renamed) == sum(before[c] != after[c] for c in before.keys() & after.keys())
    assert not d.recoded
    assert not d.moved


def name_paths(folder: Path) -> dict[tuple[tuple[str, int], ...], str | None]:
    """Each row's path of (name, occurrence among same-named siblings) → its code."""
    path: dict[str | None, tuple[tuple[str, int], ...]] = {None: ()}
    seen: Counter[tuple[str | None, str]] = Counter()
    out: dict[tuple[tuple[str, int], ...], str | None] = {}
    for uid, name, parent, code in rows(folder):
        seen[parent, name] += 1
        path[uid] = (*path[parent], (name, seen[parent, name]))
        out[path[uid]] = code
    return out


def test_counts_by_name_agree_with_a_brute_force_comparison_of_name_paths(
    tables: tuple[Hierarchy, Hierarchy],
) -> None:
    before, after = name_paths(DATA / "2020"), name_paths(DATA / "2023")
    d = diff(*tables, match="name")
    both = before.keys() & after.keys()
    assert len(d.added) == len(after.keys() - before.keys())
    assert len(d.removed) == len(before.keys() - after.keys())
    assert len(d.recoded) == sum(before[p] != after[p] for p in both)
    assert len(d.recoded) > 0
    assert not d.renamed
    assert d.apply(tables[0]) == tables[1]
    assert d.invert().apply(tables[1]) == tables[0]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.sampled_from([jiceng.URBAN_FIVE_LEVEL, jiceng.testing.NESTED_SCHEME]).flatmap(
        lambda scheme: st.tuples(
            hierarchies(scheme=scheme, max_units=20), hierarchies(scheme=scheme, max_units=20)
        )
    ),
    st.sampled_from(["id", "code", "name"]),
)
def test_any_two_hierarchies_apply_and_invert(
    pair: tuple[Hierarchy, Hierarchy], match: str
) -> None:
    # unrelated hierarchies share ids (u0, u1, …) for different units: the hardest case
    old, new = pair
    d = diff(old, new, match=match)  # type: ignore[arg-type]
    assert d.apply(old) == new
    assert d.invert().apply(new) == old
    assert bool(d) == (old != new)
    assert len(d.added) - len(d.removed) == len(new) - len(old)
