"""DataFrames of units and of the domains' records: dtypes, figures, round trips and errors."""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.reference import TWO_LEVELS

import jiceng
from jiceng import Hierarchy, OrgUnit
from jiceng.errors import (
    DumpError,
    IntegrityError,
    InvalidArgumentError,
    JicengTypeError,
    MissingExtraError,
    NoSchemeInForceError,
)
from jiceng.interop.pandas import from_pandas, to_pandas
from jiceng.levels import URBAN_FIVE_LEVEL, Level, LevelScheme, OrgKind
from jiceng.pay import Payroll
from jiceng.pay.summary import payroll_summary
from jiceng.renovation import FundingSource, Portfolio, RenovationCategory
from jiceng.renovation.summary import portfolio_summary
from jiceng.services import ServiceCatalogue
from jiceng.services.summary import services_summary
from jiceng.testing import (
    NESTED_SCHEME,
    chains,
    deep_chain,
    hierarchies,
    level_schemes,
    renovation_projects,
)
from jiceng.units import COUNT_FIELDS, UNIT_FIELDS

ON = datetime.date(2026, 11, 26)

UNIT_DTYPES = {
    "id": "string",
    "name": "string",
    "level": "string",
    "parent": "string",
    "depth": "int64",
    "street": "string",
    "community": "string",
    "grid": "string",
    "compound": "string",
    "building": "string",
    "org_name": "string",
    "org_kind": "string",
    "org_status": "string",
    "led_by": "string",
    "official_name": "string",
    "code": "string",
    "households": "Int64",
    "population": "Int64",
    "party_members": "Int64",
    "probationary_members": "Int64",
    "built_year": "Int64",
    "established": "object",
    "dissolved": "object",
    "tags": "object",
    "attributes": "object",
    "households_total": "Int64",
    "population_total": "Int64",
    "party_members_total": "Int64",
}


def dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in frame.dtypes.items()}


def cell(value: Any) -> Any:
    """A frame's cell as the record holds it: ``pd.NA`` as ``None``."""
    return None if value is pd.NA else value


def nearest(h: Hierarchy, unit: OrgUnit, key: str) -> str | None:
    """Brute force: the unit itself at ``key``, else its closest ancestor at ``key``."""
    for candidate in [unit, *h.ancestors(unit)]:
        if candidate.level == key:
            return candidate.id
    return None


def clashes(scheme: LevelScheme) -> bool:
    fixed = {*UNIT_FIELDS, "depth", *(f"{field}_total" for field in COUNT_FIELDS)}
    return bool(set(scheme.keys) & fixed)


@pytest.fixture(scope="module")
def tongchuan() -> jiceng.Dataset:
    return jiceng.examples.tongchuan()


# -- units -------------------------------------------------------------------------------------


def test_the_units_frame_has_the_documented_columns_and_dtypes(district: Hierarchy) -> None:
    frame = to_pandas(district)
    assert dtypes(frame) == UNIT_DTYPES  # names, order and dtypes at once
    assert set(UNIT_FIELDS) <= set(frame.columns)
    for name in ("id", "name", "parent", "street"):
        assert isinstance(frame[name].dtype, pd.StringDtype)
        assert frame[name].dtype.na_value is pd.NA
    assert isinstance(frame.index, pd.RangeIndex)
    assert list(frame["id"]) == [unit.id for unit in district]


def test_the_units_frame_holds_the_records_values(district: Hierarchy) -> None:
    frame = to_pandas(district).set_index("id")
    cl = frame.loc["cl"]
    assert (cl["built_year"], cl["party_members"], cl["households_total"]) == (2004, 14, 241)
    assert type(cl["built_year"]) is not float
    assert cl["households"] is pd.NA
    assert (cl["street"], cl["community"], cl["grid"], cl["compound"]) == ("cy", "mfb", "qt", "cl")
    assert cl["building"] is pd.NA
    assert frame.loc["yt", "households_total"] is pd.NA
    assert frame.loc["cy", "parent"] is pd.NA
    assert frame.loc["cl-1", "depth"] == 4
    assert frame.loc["xbj", "code"] == "511702002002"
    assert frame.loc["cy", "tags"] == ()


