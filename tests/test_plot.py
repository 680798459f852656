"""jiceng.plot, headless: the figures' content (titles, bars, labels, fonts), not their pixels."""

from __future__ import annotations

import io
import warnings

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiceng
from jiceng import Hierarchy, InvalidArgumentError, MissingExtraError, UnknownUnitError
from jiceng.errors import MissingFontWarning

matplotlib = pytest.importorskip("matplotlib")  # CI installs the extra; this is for bare clones
matplotlib.use("Agg")

from jiceng import plot  # noqa: E402
from jiceng.analysis import coverage  # noqa: E402
from jiceng.plot import (  # noqa: E402
    CJK_FONTS,
    find_cjk_font,
    plot_coverage,
    plot_level_profile,
    plot_spans,
    plot_treemap,
)

FONT = "DejaVu Sans"  # always installed with matplotlib: the tests need no Chinese font


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Chinese font installed, and the once-a-process warning not issued yet."""
    monkeypatch.setattr(plot, "find_cjk_font", lambda: None)
    monkeypatch.setattr(plot, "_warned", [])


@attrs.frozen
class Row:
    name: str
    own: int
    joint: int
    none: int


def texts(figure: object) -> list[str]:
    return [text.get_text() for text in figure.findobj(matplotlib.text.Text)]  # type: ignore[attr-defined]


def test_level_profile(district: Hierarchy) -> None:
    figure = plot_level_profile(district, font=FONT, title="示例")
    units, sizes = figure.axes
    assert (units.get_title(), sizes.get_title()) == ("Units per level", "Households per unit")
    assert [int(bar.get_height()) for bar in units.patches] == [2, 3, 3, 2, 4]
    assert [label.get_text() for label in units.get_xticklabels()] == [
        "街道\nstreet",
        "社区\ncommunity",
        "网格\ngrid",
        "小区\ncompound",
        "楼栋\nbuilding",
    ]
    # The mean households of the units recording them: 2541, 1270.5, 1238, 1238, 155.25.
    assert [round(bar.get_height(), 2) for bar in sizes.patches] == [
        2541.0,
        1270.5,
        1238.0,
        1238.0,
        155.25,
    ]
    assert figure.get_suptitle() == "示例"
    assert {label.get_fontfamily()[0] for label in units.get_xticklabels()} == {FONT}
    assert units.title.get_fontfamily() == [FONT]
    party = plot_level_profile(district, field="party_members", font=FONT)
    assert party.axes[1].get_title() == "Party members per unit"
    profile = jiceng.analysis.level_profile(district)
    keys_only = plot_level_profile(profile, font=FONT)
    assert keys_only.axes[0].get_xticklabels()[0].get_text() == "street"
    named = plot_level_profile(profile, scheme_of=district, font=FONT)
    assert named.axes[0].get_xticklabels()[0].get_text() == "街道\nstreet"
    with pytest.raises(InvalidArgumentError, match="field must be one of"):
        plot_level_profile(district, field="votes", font=FONT)  # type: ignore[arg-type]


def test_spans(district: Hierarchy) -> None:
    figure = plot_spans(district, font=FONT)
    # The building level has no unit with children: not drawn.
    assert [axes.get_title() for axes in figure.axes] == [
        "街道 street",
        "社区 community",
        "网格 grid",
        "小区 compound",
    ]
    grid = figure.axes[2]
    bars = sorted(
        (int(bar.get_x() + bar.get_width() / 2 + 0.5), int(bar.get_height()))
        for bar in grid.patches
    )
    assert bars == [(0, 1), (1, 2)]  # yt has no children; tbl-g1 and qt have one each
    assert grid.get_xlabel() == "children per unit"
    chosen = plot_spans(district, levels=["grid"], under="mfb", font=FONT)
    assert len(chosen.axes) == 1
    assert len(chosen.axes[0].patches) == 2
    five = plot_spans(jiceng.examples.tongchuan(), levels=["street"] * 5, font=FONT)
    assert len(five.axes) == 5  # two rows of panels, the empty places removed
    with pytest.raises(InvalidArgumentError, match="nothing to draw"):
        plot_spans(Hierarchy([]), font=FONT)


def test_coverage() -> None:
    rows = (Row("朝阳街道", 40, 12, 3), Row("凤北街道", 20, 5, 0), Row("西城街道", 9, 0, 9))
    figure = plot_coverage(rows, font=FONT)
    axes = figure.axes[0]
    assert axes.get_title() == "Party organisation coverage"
    assert len(axes.patches) == 12  # four parts for each of three streets (no regional: 0)
    labels = {label.get_text(): label.get_position()[1] for label in axes.get_yticklabels()}
    assert labels["朝阳街道"] > labels["凤北街道"] > labels["西城街道"]  # first on top
    widths = sorted(bar.get_width() for bar in axes.patches)
    assert widths == sorted([40, 12, 0, 3, 20, 5, 0, 0, 9, 0, 0, 9])
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert legend == ["own organisation", "joint branch", "regional", "none"]


def test_coverage_of_the_analysis_result(district: Hierarchy) -> None:
    result = coverage(district)
    axes = plot_coverage(result, font=FONT).axes[0]
    assert [label.get_text() for label in axes.get_yticklabels()] == [
        row.name for row in result.groups
    ]
    by_street = [0.0] * len(result.groups)
    for bar in axes.patches:  # the bars of one street share a y; their widths add up
        by_street[len(result.groups) - 1 - round(bar.get_y() + bar.get_height() / 2)] += (
            bar.get_width()
        )
    assert by_street == [row.units for row in result.groups]

    with pytest.raises(InvalidArgumentError, match="no coverage rows"):
        plot_coverage([], font=FONT)


def test_treemap(district: Hierarchy) -> None:
    figure = plot_treemap(district, font=FONT)
    axes = figure.axes[0]
    # 朝阳街道 (2541) drawn, 西城街道 left out; below it 团包梁 and 马房坝.
    assert axes.get_title() == "Households, 1 street (街道); 1 without households, 2 levels deep"
    assert len(axes.patches) == 3
    shown = texts(figure)
    assert "朝阳街道\n2,541" in shown
    assert "团包梁社区" in shown
    assert "马房坝社区" in shown
    areas = sorted(p.get_width() * p.get_height() for p in axes.patches)
    assert areas[-1] == pytest.approx(1.0)  # the street fills the picture
    assert areas[0] / areas[1] == pytest.approx(241 / 2300)
    deep = plot_treemap(district, "cy", field="population", depth=3, font=FONT)
    assert len(deep.axes[0].patches) == 2 + 2 + 2  # communities, grids, compounds
    with pytest.raises(InvalidArgumentError, match="depth must be at least 1"):
        plot_treemap(district, depth=0, font=FONT)
    with pytest.raises(InvalidArgumentError, match="nothing below records"):
        plot_treemap(district, "xc", font=FONT)
    with pytest.raises(UnknownUnitError):
        plot_treemap(district, "nowhere", font=FONT)


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=40))
def test_squarify_tiles_the_box(values: list[int]) -> None:
    box = (0.0, 0.0, 3.0, 2.0)
    rects = plot._squarify(values, box)
    assert len(rects) == len(values)
    total = sum(values)
    for value, (x, y, w, h) in zip(values, rects, strict=True):
        assert w * h == pytest.approx(6.0 * value / total)
        assert x >= -1e-9
        assert y >= -1e-9
        assert x + w <= 3.0 + 1e-9
        assert y + h <= 2.0 + 1e-9
    # No two rectangles overlap.
    for i, (x1, y1, w1, h1) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1 :]:
            overlap_w = min(x1 + w1, x2 + w2) - max(x1, x2)
            overlap_h = min(y1 + h1, y2 + h2) - max(y1, y2)
            assert overlap_w <= 1e-9 or overlap_h <= 1e-9


def test_the_font_found(monkeypatch: pytest.MonkeyPatch, district: Hierarchy) -> None:
    monkeypatch.setattr(plot, "find_cjk_font", lambda: "WenQuanYi Micro Hei")
    figure = plot_level_profile(district)
    assert figure.axes[0].get_xticklabels()[0].get_fontfamily() == ["WenQuanYi Micro Hei"]
    found = find_cjk_font()
    assert found is None or found in CJK_FONTS


def test_no_chinese_font_warns_once_and_labels_in_english(
    no_cjk_font: None, district: Hierarchy
) -> None:
    with pytest.warns(MissingFontWarning, match="apt-get install fonts-noto-cjk"):
        figure = plot_level_profile(district)
    assert [label.get_text() for label in figure.axes[0].get_xticklabels()][:2] == [
        "street",
        "community",
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second picture does not warn again
        spans = plot_spans(district)
        treemap = plot_treemap(district)
        coverage = plot_coverage([Row("朝阳街道", 1, 2, 3)])
    assert spans.axes[0].get_title() == "street"
    assert "cy\n2,541" in texts(treemap)
    assert not any("\u4e00" <= char <= "\u9fff" for text in texts(treemap) for char in text)
    assert coverage.axes[0].get_yticklabels()[0].get_text() == "#1"
    assert isinstance(MissingFontWarning(), jiceng.JicengWarning)


def test_figures_save_headless(no_cjk_font: None, district: Hierarchy) -> None:
    buffer = io.BytesIO()
    with pytest.warns(MissingFontWarning):  # English labels: DejaVu Sans draws them all
        figure = plot_treemap(district)
    figure.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_without_matplotlib(monkeypatch: pytest.MonkeyPatch, district: Hierarchy) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    monkeypatch.setitem(sys.modules, "matplotlib.font_manager", None)
    with pytest.raises(MissingExtraError, match=r"jiceng\[plot\]"):
        plot_level_profile(district)
