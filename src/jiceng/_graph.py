"""Converting between units and networkx graphs, for :class:`~jiceng.Hierarchy`.

A graph has an edge from each parent to each child, and its nodes are unit ids in hierarchy
order. Every attribute is a scalar (``str`` or ``int``), so that each networkx writer (GraphML,
GEXF, GML, node-link JSON) accepts the graph as it is:

- a node's attributes are the unit's fields other than ``id`` and ``parent`` (which the graph
  itself holds), left out where the unit records nothing; counts and ``built_year`` are ints,
  ``org_kind`` and ``org_status`` are keys, ``established`` and ``dissolved`` are ISO dates
  (``"2004-06-01"``),
  ``tags`` is a JSON array (``'["安置小区"]'``), present only when there are tags, and
  ``attributes`` a JSON object (``'{"网格员": "张三"}'``, types kept), present only when there
  are attributes;
- the graph attribute ``scheme`` is the name of a built-in scheme, or the JSON text of any other
  scheme; the graph's ``name`` is the same text, because GEXF keeps a graph's name and no other
  graph attribute.

Reading back undoes the encoding and tolerates the attributes that the writers add of their own
(:data:`WRITER_ATTRIBUTES`, such as the ``label`` that GEXF gives every node).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from jiceng.errors import IntegrityError, InvalidArgumentError, JicengTypeError, Problem
from jiceng.levels import BUILTIN_SCHEMES, URBAN_FIVE_LEVEL, LevelScheme
from jiceng.units import UNIT_FIELDS, OrgUnit

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["WRITER_ATTRIBUTES", "decode_scheme", "encode_scheme", "graph_of", "records_of"]

WRITER_ATTRIBUTES = frozenset({"label", "viz", "start", "end", "spells", "slices"})
"""Node attributes that networkx's readers add of their own, ignored when reading a graph back.

