from __future__ import annotations

import gc
import pickle

import pytest
from hypothesis import given

import jiceng
from jiceng import Hierarchy, IntegrityError, JicengError
from jiceng.errors import (
    InvalidArgumentError,
    JicengTypeError,
    NeedsHierarchyError,
    UnknownCentreError,
    UnknownServiceItemError,
    UnknownUnitError,
)
from jiceng.services import (
    RoutingError,
    ServiceCatalogue,
    ServiceCentre,
    WalkingTime,
    Window,
    WindowKind,
)
from jiceng.testing.services import centres_with_requests

from .builders import DEPARTMENTS, catalogue, item


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


def test_duplicate_departments_and_centres() -> None:
    centre = ServiceCentre(id="x", name="中心", unit="c")
    with pytest.raises(IntegrityError) as caught:
        ServiceCatalogue([*DEPARTMENTS, DEPARTMENTS[0]], [], [centre, centre])
    assert [p.message for p in caught.value.problems] == [
        "department id 'mz' is used 2 times",
        "centre id 'x' is used 2 times",
    ]


def test_queries(town: Hierarchy) -> None:
    cat = catalogue(town)
    assert [i.id for i in cat.items(department="rs")] == ["c", "c-new"]
    assert [i.id for i in cat.items(channel="online")] == ["a"]
    assert [i.id for i in cat.items(type="benefit", centre="centre")] == ["a", "b", "c", "c-new"]
    assert [i.id for i in cat.items(mode="proxy_home")] == []
    assert [i.id for i in cat.zero_visit()] == ["a"]
    summary = cat.summary("centre")
    assert summary.windows == {"proxy": 2, "fallback": 1, "general": 1}
    assert summary.channels == {"window": 4, "online": 1}
    assert (summary.departments, summary.items, summary.by_type) == (2, 4, {"benefit": 4})
    assert cat.item("a") is cat.item("高龄补贴")
    assert cat.item(cat.item("b")).name == "最低生活保障"
    with pytest.raises(UnknownServiceItemError):
        cat.item("nope")
    with pytest.raises(InvalidArgumentError, match="type must be one of licence"):
        cat.items(type="tax")


def test_the_container(town: Hierarchy) -> None:
    cat = catalogue(town)
    assert [i.id for i in cat] == ["a", "b", "c", "c-new"]
    assert len(cat) == 4
    assert "a" in cat
    assert cat.item("b") in cat
    assert "高龄补贴" not in cat  # membership is by id
    assert cat.get("c").name == "居住证"
    assert [d.id for d in cat.departments] == ["mz", "rs"]
    assert [c.id for c in cat.centres] == ["centre"]
    assert (cat.walking, cat.walking_times(), cat.centre_levels) == (
        None,
        (),
        ("community", "street"),
    )
    assert cat.hierarchy is town
    assert repr(cat) == "<ServiceCatalogue of 2 departments, 4 items, 1 centres>"


@pytest.mark.parametrize(
    ("lookup", "error"),
    [
        (lambda cat: cat.item("nope"), UnknownServiceItemError),
        (lambda cat: cat.get("nope"), UnknownServiceItemError),
        (lambda cat: cat.centre("nope"), UnknownCentreError),
        (lambda cat: cat.route("nope", "centre"), UnknownServiceItemError),
        (lambda cat: cat.route("a", "nope"), UnknownCentreError),
        (lambda cat: cat.items(centre="nope"), UnknownCentreError),
        (lambda cat: cat.summary("nope"), UnknownCentreError),
        (lambda cat: cat.reach(centre="nope"), UnknownCentreError),
        (lambda cat: cat.nearest_centre("nope"), UnknownUnitError),
    ],
)
def test_every_lookup_error_is_named(town: Hierarchy, lookup: object, error: type) -> None:
    cat = catalogue(town)
    with pytest.raises(error) as caught:
        lookup(cat)  # type: ignore[operator]
    assert type(caught.value) is error
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, JicengError)
    assert str(caught.value).endswith("with id 'nope'")


