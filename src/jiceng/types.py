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
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

__all__ = [
    "AREA_LIMIT",
    "MONEY_LIMIT",
    "Area",
    "BuiltinNames",
    "Count",
    "Days",
    "DivisionCode",
    "Key",
    "Money",
    "Name",
    "NoControlCharacters",
    "Rate",
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


class NoControlCharacters:
    r"""Field metadata: the text may hold no control character; error type ``control_character``.

    Control characters are Unicode's category ``Cc``: the C0 controls U+0000–U+001F (NUL, a tab,
    a line feed, a carriage return, ESC …), DEL U+007F and the C1 controls U+0080–U+009F (NEL
    U+0085 among them). They would act on a terminal or break a line-based file when printed,
    and no id or name needs one. Surrounding white space is stripped before the check, so
    ``" xc\n"`` is the id ``"xc"``; ``"x\nc"`` is refused.

    The check is a pattern that pydantic-core matches in Rust, chained after the string's own
    checks; it adds no Python call per value.

    Examples
    --------
    >>> from pydantic import TypeAdapter, ValidationError
    >>> adapter = TypeAdapter(Annotated[str, NoControlCharacters()])
    >>> adapter.validate_python("小北街社区")
    '小北街社区'
    >>> try:
    ...     adapter.validate_python("x\x1b[2Jc")
    ... except ValidationError as error:
    ...     print(error.errors()[0]["type"])
    control_character
    """

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Chain the control-character pattern after the string's own schema."""
        return core_schema.chain_schema(
            [
                handler(source),
                core_schema.custom_error_schema(
                    core_schema.str_schema(pattern=_NO_CONTROL),
                    custom_error_type="control_character",
                    custom_error_message=(
                        "control characters (U+0000–U+001F, U+007F–U+009F: NUL, ESC, a line"
                        " break, …) are not allowed here"
                    ),
                ),
            ]
        )


_NO_CONTROL = r"\A[^\x00-\x1f\x7f-\x9f]*\z"

RecordId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), NoControlCharacters()
]
"""A record's id: a non-empty string without control characters, surrounding white space
stripped; error types ``string_too_short`` (empty) and ``control_character`` (see
:class:`NoControlCharacters`)."""

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), NoControlCharacters()]
"""A non-empty name without control characters, surrounding white space stripped; error types
``string_too_short`` and ``control_character``."""

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

Days = Annotated[int, Field(ge=0, le=10_000, strict=True)]
"""A time limit in (working) days: an int from 0 to 10,000 (some 40 years of working days);
error types ``greater_than_equal``, ``less_than_equal`` and ``int_type``."""

Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), NoControlCharacters()]
"""A free-form non-empty label without control characters; error types ``string_too_short``
and ``control_character``."""

MONEY_LIMIT = Decimal(10**15)
"""The bound of :data:`Money`: every amount is below ¥10¹⁵ (a thousand trillion yuan)."""

AREA_LIMIT = Decimal(10**12)
"""The bound of :data:`Area`: every area is below 10¹² m² (a million km²)."""

Money = Annotated[Decimal, Field(ge=0, lt=MONEY_LIMIT, decimal_places=2, allow_inf_nan=False)]
"""An amount of money in yuan, exact to the fen: a finite ``Decimal`` from 0 up to (not
including) ¥10¹⁵ (:data:`MONEY_LIMIT`), with at most two decimal places; error types
``greater_than_equal``, ``less_than``, ``decimal_max_places`` and ``finite_number`` (``NaN``,
``Infinity``). The bound keeps every sum and product jiceng forms exact within ``Decimal``'s 28
digits: a million amounts add up to less than 10²¹ yuan, still exact to the fen. JSON carries an
amount as a string (``"1234.50"``) or a number."""

Area = Annotated[Decimal, Field(ge=0, lt=AREA_LIMIT, decimal_places=2, allow_inf_nan=False)]
"""A floor area in square metres: a finite ``Decimal`` from 0 up to (not including) 10¹² m²
(:data:`AREA_LIMIT`), with at most two decimal places; error types ``greater_than_equal``,
``less_than``, ``decimal_max_places`` and ``finite_number``."""

Rate = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]
"""A share or rate from 0 to 1 (``"0.8"`` is 80%): a finite ``Decimal``; error types
``greater_than_equal``, ``less_than_equal`` and ``finite_number``."""


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
