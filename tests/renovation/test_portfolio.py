from __future__ import annotations

import datetime
import gc
import pickle
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jiceng
from jiceng import (
    EligibilityPolicy,
    Hierarchy,
    IntegrityError,
    Portfolio,
    ProjectStatus,
    RenovationProject,
    TransitionError,
)
from jiceng.errors import (
    JicengError,
    JicengTypeError,
    NeedsHierarchyError,
    UnknownProjectError,
    UnknownUnitError,
)
from jiceng.renovation import (
    COMMON_LIFECYCLE,
    DEFAULT_LEVEL,
    FundingSource,
    RenovationCategory,
    RenovationPolicy,
    next_statuses,
)
from jiceng.testing.renovation import renovation_projects

from .data import VOTE, project

D = datetime.date


# -- the checks ------------------------------------------------------------------------------


def test_every_problem_at_once(town: Hierarchy) -> None:
    problems_in = [
        project("dup"),
        project("dup"),
        project("nowhere", "k-missing"),
        project("street", "s1"),
        project(
            "skips",
            history=[
                {"status": "applied", "on": "2021-01-01"},
                {"status": "designing", "on": "2021-02-01"},
            ],
        ),
        project("early", consultations=[{**VOTE, "on": "2021-06-01"}]),
        project("unfunded", funding=[{"source": "district", "amount": "100"}]),
    ]
    with pytest.raises(IntegrityError) as caught:
        Portfolio(problems_in, town)
    found = [(p.code, p.ids[0]) for p in caught.value.problems]
    assert found == [
        ("duplicate_id", "dup"),
        ("unknown_compound", "nowhere"),
        ("compound_level", "street"),
        ("illegal_transition", "skips"),
        ("construction_before_consultation", "early"),
        ("funding_gap", "unfunded"),
    ]
    gap = caught.value.problems[-1].message
    assert "¥1999900" in gap


def test_a_portfolio_without_a_hierarchy_checks_the_records_only() -> None:
    portfolio = Portfolio([project("a", "anywhere")])
    assert (portfolio.hierarchy, portfolio.level, portfolio.policy) == (
        None,
        DEFAULT_LEVEL,
        RenovationPolicy(),
    )
    with pytest.raises(IntegrityError) as caught:
        Portfolio([project("a"), project("a")])
    assert caught.value.codes == ("duplicate_id",)


def test_only_projects_and_a_hierarchy() -> None:
    with pytest.raises(JicengTypeError, match="a Portfolio holds RenovationProject records"):
        Portfolio([VOTE])  # type: ignore[list-item]
    with pytest.raises(JicengTypeError, match="hierarchy must be a Hierarchy"):
        Portfolio([], "town")  # type: ignore[arg-type]


def test_early_projects_may_lack_funding(town: Hierarchy) -> None:
    early = project(funding=[], history=[{"status": "applied", "on": "2021-01-01"}])
    portfolio = Portfolio([early], town)
    assert portfolio.funding_gaps() == {"p1": Decimal(2000000)}


@given(st.lists(renovation_projects(compound="k-old"), max_size=4, unique_by=lambda p: p.id))
def test_generated_projects_make_a_portfolio(projects: list[RenovationProject]) -> None:
    portfolio = Portfolio(projects)
    assert list(portfolio) == projects
    assert all(p.id in portfolio for p in projects)


# -- the container ---------------------------------------------------------------------------


def test_equality_and_lookups(town: Hierarchy) -> None:
    portfolio = Portfolio([project("a"), project("b", "k-04")], town)
    assert portfolio == Portfolio([project("a"), project("b", "k-04")], town)
    assert portfolio != Portfolio([project("b", "k-04"), project("a")], town)
    assert portfolio != Portfolio(list(portfolio), town, EligibilityPolicy(cutoff_year=2004))
    assert portfolio != Portfolio(list(portfolio), None, level="building")
    assert portfolio == Portfolio(list(portfolio))  # the hierarchy does not make them differ
    assert portfolio != list(portfolio)
    assert repr(portfolio) == "<Portfolio of 2 projects>"
    assert len(portfolio) == 2
    assert "a" in portfolio
    assert portfolio.get("b") in portfolio
    assert "zz" not in portfolio
    assert 3 not in portfolio
    assert portfolio.get(portfolio.get("a")) is portfolio.get("a")


