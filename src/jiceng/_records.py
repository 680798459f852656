"""The shared configuration of jiceng's pydantic records."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["RECORD_CONFIG", "Record"]


def _short_description(schema: dict[str, Any], cls: type[Any]) -> None:
    """Keep only the first paragraph of a record's docstring as its schema description."""
    description = schema.get("description")
    if isinstance(description, str):
        schema["description"] = description.split("\n\n", 1)[0].replace("\n", " ")


RECORD_CONFIG = ConfigDict(
    frozen=True,
    extra="forbid",
    str_strip_whitespace=True,
    json_schema_extra=_short_description,
)


class Record(BaseModel):
    """Base of every record: frozen, no unknown fields, white space stripped from strings."""

    model_config = RECORD_CONFIG
