from __future__ import annotations

import heapq

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from jiceng import Hierarchy, JicengError, OrgUnit
from jiceng.errors import InvalidArgumentError
from jiceng.services import SERVICE_CIRCLES, Reach, WalkingTime

from .builders import catalogue


def test_walking_times() -> None:
    assert WalkingTime(a="x", b="y", minutes=6).minutes == 6.0
    with pytest.raises(ValidationError):
        WalkingTime(a="x", b="y", minutes=0)


def test_the_circles_of_the_standard() -> None:
    assert {m: (c.distance_m, c.residents) for m, c in SERVICE_CIRCLES.items()} == {
        5: ((300, 300), (5_000, 12_000)),
        10: ((500, 500), (15_000, 25_000)),
        15: ((800, 1_000), (50_000, 100_000)),
    }
    assert Reach(5, (), (), 0, 0, None).share_reached == 0.0


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
    assert ten.circle is SERVICE_CIRCLES[10]
    assert ten.circle.residents == (15_000, 25_000)
    assert cat.reach(16).reached == ("k1", "k2", "k3")
    assert cat.reach(16).circle is None
    assert cat.reach(3).reached == ()
    assert cat.reach(10, graph=nx.Graph()).reached == ()  # no path: not reached, no error
    assert cat.reach(10, level="building").missed == ("b1",)  # not in the graph: missed
    assert cat.reach(10, within="c2").reached == ()
    assert cat.reach(4, centre="centre").reached == ("k1",)
    with pytest.raises(InvalidArgumentError, match="positive"):
        cat.reach(0)


def test_of_two_times_for_a_pair_the_shorter_counts(town: Hierarchy) -> None:
    walking = [
        WalkingTime(a="centre", b="k1", minutes=9),
        WalkingTime(a="k2", b="centre", minutes=2),
        WalkingTime(a="k1", b="centre", minutes=4),
    ]
    cat = catalogue(town, walking=walking)
    assert [(t.a, t.b, t.minutes) for t in cat.walking_times()] == [
        ("centre", "k1", 4.0),
        ("k2", "centre", 2.0),
    ]
    assert cat.reach(5).reached == ("k1", "k2")


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


def test_walking_graphs(town: Hierarchy) -> None:
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edge("centre", "k1")
    with pytest.raises(InvalidArgumentError, match="minutes") as caught:
        catalogue(town, walking=graph)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, JicengError)
    directed: nx.DiGraph[str] = nx.DiGraph()
    directed.add_edge("k1", "centre", minutes=3)
    cat = catalogue(town, walking=directed)
    assert cat.reach(5).reached == ("k1",)  # walking goes both ways
    directed.add_edge("k2", "centre", minutes=3)  # the catalogue kept its own copy
    assert cat.reach(5).reached == ("k1",)
    with pytest.raises(InvalidArgumentError, match="minutes"):
        cat.reach(5, graph=graph)
