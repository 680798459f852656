"""``jiceng check [FILE]`` and the findings section of ``jiceng report``.

``check`` runs the rule-based analyses of :mod:`jiceng.analysis` on a dataset (by default the
bundled 通川区 district): compliance of party organisations with the rules on their size, sizes
against norms of local practice, community workers against the staff norms (where the dataset has
a payroll), recorded figures against the sums below them, and coverage by party organisations.
It prints the findings grouped by rule, each rule with its text, source, counts and worst cases;
``--json`` prints every finding. The exit status is 0 whatever it finds, unless ``--strict``:
then 1 if there is any finding other than an approved exception.

The rules, in the order printed (``group`` in the JSON):

- ``compliance``: every rule of :data:`~jiceng.analysis.PARTY_ORGANISATION_RULES`;
- ``norms``: every norm of :data:`~jiceng.analysis.SIZE_NORMS` applied to a level (the
  management-grid norms only with ``--grid-level``);
- ``staffing``: :data:`~jiceng.analysis.STAFF_NORMS`, for a dataset with workers;
- ``consistency``: one rule per count field, ``consistency_households`` …;
- ``coverage``: ``coverage_none`` (units no organisation covers) and ``coverage_level_below``
  (units with no children at a level that has a level below).

Worst cases: findings by how far beyond the bound (approved exceptions last), discrepancies by
their size, coverage gaps in hierarchy order; ties keep hierarchy order.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TextIO

import attrs

from jiceng.analysis import (
    PARTY_ORGANISATION_RULES,
    SIZE_NORMS,
    Compliance,
    Consistency,
    Coverage,
    CoverageGap,
    Discrepancy,
    Finding,
    NormsCheck,
    RuleSummary,
    Staffing,
    compliance,
    consistency,
    coverage,
    norms,
    staffing,
)
from jiceng.cli.command import Command, ReportOptions, ReportSection
from jiceng.cli.console import (
    EXIT_PROBLEMS,
    count,
    error,
    load_dataset,
    non_negative,
    print_json,
)
from jiceng.dataset import Dataset
from jiceng.errors import UnknownLevelError, UnknownUnitError
from jiceng.pay import Payroll
from jiceng.units import COUNT_FIELDS

__all__ = [
    "COMMAND",
    "REPORT",
    "Case",
    "CheckReport",
    "FindingsSection",
    "RuleCount",
    "RuleFindings",
    "check_report",
    "write_check",
    "write_findings",
]

Case = Finding | Discrepancy | CoverageGap
"""A worst case: a finding, a discrepancy or a coverage gap."""

_CONSISTENCY_TEXT = "a recorded figure equals the sum of its children's totals"
_CONSISTENCY_SOURCE = "jiceng's totals: a recorded figure is authoritative, so the totals hide this"
_COVERAGE_SOURCE = "the aim of full coverage (全覆盖) of the organisational network"

_TITLES = {
    "compliance": "Compliance with the party-organisation rules",
    "norms": "Size norms (local practice)",
    "staffing": "Staffing (community workers; local practice)",
    "consistency": "Consistency of recorded figures",
    "coverage": "Coverage (全覆盖)",
}


@attrs.frozen
class RuleFindings:
    """One rule's part of the check: its counts and its worst cases.

    Attributes
    ----------
    group : str
        ``"compliance"``, ``"norms"``, ``"staffing"``, ``"consistency"`` or ``"coverage"``.
    rule, text, source : str
        The rule's key, its sentence and its source.
    checked, unknown : int
        The units it checked, and those it applied to that lacked the figure.
    findings, approved : int
        Its findings, and of those the approved exceptions.
    worst : tuple[Finding | Discrepancy | CoverageGap, ...]
        The worst cases (see the module documentation for the order).

    Examples
    --------
    >>> import jiceng
    >>> rules = check_report(jiceng.examples.tongchuan(), top=1).rules
    >>> rules[0].group, rules[0].rule
    ('compliance', 'committee_members')
    """

    group: str
    rule: str
    text: str
    source: str
    checked: int
    unknown: int
    findings: int
    approved: int
    worst: tuple[Case, ...]


@attrs.frozen
class CheckReport:
    """What ``jiceng check`` found: every rule's counts and worst cases, and the full results.

    Attributes
    ----------
    name : str or None
        The dataset's name.
    units : int
        The units checked.
    rules : tuple[RuleFindings, ...]
        In the order of the module documentation.
    compliance, norms, staffing, consistency, coverage
        The analyses' results (``staffing`` ``None`` for a dataset without a payroll;
        ``consistency`` one per count field).

    Examples
    --------
    >>> import jiceng
    >>> report = check_report(jiceng.examples.tongchuan())
    >>> report.units, report.open > 0
    (793, True)
    """

    name: str | None
    units: int
    rules: tuple[RuleFindings, ...]
    compliance: Compliance
    norms: NormsCheck
    staffing: Staffing | None
    consistency: tuple[Consistency, ...]
    coverage: Coverage

    @property
    def open(self) -> int:
        """The findings that are not approved exceptions, over every rule.

        Examples
        --------
        >>> import jiceng
        >>> check_report(jiceng.Dataset(hierarchy=jiceng.examples.mafangba())).open
        3
        """
        return sum(rule.findings - rule.approved for rule in self.rules)

    @property
    def approved(self) -> int:
        """The approved exceptions, over every rule.

        Examples
        --------
        >>> import jiceng
        >>> check_report(jiceng.examples.tongchuan()).approved >= 0
        True
        """
        return sum(rule.approved for rule in self.rules)


def _worst_findings(findings: Sequence[Finding], top: int) -> tuple[Case, ...]:
    ranked = sorted(findings, key=lambda f: (f.approved is not None, -f.gap))
    return tuple(ranked[:top])


def _from_summaries(
    group: str, summaries: Sequence[RuleSummary], findings: Sequence[Finding], top: int
) -> list[RuleFindings]:
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    return [
        RuleFindings(
            group,
            s.rule,
            s.text,
            s.source,
            s.checked,
            s.unknown,
            s.findings,
            s.approved,
            _worst_findings(by_rule.get(s.rule, ()), top),
        )
        for s in summaries
    ]


def check_report(
    dataset: Dataset,
    *,
    top: int = 5,
    by: str | None = None,
    grid_level: str | None = None,
    under: str | None = None,
) -> CheckReport:
    """Run every rule-based analysis on a dataset and gather the findings by rule.

    Parameters
    ----------
    dataset
        The dataset.
    top
        How many worst cases to keep per rule.
    by
        The grouping level of coverage (default: ``street`` where the scheme has it).
    grid_level
        The level that holds comprehensive management grids, to check against the grid norms
        (default: none; see :func:`jiceng.analysis.norms`).
    under
        Only this unit and its subtree.

    Raises
    ------
    UnknownLevelError
        If ``by`` or ``grid_level`` is not a level of the scheme.
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> report = check_report(jiceng.examples.tongchuan(), top=1)
    >>> [(rule.rule, rule.findings) for rule in report.rules if rule.group == "norms"]
    [('community_households', 3)]
    >>> print(report.rules[1].worst[0])
    张家坝第一网格 (zhangjiaba-g1, grid): 260, maximum 100
    """
    h = dataset.hierarchy
    if grid_level is not None and grid_level not in h.scheme:
        raise UnknownLevelError(grid_level, h.scheme.keys)
    size_norms = tuple(
        norm.at(grid_level) if norm.level is None and grid_level is not None else norm
        for norm in SIZE_NORMS
    )
    checked = compliance(h, PARTY_ORGANISATION_RULES, under=under)
    sized = norms(h, size_norms, under=under)
    staffed = staffing(dataset, under=under) if dataset.engine(Payroll) is not None else None
    consistent = tuple(consistency(h, field, under=under) for field in COUNT_FIELDS)
    covered = coverage(h, by=by, under=under)
    rules = _from_summaries("compliance", checked.rules, checked.findings, top)
    rules += _from_summaries("norms", sized.norms, sized.findings, top)
    if staffed is not None:
        rules += _from_summaries("staffing", staffed.norms, staffed.findings, top)
    for result in consistent:
        ranked = sorted(result.discrepancies, key=lambda row: -abs(row.difference))
        rules.append(
            RuleFindings(
                "consistency",
                f"consistency_{result.field}",
                f"{_CONSISTENCY_TEXT} ({result.field})",
                _CONSISTENCY_SOURCE,
                result.checked,
                0,
                len(result.discrepancies),
                0,
                tuple(ranked[:top]),
            )
        )
    units = sum(row.units for row in covered.levels)
    rules.append(
        RuleFindings(
            "coverage",
            "coverage_none",
            "every territory is covered by a party organisation, its own, a joint or a regional "
            "one",
            _COVERAGE_SOURCE,
            units,
            0,
            len(covered.uncovered),
            0,
            covered.uncovered[:top],
        )
    )
    rules.append(
        RuleFindings(
            "coverage",
            "coverage_level_below",
            "every unit at a level that has a level below has units below it",
            _COVERAGE_SOURCE,
            units,
            0,
            len(covered.lacking),
            0,
            covered.lacking[:top],
        )
    )
    return CheckReport(
        dataset.name, units, tuple(rules), checked, sized, staffed, consistent, covered
    )


def write_check(report: CheckReport, out: TextIO) -> None:
    """Write the check for people: a heading, then each group's rules with their worst cases.

    Examples
    --------
    >>> import io, jiceng
    >>> buffer = io.StringIO()
    >>> write_check(check_report(jiceng.examples.tongchuan(), top=2), buffer)
    >>> lines = buffer.getvalue().splitlines()
    >>> start = next(i for i, line in enumerate(lines) if "general_branch_members" in line)
    >>> for line in [lines[2], *lines[start : start + 2], *lines[start + 3 : start + 5]]:
    ...     print(line)
    Compliance with the party-organisation rules
      general_branch_members: 52 findings in 115 units checked
        a general branch (党总支) normally has 50 to 100 party members
        worst: 张家坝第一网格 (zhangjiaba-g1, grid): 260, maximum 100
               红岩第一网格 (hongyan-g1, grid): 252, maximum 100
    """
    rules = len([rule for rule in report.rules if rule.findings > rule.approved])
    out.write(
        f"{report.name or 'dataset'}: {count(report.units, 'unit')}; "
        f"{count(report.open, 'finding')} in {rules} of {len(report.rules)} rules, and "
        f"{count(report.approved, 'approved exception')}\n"
    )
    group = None
    for rule in report.rules:
        if rule.group != group:
            group = rule.group
            out.write(f"\n{_TITLES[group]}\n")
            if group == "norms" and report.norms.skipped:
                out.write(
                    f"  not applied (no level named; --grid-level names one): "
                    f"{', '.join(report.norms.skipped)}\n"
                )
        if not rule.findings:
            line = f"  {rule.rule}: no findings in {count(rule.checked, 'unit')} checked"
        else:
            line = (
                f"  {rule.rule}: {count(rule.findings, 'finding')} in "
                f"{count(rule.checked, 'unit')} checked"
            )
        extras = []
        if rule.approved:
            extras.append(count(rule.approved, "approved exception"))
        if rule.unknown:
            extras.append(f"{rule.unknown:,} without data")
        out.write(line + (f" ({', '.join(extras)})" if extras else "") + "\n")
        out.write(f"    {rule.text}\n")
        if not rule.findings:
            continue
        out.write(f"    source: {rule.source}\n")
        for i, case in enumerate(rule.worst):
            out.write(f"    {'worst: ' if i == 0 else '       '}{case}\n")
        if rule.findings > len(rule.worst) and rule.worst:
            out.write(f"           … and {rule.findings - len(rule.worst):,} more\n")


@attrs.frozen
class RuleCount:
    """One rule's counts in the findings section of ``jiceng report``.

    Attributes
    ----------
    group, rule : str
        The rule's group and key (see :class:`RuleFindings`).
    checked, findings, approved : int
        The units checked, the findings, and of those the approved exceptions.

    Examples
    --------
    >>> RuleCount("compliance", "branch_members", 179, 2, 0).findings
    2
    """

    group: str
    rule: str
    checked: int
    findings: int
    approved: int


@attrs.frozen
class FindingsSection:
    """The findings section of ``jiceng report``: the totals and each rule's counts.

    Attributes
    ----------
    open, approved : int
        The findings other than approved exceptions, and the approved exceptions.
    rules : tuple[RuleCount, ...]
        Every rule, in the order of ``jiceng check``.

    Examples
    --------
    >>> import jiceng, datetime
    >>> section = _figures(jiceng.examples.tongchuan(), ReportOptions(datetime.date(2026, 1, 1)))
    >>> section.rules[0]
    RuleCount(group='compliance', rule='committee_members', checked=69, findings=2, approved=2)
    """

    open: int
    approved: int
    rules: tuple[RuleCount, ...]


def _figures(dataset: Dataset, options: ReportOptions) -> FindingsSection:
    report = check_report(dataset, top=0)
    rules = tuple(
        RuleCount(rule.group, rule.rule, rule.checked, rule.findings, rule.approved)
        for rule in report.rules
    )
    return FindingsSection(report.open, report.approved, rules)


def write_findings(section: FindingsSection, out: TextIO) -> None:
    """Write the report's findings section: one line per rule with findings.

    Examples
    --------
    >>> import io, jiceng, datetime
    >>> buffer = io.StringIO()
    >>> options = ReportOptions(datetime.date(2026, 1, 1))
    >>> write_findings(_figures(jiceng.examples.tongchuan(), options), buffer)
    >>> print(buffer.getvalue().splitlines()[1])
      committee_members (compliance): 2 of 69 units checked, 2 approved
    """
    out.write(
        f"  {count(section.open, 'finding')}, {count(section.approved, 'approved exception')} "
        "(details: jiceng check)\n"
    )
    for rule in section.rules:
        if rule.findings:
            approved = f", {rule.approved:,} approved" if rule.approved else ""
            out.write(
                f"  {rule.rule} ({rule.group}): {rule.findings:,} of "
                f"{count(rule.checked, 'unit')} checked{approved}\n"
            )


def _run(args: argparse.Namespace, out: TextIO) -> int:
    dataset = load_dataset(args.file, args)
    path = args.file or "the bundled district"
    try:
        report = check_report(
            dataset, top=args.top, by=args.by, grid_level=args.grid_level, under=args.under
        )
    except (UnknownUnitError, UnknownLevelError) as failure:
        error(f"{path}: {failure}")
        return EXIT_PROBLEMS
    if args.json:
        print_json(report, out)
    else:
        write_check(report, out)
    return EXIT_PROBLEMS if args.strict and report.open else 0


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", help="dataset file (default: the bundled 通川区)")
    parser.add_argument(
        "--top", type=non_negative, default=5, help="how many worst cases to list per rule"
    )
    parser.add_argument("--by", help="the level coverage is counted by (default: street)")
    parser.add_argument(
        "--grid-level",
        help="the level that holds comprehensive management grids (300–500 households), "
        "checked against the grid norms (default: none)",
    )
    parser.add_argument("--under", help="only this unit and its subtree")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit status 1 if there is any finding other than an approved exception",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")


COMMAND = Command("check", "rule-based checks: compliance, norms, coverage", _configure, _run)
"""``jiceng check``."""

REPORT = ReportSection("findings", "Findings (rule-based checks)", _figures, write_findings)
"""The findings section of ``jiceng report``."""
