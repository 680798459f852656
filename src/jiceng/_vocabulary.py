"""Vocabularies: enums of stable English keys whose members carry Chinese labels."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TypeVar

__all__ = ["Vocabulary", "labels"]

_LABELS: dict[type[StrEnum], dict[str, str]] = {}

V = TypeVar("V", bound=type["Vocabulary"])


class Vocabulary(StrEnum):
    """Base of jiceng's vocabularies: ``member.zh`` is the member's Chinese label."""

    @property
    def zh(self) -> str:
        """The Chinese name."""
        return _LABELS[type(self)][self.value]


def labels(chinese: Mapping[str, str]) -> Callable[[V], V]:
    """Give a vocabulary its Chinese labels, one for every member's value."""

    def register(cls: V) -> V:
        missing = sorted({member.value for member in cls} - set(chinese))
        if missing:
            raise TypeError(f"{cls.__name__} has no Chinese label for {', '.join(missing)}")
        _LABELS[cls] = dict(chinese)
        return cls

    return register
