r"""Reading the statistical division tables (统计用区划代码) into a hierarchy on ``ADMINISTRATIVE``.

Two forms are read:

- a **folder** in the widely shared layout: ``provinces.csv``, ``cities.csv``, ``areas.csv``,
  ``streets.csv`` and ``villages.csv``, each gzipped (``.csv.gz``) or not, each with a header
  row ``code,name,…`` whose further columns (``provinceCode``, ``cityCode``, ``areaCode``,
  ``streetCode``) hold the parents' codes. A file's level is its name's; a folder may hold only
  some levels (the top ones, say), and the rows of its top level are the roots;
- **one table** of ``code,name`` rows (a header row is optional; a third column, the
  urban-rural classification code 城乡分类代码, is kept in the unit's ``attributes`` as
  ``urban_rural``), gzipped
  (``.gz``), xz-compressed (``.xz``) or not. Codes have 2, 4, 6, 9 or 12 digits, or are padded
  with zeros to 12 as the bureau prints them. The level follows from the code: an unpadded code's
  length, a padded code's significant digits (``511702000000`` is a county). A 12-digit code
  that repeats an earlier row's is one level below the deepest earlier row with that code, so
  金门县's three rows ``350527000000`` are the county, its township and its village.

Parents are derived from the codes (a unit's parent is the unit one level up whose code is its
code's first digits); the parent columns are only checked against them.

Placeholders. A row whose 12-digit code equals its parent's is a placeholder: the pseudo-county
``441900`` of 东莞市 (code ``441900000000``, the city's own), or 金门县's township ``350527000`` and
village ``350527000000``. It is kept as a unit, so that level counts equal row counts, with id
``<12-digit code>-<level key>`` (``441900000000-county``), no ``code`` (the code is its
parent's) and its children under it. Municipalities' ``市辖区`` and ``县`` rows (``1101``,
``5002``) have codes of their own and are ordinary prefecture-level units.

Units. Ids and ``code`` are the full 12-digit codes; ``name`` is the territory name
(:func:`~jiceng.divisions.territory_name`), with the table's name in ``official_name`` where the
two differ; townships whose township segment is 001–099 (街道) get
``org_kind="working_committee"``.

Problems, all reported at once in one :class:`~jiceng.DataFileError` (for a folder each
message names its file), each with its line:

==================  ================================================================  =======
code                problem                                                           waived
==================  ================================================================  =======
``invalid_code``    a code that is not 2, 4, 6, 9 or 12 digits                        never
``code_shape``      digits other than zeros after the level's digits                  warn
``code_not_nested`` a parent column that contradicts the code                         warn
``duplicate_code``  a code given twice at one level, or kept as given: another's id    never
``missing_parent``  no row one level up holds the code's first digits                 never
==================  ================================================================  =======

With ``codes="warn"`` the problems marked *warn* are issued as one
:class:`~jiceng.DivisionCodeWarning` instead, and the hierarchy keeps ``codes="warn"``.

Examples
--------
>>> import io, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "table.csv").write_text(
...     "511702000000,通川区\n511702002000,西城街道\n511702002002,小北街社区居民委员会\n",
...     encoding="utf-8")
>>> h = read(folder / "table.csv")
>>> [(unit.name, unit.level) for unit in h]
[('通川区', 'county'), ('西城街道', 'township'), ('小北街社区', 'village')]
>>> h["511702002002"].official_name, h.org_kind("511702002000").zh
('小北街社区居民委员会', '党工委')
"""

from __future__ import annotations

import bisect
import csv
import gzip
import io
import lzma
import os
import re
import warnings
from array import array
from collections import deque
from collections.abc import Generator, Iterable, Mapping, Sequence
from itertools import chain, compress, islice, repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import IO, Any

from pydantic import TypeAdapter, ValidationError

