"""The core commands: ``report``, ``validate``, ``stats``, ``tree`` and ``schema``.

``report`` writes the hierarchy's figures and then every domain's report section (declared in
the domain's module of :mod:`jiceng.cli`), passed in by the entry point.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from jiceng.analysis import (
    LevelCount,
    MissingData,
    SpanOfControl,
    UnitSize,
    grand_totals,
    largest,
    level_counts,
    missing_data,
    spans_of_control,
)
from jiceng.cli.command import Command, ReportOptions, ReportSection
from jiceng.cli.console import (
    EXIT_PROBLEMS,
    EXIT_UNREADABLE,
    count,
    date,
    error,
    figure,
    load_dataset,
    non_negative,
    options,
    print_json,
    printable,
    source,
    table,
)
from jiceng.dataset import Dataset, DatasetFile
from jiceng.errors import DataFileError, IntegrityError, UnknownUnitError
from jiceng.hierarchy import Hierarchy
from jiceng.interop.dot import LABELS, to_dot
from jiceng.io import load
from jiceng.results import to_jsonable
from jiceng.units import CountField, OrgUnit

__all__ = [
    "HierarchyReport",
    "Largest",
    "SchemeName",
    "Stats",
    "commands",
    "hierarchy_report",
    "run_report",
    "stats",
]


@attrs.frozen
class SchemeName:
    """A level scheme's name and title.

    Examples
    --------
    >>> import jiceng
    >>> SchemeName(jiceng.URBAN_FIVE_LEVEL.name, jiceng.URBAN_FIVE_LEVEL.title).name
    'urban_five_level'
    """

    name: str
    title: str


@attrs.frozen
class Largest:
    """The largest units of one level (the second of the scheme: communities by default).

    Examples
    --------
    >>> import jiceng
    >>> largest = hierarchy_report(jiceng.examples.tongchuan(), top=2).largest
    >>> largest.level, [unit.name for unit in largest.units]
    ('community', ['马房坝社区', '北岩寺社区'])
    """

    level: str
    units: tuple[UnitSize, ...]


@attrs.frozen
class HierarchyReport:
    """The hierarchy's part of ``jiceng report``.

    Examples
    --------
    >>> import jiceng
    >>> report = hierarchy_report(jiceng.examples.tongchuan(), top=1)
    >>> report.units, [unit.name for unit in report.largest.units]
    (793, ['马房坝社区'])
    """

    name: str | None
    scheme: SchemeName
    units: int
    levels: tuple[LevelCount, ...]
    totals: dict[CountField, int | None]
    largest: Largest
    missing: tuple[MissingData, ...]


def hierarchy_report(dataset: Dataset, *, top: int = 5, sample: int = 3) -> HierarchyReport:
    """Return the hierarchy's figures for the report: levels, totals, largest units, gaps.

    Examples
    --------
    >>> import jiceng
    >>> report = hierarchy_report(jiceng.examples.tongchuan())
    >>> [level.count for level in report.levels], report.missing[0].field
    ([5, 63, 70, 175, 480], 'households')
    """
    h = dataset.hierarchy
    keys = h.scheme.keys
    second = keys[1] if len(keys) > 1 else keys[0]
    return HierarchyReport(
        name=dataset.name,
        scheme=SchemeName(h.scheme.name, h.scheme.title),
        units=len(h),
        levels=level_counts(h),
        totals=grand_totals(h),
        largest=Largest(second, largest(h, second, top)),
        missing=missing_data(h, sample),
    )


@attrs.frozen
class Stats:
    """The figures of ``jiceng stats``: structure, span of control per level, totals.

    Examples
    --------
    >>> import jiceng
    >>> figures = stats(jiceng.examples.tongchuan())
    >>> figures.roots, figures.max_depth, figures.levels["grid"]
    (5, 4, 70)
    """

    name: str | None
    scheme: str
    units: int
    roots: int
    max_depth: int | None
    levels: dict[str, int]
    span_of_control: tuple[SpanOfControl, ...]
    totals: dict[CountField, int | None]


def stats(dataset: Dataset) -> Stats:
    """Return the structural statistics of a dataset's hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> figures = stats(jiceng.examples.tongchuan())
    >>> figures.units, figures.span_of_control[0].mean
    (793, 12.6)
    """
    h = dataset.hierarchy
    depths = [h.depth(unit) for unit in h]
    return Stats(
        name=dataset.name,
        scheme=h.scheme.name,
        units=len(h),
        roots=len(h.roots()),
        max_depth=max(depths) if depths else None,
        levels=h.level_counts(),
        span_of_control=spans_of_control(h),
        totals=grand_totals(h),
    )


def _write_hierarchy(report: HierarchyReport, file: str | None, out: TextIO) -> None:
    out.write(f"{printable(report.name or file or '')}\n")
    out.write(f"scheme: {report.scheme.name} ({report.scheme.title})\n\n")
    out.write(f"Levels ({report.units:,} units)\n")
    rows = [["level", "territory", "organisation", "units"]]
    rows += [[lv.key, lv.territory, lv.organisation, f"{lv.count:,}"] for lv in report.levels]
    table(rows, out)
    out.write("\nTotals\n")
    table([[field, figure(value)] for field, value in report.totals.items()], out)
    out.write(f"\nLargest units at level {report.largest.level!r} (by households)\n")
    if report.largest.units:
        rows = [["name", "in", "households", "population"]]
        rows += [
            [row.name, row.parent or "", figure(row.households), figure(row.population)]
            for row in report.largest.units
        ]
        table(rows, out)


def _write_missing(missing: Sequence[MissingData], out: TextIO) -> None:
    out.write("\nMissing data (units whose subtree records nothing)\n")
    if not missing:
        out.write("  none\n")
    for row in missing:
        examples = printable("、".join(row.examples))
        more = "…" if row.count > len(row.examples) else ""
        out.write(
            f"  {row.level}: {row.count:,} of {row.of:,} without {row.field}"
            f" (e.g. {examples}{more})\n"
        )


def run_report(args: argparse.Namespace, out: TextIO, sections: Sequence[ReportSection]) -> int:
    """Run ``jiceng report``: the hierarchy's figures, then every domain's section.

    Examples
    --------
    >>> import argparse, io
    >>> args = argparse.Namespace(file=None, scheme=None, encoding=None, format=None,
    ...                           extra="error", top=1, json=False,
    ...                           on=datetime.date(2026, 11, 26))
    >>> buffer = io.StringIO()
    >>> run_report(args, buffer, sections=())
    0
    >>> buffer.getvalue().splitlines()[0]
    '通川区 (达州市) example district'
    """
    dataset = load_dataset(args.file, args)
    chosen = ReportOptions(on=args.on or datetime.date.today(), top=args.top)
    report = hierarchy_report(dataset, top=chosen.top)
    figures = [(section, section.figures(dataset, chosen)) for section in sections]
    if args.json:
        data: dict[str, Any] = to_jsonable(report)
        for section, result in figures:
            data[section.key] = to_jsonable(result)
        print_json(data, out)
        return 0
    _write_hierarchy(report, args.file, out)
    for section, result in figures:
        if result is not None:
            out.write(f"\n{section.title}\n")
            section.write(result, out)
    _write_missing(report.missing, out)
    return 0


def _run_validate(args: argparse.Namespace, out: TextIO) -> int:
    try:
        dataset = load(source(args.file), **options(args))
    except DataFileError as failure:
        if failure.unreadable:
            error(str(failure))
            if args.json:
                unreadable = {"code": "unreadable", "message": str(failure)}
                print_json({"file": args.file, "valid": False, "problems": [unreadable]}, out)
            return EXIT_UNREADABLE
        problems: list[dict[str, Any]] = [
            {
                "code": d.code or "invalid_record",
                "line": d.line,
                "record": d.record,
                "field": d.field,
                "message": d.message,
                **({"ids": list(d.ids), "lines": list(d.lines)} if d.code else {}),
            }
            for d in failure.details
        ]
        lines = [printable(f"{failure.path}: {detail}") for detail in failure.details]
    except IntegrityError as failure:
        problems = [
            {"code": p.code, "ids": list(p.ids), "message": p.message}
            | ({"lines": list(p.lines)} if p.lines else {})
            for p in failure.problems
        ]
        lines = [printable(f"{args.file}: {problem}") for problem in failure.problems]
    else:
        units = len(dataset.hierarchy)
        if args.json:
            print_json({"file": args.file, "valid": True, "units": units, "problems": []}, out)
        else:
            out.write(f"{printable(args.file)}: valid, {count(units, 'unit')}\n")
        return 0
    if args.json:
        print_json({"file": args.file, "valid": False, "problems": problems}, out)
    else:
        for line in lines:
            out.write(line + "\n")
        noun = "problem" if len(lines) == 1 else "problems"
        out.write(f"{printable(args.file)}: {len(lines)} {noun}\n")
    return EXIT_PROBLEMS


def _run_stats(args: argparse.Namespace, out: TextIO) -> int:
    figures = stats(load_dataset(args.file, args))
    if args.json:
        print_json(figures, out)
        return 0
    out.write(
        f"{printable(figures.name or args.file)}: {count(figures.units, 'unit')}, "
        f"{count(figures.roots, 'root')}, maximum depth {figure(figures.max_depth)}, "
        f"scheme {figures.scheme}\n\n"
    )
    out.write("Span of control (children of units that have any)\n")
    rows = [["level", "units", "leaves", "min", "mean", "max"]]
    rows += [
        [
            s.level,
            f"{s.units:,}",
            f"{s.leaves:,}",
            figure(s.min),
            "—" if s.mean is None else f"{s.mean:.2f}",
            figure(s.max),
        ]
        for s in figures.span_of_control
    ]
    table(rows, out)
    out.write("\nTotals\n")
    table([[field, figure(value)] for field, value in figures.totals.items()], out)
    return 0


def _run_tree(args: argparse.Namespace, out: TextIO) -> int:
    if not args.dot and (args.label is not None or args.clusters or args.counts):
        error("--label, --clusters and --counts shape the org chart: use them with --dot")
        return EXIT_UNREADABLE
    h = load_dataset(args.file, args).hierarchy
    if args.root is not None:
        try:
            tops = [h[args.root]]
        except UnknownUnitError as failure:
            error(f"{args.file}: {failure}")
            return EXIT_PROBLEMS
    else:
        tops = h.roots()
    if args.dot:
        chart = to_dot(
            h,
            root=args.root,
            depth=args.depth,
            label=args.label or "name",
            clusters=args.clusters,
            counts=args.counts,
        )
        out.write(chart)
        return 0
    for top in tops:
        _write_tree(h, top, args.depth, out)
    return 0


# Levels of indentation `jiceng tree` draws; deeper lines keep that indentation and show their
# depth below the start (┆41┆), so the output of a deep chain grows linearly, not quadratically.
_MAX_INDENT = 32


def _write_tree(h: Hierarchy, top: OrgUnit, depth: int | None, out: TextIO) -> None:
    """Write the subtree of ``top`` as an indented tree, names escaped by :func:`printable`."""
    base = h.depth(top)
    # (unit, prefix, last child, depth below top); the prefix stops growing at _MAX_INDENT
    stack: list[tuple[OrgUnit, str, bool, int]] = [(top, "", True, 0)]
    while stack:
        unit, prefix, last, below_top = stack.pop()
        households = h.total(unit, "households")
        counted = "" if households is None else f"  {households:,} households"
        branch = "" if below_top == 0 else ("└─ " if last else "├─ ")
        marker = f"┆{below_top}┆ " if below_top > _MAX_INDENT else ""
        text = printable(f"{unit.name} [{unit.level}] {unit.id}")
        out.write(f"{prefix}{marker}{branch}{text}{counted}\n")
        if depth is not None and h.depth(unit) - base >= depth:
            continue
        children = h.children(unit)
        if below_top == 0 or below_top > _MAX_INDENT - 1:
            below = prefix
        else:
            below = prefix + ("   " if last else "│  ")
        last_child = len(children) - 1
        stack.extend(
            (children[i], below, i == last_child, below_top + 1) for i in range(last_child, -1, -1)
        )


def _run_schema(args: argparse.Namespace, out: TextIO) -> int:
    print_json(DatasetFile.model_json_schema(), out)
    return 0


def _configure_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    parser.add_argument(
        "--top", type=non_negative, default=5, help="how many largest units to list"
    )
    parser.add_argument("--on", type=date, help="the date for pay (YYYY-MM-DD; default: today)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _configure_file_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _configure_tree(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--root", help="start at this unit id")
    parser.add_argument("--depth", type=non_negative, help="show this many levels below the start")
    parser.add_argument(
        "--dot",
        action="store_true",
        help="print the org chart as Graphviz DOT text (render it with: dot -Tsvg -o chart.svg)",
    )
    parser.add_argument(
        "--label",
        choices=LABELS,
        help="with --dot: what each box shows (default: name)",
    )
    parser.add_argument(
        "--clusters", action="store_true", help="with --dot: one box around each level's units"
    )
    parser.add_argument(
        "--counts", action="store_true", help="with --dot: households under each unit"
    )


def commands(sections: Sequence[ReportSection]) -> tuple[Command, ...]:
    """Return the core commands; ``report`` writes ``sections`` after the hierarchy's figures.

    Examples
    --------
    >>> [command.name for command in commands(())]
    ['report', 'validate', 'stats', 'tree', 'schema']
    """
    return (
        Command(
            "report",
            "a readable report on a dataset",
            _configure_report,
            lambda args, out: run_report(args, out, sections),
        ),
        Command("validate", "list every problem in a file", _configure_file_json, _run_validate),
        Command("stats", "structure and span of control", _configure_file_json, _run_stats),
        Command("tree", "the hierarchy as a tree", _configure_tree, _run_tree),
        Command(
            "schema",
            "JSON Schema of the dataset file",
            lambda parser: None,
            _run_schema,
            reads=False,
        ),
    )
