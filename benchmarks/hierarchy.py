"""Benchmark jiceng's hierarchy engine beside networkx on a seeded synthetic district.

What it measures
----------------
The script generates a reproducible five-level district of ``--units`` units (street →
8–15 communities → 3–6 grids → 4–10 compounds → 5–15 buildings, households 10–200 recorded on
buildings only) as plain dicts, the way parsed JSON arrives, in hierarchy order (a street, then
its whole subtree), cut off at exactly ``--units`` units. It then times, in one run, jiceng and
the plain-networkx way of doing the same job on the same records:

- **build**: dicts → validated units → indexed hierarchy (``Hierarchy.from_records``) against
  ``nx.DiGraph`` built node by node with the dicts as node attributes;
- **load**: a JSON Lines file written beforehand by ``jiceng.dump`` → ``Dataset``
  (``jiceng.load``), against the networkx build from dicts (which has no parsing to do);
- **memory**: the growth of the resident set size (``/proc/self/statm``) over each build, with
  the input dicts still alive on both sides, and the peak growth (``ru_maxrss``) as well;
- **queries**: ``is_ancestor``, ``ancestors``, ``common_ancestor``, ``total`` (the first,
  cache-filling call and the warm calls), the totals of every street, and listing a street's
  descendants, each against its natural networkx equivalent;
- **bulk queries**: ``h.ancestors_at(ids, "community")`` and ``h.totals_of(ids, "households")``
  over ``--bulk`` random ids, per id, beside the loops of ``ancestor_at`` and ``total`` (the
  target: no slower than the loop) and networkx (a walk up ``g.pred``; ``nx.descendants``);
- **edits** (``edits.py``): batches of one edit each (``with h.edit() as batch: ...``) of five
  kinds (add a building under a random compound, rename a unit, change a building's
  households, move a compound to another grid, remove a building), ``--batches`` of each, the
  mean per batch; ``--mixed-batches`` batches of 100 mixed edits, per edit; single edits of
  every kind in turn until ``--single-edits`` have been made; a refused batch (a community moved
  under its own grid), checked to leave the hierarchy as it was. networkx makes the same changes
  in place on its ``DiGraph``; afterwards the two are compared unit by unit, and the query rows
  run again on the edited hierarchy ("… after 1,000 single edits"), their answers checked
  against the edited graph.

Every build runs in a fresh subprocess of this script (``--child KIND``), which generates the
dicts itself, calls ``gc.collect()`` before each reading and prints ``{"seconds", "rss_mb", ...}``
as JSON for the parent; so no build pays for the garbage of another, and the memory figures start
from the same state. Builds run with the garbage collector on, as they would in an application.
Query timings use ``time.perf_counter_ns`` over a loop of many calls with arguments pre-drawn from
a seeded random generator (fresh copies of the id strings, as ids from a request would be), the
garbage collector off (as ``timeit`` does), and report the mean per call, best of three repeats;
the loop's own overhead (some 20–60 ns a call) is included.
The slow networkx operations run only a few calls.

The table's targets are the library's performance goals. They are reported, never asserted: the
script exits with a non-zero status only when something fails with an error (including a
disagreement between jiceng's and networkx's answers).

How to run it
-------------
From the repository root, with jiceng installed (``pip install -e ".[test]"``)::

    python benchmarks/hierarchy.py                    # 100,000 units
    python benchmarks/hierarchy.py --units 1000000    # a million units: a few minutes
    python benchmarks/hierarchy.py --units 2000 --smoke   # a quick check, as CI runs it

``--seed`` changes the generated district; ``--smoke`` uses fewer calls, edits and one repeat,
and ends with the scale table at half the units and at the units. ``--repeats`` sets the number
of fresh-process builds and of timing repeats (3; 1 with ``--smoke``).

Scale: ``--scale 10000,100000,1000000`` instead builds both (``Hierarchy.from_records`` and the
networkx ``DiGraph``) in fresh processes at each size and prints size → time, µs per unit, RSS
growth, bytes per unit, with a fit ``time ≈ a + b·n`` and ``memory ≈ c + d·n`` (least squares of
the relative deviations) of each and the largest relative deviation of a size from its fit (so
"linear" is checked).
``--no-networkx-above N`` leaves networkx out above N units::

    python benchmarks/hierarchy.py --scale 10000,100000,1000000
    python benchmarks/hierarchy.py --scale 1000000,10000000 --repeats 1 --no-networkx-above 1000000
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from _children import CHILD_KINDS, Figures, child, run_child, scale
from _district import (
    build_jiceng,
    build_networkx,
    generate,
    nx_ancestor_at,
    nx_ancestors,
    nx_is_ancestor,
    nx_total,
)
from _table import Row, best_seconds, machine, memory_row, render, time_row, timing_rows
from edits import DistrictDrafter, check_same, edit_timings

import jiceng

# -- the queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queries:
    """Arguments pre-drawn from one hierarchy, as fresh copies of its id strings."""

    ids: list[str]
    pairs: list[tuple[str, str]]
    singles: list[str]
    couples: list[tuple[str, str]]
    streets: list[str]
    chosen_streets: list[str]


def draw_queries(h: jiceng.Hierarchy, calls: int, rng: random.Random) -> Queries:
    """Draw the arguments of the query rows from the units ``h`` holds now.

    Queries get fresh copies of the ids, as ids arriving from a request or another file would
    be: neither library then finds the very string object it holds as a key. ``is_ancestor``
    gets half true pairs (a unit and one of its ancestors), half pairs of random units (nearly
    all false).
    """
    alias = {unit.id: unit.id.encode().decode() for unit in h}
    ids = list(alias.values())
    parent_of = {alias[unit.id]: alias.get(unit.parent or "") for unit in h}
    streets = [alias[unit.id] for unit in h if unit.level == "street"]
    pairs: list[tuple[str, str]] = []
    while len(pairs) < calls:
        low = rng.choice(ids)
        above = []
        up = parent_of[low]
        while up is not None:
            above.append(up)
            up = parent_of[up]
        if len(pairs) % 2 == 0 and above:
            pairs.append((rng.choice(above), low))
        else:
            pairs.append((rng.choice(ids), low))
    singles = [rng.choice(ids) for _ in range(calls)]
    couples = [(rng.choice(ids), rng.choice(ids)) for _ in range(calls)]
    chosen_streets = [rng.choice(streets) for _ in range(20)]
    return Queries(ids, pairs, singles, couples, streets, chosen_streets)


def check_queries(h: jiceng.Hierarchy, g: nx.DiGraph[str], q: Queries, when: str = "") -> None:
    """Raise unless jiceng and networkx agree on a sample of the drawn queries."""
    for a, b in q.pairs[:2000]:
        if h.is_ancestor(a, b) != nx_is_ancestor(g, a, b):
            raise RuntimeError(f"is_ancestor({a!r}, {b!r}) disagrees{when}")
    for u in q.singles[:2000]:
        if [unit.id for unit in h.ancestors(u)] != nx_ancestors(g, u):
            raise RuntimeError(f"ancestors({u!r}) disagrees{when}")
    for street in q.chosen_streets[:3]:
        if {unit.id for unit in h.descendants(street)} != nx.descendants(g, street):
            raise RuntimeError(f"descendants({street!r}) disagrees{when}")
        if (h.total(street, "households") or 0) != nx_total(g, street):
            raise RuntimeError(f"total({street!r}) disagrees{when}")
    for a, b in q.couples[:3]:
        ours_lca = h.common_ancestor(a, b)
        if (None if ours_lca is None else ours_lca.id) != nx.lowest_common_ancestor(g, a, b):
            raise RuntimeError(f"common_ancestor({a!r}, {b!r}) disagrees{when}")


def query_rows(
    h: jiceng.Hierarchy,
    g: nx.DiGraph[str],
    q: Queries,
    *,
    repeats: int,
    few: int,
    suffix: str = "",
    cold_total: float | None = None,
) -> list[Row]:
    """Time the query rows (``suffix`` ends each label), each beside networkx."""
    calls = len(q.singles)
    pairs, singles, couples, streets = q.pairs, q.singles, q.couples, q.streets
    rows: list[Row] = []

    def note(message: str) -> None:
        print(f"  … {message}{suffix}", file=sys.stderr, flush=True)

    note("is_ancestor")

    def ours_is_ancestor() -> None:
        f = h.is_ancestor
        for a, b in pairs:
            f(a, b)

    def theirs_is_ancestor() -> None:
        for a, b in pairs:
            nx_is_ancestor(g, a, b)

    rows.append(
        time_row(
            f"is_ancestor (per call){suffix}",
            best_seconds(ours_is_ancestor, repeats) / calls,
            best_seconds(theirs_is_ancestor, repeats) / calls,
            "≤ 0.5 µs",
            max_seconds=0.5e-6,
        )
    )

    note("ancestors")

    def ours_ancestors() -> None:
        f = h.ancestors
        for u in singles:
            f(u)

    def theirs_ancestors() -> None:
        for u in singles:
            nx_ancestors(g, u)

    rows.append(
        time_row(
            f"ancestors (per call){suffix}",
            best_seconds(ours_ancestors, repeats) / calls,
            best_seconds(theirs_ancestors, repeats) / calls,
            "≤ 1 µs",
            max_seconds=1e-6,
        )
    )

    note(f"common_ancestor (networkx: {few} calls)")

    def ours_common() -> None:
        f = h.common_ancestor
        for a, b in couples:
            f(a, b)

    def theirs_common() -> None:
        for a, b in couples[:few]:
            nx.lowest_common_ancestor(g, a, b)

    rows.append(
        time_row(
            f"common_ancestor of 2 (per call){suffix}",
            best_seconds(ours_common, repeats) / calls,
            best_seconds(theirs_common, 1) / few,
            "≤ 2 µs",
            max_seconds=2e-6,
        )
    )

    note("total")
    nx_street_total = best_seconds(lambda: [nx_total(g, s) for s in q.chosen_streets[:5]], 1) / 5
    if cold_total is not None:
        rows.append(
            time_row(
                "total, first call after a build (cold)",
                cold_total,
                nx_street_total,
                "≤ 1 µs",
                max_seconds=1e-6,
            )
        )
    h.total(streets[0], "households")  # warm-up: fills the cache in this process

    def ours_total() -> None:
        f = h.total
        for u in singles:
            f(u, "households")

    rows.append(
        time_row(
            f"total, warm (per call; nx: a street){suffix}",
            best_seconds(ours_total, repeats) / calls,
            nx_street_total,
            "≤ 1 µs",
            max_seconds=1e-6,
        )
    )

    def ours_all_streets() -> None:
        f = h.total
        for s in streets:
            f(s, "households")

    def theirs_all_streets() -> None:
        for s in streets:
            nx_total(g, s)

    rows.append(
        time_row(
            f"total of every street ({len(streets):,}), together{suffix}",
            best_seconds(ours_all_streets, repeats),
            best_seconds(theirs_all_streets, 1 if len(h) > 200_000 else repeats),
            "≤ 1 ms",
            max_seconds=1e-3,
        )
    )

    note("descendants")

    def ours_descendants() -> None:
        f = h.descendants
        for s in q.chosen_streets:
            f(s)

    def theirs_descendants() -> None:
        for s in q.chosen_streets:
            nx.descendants(g, s)

    rows.append(
        time_row(
            f"descendants of a street (per call){suffix}",
            best_seconds(ours_descendants, repeats) / len(q.chosen_streets),
            best_seconds(theirs_descendants, repeats) / len(q.chosen_streets),
            "ratio ≤ 0.02 (≥ 50× faster)",
            max_ratio=0.02,
        )
    )
    return rows


def in_order_rows(h: jiceng.Hierarchy, q: Queries, repeats: int) -> list[Row]:
    """Time the same calls with their arguments in hierarchy order, and one dict lookup.

    A loop over a district makes its calls in that order, so consecutive calls touch nearby
    memory; the dict lookup is, for scale, what any query by a random id must make.
    """
    print("  … queries in hierarchy order, and a dict lookup", file=sys.stderr, flush=True)
    calls = len(q.singles)
    order = {unit.id: i for i, unit in enumerate(h)}
    pairs_in_order = sorted(q.pairs, key=lambda pair: order[pair[1]])
    singles_in_order = sorted(q.singles, key=order.__getitem__)
    couples_in_order = sorted(q.couples, key=lambda pair: order[pair[0]])

    def ours_is_ancestor_in_order() -> None:
        f = h.is_ancestor
        for a, b in pairs_in_order:
            f(a, b)

    def ours_ancestors_in_order() -> None:
        f = h.ancestors
        for u in singles_in_order:
            f(u)

    def ours_common_in_order() -> None:
        f = h.common_ancestor
        for a, b in couples_in_order:
            f(a, b)

    def ours_total_in_order() -> None:
        f = h.total
        for u in singles_in_order:
            f(u, "households")

    rows = [
        time_row(label, best_seconds(run, repeats) / calls, None, target, max_seconds=limit)
        for label, run, target, limit in [
            ("is_ancestor, in hierarchy order", ours_is_ancestor_in_order, "≤ 0.5 µs", 0.5e-6),
            ("ancestors, in hierarchy order", ours_ancestors_in_order, "≤ 1 µs", 1e-6),
            ("common_ancestor, in hierarchy order", ours_common_in_order, "≤ 2 µs", 2e-6),
            ("total, warm, in hierarchy order", ours_total_in_order, "≤ 1 µs", 1e-6),
        ]
    ]
    plain = {uid: i for i, uid in enumerate(order)}
    singles = q.singles

    def one_lookup() -> None:
        for u in singles:
            plain[u]

    rows.append(
        time_row(
            "for scale: one dict lookup of a random id",
            best_seconds(one_lookup, repeats) / calls,
            None,
            "—",
        )
    )
    return rows


def bulk_rows(
    h: jiceng.Hierarchy, g: nx.DiGraph[str], ids: Sequence[str], repeats: int
) -> list[Row]:
    """``ancestors_at(ids, "community")`` and ``totals_of(ids, "households")`` per id.

    Each beside its per-call loop (the target: the bulk call costs no more) and networkx (a
    walk up ``g.pred``; households summed over ``nx.descendants``, on at most 20,000 ids).
    """
    level, count = "community", "households"
    names = ("ancestors_at", "ancestor_at", "totals_of")
    if missing := [name for name in names if not hasattr(h, name)]:
        print(f"  … no {', '.join(missing)} in this jiceng", file=sys.stderr, flush=True)
        return [
            Row(f"{name} (not in this jiceng)", "n/a", "—", math.nan, "—", None) for name in missing
        ]
    n = len(ids)
    print(f"  … bulk queries over {n:,} ids", file=sys.stderr, flush=True)
    bulk: Any = h  # methods that older versions lack, looked up by name
    sample = ids[:20_000]
    ours_at = bulk.ancestors_at(ids, level)
    if [None if u is None else u.id for u in ours_at] != [nx_ancestor_at(g, r, level) for r in ids]:
        raise RuntimeError(f"ancestors_at(…, {level!r}) disagrees with networkx")
    if bulk.totals_of(ids, count)[: len(sample)] != [h.total(r, count) for r in sample]:
        raise RuntimeError(f"totals_of(…, {count!r}) disagrees with total")
    if [t or 0 for t in bulk.totals_of(sample, count)] != [nx_total(g, r) for r in sample]:
        raise RuntimeError(f"totals_of(…, {count!r}) disagrees with networkx")

    at_bulk = best_seconds(lambda: bulk.ancestors_at(ids, level), repeats) / n
    at_loop = best_seconds(lambda: [bulk.ancestor_at(r, level) for r in ids], repeats) / n
    at_nx = best_seconds(lambda: [nx_ancestor_at(g, r, level) for r in ids], repeats) / n
    totals_bulk = best_seconds(lambda: bulk.totals_of(ids, count), repeats) / n
    totals_loop = best_seconds(lambda: [h.total(r, count) for r in ids], repeats) / n
    totals_nx = best_seconds(lambda: [nx_total(g, r) for r in sample], 1) / len(sample)
    each = f"{n:,} random ids, per id"

    def against_loop(bulk: str, ours: float, loop: str, looped: float, peer: float) -> list[Row]:
        return [
            time_row(f"{bulk}, {each}", ours, peer, "≤ the loop below", max_seconds=looped),
            time_row(f"  loop of {loop}, {each}", looped, peer, "—"),
        ]

    return [
        *against_loop(
            f"ancestors_at(ids, {level!r})", at_bulk, f"ancestor_at(id, {level!r})", at_loop, at_nx
        ),
        *against_loop(
            f"totals_of(ids, {count!r})",
            totals_bulk,
            f"total(id, {count!r})",
            totals_loop,
            totals_nx,
        ),
    ]


# -- the benchmark ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """How much of everything a run does."""

    units: int
    seed: int
    smoke: bool
    repeats: int
    batches: int
    mixed_batches: int
    single_edits: int
    bulk: int


def benchmark(s: Settings, builds: Figures) -> list[Row]:
    """Return the table's rows; put the fresh-process builds' figures in ``builds`` as well."""
    units, seed, repeats = s.units, s.seed, s.repeats
    calls = 2_000 if s.smoke else 100_000
    few = 1 if s.smoke else 3
    rng = random.Random(seed + 1)

    def note(message: str) -> None:
        print(f"  … {message}", file=sys.stderr, flush=True)

    note(f"generating {units:,} units")
    records = generate(units, seed)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.jsonl"
        jiceng.dump(jiceng.Hierarchy.from_records(records), path)
        gc.collect()
        children: dict[str, list[dict[str, float]]] = {kind: [] for kind in CHILD_KINDS}
        for n in range(repeats):
            for kind in CHILD_KINDS:
                note(f"{kind} in a fresh process ({n + 1}/{repeats})")
                children[kind].append(run_child(kind, units, seed, path))

    for kind in ("build-jiceng", "build-networkx"):
        builds[kind, units] = children[kind]

    def best(kind: str, key: str) -> float:
        return min(result[key] for result in children[kind])

    def median(kind: str, key: str) -> float:
        values = sorted(result[key] for result in children[kind])
        return values[len(values) // 2]

    note("building both in this process for the queries")
    h = build_jiceng(records)
    g = build_networkx(records)
    del records
    if len(h) != units or g.number_of_nodes() != units:
        raise RuntimeError("the two builds hold different numbers of units")
    q = draw_queries(h, calls, rng)
    check_queries(h, g, q)  # the answers must agree before their timings mean anything

    nx_build = best("build-networkx", "seconds")
    nx_rss = median("build-networkx", "rss_mb")
    rows = [
        time_row(
            "build: dicts → hierarchy",
            best("build-jiceng", "seconds"),
            nx_build,
            "ratio ≤ 0.5",
            max_ratio=0.5,
        ),
        time_row(
            "load: JSON Lines → Dataset (vs nx build)",
            best("load-jiceng", "seconds"),
            nx_build,
            "≤ 1.0× nx build",
            max_ratio=1.0,
        ),
        memory_row(
            "memory: RSS growth, build",
            median("build-jiceng", "rss_mb"),
            nx_rss,
            "≤ 0.4× networkx",
            0.4,
        ),
        memory_row(
            "memory: peak RSS growth, build",
            median("build-jiceng", "peak_mb"),
            median("build-networkx", "peak_mb"),
            "—",
            None,
        ),
        memory_row(
            "memory: RSS growth, load (vs nx build)",
            median("load-jiceng", "rss_mb"),
            nx_rss,
            "—",
            None,
        ),
        memory_row(
            "memory: peak RSS growth, load (vs nx build)",
            median("load-jiceng", "peak_mb"),
            median("build-networkx", "peak_mb"),
            "—",
            None,
        ),
    ]
    cold = best("build-jiceng", "first_total_seconds")
    rows += query_rows(h, g, q, repeats=repeats, few=few, cold_total=cold)
    rows += in_order_rows(h, q, repeats)
    rows += bulk_rows(h, g, [rng.choice(q.ids) for _ in range(s.bulk)], repeats)

    drafter = DistrictDrafter(h, random.Random(seed + 2))
    timings = edit_timings(
        h,
        g,
        drafter,
        batches=s.batches,
        mixed_batches=s.mixed_batches,
        single_edits=s.single_edits,
        refused=1 if s.smoke else 5,
    )
    rows += timing_rows(timings)
    note("checking the edited hierarchy against networkx edited the same way")
    check_same(h, g, drafter, random.Random(seed + 3))
    singles = max(s.single_edits, s.batches * len(drafter.kinds))
    after = f" after {singles:,} single edits"
    if s.mixed_batches:
        after += f" (and {s.mixed_batches * 100:,} in batches of 100)"
    q = draw_queries(h, calls, rng)
    check_queries(h, g, q, when=after)
    rows += query_rows(h, g, q, repeats=repeats, few=few, suffix=after)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=100_000, help="units to generate (100000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the district (1)")
    parser.add_argument("--smoke", action="store_true", help="few calls and one repeat: a check")
    parser.add_argument("--repeats", type=int, help="fresh-process builds and timing repeats")
    parser.add_argument("--batches", type=int, help="batches of one edit of each kind (200)")
    parser.add_argument("--mixed-batches", type=int, help="batches of 100 mixed edits (20)")
    parser.add_argument(
        "--single-edits", type=int, help="single edits before the after-edit queries (1000)"
    )
    parser.add_argument("--bulk", type=int, help="random ids of the bulk queries (100000)")
    parser.add_argument(
        "--scale", help="comma-separated sizes: build time and memory at each, with linear fits"
    )
    parser.add_argument(
        "--no-networkx-above", type=int, metavar="N", help="with --scale: no networkx above N"
    )
    parser.add_argument("--child", choices=CHILD_KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.units < 1:
        parser.error("--units must be at least 1")

    if args.child is not None:
        print(json.dumps(child(args.child, args.units, args.seed, args.path)))
        return 0

    repeats = args.repeats or (1 if args.smoke else 3)
    print(f"machine: {machine()}")
    print(f"command: {shlex.join(['python', *sys.argv])}")
    start = time.perf_counter()
    if args.scale:
        try:
            sizes = sorted({int(size.replace("_", "")) for size in args.scale.split(",")})
        except ValueError:
            parser.error(f"--scale takes comma-separated sizes, not {args.scale!r}")
        if len(sizes) < 2 or sizes[0] < 1:
            parser.error("--scale needs at least two sizes of at least 1")
        print(f"scale: {', '.join(f'{n:,}' for n in sizes)} (seed {args.seed}, best of {repeats})")
        print()
        print(scale(sizes, args.seed, repeats, args.no_networkx_above))
        print(f"\nrun took {time.perf_counter() - start:.0f} s")
        return 0

    settings = Settings(
        units=args.units,
        seed=args.seed,
        smoke=args.smoke,
        repeats=repeats,
        batches=_given(args.batches, 10 if args.smoke else 200),
        mixed_batches=_given(args.mixed_batches, 2 if args.smoke else 20),
        single_edits=_given(args.single_edits, 100 if args.smoke else 1000),
        bulk=_given(args.bulk, 2_000 if args.smoke else 100_000),
    )
    builds: Figures = {}
    rows = benchmark(settings, builds)
    print(f"units: {args.units:,} (seed {args.seed}){', smoke run' if args.smoke else ''}")
    print()
    print(render(rows))
    print()
    met = sum(1 for row in rows if row.met)
    targets = sum(1 for row in rows if row.met is not None)
    print(f"{met} of {targets} targets met; run took {time.perf_counter() - start:.0f} s")
    if args.smoke:  # the scale mode too, at half the units and at the units built above
        print()
        print(scale(sorted({max(1, args.units // 2), args.units}), args.seed, 1, None, builds))
    return 0


def _given(value: int | None, default: int) -> int:
    return default if value is None else value


if __name__ == "__main__":
    sys.exit(main())
