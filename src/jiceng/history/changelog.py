"""Replaying change events on a hierarchy, and undoing them: :func:`replay`, :class:`ChangeLog`.

Events apply in date order; events of the same date apply in the order given (a file's
order). Replaying takes a *base* hierarchy to a later one; undoing takes a hierarchy back to an
earlier one, the events in the reverse order. Either works on a copy, as one
:class:`~jiceng.EditBatch`, and returns the new hierarchy, or raises
:class:`~jiceng.IntegrityError` listing every problem (the hierarchy given is never changed):

=======================  ===============================================================
code                     problem
=======================  ===============================================================
``unknown_unit``         an event names a unit that is not in the hierarchy then
``not_standing``         an event names a unit that does not stand on its date (not yet
                         established, or dissolved), or puts a unit under one
``duplicate_id``         an event establishes a unit that is already there (twice)
``not_as_recorded``      a unit's value is not the event's: a rename whose ``old`` name is
                         not the unit's name then, a transfer from a unit that is not the
                         child's parent, an undone unit that differs from the event's record
``children_left``        a dissolved unit keeps standing children that the event neither
                         dissolves nor transfers (or, undoing an establishment, children
                         set up later)
``invalid_result``       the change gives a record that does not validate
=======================  ===============================================================

followed by the problems of the hierarchy the edits give (``level_not_admitted``,
``code_not_nested``, …, see :mod:`jiceng.hierarchy`).

Dissolving a unit sets its ``dissolved`` date and keeps it: a hierarchy holds its dissolved
units, and :meth:`~jiceng.Hierarchy.as_of` leaves them out after the date. A unit moved by an
event becomes the last child of its new parent, as after :meth:`~jiceng.EditBatch.move`; so
undoing a move gives back the same units with the same parents, not always in the same
sibling order.

Examples
--------
>>> import datetime
>>> from jiceng.examples import mafangba
>>> rename = ChangeEvent(date=datetime.date(2021, 3, 1), kind="rename", original=("qt",),
...                      resulting=("qt",), old="秋棠片区", new="秋棠网格")
>>> later = replay(mafangba(), [rename])
>>> later["qt"].name, mafangba()["qt"].name
('秋棠网格', '秋棠片区')
>>> undo(later, [rename]) == mafangba()
True
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from jiceng._dated import stands
from jiceng._html import table
from jiceng.edits import EditBatch
from jiceng.errors import IntegrityError, JicengTypeError, NeedsHierarchyError, Problem
from jiceng.hierarchy import Hierarchy
from jiceng.history.events import ChangeEvent
from jiceng.units import OrgUnit

__all__ = ["ChangeLog", "replay", "undo"]


_IDENTITY = ("parent", "level", "name", "code", "established")
"""What undoing an ``establish`` checks of the unit against the event's record."""


def _check_date(value: object, name: str) -> None:
    if value is not None and (
        not isinstance(value, datetime.date) or isinstance(value, datetime.datetime)
    ):
        raise JicengTypeError(f"{name} must be a datetime.date or None, got {type(value)!r}")


def _in_order(events: Iterable[ChangeEvent]) -> list[ChangeEvent]:
    listed = list(events)
    for event in listed:
        if not isinstance(event, ChangeEvent):
            raise JicengTypeError(f"events must be ChangeEvent records, got {type(event)!r}")
    return sorted(listed, key=lambda event: event.date)  # stable: ties keep their order


