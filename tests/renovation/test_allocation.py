from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given

from jiceng import Hierarchy, Portfolio, RenovationProject
from jiceng.errors import InvalidArgumentError, JicengError, UnknownUnitError
from jiceng.renovation import ALLOCATION_WEIGHTS, split_by_factors
from jiceng.testing.renovation import allocations

from .data import project


def test_default_weights() -> None:
    assert dict(ALLOCATION_WEIGHTS) == {
        "floor_area": Decimal("0.4"),
        "households": Decimal("0.4"),
        "buildings": Decimal("0.1"),
        "compounds": Decimal("0.1"),
    }


def test_allocate_by_factors(town: Hierarchy) -> None:
    portfolio = Portfolio(
        [
            project("a", "k-old", households=300, buildings=6, floor_area="24000"),
            project("b", "k-04", households=100, buildings=2, floor_area="8000"),
        ],
        town,
    )
    shares = portfolio.allocate("1000000", ["a", "b"])
    # a: 0.4·0.75 + 0.4·0.75 + 0.1·0.75 + 0.1·0.5 = 0.725
    assert shares == {"a": Decimal("725000.00"), "b": Decimal("275000.00")}
    by_street = portfolio.allocate("1000000.00", ["s1", "s2"])
    assert by_street == {"s1": Decimal("1000000.00"), "s2": Decimal("0.00")}
    thirds = portfolio.allocate("100", ["a", "b"], weights={"compounds": 1})
    assert thirds == {"a": Decimal("50.00"), "b": Decimal("50.00")}
    odd = portfolio.allocate("0.01", ["a", "b"])
    assert odd == {"a": Decimal("0.01"), "b": Decimal("0.00")}
    assert portfolio.allocate("5", []) == {}
    for bad in ("-1", "0.001"):
        with pytest.raises(InvalidArgumentError, match="exact to the fen"):
            portfolio.allocate(bad, ["a"])
    with pytest.raises(InvalidArgumentError, match="add up to 1"):
        portfolio.allocate("10", ["a"], weights={"households": "0.5"})
    with pytest.raises(InvalidArgumentError, match=r"^factor 'rooms' needs each target's value"):
        portfolio.allocate("10", ["a"], weights={"rooms": 1})
    with pytest.raises(InvalidArgumentError, match="twice"):
        portfolio.allocate("10", ["a", "a"])
    with pytest.raises(InvalidArgumentError, match="nothing to split"):
        portfolio.allocate("10", ["s2"])
    with pytest.raises(UnknownUnitError):
        portfolio.allocate("10", ["nope"])


def test_units_count_the_live_projects_in_their_subtree(town: Hierarchy) -> None:
    cancelled = [
        {"status": "applied", "on": "2021-01-01"},
        {"status": "cancelled", "on": "2021-02-01"},
    ]
    portfolio = Portfolio(
        [
            project("a", "k-old"),
            project("b", "k-04"),
            project("gone", "k-self", history=cancelled),
        ],
        town,
    )
    # g1 counts a and b; a cancelled project named as a target still counts itself
    assert portfolio.allocate("10", ["g1", "gone"]) == {
        "g1": Decimal("6.67"),
        "gone": Decimal("3.33"),
    }
    assert portfolio.allocate("10", ["k-04", "k-old"]) == {
        "k-04": Decimal("5.00"),
        "k-old": Decimal("5.00"),
    }
    with pytest.raises(InvalidArgumentError, match="nothing to split"):
        portfolio.allocate("10", ["s2"])  # its only project is cancelled
    without = Portfolio(list(portfolio))
    with pytest.raises(UnknownUnitError, match="no unit with id 's1'"):
        without.allocate("10", ["s1"])  # no hierarchy: only projects are targets


def test_allocation_errors_are_named() -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        split_by_factors("1.001", [])
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, JicengError)
    assert str(caught.value) == "amount must be >= 0 and exact to the fen; got '1.001'"


def test_split_checks_the_amount_and_weights_before_the_groups() -> None:
    def groups() -> Iterator[tuple[str, list[RenovationProject]]]:
        raise AssertionError("groups read before the amount was checked")
        yield  # a generator: nothing runs until it is read

    with pytest.raises(InvalidArgumentError, match="amount must be a number"):
        split_by_factors("ten", groups())


@given(allocations())
def test_allocation_always_adds_up_to_the_fen(
    case: tuple[Portfolio, Decimal, list[str], dict[str, Decimal]],
) -> None:
    portfolio, amount, targets, weights = case
    try:
        shares = portfolio.allocate(amount, targets, weights)
    except InvalidArgumentError as error:
        assert "nothing to split" in str(error)
        return
    assert list(shares) == targets
    assert sum(shares.values()) == amount
    assert all(share >= 0 and share == share.quantize(Decimal("0.01")) for share in shares.values())
    assert portfolio.allocate(amount, targets, weights) == shares  # deterministic


def test_allocation_weights_and_targets(town: Hierarchy) -> None:
    portfolio = Portfolio([project("a", "k-old"), project("b", "k-04")], town)
    floats = {"floor_area": 0.4, "households": 0.4, "buildings": 0.1, "compounds": 0.1}
    assert portfolio.allocate("100.01", ["a", "b"], floats) == portfolio.allocate(
        "100.01", ["a", "b"]
    )
    for bad in ("NaN", "Infinity", "1/3"):
        with pytest.raises(InvalidArgumentError, match="amount"):
            portfolio.allocate(bad, ["a"])
        with pytest.raises(InvalidArgumentError, match="weight"):
            portfolio.allocate("1", ["a"], weights={"households": bad})
    with pytest.raises(InvalidArgumentError, match="overlap"):
        portfolio.allocate("100", ["s1", "c1"])
    with pytest.raises(InvalidArgumentError, match="overlap"):
        portfolio.allocate("100", ["a", "s1"])
    assert portfolio.allocate("100.01", [town["k-old"], portfolio.get("b")]) == {
        "k-old": Decimal("50.01"),
        "b": Decimal("50.00"),
    }
