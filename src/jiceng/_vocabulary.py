"""Vocabularies: enums of stable English keys whose members carry Chinese labels."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from jiceng.errors import JicengTypeError

__all__ = ["DocumentedEnum", "Vocabulary", "labels"]

_LABELS: dict[type[StrEnum], dict[str, str]] = {}

V = TypeVar("V", bound=type["Vocabulary"])


class DocumentedEnum(StrEnum):
    """An enum whose JSON Schema description is its docstring without the Examples section."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Describe the enum by its docstring's prose; the examples are for readers of the code."""
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        description = target.get("description")
        if isinstance(description, str):
            target["description"] = description.split("\n\nExamples\n", 1)[0]
        return schema


class Vocabulary(DocumentedEnum):
    """Base of jiceng's vocabularies: ``member.zh`` is the member's Chinese label."""

    @property
    def zh(self) -> str:
        """The Chinese name.

        Examples
        --------
        >>> from jiceng import OrgKind
        >>> OrgKind.GENERAL_BRANCH.zh
        '党总支'
        """
        return _LABELS[type(self)][self.value]


def labels(chinese: Mapping[str, str]) -> Callable[[V], V]:
    """Give a vocabulary its Chinese labels, one for every member's value."""

    def register(cls: V) -> V:
        missing = sorted({member.value for member in cls} - set(chinese))
        if missing:
            raise JicengTypeError(f"{cls.__name__} has no Chinese label for {', '.join(missing)}")
        _LABELS[cls] = dict(chinese)
        return cls

    return register
