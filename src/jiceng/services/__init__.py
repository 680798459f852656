"""Service items (服务事项) at community party-and-mass service centres (党群服务中心).

A :class:`ServiceItem` is one entry of the implementation list (实施清单) as a service guide
(办事指南) publishes it: its type, department, conditions, materials, process, time limits, fee,
channels, the number of on-site visits (到办事现场次数) and the delivery modes a centre offers;
time limits count working days (工作日) or calendar days (自然日) as the law that sets them does. A
:class:`ServiceCentre` serves a community or subdistrict, states the delivery modes it offers,
offers items and staffs windows: proxy windows (代办窗口) take routine requests on a resident's
behalf, and the fallback window (兜底窗口; from 2022 also the "办不成事"反映窗口 that
国发〔2022〕5号 requires) takes special, failed and disputed ones —
"常规事项代理办，特殊事项兜底办".

:class:`ServiceCatalogue` checks departments, items and centres against each other (and the
hierarchy), routes requests to windows, tells a resident what the nearest centre offers, sums up
channel and mode mixes, and measures service circles (GB 50180-2018) on a walking-time graph.

The package has a module per concept: :mod:`~jiceng.services.records` (vocabularies, departments,
items), :mod:`~jiceng.services.centres` (centres, windows, hours), :mod:`~jiceng.services.circles`
(walking times and service circles), :mod:`~jiceng.services.guide` (guides and shares),
:mod:`~jiceng.services.catalogue` (the engine), :mod:`~jiceng.services.section` (its part of a
data file) and :mod:`~jiceng.services.summary` (the figures of a report).

Examples
--------
>>> import jiceng
>>> catalogue = jiceng.examples.tongchuan().services
>>> summary = catalogue.summary()
>>> summary.departments, summary.items
(14, 44)
>>> catalogue.route("高龄补贴", "xiaobeijie-centre").kind.zh
'代办'
"""

from jiceng.errors import RoutingError
from jiceng.services.catalogue import DEFAULT_CENTRE_LEVELS, ServiceCatalogue
from jiceng.services.centres import (
    BANBUCHENG_WINDOW_FROM,
    ServiceCentre,
    Slot,
    SlotKind,
    Window,
    WindowKind,
    fallback_window_name,
)
from jiceng.services.circles import SERVICE_CIRCLES, Reach, ServiceCircle, WalkingTime
from jiceng.services.guide import CatalogueSummary, ServiceGuide, VisitShares
from jiceng.services.records import (
    Applicant,
    BusinessCase,
    Channel,
    DayCount,
    DeliveryMode,
    Department,
    Fee,
    ItemType,
    Material,
    MaterialForm,
    ServiceItem,
    TongbanScope,
)
from jiceng.services.summary import (
    CentreFigures,
    ReachFigures,
    ServicesSummary,
    VisitFigures,
    WindowFigures,
    centre_figures,
    opening_hours,
    reach_figures,
    services_summary,
    weekdays,
)

__all__ = [
    "BANBUCHENG_WINDOW_FROM",
    "DEFAULT_CENTRE_LEVELS",
    "SERVICE_CIRCLES",
    "Applicant",
    "BusinessCase",
    "CatalogueSummary",
    "CentreFigures",
    "Channel",
    "DayCount",
    "DeliveryMode",
    "Department",
    "Fee",
    "ItemType",
    "Material",
    "MaterialForm",
    "Reach",
    "ReachFigures",
    "RoutingError",
    "ServiceCatalogue",
    "ServiceCentre",
    "ServiceCircle",
    "ServiceGuide",
    "ServiceItem",
    "ServicesSummary",
    "Slot",
    "SlotKind",
    "TongbanScope",
    "VisitFigures",
    "VisitShares",
    "WalkingTime",
    "Window",
    "WindowFigures",
    "WindowKind",
    "centre_figures",
    "fallback_window_name",
    "opening_hours",
    "reach_figures",
    "services_summary",
    "weekdays",
]
