"""Edit batches: changes to a :class:`~jiceng.Hierarchy`, applied all together or not at all.

A batch records edits (:meth:`EditBatch.add`, :meth:`~EditBatch.move`, :meth:`~EditBatch.remove`,
:meth:`~EditBatch.replace`) inside ``with hierarchy.edit() as batch:``; when the block ends the
edits apply in the order recorded, each seeing the ones before it, and the hierarchy either takes
the result whole or raises :class:`~jiceng.IntegrityError` listing every problem and stays exactly
as it was. An exception inside the block discards the batch.

The examples use :func:`jiceng.examples.mafangba`, a six-unit excerpt of the bundled district::

    朝阳街道 cy
    └── 马房坝社区 mfb
        ├── 秋棠片区 qt
        │   └── 春兰小区 cl (241 households)
        │       └── 1栋 cl-1 (48 households)
        └── 永泰片区 yt

Examples
--------
>>> from jiceng.examples import mafangba
>>> h = mafangba()
>>> with h.edit() as batch:
...     batch.move("cl", "yt")
>>> [unit.name for unit in h.ancestors("cl-1")]
['春兰小区', '永泰片区', '马房坝社区', '朝阳街道']
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Literal, Protocol, Self, runtime_checkable

import attrs

from jiceng.errors import EditBatchError, JicengTypeError, Problem
from jiceng.units import OrgUnit

__all__ = ["EditBatch", "Editable", "UnitRef", "unit_key"]

UnitRef = str | OrgUnit
"""A unit given by its id or by its record."""


@runtime_checkable
class Editable(Protocol):
    """What an edit batch needs of the hierarchy it edits.

    Examples
    --------
    >>> from jiceng import Hierarchy
    >>> isinstance(Hierarchy([]), Editable)
    True
    """

    def __iter__(self) -> Iterator[OrgUnit]:
        """Iterate over the units in hierarchy order."""
        ...

    def _commit(
        self,
        edit: Callable[[Iterable[OrgUnit]], tuple[list[OrgUnit], list[Problem]]],
        edits: Sequence[tuple[str, Any, Any]] = (),
    ) -> None:
        """Under the hierarchy's lock, apply ``edits``, or raise and keep the units.

        ``edit`` gives the same result from the units, for a batch checked in full.
        """
        ...


def unit_key(ref: UnitRef) -> str:
    """Return the id of a unit given by its id or record.

    >>> unit_key("mfb"), unit_key(OrgUnit(id="cl", name="春兰小区", level="compound"))
    ('mfb', 'cl')
    """
    return ref.id if isinstance(ref, OrgUnit) else ref


@attrs.define(slots=True, eq=False)
class EditBatch:
    """A batch of edits to a :class:`~jiceng.Hierarchy`, applied all together or not at all.

    Obtain one from :meth:`jiceng.Hierarchy.edit` and use it as a context manager. Each method
    records an edit; edits apply in the order recorded, each seeing the ones before it, when the
    ``with`` block ends.

    Examples
    --------
    >>> from jiceng.examples import mafangba
    >>> h = mafangba()
    >>> with h.edit() as batch:
    ...     batch.replace(h["cl"].model_copy(update={"households": 245}))
    ...     batch.remove("yt")
    >>> h.total("mfb", "households"), "yt" in h
    (245, False)
    """

    _hierarchy: Editable
    _edits: list[tuple[str, Any, Any]] = attrs.field(factory=list)
    _state: Literal["new", "open", "closed"] = "new"

    def __enter__(self) -> Self:
        """Open the batch."""
        if self._state != "new":
            raise EditBatchError("an edit batch can be used only once")
        self._state = "open"
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: types.TracebackType | None,
    ) -> None:
        """Apply the batch, or discard it if the block raised."""
        self._state = "closed"
        if exc_type is None:
            self._apply()

    def _record(self, edit: str, first: Any, second: Any = None) -> None:
        if self._state != "open":
            raise EditBatchError("edits are recorded inside `with hierarchy.edit() as batch:`")
        self._edits.append((edit, first, second))

    def add(self, unit: OrgUnit) -> None:
        """Add a unit; it becomes the last child of its parent.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> with h.edit() as batch:
        ...     batch.add(OrgUnit(id="yt-1", name="永泰小区", level="compound", parent="yt"))
        >>> h.parent("yt-1").name
        '永泰片区'
        """
        if not isinstance(unit, OrgUnit):
            raise JicengTypeError(f"add() takes an OrgUnit, got {type(unit)!r}")
        self._record("add", unit)

    def move(self, ref: UnitRef, new_parent: UnitRef | None) -> None:
        """Give a unit (with its subtree) a new parent, as its last child; ``None`` makes a root.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> with h.edit() as batch:
        ...     batch.move("cl", "yt")
        >>> [unit.id for unit in h.ancestors("cl-1")]
        ['cl', 'yt', 'mfb', 'cy']
        """
        self._record("move", unit_key(ref), None if new_parent is None else unit_key(new_parent))

    def remove(self, ref: UnitRef, *, subtree: bool = True) -> None:
        """Remove a unit: with its subtree, or (``subtree=False``) moving its children up.

        Children moved up take the removed unit's place among their new siblings, in their
        order, including children added or moved to the unit earlier in the batch: a batch gives
        the hierarchy that the same edits give in separate batches.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> with h.edit() as batch:
        ...     batch.remove("qt")
        >>> [unit.id for unit in h]
        ['cy', 'mfb', 'yt']
        """
        self._record("remove", unit_key(ref), subtree)

    def replace(self, unit: OrgUnit) -> None:
        """Replace the unit that has ``unit.id`` with ``unit``.

        With the same parent the unit keeps its place among its siblings. With a new parent it
        becomes the new parent's last child, as after :meth:`move`, with its subtree.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> with h.edit() as batch:
        ...     batch.replace(h["qt"].model_copy(update={"name": "秋棠网格"}))
        >>> h["qt"].name, [unit.id for unit in h.children("mfb")]
        ('秋棠网格', ['qt', 'yt'])
        >>> with h.edit() as batch:
        ...     batch.add(OrgUnit(id="yt-1", name="永泰小区", level="compound", parent="yt"))
        ...     batch.replace(h["cl"].model_copy(update={"parent": "yt"}))
        >>> [unit.id for unit in h.descendants("yt")]
        ['yt-1', 'cl', 'cl-1']
        """
        if not isinstance(unit, OrgUnit):
            raise JicengTypeError(f"replace() takes an OrgUnit, got {type(unit)!r}")
        self._record("replace", unit)

    def _apply(self) -> None:
        if self._edits:
            self._hierarchy._commit(self._result, self._edits)

    def _result(self, current: Iterable[OrgUnit]) -> tuple[list[OrgUnit], list[Problem]]:
        """Apply the recorded edits to ``current``: the units in hierarchy order, and problems.

        The siblings of every parent (``None``: the roots) are kept in order as the edits go, so
        that each edit sees the order the ones before it left; the units come out parents first,
        then any that no root reaches (a cycle, an unknown parent) for the index to report.
        """
        units: dict[str, OrgUnit] = {unit.id: unit for unit in current}
        kids: dict[str | None, dict[str, None]] = {}
        for unit in units.values():
            kids.setdefault(unit.parent, {})[unit.id] = None
        problems: list[Problem] = []

        def missing(edit: str, uid: str) -> None:
            problems.append(
                Problem("unknown_unit", (uid,), f"{edit}: no unit {uid!r} in the hierarchy")
            )

        def place(unit: OrgUnit) -> None:
            units[unit.id] = unit
            kids.setdefault(unit.parent, {})[unit.id] = None

        for edit, first, second in self._edits:
            if edit == "add":
                if first.id in units:
                    problems.append(
                        Problem(
                            "duplicate_id",
                            (first.id,),
                            f"add: id {first.id!r} is already in the hierarchy",
                        )
                    )
                    continue
                place(first)
                continue
            uid = first.id if edit == "replace" else first
            old = units.get(uid)
            if old is None:
                missing(edit, uid)
                continue
            if edit == "replace" and first.parent == old.parent:
                units[uid] = first  # keeps its place
            elif edit in {"replace", "move"}:  # a new parent: its last child
                del kids[old.parent][uid]
                place(first if edit == "replace" else old.model_copy(update={"parent": second}))
            elif second:  # remove with the subtree
                del kids[old.parent][uid]
                stack = [uid]
                while stack:
                    gone = stack.pop()
                    if units.pop(gone, None) is not None:
                        stack.extend(kids.pop(gone, ()))
            else:  # remove; the children, in their order, take its place among its siblings
                lifted = kids.pop(uid, {})
                lifted.pop(uid, None)
                del units[uid]
                if old.parent == uid:  # its own parent: the children keep a missing parent
                    kids[uid] = lifted
                    continue
                siblings = kids[old.parent]
                merged: dict[str, None] = {}
                for sibling in siblings:
                    if sibling == uid:
                        merged.update(lifted)
                    else:
                        merged[sibling] = None
                kids[old.parent] = merged
                for child in lifted:
                    units[child] = units[child].model_copy(update={"parent": old.parent})

        ordered: list[OrgUnit] = []
        stack = list(reversed(kids.get(None, {})))
        while stack:
            uid = stack.pop()
            ordered.append(units[uid])
            below = kids.get(uid)
            if below:
                stack.extend(reversed(below))
        if len(ordered) < len(units):  # the rest, in a cycle or under a missing parent
            reached = {unit.id for unit in ordered}
            ordered.extend(unit for uid, unit in units.items() if uid not in reached)
        return ordered, problems
