"""Differences between two hierarchies: :func:`diff` and the :class:`HierarchyDiff` it returns.

Pairing. A diff first pairs each unit of ``old`` with at most one unit of ``new``, by ``match``:

``"id"`` (the default)
    Units with the same id.
``"code"``
    Units with the same division code (``code``); units not paired so (no code, a code found on
    one side only, or a code two units of one side share) fall back to pairing by id with the
    units still unpaired.
``"name"``
    Top-down: roots with the same name and level, then, under each pair of paired parents,
    children with the same name. Among siblings (or roots) sharing a name, the first in ``old``
    pairs with the first in ``new``, the second with the second, and so on. The children of an
    unpaired unit stay unpaired, so with names a unit can never be reported as moved.

Changes. A paired unit whose fields differ is reported once under each kind of difference: a
unit renamed and moved is in both :attr:`~HierarchyDiff.renamed` and
:attr:`~HierarchyDiff.moved`. The kinds: *renamed* (``name``), *moved* (its new parent is not
the partner of its old one; a root that became a child, or the reverse, too), *relevelled*
(``level``), *recoded* (``code``), *reidentified* (paired under another id, which only pairing
by code or name can give), *changed* (any other field: counts, years, tags, attributes, the
organisation's names) and *reordered* (a paired parent, or the roots, whose children common to
both hierarchies come in another order). An unpaired unit of ``old`` is *removed*, one of
``new`` *added*. Every tuple is in hierarchy order: first the changes of the units that exist in
``new``, in ``new``'s order, then the removals, in ``old``'s order.

Merges and splits are inferred from the pairing, and marked ``inferred=True``:

- *merged*: a removed unit with children, every one of them paired, whose partners all have one
  parent in ``new``: it merged into that unit. Removed units merged into the same unit give one
  merge.
- *split*: a unit of ``old`` with children, every one of them paired, whose partners have two or
  more parents in ``new``, all siblings there (children of one parent, or all roots), at least
  one of them added: it split into those units. The unit itself may be removed, or be one of the
  parents (a part split off).

Examples
--------
>>> import jiceng
>>> from jiceng.examples import mafangba
>>> old, new = mafangba(), mafangba()
>>> with new.edit() as batch:
...     batch.replace(new["cl"].model_copy(update={"households": 245}))
...     batch.move("cl", "yt")
>>> d = jiceng.diff(old, new)
>>> [change.new_id for change in d.moved], d.changed[0].new
(['cl'], {'households': (241, 245)})
>>> d.apply(old) == new, d.invert().apply(new) == old
(True, True)
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from jiceng._bulk import paused_gc
from jiceng.errors import (
    IntegrityError,
    InvalidArgumentError,
    JicengTypeError,
    MissingExtraError,
)
from jiceng.hierarchy import Hierarchy
from jiceng.history._match import Tree, infer, pair_by_code, pair_by_id, pair_by_name
from jiceng.history._steps import Steps, run, steps
from jiceng.history._to_events import events_of
from jiceng.history.changelog import replay
from jiceng.history.events import ChangeEvent
from jiceng.levels import LevelScheme
from jiceng.units import UNIT_FIELDS, OrgUnit

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["DIFF_KINDS", "HierarchyDiff", "InferredChange", "Match", "UnitChange", "diff"]

Match = Literal["id", "code", "name"]
"""How :func:`diff` pairs units: ``"id"``, ``"code"`` or ``"name"``."""

_MATCHERS: dict[str, Callable[[Tree, Tree], dict[str, str]]] = {
    "id": pair_by_id,
    "code": pair_by_code,
    "name": pair_by_name,
}
_OWN = frozenset({"id", "name", "level", "parent", "code"})
_OTHER_FIELDS = tuple(field for field in UNIT_FIELDS if field not in _OWN)
_KINDS = (
    "added",
    "removed",
    "renamed",
    "moved",
    "relevelled",
    "recoded",
    "reidentified",
    "changed",
    "reordered",
)
DIFF_KINDS: tuple[str, ...] = (*_KINDS, "merged", "split")
"""The names of a :class:`HierarchyDiff`'s tuples of changes, in the order they are reported.

