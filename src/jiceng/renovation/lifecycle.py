"""The lifecycle of a renovation project: its stages, the legal steps, and dated changes.

The stage sequence is a common one, not a national list: a :class:`Lifecycle` record holds the
stages in order, and a renovation policy names the one it uses. The default,
:data:`COMMON_LIFECYCLE`, is 申报 → 年度计划 → 征求意见 → 方案设计 → 施工 → 竣工验收 →
移交/长效管理;
:data:`BOTTOM_UP_LIFECYCLE` starts from the residents: 居民申请 → 意愿征询 → 申报 → …. Along the
sequence a project moves one stage at a time. Any stage before the last may be suspended (暂停)
and later resumed where it stopped, or cancelled (取消); the last stage and cancellation are
final. A status history may begin at any stage of the sequence (data often starts at the annual
plan), but not suspended or cancelled.

Examples
--------
>>> [status.zh for status in next_statuses(ProjectStatus.PLANNED)]
['征求意见', '暂停', '取消']
>>> [status.zh for status in BOTTOM_UP_LIFECYCLE.stages[:3]]
['居民申请', '意愿征询', '申报']
>>> StatusChange(status="consulting", on="2021-02-01").status.zh
'征求意见'
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from itertools import pairwise
from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.types import Key, Name

__all__ = [
    "BOTTOM_UP_LIFECYCLE",
    "COMMON_LIFECYCLE",
    "Lifecycle",
    "ProjectStatus",
    "StatusChange",
    "next_statuses",
]


@labels(
    {
        "requested": "居民申请",
        "willingness": "意愿征询",
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
    """The stages of a renovation project, and the two side states (suspended, cancelled).

    ``requested`` (居民申请, residents ask for renovation) and ``willingness`` (意愿征询, residents
    are asked whether they want to be included) are stages of the bottom-up lifecycle only.

    Examples
    --------
    >>> ProjectStatus.UNDER_CONSTRUCTION.zh
    '施工'
    >>> [status.value for status in next_statuses(ProjectStatus.CONSULTING)]
    ['designing', 'suspended', 'cancelled']
    """

    REQUESTED = "requested"
    WILLINGNESS = "willingness"
    APPLIED = "applied"
    PLANNED = "planned"
    CONSULTING = "consulting"
    DESIGNING = "designing"
    UNDER_CONSTRUCTION = "under_construction"
    COMPLETED = "completed"
    HANDED_OVER = "handed_over"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


_SIDE = frozenset({ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED})
"""The side states: not stages of any lifecycle."""


class Lifecycle(Record):
    """A sequence of project stages and the steps allowed between them.

    Along ``stages`` a project moves one stage at a time. Any stage before the last may be
    suspended, and a suspended project resumes the stage it was suspended in or is cancelled;
    any stage before the last may be cancelled. The last stage and cancellation are final.

    Parameters
    ----------
    key
        A short key, e.g. ``"common"``.
    stages
        The stages in order, each once, without ``suspended`` or ``cancelled``.
    source
        Where the sequence comes from.

    Examples
    --------
    >>> short = Lifecycle(key="short", stages=["planned", "under_construction", "completed"],
    ...                   source="illustrative")
    >>> [s.value for s in short.next_statuses(ProjectStatus.PLANNED)]
    ['under_construction', 'suspended', 'cancelled']
    >>> from pydantic import ValidationError
    >>> try:
    ...     Lifecycle(key="bad", stages=["planned", "cancelled"], source="illustrative")
    ... except ValidationError as error:
    ...     print(error.errors()[0]["type"])
    lifecycle_stages
    """

    key: Key
    stages: Annotated[tuple[ProjectStatus, ...], Field(min_length=1)]
    source: Name

    @model_validator(mode="after")
    def _check_stages(self) -> Self:
        side = [s.value for s in self.stages if s in _SIDE]
        twice = sorted({s.value for s in self.stages if self.stages.count(s) > 1})
        if side or twice:
            raise PydanticCustomError(
                "lifecycle_stages",
                "a lifecycle lists each stage once and no side state; side states: {side}; "
                "given twice: {twice}",
                {"side": ", ".join(side) or "none", "twice": ", ".join(twice) or "none"},
            )
        return self

    def next_statuses(
        self, status: ProjectStatus, *, resumes: ProjectStatus | None = None
    ) -> tuple[ProjectStatus, ...]:
        """Return the statuses a project may move to from ``status`` in this lifecycle.

        A status that is not one of the stages (nor a side state) has no next step.

        Examples
        --------
        >>> [s.value for s in BOTTOM_UP_LIFECYCLE.next_statuses(ProjectStatus.WILLINGNESS)]
        ['applied', 'suspended', 'cancelled']
        >>> COMMON_LIFECYCLE.next_statuses(ProjectStatus.WILLINGNESS)
        ()
        """
        if status is ProjectStatus.CANCELLED:
            return ()
        if status is ProjectStatus.SUSPENDED:
            return (resumes, ProjectStatus.CANCELLED) if resumes else (ProjectStatus.CANCELLED,)
        if status not in self.stages or status is self.stages[-1]:
            return ()
        following = self.stages[self.stages.index(status) + 1]
        if following is self.stages[-1] and status is ProjectStatus.COMPLETED:
            return (following,)  # a completed project is handed over, no longer suspended
        return (following, ProjectStatus.SUSPENDED, ProjectStatus.CANCELLED)


COMMON_LIFECYCLE = Lifecycle(
    key="common",
    stages=(
        ProjectStatus.APPLIED,
        ProjectStatus.PLANNED,
        ProjectStatus.CONSULTING,
        ProjectStatus.DESIGNING,
        ProjectStatus.UNDER_CONSTRUCTION,
        ProjectStatus.COMPLETED,
        ProjectStatus.HANDED_OVER,
    ),
    source="a common sequence: 国办发〔2020〕23号 describes the work, not a list of stages",
)
"""The default lifecycle: 申报 → 年度计划 → 征求意见 → 方案设计 → 施工 → 竣工验收 → 移交/长效管理.

