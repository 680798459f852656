"""Building the private index behind :class:`jiceng.Hierarchy`: validation, then the layout.

:func:`build_index` checks units against each other and a scheme, puts them in hierarchy order
(pre-order: parent before child, siblings in input order), computes the subtree spans and the
totals of every count field bottom-up, and hands them to :class:`~jiceng._layout.Index`, which
keeps them in blocks so that edits can update them in place (see ``jiceng._layout``).

Every traversal is a loop over positions or an explicit stack; nothing recurses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from itertools import repeat
from operator import attrgetter, lt, sub
from typing import Literal, cast

from jiceng._layout import MASK, Index, key_range, spans, totals_of_field
from jiceng._leadership import leadership_problems
from jiceng.errors import InvalidArgumentError, Problem
from jiceng.levels import LevelScheme
from jiceng.units import COUNT_FIELDS, OrgUnit

__all__ = [
    "CODE_PROBLEMS",
    "CodeCheck",
    "Index",
    "build_index",
    "check_codes_setting",
    "code_prefix",
]

_SEGMENTS = (2, 4, 6, 9, 12)

CodeCheck = Literal["strict", "warn"]
"""How a hierarchy treats division code problems: ``"strict"`` raises them with the others,
``"warn"`` issues them as a :class:`~jiceng.DivisionCodeWarning`."""


def check_codes_setting(codes: object) -> None:
    """Refuse a ``codes`` setting other than ``"strict"`` and ``"warn"``.

    >>> check_codes_setting("warn")
    """
    if codes not in ("strict", "warn"):
        raise InvalidArgumentError(f'codes must be "strict" or "warn", got {codes!r}')


CODE_PROBLEMS = frozenset({"duplicate_code", "code_not_nested", "code_shape"})
"""The problem codes that ``codes="warn"`` turns into a warning."""


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


def build_index(
    units: Sequence[OrgUnit],
    scheme: LevelScheme,
    *,
    free_roots: Collection[str] = (),
    waive_codes: bool = False,
    codes_checked: bool = False,
) -> tuple[Index | None, list[Problem]]:
    """Validate ``units`` against each other and ``scheme``; index them if they fit.

    Returns the index (``None`` when any problem was found) and every problem, grouped by code in
    the order: duplicate ids, unknown levels, unknown parents, cycles, parents at levels the scheme
    does not admit, roots at levels that may not be roots, duplicate codes, codes that do not nest,
    codes of the wrong shape for their level, then the leadership problems
    (:data:`~jiceng._leadership.LEADERSHIP_PROBLEMS`). Within a code, problems come in input order.
    ``free_roots`` names units that may be roots whatever their level (the top of a
    :meth:`~jiceng.Hierarchy.subtree`). With ``waive_codes`` the index is built when every
    problem is a code problem (:data:`CODE_PROBLEMS`); the problems are still returned. When
    other problems refuse the units, only those are returned.
    ``codes_checked`` skips the code checks, for a caller that has made them already (the
    division tables' reader, whose parents are derived from the codes).
    """
    n = len(units)
    problems: list[Problem] = []
    if n >= MASK - 1:
        raise InvalidArgumentError(f"a hierarchy holds fewer than {MASK - 1:,} units, not {n:,}")

    ids = [unit.id for unit in units]
    # Each id maps to its key (jiceng._layout): the order label of its place, then its index.
    position: dict[str, int] = dict(zip(ids, key_range(n), strict=True))
    if len(position) != n:
        counts = Counter(ids)
        problems.extend(
            Problem("duplicate_id", (uid,), f"id {uid!r} is used by {count} units")
            for uid, count in counts.items()
            if count > 1
        )
        # Parent references to a repeated id resolve to its last occurrence; no index is built,
        # so that matters only for finding further problems.

    levels = [unit.level for unit in units]
    unknown_levels = set(levels) - set(scheme.keys)
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

    # Parent positions in input order: -1 for a root, -2 for an unknown parent. A key plus one,
    # masked, is the index plus one; -1 (a root) gives 0 and -2 (unknown) MASK: C-level passes.
    lookup = cast("dict[str | None, int]", position)
    lookup[None] = -1
    get: Callable[[str | None, int], int] = lookup.get
    keys = map(get, [unit.parent for unit in units], repeat(-2))
    parent_of = list(map((-1).__add__, map(MASK.__and__, map((1).__add__, keys))))
    del lookup[None]
    dangling: set[int] = set()
    if MASK - 1 in parent_of:  # no index reaches MASK - 1: these name unknown parents
        for i, q in enumerate(parent_of):
            if q == MASK - 1:
                pid = units[i].parent
                problems.append(
                    Problem(
                        "unknown_parent",
                        (ids[i], str(pid)),
                        f"unit {ids[i]!r} names parent {pid!r}, which is not in the hierarchy",
                    )
                )
                parent_of[i] = -1  # treated as a root, to keep checking what lies below it
                dangling.add(i)

    # The order of the layout, and with it which units no root reaches (they are in cycles).
    preorder_ends = _spans_if_preorder(parent_of)
    order: list[int] | None = None
    reached: set[int] | None = None
    if preorder_ends is None:
        order = _preorder(parent_of)
        if len(order) != n:
            reached = set(order)
            problems.extend(_cycles(units, parent_of, reached))

    # Checks between records, on the input order: each reports every unit it concerns.
    problems.extend(_level_problems(units, levels, parent_of, unknown_levels, scheme))
    rootless = {key for key in scheme.keys if not scheme.may_be_root(key)}
    for i in [i for i, q in enumerate(parent_of) if q < 0] if rootless else ():
        unit = units[i]
        if unit.level in rootless and i not in dangling and unit.id not in free_roots:
            problems.append(
                Problem(
                    "root_not_allowed",
                    (unit.id,),
                    f"unit {unit.id!r} has no parent, but a unit at level {unit.level!r} "
                    f"needs a parent at level {_listing(scheme.parent_levels(unit.level))}",
                )
            )
    if not codes_checked:
        problems.extend(_code_problems(units, parent_of, reached, scheme))
    named = set(map(attrgetter("led_by"), units))
    named.discard(None)
    leaders = {uid: position[uid] & MASK for uid in cast("set[str]", named) if uid in position}
    problems.extend(leadership_problems(units, leaders, scheme, partial=bool(free_roots)))
    if problems and not (waive_codes and all(p.code in CODE_PROBLEMS for p in problems)):
        # Refused: for what is not waived only (code problems are not the reason).
        return None, [p for p in problems if not waive_codes or p.code not in CODE_PROBLEMS]

    if order is None:  # the units came in hierarchy order: nothing to move
        ordered = list(units)
        pos = position
        parent = parent_of
        end = preorder_ends if preorder_ends is not None else spans(parent)
    else:
        new_pos = [0] * n
        for p, i in enumerate(order):
            new_pos[i] = p
        ordered = [units[i] for i in order]
        pos = dict(zip([ids[i] for i in order], key_range(n), strict=True))
        parent = [-1 if q < 0 else new_pos[q] for q in (parent_of[i] for i in order)]
        del new_pos, order
        end = spans(parent)
    index = Index.build(
        ordered,
        pos,
        parent,
        end,
        scheme.keys,
        {field: totals_of_field(ordered, parent, field) for field in COUNT_FIELDS},
        leaders=frozenset(cast("set[str]", named)),
        code_clean=not problems,
    )
    return index, problems


def _spans_if_preorder(parent_of: Sequence[int]) -> list[int] | None:
    """Return the subtree ends if the input order is already a pre-order, else ``None``.

    With every parent before its children, each subtree lies within ``[p, end[p])``; the order
    is a pre-order exactly when each such span holds nothing but the subtree, i.e. its length is
    the subtree's size.
    """
    n = len(parent_of)
    if not all(map(lt, parent_of, range(n))):
        return None
    end = list(range(1, n + 1))
    size = [1] * n
    for p in range(n - 1, 0, -1):
        q = parent_of[p]
        if q >= 0:
            size[q] += size[p]
            if end[p] > end[q]:
                end[q] = end[p]
    if list(map(sub, end, range(n))) != size:
        return None
    return end


def _preorder(parent_of: list[int]) -> list[int]:
    """Positions in pre-order from the roots, siblings in input order; cycles are left out."""
    n = len(parent_of)
    kids: list[list[int] | None] = [None] * n
    roots = []
    for i, q in enumerate(parent_of):
        if q < 0:
            roots.append(i)
            continue
        siblings = kids[q]
        if siblings is None:
            kids[q] = [i]
        else:
            siblings.append(i)
    order: list[int] = []
    push = order.append
    stack: list[int] = []
    pop = stack.pop
    extend = stack.extend
    for root in roots:
        stack.append(root)
        while stack:
            i = pop()
            push(i)
            below = kids[i]
            if below is not None:
                if len(below) == 1:
                    stack.append(below[0])
                else:
                    extend(reversed(below))
    return order


def _level_problems(
    units: Sequence[OrgUnit],
    levels: list[str],
    parent: Sequence[int],
    unknown_levels: set[str],
    scheme: LevelScheme,
) -> list[Problem]:
    """Units whose parent is at a level that their own level does not admit, in order.

    Units at an unknown level, or whose parent is, are left to the ``unknown_level`` problem.
    """
    above: list[str | None] = [*levels, None]  # position -1 (no parent) reads as None
    parent_levels = list(map(above.__getitem__, parent))
    admitted: set[tuple[str | None, str]] = {(None, key) for key in scheme.keys}
    admitted.update((up, key) for key in scheme.keys for up in scheme.parent_levels(key))
    if set(zip(parent_levels, levels, strict=True)) <= admitted:
        return []
    problems = []
    for p, (up, key) in enumerate(zip(parent_levels, levels, strict=True)):
        q = parent[p]
        if (up, key) in admitted or key in unknown_levels or up in unknown_levels:
            continue
        unit = units[p]
        problems.append(
            Problem(
                "level_not_admitted",
                (unit.id, units[q].id),
                f"unit {unit.id!r} at level {key!r} may not have a parent at level {up!r} "
                f"({units[q].id!r}); {key!r} admits {_listing(scheme.parent_levels(key))}",
            )
        )
    return problems


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


def _code_problems(
    units: Sequence[OrgUnit],
    parent: Sequence[int],
    reached: set[int] | None,
    scheme: LevelScheme,
) -> list[Problem]:
    """Duplicate division codes, codes that do not nest, and codes of the wrong shape.

    A code nests in the nearest coded ancestor's when it starts with that code's significant
    digits and has more of them. The significant digits of a unit's code are its level's
    ``code_digits`` where the level declares them (so ``350527000000`` is a township's code at a
    level of 9 digits), else the code without its trailing zero segments. ``reached`` (when some
    units lie in cycles) limits the nesting check to units a root reaches.
    """
    problems: list[Problem] = []
    coded = [p for p, unit in enumerate(units) if unit.code is not None]
    if not coded:
        return problems
    holders: dict[str, list[str]] = {}
    for p in coded:
        holders.setdefault(str(units[p].code), []).append(units[p].id)
    if len(holders) != len(coded):
        problems.extend(
            Problem(
                "duplicate_code", tuple(ids), f"division code {code} is used by {len(ids)} units"
            )
            for code, ids in holders.items()
            if len(ids) > 1
        )
    declared = {level.key: level.code_digits for level in scheme.levels}
    codes = [unit.code for unit in units]
    # Significant digits per unit: the level's, where declared, else the code's own.
    digits = [
        d if d else (len(code_prefix(code)) if code is not None else 0)
        for d, code in zip(map(declared.get, [unit.level for unit in units]), codes, strict=True)
    ]
    above = parent.__getitem__ if len(coded) == len(units) else _coded_above(units, parent)
    for p in coded:
        if reached is not None and p not in reached:
            continue
        q = above(p)
        if q < 0:
            continue
        code, outer, width = cast("str", codes[p]), cast("str", codes[q]), digits[q]
        if code[:width] != outer[:width] or digits[p] <= width:
            problems.append(
                Problem(
                    "code_not_nested",
                    (units[p].id, units[q].id),
                    f"unit {units[p].id!r} has division code {code}, which does not nest "
                    f"under {outer} of its ancestor {units[q].id!r}",
                )
            )
    for p in coded:
        unit = units[p]
        d = declared.get(unit.level)
        code = str(unit.code)
        if d is None or (d and not code[d:].strip("0")):
            continue
        shape = (
            "units at that level carry no division code"
            if d == 0
            else f"codes at that level have {d} significant digits, then zeros"
        )
        problems.append(
            Problem(
                "code_shape",
                (unit.id,),
                f"unit {unit.id!r} at level {unit.level!r} has division code {code}, but {shape}",
            )
        )
    return problems


def _coded_above(units: Sequence[OrgUnit], parent: Sequence[int]) -> Callable[[int], int]:
    """Return a function giving a unit's nearest coded proper ancestor (-1 if none).

    Each uncoded unit's answer is remembered the first time a walk passes it, so all the walks
    together take time linear in the number of units, however deep a chain of uncoded units
    lies between sparse codes. Call it only for units that a root reaches (not in a cycle).
    """
    known: dict[int, int] = {}  # uncoded unit → its nearest coded proper ancestor

    def above(p: int) -> int:
        path = []
        q = parent[p]
        while q >= 0 and units[q].code is None and q not in known:
            path.append(q)
            q = parent[q]
        found = known[q] if q >= 0 and units[q].code is None else q
        for j in path:
            known[j] = found
        return found

    return above
