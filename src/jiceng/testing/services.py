"""Hypothesis strategies for service items and catalogues, for your own tests.

Install with the ``testing`` extra (``pip install "jiceng[testing]"``). Every strategy generates
values that are valid by construction: items pass their own validation, and catalogues build
without an :class:`~jiceng.IntegrityError`.

- :func:`service_items` — single items of one department, with varied types, channels, visits,
  delivery modes and time limits in working or calendar days (an item needing no visit always has
  a remote channel, and only one needing a visit may say why);
- :func:`catalogues` — catalogues of one to three departments and their items, with a centre
  that offers some of them, built without a hierarchy;
- :func:`centres_with_requests` — a catalogue of one centre with windows of every kind, an item
  the centre offers and whether the request is special: the input of
  :meth:`~jiceng.services.ServiceCatalogue.route`.

Examples
--------
>>> from hypothesis import given, settings
>>> from jiceng.testing.services import service_items
>>> @settings(max_examples=5, database=None, deadline=None)
... @given(service_items("gl", department="mz"))
... def test_an_item_needing_no_visit_is_remote(item):
...     assert item.id == "gl" and item.department == "mz"
...     assert item.remote == (item.visits == 0)
>>> test_an_item_needing_no_visit_is_remote()
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from jiceng.services import (
    Applicant,
    Channel,
    DayCount,
    DeliveryMode,
    Department,
    ItemType,
    ServiceCatalogue,
    ServiceCentre,
    ServiceItem,
    Window,
    WindowKind,
)

__all__ = ["catalogues", "centres_with_requests", "service_items"]

_REMOTE = (Channel.ONLINE, Channel.MOBILE, Channel.POST)


@st.composite
def service_items(draw: st.DrawFn, item_id: str = "i0", *, department: str = "mz") -> ServiceItem:
    """Generate a valid service item with the given id and department.

    Parameters
    ----------
    item_id
        The item's id; its name is ``"事项"`` followed by the id.
    department
        The implementing department's id.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(service_items("x"))
    ... def test_items_have_a_channel_and_an_applicant(item):
    ...     assert item.name == "事项x" and item.channels and item.applicants
    ...     assert 0 <= item.visits <= 3
    ...     assert item.on_site_reason is None or item.visits > 0
    >>> test_items_have_a_channel_and_an_applicant()
    """
    visits = draw(st.integers(0, 3))
    channels = draw(st.lists(st.sampled_from(list(Channel)), min_size=1, max_size=3, unique=True))
    if visits == 0 and not set(channels) & set(_REMOTE):
        channels.append(draw(st.sampled_from(_REMOTE)))
    limits: dict[str, Any] = {}
    if draw(st.booleans()):
        statutory_unit, promised_unit = (
            draw(st.sampled_from(list(DayCount))),
            draw(st.sampled_from(list(DayCount))),
        )
        statutory = draw(st.integers(1, 90))
        most = int(statutory_unit.in_calendar_days(statutory) / promised_unit.in_calendar_days(1))
        limits = {
            "statutory_days": statutory,
            "statutory_unit": statutory_unit,
            "promised_days": draw(st.integers(0, most)),
            "promised_unit": promised_unit,
        }
    if visits and draw(st.booleans()):
        limits["on_site_reason"] = "本人到场核验"
    return ServiceItem(
        id=item_id,
        name=f"事项{item_id}",
        type=draw(st.sampled_from(list(ItemType))),
        department=department,
        channels=tuple(channels),
        visits=visits,
        modes=tuple(draw(st.lists(st.sampled_from(list(DeliveryMode)), max_size=2, unique=True))),
        applicants=tuple(
            draw(st.lists(st.sampled_from(list(Applicant)), min_size=1, max_size=2, unique=True))
        ),
        **limits,
    )


_DEPARTMENTS = (
    Department(id="mz", name="区民政局"),
    Department(id="rs", name="区人社局"),
    Department(id="ga", name="区公安分局"),
)


@st.composite
def catalogues(draw: st.DrawFn, *, max_items: int = 8) -> ServiceCatalogue:
    """Generate a catalogue: departments, up to ``max_items`` items, one centre ``"x"``.

    The departments are among 区民政局 ``mz``, 区人社局 ``rs`` and 区公安分局 ``ga``; every item
    (``"i0"``, ``"i1"``, …) belongs to one of them; the centre (on unit ``"c"``) offers a subset
    of the items through one general window that takes all routine items.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(catalogues())
    ... def test_a_centre_offers_only_catalogue_items(catalogue):
    ...     assert set(catalogue.centre("x").items) <= {item.id for item in catalogue}
    ...     assert {item.department for item in catalogue} <= {d.id for d in catalogue.departments}
    >>> test_a_centre_offers_only_catalogue_items()
    """
    departments = list(_DEPARTMENTS[: draw(st.integers(1, len(_DEPARTMENTS)))])
    count = draw(st.integers(0, max_items))
    items = [
        draw(service_items(f"i{n}", department=draw(st.sampled_from(departments)).id))
        for n in range(count)
    ]
    offered = (
        draw(st.lists(st.sampled_from([item.id for item in items]), unique=True)) if items else []
    )
    window = Window(id="w0", name="综合窗口", kind=WindowKind.GENERAL, all_routine=True)
    centre = ServiceCentre(id="x", name="中心", unit="c", items=tuple(offered), windows=(window,))
    return ServiceCatalogue(departments, items, [centre])


@st.composite
def centres_with_requests(draw: st.DrawFn) -> tuple[ServiceCatalogue, str, bool]:
    """Generate a one-centre catalogue, an item its centre ``"x"`` offers, and ``special``.

    The catalogue has one to six items (``"i0"``, ``"i1"``, …) of department ``"mz"``, built
    without a hierarchy; its centre offers some of them and has up to five windows of any kind,
    each taking some offered items or, with ``all_routine``, all of them.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=5, database=None, deadline=None)
    ... @given(centres_with_requests())
    ... def test_the_item_is_offered(case):
    ...     catalogue, item, special = case
    ...     assert item in catalogue.centre("x").items and item in catalogue
    >>> test_the_item_is_offered()
    """
    count = draw(st.integers(1, 6))
    items = [draw(service_items(f"i{n}")) for n in range(count)]
    ids = [item.id for item in items]
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
    centre = ServiceCentre(
        id="x", name="中心", unit="c", items=tuple(offered), windows=tuple(windows)
    )
    catalogue = ServiceCatalogue([Department(id="mz", name="区民政局")], items, [centre])
    return catalogue, draw(st.sampled_from(offered)), draw(st.booleans())
