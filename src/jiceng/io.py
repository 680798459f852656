"""Reading and writing datasets: JSON, JSON Lines and CSV.

The format follows the file's suffix unless ``format=`` says otherwise:

``.json``
    One document ``{"format": "jiceng/1", "name": ..., "description": ..., "scheme": ...,
    "units": [...], "renovation_policy": ..., "projects": [...], "pay_schemes": [...],
    "workers": [...], "departments": [...], "services": [...], "centres": [...],
    "walking_times": [...]}`` (see
    :class:`~jiceng.dataset.DatasetFile`); ``scheme`` is the name of a built-in scheme or a full
    scheme object; every section but ``format`` and ``units`` is optional.
``.jsonl``
    One JSON object a line. The first line may be a header with ``"format": "jiceng/1"`` and any
    section of the JSON document but the units (``name``, ``description``, ``scheme``,
    ``renovation_policy``, ``projects``, ``pay_schemes``, ``workers``, ``departments``,
    ``services``, ``centres``, ``walking_times``); every other line is a unit. Suited to streaming a
    large hierarchy.
``.csv``
    A header row naming unit fields (``id``, ``name``, ``level`` and any others), then one unit a
    row; empty cells are absent values and ``tags`` are separated by ``;``. Read as UTF-8 with or
    without a byte-order mark by default; ``encoding="gb18030"`` (or ``"gbk"``) reads the exports
    of older government systems.

A file that cannot be read or whose records are invalid raises :class:`~jiceng.DataFileError`,
naming the file, the line (JSON Lines, CSV) or record (JSON), and the field; units that do not fit
together raise :class:`~jiceng.IntegrityError` listing every problem. Nothing is half-loaded.
:func:`dump` writes a canonical form, through a temporary file, so that what it writes loads back
equal and a second dump is byte-identical.

Examples
--------
>>> import pathlib, tempfile
>>> import jiceng
>>> district = jiceng.examples.tongchuan()
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for suffix in (".json", ".jsonl"):
...     jiceng.dump(district, folder / f"district{suffix}")
...     print(suffix, jiceng.load(folder / f"district{suffix}") == district)
.json True
.jsonl True
>>> jiceng.dump(district.hierarchy, folder / "district.csv")   # CSV holds units only
>>> jiceng.load(folder / "district.csv").hierarchy == district.hierarchy
True
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from jiceng._bulk import paused_gc
from jiceng._domains import SECTIONS
from jiceng._files import write_atomically
from jiceng._section import Written
from jiceng.dataset import FORMAT, Dataset, DatasetFile, DatasetFileBase
from jiceng.errors import (
    DataFileError,
    DumpError,
    FileProblem,
    IntegrityError,
    InvalidArgumentError,
    Problem,
)
from jiceng.hierarchy import Hierarchy
from jiceng.levels import BUILTIN_SCHEMES, URBAN_FIVE_LEVEL, LevelScheme
from jiceng.units import UNIT_FIELDS, OrgUnit

__all__ = ["Format", "dump", "dumps", "load"]

Format = Literal["json", "jsonl", "csv"]

_UNIT = TypeAdapter(OrgUnit)
_UNITS = TypeAdapter(list[OrgUnit])
_FIELDS = UNIT_FIELDS
_TAG_SEPARATOR = ";"
_INT_FIELDS = {"households", "population", "party_members", "built_year"}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_MAX_DIGITS = 100  # no number jiceng accepts has more digits; longer ones are refused unconverted
_MAX_DETAILS = 1000


def _format_of(path: Path, format: Format | None) -> Format:
    if format is not None:
        if format not in ("json", "jsonl", "csv"):
            raise InvalidArgumentError(f"format must be 'json', 'jsonl' or 'csv'; got {format!r}")
        return format
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise DataFileError(
        str(path),
        [FileProblem(None, None, None, "unknown file type; use .json, .jsonl or .csv, or format=")],
        unreadable=True,
    )


def load(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    scheme: LevelScheme | None = None,
    encoding: str | None = None,
) -> Dataset:
    r"""Read a dataset file.

    Parameters
    ----------
    path
        The file; its suffix (``.json``, ``.jsonl``, ``.csv``) gives the format.
    format
        ``"json"``, ``"jsonl"`` or ``"csv"``, overriding the suffix.
    scheme
        The level scheme for a file that does not name one (CSV, JSON Lines without a header);
        a file that names a different scheme is an error. The default is the five-level network.
    encoding
        The text encoding. JSON and JSON Lines are UTF-8 (a byte-order mark is tolerated); CSV
        defaults to UTF-8 with or without a byte-order mark and accepts e.g. ``"gb18030"``.

    Returns
    -------
    Dataset

    Raises
    ------
    DataFileError
        If the file cannot be read or parsed, or a record is invalid: every invalid record and
        field is in ``.details``, the first in the message.
    IntegrityError
        If the units do not fit together; every problem is in ``.problems``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "units.csv"
    >>> _ = path.write_text("id,name,level,parent,households\n"
    ...                     "xc,西城街道,street,,\n"
    ...                     "xbj,小北街社区,community,xc,-5\n", encoding="utf-8")
    >>> try:
    ...     load(path)
    ... except DataFileError as error:
    ...     print(error.line, error.field)
    3 households
    """
    file = Path(path)
    kind = _format_of(file, format)
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise DataFileError(
            str(file),
            [FileProblem(None, None, None, error.strerror or str(error))],
            unreadable=True,
        ) from error
    if kind == "json":
        return _load_json(file, raw, scheme, encoding)
    if kind == "jsonl":
        return _load_jsonl(file, raw, scheme, encoding)
    return _load_csv(file, raw, scheme, encoding)


def _decode(file: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise DataFileError(
            str(file),
            [FileProblem(None, None, None, f"cannot decode as {encoding}: {error}")],
            unreadable=True,
        ) from error


def _field_of(loc: Sequence[int | str]) -> str | None:
    """Write a location inside a record as ``measures[1].cost``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def _details(
    error: ValidationError, line_of: Any = None, *, line: int | None = None, cap: bool = True
) -> list[FileProblem]:
    """Turn a validation error into file problems.

    A location inside ``units`` names the unit's index and field (``households``); one inside
    another section names the record's index and the section's path (``projects.measures.cost``).
    With ``cap``, the first ``_MAX_DETAILS`` are kept and a last one counts the rest.
    """
    items = error.errors(include_url=False)
    out = []
    for item in items[:_MAX_DETAILS] if cap else items:
        record, field = _located(item["loc"])
        where = line_of(record) if (line_of is not None and record is not None) else line
        if where is None and item["type"] == "json_invalid":
            found = _JSON_POSITION.search(item["msg"])
            where = int(found[1]) if found else None
        out.append(FileProblem(where, record, field, item["msg"]))
    return _capped(out, len(items)) if cap else out


