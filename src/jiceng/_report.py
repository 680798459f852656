"""The figures behind ``jiceng report`` and ``jiceng stats``, as plain JSON-ready data."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from jiceng.dataset import Dataset
from jiceng.hierarchy import Hierarchy
from jiceng.renovation import ExtendedShare, ProjectStatus
from jiceng.units import COUNT_FIELDS

__all__ = ["compare", "payroll", "renovation", "report", "services", "stats"]


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


def report(
    dataset: Dataset, *, top: int = 5, sample: int = 3, on: datetime.date | None = None
) -> dict[str, Any]:
    """Return the figures of the main report on a dataset (pay on ``on``, default today)."""
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
        "renovation": renovation(dataset),
        "pay": _pay_summary(dataset, on or datetime.date.today()),
        "services": services(dataset),
    }


def _pay_summary(dataset: Dataset, on: datetime.date) -> dict[str, Any] | None:
    try:
        full = payroll(dataset, on=on)
    except ValueError as error:  # e.g. no scheme in force on the date
        return {"on": on.isoformat(), "error": str(error)}
    if full is None:
        return None
    return {key: value for key, value in full.items() if key != "list"}


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


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def renovation(dataset: Dataset) -> dict[str, Any] | None:
    """Return the renovation portfolio's summary, or ``None`` without projects."""
    portfolio = dataset.projects
    if portfolio is None:
        return None
    h = dataset.hierarchy
    live = [p for p in portfolio if p.status is not ProjectStatus.CANCELLED]
    batches = sorted({p.batch for p in portfolio})
    funding = portfolio.funding_mix()
    funded = sum(funding.values(), Decimal(0))
    candidates = portfolio.candidates()
    eligible = [c for c in candidates if c.eligible]
    progress = portfolio.progress()
    return {
        "projects": len(portfolio),
        "policy": portfolio.policy.model_dump(mode="json"),
        "by_status": {
            status.value: sum(p.status is status for p in portfolio) for status in ProjectStatus
        },
        "batches": [
            {
                "batch": batch,
                "projects": sum(p.batch == batch for p in live),
                "households": sum(p.households for p in live if p.batch == batch),
                "cost": str(sum((p.cost for p in live if p.batch == batch), Decimal(0))),
                "extended": _extended(portfolio.extended_share(batch)),
            }
            for batch in batches
        ],
        "households": sum(p.households for p in live),
        "cost": str(portfolio.cost()),
        "cost_per_household": _money(portfolio.cost_per_household()),
        "cost_per_m2": _money(portfolio.cost_per_m2()),
        "funding": {
            source.value: {
                "amount": str(amount),
                "share": round(float(amount / funded), 4) if funded else None,
            }
            for source, amount in funding.items()
            if amount
        },
        "categories": {c.value: str(cost) for c, cost in portfolio.category_mix().items() if cost},
        "progress": {
            "households": progress.households,
            "completed": progress.completed,
            "share": round(progress.share, 4),
        },
        "funding_gaps": {pid: str(gap) for pid, gap in portfolio.funding_gaps().items()},
        "candidates": {
            "eligible": len(eligible),
            "not_eligible": len(candidates) - len(eligible),
            "eligible_examples": [h[c.unit].name for c in eligible[:5]],
        },
        "list": [
            {
                "id": p.id,
                "compound": h[p.compound].name,
                "batch": p.batch,
                "status": p.status.value,
                "households": p.households,
                "cost": str(p.cost),
                "cost_per_household": _money(p.cost_per_household),
                "funding_gap": str(p.funding_gap),
            }
            for p in portfolio
        ],
    }


def _extended(check: ExtendedShare) -> dict[str, Any]:
    return {
        "households": check.extended,
        "share": round(check.share, 4),
        "cap": str(check.cap),
        "within_cap": check.within_cap,
        "projects": list(check.projects),
    }


def payroll(
    dataset: Dataset, *, on: datetime.date, unit: str | None = None
) -> dict[str, Any] | None:
    """Return the payroll's summary on a date (within a unit's subtree), or ``None`` without one."""
    roll = dataset.payroll
    if roll is None:
        return None
    h = dataset.hierarchy
    scheme = roll.scheme_on(on)
    workers = roll.serving(unit, on=on)
    pays = {w.id: roll.pay(w, on=on) for w in workers}
    steps = {w.id: roll.next_step(w, after=on) for w in workers}
    posts = {post.key: post for post in scheme.posts}
    distribution = roll.distribution(on=on) if unit is None else {}
    return {
        "on": on.isoformat(),
        "unit": unit,
        "scheme": {
            "name": scheme.name,
            "title": scheme.title,
            "illustrative": scheme.illustrative,
            "reference_wage": str(scheme.reference_wage),
        },
        "workers": len(workers),
        "on_probation": sum(p.probation for p in pays.values()),
        "monthly": str(sum((p.monthly for p in pays.values()), Decimal(0))),
        "annual_cost": str(roll.annual_cost(unit, on=on)),
        "headcount": [
            {"post": post, "post_zh": posts[post].name, "grade": grade, "count": count}
            for (post, grade), count in roll.headcount(unit, on=on).items()
        ],
        "distribution": [
            {
                "unit": d.unit,
                "name": h[d.unit].name,
                "workers": d.workers,
                "lowest": str(d.lowest),
                "median": str(d.median),
                "highest": str(d.highest),
                "total": str(d.total),
            }
            for d in distribution.values()
        ],
        "list": [
            {
                "id": w.id,
                "name": w.name,
                "unit": h[w.unit].name,
                "post": pays[w.id].post,
                "grade": pays[w.id].grade,
                "probation": pays[w.id].probation,
                "monthly": str(pays[w.id].monthly),
                "annual": str(pays[w.id].annual),
                "next_step": None
                if steps[w.id] is None
                else {"on": steps[w.id].on.isoformat(), "grade": steps[w.id].grade},  # type: ignore[union-attr]
            }
            for w in workers
        ],
    }


