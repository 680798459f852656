"""Builders shared by the analysis tests: hierarchies with joint and regional leadership.

:func:`led_hierarchies` draws a hierarchy from :func:`jiceng.testing.unit_lists` and then lets
some units be led by a joint branch or a regional organisation (valid by construction: a joint
leader at the unit's own level with at most four others, a regional one at its level or above,
leaders with organisations of their own), marks some as approved exceptions, and records some
branch committees and probationary members.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from jiceng import Hierarchy, OrgStatus, OrgUnit
from jiceng.analysis import APPROVED_EXCEPTION_KEY, BRANCH_COMMITTEE_KEY
from jiceng.testing import unit_lists

_LED = (OrgStatus.JOINT, OrgStatus.REGIONAL)


def children_of(h: Hierarchy) -> dict[str, list[OrgUnit]]:
    """Every unit's children, from the raw parent ids (in hierarchy order)."""
    out: dict[str, list[OrgUnit]] = {unit.id: [] for unit in h}
    for unit in h:
        if unit.parent is not None:
            out[unit.parent].append(unit)
    return out


def subtree_ids(h: Hierarchy, uid: str) -> set[str]:
    """The ids of a unit and everything below it, from the raw parent ids."""
    kids = children_of(h)
    found = {uid}
    stack = [uid]
    while stack:
        for child in kids[stack.pop()]:
            found.add(child.id)
            stack.append(child.id)
    return found


@st.composite
def led_hierarchies(draw: st.DrawFn, *, max_units: int = 30, **options: Any) -> Hierarchy:
    """A hierarchy where some units are led by joint or regional organisations."""
    scheme, units = draw(unit_lists(max_units=max_units, **options))
    rank = {key: i for i, key in enumerate(scheme.keys)}
    led: set[str] = set()
    leaders: set[str] = set()
    joined: dict[str, int] = {}
    changes: dict[str, dict[str, Any]] = {}
    own = [u for u in units if u.org_status in (None, OrgStatus.OWN)]
    for unit in own:
        choice = draw(st.sampled_from(["keep", "keep", "joint", "regional"]))
        if choice == "keep" or unit.id in leaders:
            continue
        candidates = [
            v
            for v in own
            if v.id != unit.id
            and v.id not in led
            and (
                (choice == "joint" and v.level == unit.level and joined.get(v.id, 0) < 4)
                or (choice == "regional" and rank[v.level] <= rank[unit.level])
            )
        ]
        if not candidates:
            continue
        leader = draw(st.sampled_from(candidates))
        led.add(unit.id)
        leaders.add(leader.id)
        if choice == "joint":
            joined[leader.id] = joined.get(leader.id, 0) + 1
        changes[unit.id] = {"org_status": OrgStatus(choice), "led_by": leader.id}
    out = []
    for unit in units:
        update = dict(changes.get(unit.id, {}))
        attributes: dict[str, Any] = {}
        if draw(st.integers(0, 4)) == 0:
            attributes[APPROVED_EXCEPTION_KEY] = "批复"
        if draw(st.integers(0, 3)) == 0:
            attributes[BRANCH_COMMITTEE_KEY] = draw(st.sampled_from([0, 3, 5, "yes"]))
        if attributes:
            update["attributes"] = attributes
        out.append(unit.model_copy(update=update) if update else unit)
    return Hierarchy(out, scheme)


def ref_totals(h: Hierarchy, field: str) -> dict[str, int | None]:
    """Every unit's total recomputed from the raw records: recorded, else the children's sum."""
    kids = children_of(h)
    out: dict[str, int | None] = {}
    for root in [u for u in h if u.parent is None]:
        stack: list[tuple[OrgUnit, bool]] = [(root, False)]
        while stack:
            unit, done = stack.pop()
            if not done:
                stack.append((unit, True))
                stack.extend((child, False) for child in kids[unit.id])
                continue
            recorded = getattr(unit, field)
            if recorded is not None:
                out[unit.id] = recorded
            else:
                below = [out[c.id] for c in kids[unit.id] if out[c.id] is not None]
                out[unit.id] = sum(v for v in below if v is not None) if below else None
    return out
