"""The :class:`Portfolio`: a validated set of renovation projects, optionally on a hierarchy.

The portfolio checks every rule between records at once (unique ids, compounds that exist at the
compound level, histories that follow the lifecycle, a passed vote before construction, funding
that covers the measures once construction starts) and answers the questions of a subdistrict office
or a researcher: which projects, at what cost per household, funded how, how far along, which
compounds are still candidates, and how to split the central subsidy. Unless a method says
otherwise, figures are over every project that is not cancelled, and lists are in input order.

Examples
--------
>>> import datetime
>>> from jiceng import RenovationProject
>>> project = RenovationProject(
...     id="2021-cl", name="春兰小区改造", compound="mafangba-chunlan", batch=2021,
...     households=241, buildings=5, floor_area="18200",
...     measures=[{"category": "basic", "item": "雨污分流", "cost": "2100000"}],
...     history=[{"status": "applied", "on": "2020-09-01"}])
>>> portfolio = Portfolio([project])
>>> portfolio.advance("2021-cl", "planned", on=datetime.date(2021, 1, 15)).get("2021-cl").status
<ProjectStatus.PLANNED: 'planned'>
>>> portfolio.cost_per_household()
Decimal('8713.69')
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from jiceng._engine import RecordEngine, duplicate_problems
from jiceng._references import unit_problems
from jiceng.errors import (
    IntegrityError,
    Problem,
    TransitionError,
    UnknownProjectError,
    UnknownUnitError,
)
from jiceng.hierarchy import Hierarchy
from jiceng.renovation.allocation import SubsidyWeights, split_by_factors
from jiceng.renovation.eligibility import Eligibility, EligibilityPolicy, ExtendedShare
from jiceng.renovation.lifecycle import (
    _AFTER_CONSTRUCTION_STARTS,
    _DONE,
    ProjectStatus,
    StatusChange,
    _walk,
)
from jiceng.renovation.policy import RenovationPolicy
from jiceng.renovation.records import FEN, FundingSource, RenovationCategory, RenovationProject
from jiceng.units import OrgUnit

__all__ = ["DEFAULT_LEVEL", "Portfolio", "Progress"]

DEFAULT_LEVEL = "compound"
"""The level key of renovated compounds where a portfolio (or a data file) names none."""

ProjectRef = str | RenovationProject


@attrs.frozen
class Progress:
    """How far a set of projects has come, by households.

    Attributes
    ----------
    households : int
        Households in the projects that are not cancelled.
    completed : int
        Households in projects completed or handed over.
    share : float
        ``completed / households`` (0.0 when there are none).

    Examples
    --------
    >>> import jiceng
    >>> jiceng.examples.tongchuan().renovation.progress(["2021-chunlan", "2023-sihetou"])
    Progress(households=461, completed=241, share=0.5227765726681128)

    241 households of 春兰小区 (completed) and 220 of 税务局生活区 (applied): 241 / 461.
    """

    households: int
    completed: int
    share: float


class Portfolio(RecordEngine[RenovationProject]):
    """A validated set of renovation projects, optionally tied to a hierarchy.

    Parameters
    ----------
    projects
        The projects.
    hierarchy
        The hierarchy their compounds belong to; needed for queries by subdistrict or community, for
        candidates, and for the extended cut-off cap. While a portfolio with a hierarchy exists,
        an edit of that hierarchy that would remove a project's compound, or move it to another
        level, is refused.
    policy
        The :class:`~jiceng.renovation.RenovationPolicy` (default: the national eligibility
        terms, no local consent rules, construction after a passed vote, the common lifecycle,
        the built-in categories); an :class:`~jiceng.renovation.EligibilityPolicy` is taken as
        a renovation policy with those defaults.
    level
        The level key of compounds in the hierarchy's scheme (default :data:`DEFAULT_LEVEL`).

    Raises
    ------
    IntegrityError
        Listing every problem: ``duplicate_id``, ``unknown_compound``, ``compound_level``,
        ``illegal_transition`` (a history that skips or reverses the policy's lifecycle),
        ``construction_before_consultation`` (construction before a passed vote, where the
        policy asks for one), ``unknown_category`` (a measure in a category that is neither
        built in nor the policy's), ``unknown_consent_rule`` (a consent count naming no rule of
        the policy), ``consent_missing`` (a stage entered without the passing count that a
        consent rule asks for), and ``funding_gap`` (a project under construction or later
        whose funding does not cover its measures, with the amount).

    Examples
    --------
    >>> import jiceng
    >>> district = jiceng.examples.tongchuan()
    >>> portfolio = district.renovation
    >>> len(portfolio), "2021-chunlan" in portfolio, portfolio.hierarchy is district.hierarchy
    (20, True, True)
    >>> portfolio.get("2021-chunlan").name
    '春兰小区老旧小区改造'
    >>> portfolio.get("2030-nowhere")
    Traceback (most recent call last):
    ...
    jiceng.errors.UnknownProjectError: no project with id '2030-nowhere'
    >>> Portfolio([portfolio.get("2021-chunlan")] * 2)
    Traceback (most recent call last):
    ...
    jiceng.errors.IntegrityError: 1 problem: duplicate_id: project id '2021-chunlan' is used 2 times
    """

    __slots__ = ("_level", "_policy")

    record_type = RenovationProject
    missing_error = UnknownProjectError
    noun = "portfolio"

    _policy: RenovationPolicy
    _level: str

    def __init__(
        self,
        projects: Iterable[RenovationProject],
        hierarchy: Hierarchy | None = None,
        policy: EligibilityPolicy | None = None,
        *,
        level: str = DEFAULT_LEVEL,
    ) -> None:
        self._hold(projects, hierarchy)
        if isinstance(policy, RenovationPolicy):
            self._policy = policy
        elif policy is None:
            self._policy = RenovationPolicy()
        else:
            self._policy = RenovationPolicy.model_validate(policy.model_dump())
        self._level = level
        self._check()

    # -- checks -----------------------------------------------------------------------------

    def _problems(self) -> list[Problem]:
        problems = duplicate_problems((project.id for project in self._records), "project")
        problems.extend(self._reference_problems_if_any())
        policy = self._policy
        categories = set(policy.category_keys)
        for project in self._records:
            why = _walk(project.history, policy.lifecycle)
            if why is not None:
                problems.append(Problem("illegal_transition", (project.id,), why))
            unknown = sorted({str(m.category) for m in project.measures} - categories)
            if unknown:
                problems.append(
                    Problem(
                        "unknown_category",
                        (project.id,),
                        f"measures in {', '.join(unknown)}: not a category of the policy "
                        f"({', '.join(policy.category_keys)})",
                    )
                )
            problems.extend(_consent_problems(project, policy))
            started = project.started_construction()
            if (
                policy.construction_needs_vote
                and started is not None
                and not any(vote.passed and vote.on <= started for vote in project.consultations)
            ):
                problems.append(
                    Problem(
                        "construction_before_consultation",
                        (project.id,),
                        f"construction started on {started} without a passed consultation "
                        "on or before that day",
                    )
                )
            if project.status in _AFTER_CONSTRUCTION_STARTS and project.funding_gap > 0:
                problems.append(
                    Problem(
                        "funding_gap",
                        (project.id,),
                        f"funding {project.funded} does not cover the measures' cost "
                        f"{project.cost}: a gap of ¥{project.funding_gap}",
                    )
                )
        return problems

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        return unit_problems(
            hierarchy,
            ((p.id, p.compound) for p in self._records),
            (self._level,),
            record="project",
            verb="renovates",
            unknown="unknown_compound",
            misplaced="compound_level",
        )

    def _settings(self) -> tuple[RenovationPolicy, str]:
        return (self._policy, self._level)

    # -- settings ---------------------------------------------------------------------------

    @property
    def policy(self) -> RenovationPolicy:
        """The renovation policy.

        Examples
        --------
        >>> import jiceng
        >>> policy = jiceng.examples.tongchuan().renovation.policy
        >>> policy.cutoff_year, policy.extended_cutoff_year, Portfolio([]).policy.cutoff_year
        (2000, 2011, 2000)
        """
        return self._policy

    @property
    def level(self) -> str:
        """The level key of compounds.

        Examples
        --------
        >>> Portfolio([]).level, Portfolio([], level="building").level
        ('compound', 'building')
        """
        return self._level

    def _counts(self) -> tuple[tuple[str, int], ...]:
        """Return the number of projects, for the repr and the HTML table."""
        return (("projects", len(self)),)

    # -- lifecycle --------------------------------------------------------------------------

    def next_steps(self, ref: ProjectRef) -> tuple[ProjectStatus, ...]:
        """Return the statuses a project may move to next.

        A suspended project may resume the stage it was suspended in.

        Examples
        --------
        >>> import jiceng
        >>> portfolio = jiceng.examples.tongchuan().renovation
        >>> [s.value for s in portfolio.next_steps("2022-pailou")]  # suspended while designing
        ['designing', 'cancelled']
        >>> [s.value for s in portfolio.next_steps("2021-chunlan")]  # completed
        ['handed_over']
        """
        project = self.get(ref)
        resumes = None
        if project.status is ProjectStatus.SUSPENDED and len(project.history) > 1:
            resumes = project.history[-2].status
        return self._policy.lifecycle.next_statuses(project.status, resumes=resumes)

    def advance(
        self,
        ref: ProjectRef,
        status: ProjectStatus | str,
        *,
        on: datetime.date,
        note: str | None = None,
    ) -> Portfolio:
        """Return a new portfolio with one project moved on to ``status`` on the date ``on``.

        Raises
        ------
        UnknownProjectError
            If the portfolio has no such project.
        TransitionError
            If the step is not allowed (the error names the allowed next steps), if ``on`` is
            before the project's last change, or if the step would break a rule between records
            (construction without a passed consultation, or with a funding gap). This portfolio is
            never changed.

        Examples
        --------
        >>> import datetime, jiceng
        >>> portfolio = jiceng.examples.tongchuan().renovation
        >>> try:
        ...     portfolio.advance("2021-chunlan", "applied", on=datetime.date(2026, 1, 1))
        ... except jiceng.TransitionError as error:
        ...     print(error.allowed)
        ('handed_over',)
        >>> later = portfolio.advance("2021-chunlan", "handed_over", on=datetime.date(2023, 3, 1))
        >>> later.get("2021-chunlan").status.zh, portfolio.get("2021-chunlan").status.zh
        ('移交/长效管理', '竣工验收')
        """
        project = self.get(ref)
        try:
            target = ProjectStatus(status)
        except ValueError:
            raise TransitionError(
                f"{status!r} is not a project status", id=project.id, allowed=()
            ) from None
        allowed = self.next_steps(project)
        if target not in allowed:
            steps = ", ".join(s.value for s in allowed) or "none: the project is closed"
            raise TransitionError(
                f"project {project.id!r} cannot go from {project.status.value} to "
                f"{target.value}; allowed: {steps}",
                id=project.id,
                allowed=[s.value for s in allowed],
            )
        last = project.history[-1].on
        if on < last:
            raise TransitionError(
                f"project {project.id!r} changed status on {last}; a later change cannot be "
                f"dated {on}",
                id=project.id,
                allowed=[s.value for s in allowed],
            )
        change = StatusChange(status=target, on=on, note=note)
        moved = project.model_copy(update={"history": (*project.history, change)})
        projects = [moved if p.id == project.id else p for p in self._records]
        try:
            return Portfolio(projects, self._hierarchy, self._policy, level=self._level)
        except IntegrityError as error:
            own = [p for p in error.problems if project.id in p.ids]
            raise TransitionError(
                "; ".join(p.message for p in own or error.problems),
                id=project.id,
                allowed=[s.value for s in allowed],
            ) from error

    # -- queries ----------------------------------------------------------------------------

    def projects(
        self,
        *,
        status: ProjectStatus | str | None = None,
        batch: int | None = None,
        category: RenovationCategory | str | None = None,
        within: str | OrgUnit | None = None,
    ) -> list[RenovationProject]:
        """Return the projects that match every condition given, in input order.

        Parameters
        ----------
        status
            The current status.
        batch
            The batch year.
        category
            Projects with at least one measure in this category.
        within
            A unit (a subdistrict, a community, a grid) whose subtree holds the compound, or the
            compound itself; needs the hierarchy.

        Raises
        ------
        NeedsHierarchyError
            For ``within`` on a portfolio built without a hierarchy.
        UnknownUnitError
            For ``within`` a unit that the hierarchy does not hold.

        Examples
        --------
        >>> import jiceng
        >>> portfolio = jiceng.examples.tongchuan().renovation
        >>> [p.id for p in portfolio.projects(within="mafangba")]
        ['2021-chunlan']
        >>> [p.id for p in portfolio.projects(within="fengxi", status="under_construction")]
        ['2022-xinjinyuan', '2022-baige', '2022-shilianhua']
        >>> Portfolio(portfolio).projects(within="fengxi")
        Traceback (most recent call last):
        ...
        jiceng.errors.NeedsHierarchyError: within= needs a portfolio built with a hierarchy
        """
        wanted_status = None if status is None else ProjectStatus(status)
        wanted_category = None if category is None else str(category)
        inside: Callable[[str], bool] | None = None
        if within is not None:
            hierarchy = self._need_hierarchy("within=")
            top = hierarchy[within]

            def inside(uid: str) -> bool:
                return hierarchy.within(uid, top)

        return [
            project
            for project in self._records
            if (wanted_status is None or project.status is wanted_status)
            and (batch is None or project.batch == batch)
            and (
                wanted_category is None
                or any(m.category == wanted_category for m in project.measures)
            )
            and (inside is None or inside(project.compound))
        ]

    def _selected(self, projects: Iterable[ProjectRef] | None) -> list[RenovationProject]:
        if projects is None:
            return [p for p in self._records if p.status is not ProjectStatus.CANCELLED]
        return [self.get(ref) for ref in projects]

    def cost(self, projects: Iterable[ProjectRef] | None = None) -> Decimal:
        """Return the total cost of the projects (by default every project not cancelled).

        Examples
        --------
        >>> import jiceng
        >>> portfolio = jiceng.examples.tongchuan().renovation
        >>> portfolio.cost(), portfolio.cost(["2021-chunlan"])
        (Decimal('138155147.44'), Decimal('4975796.00'))
        """
        return sum((p.cost for p in self._selected(projects)), Decimal(0))

    def cost_per_household(self, projects: Iterable[ProjectRef] | None = None) -> Decimal | None:
        """Return total cost over total households, to the fen (default: all not cancelled).

        ``None`` where the projects have no households.

        Examples
        --------
        >>> import jiceng
        >>> portfolio = jiceng.examples.tongchuan().renovation
        >>> portfolio.cost_per_household(), portfolio.cost_per_household(["2021-chunlan"])
        (Decimal('20567.98'), Decimal('20646.46'))
        >>> print(portfolio.cost_per_household([]))
        None
        """
        chosen = self._selected(projects)
        households = sum(p.households for p in chosen)
        if not households:
            return None
        return (self.cost(chosen) / households).quantize(FEN)

    def cost_per_m2(self, projects: Iterable[ProjectRef] | None = None) -> Decimal | None:
        """Return total cost over total floor area, to the fen (default: all not cancelled).

        ``None`` where the projects have no floor area.

        Examples
        --------
        >>> import jiceng
        >>> jiceng.examples.tongchuan().renovation.cost_per_m2()
        Decimal('268.10')
        """
        chosen = self._selected(projects)
        area = sum((p.floor_area for p in chosen), Decimal(0))
        if not area:
            return None
        return (self.cost(chosen) / area).quantize(FEN)

    def funding_mix(
        self, projects: Iterable[ProjectRef] | None = None
    ) -> dict[FundingSource, Decimal]:
        """Return the funding by source, every source in enum order (default: all not cancelled).

        Examples
        --------
        >>> import jiceng
        >>> mix = jiceng.examples.tongchuan().renovation.funding_mix()
        >>> mix[FundingSource.CENTRAL_SUBSIDY], mix[FundingSource.SOCIAL_CAPITAL]
        (Decimal('55661000.00'), Decimal('697800.00'))
        """
        mix = dict.fromkeys(FundingSource, Decimal(0))
        for project in self._selected(projects):
            for funding in project.funding:
                mix[funding.source] += funding.amount
        return mix

    def category_mix(
        self, projects: Iterable[ProjectRef] | None = None
    ) -> dict[RenovationCategory | str, Decimal]:
        """Return the cost by category: the built-in three in order, then the policy's own.

        By default over every project not cancelled. Built-in categories are
        :class:`RenovationCategory` members, the policy's own their keys.

        Examples
        --------
        >>> import jiceng
        >>> portfolio = jiceng.examples.tongchuan().renovation
        >>> mix, portfolio_policy = portfolio.category_mix(), portfolio.policy
        >>> for category, cost in mix.items():
        ...     print(portfolio_policy.category_zh(category), cost)
        基础类 118587290.93
        完善类 17911856.51
        提升类 1656000.00
        """
        mix: dict[RenovationCategory | str, Decimal] = dict.fromkeys(RenovationCategory, Decimal(0))
        mix.update(dict.fromkeys((c.key for c in self._policy.categories), Decimal(0)))
        for project in self._selected(projects):
            for measure in project.measures:
                mix[measure.category] += measure.cost
        return mix

    def funding_gaps(self) -> dict[str, Decimal]:
        """Return the gap of every project not cancelled whose funding does not cover its cost.

        Examples
        --------
        >>> import jiceng
        >>> gaps = jiceng.examples.tongchuan().renovation.funding_gaps()
        >>> gaps["2023-sihetou"]
        Decimal('4212362.32')
        """
        return {
            p.id: p.funding_gap
            for p in self._records
            if p.funding_gap > 0 and p.status is not ProjectStatus.CANCELLED
        }

    def progress(self, projects: Iterable[ProjectRef] | None = None) -> Progress:
        """Return the share of households in completed (or handed-over) projects.

        Cancelled projects never count, even when named.

        Examples
        --------
        >>> import jiceng
        >>> progress = jiceng.examples.tongchuan().renovation.progress()
        >>> progress.completed, progress.households, round(progress.share, 3)
        (3013, 6717, 0.449)
        """
        chosen = [p for p in self._selected(projects) if p.status is not ProjectStatus.CANCELLED]
        households = sum(p.households for p in chosen)
        completed = sum(p.households for p in chosen if p.status in _DONE)
        return Progress(households, completed, completed / households if households else 0.0)

    # -- eligibility ------------------------------------------------------------------------

    def eligibility(self, unit: str | OrgUnit) -> Eligibility:
        """Judge one compound of the hierarchy by the policy.

        Examples
        --------
        >>> import jiceng
        >>> jiceng.examples.tongchuan().renovation.eligibility("mafangba-chunlan").reason
        'built 2004: eligible under the extended cut-off (2011)'
        """
        return self._policy.judge(self._need_hierarchy("eligibility()")[unit])

    def candidates(self) -> list[Eligibility]:
        """Judge every compound that has no project (other than a cancelled one), in order.

        Returns eligible and ineligible compounds alike, each with its reason.

        Examples
        --------
        >>> import jiceng
        >>> candidates = jiceng.examples.tongchuan().renovation.candidates()
        >>> sum(c.eligible for c in candidates), sum(not c.eligible for c in candidates)
        (139, 17)
        """
        hierarchy = self._need_hierarchy("candidates()")
        covered = {p.compound for p in self._records if p.status is not ProjectStatus.CANCELLED}
        return [
            self._policy.judge(unit)
            for unit in hierarchy.at_level(self._level)
            if unit.id not in covered
        ]

    def extended_share(self, batch: int) -> ExtendedShare:
        """Check a batch against the cap on households renovated under the extended cut-off.

        Examples
        --------
        >>> import jiceng
        >>> check = jiceng.examples.tongchuan().renovation.extended_share(2021)
        >>> check.extended, check.households, check.within_cap, check.projects
        (241, 1619, True, ('2021-chunlan',))
        """
        hierarchy = self._need_hierarchy("extended_share()")
        chosen = [
            p for p in self._records if p.batch == batch and p.status is not ProjectStatus.CANCELLED
        ]
        households = sum(p.households for p in chosen)
        extended = [p for p in chosen if self._policy.judge(hierarchy[p.compound]).extended]
        count = sum(p.households for p in extended)
        share = count / households if households else 0.0
        cap = self._policy.extended_share_cap
        return ExtendedShare(
            batch=batch,
            households=households,
            extended=count,
            share=share,
            cap=cap,
            within_cap=count <= cap * households,
            projects=tuple(p.id for p in extended),
        )

    # -- the central subsidy ----------------------------------------------------------------

    def allocate(
        self,
        amount: Decimal | str | int,
        targets: Iterable[str | RenovationProject | OrgUnit],
        weights: SubsidyWeights | Mapping[str, Decimal | str | int | float] | None = None,
        *,
        factors: Mapping[str, Mapping[str, Decimal | str | int | float]] | None = None,
        coefficients: Mapping[str, Decimal | str | int | float] | None = None,
    ) -> dict[str, Decimal]:
        """Split a sum among projects or units by the factor method, exactly to the fen.

        Each target's factors are its renovated floor area, households, buildings and number of
        compounds: a project's own (one compound), or, for a hierarchy unit, the sums over the
        projects (not cancelled) whose compound lies in its subtree. The split is
        :func:`~jiceng.renovation.allocation.split_by_factors`: a target's share is the weighted
        sum of its share of each factor's total (a factor whose total is zero is left out and
        the other weights scaled up), rounded to the fen by the largest remainder method, so the
        amounts always add up to exactly ``amount``.

        Parameters
        ----------
        amount
            The sum in yuan, at most two decimal places, below ¥10¹⁵.
        targets
            Project ids or records, or hierarchy unit ids or records; each once.
        weights
            A dated weighting (:data:`~jiceng.renovation.SUBSIDY_WEIGHTS_2019`, the default;
            :data:`~jiceng.renovation.SUBSIDY_WEIGHTS_2020`;
            :data:`~jiceng.renovation.SUBSIDY_WEIGHTS_2024`), your own
            :class:`~jiceng.renovation.SubsidyWeights`, or a mapping of factor weights
            (``floor_area``, ``households``, ``buildings``, ``compounds`` and any factor in
            ``factors``), non-negative and adding up to 1.
        factors
            For each factor the projects do not carry (such as ``performance``), each
            target's value, keyed by the target's id.
        coefficients
            Each target's fiscal-difficulty coefficient (财政困难程度系数), keyed by the
            target's id; it multiplies the factors the weighting adjusts.

        The national rules allocate the central subsidy among provinces; splitting it among a
        city's subdistricts or projects by the same method is the city's own choice.

        Raises
        ------
        InvalidArgumentError
            For an amount that is negative, finer than the fen, not below ¥10¹⁵ or not a finite
            number; weights that are not numbers from 0 to 1 or do not add up to 1 (floats are
            read by their shortest decimal form, so ``0.4`` is 0.4); a target given twice, or
            targets that overlap (a unit and a project or unit inside it); factors or
            coefficients that miss a target or name a key that is not one; coefficients with
            weights that adjust no factor (a plain mapping: use ``SUBSIDY_WEIGHTS_2020`` or a
            ``SubsidyWeights`` with ``adjusted=``); or targets whose factors are all zero.
        UnknownUnitError
            For a target that is neither a project nor a unit of the hierarchy.

        Examples
        --------
        >>> import jiceng
        >>> portfolio = jiceng.examples.tongchuan().renovation
        >>> shares = portfolio.allocate("20000000.00",
        ...                             ["dongcheng", "xicheng", "chaoyang", "fengxi", "fengbei"])
        >>> shares["fengxi"], sum(shares.values())
        (Decimal('8492400.69'), Decimal('20000000.00'))
        >>> portfolio.allocate("100", ["2021-chunlan", "2022-xinjinyuan"],
        ...                    weights={"households": 1})
        {'2021-chunlan': Decimal('28.29'), '2022-xinjinyuan': Decimal('71.71')}
        >>> from jiceng.renovation import SUBSIDY_WEIGHTS_2024
        >>> portfolio.allocate("100", ["2021-chunlan", "2022-xinjinyuan"], SUBSIDY_WEIGHTS_2024,
        ...                    factors={"task": {"2021-chunlan": 1, "2022-xinjinyuan": 3},
        ...                             "performance": {"2021-chunlan": 1, "2022-xinjinyuan": 1}})
        {'2021-chunlan': Decimal('30.00'), '2022-xinjinyuan': Decimal('70.00')}
        """
        return split_by_factors(
            amount,
            (self._target(target) for target in targets),
            weights,
            factors=factors,
            coefficients=coefficients,
        )

    def _target(
        self, target: str | RenovationProject | OrgUnit
    ) -> tuple[str, Sequence[RenovationProject]]:
        """Return a target's key and the projects it counts."""
        key = target if isinstance(target, str) else target.id
        if key in self._by_id:
            return key, [self._by_id[key]]
        hierarchy = self._hierarchy
        if hierarchy is None or key not in hierarchy:
            raise UnknownUnitError(key)
        return key, [
            p
            for p in self._records
            if p.status is not ProjectStatus.CANCELLED and hierarchy.within(p.compound, key)
        ]


