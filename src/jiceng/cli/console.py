"""What every command shares: loading a file, errors on standard error, tables, figures, JSON.

Exit statuses: 0 on success, :data:`EXIT_PROBLEMS` (1) for a dataset with problems or a query
that cannot be answered, :data:`EXIT_UNREADABLE` (2) for a file that cannot be read, a usage
error, or output that cannot be written (standard output closed or full, or unable to encode the
text).

Human output (tables, the tree, error lines) goes through :func:`printable`, which escapes every
character that would act on a terminal (control characters, line and paragraph separators,
bidirectional overrides), so a name holding an escape sequence or a file name holding a newline
prints as text, on one line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, TextIO, TypeVar

from jiceng.dataset import Dataset
from jiceng.errors import CommandError, DataFileError, IntegrityError
from jiceng.examples import tongchuan_path
from jiceng.io import load
from jiceng.levels import BUILTIN_SCHEMES, LevelScheme
from jiceng.results import to_jsonable

__all__ = [
    "EXIT_PROBLEMS",
    "EXIT_UNREADABLE",
    "count",
    "date",
    "error",
    "figure",
    "load_dataset",
    "load_engine",
    "non_negative",
    "options",
    "print_json",
    "printable",
    "reading_options",
    "scheme",
    "table",
    "width",
    "yuan",
]

E = TypeVar("E")

EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2


_TERMINAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""Escape what would act on a terminal: C0 and C1 controls, DEL, line separators, bidi marks.

    Such a character is written as a Python-style escape (``\x1b``, ``\n``, ``\u202e``); every
    other character, Chinese included, is kept.

    Examples
    --------
    >>> print(printable("小北街\x1b[2J社区"), printable("a\nb.json"), printable("西城"))
    小北街\x1b[2J社区 a\nb.json 西城
    """
    return _TERMINAL.sub(_escaped, text) if _TERMINAL.search(text) else text


def error(message: str) -> None:
    r"""Write one line ``jiceng: message`` to standard error, escaped by :func:`printable`.

    A standard error that is closed or cannot be written is left alone: the exit status still
    tells.

    Examples
    --------
    >>> import contextlib, io
    >>> buffer = io.StringIO()
    >>> with contextlib.redirect_stderr(buffer):
    ...     error("district.csv: 2 problems")
    ...     error("a\nb.csv: no such file")
    >>> buffer.getvalue().splitlines()
    ['jiceng: district.csv: 2 problems', 'jiceng: a\\nb.csv: no such file']
    """
    stream = sys.stderr
    if stream is None:
        return
    line = f"jiceng: {printable(message)}\n"
    try:
        try:
            stream.write(line)
        except UnicodeEncodeError:  # a stream that cannot encode the text gets escapes
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(line.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except (OSError, ValueError):  # closed or full; nothing better to report to
        pass


def options(args: argparse.Namespace) -> dict[str, Any]:
    """Return the ``load`` options that the reading arguments give.

    Examples
    --------
    >>> options(reading_options().parse_args(["--encoding", "gb18030"]))
    {'scheme': None, 'encoding': 'gb18030', 'format': None, 'extra': 'error'}
    """
    return {
        "scheme": args.scheme,
        "encoding": args.encoding,
        "format": args.format,
        "extra": args.extra,
    }


def source(path: str) -> str | BinaryIO:
    """Return what to read for a FILE argument: standard input (binary) for ``-``.

    Examples
    --------
    >>> source("district.csv"), source("-") is sys.stdin.buffer
    ('district.csv', True)
    """
    return sys.stdin.buffer if path == "-" else path


def load_dataset(path: str | None, args: argparse.Namespace) -> Dataset:
    """Load ``path`` (the bundled district for ``None``), reporting every problem on failure.

    Raises :class:`~jiceng.errors.CommandError` with the exit status after reporting.

    Examples
    --------
    >>> args = reading_options().parse_args([])
    >>> len(load_dataset(None, args).hierarchy)
    793
    """
    chosen = path or tongchuan_path()
    try:
        return load(source(chosen), **options(args))
    except DataFileError as failure:
        if failure.unreadable:
            error(str(failure))
            raise CommandError(EXIT_UNREADABLE) from None
        for detail in failure.details:
            error(f"{failure.path}: {detail}")
        raise CommandError(EXIT_PROBLEMS) from None
    except IntegrityError as failure:
        for problem in failure.problems:
            error(f"{chosen}: {problem}")
        raise CommandError(EXIT_PROBLEMS) from None


def load_engine(args: argparse.Namespace, kind: type[E], lacking: str) -> tuple[Dataset, E, str]:
    """Load ``args.file`` and return the dataset, its engine of class ``kind``, and the path.

    A dataset without such an engine is reported as having no ``lacking`` (exit status 1).

    Examples
    --------
    >>> from jiceng.renovation import Portfolio
    >>> args = reading_options().parse_args([])
    >>> args.file = None
    >>> dataset, portfolio, path = load_engine(args, Portfolio, "renovation projects")
    >>> len(portfolio), path.endswith("tongchuan.json")
    (20, True)
    """
    path = args.file or tongchuan_path()
    dataset = load_dataset(args.file, args)
    engine = dataset.engine(kind)
    if engine is None:
        error(f"{path}: the dataset has no {lacking}")
        raise CommandError(EXIT_PROBLEMS)
    return dataset, engine, path


def print_json(result: Any, out: TextIO) -> None:
    """Write a result (converted by :func:`jiceng.results.to_jsonable`) as indented JSON.

    Examples
    --------
    >>> import io
    >>> buffer = io.StringIO()
    >>> print_json({"cost": Decimal("1.50"), "on": datetime.date(2026, 11, 26)}, buffer)
    >>> print(buffer.getvalue(), end="")
    {
      "cost": "1.50",
      "on": "2026-11-26"
    }
    """
    json.dump(to_jsonable(result), out, ensure_ascii=False, indent=2)
    out.write("\n")


def figure(value: int | None) -> str:
    """Write a count with thousands separators, ``—`` for none.

    >>> figure(12345), figure(None)
    ('12,345', '—')
    """
    return "—" if value is None else f"{value:,}"


def yuan(value: Decimal | None) -> str:
    """Write an amount of money in yuan, ``—`` for none.

    >>> yuan(Decimal("1234.5")), yuan(None)
    ('¥1,234.50', '—')
    """
    return "—" if value is None else f"¥{value:,.2f}"


def count(number: int, noun: str) -> str:
    """Write a number and a noun, plural where it is not one.

    >>> count(1, "unit"), count(793, "unit")
    ('1 unit', '793 units')
    """
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal.

    >>> width("马房坝 5")
    8
    """
    return sum(
        2 if "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" else 1 for char in text
    )


def table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Write rows as columns aligned by display width, indented by two spaces.

    Cells are escaped by :func:`printable`.

    >>> import io
    >>> buffer = io.StringIO()
    >>> table([["level", "units"], ["社区", "63"]], buffer)
    >>> print(buffer.getvalue(), end="")
      level  units
      社区   63
    """
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(row)]
        out.write("  " + "  ".join(cells).rstrip() + "\n")


