"""``jiceng services [FILE] [--centre ID]`` and the services section of ``jiceng report``.

Service items at community centres: departments, items, the share needing at most one visit and
none, channel and mode mixes, windows, service circles; with ``--centre``, the guide (办事指南) of
every item the centre offers.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from jiceng.cli.command import Command, ReportOptions, ReportSection
from jiceng.cli.console import EXIT_PROBLEMS, error, load_engine, print_json, table
from jiceng.dataset import Dataset
from jiceng.errors import UnknownRecordError
from jiceng.services import ServiceCatalogue, ServicesSummary, WindowKind, services_summary

__all__ = ["COMMAND", "REPORT", "write_summary"]


def write_summary(summary: ServicesSummary, out: TextIO) -> None:
    """Write the service catalogue's summary for people.

    Examples
    --------
    >>> import io, jiceng
    >>> buffer = io.StringIO()
    >>> write_summary(services_summary(jiceng.examples.tongchuan().services), buffer)
    >>> print(buffer.getvalue().splitlines()[0])
      14 departments, 44 items; at most one visit (最多跑一次) 38 (86%), no visit (零跑腿) 17 (39%)
    """
    visits = summary.visits
    out.write(
        f"  {summary.departments} departments, {summary.items} items; at most one visit"
        f" (最多跑一次) {visits.at_most_one} ({visits.share_at_most_one:.0%}), no visit (零跑腿)"
        f" {visits.zero} ({visits.share_zero:.0%})\n"
    )
    out.write(f"  types: {'，'.join(f'{k.zh} {v}' for k, v in summary.by_type.items())}\n")
    out.write(f"  channels: {'，'.join(f'{k.zh} {v}' for k, v in summary.channels.items())}\n")
    out.write(f"  modes: {'，'.join(f'{k.zh} {v}' for k, v in summary.modes.items())}\n")
    for centre in summary.centres:
        users = centre.platform_users
        extra = f"; {users:,} residents on its online platform" if users else ""
        out.write(f"  {centre.name} ({centre.unit}): {centre.items} items{extra}\n")
        if centre.modes:
            out.write(f"  modes offered: {'、'.join(mode.zh for mode in centre.modes)}\n")
        rows = [["window", "kind", "items", "hours"]]
        rows += [
            [
                w.name,
                w.kind.zh,
                "special"
                if w.kind is WindowKind.FALLBACK
                else "all"
                if w.all_routine
                else str(w.items),
                "; ".join(w.hours),
            ]
            for w in centre.windows
        ]
        table(rows, out)
    for circle in summary.reach:
        out.write(
            f"  {circle.centre}: {circle.minutes}-minute circle over "
            f"{circle.within_name}: {circle.reached} compounds reached "
            f"({circle.households_reached:,} households), {circle.missed} not "
            f"({circle.households_missed:,} households)\n"
        )


def _figures(dataset: Dataset, options: ReportOptions) -> ServicesSummary | None:
    catalogue = dataset.engine(ServiceCatalogue)
    return None if catalogue is None else services_summary(catalogue)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    dataset, catalogue, path = load_engine(
        args, ServiceCatalogue, "service items (departments, services, centres)"
    )
    try:
        summary = services_summary(catalogue, centre=args.centre)
    except UnknownRecordError as failure:
        error(f"{path}: {failure}")
        return EXIT_PROBLEMS
    if args.json:
        print_json(summary, out)
        return 0
    out.write(f"Service items (服务事项): {dataset.name or path}\n")
    write_summary(summary, out)
    for lines in summary.guide:
        out.write("\n" + "\n".join(f"  {line}" for line in lines) + "\n")
    return 0


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    parser.add_argument("--centre", help="one centre, with the guide of every item it offers")
    parser.add_argument("--json", action="store_true", help="print JSON")


COMMAND = Command("services", "service items, centres and their windows", _configure, _run)
"""``jiceng services``."""

REPORT = ReportSection(
    "services", "Service items at community centres (服务事项)", _figures, write_summary
)
"""The services section of ``jiceng report``."""
