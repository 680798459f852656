"""Level profiles and spans of control: how big the units of each level are, and how they branch.

- :func:`level_profile` — per level: its units, its leaves, the children per unit and the
  households, population and party members per unit;
- :func:`spans` — the distribution of children per unit at one level: every count, and its
  summaries over all the level's units and over those with children.

Definitions, used by both:

- **Children per unit** is taken over *every* unit of the level: a unit with no children (a
  *leaf*) counts 0. Each result also gives the number of leaves, and :class:`Span` the
  summary over the units with children alone (what
  :func:`~jiceng.analysis.spans_of_control` reports).
- **Households (population, party members) per unit** are the units' totals
  (:meth:`Hierarchy.total <jiceng.Hierarchy.total>`: a unit's recorded figure, else the sum of
  its children's totals). A unit whose subtree records nothing for the field is *left out* of
  that field's figures; :attr:`Summary.missing <jiceng.analysis.Summary.missing>` counts them.
- **Under a unit** (``under=`` a unit id): the unit and its descendants only, the unit itself
  included at its level. Every level of the scheme is listed, in scheme order, also those with
  no units there.
- The summaries' ``median`` and ``mean`` are unrounded floats; ``str`` shows two places.

Both accept a :class:`~jiceng.Dataset` for its hierarchy. They are O(k log k) for the ``k``
units looked at (the sort of the medians), with no recursion.

The examples use :func:`jiceng.examples.mafangba`::

    朝阳街道 cy
    └── 马房坝社区 mfb
        ├── 秋棠片区 qt
        │   └── 春兰小区 cl (241 households)
        │       └── 1栋 cl-1 (48 households)
        └── 永泰片区 yt

Examples
--------
>>> from jiceng.examples import mafangba
>>> profile = level_profile(mafangba())
>>> grid = profile.row("grid")
>>> grid.units, grid.leaves, grid.children.mean, grid.households.count, grid.households.missing
(2, 1, 0.5, 1, 1)
>>> spans(mafangba(), "grid").histogram
((0, 1), (1, 1))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from jiceng._frames import results_to_pandas
from jiceng.analysis._stats import Summary, format_table, number, summarise
from jiceng.dataset import Dataset
from jiceng.edits import UnitRef
from jiceng.errors import JicengTypeError, UnknownLevelError
from jiceng.hierarchy import Hierarchy
from jiceng.units import COUNT_FIELDS, OrgUnit

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["LevelProfile", "ProfileRow", "Span", "level_profile", "spans"]


def hierarchy_of(target: Hierarchy | Dataset) -> Hierarchy:
    """Return the hierarchy of a hierarchy or a dataset.

    Raises
    ------
    JicengTypeError
        For anything else.

    Examples
    --------
    >>> import jiceng
    >>> len(hierarchy_of(jiceng.examples.tongchuan()))
    793
    """
    if isinstance(target, Hierarchy):
        return target
    if isinstance(target, Dataset):
        return target.hierarchy
    raise JicengTypeError(f"expected a Hierarchy or a Dataset, got {type(target)!r}")


def _scope(h: Hierarchy, under: UnitRef | None) -> tuple[str | None, list[OrgUnit]]:
    """Return the top unit's id (``None`` for all) and the units looked at, in order."""
    if under is None:
        return None, list(h)
    top = h[under]
    return top.id, [top, *h.descendants(top)]


def _child_counts(units: Sequence[OrgUnit], top: str | None) -> dict[str, int]:
    """Count the children of each unit of ``units`` that has any (a whole subtree given)."""
    counts: dict[str, int] = {}
    for unit in units:
        parent = unit.parent
        if parent is not None and unit.id != top:
            counts[parent] = counts.get(parent, 0) + 1
    return counts


