"""Engines that refer to hierarchy units guard the hierarchy against edits that strand them."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from jiceng.errors import Problem
    from jiceng.hierarchy import Hierarchy

__all__ = ["ReferenceGuard", "RefersToUnits"]


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
