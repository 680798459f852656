"""The history part of a dataset file: ``changes``, the dated events that led to the units.

The ``units`` section holds the hierarchy as it is now (the latest snapshot, dissolved units
with their ``dissolved`` dates); ``changes`` holds the :class:`~jiceng.history.ChangeEvent`
records that led to it, in the order they are written (those of one date apply in that order).
On load the events are checked against the units: undone from them and replayed again, every
event must hold, or :class:`~jiceng.IntegrityError` lists every problem. :data:`SECTION`
builds the dataset's ``history`` (a :class:`~jiceng.history.ChangeLog`) and writes the events
back, one a line, leaving out the fields at their defaults; a file without events has none.

Examples
--------
>>> import jiceng
>>> log = jiceng.examples.tongchuan().history
>>> [(part.key, part.records) for part in SECTION.dump(log)]
[('changes', True)]
>>> [field.name for field in SECTION.fields]
['changes']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jiceng._section import FileField, FileSection, Written
from jiceng.hierarchy import Hierarchy
from jiceng.history.changelog import ChangeLog
from jiceng.history.events import ChangeEvent

__all__ = ["SECTION"]


def _build(values: Mapping[str, Any], hierarchy: Hierarchy) -> ChangeLog | None:
    """Make the change log from the file's events, or ``None`` where it has none."""
    events = values.get("changes")
    return ChangeLog(events, hierarchy) if events else None


def _dump(log: ChangeLog) -> Iterator[Written]:
    """Write the events, one a line."""
    yield Written.record_list("changes", log.events)


SECTION: FileSection[ChangeLog] = FileSection(
    domain="history",
    engine=ChangeLog,
    fields=(
        FileField(
            "changes",
            list[ChangeEvent] | None,
            "dated change events (设立, 撤销, 更名, …) that led to the units",
        ),
    ),
    build=_build,
    dump=_dump,
    doc=(
        "The history of the units (see :mod:`jiceng.history`): dated change events "
        "(establish, dissolve, rename, recode, move, relevel, change, merge, split) that led "
        "to the units as the file holds them; they make the dataset's ``history`` change log."
    ),
)
"""The history domain's file section: the ``changes`` field, built into ``Dataset.history``."""
