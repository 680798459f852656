"""Converting between units and networkx graphs, for :class:`~jiceng.Hierarchy`.

A graph has an edge from each parent to each child; node attributes are the unit's fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jiceng.errors import IntegrityError, JicengTypeError, Problem
from jiceng.levels import URBAN_FIVE_LEVEL, LevelScheme, resolve_scheme
from jiceng.units import UNIT_FIELDS, OrgUnit

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["graph_of", "records_of"]


def graph_of(units: Sequence[OrgUnit], scheme: LevelScheme) -> nx.DiGraph[str]:
    """Return a ``DiGraph`` of ``units`` (in their order) with ``scheme`` as graph attribute."""
    import networkx as nx  # noqa: PLC0415 - imported when asked for, so `import jiceng` stays fast

    graph: nx.DiGraph[str] = nx.DiGraph(scheme=scheme)
    graph.add_nodes_from((unit.id, _node_attributes(unit)) for unit in units)
    graph.add_edges_from((unit.parent, unit.id) for unit in units if unit.parent is not None)
    return graph


def records_of(
    graph: nx.DiGraph[Any], scheme: LevelScheme | None
) -> tuple[list[dict[str, Any]], LevelScheme]:
    """Return the unit records of a parent → child graph and the scheme to build them on.

    Raises :class:`~jiceng.IntegrityError` for nodes with several parents or attributes that
    contradict the graph, and :class:`~jiceng.errors.JicengTypeError` for a graph that is not a
    ``DiGraph``.
    """
    if not graph.is_directed() or graph.is_multigraph():
        raise JicengTypeError(
            "from_networkx needs a DiGraph (one parent → child edge per pair), "
            f"got {type(graph).__name__}"
        )
    chosen = scheme if scheme is not None else graph.graph.get("scheme", URBAN_FIVE_LEVEL)
    if not isinstance(chosen, LevelScheme):
        chosen = LevelScheme.model_validate(resolve_scheme(chosen))
    problems = []
    records = []
    for node, data in graph.nodes(data=True):
        parents = list(graph.predecessors(node))
        parent = parents[0] if len(parents) == 1 else None
        if len(parents) > 1:
            problems.append(
                Problem(
                    "multiple_parents",
                    (str(node), *(str(p) for p in parents)),
                    f"node {node!r} has {len(parents)} predecessors; a unit has one parent",
                )
            )
        for field, expected in (("id", node), ("parent", parent)):
            if field in data and data[field] != expected:
                problems.append(
                    Problem(
                        "attribute_mismatch",
                        (str(node),),
                        f"node {node!r} has attribute {field}={data[field]!r}, but the "
                        f"graph says {expected!r}",
                    )
                )
        records.append({**data, "id": node, "parent": parent})
    if problems:
        raise IntegrityError(problems)
    return records, chosen


def _node_attributes(unit: OrgUnit) -> dict[str, Any]:
    data = {field: value for field in _NODE_FIELDS if (value := getattr(unit, field)) is not None}
    if unit.tags:
        data["tags"] = unit.tags
    return data


_NODE_FIELDS = tuple(name for name in UNIT_FIELDS if name not in {"id", "parent", "tags"})
