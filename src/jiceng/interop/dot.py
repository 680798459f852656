r"""Org charts as Graphviz DOT text: a top-down tree of units, or one cluster per level.

:func:`to_dot` writes the text of a ``digraph`` that Graphviz's ``dot`` program lays out
(``dot -Tsvg chart.dot -o chart.svg``); jiceng needs no Graphviz package to write it.

Conventions of the text:

- One node per unit and one edge from each parent to each child, both in hierarchy order; the
  graph is drawn top down (``rankdir=TB``) and ``ordering=out`` keeps siblings in that order.
  With ``clusters=True`` the nodes of each level are written inside its cluster in reverse
  hierarchy order, because ``dot`` lays out a cluster's nodes from the last one written: so
  written, they are drawn in hierarchy order too.
- A node is named by its unit's id in double quotes, ``"`` escaped as ``\"``. Graphviz reads
  every other character of a quoted name as itself, has no way to write a backslash just before
  the closing quote, and drops a line break that stands alone between escapes; so each backslash
  of an id is written twice and each line break as ``\n`` (``\r``), and Graphviz reports the
  unit ``a\b`` as the node ``a\\b``. Every other character, Chinese included, is kept as it
  is, and no two units share a node. (Graphviz also keeps names that begin with ``%`` for nodes
  of its own: such a unit is drawn and linked like any other, but Graphviz's output names it
  ``%`` and a number.)
- Labels show the unit's text exactly: backslashes, quotes and ``&`` (which Graphviz would read
  as the start of an HTML entity) are escaped, and a line break in a name breaks the label's
  line.
- The text is UTF-8 (``charset="UTF-8"``) and names a list of fonts that hold Chinese glyphs
  (:data:`DEFAULT_FONTNAME`); Graphviz uses the first one installed. An SVG keeps the text
  itself, so it shows the Chinese wherever its reader has such a font.
- The same arguments give the same text, byte for byte. Writing is iterative: a 100,000-deep
  chain is no problem (laying it out is another matter).

Examples
--------
>>> from jiceng.examples import mafangba
>>> text = to_dot(mafangba(), root="mfb", depth=1)
>>> print(text)
digraph "org_chart" {
    graph [rankdir=TB, ordering=out, charset="UTF-8", fontname="Noto Sans CJK SC,...,sans-serif"];
    node [shape=box, style=rounded, fontname="Noto Sans CJK SC,...,sans-serif"];
    edge [arrowhead=none];
    "mfb" [label="马房坝社区"];
    "qt" [label="秋棠片区"];
    "yt" [label="永泰片区"];
    "mfb" -> "qt";
    "mfb" -> "yt";
}
<BLANKLINE>
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, TypeAlias

from jiceng.edits import UnitRef
from jiceng.errors import InvalidArgumentError, JicengTypeError
from jiceng.hierarchy import Hierarchy
from jiceng.units import COUNT_FIELDS, CountField, OrgUnit

__all__ = ["DEFAULT_FONTNAME", "LABELS", "LabelKeyword", "to_dot"]

LabelKeyword: TypeAlias = Literal["name", "org", "both", "level"]
"""A keyword that chooses what a node's label shows (see :data:`LABELS`)."""

LABELS: tuple[LabelKeyword, ...] = ("name", "org", "both", "level")
"""The label keywords of :func:`to_dot`, for a unit 马房坝社区 led by 马房坝社区党委:

- ``"name"``: the unit's name, ``马房坝社区``;
- ``"org"``: its organisation's name, ``马房坝社区党委`` (``org_name`` where it is recorded, else
  the unit's name followed by the Chinese name of its organisation's kind, as
  :meth:`~jiceng.Hierarchy.org_kind` gives it);
- ``"both"``: the name, and the organisation's name on a second line;
- ``"level"``: the name, and the Chinese name of its level (``社区``) on a second line.
"""

DEFAULT_FONTNAME = (
    "Noto Sans CJK SC,Source Han Sans SC,WenQuanYi Zen Hei,Microsoft YaHei,PingFang SC,sans-serif"
)
"""The fonts that :func:`to_dot` names by default: common fonts with Chinese glyphs on Linux,
Windows and macOS, then any sans-serif font. Graphviz (through Pango) and SVG viewers take the
first that is installed."""

