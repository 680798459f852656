"""The renovation figures of ``jiceng report`` and ``jiceng projects``, as typed results.

:func:`portfolio_summary` gathers, in one :class:`RenovationSummary`, what a report says about a
portfolio: projects by status and batch, cost, funding and category mix, progress, funding gaps,
candidates, and one line per project. Values keep their types (``Decimal`` money, enum members,
floats for shares rounded to four places), so one converter turns the result into JSON (money as
strings, enums as their values, tuples as lists) and a program can still compute with it.

Examples
--------
>>> import jiceng
>>> summary = portfolio_summary(jiceng.examples.tongchuan().renovation)
>>> summary.projects, summary.households, summary.cost, summary.progress.share
(20, 6717, Decimal('138155147.44'), 0.4486)
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from jiceng.renovation.eligibility import ExtendedShare
from jiceng.renovation.lifecycle import ProjectStatus
from jiceng.renovation.policy import RenovationPolicy
from jiceng.renovation.portfolio import Portfolio, Progress
from jiceng.renovation.records import FundingSource, RenovationCategory

__all__ = [
    "BatchSummary",
    "CandidateSummary",
    "ExtendedShareSummary",
    "FundingShare",
    "ProjectLine",
    "RenovationSummary",
    "extended_share_summary",
    "portfolio_summary",
]

_PLACES = 4
"""Shares are rounded to this many decimal places."""

_EXAMPLES = 5
"""How many eligible candidates a summary names."""


@attrs.frozen
class ExtendedShareSummary:
    """A batch's households under the extended cut-off, against the cap, as a report shows it.

    Attributes
    ----------
    households : int
        Households in the batch's projects under the extension.
    share : float
        Their share of the batch's households, rounded to four places.
    cap : Decimal
        The policy's cap.
    within_cap : bool
        Whether the share is at most the cap.
    projects : tuple[str, ...]
        The ids of those projects.

    Examples
    --------
    >>> import jiceng
    >>> check = jiceng.examples.tongchuan().renovation.extended_share(2022)
    >>> extended_share_summary(check)
    ExtendedShareSummary(households=611, share=0.148, cap=Decimal('0.15'), within_cap=True, projects=('2022-xinjinyuan',))
    """  # noqa: E501

    households: int
    share: float
    cap: Decimal
    within_cap: bool
    projects: tuple[str, ...]


@attrs.frozen
class BatchSummary:
    """One annual batch (年度计划批次): its live projects, households and cost.

    Attributes
    ----------
    batch : int
        The batch year.
    projects, households : int
        The projects not cancelled, and their households.
    cost : Decimal
        Their cost.
    extended : ExtendedShareSummary
        The batch against the cap on the extended cut-off.

    Examples
    --------
    >>> import jiceng
    >>> batch = portfolio_summary(jiceng.examples.tongchuan().renovation).batches[1]
    >>> batch.batch, batch.projects, batch.households, batch.cost, batch.extended.households
    (2021, 5, 1619, Decimal('35255540.50'), 241)
    """

    batch: int
    projects: int
    households: int
    cost: Decimal
    extended: ExtendedShareSummary


@attrs.frozen
class FundingShare:
    """The money from one source and its share of all the funding.

    Attributes
    ----------
    amount : Decimal
        The amount.
    share : float or None
        ``amount`` over all the funding, rounded to four places; ``None`` where there is none.

    Examples
    --------
    >>> import jiceng
    >>> funding = portfolio_summary(jiceng.examples.tongchuan().renovation).funding
    >>> funding[FundingSource.CENTRAL_SUBSIDY]
    FundingShare(amount=Decimal('55661000.00'), share=0.4604)
    """

    amount: Decimal
    share: float | None


@attrs.frozen
class CandidateSummary:
    """The compounds without a project: how many are eligible, and the first few by name.

    Attributes
    ----------
    eligible, not_eligible : int
        The candidates that are eligible, and those that are not.
    eligible_examples : tuple[str, ...]
        The names of the first five eligible ones, in hierarchy order.

    Examples
    --------
    >>> import jiceng
    >>> candidates = portfolio_summary(jiceng.examples.tongchuan().renovation).candidates
    >>> candidates.eligible, candidates.not_eligible, len(candidates.eligible_examples)
    (139, 17, 5)
    """

    eligible: int
    not_eligible: int
    eligible_examples: tuple[str, ...]


@attrs.frozen
class ProjectLine:
    """One project as a report lists it, with its compound's name.

    Attributes
    ----------
    id : str
        The project.
    compound : str
        The name of its compound.
    batch : int
        Its batch.
    status : ProjectStatus
        Its current status.
    households : int
        Its households.
    cost, funding_gap : Decimal
        Its cost and the part its funding does not cover.
    cost_per_household : Decimal or None
        Its cost per household, to the fen.

    Examples
    --------
    >>> import jiceng
    >>> line = portfolio_summary(jiceng.examples.tongchuan().renovation).list[2]
    >>> line.id, line.compound, line.status.zh, line.cost_per_household
    ('2021-chunlan', '春兰小区', '竣工验收', Decimal('20646.46'))
    """

    id: str
    compound: str
    batch: int
    status: ProjectStatus
    households: int
    cost: Decimal
    cost_per_household: Decimal | None
    funding_gap: Decimal


@attrs.frozen
class RenovationSummary:
    """Everything a report says about a renovation portfolio.

    Figures are over the projects that are not cancelled, except ``projects``, ``by_status``,
    the batch years and ``list``, which count every project.

    Attributes
    ----------
    projects : int
        The number of projects.
    policy : RenovationPolicy
        The renovation policy.
    by_status : dict[ProjectStatus, int]
        Projects per status: the stages of the policy's lifecycle in order, then suspended and
        cancelled.
    batches : tuple[BatchSummary, ...]
        Every batch year, in order.
    households : int
        Households in live projects.
    cost : Decimal
        Their cost.
    cost_per_household, cost_per_m2 : Decimal or None
        Cost per household and per m², to the fen.
    funding : dict[FundingSource, FundingShare]
        The sources that give anything, in enum order.
    categories : dict[RenovationCategory | str, Decimal]
        Cost per category that costs anything: the built-in ones in order, then the policy's.
    progress : Progress
        Households in completed projects; the share rounded to four places.
    funding_gaps : dict[str, Decimal]
        Projects whose funding does not cover their cost, and by how much.
    candidates : CandidateSummary
        The compounds without a project.
    list : tuple[ProjectLine, ...]
        Every project, in input order.

    Examples
    --------
    >>> import jiceng
    >>> summary = portfolio_summary(jiceng.examples.tongchuan().renovation)
    >>> summary.by_status[ProjectStatus.COMPLETED], [b.batch for b in summary.batches]
    (5, [2020, 2021, 2022, 2023])
    >>> summary.categories[RenovationCategory.BASIC], summary.funding_gaps["2023-sihetou"]
    (Decimal('118587290.93'), Decimal('4212362.32'))
    """

    projects: int
    policy: RenovationPolicy
    by_status: dict[ProjectStatus, int]
    batches: tuple[BatchSummary, ...]
    households: int
    cost: Decimal
    cost_per_household: Decimal | None
    cost_per_m2: Decimal | None
    funding: dict[FundingSource, FundingShare]
    categories: dict[RenovationCategory | str, Decimal]
    progress: Progress
    funding_gaps: dict[str, Decimal]
    candidates: CandidateSummary
    list: tuple[ProjectLine, ...]


def extended_share_summary(check: ExtendedShare) -> ExtendedShareSummary:
    """Return a batch's check against the extension's cap as a report shows it.

    Examples
    --------
    >>> import jiceng
    >>> check = jiceng.examples.tongchuan().renovation.extended_share(2021)
    >>> summary = extended_share_summary(check)
    >>> summary.households, summary.share, summary.within_cap, summary.projects
    (241, 0.1489, True, ('2021-chunlan',))
    """
    return ExtendedShareSummary(
        households=check.extended,
        share=round(check.share, _PLACES),
        cap=check.cap,
        within_cap=check.within_cap,
        projects=check.projects,
    )


def portfolio_summary(portfolio: Portfolio) -> RenovationSummary:
    """Return the summary of a portfolio built on a hierarchy.

    Raises
    ------
    NeedsHierarchyError
        For a portfolio built without a hierarchy (compounds are named, candidates judged).

    Examples
    --------
    >>> import jiceng
    >>> summary = portfolio_summary(jiceng.examples.tongchuan().renovation)
    >>> summary.cost_per_household, summary.cost_per_m2, summary.progress.completed
    (Decimal('20567.98'), Decimal('268.10'), 3013)
    >>> portfolio_summary(Portfolio([]))
    Traceback (most recent call last):
    ...
    jiceng.errors.NeedsHierarchyError: a summary needs a portfolio built with a hierarchy
    """
    hierarchy = portfolio._need_hierarchy("a summary")
    live = [p for p in portfolio if p.status is not ProjectStatus.CANCELLED]
    funding = portfolio.funding_mix()
    funded = sum(funding.values(), Decimal(0))
    candidates = portfolio.candidates()
    eligible = [c for c in candidates if c.eligible]
    progress = portfolio.progress()
    return RenovationSummary(
        projects=len(portfolio),
        policy=portfolio.policy,
        by_status={
            status: sum(p.status is status for p in portfolio)
            for status in (
                *portfolio.policy.lifecycle.stages,
                ProjectStatus.SUSPENDED,
                ProjectStatus.CANCELLED,
            )
        },
        batches=tuple(
            BatchSummary(
                batch=batch,
                projects=sum(p.batch == batch for p in live),
                households=sum(p.households for p in live if p.batch == batch),
                cost=sum((p.cost for p in live if p.batch == batch), Decimal(0)),
                extended=extended_share_summary(portfolio.extended_share(batch)),
            )
            for batch in sorted({p.batch for p in portfolio})
        ),
        households=sum(p.households for p in live),
        cost=portfolio.cost(),
        cost_per_household=portfolio.cost_per_household(),
        cost_per_m2=portfolio.cost_per_m2(),
        funding={
            source: FundingShare(
                amount=amount,
                share=round(float(amount / funded), _PLACES) if funded else None,
            )
            for source, amount in funding.items()
            if amount
        },
        categories={c: cost for c, cost in portfolio.category_mix().items() if cost},
        progress=Progress(progress.households, progress.completed, round(progress.share, _PLACES)),
        funding_gaps=portfolio.funding_gaps(),
        candidates=CandidateSummary(
            eligible=len(eligible),
            not_eligible=len(candidates) - len(eligible),
            eligible_examples=tuple(hierarchy[c.unit].name for c in eligible[:_EXAMPLES]),
        ),
        list=tuple(
            ProjectLine(
                id=p.id,
                compound=hierarchy[p.compound].name,
                batch=p.batch,
                status=p.status,
                households=p.households,
                cost=p.cost,
                cost_per_household=p.cost_per_household,
                funding_gap=p.funding_gap,
            )
            for p in portfolio
        ),
    )
