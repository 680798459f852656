"""Analyses of a hierarchy: free functions over a :class:`~jiceng.Hierarchy`, typed results.

Each function takes the hierarchy (and options) and returns ``attrs`` results in a documented
order; :func:`jiceng.results.to_jsonable` turns any of them into JSON-ready data, and a result's
``to_pandas()`` into a DataFrame (extra ``pandas``). The package has a module per family of
analyses; every public name is re-exported here.

- :mod:`jiceng.analysis.overview` — level counts, grand totals, spans of control, the largest
  units, missing data;
- :mod:`jiceng.analysis.profiles` — level profiles and the distribution of children per unit;
- :mod:`jiceng.analysis.compare` — profiles side by side.

Examples
--------
>>> from jiceng.examples import mafangba
>>> from jiceng.analysis import grand_totals, level_profile
>>> grand_totals(mafangba())
{'households': 241, 'population': None, 'party_members': None}
>>> level_profile(mafangba()).row("community").children.mean
2.0
"""

from jiceng.analysis._stats import Summary, summarise
from jiceng.analysis.compare import MEASURES, Comparison, ComparisonRow, compare, compare_units
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
from jiceng.analysis.profiles import LevelProfile, ProfileRow, Span, level_profile, spans

__all__ = [
    "MEASURES",
    "Comparison",
    "ComparisonRow",
    "LevelCount",
    "LevelProfile",
    "MissingData",
    "ProfileRow",
    "Span",
    "SpanOfControl",
    "Summary",
    "UnitSize",
    "compare",
    "compare_units",
    "grand_totals",
    "largest",
    "level_counts",
    "level_profile",
    "missing_data",
    "spans",
    "spans_of_control",
    "summarise",
]
