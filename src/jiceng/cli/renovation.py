"""``jiceng renovation [FILE]`` and the renovation section of ``jiceng report``.

The renovation portfolio (老旧小区改造; also ``jiceng projects``): status, cost, funding,
progress, the extended cut-off cap per batch, candidates, and every project.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from jiceng.cli.command import Command, ReportOptions, ReportSection
from jiceng.cli.console import load_engine, print_json, table, yuan
from jiceng.dataset import Dataset
from jiceng.renovation import Portfolio, RenovationSummary, portfolio_summary

__all__ = ["COMMAND", "REPORT", "write_summary"]


def write_summary(summary: RenovationSummary, out: TextIO, *, full: bool = False) -> None:
    """Write the portfolio's summary for people (and, with ``full``, every project).

    Examples
    --------
    >>> import io, jiceng
    >>> buffer = io.StringIO()
    >>> write_summary(portfolio_summary(jiceng.examples.tongchuan().renovation), buffer)
    >>> buffer.getvalue().splitlines()[3]
    '  progress: 3,013 of 6,717 households in completed projects (44.9%)'
    """
    policy = summary.policy
    extension = policy.extended_cutoff_year
    out.write(
        f"  {summary.projects} projects; eligibility: built by {policy.cutoff_year}"
        + (
            f" (extended to {extension}, capped at {policy.extended_share_cap:.0%}"
            " of a batch's households)"
            if extension
            else ""
        )
        + "\n"
    )
    statuses = [f"{status.zh} {count}" for status, count in summary.by_status.items() if count]
    out.write(f"  by status: {'，'.join(statuses)}\n")
    out.write(
        f"  households {summary.households:,}; cost {yuan(summary.cost)}; "
        f"{yuan(summary.cost_per_household)} a household, {yuan(summary.cost_per_m2)} a m²\n"
    )
    progress = summary.progress
    out.write(
        f"  progress: {progress.completed:,} of {progress.households:,} households in "
        f"completed projects ({round(progress.share, 4):.1%})\n"
    )
    mix = "，".join(f"{source.zh} {share.share:.1%}" for source, share in summary.funding.items())
    out.write(f"  funding: {mix}\n")
    categories = "，".join(
        f"{summary.policy.category_zh(category)} {yuan(cost)}"
        for category, cost in summary.categories.items()
    )
    out.write(f"  measures: {categories}\n")
    rows = [["batch", "projects", "households", "cost", "extended cut-off", "within cap"]]
    rows += [
        [
            str(b.batch),
            str(b.projects),
            f"{b.households:,}",
            yuan(b.cost),
            f"{b.extended.households:,} ({b.extended.share:.1%})",
            "yes" if b.extended.within_cap else "NO",
        ]
        for b in summary.batches
    ]
    table(rows, out)
    if summary.funding_gaps:
        listed = "，".join(f"{pid} {yuan(gap)}" for pid, gap in summary.funding_gaps.items())
        out.write(f"  funding gaps: {listed}\n")
    candidates = summary.candidates
    out.write(
        f"  candidates without a project: {candidates.eligible} eligible"
        f" (e.g. {'、'.join(candidates.eligible_examples) or '—'}),"
        f" {candidates.not_eligible} not eligible\n"
    )
    if full:
        out.write("\n")
        rows = [["project", "compound", "batch", "status", "households", "cost", "a household"]]
        rows += [
            [
                p.id,
                p.compound,
                str(p.batch),
                p.status.zh,
                f"{p.households:,}",
                yuan(p.cost),
                yuan(p.cost_per_household),
            ]
            for p in summary.list
        ]
        table(rows, out)


def _figures(dataset: Dataset, options: ReportOptions) -> RenovationSummary | None:
    portfolio = dataset.engine(Portfolio)
    return None if portfolio is None else portfolio_summary(portfolio)


def _write_section(summary: RenovationSummary, out: TextIO) -> None:
    write_summary(summary, out)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    dataset, portfolio, _ = load_engine(args, Portfolio, "renovation projects")
    summary = portfolio_summary(portfolio)
    if args.json:
        print_json(summary, out)
        return 0
    out.write(f"Renovation projects (老旧小区改造): {dataset.name or args.file}\n")
    write_summary(summary, out, full=True)
    return 0


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    parser.add_argument("--json", action="store_true", help="print JSON")


COMMAND = Command(
    "renovation",
    "the renovation portfolio's summary",
    _configure,
    _run,
    aliases=("projects",),
)
"""``jiceng renovation`` (also ``jiceng projects``)."""

REPORT = ReportSection(
    "renovation", "Renovation of old compounds (老旧小区改造)", _figures, _write_section
)
"""The renovation section of ``jiceng report``."""
