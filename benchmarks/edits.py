"""Edit batches, refused batches and bulk queries, timed beside networkx on the same tree.

A helper module of ``hierarchy.py`` (the generated district) and ``divisions.py`` (the national
tree); it has no command line of its own.

Edits
-----
Each edit is drafted before its batch is timed: the target is drawn at random from the units
that exist at that moment, and the new record (an ``OrgUnit`` for jiceng, a dict for networkx)
is made then, so the timing holds only ``with h.edit() as batch: ...`` on jiceng's side and the
same change made in place on networkx's ``DiGraph`` (``add_node``/``add_edge``,
``remove_edge``/``add_edge``, ``nodes[x].update(...)``, ``remove_node``). The timings are the
mean per batch (per edit for the mixed batches) with the garbage collector off, over
``batches`` batches each timed on its own with ``time.perf_counter_ns``. Within a mixed batch no
two edits touch the same unit, so each record drafted from the hierarchy before the batch is
still the current one when its edit applies.

Every edit is made on both sides, so afterwards :func:`check_same` compares the two, unit by
unit, for every unit an edit touched and a random sample of the others: both hold the same
units, with the same parents and the same edited fields.

Bulk queries
------------
``h.ancestors_at(ids, level)`` and ``h.totals_of(ids, field)`` against the per-call loops
``[h.ancestor_at(r, level) for r in ids]`` and ``[h.total(r, field) for r in ids]`` and against
networkx (a walk up ``g.pred``; ``nx.descendants`` summed), per id.
"""

from __future__ import annotations

import gc
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import networkx as nx

import jiceng
from jiceng import IntegrityError, OrgUnit

Graph = nx.DiGraph  # of str ids; a type alias at runtime, where DiGraph takes no parameters
ONE_EDIT_TARGET = ("≤ 1 ms", 1e-3)


def note(message: str) -> None:
    """Report progress on stderr."""
    print(f"  … {message}", file=sys.stderr, flush=True)


class Pool:
    """Ids to draw from at random: add, discard and draw in constant time."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self.items: list[str] = list(ids)
        self.where: dict[str, int] = {uid: i for i, uid in enumerate(self.items)}

    def __len__(self) -> int:
        """Return the number of ids held."""
        return len(self.items)

    def add(self, uid: str) -> None:
        """Hold ``uid`` too."""
        if uid not in self.where:
            self.where[uid] = len(self.items)
            self.items.append(uid)

    def discard(self, uid: str) -> None:
        """Stop holding ``uid`` (if held), moving the last id into its slot."""
        i = self.where.pop(uid, None)
        if i is None:
            return
        last = self.items.pop()
        if i < len(self.items):
            self.items[i] = last
            self.where[last] = i

    def draw(self, rng: random.Random, taken: set[str]) -> str:
        """Return a random id not in ``taken`` (the units the batch already touches)."""
        for _ in range(1000):
            uid = self.items[rng.randrange(len(self.items))]
            if uid not in taken:
                return uid
        raise RuntimeError("no free unit left to draw")


@dataclass(frozen=True)
class Edit:
    """One drafted edit: the same change for jiceng's batch and for networkx's graph."""

    kind: str
    ours: Callable[[jiceng.EditBatch], None]
    theirs: Callable[[Graph], None]


class Drafter(Protocol):
    """Draws edits of a tree's kinds and keeps its pools as if each edit had been applied."""

    kinds: tuple[str, ...]
    touched: set[str]
    fields: tuple[str, ...]
    changed: dict[str, dict[str, Any]]

    def draft(self, kind: str, taken: set[str]) -> Edit:
        """Draw an edit of ``kind`` of a unit not in ``taken``; add the unit to it."""
        ...

    def refused(self) -> tuple[str, str]:
        """Return a unit and one of its children: moving the unit under the child is refused."""
        ...


def _parent(g: Graph, uid: str) -> str | None:
    return next(iter(g.pred[uid]), None)


@dataclass
class Drafting:
    """What both drafters keep: the tree, the generator, and the units edited so far."""

    h: jiceng.Hierarchy
    rng: random.Random
    touched: set[str] = field(default_factory=set)
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)
    counter: int = 0

    def _touch(self, taken: set[str], uid: str, *others: str) -> None:
        """Note ``uid`` as edited in this batch, ``others`` (parents) as touched for the check."""
        taken.add(uid)
        self.touched.add(uid)
        self.touched.update(others)

    def _with_child(self, pool: Pool) -> tuple[str, str]:
        """Return a unit of ``pool`` and its first child."""
        while True:
            uid = pool.draw(self.rng, set())
            below = self.h.children(uid)
            if below:
                return uid, below[0].id


