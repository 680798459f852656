"""Analyses of a hierarchy: free functions over a :class:`~jiceng.Hierarchy`, typed results.

Each function takes the hierarchy (and options) and returns ``attrs`` results in a documented
order; :func:`jiceng.results.to_jsonable` turns any of them into JSON-ready data. The package has a
module per family of analyses; every public name is re-exported here.

- :mod:`jiceng.analysis.overview` — level counts, grand totals, spans of control, the largest
  units, missing data.

Examples
--------
>>> from jiceng.examples import mafangba
>>> from jiceng.analysis import grand_totals
>>> grand_totals(mafangba())
{'households': 241, 'population': None, 'party_members': None}
"""

from jiceng.analysis.overview import (
    LevelCount,
    MissingData,
    SpanOfControl,
    UnitSize,
    grand_totals,
    largest,
    level_counts,
    missing_data,
    spans_of_control,
)

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
