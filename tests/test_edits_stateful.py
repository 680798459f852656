"""A state machine of edit batches, valid and invalid, against a plain parent-map model.

Each step records one to four edits (``add``, ``move``, ``remove`` with or without the subtree,
``replace``) naming present, new and missing units, in a batch that either ends normally or
raises inside the ``with`` block. The model applies the same edits to a dict of records and a
dict of ordered child lists: a batch that leaves the model valid must commit exactly the model's
result; any other batch must raise :class:`~jiceng.IntegrityError` (or the block's own exception)
and change nothing. After every step every query agrees with the model.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from jiceng import Hierarchy, IntegrityError, OrgUnit
from jiceng.testing import hierarchies

from .edit_model import Edit, EditModel
from .edit_model import record as record_edits
from .reference import TWO_LEVELS as SCHEME

EDIT_CODES = {"unknown_unit", "duplicate_id"}
STATE_CODES = {"unknown_parent", "cycle", "level_not_admitted", "root_not_allowed"}


class BoomError(Exception):
    """Raised inside a batch's block."""


class Model(EditModel):
    """The edit model, with the checks and answers this machine compares."""

    def state_problems(self) -> bool:
        for unit in self.units.values():
            if unit.parent is None:
                if not SCHEME.may_be_root(unit.level):
                    return True
                continue
            up = self.units.get(unit.parent)
            if up is None or up.level not in SCHEME.parent_levels(unit.level):
                return True
            seen = {unit.id}
            while up is not None:
                if up.id in seen:
                    return True
                seen.add(up.id)
                up = None if up.parent is None else self.units.get(up.parent)
        return False

    # -- answers, from scratch -------------------------------------------------------------

    def below(self, uid: str | None) -> list[str]:
        out: list[str] = []
        stack = list(reversed(self.kids.get(uid, [])))
        while stack:
            top = stack.pop()
            out.append(top)
            stack.extend(reversed(self.kids.get(top, [])))
        return out

    def ancestors(self, uid: str) -> list[str]:
        out = []
        parent = self.units[uid].parent
        while parent is not None:
            out.append(parent)
            parent = self.units[parent].parent
        return out

    def total(self, uid: str) -> int | None:
        own = self.units[uid].households
        if own is not None:
            return own
        values = [v for c in self.kids.get(uid, []) if (v := self.total(c)) is not None]
        return sum(values) if values else None


def unit(uid: str, level: str, parent: str | None, households: int | None) -> OrgUnit:
    return OrgUnit(id=uid, name=f"名{uid}", level=level, parent=parent, households=households)


class EditBatches(RuleBasedStateMachine):
    h: Hierarchy
    model: Model

    def __init__(self) -> None:
        super().__init__()
        self.fresh = 0

    @initialize(h=hierarchies(scheme=SCHEME, max_units=8))
    def start(self, h: Hierarchy) -> None:
        self.h = h
        self.model = Model(list(h))

    def names(self) -> list[str]:
        return [*self.model.units, *(f"u{self.fresh + i}" for i in range(3)), "ghost"]

    def edit(self, data: st.DataObject, previous: str | None) -> Edit:
        """Draw an edit; mostly of present units under nodes, so that many batches are valid.

        ``previous`` is the parent the edit before named: removing it next is made likely.
        """
        names = self.names()
        present = list(self.model.units) or names
        nodes = [u.id for u in self.model.units.values() if u.level == "node"] or names
        kind = data.draw(st.sampled_from(["add", "move", "remove", "remove_keep", "replace"]))
        target = data.draw(
            st.sampled_from(present)
            | st.sampled_from(names)
            | (st.just(previous) if previous is not None else st.nothing())
        )
        parent = data.draw(st.sampled_from(nodes) | st.none() | st.sampled_from(names))
        level = data.draw(st.sampled_from(["node", "node", "leaf"]))
        households = data.draw(st.none() | st.integers(0, 500))
        if kind in {"add", "replace"}:
            if kind == "add":
                target = data.draw(st.sampled_from(names[-4:]) | st.sampled_from(names))
            return (kind, unit(target, level, parent, households), None)
        if kind == "move":
            return (kind, target, parent)
        return ("remove", target, kind == "remove")

    @rule(data=st.data(), size=st.integers(1, 4), raise_after=st.none() | st.integers(0, 4))
    def batch(self, data: st.DataObject, size: int, raise_after: int | None) -> None:
        edits: list[Edit] = []
        previous: str | None = None
        for _ in range(size):
            edits.append(self.edit(data, previous))
            kind, first, second = edits[-1]
            if isinstance(first, OrgUnit):
                previous = first.parent
            elif kind == "move":
                previous = None if second is None else str(second)
        before = list(self.h)
        after = self.model.copy()
        edit_codes = after.apply(edits)
        valid = not edit_codes and not after.state_problems()
        self.fresh += 3
        try:
            with self.h.edit() as batch:
                record_edits(batch, edits[:raise_after])
                if raise_after is not None and raise_after < len(edits):
                    raise BoomError
        except BoomError:
            assert raise_after is not None
            assert raise_after < size
            assert list(self.h) == before
            return
        except IntegrityError as error:
            assert not valid, error.problems
            assert edit_codes <= set(error.codes) <= edit_codes | STATE_CODES
            assert list(self.h) == before
            return
        assert valid
        self.model = after

    @invariant()
    def queries_agree_with_the_model(self) -> None:
        h, model = self.h, self.model
        assert [unit.id for unit in h] == model.below(None)
        assert [unit.id for unit in h.roots()] == model.kids.get(None, [])
        assert len(h) == len(model.units)
        assert h.level_counts() == {
            key: Counter(u.level for u in model.units.values())[key] for key in SCHEME.keys
        }
        assert h.totals("households") == {uid: model.total(uid) for uid in model.below(None)}
        for uid, record in model.units.items():
            assert h[uid] == record
            parent = h.parent(uid)
            assert (None if parent is None else parent.id) == record.parent
            assert [c.id for c in h.children(uid)] == model.kids.get(uid, [])
            ancestors = model.ancestors(uid)
            assert [a.id for a in h.ancestors(uid)] == ancestors
            assert [d.id for d in h.descendants(uid)] == model.below(uid)
            assert h.depth(uid) == len(ancestors)
            assert h.root_of(uid).id == (ancestors[-1] if ancestors else uid)
            assert h.total(uid, "households") == model.total(uid)
        sample = list(model.units)[:12]
        for a in sample:
            for b in sample:
                assert h.is_ancestor(a, b) == (a in model.ancestors(b))
                assert h.within(a, b) == (a == b or b in model.ancestors(a))


EditBatches.TestCase.settings = settings(
    max_examples=50, stateful_step_count=20, deadline=None, database=None
)
test_edit_batches = EditBatches.TestCase


@pytest.mark.parametrize("raise_after", [0, 2])
def test_an_exception_inside_the_block_discards_the_batch(raise_after: int) -> None:
    h = Hierarchy([unit("a", "node", None, 3), unit("b", "leaf", "a", 2)], SCHEME)
    before = list(h)
    with pytest.raises(BoomError), h.edit() as batch:
        for i, uid in enumerate(["c", "d", "e"]):
            if i == raise_after:
                raise BoomError
            batch.add(unit(uid, "node", "a", None))
    assert list(h) == before
