"""Service circles (GB 50180-2018): walking times between places and who a centre reaches.

Walking times join places — centre ids and unit ids — both ways; of two times for the same pair
of places the shorter counts. A unit is reached within ``minutes`` when the shortest walk from a
centre to it takes at most that long; a unit with no path is "not reached", never an error.

Examples
--------
>>> SERVICE_CIRCLES[15].distance_m, SERVICE_CIRCLES[15].residents
((800, 1000), (50000, 100000))
>>> times, graph = _walking([WalkingTime(a="c", b="k1", minutes=6),
...                          WalkingTime(a="k1", b="c", minutes=4)])
>>> [(t.a, t.b, t.minutes) for t in times], graph["c"]["k1"]["minutes"]
([('c', 'k1', 4.0)], 4.0)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Annotated

import attrs
from pydantic import Field, ValidationError

from jiceng._records import Record
from jiceng.errors import InvalidArgumentError
from jiceng.types import RecordId

if TYPE_CHECKING:
    import networkx as nx

    from jiceng.hierarchy import Hierarchy
    from jiceng.units import OrgUnit

__all__ = ["SERVICE_CIRCLES", "Reach", "ServiceCircle", "WalkingTime"]


class WalkingTime(Record):
    """A walking time in minutes between two places (unit or centre ids), both ways.

    Where two records join the same places, the shorter time is used.

    Examples
    --------
    >>> WalkingTime(a="xiaobeijie-centre", b="xbj-c1", minutes=6).minutes
    6.0
    """

    a: RecordId
    b: RecordId
    minutes: Annotated[float, Field(gt=0, le=1440, allow_inf_nan=False)]


@attrs.frozen
class ServiceCircle:
    """A service circle of GB 50180-2018: walking minutes, distance and residents served.

    Attributes
    ----------
    minutes : int
        The walk.
    distance_m : tuple[int, int]
        The radius in metres, lowest and highest.
    residents : tuple[int, int]
        The residents served, fewest and most.

    Examples
    --------
    >>> circle = SERVICE_CIRCLES[5]
    >>> circle.minutes, circle.distance_m, circle.residents
    (5, (300, 300), (5000, 12000))
    """

    minutes: int
    distance_m: tuple[int, int]
    residents: tuple[int, int]


SERVICE_CIRCLES: dict[int, ServiceCircle] = {
    5: ServiceCircle(5, (300, 300), (5_000, 12_000)),
    10: ServiceCircle(10, (500, 500), (15_000, 25_000)),
    15: ServiceCircle(15, (800, 1_000), (50_000, 100_000)),
}
"""The 5-, 10- and 15-minute living circles of GB 50180-2018 (城市居住区规划设计标准)."""


@attrs.frozen
class Reach:
    """Which compounds lie within a walking time of a centre, and the households covered.

    Attributes
    ----------
    minutes : float
        The walking time.
    reached, missed : tuple[str, ...]
        The ids of the units reached and not reached, in the hierarchy's order.
    households_reached, households_missed : int
        Their households' totals (units without a figure add nothing).
    circle : ServiceCircle or None
        The GB 50180-2018 circle of that many minutes, where there is one.

    Examples
    --------
    >>> reach = Reach(10, ("k1", "k2"), ("k3",), 500, 100, SERVICE_CIRCLES[10])
    >>> reach.reached, reach.households_missed, reach.circle.distance_m
    (('k1', 'k2'), 100, (500, 500))
    """

    minutes: float
    reached: tuple[str, ...]
    missed: tuple[str, ...]
    households_reached: int
    households_missed: int
    circle: ServiceCircle | None

    @property
    def share_reached(self) -> float:
        """The share of households (with a figure) in reached compounds.

        Examples
        --------
        >>> Reach(10, ("k1", "k2"), ("k3",), 500, 100, None).share_reached
        0.8333333333333334
        >>> Reach(10, (), (), 0, 0, None).share_reached
        0.0
        """
        total = self.households_reached + self.households_missed
        return self.households_reached / total if total else 0.0


def _walking(
    walking: Iterable[WalkingTime] | nx.Graph[str] | None,
) -> tuple[tuple[WalkingTime, ...], nx.Graph[str] | None]:
    """Return the walking times as records and as a graph.

    The records hold one time per pair of places, in first-seen order; of two times for the same
    pair, the shorter. A networkx graph is read edge by edge (so a directed graph walks both
    ways); an edge without a positive ``minutes`` attribute raises
    :class:`~jiceng.errors.InvalidArgumentError`.
    """
    if walking is None:
        return (), None
    import networkx as nx  # noqa: PLC0415 - imported when asked for

    if isinstance(walking, nx.Graph):
        edges = []
        for a, b, data in walking.edges(data=True):
            try:
                edges.append(WalkingTime(a=a, b=b, minutes=data["minutes"]))
            except (KeyError, ValidationError) as error:
                raise InvalidArgumentError(
                    f"walking-time edge {a!r}–{b!r} needs a 'minutes' attribute > 0 between "
                    f"string ids: {error}"
                ) from None
        walking = edges
    first: dict[frozenset[str], WalkingTime] = {}
    for edge in walking:
        pair = frozenset((edge.a, edge.b))
        known = first.get(pair)
        if known is None:
            first[pair] = edge
        elif edge.minutes < known.minutes:  # of two routes, the shorter
            first[pair] = known.model_copy(update={"minutes": edge.minutes})
    graph: nx.Graph[str] = nx.Graph()
    for edge in first.values():
        graph.add_edge(edge.a, edge.b, minutes=edge.minutes)
    return tuple(first.values()), graph


def _reach(
    hierarchy: Hierarchy,
    walking: nx.Graph[str] | None,
    sources: Sequence[str],
    minutes: float,
    *,
    level: str,
    within: str | OrgUnit | None,
) -> Reach:
    """Return the units at ``level`` (under ``within``) that lie within ``minutes`` of a source.

    Distances are shortest walking times (networkx's Dijkstra with a cutoff) from every source
    in the graph; ``minutes`` is positive (the caller checks it).
    """
    import networkx as nx  # noqa: PLC0415 - imported when asked for

    present = [s for s in sources if walking is not None and s in walking]
    distances: dict[str, float] = {}
    if walking is not None and present:
        distances = nx.multi_source_dijkstra_path_length(
            walking, present, cutoff=minutes, weight="minutes"
        )
    targets = (
        hierarchy.at_level(level) if within is None else hierarchy.descendants(within, level=level)
    )
    reached = [u.id for u in targets if u.id in distances]
    missed = [u.id for u in targets if u.id not in distances]
    return Reach(
        minutes=minutes,
        reached=tuple(reached),
        missed=tuple(missed),
        households_reached=sum(hierarchy.total(u, "households") or 0 for u in reached),
        households_missed=sum(hierarchy.total(u, "households") or 0 for u in missed),
        circle=SERVICE_CIRCLES.get(int(minutes)) if minutes == int(minutes) else None,
    )
