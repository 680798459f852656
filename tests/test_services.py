from __future__ import annotations

import gc
import heapq
import io
import json
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import jiceng
from jiceng import Hierarchy, IntegrityError, OrgUnit, UnknownUnitError
from jiceng.cli import main
from jiceng.services import (
    Department,
    Fee,
    RoutingError,
    ServiceCatalogue,
    ServiceCentre,
    ServiceItem,
    Slot,
    WalkingTime,
    Window,
    WindowKind,
)


def item(iid: str, **changes: Any) -> ServiceItem:
    data: dict[str, Any] = {
        "id": iid,
        "name": f"事项{iid}",
        "type": "benefit",
        "department": "mz",
        "channels": ["window"],
        "visits": 1,
        "applicants": ["natural_person"],
    }
    data.update(changes)
    return ServiceItem.model_validate(data)


@pytest.fixture
def town() -> Hierarchy:
    return Hierarchy(
        [
            OrgUnit(id="s", name="西城街道", level="street"),
            OrgUnit(id="c", name="小北街社区", level="community", parent="s"),
            OrgUnit(id="g", name="一网格", level="grid", parent="c"),
            OrgUnit(id="k1", name="甲小区", level="compound", parent="g", households=300),
            OrgUnit(id="k2", name="乙小区", level="compound", parent="g", households=200),
            OrgUnit(id="k3", name="丙小区", level="compound", parent="g", households=100),
            OrgUnit(id="b1", name="1栋", level="building", parent="k1"),
            OrgUnit(id="c2", name="大北街社区", level="community", parent="s"),
        ]
    )


DEPARTMENTS = [Department(id="mz", name="区民政局"), Department(id="rs", name="区人社局")]


def catalogue(town: Hierarchy | None = None, **extra: Any) -> ServiceCatalogue:
    items = [
        item("a", name="高龄津贴申请", channels=["window", "online"], visits=0),
        item("b", name="最低生活保障", visits=2),
        item("c", name="居住证", department="rs"),
        item("c-new", name="居住证新办", department="rs", parent="c", case="new"),
    ]
    centre = ServiceCentre(
        id="centre",
        name="小北街社区党群服务中心",
        unit="c",
        items=["a", "b", "c", "c-new"],
        windows=[
            Window(id="p1", name="代办窗口一", kind="proxy", items=["a"]),
            Window(id="g1", name="综合窗口", kind="general", items=["b"]),
            Window(id="p2", name="代办窗口二", kind="proxy", items=["c"]),
            Window(id="f", name="兜底窗口", kind="fallback"),
        ],
    )
    return ServiceCatalogue(DEPARTMENTS, items, [centre], town, **extra)


