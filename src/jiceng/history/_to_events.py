"""Turning a diff's changes into dated change events (behind ``HierarchyDiff.events``).

Private to :mod:`jiceng.history`. The events come in the order replaying needs within one date:
the new units first (one ``establish`` per added subtree, parents before children), then moves,
relevels, renames, recodes and the other field changes, and last one ``dissolve`` of every
removed unit, so that every unit an event names is there when it applies.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from jiceng.errors import InvalidArgumentError
from jiceng.history.events import ChangeEvent, ChangeKind
from jiceng.units import OrgUnit

__all__ = ["events_of"]

# The kinds of one-field change, in the order they are emitted.
_ONE_FIELD = (
    ("moved", ChangeKind.MOVE),
    ("relevelled", ChangeKind.RELEVEL),
    ("renamed", ChangeKind.RENAME),
    ("recoded", ChangeKind.RECODE),
)
# Fields whose changes an event cannot carry: a ``change`` refuses them (see ``events.py``).
_NOT_EVENTS = ("attributes", "established", "dissolved")


def events_of(
    changes: dict[str, Sequence[Any]], on: datetime.date, note: str | None = None
) -> tuple[ChangeEvent, ...]:
    """Return the events, dated ``on``, that replay one side of a diff into the other.

    ``changes`` maps each kind of :class:`~jiceng.history.UnitChange` (``"added"``,
    ``"moved"``, …) to its changes. An added unit's record is given ``established=on``.

    >>> import datetime
    >>> from jiceng.history import UnitChange
    >>> move = UnitChange("moved", "cl", "cl", "qt", "yt", "春兰小区")
    >>> [e.kind.value for e in events_of({"moved": [move]}, datetime.date(2023, 6, 30))]
    ['move']
    """
    problems = _refusals(changes)
    if problems:
        raise InvalidArgumentError(
            "these changes cannot be written as events: " + "; ".join(problems)
        )
    groups: dict[str, list[OrgUnit]] = {}  # each added subtree, by the id of its top unit
    top_of: dict[str, str] = {}
    for change in changes.get("added", ()):
        unit: OrgUnit = change.new
        top = top_of.get(unit.parent) if unit.parent is not None else None
        top = unit.id if top is None else top
        top_of[unit.id] = top
        dated = unit if unit.established == on else unit.model_copy(update={"established": on})
        groups.setdefault(top, []).append(dated)
    events = [
        ChangeEvent(
            date=on,
            kind=ChangeKind.ESTABLISH,
            resulting=tuple(u.id for u in units),
            units=tuple(units),
            note=note,
        )
        for units in groups.values()
    ]
    for key, kind in _ONE_FIELD:
        events.extend(
            ChangeEvent(
                date=on,
                kind=kind,
                original=(change.old_id,),
                resulting=(change.new_id,),
                old=change.old,
                new=change.new,
                note=note,
            )
            for change in changes.get(key, ())
        )
    for change in changes.get("changed", ()):
        events.extend(
            ChangeEvent(
                date=on,
                kind=ChangeKind.CHANGE,
                original=(change.old_id,),
                resulting=(change.new_id,),
                field=field,
                old=before,
                new=after,
                note=note,
            )
            for field, (before, after) in change.new.items()
        )
    removed = tuple(change.old_id for change in changes.get("removed", ()))
    if removed:
        events.append(ChangeEvent(date=on, kind=ChangeKind.DISSOLVE, original=removed, note=note))
    return tuple(events)


def _refusals(changes: dict[str, Sequence[Any]]) -> list[str]:
    """List what events cannot say: new ids, and changes of fields no event carries."""
    problems = []
    renumbered = changes.get("reidentified", ())
    if renumbered:
        shown = ", ".join(f"{c.old_id!r} → {c.new_id!r}" for c in renumbered[:3])
        problems.append(
            f"{len(renumbered)} unit(s) changed id ({shown}); events name units by id, so "
            "diff by id or give the units stable ids"
        )
    removed = {c.old_id: c.old for c in changes.get("removed", ())}
    twice = sorted(removed.keys() & {c.new_id for c in changes.get("added", ())})
    if twice:
        problems.append(
            f"{len(twice)} unit(s) both removed and added ({', '.join(map(repr, twice[:3]))}); "
            "an id names one unit in events, so diff by id"
        )
    fields = sorted(
        {field for change in changes.get("changed", ()) for field in change.new} & set(_NOT_EVENTS)
    )
    if fields:
        problems.append(
            f"changes of {', '.join(fields)}, which no event carries (dates are the events' "
            "own; set attributes on the units)"
        )
    return problems
