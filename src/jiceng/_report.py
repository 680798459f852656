"""The figures behind ``jiceng report`` and ``jiceng stats``, as plain JSON-ready data."""

from __future__ import annotations

from typing import Any

from jiceng.dataset import Dataset
from jiceng.hierarchy import Hierarchy
from jiceng.units import COUNT_FIELDS

__all__ = ["report", "stats"]


def _levels(h: Hierarchy) -> list[dict[str, Any]]:
    counts = h.level_counts()
    return [
        {
            "key": level.key,
            "territory": level.territory,
            "organisation": level.organisation,
            "label": level.label,
            "count": counts[level.key],
        }
        for level in h.scheme.levels
    ]


def _grand_totals(h: Hierarchy) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for field in COUNT_FIELDS:
        values = [h.total(root, field) for root in h.roots()]  # type: ignore[arg-type]
        known = [value for value in values if value is not None]
        out[field] = sum(known) if known else None
    return out


def _largest(h: Hierarchy, key: str, top: int) -> list[dict[str, Any]]:
    if key not in h.scheme:
        return []
    rows: list[dict[str, Any]] = []
    for unit in h.at_level(key):
        households = h.total(unit, "households")
        population = h.total(unit, "population")
        if households is None and population is None:
            continue
        parent = h.parent(unit)
        rows.append(
            {
                "id": unit.id,
                "name": unit.name,
                "parent": None if parent is None else parent.name,
                "households": households,
                "population": population,
            }
        )
    rows.sort(key=lambda row: (-int(row["households"] or 0), -int(row["population"] or 0)))
    return rows[:top]


def _missing(h: Hierarchy, sample: int) -> list[dict[str, Any]]:
    """Per level and count field: the units whose subtree records nothing for the field."""
    out = []
    for level in h.scheme.levels:
        units = h.at_level(level.key)
        if not units:
            continue
        for field in COUNT_FIELDS:
            lacking = [unit for unit in units if h.total(unit, field) is None]  # type: ignore[arg-type]
            if lacking:
                out.append(
                    {
                        "level": level.key,
                        "field": field,
                        "count": len(lacking),
                        "of": len(units),
                        "examples": [unit.name for unit in lacking[:sample]],
                    }
                )
    return out


def report(dataset: Dataset, *, top: int = 5, sample: int = 3) -> dict[str, Any]:
    """Return the figures of the main report on a dataset."""
    h = dataset.hierarchy
    keys = h.scheme.keys
    second = keys[1] if len(keys) > 1 else keys[0]
    return {
        "name": dataset.name,
        "scheme": {"name": h.scheme.name, "title": h.scheme.title},
        "units": len(h),
        "levels": _levels(h),
        "totals": _grand_totals(h),
        "largest": {"level": second, "units": _largest(h, second, top)},
        "missing": _missing(h, sample),
    }


def stats(dataset: Dataset) -> dict[str, Any]:
    """Return structural statistics: levels, depth, span of control per level, totals."""
    h = dataset.hierarchy
    spans = []
    for level in h.scheme.levels:
        units = h.at_level(level.key)
        counts = [len(h.children(unit)) for unit in units]
        with_children = [count for count in counts if count]
        spans.append(
            {
                "level": level.key,
                "units": len(units),
                "leaves": len(counts) - len(with_children),
                "min": min(with_children) if with_children else None,
                "mean": round(sum(with_children) / len(with_children), 2)
                if with_children
                else None,
                "max": max(with_children) if with_children else None,
            }
        )
    depths = [h.depth(unit) for unit in h]
    return {
        "name": dataset.name,
        "scheme": h.scheme.name,
        "units": len(h),
        "roots": len(h.roots()),
        "max_depth": max(depths) if depths else None,
        "levels": h.level_counts(),
        "span_of_control": spans,
        "totals": _grand_totals(h),
    }
