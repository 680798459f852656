"""Recognising the headers and level names of government spreadsheets, for :mod:`jiceng.io`.

A CSV header cell names a unit field in English (``households``) or in one of the Chinese forms
that district and subdistrict systems export (户数); :data:`HEADERS` lists them all, and
``docs/glossary.md`` has the same table. Surrounding white space and a byte-order mark are
ignored. A header that could mean more than one field (地址, 负责人, 备注) is not recognised:
map it with ``columns=``.

A level cell may hold the level's key (``street``), its territory's name (街道), its
organisation's name (街道党工委), its English label, or an alias the scheme declares in
:data:`LEVEL_ALIASES` (片区 for the grid level of the urban five-level scheme).
"""

from __future__ import annotations

from collections.abc import Mapping

from jiceng.levels import LevelScheme
from jiceng.units import UNIT_FIELDS

__all__ = [
    "CHINESE_HEADERS",
    "HEADERS",
    "LEVEL_ALIASES",
    "header_key",
    "known_levels",
    "level_names",
]

HEADERS: Mapping[str, str] = {
    **{name: name for name in UNIT_FIELDS},
    "编号": "id",
    "代码": "id",
    "ID": "id",
    "名称": "name",
    "单位名称": "name",
    "上级": "parent",
    "上级编号": "parent",
    "上级代码": "parent",
    "统计用区划代码": "code",
    "区划代码": "code",
    "编码": "code",
    "层级": "level",
    "级别": "level",
    "类型": "level",
    "户数": "households",
    "总户数": "households",
    "人口": "population",
    "常住人口": "population",
    "人口数": "population",
    "党员数": "party_members",
    "党员人数": "party_members",
    "预备党员数": "probationary_members",
    "预备党员": "probationary_members",
    "建成年份": "built_year",
    "建成年代": "built_year",
    "组织名称": "org_name",
    "党组织名称": "org_name",
    "全称": "official_name",
    "单位全称": "official_name",
    "组织类型": "org_kind",
    "党组织类型": "org_kind",
    "党组织设置": "org_status",
    "所属联合党组织": "led_by",
    "标签": "tags",
    "成立日期": "established",
    "撤销日期": "dissolved",
    "其他属性": "attributes",
}
"""Every header a CSV file may use without ``columns=``, and the unit field it names.

Examples
--------
>>> HEADERS["户数"], HEADERS["统计用区划代码"], HEADERS["households"]
('households', 'code', 'households')
"""

CHINESE_HEADERS: Mapping[str, str] = {
    "id": "编号",
    "name": "名称",
    "level": "层级",
    "parent": "上级编号",
    "org_name": "组织名称",
    "org_kind": "组织类型",
    "org_status": "党组织设置",
    "led_by": "所属联合党组织",
    "official_name": "全称",
    "code": "统计用区划代码",
    "households": "户数",
    "population": "人口",
    "party_members": "党员数",
    "probationary_members": "预备党员数",
    "built_year": "建成年份",
    "established": "成立日期",
    "dissolved": "撤销日期",
    "tags": "标签",
    "attributes": "其他属性",
}
"""A Chinese header for each field that has one, for ``dump(..., columns=CHINESE_HEADERS)``.

Every header here is in :data:`HEADERS`, so a file written with them loads back as it was.

Examples
--------
>>> all(HEADERS[header] == field for field, header in CHINESE_HEADERS.items())
True
"""

LEVEL_ALIASES: Mapping[str, Mapping[str, str]] = {
    "urban_five_level": {"片区": "grid"},
    "administrative": {
        "省": "province",
        "省委": "province",
        "市": "prefecture",
        "市委": "prefecture",
        "县": "county",
        "区": "county",
        "县委": "county",
        "区委": "county",
        "乡": "township",
        "镇": "township",
        "街道": "township",
        "乡镇": "township",
        "乡镇党委": "township",
        "街道党工委": "township",
        "村": "village",
        "社区": "village",
        "村党组织": "village",
        "社区党组织": "village",
        "村民委员会": "village",
        "居民委员会": "village",
    },
}
"""Further names of levels, by scheme name: a level cell holding one names that level.

Examples
--------
>>> LEVEL_ALIASES["urban_five_level"]["片区"], LEVEL_ALIASES["administrative"]["街道"]
('grid', 'township')
"""


def header_key(text: str) -> str:
    r"""Return a header cell as it is matched: without a byte-order mark or surrounding space.

    Examples
    --------
    >>> header_key("\ufeff 户数 ")
    '户数'
    """
    return text.replace("\ufeff", "").strip()


def level_names(scheme: LevelScheme) -> dict[str, str]:
    """Return every name a level cell may hold in ``scheme``, and the level key it names.

    A name that two levels share (a custom scheme's repeated territory name) names neither;
    a level's key always names itself.

    Examples
    --------
    >>> from jiceng.levels import URBAN_FIVE_LEVEL
    >>> names = level_names(URBAN_FIVE_LEVEL)
    >>> names["街道"], names["网格党总支"], names["片区"], names["residential compound"]
    ('street', 'grid', 'grid', 'compound')
    """
    found: dict[str, set[str]] = {}
    for level in scheme:
        for name in (level.territory, level.organisation, level.label):
            found.setdefault(name, set()).add(level.key)
    for alias, key in LEVEL_ALIASES.get(scheme.name, {}).items():
        if key in scheme:
            found.setdefault(alias, set()).add(key)
    names = {name: next(iter(keys)) for name, keys in found.items() if len(keys) == 1}
    names.update({key: key for key in scheme.keys})
    return names


def known_levels(scheme: LevelScheme) -> str:
    """List the levels of ``scheme`` with the Chinese names a level cell may give them.

    Examples
    --------
    >>> from jiceng.levels import RURAL
    >>> known_levels(RURAL)
    'township (乡镇, 乡镇党委), village (村, 村党组织), villager_group (村民小组, 村民小组党支部)'
    """
    names = level_names(scheme)
    return ", ".join(
        f"{key} ({', '.join(n for n, k in names.items() if k == key and not n.isascii())})"
        for key in scheme.keys
    )
