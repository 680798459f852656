"""The organisational hierarchy: a validated forest of units and fast queries over it.

Conventions used by every query:

- A unit is given by its id or by the :class:`~jiceng.OrgUnit` itself (its id is used); an id the
  hierarchy does not hold raises :class:`~jiceng.UnknownUnitError` (a :class:`KeyError`).
- Queries that return units return the ``OrgUnit`` records, in a new list.
- *Hierarchy order* is pre-order: a parent before its children, siblings in the order the units
  were given, roots in the order they were given. Iteration and every collection query use it
  unless the method says otherwise.
- A unit is not its own ancestor, descendant or sibling. The depth of a root is 0.
- Complexities are for a hierarchy of ``n`` units; ``d`` is a unit's depth and ``k`` the size of
  the answer.

Problems that :class:`Hierarchy` reports, all at once, in an :class:`~jiceng.IntegrityError`,
grouped by code in this order (an edit batch lists the problems of its own edits first):

======================  ===================================================================
code                    problem
======================  ===================================================================
``duplicate_id``        two or more units share an id
``unknown_level``       a unit's level is not a key of the scheme
``unknown_parent``      a unit names a parent that is not in the hierarchy
``cycle``               units whose parents lead round in a circle (a unit its own parent too)
``level_not_admitted``  a parent at a level that the child's level does not admit
``root_not_allowed``    a unit with no parent at a level that may not be a root
``duplicate_code``      two or more units share a division code
``code_not_nested``     a division code that does not nest in the nearest coded ancestor's
``code_shape``          a division code of the wrong shape for its level: digits other than
                        zeros after the level's ``code_digits``, or a code at a level whose
                        units carry none (``code_digits=0``)
``leader_missing``      a unit whose ``org_status`` is ``joint`` or ``regional`` names no ``led_by``
``leader_unexpected``   a unit names ``led_by`` but its status is neither of those
``unknown_leader``      a ``led_by`` that is not in the hierarchy (allowed in a subtree)
``leader_not_leading``  a ``led_by`` naming the unit itself, or a unit led by another or with none
``leader_level``        a joint branch based at another level, or a regional one at a lower level
``joint_branch_too_large``  a joint branch (联合党支部) joining more than five units
``unknown_unit``        an edit names a unit that is not there (edits only)
``multiple_parents``    a graph node with two or more predecessors (``from_networkx``)
``attribute_mismatch``  a node's ``id`` or ``parent`` attribute contradicts the graph
======================  ===================================================================

The three code problems (``duplicate_code``, ``code_not_nested``, ``code_shape``) may be waived:
a hierarchy built with ``codes="warn"`` issues them as one :class:`~jiceng.DivisionCodeWarning`
instead, each time it is checked (built, edited, or cut by :meth:`Hierarchy.subtree`), and keeps
the setting through edits, subtrees and pickling. This is the documented way to load data whose
codes are known to be inconsistent; the other problems are never waived.

Examples
--------
>>> from jiceng import Hierarchy, OrgUnit
>>> h = Hierarchy([
...     OrgUnit(id="cy", name="朝阳街道", level="street"),
...     OrgUnit(id="mfb", name="马房坝社区", level="community", parent="cy"),
...     OrgUnit(id="qt", name="秋棠片区", level="grid", parent="mfb"),
...     OrgUnit(id="cl", name="春兰小区", level="compound", parent="qt", households=241),
...     OrgUnit(id="cl-1", name="1栋", level="building", parent="cl", households=48),
...     OrgUnit(id="yt", name="永泰片区", level="grid", parent="mfb"),
... ])
>>> [unit.name for unit in h.ancestors("cl-1")]
['春兰小区', '秋棠片区', '马房坝社区', '朝阳街道']
>>> h.common_ancestor("cl", "yt").name
'马房坝社区'
>>> h.total("mfb", "households")
241
"""

from __future__ import annotations

import sys
import threading
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Self

from pydantic import TypeAdapter

