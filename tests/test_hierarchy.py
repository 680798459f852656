from __future__ import annotations

import itertools
import pickle

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng import (
    ADMINISTRATIVE,
    COUNT_FIELDS,
    URBAN_FIVE_LEVEL,
    URBAN_FOUR_LEVEL,
    DivisionCodeWarning,
    Hierarchy,
    IntegrityError,
    Level,
    LevelScheme,
    NoPathError,
    OrgUnit,
    UnknownLevelError,
    UnknownUnitError,
)
from jiceng.testing import NESTED_SCHEME, chains, deep_chain, hierarchies, unit_lists

from .reference import Reference


def ids(units: list[OrgUnit]) -> list[str]:
    return [unit.id for unit in units]


def unit(uid: str, level: str, parent: str | None = None, **facts: object) -> OrgUnit:
    return OrgUnit(id=uid, name=f"名{uid}", level=level, parent=parent, **facts)  # type: ignore[arg-type]


# -- construction and integrity ----------------------------------------------------------------


def test_empty_hierarchy() -> None:
    h = Hierarchy([])
    assert len(h) == 0
    assert list(h) == []
    assert h.roots() == []
    assert h.level_counts() == dict.fromkeys(URBAN_FIVE_LEVEL.keys, 0)


def test_units_are_reordered_into_hierarchy_order() -> None:
    h = Hierarchy(
        [
            unit("b", "building", "k"),
            unit("k", "compound", "g"),
            unit("s", "street"),
            unit("g", "grid", "c"),
            unit("c", "community", "s"),
            unit("s2", "street"),
        ]
    )
    assert ids(list(h)) == ["s", "c", "g", "k", "b", "s2"]


INVALID = [
    pytest.param(
        [unit("a", "street"), unit("a", "street")],
        [("duplicate_id", ("a",))],
        id="duplicate id",
    ),
    pytest.param(
        [unit("a", "county")],
        [("unknown_level", ("a",))],
        id="unknown level",
    ),
    pytest.param(
        [unit("a", "street"), unit("b", "community", "zz")],
        [("unknown_parent", ("b", "zz"))],
        id="unknown parent",
    ),
    pytest.param(
        [unit("a", "street", "b"), unit("b", "street", "a")],
        [
            ("cycle", ("a", "b")),
            ("level_not_admitted", ("a", "b")),
            ("level_not_admitted", ("b", "a")),
        ],
        id="two-unit cycle",
    ),
    pytest.param(
        [unit("s", "street"), unit("s", "street"), unit("b", "building", "s")],
        [("duplicate_id", ("s",)), ("level_not_admitted", ("b", "s"))],
        id="duplicate ids do not hide level problems",
    ),
    pytest.param(
        [
            unit("x", "grid", "y"),
            unit("y", "grid", "x"),
            unit("s", "street"),
            unit("b", "building", "s"),
        ],
        [
            ("cycle", ("x", "y")),
            ("level_not_admitted", ("x", "y")),
            ("level_not_admitted", ("y", "x")),
            ("level_not_admitted", ("b", "s")),
        ],
        id="a cycle does not hide problems elsewhere",
    ),
    pytest.param(
        [unit("s", "street", code="511702002000"), unit("c", "county", "s", code="511702009001")],
        [("unknown_level", ("c",)), ("code_not_nested", ("c", "s"))],
        id="unknown levels do not hide code problems",
    ),
    pytest.param(
        [unit("a", "street", "a")],
        [("cycle", ("a",)), ("level_not_admitted", ("a", "a"))],
        id="own parent",
    ),
    pytest.param(
        [unit("s", "street"), unit("b", "building", "s")],
        [("level_not_admitted", ("b", "s"))],
        id="level skipped",
    ),
    pytest.param(
        [unit("s", "street"), unit("c", "community", "s"), unit("s2", "street", "c")],
        [("level_not_admitted", ("s2", "c"))],
        id="level upside down",
    ),
    pytest.param(
        [
            unit("s", "street", code="511702002000"),
            unit("c", "community", "s", code="511702003001"),
        ],
        [("code_not_nested", ("c", "s"))],
        id="code under another street",
    ),
    pytest.param(
        [
            unit("s", "street", code="511702002000"),
            unit("c", "community", "s", code="511702002000"),
        ],
        # The community level declares 12 digits, so 511702002000 nests (digit by digit).
        [("duplicate_code", ("s", "c"))],
        id="code repeated from parent",
    ),
    pytest.param(
        [
            unit("s", "street", code="511702002000"),
            unit("c", "community", "s"),
            unit("g", "grid", "c", code="511702005001"),
        ],
        [("code_not_nested", ("g", "s")), ("code_shape", ("g",))],
        id="code checked against nearest coded ancestor",
    ),
]


