"""Costs that stay linear in the size of the data, checked by counting operations, not by timing.

Two shapes that were quadratic: sparse division codes under a deep chain of uncoded units (each
coded unit walked up the whole chain), and the pay distribution of a report over many
communities and workers (each community scanned every worker).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

import jiceng
from jiceng import URBAN_FIVE_LEVEL, Hierarchy, OrgUnit, Payroll, Worker
from jiceng._index import _code_problems
from jiceng.pay import SANGANG_SHIBAJI
from jiceng.testing.hierarchy import NESTED_SCHEME


class CountingList(list[int]):
    """A list that counts how often it is indexed."""

    reads = 0

    def __getitem__(self, index: Any) -> Any:
        CountingList.reads += 1
        return super().__getitem__(index)


def sparse_codes_under_a_chain(depth: int) -> list[OrgUnit]:
    """A coded root, a chain of ``depth`` uncoded units, then ``depth`` coded leaves."""
    units = [OrgUnit(id="r", name="r", level="node", code="510000000000")]
    units += [
        OrgUnit(id=f"n{i}", name="n", level="node", parent="r" if i == 0 else f"n{i - 1}")
        for i in range(depth)
    ]
    units += [
        OrgUnit(id=f"l{i}", name="l", level="node", parent=f"n{depth - 1}", code=f"5101{i:08d}")
        for i in range(depth)
    ]
    return units


@pytest.mark.parametrize("depth", [500, 2000])
def test_code_nesting_reads_each_parent_a_bounded_number_of_times(depth: int) -> None:
    units = sparse_codes_under_a_chain(depth)
    position = {unit.id: p for p, unit in enumerate(units)}
    parent = CountingList(-1 if u.parent is None else position[u.parent] for u in units)
    CountingList.reads = 0
    assert _code_problems(units, parent, None, URBAN_FIVE_LEVEL) == []
    assert CountingList.reads <= 3 * len(units)  # quadratic before: about depth² reads


def test_sparse_codes_under_a_deep_chain_build_and_check() -> None:
    units = sparse_codes_under_a_chain(3000)
    assert len(Hierarchy(units, NESTED_SCHEME)) == 6001
    bad = [*units, OrgUnit(id="x", name="x", level="node", parent="n2999", code="520000000001")]
    with pytest.raises(Exception, match="code_not_nested"):
        Hierarchy(bad, NESTED_SCHEME)


def payroll_of(communities: int) -> Payroll:
    units = [OrgUnit(id="s", name="街道", level="street")]
    units += [
        OrgUnit(id=f"c{i}", name=f"社区{i}", level="community", parent="s")
        for i in range(communities)
    ]
    workers = [
        Worker(
            id=f"w{i}",
            name=f"w{i}",
            unit=f"c{i}",
            post="other",
            service_start="2015-01-01",
            hired="2015-01-01",
        )
        for i in range(communities)
    ]
    return Payroll(SANGANG_SHIBAJI, workers, hierarchy=Hierarchy(units))


def test_the_pay_distribution_does_not_scan_every_worker_per_community(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    within = Hierarchy.within

    def counting(self: Hierarchy, ref: Any, top: Any) -> bool:
        nonlocal calls
        calls += 1
        return within(self, ref, top)

    monkeypatch.setattr(Hierarchy, "within", counting)
    on = datetime.date(2026, 1, 1)
    for communities in (400, 4000):
        calls = 0
        payroll = payroll_of(communities)
        spread = payroll.distribution(on=on)
        assert len(spread) == communities
        assert all(d.workers == 1 for d in spread.values())
        assert calls <= communities  # communities × workers before: 16 million at 4,000


def test_the_distribution_agrees_with_a_scan_per_unit() -> None:
    payroll = jiceng.examples.tongchuan().pay
    assert payroll is not None
    assert payroll.hierarchy is not None
    for on in (datetime.date(2021, 6, 1), datetime.date(2026, 11, 26)):
        for level in ("street", "community"):
            expected = {}
            for unit in payroll.hierarchy.at_level(level):
                pays = sorted(payroll.pay(w, on=on).monthly for w in payroll.serving(unit, on=on))
                if pays:
                    expected[unit.id] = (len(pays), pays[0], pays[-1], sum(pays))
            spread = payroll.distribution(on=on, level=level)
            got = {k: (d.workers, d.lowest, d.highest, d.total) for k, d in spread.items()}
            assert got == expected
            assert list(got) == list(expected)