@attrs.frozen
class ProfileRow:
    """The figures of one level in a :class:`LevelProfile`.

    Attributes
    ----------
    level, territory, organisation : str
        The level's key and Chinese names (``"community"``, ``"社区"``, ``"社区党委"``).
    units : int
        Its units (under the profile's unit, where it has one).
    leaves : int
        Those of them with no children.
    children : Summary
        Children per unit over all ``units``, leaves counting 0.
    households, population, party_members : Summary
        The units' totals of each field; units whose subtree records nothing for it are left
        out (``missing``).

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> row = level_profile(mafangba()).row("compound")
    >>> row.units, row.children.max, row.households.total, row.population.missing
    (1, 1, 241, 1)
    """

    level: str
    territory: str
    organisation: str
    units: int
    leaves: int
    children: Summary
    households: Summary
    population: Summary
    party_members: Summary


@attrs.frozen
class LevelProfile:
    """The profile of a hierarchy (or of the part under one unit), level by level.

    Attributes
    ----------
    under : str or None
        The id of the unit the profile is of, ``None`` for the whole hierarchy.
    units : int
        The units looked at.
    rows : tuple[ProfileRow, ...]
        One per level of the scheme, in scheme order.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> profile = level_profile(mafangba(), under="qt")
    >>> profile.units, [(row.level, row.units) for row in profile.rows]
    (3, [('street', 0), ('community', 0), ('grid', 1), ('compound', 1), ('building', 1)])
    >>> print(profile)  # doctest: +NORMALIZE_WHITESPACE
    Level profile under qt: 3 units
      level      units  leaves  children: min  median  mean  max
      street         0       0              —       —     —    —
      community      0       0              —       —     —    —
      grid           1       0              1       1     1    1
      compound       1       0              1       1     1    1
      building       1       1              0       0     0    0
    <BLANKLINE>
      per unit   households: units  median  mean  population: units  mean  party members: units  mean
      street                     0       —     —                  0     —                     0     —
      community                  0       —     —                  0     —                     0     —
      grid                       1     241   241                  0     —                     0     —
      compound                   1     241   241                  0     —                     0     —
      building                   1      48    48                  0     —                     0     —
    """  # noqa: E501  (a table's lines are as wide as the table)

    under: str | None
    units: int
    rows: tuple[ProfileRow, ...]

    def row(self, level: str) -> ProfileRow:
        """Return the row of a level.

        Raises
        ------
        UnknownLevelError
            If the profile has no such level.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> level_profile(mafangba()).row("community").children.mean
        2.0
        """
        for row in self.rows:
            if row.level == level:
                return row
        raise UnknownLevelError(level, [row.level for row in self.rows])

    def __iter__(self) -> Iterator[ProfileRow]:
        """Iterate over the rows, in scheme order."""
        return iter(self.rows)

    def __str__(self) -> str:
        """Write the profile as two tables: children per unit, then the counts per unit."""
        where = "" if self.under is None else f" under {self.under}"
        head = f"Level profile{where}: {self.units:,} unit{'' if self.units == 1 else 's'}\n"
        shape = [["level", "units", "leaves", "children: min", "median", "mean", "max"]]
        shape += [
            [
                row.level,
                f"{row.units:,}",
                f"{row.leaves:,}",
                number(row.children.min),
                number(row.children.median, 1),
                number(row.children.mean),
                number(row.children.max),
            ]
            for row in self.rows
        ]
        sizes = [
            [
                "per unit",
                "households: units",
                "median",
                "mean",
                "population: units",
                "mean",
                "party members: units",
                "mean",
            ]
        ]
        sizes += [
            [
                row.level,
                f"{row.households.count:,}",
                number(row.households.median),
                number(row.households.mean),
                f"{row.population.count:,}",
                number(row.population.mean),
                f"{row.party_members.count:,}",
                number(row.party_members.mean),
            ]
            for row in self.rows
        ]
        return head + format_table(shape) + "\n" + format_table(sizes).rstrip("\n")

    def to_pandas(self) -> pd.DataFrame:
        """Return the profile as a DataFrame: a row per level, a column per figure.

        Columns ``level``, ``territory``, ``organisation``, ``units``, ``leaves``, then for each
        of ``children``, ``households``, ``population`` and ``party_members`` its summary's
        ``_count``, ``_missing``, ``_total``, ``_min``, ``_median``, ``_mean`` and ``_max``
        (see :func:`jiceng.interop.results_to_pandas` for the dtypes).

        Raises
        ------
        MissingExtraError
            If pandas is not installed (``pip install "jiceng[pandas]"``).

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> frame = level_profile(mafangba()).to_pandas()
        >>> frame[["level", "units", "children_mean", "households_total"]]
        ... # doctest: +NORMALIZE_WHITESPACE
               level  units  children_mean  households_total
        0     street      1            1.0               241
        1  community      1            2.0               241
        2       grid      2            0.5               241
        3   compound      1            1.0               241
        4   building      1            0.0                48
        """
        return results_to_pandas(self.rows, ProfileRow)


