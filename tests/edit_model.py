"""A plain model of edit batches for the tests: records by id and each parent's children.

It applies the edits of a batch the way :class:`jiceng.EditBatch` documents them (an added or
moved unit becomes its parent's last child, a replace keeps its place unless its parent
changes, a removal without the subtree lifts the children into its place), on dicts and lists,
so a test can rebuild a hierarchy from its records and compare every query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from jiceng import EditBatch, OrgUnit

Edit = tuple[str, object, object]
"""``("add" | "replace", unit, None)``, ``("move", id, parent)`` or ``("remove", id, subtree)``."""


def record(batch: EditBatch, edits: Iterable[Edit]) -> None:
    """Record edits in a batch, in order."""
    for kind, first, second in edits:
        if kind == "add":
            batch.add(first)  # type: ignore[arg-type]
        elif kind == "replace":
            batch.replace(first)  # type: ignore[arg-type]
        elif kind == "move":
            batch.move(first, second)  # type: ignore[arg-type]
        else:
            batch.remove(first, subtree=bool(second))  # type: ignore[arg-type]


class EditModel:
    """Records by id and each parent's children in order (``None``: the roots)."""

    def __init__(self, units: Iterable[OrgUnit]) -> None:
        self.units: dict[str, OrgUnit] = {}
        self.kids: dict[str | None, list[str]] = {}
        for unit in units:
            self.units[unit.id] = unit
            self.kids.setdefault(unit.parent, []).append(unit.id)

    def copy(self) -> Self:
        other = type(self)([])
        other.units = dict(self.units)
        other.kids = {key: list(value) for key, value in self.kids.items()}
        return other

    def apply(self, edits: Iterable[Edit]) -> set[str]:
        """Apply the edits in order, skipping those that name nothing; return their codes."""
        codes: set[str] = set()
        for kind, first, second in edits:
            if kind == "add":
                assert isinstance(first, OrgUnit)
                if first.id in self.units:
                    codes.add("duplicate_id")
                    continue
                self.units[first.id] = first
                self.kids.setdefault(first.parent, []).append(first.id)
                continue
            uid = first.id if isinstance(first, OrgUnit) else str(first)
            old = self.units.get(uid)
            if old is None:
                codes.add("unknown_unit")
                continue
            if kind in {"replace", "move"}:
                new = (
                    first
                    if isinstance(first, OrgUnit)
                    else old.model_copy(update={"parent": second})
                )
                self.units[uid] = new
                if new.parent != old.parent:  # a new parent: its last child
                    self.kids[old.parent].remove(uid)
                    self.kids.setdefault(new.parent, []).append(uid)
                elif kind == "move":  # moved to its own parent: its last child all the same
                    self.kids[old.parent].remove(uid)
                    self.kids[old.parent].append(uid)
            elif second:  # remove with the subtree
                self.kids[old.parent].remove(uid)
                doomed = [uid]
                while doomed:
                    gone = doomed.pop()
                    if self.units.pop(gone, None) is not None:
                        doomed.extend(self.kids.pop(gone, []))
            else:  # remove; the children, in order, take its place among its siblings
                lifted = [c for c in self.kids.pop(uid, []) if c != uid]
                del self.units[uid]
                if old.parent == uid:  # its own parent: the children keep a missing parent
                    self.kids[uid] = lifted
                    continue
                siblings = self.kids[old.parent]
                at = siblings.index(uid)
                siblings[at : at + 1] = lifted
                for child in lifted:
                    self.units[child] = self.units[child].model_copy(update={"parent": old.parent})
        return codes

    def below(self, uid: str | None) -> list[str]:
        """The ids under ``uid`` (``None``: every root's tree) in pre-order."""
        out: list[str] = []
        seen = {uid}  # a batch's drawing may pass through a cycle
        stack = list(reversed(self.kids.get(uid, [])))
        while stack:
            top = stack.pop()
            if top in seen:
                continue
            seen.add(top)
            out.append(top)
            stack.extend(reversed(self.kids.get(top, [])))
        return out

    def records(self) -> list[OrgUnit]:
        """The records in pre-order, then those that no root reaches (a cycle, a lost parent)."""
        order = self.below(None)
        reached = set(order)
        return [self.units[uid] for uid in order] + [
            unit for uid, unit in self.units.items() if uid not in reached
        ]