def test_every_lookup_error_is_named(town: Hierarchy) -> None:
    portfolio = Portfolio([project()], town)
    for call in (
        lambda: portfolio.get("zz"),
        lambda: portfolio.next_steps("zz"),
        lambda: portfolio.advance("zz", "planned", on=D(2021, 1, 1)),
        lambda: portfolio.cost(["p1", "zz"]),
        lambda: portfolio.progress(["zz"]),
    ):
        with pytest.raises(UnknownProjectError) as caught:
            call()
        assert isinstance(caught.value, KeyError)
        assert isinstance(caught.value, JicengError)
        assert (caught.value.id, str(caught.value)) == ("zz", "no project with id 'zz'")
    for call in (
        lambda: portfolio.eligibility("zz"),
        lambda: portfolio.projects(within="zz"),
        lambda: portfolio.allocate("1", ["zz"]),
    ):
        with pytest.raises(UnknownUnitError) as unit:
            call()
        assert isinstance(unit.value, KeyError)
        assert isinstance(unit.value, JicengError)
        assert str(unit.value) == "no unit with id 'zz'"


def test_queries_that_need_a_hierarchy() -> None:
    portfolio = Portfolio([project()])
    for call, what in (
        (lambda: portfolio.projects(within="s1"), "within="),
        (lambda: portfolio.eligibility("k-old"), "eligibility()"),
        (portfolio.candidates, "candidates()"),
        (lambda: portfolio.extended_share(2021), "extended_share()"),
    ):
        with pytest.raises(NeedsHierarchyError) as caught:
            call()
        assert isinstance(caught.value, ValueError)
        assert str(caught.value) == f"{what} needs a portfolio built with a hierarchy"


# -- pickling --------------------------------------------------------------------------------


def test_a_portfolio_pickles_alone(town: Hierarchy) -> None:
    portfolio = Portfolio([project(), project("b", "k-04")], town, level="compound")
    again = pickle.loads(pickle.dumps(portfolio))
    assert again == portfolio
    assert again.hierarchy == town
    assert again.hierarchy is not None
    with pytest.raises(IntegrityError) as caught, again.hierarchy.edit() as batch:
        batch.remove("k-04")
    assert caught.value.codes == ("unknown_compound",)
    assert "k-04" in again.hierarchy


def test_a_portfolio_pickles_with_its_hierarchy(town: Hierarchy) -> None:
    portfolio = Portfolio([project()], town, EligibilityPolicy(extended_cutoff_year=2005))
    hierarchy, again = pickle.loads(pickle.dumps((town, portfolio)))
    assert (hierarchy, again) == (town, portfolio)
    assert again.hierarchy is hierarchy
    assert again.policy.extended_cutoff_year == 2005
    with pytest.raises(IntegrityError) as caught, hierarchy.edit() as batch:
        batch.remove("g1")
    assert caught.value.codes == ("unknown_compound",)
    assert "k-old" in hierarchy
    with hierarchy.edit() as batch:  # what strands nothing is still allowed
        batch.remove("k-new")
    assert "k-new" not in hierarchy


# -- queries ---------------------------------------------------------------------------------


