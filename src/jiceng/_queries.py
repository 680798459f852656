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
from jiceng._layout import MASK
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

    def _key(self, ref: UnitRef, index: Index) -> int:
        raise NotImplementedError  # provided by Hierarchy

    # -- levels --------------------------------------------------------------------------------

    def _check_level(self, key: str) -> None:
        if not isinstance(key, str) or key not in self._scheme.keys:
            raise UnknownLevelError(key, self._scheme.keys)

    def at_level(self, key: str) -> list[OrgUnit]:
        """Return every unit at a level, in hierarchy order.

        O(k) after a one-time O(n) pass that sorts every unit by level on the first call
        (``at_level``, ``find(level=)``), and again on the first call after an edit that adds,
        removes or moves units.

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
        return [units[s] for s in index.level_slots[key]]

    def level_counts(self) -> dict[str, int]:
        """Return the number of units at each level, every level of the scheme in scheme order.

        O(number of levels): edits keep the counts.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> mafangba().level_counts()
        {'street': 1, 'community': 1, 'grid': 2, 'compound': 1, 'building': 1}
        """
        return dict(self._index.level_count)

    # -- totals --------------------------------------------------------------------------------

    def _count_field(self, field: str, index: Index) -> array[int] | list[int] | None:
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
            value = index.totals[field][index.pos[ref] & MASK]  # type: ignore[index]
        except (KeyError, TypeError):
            totals = self._count_field(field, index)
            p = self._position(ref, index)
            if totals is None:  # nothing records the field
                return None
            value = totals[p]
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
        self._count_field(field, index)
        values = index.all_totals(field, index.ordered_slots())
        return {
            unit.id: None if value < 0 else value
            for unit, value in zip(index.ordered(), values, strict=True)
        }

    def totals_of(self, refs: Iterable[UnitRef], field: CountField) -> list[int | None]:
        """Return the totals of a count field of many units at once, in the order given.

        The same as ``[h.total(ref, field) for ref in refs]``, in one pass: for a long list of
        ids it costs a dictionary look-up and an array read a unit, a few times less than a loop
        of :meth:`total` calls.

        Raises
        ------
        UnknownUnitError
            If a unit is not in the hierarchy.
        ValueError
            If ``field`` is not a count field.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> mafangba().totals_of(["cl-1", "qt", "yt"], "households")
        [48, 241, None]
        """
        index = self._index
        totals = self._count_field(field, index)
        slots = self._slots(refs, index)
        if totals is None:
            return [None] * len(slots)
        values: list[int | None] = list(map(totals.__getitem__, slots))
        if -1 in values:  # some have no total
            return [None if value == -1 else value for value in values]
        return values

    def ancestor_at(self, ref: UnitRef, level: str) -> OrgUnit | None:
        """Return the unit at ``level`` on the path from ``ref`` up to its root, ``ref`` included.

        "Which community is this building in?" ``None`` when no unit on the path is at that
        level. O(d).

        Raises
        ------
        UnknownLevelError
            If ``level`` is not a key of the scheme.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> h.ancestor_at("cl-1", "community").name, h.ancestor_at("qt", "grid").id
        ('马房坝社区', 'qt')
        >>> h.ancestor_at("mfb", "building") is None
        True
        """
        self._check_level(level)
        index = self._index
        units, parent = index.units, index.parent
        a = self._position(ref, index)
        while a >= 0 and units[a].level != level:
            a = parent[a]
        return None if a < 0 else units[a]

    def ancestors_at(self, refs: Iterable[UnitRef], level: str) -> list[OrgUnit | None]:
        """Return :meth:`ancestor_at` of many units at once, in the order given.

        One pass over the ids that remembers the answer for each parent it has climbed from, so
        units that share a parent (the buildings of a compound) cost one look-up each: several
        times less a unit than a loop of :meth:`ancestor_at` calls.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> [u.id if u else None for u in mafangba().ancestors_at(["cl-1", "yt", "cy"], "grid")]
        ['qt', 'yt', None]
        """
        self._check_level(level)
        index = self._index
        units, parent = index.units, index.parent
        found: dict[int, OrgUnit | None] = {}
        out: list[OrgUnit | None] = []
        append = out.append
        for s in self._slots(refs, index):
            unit = units[s]
            if unit.level == level:
                append(unit)
                continue
            q = parent[s]
            if q in found:
                append(found[q])
                continue
            a = q
            while a >= 0 and units[a].level != level:
                a = parent[a]
            answer = None if a < 0 else units[a]
            found[q] = answer
            append(answer)
        return out

    def _slots(self, refs: Iterable[UnitRef], index: Index) -> list[int]:
        """Return the slots of many units, by id at C speed when every id is held."""
        listed = refs if isinstance(refs, list) else list(refs)
        try:
            return list(map(MASK.__and__, map(index.pos.__getitem__, listed)))
        except (KeyError, TypeError):
            return [self._position(ref, index) for ref in listed]

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
            candidates = self._index.ordered()
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
                low = self._key(first, index)
            try:
                top = pos[second]  # type: ignore[index]
            except (KeyError, TypeError):
                top = self._key(second, index)
            if low > top:
                low, top = top, low
        elif refs:
            keys = [self._key(ref, index) for ref in refs]
            low = min(keys)
            top = max(keys)
        else:
            raise JicengTypeError("common_ancestor() needs at least one unit")
        parent, last = index.parent, index.last
        # Keys grow along hierarchy order, and last[] holds the key of each subtree's last unit:
        # the answer spans every given unit, so climb from the first until its subtree does.
        a = low & MASK
        while a >= 0 and last[a] < top:
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
        ka = self._key(source, index)
        kb = self._key(target, index)
        a, b = ka & MASK, kb & MASK
        t, top = (a, kb) if ka <= kb else (b, ka)
        while t >= 0 and index.last[t] < top:  # the common ancestor, as in common_ancestor
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