Examples
--------
>>> DIFF_KINDS[:3], DIFF_KINDS[-2:]
(('added', 'removed', 'renamed'), ('merged', 'split'))
"""
_FIELD = {
    "renamed": "name",
    "moved": "parent",
    "relevelled": "level",
    "recoded": "code",
    "reidentified": "id",
    "reordered": "children",
}
_COLUMNS = ("kind", "old_id", "new_id", "field", "old", "new", "inferred")
_SHOWN = 5  # changes of each kind that str() shows


@attrs.frozen
class UnitChange:
    """One difference of one unit between two hierarchies.

    Attributes
    ----------
    kind : str
        ``"added"``, ``"removed"``, ``"renamed"``, ``"moved"``, ``"relevelled"``, ``"recoded"``,
        ``"reidentified"`` (paired, with a new id), ``"changed"`` (any other field) or
        ``"reordered"`` (the children of a unit, or the roots, in another order).
    old_id, new_id : str or None
        The unit's id in the old and the new hierarchy; ``old_id`` is ``None`` for an addition,
        ``new_id`` for a removal. For ``"reordered"`` the parent's ids (both ``None`` for the
        roots).
    old, new
        The value before and after: the whole :class:`~jiceng.OrgUnit` for a removal (``old``)
        or an addition (``new``), the other one ``None``; the name, the parent id, the level,
        the code or the id; for ``"changed"``, ``new`` maps each changed field to its pair
        ``(old value, new value)`` and ``old`` is ``None``; for ``"reordered"`` the ids of the
        children in both hierarchies, in each one's order.
    name : str or None
        The unit's name in the new hierarchy (in the old one for a removal); ``None`` for the
        roots' reordering.

    Examples
    --------
    >>> change = UnitChange("renamed", "qt", "qt", "秋棠片区", "秋棠网格", "秋棠网格")
    >>> change.kind, change.old, change.new
    ('renamed', '秋棠片区', '秋棠网格')
    """

    kind: str
    old_id: str | None
    new_id: str | None
    old: Any
    new: Any
    name: str | None


@attrs.frozen
class InferredChange:
    """A merge or a split, inferred from where children went (see the module documentation).

    Attributes
    ----------
    kind : str
        ``"merged"`` or ``"split"``.
    old_ids, old_names : tuple[str, ...]
        The units of the old hierarchy: the removed units that merged, or the one unit that
        split.
    new_ids, new_names : tuple[str, ...]
        The units of the new hierarchy: the one unit they merged into, or the units it split
        into.
    inferred : bool
        Always ``True``: nothing in the data says so, the pairing suggests it.

    Examples
    --------
    >>> merge = InferredChange("merged", ("a", "b"), ("甲", "乙"), ("c",), ("丙",))
    >>> merge.old_ids, merge.new_ids, merge.inferred
    (('a', 'b'), ('c',), True)
    """

    kind: str
    old_ids: tuple[str, ...]
    old_names: tuple[str, ...]
    new_ids: tuple[str, ...]
    new_names: tuple[str, ...]
    inferred: bool = True


# A paired or unpaired unit that differs: (before, after, position before, position after, moved).
_Row = tuple[OrgUnit | None, OrgUnit | None, int, int, bool]
# A reordering: (parent before, parent after, children before, children after, positions, name).
_Order = tuple[str | None, str | None, tuple[str, ...], tuple[str, ...], int, int, str | None]


@attrs.frozen
class _Plan:
    rows: tuple[_Row, ...]
    orders: tuple[_Order, ...]
    inferred: tuple[tuple[InferredChange, ...], tuple[InferredChange, ...]]
    steps: Steps
    back: Steps
    back_inferred: tuple[tuple[InferredChange, ...], tuple[InferredChange, ...]]


@attrs.frozen(eq=False)
class HierarchyDiff:
    """The differences between two hierarchies, from :func:`diff`.

    See :mod:`jiceng.history.differences` for how units are paired.

    Each attribute holds :class:`UnitChange` (or, for merges and splits,
    :class:`InferredChange`) records in hierarchy order. ``bool(diff)`` is false when the two
    hierarchies are equal; ``len(diff)`` counts the unit changes (the inferred ones describe
    the same units again and are not counted).

    Attributes
    ----------
    match : str
        How the units were paired.
    added, removed, renamed, moved, relevelled, recoded, reidentified, changed, reordered
        The unit changes of each kind.
    merged, split
        The inferred merges and splits.

    Examples
    --------
    >>> import jiceng
    >>> from jiceng.examples import mafangba
    >>> old, new = mafangba(), mafangba()
    >>> with new.edit() as batch:
    ...     batch.replace(new["qt"].model_copy(update={"name": "秋棠网格"}))
    >>> d = jiceng.diff(old, new)
    >>> bool(d), len(d), d.renamed[0].old
    (True, 1, '秋棠片区')
    >>> bool(jiceng.diff(old, old))
    False
    """

    match: str
    added: tuple[UnitChange, ...]
    removed: tuple[UnitChange, ...]
    renamed: tuple[UnitChange, ...]
    moved: tuple[UnitChange, ...]
    relevelled: tuple[UnitChange, ...]
    recoded: tuple[UnitChange, ...]
    reidentified: tuple[UnitChange, ...]
    changed: tuple[UnitChange, ...]
    reordered: tuple[UnitChange, ...]
    merged: tuple[InferredChange, ...]
    split: tuple[InferredChange, ...]
    _plan: _Plan = attrs.field(repr=False)
    _sides: tuple[Hierarchy, Hierarchy] = attrs.field(repr=False)

    def __len__(self) -> int:
        """Return the number of unit changes (inferred merges and splits not counted)."""
        return sum(len(getattr(self, kind)) for kind in _KINDS)

    def __bool__(self) -> bool:
        """Whether anything differs (apart from the schemes' names and labels)."""
        plan = self._plan
        return bool(plan.rows or plan.steps.orders)

    def __iter__(self) -> Iterator[UnitChange]:
        """Iterate over the unit changes, kind by kind, each kind in hierarchy order."""
        for kind in _KINDS:
            yield from getattr(self, kind)

    def counts(self) -> dict[str, int]:
        """Return the number of changes of each kind, the inferred ones last.

        Examples
        --------
        >>> import jiceng
        >>> from jiceng.examples import mafangba
        >>> old, new = mafangba(), mafangba()
        >>> with new.edit() as batch:
        ...     batch.remove("yt")
        >>> {kind: n for kind, n in jiceng.diff(old, new).counts().items() if n}
        {'removed': 1}
        """
        counts = {kind: len(getattr(self, kind)) for kind in _KINDS}
        counts["merged"] = len(self.merged)
        counts["split"] = len(self.split)
        return counts

    def apply(self, old: Hierarchy | _HoldsHierarchy) -> Hierarchy:
        """Return ``new``: a copy of ``old`` with the whole diff applied in one edit batch.

        ``old`` is left unchanged. The diff carries the sibling order of every parent whose
        children changed, so the result equals the diff's ``new`` (same units, same order, the
        new scheme). Before editing, the units the diff names, the children it reorders and the
        number of units are checked against ``old``; other units are taken as they are.

        Raises
        ------
        IntegrityError
            Listing every way ``old`` is not the diff's old hierarchy (codes ``diff_size``,
            ``diff_missing_unit``, ``diff_unit_differs``, ``diff_children_differ``,
            ``diff_id_taken``), or what the edit batch found.

        Examples
        --------
        >>> import jiceng
        >>> from jiceng.examples import mafangba
        >>> old, new = mafangba(), mafangba()
        >>> with new.edit() as batch:
        ...     batch.remove("cl")
        >>> d = jiceng.diff(old, new)
        >>> d.apply(old) == new, len(old)
        (True, 6)
        >>> try:
        ...     d.apply(new)
        ... except jiceng.IntegrityError as error:
        ...     for problem in error.problems:
        ...         print(problem)
        diff_size: the hierarchy has 4 units, the diff's old one 6
        diff_missing_unit: unit 'cl' is not in the hierarchy
        diff_missing_unit: unit 'cl-1' is not in the hierarchy
        diff_children_differ: the children of 'qt' are not as in the diff's old one
        """
        return run(self._plan.steps, _hierarchy(old, "old"))

    def events(self, on: datetime.date, *, note: str | None = None) -> tuple[ChangeEvent, ...]:
        """Return the change events, dated ``on``, that turn ``old`` into ``new``.

        One ``establish`` per added subtree (each added record ``established`` on ``on``), then
        ``move``, ``relevel``, ``rename``, ``recode`` and one ``change`` per changed field, and
        one ``dissolve`` of the removed units. Replayed on ``old``
        (:func:`~jiceng.history.replay`), they give ``new`` on ``on``
        (:meth:`~jiceng.Hierarchy.as_of`), but for two things events do not record: the
        order of siblings (a moved or added unit comes last among its siblings), and the removed
        units, which stay with their ``dissolved`` date. Inferred merges and splits give no
        events of their own: their moves and dissolutions are there.

        Raises
        ------
        InvalidArgumentError
            If units changed id (``reidentified``, or removed and added under one id, as
            pairing by name can give: events name units by id), or changed ``attributes``,
            ``established`` or ``dissolved``, which no event carries; or if the events, replayed
            on ``old`` as it is now, fail (with every problem): a removed unit stays in the
            hierarchy, dissolved, so its code may not be given to a new unit on the same date,
            nor may the new level of its parent refuse it, nor may it count in a joint branch
            that the new hierarchy fills.

        Examples
        --------
        >>> import datetime, jiceng
        >>> from jiceng.examples import mafangba
        >>> old, new = mafangba(), mafangba()
        >>> with new.edit() as batch:
        ...     batch.move("cl", "yt")
        ...     batch.remove("qt")
        >>> on = datetime.date(2023, 6, 30)
        >>> events = jiceng.diff(old, new).events(on)
        >>> [(event.kind.value, event.original) for event in events]
        [('move', ('cl',)), ('dissolve', ('qt',))]
        >>> jiceng.replay(old, events).as_of(on) == new
        True
        """
        events = events_of({kind: getattr(self, kind) for kind in DIFF_KINDS}, on, note)
        try:
            replay(self._sides[0], events)
        except IntegrityError as error:
            shown = "; ".join(problem.message for problem in error.problems[:3])
            more = len(error.problems) - 3
            raise InvalidArgumentError(
                f"these changes cannot be written as events: replayed on old they fail with "
                f"{shown}{f' and {more} more problems' if more > 0 else ''}"
            ) from error
        return events

    def invert(self) -> HierarchyDiff:
        """Return the diff the other way, from ``new`` to ``old``.

        Examples
        --------
        >>> import jiceng
        >>> from jiceng.examples import mafangba
        >>> old, new = mafangba(), mafangba()
        >>> with new.edit() as batch:
        ...     batch.remove("yt")
        >>> back = jiceng.diff(old, new).invert()
        >>> [change.new_id for change in back.added], back.apply(new) == old
        (['yt'], True)
        """
        plan = self._plan
        rows = [(b, a, bp, ap, moved) for a, b, ap, bp, moved in plan.rows]
        rows.sort(key=lambda row: (0, row[3]) if row[1] is not None else (1, row[2]))
        orders = [(pb, pa, kb, ka, bp, ap, name) for pa, pb, ka, kb, ap, bp, name in plan.orders]
        orders.sort(key=lambda order: order[5])
        inverse = _Plan(
            tuple(rows), tuple(orders), plan.back_inferred, plan.back, plan.steps, plan.inferred
        )
        with paused_gc():
            return _assemble(self.match, inverse, (self._sides[1], self._sides[0]))

    def summary(self, limit: int = _SHOWN) -> str:
        """Return the counts per kind, then the first ``limit`` changes of each kind.

        Examples
        --------
        >>> import jiceng
        >>> from jiceng.examples import mafangba
        >>> old, new = mafangba(), mafangba()
        >>> with new.edit() as batch:
        ...     batch.replace(new["qt"].model_copy(update={"name": "秋棠网格"}))
        ...     batch.move("cl", "yt")
        >>> print(jiceng.diff(old, new).summary())
        Differences (units paired by id): 1 renamed, 1 moved
        renamed (1):
          秋棠片区 → 秋棠网格 [qt]
        moved (1):
          春兰小区 [cl]: parent qt → yt
        """
        counts = {kind: n for kind, n in self.counts().items() if n}
        head = f"Differences (units paired by {self.match})"
        if not counts:
            return f"{head}: none"
        listed = ", ".join(
            f"{n:,} {kind}{' (inferred)' if kind in {'merged', 'split'} else ''}"
            for kind, n in counts.items()
        )
        lines = [f"{head}: {listed}"]
        for kind in counts:
            changes: Sequence[UnitChange | InferredChange] = getattr(self, kind)
            lines.append(f"{kind} ({len(changes):,}):")
            lines.extend(f"  {_line(change)}" for change in changes[:limit])
            if len(changes) > limit:
                lines.append(f"  … and {len(changes) - limit:,} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        """Return :meth:`summary`."""
        return self.summary()

    def rows(self) -> list[dict[str, Any]]:
        """Return one row per change: kind, old_id, new_id, field, old, new, inferred.

        A ``"changed"`` unit gives one row per changed field; an addition or a removal one row
        whose ``old``/``new`` is the unit's name; a merge one row per merged unit, a split one
        per unit split into. This is the table :meth:`to_pandas` returns.

        Examples
        --------
        >>> import jiceng
        >>> from jiceng.examples import mafangba
        >>> old, new = mafangba(), mafangba()
        >>> with new.edit() as batch:
        ...     batch.replace(new["cl"].model_copy(update={"households": 245, "built_year": 2005}))
        >>> [(row["field"], row["old"], row["new"]) for row in jiceng.diff(old, new).rows()]
        [('households', 241, 245), ('built_year', None, 2005)]
        """
        out: list[dict[str, Any]] = []

        def row(*values: Any) -> None:
            out.append(
                dict(zip(_COLUMNS, (*values, values[0] in {"merged", "split"}), strict=True))
            )

        for change in self:
            kind = change.kind
            if kind == "added":
                row(kind, None, change.new_id, None, None, change.name)
            elif kind == "removed":
                row(kind, change.old_id, None, None, change.name, None)
            elif kind == "changed":
                for field, (before, after) in change.new.items():
                    row(kind, change.old_id, change.new_id, field, before, after)
            else:
                row(kind, change.old_id, change.new_id, _FIELD[kind], change.old, change.new)
        for merge in self.merged:
            for old_id, name in zip(merge.old_ids, merge.old_names, strict=True):
                row("merged", old_id, merge.new_ids[0], None, name, merge.new_names[0])
        for split in self.split:
            for new_id, name in zip(split.new_ids, split.new_names, strict=True):
                row("split", split.old_ids[0], new_id, None, split.old_names[0], name)
        return out

    def to_pandas(self) -> pd.DataFrame:
        """Return :meth:`rows` as a DataFrame (needs ``pip install "jiceng[pandas]"``).

        Raises
        ------
        MissingExtraError
            If pandas is not installed.

        Examples
        --------
        >>> import jiceng
        >>> from jiceng.examples import mafangba
        >>> old, new = mafangba(), mafangba()
        >>> with new.edit() as batch:
        ...     batch.remove("yt")
        >>> frame = jiceng.diff(old, new).to_pandas()
        >>> list(frame.columns), frame.loc[0, "old_id"]
        (['kind', 'old_id', 'new_id', 'field', 'old', 'new', 'inferred'], 'yt')
        """
        try:
            pandas = importlib.import_module("pandas")
        except ImportError as error:
            raise MissingExtraError("pandas", "pandas") from error
        frame = pandas.DataFrame(self.rows(), columns=list(_COLUMNS))
        for column in ("kind", "old_id", "new_id", "field"):
            frame[column] = frame[column].astype("string")
        frame["inferred"] = frame["inferred"].astype(bool)
        return frame


def _line(change: UnitChange | InferredChange) -> str:
    if isinstance(change, InferredChange):
        before = ", ".join(
            f"{n} [{i}]" for n, i in zip(change.old_names, change.old_ids, strict=True)
        )
        after = ", ".join(
            f"{n} [{i}]" for n, i in zip(change.new_names, change.new_ids, strict=True)
        )
        return f"{before} → {after}"
    kind, name = change.kind, change.name
    ids = change.old_id if change.old_id == change.new_id else f"{change.old_id} → {change.new_id}"
    if kind == "added":
        return f"+ {name} [{change.new_id}]"
    if kind == "removed":
        return f"- {name} [{change.old_id}]"
    if kind == "renamed":
        return f"{change.old} → {change.new} [{ids}]"
    if kind == "reidentified":
        return f"{name}: id {change.old} → {change.new}"
    if kind == "changed":
        fields = ", ".join(f"{f} {a!r} → {b!r}" for f, (a, b) in change.new.items())
        return f"{name} [{ids}]: {fields}"
    if kind == "reordered":
        where = "the roots" if change.new_id is None else f"children of {name} [{ids}]"
        return f"{where}: {len(change.new):,} in another order"
    return f"{name} [{ids}]: {_FIELD[kind]} {change.old} → {change.new}"


class _HoldsHierarchy(Protocol):
    """What holds a hierarchy, such as a :class:`~jiceng.Dataset`.

    A protocol rather than ``Dataset`` itself: ``jiceng.dataset`` reads this package's
    ``changes`` section, so importing it here would make a cycle.
    """

    @property
    def hierarchy(self) -> Hierarchy: ...


def _hierarchy(value: object, role: str) -> Hierarchy:
    if isinstance(value, Hierarchy):
        return value
    held = getattr(value, "hierarchy", None)
    if isinstance(held, Hierarchy):
        return held
    raise JicengTypeError(f"{role} must be a Hierarchy or a Dataset, got {type(value)!r}")


def diff(
    old: Hierarchy | _HoldsHierarchy, new: Hierarchy | _HoldsHierarchy, *, match: Match = "id"
) -> HierarchyDiff:
    """Return the differences from ``old`` to ``new``, units paired by ``match``.

    See :mod:`jiceng.history.differences` for how units are paired, what each kind of change
    means and how merges and splits are inferred. A :class:`~jiceng.Dataset` stands for its
    hierarchy.

    Parameters
    ----------
    old, new
        The hierarchies (or datasets) to compare; their schemes must have the same level keys.
    match
        ``"id"`` (the default), ``"code"`` or ``"name"``.

    Raises
    ------
    InvalidArgumentError
        For an unknown ``match``, or schemes whose level keys differ.
    JicengTypeError
        If ``old`` or ``new`` is neither a hierarchy nor a dataset.

    Examples
    --------
    >>> from jiceng import OrgUnit
    >>> from jiceng.examples import mafangba
    >>> old, new = mafangba(), mafangba()
    >>> with new.edit() as batch:
    ...     batch.remove("cl-1")
    ...     batch.add(OrgUnit(id="cl-2", name="1栋", level="building", parent="cl"))
    >>> [c.old_id for c in diff(old, new).removed], [c.new_id for c in diff(old, new).added]
    (['cl-1'], ['cl-2'])
    >>> d = diff(old, new, match="name")
    >>> [(c.old, c.new) for c in d.reidentified], len(d.added)
    ([('cl-1', 'cl-2')], 0)
    >>> diff(old, new, match="nickname")
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: match must be 'id', 'code' or 'name', got 'nickname'
    """
    before, after = _hierarchy(old, "old"), _hierarchy(new, "new")
    matcher = _MATCHERS.get(match) if isinstance(match, str) else None
    if matcher is None:
        raise InvalidArgumentError(f"match must be 'id', 'code' or 'name', got {match!r}")
    if before.scheme.keys != after.scheme.keys:
        raise InvalidArgumentError(
            f"the schemes have different levels: {list(before.scheme.keys)} in old, "
            f"{list(after.scheme.keys)} in new; a diff needs every level known on both sides"
        )
    with paused_gc():
        a, b = Tree(before), Tree(after)
        pairs = matcher(a, b)
        back = {new_id: old_id for old_id, new_id in pairs.items()}
        return _assemble(
            match,
            _plan(a, b, pairs=pairs, back=back, scheme_a=before.scheme, scheme_b=after.scheme),
            (before, after),
        )


def _plan(
    a: Tree,
    b: Tree,
    *,
    pairs: dict[str, str],
    back: dict[str, str],
    scheme_a: LevelScheme,
    scheme_b: LevelScheme,
) -> _Plan:
    rows: list[_Row] = []
    dropped_a: set[str] = set()
    dropped_b: set[str] = set()
    unpaired = ""  # no id is empty, so this stands for "paired with nothing"
    a_by_id, a_pos = a.by_id, a.pos
    for position, unit in enumerate(b.order):
        old_id = back.get(unit.id)
        if old_id is None:
            rows.append((None, unit, -1, position, False))
            dropped_b.add(unit.id)
            continue
        was = a_by_id[old_id]
        parent = was.parent
        moved = (None if parent is None else pairs.get(parent, unpaired)) != unit.parent
        if not moved and (was is unit or was == unit):
            continue
        rows.append((was, unit, a_pos[old_id], position, moved))
        if old_id != unit.id:
            dropped_a.add(old_id)
            dropped_b.add(unit.id)
    for position, unit in enumerate(a.order):
        if unit.id not in pairs:
            rows.append((unit, None, position, -1, False))
            dropped_a.add(unit.id)
    orders, restore = _orders(a, b, pairs, back, dropped_a)
    cand_a: list[str] = []
    cand_b: list[str] = []
    for one, other, _, _, moved in rows:
        if other is None and one is not None:
            cand_a.append(one.id)
        elif one is None and other is not None:
            cand_b.append(other.id)
        elif moved and one is not None and other is not None:
            cand_a.extend(() if one.parent is None else (one.parent,))
            cand_b.extend(() if other.parent is None else (other.parent,))
    forward = _inferred(a, b, pairs, back, cand_a)
    backward = _inferred(b, a, back, pairs, cand_b)
    rows_back = sorted(rows, key=lambda row: (0, row[2]) if row[0] is not None else (1, row[3]))
    forward_steps = steps(
        [(r[0], r[1]) for r in rows], a, dropped=dropped_a, restore=restore, side=0, scheme=scheme_b
    )
    back_steps = steps(
        [(r[1], r[0]) for r in rows_back],
        b,
        dropped=dropped_b,
        restore=restore,
        side=1,
        scheme=scheme_a,
    )
    return _Plan(tuple(rows), tuple(orders), forward, forward_steps, back_steps, backward)


def _orders(
    a: Tree, b: Tree, pairs: dict[str, str], back: dict[str, str], dropped: set[str]
) -> tuple[list[_Order], list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]]:
    """Return the reorderings to report, and the kept parents whose children to reorder.

    ``dropped`` holds the ids of ``a`` that ``b`` does not keep (removed, or paired under
    another id): children none of which is dropped, in the same order, are unchanged.
    """
    reported: list[_Order] = []
    for parent_b, kids_b in b.kids.items():
        parent_a = None if parent_b is None else back.get(parent_b)
        if parent_b is not None and parent_a is None:
            continue
        kids_a = a.kids.get(parent_a, [])
        if kids_a == kids_b and dropped.isdisjoint(kids_a):
            continue
        in_b = set(kids_b)
        common_a = [pairs[kid] for kid in kids_a if pairs.get(kid) in in_b]
        in_common = set(common_a)
        common_b = [kid for kid in kids_b if kid in in_common]
        if common_a != common_b:
            reported.append(
                (
                    parent_a,
                    parent_b,
                    tuple(back[kid] for kid in common_a),
                    tuple(common_b),
                    -1 if parent_a is None else a.pos[parent_a],
                    -1 if parent_b is None else b.pos[parent_b],
                    None if parent_b is None else b.by_id[parent_b].name,
                )
            )
    reported.sort(key=lambda order: order[5])
    restore: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]] = []
    parents = dict.fromkeys(a.kids)
    parents.update(dict.fromkeys(b.kids))
    for parent in parents:
        if parent is not None and pairs.get(parent) != parent:
            continue
        kids_a, kids_b = a.kids.get(parent, []), b.kids.get(parent, [])
        if kids_a != kids_b or not dropped.isdisjoint(kids_a):
            restore.append((parent, tuple(kids_a), tuple(kids_b)))
    return reported, restore


def _inferred(
    a: Tree, b: Tree, pairs: dict[str, str], back: dict[str, str], candidates: list[str]
) -> tuple[tuple[InferredChange, ...], tuple[InferredChange, ...]]:
    merges, splits = infer(a, b, pairs, back, candidates)

    def names(tree: Tree, ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(tree.by_id[uid].name for uid in ids)

    return (
        tuple(
            InferredChange("merged", gone, names(a, gone), (into,), names(b, (into,)))
            for gone, into in merges
        ),
        tuple(
            InferredChange("split", (gone,), names(a, (gone,)), into, names(b, into))
            for gone, into in splits
        ),
    )


def _assemble(match: str, plan: _Plan, sides: tuple[Hierarchy, Hierarchy]) -> HierarchyDiff:
    found: dict[str, list[UnitChange]] = {kind: [] for kind in _KINDS}
    for was, unit, _, _, moved in plan.rows:
        if unit is None:
            if was is not None:
                found["removed"].append(UnitChange("removed", was.id, None, was, None, was.name))
            continue
        if was is None:
            found["added"].append(UnitChange("added", None, unit.id, None, unit, unit.name))
            continue
        ids = (was.id, unit.id)
        name = unit.name
        if was.name != unit.name:
            found["renamed"].append(UnitChange("renamed", *ids, was.name, unit.name, name))
        if moved:
            found["moved"].append(UnitChange("moved", *ids, was.parent, unit.parent, name))
        if was.level != unit.level:
            found["relevelled"].append(UnitChange("relevelled", *ids, was.level, unit.level, name))
        if was.code != unit.code:
            found["recoded"].append(UnitChange("recoded", *ids, was.code, unit.code, name))
        if was.id != unit.id:
            found["reidentified"].append(UnitChange("reidentified", *ids, was.id, unit.id, name))
        fields = {
            field: (getattr(was, field), getattr(unit, field))
            for field in _OTHER_FIELDS
            if getattr(was, field) != getattr(unit, field)
        }
        if fields:
            found["changed"].append(UnitChange("changed", *ids, None, fields, name))
    found["reordered"] = [
        UnitChange("reordered", pa, pb, ka, kb, name) for pa, pb, ka, kb, _, _, name in plan.orders
    ]
    merged, split = plan.inferred
    return HierarchyDiff(
        match,
        added=tuple(found["added"]),
        removed=tuple(found["removed"]),
        renamed=tuple(found["renamed"]),
        moved=tuple(found["moved"]),
        relevelled=tuple(found["relevelled"]),
        recoded=tuple(found["recoded"]),
        reidentified=tuple(found["reidentified"]),
        changed=tuple(found["changed"]),
        reordered=tuple(found["reordered"]),
        merged=merged,
        split=split,
        plan=plan,
        sides=sides,
    )
