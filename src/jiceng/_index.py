"""The private index behind :class:`jiceng.Hierarchy`: validation and an Euler-tour layout.

Units are stored in hierarchy order (pre-order: parent before child, siblings in input order),
so that the descendants of the unit at position ``p`` are exactly the positions
``p + 1 .. end[p] - 1``. With that layout:

- ``a`` is a proper ancestor of ``b`` exactly when ``pos[a] < pos[b] < end[a]`` (O(1));
- a subtree's size is ``end[p] - p`` and its units a list slice (O(size));
- the units of one level under ``p`` are a contiguous run of that level's sorted positions, found by
  bisection (O(log n + answer));
- per-field totals are computed once, bottom-up in reverse pre-order, and then read in O(1).

Every traversal is a loop over positions or an explicit stack; nothing recurses.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

import attrs

from jiceng.errors import Problem
from jiceng.levels import LevelScheme
from jiceng.units import OrgUnit

__all__ = ["Index", "build_index", "code_prefix"]

_SEGMENTS = (2, 4, 6, 9, 12)


def code_prefix(code: str) -> str:
    """Return the significant prefix of a 12-digit division code (trailing zero segments cut).

    >>> code_prefix("511702002000"), code_prefix("511702000000"), code_prefix("511702002002")
    ('511702002', '511702', '511702002002')
    """
    significant = 0
    start = 0
    for stop in _SEGMENTS:
        if code[start:stop].strip("0"):
            significant = stop
        start = stop
    return code[:significant]


@attrs.define(slots=True, eq=False)
class Index:
    """Positions of a valid hierarchy's units in pre-order, and what is derived from them."""

    units: list[OrgUnit]
    pos: dict[str, int]
    parent: list[int]
    end: list[int]
    depth: array[int]
    roots: list[int]
    level_positions: dict[str, array[int]]
    totals: dict[str, list[int | None]] = attrs.field(factory=dict)

    def children(self, p: int) -> list[int]:
        """Positions of the children of position ``p``, in order."""
        out = []
        child = p + 1
        stop = self.end[p]
        end = self.end
        while child < stop:
            out.append(child)
            child = end[child]
        return out

    def level_range(self, key: str, start: int, stop: int) -> array[int]:
        """Positions at level ``key`` within ``start <= position < stop``."""
        positions = self.level_positions[key]
        return positions[bisect_left(positions, start) : bisect_right(positions, stop - 1)]

    def total(self, field: str) -> list[int | None]:
        """Per-position totals of a count field, computed on first use."""
        cached = self.totals.get(field)
        if cached is None:
            cached = self.totals[field] = _totals(self.units, self.parent, field)
        return cached


def _totals(units: Sequence[OrgUnit], parent: Sequence[int], field: str) -> list[int | None]:
    """Bottom-up totals: a recorded value wins; otherwise the sum of the children's totals."""
    n = len(units)
    recorded: list[int | None] = [getattr(unit, field) for unit in units]
    below: list[int | None] = [None] * n
    for p in range(n - 1, -1, -1):
        value = recorded[p]
        if value is None:
            value = recorded[p] = below[p]
            if value is None:
                continue
        q = parent[p]
        if q >= 0:
            current = below[q]
            below[q] = value if current is None else current + value
    return recorded


