"""Joining a district's own network to the national division tree.

A district's file knows its subdistricts and communities and what lies below them (grids, compounds,
buildings); the national tree knows every township and village with its code. :func:`combine`
matches the district's coded units to the national ones by ``code`` and hangs the district's
lower units under the matched national units.

Examples
--------
>>> from jiceng import Hierarchy, OrgUnit
>>> from jiceng.divisions import ADMINISTRATIVE
>>> national = Hierarchy([
...     OrgUnit(id="511702000000", name="通川区", level="county", code="511702000000"),
...     OrgUnit(id="511702002000", name="西城街道", level="township", parent="511702000000",
...             code="511702002000", org_kind="working_committee"),
...     OrgUnit(id="511702002002", name="小北街社区", level="village", parent="511702002000",
...             code="511702002002"),
... ], ADMINISTRATIVE)
>>> district = Hierarchy([
...     OrgUnit(id="xc", name="西城街道", level="street", code="511702002000"),
...     OrgUnit(id="xbj", name="小北街社区", level="community", parent="xc",
...             code="511702002002", households=3100),
...     OrgUnit(id="xbj-1", name="一网格", level="grid", parent="xbj"),
... ])
>>> joined = combine(national, district)
>>> joined.scheme.name, joined.parent("xbj-1").id, joined["511702002002"].households
('administrative_urban_five_level', '511702002002', 3100)
"""

from __future__ import annotations

from typing import Any

from jiceng.dataset import Dataset
from jiceng.errors import IntegrityError, InvalidArgumentError, JicengTypeError, Problem
from jiceng.hierarchy import Hierarchy
from jiceng.levels import Level, LevelScheme, OrgKind
from jiceng.units import OrgUnit

__all__ = ["TAKEN_FIELDS", "combine"]

TAKEN_FIELDS: tuple[str, ...] = (
    "org_name",
    "org_kind",
    "households",
    "population",
    "party_members",
    "established",
    "dissolved",
)
"""The fields a matched national unit takes from the district's unit where it records none
(``tags`` are joined: the national unit's, then the district's others).

Examples
--------
>>> "households" in TAKEN_FIELDS
True
"""


