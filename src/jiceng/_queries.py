"""The level, total and search queries of :class:`~jiceng.Hierarchy`, over its index.

:class:`LevelsAndTotals` is a base class of ``Hierarchy``: it holds one family of queries (what
is at a level, the totals of count fields, finding units by name) so that ``hierarchy.py`` keeps
to the container and navigation. It relies on the index and the position look-up that the
hierarchy provides, and names no other class. It holds the paths between units too (the
common ancestor and the path through it).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable

from jiceng._index import Index
from jiceng.edits import UnitRef, unit_key
from jiceng.errors import InvalidArgumentError, JicengTypeError, NoPathError, UnknownLevelError
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

    def _position(self, ref: UnitRef, index: Index) -> int:
        raise NotImplementedError  # provided by Hierarchy

    # -- levels --------------------------------------------------------------------------------

    def _check_level(self, key: str) -> None:
        if not isinstance(key, str) or key not in self._scheme.keys:
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
        index = self._index
        units = index.units
        return [units[p] for p in index.level_positions[key]]

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

    def _count_field(self, field: str, index: Index) -> array[int] | list[int]:
        try:
            return index.totals[field]
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
            value = self._count_field(field, index)[self._position(ref, index)]
        return None if value < 0 else value

    def totals(self, field: CountField) -> dict[str, int | None]:
        """Return every unit's total of a count field, by id in hierarchy order. O(n).

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> mafangba().totals("households")
        {'cy': 241, 'mfb': 241, 'qt': 241, 'cl': 241, 'cl-1': 48, 'yt': None}
        """
        index = self._index
        totals = self._count_field(field, index)
        return {
            unit.id: None if value < 0 else value
            for unit, value in zip(index.units, totals, strict=True)
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

    # -- paths ---------------------------------------------------------------------------------

    def common_ancestor(self, *refs: UnitRef) -> OrgUnit | None:
        """Return the lowest common ancestor of any number of units.

        That is the deepest unit that is each given unit or an ancestor of it: the common
        ancestor of a unit and its descendant is the unit itself, and of one unit, that unit.
        ``None`` when the units lie in different trees of a forest. O(d) for two units,
        O(d + number of units) in general.

        Raises
        ------
        TypeError
            If no unit is given.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> h.common_ancestor("cl-1", "yt").id
        'mfb'
        >>> h.common_ancestor("cl", "cl-1").id
        'cl'
        """
        index = self._index
        if len(refs) == 2:  # the common case, without building a list
            pos = index.pos
            first, second = refs
            try:
                low = pos[first]  # type: ignore[index]
            except (KeyError, TypeError):
                low = self._position(first, index)
            try:
                high = pos[second]  # type: ignore[index]
            except (KeyError, TypeError):
                high = self._position(second, index)
            if low > high:
                low, high = high, low
        elif refs:
            positions = [self._position(ref, index) for ref in refs]
            low = min(positions)
            high = max(positions)
        else:
            raise JicengTypeError("common_ancestor() needs at least one unit")
        end = index.end
        parent = index.parent
        # The answer spans every given position: climb from the leftmost one until it does.
        a = low
        while a >= 0 and end[a] <= high:
            a = parent[a]
        return None if a < 0 else index.units[a]

    def path(self, source: UnitRef, target: UnitRef) -> list[OrgUnit]:
        """Return the path from ``source`` up to the common ancestor and down to ``target``.

        Both ends are included; the path from a unit to itself is that unit. O(d).

        Raises
        ------
        NoPathError
            If the two units lie in different trees of a forest.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> [unit.id for unit in mafangba().path("cl-1", "yt")]
        ['cl-1', 'cl', 'qt', 'mfb', 'yt']
        """
        index = self._index
        a = self._position(source, index)
        b = self._position(target, index)
        end = index.end
        t = min(a, b)
        while t >= 0 and end[t] <= max(a, b):  # the common ancestor, as in common_ancestor
            t = index.parent[t]
        if t < 0:
            raise NoPathError(unit_key(source), unit_key(target))
        up = []
        while a != t:
            up.append(a)
            a = index.parent[a]
        down = []
        while b != t:
            down.append(b)
            b = index.parent[b]
        units = index.units
        return [units[p] for p in up] + [units[t]] + [units[p] for p in reversed(down)]