_COUNT_UNITS: dict[CountField, tuple[str, str]] = {
    "households": ("", "户"),
    "population": ("", "人"),
    "party_members": ("党员", "名"),
}
_INDENT = "    "


def to_dot(
    h: Hierarchy,
    *,
    root: UnitRef | None = None,
    depth: int | None = None,
    label: LabelKeyword | Callable[[OrgUnit], str] = "name",
    clusters: bool = False,
    counts: bool | CountField | Sequence[CountField] = False,
    fontname: str = DEFAULT_FONTNAME,
) -> str:
    r"""Return the hierarchy, or one unit's subtree, as the Graphviz DOT text of an org chart.

    Parameters
    ----------
    h
        The hierarchy.
    root
        Draw only this unit and what lies under it; ``None`` (the default) draws every tree of
        the forest.
    depth
        Draw at most this many levels below the top unit (below each root, without ``root``):
        0 draws the top alone. ``None`` (the default) draws everything.
    label
        What each node shows: one of the keywords of :data:`LABELS` (``"name"``, the default;
        ``"org"``; ``"both"``; ``"level"``), or a function of the unit that returns the text.
    clusters
        Group the nodes of each level in a box of their own (a ``subgraph cluster_…``, labelled
        with the level's territory and organisation), levels in scheme order.
    counts
        Add a line of subtree totals (:meth:`~jiceng.Hierarchy.total`) to each label: ``True``
        for households (``6,415户``), or a count field or a sequence of them (with
        ``("households", "population")``, 马房坝社区 of the bundled district shows
        ``6,415户 · 50,500人``). A total that nothing in the subtree records is left out, not
        shown as zero.
    fontname
        The font list for every label (:data:`DEFAULT_FONTNAME` by default).

    Returns
    -------
    str
        The DOT text, ending with a newline; write it as UTF-8.

    Raises
    ------
    UnknownUnitError
        If ``root`` is not in the hierarchy.
    InvalidArgumentError
        If ``depth`` is negative, ``label`` is not a keyword of :data:`LABELS`, a count field is
        unknown, or a text holds a NUL character (which DOT cannot carry).
    JicengTypeError
        If ``depth`` is not an int, or a ``label`` function returns something other than a str.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> h = mafangba()
    >>> text = to_dot(h, root="qt", label="both", counts=True)
    >>> print(*text.splitlines()[4:], sep="\n")
        "qt" [label="秋棠片区\n秋棠片区党总支\n241户"];
        "cl" [label="春兰小区\n春兰小区党支部\n241户"];
        "cl-1" [label="1栋\n1栋党小组\n48户"];
        "qt" -> "cl";
        "cl" -> "cl-1";
    }
    >>> print(*to_dot(h, depth=2, clusters=True).splitlines()[4:12], sep="\n")
        subgraph "cluster_street" {
            graph [label="街道 · 街道党工委", style="rounded,dashed", color=gray50];
            "cy" [label="朝阳街道"];
        }
        subgraph "cluster_community" {
            graph [label="社区 · 社区党委", style="rounded,dashed", color=gray50];
            "mfb" [label="马房坝社区"];
        }
    >>> to_dot(h, label=lambda unit: unit.id.upper()).count('label="CL-1"')
    1
    >>> try:
    ...     to_dot(h, label="title")
    ... except InvalidArgumentError as error:
    ...     print(error)
    label must be a function or one of 'name', 'org', 'both', 'level', got 'title'
    """
    text_of = _labeller(h, label)
    fields = _count_fields(counts)
    if depth is not None:
        if isinstance(depth, bool) or not isinstance(depth, int):
            raise JicengTypeError(f"depth must be an int or None, got {type(depth)!r}")
        if depth < 0:
            raise InvalidArgumentError(f"depth must be 0 or more, got {depth}")
    tops = h.roots() if root is None else [h[root]]
    drawn = _drawn(h, tops, depth)

    font = _quoted_id(fontname)
    lines = [
        'digraph "org_chart" {',
        f'{_INDENT}graph [rankdir=TB, ordering=out, charset="UTF-8", fontname={font}];',
        f"{_INDENT}node [shape=box, style=rounded, fontname={font}];",
        f"{_INDENT}edge [arrowhead=none];",
    ]

    def node(unit: OrgUnit, indent: str) -> str:
        text = text_of(unit)
        if fields:
            shown = []
            for field in fields:
                total = h.total(unit, field)
                if total is not None:
                    before, after = _COUNT_UNITS[field]
                    shown.append(f"{before}{total:,}{after}")
            if shown:
                text = f"{text}\n{' · '.join(shown)}"
        return f"{indent}{_quoted_id(unit.id)} [label={_quoted_label(text)}];"

    if clusters:
        by_level: dict[str, list[OrgUnit]] = {key: [] for key in h.scheme.keys}
        for unit, _ in drawn:
            by_level[unit.level].append(unit)
        for level in h.scheme:
            members = by_level[level.key]
            if not members:
                continue
            title = _quoted_label(f"{level.territory} · {level.organisation}")
            lines.append(f"{_INDENT}subgraph {_quoted_id('cluster_' + level.key)} {{")
            lines.append(
                f'{_INDENT * 2}graph [label={title}, style="rounded,dashed", color=gray50];'
            )
            # dot lays out a cluster's nodes from the last one written: written last first,
            # they are drawn in hierarchy order (written first first, every row is mirrored).
            lines.extend(node(unit, _INDENT * 2) for unit in reversed(members))
            lines.append(f"{_INDENT}}}")
    else:
        lines.extend(node(unit, _INDENT) for unit, _ in drawn)
    lines.extend(
        f"{_INDENT}{_quoted_id(parent)} -> {_quoted_id(unit.id)};"
        for unit, parent in drawn
        if parent is not None
    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _drawn(
    h: Hierarchy, tops: list[OrgUnit], depth: int | None
) -> list[tuple[OrgUnit, str | None]]:
    """Return the units to draw in hierarchy order, each with its drawn parent's id."""
    drawn: list[tuple[OrgUnit, str | None]] = []
    for top in tops:
        stack: list[tuple[OrgUnit, str | None, int]] = [(top, None, 0)]
        while stack:
            unit, parent, below = stack.pop()
            drawn.append((unit, parent))
            if depth is not None and below >= depth:
                continue
            children = h.children(unit)
            stack.extend((child, unit.id, below + 1) for child in reversed(children))
    return drawn


def _labeller(
    h: Hierarchy, label: LabelKeyword | Callable[[OrgUnit], str]
) -> Callable[[OrgUnit], str]:
    """Return the function that gives a unit's label text, checking ``label`` first."""
    if callable(label):
        function = label

        def called(unit: OrgUnit) -> str:
            text = function(unit)
            if not isinstance(text, str):
                raise JicengTypeError(
                    f"a label function must return a str, got {type(text)!r} for unit {unit.id!r}"
                )
            return text

        return called
    if label not in LABELS:
        keywords = ", ".join(repr(keyword) for keyword in LABELS)
        raise InvalidArgumentError(f"label must be a function or one of {keywords}, got {label!r}")
    territory = {level.key: level.territory for level in h.scheme}

    def org(unit: OrgUnit) -> str:
        return unit.org_name if unit.org_name is not None else unit.name + h.org_kind(unit).zh

    if label == "org":
        return org
    if label == "both":
        return lambda unit: f"{unit.name}\n{org(unit)}"
    if label == "level":
        return lambda unit: f"{unit.name}\n{territory[unit.level]}"
    return lambda unit: unit.name


def _count_fields(counts: bool | CountField | Sequence[CountField]) -> tuple[CountField, ...]:
    """Return the count fields that labels show, checking each."""
    if isinstance(counts, bool):
        return ("households",) if counts else ()
    fields: Sequence[str] = [counts] if isinstance(counts, str) else counts
    chosen: list[CountField] = []
    for field in fields:
        if field not in COUNT_FIELDS:
            known = ", ".join(COUNT_FIELDS)
            raise InvalidArgumentError(f"counts names {field!r}, which is not one of {known}")
        chosen.append(field)
    return tuple(chosen)


def _checked(text: str) -> str:
    if "\0" in text:
        raise InvalidArgumentError(f"DOT cannot hold a NUL character, found in {text!r}")
    return text


def _quoted_id(text: str) -> str:
    """Quote a node or subgraph name: backslashes doubled, line breaks spelled (see the module)."""
    escaped = (
        _checked(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _quoted_label(text: str) -> str:
    """Quote a label (an escString): the text shows exactly, a line break starts a new line."""
    escaped = (
        _checked(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("&", "&amp;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )
    return f'"{escaped}"'
