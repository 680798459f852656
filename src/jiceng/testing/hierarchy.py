"""Hypothesis strategies for jiceng's records and hierarchies, for your own tests.

Install with the ``testing`` extra (``pip install "jiceng[testing]"``). Every strategy generates
values that are valid by construction: schemes validate, units validate, and hierarchies build
without an :class:`~jiceng.IntegrityError`. Sizes are bounded so tests stay fast.

- :func:`chinese_names` — names like ``"荷叶社区"``, ``"3栋"``;
- :func:`level_schemes` — custom level schemes, including levels that nest in themselves and
  levels with several admitted parents;
- :func:`org_units` — single units, unattached (no parent);
- :func:`hierarchies` — forests over the default or a generated scheme, with counts recorded at
  scattered levels, units given in hierarchy order or shuffled; :func:`unit_lists` gives the
  scheme and the input list they are built from;
- :func:`chains` — deep chains; :func:`deep_chain` is the plain function behind it, for a chain
  of any depth.

Examples
--------
>>> from hypothesis import HealthCheck, given, settings
>>> from jiceng.testing import hierarchies
>>> @settings(max_examples=20, deadline=None, database=None,
...           suppress_health_check=[HealthCheck.too_slow])
... @given(hierarchies(max_units=30))
... def test_every_non_root_has_its_parent_among_its_ancestors(h):
...     for unit in h:
...         parent = h.parent(unit)
...         assert (parent is None) == (unit.parent is None)
...         assert parent is None or h.is_ancestor(parent, unit)
>>> test_every_non_root_has_its_parent_among_its_ancestors()
"""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

from jiceng.hierarchy import Hierarchy
from jiceng.levels import URBAN_FIVE_LEVEL, Level, LevelScheme, OrgKind, OrgStatus
from jiceng.units import OrgUnit

__all__ = [
    "NESTED_SCHEME",
    "chains",
    "chinese_names",
    "deep_chain",
    "hierarchies",
    "level_schemes",
    "org_units",
    "unit_lists",
]

_SURNAME_CHARS = "东西南北中凤朝阳城锦荷叶花园新华兴隆安康和平幸福龙泉金山银河翠柳"
_SUFFIXES = ("街道", "社区", "网格", "片区", "小区", "苑", "花园", "栋", "单元", "村", "组")

NESTED_SCHEME = LevelScheme(
    name="nested",
    title="可嵌套网格",
    levels=(
        Level(
            key="node",
            territory="网格",
            organisation="网格党支部",
            label="grid",
            kind=OrgKind.BRANCH,
            parents=("node",),
            root=True,
        ),
    ),
)
"""A one-level scheme whose level nests in itself: any tree shape, any depth."""


def chinese_names() -> st.SearchStrategy[str]:
    """Generate plausible Chinese unit names (1–4 characters and a suffix, or ``"N栋"``).

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings
    >>> @settings(max_examples=10, deadline=None, database=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(chinese_names())
    ... def check(name):
    ...     assert name and name == name.strip()
    >>> check()
    """
    stems = st.text(alphabet=_SURNAME_CHARS, min_size=1, max_size=4)
    named = st.builds(lambda stem, suffix: stem + suffix, stems, st.sampled_from(_SUFFIXES))
    numbered = st.integers(1, 99).map(lambda n: f"{n}栋")
    return st.one_of(named, numbered)


_KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,7}", fullmatch=True)


