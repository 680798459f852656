from __future__ import annotations

import datetime
import gc
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import jiceng
from jiceng import (
    Consultation,
    EligibilityPolicy,
    Hierarchy,
    IntegrityError,
    OrgUnit,
    Portfolio,
    ProjectStatus,
    RenovationProject,
    TransitionError,
    UnknownUnitError,
)
from jiceng.renovation import FundingSource, RenovationCategory, next_statuses

D = datetime.date


@pytest.fixture
def town() -> Hierarchy:
    """Two streets, with compounds of several ages::

    s1 东城街道
    └── c1 一社区 ── g1 一网格 ── k-old 老厂宿舍 (1990), k-04 春兰 (2004), k-new 新城 (2015)
    s2 西城街道
    └── c2 二社区 ── g2 二网格 ── k-self 自建房 (1985, tagged 自建房), k-unknown (no year)
    """
    return Hierarchy(
        [
            OrgUnit(id="s1", name="东城街道", level="street"),
            OrgUnit(id="c1", name="一社区", level="community", parent="s1"),
            OrgUnit(id="g1", name="一网格", level="grid", parent="c1"),
            OrgUnit(id="k-old", name="老厂宿舍", level="compound", parent="g1", built_year=1990),
            OrgUnit(id="k-04", name="春兰小区", level="compound", parent="g1", built_year=2004),
            OrgUnit(id="k-new", name="新城小区", level="compound", parent="g1", built_year=2015),
            OrgUnit(id="s2", name="西城街道", level="street"),
            OrgUnit(id="c2", name="二社区", level="community", parent="s2"),
            OrgUnit(id="g2", name="二网格", level="grid", parent="c2"),
            OrgUnit(
                id="k-self",
                name="某村",
                level="compound",
                parent="g2",
                built_year=1985,
                tags=("自建房",),
            ),
            OrgUnit(id="k-unknown", name="无名小区", level="compound", parent="g2"),
        ]
    )


VOTE = {
    "matter": "major",
    "on": "2021-03-01",
    "owners": 100,
    "area": "8000",
    "owners_voting": 80,
    "area_voting": "6400",
    "owners_agreeing": 70,
    "area_agreeing": "5600",
}

HISTORY = ["applied", "planned", "consulting", "designing", "under_construction", "completed"]


def project(pid: str = "p1", compound: str = "k-old", **changes: Any) -> RenovationProject:
    data: dict[str, Any] = {
        "id": pid,
        "name": f"{pid}改造",
        "compound": compound,
        "batch": 2021,
        "households": 100,
        "buildings": 4,
        "floor_area": "8000",
        "measures": [
            {"category": "basic", "item": "雨污分流", "cost": "1200000"},
            {"category": "improvement", "item": "加装电梯", "cost": "800000"},
        ],
        "funding": [
            {"source": "central_subsidy", "amount": "1500000"},
            {"source": "residents", "amount": "500000"},
        ],
        "consultations": [VOTE],
        "history": [
            {"status": status, "on": f"2021-0{i + 1}-10"} for i, status in enumerate(HISTORY)
        ],
    }
    data.update(changes)
    return RenovationProject.model_validate(data)


# -- records -------------------------------------------------------------------------------


def test_project_figures() -> None:
    p = project()
    assert p.status is ProjectStatus.COMPLETED
    assert p.cost == Decimal(2000000)
    assert p.funded == Decimal(2000000)
    assert p.funding_gap == 0
    assert p.cost_per_household == Decimal("20000.00")
    assert p.cost_per_m2 == Decimal("250.00")
    assert p.started_construction() == D(2021, 5, 10)
    empty = project(households=0, floor_area="0")
    assert (empty.cost_per_household, empty.cost_per_m2) == (None, None)


INVALID_PROJECTS: list[tuple[dict[str, Any], str]] = [
    ({"measures": [{"category": "basic", "item": "x", "cost": "-1"}]}, "greater_than_equal"),
    ({"measures": [{"category": "basic", "item": "x", "cost": "1.005"}]}, "decimal_max_places"),
    ({"measures": [{"category": "luxury", "item": "x", "cost": "1"}]}, "enum"),
    ({"funding": [{"source": "lottery", "amount": "1"}]}, "enum"),
    ({"funding": [{"source": "other", "amount": "-5"}]}, "greater_than_equal"),
    ({"households": -1}, "greater_than_equal"),
    ({"history": []}, "too_short"),
    (
        {
            "history": [
                {"status": "planned", "on": "2021-05-01"},
                {"status": "consulting", "on": "2021-04-01"},
            ]
        },
        "history_order",
    ),
    ({"planned_start": "2021-05-01", "planned_completion": "2021-04-01"}, "dates_order"),
    ({"actual_start": "2022-05-01", "actual_completion": "2022-04-30"}, "dates_order"),
    ({"consultations": [{**VOTE, "owners_agreeing": 90}]}, "vote_counts"),
    ({"consultations": [{**VOTE, "owners_voting": 101}]}, "vote_counts"),
    ({"consultations": [{**VOTE, "area_agreeing": "6500"}]}, "vote_counts"),
    ({"consultations": [{**VOTE, "owners": 0}]}, "greater_than"),
    ({"colour": "red"}, "extra_forbidden"),
]


