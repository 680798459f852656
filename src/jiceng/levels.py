"""Levels of the organisational network and the schemes that order them.

A :class:`LevelScheme` is data: an ordered tuple of :class:`Level` records, top first. Each level
is at once a territory (街道, 社区, 网格, …) and the party organisation that leads it (街道党工委,
社区党委, …), and names the levels it admits as a parent. Unless a level says otherwise it admits
only the level directly above it, and only the first level may be a root.

Four schemes are built in: :data:`URBAN_FIVE_LEVEL` (the default: subdistrict → community →
grid → compound → building), :data:`URBAN_FOUR_LEVEL` (no grid), :data:`RURAL` (township → village →
villagers' group) and :data:`ADMINISTRATIVE` (the national division tree: province → prefecture →
county → township → village, see :mod:`jiceng.divisions`). In every built-in scheme any level may
be a root, so one file may hold a whole district, one subdistrict, or a single community with what
lies under it.

The 街道 (街道办事处, the level below a city district) is called a subdistrict in English: its
level key is ``street`` (a stable key that files and code use) and its label ``"subdistrict"``.

A level may declare the shape of its units' 12-digit statistical division codes
(:attr:`Level.code_digits`); every built-in scheme does, and a :class:`~jiceng.Hierarchy` then
checks each code against its level (problem code ``code_shape``).

Examples
--------
>>> [level.key for level in URBAN_FIVE_LEVEL.levels]
['street', 'community', 'grid', 'compound', 'building']
>>> URBAN_FIVE_LEVEL["grid"].organisation, URBAN_FIVE_LEVEL["grid"].kind.zh
('网格党总支', '党总支')
>>> URBAN_FIVE_LEVEL.admits("compound", "building")
True
>>> URBAN_FIVE_LEVEL.admits("community", "compound")
False
>>> [level.code_digits for level in URBAN_FIVE_LEVEL]
[9, 12, 0, 0, 0]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any, Self

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.errors import InvalidArgumentError, UnknownLevelError
from jiceng.types import Key, Name

__all__ = [
    "ADMINISTRATIVE",
    "BUILTIN_SCHEMES",
    "CODE_DIGITS",
    "RURAL",
    "URBAN_FIVE_LEVEL",
    "URBAN_FOUR_LEVEL",
    "Level",
    "LevelScheme",
    "OrgKind",
    "OrgStatus",
    "resolve_scheme",
]


CODE_DIGITS: tuple[int, ...] = (2, 4, 6, 9, 12)
"""The significant digits a division code may have: province, prefecture, county, township,
village (the rest of the 12 digits are zeros).

