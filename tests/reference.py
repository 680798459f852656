"""A slow, obviously-correct reference model of a hierarchy, built on networkx.

Property tests compare every :class:`jiceng.Hierarchy` query with this model.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from jiceng import Level, LevelScheme, OrgKind, OrgUnit
from jiceng.testing import NESTED_SCHEME


class Reference:
    """Answers hierarchy questions from scratch with networkx and plain loops."""

    def __init__(self, units: Sequence[OrgUnit]) -> None:
        self.units = {unit.id: unit for unit in units}
        self.graph: nx.DiGraph[str] = nx.DiGraph()
        self.graph.add_nodes_from(unit.id for unit in units)
        # Edges in input order, so that successors come in input order.
        self.graph.add_edges_from((u.parent, u.id) for u in units if u.parent is not None)
        self.roots = [unit.id for unit in units if unit.parent is None]

    def order(self) -> list[str]:
        out: list[str] = []
        for root in self.roots:
            out.extend(nx.dfs_preorder_nodes(self.graph, root))
        return out

    def parent(self, uid: str) -> str | None:
        return self.units[uid].parent

    def children(self, uid: str) -> list[str]:
        return list(self.graph.successors(uid))

    def siblings(self, uid: str) -> list[str]:
        parent = self.parent(uid)
        around = self.roots if parent is None else self.children(parent)
        return [other for other in around if other != uid]

    def ancestors(self, uid: str) -> list[str]:
        out = []
        parent = self.parent(uid)
        while parent is not None:
            out.append(parent)
            parent = self.parent(parent)
        return out

    def descendants(self, uid: str) -> list[str]:
        below = nx.descendants(self.graph, uid)
        return [other for other in self.order() if other in below]

    def depth(self, uid: str) -> int:
        return len(self.ancestors(uid))

    def is_ancestor(self, a: str, b: str) -> bool:
        return a in nx.ancestors(self.graph, b)

    def common_ancestor(self, *uids: str) -> str | None:
        current: str | None = uids[0]
        for other in uids[1:]:
            if current is None:
                return None
            current = nx.lowest_common_ancestor(self.graph, current, other)
        return current

    def path(self, a: str, b: str) -> list[str] | None:
        try:
            return list(nx.shortest_path(self.graph.to_undirected(as_view=True), a, b))
        except nx.NetworkXNoPath:
            return None

    def total(self, uid: str, field: str) -> int | None:
        """Recursive definition, evaluated bottom-up without recursion."""
        totals: dict[str, int | None] = {}
        for node in nx.dfs_postorder_nodes(self.graph, uid):
            recorded = getattr(self.units[node], field)
            if recorded is not None:
                totals[node] = recorded
                continue
            known = [totals[c] for c in self.graph.successors(node) if totals[c] is not None]
            totals[node] = sum(v for v in known if v is not None) if known else None
        return totals[uid]


# A scheme whose inner level nests in itself, so that in-between states of a batch can break.
TWO_LEVELS = LevelScheme(
    name="two_levels",
    title="两级",
    levels=(
        NESTED_SCHEME["node"],
        Level(
            key="leaf",
            territory="楼栋",
            organisation="楼栋党小组",
            label="building",
            kind=OrgKind.GROUP,
            parents=("node",),
        ),
    ),
)
