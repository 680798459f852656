"""Importing an optional dependency: :func:`jiceng._optional.require`, for the interop modules."""

from __future__ import annotations

from jiceng._optional import require

__all__ = ["require"]
