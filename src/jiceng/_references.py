"""The check that a domain engine's records name hierarchy units at fitting levels."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from jiceng.errors import Problem

if TYPE_CHECKING:
    from jiceng.hierarchy import Hierarchy

__all__ = ["unit_problems"]


def unit_problems(
    hierarchy: Hierarchy,
    references: Iterable[tuple[str, str]],
    levels: Collection[str],
    *,
    record: str,
    verb: str,
    unknown: str = "unknown_unit",
    misplaced: str = "unit_level",
) -> list[Problem]:
    """Check that each ``(record id, unit id)`` names a unit of the hierarchy at a fitting level.

    ``record`` and ``verb`` word the messages ("worker 'w1' serves 'c9'"); ``unknown`` and
    ``misplaced`` are the problem codes.
    """
    problems = []
    for record_id, unit_id in references:
        unit = hierarchy.get(unit_id)
        if unit is None:
            problems.append(
                Problem(
                    unknown,
                    (record_id, unit_id),
                    f"{record} {record_id!r} {verb} {unit_id!r}, which is not in the hierarchy",
                )
            )
        elif unit.level not in levels:
            problems.append(
                Problem(
                    misplaced,
                    (record_id, unit_id),
                    f"{record} {record_id!r} {verb} {unit_id!r}, a unit at level {unit.level!r};"
                    f" it must be at {', '.join(repr(level) for level in levels)}",
                )
            )
    return problems
