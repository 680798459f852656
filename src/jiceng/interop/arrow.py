"""Arrow tables and Parquet files of the units, with nested-set columns for SQL engines.

Needs the ``arrow`` extra (``pip install "jiceng[arrow]"``, which installs pyarrow). A table has
one row per unit, in hierarchy order, and these columns, in this order:

==================================  ========================  ==================================
column                              Arrow type                value
==================================  ========================  ==================================
``id``, ``name``, ``level``         ``string``, not null      the unit's fields
``parent``, ``org_name``, ``code``  ``string``                null where absent
``org_kind``, ``org_status``        ``string``                the :class:`~jiceng.OrgKind` and
                                                              :class:`~jiceng.OrgStatus` values
``led_by``                          ``string``                null where absent
``households``, ``population``,     ``int64``                 the recorded counts; null where
``party_members``,                                            nothing is recorded (not 0)
``probationary_members``
``built_year``                      ``int64``                 null where absent
``established``, ``dissolved``      ``date32``                null where absent
``tags``                            ``list<string>``, not     the tags, ``[]`` for none
                                    null
``attributes``                      ``string``                the attributes as a JSON object
                                                              (types kept), null for none
``lft``                             ``int64``, not null       the unit's position in hierarchy
                                                              order, 0 for the first row
``rgt``                             ``int64``, not null       one past the position of the
                                                              unit's last descendant: ``lft`` +
                                                              the size of its subtree
``depth``                           ``int64``, not null       0 for a root
``<level>_id``, one a level of the  ``string``                the id of the nearest unit at that
scheme, in scheme order                                       level among the unit and its
                                                              ancestors; null where there is none
``ancestors`` (on request)          ``list<string>``, not     the ancestors' ids, root first, not
                                    null                      the unit itself
==================================  ========================  ==================================

The nested-set columns answer tree questions as range conditions, with no recursion: ``d`` is a
descendant of ``a`` exactly when ``a.lft < d.lft AND d.lft < a.rgt`` (equivalently
``a.lft < d.lft AND d.rgt <= a.rgt``), and ``d`` is ``a`` or under it when
``a.lft <= d.lft AND d.lft < a.rgt``. ``rgt - lft - 1`` is the number of descendants. The level
columns are a star schema: ``GROUP BY street_id`` groups every unit by its subdistrict (a
subdistrict's own row names itself). In a scheme whose level nests in itself the nearest such
unit is named.
The ``ancestors`` column holds ``depth`` ids a row, so it is left out unless asked for: a deep
chain would make it quadratic.

The table's schema metadata holds, under the key ``jiceng``, the JSON object
``{"format": "jiceng/1", "table": "units", "scheme": {...}}`` with the full level scheme.

A :class:`~jiceng.Dataset` may be given wherever a hierarchy is: its hierarchy is written. The
other domains' records (renovation projects, workers, service items) are not units and are not
in the table.

Examples
--------
>>> from jiceng.examples import mafangba
>>> table = to_arrow(mafangba())
>>> table.select(["id", "lft", "rgt", "depth", "community_id"]).to_pylist()[:3]
[{'id': 'cy', 'lft': 0, 'rgt': 6, 'depth': 0, 'community_id': None}, \
{'id': 'mfb', 'lft': 1, 'rgt': 6, 'depth': 1, 'community_id': 'mfb'}, \
{'id': 'qt', 'lft': 2, 'rgt': 5, 'depth': 2, 'community_id': 'mfb'}]
>>> from_arrow(table) == mafangba()
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from jiceng._files import atomic_file
from jiceng._json import _details
from jiceng.dataset import FORMAT, Dataset
from jiceng.errors import (
    DataFileError,
    FileProblem,
    IntegrityError,
    InvalidArgumentError,
    JicengTypeError,
)
from jiceng.hierarchy import Hierarchy
from jiceng.interop._extras import require
from jiceng.levels import URBAN_FIVE_LEVEL, LevelScheme, resolve_scheme
from jiceng.units import UNIT_FIELDS, OrgUnit

if TYPE_CHECKING:
    from types import ModuleType

    import pyarrow as pa  # type: ignore[import-untyped]

__all__ = [
    "METADATA_KEY",
    "from_arrow",
    "level_column",
    "read_parquet",
    "to_arrow",
    "write_parquet",
]

METADATA_KEY = "jiceng"
"""The key of the schema metadata that holds the format tag and the level scheme (JSON)."""

_TABLE = "units"
_REQUIRED = ("id", "name", "level")
_STRINGS = (
    "id",
    "name",
    "level",
    "parent",
    "org_name",
    "org_kind",
    "org_status",
    "led_by",
    "official_name",
    "code",
)
_INTEGERS = ("households", "population", "party_members", "probationary_members", "built_year")
_DATES = ("established", "dissolved")


def level_column(key: str) -> str:
    """Return the name of the column that holds each unit's nearest unit at level ``key``.

    Level keys may be any identifier, so the column adds ``_id`` to the key: no unit field or
    nested-set column ends that way, and a level keyed ``name`` cannot shadow the ``name`` column.

    Examples
    --------
    >>> level_column("street")
    'street_id'
    """
    return f"{key}_id"


def _hierarchy_of(data: Hierarchy | Dataset) -> Hierarchy:
    if isinstance(data, Dataset):
        return data.hierarchy
    if not isinstance(data, Hierarchy):
        raise JicengTypeError(f"expected a Hierarchy or a Dataset, got {type(data)!r}")
    return data


def _tag_list(pa: ModuleType) -> Any:
    # Parquet calls a list's item "element"; naming it so keeps a table and its file identical.
    return pa.list_(pa.field("element", pa.string()))


def _unit_fields(pa: ModuleType) -> list[Any]:
    types = {
        **dict.fromkeys(_STRINGS, pa.string()),
        **dict.fromkeys(_INTEGERS, pa.int64()),
        **dict.fromkeys(_DATES, pa.date32()),
        "tags": _tag_list(pa),
        "attributes": pa.string(),
    }
    return [
        pa.field(name, types[name], nullable=name not in (*_REQUIRED, "tags"))
        for name in UNIT_FIELDS
    ]


def _spans(
    units: Sequence[OrgUnit], ancestors: list[int] | None
) -> tuple[list[int], list[int], list[int]]:
    """Return each position's parent position (-1 for a root), its ``rgt`` and its depth.

    One pass over the units in hierarchy order with a stack of the current unit's ancestors: a
    unit's parent is on the stack, and every unit above it is popped, its subtree ending here.
    ``ancestors``, if given, is extended with each unit's ancestors' positions, root first.
    """
    size = len(units)
    parent_of = [-1] * size
    rgt = [size] * size
    depth = [0] * size
    stack_ids: list[str | None] = []
    stack: list[int] = []
    for position, unit in enumerate(units):
        parent = unit.parent
        while stack and stack_ids[-1] != parent:
            stack_ids.pop()
            rgt[stack.pop()] = position
        if stack:
            parent_of[position] = stack[-1]
            depth[position] = len(stack)
            if ancestors is not None:
                ancestors.extend(stack)
        stack_ids.append(unit.id)
        stack.append(position)
    return parent_of, rgt, depth


def _nearest_at(key: str, levels: Sequence[str], parent_of: Sequence[int]) -> list[int | None]:
    """Return, for each position, the nearest position at level ``key`` among it and above."""
    nearest: list[int | None] = [None] * len(levels)
    for position, (level, parent) in enumerate(zip(levels, parent_of, strict=True)):
        if level == key:
            nearest[position] = position
        elif parent >= 0:
            nearest[position] = nearest[parent]
    return nearest


def _metadata(scheme: LevelScheme) -> dict[bytes, bytes]:
    header = {
        "format": FORMAT,
        "table": _TABLE,
        "scheme": scheme.model_dump(mode="json", exclude_none=True),
    }
    return {METADATA_KEY.encode(): json.dumps(header, ensure_ascii=False).encode()}


def to_arrow(data: Hierarchy | Dataset, *, ancestors: bool = False) -> pa.Table:
    """Return a ``pyarrow.Table`` of the units, one row each in hierarchy order.

    The columns and their types are those of the module documentation: the unit's fields, then
    ``lft``, ``rgt``, ``depth`` and a ``<level>_id`` column per level of the scheme. O(n times
    the number of levels), with no recursion.

    Parameters
    ----------
    data
        The hierarchy, or a dataset (its hierarchy).
    ancestors
        Add the ``ancestors`` column (the ancestors' ids, root first). It holds ``depth`` ids a
        row: cheap for a district, quadratic for a deep chain.

    Returns
    -------
    pyarrow.Table
        With the level scheme in the schema metadata (see :data:`METADATA_KEY`).

    Raises
    ------
    MissingExtraError
        If pyarrow is not installed.
    JicengTypeError
        If ``data`` is neither a hierarchy nor a dataset.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> table = to_arrow(mafangba(), ancestors=True)
    >>> table.num_rows, table.schema.field("households").type
    (6, DataType(int64))
    >>> row = table.slice(4, 1).to_pylist()[0]
    >>> row["id"], row["households"], row["lft"], row["rgt"], row["grid_id"], row["ancestors"]
    ('cl-1', 48, 4, 5, 'qt', ['cy', 'mfb', 'qt', 'cl'])
    >>> table.column("tags").to_pylist()[0], table.column("parent").to_pylist()[0]
    ([], None)
    """
    pa = require("pyarrow", "arrow")
    hierarchy = _hierarchy_of(data)
    units = list(hierarchy)
    scheme = hierarchy.scheme
    fields = _unit_fields(pa)
    columns: list[Any] = []
    for field in fields:
        values = list(map(attrgetter(field.name), units))
        if field.name in ("org_kind", "org_status"):
            values = [None if kind is None else kind.value for kind in values]
        elif field.name == "attributes":
            values = [_attributes_text(attributes) for attributes in values]
        columns.append(pa.array(values, type=field.type))
    ids = columns[0]
    above: list[int] | None = [] if ancestors else None
    parent_of, rgt, depth = _spans(units, above)
    for name, numbers in (("lft", range(len(units))), ("rgt", rgt), ("depth", depth)):
        fields.append(pa.field(name, pa.int64(), nullable=False))
        columns.append(pa.array(numbers, type=pa.int64()))
    levels = [unit.level for unit in units]
    for key in scheme.keys:
        fields.append(pa.field(level_column(key), pa.string()))
        columns.append(ids.take(pa.array(_nearest_at(key, levels, parent_of), type=pa.int64())))
    if above is not None:
        offsets = [0] * (len(units) + 1)
        for position, count in enumerate(depth):
            offsets[position + 1] = offsets[position] + count
        fields.append(pa.field("ancestors", _tag_list(pa), nullable=False))
        columns.append(
            pa.ListArray.from_arrays(
                pa.array(offsets, type=pa.int32()),
                ids.take(pa.array(above, type=pa.int64())),
                type=_tag_list(pa),
            )
        )
    schema = pa.schema(fields, metadata=_metadata(scheme))
    return pa.Table.from_arrays(columns, schema=schema)


def _scheme_of(metadata: Mapping[bytes, bytes] | None, given: LevelScheme | None) -> LevelScheme:
    """Return the scheme a table's metadata names, checked against ``given``."""
    raw = (metadata or {}).get(METADATA_KEY.encode())
    if raw is None:
        return given or URBAN_FIVE_LEVEL
    try:
        header = json.loads(raw)
    except ValueError:
        raise InvalidArgumentError(f"the {METADATA_KEY!r} schema metadata is not JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        found = header.get("format") if isinstance(header, dict) else None
        raise InvalidArgumentError(
            f"the {METADATA_KEY!r} schema metadata names format {found!r}; expected {FORMAT!r}"
        )
    if header.get("table", _TABLE) != _TABLE:
        raise InvalidArgumentError(f"the table holds {header['table']!r}, not units")
    named = None
    if header.get("scheme") is not None:
        try:
            named = LevelScheme.model_validate(resolve_scheme(header["scheme"]))
        except ValueError as error:  # pydantic's ValidationError is a ValueError
            raise InvalidArgumentError(f"the table's level scheme is invalid: {error}") from None
    if named is not None and given is not None and named != given:
        raise InvalidArgumentError(
            f"the table's scheme {named.name!r} differs from the scheme= given ({given.name!r})"
        )
    return named or given or URBAN_FIVE_LEVEL


def _all_empty(pa: ModuleType, pc: ModuleType, column: Any) -> bool:
    """Whether a column of lists holds no item at all (a column of another type: no)."""
    if not (pa.types.is_list(column.type) or pa.types.is_large_list(column.type)):
        return False
    return not pc.sum(pc.list_value_length(column)).as_py()


def from_arrow(table: pa.Table, *, scheme: LevelScheme | None = None) -> Hierarchy:
    """Build a hierarchy from a table of units, such as :func:`to_arrow` returns.

    The columns named for unit fields are read (``id``, ``name`` and ``level`` at least); every
    other column, the nested-set and level columns among them, is ignored; a null is an absent
    value. Rows are taken in ``lft`` order where there is an ``lft`` column (so a table that an
    engine shuffled keeps its siblings' order), else in row order.

    Parameters
    ----------
    table
        The table.
    scheme
        The level scheme for a table whose metadata names none (one written by another tool);
        the default is the five-level network.

    Raises
    ------
    InvalidArgumentError
        If a required column is missing, or the ``jiceng`` metadata is not of this format or
        names a scheme other than ``scheme``.
    pydantic.ValidationError
        If a row is not a valid unit (``loc`` starts with the row's index, in ``lft`` order).
    IntegrityError
        If the units do not fit together.
    JicengTypeError
        If ``table`` is not a ``pyarrow.Table``.

    Examples
    --------
    >>> import pyarrow as pa
    >>> from jiceng.examples import mafangba
    >>> table = to_arrow(mafangba())
    >>> shuffled = table.take([5, 0, 3, 1, 4, 2])
    >>> from_arrow(shuffled) == mafangba()
    True
    >>> plain = pa.table({"id": ["xc", "xbj"], "name": ["西城街道", "小北街社区"],
    ...                   "level": ["street", "community"], "parent": [None, "xc"]})
    >>> from_arrow(plain).parent("xbj").name
    '西城街道'
    >>> from_arrow(plain.drop_columns(["level"]))
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: the table has no column 'level'
    """
    pa = require("pyarrow", "arrow")
    pc = require("pyarrow.compute", "arrow")
    if not isinstance(table, pa.Table):
        raise JicengTypeError(f"expected a pyarrow.Table, got {type(table)!r}")
    chosen = _scheme_of(table.schema.metadata, scheme)
    names = set(table.column_names)
    missing = [name for name in _REQUIRED if name not in names]
    if missing:
        listed = ", ".join(repr(name) for name in missing)
        noun = "column" if len(missing) == 1 else "columns"
        raise InvalidArgumentError(f"the table has no {noun} {listed}")
    if "lft" in names:
        table = table.sort_by("lft")
    # A column with no value at all (often most of the optional ones) adds nothing to a record.
    present = [
        name
        for name in UNIT_FIELDS
        if name in names
        and (name in _REQUIRED or table.column(name).null_count < table.num_rows)
        and (name != "tags" or not _all_empty(pa, pc, table.column(name)))
    ]
    columns = [table.column(name).to_pylist() for name in present]
    if "attributes" in present:
        at = present.index("attributes")
        columns[at] = [_attributes_read(text) for text in columns[at]]
    records = [
        {name: value for name, value in zip(present, row, strict=True) if value is not None}
        for row in zip(*columns, strict=True)
    ]
    return Hierarchy.from_records(records, chosen)


def _attributes_text(attributes: Mapping[str, Any]) -> str | None:
    """Write a unit's attributes as a JSON object, ``None`` for none (types are kept exactly)."""
    return json.dumps(dict(attributes), ensure_ascii=False) if attributes else None


def _attributes_read(text: Any) -> Any:
    """Read back what :func:`_attributes_text` wrote; anything else is left to validation."""
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def write_parquet(
    data: Hierarchy | Dataset, path: str | os.PathLike[str], *, ancestors: bool = False
) -> None:
    """Write the units to a Parquet file: the table of :func:`to_arrow`, with its metadata.

    The file is written to a new temporary file beside it, with an unpredictable name, and then
    renamed, so a
    failed write leaves any old file as it was. Any engine that reads Parquet (DuckDB, Spark,
    pandas, Polars) reads it; :func:`read_parquet` reads it back equal.

    Parameters
    ----------
    data
        The hierarchy, or a dataset (its hierarchy).
    path
        The file.
    ancestors
        Add the ``ancestors`` column, as for :func:`to_arrow`.

    Raises
    ------
    MissingExtraError
        If pyarrow is not installed.
    JicengTypeError
        If ``data`` is neither a hierarchy nor a dataset.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import jiceng
    >>> district = jiceng.examples.tongchuan()
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "通川区.parquet"
    >>> write_parquet(district, path)
    >>> read_parquet(path) == district.hierarchy
    True
    """
    pq = require("pyarrow.parquet", "arrow")
    table = to_arrow(data, ancestors=ancestors)
    with atomic_file(Path(path)) as out:
        pq.write_table(table, out)


def read_parquet(path: str | os.PathLike[str], *, scheme: LevelScheme | None = None) -> Hierarchy:
    """Read the units of a Parquet file (or a folder of them) back into a hierarchy.

    As :func:`from_arrow` on the file's table: the level scheme comes from the file's metadata,
    the derived columns are ignored, and rows are taken in ``lft`` order. A folder of Parquet
    files, as Spark writes one (partitioned folders ``level=community/`` included), is read as
    one table; such files usually lose the metadata, so give ``scheme=``.

    Parameters
    ----------
    path
        The file or folder.
    scheme
        The level scheme where the file names none; a file that names another is an error.

    Raises
    ------
    DataFileError
        If the file cannot be read, is not a units table of this format, or a row is not a valid
        unit (every invalid field is in ``.details``, with the row's index as ``record``).
    IntegrityError
        If the units do not fit together; ``source`` names the file.
    MissingExtraError
        If pyarrow is not installed.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from jiceng.examples import mafangba
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_parquet(mafangba(), folder / "mfb.parquet")
    >>> read_parquet(folder / "mfb.parquet").total("mfb", "households")
    241
    >>> _ = (folder / "notes.parquet").write_text("not Parquet", encoding="utf-8")
    >>> try:
    ...     read_parquet(folder / "notes.parquet")
    ... except DataFileError as error:
    ...     print(error.unreadable)
    True
    """
    pa = require("pyarrow", "arrow")
    pq = require("pyarrow.parquet", "arrow")
    file = Path(path)
    try:
        dataset = pq.ParquetDataset(str(file))
        wanted = [name for name in (*UNIT_FIELDS, "lft") if name in dataset.schema.names]
        table = dataset.read(columns=wanted)
    except (OSError, pa.ArrowException) as error:
        problem = FileProblem(None, None, None, str(error) or type(error).__name__)
        raise DataFileError(str(file), [problem], unreadable=True) from error
    try:
        return from_arrow(table, scheme=scheme)
    except InvalidArgumentError as error:
        problem = FileProblem(None, None, None, str(error))
        raise DataFileError(str(file), [problem], unreadable=True) from error
    except ValidationError as error:
        raise DataFileError(str(file), _details(error)) from error
    except IntegrityError as error:
        raise IntegrityError(error.problems, source=str(file)) from None