from jiceng._bulk import paused_gc
from jiceng._conversions import GraphConversions
from jiceng._dated import Dated
from jiceng._html import table
from jiceng._incremental import InPlace
from jiceng._index import CodeCheck, Index, build_index, check_codes_setting
from jiceng._layout import MASK
from jiceng._queries import LevelsAndTotals
from jiceng.edits import EditBatch, UnitRef
from jiceng.errors import (
    DivisionCodeWarning,
    IntegrityError,
    JicengTypeError,
    Problem,
    UnknownUnitError,
)
from jiceng.levels import URBAN_FIVE_LEVEL, Level, LevelScheme, OrgKind
from jiceng.units import OrgUnit

__all__ = ["CodeCheck", "EditBatch", "Hierarchy", "UnitRef"]

ReferenceCheck = Callable[["Hierarchy"], list[Problem]]
"""A check that an engine referring to units runs on a hierarchy as an edit would leave it."""

_UNITS = TypeAdapter(list[OrgUnit])


class Hierarchy(LevelsAndTotals, Dated, GraphConversions):
    """A validated forest of organisational units, indexed for fast queries.

    Parameters
    ----------
    units
        The units, each an :class:`~jiceng.OrgUnit`, in any order that lists siblings in the
        order they should keep.
    scheme
        The :class:`~jiceng.LevelScheme` the units' levels belong to.
    codes
        ``"strict"`` (the default) reports division code problems with the others; ``"warn"``
        issues them as one :class:`~jiceng.DivisionCodeWarning` and builds the hierarchy (see
        the module documentation).

    Raises
    ------
    IntegrityError
        Listing every problem between the units (see the module documentation for the codes).
    TypeError
        If an element of ``units`` is not an ``OrgUnit``.
    InvalidArgumentError
        If ``codes`` is neither ``"strict"`` nor ``"warn"``.

    Notes
    -----
    Building is O(n). The index keeps the units in hierarchy order, cut into blocks of about
    ``√n``, with the size of each subtree, so ancestor tests, subtree sizes and totals are O(1)
    and an edit batch updates it in place at the cost of what it changes (see :meth:`edit`).
    The totals of every count field are computed while building; depths and the per-level
    tables on their first use. Building pauses Python's cyclic garbage collector (see
    ``docs/design/engines.md``).

    Threads may share whole edit batches without a lock: commits hold the hierarchy's lock, so
    concurrent batches apply one after the other and lose nothing. A batch edits the index in
    place, so queries that run while another thread commits, calls that must see one state
    (read, then edit on what was read) and one :class:`~jiceng.EditBatch` used from two threads
    need a lock of your own, held by the readers and around the batches.

    Examples
    --------
    >>> h = Hierarchy([
    ...     OrgUnit(id="xc", name="西城街道", level="street", code="511702002000"),
    ...     OrgUnit(id="xbj", name="小北街社区", level="community", parent="xc",
    ...             code="511702002002"),
    ... ])
    >>> len(h), "xbj" in h, h["xbj"].name
    (2, True, '小北街社区')
    >>> Hierarchy([OrgUnit(id="g", name="网格", level="grid", parent="missing")])
    Traceback (most recent call last):
    ...
    jiceng.errors.IntegrityError: 1 problem: unknown_parent: unit 'g' names parent 'missing', \
which is not in the hierarchy
    >>> import pytest
    >>> from jiceng import DivisionCodeWarning
    >>> twice = [OrgUnit(id="a", name="东城街道", level="street", code="511702001000"),
    ...          OrgUnit(id="b", name="西城街道", level="street", code="511702001000")]
    >>> with pytest.warns(DivisionCodeWarning) as caught:
    ...     h = Hierarchy(twice, codes="warn")
    >>> len(h), [problem.code for problem in caught[0].message.problems]
    (2, ['duplicate_code'])
    """

    __slots__ = ("_checks", "_codes", "_free_roots", "_index", "_lock", "_scheme")

    def __init__(
        self,
        units: Iterable[OrgUnit],
        scheme: LevelScheme = URBAN_FIVE_LEVEL,
        *,
        codes: CodeCheck = "strict",
    ) -> None:
        check_codes_setting(codes)
        listed = list(units)
        for unit in listed:
            if not isinstance(unit, OrgUnit):
                raise JicengTypeError(
                    f"a Hierarchy is built from OrgUnit records, got {type(unit)!r}"
                )
        if not isinstance(scheme, LevelScheme):
            raise JicengTypeError(f"scheme must be a LevelScheme, got {type(scheme)!r}")
        self._scheme = scheme
        self._codes: CodeCheck = codes
        self._index = _checked_index(listed, scheme, codes)
        self._checks: list[weakref.WeakMethod[ReferenceCheck]] = []
        self._free_roots: frozenset[str] = frozenset()
        self._lock = threading.Lock()

    @classmethod
    def _from_index(
        cls,
        index: Index,
        scheme: LevelScheme,
        free_roots: frozenset[str] = frozenset(),
        codes: CodeCheck = "strict",
    ) -> Self:
        self = cls.__new__(cls)
        self._scheme = scheme
        self._codes = codes
        self._index = index
        self._checks = []
        self._free_roots = free_roots
        self._lock = threading.Lock()
        return self

    def _add_reference_check(self, check: ReferenceCheck) -> None:
        """Let an engine that refers to these units veto edits that would leave it dangling.

        ``check`` is a bound method of the engine, held weakly: once the engine is gone its check
        is dropped. The hierarchy names no engine.
        """
        self._checks = [ref for ref in self._checks if ref() is not None]
        self._checks.append(weakref.WeakMethod(check))

    def _reference_problems(self, after: Hierarchy) -> list[Problem]:
        """Run every live engine's check on ``after``, the hierarchy as an edit would leave it."""
        problems: list[Problem] = []
        for ref in self._checks:
            check = ref()
            if check is not None:
                problems.extend(check(after))
        return problems

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the units and the scheme; engines' checks are not pickled with the hierarchy.

        An engine pickled together with its hierarchy (a whole :class:`~jiceng.Dataset`) adds
        its check again when it is unpickled.
        """
        return {
            "scheme": self._scheme,
            "index": self._index,
            "free_roots": self._free_roots,
            "codes": self._codes,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore a pickled hierarchy, with no engine checks yet."""
        self._scheme = state["scheme"]
        self._index = state["index"]
        self._free_roots = state["free_roots"]
        self._codes = state.get("codes", "strict")
        self._checks = []
        self._lock = threading.Lock()

    @classmethod
    def from_records(
        cls,
        records: Iterable[Mapping[str, Any]],
        scheme: LevelScheme = URBAN_FIVE_LEVEL,
        *,
        codes: CodeCheck = "strict",
    ) -> Self:
        """Validate plain mappings (parsed JSON, CSV rows) into units and build a hierarchy.

        All records are validated in one pass, which is faster than building each ``OrgUnit``
        in turn. ``codes`` is as for the constructor.

        Raises
        ------
        pydantic.ValidationError
            Listing every invalid field of every record (``loc`` starts with the record's index).
        IntegrityError
            As for the constructor.

        Examples
        --------
        >>> h = Hierarchy.from_records([
        ...     {"id": "fx", "name": "凤西街道", "level": "street"},
        ...     {"id": "xj", "name": "新锦社区", "level": "community", "parent": "fx"},
        ... ])
        >>> [unit.id for unit in h]
        ['fx', 'xj']
        """
        check_codes_setting(codes)
        if not isinstance(scheme, LevelScheme):
            raise JicengTypeError(f"scheme must be a LevelScheme, got {type(scheme)!r}")
        with paused_gc():
            units = _UNITS.validate_python(list(records))
        return cls._from_index(_checked_index(units, scheme, codes), scheme, codes=codes)

    # -- the container -------------------------------------------------------------------------

    @property
    def scheme(self) -> LevelScheme:
        """The level scheme the units belong to.

        Examples
        --------
        >>> _example().scheme.keys
        ('street', 'community', 'grid', 'compound', 'building')
        """
        return self._scheme

    @property
    def codes(self) -> CodeCheck:
        """How division code problems are treated: ``"strict"`` or ``"warn"``.

        Examples
        --------
        >>> _example().codes
        'strict'
        """
        return self._codes

    def __len__(self) -> int:
        """Return the number of units."""
        return len(self._index.pos)

    def __contains__(self, ref: object) -> bool:
        """Whether a unit id (or a unit's id) is in the hierarchy."""
        if isinstance(ref, OrgUnit):
            ref = ref.id
        return isinstance(ref, str) and ref in self._index.pos

    def __iter__(self) -> Iterator[OrgUnit]:
        """Iterate over the units in hierarchy order."""
        return iter(self._index.ordered())

    def __getitem__(self, ref: UnitRef) -> OrgUnit:
        """Return the unit with this id; :class:`~jiceng.UnknownUnitError` if there is none."""
        index = self._index
        return index.units[self._position(ref, index)]

    def __eq__(self, other: object) -> bool:
        """Equal when the schemes are equal and the units are equal, in the same order."""
        if not isinstance(other, Hierarchy):
            return NotImplemented
        return self._scheme == other._scheme and self._index.ordered() == other._index.ordered()

    __hash__ = None  # type: ignore[assignment]  # a hierarchy changes under edits

    def __repr__(self) -> str:
        """Show the size, the number of roots and the scheme."""
        return f"<{self._size(self._index)}, scheme {self._scheme.name!r}>"

    def _size(self, index: Index) -> str:
        units = len(index.pos)
        roots = len(index.roots)
        return (
            f"Hierarchy of {units:,} unit{'' if units == 1 else 's'}, "
            f"{roots:,} root{'' if roots == 1 else 's'}"
        )

    def _repr_html_(self) -> str:
        """Return a small HTML table for Jupyter: units and subtree totals level by level.

        A level's figures are the sums of its units' totals (:meth:`total`), so each row counts
        what lies under that level once; the last row holds the totals of the whole hierarchy.
        A dash means nothing there records the field. O(n); the tree itself is not shown.

        Examples
        --------
        >>> page = _example()._repr_html_()
        >>> "<caption>Hierarchy of 6 units, 1 root, scheme urban_five_level" in page
        True
        >>> "网格</td><td>2</td><td>241</td>" in page   # two grids, 241 households under them
        True
        """
        index = self._index
        fields = tuple(index.totals)
        rows: list[list[object]] = []

        def summed(field: str, slots: Iterable[int]) -> int | None:
            values = [v for v in index.all_totals(field, slots) if v >= 0]
            return sum(values) if values else None

        for level in self._scheme.levels:
            slots = index.level_slots.get(level.key, ())
            rows.append(
                [level.key, level.territory, len(slots)]
                + [summed(field, slots) for field in fields]
            )
        rows.append(["all levels", "", len(index.pos)] + [summed(f, index.roots) for f in fields])
        caption = f"{self._size(index)}, scheme {self._scheme.name} ({self._scheme.title})"
        header = ["level", "territory", "units", *(f.replace("_", " ") for f in fields)]
        return table(caption, header, rows)

    def __sizeof__(self) -> int:
        """Approximate bytes held by the index (not counting the unit records)."""
        index = self._index
        held = [
            index.units,
            index.pos,
            index.parent,
            index.size,
            index.blk,
            index.loc,
            index.last,
            index.start,
            index.order,
            index.roots,
            *index.blocks,
            *index.records,
            *(totals for totals in index.totals.values() if totals is not None),
            *(lazy for lazy in (index._depth, index._root) if lazy is not None),
        ]
        return object.__sizeof__(self) + sum(map(sys.getsizeof, held))

    def _position(self, ref: UnitRef, index: Index) -> int:
        return self._key(ref, index) & MASK

    def _key(self, ref: UnitRef, index: Index) -> int:
        key = ref.id if isinstance(ref, OrgUnit) else ref
        try:
            return index.pos[key]
        except (KeyError, TypeError):
            if not isinstance(key, str):
                raise JicengTypeError(
                    f"a unit is given by its id or record, got {type(ref)!r}"
                ) from None
            raise UnknownUnitError(key) from None

    def get(self, ref: UnitRef, default: OrgUnit | None = None) -> OrgUnit | None:
        """Return the unit with this id, or ``default`` if there is none. O(1).

        Examples
        --------
        >>> h = Hierarchy([OrgUnit(id="fb", name="凤北街道", level="street")])
        >>> h.get("fb").name, h.get("nope")
        ('凤北街道', None)
        """
        index = self._index
        try:
            return index.units[self._position(ref, index)]
        except UnknownUnitError:
            return default

    # -- navigation ----------------------------------------------------------------------------

    def roots(self) -> list[OrgUnit]:
        """Return the units with no parent, in input order. O(number of roots).

        Examples
        --------
        >>> h = Hierarchy([OrgUnit(id="a", name="东城街道", level="street"),
        ...                OrgUnit(id="b", name="西城街道", level="street")])
        >>> [unit.id for unit in h.roots()]
        ['a', 'b']
        """
        index = self._index
        return [index.units[p] for p in index.roots]

    def parent(self, ref: UnitRef) -> OrgUnit | None:
        """Return the parent of a unit, or ``None`` for a root. O(1).

        Examples
        --------
        >>> h = _example()
        >>> h.parent("cl").name, h.parent("cy")
        ('秋棠片区', None)
        """
        index = self._index
        q = index.parent[self._position(ref, index)]
        return None if q < 0 else index.units[q]

    def children(self, ref: UnitRef) -> list[OrgUnit]:
        """Return a unit's children in input order. O(number of children).

        Examples
        --------
        >>> [unit.name for unit in _example().children("mfb")]
        ['秋棠片区', '永泰片区']
        """
        index = self._index
        units = index.units
        return [units[c] for c in index.children(self._position(ref, index))]

    def siblings(self, ref: UnitRef) -> list[OrgUnit]:
        """Return the other children of a unit's parent (the other roots, for a root), in order.

        O(number of siblings).

        Examples
        --------
        >>> [unit.name for unit in _example().siblings("qt")]
        ['永泰片区']
        """
        index = self._index
        p = self._position(ref, index)
        q = index.parent[p]
        around = index.roots if q < 0 else index.children(q)
        return [index.units[s] for s in around if s != p]

    def ancestors(self, ref: UnitRef) -> list[OrgUnit]:
        """Return a unit's ancestors, nearest first, not including the unit. O(d).

        Examples
        --------
        >>> [unit.id for unit in _example().ancestors("cl")]
        ['qt', 'mfb', 'cy']
        >>> _example().ancestors("cy")
        []
        """
        index = self._index
        try:  # the common case inline: an id the hierarchy holds
            p = index.pos[ref] & MASK  # type: ignore[index]
        except (KeyError, TypeError):
            p = self._position(ref, index)
        units = index.units
        parent = index.parent
        out = []
        q = parent[p]
        while q >= 0:
            out.append(units[q])
            q = parent[q]
        return out

    def descendants(self, ref: UnitRef, *, level: str | None = None) -> list[OrgUnit]:
        """Return a unit's descendants in hierarchy order, not including the unit.

        O(k) for the whole subtree; O(log n + k) with a ``level`` filter once the level tables
        exist (:meth:`at_level`), O(size of the subtree) after an edit dropped them.

        Parameters
        ----------
        ref
            The unit.
        level
            Only descendants at this level key.

        Raises
        ------
        UnknownLevelError
            If ``level`` is not a key of the scheme.

        Examples
        --------
        >>> h = _example()
        >>> [unit.id for unit in h.descendants("mfb")]
        ['qt', 'cl', 'cl-1', 'yt']
        >>> [unit.id for unit in h.descendants("cy", level="grid")]
        ['qt', 'yt']
        """
        index = self._index
        p = self._position(ref, index)
        if level is None:
            return index.descendant_records(p)
        self._check_level(level)
        return index.level_under(level, p)

    def count_descendants(self, ref: UnitRef) -> int:
        """Return the number of a unit's descendants. O(1).

        Examples
        --------
        >>> _example().count_descendants("mfb")
        4
        """
        index = self._index
        return index.size[self._position(ref, index)] - 1

    def subtree(self, ref: UnitRef) -> Hierarchy:
        """Return a new hierarchy of a unit and its descendants, the unit as its root.

        The top unit's record is copied with ``parent=None``; every other record is shared. The
        top may stay a root through later edits even where its level may not be a root in the
        scheme (a file written from it is then refused by that rule when loaded). O(k).

        Examples
        --------
        >>> part = _example().subtree("qt")
        >>> [unit.id for unit in part], part["qt"].parent
        (['qt', 'cl', 'cl-1'], None)
        """
        index = self._index
        p = self._position(ref, index)
        top = index.units[p]
        units = [top.model_copy(update={"parent": None}), *index.descendant_records(p)]
        free = frozenset({top.id})
        waive = self._codes == "warn"
        built, problems = build_index(units, self._scheme, free_roots=free, waive_codes=waive)
        if built is None:  # pragma: no cover - a part of a valid hierarchy is valid
            raise IntegrityError(problems)
        if problems:
            warnings.warn(DivisionCodeWarning(problems), stacklevel=2)
        return Hierarchy._from_index(built, self._scheme, free, self._codes)

    def depth(self, ref: UnitRef) -> int:
        """Return a unit's depth: 0 for a root, 1 for its children, and so on.

        O(1) after a one-time O(n) pass on the first call; edits keep the depths.

        Examples
        --------
        >>> _example().depth("cl-1")
        4
        """
        index = self._index
        return index.depth[self._position(ref, index)]

    def level_of(self, ref: UnitRef) -> Level:
        """Return the :class:`~jiceng.Level` of a unit. O(number of levels).

        Examples
        --------
        >>> _example().level_of("qt").organisation
        '网格党总支'
        """
        return self._scheme[self[ref].level]

    def org_kind(self, ref: UnitRef) -> OrgKind:
        """Return the kind of a unit's party organisation: its own, else its level's default.

        Examples
        --------
        >>> h = _example([OrgUnit(id="tbl", name="团包梁社区", level="community", parent="cy",
        ...                       org_kind="general_branch")])
        >>> h.org_kind("mfb").zh, h.org_kind("tbl").zh
        ('党委', '党总支')
        """
        unit = self[ref]
        return unit.org_kind if unit.org_kind is not None else self._scheme[unit.level].kind

    def is_ancestor(self, ancestor: UnitRef, descendant: UnitRef) -> bool:
        """Whether ``ancestor`` is a proper ancestor of ``descendant``. O(1).

        Examples
        --------
        >>> h = _example()
        >>> h.is_ancestor("mfb", "cl-1"), h.is_ancestor("cl-1", "mfb"), h.is_ancestor("cl", "cl")
        (True, False, False)
        """
        # The two look-ups are written out here and in common_ancestor rather than shared through
        # a helper: these are the hottest calls, and a helper call would add a tenth to their time.
        index = self._index
        pos = index.pos
        try:
            a = pos[ancestor]  # type: ignore[index]
        except (KeyError, TypeError):
            a = self._key(ancestor, index)
        try:
            b = pos[descendant]  # type: ignore[index]
        except (KeyError, TypeError):
            b = self._key(descendant, index)
        # Keys grow along hierarchy order; last[] holds the key of each subtree's last unit.
        return a < b <= index.last[a & MASK]

    def within(self, ref: UnitRef, top: UnitRef) -> bool:
        """Whether ``ref`` is ``top`` itself or in its subtree. O(1).

        Unlike :meth:`is_ancestor`, a unit is within itself: the test that "under this subdistrict"
        queries need.

        Examples
        --------
        >>> h = _example()
        >>> h.within("cl-1", "mfb"), h.within("mfb", "mfb"), h.within("yt", "qt")
        (True, True, False)
        """
        index = self._index
        t = self._key(top, index)
        return t <= self._key(ref, index) <= index.last[t & MASK]

    def root_of(self, ref: UnitRef) -> OrgUnit:
        """Return the root of the tree that holds ``ref`` (``ref`` itself for a root).

        O(1) after a first call, which records the root of every position (O(n)).

        Examples
        --------
        >>> h = _example()
        >>> h.root_of("cl-1").name, h.root_of("cy").name
        ('朝阳街道', '朝阳街道')
        """
        index = self._index
        return index.units[index.root[self._position(ref, index)]]

    # -- edits ---------------------------------------------------------------------------------

    def edit(self) -> EditBatch:
        """Start an all-or-nothing batch of edits, used as a context manager.

        On leaving the ``with`` block the batch applies completely, or
        :class:`~jiceng.IntegrityError` lists every problem and the hierarchy is exactly as
        before. Each edit updates the index in place: a batch of ``k`` edits costs
        O(k × (d + m + √n)) for moved subtrees of ``m`` units, and a batch the in-place checks
        cannot vouch for is checked in full, in O(n) (see ``docs/hierarchy.md``). An exception
        inside the block discards the batch. An edit that would remove a unit that another
        engine refers to (a renovation project's compound), or move it to a level where it may
        not be referred to, is refused the same way.

        Examples
        --------
        >>> h = _example()
        >>> with h.edit() as batch:
        ...     batch.add(OrgUnit(id="cl-2", name="2栋", level="building", parent="cl"))
        ...     batch.move("cl", "yt")
        >>> [unit.id for unit in h.descendants("yt")]
        ['cl', 'cl-1', 'cl-2']
        >>> try:
        ...     with h.edit() as batch:
        ...         batch.remove("cl", subtree=False)   # buildings cannot sit under a grid
        ... except IntegrityError as error:
        ...     print(error.codes)
        ('level_not_admitted',)
        >>> "cl" in h
        True
        """
        return EditBatch(self)

    def _commit(
        self,
        edit: Callable[[Iterable[OrgUnit]], tuple[list[OrgUnit], list[Problem]]],
        edits: Sequence[tuple[str, Any, Any]] = (),
    ) -> None:
        """Under the lock, apply a batch, or raise every problem and keep this.

        ``edits`` are first applied to the index in place (:mod:`jiceng._incremental`), then the
        engines' checks run on the result; any problem undoes them. A batch that the in-place
        path cannot vouch for takes the full path: ``edit`` gives the new units and its own
        problems, the index's and the engines' checks follow, and nothing changes unless there
        is no problem at all.
        """
        with self._lock:
            if edits:
                in_place = InPlace(self._index, self._scheme, self._free_roots)
                try:
                    done = in_place.run(edits)
                except Exception:  # a malformed edit: the full path raises as it always has
                    in_place.rollback()
                    done = False
                except BaseException:
                    in_place.rollback()
                    raise
                if done:
                    try:
                        problems = self._reference_problems(self)
                    except BaseException:
                        in_place.rollback()
                        raise
                    if problems:
                        in_place.rollback()
                        raise IntegrityError(problems)
                    in_place.commit()
                    return
            units, problems = edit(self._index.ordered())
            index, found = build_index(
                units,
                self._scheme,
                free_roots=self._free_roots,
                waive_codes=self._codes == "warn",
            )
            if index is not None and not problems:
                after = Hierarchy._from_index(index, self._scheme, self._free_roots, self._codes)
                problems.extend(self._reference_problems(after))
            if problems or index is None:
                raise IntegrityError([*problems, *found])
            self._index = index
        if found:  # waived code problems, after the commit and outside the lock
            warnings.warn(DivisionCodeWarning(found), stacklevel=4)


def _checked_index(units: list[OrgUnit], scheme: LevelScheme, codes: CodeCheck) -> Index:
    with paused_gc():
        index, problems = build_index(units, scheme, waive_codes=codes == "warn")
    if index is None:
        raise IntegrityError(problems)
    if problems:
        warnings.warn(DivisionCodeWarning(problems), stacklevel=4)
    return index


def _example(extra: Iterable[OrgUnit] = ()) -> Hierarchy:
    """Return the examples' hierarchy (:func:`jiceng.examples.mafangba`) and ``extra`` units."""
    return Hierarchy(
        [
            OrgUnit(id="cy", name="朝阳街道", level="street"),
            OrgUnit(id="mfb", name="马房坝社区", level="community", parent="cy"),
            OrgUnit(id="qt", name="秋棠片区", level="grid", parent="mfb"),
            OrgUnit(id="cl", name="春兰小区", level="compound", parent="qt", households=241),
            OrgUnit(id="cl-1", name="1栋", level="building", parent="cl", households=48),
            OrgUnit(id="yt", name="永泰片区", level="grid", parent="mfb"),
            *extra,
        ]
    )
