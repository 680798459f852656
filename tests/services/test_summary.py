from __future__ import annotations

import json
from pathlib import Path

import pytest

import jiceng
from jiceng import Hierarchy
from jiceng.results import to_jsonable as convert
from jiceng.services import (
    CentreFigures,
    ItemType,
    ReachFigures,
    ServicesSummary,
    Slot,
    VisitFigures,
    WalkingTime,
    WindowFigures,
    WindowKind,
    centre_figures,
    opening_hours,
    reach_figures,
    services_summary,
    weekdays,
)

from .builders import catalogue

RECORDED = json.loads((Path(__file__).parent / "report_0_1.json").read_text(encoding="utf-8"))
"""The figures that jiceng 0.1's report computed for these cases, recorded before the report's
dictionaries became typed results (the typed results must convert to exactly these)."""


@pytest.mark.parametrize("centre", [None, "xiaobeijie-centre"])
def test_the_bundled_district_as_the_report_has_it(centre: str | None) -> None:
    district = jiceng.examples.tongchuan()
    assert district.services is not None
    summary = services_summary(district.services, centre)
    assert convert(summary) == RECORDED[f"services/{centre}"]


def test_the_types_are_kept() -> None:
    cat = jiceng.examples.tongchuan().services
    assert cat is not None
    summary = services_summary(cat)
    assert isinstance(summary, ServicesSummary)
    assert summary.by_type[ItemType.PUBLIC_SERVICE] == 26
    assert list(summary.windows) == [WindowKind.PROXY, WindowKind.FALLBACK]
    assert summary.visits == VisitFigures(38, 17, 0.8636, 0.3864)
    window = summary.centres[0].windows[2]
    assert window == WindowFigures(
        "daiban-3",
        "代办窗口三",
        WindowKind.PROXY,
        44,
        ("周一至周五 08:30–12:00", "周一至周五 14:00–17:30", "周六 09:00–12:00 (预约)"),
        True,
    )
    assert summary.reach[2] == ReachFigures(
        "xiaobeijie-centre", "xicheng", "西城街道", 15, 9, 13, 13210, 18294
    )
    assert summary.guide == ()


def test_a_catalogue_without_walking_times_or_hierarchy(town: Hierarchy) -> None:
    assert services_summary(catalogue(town)).reach == ()
    assert reach_figures(catalogue(), "centre") == ()
    walked = catalogue(town, walking=[WalkingTime(a="centre", b="k1", minutes=4)])
    assert [
        (r.within, r.minutes, r.reached, r.missed) for r in reach_figures(walked, "centre")
    ] == [
        ("s", 5, 1, 2),
        ("s", 10, 1, 2),
        ("s", 15, 1, 2),
    ]
    summary = services_summary(walked, "centre")
    assert convert(summary) == RECORDED["town/centre"]
    assert summary.centres == (
        CentreFigures(
            "centre",
            "小北街社区党群服务中心",
            "c",
            4,
            None,
            tuple(centre_figures(walked.centre("centre")).windows),
        ),
    )
    assert [w.items for w in summary.centres[0].windows] == [1, 1, 1, 0]


def test_hours() -> None:
    assert weekdays([1, 2, 3]) == "周一至周三"
    assert weekdays([6, 7]) == "周六、周日"
    assert weekdays([7, 1, 1]) == "周一、周日"
    assert weekdays([1, 2, 4, 5]) == "周一、周二、周四、周五"
    slot = Slot(days=[1, 2, 3, 4, 5], start="17:30", end="19:30", kind="extended")
    assert opening_hours(slot) == "周一至周五 17:30–19:30 (延时)"
