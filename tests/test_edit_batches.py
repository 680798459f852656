"""Edit batches, accepted or refused, against the same hierarchy rebuilt from scratch.

A hierarchy is edited in a sequence of batches, most of one edit, some of two to four: adding a
unit (valid, under an unknown parent, with a taken id, at a level its parent does not admit),
renaming, changing counts, replacing with a new parent, moving (validly, into the unit's own
subtree, to no parent, under a level that does not admit it), removing (a leaf, a subtree, a
unit whose children move up), and edits naming units that are not there. A plain model applies
each batch to a dict of records and ordered child lists; the hierarchy
``Hierarchy(model's records, scheme, codes=...)`` rebuilt from the model's records is the truth.

After every batch the edited hierarchy must answer every query exactly as the rebuilt one does:
its order, equality, navigation, depths, roots, levels, totals, paths between pairs of units,
subtrees, the hierarchy on a date, a pickle round trip. A batch must be refused exactly when
the model names a missing unit or a taken id, or when the rebuild is refused; a refused batch
reports what the same batch reports on a fresh copy of the hierarchy and leaves everything as it
was. With ``codes="warn"`` an accepted batch warns of the code problems that the rebuild warns of.

The engine keeps an index whose depths, roots of positions and per-level tables are computed
lazily. Some batches run with those tables built (every query was asked just before); others
with none built: the queries before them are asked of a pickled copy, so that a table left
stale by an edit, or one computed from a wrongly updated index, is caught either way. These
tests are meant to hold whether an edit rebuilds the index or updates it in place.
"""

from __future__ import annotations

import datetime
import pickle
import random
import warnings
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Protocol, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng import (
    COUNT_FIELDS,
    URBAN_FIVE_LEVEL,
    DivisionCodeWarning,
    Hierarchy,
    IntegrityError,
    LevelScheme,
    NoPathError,
    OrgUnit,
    Problem,
    UnknownUnitError,
)
from jiceng.testing import NESTED_SCHEME, chinese_names, org_units, unit_lists

from .edit_model import Edit, EditModel, record
from .reference import TWO_LEVELS

T = TypeVar("T")
GHOST = "ghost"


def quietly(make: Callable[[], T]) -> tuple[T | None, IntegrityError | None, list[Problem]]:
    """Call ``make``: its result or its ``IntegrityError``, and the code problems it warned of."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result: T | None = make()
            error = None
        except IntegrityError as raised:
            result, error = None, raised
    warned = [
        p for w in caught if isinstance(w.message, DivisionCodeWarning) for p in w.message.problems
    ]
    assert all(isinstance(w.message, DivisionCodeWarning) for w in caught), caught
    return result, error, warned


def clone(h: Hierarchy) -> Hierarchy:
    """A pickled copy: the same index state, without building any lazy table of ``h``."""
    copy = pickle.loads(pickle.dumps(h))
    assert isinstance(copy, Hierarchy)
    return copy


def key(problem: Problem) -> tuple[str, tuple[str, ...], str]:
    return problem.code, problem.ids, problem.message


# -- the comparison ---------------------------------------------------------------------------


def outcome(make: Callable[[], T]) -> tuple[str, object]:
    """What a query gives: its value, or the kind (and problems) of what it raised."""
    try:
        return "value", make()
    except IntegrityError as error:
        return "refused", [key(p) for p in error.problems]
    except (NoPathError, UnknownUnitError) as error:
        return type(error).__name__, str(error)


def compare(s: Hierarchy, r: Hierarchy, rng: random.Random, gone: Iterable[str]) -> None:
    """Every query of ``s`` (the edited hierarchy or its copy) answers as the rebuilt ``r``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivisionCodeWarning)
        _compare(s, r, rng, gone)


