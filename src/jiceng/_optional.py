"""Importing an optional dependency, with an error that names the extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from jiceng.errors import MissingExtraError

__all__ = ["require"]


def require(module: str, extra: str) -> ModuleType:
    """Import ``module``, or raise :class:`~jiceng.errors.MissingExtraError` naming ``extra``.

    >>> require("json", "none").dumps([1])
    '[1]'
    >>> try:
    ...     require("no_such_module_here", "arrow")
    ... except MissingExtraError as error:
    ...     print(error)
    this needs no_such_module_here: pip install "jiceng[arrow]"
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(module, extra) from error
