"""The overview of a hierarchy: level counts, totals, spans of control, largest units, gaps.

Each function takes the hierarchy (and options) and returns ``attrs`` results in a documented
order; :func:`jiceng.results.to_jsonable` turns any of them into JSON-ready data.

- :func:`level_counts` — the units at each level, with the level's Chinese names;
- :func:`grand_totals` — each count field summed over the roots;
- :func:`spans_of_control` — per level, how many children the units that have any have;
- :func:`largest` — the units of a level with the most households;
- :func:`missing_data` — per level and field, the units whose subtree records nothing.

The examples use :func:`jiceng.examples.mafangba`, a six-unit excerpt of the bundled district::

    朝阳街道 cy
    └── 马房坝社区 mfb
        ├── 秋棠片区 qt
        │   └── 春兰小区 cl (241 households)
        │       └── 1栋 cl-1 (48 households)
        └── 永泰片区 yt

Examples
--------
>>> from jiceng.examples import mafangba
>>> h = mafangba()
>>> [(row.key, row.count) for row in level_counts(h)]
[('street', 1), ('community', 1), ('grid', 2), ('compound', 1), ('building', 1)]
>>> grand_totals(h)
{'households': 241, 'population': None, 'party_members': None}
"""

from __future__ import annotations

import attrs

from jiceng.analysis.profiles import spans
from jiceng.hierarchy import Hierarchy
from jiceng.units import COUNT_FIELDS, CountField

__all__ = [
    "LevelCount",
    "MissingData",
    "SpanOfControl",
    "UnitSize",
    "grand_totals",
    "largest",
    "level_counts",
    "missing_data",
    "spans_of_control",
]


@attrs.frozen
class LevelCount:
    """The number of units at one level of the scheme.

    Attributes
    ----------
    key, territory, organisation, label : str
        The level's key and names (``"street"``, ``"街道"``, ``"街道党工委"``, ``"subdistrict"``).
    count : int
        Its units.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> level_counts(mafangba())[0]  # doctest: +NORMALIZE_WHITESPACE
    LevelCount(key='street', territory='街道', organisation='街道党工委', label='subdistrict',
               count=1)
    """

    key: str
    territory: str
    organisation: str
    label: str
    count: int


def level_counts(h: Hierarchy) -> tuple[LevelCount, ...]:
    """Return the number of units at every level of the scheme, in scheme order.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> [(row.organisation, row.count) for row in level_counts(mafangba())][:3]
    [('街道党工委', 1), ('社区党委', 1), ('网格党总支', 2)]
    """
    counts = h.level_counts()
    return tuple(
        LevelCount(level.key, level.territory, level.organisation, level.label, counts[level.key])
        for level in h.scheme.levels
    )


def grand_totals(h: Hierarchy) -> dict[CountField, int | None]:
    """Return each count field's total over the whole hierarchy: the sum of the roots' totals.

    ``None`` for a field that nothing records.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> grand_totals(mafangba())["households"]
    241
    """
    out: dict[CountField, int | None] = {}
    for field in COUNT_FIELDS:
        known = [value for root in h.roots() if (value := h.total(root, field)) is not None]
        out[field] = sum(known) if known else None
    return out


@attrs.frozen
class SpanOfControl:
    """How many children the units of one level have.

    Attributes
    ----------
    level : str
        The level key.
    units : int
        Its units.
    leaves : int
        Those with no children.
    min, mean, max : int, float, int or None
        Children per unit among the units that have any (``mean`` rounded to 2 places);
        ``None`` where no unit of the level has children. :class:`~jiceng.analysis.Span` has
        the whole distribution.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> spans_of_control(mafangba())[1]
    SpanOfControl(level='community', units=1, leaves=0, min=2, mean=2.0, max=2)
    """

    level: str
    units: int
    leaves: int
    min: int | None
    mean: float | None
    max: int | None


