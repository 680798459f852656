"""The hierarchy on a date: :meth:`~jiceng.Hierarchy.as_of`, over the units' own dates.

:class:`Dated` is a base class of ``Hierarchy``, like :class:`~jiceng._queries.LevelsAndTotals`:
it relies on the index and the constructor from an index that the hierarchy provides, and
names no other class.

A unit *stands* on a date when it was established on or before that date (or has no
``established`` date) and was not dissolved by it: ``dissolved`` is exclusive, so a unit
dissolved on a date is gone on that date, and one with no ``dissolved`` date stands for ever.
"""

from __future__ import annotations

import datetime
import warnings
from typing import Self

from jiceng._index import CodeCheck, Index, build_index
from jiceng.errors import DivisionCodeWarning, IntegrityError, JicengTypeError, Problem
from jiceng.levels import LevelScheme
from jiceng.units import OrgUnit

__all__ = ["Dated", "stands"]


def stands(unit: OrgUnit, date: datetime.date) -> bool:
    """Whether a unit stands on ``date``: established by then, and not yet dissolved.

    >>> unit = OrgUnit(id="x", name="东滨社区", level="community",
    ...                established=datetime.date(2023, 6, 30))
    >>> stands(unit, datetime.date(2023, 6, 29)), stands(unit, datetime.date(2023, 6, 30))
    (False, True)
    """
    return (unit.established is None or unit.established <= date) and (
        unit.dissolved is None or unit.dissolved > date
    )


class Dated:
    """The hierarchy as it stood on a date; a base of :class:`~jiceng.Hierarchy`.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> len(mafangba().as_of(datetime.date(2020, 6, 30)))
    6
    """

    __slots__ = ()

    _index: Index
    _scheme: LevelScheme
    _codes: CodeCheck
    _free_roots: frozenset[str]

    @classmethod
    def _from_index(
        cls,
        index: Index,
        scheme: LevelScheme,
        free_roots: frozenset[str] = frozenset(),
        codes: CodeCheck = "strict",
    ) -> Self:
        raise NotImplementedError  # provided by Hierarchy

    def as_of(self, date: datetime.date) -> Self:
        """Return a new hierarchy of the units that stand on ``date``, in hierarchy order.

        A unit stands when its ``established`` date is on or before ``date`` (or it has none)
        and its ``dissolved`` date is after ``date`` (or it has none): a unit dissolved on a
        date is gone on that date. The result has the same scheme and the same ``codes``
        setting (so a ``"warn"`` hierarchy warns again of its code problems). Records are
        shared, not copied: the units keep their current names and codes; to undo renamings
        and recodings as well, use :meth:`jiceng.history.ChangeLog.on`. O(n).

        Raises
        ------
        IntegrityError
            Listing every unit that stands on ``date`` under a parent that does not
            (code ``parent_not_standing``), or as for the constructor.
        TypeError
            If ``date`` is not a ``datetime.date`` (a ``datetime`` is refused too).

        Examples
        --------
        >>> import datetime
        >>> from jiceng import Hierarchy, OrgUnit
        >>> h = Hierarchy([
        ...     OrgUnit(id="dc", name="东城街道", level="street"),
        ...     OrgUnit(id="db", name="东滨社区", level="community", parent="dc",
        ...             established=datetime.date(2023, 6, 30)),
        ...     OrgUnit(id="old", name="某社区", level="community", parent="dc",
        ...             dissolved=datetime.date(2021, 1, 1)),
        ... ])
        >>> [unit.id for unit in h.as_of(datetime.date(2020, 6, 30))]
        ['dc', 'old']
        >>> [unit.id for unit in h.as_of(datetime.date(2023, 6, 30))]
        ['dc', 'db']
        >>> late = Hierarchy([
        ...     OrgUnit(id="dc", name="东城街道", level="street",
        ...             established=datetime.date(2024, 1, 1)),
        ...     OrgUnit(id="db", name="东滨社区", level="community", parent="dc"),
        ... ])
        >>> late.as_of(datetime.date(2023, 6, 30))
        Traceback (most recent call last):
        ...
        jiceng.errors.IntegrityError: 1 problem: parent_not_standing: unit 'db' stands on \
2023-06-30 but its parent 'dc' does not (established 2024-01-01)
        """
        if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
            raise JicengTypeError(f"as_of() takes a datetime.date, got {type(date)!r}")
        units = self._index.ordered()
        standing = {unit.id for unit in units if stands(unit, date)}
        by_id = {unit.id: unit for unit in units}
        kept: list[OrgUnit] = []
        problems: list[Problem] = []
        for unit in units:
            if unit.id not in standing:
                continue
            kept.append(unit)
            if unit.parent is not None and unit.parent not in standing:
                parent = by_id[unit.parent]
                when = (
                    f"established {parent.established}"
                    if parent.established is not None and parent.established > date
                    else f"dissolved {parent.dissolved}"
                )
                problems.append(
                    Problem(
                        "parent_not_standing",
                        (unit.id, parent.id),
                        f"unit {unit.id!r} stands on {date} but its parent {parent.id!r} "
                        f"does not ({when})",
                    )
                )
        if problems:
            raise IntegrityError(problems)
        free = self._free_roots & standing
        index, found = build_index(
            kept, self._scheme, free_roots=free, waive_codes=self._codes == "warn"
        )
        if index is None:  # pragma: no cover - units standing under standing parents fit
            raise IntegrityError(found)
        if found:
            warnings.warn(DivisionCodeWarning(found), stacklevel=2)
        return self._from_index(index, self._scheme, frozenset(free), self._codes)
