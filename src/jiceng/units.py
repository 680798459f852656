"""The organisational unit record.

An :class:`OrgUnit` is one node of the network: a territory (a subdistrict, a community, a grid, a
residential compound, a building) and the party organisation that leads it. Units refer to their
parent by id, never by Python reference, so data files stay flat; a :class:`~jiceng.Hierarchy`
checks how units fit together.

``OrgUnit`` is a frozen, slotted pydantic dataclass rather than a ``BaseModel``: a district file
may hold a million units, and a slotted record takes a quarter of the memory and half the
validation time (see ``docs/design/records.md``). It offers the familiar ``model_validate``,
``model_validate_json``, ``model_dump``, ``model_dump_json``, ``model_copy`` and
``model_json_schema`` all the same, and raises pydantic's :class:`~pydantic.ValidationError`.

A unit rejects only what is wrong in itself; each failure has a stable pydantic error type:

=================================  ============================================================
error type                         when
=================================  ============================================================
``missing``                        no ``id``, ``name`` or ``level``
``string_too_short``               an empty ``id``, ``name``, ``level``, ``parent``, ``led_by``,
                                   ``org_name`` or tag (after white space is stripped)
``greater_than_equal``             a negative count (``households``, ``population``,
                                   ``party_members``, ``probationary_members``), or a
                                   ``built_year`` below 1
``int_type``                       a count or ``built_year`` that is not an int (a bool,
                                   float or string is refused, not converted)
``less_than_equal``                a count above 10¹²
``control_character``              a control character (C0, DEL or C1: NUL, ESC, a line break
                                   …) inside ``id``, ``name``, ``level``, ``parent``,
                                   ``org_name`` or a tag
``division_code``                  a ``code`` that is not exactly 12 digits
``built_year_in_future``           a ``built_year`` after the current year
``dissolved_before_established``   ``dissolved`` earlier than ``established``
``probationary_exceeds_members``   more ``probationary_members`` than ``party_members``
``unexpected_keyword_argument``   a field that ``OrgUnit`` does not have
``attribute_key``                  an ``attributes`` key that is empty, has surrounding white
                                   space or a control character
``attribute_is_field``             an ``attributes`` key that is the name of a field
=================================  ============================================================

Examples
--------
>>> unit = OrgUnit(id="cl", name="春兰小区", level="compound", parent="qiutang",
...                built_year=2004, households=241, population=831)
>>> unit.households, unit.parent
(241, 'qiutang')
>>> from pydantic import ValidationError
>>> try:
...     OrgUnit(id="x", name="  ", level="building", households=-1)
... except ValidationError as error:
...     print([(e["loc"][0], e["type"]) for e in error.errors()])
[('name', 'string_too_short'), ('households', 'greater_than_equal')]
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, ConfigDict, Field, TypeAdapter, ValidationInfo
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError

from jiceng._records import RECORD_CONFIG
from jiceng.levels import OrgKind, OrgStatus
from jiceng.types import NO_ATTRIBUTES, Attributes, Count, DivisionCode, Name, RecordId, Tag

__all__ = ["COUNT_FIELDS", "UNIT_FIELDS", "CountField", "OrgUnit"]

CountField = Literal["households", "population", "party_members"]
"""The name of a count field, as :meth:`~jiceng.Hierarchy.total` takes it."""

COUNT_FIELDS: tuple[CountField, ...] = ("households", "population", "party_members")
"""The count fields of a unit that :meth:`~jiceng.Hierarchy.total` rolls up.