@pytest.mark.parametrize(("units", "expected"), INVALID)
def test_integrity_problems(
    units: list[OrgUnit], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    with pytest.raises(IntegrityError) as caught:
        Hierarchy(units)
    assert [(p.code, p.ids) for p in caught.value.problems] == expected
    assert all(p.message for p in caught.value.problems)


def test_every_problem_is_reported_at_once() -> None:
    units = [
        unit("s", "street"),
        unit("s", "street"),
        unit("c", "community", "nowhere"),
        unit("x", "community", "y"),
        unit("y", "community", "x"),
    ]
    with pytest.raises(IntegrityError) as caught:
        Hierarchy(units)
    assert caught.value.codes == ("duplicate_id", "unknown_parent", "cycle", "level_not_admitted")
    assert set(caught.value.ids) == {"s", "c", "nowhere", "x", "y"}
    assert "5 problems" in str(caught.value)  # x and y: communities under communities


def test_many_duplicate_codes_are_found_in_linear_time() -> None:
    units = [unit("s", "street")]
    for i in range(20_000):
        code = f"5117020{i // 2:05d}"
        units.append(unit(f"c{i}", "community", "s", code=code))
    with pytest.raises(IntegrityError) as caught:
        Hierarchy(units)
    assert len(caught.value.problems) == 10_000
    assert caught.value.problems[0].ids == ("c0", "c1")


def test_totals_beyond_64_bits() -> None:
    # Counts are at most 10**12 each, so only some ten million maximal units overflow 64 bits;
    # the index then keeps Python ints rather than fail.
    from types import SimpleNamespace

    from jiceng._layout import totals_of_field as _totals

    units = [SimpleNamespace(households=None), *[SimpleNamespace(households=2**62)] * 2]
    totals = _totals(units, [-1, 0, 0], "households")  # type: ignore[arg-type]
    assert isinstance(totals, list)
    assert totals[0] == 2**63
    assert list(_totals(units[1:2], [-1], "households")) == [2**62]  # type: ignore[arg-type]


def test_level_and_code_problems_together() -> None:
    units = [
        unit("s", "street", code="511702002000"),
        unit("b", "building", "s"),
        unit("c", "community", "s", code="511702009001"),
        unit("k", "compound", "c"),
    ]
    with pytest.raises(IntegrityError) as caught:
        Hierarchy(units)
    assert [(p.code, p.ids) for p in caught.value.problems] == [
        ("level_not_admitted", ("b", "s")),
        ("level_not_admitted", ("k", "c")),
        ("code_not_nested", ("c", "s")),
    ]


def test_roots_only_where_the_scheme_allows() -> None:
    strict = LevelScheme(
        name="strict",
        title="严格",
        levels=(
            Level(
                key="street",
                territory="街道",
                organisation="街道党工委",
                label="street",
                kind="working_committee",
            ),
            Level(
                key="community",
                territory="社区",
                organisation="社区党委",
                label="community",
                kind="committee",
            ),
        ),
    )
    Hierarchy([unit("s", "street"), unit("c", "community", "s")], strict)
    with pytest.raises(IntegrityError) as caught:
        Hierarchy([unit("c", "community")], strict)
    assert [(p.code, p.ids) for p in caught.value.problems] == [("root_not_allowed", ("c",))]
    # A unit whose parent is unknown is reported once, as such, not also as a root.
    with pytest.raises(IntegrityError) as caught:
        Hierarchy([unit("c", "community", "gone")], strict)
    assert caught.value.codes == ("unknown_parent",)


def test_forest_of_streets_is_valid(district: Hierarchy) -> None:
    assert ids(district.roots()) == ["cy", "xc"]


def test_rejects_what_is_not_a_unit() -> None:
    with pytest.raises(TypeError):
        Hierarchy([{"id": "a", "name": "x", "level": "street"}])  # type: ignore[list-item]


def test_from_records_validates_every_record() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Hierarchy.from_records(
            [{"id": "", "name": "x", "level": "street"}, {"id": "b", "level": "street"}]
        )
    locations = [error["loc"][:2] for error in caught.value.errors()]
    assert locations == [(0, "id"), (1, "name")]


# -- queries on the canonical district --------------------------------------------------------


def test_container_protocol(district: Hierarchy) -> None:
    assert len(district) == 14
    assert "cl" in district
    assert district["cl"] in district
    assert "nope" not in district
    assert 3 not in district
    assert district["cl"].name == "春兰小区"
    assert district[district["cl"]] is district["cl"]
    assert district.get("nope") is None
    with pytest.raises(UnknownUnitError) as caught:
        district["nope"]
    assert isinstance(caught.value, KeyError)
    assert caught.value.id == "nope"
    assert str(caught.value) == "no unit with id 'nope'"


@pytest.mark.parametrize(
    "query",
    [
        lambda h: h.parent("nope"),
        lambda h: h.children("nope"),
        lambda h: h.siblings("nope"),
        lambda h: h.ancestors("nope"),
        lambda h: h.descendants("nope"),
        lambda h: h.subtree("nope"),
        lambda h: h.depth("nope"),
        lambda h: h.level_of("nope"),
        lambda h: h.is_ancestor("cy", "nope"),
        lambda h: h.is_ancestor("nope", "cy"),
        lambda h: h.common_ancestor("cy", "nope"),
        lambda h: h.path("nope", "cy"),
        lambda h: h.total("nope", "households"),
        lambda h: h.count_descendants("nope"),
    ],
)
def test_unknown_ids_raise_unknown_unit_error(district: Hierarchy, query: object) -> None:
    with pytest.raises(UnknownUnitError):
        query(district)  # type: ignore[operator]


def test_navigation(district: Hierarchy) -> None:
    assert district.parent("cy") is None
    assert district.parent("cl").id == "qt"  # type: ignore[union-attr]
    assert ids(district.children("mfb")) == ["qt", "yt"]
    assert ids(district.siblings("yt")) == ["qt"]
    assert ids(district.siblings("xc")) == ["cy"]
    assert ids(district.ancestors("cl-2")) == ["cl", "qt", "mfb", "cy"]
    assert ids(district.descendants("mfb")) == ["qt", "cl", "cl-1", "cl-2", "yt"]
    assert ids(district.descendants("cy", level="compound")) == ["yjsc", "cl"]
    assert ids(district.descendants("cl-1")) == []
    assert district.count_descendants("cy") == 11
    assert district.depth("cy") == 0
    assert district.depth("cl-2") == 4
    assert district.level_of("qt").organisation == "网格党总支"


def test_common_ancestor_and_path(district: Hierarchy) -> None:
    assert district.common_ancestor("cl-1", "yjsc-2").id == "cy"  # type: ignore[union-attr]
    assert district.common_ancestor("cl-1", "cl-2", "yt").id == "mfb"  # type: ignore[union-attr]
    assert district.common_ancestor("cl", "cl-1").id == "cl"  # type: ignore[union-attr]
    assert district.common_ancestor("cl").id == "cl"  # type: ignore[union-attr]
    assert district.common_ancestor("cl", "xbj") is None
    with pytest.raises(TypeError):
        district.common_ancestor()
    assert ids(district.path("cl-1", "yt")) == ["cl-1", "cl", "qt", "mfb", "yt"]
    assert ids(district.path("mfb", "cl-2")) == ["mfb", "qt", "cl", "cl-2"]
    assert ids(district.path("cl", "cl")) == ["cl"]
    with pytest.raises(NoPathError) as caught:
        district.path("cl", "xbj")
    assert caught.value.ids == ("cl", "xbj")


def test_levels(district: Hierarchy) -> None:
    assert district.level_counts() == {
        "street": 2,
        "community": 3,
        "grid": 3,
        "compound": 2,
        "building": 4,
    }
    assert ids(district.at_level("grid")) == ["tbl-g1", "qt", "yt"]
    with pytest.raises(UnknownLevelError) as caught:
        district.at_level("county")
    assert isinstance(caught.value, KeyError)
    assert "county" in str(caught.value)
    with pytest.raises(UnknownLevelError):
        district.descendants("cy", level="county")
    with pytest.raises(UnknownLevelError):
        district.find(level="county")


def test_totals_never_double_count(district: Hierarchy) -> None:
    # 御景上城 records 2235; its buildings' 380 is partial data below an authoritative figure.
    assert district.total("yjsc", "households") == 2235
    # 团包梁 records 2300 itself: its own figure wins over the 2235 below it.
    assert district.total("tbl", "households") == 2300
    # 春兰 records nothing: the sum of its buildings.
    assert district.total("cl", "households") == 241
    assert district.total("mfb", "households") == 241
    assert district.total("cy", "households") == 2300 + 241
    assert district.total("yt", "households") is None
    assert district.total("xc", "households") is None
    assert district.total("mfb", "population") == 50500
    assert district.total("cy", "party_members") == 14
    totals = district.totals("population")
    assert list(totals) == ids(list(district))
    assert totals["cy"] == 8123 + 50500
    with pytest.raises(ValueError, match="field must be one of"):
        district.total("cy", "built_year")  # type: ignore[arg-type]


def test_find(district: Hierarchy) -> None:
    assert ids(district.find("1栋")) == ["yjsc-1", "cl-1"]
    assert ids(district.find("1栋", level="building")) == ["yjsc-1", "cl-1"]
    assert ids(district.find(level="street")) == ["cy", "xc"]
    assert ids(district.find(predicate=lambda u: u.built_year == 2004)) == ["cl"]
    assert district.find("无此单位") == []


def test_subtree(district: Hierarchy) -> None:
    part = district.subtree("mfb")
    assert ids(list(part)) == ["mfb", "qt", "cl", "cl-1", "cl-2", "yt"]
    assert part["mfb"].parent is None
    assert part.total("mfb", "households") == 241
    assert district["mfb"].parent == "cy"  # the original is untouched


def test_equality_and_repr(district: Hierarchy) -> None:
    again = Hierarchy(list(district))
    assert again == district
    assert again != Hierarchy(list(district), URBAN_FIVE_LEVEL.model_copy(update={"name": "x"}))
    assert district != "district"
    assert "14 units" in repr(district)
    with pytest.raises(TypeError):
        hash(district)


def test_argument_of_wrong_type(district: Hierarchy) -> None:
    with pytest.raises(TypeError):
        district.depth(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        district.is_ancestor(["cy"], "cl")  # type: ignore[arg-type]


def test_other_schemes() -> None:
    h = Hierarchy(
        [unit("s", "street"), unit("c", "community", "s"), unit("k", "compound", "c")],
        URBAN_FOUR_LEVEL,
    )
    assert h.level_counts() == {"street": 1, "community": 1, "compound": 1, "building": 0}


# -- deep chains: nothing recurses ------------------------------------------------------------


def test_a_hundred_thousand_deep_chain() -> None:
    chain = deep_chain(100_000, households=3)
    assert len(chain) == 100_000
    assert ids(list(chain))[:3] == ["n0", "n1", "n2"]
    assert chain.depth("n99999") == 99_999
    assert len(chain.ancestors("n99999")) == 99_999
    assert len(chain.descendants("n0")) == 99_999
    assert chain.common_ancestor("n99999", "n50000").id == "n50000"  # type: ignore[union-attr]
    assert len(chain.path("n99999", "n0")) == 100_000
    assert chain.total("n0", "households") == 3
    assert chain.is_ancestor("n0", "n99999")
    assert len(chain.subtree("n50000")) == 50_000
    with chain.edit() as batch:
        batch.remove("n50000", subtree=False)
    assert chain.parent("n50001").id == "n49999"  # type: ignore[union-attr]
    assert chain.depth("n99999") == 99_998
    assert Hierarchy.from_networkx(chain.to_networkx()) == chain


# -- agreement with the reference, on generated hierarchies -----------------------------------


@given(unit_lists(max_units=30))
def test_queries_agree_with_reference(pair: tuple[LevelScheme, list[OrgUnit]]) -> None:
    scheme, given_units = pair
    h = Hierarchy(given_units, scheme)
    ref = Reference(given_units)  # siblings and roots in the order they were given
    units = list(h)
    assert ids(units) == ref.order()
    for u in units:
        parent = h.parent(u)
        assert (None if parent is None else parent.id) == ref.parent(u.id)
        assert ids(h.children(u)) == ref.children(u.id)
        assert ids(h.siblings(u)) == ref.siblings(u.id)
        assert ids(h.ancestors(u)) == ref.ancestors(u.id)
        assert ids(h.descendants(u)) == ref.descendants(u.id)
        assert h.count_descendants(u) == len(ref.descendants(u.id))
        assert h.depth(u) == ref.depth(u.id)
        for key in h.scheme.keys:
            expected = [d for d in ref.descendants(u.id) if h[d].level == key]
            assert ids(h.descendants(u, level=key)) == expected
        for field in ("households", "population", "party_members"):
            assert h.total(u, field) == ref.total(u.id, field)
    for key in h.scheme.keys:
        assert ids(h.at_level(key)) == [u.id for u in units if u.level == key]
    assert sum(h.level_counts().values()) == len(h)
    assert ids(h.roots()) == [u.id for u in given_units if u.parent is None]


@given(chains(max_length=400), st.data())
def test_chains_agree_with_their_shape(chain: Hierarchy, data: st.DataObject) -> None:
    n = len(chain)
    i, j = sorted(data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2)))
    a, b = f"n{i}", f"n{j}"
    assert chain.depth(b) == j
    assert ids(chain.ancestors(b)) == [f"n{k}" for k in range(j - 1, -1, -1)]
    assert chain.count_descendants(a) == n - 1 - i
    assert chain.common_ancestor(a, b).id == a  # type: ignore[union-attr]
    assert ids(chain.path(b, a)) == [f"n{k}" for k in range(j, i - 1, -1)]
    assert chain.is_ancestor(a, b) == (i < j)


