"""Measuring and reporting: timings, memory, the rows of a table and their Markdown.

The primitives every benchmark script shares: the best of some timed runs with the garbage
collector off, the resident set size and its peak, the formatting of durations, sizes and
ratios, a table row with its target, a Markdown table, a description of the machine, and the
least-squares linear fit of the scale tables.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version

import networkx as nx
from edits import Timing

import jiceng

# -- measuring ----------------------------------------------------------------------------------

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb() -> float:
    """Resident set size in MB (10**6 bytes) after a full collection; NaN where unknown."""
    gc.collect()
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident = int(statm.read().split()[1])
    except (OSError, IndexError, ValueError):
        return math.nan
    return resident * _PAGE / 1e6


def peak_rss_mb() -> float:
    """Peak resident set size so far, in MB (``ru_maxrss`` is in KiB on Linux)."""
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def best_seconds(run: Callable[[], object], repeats: int, *, with_gc: bool = False) -> float:
    """Return the shortest of ``repeats`` timings of ``run()`` in seconds, with gc off.

    ``with_gc`` leaves the cyclic garbage collector on, as it is in an application (a build
    that pauses it itself, as jiceng's do, is timed alike either way).
    """
    best = math.inf
    enabled = gc.isenabled()
    gc.collect()
    if not with_gc:
        gc.disable()
    try:
        for _ in range(repeats):
            start = time.perf_counter_ns()
            made = run()
            best = min(best, time.perf_counter_ns() - start)
            del made  # freeing what was made is not part of making it
    finally:
        if enabled:
            gc.enable()
    return best / 1e9


# -- the table ----------------------------------------------------------------------------------


def fmt_time(seconds: float) -> str:
    """Format a duration with a unit: s, ms or µs, three significant figures."""
    if math.isnan(seconds):
        return "n/a"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{_sig(seconds / scale)} {unit}"
    return f"{_sig(seconds / 1e-6)} µs"


def fmt_mb(mb: float) -> str:
    return "n/a" if math.isnan(mb) else f"{_sig(mb)} MB"


def _sig(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def fmt_ratio(ratio: float) -> str:
    if math.isnan(ratio):
        return "n/a"
    if ratio >= 100:
        return f"{ratio:.0f}"
    if ratio >= 0.01:
        return f"{ratio:.2f}"
    return f"{ratio:.2g}"


@dataclass(frozen=True)
class Row:
    """One line of the table: an operation's figures and its target."""

    operation: str
    jiceng: str
    networkx: str
    ratio: float
    target: str
    met: bool | None


def time_row(
    operation: str,
    ours: float,
    theirs: float | None,
    target: str,
    *,
    max_ratio: float | None = None,
    max_seconds: float | None = None,
) -> Row:
    ratio = ours / theirs if theirs else math.nan
    met: bool | None = None
    if max_ratio is not None:
        met = ratio <= max_ratio
    elif max_seconds is not None:
        met = ours <= max_seconds
    shown = "—" if theirs is None else fmt_time(theirs)
    return Row(operation, fmt_time(ours), shown, ratio, target, met)


def memory_row(
    operation: str, ours: float, theirs: float, target: str, max_ratio: float | None
) -> Row:
    ratio = ours / theirs if theirs > 0 else math.nan
    met = (ratio <= max_ratio) if max_ratio is not None and not math.isnan(ratio) else None
    return Row(operation, fmt_mb(ours), fmt_mb(theirs), ratio, target, met)


def timing_rows(timings: Iterable[Timing]) -> list[Row]:
    """Rows of figures measured elsewhere (``edits.py``), each against its time limit."""
    return [
        time_row(t.operation, t.ours, t.theirs, t.target, max_seconds=t.max_seconds)
        for t in timings
    ]


def render(rows: Sequence[Row]) -> str:
    header = ("operation", "jiceng", "networkx", "ratio jiceng/networkx", "target", "met?")
    cells = []
    for row in rows:
        met = "—" if row.met is None else ("yes" if row.met else "**no**")
        cells.append(
            (row.operation, row.jiceng, row.networkx, fmt_ratio(row.ratio), row.target, met)
        )
    return render_table(header, cells)


def render_table(header: Sequence[str], cells: Sequence[Sequence[str]]) -> str:
    """Return a Markdown table, its columns padded to their widest cell."""
    lines_of = [tuple(header), *(tuple(line) for line in cells)]
    widths = [max(len(line[i]) for line in lines_of) for i in range(len(header))]
    lines = []
    for n, line in enumerate(lines_of):
        lines.append(
            "| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
        )
        if n == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
        memory = f", {kib / 2**20:.1f} GiB RAM"
    except (OSError, IndexError, ValueError):
        memory = ""
    return (
        f"{platform.platform()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs{memory}; jiceng {jiceng.__version__}, "
        f"networkx {nx.__version__}, pydantic {version('pydantic')}"
    )


# -- fits --------------------------------------------------------------------------------------


def fit(sizes: Sequence[int], values: Sequence[float]) -> tuple[float, float, float]:
    """Fit ``value ≈ a + b·n``: a, b and the largest relative deviation of a value from the fit.

    Least squares of the relative deviations (weights ``1/value²``), so that sizes a thousand
    times apart count alike, and the smallest is not lost in the largest's absolute error.
    """
    points = [(x, y, 1 / y**2) for x, y in zip(sizes, values, strict=True) if y > 0]
    if len(points) < 2:
        return math.nan, math.nan, math.nan
    sw = sum(w for _, _, w in points)
    sx = sum(w * x for x, _, w in points)
    sy = sum(w * y for _, y, w in points)
    sxx = sum(w * x * x for x, _, w in points)
    sxy = sum(w * x * y for x, y, w in points)
    b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx)
    a = (sy - b * sx) / sw
    return a, b, max(abs(a + b * x - y) / y for x, y, _ in points)


def _num(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return f"−{_sig(-value)}" if value < 0 else _sig(value)
