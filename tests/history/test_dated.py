"""Hierarchies on a date, replaying and undoing change events, the ``changes`` file section.

Properties over generated hierarchies (``jiceng.testing``) and generated events that are valid
by construction (:func:`histories` simulates the units as it draws), and the bundled district
against the committed excerpts of the 2020 and 2023 national division tables.
"""

from __future__ import annotations

import csv
import datetime
import gzip
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiceng
from jiceng import (
    ChangeEvent,
    ChangeLog,
    Dataset,
    Hierarchy,
    IntegrityError,
    OrgUnit,
    Transfer,
    replay,
)
from jiceng.examples import mafangba
from jiceng.history import undo
from jiceng.testing import chinese_names, hierarchies

DIVISIONS = Path(__file__).resolve().parent.parent / "data" / "divisions"
STREETS = {
    "511702001": "dongcheng",
    "511702002": "xicheng",
    "511702003": "chaoyang",
    "511702004": "fengxi",
    "511702005": "fengbei",
}
TABLE_DATES = {2020: datetime.date(2020, 6, 30), 2023: datetime.date(2023, 6, 30)}
START = datetime.date(2020, 1, 1)


def undated(h: Hierarchy) -> Hierarchy:
    """The same units without their dates: every unit stands on every date."""
    units = [unit.model_copy(update={"established": None, "dissolved": None}) for unit in h]
    return Hierarchy(units, h.scheme)


def by_id(h: Hierarchy) -> dict[str, OrgUnit]:
    return {unit.id: unit for unit in h}


# -- generated events ------------------------------------------------------------------------


