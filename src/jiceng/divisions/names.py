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
    ("社区居委会", "社区"),
    ("村村民委员会", "村"),
    ("村民委员会", "村"),
    ("村村委会", "村"),
    ("村委会", "村"),
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

    ``…社区居民委员会`` and ``…社区居委会`` become ``…社区``; ``…村民委员会``, ``…村委会`` (and
    ``…村村民委员会``, ``…村村委会``) become ``…村``. Anything else (a development zone's
    committee, a residents' committee not named a community, a township) is kept as given.

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
    >>> territory_name("亚星社区居民管理委员会"), territory_name("西城街道")
    ('亚星社区居民管理委员会', '西城街道')
    """
    if not name.endswith("会"):  # the common case of a long table, decided at once
        return name
    found = _SUFFIX.search(name)
    if found is None or found.start() == 0:
        return name
    return name[: found.start()] + (found.group(1) or found.group(2))


_SUFFIX = re.compile("(社区)(?:居民委员会|居委会)$|(村)村?(?:民委员会|委会)$")
