"""The layout behind :class:`jiceng.Hierarchy`'s index: hierarchy order kept in blocks.

Each unit has a *slot*, a number that stays the same while the unit is in the hierarchy; the
per-unit arrays (``units``, ``parent``, ``size``, the totals) are indexed by slot. Hierarchy order
(pre-order) is a sequence of slots cut into *blocks* of about ``√n`` slots, each block holding its
slots and, in parallel, their records. A unit's *rank*, its place in hierarchy order, is its
block's start plus its offset in the block (``start[blk[s]] + loc[s]``), so that:

- ``a`` is a proper ancestor of ``b`` exactly when ``rank(a) < rank(b) < rank(a) + size[a]``;
- a subtree is the run of ``size[s]`` ranks from ``rank(s)``, its records a few list slices;
- inserting or deleting a run of ``m`` slots costs ``O(m + √n)``: the run is spliced into one
  block (which is split when it grows past twice the block size), the offsets after it in that
  block are renumbered, and the later blocks' starts shift.

Each unit also has an *order label*, a number that grows along hierarchy order with gaps between
neighbours. ``pos`` maps an id to the unit's *key*, ``label << SHIFT | slot``: the slot is
``key & MASK``, and keys compare as the labels do. ``last[s]`` is the key of the last unit of
``s``'s subtree, so ``a`` is a proper ancestor of ``b`` exactly when
``key(a) < key(b) <= last[slot(a)]``: one array read beside the two look-ups of the ids, where
the rank takes five. The hottest queries (``is_ancestor``, ``common_ancestor``) use the keys; a
unit inserted takes a label in the gap between its neighbours'.

A unit's depth, its root and the per-level tables are computed on first use; depths and roots
are then kept up to date by edits (``O(size of the moved subtree)``), the level tables are
dropped by an edit that adds, removes or moves units, and computed again when next asked for.
Totals of every count field are kept per slot, ``-1`` for "nothing recorded"; a field that no
unit records has no array at all (``None``) until one does. Nothing here recurses.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, compress, islice
from math import isqrt
from operator import attrgetter, sub
from typing import TypeAlias

import attrs

from jiceng.units import COUNT_FIELDS, OrgUnit

__all__ = ["LIMIT", "MASK", "SHIFT", "Index", "block_size", "key_range", "spans", "totals_of_field"]

SHIFT = 27
"""The bits of a key that hold the slot: a hierarchy holds fewer than ``2**27`` units."""

MASK = (1 << SHIFT) - 1
"""``key & MASK`` is the slot."""

LIMIT = 1 << 33
"""The order labels' bound: every label lies strictly between 0 and ``LIMIT``."""

Totals: TypeAlias = "array[int] | list[int]"