def level_profile(h: Hierarchy | Dataset, *, under: UnitRef | None = None) -> LevelProfile:
    """Return the profile of every level of the scheme (see the module's definitions).

    Parameters
    ----------
    h
        A hierarchy, or a dataset for its hierarchy.
    under
        A unit: profile it and its descendants only. ``None`` for the whole hierarchy.

    Raises
    ------
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> streets = level_profile(jiceng.examples.tongchuan()).row("street")
    >>> streets.units, streets.children.min, streets.children.max, streets.children.total
    (5, 8, 17, 63)
    >>> grid = level_profile(jiceng.examples.mafangba()).row("grid")
    >>> grid.children.mean, grid.households  # 永泰片区 yt records nothing: left out
    (0.5, Summary(count=1, missing=1, total=241, min=241, median=241.0, mean=241.0, max=241))
    >>> level_profile(jiceng.examples.mafangba(), under="yt").units
    1
    """
    hierarchy = hierarchy_of(h)
    top, units = _scope(hierarchy, under)
    counts = _child_counts(units, top)
    keys = hierarchy.scheme.keys
    children: dict[str, list[int]] = {key: [] for key in keys}
    figures: dict[str, dict[str, list[int | None]]] = {
        field: {key: [] for key in keys} for field in COUNT_FIELDS
    }
    total = hierarchy.total
    lists = [(field, figures[field]) for field in COUNT_FIELDS]
    for unit in units:
        key, uid = unit.level, unit.id
        children[key].append(counts.get(uid, 0))
        for field, by_level in lists:
            by_level[key].append(total(uid, field))  # by id: the total's fast path
    rows = []
    for level in hierarchy.scheme.levels:
        key = level.key
        spans_here = children[key]
        rows.append(
            ProfileRow(
                level=key,
                territory=level.territory,
                organisation=level.organisation,
                units=len(spans_here),
                leaves=spans_here.count(0),
                children=summarise(spans_here),
                households=summarise(figures["households"][key]),
                population=summarise(figures["population"][key]),
                party_members=summarise(figures["party_members"][key]),
            )
        )
    return LevelProfile(under=top, units=len(units), rows=tuple(rows))


