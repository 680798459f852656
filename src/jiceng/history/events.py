"""Change events: dated records of how units were set up, dissolved, renamed, recoded, moved.

A :class:`ChangeEvent` is modelled on the W3C Organization Ontology's ``org:ChangeEvent``: the
units it starts from (``original``, ``org:originalOrganization``) and those it leads to
(``resulting``, ``org:resultingOrganization``), each a tuple of unit ids, on a ``date``
(``prov:atTime``). Each event carries what it takes to replay it *and* to undo it:

==============  ==========  ================================================================
kind            Chinese     original → resulting, and the values carried
==============  ==========  ================================================================
``establish``   设立        () → the new units; ``units``: their records, parents first
``dissolve``    撤销        the units dissolved → (); undone by clearing their ``dissolved``
``rename``      更名        (unit,) → (unit,); ``old`` and ``new`` name
``recode``      区划代码变更  (unit,) → (unit,); ``old`` and ``new`` division code
``move``        隶属关系调整  (unit,) → (unit,); ``old`` and ``new`` parent (``None``: a root)
``relevel``     层级调整      (unit,) → (unit,); ``old`` and ``new`` level
``change``      信息变更      (unit,) → (unit,); the ``field``, its ``old`` and ``new`` value
``merge``       合并        the units merged → (the unit they went into,); ``transfers``
``split``       拆分        (the unit split,) → the units it split into; ``transfers``
==============  ==========  ================================================================

In a merge or a split, a unit named in ``original`` but not in ``resulting`` is dissolved on the
date, one in ``resulting`` but not in ``original`` is new (its record is in ``units``), and one
in both goes on (a community absorbing another is in both). Each :class:`Transfer` moves one
child from a unit of ``original`` to one of ``resulting``: the children that went where.

An event rejects what is wrong in itself, with these pydantic error types:

=======================  ============================================================
error type               when
=======================  ============================================================
``event_shape``          ``original`` / ``resulting`` of the wrong size for the kind
``repeated_unit``        an id twice in ``original``, ``resulting`` or ``units``
``event_values``         ``field``, ``old``/``new``, ``units`` or ``transfers`` given
                         where the kind carries none
``event_field``          a ``change`` without a ``field``, or of a field that has a kind
                         of its own (``name``, ``code``, ``parent``, ``level``) or none
                         (``id``, ``established``, ``dissolved``, ``attributes``)
``field_value``          an ``old`` or ``new`` value the unit's field does not take
``no_change``            ``old`` equal to ``new``
``new_units``            ``units`` not exactly the new units of ``resulting``, in order
``established_date``     a new unit whose ``established`` is not the event's date, or
                         that is already dissolved
``transfer_ends``        a transfer not from ``original`` to ``resulting``, of a unit
                         of the event itself, or of one unit twice
=======================  ============================================================

Examples
--------
>>> import datetime
>>> event = ChangeEvent(date=datetime.date(2023, 6, 30), kind="recode",
...                     original=("baige",), resulting=("baige",),
...                     old="511702004001", new="511702004012")
>>> event.kind.zh, event.changed_field
('区划代码变更', 'code')
"""

from __future__ import annotations

import datetime
from typing import Self

from pydantic import StrictInt, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.types import Name, RecordId
from jiceng.units import OrgUnit

__all__ = ["FIELD_KINDS", "ChangeEvent", "ChangeKind", "FieldValue", "Transfer"]


@labels(
    {
        "establish": "设立",
        "dissolve": "撤销",
        "rename": "更名",
        "recode": "区划代码变更",
        "move": "隶属关系调整",
        "relevel": "层级调整",
        "change": "信息变更",
        "merge": "合并",
        "split": "拆分",
    }
)
class ChangeKind(Vocabulary):
    """The kind of a change event; values are stable English keys, ``.zh`` the Chinese term.

    Examples
    --------
    >>> ChangeKind.MOVE.zh
    '隶属关系调整'
    >>> ChangeKind("merge")
    <ChangeKind.MERGE: 'merge'>
    """

    ESTABLISH = "establish"
    DISSOLVE = "dissolve"
    RENAME = "rename"
    RECODE = "recode"
    MOVE = "move"
    RELEVEL = "relevel"
    CHANGE = "change"
    MERGE = "merge"
    SPLIT = "split"


FIELD_KINDS: dict[ChangeKind, str] = {
    ChangeKind.RENAME: "name",
    ChangeKind.RECODE: "code",
    ChangeKind.MOVE: "parent",
    ChangeKind.RELEVEL: "level",
}
"""The unit field that each one-field kind changes (a ``change`` names its own).

Examples
--------
>>> FIELD_KINDS[ChangeKind.RECODE]
'code'
"""

