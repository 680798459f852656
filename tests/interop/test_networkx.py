"""A hierarchy through every networkx writer (GraphML, GEXF, GML, node-link JSON) and back."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import jiceng
from jiceng import Hierarchy, LevelScheme, OrgUnit
from jiceng.errors import InvalidArgumentError, JicengTypeError
from jiceng.interop.networkx import from_networkx, to_networkx
from jiceng.levels import RURAL, URBAN_FIVE_LEVEL, Level, OrgKind
from jiceng.testing import NESTED_SCHEME, chains, chinese_names, deep_chain, hierarchies
from jiceng.units import UNIT_FIELDS

if TYPE_CHECKING:
    Graph = nx.DiGraph[Any]
    RoundTrip = Callable[[Graph, Path], Graph]


def _graphml(graph: Graph, path: Path) -> Graph:
    nx.write_graphml(graph, path)
    return nx.read_graphml(path)  # type: ignore[no-any-return]


def _gexf(graph: Graph, path: Path) -> Graph:
    nx.write_gexf(graph, path)
    return nx.read_gexf(path)  # type: ignore[no-any-return]


def _gml(graph: Graph, path: Path) -> Graph:
    nx.write_gml(graph, path)
    return nx.read_gml(path)  # type: ignore[no-any-return]


def _node_link(graph: Graph, path: Path) -> Graph:
    data = nx.node_link_data(graph, edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(loaded, edges="edges")  # type: ignore[no-any-return]


WRITERS: dict[str, RoundTrip] = {
    "graphml": _graphml,
    "gexf": _gexf,
    "gml": _gml,
    "node-link": _node_link,
}

_AWKWARD_TAGS = st.text(alphabet='安置老旧"[],\\&<> x', min_size=1, max_size=6).map(str.strip)


@st.composite
def rich_hierarchies(draw: st.DrawFn, **options: Any) -> Hierarchy:
    """Generated hierarchies with every unit field in use: names and tags with XML's and JSON's
    special characters, organisations' names and kinds, division codes on some roots."""
    h = draw(hierarchies(**options))
    units = []
    for number, unit in enumerate(h):
        update: dict[str, Any] = {}
        if draw(st.booleans()):
            update["name"] = unit.name + draw(st.sampled_from(['&<"甲">', "'乙'", "a&amp;b"]))
        if draw(st.booleans()):
            update["org_name"] = draw(chinese_names()) + "党支部"
        if draw(st.booleans()):
            update["org_kind"] = draw(st.sampled_from(OrgKind))
        if draw(st.booleans()):
            update["official_name"] = unit.name + "居民委员会"
        digits = h.scheme[unit.level].code_digits  # a code of the level's shape, if it has codes
        if unit.parent is None and digits != 0 and draw(st.booleans()):
            code = f"5117{number:08d}" if digits in (None, 12) else f"5117{number:05d}"[:digits]
            update["code"] = code.ljust(12, "0")
        if draw(st.booleans()):
            update["tags"] = tuple(draw(st.lists(_AWKWARD_TAGS.filter(bool), max_size=3)))
        units.append(unit.model_copy(update=update) if update else unit)
    return Hierarchy(units, h.scheme)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("networkx")


# -- the graph that to_networkx gives ----------------------------------------------------------


@given(rich_hierarchies(max_units=30))
def test_every_attribute_is_a_scalar_and_absent_fields_are_left_out(h: Hierarchy) -> None:
    graph = to_networkx(h)
    assert list(graph.nodes) == [unit.id for unit in h]
    for value in graph.graph.values():
        assert type(value) is str
    for unit in h:
        data = graph.nodes[unit.id]
        for value in data.values():
            assert type(value) in {str, int}
        assert set(data) == {
            field
            for field, value in unit.model_dump().items()
            if value not in (None, (), {}) and field not in {"id", "parent"}
        }
        assert data["name"] == unit.name
        assert data.get("households") == unit.households
        if unit.tags:
            assert json.loads(data["tags"]) == list(unit.tags)
        if unit.established is not None:
            assert datetime.date.fromisoformat(data["established"]) == unit.established


