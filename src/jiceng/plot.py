"""Pictures of a hierarchy with matplotlib (extra ``plot``: ``pip install "jiceng[plot]"``).

- :func:`plot_level_profile` — units per level, and households per unit at each level;
- :func:`plot_spans` — the distribution of children per unit, a panel per level;
- :func:`plot_coverage` — per street, the units with their own party organisation, those led
  by a joint or regional one, and those with none (stacked bars);
- :func:`plot_treemap` — a squarified treemap of a count field under a unit.

Each function returns a :class:`matplotlib.figure.Figure`, built without ``pyplot`` (so no
window opens and nothing global changes): save it with ``figure.savefig("x.png")`` or show it
in a notebook. Chinese labels need a font that has the characters: the functions use the
``font=`` given, else the first installed of :data:`CJK_FONTS` (:func:`find_cjk_font`). Where
none is installed they issue :class:`~jiceng.errors.MissingFontWarning` once and label in
English (level keys, unit ids) instead of drawing empty boxes.

matplotlib is imported by the functions, never by this module; without it they raise
:class:`~jiceng.errors.MissingExtraError` naming the extra.

Examples
--------
>>> import jiceng
>>> from jiceng.plot import plot_level_profile
>>> figure = plot_level_profile(jiceng.examples.mafangba(), font="DejaVu Sans")
>>> [axes.get_title() for axes in figure.axes]
['Units per level', 'Households per unit']
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol

from jiceng._optional import require
from jiceng.analysis.coverage import Coverage
from jiceng.analysis.profiles import LevelProfile, hierarchy_of, level_profile, spans
from jiceng.dataset import Dataset
from jiceng.edits import UnitRef
from jiceng.errors import InvalidArgumentError, MissingFontWarning
from jiceng.hierarchy import Hierarchy
from jiceng.units import COUNT_FIELDS, CountField, OrgUnit

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CJK_FONTS",
    "CoverageRow",
    "find_cjk_font",
    "plot_coverage",
    "plot_level_profile",
    "plot_spans",
    "plot_treemap",
]

CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)
"""Font families that draw simplified Chinese, in the order :func:`find_cjk_font` prefers them.