# -- records ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "error_type"),
    [
        ({"statutory_days": 5, "promised_days": 10}, "time_limit_order"),
        ({"instant": True, "promised_days": 3}, "instant_with_days"),
        ({"visits": 0, "channels": ["window", "self_service_terminal"]}, "zero_visit_unreachable"),
        ({"channels": []}, "too_short"),
        ({"applicants": []}, "too_short"),
        ({"type": "tax"}, "enum"),
        ({"visits": -1}, "greater_than_equal"),
        ({"fee": {"charged": True}}, "fee_without_amount"),
        ({"fee": {"charged": False, "amount": "10"}}, "fee_not_charged"),
        ({"materials": [{"name": "身份证", "copies": -1}]}, "greater_than_equal"),
    ],
)
def test_invalid_items(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        item("x", **changes)
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_valid_items_and_their_records() -> None:
    posted = item("x", visits=0, channels=["window", "post"], modes=["online_post"])
    assert posted.remote
    assert item("y", instant=True).at_most_one_visit
    assert Fee(charged=True, standard="按规定标准").standard == "按规定标准"
    with pytest.raises(ValidationError):
        Slot(days=[1], start="12:00", end="09:00")
    with pytest.raises(ValidationError):
        Slot(days=[8], start="09:00", end="12:00")
    assert ServiceItem.model_validate_json(posted.model_dump_json()) == posted


# -- the catalogue ---------------------------------------------------------------------------


def test_every_problem_at_once(town: Hierarchy) -> None:
    items = [
        item("a"),
        item("a"),
        item("b", department="nowhere"),
        item("c", parent="missing"),
        item("d", parent="e"),
        item("e", parent="d"),
    ]
    centres = [
        ServiceCentre(
            id="x",
            name="中心",
            unit="g",
            items=["a", "zz"],
            windows=[
                Window(id="w", name="窗口", kind="proxy", items=["b", "yy"]),
                Window(id="w", name="窗口", kind="fallback"),
            ],
        ),
        ServiceCentre(id="y", name="中心", unit="gone", items=["a"]),
    ]
    with pytest.raises(IntegrityError) as caught:
        ServiceCatalogue(DEPARTMENTS, items, centres, town)
    assert [(p.code, p.ids) for p in caught.value.problems] == [
        ("duplicate_id", ("a",)),
        ("unknown_department", ("b", "nowhere")),
        ("unknown_parent_item", ("c", "missing")),
        ("item_cycle", ("d", "e")),
        ("duplicate_id", ("x", "w")),
        ("unknown_item", ("x", "zz")),
        ("window_item_not_offered", ("x", "w", "b")),
        ("unknown_item", ("x", "w", "yy")),
        ("unit_level", ("x", "g")),
        ("unknown_unit", ("y", "gone")),
    ]


def test_queries(town: Hierarchy) -> None:
    cat = catalogue(town)
    assert [i.id for i in cat.items(department="rs")] == ["c", "c-new"]
    assert [i.id for i in cat.items(channel="online")] == ["a"]
    assert [i.id for i in cat.items(type="benefit", centre="centre")] == ["a", "b", "c", "c-new"]
    assert [i.id for i in cat.zero_visit()] == ["a"]
    shares = cat.visit_shares()
    assert (shares.items, shares.at_most_one, shares.zero) == (4, 3, 1)
    assert shares.share_zero == pytest.approx(0.25)
    guide = cat.guide("居住证新办")
    assert [p.id for p in guide.parents] == ["c"]
    assert guide.department.name == "区人社局"
    assert guide.lines()[0].startswith("居住证新办")
    summary = cat.summary("centre")
    assert summary.windows == {"proxy": 2, "fallback": 1, "general": 1}
    assert summary.channels == {"window": 4, "online": 1}
    assert cat.item("a") is cat.item("高龄津贴申请")
    with pytest.raises(UnknownUnitError):
        cat.item("nope")


def test_routing(town: Hierarchy) -> None:
    cat = catalogue(town)
    assert cat.route("a", "centre").id == "p1"
    assert cat.route("b", "centre").id == "g1"  # no proxy window takes it: the general one
    assert cat.route("c", "centre").id == "p2"
    assert cat.route("b", "centre", special=True).id == "f"
    with pytest.raises(RoutingError, match="no proxy or general window"):
        cat.route("c-new", "centre")
    lonely = ServiceCentre(id="l", name="中心", unit="c2", items=["a"])
    cat2 = ServiceCatalogue(DEPARTMENTS, list(cat), [lonely], town)
    with pytest.raises(RoutingError, match="no fallback window"):
        cat2.route("a", "l", special=True)
    with pytest.raises(RoutingError, match="does not offer"):
        cat2.route("b", "l")
    error = RoutingError("a", "l", "x")
    assert isinstance(error, LookupError)


@st.composite
def centres_with_requests(draw: st.DrawFn) -> tuple[ServiceCatalogue, str, bool]:
    count = draw(st.integers(1, 6))
    items = [item(f"i{n}") for n in range(count)]
    ids = [i.id for i in items]
    offered = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    windows = [
        Window(
            id=f"w{n}",
            name=f"窗口{n}",
            kind=draw(st.sampled_from(list(WindowKind))),
            items=tuple(draw(st.lists(st.sampled_from(offered), unique=True))),
            all_routine=draw(st.booleans()),
        )
        for n in range(draw(st.integers(0, 5)))
    ]
    centre = ServiceCentre(id="x", name="中心", unit="c", items=offered, windows=windows)
    cat = ServiceCatalogue(DEPARTMENTS, items, [centre])
    return cat, draw(st.sampled_from(offered)), draw(st.booleans())


@given(centres_with_requests())
def test_routing_always_gives_a_window_that_takes_it(
    case: tuple[ServiceCatalogue, str, bool],
) -> None:
    cat, wanted, special = case
    centre = cat.centre("x")
    try:
        window = cat.route(wanted, "x", special=special)
    except RoutingError:
        kinds = {w.kind for w in centre.windows if special or w.handles(wanted, centre.items)}
        if special:
            assert WindowKind.FALLBACK not in kinds
        else:
            assert not kinds & {WindowKind.PROXY, WindowKind.GENERAL}
        return
    assert window in centre.windows
    if special:
        assert window.kind is WindowKind.FALLBACK
    else:
        assert window.kind in (WindowKind.PROXY, WindowKind.GENERAL)
        assert window.handles(wanted, centre.items)


def test_nearest_centre(town: Hierarchy) -> None:
    cat = catalogue(town)
    assert cat.nearest_centre("b1").id == "centre"  # type: ignore[union-attr]
    assert len(cat.available("b1")) == 4
    assert cat.nearest_centre("c2") is None
    assert cat.available("c2") == []
    with pytest.raises(ValueError, match="needs a catalogue built with a hierarchy"):
        catalogue().nearest_centre("b1")


# -- service circles ----------------------------------------------------------------------------


def test_reach(town: Hierarchy) -> None:
    walking = [
        WalkingTime(a="centre", b="k1", minutes=4),
        WalkingTime(a="k1", b="k2", minutes=5),
        WalkingTime(a="k2", b="k3", minutes=7),
    ]
    cat = catalogue(town, walking=walking)
    ten = cat.reach(10)
    assert (ten.reached, ten.missed) == (("k1", "k2"), ("k3",))
    assert (ten.households_reached, ten.households_missed) == (500, 100)
    assert ten.share_reached == pytest.approx(5 / 6)
    assert ten.circle is not None
    assert ten.circle.residents == (15_000, 25_000)
    assert cat.reach(16).reached == ("k1", "k2", "k3")
    assert cat.reach(16).circle is None
    assert cat.reach(3).reached == ()
    assert cat.reach(10, graph=nx.Graph()).reached == ()  # no path: not reached, no error
    with pytest.raises(ValueError, match="positive"):
        cat.reach(0)


def dijkstra(edges: list[tuple[str, str, float]], source: str) -> dict[str, float]:
    """A brute-force reference: plain Dijkstra over an edge list."""
    adjacency: dict[str, list[tuple[str, float]]] = {}
    for a, b, w in edges:
        adjacency.setdefault(a, []).append((b, w))
        adjacency.setdefault(b, []).append((a, w))
    best = {source: 0.0}
    queue = [(0.0, source)]
    while queue:
        d, node = heapq.heappop(queue)
        if d > best.get(node, float("inf")):
            continue
        for other, w in adjacency.get(node, []):
            if d + w < best.get(other, float("inf")):
                best[other] = d + w
                heapq.heappush(queue, (d + w, other))
    return best


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["centre", "k1", "k2", "k3", "b1"]),
            st.sampled_from(["centre", "k1", "k2", "k3", "b1"]),
            st.integers(1, 12),
        ).filter(lambda e: e[0] != e[1]),
        max_size=8,
    ),
    st.integers(1, 25),
)
def test_reach_agrees_with_a_brute_force_shortest_path(
    edges: list[tuple[str, str, int]], minutes: int
) -> None:
    town = Hierarchy(
        [
            OrgUnit(id="c", name="社区", level="community"),
            OrgUnit(id="g", name="网格", level="grid", parent="c"),
            *[
                OrgUnit(id=k, name=k, level="compound", parent="g", households=10)
                for k in ("k1", "k2", "k3")
            ],
            OrgUnit(id="b1", name="1栋", level="building", parent="k1"),
        ]
    )
    walking = [WalkingTime(a=a, b=b, minutes=w) for a, b, w in edges]
    cat = catalogue(town, walking=walking)
    distances = dijkstra([(a, b, float(w)) for a, b, w in edges], "centre")
    expected = tuple(k for k in ("k1", "k2", "k3") if distances.get(k, 99) <= minutes)
    found = cat.reach(minutes)
    assert found.reached == expected
    assert found.households_reached == 10 * len(expected)


