"""CSV for :mod:`jiceng.io`: the cell escape against spreadsheet formulas, and rows in and out."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter

from jiceng._headers import HEADERS, header_key
from jiceng._json import MAX_DIGITS as _MAX_DIGITS
from jiceng.dataset import Dataset
from jiceng.errors import DataFileError, DumpError, FileProblem, InvalidArgumentError
from jiceng.units import UNIT_FIELDS, OrgUnit

__all__ = ["escape_cell", "unescape_cell"]

_UNIT = TypeAdapter(OrgUnit)
_FIELDS = UNIT_FIELDS
TAG_SEPARATOR = ";"
_TAG_SEPARATOR = TAG_SEPARATOR
_INT_FIELDS = {"households", "population", "party_members", "probationary_members", "built_year"}
_INTEGER = re.compile(r"[+-]?[0-9]+")


_WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


_FORMULA = re.compile(r"'*[=+\-@\t\r]")


_QUOTED = re.compile(r"'+[=+\-@\t\r]")


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')


_FIELD_LIMIT = threading.Lock()


def escape_cell(text: str) -> str:
    r"""Neutralise a CSV cell that a spreadsheet program would run as a formula.

    A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or ``\r``, after any number of
    ``'``, gets one more ``'`` in front; every other cell is written as it is.
    :func:`unescape_cell` removes exactly that ``'``, so the round trip is exact for every string.

    Examples
    --------
    >>> escape_cell("=HYPERLINK(1)"), escape_cell("'=1"), escape_cell("'quoted"), escape_cell("a=1")
    ("'=HYPERLINK(1)", "''=1", "'quoted", 'a=1')
    >>> unescape_cell(escape_cell("''@x")) == "''@x"
    True
    """
    return "'" + text if _FORMULA.match(text) else text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell`: remove the ``'`` in front of a neutralised formula.

    Examples
    --------
    >>> unescape_cell("'=SUM(A1:A9)"), unescape_cell("''-1"), unescape_cell("'plain")
    ('=SUM(A1:A9)', "'-1", "'plain")
    """
    return text[1:] if _QUOTED.match(text) else text


def _csv_row(cells: Iterable[str]) -> str:
    r"""Write one CSV row, quoting every cell that holds a comma, a quote, ``\r`` or ``\n``."""
    return (
        ",".join(
            '"' + cell.replace('"', '""') + '"' if _NEEDS_QUOTES.search(cell) else cell
            for cell in cells
        )
        + "\n"
    )


Extra = Literal["error", "drop", "keep"]

_COUNT = re.compile(r"[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.0+)?")
"""A count as spreadsheets write it: ``1200``, ``1,200`` (thousands), ``1200.0`` (whole)."""


def _count_text(cell: str) -> str | None:
    """Return a count cell's digits (``"1,200.0"`` → ``"1200"``), or None if it is not a count.

    Examples
    --------
    >>> [_count_text(c) for c in ("1,200", "1200.0", "-5", "1,20", "1.5", "1e3", "１２００")]
    ['1200', '1200', '-5', None, None, None, None]
    """
    if not _COUNT.fullmatch(cell):
        return None
    return cell.split(".", 1)[0].replace(",", "")


def _columns_of(
    file: Path, header: list[str], columns: Mapping[str, str] | None, extra: Extra
) -> list[tuple[str, bool]]:
    """Return, for each header cell, its field (or attribute key) and whether it is a field.

    A cell mapped to ``""`` is dropped. Raises one :class:`DataFileError` naming every header
    that names nothing (``extra="error"``), every field given twice and every ``columns=`` key
    that is not in the header.
    """
    given = {header_key(name): field for name, field in (columns or {}).items()}
    keys = [header_key(name) for name in header]
    problems: list[FileProblem] = [
        FileProblem(1, None, name, "given in columns= but not in the header")
        for name in given
        if name not in keys
    ]
    problems += [
        FileProblem(1, None, name, f"columns= maps it to {field!r}, which is not a unit field")
        for name, field in given.items()
        if field and field not in UNIT_FIELDS
    ]
    out: list[tuple[str, bool]] = []
    unknown: dict[str, None] = {}
    for key in keys:
        field = given.get(key, HEADERS.get(key))
        if field is not None:
            out.append((field, True))
        elif extra == "keep":
            out.append((key, False))
        elif extra == "drop":
            out.append(("", False))
        else:
            out.append((key, False))
            unknown[key] = None
    problems += [FileProblem(1, None, name, "not a unit field") for name in unknown]
    named = Counter(name for name, _ in out if name)
    problems += [
        FileProblem(1, None, name, "column given twice")
        for name in sorted(name for name, times in named.items() if times > 1)
    ]
    if problems:
        raise DataFileError(str(file), problems)
    return out