def _consent_problems(project: RenovationProject, policy: RenovationPolicy) -> list[Problem]:
    """Return the problems of a project's consent counts under the policy's consent rules."""
    problems = [
        Problem(
            "unknown_consent_rule",
            (project.id,),
            f"a consent count of {consent.on} names rule {consent.rule!r}, which the policy "
            "does not have",
        )
        for consent in project.consents
        if policy.rule(consent.rule) is None
    ]
    for rule in policy.consent_rules:
        if rule.before is None:
            continue
        entered = next((c.on for c in project.history if c.status is rule.before), None)
        if entered is None:
            continue
        counted = [c for c in project.consents if c.rule == rule.key and c.on <= entered]
        if rule.per_scope:
            latest = {c.scope: c for c in sorted(counted, key=lambda c: c.on)}
            failing = [
                scope or "the whole compound" for scope, c in latest.items() if rule.reason(c)
            ]
            if latest and failing:
                problems.append(
                    Problem(
                        "consent_missing",
                        (project.id,),
                        f"{rule.before.value} on {entered} with {rule.name} not passed for "
                        f"{', '.join(failing)} ({rule.key}: {rule.share} of {rule.counts.value})",
                    )
                )
                continue
        if not any(rule.reason(consent) is None for consent in counted):
            problems.append(
                Problem(
                    "consent_missing",
                    (project.id,),
                    f"{rule.before.value} on {entered} without a passing {rule.name} count "
                    f"({rule.key}: {rule.share} of {rule.counts.value}) on or before that day",
                )
            )
    return problems
