"""Time and memory of the national division tree, beside networkx, in one run.

Each operation runs in a fresh process, three times (once with ``--smoke``), keeping the best
time and the median memory:

- ``jiceng.divisions.read(folder)``: the published five-table layout (``provinces.csv.gz`` …
  ``villages.csv.gz``) read, checked and indexed into a :class:`jiceng.Hierarchy`;
- ``jiceng.examples.china()``: the 2023 tree bundled in the package;
- networkx: the same five tables parsed with :mod:`csv` into rows (code, name, parent code, each
  padded to 12 digits), then a ``DiGraph`` built from those rows (``add_node`` with the name and
  level as attributes, ``add_edge`` from the parent). The whole is the figure set beside
  ``read``, which does both; the parse and the build are shown apart too. ``china()`` is set
  beside it, and beside the ``DiGraph`` build alone (its target: at most half of it), only when
  ``--source`` holds the 2023 tables it bundles.

Memory is the growth of the resident set size (``/proc/self/statm``, after ``gc.collect()``) over
the operation, from before the files are read (networkx's rows stay alive beside its graph), and
the peak growth (``ru_maxrss``) beside it. Then, in this process, two queries
on both: the ancestors of a village, and the number of units under a province; and edits
(``edits.py``) of ``china()`` (of the tables read, where they are not the ones it bundles),
beside networkx's graph edited the same way in place, the two compared unit by unit after:
``--batches`` batches of one edit of each kind (rename a village, replace a village's record,
add a village under a random township with a fresh 12-digit code nesting in the township's,
remove a village, move a village by ``batch.replace`` with a new parent and a fresh code nesting
there; ids, the codes, stay), ``--mixed-batches`` batches of 100 mixed edits (per edit), and a
refused batch (a township moved under its own village), checked to change nothing.

Prints a Markdown table; asserts nothing. By default it reads the shared 2023 tables
(``--source``); ``--smoke`` (what CI runs) reads the excerpt committed for the tests.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import networkx as nx  # noqa: E402
from _table import (  # noqa: E402
    Row,
    best_seconds,
    fmt_mb,
    machine,
    peak_rss_mb,
    render,
    rss_mb,
    timing_rows,
)
from edits import NationalDrafter, check_same, edit_timings  # noqa: E402

import jiceng  # noqa: E402
import jiceng.divisions  # noqa: E402

SHARED = HERE.parent.parent / "shared" / "data" / "divisions" / "2023"
EXCERPT = HERE.parent / "tests" / "data" / "divisions" / "2023"
TABLES = (
    ("provinces", "province"),
    ("cities", "prefecture"),
    ("areas", "county"),
    ("streets", "township"),
    ("villages", "village"),
)
KINDS = ("read-jiceng", "china-jiceng", "build-networkx")

ParsedRow = tuple[str, str, str | None, str]  # code, name, parent code, level


def _lines(folder: Path, table: str) -> Iterator[list[str]]:
    for name in (f"{table}.csv.gz", f"{table}.csv"):
        path = folder / name
        if path.exists():
            opener: Callable[..., Any] = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                next(reader, None)
                yield from reader
            return


def parse_rows(folder: Path) -> list[ParsedRow]:
    """Parse the five tables into rows, the code and the parent's code padded to 12 digits."""
    rows: list[ParsedRow] = []
    for table, level in TABLES:
        for cells in _lines(folder, table):
            code, name = cells[0], cells[1]
            parent = cells[2].ljust(12, "0") if len(cells) > 2 and level != "province" else None
            rows.append((code.ljust(12, "0"), name, parent, level))
    return rows


def build_networkx(rows: list[ParsedRow]) -> nx.DiGraph[str]:
    """Build a ``DiGraph`` of the rows: parent → child edges, name and level as attributes.

    A pseudo-county whose padded code is its city's own (东莞 441900) becomes the same node as
    the city, as it would for anyone keying a graph on the padded codes.
    """
    graph: nx.DiGraph[str] = nx.DiGraph()
    add_node, add_edge = graph.add_node, graph.add_edge
    for code, name, parent, level in rows:
        add_node(code, name=name, level=level)
        if parent is not None and parent != code:
            add_edge(parent, code)
    return graph


def child(kind: str, source: Path) -> dict[str, float]:
    """Run one operation in this (fresh) process and return its figures."""
    out: dict[str, float] = {}
    before = rss_mb()
    start = time.perf_counter()
    built: Any
    if kind == "build-networkx":
        rows = parse_rows(source)
        parsed = time.perf_counter()
        built = build_networkx(rows)
        out["parse_seconds"] = parsed - start
        out["build_seconds"] = time.perf_counter() - parsed
        out["units"] = built.number_of_nodes()
    else:
        built = jiceng.divisions.read(source) if kind == "read-jiceng" else jiceng.examples.china()
        out["units"] = len(built)
    out["seconds"] = time.perf_counter() - start
    out["rss_mb"] = rss_mb() - before
    out["peak_mb"] = peak_rss_mb() - before
    return out