def _compare(s: Hierarchy, r: Hierarchy, rng: random.Random, gone: Iterable[str]) -> None:
    units = list(r)
    ids = [unit.id for unit in units]
    keys = r.scheme.keys
    assert [u.id for u in s] == ids
    assert list(s) == units
    assert s == r
    assert len(s) == len(r)
    assert s.scheme == r.scheme
    assert s.codes == r.codes
    assert repr(s) == repr(r)
    assert s.roots() == r.roots()
    for uid in ids:
        assert uid in s
        assert s[uid] == r[uid]
        assert s.get(uid) == r[uid]
        assert s.parent(uid) == r.parent(uid), uid
        assert s.children(uid) == r.children(uid), uid
        assert s.siblings(uid) == r.siblings(uid), uid
        ancestors = r.ancestors(uid)
        assert s.ancestors(uid) == ancestors, uid
        assert s.descendants(uid) == r.descendants(uid), uid
        for level in keys:
            assert s.descendants(uid, level=level) == r.descendants(uid, level=level), (uid, level)
        assert s.count_descendants(uid) == r.count_descendants(uid), uid
        assert s.depth(uid) == r.depth(uid) == len(ancestors), uid
        assert s.root_of(uid) == r.root_of(uid), uid
        assert s.level_of(uid) == r.level_of(uid)
        assert s.org_kind(uid) == r.org_kind(uid)
        for field in COUNT_FIELDS:
            assert s.total(uid, field) == r.total(uid, field), (uid, field)
        for top in [uid, *(a.id for a in ancestors)]:
            assert s.within(uid, top)
    for uid in gone:
        assert uid not in s
        assert s.get(uid) is None
        with pytest.raises(UnknownUnitError):
            s[uid]
    if len(ids) <= 15:
        pairs = [(a, b) for a in ids for b in ids]
    else:  # random pairs, and pairs of a unit and one of its descendants
        pairs = [(rng.choice(ids), rng.choice(ids)) for _ in range(150)]
        for a in rng.sample(ids, min(len(ids), 30)):
            below = r.descendants(a)
            if below:
                pairs.append((a, rng.choice(below).id))
    for a, b in pairs:
        assert s.is_ancestor(a, b) == r.is_ancestor(a, b), (a, b)
        assert s.within(a, b) == r.within(a, b), (a, b)
        assert s.common_ancestor(a, b) == r.common_ancestor(a, b), (a, b)
        assert outcome(partial(s.path, a, b)) == outcome(partial(r.path, a, b)), (a, b)
    for _ in range(min(len(ids), 5)):
        some = rng.sample(ids, min(len(ids), 3))
        assert s.common_ancestor(*some) == r.common_ancestor(*some), some
    for field in COUNT_FIELDS:
        assert s.totals(field) == r.totals(field), field
    for level in keys:
        assert s.at_level(level) == r.at_level(level), level
        assert s.find(level=level) == r.find(level=level), level
    assert s.level_counts() == r.level_counts()
    for name in {unit.name for unit in rng.sample(units, min(len(units), 3))}:
        assert s.find(name) == r.find(name)
    assert s._repr_html_() == r._repr_html_()
    tops = [*(u.id for u in r.roots()), *rng.sample(ids, min(len(ids), 3))]
    for top in tops:
        assert outcome(partial(s.subtree, top)) == outcome(partial(r.subtree, top)), top
    dates = {d for u in units for d in (u.established, u.dissolved) if d is not None}
    for date in [datetime.date(2000, 1, 1), *rng.sample(sorted(dates), min(len(dates), 2))]:
        assert outcome(partial(s.as_of, date)) == outcome(partial(r.as_of, date)), date
    again = clone(s)
    assert again == r
    assert again.codes == r.codes
    assert again.totals("households") == r.totals("households")
    assert [again.depth(uid) for uid in ids] == [r.depth(uid) for uid in ids]


# -- running batches --------------------------------------------------------------------------


