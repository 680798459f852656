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
    row; empty cells are absent values and ``tags`` are separated by ``;``. By default the bytes
    are read as UTF-8 (with or without a byte-order mark) where they are UTF-8, else as GB18030,
    the encoding of older government systems' exports; ``encoding=`` names any other (``"gbk"``)
    or forces one. A cell of any length and any text (line breaks, a lone ``\r``, the separators
    ``\x1c``–``\x1f``) is read back as written.

    **Government spreadsheets.** A header may be a field's English name or one of the Chinese
    headers of :data:`HEADERS` (编号, 上级编号, 户数 …; surrounding white space and a byte-order
    mark ignored); ``columns=`` maps any other (``{"单位编号": "id"}``). A column that names no
    field is an error naming every such column, unless ``extra="drop"`` drops it or
    ``extra="keep"`` keeps its non-empty cells, as text, in the unit's ``attributes``. A level
    cell may hold the level's key, its territory (街道), its organisation (街道党工委), its
    English label or an alias of :data:`LEVEL_ALIASES` (片区 for the urban grid). A count or
    ``built_year`` may be written ``1,200`` (thousands separators) or ``1200.0`` (a whole
    number); ``1,20``, ``1.5``, ``1e3`` and full-width digits (``１２００``) are refused.

    **Attributes** are written as one ``attributes`` column holding a JSON object (only when
    some unit has attributes), so each value keeps its type: the text ``"13800000000"`` and the
    number ``13800000000`` read back as they were written. ``dump(..., columns=...)`` writes
    other headers for the fields (:data:`CHINESE_HEADERS` gives the Chinese ones), which load
    recognises again.

    **Spreadsheet formulas.** A spreadsheet program runs a cell beginning with ``=``, ``+``,
    ``-``, ``@``, a tab or ``\r`` as a formula, so :func:`dump` writes such a text cell with a
    ``'`` in front (:func:`escape_cell`): ``=1+1`` is written ``'=1+1``. To keep the round trip
    exact, a cell that already begins with ``'`` before such a character gets one more
    (``'=1`` is written ``''=1``); a cell beginning with ``'`` before anything else (``'quoted``)
    is written as it is. :func:`load` removes exactly that one ``'`` (:func:`unescape_cell`), so
    a hand-written ``'=1`` reads as ``=1``. The counts and ``built_year`` are numbers, never
    negative, and are never escaped.

A file that cannot be read or whose records are invalid raises :class:`~jiceng.DataFileError`,
naming the file, the line (JSON Lines, CSV) or record (JSON), and the field; in the same pass the
valid records (and the ids and parents of invalid ones) are checked for how they fit together,
and those problems (duplicate ids, unknown parents, cycles, levels, codes) join the same error,
each with the lines of its records (``.problems``). Units that are all valid but do not fit
together raise :class:`~jiceng.IntegrityError` listing every problem, each with its ``lines``
(in JSON, the line on which each record begins). Nothing is half-loaded. :func:`load` and
:func:`dump` take a path or an open file; :func:`loads` and :func:`dumps` work on strings.
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
import contextlib
import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal, cast

from pydantic import TypeAdapter, ValidationError

from jiceng._bulk import paused_gc
from jiceng._csv import (
    _FIELD_LIMIT,
    Extra,
    _csv_chunks,
    _csv_records,
    escape_cell,
    unescape_cell,
)
from jiceng._domains import SECTIONS
from jiceng._files import atomic_file, auto_encoding, codec, decode, read_source
from jiceng._headers import CHINESE_HEADERS, HEADERS, LEVEL_ALIASES, level_names
from jiceng._json import (
    _MAX_DETAILS,
    Codes,
    _details,
    _jsonl_details,
    _line_oversized,
    _one_pass,
    _out_of_range,
    _oversized,
    _parse_json,
    _record_lines,
)
from jiceng._section import Written
from jiceng.dataset import FORMAT, Dataset, DatasetFile, DatasetFileBase
from jiceng.errors import (
    DataFileError,
    DumpError,
    FileProblem,
    IntegrityError,
    InvalidArgumentError,
    JicengTypeError,
    Problem,
)
from jiceng.hierarchy import Hierarchy
from jiceng.levels import BUILTIN_SCHEMES, URBAN_FIVE_LEVEL, LevelScheme, resolve_scheme
from jiceng.units import UNIT_FIELDS, OrgUnit

__all__ = [
    "CHINESE_HEADERS",
    "HEADERS",
    "LEVEL_ALIASES",
    "Codes",
    "Extra",
    "Format",
    "Source",
    "dump",
    "dumps",
    "escape_cell",
    "load",
    "loads",
    "unescape_cell",
]

Format = Literal["json", "jsonl", "csv"]

_UNIT = TypeAdapter(OrgUnit)
_UNITS = TypeAdapter(list[OrgUnit])
_FIELDS = UNIT_FIELDS
_TAG_SEPARATOR = ";"
_INT_FIELDS = {"households", "population", "party_members", "built_year"}
r"""The characters a record's text fields strip (Unicode White_Space, as pydantic strips), which
is narrower than :meth:`str.strip`: ``\x1c``–``\x1f`` are kept, so a CSV cell of them is a value."""


_UNKNOWN_TYPE = "unknown file type; use .json, .jsonl or .csv, or format= (--format in the CLI)"


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
        [FileProblem(None, None, None, _UNKNOWN_TYPE)],
        unreadable=True,
    )


Source = str | os.PathLike[str] | IO[bytes] | IO[str]
"""What :func:`load` reads and :func:`dump` writes: a path, or an open binary or text file."""


def load(
    source: Source,
    *,
    format: Format | None = None,
    scheme: LevelScheme | str | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    extra: Extra = "error",
    codes: Codes = "strict",
) -> Dataset:
    r"""Read a dataset file.

    Parameters
    ----------
    source
        The file: a path, whose suffix (``.json``, ``.jsonl``, ``.csv``) gives the format, or a
        file open for reading in binary or text mode (its ``name``'s suffix, or ``format=``).
    format
        ``"json"``, ``"jsonl"`` or ``"csv"``, overriding the suffix.
    scheme
        The level scheme (or a built-in scheme's name, ``"rural"``) for a file that does not name
        one (CSV, JSON Lines without a header); a file that names a different scheme is an
        error. The default is the five-level network.
    encoding
        The text encoding of a binary source. JSON and JSON Lines are UTF-8 (a byte-order mark is
        tolerated), and ``"auto"`` reads them as UTF-8 where the bytes are UTF-8, else GB18030.
        CSV defaults to ``"auto"``: UTF-8 with or without a byte-order mark where the bytes
        are UTF-8, else GB18030 (with or without its own mark) where they are GB18030, as the
        exports of older government systems are; name any other encoding (``"gbk"``,
        ``"big5"``) or force one. A text source is read as it is.
    columns
        CSV: the file's headers mapped to unit fields (``{"编号": "id"}``), before the headers
        recognised without it (see the module's notes).
    extra
        CSV: what becomes of a column that names no field: ``"error"`` (one error naming every
        such column), ``"drop"``, or ``"keep"`` (in each unit's ``attributes``, as text).
    codes
        ``"strict"`` or ``"warn"``: how the hierarchy treats division codes that do not nest
        (see :class:`~jiceng.Hierarchy`).

    Returns
    -------
    Dataset

    Raises
    ------
    DataFileError
        If the file cannot be read or parsed, or a record is invalid: every invalid record and
        field is in ``.details``, the first in the message, together with every problem between
        the records that did validate (``.problems``, with their lines). A path that is not a
        regular file (a device such as ``/dev/zero``, a named pipe, a folder) is refused without
        being read, and a file that cannot be decoded is unreadable (``.unreadable``), header
        line or not; its message suggests GB18030 where the bytes read as GB18030.
    IntegrityError
        If every record is valid but the units do not fit together; every problem is in
        ``.problems``, with the file lines of its units (CSV, JSON Lines, JSON).

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
    >>> _ = path.write_text("编号,名称,层级,网格员\nxc,西城街道,街道,张三\n", encoding="utf-8")
    >>> with open(path, "rb") as binary:
    ...     print(load(binary, extra="keep").hierarchy["xc"].attributes)
    Attributes({'网格员': '张三'})
    """
    file, raw, text = read_source(source)
    return _load_bytes(
        file,
        raw,
        _format_of(file, format),
        scheme=scheme,
        encoding="utf-8" if text else encoding,
        columns=columns,
        extra=extra,
        codes=codes,
    )


def loads(
    data: str | bytes,
    *,
    format: Format,
    scheme: LevelScheme | str | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    extra: Extra = "error",
    codes: Codes = "strict",
) -> Dataset:
    r"""Read a dataset from a string (or bytes, decoded with ``encoding``), as :func:`load` does.

    Errors name the file ``<string>``.

    Examples
    --------
    >>> d = loads("编号,名称,层级,上级编号,户数\nxc,西城街道,街道,,\"12,000\"\n", format="csv")
    >>> d.hierarchy["xc"].level, d.hierarchy["xc"].households
    ('street', 12000)
    """
    if not isinstance(data, str | bytes | bytearray | memoryview):
        raise JicengTypeError(f"loads() reads a str or bytes, got {type(data)!r}")
    text = isinstance(data, str)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    file = Path("<string>")
    kind = _format_of(file, format)
    return _load_bytes(
        file,
        raw,
        kind,
        scheme=scheme,
        encoding="utf-8" if text else encoding,
        columns=columns,
        extra=extra,
        codes=codes,
    )


def _load_bytes(
    file: Path,
    raw: bytes,
    kind: Format,
    *,
    scheme: LevelScheme | str | None,
    encoding: str | None,
    columns: Mapping[str, str] | None,
    extra: Extra,
    codes: Codes,
) -> Dataset:
    if extra not in ("error", "drop", "keep"):
        raise InvalidArgumentError(f"extra must be 'error', 'drop' or 'keep'; got {extra!r}")
    if (scheme := resolve_scheme(scheme)) is not None and not isinstance(scheme, LevelScheme):
        raise JicengTypeError(f"scheme must be a LevelScheme or a scheme's name: {scheme!r}")
    if codes not in ("strict", "warn"):
        raise InvalidArgumentError(f"codes must be 'strict' or 'warn'; got {codes!r}")
    if encoding is not None and encoding.lower() == "auto":
        encoding = auto_encoding(raw)
    if kind == "json":
        return _load_json(file, raw, scheme, encoding, codes)
    if kind == "jsonl":
        return _load_jsonl(file, raw, scheme, encoding, codes)
    return _load_csv(file, raw, scheme, encoding, columns=columns, extra=extra, codes=codes)


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


def _assemble(file: Path, head: DatasetFileBase, hierarchy: Hierarchy) -> Dataset:
    """Build the engines of a dataset around its hierarchy; name the file on failure.

    Every engine is built, and the problems of all of them are reported together.
    """
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


def _utf8(file: Path, raw: bytes, encoding: str | None) -> bytes:
    """Return the file's bytes as UTF-8 without a byte-order mark, transcoding if need be."""
    if encoding is not None and codec(file, encoding) not in ("utf-8", "utf-8-sig"):
        raw = decode(file, raw, encoding).encode("utf-8")
    return raw.removeprefix(codecs.BOM_UTF8)


def _load_json(
    file: Path, raw: bytes, scheme: LevelScheme | None, encoding: str | None, codes: Codes
) -> Dataset:
    data = _utf8(file, raw, encoding)
    try:
        with paused_gc():
            document = DatasetFile.model_validate_json(data)
    except ValidationError as error:
        items = error.errors()
        syntax = any(item["type"] in ("json_invalid", "json_type") for item in items)
        if syntax:
            decode(file, data, "utf-8")  # undecodable: say so, and what it looks like
        details = _details(error)
        if _out_of_range(items):  # name the field of an over-long number
            details = _line_oversized(data, details[0].line, None) or details
        if not syntax and len(items) <= _MAX_DETAILS:
            _json_one_pass(file, data, scheme, codes, details)
        raise DataFileError(str(file), details, unreadable=syntax) from error
    named = document.scheme if "scheme" in document.model_fields_set else None
    chosen = _checked_scheme(file, named, scheme)
    try:
        hierarchy = _one_pass(file, document.units, range(len(document.units)), chosen, codes)
    except IntegrityError:
        where = _record_lines(data)
        if where is None or len(where) != len(document.units):
            raise
        _one_pass(file, document.units, where, chosen, codes)  # the same problems, with lines
        raise  # pragma: no cover - the second pass raises
    return _assemble(file, document, hierarchy)


def _json_one_pass(
    file: Path, data: bytes, scheme: LevelScheme | None, codes: Codes, details: list[FileProblem]
) -> None:
    """Add the problems between a JSON document's units to its records' own, in one error."""
    try:
        parsed = _parse_json(data)
        records = parsed["units"]
        if "scheme" in parsed:
            head = {"format": FORMAT, "units": [], "scheme": parsed["scheme"]}
            scheme = DatasetFile.model_validate(head).scheme
    except (ValueError, RecursionError, TypeError, KeyError, ValidationError):
        return  # the records' own problems are all there is to say
    if not isinstance(records, list):
        return
    units: list[OrgUnit] = []
    where: list[int] = []
    invalid: list[tuple[Any, int]] = []
    lines = _record_lines(data)
    if lines is None or len(lines) != len(records):
        lines = []
    for index, record in enumerate(records):
        at = lines[index] if lines else index
        try:
            units.append(_UNIT.validate_python(record))
            where.append(at)
        except ValidationError:
            invalid.append((record, at))
    _one_pass(
        file,
        units,
        where,
        scheme or URBAN_FIVE_LEVEL,
        codes,
        details=details,
        invalid=invalid,
        lines=bool(lines),
    )


_BLANK_FIRST_LINE = re.compile(rb"[ \t\r]*(?:\n|\Z)")
_BLANK_LINE = re.compile(rb"\n[ \t\r]*(?:\n|\Z)")
"""A blank line after the first: led by a line feed, which the engine seeks as a literal (tens of
milliseconds for 100 MB, where ``(?:^|\n)…``, tried at every byte, takes a second)."""


def _load_jsonl(
    file: Path, raw: bytes, scheme: LevelScheme | None, encoding: str | None, codes: Codes
) -> Dataset:
    data = _utf8(file, raw, encoding)
    header: dict[str, Any] = {}
    newline = data.find(b"\n")
    first = data if newline < 0 else data[:newline]
    if b'"format"' in first:
        text = decode(file, first, "utf-8")  # undecodable: unreadable, exit status 2
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
    if body and not (_BLANK_FIRST_LINE.match(body) or _BLANK_LINE.search(body)):
        try:
            with paused_gc():
                units = _UNITS.validate_json(b"[" + body.replace(b"\n", b",") + b"]")
        except ValidationError:
            units = None
        if units is not None and not _one_record_a_line(body, len(units)):
            units = None  # a record split over lines, or more than one on a line
    elif not body:
        units = []
    if units is not None:
        where: Sequence[int] = range(offset, offset + len(units))
        return _assemble(file, head, _one_pass(file, units, where, chosen, codes))
    text = decode(file, data, "utf-8")
    numbered = [
        (number, line.removesuffix("\r"))
        for number, line in enumerate(text.split("\n"), offset)
        if line.strip()
    ]
    units = []
    lines: list[int] = []
    invalid: list[tuple[Any, int]] = []
    details, total = _jsonl_details(numbered, units, lines, invalid)
    hierarchy = _one_pass(
        file, units, lines, chosen, codes, details=details, invalid=invalid, total=total
    )
    return _assemble(file, head, hierarchy)


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
        and body.count(b"}\n{") + (body.count(b"}\r\n{") if b"\r" in body else 0) == lines
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


def _load_csv(
    file: Path,
    raw: bytes,
    scheme: LevelScheme | None,
    encoding: str | None,
    *,
    columns: Mapping[str, str] | None,
    extra: Extra,
    codes: Codes,
) -> Dataset:
    text = decode(file, raw, encoding or auto_encoding(raw)).removeprefix("\ufeff")
    chosen = _checked_scheme(file, None, scheme)
    # No cell is longer than the text, so the csv module's limit on a field (131,072 characters
    # by default, a process-wide setting) is raised to the text's length while it is read, and
    # put back afterwards.
    with _FIELD_LIMIT:
        previous = csv.field_size_limit()
        csv.field_size_limit(max(previous, len(text) + 1))
        try:
            records, lines, problems = _csv_records(
                file, text, columns=columns, extra=extra, levels=level_names(chosen)
            )
        finally:
            csv.field_size_limit(previous)
    try:
        with paused_gc():
            units = _UNITS.validate_python(records)
    except ValidationError as error:
        problems += _details(error, lines.__getitem__, cap=False)
    if problems:  # every bad row, and how the good ones fit together, in file order
        bad = {problem.record for problem in problems}
        units = []
        where: list[int] = []
        invalid: list[tuple[Any, int]] = []
        for index, (record, line) in enumerate(zip(records, lines, strict=True)):
            if index in bad:
                invalid.append((record, line))
                continue
            with contextlib.suppress(ValidationError):
                units.append(_UNIT.validate_python(record))
                where.append(line)
        _one_pass(file, units, where, chosen, codes, details=problems, invalid=invalid)
    head = DatasetFile(format="jiceng/1", units=[])
    return _assemble(file, head, _one_pass(file, units, lines, chosen, codes))


def dump(
    data: Dataset | Hierarchy,
    target: Source,
    *,
    format: Format | None = None,
    encoding: str = "utf-8",
    columns: Mapping[str, str] | None = None,
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
    target
        The file: a path, whose suffix gives the format, or a file open for writing in binary
        or text mode (written as it is, not atomically; a text file keeps its own encoding).
    format
        ``"json"``, ``"jsonl"`` or ``"csv"``, overriding the suffix.
    encoding
        The text encoding; UTF-8 by default (``"utf-8-sig"`` adds a byte-order mark for
        spreadsheet programs; ``"gb18030"`` for older systems).
    columns
        CSV: the header to write for each field named (``{"id": "编号"}``; :data:`CHINESE_HEADERS`
        gives the Chinese header of every field that has one); the rest keep their names.

    Raises
    ------
    DumpError
        If a CSV dump would lose data: a tag containing ``;``, or a dataset with sections other
        than units (renovation projects, a payroll); dump ``dataset.hierarchy`` to CSV instead.
        Also if ``encoding`` cannot write a character of the data. Nothing is written.
    InvalidArgumentError
        If ``columns`` names something that is not a field, or writes one header twice.

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
    if not isinstance(target, str | os.PathLike):
        _dump_stream(data, target, format, encoding, columns)
        return
    file = Path(target)
    chunks = _chunks(data, _format_of(file, format), columns)

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


def dumps(
    data: Dataset | Hierarchy, *, format: Format, columns: Mapping[str, str] | None = None
) -> str:
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
    return "".join(_chunks(data, _format_of(Path("-"), format), columns))


def _dump_stream(
    data: Dataset | Hierarchy,
    out: IO[bytes] | IO[str],
    format: Format | None,
    encoding: str,
    columns: Mapping[str, str] | None,
) -> None:
    """Write to an open file: text to a text file, encoded bytes to a binary one."""
    name = getattr(out, "name", None)
    kind = _format_of(Path(name if isinstance(name, str) else "<stream>"), format)
    text = "".join(_chunks(data, kind, columns))  # every check passes before anything is written
    if isinstance(out, io.TextIOBase):
        out.write(text)
        return
    try:
        encoded = text.encode(encoding)
    except UnicodeEncodeError as error:
        raise DumpError(
            f"{error.object[error.start : error.end]!r} cannot be written in {encoding}; "
            "nothing was written"
        ) from error
    cast("IO[bytes]", out).write(encoded)


def _chunks(
    data: Dataset | Hierarchy, kind: Format, columns: Mapping[str, str] | None = None
) -> Iterator[str]:
    dataset = data if isinstance(data, Dataset) else Dataset(hierarchy=data)
    if kind == "json":
        return _json_chunks(dataset)
    if kind == "jsonl":
        return _jsonl_chunks(dataset)
    return _csv_chunks(dataset, columns)


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