# -- the generated district ---------------------------------------------------------------------

DISTRICT_KINDS = ("add a building", "rename a unit", "change households", "move a compound")
DISTRICT_KINDS += ("remove a building",)


@dataclass
class DistrictDrafter(Drafting):
    """Edits of the five-level district: buildings added and removed, compounds moved."""

    kinds: tuple[str, ...] = DISTRICT_KINDS
    fields: tuple[str, ...] = ("name", "households")

    def __post_init__(self) -> None:
        """Sort the units into pools by level."""
        by_level: dict[str, list[str]] = {}
        for unit in self.h:
            by_level.setdefault(unit.level, []).append(unit.id)
        self.units = Pool(unit.id for unit in self.h)
        self.communities = Pool(by_level.get("community", ()))
        self.grids = Pool(by_level.get("grid", ()))
        self.compounds = Pool(by_level.get("compound", ()))
        self.buildings = Pool(by_level.get("building", ()))

    def draft(self, kind: str, taken: set[str]) -> Edit:
        """Draw an edit of ``kind`` of a unit not in ``taken``; add the unit to it."""
        rng, h = self.rng, self.h
        self.counter += 1
        if kind == "add a building":
            parent = self.compounds.draw(rng, set())
            uid = f"N{self.counter}"
            unit = OrgUnit(id=uid, name="99栋", level="building", parent=parent, households=50)
            record = {"id": uid, "name": "99栋", "level": "building", "parent": parent}
            record["households"] = 50
            self.units.add(uid)
            self.buildings.add(uid)
            self._touch(taken, uid, parent)

            def add_theirs(g: Graph) -> None:
                g.add_node(uid, **record)
                g.add_edge(parent, uid)

            return Edit(kind, lambda b: b.add(unit), add_theirs)
        if kind in {"rename a unit", "change households"}:
            pool = self.units if kind == "rename a unit" else self.buildings
            uid = pool.draw(rng, taken)
            old = h[uid]
            change: dict[str, Any] = (
                {"name": f"更名{self.counter}"}
                if kind == "rename a unit"
                else {"households": (old.households or 0) % 200 + 1}
            )
            new = old.model_copy(update=change)
            self.changed.setdefault(uid, {}).update(change)
            self._touch(taken, uid)
            return Edit(kind, lambda b: b.replace(new), lambda g: g.nodes[uid].update(change))
        if kind == "move a compound":
            uid = self.compounds.draw(rng, taken)
            old_parent = h[uid].parent
            assert old_parent is not None
            if len(self.grids) < 2:
                raise RuntimeError("moving a compound needs two grids: generate more units")
            while (grid := self.grids.draw(rng, set())) == old_parent:
                pass
            self._touch(taken, uid, old_parent, grid)

            def move_theirs(g: Graph) -> None:
                g.remove_edge(old_parent, uid)
                g.add_edge(grid, uid)
                g.nodes[uid]["parent"] = grid

            return Edit(kind, lambda b: b.move(uid, grid), move_theirs)
        if kind == "remove a building":
            uid = self.buildings.draw(rng, taken)
            self.buildings.discard(uid)
            self.units.discard(uid)
            self._touch(taken, uid)
            return Edit(kind, lambda b: b.remove(uid), lambda g: g.remove_node(uid))
        raise ValueError(kind)

    def refused(self) -> tuple[str, str]:
        """Return a community and one of its grids: moving it under the grid is refused."""
        return self._with_child(self.communities)


# -- the national tree --------------------------------------------------------------------------

NATIONAL_KINDS = ("rename a village", "replace a village's record", "add a village")
NATIONAL_KINDS += ("remove a village", "move a village (replace: new parent and code)")