class Run:
    """A hierarchy, its model and its rebuild, and the checks after every batch."""

    def __init__(self, h: Hierarchy, rng: random.Random, *, warm: bool = True) -> None:
        self.h = h
        self.model = EditModel(h)
        self.rng = rng
        self.seen = {unit.id for unit in h} | {GHOST}
        self.warned: list[Problem] = []
        r, error, _ = self.rebuilt(self.model)
        assert r is not None, error
        self.r = r
        self.check(warm=warm)

    def rebuilt(
        self, model: EditModel
    ) -> tuple[Hierarchy | None, IntegrityError | None, list[Problem]]:
        records = model.records()
        return quietly(lambda: Hierarchy(records, self.h.scheme, codes=self.h.codes))

    def gone(self) -> list[str]:
        """Ids once seen that are not there now, in a stable order."""
        return sorted(self.seen - set(self.model.units))

    def check(self, *, warm: bool) -> None:
        """Compare with the rebuild; ``warm=False`` asks everything of a copy, not of ``h``."""
        assert list(self.h) == list(self.r)
        assert self.h == self.r
        subject = self.h if warm else clone(self.h)
        compare(subject, self.r, self.rng, self.gone())

    def batch(
        self, edits: Sequence[Edit], *, warm_next: bool = True, full: bool = True
    ) -> IntegrityError | None:
        """Apply one batch to ``h`` and the model, check, and return the refusal if any.

        ``warm_next``: the queries afterwards are asked of ``h`` itself (building its lazy
        tables before the next batch), else of a pickled copy; ``full=False`` compares only the
        units, in order.
        """
        h = self.h
        before = list(h)
        after = self.model.copy()
        edit_codes = after.apply(edits)
        r, rebuild_error, rebuild_warned = self.rebuilt(after)
        valid = not edit_codes and r is not None
        for _, first, _ in edits:
            self.seen.add(first.id if isinstance(first, OrgUnit) else str(first))

        def run(target: Hierarchy) -> Callable[[], None]:
            def go() -> None:
                with target.edit() as batch:
                    record(batch, edits)

            return go

        _, error, warned = quietly(run(h))
        self.warned = warned
        if error is not None or warned or rebuild_warned:  # the same batch on a fresh copy
            fresh = quietly(lambda: Hierarchy(before, h.scheme, codes=h.codes))[0]
            assert fresh is not None
            _, fresh_error, fresh_warned = quietly(run(fresh))
        if error is None:
            assert valid, f"accepted, but the model says {edit_codes or rebuild_error}"
            assert r is not None
            assert h == r
            if warned or rebuild_warned:
                assert fresh_error is None
                assert [key(p) for p in warned] == [key(p) for p in fresh_warned]
                assert sorted(map(key, warned)) == sorted(map(key, rebuild_warned))
            self.model, self.r = after, r
        else:
            assert not valid, f"refused, but the model accepts it: {error.problems}"
            assert fresh_error is not None
            assert [key(p) for p in error.problems] == [key(p) for p in fresh_error.problems]
            assert not warned
            if rebuild_error is not None:
                state = set(rebuild_error.codes)
            else:  # the state is fine; waived code problems are listed beside the edits' own
                state = {p.code for p in rebuild_warned}
            assert set(error.codes) == edit_codes | state, error.problems
            assert list(h) == before
        if full:
            self.check(warm=warm_next)
        else:
            assert list(h) == list(self.r)
            assert h == self.r
        return error


# -- drawing edits ----------------------------------------------------------------------------


class Draws(Protocol):
    """Where the choices come from: hypothesis's data, or a seeded ``random.Random``."""

    def pick(self, options: Sequence[T]) -> T: ...

    def count(self) -> int | None: ...

    def name(self) -> str: ...

    def unit(self, uid: str, level: str, parent: str | None) -> OrgUnit: ...


class FromData:
    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def pick(self, options: Sequence[T]) -> T:
        return self.data.draw(st.sampled_from(options))

    def count(self) -> int | None:
        return self.data.draw(st.none() | st.integers(0, 5000))

    def name(self) -> str:
        return self.data.draw(chinese_names())

    def unit(self, uid: str, level: str, parent: str | None) -> OrgUnit:
        return self.data.draw(org_units(id=uid, level=level, parent=parent))


class FromRandom:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)

    def count(self) -> int | None:
        return None if self.rng.random() < 0.5 else self.rng.randrange(5000)

    def name(self) -> str:
        return f"{self.rng.randrange(100)}号{self.rng.choice('楼院苑组')}"

    def unit(self, uid: str, level: str, parent: str | None) -> OrgUnit:
        return OrgUnit(
            id=uid,
            name=self.name(),
            level=level,
            parent=parent,
            households=self.count(),
            population=self.count(),
        )


