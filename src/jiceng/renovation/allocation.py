"""The factor method that splits the central subsidy among projects or units, exact to the fen.

Each target counts some projects; its factors are their renovated floor area, households,
buildings and number of compounds (one per project). A target's share is the weighted sum of its
share of each factor's total; a factor whose total is zero is left out and the other weights
scaled up. Amounts are rounded to the fen by the largest remainder method: each target first gets
its exact share rounded down to the fen, then the fen left over go one each to the largest
remainders (ties to the earlier target), so the amounts always add up to exactly the sum. All
arithmetic is in exact fractions.

Examples
--------
>>> from jiceng import RenovationProject
>>> def project(pid, households):
...     return RenovationProject(id=pid, name=pid, compound=pid, batch=2021,
...                              households=households, buildings=1, floor_area="1000",
...                              history=[{"status": "applied", "on": "2021-01-01"}])
>>> a, b = project("a", 100), project("b", 200)
>>> split_by_factors("90", [("a", [a]), ("b", [b])], weights={"households": 1})
{'a': Decimal('30.00'), 'b': Decimal('60.00')}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from fractions import Fraction

from jiceng.errors import InvalidArgumentError
from jiceng.renovation.records import FEN, RenovationProject
from jiceng.types import MONEY_LIMIT

__all__ = ["ALLOCATION_WEIGHTS", "split_by_factors"]

ALLOCATION_WEIGHTS: Mapping[str, Decimal] = {
    "floor_area": Decimal("0.4"),
    "households": Decimal("0.4"),
    "buildings": Decimal("0.1"),
    "compounds": Decimal("0.1"),
}
"""The default factor weights of the central subsidy: renovated floor area 40%, households 40%,
buildings 10%, compounds 10%. Override them per call."""


def _exact(value: object, what: str) -> Decimal:
    """Read a number exactly: a float by its shortest decimal form (0.4, not its binary error).

    >>> _exact(0.1, "weight"), _exact("12.50", "amount")
    (Decimal('0.1'), Decimal('12.50'))
    """
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidArgumentError(f"{what} must be a number; got {value!r}") from None
    if not number.is_finite():
        raise InvalidArgumentError(f"{what} must be finite; got {value!r}")
    return number


_WEIGHT_PLACES = 30  # a weight finer than 10⁻³⁰ would make its exact fraction needlessly large


def _weight(value: object, key: str) -> Fraction:
    """Read a weight: a finite number from 0 to 1 with at most 30 decimal places, exactly.

    The range is checked on the decimal before it becomes a fraction, so a weight such as
    ``"1e999999999"`` is refused at once instead of building a billion-digit integer.

    >>> _weight(0.4, "households")
    Fraction(2, 5)
    """
    number = _exact(value, f"weight {key!r}")
    exponent = number.as_tuple().exponent
    if not 0 <= number <= 1 or (isinstance(exponent, int) and exponent < -_WEIGHT_PLACES):
        raise InvalidArgumentError(
            f"weight {key!r} must be from 0 to 1 with at most {_WEIGHT_PLACES} decimal places;"
            f" got {value!r}"
        )
    return Fraction(number)


def _factors(projects: Sequence[RenovationProject]) -> dict[str, Fraction]:
    """Return the factors that a set of projects counts, exactly."""
    return {
        "floor_area": sum((Fraction(p.floor_area) for p in projects), Fraction(0)),
        "households": Fraction(sum(p.households for p in projects)),
        "buildings": Fraction(sum(p.buildings for p in projects)),
        "compounds": Fraction(len(projects)),
    }


def split_by_factors(
    amount: Decimal | str | int,
    groups: Iterable[tuple[str, Sequence[RenovationProject]]],
    weights: Mapping[str, Decimal | str | int | float] | None = None,
) -> dict[str, Decimal]:
    """Split a sum among targets by the factors of the projects each counts, exactly to the fen.

    The amount and the weights are checked first, then the groups in order (a lazy iterable of
    groups is read only after those checks, so an error in making a group comes after them).

    Parameters
    ----------
    amount
        The sum in yuan, at most two decimal places, below ¥10¹⁵
        (:data:`~jiceng.types.MONEY_LIMIT`, the bound of every amount of money in jiceng).
    groups
        ``(key, projects)`` pairs: each target's key, once, and the projects it counts; no
        project may be counted by two targets.
    weights
        Factor weights, keys ``floor_area``, ``households``, ``buildings``, ``compounds``,
        from 0 to 1 (at most 30 decimal places) and adding up to 1; default
        :data:`ALLOCATION_WEIGHTS`. Floats are read by their shortest decimal form, so ``0.4``
        is 0.4.

    Returns
    -------
    dict[str, Decimal]
        Each key's amount, in the groups' order, adding up to ``amount``.

    Raises
    ------
    InvalidArgumentError
        For an amount that is negative, finer than the fen, not below ¥10¹⁵ or not a finite
        number; weights that are not numbers from 0 to 1 or do not add up to 1; a key given
        twice, or two groups that count the same project; or groups whose weighted factors are
        all zero.

    Examples
    --------
    >>> from jiceng import RenovationProject
    >>> def project(pid, households, area):
    ...     return RenovationProject(id=pid, name=pid, compound=pid, batch=2021,
    ...                              households=households, buildings=2, floor_area=area,
    ...                              history=[{"status": "applied", "on": "2021-01-01"}])
    >>> a, b, c = project("a", 300, "24000"), project("b", 100, "8000"), project("c", 0, "0")

    ``east`` counts ¾ of the area and of the households, and ⅓ of the buildings and of the
    compounds, so it gets 0.4·¾ + 0.4·¾ + 0.1·⅓ + 0.1·⅓ = ⅔ of the sum:

    >>> split_by_factors("1000000", [("east", [a]), ("west", [b, c])])
    {'east': Decimal('666666.67'), 'west': Decimal('333333.33')}
    >>> split_by_factors("0.01", [("a", [a]), ("b", [b])])
    {'a': Decimal('0.01'), 'b': Decimal('0.00')}
    >>> split_by_factors("10", [("a", [a]), ("again", [a])])
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: targets 'a' and 'again' overlap: both count project 'a'
    >>> split_by_factors("1e26", [("a", [a])])
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: amount must be below ¥10¹⁵; got '1e26'
    """
    total = _exact(amount, "amount")
    if total >= MONEY_LIMIT:
        raise InvalidArgumentError(f"amount must be below ¥10¹⁵; got {amount!r}")
    if total < 0 or total != total.quantize(FEN):
        raise InvalidArgumentError(f"amount must be >= 0 and exact to the fen; got {amount!r}")
    factors = {key: _weight(value, key) for key, value in (weights or ALLOCATION_WEIGHTS).items()}
    unknown = set(factors) - set(ALLOCATION_WEIGHTS)
    if unknown or any(value < 0 for value in factors.values()) or sum(factors.values()) != 1:
        raise InvalidArgumentError(
            "weights must be non-negative, add up to 1, and use the factors "
            f"{', '.join(ALLOCATION_WEIGHTS)}; got {dict(weights or {})!r}"
        )
    rows: dict[str, dict[str, Fraction]] = {}
    counted: dict[str, str] = {}  # project id → the target that counts it
    for key, chosen in groups:
        if key in rows:
            raise InvalidArgumentError(f"target {key!r} is given twice")
        for project in chosen:
            if project.id in counted:
                raise InvalidArgumentError(
                    f"targets {counted[project.id]!r} and {key!r} overlap: both count "
                    f"project {project.id!r}"
                )
            counted[project.id] = key
        rows[key] = _factors(chosen)
    totals = {f: sum((row[f] for row in rows.values()), Fraction(0)) for f in factors}
    used = {f: w for f, w in factors.items() if w and totals[f]}
    weight_sum = sum(used.values(), Fraction(0))
    if not rows:
        return {}
    if not weight_sum:
        raise InvalidArgumentError(
            "every weighted factor of the targets is zero; nothing to split by"
        )
    fen = int(total / FEN)
    exact = {
        key: fen * sum(w * row[f] / totals[f] for f, w in used.items()) / weight_sum
        for key, row in rows.items()
    }
    floors = {key: int(value) for key, value in exact.items()}  # shares are >= 0
    left = fen - sum(floors.values())
    order = sorted(exact, key=lambda key: exact[key] - floors[key], reverse=True)
    for key in order[:left]:
        floors[key] += 1
    return {
        key: (Decimal(value) * FEN).quantize(FEN, rounding=ROUND_FLOOR)
        for key, value in floors.items()
    }