@st.composite
def histories(draw: st.DrawFn, max_events: int = 8) -> tuple[Hierarchy, list[ChangeEvent]]:
    """An undated hierarchy and events that replay on it, drawn against a simulation."""
    base = undated(draw(hierarchies(max_units=25)))
    scheme = base.scheme
    units = by_id(base)
    events: list[ChangeEvent] = []
    date = START
    fresh = 0

    def standing() -> list[OrgUnit]:
        return [unit for unit in units.values() if unit.dissolved is None]

    def children(uid: str) -> list[OrgUnit]:
        return [unit for unit in standing() if unit.parent == uid]

    def below(uid: str) -> list[str]:
        found, stack = [], [uid]
        while stack:
            top = stack.pop()
            found.append(top)
            stack.extend(unit.id for unit in units.values() if unit.parent == top)
        return found

    def new_unit(level: str, parent: str | None) -> OrgUnit:
        nonlocal fresh
        fresh += 1
        name = draw(chinese_names())
        return OrgUnit(id=f"new{fresh}", name=name, level=level, parent=parent, established=date)

    for _ in range(draw(st.integers(0, max_events))):
        date += datetime.timedelta(days=draw(st.integers(0, 400)))
        alive = standing()
        kind = draw(
            st.sampled_from(
                ["establish", "dissolve", "rename", "change", "move", "relevel", "merge", "split"]
            )
        )
        event: ChangeEvent | None = None
        if kind == "establish":
            hosts = [(u.id, k) for u in alive for k in scheme.keys if scheme.admits(u.level, k)]
            if hosts:
                parent, level = draw(st.sampled_from(hosts))
                unit = new_unit(level, parent)
                event = ChangeEvent(date=date, kind=kind, resulting=(unit.id,), units=(unit,))
        elif kind == "dissolve" and alive:
            top = draw(st.sampled_from(alive))
            gone = tuple(uid for uid in below(top.id) if units[uid].dissolved is None)
            event = ChangeEvent(date=date, kind=kind, original=gone)
        elif kind == "rename" and alive:
            unit = draw(st.sampled_from(alive))
            name = draw(chinese_names().filter(lambda n, old=unit.name: n != old))
            event = ChangeEvent(
                date=date,
                kind=kind,
                original=(unit.id,),
                resulting=(unit.id,),
                old=unit.name,
                new=name,
            )
        elif kind == "change" and alive:
            unit = draw(st.sampled_from(alive))
            value = draw(st.integers(0, 5000).filter(lambda n, old=unit.households: n != old))
            event = ChangeEvent(
                date=date,
                kind=kind,
                original=(unit.id,),
                resulting=(unit.id,),
                field="households",
                old=unit.households,
                new=value,
            )
        elif kind == "move" and alive:
            unit = draw(st.sampled_from(alive))
            inside = set(below(unit.id))
            targets = [
                p.id
                for p in alive
                if p.id not in inside and p.id != unit.parent and scheme.admits(p.level, unit.level)
            ]
            if targets:
                target = draw(st.sampled_from(targets))
                event = ChangeEvent(
                    date=date,
                    kind=kind,
                    original=(unit.id,),
                    resulting=(unit.id,),
                    old=unit.parent,
                    new=target,
                )
        elif kind == "merge":
            pairs = [
                (a, b)
                for a in alive
                for b in alive
                if a.id != b.id and a.parent == b.parent and a.level == b.level
            ]
            if pairs:
                a, b = draw(st.sampled_from(pairs))
                if draw(st.booleans()):  # a goes into b
                    into, made, merged = b, (), (a,)
                else:  # both go into a new unit
                    into = new_unit(a.level, a.parent)
                    made, merged = (into,), (a, b)
                moves = tuple(
                    Transfer(unit=c.id, old_parent=m.id, new_parent=into.id)
                    for m in merged
                    for c in children(m.id)
                )
                event = ChangeEvent(
                    date=date,
                    kind=kind,
                    original=(a.id, b.id),
                    resulting=(into.id,),
                    units=made,
                    transfers=moves,
                )
        elif kind == "relevel" and alive:
            unit = draw(st.sampled_from(alive))
            parent = units[unit.parent] if unit.parent is not None else None
            below_it = [u.level for u in units.values() if u.parent == unit.id]
            levels = [
                k
                for k in scheme.keys
                if k != unit.level
                and (scheme.may_be_root(k) if parent is None else scheme.admits(parent.level, k))
                and all(scheme.admits(k, child) for child in below_it)
            ]
            if levels:
                level = draw(st.sampled_from(levels))
                event = ChangeEvent(
                    date=date,
                    kind=kind,
                    original=(unit.id,),
                    resulting=(unit.id,),
                    old=unit.level,
                    new=level,
                )
        elif kind == "split":
            splittable = [u for u in alive if u.parent is not None]
            if splittable:
                unit = draw(st.sampled_from(splittable))
                other = new_unit(unit.level, unit.parent)
                kids = children(unit.id)
                moved = draw(st.lists(st.sampled_from(kids), unique=True)) if kids else []
                moves = tuple(
                    Transfer(unit=c.id, old_parent=unit.id, new_parent=other.id) for c in moved
                )
                event = ChangeEvent(
                    date=date,
                    kind=kind,
                    original=(unit.id,),
                    resulting=(unit.id, other.id),
                    units=(other,),
                    transfers=moves,
                )
        if event is None:
            continue
        events.append(event)
        units = by_id(by_hand(Hierarchy(units.values(), scheme), [event]))
    return base, draw(st.permutations(events)) if draw(st.booleans()) else events


def by_hand(base: Hierarchy, events: list[ChangeEvent]) -> Hierarchy:
    """Apply the events' edits to a copy of ``base``, one batch each, in date order."""
    h = Hierarchy(list(base), base.scheme)
    for event in sorted(events, key=lambda e: e.date):
        with h.edit() as batch:
            field = event.changed_field
            if field == "parent":
                batch.move(event.original[0], event.new)  # type: ignore[arg-type]
            elif field is not None:
                unit = h[event.original[0]]
                batch.replace(unit.model_copy(update={field: event.new}))
            for unit in event.units:
                batch.add(unit)
            for transfer in event.transfers:
                batch.move(transfer.unit, transfer.new_parent)
            for uid in event.gone_ids:
                batch.replace(h[uid].model_copy(update={"dissolved": event.date}))
    return h