def test_queries(town: Hierarchy) -> None:
    portfolio = Portfolio(
        [
            project("a", "k-old", batch=2020),
            project(
                "b",
                "k-04",
                households=50,
                floor_area="4000",
                measures=[{"category": "upgrade", "item": "智慧社区系统", "cost": "1000000"}],
                funding=[{"source": "municipal", "amount": "1000000"}],
                history=[{"status": "applied", "on": "2021-01-01"}],
            ),
            project(
                "c",
                "k-unknown",
                history=[
                    {"status": "applied", "on": "2021-01-01"},
                    {"status": "cancelled", "on": "2021-03-01"},
                ],
            ),
        ],
        town,
        EligibilityPolicy(extended_cutoff_year=2005),
    )
    assert [p.id for p in portfolio.projects(status="completed")] == ["a"]
    assert [p.id for p in portfolio.projects(batch=2021)] == ["b", "c"]
    assert [p.id for p in portfolio.projects(category=RenovationCategory.UPGRADE)] == ["b"]
    assert [p.id for p in portfolio.projects(within="s1")] == ["a", "b"]
    assert [p.id for p in portfolio.projects(within="k-04")] == ["b"]
    assert [p.id for p in portfolio.projects(within=town["s2"], status="cancelled")] == ["c"]
    assert portfolio.cost() == Decimal(3000000)  # the cancelled project does not count
    assert portfolio.cost(["c"]) == Decimal(2000000)  # unless it is named
    assert portfolio.cost_per_household() == Decimal("20000.00")
    assert portfolio.cost_per_household(["b"]) == Decimal("20000.00")
    assert portfolio.cost_per_m2() == Decimal("250.00")
    assert (portfolio.cost_per_household([]), portfolio.cost_per_m2([])) == (None, None)
    mix = portfolio.funding_mix()
    assert list(mix) == list(FundingSource)
    assert mix[FundingSource.CENTRAL_SUBSIDY] == Decimal(1500000)
    assert mix[FundingSource.MUNICIPAL] == Decimal(1000000)
    assert portfolio.category_mix()[RenovationCategory.UPGRADE] == Decimal(1000000)
    progress = portfolio.progress()
    assert (progress.households, progress.completed) == (150, 100)
    assert progress.share == pytest.approx(2 / 3)
    assert portfolio.progress(["c"]) == jiceng.renovation.Progress(0, 0, 0.0)
    assert "a" in portfolio
    assert portfolio.get("a").compound == "k-old"
    with pytest.raises(UnknownProjectError):
        portfolio.get("zz")
    with pytest.raises(NeedsHierarchyError, match="needs a portfolio built with a hierarchy"):
        Portfolio([project()]).projects(within="s1")


# -- the lifecycle ---------------------------------------------------------------------------


def test_advance(town: Hierarchy) -> None:
    start = project(history=[{"status": "applied", "on": "2021-01-01"}], consultations=[])
    portfolio = Portfolio([start], town)
    moved = portfolio.advance("p1", "planned", on=D(2021, 2, 1), note="列入计划")
    assert moved.get("p1").status is ProjectStatus.PLANNED
    assert moved.get("p1").history[-1].note == "列入计划"
    assert portfolio.get("p1").status is ProjectStatus.APPLIED  # unchanged
    assert moved.hierarchy is town
    with pytest.raises(TransitionError) as caught:
        moved.advance("p1", "designing", on=D(2021, 3, 1))
    assert caught.value.allowed == ("consulting", "suspended", "cancelled")
    assert caught.value.id == "p1"
    with pytest.raises(TransitionError, match="cannot be dated"):
        moved.advance("p1", "consulting", on=D(2021, 1, 15))
    with pytest.raises(TransitionError, match="not a project status"):
        moved.advance("p1", "finished", on=D(2021, 3, 1))
    designing = moved.advance("p1", "consulting", on=D(2021, 3, 1)).advance(
        "p1", "designing", on=D(2021, 4, 1)
    )
    with pytest.raises(TransitionError, match="without a passed consultation"):
        designing.advance("p1", "under_construction", on=D(2021, 5, 1))
    suspended = designing.advance("p1", "suspended", on=D(2021, 5, 1))
    assert suspended.next_steps("p1") == (ProjectStatus.DESIGNING, ProjectStatus.CANCELLED)
    cancelled = suspended.advance("p1", "cancelled", on=D(2021, 6, 1))
    with pytest.raises(TransitionError, match="none: the project is closed") as closed:
        cancelled.advance("p1", "designing", on=D(2021, 7, 1))
    assert closed.value.allowed == ()


