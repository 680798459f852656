"""Sizes of territories against norms of local practice."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiceng
from jiceng import URBAN_FIVE_LEVEL, Hierarchy, OrgUnit
from jiceng.analysis import (
    COMMUNITY_HOUSEHOLDS,
    MANAGEMENT_GRID_HOUSEHOLDS,
    MANAGEMENT_GRID_POPULATION,
    PARTY_ORGANISATION_RULES,
    SIZE_NORMS,
    STAFF_NORMS,
    SUMMED_FROM_BELOW,
    SizeNorm,
    compliance,
    norms,
    staffing,
)
from jiceng.errors import InvalidArgumentError, UnknownUnitError
from jiceng.results import to_jsonable
from jiceng.testing import hierarchies

from .support import ref_totals, subtree_ids

NORMS = st.lists(
    st.builds(
        SizeNorm,
        key=st.sampled_from(["n1", "n2", "n3"]),
        level=st.sampled_from([None, "street", "community", "grid", "compound", "building", "x"]),
        field=st.sampled_from(["households", "population"]),
        minimum=st.integers(0, 300),
        maximum=st.one_of(st.none(), st.integers(300, 3000)),
        text=st.just("t"),
        source=st.just("s"),
    ),
    max_size=3,
)


def reference(h: Hierarchy, given_norms: list[SizeNorm]) -> list[tuple[object, ...]]:
    out = []
    for norm in given_norms:
        if norm.level is None or norm.level not in h.scheme:
            continue
        totals = ref_totals(h, norm.field)
        for unit in h:
            figure = totals[unit.id]
            if unit.level != norm.level or figure is None:
                continue
            notes = () if getattr(unit, norm.field) is not None else (SUMMED_FROM_BELOW,)
            if norm.minimum is not None and figure < norm.minimum:
                out.append((norm.key, unit.id, figure, "minimum", norm.minimum, notes))
            elif norm.maximum is not None and figure > norm.maximum:
                out.append((norm.key, unit.id, figure, "maximum", norm.maximum, notes))
    return out


@given(hierarchies(scheme=URBAN_FIVE_LEVEL, max_units=40), NORMS)
def test_norms_agree_with_a_reference_on_generated_hierarchies(
    h: Hierarchy, given_norms: list[SizeNorm]
) -> None:
    result = norms(h, given_norms)
    assert [
        (f.rule, f.unit, f.figure, f.bound, f.limit, f.notes) for f in result.findings
    ] == reference(h, given_norms)
    applied = [n for n in given_norms if n.level is not None and n.level in h.scheme]
    assert [s.rule for s in result.norms] == [n.key for n in applied]
    assert len(result.skipped) == len(given_norms) - len(applied)
    for summary, norm in zip(result.norms, applied, strict=True):
        assert summary.checked + summary.unknown == h.level_counts()[norm.level]  # type: ignore[index]


@given(hierarchies(scheme=URBAN_FIVE_LEVEL, max_units=25))
def test_under_a_unit_keeps_the_findings_inside(h: Hierarchy) -> None:
    grid = (COMMUNITY_HOUSEHOLDS, MANAGEMENT_GRID_HOUSEHOLDS.at("compound"))
    for top in list(h)[:3]:
        inside = subtree_ids(h, top.id)
        whole = norms(h, grid).findings
        assert norms(h, grid, under=top.id).findings == tuple(f for f in whole if f.unit in inside)


def test_the_grid_norm_applies_to_no_level_by_default() -> None:
    """The five-level network's grid (片区) is not the 300–500-household management grid."""
    h = Hierarchy(
        [
            OrgUnit(id="a", name="甲社区", level="community", households=4600),
            OrgUnit(id="a-g", name="秋棠片区", level="grid", parent="a", households=3000),
        ]
    )
    result = norms(h)
    assert [f.unit for f in result.findings] == ["a"]
    assert result.skipped == ("management_grid_households", "management_grid_population")
    assert MANAGEMENT_GRID_HOUSEHOLDS.level is None
    assert MANAGEMENT_GRID_POPULATION.level is None
    assert all(norm.local_practice for norm in SIZE_NORMS)
    named = norms(h, (MANAGEMENT_GRID_HOUSEHOLDS.at("grid"),))
    assert [(f.unit, f.gap) for f in named.findings] == [("a-g", 2500)]


def test_summed_figures_say_so() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="a", name="甲社区", level="community"),
            OrgUnit(id="a-g", name="一网格", level="grid", parent="a", households=900),
            OrgUnit(id="b", name="乙社区", level="community"),
        ]
    )
    result = norms(h, (COMMUNITY_HOUSEHOLDS,))
    (finding,) = result.findings
    assert (finding.figure, finding.notes) == (900, (SUMMED_FROM_BELOW,))
    assert (result.norms[0].checked, result.norms[0].unknown) == (1, 1)
    assert "summed from the units below" in str(result)


def test_errors_json_and_pandas() -> None:
    h = Hierarchy([OrgUnit(id="a", name="甲社区", level="community", households=10)])
    with pytest.raises(UnknownUnitError):
        norms(h, under="nope")
    with pytest.raises(InvalidArgumentError):
        attrs.evolve(COMMUNITY_HOUSEHOLDS, minimum=None, maximum=None)
    data = to_jsonable(norms(h))
    assert data["findings"][0]["bound"] == "minimum"
    pytest.importorskip("pandas")
    assert norms(h).to_pandas()["limit"].tolist() == [2000]


def test_the_community_rule_leaves_out_a_villagers_committee() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="s", name="凤西街道", level="street"),
            OrgUnit(id="c", name="新锦社区", level="community", parent="s", households=900),
            OrgUnit(
                id="v",
                name="龙家庙村",
                level="community",
                parent="s",
                households=800,
                tags=("村民委员会",),
            ),
        ]
    )
    result = norms(h)
    assert [f.unit for f in result.findings] == ["c"]
    assert result.norms[0].checked == 1
    assert [f.unit for f in norms(h, [COMMUNITY_HOUSEHOLDS.at("community")]).findings] == ["c"]
    everyone = attrs.evolve(COMMUNITY_HOUSEHOLDS, excluding=())
    assert [f.unit for f in norms(h, [everyone]).findings] == ["c", "v"]


def test_rules_given_as_an_iterator_are_all_checked_and_bad_ones_refused() -> None:
    district = jiceng.examples.tongchuan()
    h = district.hierarchy
    assert norms(h, iter(SIZE_NORMS)) == norms(h, SIZE_NORMS)
    assert compliance(h, iter(PARTY_ORGANISATION_RULES)) == compliance(h)
    assert staffing(district, iter(STAFF_NORMS)) == staffing(district)
    with pytest.raises(jiceng.JicengTypeError, match="StaffNorm"):
        staffing(district, [COMMUNITY_HOUSEHOLDS])  # type: ignore[list-item]
    with pytest.raises(jiceng.JicengTypeError, match="sequence of SizeNorm"):
        norms(h, None)  # type: ignore[arg-type]
