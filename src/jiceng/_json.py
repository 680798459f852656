"""Reading for :mod:`jiceng.io`: over-long numbers, and errors as problems with their line.

:func:`_one_pass` builds a file's hierarchy, or raises one error holding the records' own
problems and the problems between the records, each with the lines of the records involved.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from pydantic import TypeAdapter, ValidationError

from jiceng._headers import known_levels
from jiceng.errors import DataFileError, FileProblem, IntegrityError, InvalidArgumentError, Problem
from jiceng.hierarchy import CodeCheck, Hierarchy
from jiceng.levels import LevelScheme
from jiceng.units import OrgUnit

__all__: list[str] = []

MAX_DIGITS = 100  # no number jiceng accepts has more digits; longer ones are refused unconverted
MAX_DETAILS = 1000
"""How many problems a file error lists; the count of the rest is given exactly."""

_MAX_DIGITS = MAX_DIGITS
_MAX_DETAILS = MAX_DETAILS

Codes = CodeCheck
"""How a hierarchy treats division codes that do not fit: ``"strict"`` refuses them, ``"warn"``
issues a :class:`~jiceng.DivisionCodeWarning` (the same as :data:`jiceng.hierarchy.CodeCheck`)."""

_UNIT = TypeAdapter(OrgUnit)


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


def _out_of_range(items: Sequence[Any]) -> bool:
    """Whether pydantic's JSON parser stopped at a number too long for it."""
    return bool(items) and items[0]["type"] == "json_invalid" and "out of range" in items[0]["msg"]


def _line_oversized(line: str | bytes, number: int | None, record: int | None) -> list[FileProblem]:
    """Name the fields of a line's over-long integers, which pydantic's parser refuses unnamed."""
    try:
        return _oversized(_parse_json(line), number, record)
    except (ValueError, RecursionError):
        return []


def _hierarchy(units: list[OrgUnit], scheme: LevelScheme, codes: Codes) -> Hierarchy:
    """Build the hierarchy of a file's units, with its code problems refused or warned of."""
    return Hierarchy(units, scheme, codes=codes)


def _stand_in(record: Any, scheme: LevelScheme) -> OrgUnit | None:
    """Return a unit for an invalid record, with its raw id and parent, to check how it fits."""
    if not isinstance(record, dict):
        return None
    level = record.get("level")
    parent = record.get("parent")
    try:
        return _UNIT.validate_python(
            {
                "id": record.get("id"),
                "name": "-",
                "level": level if isinstance(level, str) and level in scheme else scheme.keys[0],
                "parent": parent if isinstance(parent, str) else None,
            }
        )
    except ValidationError:
        return None


_ABOUT_IDS = frozenset({"duplicate_id", "unknown_parent", "cycle"})
"""The problems that depend on ids and parents only, so that invalid records can have them."""


def _one_pass(
    file: Path,
    units: list[OrgUnit],
    where: Sequence[int],
    scheme: LevelScheme,
    codes: Codes,
    *,
    details: Sequence[FileProblem] = (),
    invalid: Sequence[tuple[Any, int]] = (),
    lines: bool = True,
    total: int | None = None,
) -> Hierarchy:
    """Build the hierarchy of a file's units, or raise one error holding every problem.

    ``where`` gives each unit's line (or, with ``lines=False``, record index); ``details`` are
    the records' own problems (the first of ``total``, where more were found than listed) and
    ``invalid`` the raw records that failed, with their place.
    Problems between records come with the lines of the records involved. With no detail, they
    raise :class:`IntegrityError`; with details, one :class:`DataFileError` holds both.
    """
    if not details:
        try:
            return _hierarchy(units, scheme, codes)
        except IntegrityError as error:
            places = _places(units, where)
            problems = [
                attrs.evolve(_named(p, scheme), lines=_where(p, places) if lines else ())
                for p in error.problems
            ]
            raise IntegrityError(problems, source=str(file)) from None
    stand_ins = [(unit, at) for record, at in invalid if (unit := _stand_in(record, scheme))]
    standing = {unit.id for unit, _ in stand_ins}
    everyone = units + [unit for unit, _ in stand_ins]
    places = _places(everyone, [*where, *(at for _, at in stand_ins)])
    found: list[Problem] = []
    try:
        _hierarchy(everyone, scheme, codes)
    except IntegrityError as error:
        found = [
            p for p in error.problems if p.code in _ABOUT_IDS or not standing.intersection(p.ids)
        ]
    out = list(details)
    for p in map(_named, found, [scheme] * len(found)):
        at = _where(p, places)
        first = at[0] if at else None
        out.append(
            FileProblem(
                first if lines else None,
                None if lines else first,
                None,
                p.message,
                code=p.code,
                ids=p.ids,
                lines=at if lines else (),
            )
        )
    if lines:
        out.sort(key=lambda problem: problem.line or 0)
    count = (len(details) if total is None else total) + len(found)
    raise DataFileError(str(file), _capped(out, max(count, len(out))))


