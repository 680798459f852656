r"""Reading and writing datasets: JSON, JSON Lines and CSV.

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
    of older government systems. A cell of any length and any text (line breaks, a lone ``\r``,
    the separators ``\x1c``–``\x1f``) is read back as written.

    **Spreadsheet formulas.** A spreadsheet program runs a cell beginning with ``=``, ``+``,
    ``-``, ``@``, a tab or ``\r`` as a formula, so :func:`dump` writes such a text cell with a
    ``'`` in front (:func:`escape_cell`): ``=1+1`` is written ``'=1+1``. To keep the round trip
    exact, a cell that already begins with ``'`` before such a character gets one more
    (``'=1`` is written ``''=1``); a cell beginning with ``'`` before anything else (``'quoted``)
    is written as it is. :func:`load` removes exactly that one ``'`` (:func:`unescape_cell`), so
    a hand-written ``'=1`` reads as ``=1``. The counts and ``built_year`` are numbers, never
    negative, and are never escaped.

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
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from jiceng._bulk import paused_gc
from jiceng._csv import _FIELD_LIMIT, _csv_chunks, _csv_records, escape_cell, unescape_cell
from jiceng._domains import SECTIONS
from jiceng._files import atomic_file
from jiceng._json import (
    _capped,
    _details,
    _field_of,
    _line_oversized,
    _out_of_range,
    _oversized,
    _parse_json,
)
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

__all__ = ["Format", "dump", "dumps", "escape_cell", "load", "unescape_cell"]

Format = Literal["json", "jsonl", "csv"]

_UNIT = TypeAdapter(OrgUnit)
_UNITS = TypeAdapter(list[OrgUnit])
_FIELDS = UNIT_FIELDS
_TAG_SEPARATOR = ";"
_INT_FIELDS = {"households", "population", "party_members", "built_year"}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_MAX_DIGITS = 100  # no number jiceng accepts has more digits; longer ones are refused unconverted
_MAX_DETAILS = 1000
r"""The characters a record's text fields strip (Unicode White_Space, as pydantic strips), which
is narrower than :meth:`str.strip`: ``\x1c``–``\x1f`` are kept, so a CSV cell of them is a value."""


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
        field is in ``.details``, the first in the message. A path that is not a regular file
        (a device such as ``/dev/zero``, a named pipe, a folder) is refused without being read,
        and a file that cannot be decoded is unreadable (``.unreadable``), header line or not.
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
    raw = _read(file)
    if kind == "json":
        return _load_json(file, raw, scheme, encoding)
    if kind == "jsonl":
        return _load_jsonl(file, raw, scheme, encoding)
    return _load_csv(file, raw, scheme, encoding)


def _unreadable(file: Path, message: str) -> DataFileError:
    return DataFileError(str(file), [FileProblem(None, None, None, message)], unreadable=True)


def _read(file: Path) -> bytes:
    """Read a regular file whole; refuse a device, a named pipe or a folder without reading it."""
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _unreadable(file, error.strerror or str(error)) from error
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "a folder"
                if stat.S_ISDIR(mode)
                else "a named pipe"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "not a regular file"
            )
            raise _unreadable(file, f"not a regular file ({kind}); jiceng reads files only")
        with os.fdopen(descriptor, "rb", closefd=False) as binary:
            return binary.read()
    except OSError as error:
        raise _unreadable(file, error.strerror or str(error)) from error
    finally:
        os.close(descriptor)


def _decode(file: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise DataFileError(
            str(file),
            [FileProblem(None, None, None, f"cannot decode as {encoding}: {error}")],
            unreadable=True,
        ) from error


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
        text = _decode(file, first, "utf-8")  # undecodable: unreadable, exit status 2
        try:
            parsed = _parse_json(text)
        except (ValueError, RecursionError) as error:  # JSONDecodeError
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


def _load_csv(file: Path, raw: bytes, scheme: LevelScheme | None, encoding: str | None) -> Dataset:
    text = _decode(file, raw, encoding or "utf-8").removeprefix("\ufeff")
    # No cell is longer than the text, so the csv module's limit on a field (131,072 characters
    # by default, a process-wide setting) is raised to the text's length while it is read, and
    # put back afterwards.
    with _FIELD_LIMIT:
        previous = csv.field_size_limit()
        csv.field_size_limit(max(previous, len(text) + 1))
        try:
            records, lines, problems = _csv_records(file, text)
        finally:
            csv.field_size_limit(previous)
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
    left out; a built-in scheme is written by name; CSV text cells that a spreadsheet would run
    as formulas are escaped (see the module's notes). The file is written to a new temporary
    file beside it, created exclusively under an unpredictable name, flushed to disk and renamed
    over ``path``: a reader or a concurrent dump sees the old file or a whole new one, a failed
    dump leaves any old file as it was and no temporary file, a ``0600`` file stays ``0600``, and
    a ``path`` that is a symbolic link is replaced by the file (the link's target is not
    written).

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
        Also if ``encoding`` cannot write a character of the data. Nothing is written.

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

    try:
        with atomic_file(file) as binary:
            out = io.TextIOWrapper(binary, encoding=encoding, newline="")
            out.writelines(chunks)
            out.detach()  # flushes; the binary file is closed by atomic_file
    except UnicodeEncodeError as error:
        raise DumpError(
            f"{file}: {error.object[error.start : error.end]!r} cannot be written in {encoding}; "
            "nothing was written"
        ) from error


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