def test_dates_tags_and_kinds_keep_their_types() -> None:
    h = Hierarchy(
        [
            OrgUnit(
                id="xc",
                name="西城街道",
                level="street",
                established=datetime.date(1950, 3, 1),
                dissolved=datetime.date(2019, 12, 31),
                tags=("撤并", "老城区"),
                org_kind=OrgKind.COMMITTEE,
            ),
            OrgUnit(id="xbj", name="小北街社区", level="community", parent="xc"),
        ]
    )
    frame = to_pandas(h)
    assert frame.loc[0, "established"] == datetime.date(1950, 3, 1)
    assert type(frame.loc[0, "established"]) is datetime.date
    assert frame.loc[1, "established"] is None
    assert frame.loc[0, "tags"] == ("撤并", "老城区")
    assert frame.loc[0, "org_kind"] == "committee"
    assert frame.loc[1, "org_kind"] is pd.NA  # the level's default, not recorded
    assert from_pandas(frame) == h


def test_a_groupby_on_street_gives_each_streets_units(tongchuan: jiceng.Dataset) -> None:
    h = tongchuan.hierarchy
    frame = to_pandas(h)
    sizes = frame.groupby("street", sort=False).size().to_dict()
    assert sizes == {s.id: 1 + h.count_descendants(s) for s in h.at_level("street")}
    by_community = frame[frame.level == "building"].groupby("community").size()
    assert by_community.sum() == h.level_counts()["building"]
    assert by_community["mafangba"] == len(h.descendants("mafangba", level="building"))


def test_the_totals_are_the_hierarchys(tongchuan: jiceng.Dataset) -> None:
    h = tongchuan.hierarchy
    frame = to_pandas(h)
    for field in COUNT_FIELDS:
        assert [cell(v) for v in frame[f"{field}_total"]] == [h.total(u, field) for u in h]
    streets = frame[frame.level == "street"]
    assert streets["households_total"].sum() == sum(
        h.total(s, "households") or 0 for s in h.roots()
    )


def test_the_bundled_district_round_trips(tongchuan: jiceng.Dataset) -> None:
    assert from_pandas(to_pandas(tongchuan.hierarchy)) == tongchuan.hierarchy


def test_a_level_that_nests_in_itself_takes_the_nearest_ancestor() -> None:
    scheme = TWO_LEVELS  # node (a grid) nests in itself; leaf (a building) under a node
    h = Hierarchy(
        [
            OrgUnit(id="g1", name="一网格", level="node"),
            OrgUnit(id="g2", name="一网格一分格", level="node", parent="g1"),
            OrgUnit(id="b1", name="1栋", level="leaf", parent="g2"),
            OrgUnit(id="b2", name="2栋", level="leaf", parent="g1"),
        ],
        scheme,
    )
    frame = to_pandas(h).set_index("id")
    assert frame["node"].to_dict() == {"g1": "g1", "g2": "g2", "b1": "g2", "b2": "g1"}
    assert from_pandas(frame.reset_index(), scheme) == h


@given(hierarchies(max_units=40))
def test_round_trip_on_generated_hierarchies(h: Hierarchy) -> None:
    if clashes(h.scheme):
        with pytest.raises(DumpError, match="also the name of another column"):
            to_pandas(h)
        return
    frame = to_pandas(h)
    assert len(frame) == len(h)
    assert from_pandas(frame, scheme=h.scheme) == h


