"""Community workers (社区工作者) per community and per 10,000 residents: :func:`staffing`.

The workers are the dataset's payroll (:class:`~jiceng.pay.Payroll`, ``dataset.pay``): each
serves one unit, and counts in the unit of the chosen level (``community`` by default) whose
subtree holds it; a worker serving above that level (at a street) counts in no unit and is
counted apart (``outside``). Each unit's workers, population total and workers per 10,000
residents (rounded to two places; ``None`` without a population, or without a worker on the
payroll: a payroll often covers only some communities, and a unit it does not cover is unknown,
not unstaffed) are checked against the staff
norms of local practice (:data:`~jiceng.analysis.STAFF_NORMS`: at most about 17 workers a
community; Hubei's target of 18 per 10,000 urban residents). Hubei's target is set for a whole
city's urban population; applied per community it shows where the workers are thin, and the
result gives the figure over all the units too (:attr:`Staffing.per_10000`).

Examples
--------
>>> import datetime
>>> from jiceng import Dataset, Hierarchy, OrgUnit
>>> from jiceng.pay import Payroll, TONGCHUAN_2020, Worker
>>> h = Hierarchy([
...     OrgUnit(id="a", name="甲社区", level="community", population=5000),
...     OrgUnit(id="b", name="乙社区", level="community"),
... ])
>>> day = datetime.date(2020, 9, 1)
>>> workers = [Worker(id=f"w{i}", name="王芳", unit="a", post="other", service_start=day,
...                   hired=day) for i in range(6)]
>>> dataset = Dataset(hierarchy=h, pay=Payroll(TONGCHUAN_2020, workers, h))
>>> result = staffing(dataset)
>>> [(row.unit, row.workers, row.per_10000) for row in result.units]
[('a', 6, 12.0), ('b', 0, None)]
>>> [str(finding) for finding in result.findings]
['甲社区 (a, community): 12.0, minimum 18']
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from jiceng.analysis._checks import (
    describe,
    evaluate,
    findings_frame,
    frame,
    records_of_type,
    summarise,
)
from jiceng.analysis.rules import STAFF_NORMS, Finding, RuleSummary, StaffNorm
from jiceng.dataset import Dataset
from jiceng.edits import UnitRef
from jiceng.errors import InvalidArgumentError
from jiceng.pay import Payroll

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["Staffing", "UnitStaffing", "staffing"]


def _per_10000(workers: int, population: int | None) -> float | None:
    return round(workers * 10000 / population, 2) if population and workers else None


@attrs.frozen
class UnitStaffing:
    """The community workers of one unit.

    Attributes
    ----------
    unit, name : str
        The unit.
    workers : int
        The workers serving in its subtree.
    population, households : int or None
        Its totals.
    per_10000 : float or None
        Workers per 10,000 residents, rounded to two places; ``None`` without a population or
        without workers (a unit the payroll does not cover).

    Examples
    --------
    >>> UnitStaffing("a", "甲社区", 6, 5000, None, 12.0).per_10000
    12.0
    """

    unit: str
    name: str
    workers: int
    population: int | None
    households: int | None
    per_10000: float | None


_DTYPES = {
    "unit": "string",
    "name": "string",
    "workers": "int64",
    "population": "Int64",
    "households": "Int64",
    "per_10000": "Float64",
}


@attrs.frozen
class Staffing:
    """What :func:`staffing` found.

    Attributes
    ----------
    level : str
        The level of the units.
    on : datetime.date or None
        The date of the workers serving, or ``None`` for every worker on the payroll.
    units : tuple[UnitStaffing, ...]
        One per unit of the level, in hierarchy order.
    workers : int
        The workers counted in the units.
    outside : int
        The workers serving in no unit of the level (above it).
    population : int or None
        The units' population totals summed (``None`` where none has one).
    per_10000 : float or None
        ``workers`` per 10,000 of ``population``, over the units that have a population.
    norms : tuple[RuleSummary, ...]
        One per norm applied (those of the level), in the order given.
    skipped : tuple[str, ...]
        The keys of norms for another level.
    findings : tuple[Finding, ...]
        In norm order, then hierarchy order.

    Examples
    --------
    >>> import jiceng
    >>> result = staffing(jiceng.examples.tongchuan())
    >>> result.workers, result.outside, max(row.workers for row in result.units)
    (60, 0, 17)
    """

    level: str
    on: datetime.date | None
    units: tuple[UnitStaffing, ...]
    workers: int
    outside: int
    population: int | None
    per_10000: float | None
    norms: tuple[RuleSummary, ...]
    skipped: tuple[str, ...]
    findings: tuple[Finding, ...]

    def to_pandas(self) -> pd.DataFrame:
        """Return the units as a DataFrame, a column per field of :class:`UnitStaffing`.

        Raises
        ------
        MissingExtraError
            If pandas is not installed.

        Examples
        --------
        >>> import jiceng
        >>> frame = staffing(jiceng.examples.tongchuan()).to_pandas()
        >>> int(frame["workers"].sum()), list(frame.columns)[:3]
        (60, ['unit', 'name', 'workers'])
        """
        return frame(self.units, _DTYPES)

    def findings_frame(self) -> pd.DataFrame:
        """Return the findings as a DataFrame, one row each, a column per field of ``Finding``.

        Examples
        --------
        >>> import jiceng
        >>> len(staffing(jiceng.examples.tongchuan()).findings_frame()) > 0
        True
        """
        return findings_frame(self.findings)

    def __str__(self) -> str:
        """Return the workers over all units, then each norm with its counts and findings."""
        rate = "—" if self.per_10000 is None else f"{self.per_10000:.2f}"
        head = (
            f"{self.workers} workers in {len(self.units)} units at level {self.level} "
            f"({self.outside} outside them), {rate} per 10,000 residents"
        )
        return f"{head}\n{describe(self.norms, self.findings)}".rstrip()


def staffing(
    dataset: Dataset,
    norms: Sequence[StaffNorm] = STAFF_NORMS,
    *,
    level: str = "community",
    on: datetime.date | None = None,
    under: UnitRef | None = None,
) -> Staffing:
    """Count the community workers of each unit of a level and check them against the norms.

    Parameters
    ----------
    dataset
        A dataset with a payroll (workers).
    norms
        The staff norms (default :data:`~jiceng.analysis.STAFF_NORMS`); those of another level
        are skipped.
    level
        The level of the units counted (default ``"community"``).
    on
        Count the workers serving on this date (service begun); default every worker.
    under
        Only the units of the level in this unit's subtree, and the workers serving in it.

    Returns
    -------
    Staffing
        The units in hierarchy order, the totals, the norms' summaries and the findings.

    Raises
    ------
    InvalidArgumentError
        If the dataset has no payroll.
    UnknownLevelError
        If ``level`` is not a level of the scheme.
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import datetime, jiceng
    >>> district = jiceng.examples.tongchuan()
    >>> result = staffing(district)
    >>> [(s.rule, s.findings) for s in result.norms]
    [('community_staff', 0), ('staff_per_10000', 5)]
    >>> staffing(district, on=datetime.date(2005, 1, 1)).workers
    7
    >>> staffing(district, under="mafangba").workers
    17
    >>> staffing(jiceng.Dataset(hierarchy=district.hierarchy))
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: staffing needs a dataset with a payroll (workers)
    """
    norms = records_of_type(norms, StaffNorm, "norms")
    payroll = dataset.engine(Payroll)
    if payroll is None:
        raise InvalidArgumentError("staffing needs a dataset with a payroll (workers)")
    h = dataset.hierarchy
    at_level = h.at_level(level)
    serving = payroll.workers() if on is None else payroll.serving(on=on)
    if under is not None:
        top = h[under]
        at_level = [unit for unit in at_level if h.within(unit, top)]
        serving = [worker for worker in serving if h.within(worker.unit, top)]
    counts = dict.fromkeys((unit.id for unit in at_level), 0)
    outside = 0
    for worker in serving:
        unit = h[worker.unit]
        if unit.level != level:
            unit = next((above for above in h.ancestors(unit) if above.level == level), unit)
        if unit.id in counts:
            counts[unit.id] += 1
        else:
            outside += 1
    population = h.totals("population")
    households = h.totals("households")
    rows = tuple(
        UnitStaffing(
            unit.id,
            unit.name,
            counts[unit.id],
            population[unit.id],
            households[unit.id],
            _per_10000(counts[unit.id], population[unit.id]),
        )
        for unit in at_level
    )
    peopled = [row for row in rows if row.population is not None]
    people = sum(row.population or 0 for row in peopled) if peopled else None
    summaries = []
    skipped = []
    findings: list[Finding] = []
    for norm in norms:
        if norm.level != level:
            skipped.append(norm.key)
            continue
        found = []
        checked = unknown = 0
        for unit, row in zip(at_level, rows, strict=True):
            figure = row.workers if norm.measure == "workers" else row.per_10000
            if figure is None:
                unknown += 1
                continue
            checked += 1
            beyond = evaluate(figure, norm.minimum, norm.maximum)
            if beyond is not None:
                bound, limit, gap = beyond
                found.append(
                    Finding(
                        norm.key,
                        unit.id,
                        unit.name,
                        unit.level,
                        figure,
                        bound,
                        limit,
                        round(gap, 2),
                        norm.source,
                    )
                )
        summaries.append(summarise(norm, checked, unknown, found))
        findings += found
    workers = sum(counts.values())
    rate = _per_10000(sum(row.workers for row in peopled), people)
    return Staffing(
        level,
        on,
        rows,
        workers,
        outside,
        people,
        rate,
        tuple(summaries),
        tuple(skipped),
        tuple(findings),
    )