@given(unit_lists(scheme=URBAN_FIVE_LEVEL, min_units=1, max_units=30, max_roots=1))
def test_max_roots_is_respected(pair: tuple[LevelScheme, list[OrgUnit]]) -> None:
    assert sum(u.parent is None for u in pair[1]) == 1


@given(hierarchies(max_units=25))
def test_ancestor_descendant_duality(h: Hierarchy) -> None:
    ref = Reference(list(h))
    for a, b in itertools.product(list(h), repeat=2):
        expected = ref.is_ancestor(a.id, b.id)
        assert h.is_ancestor(a, b) == expected
        assert (b in h.descendants(a)) == expected
        assert (a in h.ancestors(b)) == expected


@given(hierarchies(min_units=1, max_units=25), st.data())
def test_common_ancestor_and_path_agree_with_networkx(h: Hierarchy, data: st.DataObject) -> None:
    ref = Reference(list(h))
    chosen = data.draw(st.lists(st.sampled_from(ids(list(h))), min_size=1, max_size=4))
    top = h.common_ancestor(*chosen)
    assert (None if top is None else top.id) == ref.common_ancestor(*chosen)
    a, b = chosen[0], chosen[-1]
    expected = ref.path(a, b)
    if expected is None:
        with pytest.raises(NoPathError):
            h.path(a, b)
    else:
        assert ids(h.path(a, b)) == expected


