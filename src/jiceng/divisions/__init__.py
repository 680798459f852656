r"""The national division tree (统计用区划代码) as a hierarchy on :data:`ADMINISTRATIVE`.

:func:`read` reads the statistical bureau's tables (a folder in the shared five-file layout, or
one table of codes and names) into a :class:`~jiceng.Hierarchy` whose ids and codes are the
12-digit division codes; :func:`combine` joins a district's own network (grids, compounds,
buildings) to it; :func:`territory_name` cuts a committee's name down to its territory's.
:func:`jiceng.examples.china` is the whole country in 2023, bundled.

Examples
--------
>>> import tempfile, pathlib
>>> table = pathlib.Path(tempfile.mkdtemp()) / "dazhou.csv"
>>> _ = table.write_text(
...     "code,name\n511702000000,通川区\n511702002000,西城街道\n"
...     "511702002001,大北街社区居民委员会\n511702002002,小北街社区居民委员会\n",
...     encoding="utf-8")
>>> h = read(table)
>>> h.level_counts()
{'province': 0, 'prefecture': 0, 'county': 1, 'township': 1, 'village': 2}
>>> [unit.name for unit in h.children("511702002000")]
['大北街社区', '小北街社区']
"""

from __future__ import annotations

from jiceng.divisions.combine import combine
from jiceng.divisions.names import territory_name
from jiceng.divisions.tables import read
from jiceng.levels import ADMINISTRATIVE

__all__ = ["ADMINISTRATIVE", "combine", "read", "territory_name"]