def date(text: str) -> datetime.date:
    """Parse an ISO date argument (``YYYY-MM-DD``).

    >>> date("2026-11-26")
    datetime.date(2026, 11, 26)
    """
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def non_negative(text: str) -> int:
    """Parse a whole number of 0 or more.

    >>> non_negative("3")
    3
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def scheme(text: str) -> LevelScheme:
    """Parse a level scheme argument: a built-in scheme's name or a JSON file holding a scheme.

    >>> scheme("rural").name
    'rural'
    """
    if text in BUILTIN_SCHEMES:
        return BUILTIN_SCHEMES[text]
    try:
        return LevelScheme.model_validate_json(Path(text).read_bytes())
    except (OSError, ValueError) as failure:
        known = ", ".join(BUILTIN_SCHEMES)
        raise argparse.ArgumentTypeError(
            f"not a built-in scheme ({known}) nor a readable scheme file: {text!r}"
        ) from failure


def reading_options() -> argparse.ArgumentParser:
    """Return the parent parser of every command that reads a file: ``--scheme``, ``--encoding``.

    >>> reading_options().parse_args(["--encoding", "gb18030"]).encoding
    'gb18030'
    """
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument(
        "--scheme",
        type=scheme,
        help="the level scheme of a file that does not name one (CSV, JSON Lines without a "
        "header): a built-in name or a JSON file holding a scheme",
    )
    reading.add_argument(
        "--encoding",
        help=(
            "the file's text encoding, e.g. gbk; without it CSV is read as UTF-8 where it is,"
            " else as GB18030 (auto: the same for JSON)"
        ),
    )
    reading.add_argument(
        "--format",
        choices=("json", "jsonl", "csv"),
        help="the file's format, for a file whose suffix does not say (.txt) or standard input",
    )
    reading.add_argument(
        "--extra",
        choices=("error", "drop", "keep"),
        default="error",
        help="CSV columns that name no unit field: an error (the default), dropped, or kept as "
        "the units' attributes",
    )
    return reading