@given(hierarchies(max_units=25))
def test_totals_add_up(h: Hierarchy) -> None:
    """A unit without a recorded figure totals exactly its children's totals."""
    for field in ("households", "population", "party_members"):
        totals = h.totals(field)
        for u in h:
            recorded = getattr(u, field)
            below = [totals[c.id] for c in h.children(u) if totals[c.id] is not None]
            if recorded is not None:
                assert totals[u.id] == recorded
            elif below:
                assert totals[u.id] == sum(v for v in below if v is not None)
            else:
                assert totals[u.id] is None


@given(hierarchies(max_units=25), st.data())
def test_subtree_is_the_descendants(h: Hierarchy, data: st.DataObject) -> None:
    if not len(h):
        return
    top = data.draw(st.sampled_from(list(h)))
    part = h.subtree(top)
    assert ids(list(part)) == [top.id, *ids(h.descendants(top))]
    for u in part:
        assert part.total(u, "households") == h.total(u, "households")


@given(hierarchies(max_units=30))
def test_networkx_round_trip(h: Hierarchy) -> None:
    graph = h.to_networkx()
    assert graph.number_of_nodes() == len(h)
    assert len(h) == 0 or nx.is_forest(graph)
    for u in h:
        assert graph.nodes[u.id]["name"] == u.name
    assert Hierarchy.from_networkx(graph) == h


