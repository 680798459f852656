"""Hypothesis strategies for renovation records and portfolios, for your own tests.

Every strategy generates values that are valid by construction:

- :func:`consultations` — owners' votes whose agreeing, voting and total figures are in order;
  quorate or not, passed or not;
- :func:`renovation_projects` — projects whose status history follows the lifecycle, with a
  passed vote before construction and funding that covers the measures once construction has
  been reached, so that a :class:`~jiceng.renovation.Portfolio` accepts them;
- :func:`allocation_weights` — factor weights that add up to exactly 1;
- :func:`allocations` — the arguments of one :meth:`~jiceng.renovation.Portfolio.allocate`
  call: a portfolio, an amount exact to the fen, its projects as targets, and weights.

Examples
--------
>>> from hypothesis import given, settings
>>> from jiceng.renovation import Portfolio
>>> @settings(max_examples=5, database=None, deadline=None)
... @given(renovation_projects(id="p1"))
... def check(project):
...     assert Portfolio([project]).get("p1") == project
>>> check()
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from jiceng.renovation import (
    ALLOCATION_WEIGHTS,
    COMMON_LIFECYCLE,
    Consultation,
    ConsultationMatter,
    Funding,
    FundingSource,
    Measure,
    Portfolio,
    ProjectStatus,
    RenovationCategory,
    RenovationProject,
    StatusChange,
    next_statuses,
)

__all__ = ["allocation_weights", "allocations", "consultations", "renovation_projects"]

_ITEMS = ("雨污分流", "外墙修缮", "屋面防水", "加装电梯", "停车设施", "智慧安防", "消防设施")
_SEQUENCE: tuple[ProjectStatus, ...] = COMMON_LIFECYCLE.stages
_BUILT = frozenset(
    {ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.COMPLETED, ProjectStatus.HANDED_OVER}
)
"""Stages a history may reach (or begin at) only with its measures funded."""
_FIRST_DAY = datetime.date(2015, 1, 1)


def _hundredths(top: int) -> st.SearchStrategy[Decimal]:
    """Decimals from 0 to ``top / 100`` in steps of 0.01 (money to the fen, areas)."""
    return st.integers(0, top).map(lambda n: Decimal(n) / 100)


@st.composite
def consultations(
    draw: st.DrawFn,
    *,
    matter: ConsultationMatter | str | None = None,
    on: datetime.date = datetime.date(2021, 1, 1),
    max_owners: int = 400,
) -> Consultation:
    """Generate owners' votes: agreeing <= voting <= total, for owners and for area.

    Parameters
    ----------
    matter
        One of the nine :class:`~jiceng.renovation.ConsultationMatter` keys of 民法典 Art. 278;
        drawn when not given.
    on
        The date of the vote.
    max_owners
        The most owners in the vote's scope (at least 1 are).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(consultations(matter="rebuild", max_owners=10))
    ... def check(vote):
    ...     assert vote.matter == "rebuild" and 1 <= vote.owners <= 10
    ...     assert vote.owners_agreeing <= vote.owners_voting <= vote.owners
    ...     assert vote.passed == (vote.reason is None)
    >>> check()
    """
    owners = draw(st.integers(1, max_owners))
    voting = draw(st.integers(0, owners))
    agreeing = draw(st.integers(0, voting))
    area = draw(st.integers(1, 40000))
    area_voting = draw(st.integers(0, area))
    area_agreeing = draw(st.integers(0, area_voting))
    chosen = matter if matter is not None else draw(st.sampled_from(list(ConsultationMatter)))
    return Consultation(
        matter=ConsultationMatter(chosen),
        on=on,
        owners=owners,
        area=Decimal(area) / 100,
        owners_voting=voting,
        area_voting=Decimal(area_voting) / 100,
        owners_agreeing=agreeing,
        area_agreeing=Decimal(area_agreeing) / 100,
    )


@st.composite
def _histories(draw: st.DrawFn, max_steps: int) -> tuple[StatusChange, ...]:
    """Walk the lifecycle from a stage of the sequence, dating the changes in order."""
    status: ProjectStatus = draw(st.sampled_from(_SEQUENCE))
    day = _FIRST_DAY + datetime.timedelta(days=draw(st.integers(0, 3650)))
    history = [StatusChange(status=status, on=day)]
    resumes: ProjectStatus | None = None
    for _ in range(draw(st.integers(0, max_steps))):
        allowed = next_statuses(status, resumes=resumes)
        if not allowed:
            break
        following = draw(st.sampled_from(allowed))
        if following is ProjectStatus.SUSPENDED:
            resumes = status
        elif status is not ProjectStatus.SUSPENDED:
            resumes = None
        status = following
        day += datetime.timedelta(days=draw(st.integers(0, 400)))
        history.append(StatusChange(status=status, on=day))
    return tuple(history)


@st.composite
def renovation_projects(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    compound: str = "compound",
    max_households: int = 3000,
    max_buildings: int = 40,
    max_steps: int = 8,
) -> RenovationProject:
    """Generate renovation projects that a portfolio accepts.

    The status history is a walk of the lifecycle (up to ``max_steps`` steps from any stage of
    the sequence). A project whose history reaches construction has a passed vote on the day
    construction started; other projects have votes at random. A project whose history has
    reached construction, completion or hand-over (data may begin at any stage) has funding
    that covers its measures; other projects have funding at random. The batch is the year of
    the first change.

    Parameters
    ----------
    id
        The project's id; drawn (``"project-17"``) when not given.
    compound
        The id of the compound it renovates.
    max_households, max_buildings
        The largest counts drawn; the floor area goes up to a million m².
    max_steps
        The most status changes after the first.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(renovation_projects(compound="k1", max_households=10))
    ... def check(project):
    ...     assert project.compound == "k1" and project.households <= 10
    ...     if project.started_construction() is not None:
    ...         assert project.funding_gap == 0
    ...     assert len(Portfolio([project])) == 1
    >>> check()
    """
    history = draw(_histories(max_steps))
    measures = draw(
        st.lists(
            st.builds(
                Measure,
                category=st.sampled_from(list(RenovationCategory)),
                item=st.sampled_from(_ITEMS),
                cost=_hundredths(10**9),
            ),
            max_size=3,
        )
    )
    cost = sum((measure.cost for measure in measures), Decimal(0))
    started = next((c.on for c in history if c.status is ProjectStatus.UNDER_CONSTRUCTION), None)
    if started is None:
        votes = draw(st.lists(consultations(on=history[0].on), max_size=2))
    else:
        owners = draw(st.integers(1, 400))
        area = Decimal(draw(st.integers(1, 40000))) / 100
        votes = [
            Consultation(
                matter=draw(st.sampled_from(list(ConsultationMatter))),
                on=started,
                owners=owners,
                area=area,
                owners_voting=owners,
                area_voting=area,
                owners_agreeing=owners,
                area_agreeing=area,
            )
        ]
    if any(change.status in _BUILT for change in history):
        funding = [Funding(source=draw(st.sampled_from(list(FundingSource))), amount=cost)]
    else:
        funding = draw(
            st.lists(
                st.builds(
                    Funding,
                    source=st.sampled_from(list(FundingSource)),
                    amount=_hundredths(10**9),
                ),
                max_size=2,
            )
        )
    return RenovationProject(
        id=id if id is not None else f"project-{draw(st.integers(0, 10**6))}",
        name=f"{draw(st.sampled_from(('春兰', '锦园', '幸福', '和平')))}小区改造",
        compound=compound,
        batch=history[0].on.year,
        households=draw(st.integers(0, max_households)),
        buildings=draw(st.integers(0, max_buildings)),
        floor_area=draw(_hundredths(10**8)),
        measures=tuple(measures),
        funding=tuple(funding),
        consultations=tuple(votes),
        history=history,
    )


@st.composite
def allocation_weights(draw: st.DrawFn) -> dict[str, Decimal]:
    """Generate factor weights in whole percent that add up to exactly 1.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(allocation_weights())
    ... def check(weights):
    ...     assert list(weights) == ["floor_area", "households", "buildings", "compounds"]
    ...     assert sum(weights.values()) == 1 and min(weights.values()) >= 0
    >>> check()
    """
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=3, max_size=3)))
    percents = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    return {key: Decimal(p) / 100 for key, p in zip(ALLOCATION_WEIGHTS, percents, strict=True)}


@st.composite
def allocations(
    draw: st.DrawFn, *, max_projects: int = 8
) -> tuple[Portfolio, Decimal, list[str], dict[str, Decimal]]:
    """Generate the arguments of one ``allocate`` call: portfolio, amount, targets, weights.

    The portfolio has 1 to ``max_projects`` projects (``"p0"``, ``"p1"``, ...) and no hierarchy;
    the targets are its projects, in order; the amount is up to ten billion yuan, exact to the
    fen. Every factor of the targets may be zero, so the call may refuse to split.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(allocations(max_projects=3))
    ... def check(case):
    ...     portfolio, amount, targets, weights = case
    ...     assert targets == [p.id for p in portfolio] and len(targets) <= 3
    ...     assert amount == amount.quantize(Decimal("0.01")) and sum(weights.values()) == 1
    >>> check()
    """
    count = draw(st.integers(1, max_projects))
    projects = [draw(renovation_projects(id=f"p{i}")) for i in range(count)]
    cents = draw(st.integers(0, 10**12))
    weights = draw(allocation_weights())
    return Portfolio(projects), Decimal(cents) / 100, [p.id for p in projects], weights