def build_index(
    units: Sequence[OrgUnit], scheme: LevelScheme, *, check_roots: bool = True
) -> tuple[Index | None, list[Problem]]:
    """Validate ``units`` against each other and ``scheme``; index them if they fit.

    Returns the index (``None`` when any problem was found) and every problem, grouped by code in
    the order: duplicate ids, unknown levels, unknown parents, cycles, parents at levels the scheme
    does not admit, roots at levels that may not be roots, duplicate codes, codes that do not nest.
    """
    n = len(units)
    problems: list[Problem] = []

    position: dict[str, int] = {unit.id: i for i, unit in enumerate(units)}
    if len(position) != n:
        counts = Counter(unit.id for unit in units)
        problems.extend(
            Problem("duplicate_id", (uid,), f"id {uid!r} is used by {count} units")
            for uid, count in counts.items()
            if count > 1
        )
        # Parent references to a repeated id resolve to its last occurrence; the index is not
        # built, so that only matters for finding further problems.

    keys = set(scheme.keys)
    levels = {unit.level for unit in units}
    unknown_levels = levels - keys
    if unknown_levels:
        problems.extend(
            Problem(
                "unknown_level",
                (unit.id,),
                f"unit {unit.id!r} has level {unit.level!r}, which the scheme "
                f"{scheme.name!r} does not have",
            )
            for unit in units
            if unit.level in unknown_levels
        )

    parent_of: list[int] = [-1] * n
    kids: list[list[int] | None] = [None] * n
    roots: list[int] = []
    dangling: set[str] = set()
    get = position.get
    for i, unit in enumerate(units):
        pid = unit.parent
        if pid is None:
            roots.append(i)
            continue
        q = get(pid)
        if q is None:
            problems.append(
                Problem(
                    "unknown_parent",
                    (unit.id, pid),
                    f"unit {unit.id!r} names parent {pid!r}, which is not in the hierarchy",
                )
            )
            dangling.add(unit.id)
            roots.append(i)  # keep checking what lies below it
            continue
        parent_of[i] = q
        siblings = kids[q]
        if siblings is None:
            kids[q] = [i]
        else:
            siblings.append(i)

    # Pre-order from the roots, with an explicit stack.
    order: list[int] = []
    push = order.append
    for root in roots:
        stack = [root]
        pop = stack.pop
        extend = stack.extend
        while stack:
            i = pop()
            push(i)
            below = kids[i]
            if below is not None:
                extend(reversed(below))

    if len(order) != n:
        problems.extend(_cycles(units, parent_of, set(order)))

    if unknown_levels or len(order) != n:
        return None, problems

    # Positions in pre-order.
    new_pos = [0] * n
    for p, i in enumerate(order):
        new_pos[i] = p
    ordered = [units[i] for i in order]
    pos = {unit.id: p for p, unit in enumerate(ordered)}
    parent = [-1] * n
    for p, i in enumerate(order):
        q = parent_of[i]
        if q >= 0:
            parent[p] = new_pos[q]
    del new_pos, parent_of, kids

    # Subtree ends bottom-up, depths top-down.
    end = list(range(1, n + 1))
    for p in range(n - 1, 0, -1):
        q = parent[p]
        if q >= 0 and end[p] > end[q]:
            end[q] = end[p]
    depth = array("l", bytes(8 * n)) if n else array("l")
    for p in range(n):
        q = parent[p]
        if q >= 0:
            depth[p] = depth[q] + 1

    # Levels: admitted parents and roots.
    admitted = {
        (parent_key, key) for key in scheme.keys for parent_key in scheme.parent_levels(key)
    }
    by_level: dict[str, list[int]] = {key: [] for key in scheme.keys}
    for p, unit in enumerate(ordered):
        by_level[unit.level].append(p)
        q = parent[p]
        if q < 0:
            continue
        pair = (ordered[q].level, unit.level)
        if pair not in admitted:
            problems.append(
                Problem(
                    "level_not_admitted",
                    (unit.id, ordered[q].id),
                    f"unit {unit.id!r} at level {unit.level!r} may not have a parent at level "
                    f"{ordered[q].level!r} ({ordered[q].id!r}); "
                    f"{unit.level!r} admits {_listing(scheme.parent_levels(unit.level))}",
                )
            )
    roots = [p for p in range(n) if parent[p] < 0]
    if check_roots:
        rootless = {key for key in scheme.keys if not scheme.may_be_root(key)}
        for p in roots:
            unit = ordered[p]
            if unit.level in rootless and unit.id not in dangling:
                problems.append(
                    Problem(
                        "root_not_allowed",
                        (unit.id,),
                        f"unit {unit.id!r} has no parent, but a unit at level {unit.level!r} "
                        f"needs a parent at level {_listing(scheme.parent_levels(unit.level))}",
                    )
                )

    problems.extend(_code_problems(ordered, parent))
    if problems:
        return None, problems

    index = Index(
        units=ordered,
        pos=pos,
        parent=parent,
        end=end,
        depth=depth,
        roots=roots,
        level_positions={key: array("l", positions) for key, positions in by_level.items()},
    )
    return index, problems


def _listing(keys: Sequence[str]) -> str:
    return ", ".join(repr(key) for key in keys) if keys else "no parent level"


def _cycles(units: Sequence[OrgUnit], parent_of: Sequence[int], reached: set[int]) -> list[Problem]:
    """One problem per cycle among the units that no root reaches."""
    problems = []
    state: dict[int, int] = {}  # 1: on the current walk, 2: done
    for start in range(len(units)):
        if start in reached or start in state:
            continue
        walk = []
        i = start
        while i >= 0 and i not in reached and i not in state:
            state[i] = 1
            walk.append(i)
            i = parent_of[i]
        if i >= 0 and state.get(i) == 1:
            cycle = walk[walk.index(i) :]
            ids = tuple(units[j].id for j in cycle)
            problems.append(
                Problem(
                    "cycle",
                    ids,
                    "units "
                    + " → ".join(repr(uid) for uid in ids)
                    + f" → {ids[0]!r} form a cycle of parents",
                )
            )
        for j in walk:
            state[j] = 2
    return problems


def _code_problems(ordered: Sequence[OrgUnit], parent: Sequence[int]) -> list[Problem]:
    """Duplicate division codes, and codes that do not nest in the nearest coded ancestor's."""
    problems: list[Problem] = []
    coded = [p for p, unit in enumerate(ordered) if unit.code is not None]
    counts = Counter(ordered[p].code for p in coded)
    problems.extend(
        Problem(
            "duplicate_code",
            tuple(ordered[p].id for p in coded if ordered[p].code == code),
            f"division code {code} is used by {count} units",
        )
        for code, count in counts.items()
        if count > 1
    )
    for p in coded:
        code = ordered[p].code
        q = parent[p]
        while q >= 0 and ordered[q].code is None:
            q = parent[q]
        outer = ordered[q].code if q >= 0 else None
        if code is None or outer is None:
            continue
        prefix = code_prefix(outer)
        if not code.startswith(prefix) or len(code_prefix(code)) <= len(prefix):
            problems.append(
                Problem(
                    "code_not_nested",
                    (ordered[p].id, ordered[q].id),
                    f"unit {ordered[p].id!r} has division code {code}, which does not nest "
                    f"under {outer} of its ancestor {ordered[q].id!r}",
                )
            )
    return problems