@dataclass
class NationalDrafter(Drafting):
    """Edits of villages in the national tree, whose codes must nest under their township's."""

    kinds: tuple[str, ...] = NATIONAL_KINDS
    fields: tuple[str, ...] = ("population",)  # networkx's names are the tables' own

    def __post_init__(self) -> None:
        """Pool the villages and townships; note every id and code in use."""
        # Placeholders (``350527000000-township``, no code) are left out: their networkx node
        # is their parent's.
        self.villages = Pool(u.id for u in self.h if u.level == "village" and u.code)
        self.townships = Pool(u.id for u in self.h if u.level == "township" and u.code)
        self.used: set[str] = {u.id for u in self.h} | {u.code for u in self.h if u.code}

    def fresh_code(self, township: str) -> str | None:
        """Return an unused 12-digit code nesting under ``township``, or None after 50 tries."""
        stem = self.h[township].code or ""
        for _ in range(50):
            code = f"{stem[:9]}{self.rng.randrange(1, 1000):03d}"
            if code not in self.used:
                self.used.add(code)
                return code
        return None

    def township_with_room(self, but: str | None = None) -> tuple[str, str]:
        """Return a township (not ``but``) and a fresh code under it."""
        while True:
            township = self.townships.draw(self.rng, set())
            if township != but and (code := self.fresh_code(township)) is not None:
                return township, code

    def draft(self, kind: str, taken: set[str]) -> Edit:
        """Draw an edit of ``kind`` of a unit not in ``taken``; add the unit to it."""
        rng, h = self.rng, self.h
        self.counter += 1
        if kind == "add a village":
            township, code = self.township_with_room()
            name = f"新设{self.counter}社区"
            unit = OrgUnit(id=code, name=name, level="village", parent=township, code=code)
            self.villages.add(code)
            self._touch(taken, code, township)

            def add_theirs(g: Graph) -> None:
                g.add_node(code, name=name, level="village", code=code)
                g.add_edge(township, code)

            return Edit(kind, lambda b: b.add(unit), add_theirs)
        uid = self.villages.draw(rng, taken)
        old = h[uid]
        if kind in {"rename a village", "replace a village's record"}:
            change: dict[str, Any] = (
                {"name": f"更名{self.counter}社区"}
                if kind == "rename a village"
                else {"population": 1000 + self.counter}
            )
            new = old.model_copy(update=change)
            self.changed.setdefault(uid, {}).update(change)
            self._touch(taken, uid)
            return Edit(kind, lambda b: b.replace(new), lambda g: g.nodes[uid].update(change))
        if kind == "remove a village":
            self.villages.discard(uid)
            self._touch(taken, uid)
            return Edit(kind, lambda b: b.remove(uid), lambda g: g.remove_node(uid))
        if kind.startswith("move a village"):
            old_parent = old.parent
            assert old_parent is not None
            township, code = self.township_with_room(but=old_parent)
            moved = old.model_copy(update={"parent": township, "code": code})
            self.changed.setdefault(uid, {}).update(code=code)
            self._touch(taken, uid, old_parent, township)

            def move_theirs(g: Graph) -> None:
                g.remove_edge(old_parent, uid)
                g.add_edge(township, uid)
                g.nodes[uid]["code"] = code

            return Edit(kind, lambda b: b.replace(moved), move_theirs)
        raise ValueError(kind)

    def refused(self) -> tuple[str, str]:
        """Return a township and one of its villages: moving it under one is refused."""
        return self._with_child(self.townships)


# -- timing -------------------------------------------------------------------------------------


@dataclass
class EditTimes:
    """Nanoseconds summed over the batches of one kind, and the count of edits and batches."""

    ours: int = 0
    theirs: int = 0
    edits: int = 0
    batches: int = 0


def run_batches(
    h: jiceng.Hierarchy, g: Graph, drafter: Drafter, plan: Iterable[Sequence[str]]
) -> EditTimes:
    """Apply a batch of an edit of each kind listed, for each list in ``plan``, to both sides."""
    times = EditTimes()
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for kinds in plan:
            taken: set[str] = set()
            edits = [drafter.draft(kind, taken) for kind in kinds]
            start = time.perf_counter_ns()
            with h.edit() as batch:
                for edit in edits:
                    edit.ours(batch)
            middle = time.perf_counter_ns()
            for edit in edits:
                edit.theirs(g)
            end = time.perf_counter_ns()
            times.ours += middle - start
            times.theirs += end - middle
            times.edits += len(edits)
            times.batches += 1
    finally:
        if enabled:
            gc.enable()
    return times


@dataclass(frozen=True)
class Timing:
    """One row's figures: seconds for jiceng and networkx (None: no peer), and its target."""

    operation: str
    ours: float
    theirs: float | None
    target: str = "—"
    max_seconds: float | None = None


