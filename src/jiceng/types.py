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
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Annotated, Any, Final

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
    "NO_ATTRIBUTES",
    "Area",
    "AttributeValue",
    "Attributes",
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
    value = value.strip()  # here rather than by the records' config: a clean code is not copied
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
    checks; it adds no Python call per value. After ``StringConstraints(strip_whitespace=True,
    min_length=1)`` (:data:`RecordId`, :data:`Name`, :data:`Tag`) the three checks are fused:
    the text is checked as given and stripped by ``str.strip`` only then, which hands back the
    very string when there is nothing to strip, so clean text is neither copied nor scanned
    twice. The values and error types are those of stripping first; an error's ``input`` is
    the text as given for ``control_character`` and the stripped text for ``string_too_short``.

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
    >>> TypeAdapter(RecordId).validate_python(" xc\n")
    'xc'
    """

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        """Chain the control-character pattern after the string's own schema."""
        schema = handler(source)
        if schema == {"type": "str", "min_length": 1, "strip_whitespace": True}:
            return _trimmed_text()
        return core_schema.chain_schema(
            [
                schema,
                _control_check(core_schema.str_schema(pattern=_NO_CONTROL, strip_whitespace=False)),
            ]
        )


def _control_check(schema: CoreSchema) -> CoreSchema:
    return core_schema.custom_error_schema(
        schema,
        custom_error_type="control_character",
        custom_error_message=(
            "control characters (U+0000–U+001F, U+007F–U+009F: NUL, ESC, a line"
            " break, …) are not allowed here"
        ),
    )


def _trimmed_text() -> CoreSchema:
    """Non-empty text without control characters, surrounding white space stripped, fused.

    The steps: a string (``string_type``; an empty one is ``string_too_short`` at once); one
    whose control characters, if any, are all in the white space around it
    (``control_character``), stripped by ``str.strip``; at least one character left
    (``string_too_short``). pydantic strips Unicode's White_Space, which is ``str.strip``'s set
    but for the separators U+001C–U+001F; those are control characters, refused by the step
    before the strip, so both strip alike.
    """
    return core_schema.chain_schema(
        [
            core_schema.str_schema(min_length=1, strip_whitespace=False),
            core_schema.no_info_after_validator_function(
                str.strip,
                _control_check(
                    core_schema.str_schema(pattern=_NO_CONTROL_AROUND, strip_whitespace=False)
                ),
            ),
            core_schema.str_schema(min_length=1, strip_whitespace=False),
        ]
    )


_NO_CONTROL = r"\A[^\x00-\x1f\x7f-\x9f]*\z"
_WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Unicode's White_Space, which pydantic strips, as the inside of a regular expression class."""
_NO_CONTROL_AROUND = rf"\A[{_WHITE_SPACE}]*[^\x00-\x1f\x7f-\x9f]*[{_WHITE_SPACE}]*\z"

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
    str,
    StringConstraints(strip_whitespace=False),
    AfterValidator(_check_division_code),
    Field(json_schema_extra={"pattern": "^[0-9]{12}$"}),
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


AttributeValue = str | int | float
"""The value of one of a unit's :class:`Attributes`: text, a whole number or a finite float."""

_ATTRIBUTE_KEY = r"\A[^\x00-\x1f\x7f-\x9f\s](?:[^\x00-\x1f\x7f-\x9f]*[^\x00-\x1f\x7f-\x9f\s])?\z"


class Attributes(Mapping[str, AttributeValue]):
    """An immutable, hashable mapping of a unit's extra facts: text key → str, int or float.

    A government spreadsheet carries columns that a unit has no field for (网格员, 联系电话);
    :func:`jiceng.load` keeps them here with ``extra="keep"``. The mapping keeps its keys in the
    order given, compares equal to any mapping with the same items (order aside), and hashes by
    its items, so a frozen unit holding it stays hashable. Values keep their type: the text
    ``"13800000000"`` and the int ``13800000000`` are different values. Validation (in a unit)
    refuses a bool, ``None``, a ``NaN`` or infinite float, an empty key or one with a control
    character (error type ``attribute_key``; surrounding white space is stripped, as from every
    text) and a key that is the name of a unit field (``attribute_is_field``, checked by
    :class:`~jiceng.OrgUnit`). Constructing one directly copies the items unchecked; a unit
    validates them.

    Examples
    --------
    >>> facts = Attributes({"网格员": "张三", "联系电话": "13800000000", "楼龄": 21})
    >>> same = {"楼龄": 21, "联系电话": "13800000000", "网格员": "张三"}
    >>> facts["联系电话"], len(facts), facts == same
    ('13800000000', 3, True)
    >>> hash(facts) == hash(Attributes(same))
    True
    >>> facts
    Attributes({'网格员': '张三', '联系电话': '13800000000', '楼龄': 21})
    """

    __slots__ = ("_hash", "_items")

    def __init__(
        self, items: Mapping[str, AttributeValue] | Iterable[tuple[str, AttributeValue]] = ()
    ) -> None:
        self._items: dict[str, AttributeValue] = dict(items)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> AttributeValue:
        """Return the value of ``key``; raises ``KeyError``."""
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        """Iterate over the keys, in the order given."""
        return iter(self._items)

    def __len__(self) -> int:
        """Return the number of attributes."""
        return len(self._items)

    def __hash__(self) -> int:
        """Hash by the items, order aside."""
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        """Compare with any mapping by items, order aside."""
        if isinstance(other, Attributes):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        """Return ``Attributes({...})``."""
        return f"Attributes({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the items."""
        return (Attributes, (self._items,))

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Return an object whose values are integers, numbers or strings."""
        return {
            "type": "object",
            "title": "Attributes",
            "propertyNames": {"minLength": 1},
            "additionalProperties": {
                "anyOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}]
            },
        }

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        """Validate a mapping of text to str, int or float; serialise as a dict."""
        value = core_schema.union_schema(
            [
                core_schema.int_schema(strict=True),
                core_schema.float_schema(strict=True, allow_inf_nan=False),
                core_schema.str_schema(strict=True),
            ],
            mode="smart",
        )
        key = core_schema.custom_error_schema(
            core_schema.str_schema(pattern=_ATTRIBUTE_KEY),
            custom_error_type="attribute_key",
            custom_error_message=(
                "an attribute key is non-empty text without surrounding white space or"
                " control characters"
            ),
        )
        mapping = core_schema.dict_schema(keys_schema=key, values_schema=value)
        return core_schema.no_info_before_validator_function(
            _attribute_items,
            core_schema.no_info_after_validator_function(_attributes_of, mapping),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _attributes_dict, when_used="always"
            ),
        )


def _attribute_items(value: Any) -> Any:
    return value._items if isinstance(value, Attributes) else value


def _attributes_of(items: dict[str, AttributeValue]) -> Attributes:
    return Attributes(items) if items else NO_ATTRIBUTES


def _attributes_dict(value: Attributes) -> dict[str, AttributeValue]:
    return dict(value)


NO_ATTRIBUTES: Final = Attributes()
"""The empty :class:`Attributes`, shared by every unit that has none (it costs nothing per unit).

Examples
--------
>>> len(NO_ATTRIBUTES), NO_ATTRIBUTES == {}
(0, True)
"""
