"""CSV for :mod:`jiceng.io`: the cell escape against spreadsheet formulas, and rows in and out."""

from __future__ import annotations

import csv
import io
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from jiceng._json import MAX_DIGITS as _MAX_DIGITS
from jiceng.dataset import Dataset
from jiceng.errors import DataFileError, DumpError, FileProblem
from jiceng.units import UNIT_FIELDS, OrgUnit

__all__ = ["escape_cell", "unescape_cell"]

_UNIT = TypeAdapter(OrgUnit)
_FIELDS = UNIT_FIELDS
TAG_SEPARATOR = ";"
_TAG_SEPARATOR = TAG_SEPARATOR
_INT_FIELDS = {"households", "population", "party_members", "built_year"}
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


def _csv_records(
    file: Path, text: str
) -> tuple[list[dict[str, Any]], list[int], list[FileProblem]]:
    """Parse CSV text into unit records (still to validate), their first lines and row problems.

    Text cells are unescaped (:func:`unescape_cell`); a cell that is empty or white space only
    (in the sense of :data:`_WHITE_SPACE`) is an absent value.
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
    columns = [name.strip() for name in header]
    unknown = [name for name in dict.fromkeys(columns) if name not in _FIELDS]
    repeated = sorted(name for name, times in Counter(columns).items() if times > 1)
    if unknown or repeated:
        problems = [FileProblem(1, None, name, "not a unit field") for name in unknown]
        problems += [FileProblem(1, None, name, "column given twice") for name in repeated]
        raise DataFileError(str(file), problems)
    text_columns = [name not in _INT_FIELDS for name in columns]
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    width = len(columns)
    problems = []
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
                for name, cell, is_text in zip(columns, row, text_columns, strict=False)
                if cell.strip(_WHITE_SPACE)
            }
            tags = record.get("tags")
            if tags is not None:
                record["tags"] = [
                    tag for tag in tags.split(_TAG_SEPARATOR) if tag.strip(_WHITE_SPACE)
                ]
            for name in _INT_FIELDS.intersection(record):
                cell = record[name].strip()
                if not _INTEGER.fullmatch(cell):  # left for validation to refuse
                    continue
                if len(cell) > _MAX_DIGITS:  # int() would refuse beyond 4,300 digits
                    digits = len(cell.lstrip("+-"))
                    message = f"a number of {digits} digits is out of range (at most {_MAX_DIGITS})"
                    problems.append(FileProblem(line, len(records), name, message))
                    del record[name]
                else:
                    record[name] = int(cell)
            records.append(record)
            lines.append(line)
    except csv.Error as error:
        raise DataFileError(
            str(file), [FileProblem(reader.line_num, None, None, str(error))]
        ) from error
    return records, lines, problems


def _csv_chunks(dataset: Dataset) -> Iterator[str]:
    if dataset.engines:
        raise DumpError(
            f"CSV holds units only and this dataset has other sections "
            f"({', '.join(dataset.engines)}); write JSON or JSON Lines, or dump "
            "dataset.hierarchy to CSV"
        )
    buffer = io.StringIO()
    buffer.write(_csv_row(_FIELDS))
    dump_python = _UNIT.dump_python
    for unit in dataset.hierarchy:
        if any(_TAG_SEPARATOR in tag for tag in unit.tags):
            raise DumpError(
                f"unit {unit.id!r} has a tag containing {_TAG_SEPARATOR!r}, "
                "which CSV uses to separate tags; write JSON instead"
            )
        row = dump_python(unit, mode="json")
        row["tags"] = _TAG_SEPARATOR.join(unit.tags)
        buffer.write(
            _csv_row(
                ""
                if row[name] is None
                else str(row[name])
                if name in _INT_FIELDS
                else escape_cell(row[name])
                for name in _FIELDS
            )
        )
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