Examples
--------
>>> "511702002000"[: CODE_DIGITS[3]]
'511702002'
"""


@labels(
    {
        "local_committee": "地方党委",
        "working_committee": "党工委",
        "committee": "党委",
        "general_branch": "党总支",
        "branch": "党支部",
        "group": "党小组",
    }
)
class OrgKind(Vocabulary):
    """The kind of a party organisation (党组织类型); values are stable English keys.

    ``LOCAL_COMMITTEE`` (地方党委) is a local committee of the party above the primary level: the
    committee of a province, a prefecture or a county (省委、市委、县委 / 区委), as opposed to the
    primary-level committees (基层党委, ``COMMITTEE``) of townships and communities.

    Examples
    --------
    >>> OrgKind.GENERAL_BRANCH.zh
    '党总支'
    >>> OrgKind("branch")
    <OrgKind.BRANCH: 'branch'>
    """

    LOCAL_COMMITTEE = "local_committee"
    WORKING_COMMITTEE = "working_committee"
    COMMITTEE = "committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    GROUP = "group"


@labels(
    {
        "own": "独立建立",
        "joint": "联合党支部",
        "regional": "区域联建",
        "none": "未建立",
    }
)
class OrgStatus(Vocabulary):
    """How a territory's party organisation is set up (党组织设置); values are stable English keys.

    ``OWN``: the unit has an organisation of its own (what a unit that records no status has).
    ``JOINT``: it has none of its own and is led by a joint branch (联合党支部) based at another
    unit of its level, which leads at most five units in all. ``REGIONAL``: it is led by a
    regional organisation (区域联建) based at a unit of its level or above. ``NONE``: no party
    organisation covers it yet, the gap that coverage (全覆盖) measures.

    Examples
    --------
    >>> OrgStatus.JOINT.zh, OrgStatus("none")
    ('联合党支部', <OrgStatus.NONE: 'none'>)
    """

    OWN = "own"
    JOINT = "joint"
    REGIONAL = "regional"
    NONE = "none"


class Level(Record):
    """One level of a scheme: a kind of territory and the organisation that leads it.

    Parameters
    ----------
    key
        Stable machine key, e.g. ``"street"``; units name their level by it.
    territory
        The territory's Chinese name, e.g. ``"街道"``.
    organisation
        The organisation's Chinese name, e.g. ``"街道党工委"``.
    label
        English label, e.g. ``"subdistrict"`` (for the level whose key is ``"street"``).
    kind
        The default :class:`OrgKind` of units at this level; a unit may override it.
    parents
        Keys of the levels this level admits as a parent (it may name itself, for nesting such as
        sub-grids). ``None`` (the default) means only the level directly above, or none for the
        first level.
    root
        Whether a unit at this level may have no parent. ``None`` (the default) means only the
        first level may.
    code_digits
        The number of significant digits of the 12-digit statistical division codes
        (统计用区划代码) of this level's units: one of 2, 4, 6, 9, 12 (province, prefecture,
        county, township, village; the remaining digits are zeros). ``0`` means that units at
        this level carry no division code (grids, compounds and buildings have only local
        codes); ``None`` (the default) declares nothing. Any other value is refused (error type
        ``code_digits``).

    Examples
    --------
    >>> Level(key="micro_grid", territory="微网格", organisation="微网格党小组",
    ...       label="micro-grid", kind="group").kind
    <OrgKind.GROUP: 'group'>
    >>> Level(key="town", territory="镇", organisation="镇党委", label="town",
    ...       kind="committee", code_digits=9).code_digits
    9
    """

    key: Key
    territory: Name
    organisation: Name
    label: Name
    kind: OrgKind
    parents: tuple[Key, ...] | None = None
    root: bool | None = None
    code_digits: int | None = None

    @field_validator("code_digits")
    @classmethod
    def _check_code_digits(cls, value: int | None) -> int | None:
        if value is not None and value not in (0, *CODE_DIGITS):
            raise PydanticCustomError(
                "code_digits",
                "code_digits must be 0 (no division code) or one of 2, 4, 6, 9, 12; got {value}",
                {"value": value},
            )
        return value


class LevelScheme(Record):
    """An ordered scheme of levels, top first, that validates itself.

    A scheme rejects duplicate level keys (error type ``duplicate_level``), admitted parents that
    are not levels of the scheme (``unknown_parent_level``), a scheme where no level may be a root
    (``no_root_level``), and a level that no unit could ever hold: one that may not be a root and
    whose admitted parents cannot be reached from a root level (``unreachable_level``).

    Parameters
    ----------
    name
        Stable key of the scheme, e.g. ``"urban_five_level"``.
    title
        A readable title (Chinese or English).
    levels
        The levels, top first.

    Examples
    --------
    >>> scheme = LevelScheme(name="micro", title="社区-小区-网格-微网格-楼栋", levels=[
    ...     {"key": "community", "territory": "社区", "organisation": "社区党委",
    ...      "label": "community", "kind": "committee"},
    ...     {"key": "compound", "territory": "小区", "organisation": "小区党支部",
    ...      "label": "compound", "kind": "branch"},
    ...     {"key": "grid", "territory": "网格", "organisation": "网格党小组",
    ...      "label": "grid", "kind": "group", "parents": ["compound", "grid"]},
    ... ])
    >>> scheme.parent_levels("grid")
    ('compound', 'grid')
    >>> scheme.parent_levels("compound")
    ('community',)
    >>> LevelScheme.model_validate_json(scheme.model_dump_json()) == scheme
    True
    """

    name: Key
    title: Name
    levels: tuple[Level, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_levels(self) -> Self:
        keys = [level.key for level in self.levels]
        duplicates = sorted(key for key, count in Counter(keys).items() if count > 1)
        if duplicates:
            raise PydanticCustomError(
                "duplicate_level",
                "level keys must be unique; repeated: {keys}",
                {"keys": ", ".join(duplicates)},
            )
        known = set(keys)
        unknown = sorted(
            {p for level in self.levels for p in (level.parents or ()) if p not in known}
        )
        if unknown:
            raise PydanticCustomError(
                "unknown_parent_level",
                "admitted parent levels are not levels of the scheme: {keys}",
                {"keys": ", ".join(unknown)},
            )
        if not any(self.may_be_root(key) for key in keys):
            raise PydanticCustomError("no_root_level", "no level of the scheme may be a root")
        reachable = {key for key in keys if self.may_be_root(key)}
        grew = True
        while grew:  # a level is reachable when some admitted parent level is
            more = {
                k for k in keys if k not in reachable and reachable & set(self.parent_levels(k))
            }
            reachable |= more
            grew = bool(more)
        stranded = [key for key in keys if key not in reachable]
        if stranded:
            raise PydanticCustomError(
                "unreachable_level",
                "levels that no unit could hold (not a root, and no admitted parent level is"
                " reachable from a root): {keys}",
                {"keys": ", ".join(stranded)},
            )
        return self

    def __getitem__(self, key: str) -> Level:
        """Return the level with this key; :class:`~jiceng.UnknownLevelError` if there is none.

        Examples
        --------
        >>> URBAN_FIVE_LEVEL["grid"].territory
        '网格'
        """
        for level in self.levels:
            if level.key == key:
                return level
        raise UnknownLevelError(key, self.keys)

    def __contains__(self, key: object) -> bool:
        """Whether the scheme has a level with this key."""
        return any(level.key == key for level in self.levels)

    def __iter__(self) -> Iterator[Level]:  # type: ignore[override]
        """Iterate over the levels, top first (not over the model's fields)."""
        return iter(self.levels)

    def __len__(self) -> int:
        """Return the number of levels."""
        return len(self.levels)

    @property
    def keys(self) -> tuple[str, ...]:
        """The level keys, top first.

        Examples
        --------
        >>> RURAL.keys
        ('township', 'village', 'villager_group')
        """
        return tuple(level.key for level in self.levels)

    def index(self, key: str) -> int:
        """Return the position of a level, 0 for the top; :class:`KeyError` if unknown.

        Examples
        --------
        >>> URBAN_FIVE_LEVEL.index("grid")
        2
        """
        for position, level in enumerate(self.levels):
            if level.key == key:
                return position
        raise UnknownLevelError(key, self.keys)

    def parent_levels(self, key: str) -> tuple[str, ...]:
        """Return the keys of the levels that level ``key`` admits as a parent.

        Examples
        --------
        >>> URBAN_FIVE_LEVEL.parent_levels("grid"), URBAN_FIVE_LEVEL.parent_levels("street")
        (('community',), ())
        """
        position = self.index(key)
        parents = self.levels[position].parents
        if parents is not None:
            return parents
        return (self.levels[position - 1].key,) if position > 0 else ()

    def may_be_root(self, key: str) -> bool:
        """Whether a unit at level ``key`` may have no parent.

        Examples
        --------
        >>> URBAN_FIVE_LEVEL.may_be_root("community")
        True
        """
        position = self.index(key)
        root = self.levels[position].root
        return position == 0 if root is None else root

    def admits(self, parent: str, child: str) -> bool:
        """Whether a unit at level ``child`` may have a parent at level ``parent``.

        Examples
        --------
        >>> scheme = URBAN_FIVE_LEVEL
        >>> scheme.admits("compound", "building"), scheme.admits("grid", "building")
        (True, False)
        """
        return parent in self.parent_levels(child)


def _level(
    key: str,
    territory: str,
    organisation: str,
    label: str,
    kind: OrgKind,
    *,
    parents: tuple[str, ...],
    code_digits: int,
) -> Level:
    return Level(
        key=key,
        territory=territory,
        organisation=organisation,
        label=label,
        kind=kind,
        parents=parents,
        root=True,
        code_digits=code_digits,
    )


_STREET = _level(
    "street",
    "街道",
    "街道党工委",
    "subdistrict",
    OrgKind.WORKING_COMMITTEE,
    parents=(),
    code_digits=9,
)
_BUILDING = _level(
    "building",
    "楼栋",
    "楼栋党小组",
    "building",
    OrgKind.GROUP,
    parents=("compound",),
    code_digits=0,
)

URBAN_FIVE_LEVEL = LevelScheme(
    name="urban_five_level",
    title="街道党工委—社区党委—网格党总支—小区党支部—楼栋党小组",
    levels=(
        _STREET,
        _level(
            "community",
            "社区",
            "社区党委",
            "community",
            OrgKind.COMMITTEE,
            parents=("street",),
            code_digits=12,
        ),
        _level(
            "grid",
            "网格",
            "网格党总支",
            "grid",
            OrgKind.GENERAL_BRANCH,
            parents=("community",),
            code_digits=0,
        ),
        _level(
            "compound",
            "小区",
            "小区党支部",
            "residential compound",
            OrgKind.BRANCH,
            parents=("grid",),
            code_digits=0,
        ),
        _BUILDING,
    ),
)
"""The default five-level urban network (五级组织网络): subdistrict → community → grid →
compound → building. Any level may be a root, so a file may hold one subdistrict or one
community."""

URBAN_FOUR_LEVEL = LevelScheme(
    name="urban_four_level",
    title="街道党工委—社区党组织—小区党支部—楼栋党小组",
    levels=(
        _STREET,
        _level(
            "community",
            "社区",
            "社区党组织",
            "community",
            OrgKind.COMMITTEE,
            parents=("street",),
            code_digits=12,
        ),
        URBAN_FIVE_LEVEL["compound"].model_copy(update={"parents": ("community",)}),
        _BUILDING,
    ),
)
"""The four-level urban network without grids: subdistrict → community → compound →
building."""

RURAL = LevelScheme(
    name="rural",
    title="乡镇党委—村党组织—村民小组党支部",
    levels=(
        _level(
            "township", "乡镇", "乡镇党委", "township", OrgKind.COMMITTEE, parents=(), code_digits=9
        ),
        _level(
            "village",
            "村",
            "村党组织",
            "village",
            OrgKind.BRANCH,
            parents=("township",),
            code_digits=12,
        ),
        _level(
            "villager_group",
            "村民小组",
            "村民小组党支部",
            "villagers' group",
            OrgKind.BRANCH,
            parents=("village",),
            code_digits=0,
        ),
    ),
)
"""The rural network: township → village → villagers' group.

A village's organisation defaults to a 党支部, as most villages' is; a larger village's 党总支 or
党委 is given per unit (``OrgUnit.org_kind``)."""

ADMINISTRATIVE = LevelScheme(
    name="administrative",
    title="省级—地级—县级—乡级—村级",
    levels=(
        _level(
            "province",
            "省级",
            "省委",
            "province",
            OrgKind.LOCAL_COMMITTEE,
            parents=(),
            code_digits=2,
        ),
        _level(
            "prefecture",
            "地级",
            "市委",
            "prefecture",
            OrgKind.LOCAL_COMMITTEE,
            parents=("province",),
            code_digits=4,
        ),
        _level(
            "county",
            "县级",
            "县委 / 区委",
            "county",
            OrgKind.LOCAL_COMMITTEE,
            parents=("prefecture",),
            code_digits=6,
        ),
        _level(
            "township",
            "乡级",
            "乡镇党委 / 街道党工委",
            "township",
            OrgKind.COMMITTEE,
            parents=("county",),
            code_digits=9,
        ),
        _level(
            "village",
            "村级",
            "村 / 社区党组织",
            "village",
            OrgKind.BRANCH,
            parents=("township",),
            code_digits=12,
        ),
    ),
)
"""The national division tree (统计用区划代码): province → prefecture → county → township →
village, with codes of 2, 4, 6, 9 and 12 significant digits. Any level may be a root.

Subdistricts (街道, township segment 001–099) are townships whose organisation is a working
committee (街道党工委): :func:`jiceng.divisions.read` gives them ``org_kind="working_committee"``.

Examples
--------
>>> ADMINISTRATIVE.keys
('province', 'prefecture', 'county', 'township', 'village')
>>> [level.code_digits for level in ADMINISTRATIVE], ADMINISTRATIVE["county"].kind.zh
([2, 4, 6, 9, 12], '地方党委')
"""

BUILTIN_SCHEMES: dict[str, LevelScheme] = {
    scheme.name: scheme for scheme in (URBAN_FIVE_LEVEL, URBAN_FOUR_LEVEL, RURAL, ADMINISTRATIVE)
}
"""The built-in level schemes by name; a data file may name one instead of spelling it out."""


def resolve_scheme(value: Any) -> Any:
    """Turn the name of a built-in scheme into the scheme; leave anything else to validation.

    Examples
    --------
    >>> resolve_scheme("rural") is RURAL
    True
    """
    if isinstance(value, str):
        try:
            return BUILTIN_SCHEMES[value]
        except KeyError:
            known = ", ".join(BUILTIN_SCHEMES)
            raise InvalidArgumentError(
                f"unknown built-in scheme {value!r}; name one of {known} or give a scheme object"
            ) from None
    return value
