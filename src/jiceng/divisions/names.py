"""Territory names from the names of the statistical tables.

The bureau's tables name a village-level unit by its committee: 二马路社区居民委员会 (the residents'
committee of 二马路社区), 龙家庙村民委员会 (the villagers' committee of 龙家庙村). The territory is
the name without the committee suffix; :func:`territory_name` cuts it.

Examples
--------
>>> territory_name("二马路社区居民委员会"), territory_name("龙家庙村民委员会")
('二马路社区', '龙家庙村')
"""

from __future__ import annotations

import re

__all__ = ["COMMITTEE_SUFFIXES", "territory_name"]

COMMITTEE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("社区居民委员会", "社区"),
    ("社区居民居委会", "社区"),
    ("社区居委会", "社区"),
    ("社区居民委会", "社区"),
    ("社区委员会", "社区"),
    ("村村民委员会", "村"),
    ("村民委员会", "村"),
    ("村民委会", "村"),
    ("村委员会", "村"),
    ("村村委会", "村"),
    ("村委会", "村"),
    ("村牧民委员会", "村"),
    ("村牧委会", "村"),
    ("嘎查委员会", "嘎查"),
    ("嘎查委会", "嘎查"),
    ("嘎查村委员会", "嘎查村"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
)
"""The committee suffixes :func:`territory_name` replaces, each with what it leaves, in the order
they are tried (the first that ends the name wins).

Examples
--------
>>> COMMITTEE_SUFFIXES[0]
('社区居民委员会', '社区')
"""


def territory_name(name: str) -> str:
    """Return the territory's name: the table's name without its committee suffix.

    ``…社区居民委员会``, ``…社区居委会`` (and ``…社区委员会``) become ``…社区``; ``…村民委员会``,
    ``…村委会`` (and ``…村村民委员会``, ``…村村委会``) become ``…村``; ``…嘎查委员会`` (Inner
    Mongolia's villages) becomes ``…嘎查``. A residents' committee named without 社区
    (``四道口居民委员会``, ``彭村居委会``) is the committee of a community: it becomes
    ``四道口社区``, ``彭村社区``, unless the rest of its name already holds 社区
    (``华江里社区第一居委会``, one of several committees of one community, is kept as given).
    Anything else (a development zone's committee, a township) is kept as given.

    Examples
    --------
    >>> territory_name("二马路社区居民委员会")
    '二马路社区'
    >>> territory_name("多福巷社区居委会")
    '多福巷社区'
    >>> territory_name("龙家庙村民委员会"), territory_name("牌坊村村民委员会")
    ('龙家庙村', '牌坊村')
    >>> territory_name("楼梓庄村委会"), territory_name("新村村委会")
    ('楼梓庄村', '新村')
    >>> territory_name("四道口居民委员会"), territory_name("巴彦芒哈嘎查委员会")
    ('四道口社区', '巴彦芒哈嘎查')
    >>> territory_name("华江里社区第一居委会"), territory_name("西城街道")
    ('华江里社区第一居委会', '西城街道')
    >>> territory_name("亚星社区居民管理委员会")
    '亚星社区居民管理委员会'
    """
    if not name.endswith("会"):  # the common case of a long table, decided at once
        return name
    # The suffixes of most village-level rows, decided without the pattern, as it decides.
    if name.endswith("村民委员会"):  # …村民委员会 and …村村民委员会 both leave …村
        stem = name[:-5].removesuffix("村")
        return stem + "村" if stem else name
    if name.endswith("村委会") and "嘎查" not in name:
        stem = name[:-3].removesuffix("村")
        return stem + "村" if stem else name
    if name.endswith(("社区居民委员会", "社区居委会")):
        kept = name.removesuffix("居民委员会").removesuffix("居委会")
        return kept if len(kept) > 2 else name
    found = _SUFFIX.search(name)
    if found is None or found.start() == 0:
        return name
    stem = name[: found.start()]
    kept = found.group(1) or found.group(2) or found.group(3)
    if kept is None:  # a bare residents' committee: its territory is a community
        return name if "社区" in stem else stem + "社区"
    return stem + kept


_SUFFIX = re.compile(
    "(社区)(?:居民委员会|居民居委会|居民委会|居委会|委员会)$"
    "|(村)村?(?:民委员会|民委会|委员会|委会|牧民委员会|牧委会)$"
    "|(嘎查村?)(?:委员会|委会)$"
    "|(?:居民委员会|居委会)$"
)