ADDS = ("add", "add", "add", "add_duplicate", "add_unknown_parent", "add_wrong_level")
REPLACES = ("rename", "recount", "recount", "reparent")
MOVES = ("move", "move", "move_cycle", "move_root", "move_wrong_level")
REMOVES = ("remove_leaf", "remove", "remove_keep", "remove_keep")
KINDS = (*ADDS, *REPLACES, *MOVES, *REMOVES, "unknown")
"""The kinds of edit drawn, as often as they are listed."""


def draw_code(
    draws: Draws, model: EditModel, scheme: LevelScheme, level: str, parent: str | None
) -> str | None:
    """A division code for a new unit of the urban scheme: none, fitting, taken or misplaced."""
    if scheme is not URBAN_FIVE_LEVEL:
        return None
    choice = draws.pick(["none", "none", "fit", "taken", "misplaced"])
    serial = draws.pick(range(100, 1000))
    if choice == "fit":
        above = model.units.get(parent) if parent is not None else None
        if level == "street":
            return f"511710{serial:03d}000"
        if level == "community" and above is not None and above.code is not None:
            return above.code[:9] + f"{serial:03d}"
        return None
    if choice == "taken":
        codes = [u.code for u in model.units.values() if u.code is not None]
        return draws.pick(codes) if codes else None
    return "511799001001" if choice == "misplaced" else None


def draw_edit(
    draws: Draws, model: EditModel, scheme: LevelScheme, new_id: str, gone: Sequence[str] = ()
) -> Edit:
    """Draw an edit of a kind from :data:`KINDS` on the model's state, valid or not as it says."""
    present = list(model.units)
    kind = draws.pick(KINDS)
    if not present and kind not in {"add", "add_unknown_parent", "unknown"}:
        kind = "add"
    keys = scheme.keys

    def hosts(level: str, exclude: Iterable[str] = ()) -> list[str]:
        barred = set(exclude)
        return [
            u for u in present if u not in barred and scheme.admits(model.units[u].level, level)
        ]

    def new_unit(uid: str, level: str, parent: str | None) -> OrgUnit:
        unit = draws.unit(uid, level, parent)
        code = draw_code(draws, model, scheme, level, parent)
        return unit if code is None else unit.model_copy(update={"code": code})

    if kind in {"add", "add_duplicate", "add_unknown_parent"}:
        level = draws.pick(keys)
        options: list[str | None] = list(hosts(level))
        if scheme.may_be_root(level):
            options.append(None)
        parent = draws.pick(options) if options else None
        if kind == "add_unknown_parent":
            parent = GHOST
        uid = draws.pick(present) if kind == "add_duplicate" and present else new_id
        return ("add", new_unit(uid, level, parent), None)
    if kind == "add_wrong_level":
        parent = draws.pick(present) if present else None
        if parent is None:
            bad = [k for k in keys if not scheme.may_be_root(k)]
        else:
            bad = [k for k in keys if not scheme.admits(model.units[parent].level, k)]
        level = draws.pick(bad) if bad else "nowhere"  # no such level: unknown_level
        return ("add", draws.unit(new_id, level, parent), None)
    if kind == "unknown":
        choice = draws.pick(["move", "move_under", "remove", "replace", "gone"])
        target = draws.pick(present) if present else None
        if choice == "move":
            return ("move", GHOST, target)
        if choice == "move_under" and target is not None:
            return ("move", target, GHOST)
        if choice == "replace":
            return ("replace", draws.unit(GHOST, keys[0], None), None)
        missing = [*gone, new_id] if choice == "gone" else [GHOST]
        return ("remove", draws.pick(missing), draws.pick([True, False]))
    target = draws.pick(present)
    old = model.units[target]
    subtree = [target, *model.below(target)]
    if kind == "rename":
        return ("replace", old.model_copy(update={"name": draws.name()}), None)
    if kind == "recount":
        update: dict[str, object] = {}
        for field in COUNT_FIELDS:
            choice = draws.pick(["keep", "set", "none"])
            if choice != "keep":
                update[field] = draws.count() if choice == "set" else None
        members = update.get("party_members", old.party_members)
        probationary = old.probationary_members
        if probationary is not None:  # never more probationary members than members
            fits = isinstance(members, int) and probationary <= members
            update["probationary_members"] = probationary if fits else None
        return ("replace", old.model_copy(update=update), None)
    if kind in {"reparent", "move"}:
        fitting = hosts(old.level, exclude=subtree)
        options = [*fitting, *fitting, *present, None] if kind == "reparent" else [*fitting, None]
        parent = draws.pick(options)
        if kind == "move":
            return ("move", target, parent)
        update = {"parent": parent}
        if draws.pick([False, True]):
            update["name"] = draws.name()
        return ("replace", old.model_copy(update=update), None)
    if kind == "move_cycle":
        return ("move", target, draws.pick(subtree))
    if kind == "move_root":
        return ("move", target, None)
    if kind == "move_wrong_level":
        bad = [u for u in present if not scheme.admits(model.units[u].level, old.level)]
        return ("move", target, draws.pick(bad) if bad else None)
    if kind == "remove_leaf":
        leaves = [u for u in present if not model.kids.get(u)] or present  # or a cycle
        return ("remove", draws.pick(leaves), draws.pick([True, False]))
    return ("remove", target, kind == "remove")