def _capped(details: list[FileProblem], total: int) -> list[FileProblem]:
    """Keep the first ``_MAX_DETAILS`` problems and say exactly how many more there are.

    Examples
    --------
    >>> many = [FileProblem(n, None, None, "bad") for n in range(1, 1_006)]
    >>> capped = _capped(many, 1_005)
    >>> len(capped), capped[-1].message
    (1001, '5 more problems, not listed: the first 1,000 of 1,005 are')
    """
    if total <= _MAX_DETAILS:
        return details
    rest = total - _MAX_DETAILS
    noun = "problem" if rest == 1 else "problems"
    return [
        *details[:_MAX_DETAILS],
        FileProblem(
            None,
            None,
            None,
            f"{rest:,} more {noun}, not listed: the first {_MAX_DETAILS:,} of {total:,} are",
        ),
    ]


_JSON_POSITION = re.compile(r" at line ([0-9]+) column [0-9]+$")


def _located(location: Sequence[int | str]) -> tuple[int | None, str | None]:
    """Return the record index and the field that a location inside a file names."""
    loc = list(location)
    section = None
    if len(loc) > 1 and isinstance(loc[0], str) and isinstance(loc[1], int):
        section = None if loc[0] == "units" else loc[0]
        loc = loc[1:]
    record = None
    if loc and isinstance(loc[0], int):
        record = loc[0]
        loc = loc[1:]
    field = _field_of(loc)
    if section is not None:
        field = section if field is None else f"{section}.{field}"
    return record, field