def test_from_networkx_rejects_two_parents() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_node("s1", name="东城街道", level="street")
    graph.add_node("s2", name="西城街道", level="street")
    graph.add_node("c", name="社区", level="community")
    graph.add_edges_from([("s1", "c"), ("s2", "c")])
    with pytest.raises(IntegrityError) as caught:
        Hierarchy.from_networkx(graph)
    assert caught.value.problems[0].code == "multiple_parents"
    with pytest.raises(TypeError):
        Hierarchy.from_networkx(nx.Graph())  # type: ignore[arg-type]


def test_from_networkx_checks_attributes_and_graph_kind() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph(scheme="urban_five_level")
    graph.add_node("s", name="东城街道", level="street", id="s")
    graph.add_node("c", name="社区", level="community", parent="elsewhere")
    graph.add_edge("s", "c")
    with pytest.raises(IntegrityError) as caught:
        Hierarchy.from_networkx(graph)
    assert [(p.code, p.ids) for p in caught.value.problems] == [("attribute_mismatch", ("c",))]
    graph.nodes["c"]["parent"] = "s"
    assert Hierarchy.from_networkx(graph).parent("c").id == "s"  # type: ignore[union-attr]
    with pytest.raises(TypeError, match="MultiDiGraph"):
        Hierarchy.from_networkx(nx.MultiDiGraph(graph))  # type: ignore[arg-type]