@given(histories())
def test_replay_is_the_same_edits_by_hand_and_undo_gives_the_base(
    history: tuple[Hierarchy, list[ChangeEvent]],
) -> None:
    base, events = history
    before = list(base)
    after = replay(base, events)
    assert after == by_hand(base, events)
    assert list(base) == before  # never changed
    assert by_id(undo(after, events)) == by_id(base)
    log = ChangeLog(events, after)
    if events:
        middle = events[len(events) // 2].date
        assert by_id(replay(base, events, until=middle)) == by_id(log.undo(after, since=middle))
        assert by_id(log.on(middle)) == by_id(replay(base, events, until=middle).as_of(middle))


@given(histories(), st.data())
def test_an_invalid_event_anywhere_refuses_the_whole_replay(
    history: tuple[Hierarchy, list[ChangeEvent]], data: st.DataObject
) -> None:
    base, events = history
    units = list(base)
    if not units:
        return
    unit = data.draw(st.sampled_from(units))
    date = START - datetime.timedelta(days=1)  # before the others: the unit stands then
    wrong_name = ChangeEvent(
        date=date,
        kind="rename",
        original=(unit.id,),
        resulting=(unit.id,),
        old=unit.name + "旧",
        new=unit.name + "新",
    )
    twice = ChangeEvent(
        date=date,
        kind="establish",
        resulting=(unit.id,),
        units=(unit.model_copy(update={"established": date}),),
    )
    ghost = ChangeEvent(date=date, kind="dissolve", original=("ghost",))
    bad = data.draw(st.permutations([*events, wrong_name, twice, ghost]))
    before = list(base)
    with pytest.raises(IntegrityError) as caught:
        replay(base, bad)
    assert {"not_as_recorded", "duplicate_id", "unknown_unit"} <= set(caught.value.codes)
    assert list(base) == before


@given(hierarchies(max_units=30), st.dates(datetime.date(1949, 1, 1), datetime.date(2040, 1, 1)))
def test_as_of_keeps_exactly_the_units_standing(h: Hierarchy, date: datetime.date) -> None:
    def stands(unit: OrgUnit) -> bool:
        return (unit.established is None or unit.established <= date) and (
            unit.dissolved is None or date < unit.dissolved
        )

    alive = {unit.id for unit in h if stands(unit)}
    orphans = [(u.id, u.parent) for u in h if u.id in alive and u.parent and u.parent not in alive]
    if orphans:
        with pytest.raises(IntegrityError) as caught:
            h.as_of(date)
        assert [problem.ids for problem in caught.value.problems] == orphans
        assert set(caught.value.codes) == {"parent_not_standing"}
        return
    then = h.as_of(date)
    assert [unit.id for unit in then] == [unit.id for unit in h if unit.id in alive]
    assert then.scheme == h.scheme
    assert then.codes == h.codes


def test_as_of_dissolved_is_exclusive_and_keeps_the_codes_setting() -> None:
    on = datetime.date(2021, 1, 1)
    with pytest.warns(jiceng.DivisionCodeWarning):
        h = Hierarchy(
            [
                OrgUnit(id="a", name="东城街道", level="street", code="511702001000"),
                OrgUnit(
                    id="b",
                    name="西城街道",
                    level="street",
                    code="511702001000",
                    established=datetime.date(2020, 1, 1),
                    dissolved=on,
                ),
                OrgUnit(
                    id="c", name="凤凰社区", level="community", parent="a", code="511702001009"
                ),
            ],
            codes="warn",
        )
    with pytest.warns(jiceng.DivisionCodeWarning):
        assert len(h.as_of(on - datetime.timedelta(days=1))) == 3
    then = h.as_of(on)  # b is gone on the day it is dissolved: no duplicate code left
    assert [unit.id for unit in then] == ["a", "c"]
    assert then.codes == "warn"
    part = h.subtree("c").as_of(on)  # a free root stays free
    assert [unit.id for unit in part] == ["c"]
    with pytest.raises(TypeError):
        h.as_of(datetime.datetime(2021, 1, 1))  # type: ignore[arg-type]


def test_replay_reports_every_kind_of_problem_at_once() -> None:
    on = datetime.date(2022, 1, 1)
    h = mafangba()
    events = [
        ChangeEvent(date=on, kind="dissolve", original=("mfb",)),  # children left standing
        ChangeEvent(
            date=on, kind="move", original=("cl",), resulting=("cl",), old="yt", new="qt"
        ),  # not its parent
        ChangeEvent(
            date=on, kind="relevel", original=("yt",), resulting=("yt",), old="grid", new="building"
        ),  # a building under a community
    ]
    with pytest.raises(IntegrityError) as caught:
        replay(h, events)
    assert caught.value.codes == ("children_left", "not_as_recorded", "level_not_admitted")
    late = ChangeEvent(
        date=on,
        kind="establish",
        resulting=("x",),
        units=(OrgUnit(id="x", name="新网格", level="grid", parent="mfb", established=on),),
    )
    gone = ChangeEvent(
        date=datetime.date(2021, 1, 1), kind="dissolve", original=("mfb", "qt", "cl", "cl-1", "yt")
    )
    with pytest.raises(IntegrityError) as caught:
        replay(h, [late, gone])  # dated order: mfb is dissolved before x is set up
    assert caught.value.codes == ("not_standing",)


# -- the change log of a dataset ----------------------------------------------------------------


def community_rows(year: int) -> set[tuple[str, str, str]]:
    """(street id, code, name as the bundled file gives it) of the five streets' units."""
    with gzip.open(DIVISIONS / str(year) / "villages.csv.gz", "rt", encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if row["streetCode"] in STREETS]
    return {
        (
            STREETS[row["streetCode"]],
            row["code"],
            row["name"].removesuffix("居民委员会").replace("村民委员会", "村"),
        )
        for row in rows
    }


@pytest.mark.parametrize("year", [2020, 2023])
def test_the_bundled_district_as_of_each_table_date_is_that_table(year: int) -> None:
    district = jiceng.examples.tongchuan()
    then = district.as_of(TABLE_DATES[year]).hierarchy
    found = {(str(u.parent), str(u.code), u.name) for u in then.at_level("community")}
    assert found == community_rows(year)
    assert len(found) == {2020: 54, 2023: 63}[year]
    assert [u.id for u in then.roots()] == list(STREETS.values())
    for unit in then:  # a subtree established with its community
        parent = then.parent(unit)
        if parent is not None and parent.established is not None:
            assert unit.established == parent.established
    assert district.hierarchy.as_of(TABLE_DATES[2023]) == district.hierarchy


def test_the_bundled_district_history() -> None:
    district = jiceng.examples.tongchuan()
    log = district.history
    assert isinstance(log, ChangeLog)
    assert log.hierarchy is district.hierarchy
    kinds = [event.kind.value for event in log]
    assert kinds == ["establish"] * 9 + ["recode"] * 3
    recodes = {(e.original[0], e.old, e.new) for e in log if e.kind == "recode"}
    assert recodes == {
        ("baige", "511702004001", "511702004012"),
        ("xihe", "511702004007", "511702004013"),
        ("longjiamiao", "511702004201", "511702004200"),
    }
    early = district.as_of(TABLE_DATES[2020])
    assert early.history is None
    assert list(early.engines) == []
    assert log.replay(early.hierarchy).level_counts() == district.hierarchy.level_counts()
    assert by_id(log.replay(early.hierarchy)) == by_id(district.hierarchy)
    assert pickle.loads(pickle.dumps(log)) == log


def test_the_bundled_district_refuses_removing_a_unit_an_event_names() -> None:
    district = jiceng.examples.tongchuan()
    with pytest.raises(IntegrityError) as caught, district.hierarchy.edit() as batch:
        batch.remove("dongbin")
    assert "unit_in_changes" in caught.value.codes
    assert "dongbin" in district.hierarchy


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_load_dump_round_trips_the_changes(format: Any, tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    text = jiceng.dumps(district, format=format)
    again = jiceng.loads(text, format=format)
    assert again.history == district.history
    assert again == district
    assert jiceng.dumps(again, format=format) == text
    path = tmp_path / f"district.{format}"
    jiceng.dump(district, path)
    assert jiceng.load(path).history == district.history


def small_file(changes: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "format": "jiceng/1",
            "units": [
                {"id": "s", "name": "东城街道", "level": "street"},
                {
                    "id": "a",
                    "name": "东滨社区",
                    "level": "community",
                    "parent": "s",
                    "established": "2023-06-30",
                },
                {
                    "id": "b",
                    "name": "凤凰社区",
                    "level": "community",
                    "parent": "s",
                    "dissolved": "2023-06-30",
                },
            ],
            "changes": changes,
        },
        ensure_ascii=False,
    )


def test_a_file_whose_changes_do_not_fit_its_units_is_refused(tmp_path: Path) -> None:
    fitting = [
        {
            "date": "2023-06-30",
            "kind": "establish",
            "resulting": ["a"],
            "units": [
                {
                    "id": "a",
                    "name": "东滨社区",
                    "level": "community",
                    "parent": "s",
                    "established": "2023-06-30",
                }
            ],
        },
        {"date": "2023-06-30", "kind": "dissolve", "original": ["b"]},
        {
            "date": "2021-01-01",
            "kind": "rename",
            "original": ["b"],
            "resulting": ["b"],
            "old": "老凤凰社区",
            "new": "凤凰社区",
        },
    ]
    dataset = jiceng.loads(small_file(fitting), format="json")
    assert [u.name for u in dataset.as_of(datetime.date(2020, 6, 30)).hierarchy] == [
        "东城街道",
        "老凤凰社区",
    ]
    assert jiceng.loads(jiceng.dumps(dataset, format="json"), format="json") == dataset
    wrong = [{**fitting[2], "new": "凤凰山社区"}, {**fitting[1], "original": ["x"]}]
    path = tmp_path / "wrong.json"
    path.write_text(small_file(wrong), encoding="utf-8")
    with pytest.raises(IntegrityError) as caught:
        jiceng.load(path)
    assert caught.value.source == str(path)
    assert caught.value.codes == ("unknown_unit", "not_as_recorded")
    with pytest.raises(jiceng.DataFileError):
        jiceng.loads(small_file([{"date": "2023-06-30", "kind": "dissolve"}]), format="json")


def test_the_schema_includes_the_changes() -> None:
    schema = jiceng.dataset.DatasetFile.model_json_schema()
    assert schema["properties"]["changes"]["anyOf"][0]["items"] == {"$ref": "#/$defs/ChangeEvent"}
    kinds = schema["$defs"]["ChangeKind"]["enum"]
    assert kinds == [
        "establish",
        "dissolve",
        "rename",
        "recode",
        "move",
        "relevel",
        "change",
        "merge",
        "split",
    ]


def test_a_dataset_without_history_is_dated_by_its_units() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="s", name="东城街道", level="street"),
            OrgUnit(
                id="a",
                name="东滨社区",
                level="community",
                parent="s",
                established=datetime.date(2023, 6, 30),
            ),
        ]
    )
    dataset = Dataset(h, "东城")
    then = dataset.as_of(datetime.date(2020, 6, 30))
    assert [u.id for u in then.hierarchy] == ["s"]
    assert then.name == "东城"
    assert ChangeLog([]).dates == ()
    assert repr(ChangeLog([])) == "<ChangeLog of 0 events>"
    with pytest.raises(jiceng.NeedsHierarchyError):
        ChangeLog([]).on(datetime.date(2020, 1, 1))
    with pytest.raises(TypeError):
        ChangeLog(["not an event"])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        jiceng.examples.tongchuan().history.on(datetime.datetime(2020, 6, 30))
    with pytest.raises(TypeError):
        replay(h, [], until="2020-06-30")  # type: ignore[arg-type]


