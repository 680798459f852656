"""``jiceng diff OLD NEW`` and ``jiceng divisions diff OLD_FOLDER NEW_FOLDER``.

Both print what changed from the old hierarchy to the new one (:func:`jiceng.diff`): the counts of
each kind of change and the first few of each, or with ``--json`` every change. ``--match``
pairs units by ``id`` (the default), ``code`` or ``name``. ``jiceng divisions diff`` reads two
folders of the national division tables (:func:`jiceng.divisions.read`); ``--under CODE`` keeps,
in both, the subtree of the unit with that division code (a code prefix such as ``511702`` is
padded with zeros to 12 digits).
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from jiceng.cli.command import Command
from jiceng.cli.console import (
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    error,
    load_dataset,
    non_negative,
    print_json,
    printable,
)
from jiceng.divisions import read
from jiceng.errors import CommandError, DataFileError
from jiceng.hierarchy import Hierarchy
from jiceng.history import DIFF_KINDS, HierarchyDiff, diff

__all__ = ["DIFF", "DIVISIONS", "as_json", "under"]


def as_json(changes: HierarchyDiff) -> dict[str, Any]:
    """Return what ``--json`` prints: the match, the counts, and every change of each kind.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> old, new = mafangba(), mafangba()
    >>> with new.edit() as batch:
    ...     batch.remove("yt")
    >>> data = as_json(diff(old, new))
    >>> data["counts"]["removed"], data["removed"][0].old_id
    (1, 'yt')
    """
    return {
        "match": changes.match,
        "counts": changes.counts(),
        **{kind: getattr(changes, kind) for kind in DIFF_KINDS},
    }


def under(h: Hierarchy, code: str, where: str) -> Hierarchy:
    r"""Return the subtree of the unit whose division code is ``code`` padded to 12 digits.

    Reports a missing unit on standard error and raises
    :class:`~jiceng.errors.CommandError` (exit status 2).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> table = pathlib.Path(tempfile.mkdtemp()) / "table.csv"
    >>> _ = table.write_text("5117,达州市\n511702,通川区\n511702002,西城街道\n", encoding="utf-8")
    >>> [unit.name for unit in under(read(table), "511702", "table.csv")]
    ['通川区', '西城街道']
    """
    wanted = code.ljust(12, "0")
    if not (code.isdigit() and len(wanted) == 12 and wanted in h):
        error(f"{where}: no unit with division code {code!r}")
        raise CommandError(EXIT_UNREADABLE)
    return h.subtree(wanted)


def _write(
    changes: HierarchyDiff, old: str, new: str, args: argparse.Namespace, out: TextIO
) -> int:
    if args.json:
        print_json(as_json(changes), out)
    else:
        out.write(f"{printable(old)} → {printable(new)}\n{changes.summary(args.limit)}\n")
    return 0


def _run_diff(args: argparse.Namespace, out: TextIO) -> int:
    old = load_dataset(args.old, args)
    new = load_dataset(args.new, args)
    return _write(diff(old, new, match=args.match), args.old, args.new, args, out)


def _read(folder: str) -> Hierarchy:
    try:
        return read(folder)
    except DataFileError as failure:
        if failure.unreadable:
            error(str(failure))
            raise CommandError(EXIT_UNREADABLE) from None
        for detail in failure.details:
            error(f"{failure.path}: {detail}")
        raise CommandError(EXIT_PROBLEMS) from None


def _run_divisions(args: argparse.Namespace, out: TextIO) -> int:
    old, new = _read(args.old), _read(args.new)
    if args.under is not None:
        old, new = under(old, args.under, args.old), under(new, args.under, args.new)
    return _write(diff(old, new, match=args.match), args.old, args.new, args, out)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--match",
        choices=("id", "code", "name"),
        default="id",
        help="pair units by id (the default), by division code, or by name under paired parents",
    )
    parser.add_argument(
        "--limit", type=non_negative, default=5, help="changes of each kind to show (default 5)"
    )
    parser.add_argument("--json", action="store_true", help="print every change as JSON")


def _configure_diff(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", help="the old dataset file")
    parser.add_argument("new", help="the new dataset file")
    _common(parser)


def _configure_divisions(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub = actions.add_parser("diff", help="the differences between two years' tables")
    sub.add_argument("old", help="the old year's folder (provinces.csv.gz, …, villages.csv.gz)")
    sub.add_argument("new", help="the new year's folder")
    sub.add_argument(
        "--under", metavar="CODE", help="keep the subtree of the unit with this division code"
    )
    _common(sub)


DIFF = Command("diff", "what changed between two datasets' hierarchies", _configure_diff, _run_diff)
"""``jiceng diff``."""

DIVISIONS = Command(
    "divisions",
    "the national division tables: `divisions diff OLD NEW`",
    _configure_divisions,
    _run_divisions,
    reads=False,
)
"""``jiceng divisions``."""