# -- the hierarchy, files and the command line --------------------------------------------------


def test_edits_cannot_strand_a_centre(town: Hierarchy) -> None:
    cat = catalogue(town)
    with pytest.raises(IntegrityError) as caught, town.edit() as batch:
        batch.remove("c")
    assert caught.value.codes == ("unknown_unit",)
    del cat
    gc.collect()
    with town.edit() as batch:
        batch.remove("c")


def test_bundled_centre() -> None:
    district = jiceng.examples.tongchuan()
    cat = district.services
    assert cat is not None
    assert cat.hierarchy is district.hierarchy
    assert len(cat.departments) == 14
    assert len(cat) == 44
    centre = cat.centre("xiaobeijie-centre")
    kinds = [w.kind for w in centre.windows]
    assert kinds.count(WindowKind.PROXY) == 3
    assert kinds.count(WindowKind.FALLBACK) == 1
    for name in [
        "高龄津贴申请",
        "最低生活保障",
        "残疾人证",
        "居住证",
        "生育登记",
        "城乡居民基本养老保险参保",
        "临时救助",
        "公租房申请",
    ]:
        assert cat.route(name, centre).kind is WindowKind.PROXY
    for found in cat.items(centre=centre):
        assert cat.route(found, centre).handles(found.id, centre.items)
    assert cat.item("高龄津贴申请").visits == 0
    assert (centre.platform_users or 0) > 2000


