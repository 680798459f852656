"""Comparisons: the level profiles of several districts, or of one district's units, side by side.

- :func:`compare` — the profiles of hierarchies, datasets or profiles already made, one column
  each;
- :func:`compare_units` — the profiles of the units of one level (a district's streets), one
  column per unit, without copying their subtrees.

A comparison is one table: a row per level and measure (:data:`MEASURES`, in that order, levels
in the order the schemes list them), a column per district. A figure a district does not have
(no units at the level, nothing recorded) is ``None``.

Examples
--------
>>> from jiceng.examples import mafangba
>>> table = compare_units(mafangba(), "grid")
>>> table.names
('秋棠片区', '永泰片区')
>>> table.value("compound", "units")
(1, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from jiceng._frames import results_to_pandas
from jiceng.analysis._stats import format_table, number
from jiceng.analysis.profiles import LevelProfile, ProfileRow, hierarchy_of, level_profile
from jiceng.dataset import Dataset
from jiceng.edits import UnitRef
from jiceng.errors import InvalidArgumentError, JicengTypeError
from jiceng.hierarchy import Hierarchy

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["MEASURES", "Comparison", "ComparisonRow", "compare", "compare_units"]

MEASURES: tuple[str, ...] = (
    "units",
    "leaves",
    "children_median",
    "children_mean",
    "children_max",
    "households_units",
    "households_total",
    "households_mean",
    "population_units",
    "population_total",
    "population_mean",
    "party_members_units",
    "party_members_total",
    "party_members_mean",
)
"""The measures of a comparison, per level, in order.

``units`` and ``leaves`` as in :class:`~jiceng.analysis.ProfileRow`; ``children_*`` the summary
of children per unit over all units; for each count field, ``*_units`` the units whose subtree
records it, ``*_total`` the sum of their totals and ``*_mean`` its mean per such unit.

