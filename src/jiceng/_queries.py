"""The level, total and search queries of :class:`~jiceng.Hierarchy`, over its index.

:class:`LevelsAndTotals` is a base class of ``Hierarchy``: it holds one family of queries (what
is at a level, the totals of count fields, finding units by name) so that ``hierarchy.py`` keeps
to the container and navigation. It relies on the index and the position look-up that the
hierarchy provides, and names no other class.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable

from jiceng._index import Index
from jiceng.edits import UnitRef
from jiceng.errors import InvalidArgumentError, UnknownLevelError
from jiceng.levels import LevelScheme
from jiceng.units import COUNT_FIELDS, CountField, OrgUnit

__all__ = ["LevelsAndTotals"]


class LevelsAndTotals:
    """Queries by level, totals of count fields and search; a base of :class:`~jiceng.Hierarchy`.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> mafangba().level_counts()["grid"]
    2
    """

    __slots__ = ()

    _index: Index
    _scheme: LevelScheme

    def _position(self, ref: UnitRef) -> int:
        raise NotImplementedError  # provided by Hierarchy

    # -- levels --------------------------------------------------------------------------------

    def _check_level(self, key: str) -> None:
        if key not in self._index.level_positions:
            raise UnknownLevelError(key, self._scheme.keys)

    def at_level(self, key: str) -> list[OrgUnit]:
        """Return every unit at a level, in hierarchy order.

        O(k) after a one-time O(n) pass that sorts every unit by level on the first level query
        (``at_level``, ``level_counts``, ``descendants(level=)``, ``find(level=)``).

        Raises
        ------
        UnknownLevelError
            If ``key`` is not a key of the scheme.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> [unit.name for unit in mafangba().at_level("grid")]
        ['秋棠片区', '永泰片区']
        """
        self._check_level(key)
        units = self._index.units
        return [units[p] for p in self._index.level_positions[key]]

    def level_counts(self) -> dict[str, int]:
        """Return the number of units at each level, every level of the scheme in scheme order.

        O(number of levels), after the one-time pass described in :meth:`at_level`.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> mafangba().level_counts()
        {'street': 1, 'community': 1, 'grid': 2, 'compound': 1, 'building': 1}
        """
        return {key: len(positions) for key, positions in self._index.level_positions.items()}

    # -- totals --------------------------------------------------------------------------------

    def _count_field(self, field: str) -> array[int] | list[int]:
        try:
            return self._index.totals[field]
        except (KeyError, TypeError):
            raise InvalidArgumentError(
                f"field must be one of {', '.join(COUNT_FIELDS)}; got {field!r}"
            ) from None

    def total(self, ref: UnitRef, field: CountField) -> int | None:
        """Return a unit's total of a count field.

        The total is the unit's own recorded value where it has one (a recorded figure is
        authoritative), and otherwise the sum of its children's totals, children without a total
        adding nothing; ``None`` where nothing in the subtree records the field. A figure
        recorded at two levels is never added twice.

        O(1): the totals of every count field are computed when the hierarchy is built.

        Raises
        ------
        ValueError
            If ``field`` is not ``households``, ``population`` or ``party_members``.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> h.total("cl", "households"), h.total("qt", "households"), h.total("yt", "households")
        (241, 241, None)
        """
        index = self._index
        try:  # the common case inline: a count field and an id the hierarchy holds
            value = index.totals[field][index.pos[ref]]  # type: ignore[index]
        except (KeyError, TypeError):
            value = self._count_field(field)[self._position(ref)]
        return None if value < 0 else value

    def totals(self, field: CountField) -> dict[str, int | None]:
        """Return every unit's total of a count field, by id in hierarchy order. O(n).

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> mafangba().totals("households")
        {'cy': 241, 'mfb': 241, 'qt': 241, 'cl': 241, 'cl-1': 48, 'yt': None}
        """
        totals = self._count_field(field)
        return {
            unit.id: None if value < 0 else value
            for unit, value in zip(self._index.units, totals, strict=True)
        }

    # -- search --------------------------------------------------------------------------------

    def find(
        self,
        name: str | None = None,
        *,
        level: str | None = None,
        predicate: Callable[[OrgUnit], bool] | None = None,
    ) -> list[OrgUnit]:
        """Return the units that match every condition given, in hierarchy order. O(n).

        Parameters
        ----------
        name
            The exact name.
        level
            The level key.
        predicate
            A function of the unit that returns true for a match.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> [unit.id for unit in h.find("春兰小区")]
        ['cl']
        >>> [unit.id for unit in h.find(predicate=lambda u: (u.households or 0) > 100)]
        ['cl']
        """
        if level is not None:
            self._check_level(level)
            candidates: Iterable[OrgUnit] = self.at_level(level)
        else:
            candidates = self._index.units
        return [
            unit
            for unit in candidates
            if (name is None or unit.name == name) and (predicate is None or predicate(unit))
        ]