@given(hierarchies(scheme=level_schemes(min_levels=2), max_units=40, max_roots=3))
def test_columns_agree_with_the_hierarchy_on_generated_schemes(h: Hierarchy) -> None:
    if clashes(h.scheme):
        return
    frame = to_pandas(h)
    assert dtypes(frame)["depth"] == "int64"
    assert all(dtypes(frame)[key] == "string" for key in h.scheme.keys)
    for values, unit in zip(frame.to_dict("records"), h, strict=True):  # keys may be "as"
        assert values["id"] == unit.id
        assert values["depth"] == h.depth(unit)
        for key in h.scheme.keys:
            assert cell(values[key]) == nearest(h, unit, key)
        for field in COUNT_FIELDS:
            assert cell(values[f"{field}_total"]) == h.total(unit, field)


@given(chains(min_length=1, max_length=2000))
def test_deep_chains_round_trip(chain: Hierarchy) -> None:
    frame = to_pandas(chain)
    assert frame["depth"].iloc[-1] == len(chain) - 1
    assert (frame["node"] == frame["id"]).all()  # every unit is its own nearest node
    assert from_pandas(frame, NESTED_SCHEME) == chain


def test_a_chain_of_100000_units_needs_no_recursion() -> None:
    chain = deep_chain(100_000, households=7)
    frame = to_pandas(chain)
    assert frame["depth"].iloc[-1] == 99_999
    assert frame["households_total"].iloc[0] == 7
    assert frame["id"].iloc[-1] == "n99999"


def test_an_empty_hierarchy_gives_an_empty_frame_of_the_same_dtypes() -> None:
    frame = to_pandas(Hierarchy([]))
    assert len(frame) == 0
    assert dtypes(frame) == UNIT_DTYPES
    assert from_pandas(frame) == Hierarchy([])


@pytest.mark.parametrize("key", ["name", "depth", "households_total", "tags"])
def test_a_level_key_that_is_another_columns_name_is_refused(key: str) -> None:
    scheme = LevelScheme(
        name="odd",
        title="奇怪",
        levels=[
            Level(
                key=key,
                territory="网格",
                organisation="网格党支部",
                label="odd",
                kind=OrgKind.BRANCH,
            )
        ],
    )
    h = Hierarchy([OrgUnit(id="a", name="甲", level=key)], scheme)
    with pytest.raises(DumpError, match=repr(key)):
        to_pandas(h)


# -- reading units back ------------------------------------------------------------------------


def test_a_frame_written_by_hand_reads_back() -> None:
    frame = pd.DataFrame(
        {
            "id": ["xc", "xbj", "cl"],
            "name": ["西城街道", "小北街社区", "春兰小区"],
            "level": ["street", "community", "compound"],
            "parent": [None, "xc", float("nan")],  # NaN is missing too
            "households": pd.array([None, 3100, None], dtype="Int64"),
            "established": ["2001-05-01", None, None],  # ISO text is a date
            "tags": [["老城区"], None, ()],
        },
        index=[10, 3, 7],  # the index is ignored
    )
    h = from_pandas(frame, URBAN_FIVE_LEVEL)  # in a built-in scheme any level may be a root
    assert [u.id for u in h] == ["xc", "xbj", "cl"]
    assert h["xbj"].households == 3100
    assert h["xc"].established == datetime.date(2001, 5, 1)
    assert h["xc"].tags == ("老城区",)
    assert h["cl"].parent is None
    assert h["cl"].tags == ()


def test_object_columns_with_nan_for_missing_read_back(tongchuan: jiceng.Dataset) -> None:
    frame = to_pandas(tongchuan.hierarchy)
    loose = frame.astype(object).where(frame.notna(), float("nan"))
    assert loose["parent"].iloc[0] != loose["parent"].iloc[0]  # NaN, not pd.NA
    assert from_pandas(loose) == tongchuan.hierarchy


def test_rows_in_any_order_read_back_into_hierarchy_order() -> None:
    chain = deep_chain(50)
    frame = to_pandas(chain).iloc[::-1]
    assert from_pandas(frame, NESTED_SCHEME) == chain


