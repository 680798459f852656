"""Applying an edit batch to a hierarchy's index in place, at the cost of what the batch changes.

:class:`InPlace` applies the recorded edits one after another to the live
:class:`~jiceng._layout.Index`, checking each against the rules the full check applies (ids,
parents, cycles, the levels a scheme admits, roots, division codes), but only where the edit can
break them: the unit, its new parent's ancestors, its children, the coded units of a moved
subtree. Every change it makes is logged with its inverse. An edit it cannot vouch for (any
problem at all, a parent added later in the batch, a unit that leads or is led by another's
organisation, a hierarchy that carries waived code problems) undoes everything the batch did so
far, and the caller then takes the full path: the batch applied to a copy of the units, checked
and indexed from scratch, which reports every problem exactly as before or commits. So a valid
batch costs ``O(k × (depth + size of the moved subtrees + √n))`` for ``k`` edits, and a refused
one what a full check costs.

Costs of one edit, ``d`` the depth, ``c`` a number of children, ``m`` the moved subtree's size:

- add a unit: ``O(d + √n)``: its rank is its parent's plus the parent's size; the sizes and
  totals of its ancestors change;
- replace a record in place: ``O(d)``, plus ``O(c)`` when a count or the level changes, plus
  ``O(m)`` when a code changes (the codes below must still nest);
- move a unit (or replace it with another parent): ``O(d + m + √n)``;
- remove a unit with its subtree: ``O(d + m + √n)``; without it: ``O(d + c + m + √n)`` (the
  depths below change by one).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import Any, cast

from jiceng._index import code_prefix
from jiceng._layout import MASK, Index
from jiceng.levels import LevelScheme, OrgStatus
from jiceng.units import COUNT_FIELDS, OrgUnit

__all__ = ["InPlace"]

_LED = frozenset({OrgStatus.JOINT, OrgStatus.REGIONAL})


class InPlace:
    """One batch's edits applied to an index in place, with the log that undoes them."""

    __slots__ = (
        "_admits",
        "_declared",
        "_free_roots",
        "_lazy",
        "_undo",
        "index",
        "removed",
        "scheme",
    )

    def __init__(self, index: Index, scheme: LevelScheme, free_roots: frozenset[str]) -> None:
        self.index = index
        # Which tables made on first use exist now: those the edits keep. One made during the
        # batch (by an engine's check, or a reader without a lock) saw a state in between.
        self._lazy = (index._depth is not None, index._root is not None)
        self.scheme = scheme
        self._free_roots = free_roots
        self._admits = {key: frozenset(scheme.parent_levels(key)) for key in scheme.keys}
        self._declared = {level.key: level.code_digits for level in scheme.levels}
        self._undo: list[Callable[[], None]] = []
        self.removed: list[int] = []

    # -- the batch -------------------------------------------------------------------------------

    def run(self, edits: Iterable[tuple[str, Any, Any]]) -> bool:
        """Apply ``edits``; ``True`` if all applied, ``False`` (and nothing changed) otherwise.

        An edit that raises (a malformed argument) leaves its changes for :meth:`rollback`.
        """
        if not self.index.code_clean:  # waived code problems: each check reports them all
            return False
        pos = self.index.pos
        for edit, first, second in edits:
            if edit == "add":
                done = self._add(first)
            else:
                key = pos.get(first.id if edit == "replace" else first)
                s = None if key is None else key & MASK
                if s is None:
                    done = False
                elif edit == "replace":
                    done = self._replace(s, first, relocate=False)
                elif edit == "move":
                    old = self._unit(s)
                    done = self._replace(s, old.model_copy(update={"parent": second}), True)
                elif second:
                    done = self._remove(s)
                else:
                    done = self._lift(s)
            if not done:
                self.rollback()
                return False
        return True

    def rollback(self) -> None:
        """Undo every change, last first."""
        undo = self._undo
        while undo:
            undo.pop()()
        self.removed.clear()
        self._forget_new_tables()

    def _forget_new_tables(self) -> None:
        """Drop the tables made on first use during the batch: they are made again when asked."""
        index = self.index
        had_depth, had_root = self._lazy
        if not had_depth:
            index._depth = None
        if not had_root:
            index._root = None

    def commit(self) -> None:
        """Keep the changes: the slots of removed units become free."""
        units = self.index.units
        for s in self.removed:
            units[s] = cast("OrgUnit", None)  # a free slot holds no record
        self.index.free.extend(self.removed)
        self._undo.clear()
        self.removed = []
        self._forget_new_tables()

    # -- checks ----------------------------------------------------------------------------------

    def _unit(self, s: int) -> OrgUnit:
        return self.index.units[s]

    def _leads(self, unit: OrgUnit) -> bool:
        """Whether leadership rules concern ``unit`` (checked on the full path only)."""
        return unit.led_by is not None or unit.org_status in _LED or unit.id in self.index.leaders

    def _fits(self, unit: OrgUnit, q: int) -> bool:
        """Whether ``unit``'s level may sit under slot ``q`` (``-1``: as a root)."""
        if q < 0:
            return self.scheme.may_be_root(unit.level) or unit.id in self._free_roots
        return self._unit(q).level in self._admits[unit.level]

    def _digits(self, unit: OrgUnit) -> int:
        d = self._declared.get(unit.level)
        return d if d else len(code_prefix(unit.code))  # type: ignore[arg-type]

    def _shape_ok(self, unit: OrgUnit) -> bool:
        d = self._declared.get(unit.level)
        return d is None or bool(d and not unit.code[d:].strip("0"))  # type: ignore[index]

    def _nests(self, inner: OrgUnit, outer: OrgUnit) -> bool:
        width = self._digits(outer)
        code, around = inner.code, outer.code
        return code[:width] == around[:width] and self._digits(inner) > width  # type: ignore[index]

    def _coded_at_or_above(self, q: int) -> OrgUnit | None:
        parent = self.index.parent
        while q >= 0:
            unit = self._unit(q)
            if unit.code is not None:
                return unit
            q = parent[q]
        return None

    def _holders(self) -> dict[str, int]:
        """Return the table of division codes (code → slot), made on first need in one pass.

        The in-place path runs only where no code is used twice, so each code has one holder.
        """
        index = self.index
        if index.codes is None:
            slots = index.ordered_slots()
            codes = map(attrgetter("code"), map(index.units.__getitem__, slots))
            table: dict[str | None, int] = dict(zip(codes, slots, strict=True))
            table.pop(None, None)
            index.codes = cast("dict[str, int]", table)
        return index.codes

    def _codes_ok(self, s: int, unit: OrgUnit, q: int, old: OrgUnit | None) -> bool:
        """Whether ``unit`` in slot ``s`` under ``q`` keeps every division code nested."""
        index = self.index
        others = index.coded - (old is not None and old.code is not None)
        if unit.code is None and others == 0:
            return True
        above = self._coded_at_or_above(q)
        if unit.code is not None:
            if not self._shape_ok(unit):
                return False
            if (old is None or old.code != unit.code) and unit.code in self._holders():
                return False
            if above is not None and not self._nests(unit, above):
                return False
        outer = unit if unit.code is not None else above
        if old is None or outer is None or others == 0:
            return True
        if outer is unit and (old.code, old.level) == (unit.code, unit.level):
            return True  # the codes below nest in this one as before
        # The topmost coded units below s must nest in the new outer code.
        size = index.size
        r = index.rank(s)
        covered = r + 1
        for i, (t, record) in enumerate(
            zip(
                index.slots_in(r + 1, size[s] - 1),
                index.records_in(r + 1, size[s] - 1),
                strict=True,
            ),
            r + 1,
        ):
            if i < covered:
                continue
            if record.code is not None:
                if not self._nests(record, outer):
                    return False
                covered = i + size[t]
        return True

    # -- the edits -------------------------------------------------------------------------------

    def _kids_total(self, field: str, kids: list[int]) -> int:
        """Return the sum of ``kids``' totals of ``field``, -1 when none of them has one."""
        totals = self.index.totals[field]
        assert totals is not None
        found = [totals[c] for c in kids if totals[c] >= 0]
        return sum(found) if found else -1

    def _parent_slot(self, unit: OrgUnit) -> int | None:
        """Return the slot of ``unit``'s parent: -1 for a root, ``None`` for an id not held."""
        if unit.parent is None:
            return -1
        found = self.index.pos.get(unit.parent)
        return None if found is None else found & MASK

    def _add(self, unit: OrgUnit) -> bool:
        index = self.index
        if unit.id in index.pos or unit.level not in self._admits or self._leads(unit):
            return False
        if not index.free and len(index.units) > MASK:  # no slot left: the full path renumbers
            return False
        q = self._parent_slot(unit)
        if q is None:
            return False
        if not self._fits(unit, q) or not self._codes_ok(-1, unit, q, None):
            return False
        s = self._allocate(unit)
        self._enter(s, unit)
        for field in COUNT_FIELDS:
            value = getattr(unit, field)
            if value is not None or index.totals[field] is not None:
                self._set_total(field, s, -1 if value is None else value)
        self._attach([s], [unit], s, q, self._end_of(q), None)
        self._undo.append(lambda: self._unadd(s))
        return True

    def _unadd(self, s: int) -> None:
        unit = self._unit(s)
        self._detach(s)
        self._leave(s, unit)
        self.index.units[s] = cast("OrgUnit", None)
        self.index.free.append(s)

    def _replace(self, s: int, unit: OrgUnit, relocate: bool) -> bool:
        index = self.index
        old = self._unit(s)
        if self._leads(old) or self._leads(unit) or unit.level not in self._admits:
            return False
        moved = relocate or unit.parent != old.parent
        if moved:
            found = self._parent_slot(unit)
            if found is None:
                return False
            q = found
            if q >= 0:
                r = index.rank(s)
                if r <= index.rank(q) < r + index.size[s]:  # into its own subtree: a cycle
                    return False
        else:
            q = index.parent[s]
        relevel = unit.level != old.level
        if (moved or relevel) and not self._fits(unit, q):
            return False
        if relevel and any(
            unit.level not in self._admits[self._unit(c).level] for c in index.children(s)
        ):
            return False
        if (moved or relevel or unit.code != old.code) and not self._codes_ok(s, unit, q, old):
            return False
        self._put(s, unit)
        if moved:
            self._undo.append(self._relocate(s, q))
        return True

    def _remove(self, s: int) -> bool:
        index = self.index
        records = index.subtree_records(s)
        if any(map(self._leads, records)):
            return False
        q = index.parent[s]
        r = index.rank(s)
        at = index.roots.index(s) if q < 0 else None
        slots, records = self._detach(s)
        for t, unit in zip(slots, records, strict=True):
            self._leave(t, unit)
        self.removed.extend(slots)

        def back() -> None:
            del self.removed[-len(slots) :]
            for t, unit in zip(slots, records, strict=True):
                self._enter(t, unit)
            self._attach(slots, records, s, q, r, at)

        self._undo.append(back)
        return True

    def _lift(self, s: int) -> bool:
        index = self.index
        old = self._unit(s)
        if self._leads(old):
            return False
        q = index.parent[s]
        kids = index.children(s)
        if not all(self._fits(self._unit(c), q) for c in kids):
            return False
        above = None if q < 0 else self._unit(q).id
        for c in kids:
            self._put(c, self._unit(c).model_copy(update={"parent": above}))
        back = self._splice_out(s, kids)
        self._leave(s, old)
        self.removed.append(s)

        def undo() -> None:
            self.removed.pop()
            self._enter(s, old)
            back()

        self._undo.append(undo)
        return True

    # -- changes, each with its inverse ------------------------------------------------------------

    def _allocate(self, unit: OrgUnit) -> int:
        index = self.index
        if index.free:
            s = index.free.pop()
            index.units[s] = unit
            return s
        s = len(index.units)
        index.units.append(unit)
        for column in (index.parent, index.size, index.blk, index.loc):
            column.append(0)
        index.last.append(0)
        for totals in index.totals.values():
            if totals is not None:
                totals.append(-1)
        for lazy in (index._depth, index._root):
            if lazy is not None:
                lazy.append(0)
        return s

    def _enter(self, s: int, unit: OrgUnit, key: int | None = None) -> None:
        """Count ``unit`` in: its id (its key, else the slot until it is labelled), level, code."""
        index = self.index
        index.pos[unit.id] = s if key is None else key
        index.level_count[unit.level] = index.level_count.get(unit.level, 0) + 1
        if unit.code is not None:
            index.coded += 1
            if index.codes is not None:
                index.codes[unit.code] = s

    def _leave(self, s: int, unit: OrgUnit) -> None:
        """Count ``unit`` out (the inverse of :meth:`_enter`)."""
        index = self.index
        del index.pos[unit.id]
        index.level_count[unit.level] -= 1
        if unit.code is not None:
            index.coded -= 1
            if index.codes is not None:
                del index.codes[unit.code]

    def _end_of(self, q: int) -> int:
        """Return the rank a new last child of ``q`` (``-1``: a new last root) takes."""
        index = self.index
        if q >= 0:
            return index.rank(q) + index.size[q]
        return index.length()

    def _put(self, s: int, unit: OrgUnit) -> None:
        """Give slot ``s`` the record ``unit`` (same id), keeping counts, codes and totals."""
        old = self._swap(s, unit)

        def back() -> None:
            self._swap(s, old)

        self._undo.append(back)

    def _swap(self, s: int, unit: OrgUnit) -> OrgUnit:
        """Put ``unit`` in slot ``s`` in place of its record; return the record it replaced."""
        index = self.index
        old = self._unit(s)
        key = index.pos[old.id]  # the same id, the same place: the same key
        self._leave(s, old)
        self._enter(s, unit, key)
        index.set_record(s, unit)
        if unit.level != old.level:
            index.forget_levels()
        for field in COUNT_FIELDS:
            if getattr(unit, field) != getattr(old, field):
                self._retotal(s, field)
        return old

    def _attach(  # noqa: PLR0917 - a run, its top, the parent and the place
        self,
        slots: list[int],
        records: list[OrgUnit],
        s: int,
        q: int,
        r: int,
        root_at: int | None,
    ) -> None:
        """Put the run ``slots`` (the subtree of ``s``) at rank ``r``, ``s`` a child of ``q``."""
        index = self.index
        m = len(slots)
        if m == 1:  # a new or a single unit: its own size may be a free slot's old one
            index.size[s] = 1
        window = index.insert_run(r, slots, records)
        index.parent[s] = q
        size, parent = index.size, index.parent
        a = q
        while a >= 0:
            size[a] += m
            a = parent[a]
        self._relabel_last(*window)
        if q < 0:
            if root_at is None:
                index.roots.append(s)
            else:
                index.roots.insert(root_at, s)
        depth, root = index._depth, index._root
        if depth is not None:
            shift = (0 if q < 0 else depth[q] + 1) - depth[s]
            if shift:
                for t in slots:
                    depth[t] += shift
        if root is not None:
            top = s if q < 0 else root[q]
            if root[s] != top or m == 1:
                for t in slots:
                    root[t] = top
        index.forget_levels()
        for field, totals in index.totals.items():
            if totals is not None and totals[s] >= 0:
                self._child_changed(q, field, -1, totals[s])

    def _detach(self, s: int) -> tuple[list[int], list[OrgUnit]]:
        """Take the subtree of ``s`` out of hierarchy order; it keeps its own sizes and totals."""
        index = self.index
        q = index.parent[s]
        m = index.size[s]
        r = index.rank(s)
        slots, records = index.delete_run(r, m)
        size, parent = index.size, index.parent
        a = q
        while a >= 0:
            size[a] -= m
            a = parent[a]
        self._relabel_last(r - 1, r)
        if q < 0:
            index.roots.remove(s)
        index.forget_levels()
        for field, totals in index.totals.items():
            if totals is not None and totals[s] >= 0:
                self._child_changed(q, field, totals[s], -1)
        return slots, records

    def _relocate(self, s: int, q: int) -> Callable[[], None]:
        """Move the subtree of ``s`` to be the last child of ``q``; return the inverse."""
        index = self.index
        q_old = index.parent[s]
        r_old = index.rank(s)
        at = index.roots.index(s) if q_old < 0 else None
        slots, records = self._detach(s)
        self._attach(slots, records, s, q, self._end_of(q), None)

        def back() -> None:
            moved, recs = self._detach(s)
            self._attach(moved, recs, s, q_old, r_old, at)

        return back

    def _splice_out(self, s: int, kids: list[int]) -> Callable[[], None]:
        """Take ``s`` alone out of hierarchy order, its children taking its place; the inverse."""
        index = self.index
        q = index.parent[s]
        r = index.rank(s)
        at = index.roots.index(s) if q < 0 else None
        totals_before = {f: t[s] for f, t in index.totals.items() if t is not None}
        index.delete_run(r, 1)
        size, parent = index.size, index.parent
        a = q
        while a >= 0:
            size[a] -= 1
            a = parent[a]
        for c in kids:
            parent[c] = q
        if at is not None:
            index.roots[at : at + 1] = kids
        self._relabel_last(r - 1, r)
        self._shift_below(kids, q)
        index.forget_levels()
        for field, before in totals_before.items():
            self._child_changed(q, field, before, self._kids_total(field, kids))

        def back() -> None:
            window = index.insert_run(r, [s], [self._unit(s)])
            a = q
            while a >= 0:
                size[a] += 1
                a = parent[a]
            for c in kids:
                parent[c] = s
            if at is not None:
                index.roots[at : at + len(kids)] = [s]
            self._relabel_last(*window)
            index.last[s] = index.pos[self._unit(index.slot_at(r + size[s] - 1)).id]
            self._shift_below(kids, s)
            index.forget_levels()
            for field, before in totals_before.items():
                self._child_changed(q, field, self._kids_total(field, kids), before)

        return back

    def _relabel_last(self, lo: int, hi: int) -> None:
        """Give each unit whose subtree ends at a rank in ``[lo, hi)`` that unit's label.

        ``last`` holds the key of each unit's subtree's last unit: after
        the units of ranks ``lo .. hi - 1`` were labelled again, or the run after ``lo`` was
        taken out, climb from each of them through the units whose subtree ends there.
        """
        index = self.index
        lo = max(lo, 0)
        if hi <= lo:
            return
        last, parent, size, pos, units = (
            index.last,
            index.parent,
            index.size,
            index.pos,
            index.units,
        )
        start, blk, loc = index.start, index.blk, index.loc
        for r, u in enumerate(index.slots_in(lo, hi - lo), lo):
            own = pos[units[u].id]
            a = u
            while a >= 0 and start[blk[a]] + loc[a] + size[a] - 1 == r:
                last[a] = own
                a = parent[a]

    def _shift_below(self, kids: list[int], q: int) -> None:
        """Fix the depths and roots of the subtrees of ``kids``, now children of ``q``."""
        index = self.index
        depth, root = index._depth, index._root
        if depth is None and root is None:
            return
        for c in kids:
            slots = index.slots_in(index.rank(c), index.size[c])
            if depth is not None:
                shift = (0 if q < 0 else depth[q] + 1) - depth[c]
                for t in slots:
                    depth[t] += shift
            if root is not None:
                top = c if q < 0 else root[q]
                for t in slots:
                    root[t] = top

    # -- totals ----------------------------------------------------------------------------------

    def _column(self, field: str) -> array[int] | list[int]:
        index = self.index
        totals = index.totals[field]
        if totals is None:  # the first recorded value of a field: every total was none
            totals = index.totals[field] = array("q", [-1]) * len(index.units)
        return totals

    def _set_total(self, field: str, s: int, value: int) -> None:
        totals = self._column(field)
        try:
            totals[s] = value
        except OverflowError:  # beyond 2**63: Python ints from now on
            widened = list(totals)
            widened[s] = value
            self.index.totals[field] = widened

    def _retotal(self, s: int, field: str) -> None:
        """Recompute the total of ``s`` from its record and children, then its ancestors'."""
        index = self.index
        recorded = getattr(self._unit(s), field)
        totals = index.totals[field]
        if recorded is None and totals is None:
            return
        totals = self._column(field)
        if recorded is None:
            found = [totals[c] for c in index.children(s) if totals[c] >= 0]
            value = sum(found) if found else -1
        else:
            value = recorded
        before = totals[s]
        if value != before:
            self._set_total(field, s, value)
            self._child_changed(index.parent[s], field, before, value)

    def _child_changed(self, q: int, field: str, old: int, new: int) -> None:
        """One child of ``q`` now adds ``new`` to its total instead of ``old`` (-1: nothing)."""
        index = self.index
        parent = index.parent
        while q >= 0 and old != new:
            if getattr(self._unit(q), field) is not None:
                return  # a recorded figure wins over its children's
            totals = self._column(field)
            current = totals[q]
            if new >= 0:
                value = (current if current >= 0 else 0) - (old if old >= 0 else 0) + new
            elif old >= 0:  # the child adds nothing now: perhaps no child does
                value = current - old
                if value == 0 and not any(totals[c] >= 0 for c in index.children(q)):
                    value = -1
            else:
                return
            if value == current:
                return
            self._set_total(field, q, value)
            old, new = current, value
            q = parent[q]