def edit_timings(
    h: jiceng.Hierarchy,
    g: Graph,
    drafter: Drafter,
    *,
    batches: int,
    mixed: int = 100,
    mixed_batches: int | None = None,
    single_edits: int = 0,
    refused: int = 5,
) -> list[Timing]:
    """Time single edits of each kind, mixed batches, a top-up of single edits, refused batches.

    In that order: ``batches`` batches of one edit of each kind (mean per batch),
    ``mixed_batches`` (default ``batches``) batches of ``mixed`` edits of every kind in turn
    (per edit), then as many single edits of every kind in turn as bring the single edits to
    ``single_edits``, then ``refused`` refused batches.
    """
    out: list[Timing] = []
    target, limit = ONE_EDIT_TARGET

    def per(operation: str, t: EditTimes, count: int) -> Timing:
        """Return the row of ``t``'s mean over ``count`` batches or edits."""
        return Timing(operation, t.ours / count / 1e9, t.theirs / count / 1e9, target, limit)

    singles = 0
    # The first edit of each kind pays for what is made on first need (the table of division
    # codes, for one): timed apart, so the rows below show what every later edit costs.
    note("the first edit of each kind")
    firsts = [run_batches(h, g, drafter, [[kind]]) for kind in drafter.kinds]
    singles += sum(t.edits for t in firsts)
    slowest = max(firsts, key=lambda t: t.ours)
    out.append(
        Timing(
            "edit, the first of each kind: the slowest (tables made on first need)",
            slowest.ours / 1e9,
            slowest.theirs / 1e9,
            "—",
            None,
        )
    )
    for kind in drafter.kinds:
        note(f"{batches} batches of one edit: {kind}")
        t = run_batches(h, g, drafter, [[kind]] * batches)
        singles += t.edits
        out.append(per(f"edit, one a batch: {kind}", t, t.batches))
    mixed_batches = batches if mixed_batches is None else mixed_batches
    if mixed_batches:
        note(f"{mixed_batches} batches of {mixed} mixed edits")
        cycle = [drafter.kinds[i % len(drafter.kinds)] for i in range(mixed)]
        t = run_batches(h, g, drafter, [cycle] * mixed_batches)
        out.append(per(f"edit, {mixed} mixed a batch (per edit)", t, t.edits))
    if single_edits > singles:
        rest = single_edits - singles
        note(f"{rest:,} more single edits, every kind in turn")
        kinds = drafter.kinds
        t = run_batches(h, g, drafter, ([kinds[i % len(kinds)]] for i in range(rest)))
        out.append(per(f"edit, one a batch: every kind in turn ({rest:,} batches)", t, t.batches))
    if refused:
        out.append(refused_timing(h, drafter, refused))
    return out


def refused_timing(h: jiceng.Hierarchy, drafter: Drafter, tries: int) -> Timing:
    """Time batches refused for moving a unit into its own subtree; check nothing changed."""
    note(f"{tries} refused batches")
    total = 0
    for _ in range(tries):
        unit, below = drafter.refused()
        size, parent = len(h), h[unit].parent
        start = time.perf_counter_ns()
        try:
            with h.edit() as batch:
                batch.move(unit, below)
        except IntegrityError:
            pass
        else:
            raise RuntimeError(f"moving {unit!r} under its own {below!r} was accepted")
        total += time.perf_counter_ns() - start
        if len(h) != size or h[unit].parent != parent or h[below].parent != unit:
            raise RuntimeError(f"a refused batch (move {unit!r} under {below!r}) changed h")
    return Timing(
        "edit refused: a move into its own subtree (h unchanged)", total / tries / 1e9, None
    )


def check_same(
    h: jiceng.Hierarchy,
    g: Graph,
    drafter: Drafter,
    rng: random.Random,
    *,
    offset: int = 0,
    sample: int = 2000,
) -> None:
    """Raise unless ``h`` and ``g`` agree on every touched unit and a sample of the others.

    ``offset`` is how many more units ``h`` holds than ``g`` has nodes (before any edit): the
    national tree's placeholders (``441900000000-county``, no code) share their parent's node in
    networkx's graph keyed on padded codes, so they are left out, and a parent that is one
    stands for that node.
    """
    if len(h) != g.number_of_nodes() + offset:
        raise RuntimeError(f"after the edits h has {len(h):,} units, networkx {len(g):,} nodes")

    def node(uid: str) -> str:
        """Return a unit's networkx node: a placeholder's is its id before ``-<level>``."""
        stem, _, level = uid.rpartition("-")
        return stem if stem and uid in h and h[uid].level == level else uid

    ids = [unit.id for unit in h]
    checked = drafter.touched | {rng.choice(ids) for _ in range(min(sample, len(ids)))}
    for uid in sorted(checked):
        if node(uid) != uid:  # a placeholder of the national tree
            continue
        present = uid in g
        if (uid in h) != present:
            raise RuntimeError(f"after the edits {uid!r} is in one side only")
        if not present:
            continue
        unit, attrs = h[uid], g.nodes[uid]
        parent = unit.parent if unit.parent is None else node(unit.parent)
        if parent != _parent(g, uid):
            raise RuntimeError(f"after the edits {uid!r} has parent {parent!r}, nx another")
        expected = {name: attrs.get(name) for name in drafter.fields}
        expected.update(drafter.changed.get(uid, {}))
        for name, value in expected.items():
            if getattr(unit, name) != value or attrs.get(name) != value:
                raise RuntimeError(f"after the edits {uid!r}.{name} disagrees with networkx")
