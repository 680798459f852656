"""``jiceng pay [FILE] [--unit ID] [--on DATE] [--compare SCHEME]`` and the pay report section.

Community workers' pay (also ``jiceng payroll``): the scheme in force, head counts by post and
grade, pay per community, and every worker's grade, pay and next step; or, with ``--compare``,
every worker's annual pay under the scheme in force and under a built-in one, side by side.
"""

from __future__ import annotations

import argparse
import datetime
from typing import TextIO

from jiceng.cli.command import Command, ReportOptions, ReportSection
from jiceng.cli.console import (
    EXIT_PROBLEMS,
    date,
    error,
    figure,
    load_engine,
    print_json,
    table,
    yuan,
)
from jiceng.dataset import Dataset
from jiceng.errors import UnknownRecordError
from jiceng.pay import (
    BUILTIN_PAY_SCHEMES,
    UNPAYABLE,
    PayOverview,
    Payroll,
    PayrollSummary,
    PayUnavailable,
    SchemeComparison,
    pay_overview,
    payroll_summary,
    scheme_comparison,
)
from jiceng.results import to_jsonable

__all__ = ["COMMAND", "REPORT", "write_comparison", "write_overview"]


def write_overview(overview: PayOverview, out: TextIO, *, full: bool = True) -> None:
    """Write the payroll's overview; with ``full``, every worker of a :class:`PayrollSummary`.

    Examples
    --------
    >>> import io, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> buffer = io.StringIO()
    >>> write_overview(pay_overview(payroll, on=datetime.date(2026, 11, 26)), buffer)
    >>> buffer.getvalue().splitlines()[1]
    '  60 workers (2 on probation); monthly pay ¥250,527.99, annual cost ¥3,006,335.88'
    """
    scheme = overview.scheme
    note = " — illustrative figures" if scheme.illustrative else ""
    out.write(f"  scheme in force on {overview.on}: {scheme.name} ({scheme.title}){note}\n")
    out.write(
        f"  {overview.workers} workers ({overview.on_probation} on probation); monthly pay "
        f"{yuan(overview.monthly)}, annual cost {yuan(overview.annual_cost)}\n"
    )
    by_post: dict[str, list[str]] = {}
    for row in overview.headcount:
        by_post.setdefault(row.post_zh, []).append(f"{row.grade}级×{row.count}")
    for post, cells in by_post.items():
        out.write(f"  {post}: {' '.join(cells)}\n")
    if overview.distribution:
        rows = [["community", "workers", "lowest", "median", "highest", "monthly total"]]
        rows += [
            [d.name, str(d.workers), yuan(d.lowest), yuan(d.median), yuan(d.highest), yuan(d.total)]
            for d in overview.distribution
        ]
        table(rows, out)
    if full and isinstance(overview, PayrollSummary):
        out.write("\n")
        rows = [["worker", "name", "unit", "post", "grade", "monthly", "next step"]]
        for w in overview.list:
            step = w.next_step
            rows.append(
                [
                    w.id,
                    w.name,
                    w.unit,
                    w.post,
                    str(w.grade) + (" (probation)" if w.probation else ""),
                    yuan(w.monthly),
                    "—" if step is None else f"{step.on} → {step.grade}",
                ]
            )
        table(rows, out)


def write_comparison(comparison: SchemeComparison, out: TextIO) -> None:
    """Write every worker's annual pay under two schemes, side by side.

    Examples
    --------
    >>> import io, jiceng
    >>> payroll = jiceng.examples.tongchuan().pay
    >>> buffer = io.StringIO()
    >>> on = datetime.date(2026, 11, 26)
    >>> write_comparison(scheme_comparison(payroll, "xian_2020", on=on), buffer)
    >>> buffer.getvalue().splitlines()[-1]
    '  total ¥3,006,335.88 → ¥2,747,046.12 (difference ¥-259,289.76)'
    """
    a, b = comparison.a, comparison.b
    out.write(f"\nAnnual pay under {a} and under {b}, on {comparison.on}\n")
    rows = [["worker", "name", f"grade ({a})", f"annual ({a})", f"grade ({b})", f"annual ({b})"]]
    rows += [
        [r.id, r.name, figure(r.grade_a), yuan(r.annual_a), figure(r.grade_b), yuan(r.annual_b)]
        for r in comparison.rows
    ]
    table(rows, out)
    out.write(
        f"  total {yuan(comparison.total_a)} → {yuan(comparison.total_b)}"
        f" (difference {yuan(comparison.difference)})\n"
    )


def _write_section(result: PayOverview | PayUnavailable, out: TextIO) -> None:
    if isinstance(result, PayUnavailable):
        out.write(f"  cannot compute pay on {result.on}: {result.error}\n")
    else:
        write_overview(result, out)


def _figures(dataset: Dataset, options: ReportOptions) -> PayOverview | PayUnavailable | None:
    payroll = dataset.engine(Payroll)
    return None if payroll is None else pay_overview(payroll, on=options.on)


_UNANSWERABLE: tuple[type[Exception], ...] = (UnknownRecordError, *UNPAYABLE)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    dataset, payroll, path = load_engine(args, Payroll, "payroll (pay_schemes and workers)")
    on = args.on or datetime.date.today()
    try:
        summary = payroll_summary(payroll, on=on, unit=args.unit)
        comparison = (
            None
            if args.compare is None
            else scheme_comparison(payroll, args.compare, on=on, unit=args.unit)
        )
    except _UNANSWERABLE as failure:
        error(f"{path}: {failure}")
        return EXIT_PROBLEMS
    if args.json:
        data = to_jsonable(summary)
        if comparison is not None:
            data["compare"] = to_jsonable(comparison)
        print_json(data, out)
        return 0
    where = f" in {dataset.hierarchy[args.unit].name}" if args.unit else ""
    out.write(f"Community workers' pay (社区工作者薪酬){where}: {dataset.name or path}\n")
    write_overview(summary, out, full=comparison is None)
    if comparison is not None:
        write_comparison(comparison, out)
    return 0


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    parser.add_argument("--unit", help="only the workers of this unit's subtree")
    parser.add_argument("--on", type=date, help="the date (YYYY-MM-DD; default: today)")
    parser.add_argument(
        "--compare",
        choices=sorted(BUILTIN_PAY_SCHEMES),
        help="also compare every worker's pay under this built-in scheme",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


COMMAND = Command(
    "pay", "community workers' grades and pay", _configure, _run, aliases=("payroll",)
)
"""``jiceng pay`` (also ``jiceng payroll``)."""

REPORT = ReportSection("pay", "Community workers' pay (社区工作者薪酬)", _figures, _write_section)
"""The pay section of ``jiceng report``."""
