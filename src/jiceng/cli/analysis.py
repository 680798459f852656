"""The analysis commands: ``jiceng profile``.

``jiceng profile [FILE] [--by LEVEL] [--json]`` prints the level profile
(:func:`jiceng.analysis.level_profile`) of the whole hierarchy, or with ``--by`` one block per
unit of that level (its profile under it), in hierarchy order. Without ``FILE``, the bundled
通川区 district, as ``jiceng report`` does.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from jiceng.analysis import level_profile
from jiceng.cli.command import Command
from jiceng.cli.console import EXIT_UNREADABLE, error, load_dataset, print_json, printable
from jiceng.results import to_jsonable

__all__ = ["COMMAND", "run_profile"]


def run_profile(args: argparse.Namespace, out: TextIO) -> int:
    """Run ``jiceng profile``: the level profile, of the whole hierarchy or per unit of a level.

    Examples
    --------
    >>> import io
    >>> args = argparse.Namespace(file=None, scheme=None, encoding=None, format=None,
    ...                           extra="error", by="street", json=False)
    >>> buffer = io.StringIO()
    >>> run_profile(args, buffer)
    0
    >>> buffer.getvalue().splitlines()[:2]
    ['通川区 (达州市) example district: level profile by street (5 units)', '']
    """
    dataset = load_dataset(args.file, args)
    h = dataset.hierarchy
    title = printable(dataset.name or args.file or "")
    if args.by is None:
        profile = level_profile(h)
        if args.json:
            print_json({"name": dataset.name, "profile": profile}, out)
        else:
            out.write(f"{title}\n{_lines(str(profile))}")
        return 0
    if args.by not in h.scheme:
        error(f"--by: no level {args.by!r} in the scheme (levels: {', '.join(h.scheme.keys)})")
        return EXIT_UNREADABLE
    units = h.at_level(args.by)
    blocks: list[dict[str, Any]] = []
    if not args.json:
        noun = "unit" if len(units) == 1 else "units"
        out.write(f"{title}: level profile by {args.by} ({len(units):,} {noun})\n")
    for unit in units:
        profile = level_profile(h, under=unit)
        if args.json:
            blocks.append({"id": unit.id, "name": unit.name, "profile": to_jsonable(profile)})
        else:
            out.write(f"\n{printable(unit.name)} ({printable(unit.id)})\n")
            out.write(_lines(str(profile)))
    if args.json:
        print_json({"name": dataset.name, "by": args.by, "units": blocks}, out)
    return 0


def _lines(text: str) -> str:
    """Escape each line of a result's text for the terminal; end with a newline."""
    return "".join(printable(line) + "\n" for line in text.splitlines())


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    parser.add_argument(
        "--by", metavar="LEVEL", help="one profile per unit of this level (e.g. street)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


COMMAND = Command(
    "profile",
    "level profile: units, children, households per unit at each level",
    _configure,
    run_profile,
)
"""The ``jiceng profile`` command.

Examples
--------
>>> COMMAND.name
'profile'
"""