A common sequence, not a national list: 国办发〔2020〕23号 describes the work (surveys,
applications, annual plans, consulting residents, design, construction, acceptance, long-term
management) without fixing stages; each city sets its own.

Examples
--------
>>> [s.zh for s in COMMON_LIFECYCLE.stages]
['申报', '年度计划', '征求意见', '方案设计', '施工', '竣工验收', '移交/长效管理']
"""

BOTTOM_UP_LIFECYCLE = Lifecycle(
    key="bottom_up",
    stages=(
        ProjectStatus.REQUESTED,
        ProjectStatus.WILLINGNESS,
        *COMMON_LIFECYCLE.stages,
    ),
    source="illustrative: residents' request and 意愿征询 before 申报, as bottom-up programmes do",
)
"""A bottom-up lifecycle: residents ask (居民申请) and are asked (意愿征询) before 申报.

Illustrative, after the programmes that start from residents' requests; otherwise as
:data:`COMMON_LIFECYCLE`.

Examples
--------
>>> [s.value for s in BOTTOM_UP_LIFECYCLE.stages][:4]
['requested', 'willingness', 'applied', 'planned']
"""

_DONE = frozenset({ProjectStatus.COMPLETED, ProjectStatus.HANDED_OVER})
"""The stages whose households count as renovated."""

_AFTER_CONSTRUCTION_STARTS = frozenset(
    {ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.COMPLETED, ProjectStatus.HANDED_OVER}
)
"""The stages from which a project's funding must cover its measures."""


def next_statuses(
    status: ProjectStatus,
    *,
    resumes: ProjectStatus | None = None,
    lifecycle: Lifecycle = COMMON_LIFECYCLE,
) -> tuple[ProjectStatus, ...]:
    """Return the statuses a project may move to from ``status`` (default: the common lifecycle).

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
    >>> [s.value for s in next_statuses(ProjectStatus.REQUESTED, lifecycle=BOTTOM_UP_LIFECYCLE)]
    ['willingness', 'suspended', 'cancelled']
    """
    return lifecycle.next_statuses(status, resumes=resumes)


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


def _walk(history: Sequence[StatusChange], lifecycle: Lifecycle = COMMON_LIFECYCLE) -> str | None:
    """Return why a status history leaves the lifecycle, or ``None`` if it follows it.

    A history may begin at any stage of the lifecycle, but not suspended or cancelled.

    >>> def changes(*steps):
    ...     return [StatusChange(status=s, on="2021-01-01") for s in steps]
    >>> _walk(changes("planned", "suspended", "planned")) is None
    True
    >>> print(_walk(changes("applied", "designing")))
    applied → designing on 2021-01-01 is not a step of the lifecycle (from applied: planned, suspended, cancelled)
    """  # noqa: E501
    if history and history[0].status not in lifecycle.stages:
        return (
            f"a status history cannot begin {history[0].status.value}: not a stage of the "
            f"{lifecycle.key} lifecycle"
        )
    resumes: ProjectStatus | None = None
    for before, after in pairwise(history):
        allowed = lifecycle.next_statuses(before.status, resumes=resumes)
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