def test_from_networkx_with_a_scheme_attribute() -> None:
    graph: nx.DiGraph[str] = nx.DiGraph(scheme="x")
    graph.add_node("a", name="一号网格", level="node")
    graph.add_node("b", name="二号网格", level="node")
    graph.add_edge("a", "b")
    h = Hierarchy.from_networkx(graph, NESTED_SCHEME)
    assert h.parent("b").id == "a"  # type: ignore[union-attr]
    graph.graph["scheme"] = NESTED_SCHEME.model_dump()
    assert Hierarchy.from_networkx(graph) == h


def test_org_kind_and_get(district: Hierarchy) -> None:
    assert district.org_kind("mfb").zh == "党委"
    with district.edit() as batch:
        batch.replace(district["tbl"].model_copy(update={"org_kind": "general_branch"}))
    assert district.org_kind("tbl").zh == "党总支"
    with pytest.raises(TypeError, match="by its id or record"):
        district.get(["x"])  # type: ignore[arg-type]
    assert repr(Hierarchy([unit("s", "street")])) == (
        "<Hierarchy of 1 unit, 1 root, scheme 'urban_five_level'>"
    )


# -- within, root_of, pickling -------------------------------------------------------------------


def test_within_and_root_of(district: Hierarchy) -> None:
    assert district.within("cl-1", "mfb")
    assert district.within("mfb", "mfb")
    assert not district.within("yt", "qt")
    assert not district.within("cy", "cl")
    assert district.root_of("cl-1").id == "cy"
    assert district.root_of("xbj").id == "xc"
    assert district.root_of("cy").id == "cy"
    with pytest.raises(UnknownUnitError):
        district.within("nowhere", "cy")
    with pytest.raises(UnknownUnitError):
        district.root_of("nowhere")


@given(hierarchies(max_units=40), st.data())
def test_within_and_root_of_agree_with_brute_force(h: Hierarchy, data: st.DataObject) -> None:
    if not len(h):
        return
    units = list(h)
    parents = {u.id: u.parent for u in units}

    def chain(uid: str) -> list[str]:
        out = [uid]
        while parents[out[-1]] is not None:
            out.append(parents[out[-1]])  # type: ignore[arg-type]
        return out

    ref = data.draw(st.sampled_from(units)).id
    top = data.draw(st.sampled_from(units)).id
    assert h.within(ref, top) == (top in chain(ref))
    assert h.root_of(ref).id == chain(ref)[-1]
    for unit_ in units:
        assert h.root_of(unit_).id == chain(unit_.id)[-1]


