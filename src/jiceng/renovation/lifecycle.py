"""The lifecycle of a renovation project: its stages, the legal steps, and dated changes.

The common sequence is 申报 → 年度计划 → 征求意见 → 方案设计 → 施工 → 竣工验收 → 移交/长效管理.
Along it a project moves one stage at a time. Any stage before hand-over may be suspended (暂停)
and later resumed where it stopped, or cancelled (取消); hand-over and cancellation are final. A
status history may begin at any stage of the sequence (data often starts at the annual plan), but
not suspended or cancelled.

Examples
--------
>>> [status.zh for status in next_statuses(ProjectStatus.PLANNED)]
['征求意见', '暂停', '取消']
>>> StatusChange(status="consulting", on="2021-02-01").status.zh
'征求意见'
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from itertools import pairwise

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.types import Name

__all__ = ["ProjectStatus", "StatusChange", "next_statuses"]


@labels(
    {
        "applied": "申报",
        "planned": "年度计划",
        "consulting": "征求意见",
        "designing": "方案设计",
        "under_construction": "施工",
        "completed": "竣工验收",
        "handed_over": "移交/长效管理",
        "suspended": "暂停",
        "cancelled": "取消",
    }
)
class ProjectStatus(Vocabulary):
    """The stages of a renovation project.

    Examples
    --------
    >>> ProjectStatus.UNDER_CONSTRUCTION.zh
    '施工'
    >>> [status.value for status in next_statuses(ProjectStatus.CONSULTING)]
    ['designing', 'suspended', 'cancelled']
    """

    APPLIED = "applied"
    PLANNED = "planned"
    CONSULTING = "consulting"
    DESIGNING = "designing"
    UNDER_CONSTRUCTION = "under_construction"
    COMPLETED = "completed"
    HANDED_OVER = "handed_over"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


_SEQUENCE = (
    ProjectStatus.APPLIED,
    ProjectStatus.PLANNED,
    ProjectStatus.CONSULTING,
    ProjectStatus.DESIGNING,
    ProjectStatus.UNDER_CONSTRUCTION,
    ProjectStatus.COMPLETED,
    ProjectStatus.HANDED_OVER,
)
"""The stages in order, without the side states (suspended, cancelled)."""

_DONE = frozenset({ProjectStatus.COMPLETED, ProjectStatus.HANDED_OVER})
"""The stages whose households count as renovated."""

_AFTER_CONSTRUCTION_STARTS = frozenset(
    {ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.COMPLETED, ProjectStatus.HANDED_OVER}
)
"""The stages from which a project's funding must cover its measures."""


def next_statuses(
    status: ProjectStatus, *, resumes: ProjectStatus | None = None
) -> tuple[ProjectStatus, ...]:
    """Return the statuses a project may move to from ``status``.

    Along the sequence a project moves one stage at a time. Any stage before hand-over may be
    suspended or cancelled; a suspended project resumes the stage it was suspended in
    (``resumes``) or is cancelled. Hand-over and cancellation are final.

    Examples
    --------
    >>> [s.value for s in next_statuses(ProjectStatus.COMPLETED)]
    ['handed_over']
    >>> [s.value for s in next_statuses(ProjectStatus.SUSPENDED,
    ...                                 resumes=ProjectStatus.DESIGNING)]
    ['designing', 'cancelled']
    >>> next_statuses(ProjectStatus.CANCELLED)
    ()
    """
    if status in (ProjectStatus.HANDED_OVER, ProjectStatus.CANCELLED):
        return ()
    if status is ProjectStatus.SUSPENDED:
        return (resumes, ProjectStatus.CANCELLED) if resumes else (ProjectStatus.CANCELLED,)
    following = _SEQUENCE[_SEQUENCE.index(status) + 1]
    if status is ProjectStatus.COMPLETED:
        return (following,)
    return (following, ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED)


class StatusChange(Record):
    """A project entering a status on a date.

    Examples
    --------
    >>> change = StatusChange(status="planned", on="2021-01-15", note="列入年度计划")
    >>> change.status.zh, change.on.isoformat(), change.note
    ('年度计划', '2021-01-15', '列入年度计划')
    """

    status: ProjectStatus
    on: datetime.date
    note: Name | None = None


def _walk(history: Sequence[StatusChange]) -> str | None:
    """Return why a status history leaves the lifecycle, or ``None`` if it follows it.

    A history may begin at any stage of the sequence, but not suspended or cancelled.

    >>> def changes(*steps):
    ...     return [StatusChange(status=s, on="2021-01-01") for s in steps]
    >>> _walk(changes("planned", "suspended", "planned")) is None
    True
    >>> print(_walk(changes("applied", "designing")))
    applied → designing on 2021-01-01 is not a step of the lifecycle (from applied: planned, suspended, cancelled)
    """  # noqa: E501
    if history and history[0].status not in _SEQUENCE:
        return f"a status history cannot begin {history[0].status.value}"
    resumes: ProjectStatus | None = None
    for before, after in pairwise(history):
        allowed = next_statuses(before.status, resumes=resumes)
        if after.status not in allowed:
            steps = ", ".join(s.value for s in allowed) or "nothing (final)"
            return (
                f"{before.status.value} → {after.status.value} on {after.on} is not a step of "
                f"the lifecycle (from {before.status.value}: {steps})"
            )
        if after.status is ProjectStatus.SUSPENDED:
            resumes = before.status
        elif before.status is not ProjectStatus.SUSPENDED:
            resumes = None
    return None