def test_derived_columns_are_optional() -> None:
    h = jiceng.examples.mafangba()
    frame = to_pandas(h)[["id", "name", "level", "parent", "households", "built_year"]]
    assert [u.id for u in from_pandas(frame)] == [u.id for u in h]
    assert from_pandas(frame).total("mfb", "households") == h.total("mfb", "households")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.drop(columns="level"), "needs the column 'level'"),
        (lambda f: f.rename(columns={"households": "housholds"}), "unknown column.*'housholds'"),
        (lambda f: f.rename(columns={"population": "name"}), "repeated column.*'name'"),
        (lambda f: f.astype({"households": "float64"}), "'households' holds floats"),
        (lambda f: f.assign(tags=["a;b"] * len(f)), "not one string"),
    ],
)
def test_frames_that_cannot_be_read_are_refused(change: Any, message: str) -> None:
    frame = change(to_pandas(jiceng.examples.mafangba()))
    with pytest.raises(InvalidArgumentError, match=message):
        from_pandas(frame)


def test_invalid_values_and_units_that_do_not_fit_are_reported() -> None:
    frame = to_pandas(jiceng.examples.mafangba())
    frame.loc[2, "households"] = -5
    with pytest.raises(ValidationError) as caught:
        from_pandas(frame)
    assert [(e["loc"][:2], e["type"]) for e in caught.value.errors()] == [
        ((2, "households"), "greater_than_equal")
    ]
    frame = to_pandas(jiceng.examples.mafangba())
    frame.loc[1, "parent"] = "nowhere"
    with pytest.raises(IntegrityError, match="unknown_parent"):
        from_pandas(frame)
    with pytest.raises(InvalidArgumentError, match=r"'street'.*scheme given, 'nested'"):
        from_pandas(to_pandas(jiceng.examples.mafangba()), NESTED_SCHEME)
    with pytest.raises(IntegrityError, match="unknown_level"):
        from_pandas(to_pandas(jiceng.examples.mafangba())[list(UNIT_FIELDS)], NESTED_SCHEME)


def test_from_pandas_refuses_what_is_not_a_frame() -> None:
    with pytest.raises(JicengTypeError, match="DataFrame"):
        from_pandas([{"id": "a", "name": "甲", "level": "street"}])  # type: ignore[arg-type]
    with pytest.raises(JicengTypeError, match="LevelScheme"):
        from_pandas(to_pandas(Hierarchy([])), "urban_five_level")  # type: ignore[arg-type]


# -- the domains' frames -----------------------------------------------------------------------


def test_the_projects_frame_agrees_with_the_portfolio(tongchuan: jiceng.Dataset) -> None:
    portfolio = tongchuan.projects
    frame = to_pandas(portfolio)
    assert list(frame["id"]) == [p.id for p in portfolio]
    kinds = dtypes(frame)
    assert kinds["batch"] == "int64"
    assert kinds["households"] == kinds["buildings"] == "Int64"
    assert kinds["status"] == kinds["street"] == kinds["compound_name"] == "string"
    assert kinds["cost"] == kinds["funding_central_subsidy"] == kinds["status_on"] == "object"
    assert all(isinstance(v, Decimal) for v in frame["cost"])
    live = frame[frame.status != "cancelled"]
    assert live["cost"].sum() == portfolio.cost()  # exact, not a float
    assert type(live["cost"].sum()) is Decimal
    for source, amount in portfolio.funding_mix().items():
        assert live[f"funding_{source.value}"].sum() == amount
    for category, cost in portfolio.category_mix().items():
        assert live[f"cost_{category.value}"].sum() == cost
    assert live["households"].sum() == portfolio.progress().households
    summary = portfolio_summary(portfolio)
    for line, row in zip(summary.list, frame.itertuples(index=False), strict=True):
        assert (row.id, row.compound_name, row.batch, row.status) == (
            line.id,
            line.compound,
            line.batch,
            line.status.value,
        )
        assert (row.households, row.cost, row.funding_gap) == (
            line.households,
            line.cost,
            line.funding_gap,
        )
        assert row.cost_per_household == line.cost_per_household
    chunlan = frame.set_index("id").loc["2021-chunlan"]
    h = tongchuan.hierarchy
    assert (chunlan["street"], chunlan["community"]) == (
        h.root_of("mafangba-chunlan").id,
        h.parent(h.parent("mafangba-chunlan")).id,  # type: ignore[arg-type,union-attr]
    )


