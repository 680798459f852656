"""The dated weightings of the central subsidy, factors given per target, and coefficients."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiceng import Portfolio, RenovationProject
from jiceng.errors import InvalidArgumentError
from jiceng.renovation import (
    ALLOCATION_WEIGHTS,
    QUANTITY_FACTORS,
    SUBSIDY_WEIGHTS_2019,
    SUBSIDY_WEIGHTS_2020,
    SUBSIDY_WEIGHTS_2024,
    SubsidyWeights,
    split_by_factors,
)

from .data import project

FEN = Decimal("0.01")


@pytest.mark.parametrize(
    ("preset", "weights", "adjusted"),
    [
        # 2019: area 40, households 40, buildings 10, compounds 10; no coefficient
        (SUBSIDY_WEIGHTS_2019, {"floor_area": 40, "households": 40, "buildings": 10,
                                "compounds": 10}, set()),
        # 2020: area 40, households 30, buildings 10, compounds 10, performance 10; each
        # quantity factor multiplied by the fiscal-difficulty coefficient
        (SUBSIDY_WEIGHTS_2020, {"floor_area": 40, "households": 30, "buildings": 10,
                                "compounds": 10, "performance": 10}, set(QUANTITY_FACTORS)),
        # 2024: 80% by task factors (adjusted by the coefficient), 20% by performance
        (SUBSIDY_WEIGHTS_2024, {"task": 80, "performance": 20}, {"task"}),
    ],
)  # fmt: skip
def test_the_dated_weightings(
    preset: SubsidyWeights, weights: dict[str, int], adjusted: set[str]
) -> None:
    assert {key: w * 100 for key, w in preset.weights.items()} == weights
    assert sum(preset.weights.values()) == 1
    assert preset.adjusted == adjusted
    assert "Ministry of Finance and MOHURD" in preset.source
    with pytest.raises(TypeError):
        preset.weights["households"] = Decimal(1)  # type: ignore[index]


def test_the_default_is_the_2019_weighting() -> None:
    assert SUBSIDY_WEIGHTS_2019.weights == ALLOCATION_WEIGHTS
    a, b = project("a", households=300, floor_area="24000"), project("b")
    groups = [("a", [a]), ("b", [b])]
    assert split_by_factors("1000", groups) == split_by_factors(
        "1000", groups, SUBSIDY_WEIGHTS_2019
    )


def province(pid: str, households: int, buildings: int, area: str) -> RenovationProject:
    return project(pid, households=households, buildings=buildings, floor_area=area)


def test_2020_weighting_by_hand() -> None:
    """Two provinces: A renovates 300 households, 6 buildings, 24,000 m²; B 100, 2, 8,000 m².

    With coefficients A 1, B 3, B's adjusted factors are 300, 6, 24,000 and 3 compounds against
    A's 300, 6, 24,000 and 1: B gets ½ of area, households and buildings, ¾ of compounds; with
    performance 60 against 40 it gets 0.4·½ + 0.3·½ + 0.1·½ + 0.1·¾ + 0.1·0.4 = 0.515.
    """
    a, b = province("a", 300, 6, "24000"), province("b", 100, 2, "8000")
    shares = split_by_factors(
        "1000000",
        [("A", [a]), ("B", [b])],
        SUBSIDY_WEIGHTS_2020,
        factors={"performance": {"A": 60, "B": 40}},
        coefficients={"A": 1, "B": 3},
    )
    assert shares == {"A": Decimal("485000.00"), "B": Decimal("515000.00")}
    # without coefficients nothing is adjusted: B gets ¼ of area, households and buildings,
    # ½ of compounds (one each), 0.4 of performance: 0.1 + 0.075 + 0.025 + 0.05 + 0.04 = 0.29
    plain = split_by_factors(
        "1000000",
        [("A", [a]), ("B", [b])],
        SUBSIDY_WEIGHTS_2020,
        factors={"performance": {"A": 60, "B": 40}},
    )
    assert plain == {"A": Decimal("710000.00"), "B": Decimal("290000.00")}


def test_2024_weighting_with_task_and_performance(town: object) -> None:
    a, b = project("a"), project("b")
    portfolio = Portfolio([a, b])
    shares = portfolio.allocate(
        "100",
        ["a", "b"],
        SUBSIDY_WEIGHTS_2024,
        factors={"task": {"a": 1, "b": 1}, "performance": {"a": 3, "b": 1}},
        coefficients={"a": 1, "b": 3},
    )
    # task adjusted: ¼ vs ¾ of 80%; performance ¾ vs ¼ of 20%
    assert shares == {"a": Decimal("35.00"), "b": Decimal("65.00")}


def test_your_own_factor_and_weights() -> None:
    a, b = project("a"), project("b")
    mine = SubsidyWeights(
        {"households": Decimal("0.5"), "score": Decimal("0.5")},
        adjusted=frozenset({"households"}),
    )
    shares = split_by_factors(
        "90",
        [("a", [a]), ("b", [b])],
        mine,
        factors={"score": {"a": 0, "b": 2}},
        coefficients={"a": 2, "b": 1},
    )
    # households: a 2·100 vs b 100 → ⅔, ⅓ of 45; score: 0, all of 45
    assert shares == {"a": Decimal("30.00"), "b": Decimal("60.00")}
    # a plain mapping adjusts nothing: households ½, ½ of 45
    plain = split_by_factors(
        "90",
        [("a", [a]), ("b", [b])],
        {"households": "0.5", "score": "0.5"},
        factors={"score": {"a": 0, "b": 2}},
    )
    assert plain == {"a": Decimal("22.50"), "b": Decimal("67.50")}


@pytest.mark.parametrize(
    "weights",
    [
        SUBSIDY_WEIGHTS_2019,
        dict(SUBSIDY_WEIGHTS_2019.weights),  # the same 40/40/10/10 as a plain mapping
        {"floor_area": 0.4, "households": 0.4, "buildings": 0.1, "compounds": 0.1},
        SubsidyWeights({"households": Decimal(1)}),  # your own, adjusting nothing
        None,  # the default, 2019
    ],
)
def test_coefficients_need_weights_that_adjust_a_factor(weights: object) -> None:
    """The preset and a plain mapping of the same weights are treated alike: both refuse."""
    groups = [("a", [project("a")]), ("b", [project("b")])]
    with pytest.raises(InvalidArgumentError) as caught:
        split_by_factors("10", groups, weights, coefficients={"a": 1, "b": 2})  # type: ignore[arg-type]
    message = str(caught.value)
    assert "adjust no factor by a coefficient" in message
    assert "SUBSIDY_WEIGHTS_2020" in message
    assert "SubsidyWeights with adjusted=" in message


def test_a_plain_mapping_and_the_preset_split_alike() -> None:
    a = project("a", households=300, buildings=6, floor_area="24000")
    b = project("b", households=100, buildings=2, floor_area="8000")
    groups = [("a", [a]), ("b", [b])]
    as_mapping = dict(SUBSIDY_WEIGHTS_2019.weights)
    assert split_by_factors("1000", groups, as_mapping) == split_by_factors(
        "1000", groups, SUBSIDY_WEIGHTS_2019
    )
    adjusting = SubsidyWeights(as_mapping, adjusted=frozenset(QUANTITY_FACTORS))
    # coefficients a 1, b 3 make area, households and buildings equal (½ each) and give b ¾
    # of the compounds: b gets 0.4·½ + 0.4·½ + 0.1·½ + 0.1·¾ = 0.525
    shares = split_by_factors("1000", groups, adjusting, coefficients={"a": 1, "b": 3})
    assert shares == {"a": Decimal("475.00"), "b": Decimal("525.00")}


@pytest.mark.parametrize(
    "weights",
    [SUBSIDY_WEIGHTS_2020, SUBSIDY_WEIGHTS_2024],
)
def test_a_factor_without_values_says_only_that(weights: SubsidyWeights) -> None:
    groups = [("a", [project("a")]), ("b", [project("b")])]
    with pytest.raises(InvalidArgumentError) as caught:
        split_by_factors("10", groups, weights)
    wanted = [f"factor {key!r} needs each target's value in factors=" for key in weights.weights
              if key not in QUANTITY_FACTORS]  # fmt: skip
    assert str(caught.value) == "; ".join(wanted)
    assert "add up to 1" not in str(caught.value)
    assert "non-negative" not in str(caught.value)


def test_weights_that_miss_values_and_do_not_add_up_report_both() -> None:
    groups = [("a", [project("a")])]
    with pytest.raises(InvalidArgumentError) as caught:
        split_by_factors("10", groups, {"households": "0.5", "score": "0.2"})
    assert str(caught.value) == (
        "factor 'score' needs each target's value in factors=; weights must add up to 1; "
        "got {'households': '0.5', 'score': '0.2'}"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": SUBSIDY_WEIGHTS_2020}, "factor 'performance' needs each target's value"),
        (
            {"weights": SUBSIDY_WEIGHTS_2020, "factors": {"performance": {"a": 1}}},
            "factor 'performance' has no value for 'b'",
        ),
        (
            {
                "weights": SUBSIDY_WEIGHTS_2020,
                "factors": {"performance": {"a": 1, "b": 1, "c": 1}},
                "coefficients": {"a": 1},
            },
            "factor 'performance' names 'c', which are not targets; "
            "coefficient has no value for 'b'",
        ),
        ({"factors": {"households": {"a": 1, "b": 1}}}, "which the projects carry"),
        ({"factors": {"score": {"a": 1, "b": 1}}}, "score, which no weight uses"),
        ({"coefficients": {"a": 1, "b": 1}}, "adjust no factor"),
        (
            {"weights": SUBSIDY_WEIGHTS_2020, "factors": {"performance": {"a": -1, "b": 1}}},
            "factor 'performance' of 'a' must be from 0",
        ),
    ],
)
def test_factor_and_coefficient_errors(kwargs: dict[str, object], message: str) -> None:
    groups = [("a", [project("a")]), ("b", [project("b")])]
    with pytest.raises(InvalidArgumentError, match=message):
        split_by_factors("10", groups, **kwargs)  # type: ignore[arg-type]


def reference(
    amount: Decimal,
    quantities: list[tuple[int, int, int]],
    performance: list[int],
    coefficients: list[int],
) -> list[Fraction]:
    """The 2020 formula read directly: Σ weight · adjusted share, in exact fractions."""
    weights = {"floor_area": Fraction(4, 10), "households": Fraction(3, 10)}
    weights |= {"buildings": Fraction(1, 10), "compounds": Fraction(1, 10)}
    rows = [
        {
            "floor_area": Fraction(100 * h) * c,
            "households": Fraction(h) * c,
            "buildings": Fraction(b) * c,
            "compounds": Fraction(k) * c,
        }
        for (h, b, k), c in zip(quantities, coefficients, strict=True)
    ]
    for row, score in zip(rows, performance, strict=True):
        row["performance"] = Fraction(score)
    weights["performance"] = Fraction(1, 10)
    totals = {f: sum(row[f] for row in rows) for f in weights}
    used = {f: w for f, w in weights.items() if totals[f]}
    scale = sum(used.values())
    return [
        Fraction(amount) * sum(w * row[f] / totals[f] for f, w in used.items()) / scale
        for row in rows
    ]


@given(
    st.integers(0, 10**9).map(lambda cents: Decimal(cents) / 100),
    st.lists(
        st.tuples(st.integers(1, 500), st.integers(1, 20), st.integers(1, 5), st.integers(0, 100),
                  st.integers(1, 20)),
        min_size=1,
        max_size=6,
    ),
)  # fmt: skip
def test_2020_parts_sum_to_the_amount_and_follow_the_formula(
    amount: Decimal, rows: list[tuple[int, int, int, int, int]]
) -> None:
    keys = [f"t{i}" for i in range(len(rows))]
    groups = [
        (
            key,
            [
                project(f"{key}-{n}", households=h if n == 0 else 0, buildings=b if n == 0 else 0,
                        floor_area=str(100 * h) if n == 0 else "0")
                for n in range(k)
            ],
        )
        for key, (h, b, k, _, _) in zip(keys, rows, strict=True)
    ]  # fmt: skip
    shares = split_by_factors(
        amount,
        groups,
        SUBSIDY_WEIGHTS_2020,
        factors={"performance": {key: row[3] for key, row in zip(keys, rows, strict=True)}},
        coefficients={key: row[4] for key, row in zip(keys, rows, strict=True)},
    )
    assert sum(shares.values()) == amount  # never losing or creating a fen
    exact = reference(
        amount, [row[:3] for row in rows], [row[3] for row in rows], [row[4] for row in rows]
    )
    for share, want in zip(shares.values(), exact, strict=True):
        assert abs(Fraction(share) - want) < Fraction(FEN)  # within one fen of the formula


@given(
    st.integers(0, 10**9).map(lambda cents: Decimal(cents) / 100),
    st.lists(st.integers(0, 1000), min_size=1, max_size=8).filter(any),
    st.integers(1, 5),
)
def test_one_factor_splits_in_proportion(amount: Decimal, scores: list[int], scale: int) -> None:
    keys = [f"t{i}" for i in range(len(scores))]
    groups = [(key, [project(key)]) for key in keys]
    by = {"score": dict(zip(keys, scores, strict=True))}
    shares = split_by_factors(amount, groups, {"score": 1}, factors=by)
    total = sum(scores)
    for share, score in zip(shares.values(), scores, strict=True):
        assert abs(Fraction(share) - Fraction(amount) * score / total) < Fraction(FEN)
    assert sum(shares.values()) == amount
    # scaling every value by the same number changes nothing
    scaled = {"score": {key: s * scale for key, s in zip(keys, scores, strict=True)}}
    assert split_by_factors(amount, groups, {"score": 1}, factors=scaled) == shares