@pytest.mark.parametrize(("changes", "error_type"), INVALID_PROJECTS)
def test_invalid_projects(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        project(**changes)
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_policy_records() -> None:
    assert EligibilityPolicy().cutoff_year == 2000
    with pytest.raises(ValidationError) as caught:
        EligibilityPolicy(cutoff_year=2005, extended_cutoff_year=2004)
    assert caught.value.errors()[0]["type"] == "cutoff_order"
    with pytest.raises(ValidationError):
        EligibilityPolicy(extended_share_cap="1.5")


def test_projects_round_trip_through_json() -> None:
    p = project(tags=["电梯"], planned_start="2021-03-01", planned_completion="2021-12-31")
    assert RenovationProject.model_validate_json(p.model_dump_json()) == p


# -- consultations: Civil Code Art. 278 ------------------------------------------------------


def art_278(vote: Consultation) -> tuple[bool, bool]:
    """A direct reading of Art. 278 with exact fractions: (quorate, passed)."""
    quorate = Fraction(vote.owners_voting, vote.owners) >= Fraction(2, 3) and Fraction(
        vote.area_voting
    ) / Fraction(vote.area) >= Fraction(2, 3)
    if not quorate:
        return False, False
    owners = Fraction(vote.owners_agreeing, vote.owners_voting)
    area = Fraction(vote.area_agreeing) / Fraction(vote.area_voting)
    if vote.matter == "major":
        return True, owners >= Fraction(3, 4) and area >= Fraction(3, 4)
    return True, owners > Fraction(1, 2) and area > Fraction(1, 2)


@st.composite
def votes(draw: st.DrawFn) -> Consultation:
    owners = draw(st.integers(1, 400))
    voting = draw(st.integers(0, owners))
    agreeing = draw(st.integers(0, voting))
    area = draw(st.integers(1, 40000))
    area_voting = draw(st.integers(0, area))
    area_agreeing = draw(st.integers(0, area_voting))
    return Consultation(
        matter=draw(st.sampled_from(["ordinary", "major"])),
        on=D(2021, 1, 1),
        owners=owners,
        area=Decimal(area) / 100,
        owners_voting=voting,
        area_voting=Decimal(area_voting) / 100,
        owners_agreeing=agreeing,
        area_agreeing=Decimal(area_agreeing) / 100,
    )


@given(votes())
def test_consultations_agree_with_article_278(vote: Consultation) -> None:
    quorate, passed = art_278(vote)
    assert vote.quorate == quorate
    assert vote.passed == passed
    assert (vote.reason is None) == passed
    if not quorate:
        assert vote.reason is not None
        assert vote.reason.startswith("not quorate")


@pytest.mark.parametrize(
    ("changes", "passed", "reason"),
    [
        ({}, True, None),
        ({"owners_voting": 66, "owners_agreeing": 60}, False, "not quorate"),
        ({"owners_voting": 67, "owners_agreeing": 51}, True, None),  # 67 ≥ 2/3 of 100; 51 ≥ 3/4·67
        ({"owners_voting": 80, "owners_agreeing": 59}, False, "major matter"),  # 59 < 60
        ({"owners_voting": 80, "owners_agreeing": 60}, True, None),  # exactly three quarters
        ({"matter": "ordinary", "owners_voting": 80, "owners_agreeing": 40}, False, "ordinary"),
        ({"matter": "ordinary", "owners_voting": 80, "owners_agreeing": 41}, True, None),
        ({"area_voting": "5333", "area_agreeing": "5000"}, False, "not quorate"),
        ({"area_agreeing": "4799"}, False, "major matter"),
    ],
)
def test_consultation_thresholds(changes: dict[str, Any], passed: bool, reason: str | None) -> None:
    vote = Consultation.model_validate({**VOTE, **changes})
    assert vote.passed == passed
    if reason is None:
        assert vote.reason is None
    else:
        assert vote.reason is not None
        assert vote.reason.startswith(reason)


# -- eligibility -----------------------------------------------------------------------------


def test_eligibility(town: Hierarchy) -> None:
    policy = EligibilityPolicy(extended_cutoff_year=2005)
    judged = {uid: policy.judge(town[uid]) for uid in ("k-old", "k-04", "k-new", "k-self")}
    assert (judged["k-old"].eligible, judged["k-old"].extended) == (True, False)
    assert (judged["k-04"].eligible, judged["k-04"].extended) == (True, True)
    assert not judged["k-new"].eligible
    assert "after the cut-off (2005)" in judged["k-new"].reason
    assert not judged["k-self"].eligible
    assert "自建房" in judged["k-self"].reason
    assert policy.judge(town["k-unknown"]).reason == "built year unknown"
    strict = EligibilityPolicy()
    assert not strict.judge(town["k-04"]).eligible


def test_candidates_and_extended_share(town: Hierarchy) -> None:
    policy = EligibilityPolicy(extended_cutoff_year=2005)
    portfolio = Portfolio(
        [
            project("p-old", "k-old", households=500),
            project("p-04", "k-04", households=100),
            project(
                "p-gone",
                "k-new",
                history=[
                    {"status": "applied", "on": "2020-01-01"},
                    {"status": "cancelled", "on": "2020-02-01"},
                ],
            ),
        ],
        town,
        policy,
    )
    assert [c.unit for c in portfolio.candidates()] == ["k-new", "k-self", "k-unknown"]
    assert [c.eligible for c in portfolio.candidates()] == [False, False, False]
    check = portfolio.extended_share(2021)
    assert (check.households, check.extended, check.projects) == (600, 100, ("p-04",))
    assert check.share == pytest.approx(100 / 600)
    assert not check.within_cap  # 16.7% > 15%
    looser_policy = EligibilityPolicy(extended_cutoff_year=2005, extended_share_cap="0.2")
    looser = Portfolio(list(portfolio), town, looser_policy)
    assert looser.extended_share(2021).within_cap
    assert portfolio.eligibility("k-old").eligible


# -- the portfolio ---------------------------------------------------------------------------


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


def test_reversed_and_resumed_histories(town: Hierarchy) -> None:
    def history(*steps: str) -> list[dict[str, str]]:
        return [{"status": s, "on": f"2021-04-{i + 10}"} for i, s in enumerate(steps)]

    ok = project(history=history("applied", "planned", "suspended", "planned", "consulting"))
    Portfolio([ok], town)
    for bad in (
        history("applied", "planned", "applied"),
        history("applied", "planned", "suspended", "consulting"),
        history("applied", "cancelled", "planned"),
        history(
            "applied",
            "planned",
            "consulting",
            "designing",
            "under_construction",
            "completed",
            "handed_over",
            "suspended",
        ),
    ):
        with pytest.raises(IntegrityError) as caught:
            Portfolio([project(history=bad)], town)
        assert caught.value.codes == ("illegal_transition",)


def test_early_projects_may_lack_funding(town: Hierarchy) -> None:
    early = project(funding=[], history=[{"status": "applied", "on": "2021-01-01"}])
    portfolio = Portfolio([early], town)
    assert portfolio.funding_gaps() == {"p1": Decimal(2000000)}


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
    assert [p.id for p in portfolio.projects(within="s2", status="cancelled")] == ["c"]
    assert portfolio.cost() == Decimal(3000000)  # the cancelled project does not count
    assert portfolio.cost_per_household() == Decimal("20000.00")
    assert portfolio.cost_per_household(["b"]) == Decimal("20000.00")
    assert portfolio.cost_per_m2() == Decimal("250.00")
    mix = portfolio.funding_mix()
    assert list(mix) == list(FundingSource)
    assert mix[FundingSource.CENTRAL_SUBSIDY] == Decimal(1500000)
    assert mix[FundingSource.MUNICIPAL] == Decimal(1000000)
    assert portfolio.category_mix()[RenovationCategory.UPGRADE] == Decimal(1000000)
    progress = portfolio.progress()
    assert (progress.households, progress.completed) == (150, 100)
    assert progress.share == pytest.approx(2 / 3)
    assert "a" in portfolio
    assert portfolio.get("a").compound == "k-old"
    with pytest.raises(UnknownUnitError):
        portfolio.get("zz")
    with pytest.raises(ValueError, match="needs a portfolio built with a hierarchy"):
        Portfolio([project()]).projects(within="s1")


# -- the lifecycle ---------------------------------------------------------------------------


def test_advance(town: Hierarchy) -> None:
    start = project(history=[{"status": "applied", "on": "2021-01-01"}], consultations=[])
    portfolio = Portfolio([start], town)
    moved = portfolio.advance("p1", "planned", on=D(2021, 2, 1))
    assert moved.get("p1").status is ProjectStatus.PLANNED
    assert portfolio.get("p1").status is ProjectStatus.APPLIED  # unchanged
    with pytest.raises(TransitionError) as caught:
        moved.advance("p1", "designing", on=D(2021, 3, 1))
    assert caught.value.allowed == ("consulting", "suspended", "cancelled")
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


# -- the central subsidy ----------------------------------------------------------------------


def test_allocate_by_factors(town: Hierarchy) -> None:
    portfolio = Portfolio(
        [
            project("a", "k-old", households=300, buildings=6, floor_area="24000"),
            project("b", "k-04", households=100, buildings=2, floor_area="8000"),
        ],
        town,
    )
    shares = portfolio.allocate("1000000", ["a", "b"])
    # a: 0.4·0.75 + 0.4·0.75 + 0.1·0.75 + 0.1·0.5 = 0.725
    assert shares == {"a": Decimal("725000.00"), "b": Decimal("275000.00")}
    by_street = portfolio.allocate("1000000.00", ["s1", "s2"])
    assert by_street == {"s1": Decimal("1000000.00"), "s2": Decimal("0.00")}
    thirds = portfolio.allocate("100", ["a", "b"], weights={"compounds": 1})
    assert thirds == {"a": Decimal("50.00"), "b": Decimal("50.00")}
    odd = portfolio.allocate("0.01", ["a", "b"])
    assert odd == {"a": Decimal("0.01"), "b": Decimal("0.00")}
    assert portfolio.allocate("5", []) == {}
    for bad in ("-1", "0.001"):
        with pytest.raises(ValueError, match="exact to the fen"):
            portfolio.allocate(bad, ["a"])
    with pytest.raises(ValueError, match="add up to 1"):
        portfolio.allocate("10", ["a"], weights={"households": "0.5"})
    with pytest.raises(ValueError, match="add up to 1"):
        portfolio.allocate("10", ["a"], weights={"rooms": 1})
    with pytest.raises(ValueError, match="twice"):
        portfolio.allocate("10", ["a", "a"])
    with pytest.raises(ValueError, match="nothing to split"):
        portfolio.allocate("10", ["s2"])
    with pytest.raises(UnknownUnitError):
        portfolio.allocate("10", ["nope"])


@st.composite
def allocations(draw: st.DrawFn) -> tuple[Portfolio, Decimal, list[str], dict[str, Decimal]]:
    count = draw(st.integers(1, 8))
    projects = [
        project(
            f"p{i}",
            households=draw(st.integers(0, 3000)),
            buildings=draw(st.integers(0, 40)),
            floor_area=str(Decimal(draw(st.integers(0, 10**8))) / 100),
        )
        for i in range(count)
    ]
    cents = draw(st.integers(0, 10**12))
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=3, max_size=3)))
    percents = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    keys = ["floor_area", "households", "buildings", "compounds"]
    weights = {k: Decimal(p) / 100 for k, p in zip(keys, percents, strict=True)}
    return Portfolio(projects), Decimal(cents) / 100, [p.id for p in projects], weights


