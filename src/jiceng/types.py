"""Reusable constrained field types for jiceng's records.

Each alias is an :data:`typing.Annotated` type that pydantic validates; a value that does not fit
raises :class:`pydantic.ValidationError` with the stable error type named in the alias's
description, so callers can match on it.

Examples
--------
>>> from pydantic import TypeAdapter
>>> TypeAdapter(DivisionCode).validate_python("511702002002")
'511702002002'
>>> from pydantic import ValidationError
>>> try:
...     TypeAdapter(DivisionCode).validate_python("5117")
... except ValidationError as error:
...     print(error.errors()[0]["type"])
division_code
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, Field, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

__all__ = [
    "Area",
    "BuiltinNames",
    "Count",
    "DivisionCode",
    "Key",
    "Money",
    "Name",
    "RecordId",
    "Tag",
]

_DIVISION_CODE = re.compile(r"[0-9]{12}")
_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _check_division_code(value: str) -> str:
    if not _DIVISION_CODE.fullmatch(value):
        raise PydanticCustomError(
            "division_code",
            "a statistical division code has exactly 12 digits, got '{value}'",
            {"value": value},
        )
    return value


def _check_key(value: str) -> str:
    if not _KEY.fullmatch(value):
        raise PydanticCustomError(
            "key_format",
            "a key is lower-case ASCII letters, digits and underscores, starting with a letter;"
            " got '{value}'",
            {"value": value},
        )
    return value


RecordId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A record's id: any non-empty string, surrounding white space stripped; an empty one fails with
pydantic's error type ``string_too_short``."""

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty name, surrounding white space stripped; error type ``string_too_short``."""

Key = Annotated[str, AfterValidator(_check_key)]
"""A stable machine key such as a level key (``street``); error type ``key_format``."""

DivisionCode = Annotated[
    str, AfterValidator(_check_division_code), Field(json_schema_extra={"pattern": "^[0-9]{12}$"})
]
"""A 12-digit national statistical division code (统计用区划代码); error type ``division_code``."""

Count = Annotated[int, Field(ge=0, le=10**12, strict=True)]
"""A count of households, people or members: an int from 0 to 10¹²; error types
``greater_than_equal``, ``less_than_equal`` and ``int_type`` (strict: a bool, a float or a string
is refused rather than converted; the CSV reader turns digits into ints first)."""

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A free-form non-empty label; error type ``string_too_short``."""

Money = Annotated[Decimal, Field(ge=0, decimal_places=2)]
"""An amount of money in yuan, exact to the fen: a ``Decimal`` >= 0 with at most two decimal
places; error types ``greater_than_equal`` and ``decimal_max_places``. JSON carries it as a
string (``"1234.50"``) or a number."""

Area = Annotated[Decimal, Field(ge=0, decimal_places=2)]
"""A floor area in square metres: a ``Decimal`` >= 0 with at most two decimal places."""


class BuiltinNames:
    """Field metadata: the field may also be given as the name of a built-in record.

    Used inside :data:`typing.Annotated` beside a ``BeforeValidator`` that turns a name into the
    record; it makes the JSON Schema accept the names too (``anyOf`` the record's schema and an
    ``enum`` of the names).

    Examples
    --------
    >>> from pydantic import BaseModel, BeforeValidator
    >>> class Pick(BaseModel):
    ...     value: Annotated[int, BeforeValidator(lambda v: {"one": 1}.get(v, v)),
    ...                      BuiltinNames(["one"])]
    >>> Pick(value="one").value
    1
    >>> Pick.model_json_schema()["properties"]["value"]["anyOf"][1]
    {'enum': ['one'], 'type': 'string'}
    """

    __slots__ = ("names",)

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(names)

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Return the record's schema, or one of the built-in names."""
        return {"anyOf": [handler(core_schema), {"type": "string", "enum": self.names}]}