def test_equality(town: Hierarchy) -> None:
    assert catalogue(town) == catalogue(town)
    assert catalogue(town) == catalogue()  # the hierarchy is not part of the records
    assert catalogue(town) != catalogue(town, centre_levels=("community",))
    walking = [WalkingTime(a="centre", b="k1", minutes=4)]
    assert catalogue(town, walking=walking) != catalogue(town)
    assert catalogue(town, walking=walking) == catalogue(town, walking=walking)
    assert catalogue(town) != ServiceCatalogue(DEPARTMENTS[:1], [], [], town)
    assert catalogue(town).__eq__(object()) is NotImplemented
    with pytest.raises(TypeError):
        hash(catalogue(town))


def test_records_of_another_type_are_refused(town: Hierarchy) -> None:
    with pytest.raises(JicengTypeError, match="holds ServiceItem records"):
        ServiceCatalogue(DEPARTMENTS, [DEPARTMENTS[0]], [], town)  # type: ignore[list-item]
    with pytest.raises(JicengTypeError, match="hierarchy must be a Hierarchy"):
        ServiceCatalogue(DEPARTMENTS, [], [], "town")  # type: ignore[arg-type]


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
    with pytest.raises(RoutingError, match="does not offer") as caught:
        cat2.route("b", "l")
    assert (caught.value.item, caught.value.centre) == ("b", "l")
    assert isinstance(caught.value, LookupError)
    assert RoutingError is jiceng.errors.RoutingError


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
    assert cat.nearest_centre("c").id == "centre"  # type: ignore[union-attr]
    assert [i.id for i in cat.available("b1")] == ["a", "b", "c", "c-new"]
    assert cat.nearest_centre("c2") is None
    assert cat.available("c2") == []
    with pytest.raises(NeedsHierarchyError, match="needs a catalogue built with a hierarchy"):
        catalogue().nearest_centre("b1")
    with pytest.raises(NeedsHierarchyError, match=r"^reach\(\) needs"):
        catalogue().reach(10)


def test_edits_cannot_strand_a_centre(town: Hierarchy) -> None:
    cat = catalogue(town)
    with pytest.raises(IntegrityError) as caught, town.edit() as batch:
        batch.remove("c")
    assert caught.value.codes == ("unknown_unit",)
    assert "c" in town
    del cat
    gc.collect()
    with town.edit() as batch:
        batch.remove("c")
    assert "c" not in town


def test_pickles_alone(town: Hierarchy) -> None:
    walking = [WalkingTime(a="centre", b="k1", minutes=4)]
    cat = catalogue(town, walking=walking, centre_levels=("community",))
    again = pickle.loads(pickle.dumps(cat))
    assert again == cat
    assert again.reach(5).reached == ("k1",)
    assert again.centre_levels == ("community",)


def test_pickles_with_its_hierarchy(town: Hierarchy) -> None:
    cat = catalogue(town, walking=[WalkingTime(a="centre", b="k1", minutes=4)])
    h, again = pickle.loads(pickle.dumps((town, cat)))
    assert (h, again) == (town, cat)
    assert again.hierarchy is h
    with pytest.raises(IntegrityError) as caught, h.edit() as batch:
        batch.remove("c")
    assert [(p.code, p.ids) for p in caught.value.problems] == [("unknown_unit", ("centre", "c"))]
    assert "c" in h


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
        "高龄补贴",
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
    assert cat.item("高龄补贴").visits == 0
    assert centre.platform_users == 2150


def test_generators_are_checked_like_lists(town: Hierarchy) -> None:
    with pytest.raises(IntegrityError) as caught:
        ServiceCatalogue(iter(DEPARTMENTS), iter([item("a"), item("a")]), iter([]), town)
    assert caught.value.codes == ("duplicate_id",)


def test_centre_ids_may_not_be_unit_ids(town: Hierarchy) -> None:
    clash = ServiceCentre(id="k1", name="中心", unit="c", items=[])
    with pytest.raises(IntegrityError) as caught:
        ServiceCatalogue(DEPARTMENTS, [], [clash], town)
    assert caught.value.codes == ("centre_id_clash",)


def test_centre_levels(town: Hierarchy) -> None:
    with pytest.raises(IntegrityError) as caught:
        catalogue(town, centre_levels=("street",))
    assert [(p.code, p.ids) for p in caught.value.problems] == [("unit_level", ("centre", "c"))]
    assert catalogue(town, centre_levels=["community"]).centre_levels == ("community",)