@given(allocations())
def test_allocation_always_adds_up_to_the_fen(
    case: tuple[Portfolio, Decimal, list[str], dict[str, Decimal]],
) -> None:
    portfolio, amount, targets, weights = case
    try:
        shares = portfolio.allocate(amount, targets, weights)
    except ValueError as error:
        assert "nothing to split" in str(error)
        return
    assert list(shares) == targets
    assert sum(shares.values()) == amount
    assert all(share >= 0 and share == share.quantize(Decimal("0.01")) for share in shares.values())
    assert portfolio.allocate(amount, targets, weights) == shares  # deterministic


# -- files and the command line ----------------------------------------------------------------


def test_bundled_portfolio() -> None:
    district = jiceng.examples.tongchuan()
    portfolio = district.projects
    assert portfolio is not None
    assert portfolio.hierarchy is district.hierarchy
    chunlan = portfolio.get("2021-chunlan")
    assert chunlan.compound == "mafangba-chunlan"
    assert portfolio.eligibility("mafangba-chunlan").extended
    xinjin = portfolio.get("2022-xinjinyuan")
    assert district.hierarchy[xinjin.compound].built_year == 2011
    assert portfolio.eligibility(xinjin.compound).extended
    per = portfolio.cost_per_household()
    assert per is not None
    assert Decimal(14000) <= per <= Decimal(27000)
    for p in portfolio:
        if p.cost_per_household is not None:
            assert Decimal(14000) <= p.cost_per_household <= Decimal(27000), p.id
    statuses = {p.status for p in portfolio}
    assert len(statuses) >= 6