def draw_batch(draws: Draws, run: Run, size: int, serial: int) -> list[Edit]:
    """Draw ``size`` edits, each from the state the ones before it leave."""
    scratch = run.model.copy()
    edits: list[Edit] = []
    for i in range(size):
        edit = draw_edit(draws, scratch, run.h.scheme, f"new{serial}-{i}", run.gone())
        scratch.apply([edit])
        edits.append(edit)
    return edits


# -- generated hierarchies --------------------------------------------------------------------


@st.composite
def coded(draw: st.DrawFn, units: list[OrgUnit], *, spoil: bool) -> list[OrgUnit]:
    """Give some streets and communities fitting division codes; ``spoil``: maybe one misfit."""
    by_id = {unit.id: unit for unit in units}
    for n, unit in enumerate(u for u in units if u.level == "street"):
        if draw(st.booleans()):
            by_id[unit.id] = unit.model_copy(update={"code": f"5117020{n + 1:02d}000"})
    for n, unit in enumerate(u for u in units if u.level == "community"):
        if draw(st.booleans()):
            above = by_id.get(unit.parent) if unit.parent is not None else None
            prefix = above.code[:9] if above is not None and above.code else "511702090"
            by_id[unit.id] = unit.model_copy(update={"code": f"{prefix}{n + 1:03d}"})
    if spoil and units and draw(st.sampled_from([True, True, False])):
        victim = draw(st.sampled_from(units)).id
        codes = [u.code for u in by_id.values() if u.code is not None]
        code = draw(st.sampled_from([*codes, "511799001001"]))
        by_id[victim] = by_id[victim].model_copy(update={"code": code})
    return [by_id[unit.id] for unit in units]


@st.composite
def starts(draw: st.DrawFn) -> tuple[LevelScheme, list[OrgUnit], str]:
    """A scheme, units that make a valid hierarchy under it, and the ``codes`` setting."""
    scheme = draw(st.sampled_from([URBAN_FIVE_LEVEL, URBAN_FIVE_LEVEL, NESTED_SCHEME, TWO_LEVELS]))
    _, units = draw(unit_lists(scheme=scheme, max_units=40, max_roots=3))
    codes = draw(st.sampled_from(["strict", "warn"] if scheme is URBAN_FIVE_LEVEL else ["strict"]))
    if scheme is URBAN_FIVE_LEVEL:
        units = draw(coded(units, spoil=codes == "warn"))
    return scheme, units, codes


@given(
    start=starts(),
    sizes=st.lists(st.sampled_from([1, 1, 1, 1, 1, 2, 3, 4]), min_size=1, max_size=12),
    warm=st.lists(st.booleans(), min_size=13, max_size=13),
    seed=st.integers(0, 2**16),
    data=st.data(),
)
def test_every_batch_leaves_what_a_rebuild_gives(
    start: tuple[LevelScheme, list[OrgUnit], str],
    sizes: list[int],
    warm: list[bool],
    seed: int,
    data: st.DataObject,
) -> None:
    scheme, units, codes = start
    h = quietly(lambda: Hierarchy(units, scheme, codes=codes))[0]  # type: ignore[arg-type]
    assert h is not None
    run = Run(h, random.Random(seed), warm=warm[0])
    draws = FromData(data)
    for i, size in enumerate(sizes):
        last = i == len(sizes) - 1  # the last state is asked of the hierarchy itself
        run.batch(draw_batch(draws, run, size, i), warm_next=last or warm[i + 1])


