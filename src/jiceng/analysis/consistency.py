"""Consistency of recorded figures with the figures below them: :func:`consistency`.

A unit's total is its recorded value where it has one, and otherwise the sum of its children's
totals (:meth:`~jiceng.Hierarchy.total`): the recorded figure is authoritative, so the totals
never show where it disagrees with the data below. :func:`consistency` does: every unit whose
recorded figure differs from the sum of its children's totals, with both figures, and how many
of its children have no total at all (the data below is partial: a sum short of the recorded
figure may only be missing data). A unit whose children have no total has nothing to compare and
is not checked.

The example: a compound recording 100 households over two buildings of 30 and 40 and one with
no figure::

    一号小区 c (compound, 100 households)
    ├── 1栋 c-1 (30 households)
    ├── 2栋 c-2 (40 households)
    └── 3栋 c-3 (nothing recorded)

Examples
--------
>>> from jiceng import Hierarchy, OrgUnit
>>> h = Hierarchy([
...     OrgUnit(id="c", name="一号小区", level="compound", households=100),
...     OrgUnit(id="c-1", name="1栋", level="building", parent="c", households=30),
...     OrgUnit(id="c-2", name="2栋", level="building", parent="c", households=40),
...     OrgUnit(id="c-3", name="3栋", level="building", parent="c"),
... ])
>>> print(consistency(h, "households"))
households: 1 of 1 units checked differ from their children's totals
  一号小区 (c, compound): recorded 100, children 70 (+30); 1 of 3 children without a figure
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

import attrs

from jiceng._bulk import paused_gc
from jiceng.analysis._checks import frame
from jiceng.analysis.profiles import hierarchy_of
from jiceng.dataset import Dataset
from jiceng.edits import UnitRef
from jiceng.errors import InvalidArgumentError
from jiceng.hierarchy import Hierarchy
from jiceng.units import COUNT_FIELDS, CountField

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["Consistency", "Discrepancy", "consistency"]


@attrs.frozen
class Discrepancy:
    """A unit whose recorded figure differs from the sum of its children's totals.

    Attributes
    ----------
    unit, name, level : str
        The unit.
    recorded : int
        Its recorded figure.
    children_total : int
        The sum of its children's totals (children without one add nothing).
    difference : int
        ``recorded - children_total``: positive where the children account for less.
    children : int
        Its children.
    children_without : int
        Of those, the ones with no total for the field.

    Examples
    --------
    >>> row = Discrepancy("c", "一号小区", "compound", 100, 70, 30, 3, 1)
    >>> row.partial, str(row)
    (True, '一号小区 (c, compound): recorded 100, children 70 (+30); 1 of 3 children without \
a figure')
    """

    unit: str
    name: str
    level: str
    recorded: int
    children_total: int
    difference: int
    children: int
    children_without: int

    @property
    def partial(self) -> bool:
        """Whether some children have no total: the data below is partial.

        Examples
        --------
        >>> Discrepancy("c", "一号小区", "compound", 100, 70, 30, 2, 0).partial
        False
        """
        return self.children_without > 0

    def __str__(self) -> str:
        """Return both figures and the difference; how partial the data below is, where it is."""
        text = (
            f"{self.name} ({self.unit}, {self.level}): recorded {self.recorded:,}, "
            f"children {self.children_total:,} ({self.difference:+,})"
        )
        if self.partial:
            text += f"; {self.children_without} of {self.children} children without a figure"
        return text


_DTYPES = {
    "unit": "string",
    "name": "string",
    "level": "string",
    "recorded": "int64",
    "children_total": "int64",
    "difference": "int64",
    "children": "int64",
    "children_without": "int64",
}


@attrs.frozen
class Consistency:
    """What :func:`consistency` found for one count field.

    Attributes
    ----------
    field : CountField
        The field.
    checked : int
        The units with a recorded figure and at least one child with a total.
    discrepancies : tuple[Discrepancy, ...]
        In hierarchy order.

    Examples
    --------
    >>> import jiceng
    >>> result = consistency(jiceng.examples.mafangba(), "households")
    >>> result.checked, [row.difference for row in result.discrepancies]
    (1, [193])
    """

    field: CountField
    checked: int
    discrepancies: tuple[Discrepancy, ...]

    def to_pandas(self) -> pd.DataFrame:
        """Return the discrepancies as a DataFrame, a column per field of ``Discrepancy``.

        Raises
        ------
        MissingExtraError
            If pandas is not installed.

        Examples
        --------
        >>> import jiceng
        >>> consistency(jiceng.examples.mafangba(), "households").to_pandas()[
        ...     ["unit", "recorded", "children_total"]].to_dict("records")
        [{'unit': 'cl', 'recorded': 241, 'children_total': 48}]
        """
        return frame(self.discrepancies, _DTYPES)

    def __str__(self) -> str:
        """Return the counts, then one line per discrepancy."""
        lines = [
            f"{self.field}: {len(self.discrepancies)} of {self.checked} units checked differ "
            "from their children's totals"
        ]
        lines += [f"  {row}" for row in self.discrepancies]
        return "\n".join(lines)


def consistency(
    h: Hierarchy | Dataset, field: CountField, *, under: UnitRef | None = None
) -> Consistency:
    """Find the units whose recorded figure differs from the sum of their children's totals.

    Parameters
    ----------
    h
        The hierarchy.
    field
        ``"households"``, ``"population"`` or ``"party_members"``.
    under
        Only this unit and its subtree.

    Returns
    -------
    Consistency
        The units checked and the discrepancies, in hierarchy order.

    Raises
    ------
    InvalidArgumentError
        For another field.
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> h = jiceng.examples.mafangba()
    >>> [str(row) for row in consistency(h, "households").discrepancies]
    ['春兰小区 (cl, compound): recorded 241, children 48 (+193)']
    >>> consistency(h, "population").checked
    0
    >>> consistency(h, "floors")
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: field must be one of households, population, \
party_members; got 'floors'
    """
    h = hierarchy_of(h)
    if field not in COUNT_FIELDS:
        raise InvalidArgumentError(f"field must be one of {', '.join(COUNT_FIELDS)}; got {field!r}")
    units = list(h) if under is None else [h[under], *h.descendants(under)]
    with paused_gc():
        # Only units with children and a recorded figure are checked: find them at C speed.
        parents = set(map(attrgetter("parent"), units))
        recorded = {
            unit.id: unit
            for unit in units
            if unit.id in parents and getattr(unit, field) is not None
        }
        # children, children without a total, and the sum of the others' totals, per unit
        tally: dict[str, list[int]] = {uid: [0, 0, 0] for uid in recorded}
        for child in [unit for unit in units if unit.parent in recorded]:
            row = tally[child.parent]  # type: ignore[index]
            row[0] += 1
            total = h.total(child, field)
            if total is None:
                row[1] += 1
            else:
                row[2] += total
        checked = 0
        found = []
        for uid, unit in recorded.items():  # in hierarchy order
            row = tally[uid]
            if row[1] == row[0]:
                continue
            checked += 1
            value: int = getattr(unit, field)
            if value != row[2]:
                found.append(
                    Discrepancy(
                        uid, unit.name, unit.level, value, row[2], value - row[2], row[0], row[1]
                    )
                )
    return Consistency(field, checked, tuple(found))
