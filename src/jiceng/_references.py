"""Engines that refer to hierarchy units guard the hierarchy against edits that strand them."""

from __future__ import annotations

import weakref
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Protocol

from jiceng.errors import Problem

if TYPE_CHECKING:
    from jiceng.hierarchy import Hierarchy

__all__ = ["ReferenceGuard", "RefersToUnits", "unit_problems"]


class RefersToUnits(Protocol):
    """An engine whose records name hierarchy units."""

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        """Return the references that ``hierarchy`` would leave dangling or misplaced."""
        ...


class ReferenceGuard:
    """Runs an engine's reference check on a hierarchy as an edit would leave it.

    The engine is held weakly: once it is gone the guard passes everything and the hierarchy
    drops it.
    """

    __slots__ = ("_engine",)

    def __init__(self, engine: RefersToUnits) -> None:
        self._engine = weakref.ref(engine)

    @property
    def alive(self) -> bool:
        """Whether the engine still exists."""
        return self._engine() is not None

    def __call__(self, hierarchy: Hierarchy) -> list[Problem]:
        """Return the engine's problems with ``hierarchy`` (none once the engine is gone)."""
        engine = self._engine()
        return [] if engine is None else engine._reference_problems(hierarchy)


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
