"""Ways out (and back in) for the tools that researchers and front ends already use.

One module per family of formats; optional dependencies are extras, imported only by the
functions that need them (``pip install "jiceng[pandas]"``, ``"jiceng[arrow]"``), and a missing
one raises :class:`~jiceng.errors.MissingExtraError` naming the extra.

- :mod:`jiceng.interop.networkx` — graphs that every networkx writer takes (GraphML, GEXF, GML,
  node-link JSON), and back;
- :mod:`jiceng.interop.pandas` — DataFrames of units and of each domain's records;
- :mod:`jiceng.interop.arrow` — Arrow tables and Parquet files with nested-set columns, for
  DuckDB, Spark and other SQL engines;
- :mod:`jiceng.interop.dot` — Graphviz org charts;
- :mod:`jiceng.interop.tree` — the nested JSON of d3-hierarchy and ECharts.

Examples
--------
>>> import jiceng
>>> from jiceng.interop import to_tree
>>> tree = to_tree(jiceng.examples.mafangba(), root="mfb")
>>> tree["name"], [child["name"] for child in tree["children"]]
('马房坝社区', ['秋棠片区', '永泰片区'])
"""

from jiceng.interop.arrow import from_arrow, read_parquet, to_arrow, write_parquet
from jiceng.interop.dot import to_dot
from jiceng.interop.networkx import from_networkx, to_networkx
from jiceng.interop.pandas import from_pandas, results_to_pandas, to_pandas
from jiceng.interop.tree import dumps_tree, from_tree, to_tree

__all__ = [
    "dumps_tree",
    "from_arrow",
    "from_networkx",
    "from_pandas",
    "from_tree",
    "read_parquet",
    "results_to_pandas",
    "to_arrow",
    "to_dot",
    "to_networkx",
    "to_pandas",
    "to_tree",
    "write_parquet",
]
