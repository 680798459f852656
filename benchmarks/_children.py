"""The builds in fresh processes, and the scale table made of them.

``hierarchy.py --child KIND`` runs one build (jiceng from dicts, networkx from dicts, or
``jiceng.load`` of a JSON Lines file) in a process of its own and prints its figures as JSON;
:func:`run_child` starts that process and reads them; :func:`scale` runs the builds at several
sizes and tabulates time and memory with their linear fits.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from _district import build_jiceng, build_networkx, generate
from _table import _num, fit, fmt_mb, fmt_ratio, fmt_time, peak_rss_mb, render_table, rss_mb

import jiceng

CHILD_KINDS = ("build-jiceng", "build-networkx", "load-jiceng")
# The script whose ``--child`` option runs one build.
SCRIPT = Path(__file__).resolve().parent / "hierarchy.py"

Figures = dict[tuple[str, int], list[dict[str, float]]]


def child(kind: str, units: int, seed: int, path: str | None) -> dict[str, float]:
    """Run one build in this (fresh) process and return its time and memory figures."""
    out: dict[str, float] = {}
    if kind == "load-jiceng":
        if path is None:
            raise SystemExit("--child load-jiceng needs --path")
        before = rss_mb()
        start = time.perf_counter()
        dataset = jiceng.load(path)
        out["seconds"] = time.perf_counter() - start
        out["rss_mb"] = rss_mb() - before
        out["peak_mb"] = peak_rss_mb() - before
        if len(dataset.hierarchy) != units:
            raise RuntimeError(f"loaded {len(dataset.hierarchy)} units, expected {units}")
        return out
    records = generate(units, seed)
    before = rss_mb()
    start = time.perf_counter()
    built: Any = build_jiceng(records) if kind == "build-jiceng" else build_networkx(records)
    out["seconds"] = time.perf_counter() - start
    out["rss_mb"] = rss_mb() - before
    out["peak_mb"] = peak_rss_mb() - before
    if len(built) != units:
        raise RuntimeError(f"built {len(built)} units, expected {units}")
    if kind == "build-jiceng":
        street = records[0]["id"]
        start = time.perf_counter()
        built.total(street, "households")
        out["first_total_seconds"] = time.perf_counter() - start
    return out


def run_child(kind: str, units: int, seed: int, path: Path) -> dict[str, float]:
    command = [
        sys.executable,
        str(SCRIPT),
        "--child",
        kind,
        "--units",
        str(units),
        "--seed",
        str(seed),
        "--path",
        str(path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child {kind} failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


# -- scale --------------------------------------------------------------------------------------


def scale(
    sizes: Sequence[int],
    seed: int,
    repeats: int,
    networkx_up_to: int | None,
    known: Figures | None = None,
) -> str:
    """Build both at each size in fresh processes; a table of time and memory, and linear fits.

    ``known`` holds builds already measured (by :func:`benchmark`), which are not run again.
    """
    figures: Figures = dict(known or {})
    kinds = ("build-jiceng", "build-networkx")
    for size in sizes:
        for n in range(repeats):
            for kind in kinds:
                if (kind, size) in (known or {}) or (
                    kind == "build-networkx"
                    and networkx_up_to is not None
                    and size > networkx_up_to
                ):
                    continue
                print(f"  … {kind} of {size:,} ({n + 1}/{repeats})", file=sys.stderr, flush=True)
                figures.setdefault((kind, size), []).append(
                    run_child(kind, size, seed, Path(os.devnull))
                )

    def seconds(kind: str, size: int) -> float:
        runs = figures.get((kind, size))
        return min(r["seconds"] for r in runs) if runs else math.nan

    def megabytes(kind: str, size: int) -> float:
        runs = figures.get((kind, size))
        return statistics.median(r["rss_mb"] for r in runs) if runs else math.nan

    header = ["units"]
    for who in ("jiceng", "nx"):
        header += [f"{who} build", f"{who} µs/unit", f"{who} RSS", f"{who} B/unit"]
    header += ["time jiceng/nx", "memory jiceng/nx"]
    cells = []
    for size in sizes:
        line = [f"{size:,}"]
        for kind in kinds:
            t, mb = seconds(kind, size), megabytes(kind, size)
            line += [fmt_time(t), _num(t / size * 1e6), fmt_mb(mb), _num(mb * 1e6 / size)]
        line.append(fmt_ratio(seconds(kinds[0], size) / seconds(kinds[1], size)))
        line.append(fmt_ratio(megabytes(kinds[0], size) / megabytes(kinds[1], size)))
        cells.append(line)
    out = [render_table(header, cells), ""]
    for kind in kinds:
        measured = [n for n in sizes if (kind, n) in figures]
        if len(measured) < 2:
            out.append(f"- {kind}: fewer than two sizes measured, no fit")
            continue
        a, b, worst_t = fit(measured, [seconds(kind, n) for n in measured])
        c, d, worst_m = fit(measured, [megabytes(kind, n) * 1e6 for n in measured])
        out.append(
            f"- {kind}: time ≈ {fmt_time(a) if a >= 0 else '−' + fmt_time(-a)} + "
            f"{_num(b * 1e6)} µs × n (largest deviation from the fit {worst_t:.1%}); "
            f"memory ≈ {_num(c / 1e6)} MB + {_num(d)} bytes × n "
            f"(largest deviation {worst_m:.1%})"
        )
    return "\n".join(out)