@st.composite
def level_schemes(draw: st.DrawFn, *, min_levels: int = 1, max_levels: int = 6) -> LevelScheme:
    """Generate valid level schemes of ``min_levels`` to ``max_levels`` levels.

    Each level after the first admits the level above it and, at random, other levels above
    and itself (nesting); the first level and, at random, others may be roots.

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings
    >>> @settings(max_examples=10, deadline=None, database=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(level_schemes(min_levels=3))
    ... def check(scheme):
    ...     assert len(scheme) >= 3
    ...     assert LevelScheme.model_validate_json(scheme.model_dump_json()) == scheme
    >>> check()
    """
    keys = draw(st.lists(_KEYS, min_size=min_levels, max_size=max_levels, unique=True))
    levels = []
    for position, key in enumerate(keys):
        above = keys[:position]
        parents: list[str] = []
        if above:
            parents.append(above[-1])
            parents += draw(st.lists(st.sampled_from(above), max_size=2, unique=True))
        if draw(st.booleans()):
            parents.append(key)
        root = position == 0 or draw(st.booleans())
        if not parents:
            root = True
        levels.append(
            Level(
                key=key,
                territory=draw(chinese_names()),
                organisation=draw(chinese_names()),
                label=key.replace("_", " "),
                kind=draw(st.sampled_from(OrgKind)),
                parents=tuple(dict.fromkeys(parents)),
                root=root,
            )
        )
    return LevelScheme(name=draw(_KEYS), title=draw(chinese_names()), levels=tuple(levels))


_COUNTS = st.one_of(st.none(), st.integers(0, 5000))
_DATES = st.dates(datetime.date(1949, 10, 1), datetime.date(2025, 12, 31))


@st.composite
def org_units(
    draw: st.DrawFn,
    *,
    id: str | None = None,
    level: str = "building",
    parent: str | None = None,
) -> OrgUnit:
    """Generate a valid unit, with any of its optional facts filled in at random.

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings
    >>> @settings(max_examples=10, deadline=None, database=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(org_units(level="grid"))
    ... def check(unit):
    ...     assert unit.level == "grid" and unit.parent is None
    >>> check()
    """
    established = draw(st.one_of(st.none(), _DATES))
    dissolved = None
    if established is not None and draw(st.booleans()):
        dissolved = established + datetime.timedelta(days=draw(st.integers(0, 20000)))
    name = draw(chinese_names())
    members = draw(st.one_of(st.none(), st.integers(0, 300)))
    probationary = None if members is None else draw(st.one_of(st.none(), st.integers(0, members)))
    return OrgUnit(
        id=id if id is not None else draw(st.from_regex(r"[a-z0-9\-]{1,12}", fullmatch=True)),
        name=name,
        level=level,
        parent=parent,
        org_name=draw(st.one_of(st.none(), st.just(name + "党支部"))),
        org_kind=draw(st.one_of(st.none(), st.sampled_from(OrgKind))),
        # Only statuses that name no leader: "joint" and "regional" need a led_by unit.
        org_status=draw(st.sampled_from([None, OrgStatus.OWN, OrgStatus.NONE])),
        official_name=draw(st.one_of(st.none(), st.just(name + "居民委员会"))),
        households=draw(_COUNTS),
        population=draw(_COUNTS),
        party_members=members,
        probationary_members=probationary,
        built_year=draw(st.one_of(st.none(), st.integers(1950, 2024))),
        established=established,
        dissolved=dissolved,
        tags=tuple(draw(st.lists(st.sampled_from(["安置小区", "老旧小区", "商品房"]), max_size=2))),
    )


@st.composite
def unit_lists(
    draw: st.DrawFn,
    *,
    scheme: LevelScheme | st.SearchStrategy[LevelScheme] | None = None,
    min_units: int = 0,
    max_units: int = 40,
    max_roots: int = 3,
    shuffle: bool | None = None,
) -> tuple[LevelScheme, list[OrgUnit]]:
    """Generate a scheme and a list of units that make a valid hierarchy under it.

    The list is what :func:`hierarchies` builds from; use it to test how a hierarchy treats its
    input (the order of siblings and roots, say). Parameters as for :func:`hierarchies`.

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings
    >>> @settings(max_examples=10, deadline=None, database=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(unit_lists(max_units=20))
    ... def check(pair):
    ...     scheme, units = pair
    ...     assert len(Hierarchy(units, scheme)) == len(units) <= 20
    >>> check()
    """
    if scheme is None:
        scheme = draw(st.one_of(st.just(URBAN_FIVE_LEVEL), level_schemes()))
    elif isinstance(scheme, st.SearchStrategy):
        scheme = draw(scheme)
    keys = scheme.keys
    child_levels = {key: [k for k in keys if scheme.admits(key, k)] for key in keys}
    root_levels = [key for key in keys if scheme.may_be_root(key)]
    # Roots that can hold children first, so that the forest can grow without more roots.
    growing = [key for key in root_levels if child_levels[key]] or root_levels
    size = draw(st.integers(min_units, max_units))
    units: list[OrgUnit] = []
    levels: list[str] = []
    roots = 0
    for number in range(size):
        hosts = [i for i, key in enumerate(levels) if child_levels[key]]
        if not hosts and roots >= max_roots:
            break  # nothing can take a child and no more roots are allowed
        make_root = not hosts or (roots < max_roots and draw(st.integers(0, 9)) == 0)
        if make_root:
            level = draw(st.sampled_from(growing if not hosts else root_levels))
            parent = None
            roots += 1
        else:
            host = draw(st.sampled_from(hosts))
            level = draw(st.sampled_from(child_levels[levels[host]]))
            parent = units[host].id
        uid = f"u{number}" if draw(st.booleans()) else f"单位{number}"
        units.append(draw(org_units(id=uid, level=level, parent=parent)))
        levels.append(level)
    if shuffle is None:
        shuffle = draw(st.booleans())
    if shuffle:
        units = draw(st.permutations(units))
    return scheme, units