class _Run:
    """The units as the events go, the batch that records the edits, and the problems."""

    __slots__ = ("batch", "event", "kids", "problems", "units")

    event: ChangeEvent  # the event being applied or undone

    def __init__(self, units: Iterable[OrgUnit], batch: EditBatch) -> None:
        self.units: dict[str, OrgUnit] = {unit.id: unit for unit in units}
        self.kids: dict[str | None, set[str]] = {}
        for unit in self.units.values():
            self.kids.setdefault(unit.parent, set()).add(unit.id)
        self.batch = batch
        self.problems: list[Problem] = []

    def report(self, code: str, ids: tuple[str, ...], message: str) -> None:
        event = self.event
        self.problems.append(Problem(code, ids, f"{event.kind.value} on {event.date}: {message}"))

    def need(self, uid: str, *, standing: bool = True) -> OrgUnit | None:
        """Return the unit, or report it missing (or, with ``standing``, not standing)."""
        unit = self.units.get(uid)
        event = self.event
        if unit is None:
            self.report("unknown_unit", (uid,), f"no unit {uid!r} in the hierarchy then")
        elif standing and not stands(unit, event.date):
            self.report("not_standing", (uid,), f"unit {uid!r} does not stand on {event.date}")
            return None
        return unit

    def add(self, unit: OrgUnit) -> None:
        if unit.id in self.units:
            self.report("duplicate_id", (unit.id,), f"unit {unit.id!r} is already there")
            return
        if unit.parent is not None and self.need(unit.parent) is None:
            return
        self.units[unit.id] = unit
        self.kids.setdefault(unit.parent, set()).add(unit.id)
        self.batch.add(unit)

    def drop(self, record: OrgUnit) -> None:
        unit = self.need(record.id, standing=False)
        if unit is None:
            return
        changed = [f for f in _IDENTITY if getattr(unit, f) != getattr(record, f)]
        if changed:  # counts, tags and the like may have been updated since: not these
            self.report(
                "not_as_recorded",
                (unit.id,),
                f"unit {unit.id!r} differs from the event's record in {', '.join(changed)}",
            )
            return
        later = sorted(self.kids.get(unit.id, ()))
        if later:
            self.report(
                "children_left",
                (unit.id, *later),
                f"unit {unit.id!r} has children set up after it: {', '.join(later)}",
            )
            return
        del self.units[unit.id]
        self.kids[unit.parent].discard(unit.id)
        self.batch.remove(unit.id)

    def update(self, unit: OrgUnit, field: str, expected: Any, value: Any) -> None:
        """Set ``field`` to ``value`` where it holds ``expected``; else report it."""
        current = getattr(unit, field)
        if current != expected:
            self.report(
                "not_as_recorded",
                (unit.id,),
                f"unit {unit.id!r} has {field} {current!r}, not {expected!r}",
            )
            return
        try:
            changed = unit.model_copy(update={field: value})
        except ValidationError as error:
            self.report(
                "invalid_result",
                (unit.id,),
                f"unit {unit.id!r} with {field} {value!r}: {error.errors()[0]['msg']}",
            )
            return
        if field == "parent":
            self.kids[unit.parent].discard(unit.id)
            self.kids.setdefault(value, set()).add(unit.id)
        self.units[unit.id] = changed
        self.batch.replace(changed)

    def standing_children(self, uid: str, date: datetime.date) -> list[str]:
        return sorted(k for k in self.kids.get(uid, ()) if stands(self.units[k], date))

    # -- one event, forwards and backwards ---------------------------------------------------

    def forward(self, event: ChangeEvent) -> None:
        self.event = event
        field = event.changed_field
        if field is not None:
            unit = self.need(event.original[0])
            if unit is None:
                return
            if field == "parent" and isinstance(event.new, str) and self.need(event.new) is None:
                return
            self.update(unit, field, event.old, event.new)
            return
        gone = event.gone_ids
        gone_set = set(gone)
        found = [self.need(uid) for uid in event.original]
        for unit in event.units:
            self.add(unit)
        moved: set[str] = set()
        for transfer in event.transfers:
            child = self.need(transfer.unit)
            if child is not None and self.need(transfer.new_parent) is not None:
                self.update(child, "parent", transfer.old_parent, transfer.new_parent)
                moved.add(transfer.unit)
        if None in found:
            return
        for uid in gone:
            left = [k for k in self.standing_children(uid, event.date) if k not in gone_set | moved]
            if left:
                self.report(
                    "children_left",
                    (uid, *left),
                    f"unit {uid!r} keeps standing children: {', '.join(left)}",
                )
        for uid in gone:
            self.update(self.units[uid], "dissolved", None, event.date)

    def backward(self, event: ChangeEvent) -> None:
        self.event = event
        field = event.changed_field
        if field is not None:
            unit = self.need(event.original[0], standing=False)
            if unit is not None:
                self.update(unit, field, event.new, event.old)
            return
        for uid in event.gone_ids:
            unit = self.need(uid, standing=False)
            if unit is not None:
                self.update(unit, "dissolved", event.date, None)
        for transfer in reversed(event.transfers):
            child = self.need(transfer.unit, standing=False)
            if child is not None:
                self.update(child, "parent", transfer.new_parent, transfer.old_parent)
        for record in reversed(event.units):
            self.drop(record)


def _run(start: Hierarchy, events: list[ChangeEvent], *, forward: bool) -> Hierarchy:
    """Apply (or undo) ``events``, already in order, to a copy of ``start`` in one batch."""
    if not isinstance(start, Hierarchy):
        raise JicengTypeError(f"a hierarchy is needed, got {type(start)!r}")
    copy = Hierarchy._from_index(start._index.copy(), start.scheme, start._free_roots, start.codes)
    problems: list[Problem] = []
    try:
        with copy.edit() as batch:
            run = _Run(copy, batch)
            for event in events if forward else reversed(events):
                if forward:
                    run.forward(event)
                else:
                    run.backward(event)
            problems = run.problems
    except IntegrityError as error:
        problems = [*problems, *error.problems]
    if problems:
        raise IntegrityError(problems)
    return copy