def test_a_portfolio_without_a_hierarchy_has_no_hierarchy_columns(
    tongchuan: jiceng.Dataset,
) -> None:
    frame = to_pandas(Portfolio(list(tongchuan.projects)))
    assert "compound_name" not in frame
    assert "street" not in frame
    assert list(frame.columns[:4]) == ["id", "name", "compound", "batch"]
    assert len(frame) == 20


def test_a_policy_s_own_category_has_its_cost_column(tongchuan: jiceng.Dataset) -> None:
    from jiceng.renovation import Measure, PolicyCategory, RenovationPolicy

    policy = RenovationPolicy.model_validate(
        {
            **tongchuan.projects.policy.model_dump(),
            "categories": [PolicyCategory(key="safety", zh="安全类", source="illustrative")],
        }
    )
    first = next(iter(tongchuan.projects))
    urgent = first.model_validate(
        {
            **first.model_dump(),
            "measures": [
                *first.measures[:-1],
                Measure(category="safety", item="危房排险", cost=first.measures[-1].cost),
            ],
        }
    )
    frame = to_pandas(Portfolio([urgent], policy=policy))
    costs = [name for name in frame.columns if name.startswith("cost_") and "_per_" not in name]
    assert costs == ["cost_basic", "cost_improvement", "cost_upgrade", "cost_safety"]
    assert frame["cost_safety"].tolist() == [first.measures[-1].cost]
    assert sum(frame[name].iloc[0] for name in costs) == first.cost


@given(st.lists(renovation_projects(), max_size=6, unique_by=lambda p: p.id))
def test_money_columns_sum_exactly_on_generated_portfolios(projects: list[Any]) -> None:
    portfolio = Portfolio(projects)
    frame = to_pandas(portfolio)
    live = frame[frame.status != "cancelled"]
    assert sum(live["cost"], Decimal(0)) == portfolio.cost()
    mix = portfolio.funding_mix()
    assert all(sum(live[f"funding_{s.value}"], Decimal(0)) == mix[s] for s in FundingSource)
    assert {f"cost_{c.value}" for c in RenovationCategory} <= set(frame.columns)
    assert list(frame["funded"]) == [p.funded for p in projects]


def test_the_workers_frame_agrees_with_the_payroll(tongchuan: jiceng.Dataset) -> None:
    payroll = tongchuan.payroll
    frame = to_pandas(payroll, on=ON)
    kinds = dtypes(frame)
    assert (kinds["grade"], kinds["probation"], kinds["next_step_grade"]) == (
        "int64",
        "bool",
        "Int64",
    )
    assert kinds["post"] == kinds["unit"] == kinds["unit_name"] == "string"
    assert kinds["annual"] == kinds["next_step_on"] == "object"
    assert frame["annual"].sum() == payroll.annual_cost(on=ON)
    summary = payroll_summary(payroll, on=ON)
    assert frame["monthly"].sum() == summary.monthly
    assert int(frame["probation"].sum()) == summary.on_probation
    for line, row in zip(summary.list, frame.itertuples(index=False), strict=True):
        assert (row.id, row.unit_name, row.post, row.grade, row.probation) == (
            line.id,
            line.unit,
            line.post,
            line.grade,
            line.probation,
        )
        assert (row.monthly, row.annual) == (line.monthly, line.annual)
        step = line.next_step
        assert row.next_step_on == (None if step is None else step.on)
        assert cell(row.next_step_grade) == (None if step is None else step.grade)
    earlier = to_pandas(payroll, on=datetime.date(2026, 1, 1))
    assert len(earlier) == len(payroll.serving(on=datetime.date(2026, 1, 1))) == 57
    assert isinstance(earlier["next_step_on"].dropna().iloc[0], datetime.date)