Examples
--------
>>> CJK_FONTS[0]
'Noto Sans CJK SC'
"""

_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3")
_warned: list[bool] = []  # the warning about a missing font is issued once a process


def find_cjk_font() -> str | None:
    """Return the first font family of :data:`CJK_FONTS` that matplotlib finds, or ``None``.

    Raises
    ------
    MissingExtraError
        If matplotlib is not installed.

    Examples
    --------
    >>> font = find_cjk_font()
    >>> font is None or font in CJK_FONTS
    True
    """
    font_manager = require("matplotlib.font_manager", "plot")
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _font(font: str | None) -> str | None:
    """Return the font to use, warning once where no Chinese font is installed."""
    if font is not None:
        return font
    found = find_cjk_font()
    if found is None and not _warned:
        _warned.append(True)
        warnings.warn(MissingFontWarning(), stacklevel=3)
    return found


def _figure(width: float, height: float) -> Figure:
    require("matplotlib", "plot")
    figure_module = require("matplotlib.figure", "plot")
    figure: Figure = figure_module.Figure(figsize=(width, height), dpi=100, layout="constrained")
    figure.set_facecolor("white")
    return figure


def _style(axes: Axes, font: str | None) -> None:
    """Give every text of the axes the font (titles, labels, tick labels, annotations)."""
    if font is None:
        return
    texts = [axes.title, axes.xaxis.label, axes.yaxis.label, *axes.texts]
    texts += [*axes.get_xticklabels(), *axes.get_yticklabels()]
    legend = axes.get_legend()
    if legend is not None:
        texts += legend.get_texts()
    for text in texts:
        text.set_fontfamily(font)


def _level_label(h: Hierarchy, key: str, chinese: bool) -> str:
    if key not in h.scheme or not chinese:
        return key
    return f"{h.scheme[key].territory}\n{key}"


def plot_level_profile(
    h: Hierarchy | Dataset | LevelProfile,
    *,
    field: CountField = "households",
    scheme_of: Hierarchy | Dataset | None = None,
    title: str | None = None,
    font: str | None = None,
) -> Figure:
    r"""Draw a level profile: the units per level, and a count field per unit at each level.

    The right panel's bars are the mean of the units' totals (units whose subtree records
    nothing left out), with the median as a black mark; each bar is labelled with the mean.

    Parameters
    ----------
    h
        A hierarchy, a dataset, or a :class:`~jiceng.analysis.LevelProfile` made before.
    field
        The count field of the right panel.
    scheme_of
        For a profile: the hierarchy whose scheme names its levels in Chinese (by default the
        level keys label the bars).
    title
        The figure's title (none by default).
    font
        A font family that draws Chinese; by default :func:`find_cjk_font`'s.

    Raises
    ------
    MissingExtraError
        If matplotlib is not installed.
    InvalidArgumentError
        If ``field`` is not a count field.

    Examples
    --------
    >>> import jiceng
    >>> figure = plot_level_profile(jiceng.examples.mafangba(), font="DejaVu Sans")
    >>> units, sizes = figure.axes
    >>> [int(bar.get_height()) for bar in units.patches]
    [1, 1, 2, 1, 1]
    >>> [label.get_text() for label in sizes.get_xticklabels()][:2]
    ['街道\nstreet', '社区\ncommunity']
    """
    if field not in COUNT_FIELDS:
        raise InvalidArgumentError(f"field must be one of {', '.join(COUNT_FIELDS)}; got {field!r}")
    chosen = _font(font)
    if isinstance(h, LevelProfile):
        profile = h
        named = None if scheme_of is None else hierarchy_of(scheme_of)
    else:
        named = hierarchy_of(h)
        profile = level_profile(named)
    keys = [row.level for row in profile.rows]
    labels = [
        key if named is None else _level_label(named, key, chosen is not None) for key in keys
    ]
    figure = _figure(9, 3.6)
    left, right = figure.subplots(1, 2)
    positions = list(range(len(keys)))
    left.bar(positions, [row.units for row in profile.rows], color=_COLOURS[0])
    for x, row in zip(positions, profile.rows, strict=True):
        left.annotate(f"{row.units:,}", (x, row.units), ha="center", va="bottom", fontsize=8)
    left.set_title("Units per level")
    left.set_ylabel("units")
    left.set_xticks(positions, labels)
    summaries = [getattr(row, field) for row in profile.rows]
    means = [s.mean or 0.0 for s in summaries]
    right.bar(positions, means, color=_COLOURS[1])
    medians = [(x, s.median) for x, s in zip(positions, summaries, strict=True) if s.count]
    if medians:
        right.plot(
            [x for x, _ in medians],
            [m for _, m in medians],
            linestyle="none",
            marker="_",
            markersize=18,
            color="black",
            label="median",
        )
        right.legend(loc="upper right", fontsize=8)
    for x, summary in zip(positions, summaries, strict=True):
        if summary.count:
            right.annotate(
                f"{summary.mean:,.0f}", (x, summary.mean), ha="center", va="bottom", fontsize=8
            )
    right.set_title(f"{field.replace('_', ' ').capitalize()} per unit")
    right.set_ylabel(f"mean {field.replace('_', ' ')} (units recording it)")
    right.set_xticks(positions, labels)
    if title:
        figure.suptitle(title, fontfamily=chosen)
    _style(left, chosen)
    _style(right, chosen)
    return figure


def plot_spans(
    h: Hierarchy | Dataset,
    *,
    levels: Iterable[str] | None = None,
    under: UnitRef | None = None,
    font: str | None = None,
) -> Figure:
    """Draw the distribution of children per unit: a panel of bars per level.

    Each bar is the number of units with that many children (leaves included, at 0). By
    default every level that has units with children, in scheme order.

    Raises
    ------
    MissingExtraError
        If matplotlib is not installed.
    UnknownLevelError
        If a level is not a key of the scheme.
    InvalidArgumentError
        If there is no level to draw.

    Examples
    --------
    >>> import jiceng
    >>> figure = plot_spans(jiceng.examples.tongchuan(), font="DejaVu Sans")
    >>> [axes.get_title() for axes in figure.axes]
    ['街道 street', '社区 community', '网格 grid', '小区 compound']
    >>> len(figure.axes[0].patches)  # five streets of 8, 11, 12, 15 and 17 communities
    5
    """
    chosen = _font(font)
    hierarchy = hierarchy_of(h)
    if levels is None:
        found = [spans(hierarchy, key, under=under) for key in hierarchy.scheme.keys]
        drawn = [span for span in found if span.with_children.count]
    else:
        drawn = [spans(hierarchy, key, under=under) for key in levels]
    if not drawn:
        raise InvalidArgumentError("no level has units with children: nothing to draw")
    columns = min(len(drawn), 4)
    rows = math.ceil(len(drawn) / columns)
    figure = _figure(3.0 * columns, 2.8 * rows)
    grid = figure.subplots(rows, columns, squeeze=False)
    panels = [axes for line in grid for axes in line]
    for axes, span in zip(panels, drawn, strict=False):
        counts = [children for children, _ in span.histogram]
        axes.bar(counts, [units for _, units in span.histogram], color=_COLOURS[2], width=0.8)
        level = hierarchy.scheme[span.level]
        axes.set_title(
            f"{level.territory} {span.level}" if chosen is not None else span.level,
        )
        axes.set_xlabel("children per unit")
        axes.set_ylabel("units")
        if span.all_units.mean is not None:
            axes.axvline(
                span.all_units.mean, color="black", linewidth=1, linestyle="--", label="mean"
            )
        ticker = require("matplotlib.ticker", "plot")
        axes.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        axes.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        _style(axes, chosen)
    for axes in panels[len(drawn) :]:
        figure.delaxes(axes)
    return figure


class CoverageRow(Protocol):
    """What :func:`plot_coverage` reads of each row of a coverage result.

    A row per street (or other unit), with the counts of its units (of the level the coverage
    is of: compounds, say) by how their party organisation is set up.

    Attributes
    ----------
    name : str
        The street's name.
    own : int
        Units with an organisation of their own (独立组建).
    joint : int
        Units led by a joint branch (联合党支部); a ``regional`` count (区域联建), where a row
        has one, is drawn apart.
    none : int
        Units with neither.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class Row:
    ...     name: str
    ...     own: int
    ...     joint: int
    ...     none: int
    >>> row: CoverageRow = Row("朝阳街道", 40, 12, 3)
    >>> row.own + row.joint + row.none
    55
    """

    @property
    def name(self) -> str:
        """The street's name.

        >>> _example_row().name
        '朝阳街道'
        """
        ...  # pragma: no cover

    @property
    def own(self) -> int:
        """Units with their own organisation.

        >>> _example_row().own
        40
        """
        ...  # pragma: no cover

    @property
    def joint(self) -> int:
        """Units led by a joint or regional organisation.

        >>> _example_row().joint
        12
        """
        ...  # pragma: no cover

    @property
    def none(self) -> int:
        """Units with no organisation.

        >>> _example_row().none
        3
        """
        ...  # pragma: no cover


def _example_row() -> CoverageRow:
    """Return a row for the examples: 朝阳街道 with 40 own, 12 joint and 3 uncovered units."""
    row: CoverageRow = SimpleNamespace(name="朝阳街道", own=40, joint=12, none=3)
    return row


def plot_coverage(
    coverage: Coverage | Iterable[CoverageRow], *, title: str | None = None, font: str | None = None
) -> Figure:
    """Draw party-organisation coverage per street: stacked horizontal bars, one per street.

    Each bar counts the units of a street's subtree by how their party organisation is set up:
    their own, led by a joint branch, led by a regional organisation, none.

    Parameters
    ----------
    coverage
        A :func:`jiceng.analysis.coverage` result (its ``groups``: one per street, or per unit
        of its ``by`` level), or rows as :class:`CoverageRow` describes (``name``, ``own``,
        ``joint``, ``none``, and ``regional`` where they have it); drawn top to bottom in order.
    title
        The axes' title (default ``"Party organisation coverage"``).
    font
        A font family that draws Chinese; by default :func:`find_cjk_font`'s.

    Raises
    ------
    MissingExtraError
        If matplotlib is not installed.
    InvalidArgumentError
        If there are no rows.

    Examples
    --------
    >>> from jiceng.analysis import coverage
    >>> from jiceng.examples import tongchuan
    >>> figure = plot_coverage(coverage(tongchuan().hierarchy), font="DejaVu Sans")
    >>> axes = figure.axes[0]
    >>> len(axes.patches), len(axes.get_yticklabels())   # 4 parts for each of 5 streets
    (20, 5)
    """
    found = coverage.groups if isinstance(coverage, Coverage) else coverage
    rows: Sequence[CoverageRow] = list(found)
    if not rows:
        raise InvalidArgumentError("no coverage rows to draw")
    chosen = _font(font)
    figure = _figure(8, 0.5 * len(rows) + 1.6)
    axes = figure.subplots()
    positions = list(range(len(rows)))[::-1]  # the first row at the top
    start = [0] * len(rows)
    parts = (
        ("own", "own organisation", _COLOURS[2]),
        ("joint", "joint branch", _COLOURS[0]),
        ("regional", "regional", _COLOURS[4]),
        ("none", "none", _COLOURS[3]),
    )
    for key, label, colour in parts:
        values = [int(getattr(row, key, 0)) for row in rows]
        axes.barh(positions, values, left=start, color=colour, label=label)
        start = [a + b for a, b in zip(start, values, strict=True)]
    names = [str(row.name) if chosen is not None else f"#{i}" for i, row in enumerate(rows, 1)]
    axes.set_yticks(positions, names)
    axes.set_xlabel("units")
    axes.set_title(title or "Party organisation coverage")
    axes.legend(loc="lower right", fontsize=8)
    _style(axes, chosen)
    return figure


# -- the treemap ---------------------------------------------------------------------------------

_Rect = tuple[float, float, float, float]


def _worst(areas: Sequence[float], side: float) -> float:
    total = sum(areas)
    return max(
        side * side * max(areas) / (total * total), total * total / (side * side * min(areas))
    )


def _squarify(values: Sequence[float], rect: _Rect) -> list[_Rect]:
    """Return a rectangle per value (in the values' order), areas proportional, near-square.

    The squarified layout of Bruls, Huizing and van Wijk (2000): values in decreasing order
    fill rows along the shorter side while that improves the worst aspect ratio. Values must
    be positive.
    """
    x, y, width, height = rect
    total = sum(values)
    scale = width * height / total
    order = sorted(range(len(values)), key=lambda i: -values[i])
    areas = [values[i] * scale for i in order]
    placed: list[_Rect] = []
    start = 0
    while start < len(areas):
        side = min(width, height)
        stop = start + 1
        while stop < len(areas) and _worst(areas[start : stop + 1], side) <= _worst(
            areas[start:stop], side
        ):
            stop += 1
        row = areas[start:stop]
        strip = sum(row)
        if width >= height:  # a column on the left
            thick = strip / height
            offset = y
            for area in row:
                placed.append((x, offset, thick, area / thick))
                offset += area / thick
            x, width = x + thick, width - thick
        else:  # a row along the bottom
            thick = strip / width
            offset = x
            for area in row:
                placed.append((offset, y, area / thick, thick))
                offset += area / thick
            y, height = y + thick, height - thick
        start = stop
    out: list[_Rect] = [(0.0, 0.0, 0.0, 0.0)] * len(values)
    for i, placed_rect in zip(order, placed, strict=True):
        out[i] = placed_rect
    return out


def plot_treemap(
    h: Hierarchy | Dataset,
    under: UnitRef | None = None,
    *,
    field: CountField = "households",
    depth: int = 2,
    font: str | None = None,
) -> Figure:
    """Draw a squarified treemap of a count field: the units below ``under``, ``depth`` deep.

    Each unit's box has an area proportional to its total (:meth:`Hierarchy.total
    <jiceng.Hierarchy.total>`) within its parent's box; the first level's boxes have a colour
    each and their name and figure, deeper boxes lighter edges and, where they are big enough,
    their name. Units whose subtree records nothing are left out (the title says how many).
    Where a unit's recorded figure differs from its children's sum, its children share its box
    in proportion to their totals.

    Parameters
    ----------
    h
        A hierarchy, or a dataset for its hierarchy.
    under
        The unit whose descendants are drawn; ``None`` for the roots and their descendants.
    field
        The count field.
    depth
        How many levels below ``under`` (at least 1).
    font
        A font family that draws Chinese; by default :func:`find_cjk_font`'s.

    Raises
    ------
    MissingExtraError
        If matplotlib is not installed.
    InvalidArgumentError
        For a ``depth`` below 1, a ``field`` that is not a count field, or nothing to draw.
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> figure = plot_treemap(jiceng.examples.tongchuan(), font="DejaVu Sans", depth=1)
    >>> axes = figure.axes[0]
    >>> len(axes.patches), axes.get_title()
    (5, 'Households, 5 streets (街道), 1 level deep')
    >>> figure = plot_treemap(jiceng.examples.mafangba(), "mfb", font="DejaVu Sans")
    >>> figure.axes[0].get_title()  # 永泰片区 records nothing
    'Households under 马房坝社区, 1 grid (网格); 1 without households, 2 levels deep'
    """
    if depth < 1:
        raise InvalidArgumentError(f"depth must be at least 1, got {depth}")
    if field not in COUNT_FIELDS:
        raise InvalidArgumentError(f"field must be one of {', '.join(COUNT_FIELDS)}; got {field!r}")
    chosen = _font(font)
    hierarchy = hierarchy_of(h)
    top = None if under is None else hierarchy[under]
    first = hierarchy.roots() if top is None else hierarchy.children(top)
    figure = _figure(8, 6)
    axes = figure.subplots()
    # Breadth first: (units to lay out, their box, their level below the top, the colour).
    queue: list[tuple[list[OrgUnit], _Rect, int, str | None]] = [(first, (0, 0, 1, 1), 1, None)]
    left_out = 0
    drawn_first = 0
    while queue:
        units, box, level, colour = queue.pop(0)
        sized = [(u, v) for u in units if (v := hierarchy.total(u.id, field))]
        if level == 1:
            left_out = len(units) - len(sized)
            drawn_first = len(sized)
        if not sized:
            continue
        rects = _squarify([v for _, v in sized], box)
        for number, ((unit, value), rect) in enumerate(zip(sized, rects, strict=True)):
            fill = _COLOURS[number % len(_COLOURS)] if level == 1 else colour
            x, y, w, hgt = rect
            axes.add_patch(
                _rectangle(
                    rect,
                    fill,
                    alpha=0.9 if level == 1 else 0.55,
                    edge="white",
                    line=2.5 if level == 1 else 0.6,
                )
            )
            name = unit.name if chosen is not None else unit.id
            if level == 1:
                axes.text(
                    x + 0.01, y + hgt - 0.01, f"{name}\n{value:,}", ha="left", va="top",
                    fontsize=9, color="black",
                )  # fmt: skip
            elif w * hgt > 0.012:
                axes.text(x + w / 2, y + hgt / 2, name, ha="center", va="center", fontsize=6)
            if level < depth:
                queue.append((hierarchy.children(unit), rect, level + 1, fill))
    if not drawn_first:
        raise InvalidArgumentError(f"nothing below records {field}: no treemap to draw")
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1)
    axes.set_axis_off()
    first_level = first[0].level if first else ""
    territory = hierarchy.scheme[first_level].territory if first_level else ""
    noun = first_level if drawn_first == 1 else _plural(first_level)
    if chosen is not None:
        noun += f" ({territory})"
    where = "" if top is None else f" under {top.name if chosen is not None else top.id}"
    missing = f"; {left_out} without {field}" if left_out else ""
    levels = "level" if depth == 1 else "levels"
    axes.set_title(
        f"{field.replace('_', ' ').capitalize()}{where}, {drawn_first} {noun}{missing}, "
        f"{depth} {levels} deep"
    )
    _style(axes, chosen)
    return figure


def _plural(word: str) -> str:
    """Return an English plural: ``community`` → ``communities``, ``grid`` → ``grids``."""
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    return word + "s"


def _rectangle(rect: _Rect, colour: str | None, *, alpha: float, edge: str, line: float) -> Any:
    patches = require("matplotlib.patches", "plot")
    x, y, w, h = rect
    return patches.Rectangle(
        (x, y), w, h, facecolor=colour, alpha=alpha, edgecolor=edge, linewidth=line
    )