_NOT_CHANGED = frozenset({"id", "established", "dissolved", "attributes", *FIELD_KINDS.values()})
_WHOLE_UNIT = (ChangeKind.ESTABLISH, ChangeKind.MERGE, ChangeKind.SPLIT)

FieldValue = str | StrictInt | tuple[str, ...] | None
"""The value of a unit field before or after a one-field change (a name, a count, tags)."""


class Transfer(Record):
    """A child unit that a merge or a split moves from one parent to another.

    Parameters
    ----------
    unit
        The child's id.
    old_parent, new_parent
        Its parent before the event (a unit of ``original``) and after it (one of
        ``resulting``).

    Examples
    --------
    >>> Transfer(unit="g1", old_parent="a", new_parent="b").new_parent
    'b'
    """

    unit: RecordId
    old_parent: RecordId
    new_parent: RecordId


class ChangeEvent(Record):
    """One dated change to the units of a hierarchy (see the module documentation).

    Parameters
    ----------
    date
        The day the change took effect. A unit established on it stands on it; a unit
        dissolved on it no longer does.
    kind
        A :class:`ChangeKind`.
    original, resulting
        The ids of the units the change starts from and leads to.
    field
        For a ``change``: the unit field it changes (``"households"``, ``"org_name"``, ...).
    old, new
        For the one-field kinds: the field's value before and after.
    units
        For ``establish``, ``merge`` and ``split``: the records of the new units, in the order
        of ``resulting``, parents before children, each ``established`` on ``date``.
    transfers
        For ``merge`` and ``split``: the children that move, and where.
    note
        Where the change is recorded (a document, a table).

    Examples
    --------
    >>> import datetime
    >>> from jiceng import OrgUnit
    >>> on = datetime.date(2023, 6, 30)
    >>> event = ChangeEvent(date=on, kind="establish", resulting=("dongbin",), units=(
    ...     OrgUnit(id="dongbin", name="东滨社区", level="community", parent="dongcheng",
    ...             established=on),))
    >>> event.kind, event.resulting
    (<ChangeKind.ESTABLISH: 'establish'>, ('dongbin',))
    >>> from pydantic import ValidationError
    >>> try:
    ...     ChangeEvent(date=on, kind="rename", original=("a",), resulting=("a",),
    ...                 old="凤凰社区", new="凤凰社区")
    ... except ValidationError as error:
    ...     print(error.errors()[0]["type"])
    no_change
    """

    date: datetime.date
    kind: ChangeKind
    original: tuple[RecordId, ...] = ()
    resulting: tuple[RecordId, ...] = ()
    field: Name | None = None
    old: FieldValue = None
    new: FieldValue = None
    units: tuple[OrgUnit, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    note: Name | None = None

    @property
    def changed_field(self) -> str | None:
        """The unit field a one-field event changes; ``None`` for the other kinds.

        Examples
        --------
        >>> import datetime
        >>> ChangeEvent(date=datetime.date(2021, 1, 1), kind="change", original=("c",),
        ...             resulting=("c",), field="households", old=241, new=245).changed_field
        'households'
        """
        return self.field if self.kind is ChangeKind.CHANGE else FIELD_KINDS.get(self.kind)

    @property
    def new_ids(self) -> tuple[str, ...]:
        """The ids of the units the event sets up: in ``resulting`` but not in ``original``.

        Examples
        --------
        >>> import datetime
        >>> ChangeEvent(date=datetime.date(2021, 1, 1), kind="merge", original=("a", "b"),
        ...             resulting=("b",)).new_ids
        ()
        """
        before = set(self.original)
        return tuple(uid for uid in self.resulting if uid not in before)

    @property
    def gone_ids(self) -> tuple[str, ...]:
        """The ids of the units the event dissolves: in ``original`` but not in ``resulting``.

        Examples
        --------
        >>> import datetime
        >>> ChangeEvent(date=datetime.date(2021, 1, 1), kind="merge", original=("a", "b"),
        ...             resulting=("b",)).gone_ids
        ('a',)
        """
        after = set(self.resulting)
        return tuple(uid for uid in self.original if uid not in after)

    @property
    def unit_ids(self) -> tuple[str, ...]:
        """Every unit id the event names, without repeats, in order of first mention.

        Examples
        --------
        >>> import datetime
        >>> ChangeEvent(date=datetime.date(2021, 1, 1), kind="move", original=("c",),
        ...             resulting=("c",), old="g1", new="g2").unit_ids
        ('c', 'g1', 'g2')
        """
        named: dict[str, None] = dict.fromkeys((*self.original, *self.resulting))
        if self.kind is ChangeKind.MOVE:
            named.update(dict.fromkeys(v for v in (self.old, self.new) if isinstance(v, str)))
        for unit in self.units:
            named.update(dict.fromkeys(v for v in (unit.id, unit.parent) if v is not None))
        for transfer in self.transfers:
            named.update(dict.fromkeys((transfer.unit, transfer.old_parent, transfer.new_parent)))
        return tuple(named)

    @model_validator(mode="after")
    def _check_shape(self) -> Self:
        kind, original, resulting = self.kind, self.original, self.resulting
        for name, ids in (("original", original), ("resulting", resulting)):
            if len(set(ids)) < len(ids):
                raise PydanticCustomError(
                    "repeated_unit", "{name} names a unit twice", {"name": name}
                )
        if kind is ChangeKind.ESTABLISH:
            wrong = bool(original) or not resulting
        elif kind is ChangeKind.DISSOLVE:
            wrong = not original or bool(resulting)
        elif kind is ChangeKind.MERGE:
            wrong = len(original) < 2 or len(resulting) != 1
        elif kind is ChangeKind.SPLIT:
            wrong = len(original) != 1 or len(resulting) < 2
        else:
            wrong = len(original) != 1 or resulting != original
        if wrong:
            raise PydanticCustomError(
                "event_shape",
                "a {kind} event cannot go from {before} to {after} units "
                "(original → resulting: establish () → ≥1, dissolve ≥1 → (), merge ≥2 → 1, "
                "split 1 → ≥2, the others one unit → the same unit)",
                {"kind": kind.value, "before": len(original), "after": len(resulting)},
            )
        self._check_values()
        if kind in _WHOLE_UNIT:
            self._check_new_units()
        if self.transfers:
            self._check_transfers()
        return self

    def _check_values(self) -> None:
        kind = self.kind
        if kind is ChangeKind.CHANGE and (self.field is None or self.field in _NOT_CHANGED):
            raise PydanticCustomError(
                "event_field",
                "a change event names a field other than {fields}; got {field}",
                {"fields": ", ".join(sorted(_NOT_CHANGED)), "field": str(self.field)},
            )
        extra = [
            name
            for name, given in (
                ("field", self.field is not None and kind is not ChangeKind.CHANGE),
                ("old", self.old is not None and self.changed_field is None),
                ("new", self.new is not None and self.changed_field is None),
                ("units", bool(self.units) and kind not in _WHOLE_UNIT),
                (
                    "transfers",
                    bool(self.transfers) and kind not in (ChangeKind.MERGE, ChangeKind.SPLIT),
                ),
            )
            if given
        ]
        if extra:
            raise PydanticCustomError(
                "event_values",
                "a {kind} event carries no {names}",
                {"kind": kind.value, "names": ", ".join(extra)},
            )
        field = self.changed_field
        if field is None:
            return
        for which in ("old", "new"):
            value = getattr(self, which)
            try:
                OrgUnit.model_validate({"id": "x", "name": "x", "level": "x", field: value})
            except ValidationError as error:
                raise PydanticCustomError(
                    "field_value",
                    "{which} is not a valid {field}: {reason}",
                    {"which": which, "field": field, "reason": error.errors()[0]["msg"]},
                ) from None
        if self.old == self.new:
            raise PydanticCustomError(
                "no_change",
                "old and new {field} are both {value}",
                {"field": field, "value": repr(self.old)},
            )

    def _check_new_units(self) -> None:
        ids = tuple(unit.id for unit in self.units)
        if ids != self.new_ids:
            raise PydanticCustomError(
                "new_units",
                "units holds {given}, not the records of the new units {wanted}, in order",
                {"given": ", ".join(ids) or "nothing", "wanted": ", ".join(self.new_ids)},
            )
        for unit in self.units:
            if unit.established != self.date or unit.dissolved is not None:
                raise PydanticCustomError(
                    "established_date",
                    "new unit {unit} must be established on {date}, the event's date, "
                    "and not dissolved",
                    {"unit": unit.id, "date": str(self.date)},
                )

    def _check_transfers(self) -> None:
        own = {*self.original, *self.resulting}
        seen: set[str] = set()
        for transfer in self.transfers:
            if (
                transfer.old_parent not in self.original
                or transfer.new_parent not in self.resulting
                or transfer.unit in own
                or transfer.unit in seen
            ):
                raise PydanticCustomError(
                    "transfer_ends",
                    "the transfer of {unit} must move a unit not of the event itself, once, "
                    "from a unit of original to one of resulting",
                    {"unit": transfer.unit},
                )
            seen.add(transfer.unit)
