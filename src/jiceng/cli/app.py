"""The entry point of ``jiceng``: the parser, built from the commands' declarations.

``jiceng report [FILE]``
    The main job: a readable report on a dataset (by default the bundled 通川区 district): its
    levels with Chinese names and counts, totals of households and population, the largest
    communities, every domain's section, and units with missing data.
``jiceng validate FILE``
    Every problem in a file; exit status 1 if there is any.
``jiceng stats FILE``
    Structure: levels, depth, span of control per level, totals.
``jiceng profile [FILE] [--by LEVEL]``
    The level profile: per level, the units, their leaves, children per unit (min, median,
    mean, max over all units) and households, population and party members per unit; with
    ``--by street``, one profile per street.
``jiceng tree FILE [--root ID] [--depth N] [--dot [--label KEY] [--clusters] [--counts]]``
    The hierarchy as an indented tree, or with ``--dot`` as the Graphviz DOT text of an org chart.
    Indentation stops growing 32 levels below the start; deeper lines show their depth
    (``┆33┆``), so a deep chain prints in linear time and space.
``jiceng export [FILE] --to FORMAT [-o OUT] [--section projects|workers|services]``
    The dataset for other tools: GraphML, GEXF, GML, node-link JSON, Graphviz DOT, nested tree
    JSON, Parquet or CSV; with ``--section``, a domain's table as CSV or Parquet.
``jiceng renovation [FILE]`` (also ``jiceng projects``)
    The renovation portfolio (老旧小区改造): status, cost, funding, progress, the extended cut-off
    cap per batch, candidates, and every project.
``jiceng pay [FILE] [--unit ID] [--on DATE] [--compare SCHEME]`` (also ``jiceng payroll``)
    Community workers' pay: the scheme in force, head counts by post and grade, pay per
    community, and every worker's grade, pay and next step; or, with ``--compare``, every
    worker's annual pay under the scheme in force and under a built-in one, side by side.
``jiceng services [FILE] [--centre ID]``
    Service items at community centres: departments, items, the share needing at most one visit
    and none, channel and mode mixes, windows, service circles; with ``--centre``, the guide
    (办事指南) of every item the centre offers.
``jiceng check [FILE] [--top N] [--by LEVEL] [--grid-level LEVEL] [--under ID] [--strict]``
    Rule-based checks: party organisations against the rules on their size, sizes and staffing
    against norms of local practice, recorded figures against the sums below them, coverage
    (全覆盖); the findings grouped by rule with counts, sources and the worst cases. Exit status
    0 whatever it finds, unless ``--strict``: then 1 for any finding but an approved exception.
``jiceng diff OLD NEW [--match id|code|name] [--limit N]``
    What changed between two datasets' hierarchies: units added, removed, renamed, moved,
    relevelled, recoded, given new ids, changed, reordered, and the merges and splits inferred.
``jiceng divisions diff OLD_FOLDER NEW_FOLDER [--under CODE] [--match …]``
    The same for two years of the national division tables, or (``--under 511702``) the subtree
    of one unit in both.
``jiceng schema``
    The JSON Schema of the dataset file.

Every command that reads a file takes ``--scheme`` (a built-in scheme's name or a JSON scheme file,
for a CSV or JSON Lines file that does not name one) and ``--encoding`` (e.g. ``gb18030``).
``--json`` on ``report``, ``stats``, ``profile``, ``validate``, ``check``, ``diff`` and the domains'
commands prints JSON instead.
Errors go to standard error, one line each, never a traceback, also when standard output is
closed, full or cannot encode the text (``PYTHONIOENCODING=ascii``); a reader that stops early
(``jiceng tree FILE | head``) ends the command quietly. Exit status: 0 on success, 1 for a
dataset with problems, 2 for a file that cannot be read, a usage error, or output that cannot be
written.

A domain adds its command and report section in its own module of this package and one entry in
:data:`DOMAINS`; so do the rule-based checks (:mod:`jiceng.cli.check`), whose report section
comes after the domains'.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import TextIO

from jiceng.cli import analysis, check, export, history, pay, renovation, services
from jiceng.cli.command import Command, ReportSection
from jiceng.cli.console import EXIT_UNREADABLE, error, reading_options
from jiceng.cli.core import commands as core_commands
from jiceng.errors import CommandError

__all__ = ["DOMAINS", "main", "parser"]

DOMAINS: tuple[ModuleType, ...] = (renovation, pay, services, check)
"""The command modules with a ``COMMAND`` and a ``REPORT`` declaration: the domains', then the
rule-based checks'."""


def _declared() -> tuple[tuple[Command, ...], tuple[ReportSection, ...]]:
    sections: tuple[ReportSection, ...] = tuple(module.REPORT for module in DOMAINS)
    domain_commands: tuple[Command, ...] = tuple(module.COMMAND for module in DOMAINS)
    every = core_commands(sections)
    return (
        *every[:3],
        analysis.COMMAND,
        *every[3:4],
        *domain_commands,
        export.COMMAND,
        history.DIFF,
        history.DIVISIONS,
        *every[4:],
    ), sections


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``jiceng``, every declared command on it.

    Examples
    --------
    >>> parser().parse_args(["stats", "district.json"]).file
    'district.json'
    """
    top = argparse.ArgumentParser(
        prog="jiceng",
        description="Reports and checks on grassroots governance datasets (基层治理数据).",
    )
    subcommands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    reading = reading_options()
    for command in _declared()[0]:
        sub = subcommands.add_parser(
            command.name,
            aliases=list(command.aliases),
            parents=[reading] if command.reads else [],
            help=command.help,
        )
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return top


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status.

    Examples
    --------
    >>> import io, json
    >>> buffer = io.StringIO()
    >>> main(["report", "--json", "--on", "2026-11-26"], out=buffer)
    0
    >>> [level["count"] for level in json.loads(buffer.getvalue())["levels"]]
    [5, 63, 70, 175, 480]
    """
    stream = out if out is not None else sys.stdout
    try:
        try:
            args = parser().parse_args(argv)
        except SystemExit:  # --help or a usage error, already written
            if sys.stdout is not None:
                sys.stdout.flush()
            raise
        if stream is None:  # started with standard output closed
            error("standard output is closed; nothing can be written")
            return EXIT_UNREADABLE
        status: int = args.run(args, stream)
        stream.flush()
    except CommandError as failure:
        return failure.status
    except BrokenPipeError:  # e.g. `jiceng tree FILE | head`
        _silence(stream)
        return 0
    except UnicodeEncodeError as failure:
        _silence(stream)
        encoding = getattr(stream, "encoding", None) or failure.encoding
        error(
            f"standard output cannot write {failure.object[failure.start : failure.end]!r} "
            f"in {encoding}; use a UTF-8 terminal or set PYTHONIOENCODING=utf-8"
        )
        return EXIT_UNREADABLE
    except OSError as failure:
        where = "standard output" if failure.filename is None else str(failure.filename)
        if failure.filename is None:
            _silence(stream)
        error(f"cannot write {where}: {failure.strerror or failure}")
        return EXIT_UNREADABLE
    return status


def _silence(stream: TextIO | None) -> None:
    """Stop a broken standard output from failing again when Python flushes it at exit."""
    if stream is not None and stream is sys.stdout:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            sys.stdout = None