def spans_of_control(h: Hierarchy) -> tuple[SpanOfControl, ...]:
    """Return the span of control at every level of the scheme, in scheme order.

    Children per unit over the units that have any, the mean rounded: the short form that
    ``jiceng stats`` prints. It is :func:`~jiceng.analysis.spans`' ``with_children`` summary;
    use :func:`~jiceng.analysis.spans` for the whole distribution (every count, all units with
    leaves as 0, under a unit) and :func:`~jiceng.analysis.level_profile` for every level's
    figures at once.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> [(span.level, span.leaves, span.max) for span in spans_of_control(mafangba())]
    [('street', 0, 1), ('community', 0, 2), ('grid', 1, 1), ('compound', 0, 1), \
('building', 1, None)]
    """
    out = []
    for level in h.scheme.levels:
        span = spans(h, level.key)
        having = span.with_children
        out.append(
            SpanOfControl(
                level=level.key,
                units=span.units,
                leaves=span.leaves,
                min=having.min,
                mean=None if having.mean is None else round(having.mean, 2),
                max=having.max,
            )
        )
    return tuple(out)


@attrs.frozen
class UnitSize:
    """A unit's size: its households and population totals.

    Attributes
    ----------
    id, name : str
        The unit.
    parent : str or None
        Its parent's name.
    households, population : int or None
        Its totals.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> largest(mafangba(), "grid")[0]
    UnitSize(id='qt', name='秋棠片区', parent='马房坝社区', households=241, population=None)
    """

    id: str
    name: str
    parent: str | None
    households: int | None
    population: int | None


def largest(h: Hierarchy, level: str, top: int = 5) -> tuple[UnitSize, ...]:
    """Return the ``top`` units of a level with the most households (then population).

    Units whose subtree records neither figure are left out; ties keep hierarchy order. A level
    the scheme does not have gives nothing.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> [unit.name for unit in largest(mafangba(), "grid")]
    ['秋棠片区']
    >>> largest(mafangba(), "county")
    ()
    """
    if level not in h.scheme:
        return ()
    rows = []
    for unit in h.at_level(level):
        households = h.total(unit.id, "households")
        population = h.total(unit.id, "population")
        if households is None and population is None:
            continue
        parent = h.parent(unit)
        rows.append(
            UnitSize(
                unit.id, unit.name, None if parent is None else parent.name, households, population
            )
        )
    rows.sort(key=lambda row: (-(row.households or 0), -(row.population or 0)))
    return tuple(rows[:top])


@attrs.frozen
class MissingData:
    """The units of one level whose subtree records nothing for one count field.

    Attributes
    ----------
    level : str
        The level key.
    field : str
        The count field.
    count : int
        The units lacking it.
    of : int
        The level's units.
    examples : tuple[str, ...]
        The names of the first few, in hierarchy order.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> missing_data(mafangba())[0]
    MissingData(level='street', field='population', count=1, of=1, examples=('朝阳街道',))
    """

    level: str
    field: CountField
    count: int
    of: int
    examples: tuple[str, ...]


def missing_data(h: Hierarchy, sample: int = 3) -> tuple[MissingData, ...]:
    """Return, per level and count field, the units whose subtree records nothing for the field.

    In scheme order, then field order; ``sample`` names at most that many examples each.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> [(row.level, row.field, row.count) for row in missing_data(mafangba())][:4]
    [('street', 'population', 1), ('street', 'party_members', 1), \
('community', 'population', 1), ('community', 'party_members', 1)]
    """
    out = []
    for level in h.scheme.levels:
        units = h.at_level(level.key)
        if not units:
            continue
        for field in COUNT_FIELDS:
            lacking = [unit for unit in units if h.total(unit.id, field) is None]
            if lacking:
                out.append(
                    MissingData(
                        level.key,
                        field,
                        len(lacking),
                        len(units),
                        tuple(unit.name for unit in lacking[:sample]),
                    )
                )
    return tuple(out)
