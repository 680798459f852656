"""A hierarchy as nested ``{"id", "name", "children": [...]}`` trees, for web front ends.

:func:`to_tree` gives the form that d3-hierarchy (``d3.hierarchy(data)``), ECharts' ``tree``,
``treemap`` and ``sunburst`` series and similar components take: each node a dict with the unit's
``id`` and ``name``, the unit fields asked for, its subtree totals on request, and its
``children`` (a list, empty for a leaf), in hierarchy order. Values are JSON values (dates as ISO
strings, ``tags`` as a list, ``attributes`` as a dict), so ``json.dumps`` takes a tree as it
is; :func:`dumps_tree` does the same for a tree of any depth (``json.dumps`` stops at Python's
recursion limit, about a thousand levels). :func:`from_tree` reads trees back into a hierarchy;
it needs ``level`` on every node, so give ``fields`` that include ``"level"``, and with every
unit field
(``fields=jiceng.units.UNIT_FIELDS``) the round trip is exact.

Conventions: a field the unit does not record (``None``, or no tags) is left out of its node,
never ``null``; with ``totals=True`` the keys ``households``, ``population`` and
``party_members`` hold the subtree totals of :meth:`Hierarchy.total <jiceng.Hierarchy.total>`
(left out where nothing below records the field), and with ``value=`` the key ``value`` holds
the total of one count field: what ECharts' treemap and sunburst size a node by. ECharts takes a
parent's ``value`` as given; in d3, set ``node.value = node.data.value ?? 0`` with
``root.each`` rather than calling ``root.sum``, which would add the totals up again.

Examples
--------
>>> import json
>>> from jiceng.examples import mafangba
>>> [tree] = to_tree(mafangba())
>>> tree["name"], [child["name"] for child in tree["children"][0]["children"]]
('朝阳街道', ['秋棠片区', '永泰片区'])
>>> print(json.dumps(to_tree(mafangba(), "qt", value="households"), ensure_ascii=False))
{"id": "qt", "name": "秋棠片区", "value": 241, "children": [{"id": "cl", "name": "春兰小区", \
"value": 241, "children": [{"id": "cl-1", "name": "1栋", "value": 48, "children": []}]}]}
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, overload

from pydantic import ValidationError

from jiceng.errors import InvalidArgumentError
from jiceng.hierarchy import Hierarchy
from jiceng.levels import URBAN_FIVE_LEVEL, LevelScheme
from jiceng.units import COUNT_FIELDS, UNIT_FIELDS, CountField, OrgUnit

__all__ = ["dumps_tree", "from_tree", "to_tree"]

Tree = dict[str, Any]
"""One node of a tree, with its ``children``."""

_ALWAYS = ("id", "name")
_READ = frozenset(UNIT_FIELDS) | {"children"}
_DERIVED = frozenset({"value"})
_LEVEL_HINT = '; a tree for from_tree needs level on every node (to_tree(..., fields=["level"]))'


@overload
def to_tree(
    h: Hierarchy,
    root: None = None,
    *,
    fields: str | Iterable[str] | None = None,
    totals: bool = False,
    value: CountField | None = None,
) -> list[Tree]: ...


@overload
def to_tree(
    h: Hierarchy,
    root: str | OrgUnit,
    *,
    fields: str | Iterable[str] | None = None,
    totals: bool = False,
    value: CountField | None = None,
) -> Tree: ...


def to_tree(
    h: Hierarchy,
    root: str | OrgUnit | None = None,
    *,
    fields: str | Iterable[str] | None = None,
    totals: bool = False,
    value: CountField | None = None,
) -> list[Tree] | Tree:
    """Return a hierarchy as nested dicts, one per unit, each with its ``children``.

    Built with a loop, not recursion: a chain a hundred thousand units deep works. O(n).

    Parameters
    ----------
    h
        The hierarchy.
    root
        A unit (its id or record): return the tree under it, as one dict (the unit's ``parent``
        left out, as in :meth:`Hierarchy.subtree <jiceng.Hierarchy.subtree>`). ``None`` (the
        default): return every tree of the forest, as a list of dicts, roots in order.
    fields
        Unit fields to add to each node besides ``id`` and ``name`` (one name, or several; any of
        :data:`jiceng.units.UNIT_FIELDS`), in field order; left out where the unit records
        nothing.
    totals
        Add the subtree totals of ``households``, ``population`` and ``party_members``. The
        totals take those keys, so they cannot be asked for together with those fields.
    value
        Add ``value``: the subtree total of this count field (for treemaps and sunbursts).

    Returns
    -------
    list of dict, or dict
        JSON values only: ``json.dumps`` (or :func:`dumps_tree`, for any depth) takes them.

    Raises
    ------
    InvalidArgumentError
        If ``fields`` names something that is not a unit field, or a count field while
        ``totals`` is true, or ``value`` is not a count field.
    UnknownUnitError
        If ``root`` is not in the hierarchy.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> tree = to_tree(mafangba(), "cl", fields=["level", "households"])
    >>> tree
    {'id': 'cl', 'name': '春兰小区', 'level': 'compound', 'households': 241, 'children': \
[{'id': 'cl-1', 'name': '1栋', 'level': 'building', 'households': 48, 'children': []}]}
    >>> to_tree(mafangba(), "mfb", totals=True)["children"][1]
    {'id': 'yt', 'name': '永泰片区', 'children': []}
    >>> to_tree(mafangba(), fields="colour")
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: fields names 'colour', which is not a unit field; the \
fields are id, name, level, parent, org_name, org_kind, org_status, led_by, official_name, code, \
households, population, party_members, probationary_members, built_year, established, dissolved, \
tags, attributes
    """
    chosen = _fields(fields, totals)
    if value is not None and value not in COUNT_FIELDS:
        raise InvalidArgumentError(f"value must be one of {', '.join(COUNT_FIELDS)}; got {value!r}")
    if root is None:
        units: list[OrgUnit] = list(h)
        top = None
    else:
        start = h[root]
        units = [start, *h.descendants(start)]
        top = start.id
    summed = COUNT_FIELDS if totals else ()
    trees: list[Tree] = []
    nodes: dict[str, Tree] = {}
    for unit in units:
        node: Tree = {"id": unit.id, "name": unit.name}
        for field in chosen:
            if field == "parent" and unit.id == top:
                continue
            encoded = _json_value(getattr(unit, field))
            if encoded is not None:
                node[field] = encoded
        for field in summed:
            total = h.total(unit, field)
            if total is not None:
                node[field] = total
        if value is not None and (total := h.total(unit, value)) is not None:
            node["value"] = total
        node["children"] = []
        nodes[unit.id] = node
        if unit.parent is None or unit.id == top:
            trees.append(node)
        else:
            nodes[unit.parent]["children"].append(node)
    return trees if root is None else trees[0]


def from_tree(
    data: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    scheme: LevelScheme = URBAN_FIVE_LEVEL,
) -> Hierarchy:
    """Build a hierarchy from nested trees such as :func:`to_tree` gives.

    Every node needs ``id``, ``name`` and ``level``; other keys are unit fields (as JSON
    values: ISO dates, a list of tags) and ``children``, a list (left out for a leaf). A
    node's parent is the node it is nested in; a ``parent`` key, where given, must agree. The
    ``value`` that :func:`to_tree` adds is ignored, but counts are read as recorded figures, so
    give a tree written without ``totals``. Built with a loop, not recursion. O(n).

    Parameters
    ----------
    data
        One tree (a dict) or a forest (a list of dicts), roots in order.
    scheme
        The level scheme the nodes' levels belong to.

    Returns
    -------
    Hierarchy
        Roots and siblings in the order given.

    Raises
    ------
    InvalidArgumentError
        If a node is not a mapping, lacks ``id``, ``name`` or ``level``, has a key that is not a
        unit field, ``children`` that is not a list, a ``parent`` that contradicts its nesting,
        or a field value that a unit refuses; the message names the node's place
        (``data[0].children[2]``) and id.
    IntegrityError
        As for :class:`~jiceng.Hierarchy` (duplicate ids, a level not admitted under its
        parent).

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> from jiceng.units import UNIT_FIELDS
    >>> trees = to_tree(mafangba(), fields=UNIT_FIELDS)
    >>> from_tree(trees) == mafangba()
    True
    >>> from_tree({"id": "s", "name": "西城街道", "level": "street", "children": [
    ...     {"id": "c", "name": "小北街社区", "level": "community"}]}).parent("c").id
    's'
    >>> from_tree([{"id": "s", "name": "西城街道", "level": "street",
    ...             "children": [{"id": "c", "name": "小北街社区"}]}])
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: data[0].children[0] (id 'c'): no 'level'; a tree for \
from_tree needs level on every node (to_tree(..., fields=["level"]))
    """
    if isinstance(data, Mapping):
        roots: Sequence[Any] = [data]
        single = True
    elif isinstance(data, Sequence) and not isinstance(data, str | bytes):
        roots = data
        single = False
    else:
        raise InvalidArgumentError(
            f"from_tree takes a tree (a dict) or a list of trees, got {type(data).__name__}"
        )
    records: list[dict[str, Any]] = []
    # Where each record stands: the index of its parent's record (-1 for a root) and its place
    # among its siblings; a path is rendered only for an error message.
    where: list[tuple[int, int]] = []
    stack: list[tuple[Any, int, int]] = [
        (node, -1, i) for i, node in reversed(list(enumerate(roots)))
    ]

    def fail(reason: str, up: int, place: int, node: object = None) -> InvalidArgumentError:
        ident = node.get("id") if isinstance(node, Mapping) else None
        named = "" if ident is None else f" (id {ident!r})"
        return InvalidArgumentError(f"{_path(where, up, place, single)}{named}: {reason}")

    while stack:
        node, up, place = stack.pop()
        if not isinstance(node, Mapping):
            raise fail(f"a node must be a dict, got {type(node).__name__}", up, place)
        unknown = [key for key in node if key not in _READ and key not in _DERIVED]
        if unknown:
            raise fail(
                f"{unknown[0]!r} is not a unit field (nor children or value)", up, place, node
            )
        for required in ("id", "name", "level"):
            if required not in node:
                hint = _LEVEL_HINT if required == "level" else ""
                raise fail(f"no {required!r}{hint}", up, place, node)
        parent = None if up < 0 else records[up]["id"]
        if "parent" in node and node["parent"] != parent:
            raise fail(
                f"parent {node['parent']!r} contradicts the nesting, which says {parent!r}",
                up,
                place,
                node,
            )
        children = node.get("children", ())
        if not isinstance(children, list | tuple):
            raise fail(f"children must be a list, got {type(children).__name__}", up, place, node)
        record = {key: node[key] for key in node if key in _READ and key != "children"}
        record["parent"] = parent
        index = len(records)
        records.append(record)
        where.append((up, place))
        stack.extend((child, index, i) for i, child in reversed(list(enumerate(children))))
    try:
        return Hierarchy.from_records(records, scheme)
    except ValidationError as error:
        first = error.errors()[0]
        at = int(first["loc"][0])  # the record's index in the list validated
        up, place = where[at]
        field = ".".join(str(part) for part in first["loc"][1:])
        more = error.error_count() - 1
        others = f" (and {more} more)" if more else ""
        raise fail(f"{field}: {first['msg']}{others}", up, place, records[at]) from error


def dumps_tree(tree: Tree | Sequence[Tree]) -> str:
    """Return JSON text of a tree or a forest, for any depth; as ``json.dumps(tree)`` writes it.

    ``json.dumps`` stops at Python's recursion limit (about a thousand levels); this writes the
    same text with a loop. Chinese stays as it is (``ensure_ascii=False``).

    Parameters
    ----------
    tree
        What :func:`to_tree` returns (or any dicts whose ``children`` are lists of such dicts and
        whose other values ``json.dumps`` takes).

    Returns
    -------
    str
        Equal to ``json.dumps(tree, ensure_ascii=False)`` where that works.

    Examples
    --------
    >>> from jiceng.testing import deep_chain
    >>> import json
    >>> trees = to_tree(deep_chain(100_000))
    >>> text = dumps_tree(trees)
    >>> text[:70]
    '[{"id": "n0", "name": "0号网格", "children": [{"id": "n1", "name": "1号网格"'
    >>> text.count('"children"'), text[-8:]
    (100000, '}]}]}]}]')
    >>> dumps_tree(to_tree(deep_chain(2))) == json.dumps(to_tree(deep_chain(2)), ensure_ascii=False)
    True
    >>> json.dumps(trees)
    Traceback (most recent call last):
    ...
    RecursionError: maximum recursion depth exceeded while encoding a JSON object
    """
    out: list[str] = []
    # Each item is a node to open or a literal piece of text to write.
    stack: list[Any] = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        if isinstance(item, list | tuple):
            stack.append("]")
            for position in range(len(item) - 1, -1, -1):
                stack.append(item[position])
                if position:
                    stack.append(", ")
            out.append("[")
            continue
        children = item.get("children")
        rest = {key: value for key, value in item.items() if key != "children"}
        if "children" not in item:
            out.append(json.dumps(rest, ensure_ascii=False))
            continue
        head = json.dumps(rest, ensure_ascii=False)[:-1]
        out.append(head + (', "children": ' if rest else '"children": '))
        stack.append("}")
        stack.append(children)
    return "".join(out)


def _fields(fields: str | Iterable[str] | None, totals: bool) -> tuple[str, ...]:
    if fields is None:
        return ()
    wanted = {fields} if isinstance(fields, str) else set(fields)
    for field in sorted(wanted):
        if field not in UNIT_FIELDS:
            raise InvalidArgumentError(
                f"fields names {field!r}, which is not a unit field; the fields are "
                f"{', '.join(UNIT_FIELDS)}"
            )
        if totals and field in COUNT_FIELDS:
            raise InvalidArgumentError(
                f"fields names {field!r} and totals=True puts the subtree total there; "
                "ask for one or the other"
            )
    return tuple(f for f in UNIT_FIELDS if f in wanted and f not in _ALWAYS)


def _json_value(value: object) -> Any:
    if value is None or value == ():
        return None
    if isinstance(value, Mapping):  # attributes: a dict, left out where there are none
        return dict(value) or None
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # a StrEnum (org_kind) becomes its plain key
    return value


def _path(where: list[tuple[int, int]], up: int, place: int, single: bool) -> str:
    """Render a node's place, ``data[0].children[2]``, shortening a deep one."""
    places = [place]
    while up >= 0:
        up, place = where[up]
        places.append(place)
    places.reverse()
    head = "data" if single else f"data[{places[0]}]"
    steps = [f".children[{p}]" for p in places[1:]]
    if len(steps) > 6:
        steps = [*steps[:2], f"…({len(steps) - 4} levels)…", *steps[-2:]]
    return head + "".join(steps)