@attrs.frozen
class Span:
    """The distribution of children per unit at one level.

    Attributes
    ----------
    level : str
        The level key.
    under : str or None
        The unit whose part of the hierarchy is looked at, ``None`` for all.
    units : int
        The level's units there.
    leaves : int
        Those with no children.
    histogram : tuple[tuple[int, int], ...]
        ``(children, units)`` pairs: how many units have each number of children, by number
        of children ascending, numbers no unit has left out (leaves as ``(0, leaves)``).
    all_units : Summary
        Children per unit over all ``units``, leaves counting 0.
    with_children : Summary
        Children per unit over the units that have any (``missing`` is 0: leaves are not
        unknown, they are not counted).

    Examples
    --------
    >>> import jiceng
    >>> span = spans(jiceng.examples.tongchuan(), "street")
    >>> span.histogram
    ((8, 1), (11, 1), (12, 1), (15, 1), (17, 1))
    >>> print(span)
    street: 5 units, 0 leaves; children per unit min 8, median 12, mean 12.60, max 17
      children  units
             8      1
            11      1
            12      1
            15      1
            17      1
    """

    level: str
    under: str | None
    units: int
    leaves: int
    histogram: tuple[tuple[int, int], ...]
    all_units: Summary
    with_children: Summary

    def __str__(self) -> str:
        """Write the summary over all units on one line, then the histogram."""
        where = "" if self.under is None else f" under {self.under}"
        figures = self.all_units
        line = (
            f"{self.level}{where}: {self.units:,} unit{'' if self.units == 1 else 's'}, "
            f"{self.leaves:,} lea{'f' if self.leaves == 1 else 'ves'}"
        )
        if figures.count:
            line += (
                f"; children per unit min {number(figures.min)}, "
                f"median {number(figures.median)}, mean {figures.mean:.2f}, "
                f"max {number(figures.max)}"
            )
        rows = [["children", "units"]]
        rows += [[f"{children:,}", f"{units:,}"] for children, units in self.histogram]
        # The first column holds numbers here: right-align it too.
        width = max(len(row[0]) for row in rows)
        rows = [[row[0].rjust(width), row[1]] for row in rows]
        return line + "\n" + format_table(rows).rstrip("\n")

    def to_pandas(self) -> pd.DataFrame:
        """Return the histogram as a DataFrame: columns ``children`` and ``units`` (``int64``).

        Raises
        ------
        MissingExtraError
            If pandas is not installed (``pip install "jiceng[pandas]"``).

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> spans(mafangba(), "grid").to_pandas()  # doctest: +NORMALIZE_WHITESPACE
           children  units
        0         0      1
        1         1      1
        """
        return results_to_pandas(
            [_Bar(children, units) for children, units in self.histogram], _Bar
        )


@attrs.frozen
class _Bar:
    """One bar of a :class:`Span`'s histogram, as a frame's row."""

    children: int
    units: int


def spans(h: Hierarchy | Dataset, level: str, *, under: UnitRef | None = None) -> Span:
    """Return the distribution of children per unit at a level (see the module's definitions).

    Parameters
    ----------
    h
        A hierarchy, or a dataset for its hierarchy.
    level
        A level key of the scheme.
    under
        A unit: look at it and its descendants only. ``None`` for the whole hierarchy.

    Raises
    ------
    UnknownLevelError
        If ``level`` is not a key of the scheme.
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> district = jiceng.examples.tongchuan()
    >>> span = spans(district, "street", under="chaoyang")
    >>> span.units, span.histogram
    (1, ((17, 1),))
    >>> spans(district, "grid").with_children.count == spans(district, "grid").units
    True
    >>> spans(district, "county")
    Traceback (most recent call last):
    ...
    jiceng.errors.UnknownLevelError: no level 'county' in the scheme (levels: street, community, \
grid, compound, building)
    """
    hierarchy = hierarchy_of(h)
    units = hierarchy.at_level(level)  # checks the level
    top = None
    if under is not None:
        unit = hierarchy[under]
        top = unit.id
        units = hierarchy.descendants(unit, level=level)
        if unit.level == level:
            units.insert(0, unit)
    counts = [len(hierarchy.children(unit)) for unit in units]
    tally: dict[int, int] = {}
    for count in counts:
        tally[count] = tally.get(count, 0) + 1
    having = [count for count in counts if count]
    return Span(
        level=level,
        under=top,
        units=len(counts),
        leaves=len(counts) - len(having),
        histogram=tuple(sorted(tally.items())),
        all_units=summarise(counts),
        with_children=summarise(having),
    )
