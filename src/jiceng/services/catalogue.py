"""The service catalogue: departments, items and centres checked together, and its queries.

:class:`ServiceCatalogue` holds the items as its main records (iterating over it yields them, in
input order), with the departments that implement them and the centres that offer them. It checks
them against each other (and against the hierarchy the centres' units belong to), routes requests
to windows, tells a resident what the nearest centre offers, sums up channel and mode mixes, and
measures service circles on a walking-time graph.

Examples
--------
>>> import jiceng
>>> catalogue = jiceng.examples.tongchuan().services
>>> len(catalogue), len(catalogue.departments), catalogue.centre_levels
(44, 14, ('community', 'street'))
>>> catalogue.route("高龄补贴", "xiaobeijie-centre").kind.zh
'代办'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, TypeVar

from jiceng._engine import RecordEngine, duplicate_problems
from jiceng._references import unit_problems
from jiceng.errors import (
    InvalidArgumentError,
    Problem,
    RoutingError,
    UnknownCentreError,
    UnknownServiceItemError,
)
from jiceng.services.centres import ServiceCentre, Window, WindowKind
from jiceng.services.circles import Reach, WalkingTime, _reach, _walking
from jiceng.services.guide import CatalogueSummary, ServiceGuide, VisitShares
from jiceng.services.records import Channel, DeliveryMode, Department, ItemType, ServiceItem

if TYPE_CHECKING:
    import networkx as nx

    from jiceng.hierarchy import Hierarchy
    from jiceng.units import OrgUnit

__all__ = ["DEFAULT_CENTRE_LEVELS", "ServiceCatalogue"]

DEFAULT_CENTRE_LEVELS: tuple[str, ...] = ("community", "street")
"""The levels whose units may host a centre unless a catalogue (or a file) says otherwise."""

ItemRef = str | ServiceItem
CentreRef = str | ServiceCentre

V = TypeVar("V", bound=StrEnum)


class ServiceCatalogue(RecordEngine[ServiceItem]):
    """Departments, service items and centres, checked against each other and the hierarchy.

    Parameters
    ----------
    departments, items, centres
        The records.
    hierarchy
        The hierarchy the centres' units belong to; needed for :meth:`nearest_centre` and
        :meth:`reach`. While a catalogue with a hierarchy exists, an edit that would remove a
        centre's unit is refused.
    walking
        Walking times between units and centres, as :class:`~jiceng.services.WalkingTime`
        records or a networkx graph whose every edge has a ``minutes`` attribute (copied as an
        undirected graph; :class:`~jiceng.errors.InvalidArgumentError` for an edge without one).
    centre_levels
        The levels whose units may host a centre (default :data:`DEFAULT_CENTRE_LEVELS`).

    Raises
    ------
    IntegrityError
        Listing every problem: ``duplicate_id`` (departments, items, centres, or windows of one
        centre), ``unknown_department``, ``unknown_parent_item``, ``item_cycle``, ``unknown_item``
        (a centre offering or a window taking an item the catalogue lacks),
        ``window_item_not_offered``, ``mode_not_offered`` (an item offered by a mode its centre
        does not state), ``unknown_unit``, ``unit_level``, ``centre_id_clash`` (a centre id that
        is also a unit id).

    Examples
    --------
    >>> import jiceng
    >>> from jiceng.services import Department, ServiceItem
    >>> item = ServiceItem(id="gl", name="高龄补贴", type="benefit", department="mz",
    ...                    channels=["window"], visits=1, applicants=["natural_person"])
    >>> catalogue = ServiceCatalogue([Department(id="mz", name="区民政局")], [item])
    >>> catalogue
    <ServiceCatalogue of 1 departments, 1 items, 0 centres>
    >>> "gl" in catalogue, catalogue.get("gl").name
    (True, '高龄补贴')
    >>> catalogue.get("db")
    Traceback (most recent call last):
    ...
    jiceng.errors.UnknownServiceItemError: no service item with id 'db'
    >>> try:
    ...     ServiceCatalogue([], [item])
    ... except jiceng.IntegrityError as error:
    ...     print(error.problems[0].code, error.problems[0].ids)
    unknown_department ('gl', 'mz')
    """

    __slots__ = (
        "_centre_by_id",
        "_centre_levels",
        "_centres",
        "_department_by_id",
        "_departments",
        "_walking",
        "_walking_times",
    )

    record_type: ClassVar[type[ServiceItem]] = ServiceItem
    missing_error: ClassVar[type[UnknownServiceItemError]] = UnknownServiceItemError
    noun: ClassVar[str] = "catalogue"

    _departments: tuple[Department, ...]
    _department_by_id: dict[str, Department]
    _centres: tuple[ServiceCentre, ...]
    _centre_by_id: dict[str, ServiceCentre]
    _centre_levels: tuple[str, ...]
    _walking_times: tuple[WalkingTime, ...]
    _walking: nx.Graph[str] | None

    def __init__(
        self,
        departments: Iterable[Department],
        items: Iterable[ServiceItem],
        centres: Iterable[ServiceCentre] = (),
        hierarchy: Hierarchy | None = None,
        *,
        walking: Iterable[WalkingTime] | nx.Graph[str] | None = None,
        centre_levels: Sequence[str] = DEFAULT_CENTRE_LEVELS,
    ) -> None:
        self._hold(items, hierarchy)
        self._departments = tuple(departments)
        self._department_by_id = {d.id: d for d in self._departments}
        self._centres = tuple(centres)
        self._centre_by_id = {c.id: c for c in self._centres}
        self._centre_levels = tuple(centre_levels)
        self._walking_times, self._walking = _walking(walking)
        self._check()

    # -- checks -----------------------------------------------------------------------------

    def _problems(self) -> list[Problem]:
        problems = duplicate_problems((d.id for d in self._departments), "department")
        problems += duplicate_problems((i.id for i in self._records), "item")
        problems += duplicate_problems((c.id for c in self._centres), "centre")
        for item in self._records:
            if item.department not in self._department_by_id:
                problems.append(
                    Problem(
                        "unknown_department",
                        (item.id, item.department),
                        f"item {item.id!r} names department {item.department!r}, which is not "
                        "in the catalogue",
                    )
                )
            if item.parent is not None and item.parent not in self._by_id:
                problems.append(
                    Problem(
                        "unknown_parent_item",
                        (item.id, item.parent),
                        f"item {item.id!r} names parent item {item.parent!r}, which is not in "
                        "the catalogue",
                    )
                )
        problems += self._item_cycles()
        for centre in self._centres:
            problems += self._centre_problems(centre)
        return problems + self._reference_problems_if_any()

    def _item_cycles(self) -> list[Problem]:
        problems = []
        done: set[str] = set()
        for start in self._by_id:
            walk: list[str] = []
            seen: set[str] = set()
            current: str | None = start
            while current is not None and current in self._by_id and current not in done:
                if current in seen:
                    cycle = walk[walk.index(current) :]
                    problems.append(
                        Problem(
                            "item_cycle",
                            tuple(cycle),
                            "items " + " → ".join(cycle) + f" → {current} form a cycle",
                        )
                    )
                    break
                seen.add(current)
                walk.append(current)
                current = self._by_id[current].parent
            done.update(walk)
        return problems

    def _centre_problems(self, centre: ServiceCentre) -> list[Problem]:
        windows = Counter(w.id for w in centre.windows)
        problems = [
            Problem(
                "duplicate_id",
                (centre.id, wid),
                f"centre {centre.id!r} has {count} windows with id {wid!r}",
            )
            for wid, count in windows.items()
            if count > 1
        ]
        offered = set(centre.items)
        problems.extend(
            Problem(
                "unknown_item",
                (centre.id, item_id),
                f"centre {centre.id!r} offers item {item_id!r}, which is not in the catalogue",
            )
            for item_id in centre.items
            if item_id not in self._by_id
        )
        if centre.modes:
            stated = set(centre.modes)
            for item_id in centre.items:
                item = self._by_id.get(item_id)
                missing = [m.value for m in item.modes if m not in stated] if item else []
                if missing:
                    problems.append(
                        Problem(
                            "mode_not_offered",
                            (centre.id, item_id),
                            f"centre {centre.id!r} offers item {item_id!r} by "
                            f"{', '.join(missing)}, which the centre does not state it offers",
                        )
                    )
        for window in centre.windows:
            for item_id in window.items:
                if item_id not in self._by_id:
                    problems.append(
                        Problem(
                            "unknown_item",
                            (centre.id, window.id, item_id),
                            f"window {window.id!r} of {centre.id!r} takes item {item_id!r},"
                            " which is not in the catalogue",
                        )
                    )
                elif item_id not in offered:
                    problems.append(
                        Problem(
                            "window_item_not_offered",
                            (centre.id, window.id, item_id),
                            f"window {window.id!r} takes item {item_id!r}, which its centre "
                            f"{centre.id!r} does not offer",
                        )
                    )
        return problems

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        centres = self._centre_by_id.values()
        problems = [
            Problem(
                "centre_id_clash",
                (centre.id,),
                f"centre id {centre.id!r} is also a unit's id; walking times could not tell them "
                "apart",
            )
            for centre in centres
            if centre.id in hierarchy
        ]
        problems += unit_problems(
            hierarchy,
            ((c.id, c.unit) for c in centres),
            self._centre_levels,
            record="centre",
            verb="serves",
        )
        return problems

    def _settings(self) -> tuple[object, ...]:
        return (self._departments, self._centres, self._walking_times, self._centre_levels)

    # -- the records ------------------------------------------------------------------------

    @property
    def departments(self) -> tuple[Department, ...]:
        """The departments, in input order.

        Examples
        --------
        >>> import jiceng
        >>> [d.short_name for d in jiceng.examples.tongchuan().services.departments][:3]
        ['民政局', '人社局', '医保局']
        """
        return self._departments

    @property
    def centres(self) -> tuple[ServiceCentre, ...]:
        """The centres, in input order.

        Examples
        --------
        >>> import jiceng
        >>> [c.id for c in jiceng.examples.tongchuan().services.centres]
        ['xiaobeijie-centre']
        """
        return self._centres

    @property
    def walking(self) -> nx.Graph[str] | None:
        """The walking-time graph, if any.

        Examples
        --------
        >>> import jiceng
        >>> graph = jiceng.examples.tongchuan().services.walking
        >>> graph.number_of_nodes(), graph.number_of_edges()
        (23, 25)
        """
        return self._walking

    @property
    def centre_levels(self) -> tuple[str, ...]:
        """The levels whose units may host a centre.

        Examples
        --------
        >>> import jiceng
        >>> jiceng.examples.tongchuan().services.centre_levels
        ('community', 'street')
        """
        return self._centre_levels

    def _counts(self) -> tuple[tuple[str, int], ...]:
        """Return the numbers of departments, items and centres, for the repr and HTML."""
        return (
            ("departments", len(self._departments)),
            ("items", len(self)),
            ("centres", len(self._centres)),
        )

    def walking_times(self) -> tuple[WalkingTime, ...]:
        """Return the walking times as records, one per pair of places, in first-seen order.

        Examples
        --------
        >>> import jiceng
        >>> first = jiceng.examples.tongchuan().services.walking_times()[0]
        >>> first.a, first.b, first.minutes
        ('xiaobeijie-centre', 'xiaobeijie-g1-c1', 3.0)
        """
        return self._walking_times

    def item(self, ref: ItemRef) -> ServiceItem:
        """Return an item by id or, failing that, by its exact name.

        Raises
        ------
        UnknownServiceItemError
            If no item has that id or name (a :class:`KeyError`).

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> catalogue.item("高龄补贴").visits
        0
        >>> catalogue.item("办不成的事")
        Traceback (most recent call last):
        ...
        jiceng.errors.UnknownServiceItemError: no service item with id '办不成的事'
        """
        if isinstance(ref, ServiceItem):
            ref = ref.id
        found = self._by_id.get(ref)
        if found is not None:
            return found
        for item in self._records:
            if item.name == ref:
                return item
        raise UnknownServiceItemError(ref)

    def centre(self, ref: CentreRef) -> ServiceCentre:
        """Return a centre by id (or the centre's own id).

        Raises
        ------
        UnknownCentreError
            If the catalogue has no centre with that id (a :class:`KeyError`).

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> catalogue.centre("xiaobeijie-centre").unit
        'xiaobeijie'
        >>> catalogue.centre("dabeijie-centre")
        Traceback (most recent call last):
        ...
        jiceng.errors.UnknownCentreError: no centre with id 'dabeijie-centre'
        """
        key = ref.id if isinstance(ref, ServiceCentre) else ref
        try:
            return self._centre_by_id[key]
        except KeyError:
            raise UnknownCentreError(key) from None

    # -- queries ----------------------------------------------------------------------------

    def items(
        self,
        *,
        department: str | None = None,
        type: ItemType | str | None = None,
        mode: DeliveryMode | str | None = None,
        channel: Channel | str | None = None,
        centre: CentreRef | None = None,
    ) -> list[ServiceItem]:
        """Return the items that match every condition given, in input order.

        Raises
        ------
        InvalidArgumentError
            For a ``type``, ``mode`` or ``channel`` that is not in its vocabulary.
        UnknownCentreError
            For a ``centre`` the catalogue does not have.

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> [item.name for item in catalogue.items(channel="post")][:3]
        ['社会保障卡申领', '社会保障卡补换', '老年人优待证']
        >>> len(catalogue.items(department="minzheng", type="benefit"))
        5
        """
        wanted_type = _member(ItemType, type, "type")
        wanted_mode = _member(DeliveryMode, mode, "mode")
        wanted_channel = _member(Channel, channel, "channel")
        offered = None if centre is None else set(self.centre(centre).items)
        return [
            item
            for item in self._records
            if (department is None or item.department == department)
            and (wanted_type is None or item.type is wanted_type)
            and (wanted_mode is None or wanted_mode in item.modes)
            and (wanted_channel is None or wanted_channel in item.channels)
            and (offered is None or item.id in offered)
        ]

    def guide(self, ref: ItemRef) -> ServiceGuide:
        """Return an item's guide: the item, the items above it, and its department.

        Examples
        --------
        >>> import jiceng
        >>> guide = jiceng.examples.tongchuan().services.guide("残疾人证换领")
        >>> [parent.name for parent in guide.parents], guide.department.name
        (['残疾人证'], '通川区残疾人联合会')
        """
        item = self.item(ref)
        parents = []
        current = item.parent
        while current is not None and current in self._by_id:
            parents.append(self._by_id[current])
            current = self._by_id[current].parent
        return ServiceGuide(item, tuple(reversed(parents)), self._department_by_id[item.department])

    def zero_visit(self, centre: CentreRef | None = None) -> list[ServiceItem]:
        """Return the items that need no visit (零跑腿), in input order.

        Examples
        --------
        >>> import jiceng
        >>> zero = jiceng.examples.tongchuan().services.zero_visit()
        >>> len(zero), zero[0].name
        (17, '高龄补贴')
        """
        return [item for item in self.items(centre=centre) if item.visits == 0]

    def visit_shares(self, centre: CentreRef | None = None) -> VisitShares:
        """Return how many items need at most one visit (最多跑一次) and none (零跑腿).

        Examples
        --------
        >>> import jiceng
        >>> shares = jiceng.examples.tongchuan().services.visit_shares()
        >>> shares.items, shares.at_most_one, shares.zero, round(shares.share_zero, 3)
        (44, 38, 17, 0.386)
        """
        chosen = self.items(centre=centre)
        return VisitShares(
            items=len(chosen),
            at_most_one=sum(item.visits <= 1 for item in chosen),
            zero=sum(item.visits == 0 for item in chosen),
        )

    def summary(self, centre: CentreRef | None = None) -> CatalogueSummary:
        """Return the counts and mixes of the catalogue, or of one centre's offer.

        Examples
        --------
        >>> import jiceng
        >>> summary = jiceng.examples.tongchuan().services.summary("xiaobeijie-centre")
        >>> summary.departments, summary.items, summary.windows
        (14, 44, {'proxy': 3, 'fallback': 1})
        """
        chosen = self.items(centre=centre)
        windows = (
            [w for c in self._centres for w in c.windows]
            if centre is None
            else list(self.centre(centre).windows)
        )
        return CatalogueSummary(
            departments=len({item.department for item in chosen})
            if centre is not None
            else len(self._departments),
            items=len(chosen),
            by_type=_mix((item.type for item in chosen), ItemType),
            channels=_mix((c for item in chosen for c in item.channels), Channel),
            modes=_mix((m for item in chosen for m in item.modes), DeliveryMode),
            windows=_mix((w.kind for w in windows), WindowKind),
            visits=self.visit_shares(centre),
        )

    # -- routing ----------------------------------------------------------------------------

    def route(self, item: ItemRef, centre: CentreRef, *, special: bool = False) -> Window:
        """Return the window that takes a request for an item at a centre.

        A routine request goes to a proxy window (代办窗口) that takes the item, or failing one a
        general window (综合窗口) that does; a special, failed or disputed request
        (``special=True``) goes to the fallback window (兜底窗口): "常规事项代理办，特殊事项兜底办".
        Windows are tried in the centre's order.

        Raises
        ------
        RoutingError
            If the centre does not offer the item, or has no window for the request.

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> catalogue.route("居住证", "xiaobeijie-centre").name
        '代办窗口三'
        >>> catalogue.route("最低生活保障", "xiaobeijie-centre", special=True).kind.zh
        '兜底'
        """
        found = self.item(item)
        place = self.centre(centre)
        if found.id not in place.items:
            raise RoutingError(found.id, place.id, "the centre does not offer it")
        if special:
            for window in place.windows:
                if window.kind is WindowKind.FALLBACK:
                    return window
            raise RoutingError(found.id, place.id, "the centre has no fallback window (兜底窗口)")
        for kind in (WindowKind.PROXY, WindowKind.GENERAL):
            for window in place.windows:
                if window.kind is kind and window.handles(found.id, place.items):
                    return window
        raise RoutingError(found.id, place.id, "no proxy or general window takes it")

    # -- the nearest centre -----------------------------------------------------------------

    def nearest_centre(self, unit: str | OrgUnit) -> ServiceCentre | None:
        """Return the centre of the unit, or of its nearest ancestor that has one.

        Raises
        ------
        NeedsHierarchyError
            On a catalogue built without a hierarchy.

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> catalogue.nearest_centre("xiaobeijie-g1-c1").name
        '小北街社区党群服务中心'
        >>> print(catalogue.nearest_centre("dabeijie"))
        None
        """
        hierarchy = self._need_hierarchy("nearest_centre()")
        by_unit: dict[str, ServiceCentre] = {}
        for centre in self._centres:
            by_unit.setdefault(centre.unit, centre)
        here = hierarchy[unit]
        for candidate in (here, *hierarchy.ancestors(here)):
            if candidate.id in by_unit:
                return by_unit[candidate.id]
        return None

    def available(self, unit: str | OrgUnit) -> list[ServiceItem]:
        """Return what a resident of a unit can get at the nearest centre up the hierarchy.

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> building = catalogue.hierarchy.descendants("xiaobeijie", level="building")[0]
        >>> len(catalogue.available(building)), catalogue.available("dabeijie")
        (44, [])
        """
        centre = self.nearest_centre(unit)
        return [] if centre is None else self.items(centre=centre)

    # -- service circles --------------------------------------------------------------------

    def reach(
        self,
        minutes: float = 10,
        *,
        centre: CentreRef | None = None,
        graph: nx.Graph[str] | None = None,
        level: str = "compound",
        within: str | OrgUnit | None = None,
    ) -> Reach:
        """Return the compounds within ``minutes`` walk of a centre, and the households covered.

        Distances are shortest walking times (networkx's Dijkstra with a cutoff) from the
        centres (or one ``centre``) over ``graph`` (default: the catalogue's walking times),
        whose nodes are centre and unit ids. A compound with no path, or not in the graph, is
        "not reached"; never an error. Households are each compound's total.

        Parameters
        ----------
        minutes
            The circle: 5, 10 and 15 carry the GB 50180-2018 sizes in ``circle``.
        centre
            One centre instead of all.
        graph
            Another walking-time graph.
        level
            The level of the units to reach.
        within
            Only the units of this unit's subtree (default: every unit at ``level``).

        Raises
        ------
        NeedsHierarchyError
            On a catalogue built without a hierarchy.
        InvalidArgumentError
            If ``minutes`` is not positive, or an edge of ``graph`` has no positive ``minutes``.

        Examples
        --------
        >>> import jiceng
        >>> catalogue = jiceng.examples.tongchuan().services
        >>> ten = catalogue.reach(10, within="xicheng")
        >>> len(ten.reached), ten.households_reached, ten.households_missed
        (6, 6503, 25001)
        >>> ten.circle.distance_m, catalogue.reach(12).circle
        ((500, 500), None)
        """
        hierarchy = self._need_hierarchy("reach()")
        walking = _walking(graph)[1] if graph is not None else self._walking
        if minutes <= 0:
            raise InvalidArgumentError(f"minutes must be positive, got {minutes!r}")
        sources = [self.centre(centre).id] if centre is not None else [c.id for c in self._centres]
        return _reach(hierarchy, walking, sources, minutes, level=level, within=within)


def _member(vocabulary: type[V], value: V | str | None, name: str) -> V | None:
    """Return the vocabulary's member for ``value`` (``None`` for ``None``)."""
    if value is None:
        return None
    try:
        return vocabulary(value)
    except ValueError:
        known = ", ".join(member.value for member in vocabulary)
        raise InvalidArgumentError(f"{name} must be one of {known}, got {value!r}") from None


def _mix(values: Iterable[StrEnum], vocabulary: type[StrEnum]) -> dict[str, int]:
    counts = Counter(values)
    return {member.value: counts[member] for member in vocabulary if counts[member]}
