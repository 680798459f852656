"""History: snapshots compared, the hierarchy on a date, and dated change events.

- :func:`diff` — the differences between two snapshots (:class:`HierarchyDiff`: units added,
  removed, renamed, moved, relevelled, recoded, changed; merges and splits inferred), which can
  be applied, inverted and turned into events (:meth:`HierarchyDiff.events`);
- :meth:`jiceng.Hierarchy.as_of` — the units that stand on a date, by their own
  ``established`` and ``dissolved`` dates;
- :class:`ChangeEvent`, :class:`ChangeKind`, :class:`Transfer` — dated events modelled on the
  W3C Organization Ontology's ``org:ChangeEvent`` (设立, 撤销, 更名, 区划代码变更, 隶属关系调整,
  合并, 拆分, …);
- :func:`replay`, :func:`undo` — a hierarchy taken forwards or backwards through events;
- :class:`ChangeLog` — the events of a dataset file's ``changes`` section, on its hierarchy
  (``dataset.history``), with :meth:`ChangeLog.on` for the hierarchy as it stood on a date.

Examples
--------
>>> import datetime, jiceng
>>> district = jiceng.examples.tongchuan()
>>> then = district.history.on(datetime.date(2020, 6, 30))
>>> then["baige"].code, district.hierarchy["baige"].code
('511702004001', '511702004012')
>>> [change.new for change in jiceng.diff(then, district.hierarchy).recoded][:1]
['511702004012']
"""

from jiceng.history.changelog import ChangeLog, replay, undo
from jiceng.history.differences import (
    DIFF_KINDS,
    HierarchyDiff,
    InferredChange,
    Match,
    UnitChange,
    diff,
)
from jiceng.history.events import FIELD_KINDS, ChangeEvent, ChangeKind, FieldValue, Transfer

__all__ = [
    "DIFF_KINDS",
    "FIELD_KINDS",
    "ChangeEvent",
    "ChangeKind",
    "ChangeLog",
    "FieldValue",
    "HierarchyDiff",
    "InferredChange",
    "Match",
    "Transfer",
    "UnitChange",
    "diff",
    "replay",
    "undo",
]
