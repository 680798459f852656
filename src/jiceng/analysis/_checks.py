"""Helpers the rule-based analyses share: bounds, summaries and DataFrames of result rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from jiceng._optional import require
from jiceng.analysis.rules import (
    Bound,
    Finding,
    PartyOrganisationRule,
    RuleSummary,
    SizeNorm,
    StaffNorm,
)
from jiceng.errors import JicengTypeError

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = [
    "describe",
    "evaluate",
    "findings_frame",
    "frame",
    "pandas",
    "records_of_type",
    "summarise",
]

R = TypeVar("R")


def records_of_type(items: Iterable[R], kind: type[R], what: str) -> tuple[R, ...]:
    """Return ``items`` as a tuple, each a ``kind``, or raise :class:`~jiceng.JicengTypeError`.

    Taken once, so that an iterator of rules is checked and used alike.

    >>> records_of_type(iter([1, 2]), int, "numbers")
    (1, 2)
    >>> records_of_type([1, "2"], int, "numbers")
    Traceback (most recent call last):
    ...
    jiceng.errors.JicengTypeError: numbers must be int records, got <class 'str'>
    """
    try:
        taken = tuple(items)
    except TypeError:
        raise JicengTypeError(
            f"{what} must be a sequence of {kind.__name__} records, got {type(items)!r}"
        ) from None
    wrong = [item for item in taken if not isinstance(item, kind)]
    if wrong:
        raise JicengTypeError(f"{what} must be {kind.__name__} records, got {type(wrong[0])!r}")
    return taken


def evaluate(
    figure: int | float, minimum: int | None, maximum: int | None
) -> tuple[Bound, int, int | float] | None:
    """Return the bound ``figure`` is beyond, the limit and the gap; ``None`` within the bounds.

    Examples
    --------
    >>> evaluate(2, 3, None), evaluate(60, 3, 50), evaluate(10, 3, 50)
    (('minimum', 3, 1), ('maximum', 50, 10), None)
    """
    if minimum is not None and figure < minimum:
        return "minimum", minimum, minimum - figure
    if maximum is not None and figure > maximum:
        return "maximum", maximum, figure - maximum
    return None


def summarise(
    rule: PartyOrganisationRule | SizeNorm | StaffNorm,
    checked: int,
    unknown: int,
    found: Sequence[Finding],
) -> RuleSummary:
    """Return the summary of one rule from its counts and findings.

    Examples
    --------
    >>> from jiceng.analysis.rules import COMMUNITY_STAFF
    >>> summarise(COMMUNITY_STAFF, 4, 0, ()).findings
    0
    """
    approved = sum(1 for finding in found if finding.approved is not None)
    return RuleSummary(rule.key, rule.text, rule.source, checked, unknown, len(found), approved)


_FINDING_DTYPES = {
    "rule": "string",
    "unit": "string",
    "name": "string",
    "level": "string",
    "figure": "object",
    "bound": "string",
    "limit": "int64",
    "gap": "object",
    "source": "string",
    "notes": "object",
    "approved": "string",
}


def pandas() -> ModuleType:
    """Return the pandas module, or raise :class:`~jiceng.errors.MissingExtraError`.

    Examples
    --------
    >>> pandas().__name__
    'pandas'
    """
    return require("pandas", "pandas")


def frame(rows: Sequence[Any], dtypes: dict[str, str]) -> pd.DataFrame:
    """Return a DataFrame of attrs rows, one column per field in ``dtypes``, as those dtypes.

    The conventions of :mod:`jiceng.interop.pandas`: text ``string``, counts ``Int64``, tuples and
    mixed numbers ``object``.

    Examples
    --------
    >>> summary = RuleSummary("r", "t", "s", 4, 1, 2, 0)
    >>> frame([summary], {"rule": "string", "checked": "Int64"}).to_dict("records")
    [{'rule': 'r', 'checked': 4}]
    """
    pd = pandas()
    data: dict[str, Any] = {}
    for name, dtype in dtypes.items():
        values = [getattr(row, name) for row in rows]
        if dtype == "object":
            data[name] = pd.Series(values, dtype=object)
        else:
            data[name] = pd.array(values, dtype=dtype)
    return pd.DataFrame(data)


def findings_frame(findings: Sequence[Finding]) -> pd.DataFrame:
    """Return a DataFrame of findings, one row each, a column per field of :class:`Finding`.

    Examples
    --------
    >>> finding = Finding("r", "cl", "春兰小区", "compound", 58, "maximum", 50, 8, "s")
    >>> findings_frame([finding])[["unit", "figure", "limit"]].to_dict("records")
    [{'unit': 'cl', 'figure': 58, 'limit': 50}]
    """
    return frame(findings, _FINDING_DTYPES)


def describe(rules: Sequence[RuleSummary], findings: Sequence[Finding]) -> str:
    """Write rules' summaries, each followed by its findings, one a line.

    Examples
    --------
    >>> summary = RuleSummary("r", "a rule", "a source", 2, 1, 0, 0)
    >>> print(describe([summary], []))
    r: 0 findings in 2 units checked, 1 without data — a rule (a source)
    """
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    lines = []
    for summary in rules:
        approved = f" ({summary.approved} approved)" if summary.approved else ""
        lines.append(
            f"{summary.rule}: {summary.findings} findings{approved} in {summary.checked} units "
            f"checked, {summary.unknown} without data — {summary.text} ({summary.source})"
        )
        lines += [f"  {finding}" for finding in by_rule.get(summary.rule, ())]
    return "\n".join(lines)
