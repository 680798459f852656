"""The seeded synthetic district the benchmarks run on, its two builds, and networkx's queries.

A reproducible five-level district (street → community → grid → compound → building,
households on buildings only) as plain dicts in hierarchy order; ``Hierarchy.from_records``
and a node-by-node ``nx.DiGraph`` built from them; and the plain-networkx equivalents of the
hierarchy queries the benchmarks time and check against.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

import networkx as nx

import jiceng

Record = dict[str, Any]

LEVELS = ("street", "community", "grid", "compound", "building")
# (smallest, largest) number of children a unit of each level but the last has.
FAN_OUT = {"street": (8, 15), "community": (3, 6), "grid": (4, 10), "compound": (5, 15)}
NAME_FORMATS = {
    "street": "第{}街道",
    "community": "第{}社区",
    "grid": "第{}网格",
    "compound": "第{}小区",
    "building": "{}栋",
}
HOUSEHOLDS = (10, 200)


# -- the district -------------------------------------------------------------------------------


def _district(seed: int) -> Iterator[Record]:
    """Yield an endless seeded district in hierarchy order: a street, then its whole subtree."""
    rng = random.Random(seed)
    street = 0
    while True:
        street += 1
        top: Record = {"id": f"S{street}", "name": NAME_FORMATS["street"].format(street)}
        top["level"] = "street"
        yield top
        # An explicit stack of (parent id, parent level index, children still to make, next k).
        stack: list[list[Any]] = [[top["id"], 0, rng.randint(*FAN_OUT["street"]), 1]]
        while stack:
            frame = stack[-1]
            parent_id, depth, remaining, k = frame
            if remaining == 0:
                stack.pop()
                continue
            frame[2] = remaining - 1
            frame[3] = k + 1
            level = LEVELS[depth + 1]
            unit: Record = {
                "id": f"{parent_id}-{k}",
                "name": NAME_FORMATS[level].format(k),
                "level": level,
                "parent": parent_id,
            }
            if level == "building":
                unit["households"] = rng.randint(*HOUSEHOLDS)
                yield unit
            else:
                yield unit
                stack.append([unit["id"], depth + 1, rng.randint(*FAN_OUT[level]), 1])


def generate(units: int, seed: int) -> list[Record]:
    """Return the first ``units`` records of the seeded district."""
    return list(islice(_district(seed), units))


# -- the two ways of building -------------------------------------------------------------------


def build_jiceng(records: Sequence[Record]) -> jiceng.Hierarchy:
    return jiceng.Hierarchy.from_records(records)


def build_networkx(records: Sequence[Record]) -> nx.DiGraph[str]:
    g: nx.DiGraph[str] = nx.DiGraph()
    for d in records:
        g.add_node(d["id"], **d)
        parent = d.get("parent")
        if parent:
            g.add_edge(parent, d["id"])
    return g


# -- networkx equivalents of the queries --------------------------------------------------------


def nx_is_ancestor(g: nx.DiGraph[str], ancestor: str, descendant: str) -> bool:
    """Walk up ``g.pred`` from ``descendant`` looking for ``ancestor``."""
    pred = g.pred
    up = pred[descendant]
    while up:
        node = next(iter(up))
        if node == ancestor:
            return True
        up = pred[node]
    return False


def nx_ancestors(g: nx.DiGraph[str], node: str) -> list[str]:
    """Walk up ``g.pred`` collecting the ancestors, nearest first."""
    pred = g.pred
    out = []
    up = pred[node]
    while up:
        node = next(iter(up))
        out.append(node)
        up = pred[node]
    return out


def nx_total(g: nx.DiGraph[str], node: str) -> int:
    """Sum ``households`` over a unit and its descendants."""
    nodes = g.nodes
    return sum(nodes[v].get("households", 0) for v in nx.descendants(g, node) | {node})


def nx_ancestor_at(g: nx.DiGraph[str], node: str, level: str) -> str | None:
    """Walk up ``g.pred`` from ``node`` (itself included) to the first node at ``level``."""
    nodes, pred = g.nodes, g.pred
    while True:
        if nodes[node].get("level") == level:
            return node
        up = pred[node]
        if not up:
            return None
        node = next(iter(up))
