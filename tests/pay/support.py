"""Builders shared by the pay tests: a worker with defaults, and a small town."""

from __future__ import annotations

import datetime
from typing import Any

from jiceng import Hierarchy, OrgUnit, Worker

D = datetime.date


def worker(wid: str = "w1", **changes: Any) -> Worker:
    """A worker of post ``other`` in ``c1``, in service since 1 March 2014, with changes."""
    data: dict[str, Any] = {
        "id": wid,
        "name": f"{wid}号",
        "unit": "c1",
        "post": "other",
        "service_start": "2014-03-01",
        "hired": "2014-03-01",
    }
    data.update(changes)
    return Worker.model_validate(data)


def make_town() -> Hierarchy:
    """One street with two communities, the first with a grid::

    s1 东城街道 (street)
    ├── c1 一社区 (community)
    │   └── g1 一网格 (grid)
    └── c2 二社区 (community)
    """
    return Hierarchy(
        [
            OrgUnit(id="s1", name="东城街道", level="street"),
            OrgUnit(id="c1", name="一社区", level="community", parent="s1"),
            OrgUnit(id="g1", name="一网格", level="grid", parent="c1"),
            OrgUnit(id="c2", name="二社区", level="community", parent="s1"),
        ]
    )