def run_child(kind: str, source: Path) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", kind]
    command += ["--source", str(source)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child {kind} failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _time(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def benchmark(source: Path, smoke: bool, batches: int, mixed_batches: int) -> list[Row]:
    repeats = 1 if smoke else 3

    def note(message: str) -> None:
        print(f"  … {message}", file=sys.stderr, flush=True)

    figures: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    for n in range(repeats):
        for kind in KINDS:
            note(f"{kind} in a fresh process ({n + 1}/{repeats})")
            figures[kind].append(run_child(kind, source))

    def best(kind: str, key: str = "seconds") -> float:
        return min(result[key] for result in figures[kind])

    def median(kind: str, key: str) -> float:
        return statistics.median(result[key] for result in figures[kind])

    units = int(figures["read-jiceng"][0]["units"])
    nodes = int(figures["build-networkx"][0]["units"])
    china = int(figures["china-jiceng"][0]["units"])
    note(f"read {units:,} units; networkx holds {nodes:,} nodes; china() {china:,} units")
    # china() is set beside networkx only when the tables read are the ones it bundles.
    same = china == units

    def row(label: str, ours: str, theirs: str, ratio: float, target: str) -> Row:
        return Row(
            label,
            ours,
            theirs if same or "china" not in label else "—",
            ratio if same or "china" not in label else float("nan"),
            target,
            None,
        )

    peer, peer_memory, peer_peak = (
        best("build-networkx"),
        median("build-networkx", "rss_mb"),
        median("build-networkx", "peak_mb"),
    )
    rows = [
        row(
            "read the tables",
            _time(best("read-jiceng")),
            _time(peer),
            best("read-jiceng") / peer,
            "parse + build",
        ),
        row(
            "  of which parse",
            "—",
            _time(best("build-networkx", "parse_seconds")),
            float("nan"),
            "",
        ),
        row(
            "  of which DiGraph",
            "—",
            _time(best("build-networkx", "build_seconds")),
            float("nan"),
            "",
        ),
        row(
            "china() (bundled)",
            _time(best("china-jiceng")),
            _time(peer),
            best("china-jiceng") / peer,
            "parse + build",
        ),
        Row(
            "china() (bundled), vs the DiGraph build alone",
            _time(best("china-jiceng")),
            _time(best("build-networkx", "build_seconds")) if same else "—",
            best("china-jiceng") / best("build-networkx", "build_seconds")
            if same
            else float("nan"),
            "≤ 0.5× DiGraph build",
            best("china-jiceng") <= 0.5 * best("build-networkx", "build_seconds") if same else None,
        ),
        row(
            "memory held: read",
            fmt_mb(median("read-jiceng", "rss_mb")),
            fmt_mb(peer_memory),
            median("read-jiceng", "rss_mb") / peer_memory,
            "rows + graph",
        ),
        row(
            "memory held: china()",
            fmt_mb(median("china-jiceng", "rss_mb")),
            fmt_mb(peer_memory),
            median("china-jiceng", "rss_mb") / peer_memory,
            "rows + graph",
        ),
        row(
            "peak growth: read",
            fmt_mb(median("read-jiceng", "peak_mb")),
            fmt_mb(peer_peak),
            median("read-jiceng", "peak_mb") / peer_peak,
            "parse + build",
        ),
        row(
            "peak growth: china()",
            fmt_mb(median("china-jiceng", "peak_mb")),
            fmt_mb(peer_peak),
            median("china-jiceng", "peak_mb") / peer_peak,
            "parse + build",
        ),
    ]

    # The national tree china() where it holds the tables read, else the tables read.
    note("reading both in this process for the queries and the edits")
    h = jiceng.examples.china() if same else jiceng.divisions.read(source)
    g = build_networkx(parse_rows(source))
    offset = len(h) - g.number_of_nodes()  # placeholders that share their parent's node
    rng = random.Random(1)
    villages = [unit.id for unit in h if unit.level == "village" and unit.id in g]
    provinces = [unit.id for unit in h.roots()]
    picks = [rng.choice(villages) for _ in range(200 if smoke else 10_000)]
    tops = [rng.choice(provinces) for _ in range(20 if smoke else 200)]

    def ours_ancestors() -> None:
        for uid in picks:
            h.ancestors(uid)

    def theirs_ancestors() -> None:
        for uid in picks:
            nx.ancestors(g, uid)

    def ours_count() -> None:
        for uid in tops:
            h.count_descendants(uid)

    def theirs_count() -> None:
        for uid in tops:
            len(nx.descendants(g, uid))

    for label, ours, theirs, calls in (
        ("ancestors of a village", ours_ancestors, theirs_ancestors, len(picks)),
        ("units under a province", ours_count, theirs_count, len(tops)),
    ):
        mine = best_seconds(ours, repeats) / calls
        peer_call = best_seconds(theirs, repeats) / calls
        rows.append(
            Row(
                label,
                f"{mine * 1e6:.2f} µs",
                f"{peer_call * 1e6:.2f} µs",
                mine / peer_call,
                "per call",
                None,
            )
        )

    tree = "china()" if same else "the tables read"
    note(f"edits of {tree}, beside networkx edited the same way")
    drafter = NationalDrafter(h, random.Random(2))
    timings = edit_timings(
        h, g, drafter, batches=batches, mixed_batches=mixed_batches, refused=1 if smoke else 5
    )
    note("checking the edited tree against networkx edited the same way")
    check_same(h, g, drafter, random.Random(3), offset=offset)
    rows += timing_rows(timings)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=None, help="a folder of the five tables")
    parser.add_argument("--smoke", action="store_true", help="the committed excerpt, one repeat")
    parser.add_argument("--batches", type=int, help="batches of one edit of each kind (200)")
    parser.add_argument("--mixed-batches", type=int, help="batches of 100 mixed edits (20)")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    source: Path = args.source or (EXCERPT if args.smoke else SHARED)
    if args.child:
        print(json.dumps(child(args.child, source)))
        return 0
    if not source.is_dir():
        parser.error(f"no tables at {source}; pass --source FOLDER (or --smoke)")
    print(f"source: {source}", file=sys.stderr)
    batches = args.batches if args.batches is not None else 10 if args.smoke else 200
    mixed = args.mixed_batches if args.mixed_batches is not None else 2 if args.smoke else 20
    table = render(benchmark(source, args.smoke, batches, mixed))
    buffer = io.StringIO()
    print(f"Machine: {machine()}\n", file=buffer)
    print(table, file=buffer)
    sys.stdout.write(buffer.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