def _named(problem: Problem, scheme: LevelScheme) -> Problem:
    """Name the known levels in an unknown level's problem, with the names a file may use."""
    if problem.code != "unknown_level":
        return problem
    return attrs.evolve(problem, message=f"{problem.message}; it has {known_levels(scheme)}")


def _places(units: Sequence[OrgUnit], where: Sequence[int]) -> dict[str, list[int]]:
    places: dict[str, list[int]] = {}
    for unit, at in zip(units, where, strict=True):
        places.setdefault(unit.id, []).append(at)
    return places


def _where(problem: Problem, places: dict[str, list[int]]) -> tuple[int, ...]:
    """Return the places of the units a problem names, in the order of its ids."""
    return tuple(dict.fromkeys(at for uid in problem.ids for at in places.get(uid, ())))


def _jsonl_details(
    numbered: Sequence[tuple[int, str]],
    units: list[OrgUnit],
    lines: list[int],
    invalid: list[tuple[Any, int]],
) -> tuple[list[FileProblem], int]:
    """Validate every line; list the first ``_MAX_DETAILS`` problems and count all of them.

    Valid units go to ``units`` and their lines to ``lines``; the parsed value of an invalid
    line (where it parses) goes to ``invalid`` with its line.
    """
    details: list[FileProblem] = []
    total = 0
    for record, (number, line) in enumerate(numbered):
        try:
            units.append(_UNIT.validate_json(line))
            lines.append(number)
        except ValidationError as error:
            with contextlib.suppress(ValueError, RecursionError):
                invalid.append((_parse_json(line), number))
            items = error.errors(include_url=False)
            problems = _line_oversized(line, number, record) if _out_of_range(items) else []
            problems = problems or [
                FileProblem(number, record, _field_of(item["loc"]), item["msg"]) for item in items
            ]
            total += len(problems)
            details.extend(problems[: max(_MAX_DETAILS - len(details), 0)])
    return details, total


_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[{}\[\],:]|\n')


def _record_lines(data: bytes) -> list[int] | None:
    r"""Return the line on which each record of a JSON document's ``units`` array begins.

    A scan over the document's strings and punctuation (the failure path only: it is linear
    but in Python); ``None`` where the document has no top-level ``units`` array.

    Examples
    --------
    >>> _record_lines(b'{"format": "jiceng/1",\n "units": [\n  {"id": "a"},\n  {"id": "b"}]}')
    [3, 4]
    >>> _record_lines(b'{"units": [{"id": "[", "x": {"units": [1]}}, {"id": "b"}]}')
    [1, 1]
    """
    line = 1
    depth = 0
    previous = b""
    state = 0  # 1: the top-level key "units" was read; 2: inside its array
    starts: list[int] = []
    expect_value = False
    for token in _TOKEN.finditer(data):
        text = token.group()
        if text == b"\n":
            line += 1
            continue
        if state == 2 and depth == 2 and expect_value and text != b"]":
            starts.append(line)
            expect_value = False
        if text in (b"{", b"["):
            if state == 1 and text == b"[" and depth == 1:
                state, expect_value = 2, True
            depth += 1
        elif text in (b"}", b"]"):
            depth -= 1
            if state == 2 and depth == 1:
                return starts
        elif text == b"," and state == 2 and depth == 2:
            expect_value = True
        elif text == b":" and depth == 1 and previous == b'"units"':
            state = 1
        if text.startswith(b'"'):
            line += text.count(b"\n")  # never: JSON strings hold no raw line break
        previous = text
    return None