# -- one edit of each kind, on the district of tests/conftest.py -------------------------------


def unit(uid: str, level: str, parent: str | None, **facts: object) -> OrgUnit:
    return OrgUnit(id=uid, name=f"名{uid}", level=level, parent=parent, **facts)  # type: ignore[arg-type]


ONE_EDIT: list[tuple[str, Edit, tuple[str, ...] | None]] = [
    # (what, edit, the codes of the refusal or None); ("replace", id, update) changes a record
    ("add a leaf", ("add", unit("cl-3", "building", "cl", households=5), None), None),
    ("add a root", ("add", unit("dc", "street", None, code="511702001000"), None), None),
    ("add a taken id", ("add", unit("cl-1", "building", "cl"), None), ("duplicate_id",)),
    ("add under no unit", ("add", unit("x", "grid", GHOST), None), ("unknown_parent",)),
    ("add under a street", ("add", unit("x", "building", "cy"), None), ("level_not_admitted",)),
    (
        "add a misplaced code",
        ("add", unit("x", "community", "xc", code="511702003001"), None),
        ("code_not_nested",),
    ),
    ("rename", ("replace", "qt", {"name": "秋棠网格"}), None),
    ("set a count", ("replace", "yt", {"households": 300}), None),
    ("change counts", ("replace", "cl-1", {"households": 125, "party_members": 3}), None),
    ("clear a count", ("replace", "tbl", {"households": None}), None),
    ("replace with a new parent", ("replace", "cl", {"parent": "yt", "households": 1}), None),
    ("replace at a root", ("replace", "mfb", {"parent": None}), None),
    ("replace under a community", ("replace", "cl", {"parent": "mfb"}), ("level_not_admitted",)),
    ("replace no unit", ("replace", unit(GHOST, "street", None), None), ("unknown_unit",)),
    ("move a subtree", ("move", "yjsc", "qt"), None),
    ("move to its own parent", ("move", "qt", "mfb"), None),
    ("move into its own subtree", ("move", "mfb", "cl"), ("cycle", "level_not_admitted")),
    ("move under itself", ("move", "cl", "cl"), ("cycle", "level_not_admitted")),
    ("move to no parent", ("move", "qt", None), None),
    ("move under a grid", ("move", "cl-1", "qt"), ("level_not_admitted",)),
    ("move under no unit", ("move", "cl", GHOST), ("unknown_parent",)),
    ("move no unit", ("move", GHOST, "cy"), ("unknown_unit",)),
    ("remove a leaf", ("remove", "yjsc-2", True), None),
    ("remove a subtree", ("remove", "mfb", True), None),
    ("remove a root, lifting its children", ("remove", "cy", False), None),
    ("remove, lifting a compound to a community", ("remove", "qt", False), ("level_not_admitted",)),
    ("remove no unit", ("remove", GHOST, False), ("unknown_unit",)),
]


@pytest.mark.parametrize("warm", [True, False], ids=["tables built", "tables not built"])
@pytest.mark.parametrize(("edit", "codes"), [c[1:] for c in ONE_EDIT], ids=[c[0] for c in ONE_EDIT])
def test_one_edit(
    district: Hierarchy, edit: Edit, codes: tuple[str, ...] | None, warm: bool
) -> None:
    kind, first, second = edit
    if kind == "replace" and isinstance(first, str):
        edit = (kind, district[first].model_copy(update=second), None)  # type: ignore[arg-type]
    run = Run(district, random.Random(0), warm=warm)
    error = run.batch([edit])
    assert (None if error is None else error.codes) == codes
    assert run.batch([("move", "yjsc", "yt" if "yt" in district else None)]) is None


