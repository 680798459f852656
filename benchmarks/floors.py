"""The least that building, holding and looking up units can cost, beside networkx, in one run.

The hierarchy benchmark (``hierarchy.py``) and the national one (``divisions.py``) compare what
jiceng does with networkx. This script measures the parts of that work that no index can avoid
while the units are :class:`jiceng.OrgUnit` records (frozen, slotted pydantic dataclasses of 19
fields, validated one record at a time), and sets each beside the same networkx peer and the
target that the work as a whole has. Where a part alone is over its target, no faster index
can meet the target; the part is a floor of the design, not of the code.

On the seeded district of ``hierarchy.py`` (``--units``, a million by default):

- **time**: ``nx.DiGraph`` built from the dicts (the peer, with the garbage collector on as
  ``hierarchy.py`` times it; jiceng's builds pause it themselves); validating the dicts into
  ``OrgUnit`` records alone (one ``TypeAdapter(list[OrgUnit])`` call, as
  ``Hierarchy.from_records`` makes it); validating them into a dataclass with ``OrgUnit``'s 19
  fields and their bare types, no constraint or validator of its own (pydantic's floor for such
  a record); the index built on
  the validated records; and ``Hierarchy.from_records``, which does both;
- **memory** (``tracemalloc``, the bytes Python allocates and keeps, the dicts alive on both
  sides): the ``DiGraph`` (the peer); the ``OrgUnit`` records alone; a dict from each id to
  an int (the least a look-up by id needs); the two together; and the whole hierarchy;
- **a look-up**: one dict look-up of a random id among them all, beside ``is_ancestor``
  (two look-ups and a comparison) and networkx's walk up ``g.pred``.

On the national tree bundled in the package (``jiceng.examples.china()``; ``--smoke`` skips
it): ``china()`` beside a ``DiGraph`` built from its units' ids, names, levels and parents
(the peer ``divisions.py`` uses, here from rows in memory), and the part of ``china()`` that
only fills in the records: making as many units by ``OrgUnit.__new__`` and setting their 19
fields (the trusted reader does just this, field by field over all units).

Prints a Markdown table; asserts nothing::

    python benchmarks/floors.py                  # a million units, and the national tree
    python benchmarks/floors.py --units 2000 --smoke
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import random
import sys
import time
import tracemalloc
import types
import typing
from collections import deque
from collections.abc import Callable, Sequence
from itertools import repeat
from pathlib import Path
from typing import cast

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import networkx as nx  # noqa: E402
import pydantic  # noqa: E402
from _district import build_networkx, generate, nx_is_ancestor  # noqa: E402
from _table import Row, best_seconds, fmt_mb, machine, render, time_row  # noqa: E402

import jiceng  # noqa: E402
from jiceng._index import build_index  # noqa: E402
from jiceng.units import UNIT_FIELDS  # noqa: E402

_UNITS = pydantic.TypeAdapter(list[jiceng.OrgUnit])


def _unconstrained() -> type:
    """``OrgUnit``'s fields with its types, their constraints and validators dropped.

    The same 19 fields and defaults, each of its bare type (``str`` for a name or an id, ``int``
    for a count): what validating such a record costs pydantic at the least.
    """
    bare = typing.get_type_hints(jiceng.OrgUnit)  # without include_extras: no Annotated
    fields = dataclasses.fields(jiceng.OrgUnit)
    namespace: dict[str, object] = {
        f.name: f.default for f in fields if f.default is not dataclasses.MISSING
    }
    namespace["__annotations__"] = {f.name: bare[f.name] for f in fields}
    made = type("Unconstrained", (), namespace)
    return pydantic.dataclasses.dataclass(frozen=True, slots=True)(made)


_UNCONSTRAINED: pydantic.TypeAdapter[list[object]] = pydantic.TypeAdapter(
    types.GenericAlias(list, (_unconstrained(),))
)


def allocated(make: Callable[[], object]) -> tuple[object, float]:
    """Return what ``make()`` made and the MB that Python allocated for it and keeps."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        made = make()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return made, (after - before) / 1e6


def memory_floor_row(operation: str, ours: float, theirs: float) -> Row:
    ratio = ours / theirs
    return Row(operation, fmt_mb(ours), fmt_mb(theirs), ratio, "≤ 0.4× networkx", ratio <= 0.4)


