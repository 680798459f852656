"""What the catalogue answers about items: a guide (办事指南), visit shares and summaries.

Examples
--------
>>> shares = VisitShares(items=4, at_most_one=3, zero=1)
>>> shares.share_at_most_one, shares.share_zero
(0.75, 0.25)
"""

from __future__ import annotations

import attrs

from jiceng.services.records import Department, ServiceItem

__all__ = ["CatalogueSummary", "ServiceGuide", "VisitShares"]


@attrs.frozen
class ServiceGuide:
    """An item with the items above it (main item first) and its department.

    Examples
    --------
    >>> main = ServiceItem(id="jz", name="居住证", type="licence", department="ga",
    ...                    channels=["window"], visits=1, applicants=["natural_person"])
    >>> new = main.model_copy(update={"id": "jz-new", "name": "居住证新办", "parent": "jz"})
    >>> guide = ServiceGuide(new, (main,), Department(id="ga", name="区公安分局"))
    >>> guide.parents[0].name, guide.department.name
    ('居住证', '区公安分局')
    """

    item: ServiceItem
    parents: tuple[ServiceItem, ...]
    department: Department

    def lines(self) -> list[str]:
        """Return the guide as readable lines (办事指南).

        Examples
        --------
        >>> item = ServiceItem(id="gl", name="高龄补贴", type="benefit", department="mz",
        ...                    channels=["window", "online"], visits=0,
        ...                    applicants=["natural_person"], statutory_days=20,
        ...                    promised_days=10, conditions=["年满80周岁"])
        >>> guide = ServiceGuide(item, (), Department(id="mz", name="区民政局"))
        >>> for line in guide.lines():
        ...     print(line)
        高龄补贴 (行政给付) — 区民政局
        受理条件: 年满80周岁
        时限: 法定20个工作日，承诺10个工作日
        收费: 不收费
        渠道: 窗口、网上办理；到现场 0 次
        """
        item = self.item
        out = [f"{item.name} ({item.type.zh}) — {self.department.name}"]
        if self.parents:
            out.append("属于: " + " → ".join(parent.name for parent in self.parents))
        if item.conditions:
            out.append("受理条件: " + "；".join(item.conditions))
        for material in item.materials:
            need = "必要" if material.required else f"容缺/视情: {material.condition or ''}"
            out.append(f"材料: {material.name}（{need}，{material.form.zh}，{material.copies}份）")
        if item.steps:
            out.append("办理流程: " + " → ".join(item.steps))
        limit = (
            "即办"
            if item.instant
            else (
                f"法定{item.statutory_days}个工作日，承诺{item.promised_days}个工作日"
                if item.statutory_days is not None
                else "—"
            )
        )
        out.append(f"时限: {limit}")
        out.append(
            "收费: "
            + (f"收费 {item.fee.amount or item.fee.standard}" if item.fee.charged else "不收费")
        )
        out.append("渠道: " + "、".join(c.zh for c in item.channels) + f"；到现场 {item.visits} 次")
        if item.modes:
            out.append("服务方式: " + "、".join(m.zh for m in item.modes))
        return out


@attrs.frozen
class VisitShares:
    """How many items need at most one visit (最多跑一次) and none (零跑腿).

    Examples
    --------
    >>> VisitShares(items=44, at_most_one=38, zero=18).zero
    18
    """

    items: int
    at_most_one: int
    zero: int

    @property
    def share_at_most_one(self) -> float:
        """The share needing at most one visit.

        Examples
        --------
        >>> VisitShares(items=4, at_most_one=3, zero=1).share_at_most_one
        0.75
        >>> VisitShares(items=0, at_most_one=0, zero=0).share_at_most_one
        0.0
        """
        return self.at_most_one / self.items if self.items else 0.0

    @property
    def share_zero(self) -> float:
        """The share needing no visit.

        Examples
        --------
        >>> VisitShares(items=4, at_most_one=3, zero=1).share_zero
        0.25
        """
        return self.zero / self.items if self.items else 0.0


@attrs.frozen
class CatalogueSummary:
    """Counts and mixes of a catalogue, or of one centre's offer.

    The mixes map a vocabulary's values to their counts, in the vocabulary's order, leaving out
    what does not occur.

    Examples
    --------
    >>> summary = CatalogueSummary(departments=1, items=2, by_type={"benefit": 2},
    ...                            channels={"window": 2, "online": 1}, modes={},
    ...                            windows={"proxy": 1},
    ...                            visits=VisitShares(items=2, at_most_one=2, zero=1))
    >>> summary.channels["online"], summary.visits.share_zero
    (1, 0.5)
    """

    departments: int
    items: int
    by_type: dict[str, int]
    channels: dict[str, int]
    modes: dict[str, int]
    windows: dict[str, int]
    visits: VisitShares