def combine(national: Hierarchy, district: Hierarchy | Dataset) -> Hierarchy:
    """Return one hierarchy: the national tree with a district's lower units under it.

    The district's levels whose ``code_digits`` a national level shares (a subdistrict's 9 digits,
    a community's 12) are *matched*: each of their units is matched to the national unit with
    the same ``code``. The matched national unit keeps its id, code and names, and takes the
    district unit's recorded facts that it lacks (:data:`TAKEN_FIELDS`, and tags). The district's
    other levels (grids, compounds, buildings) follow the national levels in the joined scheme,
    named ``"<national>_<district>"`` (``"administrative_urban_five_level"``: a scheme's name is
    a key), their parents adjusted (a grid's parent level is then ``village``); their units keep
    their ids, and a unit whose parent was matched hangs under the national match.

    Parameters
    ----------
    national
        The national tree (:func:`~jiceng.divisions.read`, :func:`jiceng.examples.china`), or any
        hierarchy whose levels declare ``code_digits``.
    district
        The district: a :class:`~jiceng.Hierarchy` or a :class:`~jiceng.Dataset` (its
        ``hierarchy`` is used).

    Raises
    ------
    IntegrityError
        With one problem of code ``unmatched_unit`` for every district unit at a matched level
        that cannot be matched: it has no code, its code is not in the national tree (or is at
        another level there), or its national match does not lie under the match of its
        district parent (a community whose subdistrict matched a different township). Every such
        unit is reported at once; also the constructor's problems of the joined units (an id the
        district shares with the national tree, say).
    InvalidArgumentError
        If a district level that would be carried has the key of a national level.

    Examples
    --------
    >>> from jiceng import Hierarchy, IntegrityError, OrgUnit
    >>> from jiceng.divisions import ADMINISTRATIVE
    >>> national = Hierarchy([OrgUnit(id="511702001000", name="东城街道", level="township",
    ...                               code="511702001000")], ADMINISTRATIVE)
    >>> stray = Hierarchy([OrgUnit(id="x", name="某街道", level="street", code="511702009000")])
    >>> try:
    ...     combine(national, stray)
    ... except IntegrityError as error:
    ...     print(error.codes, error.ids)
    ('unmatched_unit',) ('x',)
    """
    if isinstance(district, Dataset):
        district = district.hierarchy
    if not isinstance(national, Hierarchy) or not isinstance(district, Hierarchy):
        raise JicengTypeError("combine() takes a national Hierarchy and a Hierarchy or Dataset")
    outer, inner = national.scheme, district.scheme
    by_digits = {lv.code_digits: lv.key for lv in outer.levels if lv.code_digits}
    matched = {
        lv.key: by_digits[lv.code_digits] for lv in inner.levels if lv.code_digits in by_digits
    }
    scheme = _joined_scheme(outer, inner, matched)
    by_code = {unit.code: unit for unit in national if unit.code is not None}
    match: dict[str, OrgUnit] = {}  # district id → national unit
    problems: list[Problem] = []
    for unit in district:
        if unit.level not in matched:
            continue
        found = by_code.get(unit.code) if unit.code is not None else None
        reason = ""
        if unit.code is None:
            reason = "has no division code"
        elif found is None:
            reason = f"has division code {unit.code}, which the national tree does not hold"
        elif found.level != matched[unit.level]:
            reason = f"has division code {unit.code}, a {found.level!r} in the national tree"
        elif unit.parent in match and not national.is_ancestor(match[unit.parent], found):
            reason = (
                f"matches {found.id!r}, which is not under {match[unit.parent].id!r}, the match "
                f"of its parent {unit.parent!r}"
            )
        if reason or found is None:
            problems.append(
                Problem("unmatched_unit", (unit.id,), f"district unit {unit.id!r} {reason}")
            )
            continue
        match[unit.id] = found
    if problems:
        raise IntegrityError(problems)
    enriched = {
        found.id: _enriched(found, match_of, district.org_kind(match_of), scheme)
        for match_of, found in _pairs(district, match)
    }
    units = [enriched.get(unit.id, unit) for unit in national]
    for unit in district:
        if unit.level in matched:
            continue
        above = match.get(unit.parent) if unit.parent is not None else None
        units.append(unit if above is None else unit.model_copy(update={"parent": above.id}))
    return Hierarchy(units, scheme, codes=national.codes)


def _pairs(district: Hierarchy, match: dict[str, OrgUnit]) -> list[tuple[OrgUnit, OrgUnit]]:
    return [(district[uid], found) for uid, found in match.items()]


def _enriched(national: OrgUnit, district: OrgUnit, kind: OrgKind, scheme: LevelScheme) -> OrgUnit:
    """Return the national unit with the district unit's facts that it lacks.

    The district unit's organisation kind is its own or its level's default (a community's
    党委), so it is kept where it differs from the default of the joined level (a village's
    党支部), unless the national unit records a kind of its own.
    """
    update: dict[str, Any] = {
        field: getattr(district, field)
        for field in TAKEN_FIELDS
        if getattr(national, field) is None and getattr(district, field) is not None
    }
    if national.org_kind is None and kind != scheme[national.level].kind:
        update["org_kind"] = kind
    extra = tuple(tag for tag in district.tags if tag not in national.tags)
    if extra:
        update["tags"] = (*national.tags, *extra)
    return national.model_copy(update=update) if update else national


def _joined_scheme(outer: LevelScheme, inner: LevelScheme, matched: dict[str, str]) -> LevelScheme:
    carried: list[Level] = []
    for level in inner.levels:
        if level.key in matched:
            continue
        if level.key in outer:
            raise InvalidArgumentError(
                f"the district's level {level.key!r} would be carried below the national levels, "
                "but the national scheme has a level of that key"
            )
        parents = tuple(matched.get(key, key) for key in inner.parent_levels(level.key))
        carried.append(level.model_copy(update={"parents": parents}))
    return LevelScheme(
        name=f"{outer.name}_{inner.name}",
        title=f"{outer.title} + {inner.title}",
        levels=(*outer.levels, *carried),
    )