def replay(
    base: Hierarchy, events: Iterable[ChangeEvent], until: datetime.date | None = None
) -> Hierarchy:
    """Return the hierarchy that ``events`` (those dated on or before ``until``) make of ``base``.

    Events apply in date order, those of one date in the order given, all in one edit batch on
    a copy: ``base`` is never changed. See the module documentation for what each event does
    and the problems reported.

    Raises
    ------
    IntegrityError
        Listing every problem of every event, then those of the hierarchy they give.

    Examples
    --------
    >>> import datetime
    >>> from jiceng import OrgUnit
    >>> from jiceng.examples import mafangba
    >>> on = datetime.date(2023, 6, 30)
    >>> new = ChangeEvent(date=on, kind="establish", resulting=("cy-2",), units=(
    ...     OrgUnit(id="cy-2", name="红星社区", level="community", parent="cy",
    ...             established=on),))
    >>> [unit.id for unit in replay(mafangba(), [new]).children("cy")]
    ['mfb', 'cy-2']
    >>> len(replay(mafangba(), [new], until=datetime.date(2020, 6, 30)))
    6
    >>> replay(mafangba(), [new, new])
    Traceback (most recent call last):
    ...
    jiceng.errors.IntegrityError: 1 problem: duplicate_id: establish on 2023-06-30: unit \
'cy-2' is already there
    """
    _check_date(until, "until")
    chosen = [e for e in _in_order(events) if until is None or e.date <= until]
    return _run(base, chosen, forward=True)


def undo(
    current: Hierarchy, events: Iterable[ChangeEvent], since: datetime.date | None = None
) -> Hierarchy:
    """Return the hierarchy before ``events`` (those dated after ``since``) were applied.

    The inverse of :func:`replay`: events are undone latest first, each checked against the
    hierarchy as it then is (a renamed unit must bear the new name, an established unit must
    equal the event's record), in one edit batch on a copy.

    Raises
    ------
    IntegrityError
        Listing every problem, as for :func:`replay`.

    Examples
    --------
    >>> import datetime
    >>> from jiceng.examples import mafangba
    >>> change = ChangeEvent(date=datetime.date(2022, 1, 1), kind="change", original=("cl",),
    ...                      resulting=("cl",), field="households", old=230, new=241)
    >>> undo(mafangba(), [change])["cl"].households
    230
    >>> undo(mafangba(), [change], since=datetime.date(2022, 1, 1))["cl"].households
    241
    """
    _check_date(since, "since")
    chosen = [e for e in _in_order(events) if since is None or e.date > since]
    return _run(current, chosen, forward=False)


