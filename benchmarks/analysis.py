"""Time every analysis function on large hierarchies, beside the peers a researcher would use.

On two hierarchies, built once each (the build is not timed):

- **the national tree**, ``jiceng.examples.china()``: 665,276 units, five administrative levels
  (skipped with ``--smoke``);
- **a generated district** of ``--units`` units (default 1,000,000) from the seeded generator
  of ``benchmarks/_district.py``, the district ``hierarchy.py`` runs on (street → community →
  grid → compound → building, households on buildings only).

Each entry of :data:`ANALYSES` is a name and a callable taking the hierarchy: add a line to
time a new analysis. Beside them, two peers compute the level profile's figures (units,
children per unit, households totals per unit at each level) another way:

- **pandas**: ``groupby("level")`` on ``to_pandas(h)``'s frame (the frame's own build is timed
  on its line: a researcher pays it once);
- **a plain Python loop** over the unit records: children counted with a dict, totals summed
  bottom-up over the hierarchy order reversed, then sorted per level for the medians.

Each call is timed with ``time.perf_counter`` (best of ``--repeats``, default 1), the garbage
collector on, as in an application. The figures are printed as a Markdown table and asserted
nowhere; the target is "finish in seconds".

How to run it
-------------
From the repository root, with jiceng installed (``pip install -e ".[test]"``)::

    python benchmarks/analysis.py                  # the national tree and 1,000,000 units
    python benchmarks/analysis.py --units 100000   # a smaller district
    python benchmarks/analysis.py --smoke          # 2,000 units, no national tree: CI's check
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pandas as pd  # noqa: E402  (imported before the timings: they are not the import's)
from _district import generate  # noqa: E402
from _table import machine  # noqa: E402

import jiceng  # noqa: E402
from jiceng.analysis import (  # noqa: E402
    compare_units,
    compliance,
    consistency,
    coverage,
    level_counts,
    level_profile,
    missing_data,
    norms,
    spans,
    spans_of_control,
)
from jiceng.interop import to_pandas  # noqa: E402

Analysis = Callable[[jiceng.Hierarchy], object]


def _top_level(h: jiceng.Hierarchy) -> str:
    return h.scheme.keys[0]


def _first_root(h: jiceng.Hierarchy) -> str:
    return h.roots()[0].id


ANALYSES: list[tuple[str, Analysis]] = [
    ("level_profile(h)", level_profile),
    ("level_profile(h, under=first root)", lambda h: level_profile(h, under=_first_root(h))),
    ("spans(h, level) for every level", lambda h: [spans(h, key) for key in h.scheme.keys]),
    ("spans_of_control(h)", spans_of_control),
    ("compare_units(h, top level)", lambda h: compare_units(h, _top_level(h))),
    ("level_counts(h)", level_counts),
    ("missing_data(h)", missing_data),
    ("coverage(h)", coverage),
    ("consistency(h, 'households')", lambda h: consistency(h, "households")),
    ("compliance(h)", compliance),
    ("norms(h)", norms),
]
"""The analyses timed, in the table's order: (name, callable on the hierarchy)."""


def pandas_profile(frame: pd.DataFrame) -> object:
    """Compute the level profile's figures from the units frame: groupby on the level."""
    children = frame["parent"].value_counts()
    counts = frame["id"].map(children).fillna(0).astype("int64")
    work = pd.DataFrame(
        {"level": frame["level"], "children": counts, "households": frame["households_total"]}
    )
    grouped = work.groupby("level", sort=False)
    spans_ = grouped["children"].agg(["count", "min", "median", "mean", "max"])
    sizes = grouped["households"].agg(["count", "sum", "min", "median", "mean", "max"])
    return spans_, sizes


def loop_profile(units: Sequence[jiceng.OrgUnit]) -> dict[str, tuple[object, ...]]:
    """Compute the level profile's figures by a plain loop over records in hierarchy order."""
    children: dict[str, int] = {}
    for unit in units:
        if unit.parent is not None:
            children[unit.parent] = children.get(unit.parent, 0) + 1
    sums: dict[str, int] = {}  # the sum of the children's known totals
    totals: dict[str, int] = {}
    for unit in reversed(units):  # children before their parents
        value = unit.households if unit.households is not None else sums.get(unit.id)
        if value is not None:
            totals[unit.id] = value
            if unit.parent is not None:
                sums[unit.parent] = sums.get(unit.parent, 0) + value
    by_level: dict[str, tuple[list[int], list[int]]] = {}
    for unit in units:
        spans_, sizes = by_level.setdefault(unit.level, ([], []))
        spans_.append(children.get(unit.id, 0))
        if unit.id in totals:
            sizes.append(totals[unit.id])
    return {
        level: (
            len(spans_),
            statistics.median(spans_),
            sum(spans_) / len(spans_),
            statistics.median(sizes) if sizes else None,
        )
        for level, (spans_, sizes) in by_level.items()
    }


def best(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(name: str, h: jiceng.Hierarchy, repeats: int) -> list[tuple[str, str, float]]:
    rows = []
    for label, analysis in ANALYSES:
        print(f"  {name}: {label}", file=sys.stderr)
        rows.append((name, label, best(lambda a=analysis: a(h), repeats)))
    print(f"  {name}: peers", file=sys.stderr)
    frames: list[pd.DataFrame] = []
    seconds = best(lambda: frames.append(to_pandas(h)), repeats)
    rows.append((name, "peer: to_pandas(h) (the frame, once)", seconds))
    frame = frames[-1]
    seconds = best(lambda: pandas_profile(frame), repeats)
    rows.append((name, "peer: pandas groupby on the frame", seconds))
    units = list(h)
    seconds = best(lambda: loop_profile(units), repeats)
    rows.append((name, "peer: plain loop over the records", seconds))
    return rows


def render(rows: Sequence[tuple[str, str, float]], sizes: dict[str, int]) -> str:
    lines = ["| hierarchy | operation | seconds |", "|---|---|---:|"]
    for name, label, seconds in rows:
        lines.append(f"| {name} ({sizes[name]:,} units) | `{label}` | {seconds:.2f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=1_000_000, help="generated units (1000000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the district (1)")
    parser.add_argument("--repeats", type=int, default=1, help="best of this many calls (1)")
    parser.add_argument("--no-china", action="store_true", help="skip the national tree")
    parser.add_argument("--smoke", action="store_true", help="2,000 units, no national tree")
    args = parser.parse_args(argv)
    units = 2_000 if args.smoke else args.units
    rows: list[tuple[str, str, float]] = []
    sizes: dict[str, int] = {}
    if not (args.smoke or args.no_china):
        print("building the national tree", file=sys.stderr)
        china = jiceng.examples.china()
        sizes["national tree"] = len(china)
        rows += measure("national tree", china, args.repeats)
        del china
        gc.collect()
    print(f"building a district of {units:,} units", file=sys.stderr)
    district = jiceng.Hierarchy.from_records(generate(units, args.seed))
    sizes["generated district"] = len(district)
    rows += measure("generated district", district, args.repeats)
    print(machine())
    print()
    print(render(rows, sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