Examples
--------
>>> MEASURES[:3]
('units', 'leaves', 'children_median')
"""


def _measure(row: ProfileRow, measure: str) -> float | None:
    if measure in {"units", "leaves"}:
        value: float | None = getattr(row, measure)
        return value
    field, _, statistic = measure.rpartition("_")
    summary = getattr(row, field)
    if statistic == "units":
        statistic = "count"
    value = getattr(summary, statistic)
    if statistic == "total" and summary.count == 0:
        return None  # nothing recorded: no total, rather than 0
    return value


@attrs.frozen
class ComparisonRow:
    """One measure of one level, for every district compared.

    Attributes
    ----------
    level : str
        The level key.
    measure : str
        One of :data:`MEASURES`.
    values : tuple[float or None, ...]
        The figure of each district, in the comparison's order (``int`` for counts and totals,
        ``float`` for medians and means); ``None`` where it has none.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> compare_units(mafangba(), "grid").rows[0]
    ComparisonRow(level='street', measure='units', values=(0, 0))
    """

    level: str
    measure: str
    values: tuple[float | None, ...]


@attrs.frozen
class Comparison:
    """Level profiles side by side.

    Attributes
    ----------
    names : tuple[str, ...]
        The districts' names, one per column, in the order given.
    profiles : tuple[LevelProfile, ...]
        Their profiles, in the same order.
    rows : tuple[ComparisonRow, ...]
        A row per level and measure: levels in the order the schemes list them (the first
        district's scheme first), then :data:`MEASURES` in order.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> h = mafangba()
    >>> table = compare(h, h.subtree("qt"), names=["马房坝", "秋棠"])
    >>> table.value("grid", "households_total")
    (241, 241)
    >>> print(table.select("grid"))
      level  measure              马房坝  秋棠
      grid   units                     2     1
      grid   leaves                    1     0
      grid   children_median        0.50     1
      grid   children_mean          0.50     1
      grid   children_max              1     1
      grid   households_units          1     1
      grid   households_total        241   241
      grid   households_mean         241   241
      grid   population_units          0     0
      grid   population_total          —     —
      grid   population_mean           —     —
      grid   party_members_units       0     0
      grid   party_members_total       —     —
      grid   party_members_mean        —     —
    """

    names: tuple[str, ...]
    profiles: tuple[LevelProfile, ...]
    rows: tuple[ComparisonRow, ...]

    def value(self, level: str, measure: str) -> tuple[float | None, ...]:
        """Return one row's values, one per district.

        Raises
        ------
        InvalidArgumentError
            If the comparison has no such level and measure.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> compare_units(mafangba(), "grid").value("grid", "leaves")
        (0, 1)
        """
        for row in self.rows:
            if row.level == level and row.measure == measure:
                return row.values
        raise InvalidArgumentError(f"the comparison has no row {level!r}, {measure!r}")

    def select(self, *levels: str, measures: Iterable[str] | None = None) -> Comparison:
        """Return the comparison with only some levels (all if none given) and measures.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> part = compare_units(mafangba(), "grid").select("building", measures=["units"])
        >>> [(row.level, row.measure, row.values) for row in part.rows]
        [('building', 'units', (1, 0))]
        """
        chosen = None if measures is None else set(measures)
        rows = tuple(
            row
            for row in self.rows
            if (not levels or row.level in levels) and (chosen is None or row.measure in chosen)
        )
        return attrs.evolve(self, rows=rows)

    def __str__(self) -> str:
        """Write the table: a row per level and measure, a column per district."""
        table = [["level", "measure", *self.names]]
        table += [[row.level, row.measure, *map(number, row.values)] for row in self.rows]
        return format_table(table, left=2).rstrip("\n")

    def to_pandas(self) -> pd.DataFrame:
        """Return the table as a DataFrame: ``level``, ``measure``, then a column per district.

        The districts' columns are ``Float64`` (missing as ``<NA>``).

        Raises
        ------
        MissingExtraError
            If pandas is not installed (``pip install "jiceng[pandas]"``).

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> frame = compare_units(mafangba(), "grid").to_pandas()
        >>> frame[frame.measure == "households_total"]  # doctest: +NORMALIZE_WHITESPACE
                level           measure  秋棠片区  永泰片区
        6      street  households_total     <NA>     <NA>
        20  community  households_total     <NA>     <NA>
        34       grid  households_total    241.0     <NA>
        48   compound  households_total    241.0     <NA>
        62   building  households_total     48.0     <NA>
        """
        return results_to_pandas(self.rows, ComparisonRow, spread={"values": self.names})


def _default_name(target: Hierarchy | Dataset | LevelProfile, number_: int) -> str:
    if isinstance(target, Dataset) and target.name:
        return target.name
    if isinstance(target, Hierarchy | Dataset):
        roots = hierarchy_of(target).roots()
        if len(roots) == 1:
            return roots[0].name
    return f"#{number_}"


def compare(
    *targets: Hierarchy | Dataset | LevelProfile, names: Iterable[str] | None = None
) -> Comparison:
    """Return the level profiles of several districts side by side.

    Parameters
    ----------
    targets
        Hierarchies, datasets (their hierarchies) or level profiles already made (of a part
        of a hierarchy, say: ``level_profile(h, under=...)``).
    names
        A name for each, distinct. By default a dataset's name, else the name of a
        hierarchy's one root, else ``#1``, ``#2``, … by position; a default name that
        repeats another gets ``#`` and its position added.

    Raises
    ------
    InvalidArgumentError
        For no targets, or names that are not as many as the targets or not distinct.
    JicengTypeError
        For a target of another type.

    Examples
    --------
    >>> import jiceng
    >>> from jiceng.examples import mafangba
    >>> h = mafangba()
    >>> table = compare(h, h.subtree("yt"))
    >>> table.names, table.value("grid", "units")
    (('朝阳街道', '永泰片区'), (2, 1))
    >>> compare(h, h, names=["a", "a"])
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: the names must be distinct; repeated: 'a'
    """
    if not targets:
        raise InvalidArgumentError("compare needs at least one hierarchy, dataset or profile")
    profiles = []
    for target in targets:
        if isinstance(target, LevelProfile):
            profiles.append(target)
        elif isinstance(target, Hierarchy | Dataset):
            profiles.append(level_profile(target))
        else:
            raise JicengTypeError(
                f"compare takes hierarchies, datasets or level profiles, got {type(target)!r}"
            )
    if names is None:
        chosen = [_default_name(target, i) for i, target in enumerate(targets, 1)]
        seen: dict[str, int] = {}
        for name in chosen:
            seen[name] = seen.get(name, 0) + 1
        chosen = [f"{name} #{i}" if seen[name] > 1 else name for i, name in enumerate(chosen, 1)]
    else:
        chosen = [str(name) for name in names]
        if len(chosen) != len(targets):
            raise InvalidArgumentError(
                f"{len(chosen)} names for {len(targets)} districts: give one name each"
            )
    repeated = sorted({name for name in chosen if chosen.count(name) > 1})
    if repeated:
        listing = ", ".join(repr(name) for name in repeated)
        raise InvalidArgumentError(f"the names must be distinct; repeated: {listing}")
    return _comparison(tuple(chosen), tuple(profiles))


def _comparison(names: tuple[str, ...], profiles: tuple[LevelProfile, ...]) -> Comparison:
    levels: dict[str, None] = {}
    for profile in profiles:
        levels.update(dict.fromkeys(row.level for row in profile.rows))
    by_level = [{row.level: row for row in profile.rows} for profile in profiles]
    rows = []
    for level in levels:
        here = [table.get(level) for table in by_level]
        for measure in MEASURES:
            values = tuple(None if row is None else _measure(row, measure) for row in here)
            rows.append(ComparisonRow(level, measure, values))
    return Comparison(names=names, profiles=profiles, rows=tuple(rows))


def compare_units(
    h: Hierarchy | Dataset, level: str, *, under: UnitRef | None = None
) -> Comparison:
    """Return the level profiles of the units of a level side by side, a column per unit.

    Each column is :func:`~jiceng.analysis.level_profile` ``(h, under=unit)``: the unit and its
    descendants, the unit counted at its own level. Columns are named by the units' names, in
    hierarchy order; where two units share a name, both get their id in brackets.

    Parameters
    ----------
    h
        A hierarchy, or a dataset for its hierarchy.
    level
        The level whose units are compared (``"street"``).
    under
        Only the units of the level under this unit.

    Raises
    ------
    UnknownLevelError
        If ``level`` is not a key of the scheme.
    UnknownUnitError
        If ``under`` is not in the hierarchy.
    InvalidArgumentError
        If there is no unit of the level to compare.

    Examples
    --------
    >>> import jiceng
    >>> streets = compare_units(jiceng.examples.tongchuan(), "street")
    >>> streets.names
    ('东城街道', '西城街道', '朝阳街道', '凤西街道', '凤北街道')
    >>> streets.value("community", "units")
    (15, 11, 17, 12, 8)
    """
    hierarchy = hierarchy_of(h)
    units = hierarchy.at_level(level)
    if under is not None:
        top = hierarchy[under]
        units = hierarchy.descendants(top, level=level)
        if top.level == level:
            units.insert(0, top)
    if not units:
        raise InvalidArgumentError(f"no unit at level {level!r} to compare")
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit.name] = counts.get(unit.name, 0) + 1
    names = tuple(
        f"{unit.name} [{unit.id}]" if counts[unit.name] > 1 else unit.name for unit in units
    )
    profiles = tuple(level_profile(hierarchy, under=unit) for unit in units)
    return _comparison(names, profiles)
