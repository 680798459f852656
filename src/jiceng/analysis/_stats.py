"""Summary statistics shared by the analyses: count, total, min, median, mean and max.

:func:`summarise` takes whole numbers, ``None`` standing for a value that is not known (a unit
whose subtree records nothing); the statistics are over the known values only, and
:attr:`Summary.missing` says how many were left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

__all__ = ["Summary", "display_width", "format_table", "number", "summarise"]


@attrs.frozen
class Summary:
    """The distribution of a whole-number figure over a set of units.

    Attributes
    ----------
    count : int
        The known values.
    missing : int
        The values left out as unknown (``None``).
    total : int
        The sum of the known values (``0`` for none).
    min, max : int or None
        The smallest and largest known value; ``None`` where none is known.
    median, mean : float or None
        The median (the middle value, or the mean of the two middle values) and the arithmetic
        mean, unrounded; ``None`` where none is known.

    Examples
    --------
    >>> summarise([3, 1, None, 2, 0])
    Summary(count=4, missing=1, total=6, min=0, median=1.5, mean=1.5, max=3)
    >>> print(summarise([3, 1, None, 2, 0]))
    4 known (1 missing): total 6, min 0, median 1.5, mean 1.50, max 3
    >>> print(summarise([None]))
    0 known (1 missing)
    """

    count: int
    missing: int
    total: int
    min: int | None
    median: float | None
    mean: float | None
    max: int | None

    def __str__(self) -> str:
        """Write the figures on one line: the mean to two places."""
        missing = f" ({self.missing:,} missing)" if self.missing else ""
        head = f"{self.count:,} known{missing}"
        if self.mean is None:
            return head
        return (
            f"{head}: total {self.total:,}, min {self.min:,}, median {self.median:g}, "
            f"mean {self.mean:.2f}, max {self.max:,}"
        )


def summarise(values: Iterable[int | None]) -> Summary:
    """Return the summary of whole numbers, ``None`` counted as missing. O(k log k).

    Examples
    --------
    >>> summarise([4, 2, 9]).median, summarise([4, 2, 9, 1]).median
    (4.0, 3.0)
    >>> summarise([])
    Summary(count=0, missing=0, total=0, min=None, median=None, mean=None, max=None)
    """
    known: list[int] = []
    missing = 0
    for value in values:
        if value is None:
            missing += 1
        else:
            known.append(value)
    if not known:
        return Summary(0, missing, 0, None, None, None, None)
    known.sort()
    n = len(known)
    half = n // 2
    median = float(known[half]) if n % 2 else (known[half - 1] + known[half]) / 2
    total = sum(known)
    return Summary(n, missing, total, known[0], median, total / n, known[-1])


def number(value: float | None, places: int = 2) -> str:
    """Write a figure for people: thousands separators, whole numbers without decimals, ``—``.

    Examples
    --------
    >>> number(12345), number(2.5), number(1234.567), number(3.0), number(None)
    ('12,345', '2.50', '1,234.57', '3', '—')
    """
    if value is None:
        return "—"
    if isinstance(value, int) or value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.{places}f}"


def display_width(text: str) -> int:
    """Return the columns a text takes in a terminal: CJK characters take two.

    Examples
    --------
    >>> display_width("马房坝 5")
    8
    """
    return sum(
        2 if "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" else 1 for char in text
    )


def format_table(rows: Sequence[Sequence[str]], *, left: int = 1) -> str:
    """Return rows as aligned columns, indented by two spaces; labels left, figures right.

    The first ``left`` columns are aligned left, the others right. The first row is the
    header. Each line ends with a newline.

    Examples
    --------
    >>> print(format_table([["level", "units"], ["社区", "63"], ["grid", "1,070"]]), end="")
      level  units
      社区      63
      grid   1,070
    """
    if not rows:
        return ""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            cells.append(cell + pad if i < left else pad + cell)
        lines.append("  " + "  ".join(cells).rstrip() + "\n")
    return "".join(lines)