def test_under_codes_warn_a_misplaced_code_is_accepted_with_a_warning(district: Hierarchy) -> None:
    run = Run(Hierarchy(list(district), codes="warn"), random.Random(0))
    assert run.batch([("add", unit("x", "community", "xc", code="511702003001"), None)]) is None
    assert [p.code for p in run.warned] == ["code_not_nested"]
    refused = run.batch([("move", GHOST, "cy")])  # a refusal lists the waived problem too
    assert refused is not None
    assert set(refused.codes) == {"unknown_unit", "code_not_nested"}


def test_remove_in_the_middle_lifts_the_children_into_its_place() -> None:
    parents = {"a": None, "b": "a", "c": "b", "d": "b", "e": "a"}
    h = Hierarchy([unit(uid, "node", parent) for uid, parent in parents.items()], NESTED_SCHEME)
    run = Run(h, random.Random(0), warm=False)
    assert run.batch([("remove", "b", False)]) is None
    assert [u.id for u in h.children("a")] == ["c", "d", "e"]
    refused = run.batch([("move", "a", "d")])
    assert refused is not None
    assert refused.codes == ("cycle",)


def test_a_batch_of_several_edits(district: Hierarchy) -> None:
    run = Run(district, random.Random(0))
    edits: list[Edit] = [
        ("add", unit("yt-1", "compound", "yt", households=10), None),
        ("move", "cl", "yt"),
        ("remove", "qt", True),
        ("replace", district["xbj"].model_copy(update={"households": 3000}), None),
    ]
    assert run.batch(edits, warm_next=False) is None
    assert [u.id for u in district.descendants("yt")] == ["yt-1", "cl", "cl-1", "cl-2"]
    passing = [("move", "cl", "xbj"), ("move", "cl", "tbl-g1")]  # invalid only half-way
    assert run.batch(passing) is None
    assert [u.id for u in district.children("tbl-g1")] == ["yjsc", "cl"]
    refused = run.batch([("add", unit("b", "building", "cl"), None), ("remove", "cl", False)])
    assert refused is not None
    assert refused.codes == ("level_not_admitted",)


# -- a long run on a district of 2,000 units --------------------------------------------------


def generated_district(size: int, rng: random.Random) -> list[OrgUnit]:
    """A five-level district of ``size`` units: coded streets and communities, scattered counts.

    Grown depth first with random spans and cut at ``size`` units, so the last subtrees are
    partial; the units come in hierarchy order.
    """
    spans = {"street": (5, 9), "community": (2, 4), "grid": (3, 6), "compound": (2, 5)}
    below = {"community": "street", "grid": "community", "compound": "grid", "building": "compound"}
    child_level = {parent: child for child, parent in below.items()}
    units: list[OrgUnit] = []
    stack = [(f"s{n}", "street", None, f"5117020{n + 1:02d}000") for n in range(4, -1, -1)]
    while stack and len(units) < size:
        uid, level, parent, code = stack.pop()
        counts = {
            field: rng.randrange(3, 4000) if rng.random() < chance else None
            for field, chance in (("households", 0.3), ("population", 0.2), ("party_members", 0.2))
        }
        units.append(
            OrgUnit(id=uid, name=f"{uid}名", level=level, parent=parent, code=code, **counts)
        )
        if level == "building":
            continue
        kids = range(rng.randint(*spans[level]))
        for k in reversed(kids):
            kid_code = f"{code[:9]}{k + 1:03d}" if level == "street" and code else None
            stack.append((f"{uid}.{k}", child_level[level], uid, kid_code))
    return units


def test_three_hundred_edits_in_a_row_on_two_thousand_units() -> None:
    rng = random.Random(20231)
    h = Hierarchy(generated_district(2000, rng))
    assert len(h) == 2000
    assert h.level_counts()["building"] > 500
    run = Run(h, rng, warm=False)
    draws = FromRandom(rng)
    outcomes = []
    for step in range(1, 301):
        edits = draw_batch(draws, run, 1, step)
        full = step % 50 == 0
        outcomes.append(run.batch(edits, full=full, warm_next=step % 100 != 50) is None)
    assert 100 < sum(outcomes) < 280  # many edits are taken, many refused
