"""Time and memory of ``jiceng.diff`` on two years of the national division tables, beside a peer.

Reads the 2020 and 2023 tables with :func:`jiceng.divisions.read` (timed, reported apart), then
diffs them with ``match="id"``, ``"code"`` and ``"name"``, each the best of ``--repeats`` runs
(3; one with ``--smoke``), with the memory the first run's diff holds (growth of the resident
set size while it is alive). The peer, in the same run, is a direct comparison in plain Python:
the same gzipped CSV files parsed with :mod:`csv` into dicts
(raw code → territory name, and raw code → parent code), then compared: codes only in 2023 are
added, codes only in 2020 removed, codes in both with another name renamed; and for names, each
row's path of names from its province (with the occurrence among same-named siblings) pairs the
rows, and paired rows with another code are recoded.

Checks that the national diff's counts agree with the peer's (see the README) and exits with
status 1 if they do not. Prints a Markdown table, then two summaries: the national diff by id and
the diff of the subtree ``--under`` (default 511702, 通川区) by name. Progress goes to standard
error. ``--smoke`` (what CI runs) uses the excerpts committed for the tests.
"""

from __future__ import annotations

import argparse
import csv
import gc
import gzip
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jiceng
from jiceng.divisions import read, territory_name

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data" / "divisions"
EXCERPTS = HERE.parent / "tests" / "data" / "divisions"
FILES = ("provinces", "cities", "areas", "streets", "villages")
MATCHES = ("id", "code", "name")

Tables = tuple[dict[str, str], dict[str, str | None]]  # code → name, code → parent code


def progress(message: str) -> None:
    print(f"[history] {message}", file=sys.stderr, flush=True)


def rss_mb() -> float:
    gc.collect()
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return float("nan")
    import resource  # noqa: PLC0415  # Unix only

    return pages * resource.getpagesize() / 1e6


def timed(run: Callable[[], Any], repeats: int = 1) -> tuple[Any, float, float]:
    """Run with the collector paused: the result, the best seconds, the memory the first holds."""
    best = float("inf")
    held = float("nan")
    result: Any = None
    for repeat in range(repeats):
        result = None
        before = rss_mb()
        gc.disable()
        start = time.perf_counter()
        try:
            result = run()
        finally:
            best = min(best, time.perf_counter() - start)
            gc.enable()
        if repeat == 0:
            held = rss_mb() - before
    return result, best, held


# -- the peer -----------------------------------------------------------------------------------


def parse(folder: Path) -> Tables:
    names: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    for level, file in enumerate(FILES):
        with gzip.open(folder / f"{file}.csv.gz", "rt", encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            for row in reader:
                names[row[0]] = territory_name(row[1])
                parents[row[0]] = row[2] if level else None
    return names, parents


def by_code(old: Tables, new: Tables) -> dict[str, int]:
    a, b = old[0], new[0]
    both = a.keys() & b.keys()
    return {
        "added": len(b.keys() - a.keys()),
        "removed": len(a.keys() - b.keys()),
        "renamed": sum(a[code] != b[code] for code in both),
        "recoded": 0,
    }


def name_paths(tables: Tables) -> dict[tuple[tuple[str, int], ...], str]:
    names, parents = tables
    path: dict[str | None, tuple[tuple[str, int], ...]] = {None: ()}
    seen: Counter[tuple[str | None, str]] = Counter()
    out: dict[tuple[tuple[str, int], ...], str] = {}
    for code, name in names.items():  # parents come first: the files are read top-down
        parent = parents[code]
        seen[parent, name] += 1
        path[code] = (*path[parent], (name, seen[parent, name]))
        out[path[code]] = code
    return out


def by_name(old: Tables, new: Tables) -> dict[str, int]:
    a, b = name_paths(old), name_paths(new)
    both = a.keys() & b.keys()
    return {
        "added": len(b.keys() - a.keys()),
        "removed": len(a.keys() - b.keys()),
        "renamed": 0,
        "recoded": sum(a[p].ljust(12, "0") != b[p].ljust(12, "0") for p in both),
    }


# -- the run ------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, help="the old year's folder (default: 2020)")
    parser.add_argument("--new", type=Path, help="the new year's folder (default: 2023)")
    parser.add_argument("--under", default="511702", help="the code of the subtree summarised")
    parser.add_argument("--repeats", type=int, default=3, help="best of N for diffs and peers")
    parser.add_argument("--smoke", action="store_true", help="the committed excerpts, once")
    args = parser.parse_args()
    root = EXCERPTS if args.smoke else SHARED
    old_folder, new_folder = args.old or root / "2020", args.new or root / "2023"
    repeats = 1 if args.smoke else args.repeats

    rows: list[tuple[str, str, str, str]] = []
    progress(f"reading {old_folder} and {new_folder} with jiceng.divisions.read")
    (old, new), seconds, held = timed(lambda: (read(old_folder), read(new_folder)))
    rows.append(
        (
            "read both (jiceng)",
            f"{seconds:.2f} s",
            f"{held:,.0f} MB",
            f"{len(old):,} / {len(new):,} units",
        )
    )
    progress("parsing them with csv for the peer")
    (old_t, new_t), seconds, held = timed(lambda: (parse(old_folder), parse(new_folder)))
    rows.append(("read both (peer: csv → dicts)", f"{seconds:.2f} s", f"{held:,.0f} MB", ""))

    diffs: dict[str, jiceng.HierarchyDiff] = {}
    ok = True
    for match in MATCHES:
        progress(f"diff, match={match}")
        d, seconds, held = timed(lambda match=match: jiceng.diff(old, new, match=match), repeats)
        diffs[match] = d
        counts = d.counts()
        rows.append(
            (
                f"diff, match={match}",
                f"{seconds:.2f} s",
                f"{held:,.0f} MB",
                ", ".join(f"{counts[k]:,} {k}" for k in ("added", "removed", "renamed", "recoded")),
            )
        )
    for label, compare, matches in (
        ("codes and names", by_code, ("id", "code")),
        ("name paths", by_name, ("name",)),
    ):
        progress(f"peer: compare {label}")
        expected, seconds, held = timed(lambda compare=compare: compare(old_t, new_t), repeats)
        agree = all({k: diffs[m].counts()[k] for k in expected} == expected for m in matches)
        ok = ok and agree
        rows.append(
            (
                f"peer: compare {label}",
                f"{seconds:.2f} s",
                f"{held:,.0f} MB",
                ", ".join(f"{v:,} {k}" for k, v in expected.items())
                + f" ({'agrees' if agree else 'DISAGREES'} with match={'/'.join(matches)})",
            )
        )
    progress("apply, match=id")
    applied, seconds, _ = timed(lambda: diffs["id"].apply(old))
    rows.append(("apply(old) == new, match=id", f"{seconds:.2f} s", "", str(applied == new)))
    ok = ok and applied == new
    del applied

    header = ("operation", "time", "memory held", "counts")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(4)]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
    code = args.under.ljust(12, "0")
    print(f"\n{old_folder} → {new_folder}\n{diffs['id'].summary()}")
    if code in old and code in new:
        local = jiceng.diff(old.subtree(code), new.subtree(code), match="name")
        print(f"\nunder {args.under} ({new[code].name})\n{local.summary()}")
    if not ok:
        print("\nthe diff's counts disagree with the direct comparison", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
