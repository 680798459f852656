"""The one converter from jiceng's typed results to JSON-ready data.

Queries and analyses return ``attrs`` classes holding real types (``Decimal`` money, ``date``
dates, vocabulary members). :func:`to_jsonable` turns any of them, or any nesting of them in
tuples, lists and dicts, into what :func:`json.dumps` takes, by one set of rules:

==================  ===========================================
value               JSON-ready value
==================  ===========================================
an attrs instance   a dict of its fields, in definition order
``Decimal``         its exact string (``"12.50"``)
``date``            ISO 8601 (``"2026-11-26"``)
an ``Enum`` member  its value (``"completed"``)
a pydantic record   ``record.model_dump(mode="json")``
tuple, list, set    a list (a set sorted)
dict                a dict; keys converted and made strings
anything else       unchanged (str, int, float, bool, None)
==================  ===========================================

Examples
--------
>>> import datetime
>>> from decimal import Decimal
>>> import attrs
>>> @attrs.frozen
... class Paid:
...     on: datetime.date
...     amount: Decimal
...     shares: tuple[float, ...]
>>> to_jsonable(Paid(datetime.date(2026, 11, 26), Decimal("12.50"), (0.25, 0.75)))
{'on': '2026-11-26', 'amount': '12.50', 'shares': [0.25, 0.75]}
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
from pydantic import BaseModel
from pydantic.dataclasses import is_pydantic_dataclass

__all__ = ["to_jsonable"]


def to_jsonable(value: Any) -> Any:
    """Return ``value`` as JSON-ready data (see the module documentation for the rules).

    Nested results are converted with an explicit stack, so depth is no limit.

    Examples
    --------
    >>> from jiceng.renovation import ProjectStatus
    >>> to_jsonable({ProjectStatus.COMPLETED: 5, "batches": (2021, 2022)})
    {'completed': 5, 'batches': [2021, 2022]}
    >>> from jiceng import OrgUnit
    >>> unit = OrgUnit(id="cl", name="春兰小区", level="compound", built_year=2004)
    >>> to_jsonable([unit])[0]["built_year"]
    2004
    """
    root: list[Any] = [None]
    # Each entry: (value to convert, container to put the result in, key or index there).
    stack: list[tuple[Any, Any, Any]] = [(value, root, 0)]
    while stack:
        item, container, slot = stack.pop()
        if isinstance(item, BaseModel) or is_pydantic_dataclass(type(item)):
            # A record (OrgUnit is a pydantic dataclass with the same method).
            out: Any = item.model_dump(mode="json")
        elif attrs.has(type(item)):
            out = {}
            for field in attrs.fields(type(item)):
                out[field.name] = None
                stack.append((getattr(item, field.name), out, field.name))
        elif isinstance(item, dict):
            out = {}
            for key, inner in item.items():
                name = _key(key)
                out[name] = None
                stack.append((inner, out, name))
        elif isinstance(item, tuple | list | set | frozenset):
            members = sorted(item) if isinstance(item, set | frozenset) else item
            out = [None] * len(members)
            stack.extend((inner, out, i) for i, inner in enumerate(members))
        else:
            out = _scalar(item)
        container[slot] = out
    return root[0]


def _scalar(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _key(key: Any) -> str:
    converted = _scalar(key)
    return converted if isinstance(converted, str) else str(converted)