GEXF gives every node a ``label`` (the node id, unless the graph gave one) and carries Gephi's
layout (``viz``) and the times of a dynamic graph (``start``, ``end``, ``spells``, ``slices``).
"""

_NODE_FIELDS = tuple(name for name in UNIT_FIELDS if name not in {"id", "parent"})


def encode_scheme(scheme: LevelScheme) -> str:
    """Return a built-in scheme's name, or the JSON text of any other scheme.

    >>> from jiceng.testing import NESTED_SCHEME
    >>> encode_scheme(URBAN_FIVE_LEVEL)
    'urban_five_level'
    >>> encode_scheme(NESTED_SCHEME)[:24]
    '{"name":"nested","title"'
    """
    if BUILTIN_SCHEMES.get(scheme.name) == scheme:
        return scheme.name
    return scheme.model_dump_json(exclude_none=True)


def decode_scheme(value: object) -> LevelScheme:
    """Return the scheme a graph attribute names: a scheme, its dict, its JSON or a built-in name.

    Raises :class:`~jiceng.errors.InvalidArgumentError` for a string that is neither a built-in
    name nor JSON, pydantic's ``ValidationError`` for an invalid scheme.

    >>> decode_scheme("rural").keys
    ('township', 'village', 'villager_group')
    >>> decode_scheme(encode_scheme(URBAN_FIVE_LEVEL)) is URBAN_FIVE_LEVEL
    True
    """
    if isinstance(value, LevelScheme):
        return value
    if isinstance(value, str):
        if value.lstrip().startswith("{"):
            return LevelScheme.model_validate_json(value)
        try:
            return BUILTIN_SCHEMES[value]
        except KeyError:
            known = ", ".join(BUILTIN_SCHEMES)
            raise InvalidArgumentError(
                f"the graph's scheme {value!r} is not a built-in scheme ({known}) nor a scheme's"
                " JSON text"
            ) from None
    return LevelScheme.model_validate(value)


def graph_of(units: Sequence[OrgUnit], scheme: LevelScheme) -> nx.DiGraph[str]:
    """Return a ``DiGraph`` of ``units`` (in their order), encoded as the module describes."""
    import networkx as nx  # noqa: PLC0415 - imported when asked for, so `import jiceng` stays fast

    encoded = encode_scheme(scheme)
    graph: nx.DiGraph[str] = nx.DiGraph(scheme=encoded, name=encoded)
    graph.add_nodes_from((unit.id, _node_attributes(unit)) for unit in units)
    graph.add_edges_from((unit.parent, unit.id) for unit in units if unit.parent is not None)
    return graph


def records_of(
    graph: nx.DiGraph[Any], scheme: LevelScheme | None
) -> tuple[list[dict[str, Any]], LevelScheme]:
    """Return the unit records of a parent → child graph and the scheme to build them on.

    The scheme is ``scheme`` if given, else the graph attribute ``scheme``, else the graph's
    ``name`` where that is a built-in scheme's name or a scheme's JSON (a graph read from GEXF),
    else the default.

    Raises :class:`~jiceng.IntegrityError` for nodes with several parents or attributes that
    contradict the graph, :class:`~jiceng.errors.JicengTypeError` for a graph that is not a
    ``DiGraph``, and :class:`~jiceng.errors.InvalidArgumentError` for ``tags`` that are not a
    JSON array of strings.
    """
    if not graph.is_directed() or graph.is_multigraph():
        raise JicengTypeError(
            "from_networkx needs a DiGraph (one parent → child edge per pair), "
            f"got {type(graph).__name__}"
        )
    chosen = scheme if scheme is not None else _scheme_of(graph.graph)
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
        record = {k: v for k, v in data.items() if k not in WRITER_ATTRIBUTES}
        tags = record.get("tags")
        if isinstance(tags, str):
            record["tags"] = _decode_tags(node, tags)
        attributes = record.get("attributes")
        if isinstance(attributes, str):
            record["attributes"] = _decode_attributes(node, attributes)
        record["id"] = node
        record["parent"] = parent
        records.append(record)
    if problems:
        raise IntegrityError(problems)
    return records, chosen


def _scheme_of(attributes: Mapping[str, Any]) -> LevelScheme:
    if "scheme" in attributes:
        return decode_scheme(attributes["scheme"])
    name = attributes.get("name")
    if isinstance(name, str) and (name in BUILTIN_SCHEMES or name.lstrip().startswith("{")):
        return decode_scheme(name)
    return URBAN_FIVE_LEVEL


def _decode_tags(node: object, text: str) -> list[str]:
    try:
        tags = json.loads(text)
    except ValueError:
        tags = None
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise InvalidArgumentError(
            f"node {node!r} has tags {text!r}; a graph gives tags as a JSON array of strings"
        )
    return tags


def _decode_attributes(node: object, text: str) -> dict[str, Any]:
    try:
        attributes = json.loads(text)
    except ValueError:
        attributes = None
    if not isinstance(attributes, dict):
        raise InvalidArgumentError(
            f"node {node!r} has attributes {text!r}; a graph gives them as a JSON object"
        )
    return attributes


def _node_attributes(unit: OrgUnit) -> dict[str, Any]:
    # Written out field by field rather than looping over UNIT_FIELDS: half the time at scale.
    data: dict[str, Any] = {"name": unit.name, "level": unit.level}
    if unit.org_name is not None:
        data["org_name"] = unit.org_name
    if unit.org_kind is not None:
        data["org_kind"] = unit.org_kind.value
    if unit.org_status is not None:
        data["org_status"] = unit.org_status.value
    if unit.led_by is not None:
        data["led_by"] = unit.led_by
    if unit.official_name is not None:
        data["official_name"] = unit.official_name
    if unit.code is not None:
        data["code"] = unit.code
    for field in _INT_FIELDS:
        value = getattr(unit, field)
        if value is not None:
            data[field] = value
    if unit.established is not None:
        data["established"] = unit.established.isoformat()
    if unit.dissolved is not None:
        data["dissolved"] = unit.dissolved.isoformat()
    if unit.tags:
        data["tags"] = json.dumps(unit.tags, ensure_ascii=False)
    if unit.attributes:
        data["attributes"] = json.dumps(dict(unit.attributes), ensure_ascii=False)
    return data


_INT_FIELDS = ("households", "population", "party_members", "probationary_members", "built_year")