@given(hierarchies(max_units=30))
def test_pickle_round_trip(h: Hierarchy) -> None:
    again = pickle.loads(pickle.dumps(h))
    assert again == h
    assert again.totals("households") == h.totals("households")
    assert [u.id for u in again] == [u.id for u in h]


def test_count_fields_are_typed_for_total(district: Hierarchy) -> None:
    # COUNT_FIELDS is a tuple of the CountField literal, so this loop type-checks under mypy.
    totals = {field: district.total("cy", field) for field in COUNT_FIELDS}
    assert totals == {"households": 2541, "population": 50500 + 8123, "party_members": 14}


def test_code_shapes_follow_the_levels() -> None:
    with pytest.raises(IntegrityError) as caught:
        Hierarchy(
            [
                unit("s", "street", code="511702002001"),
                unit("c", "community", "s"),
                unit("g", "grid", "c", code="511702002003"),
            ]
        )
    assert [(p.code, p.ids) for p in caught.value.problems] == [
        ("code_shape", ("s",)),
        ("code_shape", ("g",)),
    ]


def test_declared_digits_let_a_code_end_in_zeros() -> None:
    # 金门县's township repeats the county's 12-digit code: by the levels' digits it nests (6
    # digits, then 9), so the only problem is the repeated code, which codes="warn" waives.
    units = [
        OrgUnit(id="c", name="金门县", level="county", code="350527000000"),
        OrgUnit(id="t", name="金门县", level="township", parent="c", code="350527000000"),
        OrgUnit(id="v", name="金门县", level="village", parent="t", code="350527000001"),
    ]
    with pytest.raises(IntegrityError) as caught:
        Hierarchy(units, ADMINISTRATIVE)
    assert caught.value.codes == ("duplicate_code",)
    with pytest.warns(DivisionCodeWarning) as warned:
        h = Hierarchy(units, ADMINISTRATIVE, codes="warn")
    assert [p.code for p in warned[0].message.problems] == ["duplicate_code"]  # type: ignore[union-attr]
    assert h.parent("v").id == "t"


def loose() -> Hierarchy:
    with pytest.warns(DivisionCodeWarning):
        return Hierarchy.from_records(
            [
                {"id": "s", "name": "西城街道", "level": "street", "code": "511702002000"},
                {
                    "id": "c",
                    "name": "错码社区",
                    "level": "community",
                    "parent": "s",
                    "code": "511702001001",
                },
                {"id": "g", "name": "网格", "level": "grid", "parent": "c"},
            ],
            codes="warn",
        )


def test_codes_warn_is_kept_through_edits_subtrees_and_pickling() -> None:
    h = loose()
    assert h.codes == "warn"
    with pytest.warns(DivisionCodeWarning) as warned, h.edit() as batch:
        batch.add(OrgUnit(id="g2", name="网格二", level="grid", parent="c"))
    assert [p.code for p in warned[0].message.problems] == ["code_not_nested"]  # type: ignore[union-attr]
    assert "g2" in h
    with pytest.warns(DivisionCodeWarning):
        part = h.subtree("s")
    assert part.codes == "warn"
    again = pickle.loads(pickle.dumps(h))
    assert again.codes == "warn"
    assert again == h
    assert h.subtree("c").codes == "warn"  # nothing to warn about below the street


def test_codes_warn_never_waives_structure() -> None:
    h = loose()
    with pytest.raises(IntegrityError) as caught, h.edit() as batch:
        batch.add(OrgUnit(id="x", name="悬空", level="grid", parent="nowhere"))
    # Refused for the unknown parent only: the waived code problems are not the reason.
    assert caught.value.codes == ("unknown_parent",)
    with pytest.raises(IntegrityError) as caught:
        Hierarchy([unit("a", "street"), unit("a", "street")], codes="warn")
    assert caught.value.codes == ("duplicate_id",)
    with pytest.raises(ValueError, match="strict"):
        Hierarchy([], codes="lenient")  # type: ignore[arg-type]