def test_csv_cannot_hold_projects(tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    with pytest.raises(ValueError, match="CSV holds units only"):
        jiceng.dump(district, tmp_path / "d.csv")
    jiceng.dump(district.hierarchy, tmp_path / "d.csv")
    assert jiceng.load(tmp_path / "d.csv").projects is None


def test_bad_projects_in_a_file(tmp_path: Path) -> None:
    import json

    document = {
        "format": "jiceng/1",
        "units": [{"id": "s", "name": "街道", "level": "street"}],
        "projects": [
            project(compound="s").model_dump(mode="json"),
            {**project("p2").model_dump(mode="json"), "households": -3},
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(jiceng.DataFileError) as caught:
        jiceng.load(path)
    assert (caught.value.record, caught.value.field) == (1, "projects.households")
    document["projects"] = document["projects"][:1]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IntegrityError) as integrity:
        jiceng.load(path)
    assert integrity.value.source == str(path)
    assert integrity.value.codes == ("compound_level",)


def test_dataset_checks_its_engines(town: Hierarchy) -> None:
    portfolio = Portfolio([project()], town)
    other = Hierarchy(list(town))
    with pytest.raises(ValueError, match="dataset's hierarchy"):
        jiceng.Dataset(hierarchy=other, projects=portfolio)
    assert jiceng.Dataset(hierarchy=town, projects=portfolio).projects is portfolio


def test_projects_command() -> None:
    import io
    import json

    from jiceng.cli import main

    out = io.StringIO()
    assert main(["projects"], out=out) == 0
    text = out.getvalue()
    assert "2021-chunlan" in text
    assert "春兰小区" in text
    assert "within cap" in text
    out = io.StringIO()
    assert main(["projects", "--json"], out=out) == 0
    data = json.loads(out.getvalue())
    assert data["projects"] == len(jiceng.examples.tongchuan().projects or ())
    out = io.StringIO()
    assert main(["report"], out=out) == 0
    assert "Renovation of old compounds" in out.getvalue()


def test_bad_projects_in_a_jsonl_header(tmp_path: Path) -> None:
    import json

    header = {"format": "jiceng/1", "projects": [{**project().model_dump(mode="json"), "batch": 1}]}
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps(header) + "\n" + '{"id": "s", "name": "街道", "level": "street"}\n',
        encoding="utf-8",
    )
    with pytest.raises(jiceng.DataFileError) as caught:
        jiceng.load(path)
    assert (caught.value.line, caught.value.record, caught.value.field) == (1, 0, "projects.batch")


def test_allocation_weights_and_targets(town: Hierarchy) -> None:
    portfolio = Portfolio([project("a", "k-old"), project("b", "k-04")], town)
    floats = {"floor_area": 0.4, "households": 0.4, "buildings": 0.1, "compounds": 0.1}
    assert portfolio.allocate("100.01", ["a", "b"], floats) == portfolio.allocate(
        "100.01", ["a", "b"]
    )
    for bad in ("NaN", "Infinity", "1/3"):
        with pytest.raises(ValueError, match="amount"):
            portfolio.allocate(bad, ["a"])
        with pytest.raises(ValueError, match="weight"):
            portfolio.allocate("1", ["a"], weights={"households": bad})
    with pytest.raises(ValueError, match="overlap"):
        portfolio.allocate("100", ["s1", "c1"])
    with pytest.raises(ValueError, match="overlap"):
        portfolio.allocate("100", ["a", "s1"])


def test_a_history_cannot_begin_suspended_or_cancelled(town: Hierarchy) -> None:
    for first in ("suspended", "cancelled"):
        with pytest.raises(IntegrityError) as caught:
            Portfolio([project(history=[{"status": first, "on": "2021-01-01"}])], town)
        assert caught.value.codes == ("illegal_transition",)
    later = project(history=[{"status": "planned", "on": "2021-01-01"}], consultations=[])
    Portfolio([later], town)  # data may begin at the annual plan
    with pytest.raises(UnknownUnitError, match="no project with id"):
        Portfolio([later], town).get("zz")