def district_rows(units: int, repeats: int) -> list[Row]:
    records = generate(units, 1)
    scheme = jiceng.URBAN_FIVE_LEVEL
    nx_build = best_seconds(lambda: build_networkx(records), repeats, with_gc=True)
    validate = best_seconds(lambda: _UNITS.validate_python(records), repeats)
    plain = best_seconds(lambda: _UNCONSTRAINED.validate_python(records), repeats)
    validated = _UNITS.validate_python(records)
    index = best_seconds(lambda: build_index(validated, scheme), repeats)
    whole = best_seconds(lambda: jiceng.Hierarchy.from_records(records), repeats)
    rows = [
        time_row(
            "validate the dicts into OrgUnit records, alone",
            validate,
            nx_build,
            "build ≤ 0.5× networkx",
            max_ratio=0.5,
        ),
        time_row(
            "  into OrgUnit's fields without their constraints (pydantic's floor)",
            plain,
            nx_build,
            "—",
        ),
        time_row("index the validated records, alone", index, nx_build, "—"),
        time_row(
            "build: dicts → hierarchy (the two)",
            whole,
            nx_build,
            "ratio ≤ 0.5",
            max_ratio=0.5,
        ),
    ]

    graph, graph_mb = allocated(lambda: build_networkx(records))
    del graph
    made, records_mb = allocated(lambda: _UNITS.validate_python(records))
    ids = [unit.id for unit in validated]
    lookup, lookup_mb = allocated(lambda: dict(zip(ids, range(len(ids)), strict=True)))
    del made
    h, whole_mb = allocated(lambda: jiceng.Hierarchy.from_records(records))
    rows += [
        memory_floor_row("memory: the OrgUnit records alone", records_mb, graph_mb),
        memory_floor_row("memory: an id → int dict alone", lookup_mb, graph_mb),
        memory_floor_row("memory: the two together", records_mb + lookup_mb, graph_mb),
        memory_floor_row("memory: the hierarchy", whole_mb, graph_mb),
    ]

    g = build_networkx(records)
    hierarchy = cast("jiceng.Hierarchy", h)
    rng = random.Random(2)
    calls = min(100_000, 20 * units)
    pairs = [
        ("".join(rng.choice(ids)), "".join(rng.choice(ids)))  # fresh strings, as requests bring
        for _ in range(calls)
    ]
    get = cast("dict[str, int]", lookup).__getitem__
    one = per_call(lambda: deque(map(get, [a for a, _ in pairs]), maxlen=0), calls, repeats)
    ours = per_call(lambda: [hierarchy.is_ancestor(a, b) for a, b in pairs], calls, repeats)
    few = pairs[: max(1, calls // 100)]
    theirs = per_call(lambda: [nx_is_ancestor(g, a, b) for a, b in few], len(few), repeats)
    rows += [
        time_row("one dict look-up of a random id", one, None, "—"),
        time_row(
            "is_ancestor (two look-ups)",
            ours,
            theirs,
            "≤ 0.5 µs",
            max_seconds=0.5e-6,
        ),
    ]
    return rows


def per_call(run: Callable[[], object], calls: int, repeats: int) -> float:
    return best_seconds(run, repeats) / calls


def national_rows(repeats: int) -> list[Row]:
    h = jiceng.examples.china()
    rows = [(u.id, u.name, u.level, u.parent) for u in h]
    del h

    def digraph() -> nx.DiGraph[str]:
        g: nx.DiGraph[str] = nx.DiGraph()
        for uid, name, level, parent in rows:
            g.add_node(uid, name=name, level=level)
            if parent is not None:
                g.add_edge(parent, uid)
        return g

    peer = best_seconds(digraph, repeats, with_gc=True)
    china = best_seconds(jiceng.examples.china, repeats)
    setters = [getattr(jiceng.OrgUnit, field).__set__ for field in UNIT_FIELDS]

    def fill() -> None:
        units = list(map(jiceng.OrgUnit.__new__, repeat(jiceng.OrgUnit, len(rows))))
        for setter in setters:
            deque(map(setter, units, repeat(None)), maxlen=0)

    floor = best_seconds(fill, repeats)
    return [
        time_row(
            f"make {len(rows):,} units and set their 19 fields, alone",
            floor,
            peer,
            "china() ≤ 0.5× DiGraph build",
            max_ratio=0.5,
        ),
        time_row("china()", china, peer, "≤ 0.5× DiGraph build", max_ratio=0.5),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--units", type=int, default=1_000_000, help="units (1000000)")
    parser.add_argument("--repeats", type=int, default=3, help="timing repeats (3)")
    parser.add_argument("--smoke", action="store_true", help="one repeat, no national tree")
    args = parser.parse_args(argv)
    repeats = 1 if args.smoke else args.repeats
    print(f"# floors: {args.units:,} units; {machine()}")
    started = time.perf_counter()
    rows = district_rows(args.units, repeats)
    if not args.smoke:
        rows += national_rows(repeats)
    print(render(rows))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
