"""Small HTML tables for Jupyter's rich display (``_repr_html_``), every text escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

__all__ = ["cell", "table"]


def cell(value: object) -> str:
    """Return a value as escaped cell text: ints with thousands separators, ``None`` as a dash.

    >>> cell(12345), cell(None), cell("<b>")
    ('12,345', '—', '&lt;b&gt;')
    """
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return html.escape(str(value))


def table(caption: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Return an HTML table; numbers align right, and the caption and every cell are escaped.

    >>> print(table("a & b", ["level", "units"], [["street", 2]]))
    <table><caption>a &amp; b</caption><thead><tr><th style="text-align:left">level</th>\
<th>units</th></tr></thead><tbody><tr><td style="text-align:left">street</td><td>2</td></tr>\
</tbody></table>
    """
    left = ' style="text-align:left"'

    def row(cells: Sequence[object], tag: str) -> str:
        parts = []
        for value in cells:
            align = "" if value is None or isinstance(value, int) else left
            parts.append(f"<{tag}{align}>{cell(value)}</{tag}>")
        return "<tr>" + "".join(parts) + "</tr>"

    head = "<tr>" + "".join(
        f"<th{left if i == 0 else ''}>{html.escape(name)}</th>" for i, name in enumerate(header)
    )
    body = "".join(row(cells, "td") for cells in rows)
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