def test_every_unit_field_is_encoded() -> None:
    values: dict[str, Any] = {
        "id": "a",
        "name": "春兰小区",
        "level": "compound",
        "parent": None,
        "org_name": "春兰小区党支部",
        "org_kind": "branch",
        "org_status": "regional",
        "led_by": "b",
        "official_name": "春兰小区党支部委员会",
        "code": "511702002002",
        "households": 241,
        "population": 831,
        "party_members": 14,
        "probationary_members": 2,
        "built_year": 2004,
        "established": datetime.date(2005, 7, 1),
        "dissolved": datetime.date(2020, 1, 1),
        "tags": ("安置小区", "老旧小区"),
        "attributes": {"网格员": "张三", "联系电话": "13800000000", "楼龄": 21},
    }
    assert set(values) == set(UNIT_FIELDS)  # a new field needs an encoding, and a line here
    # A scheme whose compounds may carry a code, so that every field can be filled at once.
    levels = tuple(lv.model_copy(update={"code_digits": None}) for lv in URBAN_FIVE_LEVEL)
    scheme = URBAN_FIVE_LEVEL.model_copy(update={"levels": levels})
    leader = OrgUnit(id="b", name="秋棠片区", level="grid")
    graph = to_networkx(Hierarchy([leader, OrgUnit(**values)], scheme))
    assert graph.nodes["a"] == {
        "name": "春兰小区",
        "level": "compound",
        "org_name": "春兰小区党支部",
        "org_kind": "branch",
        "org_status": "regional",
        "led_by": "b",
        "official_name": "春兰小区党支部委员会",
        "code": "511702002002",
        "households": 241,
        "population": 831,
        "party_members": 14,
        "probationary_members": 2,
        "built_year": 2004,
        "established": "2005-07-01",
        "dissolved": "2020-01-01",
        "tags": '["安置小区", "老旧小区"]',
        "attributes": '{"网格员": "张三", "联系电话": "13800000000", "楼龄": 21}',
    }
    assert type(graph.nodes["a"]["org_kind"]) is str
    assert type(graph.nodes["a"]["org_status"]) is str
    assert from_networkx(graph)["a"].attributes == values["attributes"]


def test_encoding_of_the_bundled_district() -> None:
    h = jiceng.examples.tongchuan().hierarchy
    graph = h.to_networkx()
    chunlan = graph.nodes["mafangba-chunlan"]
    assert chunlan["households"] == 241
    assert chunlan["tags"] == '["安置小区"]'
    assert graph.graph == {"scheme": "urban_five_level", "name": "urban_five_level"}
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (793, 788)


def test_a_custom_scheme_is_its_json_even_under_a_built_in_name() -> None:
    impostor = LevelScheme(name="rural", title="同名方案", levels=[NESTED_SCHEME.levels[0]])
    h = Hierarchy([OrgUnit(id="a", name="一号网格", level="node")], impostor)
    graph = to_networkx(h)
    assert LevelScheme.model_validate_json(graph.graph["scheme"]) == impostor
    assert from_networkx(graph).scheme == impostor
    assert to_networkx(Hierarchy([], RURAL)).graph["scheme"] == "rural"


# -- round trips through each writer -----------------------------------------------------------


@pytest.mark.parametrize("writer", WRITERS)
@given(h=rich_hierarchies(max_units=25))
def test_round_trip_through_each_writer(writer: str, h: Hierarchy, workdir: Path) -> None:
    back = WRITERS[writer](to_networkx(h), workdir / f"generated.{writer}")
    assert from_networkx(back) == h


@pytest.mark.parametrize("writer", WRITERS)
@given(h=rich_hierarchies(scheme=NESTED_SCHEME, max_units=25, max_roots=4))
def test_round_trip_of_nested_forests(writer: str, h: Hierarchy, workdir: Path) -> None:
    back = WRITERS[writer](to_networkx(h), workdir / f"nested.{writer}")
    assert Hierarchy.from_networkx(back) == h


@pytest.mark.parametrize("writer", WRITERS)
@given(chain=chains(max_length=60))
def test_round_trip_of_chains(writer: str, chain: Hierarchy, workdir: Path) -> None:
    back = WRITERS[writer](to_networkx(chain), workdir / f"chain.{writer}")
    assert from_networkx(back) == chain


@pytest.mark.parametrize("writer", WRITERS)
def test_a_two_thousand_deep_chain_through_each_writer(writer: str, tmp_path: Path) -> None:
    chain = deep_chain(2_000, households=5)
    back = WRITERS[writer](to_networkx(chain), tmp_path / f"deep.{writer}")
    again = from_networkx(back)
    assert again == chain
    assert again.depth("n1999") == 1_999
    assert again.total("n0", "households") == 5