from jiceng._bulk import paused_gc
from jiceng._index import build_index, check_codes_setting, code_prefix
from jiceng.divisions.names import territory_name
from jiceng.errors import (
    DataFileError,
    DivisionCodeWarning,
    FileProblem,
    IntegrityError,
    Problem,
)
from jiceng.hierarchy import CodeCheck, Hierarchy
from jiceng.levels import ADMINISTRATIVE, CODE_DIGITS, OrgKind
from jiceng.types import NO_ATTRIBUTES, Name
from jiceng.units import UNIT_CONFIG, UNIT_FIELDS, OrgUnit, UnitAttributes

__all__ = ["LEVEL_FILES", "URBAN_RURAL", "read"]

LEVEL_FILES: tuple[str, ...] = ("provinces", "cities", "areas", "streets", "villages")
"""The file names of a folder, one a level, top first (each ``.csv.gz`` or ``.csv``).

Examples
--------
>>> dict(zip(LEVEL_FILES, ADMINISTRATIVE.keys))["areas"]
'county'
"""

URBAN_RURAL = "urban_rural"
"""The attribute that keeps a row's urban-rural classification code (城乡分类代码), as text.

Examples
--------
>>> from jiceng.divisions import read
>>> read("tests/data/divisions/tongchuan-2023.csv")["511702002001"].attributes[URBAN_RURAL]
'111'
"""

_TABLE_COLUMNS: tuple[tuple[str, ...], ...] = (
    ("code", "统计用区划代码", "区划代码", "代码", "编码"),
    ("name", "名称"),
    ("urban_rural", "城乡分类代码", "城乡分类"),
)
"""The header names of a one-table file's columns: the code's, the name's, the urban-rural
classification code's, in any order."""


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for position, cell in enumerate(header):
        if cell in names:
            return position
    return None


_PARENT_COLUMNS = {"provinceCode": 0, "cityCode": 1, "areaCode": 2, "streetCode": 3}
_KEYS = ADMINISTRATIVE.keys
_WAIVABLE = frozenset({"code_shape", "code_not_nested"})
_DIGIT_SET = frozenset("0123456789")


def read(source: str | os.PathLike[str], *, codes: CodeCheck = "strict") -> Hierarchy:
    r"""Read statistical division tables (a folder or one table) into a hierarchy.

    See the module documentation for the two forms, placeholders and the problems reported.

    Parameters
    ----------
    source
        A folder in the shared five-file layout, or one table file.
    codes
        ``"strict"`` (the default) reports every problem in a :class:`~jiceng.DataFileError`;
        ``"warn"`` issues the code problems as one :class:`~jiceng.DivisionCodeWarning`.

    Raises
    ------
    DataFileError
        Every problem, each with its file and line; ``unreadable`` when the source cannot be
        read at all.
    InvalidArgumentError
        If ``codes`` is neither ``"strict"`` nor ``"warn"``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = table.write_text("code,name\n5117,达州市\n511702,通川区\n511702009,西城街道\n",
    ...                      encoding="utf-8")
    >>> [(unit.id, unit.parent) for unit in read(table)]
    [('511700000000', None), ('511702000000', '511700000000'), ('511702009000', '511702000000')]
    """
    check_codes_setting(codes)
    path = Path(os.fspath(source))
    with paused_gc():
        return _read(path, codes)


def _read(path: Path, codes: CodeCheck) -> Hierarchy:
    builder = _Builder(str(path), folder=path.is_dir())
    if path.is_dir():
        found = False
        for level, stem in enumerate(LEVEL_FILES):
            file = _level_file(path, stem)
            if file is not None:
                found = True
                builder.add_level_file(file, level)
        if not found:
            raise _unreadable(path, "the folder holds none of " + ", ".join(LEVEL_FILES))
    elif path.is_file():
        builder.add_table(path)
    else:
        raise _unreadable(path, "no such file or folder")
    return builder.build(codes)


def _level_file(folder: Path, stem: str) -> Path | None:
    for suffix in (".csv.gz", ".csv"):
        candidate = folder / (stem + suffix)
        if candidate.is_file():
            return candidate
    return None


def _unreadable(path: Path, message: str) -> DataFileError:
    return DataFileError(str(path), [FileProblem(None, None, None, message)], unreadable=True)


