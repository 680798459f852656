"""The events a diff emits replay one snapshot into the other (``HierarchyDiff.events``)."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings

import jiceng
from jiceng import Hierarchy, InvalidArgumentError, OrgUnit, diff, replay
from jiceng.examples import mafangba
from jiceng.history import undo

from .test_diff import edited

ON = datetime.date(2023, 6, 30)


def undated(h: Hierarchy) -> Hierarchy:
    """The hierarchy with no unit's dates, so that only the events' dates count."""
    return Hierarchy(
        [u.model_copy(update={"established": None, "dissolved": None}) for u in h], h.scheme
    )


def records(
    h: Hierarchy, established: frozenset[str] = frozenset(), dissolved: frozenset[str] = frozenset()
) -> dict[str, OrgUnit]:
    """Each unit by id, dated ``ON`` where the events date it: established, or dissolved."""
    out = {}
    for unit in h:
        dates = {}
        if unit.id in established:
            dates["established"] = ON
        if unit.id in dissolved:
            dates["dissolved"] = ON
        out[unit.id] = unit.model_copy(update=dates) if dates else unit
    return out


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(edited())
def test_events_replay_the_old_hierarchy_into_the_new(
    case: tuple[Hierarchy, Hierarchy, dict[str, OrgUnit]],
) -> None:
    old, new = undated(case[0]), undated(case[1])
    d = diff(old, new)
    events = d.events(ON)
    result = replay(old, events)
    # Removed units stay, dissolved on the date; on it, the new hierarchy stands.
    removed = frozenset(str(c.old_id) for c in d.removed)
    assert {u.id for u in result if u.dissolved == ON} == removed
    added = frozenset(str(c.new_id) for c in d.added)
    assert records(result.as_of(ON)) == records(new, added)
    # Every change is one event, or one per changed field.
    counted = Counter(event.kind.value for event in events)
    assert counted["move"] == len(d.moved)
    assert counted["rename"] == len(d.renamed)
    assert counted["recode"] == len(d.recoded)
    assert counted["change"] == sum(len(c.new) for c in d.changed)
    assert sum(len(e.resulting) for e in events if e.kind.value == "establish") == len(added)
    # Undone, they give the old hierarchy back.
    assert records(undo(result, events)) == records(old)


def test_the_bundled_district_events_from_its_two_tables_are_its_own_changes() -> None:
    district = jiceng.examples.tongchuan()
    then = district.history.on(datetime.date(2020, 6, 30))
    now = district.hierarchy
    derived = diff(then, now).events(ON)
    recorded = district.history.events
    assert sorted((e.kind.value, e.original, e.resulting) for e in derived) == sorted(
        (e.kind.value, e.original, e.resulting) for e in recorded
    )
    assert replay(then, derived) == replay(then, recorded)


def test_events_refuse_new_ids_and_fields_no_event_carries() -> None:
    old = mafangba()
    renamed = Hierarchy(
        [
            u.model_copy(update={"id": "x-" + u.id, "parent": u.parent and "x-" + u.parent})
            for u in old
        ]
    )
    with pytest.raises(InvalidArgumentError, match="changed id"):
        diff(old, renamed, match="name").events(ON)
    tagged = mafangba()
    with tagged.edit() as batch:
        batch.replace(tagged["cl"].model_copy(update={"attributes": {"网格员": "张三"}}))
    with pytest.raises(InvalidArgumentError, match="attributes"):
        diff(old, tagged).events(ON)


def test_a_new_subtree_is_one_establish_event_parents_first() -> None:
    old, new = mafangba(), mafangba()
    with new.edit() as batch:
        batch.add(OrgUnit(id="lx", name="兰馨小区", level="compound", parent="yt"))
        batch.add(OrgUnit(id="lx-1", name="1栋", level="building", parent="lx"))
        batch.add(OrgUnit(id="cl-2", name="2栋", level="building", parent="cl"))
    events = diff(old, new).events(ON, note="2023 table")
    assert [(e.kind.value, e.resulting, e.note) for e in events] == [
        ("establish", ("cl-2",), "2023 table"),
        ("establish", ("lx", "lx-1"), "2023 table"),
    ]
    assert all(u.established == ON for e in events for u in e.units)


def test_events_refuse_what_they_could_not_replay() -> None:
    old = mafangba()
    relevelled = mafangba()
    with relevelled.edit() as batch:  # the grid's compound goes; the grid becomes a community
        batch.remove("cl")
        batch.replace(relevelled["yt"].model_copy(update={"level": "community", "parent": "cy"}))
        batch.replace(relevelled["qt"].model_copy(update={"level": "community", "parent": "cy"}))
    d = diff(old, relevelled)
    assert d.apply(old) == relevelled
    with pytest.raises(InvalidArgumentError, match="replayed on old they fail with unit 'cl'"):
        d.events(ON)  # the dissolved compound stays, under what is now a community
    moved_parent = mafangba()
    with moved_parent.edit() as batch:  # 秋棠 renamed: by name its compound is another unit
        batch.replace(moved_parent["qt"].model_copy(update={"name": "秋棠网格"}))
    by_name = diff(old, moved_parent, match="name")
    assert "cl" in {c.old_id for c in by_name.removed} & {c.new_id for c in by_name.added}
    with pytest.raises(InvalidArgumentError, match="both removed and added"):
        by_name.events(ON)


def test_events_refuse_a_code_given_on_the_day_its_unit_is_dissolved() -> None:
    old = Hierarchy(
        [
            OrgUnit(id="fb", name="凤北街道", level="street", code="511702005000"),
            OrgUnit(id="a", name="甲社区", level="community", parent="fb", code="511702005001"),
        ]
    )
    new = Hierarchy(
        [
            OrgUnit(id="fb", name="凤北街道", level="street", code="511702005000"),
            OrgUnit(id="b", name="乙社区", level="community", parent="fb", code="511702005001"),
        ]
    )
    d = diff(old, new)
    assert d.apply(old) == new
    with pytest.raises(InvalidArgumentError, match="is used by 2 units"):
        d.events(ON)