class _Oversized:
    """What :func:`_parse_json` puts in place of an integer of more than ``_MAX_DIGITS`` digits."""

    __slots__ = ("digits",)

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-"))


def _parse_int(text: str) -> int | _Oversized:
    return _Oversized(text) if len(text) > _MAX_DIGITS else int(text)


def _parse_constant(text: str) -> Any:
    raise InvalidArgumentError(f"{text} is not a JSON number")


def _parse_json(text: str | bytes) -> Any:
    """Parse standard JSON with the standard library, keeping over-long integers unconverted.

    ``NaN`` and ``Infinity`` are refused (they are not JSON); an integer of more than
    ``_MAX_DIGITS`` digits becomes an ``_Oversized`` marker, which :func:`_oversized` finds.
    Raises ``ValueError`` (a ``json.JSONDecodeError`` for bad syntax) or ``RecursionError``.
    """
    return json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)


def _oversized(value: Any, line: int | None, record: int | None = None) -> list[FileProblem]:
    """Return a problem for every over-long integer in a parsed value, naming its field."""
    out = []
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(value, ())]
    while stack:
        item, loc = stack.pop()
        if isinstance(item, _Oversized):
            at, field = _located(loc)
            out.append(
                FileProblem(
                    line,
                    record if record is not None else at,
                    field,
                    f"a number of {item.digits} digits is out of range (at most {_MAX_DIGITS})",
                )
            )
        elif isinstance(item, dict):
            stack.extend((v, (*loc, k)) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((v, (*loc, i)) for i, v in reversed(list(enumerate(item))))
    return out


def _checked_scheme(
    file: Path, named: LevelScheme | None, given: LevelScheme | None
) -> LevelScheme:
    if named is not None and given is not None and named != given:
        raise DataFileError(
            str(file),
            [
                FileProblem(
                    None,
                    None,
                    "scheme",
                    f"the file's scheme {named.name!r} differs from the scheme= given "
                    f"({given.name!r})",
                )
            ],
        )
    return named or given or URBAN_FIVE_LEVEL


def _assemble(
    file: Path, head: DatasetFileBase, units: list[OrgUnit], scheme: LevelScheme
) -> Dataset:
    """Build the engines of a dataset from its validated records; name the file on failure.

    The hierarchy comes first; then every engine is built, and the problems of all of them are
    reported together.
    """
    try:
        hierarchy = Hierarchy(units, scheme)
    except IntegrityError as error:
        raise IntegrityError(error.problems, source=str(file)) from None
    problems: list[Problem] = []
    engines: dict[str, object] = {}
    for section in SECTIONS:
        try:
            engine = section.build(section.values(head), hierarchy)
        except IntegrityError as error:
            problems.extend(error.problems)
            continue
        if engine is not None:
            engines[section.domain] = engine
    if problems:
        raise IntegrityError(problems, source=str(file))
    return Dataset(hierarchy, head.name, head.description, engines=engines)


def _codec(file: Path, encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError as error:
        raise DataFileError(
            str(file),
            [FileProblem(None, None, None, f"unknown encoding {encoding!r}")],
            unreadable=True,
        ) from error


def _utf8(file: Path, raw: bytes, encoding: str | None) -> bytes:
    """Return the file's bytes as UTF-8 without a byte-order mark, transcoding if need be."""
    if encoding is not None and _codec(file, encoding) not in ("utf-8", "utf-8-sig"):
        raw = _decode(file, raw, encoding).encode("utf-8")
    return raw.removeprefix(codecs.BOM_UTF8)


def _load_json(file: Path, raw: bytes, scheme: LevelScheme | None, encoding: str | None) -> Dataset:
    try:
        with paused_gc():
            document = DatasetFile.model_validate_json(_utf8(file, raw, encoding))
    except ValidationError as error:
        items = error.errors()
        syntax = any(item["type"] in ("json_invalid", "json_type") for item in items)
        details = _details(error)
        if _out_of_range(items):  # name the field of an over-long number
            details = _line_oversized(_utf8(file, raw, encoding), details[0].line, None) or details
        raise DataFileError(str(file), details, unreadable=syntax) from error
    named = document.scheme if "scheme" in document.model_fields_set else None
    return _assemble(file, document, document.units, _checked_scheme(file, named, scheme))


_BLANK_LINE = re.compile(rb"(?:^|\n)[ \t\r]*(?:\n|$)")


def _load_jsonl(
    file: Path, raw: bytes, scheme: LevelScheme | None, encoding: str | None
) -> Dataset:
    data = _utf8(file, raw, encoding)
    header: dict[str, Any] = {}
    newline = data.find(b"\n")
    first = data if newline < 0 else data[:newline]
    if b'"format"' in first:
        try:
            parsed = _parse_json(first)
        except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError
            raise DataFileError(
                str(file), [FileProblem(1, None, None, f"invalid JSON: {error}")]
            ) from error
        if isinstance(parsed, dict) and "format" in parsed:
            oversized = _oversized(parsed, 1)
            if oversized:
                raise DataFileError(str(file), oversized)
            header = parsed
            data = b"" if newline < 0 else data[newline + 1 :]
    head = _jsonl_header(file, header)
    named = head.scheme if "scheme" in header else None
    chosen = _checked_scheme(file, named, scheme)
    body = data.rstrip(b" \t\r\n")
    offset = 2 if header else 1  # the file line of the first unit line
    # Fast path: one validation call over the whole array, straight from the bytes, when every
    # line holds something; otherwise, or on any error, look at the lines one by one.
    units: list[OrgUnit] | None = None
    if body and not _BLANK_LINE.search(body):
        try:
            with paused_gc():
                units = _UNITS.validate_json(b"[" + body.replace(b"\n", b",") + b"]")
        except ValidationError:
            units = None
        if units is not None and not _one_record_a_line(body, len(units)):
            units = None  # a record split over lines, or more than one on a line
    elif not body:
        units = []
    if units is None:
        text = _decode(file, data, "utf-8")
        numbered = [
            (number, line.removesuffix("\r"))
            for number, line in enumerate(text.split("\n"), offset)
            if line.strip()
        ]
        units = _jsonl_units(file, numbered)
    return _assemble(file, head, units, chosen)


def _one_record_a_line(body: bytes, records: int) -> bool:
    r"""Whether the fast path's array of ``records`` values held exactly one value a line.

    Joining the lines with commas also parses a record split where a comma may stand, or two
    records on one line. A line boundary that is ``}`` then ``{`` (a line feed between, maybe a
    carriage return) cannot fall inside a unit, whose values are strings, numbers and lists of
    strings; so when every line boundary looks so and there are as many values as lines, each
    line held one record. Anything else is left to the line-by-line path, which is exact.

    Examples
    --------
    >>> _one_record_a_line(b'{"id": "a"}\n{"id": "b"}', 2)
    True
    >>> _one_record_a_line(b'{"id": "a",\n"name": "b"}\n{"id": "c"},{"id": "d"}', 3)
    False
    """
    lines = body.count(b"\n")
    return (
        records == lines + 1
        and body.startswith(b"{")
        and body.endswith(b"}")
        and body.count(b"}\n{") + body.count(b"}\r\n{") == lines
    )


def _jsonl_header(file: Path, header: dict[str, Any]) -> DatasetFileBase:
    """Validate a JSON Lines header: every section of a dataset file but the units."""
    if not header:
        return DatasetFile(format="jiceng/1", units=[])
    if "units" in header:
        raise DataFileError(
            str(file), [FileProblem(1, None, "units", "units go one a line, not in the header")]
        )
    try:
        return DatasetFile.model_validate({**header, "units": []})
    except ValidationError as error:
        raise DataFileError(str(file), _details(error, line=1)) from error


def _jsonl_units(file: Path, numbered: Sequence[tuple[int, str]]) -> list[OrgUnit]:
    """Validate JSON Lines one line at a time, reporting every bad line."""
    units: list[OrgUnit] = []
    details = _jsonl_details(numbered, units)
    if details:
        raise DataFileError(str(file), details)
    return units


def _jsonl_details(numbered: Sequence[tuple[int, str]], units: list[OrgUnit]) -> list[FileProblem]:
    """Validate every line; list the first ``_MAX_DETAILS`` problems and count all of them."""
    details: list[FileProblem] = []
    total = 0
    for record, (number, line) in enumerate(numbered):
        try:
            units.append(_UNIT.validate_json(line))
        except ValidationError as error:
            items = error.errors(include_url=False)
            problems = _line_oversized(line, number, record) if _out_of_range(items) else []
            problems = problems or [
                FileProblem(number, record, _field_of(item["loc"]), item["msg"]) for item in items
            ]
            total += len(problems)
            details.extend(problems[: max(_MAX_DETAILS - len(details), 0)])
    return _capped(details, total)


def _out_of_range(items: Sequence[Any]) -> bool:
    """Whether pydantic's JSON parser stopped at a number too long for it."""
    return bool(items) and items[0]["type"] == "json_invalid" and "out of range" in items[0]["msg"]


def _line_oversized(line: str | bytes, number: int | None, record: int | None) -> list[FileProblem]:
    """Name the fields of a line's over-long integers, which pydantic's parser refuses unnamed."""
    try:
        return _oversized(_parse_json(line), number, record)
    except (ValueError, RecursionError):
        return []


def _load_csv(file: Path, raw: bytes, scheme: LevelScheme | None, encoding: str | None) -> Dataset:
    text = _decode(file, raw, encoding or "utf-8").removeprefix("\ufeff")
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
    unknown = [name for name in columns if name not in _FIELDS]
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if unknown or repeated:
        problems = [FileProblem(1, None, name, "not a unit field") for name in unknown]
        problems += [FileProblem(1, None, name, "column given twice") for name in repeated]
        raise DataFileError(str(file), problems)
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    width = len(columns)
    problems = []
    try:
        start = reader.line_num + 1
        for row in reader:
            line, start = start, reader.line_num + 1  # a quoted cell may span several lines
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                problems.append(
                    FileProblem(
                        line, len(records), None, f"{len(row)} cells where the header has {width}"
                    )
                )
            record: dict[str, Any] = {
                name: cell for name, cell in zip(columns, row, strict=False) if cell.strip()
            }
            tags = record.get("tags")
            if tags is not None:
                record["tags"] = [tag for tag in tags.split(_TAG_SEPARATOR) if tag.strip()]
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
    try:
        with paused_gc():
            units = _UNITS.validate_python(records)
    except ValidationError as error:
        problems += _details(error, lines.__getitem__, cap=False)
    if problems:  # every bad row, in file order
        problems.sort(key=lambda problem: problem.line or 0)
        raise DataFileError(str(file), _capped(problems, len(problems)))
    head = DatasetFile(format="jiceng/1", units=[])
    return _assemble(file, head, units, _checked_scheme(file, None, scheme))


def dump(
    data: Dataset | Hierarchy,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    encoding: str = "utf-8",
) -> None:
    """Write a dataset (or a bare hierarchy) to a file, in a canonical form.

    Units are written in hierarchy order, one a line (one a row in CSV), with absent values
    left out; a built-in scheme is written by name. The file is written to a temporary file
    beside it and then renamed, so a failed dump leaves any old file as it was.

    Parameters
    ----------
    data
        What to write.
    path
        The file; its suffix gives the format.
    format
        ``"json"``, ``"jsonl"`` or ``"csv"``, overriding the suffix.
    encoding
        The text encoding; UTF-8 by default (``"utf-8-sig"`` adds a byte-order mark for
        spreadsheet programs; ``"gb18030"`` for older systems).

    Raises
    ------
    DumpError
        If a CSV dump would lose data: a tag containing ``;``, or a dataset with sections other
        than units (renovation projects, a payroll); dump ``dataset.hierarchy`` to CSV instead.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from jiceng import Hierarchy, OrgUnit
    >>> h = Hierarchy([OrgUnit(id="xc", name="西城街道", level="street")])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "xc.jsonl"
    >>> dump(h, path)
    >>> print(path.read_text(encoding="utf-8"), end="")
    {"format": "jiceng/1", "scheme": "urban_five_level"}
    {"id": "xc", "name": "西城街道", "level": "street"}
    """
    file = Path(path)
    chunks = _chunks(data, _format_of(file, format))

    def write(temporary: Path) -> None:
        with temporary.open("w", encoding=encoding, newline="") as out:
            out.writelines(chunks)

    write_atomically(file, write)


def dumps(data: Dataset | Hierarchy, *, format: Format) -> str:
    """Return what :func:`dump` would write in ``format``, as a string.

    Raises
    ------
    DumpError
        As :func:`dump`.
    InvalidArgumentError
        If ``format`` is not ``"json"``, ``"jsonl"`` or ``"csv"``.

    Examples
    --------
    >>> from jiceng import Hierarchy, OrgUnit
    >>> h = Hierarchy([OrgUnit(id="xc", name="西城街道", level="street", households=12000)])
    >>> print(dumps(h, format="csv"), end="")  # doctest: +ELLIPSIS
    id,name,level,parent,...households,...
    xc,西城街道,street,,...12000,...
    """
    return "".join(_chunks(data, _format_of(Path("-"), format)))


def _chunks(data: Dataset | Hierarchy, kind: Format) -> Iterator[str]:
    dataset = data if isinstance(data, Dataset) else Dataset(hierarchy=data)
    if kind == "json":
        return _json_chunks(dataset)
    if kind == "jsonl":
        return _jsonl_chunks(dataset)
    return _csv_chunks(dataset)


def _scheme_value(scheme: LevelScheme) -> Any:
    builtin = BUILTIN_SCHEMES.get(scheme.name)
    if builtin is not None and builtin == scheme:
        return scheme.name
    return scheme.model_dump(mode="json", exclude_none=True)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _unit_lines(hierarchy: Hierarchy) -> Iterator[str]:
    dump_python = _UNIT.dump_python
    for unit in hierarchy:
        yield _dumps(dump_python(unit, mode="json", exclude_defaults=True))


def _header(dataset: Dataset) -> dict[str, Any]:
    header: dict[str, Any] = {"format": FORMAT}
    if dataset.name is not None:
        header["name"] = dataset.name
    if dataset.description is not None:
        header["description"] = dataset.description
    header["scheme"] = _scheme_value(dataset.scheme)
    return header


def _sections(dataset: Dataset) -> list[Written]:
    """Return the sections after the units, every domain's in turn, in file order."""
    return [
        written
        for section in SECTIONS
        if (engine := dataset.engines.get(section.domain)) is not None
        for written in section.dump(engine)
    ]


def _json_list(lines: Iterable[str]) -> Iterator[str]:
    yield "["
    first = True
    for line in lines:
        yield ("\n  " if first else ",\n  ") + line
        first = False
    yield "]" if first else "\n ]"


def _json_chunks(dataset: Dataset) -> Iterator[str]:
    yield "{\n"
    for key, value in _header(dataset).items():
        yield f" {_dumps(key)}: {_dumps(value)},\n"
    yield ' "units": '
    yield from _json_list(_unit_lines(dataset.hierarchy))
    for written in _sections(dataset):
        yield f",\n {_dumps(written.key)}: "
        if written.records:
            yield from _json_list(_dumps(record) for record in written.value)
        else:
            yield _dumps(written.value)
    yield "\n}\n"


def _jsonl_chunks(dataset: Dataset) -> Iterator[str]:
    header = _header(dataset)
    for written in _sections(dataset):
        header[written.key] = written.value
    yield _dumps(header) + "\n"
    for line in _unit_lines(dataset.hierarchy):
        yield line + "\n"


def _csv_chunks(dataset: Dataset) -> Iterator[str]:
    if dataset.engines:
        raise DumpError(
            f"CSV holds units only and this dataset has other sections "
            f"({', '.join(dataset.engines)}); write JSON or JSON Lines, or dump "
            "dataset.hierarchy to CSV"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_FIELDS)
    dump_python = _UNIT.dump_python
    for unit in dataset.hierarchy:
        if any(_TAG_SEPARATOR in tag for tag in unit.tags):
            raise DumpError(
                f"unit {unit.id!r} has a tag containing {_TAG_SEPARATOR!r}, "
                "which CSV uses to separate tags; write JSON instead"
            )
        row = dump_python(unit, mode="json")
        row["tags"] = _TAG_SEPARATOR.join(unit.tags)
        writer.writerow(["" if row[name] is None else row[name] for name in _FIELDS])
        if buffer.tell() > 1 << 16:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