def hierarchies(
    *,
    scheme: LevelScheme | st.SearchStrategy[LevelScheme] | None = None,
    min_units: int = 0,
    max_units: int = 40,
    max_roots: int = 3,
    shuffle: bool | None = None,
) -> st.SearchStrategy[Hierarchy]:
    """Generate valid hierarchies (forests) of up to ``max_units`` units.

    Parameters
    ----------
    scheme
        A scheme, a strategy for schemes, or ``None`` for a random choice between the default
        five-level scheme and a generated one.
    min_units, max_units
        Bounds on the number of units (fewer than ``min_units`` only where a scheme whose every
        level is a leaf runs out of allowed roots).
    max_roots
        At most this many roots (at least one when there are units).
    shuffle
        Give the units to :class:`~jiceng.Hierarchy` in shuffled order (``True``), in creation
        order, parents first (``False``), or either at random (``None``).

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings
    >>> @settings(max_examples=10, deadline=None, database=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(hierarchies(scheme=URBAN_FIVE_LEVEL, min_units=5, max_units=20, max_roots=2))
    ... def check(h):
    ...     assert 5 <= len(h) <= 20 and 1 <= len(h.roots()) <= 2
    >>> check()
    """
    lists = unit_lists(
        scheme=scheme,
        min_units=min_units,
        max_units=max_units,
        max_roots=max_roots,
        shuffle=shuffle,
    )
    return lists.map(lambda pair: Hierarchy(pair[1], pair[0]))


def chains(*, min_length: int = 1, max_length: int = 300) -> st.SearchStrategy[Hierarchy]:
    """Generate chains (:func:`deep_chain`) of ``min_length`` to ``max_length`` units.

    Examples
    --------
    >>> from hypothesis import HealthCheck, given, settings
    >>> @settings(max_examples=5, deadline=None, database=None,
    ...           suppress_health_check=[HealthCheck.too_slow])
    ... @given(chains(min_length=50, max_length=80))
    ... def check(chain):
    ...     assert chain.depth(f"n{len(chain) - 1}") == len(chain) - 1
    >>> check()
    """
    return st.integers(min_length, max_length).map(deep_chain)


def deep_chain(length: int, *, households: int | None = None) -> Hierarchy:
    """Build a chain of ``length`` units ``n0 … n{length-1}``, each the only child of the last.

    Uses :data:`NESTED_SCHEME`; ``households``, if given, is recorded on the deepest unit only.
    The units are given deepest first, so building the hierarchy has to re-order them.

    Examples
    --------
    >>> chain = deep_chain(100_000, households=7)
    >>> chain.depth("n99999"), chain.total("n0", "households")
    (99999, 7)
    """
    units = [
        OrgUnit(
            id=f"n{i}",
            name=f"{i}号网格",
            level="node",
            parent=None if i == 0 else f"n{i - 1}",
            households=households if i == length - 1 else None,
        )
        for i in range(length)
    ]
    units.reverse()
    return Hierarchy(units, NESTED_SCHEME)