@settings(max_examples=150)
@given(st.lists(st.tuples(st.sampled_from(list(ProjectStatus)), st.integers(0, 40)), max_size=12))
def test_any_sequence_of_advances_follows_the_lifecycle_or_changes_nothing(
    steps: list[tuple[ProjectStatus, int]],
) -> None:
    vote = {**VOTE, "on": "2020-01-01"}
    first = project(history=[{"status": "applied", "on": "2020-01-01"}], consultations=[vote])
    portfolio = Portfolio([first])
    day = D(2020, 1, 1)
    for status, gap in steps:
        before = portfolio.get("p1")
        allowed = portfolio.next_steps("p1")
        when = day + datetime.timedelta(days=gap)
        try:
            portfolio = portfolio.advance("p1", status, on=when)
        except TransitionError as error:
            assert status not in allowed or when < day
            assert error.allowed == tuple(s.value for s in allowed)
            assert portfolio.get("p1") == before
            continue
        assert status in allowed
        assert portfolio.get("p1").history[:-1] == before.history
        assert portfolio.get("p1").status is status
        day = when
    # Whatever happened, the history is a walk of the lifecycle.
    history = portfolio.get("p1").history
    resumes = None
    for a, b in pairwise(history):
        assert b.status in next_statuses(a.status, resumes=resumes)
        if b.status is ProjectStatus.SUSPENDED:
            resumes = a.status


# -- edits of the hierarchy are refused while projects refer to it ---------------------------


def test_hierarchy_edits_cannot_strand_projects(town: Hierarchy) -> None:
    portfolio = Portfolio([project()], town)
    with pytest.raises(IntegrityError) as caught, town.edit() as batch:
        batch.remove("g1")
    assert caught.value.codes == ("unknown_compound",)
    assert "k-old" in town
    with pytest.raises(IntegrityError) as caught, town.edit() as batch:
        batch.remove("g1", subtree=False)  # compounds would sit under a community
    assert "k-old" in town
    with pytest.raises(IntegrityError) as caught, town.edit() as batch:
        batch.replace(town["k-old"].model_copy(update={"level": "building", "parent": "k-04"}))
    assert caught.value.codes == ("compound_level",)
    with town.edit() as batch:  # an edit that leaves the compound alone is fine
        batch.remove("k-new")
    del portfolio
    gc.collect()
    with town.edit() as batch:  # no live portfolio refers to it any more
        batch.remove("g1")
    assert "k-old" not in town


# -- the bundled district --------------------------------------------------------------------


def test_bundled_portfolio() -> None:
    district = jiceng.examples.tongchuan()
    portfolio = district.projects
    assert portfolio is not None
    assert len(portfolio) == 20
    assert portfolio.hierarchy is district.hierarchy
    chunlan = portfolio.get("2021-chunlan")
    assert chunlan.compound == "mafangba-chunlan"
    assert portfolio.eligibility("mafangba-chunlan").extended
    xinjin = portfolio.get("2022-xinjinyuan")
    assert district.hierarchy[xinjin.compound].built_year == 2011
    assert portfolio.eligibility(xinjin.compound).extended
    assert portfolio.cost_per_household() == Decimal("20567.98")
    for p in portfolio:
        if p.cost_per_household is not None:
            assert Decimal(14000) <= p.cost_per_household <= Decimal(27000), p.id
    # every stage of the common lifecycle, and both side states, is illustrated
    assert {p.status for p in portfolio} == {
        *COMMON_LIFECYCLE.stages,
        ProjectStatus.SUSPENDED,
        ProjectStatus.CANCELLED,
    }
