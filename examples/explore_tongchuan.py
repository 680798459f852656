"""Explore the bundled example district, 达州市通川区 (Tongchuan, Dazhou, Sichuan).

Prints the number of units at each level, the five largest communities by households total, the
compounds without any recorded households, and the path between two named compounds.

Run it with ``python examples/explore_tongchuan.py``.
"""

from __future__ import annotations

import jiceng
from jiceng import Hierarchy, OrgUnit


def the_unit(h: Hierarchy, name: str, level: str) -> OrgUnit:
    """Return the one unit with this name at this level; names may repeat, so check."""
    found = h.find(name, level=level)
    if len(found) != 1:
        raise LookupError(f"expected one {level} called {name}, found {len(found)}")
    return found[0]


def main() -> None:
    """Print a short tour of the district."""
    district = jiceng.examples.tongchuan()
    h = district.hierarchy
    print(district.name)
    print()

    counts = h.level_counts()
    print("Units at each level")
    for level in h.scheme:
        print(f"  {level.key:<10} {level.territory:<4} {counts[level.key]:>5,}")
    print()

    households = h.totals("households")
    communities = sorted(
        h.at_level("community"), key=lambda unit: households[unit.id] or 0, reverse=True
    )
    print("The five largest communities by households total")
    for community in communities[:5]:
        street = h.parent(community)
        where = street.name if street is not None else "-"
        print(f"  {community.name} ({where}): {households[community.id] or 0:,} households")
    print()

    compounds = h.at_level("compound")
    unrecorded = [unit for unit in compounds if households[unit.id] is None]
    own_figure = [unit for unit in compounds if unit.households is not None]
    print("Compounds without any recorded households (in the compound or its buildings)")
    if unrecorded:
        for compound in unrecorded:
            print(f"  {compound.name} ({compound.id})")
    else:
        print("  none")
    print(
        f"  ({len(own_figure)} of {len(compounds)} compounds record a figure of their own;"
        " the others take the sum of their buildings)"
    )
    print()

    source = the_unit(h, "春兰小区", "compound")
    target = the_unit(h, "御景上城小区", "compound")
    path = h.path(source, target)
    print(f"Path from {source.name} to {target.name} ({len(path) - 1} steps)")
    print("  " + " → ".join(f"{unit.name} [{unit.level}]" for unit in path))


if __name__ == "__main__":
    main()