Typed as a tuple of :data:`CountField`, so ``for f in COUNT_FIELDS: h.total(u, f)`` type-checks.
"""


def _check_built_year(value: int) -> int:
    this_year = datetime.date.today().year
    if value > this_year:
        raise PydanticCustomError(
            "built_year_in_future",
            "built year {year} is after the current year {this_year}",
            {"year": value, "this_year": this_year},
        )
    return value


def _check_dissolved(value: datetime.date, info: ValidationInfo) -> datetime.date:
    established = info.data.get("established")
    if established is not None and value < established:
        raise PydanticCustomError(
            "dissolved_before_established",
            "dissolved {dissolved} is before established {established}",
            {"dissolved": str(value), "established": str(established)},
        )
    return value


def _check_probationary(value: int, info: ValidationInfo) -> int:
    members = info.data.get("party_members")
    if members is not None and value > members:
        raise PydanticCustomError(
            "probationary_exceeds_members",
            "{probationary} probationary members is more than the {members} party members",
            {"probationary": value, "members": members},
        )
    return value


def _check_attribute_keys(value: Attributes) -> Attributes:
    clashing = [key for key in value if key in _FIELD_NAMES]
    if clashing:
        raise PydanticCustomError(
            "attribute_is_field",
            "attribute keys {keys} are unit fields; give them as fields",
            {"keys": ", ".join(clashing)},
        )
    return value


BuiltYear = Annotated[int, Field(ge=1, strict=True), AfterValidator(_check_built_year)]
Dissolved = Annotated[datetime.date, AfterValidator(_check_dissolved)]
Probationary = Annotated[Count, AfterValidator(_check_probationary)]
UnitAttributes = Annotated[Attributes, AfterValidator(_check_attribute_keys)]

UNIT_CONFIG = ConfigDict(
    extra="forbid",
    str_strip_whitespace=True,
    json_schema_extra=RECORD_CONFIG["json_schema_extra"],
)


@dataclass(frozen=True, slots=True, config=UNIT_CONFIG)
class OrgUnit:
    """One unit of the network: a territory and the party organisation that leads it.

    Parameters
    ----------
    id
        Unique id chosen by the data's owner (a division code, a database key, a slug).
    name
        The territory's name, e.g. ``"小北街社区"``.
    level
        The key of the unit's level in the hierarchy's :class:`~jiceng.LevelScheme`.
    parent
        The parent unit's id, or ``None`` for a root.
    org_name
        The organisation's own name, e.g. ``"小北街社区党委"``, where it is recorded.
    org_kind
        The organisation's kind where it differs from its level's default (a small community may
        have a 党总支 rather than a 党委).
    org_status
        How the territory's party organisation is set up (:class:`~jiceng.OrgStatus`): its own
        (also what ``None`` means), led by a joint or a regional one, or none yet.
    led_by
        For a ``joint`` or ``regional`` status, the id of the unit whose organisation leads this
        one. The hierarchy checks that it exists and may lead it; totals and queries ignore it.
    official_name
        The name the statistical table gives, e.g. ``"二马路社区居民委员会"``, where it differs
        from ``name``.
    code
        The 12-digit statistical division code (统计用区划代码), where one exists.
    households, population, party_members
        Recorded counts; ``None`` where the data has no figure (which is not zero).
        ``party_members`` counts every member, full and probationary.
    probationary_members
        Of ``party_members``, the probationary members (预备党员), where recorded; the full
        members (正式党员) are the difference. At most ``party_members`` when both are recorded.
    built_year
        Year of construction (for compounds and buildings).
    established, dissolved
        Dates the organisation was set up and dissolved.
    tags
        Free-form labels, e.g. ``("安置小区",)``.
    attributes
        Facts the unit has no field for, e.g. ``{"网格员": "张三"}`` (an immutable, hashable
        :class:`~jiceng.Attributes`; a plain dict is converted). Every unit without any shares
        one empty value, so they cost nothing but the slot.

    Examples
    --------
    >>> unit = OrgUnit(id="511702002002", name="小北街社区", level="community",
    ...                parent="511702002000", code="511702002002")
    >>> unit.model_dump(exclude_none=True)
    {'id': '511702002002', 'name': '小北街社区', 'level': 'community', 'parent': '511702002000', \
'code': '511702002002', 'tags': (), 'attributes': {}}
    >>> unit.model_copy(update={"households": 3100}).households
    3100
    >>> OrgUnit.model_validate_json(unit.model_dump_json()) == unit
    True
    """

    id: RecordId
    name: Name
    level: Name
    parent: RecordId | None = None
    org_name: Name | None = None
    org_kind: OrgKind | None = None
    org_status: OrgStatus | None = None
    led_by: RecordId | None = None
    official_name: Name | None = None
    code: DivisionCode | None = None
    households: Count | None = None
    population: Count | None = None
    party_members: Count | None = None
    probationary_members: Probationary | None = None
    built_year: BuiltYear | None = None
    established: datetime.date | None = None
    dissolved: Dissolved | None = None
    tags: tuple[Tag, ...] = ()
    attributes: UnitAttributes = NO_ATTRIBUTES

    _adapter: ClassVar[TypeAdapter[OrgUnit]]

    @classmethod
    def model_validate(cls, obj: Any) -> OrgUnit:
        """Validate a mapping (or an ``OrgUnit``) into a unit; raises ``ValidationError``.

        Examples
        --------
        >>> OrgUnit.model_validate({"id": "xc", "name": "西城街道", "level": "street"}).name
        '西城街道'
        """
        return cls._adapter.validate_python(obj)

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> OrgUnit:
        """Validate a JSON object into a unit; raises ``ValidationError``.

        Examples
        --------
        >>> OrgUnit.model_validate_json('{"id": "xc", "name": "西城街道", "level": "street"}').id
        'xc'
        """
        return cls._adapter.validate_json(data)

    @classmethod
    def model_json_schema(cls) -> dict[str, Any]:
        """Return the JSON Schema of a unit.

        Examples
        --------
        >>> OrgUnit.model_json_schema()["required"]
        ['id', 'name', 'level']
        """
        return cls._adapter.json_schema()

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        exclude_none: bool = False,
        exclude_defaults: bool = False,
    ) -> dict[str, Any]:
        """Return the unit's fields as a dict, in field order.

        ``mode="json"`` gives JSON-compatible values (dates as ISO strings, tags as a list).

        Examples
        --------
        >>> unit = OrgUnit(id="cl", name="春兰小区", level="compound", built_year=2004)
        >>> unit.model_dump(exclude_defaults=True)
        {'id': 'cl', 'name': '春兰小区', 'level': 'compound', 'built_year': 2004}
        """
        dumped: dict[str, Any] = self._adapter.dump_python(
            self, mode=mode, exclude_none=exclude_none, exclude_defaults=exclude_defaults
        )
        return dumped

    def model_dump_json(self, *, exclude_none: bool = False, exclude_defaults: bool = False) -> str:
        """Return the unit as a compact JSON object (UTF-8 text, Chinese kept as is).

        Examples
        --------
        >>> OrgUnit(id="xc", name="西城街道", level="street").model_dump_json(exclude_none=True)
        '{"id":"xc","name":"西城街道","level":"street","tags":[],"attributes":{}}'
        """
        return self._adapter.dump_json(
            self, exclude_none=exclude_none, exclude_defaults=exclude_defaults
        ).decode()

    def model_copy(self, *, update: dict[str, Any] | None = None) -> OrgUnit:
        """Return a copy with some fields changed; unlike pydantic's, the copy is validated.

        Examples
        --------
        >>> unit = OrgUnit(id="cl", name="春兰小区", level="compound", households=241)
        >>> unit.model_copy(update={"households": 245}).households
        245
        """
        return dataclasses.replace(self, **(update or {}))


OrgUnit._adapter = TypeAdapter(OrgUnit)

UNIT_FIELDS: tuple[str, ...] = tuple(field.name for field in dataclasses.fields(OrgUnit))
"""The names of an :class:`OrgUnit`'s fields, in order."""

_FIELD_NAMES = frozenset(UNIT_FIELDS)
