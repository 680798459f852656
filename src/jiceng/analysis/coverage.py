"""Coverage (全覆盖) of the network by party organisations: :func:`coverage`.

Every unit is a territory that party organisations aim to cover. A unit's ``org_status`` says
how: ``own`` (or not recorded), ``joint`` (led by a joint branch, 联合党支部), ``regional`` (led by
a regional organisation, 区域联建) or ``none`` (not covered yet). :func:`coverage` counts them
per level and per unit of a grouping level (each street, by default), lists the units that no
organisation covers, and lists the units that lack the level below: a unit with no children at
a level that has a level below (a compound with no building groups, a community with no grid).

A group counts the units of its subtree, itself included. Levels and groups come in scheme and
hierarchy order; the gaps in hierarchy order.

The example: one street of two communities, one with no grid and no organisation of its own::

    东风街道 df (street)
    ├── 甲社区 a (community)
    │   └── 一网格 a-g (grid, no compound below)
    └── 乙社区 b (community, status none, no grid below)

Examples
--------
>>> from jiceng import Hierarchy, OrgUnit
>>> h = Hierarchy([
...     OrgUnit(id="df", name="东风街道", level="street"),
...     OrgUnit(id="a", name="甲社区", level="community", parent="df"),
...     OrgUnit(id="a-g", name="一网格", level="grid", parent="a"),
...     OrgUnit(id="b", name="乙社区", level="community", parent="df", org_status="none"),
... ])
>>> result = coverage(h)
>>> print(result)
coverage by street
  level street: 1 units, own 1, joint 0, regional 0, none 0, 0 without the level below
  level community: 2 units, own 1, joint 0, regional 0, none 1, 1 without the level below
  level grid: 1 units, own 1, joint 0, regional 0, none 0, 1 without the level below
  level compound: 0 units, own 0, joint 0, regional 0, none 0, 0 without the level below
  level building: 0 units, own 0, joint 0, regional 0, none 0, 0 without the level below
  东风街道 (df): 4 units, own 3, joint 0, regional 0, none 1, 2 without the level below
no organisation: 乙社区 (b, community)
without the level below: 一网格 (a-g, grid: compound), 乙社区 (b, community: grid)
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

import attrs

from jiceng._bulk import paused_gc
from jiceng.analysis._checks import frame
from jiceng.analysis.profiles import hierarchy_of
from jiceng.dataset import Dataset
from jiceng.edits import UnitRef
from jiceng.errors import InvalidArgumentError, UnknownLevelError
from jiceng.hierarchy import Hierarchy
from jiceng.levels import OrgKind, OrgStatus
from jiceng.units import OrgUnit

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["Coverage", "CoverageCounts", "CoverageGap", "coverage"]

_STATUSES = (OrgStatus.OWN, OrgStatus.JOINT, OrgStatus.REGIONAL, OrgStatus.NONE)


@attrs.frozen
class CoverageCounts:
    """How the units of one level, or of one group's subtree, are covered.

    Attributes
    ----------
    key : str
        The level key, or the group unit's id.
    name : str
        The level's territory name (社区), or the group unit's name.
    units : int
        The units.
    own, joint, regional, none : int
        Those with an organisation of their own (or no status recorded), led by a joint branch,
        led by a regional organisation, and with none.
    lacking_below : int
        Those with no children at a level that has a level below.

    Examples
    --------
    >>> row = CoverageCounts("community", "社区", 4, own=2, joint=1, regional=0, none=1,
    ...                      lacking_below=0)
    >>> row.covered, row.share_covered
    (3, 0.75)
    """

    key: str
    name: str
    units: int
    own: int
    joint: int
    regional: int
    none: int
    lacking_below: int

    @property
    def covered(self) -> int:
        """The units some organisation covers: own, joint or regional.

        Examples
        --------
        >>> CoverageCounts("grid", "网格", 2, 1, 0, 0, 1, 0).covered
        1
        """
        return self.units - self.none

    @property
    def share_covered(self) -> float | None:
        """The covered share, rounded to four places; ``None`` for no units.

        Examples
        --------
        >>> CoverageCounts("grid", "网格", 3, 2, 0, 0, 1, 0).share_covered
        0.6667
        """
        return round(self.covered / self.units, 4) if self.units else None


@attrs.frozen
class CoverageGap:
    """A unit that no organisation covers, or that lacks the level below.

    Attributes
    ----------
    unit, name, level : str
        The unit.
    below : tuple[str, ...]
        For a unit lacking the level below, the levels its children could be at; ``()`` for a
        unit that no organisation covers.

    Examples
    --------
    >>> str(CoverageGap("a-g", "一网格", "grid", ("compound",)))
    '一网格 (a-g, grid: compound)'
    """

    unit: str
    name: str
    level: str
    below: tuple[str, ...] = ()

    def __str__(self) -> str:
        """Return the name, id and level; the levels that could be below, where there are any."""
        below = f": {', '.join(self.below)}" if self.below else ""
        return f"{self.name} ({self.unit}, {self.level}{below})"


_COUNT_DTYPES = {
    "key": "string",
    "name": "string",
    "units": "int64",
    "own": "int64",
    "joint": "int64",
    "regional": "int64",
    "none": "int64",
    "lacking_below": "int64",
}
_GAP_DTYPES = {"unit": "string", "name": "string", "level": "string", "below": "object"}


@attrs.frozen
class Coverage:
    """What :func:`coverage` found.

    Attributes
    ----------
    by : str
        The grouping level.
    levels : tuple[CoverageCounts, ...]
        One per level of the scheme, in scheme order (``key`` the level key).
    groups : tuple[CoverageCounts, ...]
        One per unit at ``by``, in hierarchy order (``key`` its id), counting its subtree.
    uncovered : tuple[CoverageGap, ...]
        The units with status ``none`` that nothing covers, in hierarchy order. A unit at a
        level of party groups (党小组: a building) without a group of its own stays within its
        parent's branch, since a 党小组 is a subdivision of a branch, not a formal
        organisation: it counts as ``none`` at its level but is not listed here, unless its
        parent has no organisation either.
    lacking : tuple[CoverageGap, ...]
        The units with no children at a level that has a level below, in hierarchy order.

    Examples
    --------
    >>> import jiceng
    >>> result = coverage(jiceng.examples.mafangba())
    >>> result.by, [gap.unit for gap in result.lacking]
    ('street', ['yt'])
    """

    by: str
    levels: tuple[CoverageCounts, ...]
    groups: tuple[CoverageCounts, ...]
    uncovered: tuple[CoverageGap, ...]
    lacking: tuple[CoverageGap, ...]

    def to_pandas(
        self, table: Literal["levels", "groups", "uncovered", "lacking"] = "levels"
    ) -> pd.DataFrame:
        """Return one of the result's tables as a DataFrame (columns: the row's fields).

        Raises
        ------
        MissingExtraError
            If pandas is not installed.
        InvalidArgumentError
            For another ``table``.

        Examples
        --------
        >>> import jiceng
        >>> result = coverage(jiceng.examples.mafangba())
        >>> result.to_pandas()[["key", "units", "own"]].to_dict("records")[:2]
        [{'key': 'street', 'units': 1, 'own': 1}, {'key': 'community', 'units': 1, 'own': 1}]
        >>> result.to_pandas("lacking")["unit"].tolist()
        ['yt']
        """
        if table in ("levels", "groups"):
            return frame(getattr(self, table), _COUNT_DTYPES)
        if table in ("uncovered", "lacking"):
            return frame(getattr(self, table), _GAP_DTYPES)
        raise InvalidArgumentError(
            f"table must be levels, groups, uncovered or lacking; got {table!r}"
        )

    def __str__(self) -> str:
        """Return the counts per level and per group, then the gaps."""
        lines = [f"coverage by {self.by}"]
        for prefix, rows in (("level ", self.levels), ("", self.groups)):
            for row in rows:
                label = f"level {row.key}" if prefix else f"{row.name} ({row.key})"
                lines.append(
                    f"  {label}: {row.units} units, own {row.own}, joint {row.joint}, "
                    f"regional {row.regional}, none {row.none}, {row.lacking_below} without "
                    "the level below"
                )
        lines.append(f"no organisation: {', '.join(map(str, self.uncovered)) or 'none'}")
        lines.append(f"without the level below: {', '.join(map(str, self.lacking)) or 'none'}")
        return "\n".join(lines)


def _counts(key: str, name: str, by_status: list[int], lacking: int) -> CoverageCounts:
    own, joint, regional, none = by_status
    return CoverageCounts(key, name, sum(by_status), own, joint, regional, none, lacking)


def coverage(
    h: Hierarchy | Dataset, *, by: str | None = None, under: UnitRef | None = None
) -> Coverage:
    """Count how the units are covered by party organisations, per level and per group.

    Parameters
    ----------
    h
        The hierarchy.
    by
        The grouping level: one row per unit of this level, counting its subtree. Default
        ``"street"`` where the scheme has it, else the scheme's first level.
    under
        Only this unit and its subtree.

    Returns
    -------
    Coverage
        Levels in scheme order (every level, with zeros where there are no units), groups and
        gaps in hierarchy order.

    Raises
    ------
    UnknownLevelError
        If ``by`` is not a level of the scheme.
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> h = jiceng.examples.mafangba()
    >>> result = coverage(h, by="grid")
    >>> [(row.key, row.units, row.lacking_below) for row in result.groups]
    [('qt', 3, 0), ('yt', 1, 1)]
    >>> coverage(h, under="qt").levels[2]
    CoverageCounts(key='grid', name='网格', units=1, own=1, joint=0, regional=0, none=0, \
lacking_below=0)
    """
    h = hierarchy_of(h)
    with paused_gc():
        return _coverage(h, by, under)


def _coverage(h: Hierarchy, by: str | None, under: UnitRef | None) -> Coverage:
    scheme = h.scheme
    if by is None:
        by = "street" if "street" in scheme else scheme.keys[0]
    elif by not in scheme:
        raise UnknownLevelError(by, scheme.keys)
    units = list(h) if under is None else [h[under], *h.descendants(under)]
    below = {
        key: tuple(k for k in scheme.keys if k != key and scheme.admits(key, k))
        for key in scheme.keys
    }
    levels = list(map(attrgetter("level"), units))
    statuses = [s or OrgStatus.OWN for s in map(attrgetter("org_status"), units)]
    ids = list(map(attrgetter("id"), units))
    # In hierarchy order a unit's first child comes right after it: no child there, no children.
    following = [*map(attrgetter("parent"), units[1:]), None][: len(units)]
    lacking_flags = [
        bool(below[level]) and after != uid
        for level, after, uid in zip(levels, following, ids, strict=True)
    ]
    by_level = Counter(zip(levels, statuses, strict=True))
    lacking_by_level = Counter(
        level for level, flag in zip(levels, lacking_flags, strict=True) if flag
    )
    level_rows = tuple(
        _counts(
            level.key,
            level.territory,
            [by_level[level.key, status] for status in _STATUSES],
            lacking_by_level[level.key],
        )
        for level in scheme
    )
    groups = []
    for i, unit in enumerate(units):
        if unit.level != by:
            continue
        stop = i + 1 + h.count_descendants(unit)
        part = statuses[i:stop]
        groups.append(
            _counts(
                unit.id,
                unit.name,
                [part.count(status) for status in _STATUSES],
                sum(lacking_flags[i:stop]),
            )
        )
    groups_only = {level.key for level in scheme if level.kind is OrgKind.GROUP}
    uncovered = tuple(
        CoverageGap(unit.id, unit.name, unit.level)
        for i, (unit, status) in enumerate(zip(units, statuses, strict=True))
        if status is OrgStatus.NONE and not (i and _within_branch(h, unit, groups_only))
    )
    lacking = tuple(
        CoverageGap(unit.id, unit.name, unit.level, below[unit.level])
        for unit, flag in zip(units, lacking_flags, strict=True)
        if flag
    )
    return Coverage(by, level_rows, tuple(groups), uncovered, lacking)


def _within_branch(h: Hierarchy, unit: OrgUnit, groups_only: set[str]) -> bool:
    """Whether a unit at a party-group level lies within its parent's organisation.

    Called for units below the top of what is looked at, whose parent is looked at too.
    """
    if unit.level not in groups_only or unit.parent is None:
        return False
    return h[unit.parent].org_status is not OrgStatus.NONE
