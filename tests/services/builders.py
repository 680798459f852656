"""Small records and catalogues that the service tests build on."""

from __future__ import annotations

from typing import Any

from jiceng import Hierarchy, OrgUnit
from jiceng.services import Department, ServiceCatalogue, ServiceCentre, ServiceItem, Window

DEPARTMENTS = [Department(id="mz", name="区民政局"), Department(id="rs", name="区人社局")]


def item(iid: str, **changes: Any) -> ServiceItem:
    data: dict[str, Any] = {
        "id": iid,
        "name": f"事项{iid}",
        "type": "benefit",
        "department": "mz",
        "channels": ["window"],
        "visits": 1,
        "applicants": ["natural_person"],
    }
    data.update(changes)
    return ServiceItem.model_validate(data)


def make_town() -> Hierarchy:
    """A street with two communities; the first has a grid of three compounds::

    s 西城街道 (street)
    ├── c 小北街社区 (community)
    │   └── g 一网格 (grid)
    │       ├── k1 甲小区 (compound)   households 300
    │       │   └── b1 1栋 (building)
    │       ├── k2 乙小区 (compound)   households 200
    │       └── k3 丙小区 (compound)   households 100
    └── c2 大北街社区 (community)
    """
    return Hierarchy(
        [
            OrgUnit(id="s", name="西城街道", level="street"),
            OrgUnit(id="c", name="小北街社区", level="community", parent="s"),
            OrgUnit(id="g", name="一网格", level="grid", parent="c"),
            OrgUnit(id="k1", name="甲小区", level="compound", parent="g", households=300),
            OrgUnit(id="k2", name="乙小区", level="compound", parent="g", households=200),
            OrgUnit(id="k3", name="丙小区", level="compound", parent="g", households=100),
            OrgUnit(id="b1", name="1栋", level="building", parent="k1"),
            OrgUnit(id="c2", name="大北街社区", level="community", parent="s"),
        ]
    )


def catalogue(town: Hierarchy | None = None, **extra: Any) -> ServiceCatalogue:
    """Four items (one a business case of another) at centre ``"centre"`` of community c."""
    items = [
        item("a", name="高龄补贴", channels=["window", "online"], visits=0),
        item("b", name="最低生活保障", visits=2),
        item("c", name="居住证", department="rs"),
        item("c-new", name="居住证新办", department="rs", parent="c", case="new"),
    ]
    centre = ServiceCentre(
        id="centre",
        name="小北街社区党群服务中心",
        unit="c",
        items=["a", "b", "c", "c-new"],
        windows=[
            Window(id="p1", name="代办窗口一", kind="proxy", items=["a"]),
            Window(id="g1", name="综合窗口", kind="general", items=["b"]),
            Window(id="p2", name="代办窗口二", kind="proxy", items=["c"]),
            Window(id="f", name="兜底窗口", kind="fallback"),
        ],
    )
    return ServiceCatalogue(DEPARTMENTS, items, [centre], town, **extra)