def _csv_records(
    file: Path,
    text: str,
    *,
    columns: Mapping[str, str] | None = None,
    extra: Extra = "error",
    levels: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], list[int], list[FileProblem]]:
    """Parse CSV text into unit records (still to validate), their first lines and row problems.

    Text cells are unescaped (:func:`unescape_cell`); a cell that is empty or white space only
    (in the sense of :data:`_WHITE_SPACE`) is an absent value. Headers are recognised as
    :data:`~jiceng._headers.HEADERS` says, after ``columns=``; ``extra`` says what becomes of
    the others. A level cell is resolved through ``levels`` (a name → key mapping).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataFileError(
            str(file),
            [FileProblem(1, None, None, "empty file: a header row is needed")],
            unreadable=True,
        ) from None
    except csv.Error as error:
        raise DataFileError(str(file), [FileProblem(1, None, None, str(error))]) from error
    named = _columns_of(file, header, columns, extra)
    text_columns = [is_field and name not in _INT_FIELDS for name, is_field in named]
    names = [name for name, _ in named]
    kinds = [0 if not is_field else 1 if name else 2 for name, is_field in named]
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    width = len(named)
    problems = []
    plain = all(kind == 1 for kind in kinds)
    try:
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1  # a quoted cell may span several lines
            if not any(cell.strip(_WHITE_SPACE) for cell in row):
                continue
            if len(row) != width:
                problems.append(
                    FileProblem(
                        line, len(records), None, f"{len(row)} cells where the header has {width}"
                    )
                )
            record: dict[str, Any] = {
                name: unescape_cell(cell) if is_text else cell
                for name, cell, is_text, kind in zip(names, row, text_columns, kinds, strict=False)
                if kind and cell.strip(_WHITE_SPACE)
            }
            kept = None if plain else _kept(names, kinds, row)
            _convert(record, kept, line=line, index=len(records), problems=problems, levels=levels)
            records.append(record)
            lines.append(line)
    except csv.Error as error:
        raise DataFileError(
            str(file), [FileProblem(reader.line_num, None, None, str(error))]
        ) from error
    return records, lines, problems


def _kept(names: list[str], kinds: list[int], row: list[str]) -> dict[str, str]:
    """Return the non-empty cells of the kept columns (``extra="keep"``) of a row, as text."""
    return {
        name: unescape_cell(cell)
        for name, cell, kind in zip(names, row, kinds, strict=False)
        if kind == 0 and name and cell.strip(_WHITE_SPACE)
    }


def _convert(
    record: dict[str, Any],
    kept: dict[str, str] | None,
    *,
    line: int,
    index: int,
    problems: list[FileProblem],
    levels: Mapping[str, str] | None,
) -> None:
    """Turn a record's cells into the values its fields take: tags, counts, levels, attributes."""
    tags = record.get("tags")
    if tags is not None:
        record["tags"] = [tag for tag in tags.split(_TAG_SEPARATOR) if tag.strip(_WHITE_SPACE)]
    for name in _INT_FIELDS.intersection(record):
        cell = _count_text(record[name].strip())
        if cell is None:  # left for validation to refuse
            continue
        if len(cell) > _MAX_DIGITS:  # int() would refuse beyond 4,300 digits
            digits = len(cell.lstrip("+-"))
            message = f"a number of {digits} digits is out of range (at most {_MAX_DIGITS})"
            problems.append(FileProblem(line, index, name, message))
            del record[name]
        else:
            record[name] = int(cell)
    level = record.get("level")
    if levels is not None and isinstance(level, str):
        record["level"] = levels.get(level.strip(_WHITE_SPACE), level)
    cell = record.get("attributes")
    if isinstance(cell, str):
        _read_attributes(record, cell, line, index, problems)
    if kept:
        given = record.get("attributes", {})
        twice = sorted(set(kept).intersection(given))
        if twice:
            message = f"attributes {', '.join(twice)} given in a column and in attributes"
            problems.append(FileProblem(line, index, "attributes", message))
        record["attributes"] = {**given, **kept}


def _read_attributes(
    record: dict[str, Any], cell: str, line: int, index: int, problems: list[FileProblem]
) -> None:
    """Read an ``attributes`` cell (a JSON object), merging the kept columns of the row."""
    try:
        value = json.loads(unescape_cell(cell))
    except ValueError:
        value = None
    if not isinstance(value, dict):
        problems.append(FileProblem(line, index, "attributes", "not a JSON object"))
        del record["attributes"]
        return
    record["attributes"] = value


def _csv_chunks(dataset: Dataset, columns: Mapping[str, str] | None = None) -> Iterator[str]:
    """Write the units as CSV rows; ``columns`` maps fields to the headers to write for them.

    The ``attributes`` column (a JSON object a cell, so every value keeps its type) is written
    only when some unit has attributes.
    """
    if dataset.engines:
        raise DumpError(
            f"CSV holds units only and this dataset has other sections "
            f"({', '.join(dataset.engines)}); write JSON or JSON Lines, or dump "
            "dataset.hierarchy to CSV"
        )
    headers = dict(columns or {})
    unknown = [name for name in headers if name not in _FIELDS]
    if unknown:
        raise InvalidArgumentError(
            f"columns= maps fields to headers; {', '.join(map(repr, unknown))} is not a field"
        )
    hierarchy = dataset.hierarchy
    fields = [
        name
        for name in _FIELDS
        if name != "attributes" or any(unit.attributes for unit in hierarchy)
    ]
    written = [headers.get(name, name) for name in fields]
    twice = sorted(name for name, times in Counter(written).items() if times > 1)
    if twice:
        raise InvalidArgumentError(f"columns= writes the header {twice[0]!r} twice")
    buffer = io.StringIO()
    buffer.write(_csv_row(written))
    dump_python = _UNIT.dump_python
    for unit in hierarchy:
        if any(_TAG_SEPARATOR in tag for tag in unit.tags):
            raise DumpError(
                f"unit {unit.id!r} has a tag containing {_TAG_SEPARATOR!r}, "
                "which CSV uses to separate tags; write JSON instead"
            )
        row = dump_python(unit, mode="json")
        row["tags"] = _TAG_SEPARATOR.join(unit.tags)
        row["attributes"] = (
            json.dumps(row["attributes"], ensure_ascii=False) if unit.attributes else None
        )
        buffer.write(
            _csv_row(
                ""
                if row[name] is None
                else str(row[name])
                if name in _INT_FIELDS
                else escape_cell(row[name])
                for name in fields
            )
        )
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