def _open(path: Path) -> IO[str]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    if name.endswith(".xz"):
        return io.TextIOWrapper(lzma.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _rows(path: Path, where: str) -> list[list[str]]:
    return list(chain.from_iterable(_row_chunks(path, where)))


_CHUNK = 50_000
"""Rows a level file is read in at a time. Only the columns kept outlive a chunk, so the other
cells' strings are freed, and their memory reused by the next chunk, as the reading goes: the
kept strings are not left scattered among a whole file's freed cells (memory the process could
not give back)."""


def _row_chunks(path: Path, where: str) -> Generator[list[list[str]], None, None]:
    try:
        with _open(path) as stream:
            reader = csv.reader(stream)
            while True:
                chunk = list(islice(reader, _CHUNK))
                if not chunk:
                    return
                yield chunk
                del chunk  # not alive while the next is read
    except (OSError, EOFError, UnicodeDecodeError, csv.Error, lzma.LZMAError) as error:
        raise _unreadable(path, f"{where}cannot be read: {error}") from error


def _copied(cells: list[str]) -> list[str]:
    """Return copies of a chunk's cells that are kept, made one after another.

    A cell the parse made sits among the chunk's other cells, which are freed: kept as it is,
    it would hold on to memory that the freed cells leave unusable to the process at large.
    The copies fill the room freed so far instead, and the chunk's cells all go.
    """
    copies = "\x00".join(cells).split("\x00")
    return copies if len(copies) == len(cells) else cells  # a cell holding NUL: kept as is


_Block = tuple[str, int, Sequence[int], list[str], list[str], list[str] | None]
"""Rows of one level from one file: file, level, lines, 12-digit codes, names, urban-rural."""
_Where = tuple[list[str], "array[int]"]
"""Each unit's file and line, as two columns (no tuple a unit)."""


class _Builder:
    """Rows in, checked level by level in bulk; units and problems out."""

    __slots__ = ("blocks", "deepest", "folder", "ids", "path", "problems")

    def __init__(self, path: str, *, folder: bool) -> None:
        self.path = path
        self.folder = folder
        self.blocks: list[_Block] = []
        self.ids: list[dict[str, str]] = [{} for _ in _KEYS]  # level → key code → unit id
        self.deepest: dict[str, int] = {}  # one table: 12-digit code → deepest level holding it
        # code, file, line, field, message, the unit's id (for a waived problem)
        self.problems: list[tuple[str, str, int, str, str, str | None]] = []

    def problem(self, code: str, file: str, line: int, field: str, message: str) -> None:
        self.problems.append((code, file, line, field, message, None))

    def add_level_file(self, file: Path, level: int) -> None:
        chunks = _row_chunks(file, f"{file.name}: ")
        first = next(chunks, [])
        if not first or first[0][:2] != ["code", "name"]:
            chunks.close()  # the file, now
            raise _unreadable(file, f"{file.name}: the header must start with code,name")
        header = first[0]
        pending = chain((first[1:],), chunks)
        del first  # each chunk's rows are let go once checked
        lines = array("i")  # line numbers, without an int object each
        codes: list[str] = []
        names: list[str] = []
        # The parent columns' problems, column by column over the whole file (as one pass
        # over all rows would list them), gathered chunk by chunk.
        nested: dict[int, list[tuple[str, str, int, str, str, str | None]]] = {}
        start = 2
        for rows in pending:
            at, chunk_codes, chunk_names = self._level_rows(
                file.name, level, header, rows, start=start, nested=nested
            )
            lines.extend(at)
            codes += chunk_codes
            names += chunk_names
            start += len(rows)
            del rows  # not alive while the next chunk is read
        for column in sorted(nested):
            self.problems += nested[column]
        self.blocks.append((file.name, level, lines, codes, names, None))

    def _level_rows(
        self,
        name: str,
        level: int,
        header: list[str],
        body: list[list[str]],
        *,
        start: int,
        nested: dict[int, list[tuple[str, str, int, str, str, str | None]]],
    ) -> tuple[list[int], list[str], list[str]]:
        """Check rows ``start``… of a level file; return their lines, 12-digit codes, names."""
        digits = CODE_DIGITS[level]
        uniform = set(map(len, body)) <= {len(header)}
        if uniform:
            raw = [row[0] for row in body]
            lines = list(range(start, len(body) + start))
        else:
            raw, lines, kept = [], [], []
            for line, row in enumerate(body, start=start):
                if len(row) < 2:
                    self.problem("invalid_code", name, line, "code", "a row needs a code, a name")
                    continue
                raw.append(row[0])
                lines.append(line)
                kept.append(row)
            body = kept
        joined = "".join(raw)
        if not (set(map(len, raw)) <= {digits} and joined.isascii() and joined.isdigit()):
            good = [
                self.valid(code.strip(), name, line, level)
                for code, line in zip(raw, lines, strict=False)
            ]
            body = [row for row, ok in zip(body, good, strict=True) if ok]
            lines = [line for line, ok in zip(lines, good, strict=True) if ok]
            raw = [row[0].strip() for row in body]
        codes = [code.ljust(12, "0") for code in raw] if digits < 12 else raw
        for column, title in enumerate(header):
            up = _PARENT_COLUMNS.get(title, level)
            if up >= level:
                continue
            width = CODE_DIGITS[up]
            if uniform:
                given = [row[column] for row in body]
                if given == [code[:width] for code in raw]:
                    continue
            given = [row[column].strip() if column < len(row) else "" for row in body]
            for value, code, line in zip(given, codes, lines, strict=True):
                if value and value.ljust(12, "0") != code[:width].ljust(12, "0"):
                    nested.setdefault(column, []).append(
                        (
                            "code_not_nested",
                            name,
                            line,
                            title,
                            f"{title} {value} contradicts code {code}",
                            code,
                        )
                    )
        fresh = _copied(codes) if codes is raw else codes  # padded codes are new strings
        return lines, fresh, _copied([row[1] for row in body])

    def add_table(self, file: Path) -> None:
        name = file.name
        rows = _rows(file, "")
        start = 1
        if rows and rows[0] and not _DIGIT_SET.issuperset(rows[0][0].strip()):
            header = [cell.strip().lstrip("\ufeff") for cell in rows[0]]
            rows, start = rows[1:], 2  # a header row: its names say which column is which
            order = [_column(header, names) for names in _TABLE_COLUMNS]
            if order[0] is None or order[1] is None:
                raise DataFileError(
                    self.path,
                    [
                        FileProblem(
                            1,
                            None,
                            None,
                            f"{name}: a header row needs a code column ("
                            f"{', '.join(_TABLE_COLUMNS[0])}) and a name column "
                            f"({', '.join(_TABLE_COLUMNS[1])}); it has {', '.join(header)}",
                        )
                    ],
                )
            wanted = [column for column in order if column is not None]
            if wanted != list(range(len(header))):  # other columns, or another order
                rows = [
                    [row[column] for column in wanted] if len(row) > max(wanted) else row[:1]
                    for row in rows
                ]
        lines = list(range(start, len(rows) + start))
        if not set(map(len, rows)) <= {2, 3}:
            lines = [line for line, row in zip(lines, rows, strict=True) if len(row) >= 2]
            for line in sorted(set(range(start, len(rows) + start)) - set(lines)):
                self.problem("invalid_code", name, line, "code", "a row needs a code, a name")
            rows = [row for row in rows if len(row) >= 2]
        raw = [row[0] for row in rows]
        joined = "".join(raw)
        if not (set(map(len, raw)) <= set(CODE_DIGITS) and joined.isascii() and joined.isdigit()):
            raw = [code.strip() for code in raw]
            good = [
                self.valid(code, name, line, None) for code, line in zip(raw, lines, strict=False)
            ]
            rows = [row for row, ok in zip(rows, good, strict=True) if ok]
            lines = [line for line, ok in zip(lines, good, strict=True) if ok]
            raw = [code for code, ok in zip(raw, good, strict=True) if ok]
        codes = [code.ljust(12, "0") for code in raw]
        index = {digits: level for level, digits in enumerate(CODE_DIGITS)}
        levels = [index[len(code)] if len(code) < 12 or code[9:] != "000" else -1 for code in raw]
        levels = [
            level if level >= 0 else index[max(2, len(code_prefix(code)))]
            for level, code in zip(levels, codes, strict=True)
        ]
        keep = [True] * len(codes)
        if len(set(codes)) != len(codes):  # repeated codes: one level below the deepest before
            deepest: dict[str, int] = {}
            for position, (code, given) in enumerate(zip(codes, levels, strict=True)):
                seen = deepest.get(code)
                level = given
                if seen is not None and seen >= given:
                    level = seen + 1
                    if level == len(_KEYS) or len(raw[position]) < 12:
                        line = lines[position]
                        self.problem("duplicate_code", name, line, "code", f"code {code} repeated")
                        keep[position] = False
                        continue
                    levels[position] = level
                deepest[code] = level
        urban = [row[2].strip() if len(row) > 2 else "" for row in rows]
        by_level: list[tuple[list[int], list[str], list[str], list[str]]] = [
            ([], [], [], []) for _ in _KEYS
        ]
        for level, line, code, row, kind, ok in zip(
            levels, lines, codes, rows, urban, keep, strict=True
        ):
            if ok:
                block = by_level[level]
                block[0].append(line)
                block[1].append(code)
                block[2].append(row[1])
                block[3].append(kind)
        for level, (at, level_codes, names, kinds) in enumerate(by_level):
            if at:
                kept = kinds if any(kinds) else None
                self.blocks.append((name, level, array("i", at), level_codes, names, kept))

    def valid(self, raw: str, file: str, line: int, level: int | None) -> bool:
        if not (raw and raw.isascii() and raw.isdigit() and len(raw) in CODE_DIGITS):
            message = f"code {raw!r} is not 2, 4, 6, 9 or 12 digits"
        elif level is not None and len(raw) > CODE_DIGITS[level] and len(raw) != 12:
            message = f"code {raw} has more digits than a {_KEYS[level]}'s"
        else:
            return True
        self.problem("invalid_code", file, line, "code", message)
        return False

    def build(self, codes: CodeCheck) -> Hierarchy:
        columns, where = self.records()
        self.blocks.clear()  # the rows' lists are in the columns now: let them go
        # Ids sorted are the tree's pre-order (a code padded with zeros sorts before the codes
        # nested in it, and a placeholder's id, the code and a suffix, between the two), so the
        # index is built without reordering, and siblings come in code order.
        order = sorted(range(len(columns["id"])), key=columns["id"].__getitem__)
        for field, column in columns.items():  # one at a time: one copy alive at once
            columns[field] = [column[i] for i in order]
        del column
        where = ([where[0][i] for i in order], array("i", [where[1][i] for i in order]))
        del order  # its ints, before the units are made
        problems = self.problems
        if any(p[0] not in _WAIVABLE for p in problems) or (problems and codes == "strict"):
            raise self.error()
        units = self.units(columns, where)
        # The rows' codes are checked above (shapes, nesting, duplicates): not again.
        index, found = build_index(
            units, ADMINISTRATIVE, waive_codes=codes == "warn", codes_checked=True
        )
        if index is None:  # pragma: no cover - the rows were checked above
            raise IntegrityError(found, source=self.path)
        waived = [
            Problem(code, (uid or "",), f"{file} line {line}: {message}")
            for code, file, line, _, message, uid in problems
        ]
        mentioned = {p.ids[0] for p in waived}
        waived += [p for p in found if p.ids[0] not in mentioned]
        if waived:
            index.code_clean = False  # edits check in full, and warn of these again
            warnings.warn(DivisionCodeWarning(waived), stacklevel=5)
        return Hierarchy._from_index(index, ADMINISTRATIVE, codes=codes)

    def units(self, columns: dict[str, list[Any]], where: _Where) -> list[OrgUnit]:
        """Validate the columns that can be wrong, each with its field's type; make the units.

        Ids, parents and codes are checked digits, levels and kinds constants: only names and
        facts can fail. Each is validated as ``OrgUnit`` validates its field (the same type and
        configuration), so the units are those validating each row's record would give, and a
        failure is reported as it would be: by row, then in field order.
        """
        failed: list[tuple[int, int, str, str]] = []
        cause: ValidationError | None = None  # the first column's error, to chain from
        for rank, (field, adapter) in enumerate(_CHECKED):
            column = columns[field]
            given = _DEFAULTS.get(field)
            whole = given is None and None not in column  # every unit has a value (a name)
            at = (
                range(len(column)) if whole else [i for i, v in enumerate(column) if v is not given]
            )
            try:
                checked = adapter.validate_python(column if whole else [column[i] for i in at])
            except ValidationError as error:
                failed += [(at[int(e["loc"][0])], rank, field, e["msg"]) for e in error.errors()]
                cause = cause or error
                continue
            if whole:
                columns[field] = checked
                continue
            for i, value in zip(at, checked, strict=True):
                column[i] = value
        if failed:
            failed.sort(key=itemgetter(0, 1))
            details = [
                FileProblem(where[1][i], None, field, f"{where[0][i]}: {message}")
                for i, _, field, message in failed
            ]
            raise DataFileError(self.path, details) from cause
        return _made(len(where[1]), columns)

    def error(self) -> DataFileError:
        order = {"invalid_code": 0, "code_shape": 1, "code_not_nested": 2, "duplicate_code": 3}
        files = {stem: level for level, stem in enumerate(LEVEL_FILES)}

        def where(problem: tuple[str, str, int, str | None, str, str | None]) -> tuple[int, ...]:
            stem = problem[1].split(".")[0]  # a folder's files top first, then by line
            return (order.get(problem[0], 4), files.get(stem, len(files)), problem[2])

        listed = sorted(self.problems, key=where)
        return DataFileError(
            self.path,
            [
                FileProblem(line, None, field, f"{code}: {file}: {message}")
                for code, file, line, field, message, _ in listed
            ],
        )

    def records(self) -> tuple[dict[str, list[Any]], _Where]:
        """Return the units' fields, a column each (unvalidated), and each unit's file and line."""
        ids = self.ids
        odd: set[str] = set()  # the ids of units whose code is misshaped, as given
        top = min((block[1] for block in self.blocks), default=0)
        blocks = sorted(self.blocks, key=lambda block: block[1])
        columns: dict[str, list[Any]] = {field: [] for field in _COLUMNS}
        files: list[str] = []
        where_lines = array("i")
        for file, level, lines, codes, names, urban_rural in blocks:
            digits = CODE_DIGITS[level]
            pad = "0" * (12 - digits)
            keys = [code[:digits] + pad for code in codes]
            if keys != codes:
                for code, key, line in zip(codes, keys, lines, strict=True):
                    if key != code:
                        self.problems.append(
                            (
                                "code_shape",
                                file,
                                line,
                                "code",
                                f"code {code} of a {_KEYS[level]} has digits other than zeros "
                                f"after its first {digits}",
                                code,
                            )
                        )
            level_key = _KEYS[level]
            ups: list[str | None] = [None] * len(codes)
            parents: list[str | None] = ups
            width = CODE_DIGITS[level - 1]
            if level > top:
                up_pad = "0" * (12 - width)
                found = [code[:width] + up_pad for code in codes]
                parents = list(map(ids[level - 1].get, found))
                ups = list(found)
            uids = [
                key if key != up else f"{key}-{level_key}"
                for key, up in zip(keys, ups, strict=True)
            ]
            uids = [
                uid if key == code else code
                for uid, key, code in zip(uids, keys, codes, strict=False)
            ]
            table = ids[level]
            before = len(table)
            table.update(zip(keys, uids, strict=True))
            repeated: set[int] = set()
            if len(table) - before != len(keys):
                seen: set[str] = set()
                for position, (key, line) in enumerate(zip(keys, lines, strict=True)):
                    if key in seen:
                        self.problem("duplicate_code", file, line, "code", f"code {key} repeated")
                        repeated.add(position)
                    seen.add(key)
            # A misshaped code (kept with codes="warn") is its unit's id as given, which may be
            # another level's id: a repeated code too, never waived.
            given = {code for code, key in zip(codes, keys, strict=True) if code != key}
            taken = odd.union(*(ids[above].values() for above in range(level))) if given else odd
            if taken:
                for position, (uid, line) in enumerate(zip(uids, lines, strict=True)):
                    if uid in taken and position not in repeated:
                        self.problem("duplicate_code", file, line, "code", f"code {uid} repeated")
                        repeated.add(position)
            odd |= given
            if None in parents and level > top:
                for position, (parent, up, line) in enumerate(
                    zip(parents, ups, lines, strict=False)
                ):
                    if parent is None:
                        self.problem(
                            "missing_parent",
                            file,
                            line,
                            "code",
                            f"no {_KEYS[level - 1]} {str(up)[:width]} holds {codes[position]}",
                        )
                        repeated.add(position)
            officials = [name.strip() for name in names]
            territories = list(map(territory_name, officials))
            coded = [uid if uid == code else None for uid, code in zip(uids, codes, strict=True)]
            kinds: list[OrgKind | None] = [None] * len(uids)
            if level == 3:  # townships whose township segment is 001–099: streets (街道)
                kinds = [
                    None if uid is None or not "001" <= uid[6:9] <= "099" else _WORKING
                    for uid in coded
                ]
            facts: list[Any] = [NO_ATTRIBUTES] * len(uids)
            if urban_rural is not None:
                facts = [{URBAN_RURAL: kind} if kind else NO_ATTRIBUTES for kind in urban_rural]
            block: dict[str, list[Any]] = {
                "id": uids,
                "name": territories,
                "level": [level_key] * len(uids),
                "parent": parents,
                "official_name": [
                    None if territory == official else official
                    for territory, official in zip(territories, officials, strict=True)
                ],
                "code": coded,
                "org_kind": kinds,
                "attributes": facts,
            }
            kept = [position not in repeated for position in range(len(uids))]
            for field, values in block.items():
                columns[field] += compress(values, kept) if repeated else values
            files += compress(repeat(file, len(kept)), kept)
            where_lines.extend(compress(lines, kept))
        return columns, (files, where_lines)


def _read_trusted(path: Path) -> Hierarchy:
    """Read a one-table file that this package made and checked, without validating each row.

    For the bundled national table only (:func:`jiceng.examples.china`): its rows went through
    :func:`read` when the file was made, and a test reads the whole file both ways and compares
    every unit. The rows are split at once (``code,name`` lines, no quoting), the units are
    made field by field over all rows (``OrgUnit.__new__`` and each field's slot, so no record
    dict is built and no validator runs) and indexed, their relations unchecked as :func:`read`
    leaves them. A file of any other shape (a header other than ``code,name``, a quote, a control
    character, a blank name, a code that is not digits, levels out of order, a repeated code, a
    missing parent) is read by :func:`read` instead, which gives the result or the error.
    """
    with paused_gc():
        units = _trusted_units(path)
        if units is None:
            return _read(path, "strict")
        index, found = build_index(units, ADMINISTRATIVE, codes_checked=True)
        if index is None or found:  # a repeated code, say: read() tells
            return _read(path, "strict")
        return Hierarchy._from_index(index, ADMINISTRATIVE, codes="strict")


def _trusted_units(path: Path) -> list[OrgUnit] | None:
    try:
        text = lzma.decompress(path.read_bytes()).decode("utf-8")
    except (OSError, lzma.LZMAError, UnicodeDecodeError):
        return None
    if not text.startswith("code,name\n") or not text.endswith("\n"):
        return None
    if '"' in text or _CONTROL.search(text):
        return None
    cells = text[:-1].replace("\n", ",").split(",")
    codes, names = cells[2::2], cells[3::2]
    joined = "".join(codes)
    if len(codes) != len(names) or not (joined.isascii() and joined.isdigit()):
        return None
    widths = list(map(len, codes))
    if set(widths) != set(CODE_DIGITS) or widths != sorted(widths):
        return None  # level by level, top first, each level at least one row
    starts = [bisect.bisect_left(widths, digits) for digits in CODE_DIGITS] + [len(codes)]
    ids: list[str] = []
    parents: list[str | None] = []
    keys: list[str] = []
    above: dict[str, str] = {}  # the level above: its codes as given → its ids
    above_keys: set[str] = set()  # the level above: its codes padded to 12 digits
    for level, digits in enumerate(CODE_DIGITS):
        block = codes[starts[level] : starts[level + 1]]
        pad = "0" * (12 - digits)
        level_keys = [code + pad for code in block] if pad else block
        level_ids = level_keys
        if level == 0:
            parents += [None] * len(block)
        else:
            found = list(map(above.get, map(itemgetter(slice(CODE_DIGITS[level - 1])), block)))
            if None in found:
                return None  # a missing parent (or a village code ending 000 that is no
                # placeholder, which read() takes for a township's): read() tells
            parents += found
            same = above_keys.intersection(level_keys)  # placeholders: their parent's code
            if same:
                suffix = "-" + _KEYS[level]
                level_ids = [key + suffix if key in same else key for key in level_keys]
        if digits < 12:  # a repeated code repeats an id, which the index refuses
            above_keys = set(level_keys)
            above = dict(zip(block, level_ids, strict=True))
        ids += level_ids
        keys += level_keys
    officials = [name.strip() for name in names]
    if "" in officials:
        return None  # a name of white space only
    territories = list(map(territory_name, officials))
    columns: dict[str, Any] = {
        "id": ids,
        "name": territories,
        "level": chain.from_iterable(
            repeat(key, starts[level + 1] - starts[level]) for level, key in enumerate(_KEYS)
        ),
        "parent": parents,
        "official_name": [
            None if territory == official else official
            for territory, official in zip(territories, officials, strict=True)
        ],
        "code": [uid if uid is key else None for uid, key in zip(ids, keys, strict=True)],
    }
    units = _made(len(ids), columns)
    streets = units[starts[3] : starts[4]]
    working = [
        unit
        for unit, code in zip(streets, codes[starts[3] : starts[4]], strict=True)
        if unit.code is not None and "001" <= code[6:9] <= "099"
    ]
    deque(map(_SLOTS["org_kind"], working, repeat(OrgKind.WORKING_COMMITTEE)), maxlen=0)
    units.sort(key=attrgetter("id"))  # pre-order (see _Builder.build); runs of levels merge
    return units


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""A control character other than the line feed (a name with one is refused by :func:`read`)."""
_SLOTS = {field: getattr(OrgUnit, field).__set__ for field in UNIT_FIELDS}
"""Each field's slot setter: sets the field of a unit made by ``OrgUnit.__new__``."""
_DEFAULTS: dict[str, Any] = {"tags": (), "attributes": NO_ATTRIBUTES}
"""The fields whose default is not ``None``, with their defaults."""
_COLUMNS = ("id", "name", "level", "parent", "official_name", "code", "org_kind", "attributes")
"""The fields a unit read from the tables may have."""
_CHECKED: tuple[tuple[str, TypeAdapter[list[Any]]], ...] = (
    ("name", TypeAdapter(list[Name], config=UNIT_CONFIG)),
    ("official_name", TypeAdapter(list[Name], config=UNIT_CONFIG)),
    ("attributes", TypeAdapter(list[UnitAttributes], config=UNIT_CONFIG)),
)
"""The fields whose values the tables give as text, in field order, and their types."""
_WORKING = OrgKind.WORKING_COMMITTEE


def _made(n: int, columns: Mapping[str, Iterable[Any]]) -> list[OrgUnit]:
    """Make ``n`` units by ``OrgUnit.__new__``, each field set from its column (or its default).

    Nothing is validated: the columns hold values of the fields' types.
    """
    units = list(map(OrgUnit.__new__, repeat(OrgUnit, n)))
    for field in UNIT_FIELDS:
        values = columns.get(field, repeat(_DEFAULTS.get(field)))
        deque(map(_SLOTS[field], units, values), maxlen=0)
    return units
