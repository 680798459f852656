from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given

from jiceng import Hierarchy, IntegrityError, Portfolio, ProjectStatus, RenovationProject
from jiceng.renovation import StatusChange, next_statuses
from jiceng.testing.renovation import renovation_projects

from .data import project

S = ProjectStatus


@pytest.mark.parametrize(
    ("status", "resumes", "steps"),
    [
        (S.APPLIED, None, (S.PLANNED, S.SUSPENDED, S.CANCELLED)),
        (S.CONSULTING, None, (S.DESIGNING, S.SUSPENDED, S.CANCELLED)),
        (S.UNDER_CONSTRUCTION, None, (S.COMPLETED, S.SUSPENDED, S.CANCELLED)),
        (S.COMPLETED, None, (S.HANDED_OVER,)),
        (S.HANDED_OVER, None, ()),
        (S.CANCELLED, None, ()),
        (S.SUSPENDED, S.DESIGNING, (S.DESIGNING, S.CANCELLED)),
        (S.SUSPENDED, None, (S.CANCELLED,)),
    ],
)
def test_next_statuses(
    status: ProjectStatus, resumes: ProjectStatus | None, steps: tuple[ProjectStatus, ...]
) -> None:
    assert next_statuses(status, resumes=resumes) == steps


def test_status_changes() -> None:
    change = StatusChange(status="planned", on="2021-01-15")
    assert (change.status, change.status.zh, change.note) == (S.PLANNED, "年度计划", None)
    assert [s.zh for s in ProjectStatus][-2:] == ["暂停", "取消"]


def test_reversed_and_resumed_histories(town: Hierarchy) -> None:
    def history(*steps: str) -> list[dict[str, str]]:
        return [{"status": s, "on": f"2021-04-{i + 10}"} for i, s in enumerate(steps)]

    ok = project(history=history("applied", "planned", "suspended", "planned", "consulting"))
    assert Portfolio([ok], town).get("p1").status is S.CONSULTING
    for bad in (
        history("applied", "planned", "applied"),
        history("applied", "planned", "suspended", "consulting"),
        history("applied", "cancelled", "planned"),
        history(
            "applied",
            "planned",
            "consulting",
            "designing",
            "under_construction",
            "completed",
            "handed_over",
            "suspended",
        ),
    ):
        with pytest.raises(IntegrityError) as caught:
            Portfolio([project(history=bad)], town)
        assert caught.value.codes == ("illegal_transition",)


def test_illegal_transition_names_the_step(town: Hierarchy) -> None:
    skips = project(
        history=[
            {"status": "applied", "on": "2021-01-01"},
            {"status": "designing", "on": "2021-02-01"},
        ]
    )
    with pytest.raises(IntegrityError) as caught:
        Portfolio([skips], town)
    assert caught.value.problems[0].message == (
        "applied → designing on 2021-02-01 is not a step of the lifecycle "
        "(from applied: planned, suspended, cancelled)"
    )


def test_a_history_cannot_begin_suspended_or_cancelled(town: Hierarchy) -> None:
    for first in ("suspended", "cancelled"):
        with pytest.raises(IntegrityError) as caught:
            Portfolio([project(history=[{"status": first, "on": "2021-01-01"}])], town)
        assert caught.value.codes == ("illegal_transition",)
        assert caught.value.problems[0].message == (
            f"a status history cannot begin {first}: not a stage of the common lifecycle"
        )
    later = project(history=[{"status": "planned", "on": "2021-01-01"}], consultations=[])
    assert Portfolio([later], town).get("p1").status is S.PLANNED  # data may begin at the plan


@given(renovation_projects())
def test_generated_histories_are_walks_of_the_lifecycle(p: RenovationProject) -> None:
    resumes = None
    for a, b in pairwise(p.history):
        assert b.status in next_statuses(a.status, resumes=resumes)
        assert a.on <= b.on
        if b.status is S.SUSPENDED:
            resumes = a.status
        elif a.status is not S.SUSPENDED:
            resumes = None
