"""Typed columns and pandas frames: the one converter from results to DataFrames.

:func:`results_to_pandas` is behind the ``to_pandas()`` of every analysis result, and
:func:`frame` behind every frame of :mod:`jiceng.interop.pandas`. It sits below the engines and
the analyses, so that they can offer DataFrames without depending on the interop layer; pandas
is imported only when a frame is made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType, UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

import attrs

from jiceng._optional import require
from jiceng.errors import JicengTypeError

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["COUNT", "OBJECT", "STRING", "Column", "frame", "results_to_pandas"]

STRING = "string"
"""The dtype of text columns."""
COUNT = "Int64"
"""The dtype of integer columns that may be missing."""
OBJECT = "object"
"""The dtype of columns of Python objects (dates, tuples)."""

Column = tuple[str, str, list[Any]]
"""A frame's column before pandas sees it: its name, its dtype and its values."""

_STRING, _COUNT, _OBJECT = STRING, COUNT, OBJECT


def results_to_pandas(
    rows: Iterable[Any], row_type: type, *, spread: Mapping[str, Sequence[str]] | None = None
) -> pd.DataFrame:
    """Return a DataFrame of typed results: a row per ``attrs`` instance, a column per field.

    The one converter behind the ``to_pandas()`` of every analysis result. Columns come in the
    order of ``row_type``'s fields, and each column's dtype from the field's annotation, so a
    frame of no rows has the same columns and dtypes as any other:

    ====================================  =============================================
    field annotated                       column
    ====================================  =============================================
    ``int``                               ``int64``
    ``int | None``                        ``Int64`` (missing as ``<NA>``)
    ``float``, ``float | None``           ``Float64`` (missing as ``<NA>``)
    ``str``, a ``StrEnum``, or ``None``   ``string``
    ``bool``                              ``bool``
    an ``attrs`` class                    one column per field of it, named
                                          ``<field>_<its field>`` (one level deep)
    a field named in ``spread``           one column per name given, from its tuple
    anything else                         ``object``
    ====================================  =============================================

    Parameters
    ----------
    rows
        Instances of ``row_type``.
    row_type
        An ``attrs`` class.
    spread
        Tuple fields to spread over columns: the field's name, and the column names its
        values go to, in order (a comparison's values, one column per district).

    Raises
    ------
    MissingExtraError
        If pandas is not installed.
    JicengTypeError
        If ``row_type`` is not an ``attrs`` class, or a row is not one of it.

    Examples
    --------
    >>> import attrs
    >>> @attrs.frozen
    ... class Count:
    ...     level: str
    ...     units: int
    ...     households: int | None
    >>> frame = results_to_pandas([Count("street", 5, 3485), Count("grid", 70, None)], Count)
    >>> frame  # doctest: +NORMALIZE_WHITESPACE
       level  units  households
    0  street      5        3485
    1    grid     70        <NA>
    >>> [str(dtype) for dtype in frame.dtypes]
    ['string', 'int64', 'Int64']
    """
    pd = require("pandas", "pandas")
    if not (isinstance(row_type, type) and attrs.has(row_type)):
        raise JicengTypeError(f"row_type must be an attrs class, got {row_type!r}")
    rows = list(rows)
    for row in rows:
        if not isinstance(row, row_type):
            raise JicengTypeError(f"every row must be a {row_type.__name__}, got {type(row)!r}")
    spread = dict(spread or {})
    columns: list[Column] = []
    for field, hint in get_type_hints(row_type).items():
        values = [getattr(row, field) for row in rows]
        if field in spread:
            names = list(spread[field])
            inner = get_args(hint)[0] if get_args(hint) else Any
            dtype = _result_dtype(inner)
            columns += [(name, dtype, [v[i] for v in values]) for i, name in enumerate(names)]
            continue
        nested = _attrs_class(hint)
        if nested is None:
            columns.append((field, _result_dtype(hint), values))
            continue
        optional = type(None) in get_args(hint)
        for sub, sub_hint in get_type_hints(nested).items():
            column = [None if v is None else getattr(v, sub) for v in values]
            columns.append((f"{field}_{sub}", _result_dtype(sub_hint, nullable=optional), column))
    return frame(pd, columns)


def _attrs_class(hint: Any) -> type | None:
    """Return the attrs class a field holds (alone or with ``None``), else ``None``."""
    options = [arg for arg in get_args(hint) if arg is not type(None)] or [hint]
    if len(options) == 1 and isinstance(options[0], type) and attrs.has(options[0]):
        return options[0]
    return None


def _result_dtype(hint: Any, *, nullable: bool = False) -> str:
    """Return the dtype of a result field's column (see :func:`results_to_pandas`)."""
    args = get_args(hint)
    optional = nullable or type(None) in args
    options = [arg for arg in args if arg is not type(None)] if args else [hint]
    if get_origin(hint) not in {None, Union, UnionType} or len(options) != 1:
        return _OBJECT
    kind = options[0]
    if kind is bool:
        return _OBJECT if optional else "bool"
    if kind is int:
        return _COUNT if optional else "int64"
    if kind is float:
        return "Float64"
    if isinstance(kind, type) and issubclass(kind, str):
        return _STRING
    return _OBJECT


def frame(pd: ModuleType, columns: Sequence[Column]) -> pd.DataFrame:
    """Build the frame from its columns, each as its documented dtype."""
    data: dict[str, Any] = {}
    for name, dtype, values in columns:
        if dtype == _OBJECT:  # a Series, so that tuples stay one value a row
            data[name] = pd.Series(values, dtype=object)
        else:
            data[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data)