@pytest.mark.parametrize("writer", WRITERS)
def test_the_bundled_district_through_each_writer(writer: str, tmp_path: Path) -> None:
    h = jiceng.examples.tongchuan().hierarchy
    back = WRITERS[writer](h.to_networkx(), tmp_path / f"district.{writer}")
    assert back.number_of_nodes() == 793
    assert Hierarchy.from_networkx(back) == h


def test_attributes_the_writers_add_are_ignored(tmp_path: Path) -> None:
    h = jiceng.examples.mafangba()
    back = _gexf(h.to_networkx(), tmp_path / "small.gexf")
    assert back.nodes["cl"]["label"] == "cl"
    assert back.graph["mode"] == "static"
    assert "scheme" not in back.graph  # GEXF keeps only the name, which carries the scheme
    back.nodes["cl"]["viz"] = {"size": 3.0}
    assert from_networkx(back) == h


def test_a_custom_scheme_survives_gexf_which_keeps_only_the_name(tmp_path: Path) -> None:
    scheme = LevelScheme(
        name="two",
        title="两级",
        levels=[
            Level(
                key="top", territory="片区", organisation="片区党委", label="area", kind="committee"
            ),
            Level(key="leaf", territory="楼栋", organisation="楼栋党小组", label="b", kind="group"),
        ],
    )
    h = Hierarchy(
        [
            OrgUnit(id="t", name="东片区", level="top", established=datetime.date(1999, 12, 20)),
            OrgUnit(id="l", name="3栋", level="leaf", parent="t", tags=("商品房",)),
        ],
        scheme,
    )
    assert from_networkx(_gexf(to_networkx(h), tmp_path / "two.gexf")) == h


# -- plain graphs and errors -------------------------------------------------------------------


def test_plain_values_are_read_too() -> None:
    graph: Graph = nx.DiGraph(scheme=URBAN_FIVE_LEVEL)
    graph.add_node("s", name="西城街道", level="street", established=datetime.date(1950, 1, 1))
    graph.add_node("c", name="小北街社区", level="community", tags=("老旧小区",), households=9)
    graph.add_edge("s", "c")
    h = from_networkx(graph)
    assert h["c"].tags == ("老旧小区",)
    assert h["s"].established == datetime.date(1950, 1, 1)
    assert h.total("s", "households") == 9


def test_tags_that_are_not_a_json_array_of_strings() -> None:
    for text in ("安置小区", "[1, 2]", '{"a": 1}'):
        graph: Graph = nx.DiGraph()
        graph.add_node("s", name="西城街道", level="street", tags=text)
        with pytest.raises(InvalidArgumentError, match="JSON array") as caught:
            from_networkx(graph)
        assert "'s'" in str(caught.value)


def test_a_scheme_that_is_neither_a_built_in_nor_json() -> None:
    graph: Graph = nx.DiGraph(scheme="suburban")
    graph.add_node("s", name="西城街道", level="street")
    with pytest.raises(InvalidArgumentError, match="suburban"):
        from_networkx(graph)
    graph.graph["scheme"] = '{"name": "broken"}'
    with pytest.raises(ValidationError):
        from_networkx(graph)
    assert from_networkx(graph, URBAN_FIVE_LEVEL)["s"].name == "西城街道"


def test_a_graph_name_that_is_no_scheme_leaves_the_default() -> None:
    graph: Graph = nx.DiGraph(name="通川区")
    graph.add_node("s", name="西城街道", level="street")
    assert from_networkx(graph).scheme == URBAN_FIVE_LEVEL


def test_unknown_attributes_are_still_refused() -> None:
    graph: Graph = nx.DiGraph()
    graph.add_node("s", name="西城街道", level="street", colour="red")
    with pytest.raises(ValidationError, match="colour"):
        from_networkx(graph)
    with pytest.raises(JicengTypeError):
        from_networkx(nx.MultiDiGraph())  # type: ignore[arg-type]


def test_the_functions_are_the_methods() -> None:
    h = jiceng.examples.mafangba()
    assert nx.utils.graphs_equal(to_networkx(h), h.to_networkx())
    assert from_networkx(h.to_networkx(), URBAN_FIVE_LEVEL) == h