class ChangeLog:
    """The dated change events of a hierarchy: the ``changes`` section of a dataset file.

    Parameters
    ----------
    events
        The :class:`~jiceng.history.ChangeEvent` records, in any date order; those of one
        date apply in the order given.
    hierarchy
        The hierarchy the events led to, where there is one (a dataset's units). The log then
        checks that the events fit it: undone from it and replayed again, every event holds.

    Raises
    ------
    IntegrityError
        If the events do not fit ``hierarchy`` (every problem, see :func:`replay`).

    Notes
    -----
    A log on a hierarchy refuses hierarchy edits that would remove a unit an event names
    (code ``unit_in_changes``) or contradict an event (a unit recoded, renamed or moved away
    from what the last event on it says: the problems of undoing the events), so that the
    dataset always dumps and loads back with its history. Counts, tags and other facts no event
    records may change freely. An edit meant to be part of the history is recorded as an event
    too.

    Examples
    --------
    >>> import jiceng, datetime
    >>> log = jiceng.examples.tongchuan().history
    >>> len(log), log.dates
    (12, (datetime.date(2023, 6, 30),))
    >>> [unit.code for unit in log.on(datetime.date(2020, 6, 30)).children("fengxi")][-1]
    '511702004201'
    """

    __slots__ = ("__weakref__", "_events", "_hierarchy")

    def __init__(self, events: Iterable[ChangeEvent], hierarchy: Hierarchy | None = None) -> None:
        listed = tuple(events)
        _in_order(listed)
        if hierarchy is not None and not isinstance(hierarchy, Hierarchy):
            raise JicengTypeError(f"hierarchy must be a Hierarchy, got {type(hierarchy)!r}")
        self._events = listed
        self._hierarchy = hierarchy
        if hierarchy is not None:
            replay(undo(hierarchy, listed), listed)
            self._guard()

    def _guard(self) -> None:
        if self._hierarchy is not None:
            self._hierarchy._add_reference_check(self._reference_problems)

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        """Return the problems an edit that gave ``hierarchy`` makes for the events.

        A problem for each unit named by an event that ``hierarchy`` lacks; else every problem
        of undoing the events from ``hierarchy`` and replaying them.
        """
        problems = []
        seen: set[str] = set()
        for event in self._events:
            for uid in event.unit_ids:
                if uid not in seen and uid not in hierarchy:
                    seen.add(uid)
                    problems.append(
                        Problem(
                            "unit_in_changes",
                            (uid,),
                            f"the {event.kind.value} event of {event.date} names unit {uid!r}",
                        )
                    )
        if not problems and self._events:
            try:  # an edit that contradicts an event (a recode, a move) could not be dated
                replay(undo(hierarchy, self._events), self._events)
            except IntegrityError as error:
                problems.extend(error.problems)
        return problems

    @property
    def events(self) -> tuple[ChangeEvent, ...]:
        """The events, in the order given (a file's order).

        Examples
        --------
        >>> import jiceng
        >>> jiceng.examples.tongchuan().history.events[0].kind.zh
        '设立'
        """
        return self._events

    @property
    def hierarchy(self) -> Hierarchy | None:
        """The hierarchy the events led to, if any.

        Examples
        --------
        >>> import jiceng
        >>> district = jiceng.examples.tongchuan()
        >>> district.history.hierarchy is district.hierarchy
        True
        """
        return self._hierarchy

    @property
    def dates(self) -> tuple[datetime.date, ...]:
        """The distinct dates of the events, earliest first.

        Examples
        --------
        >>> import datetime
        >>> ChangeLog([]).dates
        ()
        """
        return tuple(sorted({event.date for event in self._events}))

    def __len__(self) -> int:
        """Return the number of events."""
        return len(self._events)

    def __iter__(self) -> Iterator[ChangeEvent]:
        """Iterate over the events in the order given."""
        return iter(self._events)

    def __eq__(self, other: object) -> bool:
        """Equal when both hold equal events in the same order."""
        if not isinstance(other, ChangeLog):
            return NotImplemented
        return self._events == other._events

    __hash__ = None  # type: ignore[assignment]  # compares by content

    def __repr__(self) -> str:
        """Show the number of events and their dates."""
        dates = self.dates
        span = f", {dates[0]} to {dates[-1]}" if dates else ""
        return f"<ChangeLog of {len(self)} events{span}>"

    def _repr_html_(self) -> str:
        """Return a small HTML table for Jupyter: the events of each kind, by date.

        Examples
        --------
        >>> import jiceng
        >>> page = jiceng.examples.tongchuan().history._repr_html_()
        >>> "establish (设立)</td><td>9</td>" in page
        True
        """
        counts: dict[tuple[datetime.date, str], int] = {}
        for event in sorted(self._events, key=lambda event: event.date):
            key = (event.date, f"{event.kind.value} ({event.kind.zh})")
            counts[key] = counts.get(key, 0) + 1
        rows = [[str(date), kind, number] for (date, kind), number in counts.items()]
        return table("ChangeLog", ["date", "kind", "events"], rows)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the events and the hierarchy."""
        return {"events": self._events, "hierarchy": self._hierarchy}

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore, and guard the (unpickled) hierarchy again."""
        self._events = state["events"]
        self._hierarchy = state["hierarchy"]
        self._guard()

    def replay(self, base: Hierarchy, until: datetime.date | None = None) -> Hierarchy:
        """Return :func:`replay` of these events (up to ``until``) on ``base``.

        Examples
        --------
        >>> import jiceng, datetime
        >>> log = jiceng.examples.tongchuan().history
        >>> then = log.on(datetime.date(2020, 6, 30))
        >>> log.replay(then)["baige"].code
        '511702004012'
        """
        return replay(base, self._events, until)

    def undo(self, current: Hierarchy, since: datetime.date | None = None) -> Hierarchy:
        """Return :func:`undo` of these events (those after ``since``) on ``current``.

        Examples
        --------
        >>> import jiceng
        >>> district = jiceng.examples.tongchuan()
        >>> len(district.hierarchy) - len(district.history.undo(district.hierarchy))
        82
        """
        return undo(current, self._events, since)

    def on(self, date: datetime.date) -> Hierarchy:
        """Return the hierarchy as it stood on ``date``.

        The events after ``date`` are undone from the log's hierarchy, then the units that do
        not stand on ``date`` are left out (:meth:`~jiceng.Hierarchy.as_of`): names, codes and
        parents are those of the date, and so is the set of units.

        Raises
        ------
        NeedsHierarchyError
            If the log has no hierarchy.
        IntegrityError
            As for :meth:`~jiceng.Hierarchy.as_of`.

        Examples
        --------
        >>> import jiceng, datetime
        >>> log = jiceng.examples.tongchuan().history
        >>> log.on(datetime.date(2020, 6, 30)).level_counts()["community"]
        54
        >>> log.on(datetime.date(2023, 6, 30)).level_counts()["community"]
        63
        """
        if self._hierarchy is None:
            raise NeedsHierarchyError("on() needs a change log built with a hierarchy")
        _check_date(date, "date")
        return undo(self._hierarchy, self._events, date).as_of(date)