def key_range(n: int) -> range:
    """Return the keys of ranks ``0 .. n - 1`` after a build: labels spread evenly over LIMIT.

    The key of rank ``p`` is ``(p + 1) * gap << SHIFT | p``.

    >>> keys = key_range(3)
    >>> [key & MASK for key in keys], [key >> SHIFT for key in keys] == [2**31, 2**32, 3 * 2**31]
    ([0, 1, 2], True)
    """
    step = (LIMIT // (n + 1)) << SHIFT
    return range(step, step + n * (step + 1), step + 1)


def block_size(n: int) -> int:
    """Return how many slots a block holds after a build of ``n`` units: about ``√n``, ≥ 256.

    >>> block_size(10_000), block_size(1_000_000)
    (256, 1000)
    """
    return max(256, isqrt(n))


@attrs.define(slots=True, eq=False)
class Index:
    """Slots, blocks of hierarchy order, and what is derived from them (see the module docs)."""

    units: list[OrgUnit]
    pos: dict[str, int]
    parent: array[int]
    size: array[int]
    blk: array[int]
    loc: array[int]
    last: array[int]
    blocks: list[array[int]]
    records: list[list[OrgUnit]]
    order: list[int]
    start: array[int]
    roots: list[int]
    level_keys: tuple[str, ...]
    totals: dict[str, Totals | None]
    level_count: dict[str, int]
    leaders: frozenset[str]
    coded: int
    code_clean: bool
    block: int
    free: list[int] = attrs.field(factory=list)
    codes: dict[str, int] | None = None
    _depth: array[int] | None = None
    _root: array[int] | None = None
    _level_slots: dict[str, array[int]] | None = None

    # -- building --------------------------------------------------------------------------------

    @classmethod
    def build(  # noqa: PLR0917 - the parts of a layout, each named at the call
        cls,
        ordered: list[OrgUnit],
        pos: dict[str, int],
        parent: Sequence[int],
        end: Sequence[int],
        level_keys: tuple[str, ...],
        totals: Mapping[str, Totals | None],
        *,
        leaders: frozenset[str],
        code_clean: bool,
    ) -> Index:
        """Lay out units given in hierarchy order: slot ``p`` is the unit at rank ``p``.

        ``pos`` maps each id to the key of its rank, as :func:`key_range` gives them.
        """
        n = len(ordered)
        b = block_size(n)
        cuts = range(0, n, b)
        blocks = [array("i", range(c, min(c + b, n))) for c in cuts]
        blk = array("i", bytes(4 * n))
        loc = array("i", bytes(4 * n))
        offsets = array("i", range(b))
        for k, c in enumerate(cuts):
            stop = min(c + b, n)
            blk[c:stop] = array("i", [k]) * (stop - c)
            loc[c:stop] = offsets[: stop - c]
        found = Counter(map(attrgetter("level"), ordered))
        counts = {key: found.get(key, 0) for key in level_keys}
        step = key_range(n).step
        # key(p) = gap + p * step with step = gap + 1, so the key of rank end - 1 is end * step - 1
        last = array("q", map((-1).__add__, map(step.__mul__, end)))
        return cls(
            units=list(ordered),
            pos=pos,
            parent=array("i", parent),
            size=array("i", map(sub, end, range(n))),
            blk=blk,
            loc=loc,
            last=last,
            blocks=blocks,
            records=[ordered[c : c + b] for c in cuts],
            order=list(range(len(blocks))),
            start=array("l", cuts),
            roots=list(compress(range(n), map((-1).__eq__, parent))),
            level_keys=level_keys,
            totals=dict(totals),
            level_count=counts,
            leaders=leaders,
            coded=n - list(map(attrgetter("code"), ordered)).count(None),
            code_clean=code_clean,
            block=b,
        )

    def copy(self) -> Index:
        """Return an independent copy, for a hierarchy that is edited apart from this one."""
        return Index(
            units=list(self.units),
            pos=dict(self.pos),
            parent=array("i", self.parent),
            size=array("i", self.size),
            blk=array("i", self.blk),
            loc=array("i", self.loc),
            last=array("q", self.last),
            blocks=[array("i", b) for b in self.blocks],
            records=[list(r) for r in self.records],
            order=list(self.order),
            start=array("l", self.start),
            roots=list(self.roots),
            level_keys=self.level_keys,
            totals={f: None if t is None else t[:] for f, t in self.totals.items()},
            level_count=dict(self.level_count),
            leaders=self.leaders,
            coded=self.coded,
            code_clean=self.code_clean,
            block=self.block,
            free=list(self.free),
        )

    def __getstate__(self) -> dict[str, object]:
        """Pickle the units in hierarchy order and what cannot be derived from them cheaply."""
        return {
            "units": self.ordered(),
            "parent": [self.rank(q) if q >= 0 else -1 for q in self.parent_slots_in_order()],
            "level_keys": self.level_keys,
            "leaders": self.leaders,
            "code_clean": self.code_clean,
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        """Lay the pickled units out again."""
        units: list[OrgUnit] = state["units"]  # type: ignore[assignment]
        parent: list[int] = list(state["parent"])  # type: ignore[call-overload]
        if "leaders" not in state:  # pickled by a version that kept one array in order
            named = {unit.led_by for unit in units if unit.led_by is not None}
            state = {**state, "leaders": frozenset(named), "code_clean": False}
        n = len(units)
        end = spans(parent)
        totals: dict[str, Totals | None] = {
            field: totals_of_field(units, parent, field) for field in COUNT_FIELDS
        }
        built = Index.build(
            units,
            dict(zip([unit.id for unit in units], key_range(n), strict=True)),
            parent,
            end,
            state["level_keys"],  # type: ignore[arg-type]
            totals,
            leaders=state["leaders"],  # type: ignore[arg-type]
            code_clean=state["code_clean"],  # type: ignore[arg-type]
        )
        for name in built.__slots__:
            if name != "__weakref__":
                object.__setattr__(self, name, getattr(built, name))

    # -- ranks and runs --------------------------------------------------------------------------

    def length(self) -> int:
        """Return the number of slots in hierarchy order."""
        if not self.order:
            return 0
        last = self.order[-1]
        return self.start[last] + len(self.blocks[last])

    def rank(self, s: int) -> int:
        """Return the place of slot ``s`` in hierarchy order."""
        return self.start[self.blk[s]] + self.loc[s]

    def find_block(self, r: int) -> int:
        """Return the position in ``order`` of the block holding rank ``r`` (``0 <= r < n``)."""
        return bisect_right(self.order, r, key=self.start.__getitem__) - 1

    def slot_at(self, r: int) -> int:
        """Return the slot at rank ``r``."""
        b = self.order[self.find_block(r)]
        return self.blocks[b][r - self.start[b]]

    def _runs(self, r: int, count: int) -> Iterator[tuple[int, int, int]]:
        """``(block, first offset, stop offset)`` of the blocks a run of ranks passes through."""
        if count <= 0:
            return
        k = self.find_block(r)
        order, start, blocks = self.order, self.start, self.blocks
        b = order[k]
        off = r - start[b]
        while count > 0:
            stop = min(len(blocks[b]), off + count)
            yield b, off, stop
            count -= stop - off
            k += 1
            if count > 0:
                b = order[k]
                off = 0

    def slots_in(self, r: int, count: int) -> list[int]:
        """Return the slots of ``count`` ranks from ``r``, in hierarchy order."""
        out: list[int] = []
        for b, first, stop in self._runs(r, count):
            out.extend(self.blocks[b][first:stop])
        return out

    def records_in(self, r: int, count: int) -> list[OrgUnit]:
        """Return the records of ``count`` ranks from ``r``, in hierarchy order."""
        out: list[OrgUnit] = []
        for b, first, stop in self._runs(r, count):
            out += self.records[b][first:stop]
        return out

    def subtree_records(self, s: int) -> list[OrgUnit]:
        """Return the records of slot ``s``'s subtree, ``s`` first, in hierarchy order."""
        size = self.size[s]
        b = self.blk[s]
        first = self.loc[s]
        if first + size <= len(self.blocks[b]):  # within one block: one slice
            return self.records[b][first : first + size]
        return self.records_in(self.start[b] + first, size)

    def descendant_records(self, s: int) -> list[OrgUnit]:
        """Return the records of slot ``s``'s descendants, in hierarchy order."""
        size = self.size[s] - 1
        b = self.blk[s]
        first = self.loc[s] + 1
        if first + size <= len(self.blocks[b]):  # within one block: one slice
            return self.records[b][first : first + size]
        return self.records_in(self.start[b] + first, size)

    def ordered(self) -> list[OrgUnit]:
        """Return every record in hierarchy order."""
        records = self.records
        return list(chain.from_iterable([records[b] for b in self.order]))

    def ordered_slots(self) -> list[int]:
        """Return every slot in hierarchy order."""
        blocks = self.blocks
        return list(chain.from_iterable([blocks[b] for b in self.order]))

    def parent_slots_in_order(self) -> list[int]:
        """Return the parent slot of every unit, in hierarchy order (``-1`` for a root)."""
        return list(map(self.parent.__getitem__, self.ordered_slots()))

    def children(self, s: int) -> list[int]:
        """Return the children of slot ``s`` in order: ``O(children + blocks crossed)``."""
        out: list[int] = []
        left = self.size[s] - 1
        if left <= 0:
            return out
        order, blocks, size = self.order, self.blocks, self.size
        b = self.blk[s]
        k = bisect_left(order, self.start[b], key=self.start.__getitem__)
        block = blocks[b]
        off = self.loc[s] + 1
        while left > 0:
            while off >= len(block):
                off -= len(block)
                k += 1
                block = blocks[order[k]]
            child = block[off]
            out.append(child)
            step = size[child]
            left -= step
            off += step
        return out

    # -- what is computed on first use -----------------------------------------------------------

    @property
    def depth(self) -> array[int]:
        """Return per-slot depths (0 for a root), computed on first use, then kept by edits."""
        depth = self._depth  # read once; built whole in a local, then published
        if depth is None:
            parent = self.parent
            depth = array("i", bytes(4 * len(parent)))
            for s in self.ordered_slots():
                q = parent[s]
                if q >= 0:
                    depth[s] = depth[q] + 1
            self._depth = depth
        return depth

    @property
    def root(self) -> array[int]:
        """Return each slot's root slot, computed on first use, then kept by edits."""
        root = self._root
        if root is None:
            root = array("i", bytes(4 * len(self.parent)))
            for r in self.roots:
                for s in self.slots_in(self.rank(r), self.size[r]):
                    root[s] = r
            self._root = root
        return root

    @property
    def level_slots(self) -> dict[str, array[int]]:
        """Return the slots of each level's units in hierarchy order, made on first use."""
        table = self._level_slots
        if table is None:
            by_level: dict[str, list[int]] = {key: [] for key in self.level_keys}
            units = self.units
            for s in self.ordered_slots():
                by_level[units[s].level].append(s)
            table = {key: array("i", slots) for key, slots in by_level.items()}
            self._level_slots = table
        return table

    def level_under(self, key: str, s: int) -> list[OrgUnit]:
        """Return the records at level ``key`` below slot ``s``, in hierarchy order.

        With the level tables at hand, ``O(log n + answer)`` by bisection on the ranks; after an
        edit that dropped them, a filter of the subtree (``O(size of the subtree)``).
        """
        table = self._level_slots
        if table is None:
            return [unit for unit in self.subtree_records(s)[1:] if unit.level == key]
        slots = table[key]
        rank = self.rank
        r = rank(s)
        lo = bisect_left(slots, r + 1, key=rank)
        hi = bisect_left(slots, r + self.size[s], key=rank)
        units = self.units
        return [units[q] for q in slots[lo:hi]]

    def forget_levels(self) -> None:
        """Drop the level tables (an edit added, removed or moved units)."""
        self._level_slots = None

    # -- splicing runs of slots ------------------------------------------------------------------

    def insert_run(
        self, r: int, slots: Sequence[int], records: Sequence[OrgUnit]
    ) -> tuple[int, int]:
        """Insert ``slots`` (with their ``records``) at rank ``r``, ``0 <= r <= n``.

        Returns the ranks ``[lo, hi)`` whose order labels were set: the run's, and around it
        when the labels had to be spread out again (see :meth:`_label`).
        """
        m = len(slots)
        order, blocks, start = self.order, self.blocks, self.start
        if not order:
            self.blocks.append(array("i"))
            self.records.append([])
            start.append(0)
            order.append(len(self.blocks) - 1)
        last = order[-1]
        k = len(order) - 1 if r >= start[last] + len(blocks[last]) else self.find_block(r)
        b = order[k]
        off = r - start[b]
        block = blocks[b]
        block[off:off] = array("i", slots)
        self.records[b][off:off] = records
        blk, loc = self.blk, self.loc
        for s in slots:
            blk[s] = b
        for i in range(off, len(block)):
            loc[block[i]] = i
        for later in islice(order, k + 1, None):
            start[later] += m
        if len(block) > 2 * self.block:
            self._split(k)
        return self._label(r, m)

    def _enter_at(self, r: int) -> int:
        """Return the order label of the unit at rank ``r``, 0 before the first, LIMIT after."""
        if r < 0:
            return 0
        if r >= self.length():
            return LIMIT
        return self.pos[self.units[self.slot_at(r)].id] >> SHIFT

    def _label(self, r: int, m: int) -> tuple[int, int]:
        """Give the ``m`` units from rank ``r`` order labels between their neighbours'.

        Labels are spaced evenly in the gap between the unit before and the unit after; where
        the gap is too narrow, a window of ranks around the run, doubled until its labels are
        at most half dense, is labelled again evenly (order maintenance: rare, and amortised
        O(log n) a unit). Returns the window of ranks whose labels changed.
        """
        n = self.length()
        lo, hi = r, r + m
        width = m
        while True:
            low, high = self._enter_at(lo - 1), self._enter_at(hi)
            count = hi - lo
            if high - low > 2 * count or (lo == 0 and hi == n and high - low > count):
                break
            width *= 2
            lo, hi = max(0, r - width), min(n, r + m + width)
        step = (high - low) // (count + 1)
        pos, units = self.pos, self.units
        for i, t in enumerate(self.slots_in(lo, count), 1):
            pos[units[t].id] = ((low + step * i) << SHIFT) | t
        return lo, hi

    def delete_run(self, r: int, count: int) -> tuple[list[int], list[OrgUnit]]:
        """Take ``count`` slots out of hierarchy order from rank ``r``; return them and records."""
        slots: list[int] = []
        records: list[OrgUnit] = []
        order, blocks, start, loc = self.order, self.blocks, self.start, self.loc
        k = self.find_block(r)
        first = start[order[k]]
        emptied = False
        for b, lo, hi in list(self._runs(r, count)):
            block = blocks[b]
            slots.extend(block[lo:hi])
            records += self.records[b][lo:hi]
            del block[lo:hi]
            del self.records[b][lo:hi]
            for i in range(lo, len(block)):
                loc[block[i]] = i
            emptied = emptied or not block
        if emptied:
            order[k:] = [b for b in order[k:] if blocks[b]]
        at = first
        for b in islice(order, k, None):
            start[b] = at
            at += len(blocks[b])
        return slots, records

    def _split(self, k: int) -> None:
        """Cut the block at ``order[k]`` into blocks of ``self.block`` slots."""
        b = self.order[k]
        block, records = self.blocks[b], self.records[b]
        width = self.block
        at = self.start[b] + width
        new = []
        blk, loc = self.blk, self.loc
        for cut in range(width, len(block), width):
            part = block[cut : cut + width]
            nb = len(self.blocks)
            self.blocks.append(part)
            self.records.append(records[cut : cut + width])
            self.start.append(at)
            at += len(part)
            for i, s in enumerate(part):
                blk[s] = nb
                loc[s] = i
            new.append(nb)
        del block[width:]
        del records[width:]
        self.order[k + 1 : k + 1] = new

    def set_record(self, s: int, unit: OrgUnit) -> None:
        """Put ``unit`` in slot ``s`` in place of its record (the same id, the same place)."""
        self.units[s] = unit
        self.records[self.blk[s]][self.loc[s]] = unit

    def all_totals(self, field: str, slots: Iterable[int]) -> list[int]:
        """Return the totals of ``field`` (``-1`` for none) of ``slots``."""
        totals = self.totals[field]
        if totals is None:
            return [-1 for _ in slots]
        return list(map(totals.__getitem__, slots))


def spans(parent: Sequence[int]) -> list[int]:
    """Return the subtree ends of a pre-order layout: a span ends where its last descendant's does.

    >>> spans([-1, 0, 1, 0])
    [4, 3, 3, 4]
    """
    n = len(parent)
    end = list(range(1, n + 1))
    for p in range(n - 1, 0, -1):
        q = parent[p]
        if q >= 0 and end[p] > end[q]:
            end[q] = end[p]
    return end


def totals_of_field(units: Sequence[OrgUnit], parent: Sequence[int], field: str) -> Totals | None:
    """Bottom-up totals of units in hierarchy order, -1 for none; ``None`` if none is recorded.

    A recorded value wins, else the sum of the children's.
    """
    n = len(units)
    recorded: list[int | None] = list(map(attrgetter(field), units))
    if recorded.count(None) == n:  # nothing recorded anywhere: no array at all
        return None
    below: list[int | None] = [None] * n
    out = [-1] * n
    for p in range(n - 1, -1, -1):
        value = recorded[p]
        if value is None:
            value = below[p]
            if value is None:
                continue
        out[p] = value
        q = parent[p]
        if q >= 0:
            current = below[q]
            below[q] = value if current is None else current + value
    try:
        return array("q", out)  # eight bytes a unit
    except OverflowError:  # a total beyond 2**63: keep Python's unbounded ints
        return out
