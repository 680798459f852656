"""Turning one side of a diff into the other in one edit batch, after checking it is that side.

Private to :mod:`jiceng.history.differences`: a :class:`Steps` says what to remove, add or
replace and which children to put back in order; :func:`run` checks a hierarchy against what
the steps expect and applies them to a copy.
"""

from __future__ import annotations

import attrs

from jiceng._bulk import paused_gc
from jiceng.errors import IntegrityError, Problem
from jiceng.hierarchy import Hierarchy
from jiceng.history._match import Tree, drops
from jiceng.levels import LevelScheme
from jiceng.units import OrgUnit

__all__ = ["Steps", "run", "steps"]

Restore = list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]
"""Kept parents (``None``: the roots) with their children's ids before and after."""


@attrs.frozen
class Steps:
    """How to turn one side of a diff into the other in one edit batch, and what to check first."""

    drops: tuple[tuple[str, bool], ...]
    place: tuple[tuple[OrgUnit, bool], ...]  # (unit, added rather than replaced), in order
    orders: tuple[tuple[str | None, tuple[str, ...]], ...]  # parents whose children to reorder
    expected: tuple[OrgUnit, ...]  # the records of the before side the diff touches
    expected_orders: tuple[tuple[str | None, tuple[str, ...]], ...]
    fresh: tuple[str, ...]  # ids the batch adds that the before side must not hold
    size: int
    scheme: LevelScheme  # the after side's


def steps(
    rows: list[tuple[OrgUnit | None, OrgUnit | None]],
    before: Tree,
    *,
    dropped: set[str],
    restore: Restore,
    side: int,
    scheme: LevelScheme,
) -> Steps:
    place: list[tuple[OrgUnit, bool]] = []
    expected: list[OrgUnit] = []
    fresh: list[str] = []
    for was, unit in rows:
        if was is not None:
            expected.append(was)
        if unit is None:
            continue
        added = was is None or was.id != unit.id
        place.append((unit, added))
        if added and unit.id not in dropped:
            fresh.append(unit.id)
    return Steps(
        drops=tuple(drops(before, dropped)),
        place=tuple(place),
        orders=tuple((parent, after if side == 0 else was) for parent, was, after in restore),
        expected=tuple(expected),
        expected_orders=tuple(
            (parent, was if side == 0 else after) for parent, was, after in restore
        ),
        fresh=tuple(fresh),
        size=len(before.order),
        scheme=scheme,
    )


def _mismatches(steps: Steps, target: Hierarchy) -> list[Problem]:
    problems: list[Problem] = []
    if len(target) != steps.size:
        problems.append(
            Problem(
                "diff_size",
                (),
                f"the hierarchy has {len(target):,} units, the diff's old one {steps.size:,}",
            )
        )
    for unit in steps.expected:
        found = target.get(unit.id)
        if found is None:
            problems.append(
                Problem(
                    "diff_missing_unit", (unit.id,), f"unit {unit.id!r} is not in the hierarchy"
                )
            )
        elif found != unit:
            problems.append(
                Problem(
                    "diff_unit_differs",
                    (unit.id,),
                    f"unit {unit.id!r} is not as in the diff's old hierarchy",
                )
            )
    for parent, kids in steps.expected_orders:
        if parent is None:
            actual = tuple(unit.id for unit in target.roots())
        elif parent in target:
            actual = tuple(unit.id for unit in target.children(parent))
        else:
            problems.append(
                Problem("diff_missing_unit", (parent,), f"unit {parent!r} is not in the hierarchy")
            )
            continue
        if actual != kids:
            where = "the roots" if parent is None else f"the children of {parent!r}"
            ids = () if parent is None else (parent,)
            problems.append(
                Problem("diff_children_differ", ids, f"{where} are not as in the diff's old one")
            )
    problems.extend(
        Problem("diff_id_taken", (uid,), f"id {uid!r}, which the diff adds, is already taken")
        for uid in steps.fresh
        if uid in target
    )
    return problems


def run(steps: Steps, target: Hierarchy) -> Hierarchy:
    problems = _mismatches(steps, target)
    if problems:
        raise IntegrityError(problems)
    with paused_gc():
        units = list(target)
    result = Hierarchy(units, steps.scheme, codes=target.codes)
    with result.edit() as batch:
        for uid, whole in steps.drops:
            batch.remove(uid, subtree=whole)
        for unit, added in steps.place:
            if added:
                batch.add(unit)
            else:
                batch.replace(unit)
        for parent, kids in steps.orders:
            for kid in kids:
                batch.move(kid, parent)
    return result
