"""The fused text check of ``RecordId``, ``Name`` and ``Tag`` against the plain chain it replaces.

The reference strips with pydantic (Unicode White_Space), checks the length, then matches the
control-character pattern: two string validations a value. The fused schema must give the same
value for every text it accepts and the same error (type, message, context) for every one it
refuses.
"""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import StringConstraints, TypeAdapter, ValidationError
from pydantic_core import core_schema

from jiceng.types import Name, NoControlCharacters, RecordId, Tag

_REFERENCE = TypeAdapter(
    Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
).core_schema
_CONTROL = core_schema.custom_error_schema(
    core_schema.str_schema(pattern=r"\A[^\x00-\x1f\x7f-\x9f]*\z", strip_whitespace=False),
    custom_error_type="control_character",
    custom_error_message=(
        "control characters (U+0000–U+001F, U+007F–U+009F: NUL, ESC, a line break, …) are not"
        " allowed here"
    ),
)


class _Chained:
    """The reference: pydantic's own strip and length, then the pattern, chained."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return core_schema.chain_schema([_REFERENCE, _CONTROL])


CHAINED: TypeAdapter[str] = TypeAdapter(Annotated[str, _Chained()])
FUSED = [TypeAdapter(alias) for alias in (RecordId, Name, Tag)]

WHITE_SPACE = [chr(c) for c in range(0x110000) if chr(c).isspace()]  # with U+001C–U+001F
CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))]
EDGES = ["", "x", " x ", "小北街社区", "\u3000小北街社区\u3000", "a b", "a\u3000b", "\ufeffx"]
EDGES += WHITE_SPACE + CONTROLS
EDGES += [f"{w}x{w}" for w in WHITE_SPACE] + [f"x{c}" for c in CONTROLS]
EDGES += [f"{c}x" for c in CONTROLS] + [f" {c} " for c in CONTROLS] + [f"a{c}b" for c in CONTROLS]
EDGES += [f"\n{c}x\t" for c in CONTROLS] + [" \x1f", "\x1c\x1d", "\x1ex\x1f", "\t\n\r"]


def outcome(adapter: TypeAdapter[str], value: Any) -> tuple[str, Any]:
    try:
        return ("value", adapter.validate_python(value))
    except ValidationError as error:
        return ("errors", [(e["type"], e["msg"], e.get("ctx")) for e in error.errors()])


@pytest.mark.parametrize("value", [*EDGES, 5, None, b"x", 1.5])
def test_fused_text_agrees_with_the_chain(value: Any) -> None:
    expected = outcome(CHAINED, value)
    for adapter in FUSED:
        assert outcome(adapter, value) == expected


TEXT = st.text(st.sampled_from([*WHITE_SPACE, *CONTROLS, "a", "社", "\u200b", "\ufeff"]))


@given(TEXT)
def test_fused_text_agrees_with_the_chain_on_any_text(value: str) -> None:
    expected = outcome(CHAINED, value)
    assert all(outcome(adapter, value) == expected for adapter in FUSED)


def test_clean_text_is_not_copied() -> None:
    value = "".join(["小北街", "社区"])  # a string built at run time, not a shared constant
    assert FUSED[0].validate_python(value) is value
    assert FUSED[0].validate_python(f" {value} ") == value


def test_other_constraints_keep_the_plain_chain() -> None:
    adapter = TypeAdapter(Annotated[str, StringConstraints(max_length=3), NoControlCharacters()])
    assert adapter.validate_python("abc") == "abc"
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python("a\x1b")
    assert caught.value.errors()[0]["type"] == "control_character"
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python("abcd")
    assert caught.value.errors()[0]["type"] == "string_too_long"
