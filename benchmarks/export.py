"""Time and memory of jiceng's exports beside networkx's own GraphML writer, in one run.

Each operation runs in a fresh process on the same generated five-level district (the generator
of ``benchmarks/_district.py``), so one operation's memory never counts towards another's:

- ``to_networkx`` (a graph every networkx writer takes), beside ``nx.write_graphml`` of that
  graph, the peer a Gephi user would otherwise call;
- ``to_pandas`` (one row a unit, with level columns and totals);
- ``write_parquet`` (the nested-set Parquet file);
- ``to_tree`` + ``dumps_tree`` (nested JSON for web front ends) and ``to_dot``.

Prints a Markdown table; asserts nothing. ``--smoke`` is CI's quick check.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import networkx as nx  # noqa: E402
from _district import generate  # noqa: E402
from _table import peak_rss_mb, rss_mb  # noqa: E402

import jiceng  # noqa: E402
from jiceng.interop import (  # noqa: E402
    dumps_tree,
    to_dot,
    to_networkx,
    to_pandas,
    to_tree,
    write_parquet,
)

KINDS = ("to_networkx", "write_graphml", "to_pandas", "write_parquet", "to_tree", "to_dot")


def child(kind: str, units: int, seed: int) -> dict[str, float]:
    """Build the district, then time one operation and the memory it adds."""
    h = jiceng.Hierarchy.from_records(generate(units, seed))
    # The optional libraries are imported first: the figures are the conversion's, not imports'.
    if kind == "to_pandas":
        __import__("pandas")
    if kind == "write_parquet":
        __import__("pyarrow.parquet")
    folder = Path(tempfile.mkdtemp())
    graph = to_networkx(h) if kind == "write_graphml" else None
    operations: dict[str, Callable[[], object]] = {
        "to_networkx": lambda: to_networkx(h),
        "write_graphml": lambda: nx.write_graphml(graph, folder / "g.graphml"),  # type: ignore[arg-type]
        "to_pandas": lambda: to_pandas(h),
        "write_parquet": lambda: write_parquet(h, folder / "u.parquet"),
        "to_tree": lambda: dumps_tree(to_tree(h)),
        "to_dot": lambda: to_dot(h),
    }
    before, peak_before = rss_mb(), peak_rss_mb()
    start = time.perf_counter()
    result = operations[kind]()
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    out = {
        "seconds": seconds,
        "rss_mb": rss_mb() - before,
        "peak_mb": max(peak_rss_mb() - peak_before, 0.0),
        "file_mb": size,
    }
    del result
    return out


def run_child(kind: str, units: int, seed: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--units", str(units), "--seed", str(seed)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def render(units: int, figures: dict[str, dict[str, float]]) -> str:
    peer = figures["write_graphml"]["seconds"]
    rows = [
        "| operation | time | ratio to nx.write_graphml | RSS growth | peak RSS growth | file |",
        "|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        f = figures[kind]
        file = f"{f['file_mb']:.1f} MB" if f["file_mb"] else "—"
        rows.append(
            f"| {kind} | {f['seconds']:.2f} s | {f['seconds'] / peer:.2f} | "
            f"{f['rss_mb']:.0f} MB | {f['peak_mb']:.0f} MB | {file} |"
        )
    return f"units: {units:,}\n\n" + "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=100_000, help="units to generate (100000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the district (1)")
    parser.add_argument("--smoke", action="store_true", help="2,000 units: a quick check")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    units = 2_000 if args.smoke else args.units
    if args.child is not None:
        print(json.dumps(child(args.child, units, args.seed)))
        return 0
    figures = {}
    for kind in KINDS:
        print(f"running {kind} on {units:,} units", file=sys.stderr)
        figures[kind] = run_child(kind, units, args.seed)
    print(render(units, figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