def test_edits_that_contradict_the_events_are_refused_and_others_keep_the_file_loadable() -> None:
    district = jiceng.examples.tongchuan()
    h = district.hierarchy
    compound = h["dongbin-g1-c1"]  # set up by the 2023 establish event
    with h.edit() as batch:
        batch.replace(compound.model_copy(update={"households": (compound.households or 0) + 1}))
    back = jiceng.loads(jiceng.dumps(district, format="json"), format="json")
    assert back.hierarchy["dongbin-g1-c1"].households == h["dongbin-g1-c1"].households
    assert len(district.as_of(datetime.date(2020, 6, 30)).hierarchy) == len(h) - 82
    for contradicting in (
        lambda batch: batch.replace(h["baige"].model_copy(update={"code": "511702004099"})),
        lambda batch: batch.move("dongbin-g1", "fenghuang"),
        lambda batch: batch.replace(
            h["dongbin"].model_copy(update={"established": datetime.date(2025, 1, 1)})
        ),
    ):
        with pytest.raises(IntegrityError) as caught, h.edit() as batch:
            contradicting(batch)
        assert caught.value.codes == ("not_as_recorded",)
    assert h["baige"].code == "511702004012"
    assert h.parent("dongbin-g1").id == "dongbin"  # type: ignore[union-attr]