def test_a_payroll_without_a_hierarchy_has_no_unit_names(tongchuan: jiceng.Dataset) -> None:
    payroll = Payroll(tongchuan.payroll.schemes, list(tongchuan.payroll))
    frame = to_pandas(payroll, on=ON)
    assert "unit_name" not in frame
    assert frame["annual"].sum() == tongchuan.payroll.annual_cost(on=ON)


def test_a_payroll_on_a_date_no_scheme_covers_is_refused(tongchuan: jiceng.Dataset) -> None:
    with pytest.raises(NoSchemeInForceError):
        to_pandas(tongchuan.payroll, on=datetime.date(2019, 6, 1))


def test_the_services_frame_agrees_with_the_catalogue(tongchuan: jiceng.Dataset) -> None:
    catalogue = tongchuan.services
    frame = to_pandas(catalogue)
    summary = services_summary(catalogue)
    kinds = dtypes(frame)
    assert (kinds["visits"], kinds["at_most_one_visit"], kinds["statutory_days"]) == (
        "int64",
        "bool",
        "Int64",
    )
    assert kinds["type"] == kinds["scope"] == "string"
    assert kinds["channels"] == kinds["fee_amount"] == "object"
    assert len(frame) == summary.items
    assert frame["department"].nunique() == summary.departments
    assert frame["type"].value_counts().to_dict() == {
        k.value: n for k, n in summary.by_type.items()
    }
    channels = Counter(frame["channels"].explode())
    assert dict(channels) == {k.value: n for k, n in summary.channels.items()}
    assert int(frame["at_most_one_visit"].sum()) == summary.visits.at_most_one
    assert int((frame["visits"] == 0).sum()) == summary.visits.zero
    amounts = [i.fee.amount for i in catalogue if i.fee.amount is not None]
    assert frame["fee_amount"].dropna().sum() == sum(amounts, Decimal(0)) == Decimal("60")
    offered = set(catalogue.centres[0].items)
    assert [bool(c) for c in frame["centres"]] == [i.id in offered for i in catalogue]
    assert frame["department_name"].iloc[0] == "通川区民政局"


# -- dispatch and the extra --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [42, "tongchuan", None, [OrgUnit(id="a", name="甲", level="street")]]
)
def test_anything_else_is_refused(value: Any) -> None:
    with pytest.raises(JicengTypeError, match="to_pandas takes a Hierarchy"):
        to_pandas(value)


def test_a_dataset_is_refused_with_a_hint(tongchuan: jiceng.Dataset) -> None:
    with pytest.raises(JicengTypeError, match=r"dataset\.hierarchy"):
        to_pandas(tongchuan)
    assert isinstance(tongchuan.services, ServiceCatalogue)


def test_on_is_required_for_a_payroll_and_refused_for_the_rest(
    tongchuan: jiceng.Dataset,
) -> None:
    with pytest.raises(InvalidArgumentError, match="pass on="):
        to_pandas(tongchuan.payroll)
    with pytest.raises(InvalidArgumentError, match="not for a Hierarchy"):
        to_pandas(tongchuan.hierarchy, on=ON)
    with pytest.raises(InvalidArgumentError, match="not for a Portfolio"):
        to_pandas(tongchuan.projects, on=ON)
    with pytest.raises(JicengTypeError, match=r"datetime\.date"):
        to_pandas(tongchuan.payroll, on="2026-11-26")  # type: ignore[arg-type]


def test_without_pandas_both_functions_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = to_pandas(jiceng.examples.mafangba())
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` fail
    with pytest.raises(MissingExtraError, match=r'pip install "jiceng\[pandas\]"') as caught:
        to_pandas(jiceng.examples.mafangba())
    assert (caught.value.module, caught.value.extra) == ("pandas", "pandas")
    with pytest.raises(MissingExtraError):
        from_pandas(frame)


def test_the_module_imports_without_pandas() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import jiceng.interop.pandas as m\n"
        "try:\n    m.to_pandas(None)\nexcept ImportError as e:\n    print(type(e).__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "MissingExtraError"