def test_services_command(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert main(["services"], out=out) == 0
    text = out.getvalue()
    assert "14 departments, 44 items" in text
    assert "兜底" in text
    out = io.StringIO()
    assert main(["services", "--centre", "xiaobeijie-centre", "--json"], out=out) == 0
    data = json.loads(out.getvalue())
    assert len(data["guide"]) == 44
    assert data["visits"]["zero"] <= data["visits"]["at_most_one"] <= 44
    assert main(["services", "--centre", "nope"], out=io.StringIO()) == 1
    assert "no centre with id" in capsys.readouterr().err
    out = io.StringIO()
    assert main(["report"], out=out) == 0
    assert "14 departments, 44 items" in out.getvalue()


def test_generators_are_checked_like_lists(town: Hierarchy) -> None:
    with pytest.raises(IntegrityError) as caught:
        ServiceCatalogue(iter(DEPARTMENTS), iter([item("a"), item("a")]), iter([]), town)
    assert caught.value.codes == ("duplicate_id",)


def test_centre_ids_and_walking_graphs(town: Hierarchy) -> None:
    clash = ServiceCentre(id="k1", name="中心", unit="c", items=[])
    with pytest.raises(IntegrityError) as caught:
        ServiceCatalogue(DEPARTMENTS, [], [clash], town)
    assert caught.value.codes == ("centre_id_clash",)
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edge("centre", "k1")
    with pytest.raises(ValueError, match="minutes"):
        catalogue(town, walking=graph)
    directed: nx.DiGraph[str] = nx.DiGraph()
    directed.add_edge("k1", "centre", minutes=3)
    cat = catalogue(town, walking=directed)
    assert cat.reach(5).reached == ("k1",)  # walking goes both ways
    directed.add_edge("k2", "centre", minutes=3)  # the catalogue kept its own copy
    assert cat.reach(5).reached == ("k1",)
    with pytest.raises(ValueError, match="minutes"):
        cat.reach(5, graph=graph)