def compare(
    dataset: Dataset, scheme: str, *, on: datetime.date, unit: str | None = None
) -> dict[str, Any]:
    """Return every worker's annual pay under the scheme in force and a built-in one."""
    from jiceng.dataset import BUILTIN_PAY_SCHEMES  # noqa: PLC0415 - dataset imports this module's peers

    roll = dataset.payroll
    if roll is None:
        raise ValueError("the dataset has no payroll")
    current = roll.scheme_on(on)
    result = roll.compare(current, BUILTIN_PAY_SCHEMES[scheme], on=on)
    wanted = {w.id for w in roll.serving(unit, on=on)}
    names = {w.id: w.name for w in roll}
    rows = [row for row in result.rows if row[0] in wanted]
    total_a = total_b = Decimal(0)
    for _, _, annual_a, _, annual_b in rows:
        if annual_a is not None and annual_b is not None:
            total_a += annual_a
            total_b += annual_b
    return {
        "on": on.isoformat(),
        "a": current.name,
        "b": scheme,
        "rows": [
            {
                "id": wid,
                "name": names[wid],
                "grade_a": grade_a,
                "annual_a": None if annual_a is None else str(annual_a),
                "grade_b": grade_b,
                "annual_b": None if annual_b is None else str(annual_b),
            }
            for wid, grade_a, annual_a, grade_b, annual_b in rows
        ],
        "total_a": str(total_a),
        "total_b": str(total_b),
        "difference": str(total_b - total_a),
    }


def services(dataset: Dataset, *, centre: str | None = None) -> dict[str, Any] | None:
    """Return the service catalogue's summary (or one centre's), or ``None`` without one."""
    catalogue = dataset.services
    if catalogue is None:
        return None
    summary = catalogue.summary(centre)
    centres = catalogue.centres if centre is None else (catalogue.centre(centre),)
    reach = []
    h = catalogue.hierarchy
    if catalogue.walking is not None and h is not None:
        for place in centres:
            # A circle is measured over the compounds of the centre's street (its unit's root).
            area = (h.ancestors(place.unit) or [h[place.unit]])[-1]
            for minutes in (5, 10, 15):
                found = catalogue.reach(minutes, centre=place, within=area)
                reach.append(
                    {
                        "centre": place.id,
                        "within": area.id,
                        "within_name": area.name,
                        "minutes": minutes,
                        "reached": len(found.reached),
                        "missed": len(found.missed),
                        "households_reached": found.households_reached,
                        "households_missed": found.households_missed,
                    }
                )
    return {
        "centre": centre,
        "departments": summary.departments,
        "items": summary.items,
        "by_type": summary.by_type,
        "channels": summary.channels,
        "modes": summary.modes,
        "windows": summary.windows,
        "visits": {
            "at_most_one": summary.visits.at_most_one,
            "zero": summary.visits.zero,
            "share_at_most_one": round(summary.visits.share_at_most_one, 4),
            "share_zero": round(summary.visits.share_zero, 4),
        },
        "centres": [
            {
                "id": c.id,
                "name": c.name,
                "unit": c.unit,
                "items": len(c.items),
                "platform_users": c.platform_users,
                "windows": [
                    {
                        "id": w.id,
                        "name": w.name,
                        "kind": w.kind.value,
                        "items": len(c.items) if w.all_routine else len(w.items),
                        "hours": [
                            f"{_days(s.days)} {s.start:%H:%M}–{s.end:%H:%M}"
                            + ("" if s.kind.value == "regular" else f" ({s.kind.zh})")
                            for s in w.hours
                        ],
                        "all_routine": w.all_routine,
                    }
                    for w in c.windows
                ],
            }
            for c in centres
        ],
        "reach": reach,
        "guide": [catalogue.guide(i).lines() for i in catalogue.items(centre=centre)]
        if centre is not None
        else [],
    }


_WEEKDAYS = "一二三四五六日"


def _days(days: tuple[int, ...]) -> str:
    """Write weekdays as 周一至周五, 周六, 周一、周三."""
    ordered = sorted(set(days))
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"周{_WEEKDAYS[ordered[0] - 1]}至周{_WEEKDAYS[ordered[-1] - 1]}"
    return "、".join(f"周{_WEEKDAYS[d - 1]}" for d in ordered)
