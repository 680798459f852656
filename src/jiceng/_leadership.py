"""Checks of which organisation leads a territory: ``org_status`` and ``led_by`` between units.

A unit with ``org_status`` ``joint`` or ``regional`` has no organisation of its own and names in
``led_by`` the unit whose organisation leads it. :func:`leadership_problems` checks those
references across the units, as the hierarchy's index checks parents; totals and queries do not
use them. A joint branch (联合党支部) joins at most :data:`JOINT_BRANCH_LIMIT` units of one level;
a regional organisation (区域联建) may lead any number of units at its level or below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import attrgetter

from jiceng.errors import Problem
from jiceng.levels import LevelScheme, OrgStatus
from jiceng.units import OrgUnit

__all__ = ["JOINT_BRANCH_LIMIT", "LEADERSHIP_PROBLEMS", "leadership_problems"]

JOINT_BRANCH_LIMIT = 5
"""The most units one joint branch (联合党支部) joins, the unit it is based at included.

The limit of 中国共产党支部工作条例（试行） Art. 4 (a joint branch of no more than five units)."""

LEADERSHIP_PROBLEMS = (
    "leader_missing",
    "leader_unexpected",
    "unknown_leader",
    "leader_not_leading",
    "leader_level",
    "joint_branch_too_large",
)
"""The problem codes of :func:`leadership_problems`, in the order they are reported."""

_LED = frozenset({OrgStatus.JOINT, OrgStatus.REGIONAL})


def leadership_problems(
    units: Sequence[OrgUnit],
    position: Mapping[str, int],
    scheme: LevelScheme,
    *,
    partial: bool = False,
) -> list[Problem]:
    """Every problem with the units' ``org_status`` and ``led_by``, grouped by code.

    ``position`` maps each id to its unit's index in ``units``. With ``partial`` (the units are
    part of a hierarchy, such as a subtree) a leader outside them is not a problem. Units that
    record neither field cost one pass at C speed; the rest are checked one by one, in input
    order within each code.

    >>> from jiceng.levels import URBAN_FIVE_LEVEL
    >>> units = [OrgUnit(id="a", name="甲小区", level="compound"),
    ...          OrgUnit(id="b", name="乙小区", level="compound", org_status="joint", led_by="a"),
    ...          OrgUnit(id="c", name="丙小区", level="compound", org_status="joint")]
    >>> [p.code for p in leadership_problems(units, {"a": 0, "b": 1, "c": 2}, URBAN_FIVE_LEVEL)]
    ['leader_missing']
    """
    statuses = list(map(attrgetter("org_status"), units))
    leaders = list(map(attrgetter("led_by"), units))
    n = len(units)
    if statuses.count(None) == n and leaders.count(None) == n:
        return []
    found: dict[str, list[Problem]] = {code: [] for code in LEADERSHIP_PROBLEMS}
    rank = {key: i for i, key in enumerate(scheme.keys)}
    joined: dict[str, list[str]] = {}
    for unit, status, leader_id in zip(units, statuses, leaders, strict=True):
        if status is None and leader_id is None:
            continue
        uid = unit.id
        if status in _LED and leader_id is None:
            found["leader_missing"].append(
                Problem(
                    "leader_missing",
                    (uid,),
                    f"unit {uid!r} is led by a {status} organisation but names no led_by unit",
                )
            )
            continue
        if leader_id is None:
            continue
        if status not in _LED:
            found["leader_unexpected"].append(
                Problem(
                    "leader_unexpected",
                    (uid, leader_id),
                    f"unit {uid!r} names led_by {leader_id!r} but its org_status is "
                    f"{'not given' if status is None else repr(str(status))}; a led unit's "
                    "status is 'joint' or 'regional'",
                )
            )
            continue
        p = position.get(leader_id)
        if p is None:
            if partial:
                continue
            found["unknown_leader"].append(
                Problem(
                    "unknown_leader",
                    (uid, leader_id),
                    f"unit {uid!r} is led by {leader_id!r}, which is not in the hierarchy",
                )
            )
            continue
        leader = units[p]
        if leader_id == uid or statuses[p] not in (None, OrgStatus.OWN):
            found["leader_not_leading"].append(
                Problem(
                    "leader_not_leading",
                    (uid, leader_id),
                    f"unit {uid!r} is led by {leader_id!r}, which has no organisation of its own",
                )
            )
            continue
        mine, theirs = rank.get(unit.level), rank.get(leader.level)
        if mine is not None and theirs is not None:
            joint = status is OrgStatus.JOINT
            if (joint and theirs != mine) or theirs > mine:
                where = "at its own level" if joint else "at its level or above"
                found["leader_level"].append(
                    Problem(
                        "leader_level",
                        (uid, leader_id),
                        f"unit {uid!r} at level {unit.level!r} is led by {leader_id!r} at level "
                        f"{leader.level!r}; a {status} organisation is based {where}",
                    )
                )
                continue
        if status is OrgStatus.JOINT:
            joined.setdefault(leader_id, []).append(uid)
    for leader_id, members in joined.items():
        if len(members) + 1 > JOINT_BRANCH_LIMIT:
            found["joint_branch_too_large"].append(
                Problem(
                    "joint_branch_too_large",
                    (leader_id, *members),
                    f"the joint branch based at {leader_id!r} joins {len(members) + 1} units; "
                    f"a joint branch joins at most {JOINT_BRANCH_LIMIT}",
                )
            )
    return [problem for code in LEADERSHIP_PROBLEMS for problem in found[code]]
