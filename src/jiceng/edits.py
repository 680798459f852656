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
from collections.abc import Iterator
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

    def _commit(self, units: list[OrgUnit], problems: list[Problem]) -> None:
        """Take ``units`` as the new content, or raise every problem and keep the old."""
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

        Children moved up take the removed unit's place among their new siblings.

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
        """Replace the unit that has ``unit.id`` with ``unit``, keeping its place.

        Examples
        --------
        >>> from jiceng.examples import mafangba
        >>> h = mafangba()
        >>> with h.edit() as batch:
        ...     batch.replace(h["qt"].model_copy(update={"name": "秋棠网格"}))
        >>> h["qt"].name, [unit.id for unit in h.children("mfb")]
        ('秋棠网格', ['qt', 'yt'])
        """
        if not isinstance(unit, OrgUnit):
            raise JicengTypeError(f"replace() takes an OrgUnit, got {type(unit)!r}")
        self._record("replace", unit)

    def _apply(self) -> None:
        hierarchy = self._hierarchy
        if not self._edits:
            return
        units: dict[str, OrgUnit] = {unit.id: unit for unit in hierarchy}
        children: dict[str, list[str]] | None = None
        problems: list[Problem] = []

        def missing(edit: str, uid: str) -> None:
            problems.append(
                Problem("unknown_unit", (uid,), f"{edit}: no unit {uid!r} in the hierarchy")
            )

        def children_of() -> dict[str, list[str]]:
            nonlocal children
            if children is None:
                children = {}
                for unit in units.values():
                    if unit.parent is not None:
                        children.setdefault(unit.parent, []).append(unit.id)
            return children

        def unlink(unit: OrgUnit) -> None:
            if children is not None and unit.parent is not None:
                siblings = children.get(unit.parent)
                if siblings is not None and unit.id in siblings:
                    siblings.remove(unit.id)

        def link(unit: OrgUnit) -> None:
            if children is not None and unit.parent is not None:
                children.setdefault(unit.parent, []).append(unit.id)

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
                units[first.id] = first
                link(first)
            elif edit == "replace":
                old = units.get(first.id)
                if old is None:
                    missing("replace", first.id)
                    continue
                unlink(old)
                units[first.id] = first
                link(first)
            elif edit == "move":
                old = units.pop(first, None)
                if old is None:
                    missing("move", first)
                    continue
                unlink(old)
                moved = old.model_copy(update={"parent": second})
                units[first] = moved
                link(moved)
            else:  # remove
                old = units.get(first)
                if old is None:
                    missing("remove", first)
                    continue
                below = children_of()
                unlink(old)
                if second:
                    stack = [first]
                    while stack:
                        uid = stack.pop()
                        units.pop(uid, None)
                        stack.extend(below.pop(uid, ()))
                else:
                    # The children keep their places in the order, which puts them where the
                    # removed unit stood among its siblings.
                    del units[first]
                    for uid in below.pop(first, ()):
                        moved = units[uid].model_copy(update={"parent": old.parent})
                        units[uid] = moved
                        link(moved)

        hierarchy._commit(list(units.values()), problems)
