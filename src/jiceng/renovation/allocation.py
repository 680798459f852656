"""The factor method that splits the central subsidy among projects or units, exact to the fen.

Each target counts some projects. The projects carry four *quantity factors*: their renovated
floor area, households, buildings and number of compounds (one per project). Other factors, such
as a performance score, are given per target (``factors=``). A target's share is the weighted sum
of its share of each factor's total; a factor whose total is zero is left out and the other
weights scaled up. Where a fiscal-difficulty coefficient (财政困难程度系数) is given per target
(``coefficients=``), the factors that the weighting adjusts are multiplied by it before the
shares are taken.

Amounts are rounded to the fen by the largest remainder method: each target first gets its exact
share rounded down to the fen, then the fen left over go one each to the largest remainders (ties
to the earlier target), so the amounts always add up to exactly the sum. All arithmetic is in
exact fractions.

The dated weightings are those of the Ministry of Finance and MOHURD's central subsidy fund rules
for urban old compound renovation (2019; revised 2020, 2024). Those rules allocate the subsidy
among provinces; using the same method among a city's subdistricts or projects is a choice a city
makes, not something the rules require.

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
from types import MappingProxyType

import attrs

from jiceng.errors import InvalidArgumentError
from jiceng.renovation.records import FEN, RenovationProject
from jiceng.types import MONEY_LIMIT

__all__ = [
    "ALLOCATION_WEIGHTS",
    "QUANTITY_FACTORS",
    "SUBSIDY_WEIGHTS_2019",
    "SUBSIDY_WEIGHTS_2020",
    "SUBSIDY_WEIGHTS_2024",
    "SubsidyWeights",
    "split_by_factors",
]

Number = Decimal | str | int | float
"""A number as a caller may give it: floats are read by their shortest decimal form."""

QUANTITY_FACTORS: tuple[str, ...] = ("floor_area", "households", "buildings", "compounds")
"""The factors that projects carry: renovated floor area (m²), households, buildings, compounds.

Examples
--------
>>> QUANTITY_FACTORS
('floor_area', 'households', 'buildings', 'compounds')
"""


def _frozen_weights(weights: Mapping[str, Decimal]) -> Mapping[str, Decimal]:
    """Copy weights into a read-only mapping, so a preset cannot be changed in place."""
    return MappingProxyType(dict(weights))


@attrs.frozen
class SubsidyWeights:
    """A weighting of the factor method: each factor's weight, and those the coefficient adjusts.

    Attributes
    ----------
    weights : Mapping[str, Decimal]
        Each factor's weight, adding up to 1: a quantity factor (:data:`QUANTITY_FACTORS`) or a
        factor the caller gives per target (``performance``, ``task``, or one of your own).
    adjusted : frozenset[str]
        The factors multiplied by each target's fiscal-difficulty coefficient (财政困难程度系数)
        before the shares are taken, where coefficients are given. Default none: then
        coefficients are refused, as they are with a plain mapping of weights.
    source : str
        The document the weighting comes from, or ``"your own"``.

    Examples
    --------
    >>> mine = SubsidyWeights({"households": Decimal("0.7"), "performance": Decimal("0.3")},
    ...                       adjusted=frozenset({"households"}), source="your own")
    >>> sorted(mine.weights), sorted(mine.adjusted)
    (['households', 'performance'], ['households'])
    """

    weights: Mapping[str, Decimal] = attrs.field(converter=_frozen_weights)
    adjusted: frozenset[str] = frozenset()
    source: str = "your own"


SUBSIDY_WEIGHTS_2019 = SubsidyWeights(
    {
        "floor_area": Decimal("0.4"),
        "households": Decimal("0.4"),
        "buildings": Decimal("0.1"),
        "compounds": Decimal("0.1"),
    },
    source="the Ministry of Finance and MOHURD's central subsidy fund rules for urban old "
    "compound renovation, 2019",
)
"""The 2019 weighting: renovated floor area 40%, households 40%, buildings 10%, compounds 10%.

Source: the Ministry of Finance and MOHURD's central subsidy fund rules for urban old compound
renovation (2019). No factor is adjusted by a coefficient. The default of :func:`split_by_factors`
and :meth:`~jiceng.renovation.Portfolio.allocate`.

Examples
--------
>>> {key: str(weight) for key, weight in SUBSIDY_WEIGHTS_2019.weights.items()}
{'floor_area': '0.4', 'households': '0.4', 'buildings': '0.1', 'compounds': '0.1'}
"""

SUBSIDY_WEIGHTS_2020 = SubsidyWeights(
    {
        "floor_area": Decimal("0.4"),
        "households": Decimal("0.3"),
        "buildings": Decimal("0.1"),
        "compounds": Decimal("0.1"),
        "performance": Decimal("0.1"),
    },
    adjusted=frozenset(QUANTITY_FACTORS),
    source="the Ministry of Finance and MOHURD's central subsidy fund rules for urban old "
    "compound renovation, revised 2020",
)
"""The 2020 weighting: area 40%, households 30%, buildings 10%, compounds 10%, performance 10%.

Each quantity factor is multiplied by the target's fiscal-difficulty coefficient (财政困难程度系数);
the performance score is not. Source: the Ministry of Finance and MOHURD's central subsidy fund
rules for urban old compound renovation (revised 2020). Give ``factors={"performance": ...}``.

Examples
--------
>>> {key: str(weight) for key, weight in SUBSIDY_WEIGHTS_2020.weights.items()}
{'floor_area': '0.4', 'households': '0.3', 'buildings': '0.1', 'compounds': '0.1', 'performance': '0.1'}
>>> sorted(SUBSIDY_WEIGHTS_2020.adjusted)
['buildings', 'compounds', 'floor_area', 'households']
"""  # noqa: E501

SUBSIDY_WEIGHTS_2024 = SubsidyWeights(
    {"task": Decimal("0.8"), "performance": Decimal("0.2")},
    adjusted=frozenset({"task"}),
    source="the Ministry of Finance and MOHURD's central subsidy fund rules (urban affordable "
    "housing projects, including old compound renovation), revised 2024",
)
"""The 2024 weighting: 80% by task factors, adjusted by the coefficient; 20% by performance.

The 2024 rules split 80% by each target's task quantity (for old compounds: renovated floor area,
households, buildings and compounds, with weights the rules leave to each year's calculation),
adjusted by the fiscal-difficulty coefficient, and 20% as a reward by performance evaluation.
Since the sub-weights of the task factors are not fixed by the rules, ``task`` is a factor you
give per target (its weighted task quantity); so is ``performance``. Source: the Ministry of
Finance and MOHURD's central subsidy fund rules (revised 2024).

Examples
--------
>>> {key: str(weight) for key, weight in SUBSIDY_WEIGHTS_2024.weights.items()}
{'task': '0.8', 'performance': '0.2'}
"""

ALLOCATION_WEIGHTS: Mapping[str, Decimal] = SUBSIDY_WEIGHTS_2019.weights
"""The default factor weights: those of :data:`SUBSIDY_WEIGHTS_2019` (area 40%, households 40%,
buildings 10%, compounds 10%). Kept for code written before the dated weightings.

Examples
--------
>>> ALLOCATION_WEIGHTS == SUBSIDY_WEIGHTS_2019.weights
True
"""


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
_VALUE_LIMIT = Decimal(10) ** 15  # a factor or coefficient beyond this is surely a mistake


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


def _value(value: object, what: str) -> Fraction:
    """Read a factor's value or a coefficient: a number from 0 below 10¹⁵, at most 30 places.

    >>> _value("0.85", "coefficient of 'a'")
    Fraction(17, 20)
    """
    number = _exact(value, what)
    exponent = number.as_tuple().exponent
    if not 0 <= number < _VALUE_LIMIT or (isinstance(exponent, int) and exponent < -_WEIGHT_PLACES):
        raise InvalidArgumentError(
            f"{what} must be from 0 and below 10¹⁵, with at most {_WEIGHT_PLACES} decimal "
            f"places; got {value!r}"
        )
    return Fraction(number)


def _factors(projects: Sequence[RenovationProject]) -> dict[str, Fraction]:
    """Return the quantity factors that a set of projects counts, exactly."""
    return {
        "floor_area": sum((Fraction(p.floor_area) for p in projects), Fraction(0)),
        "households": Fraction(sum(p.households for p in projects)),
        "buildings": Fraction(sum(p.buildings for p in projects)),
        "compounds": Fraction(len(projects)),
    }


def _weighting(
    weights: SubsidyWeights | Mapping[str, Number] | None,
    given: Mapping[str, Mapping[str, Number]],
) -> tuple[dict[str, Fraction], frozenset[str]]:
    """Check the weights against the factors known, and return them with the adjusted factors."""
    if weights is None:
        weights = SUBSIDY_WEIGHTS_2019
    if isinstance(weights, SubsidyWeights):
        chosen: Mapping[str, Number] = weights.weights
        adjusted = weights.adjusted
    else:
        chosen = weights
        adjusted = frozenset()  # a plain mapping adjusts nothing; SubsidyWeights says what does
    parsed = {key: _weight(value, key) for key, value in chosen.items()}
    clash = sorted(set(given) & set(QUANTITY_FACTORS))
    if clash:
        raise InvalidArgumentError(
            f"factors= gives {', '.join(clash)}, which the projects carry; give only other "
            "factors (such as performance)"
        )
    known = (*QUANTITY_FACTORS, *given)
    problems = [
        f"factor {key!r} needs each target's value in factors="
        for key in parsed
        if key not in known
    ]
    if sum(parsed.values()) != 1:
        problems.append(f"weights must add up to 1; got {dict(chosen)!r}")
    if problems:
        raise InvalidArgumentError("; ".join(problems))
    unused = sorted(set(given) - set(parsed))
    if unused:
        raise InvalidArgumentError(f"factors= gives {', '.join(unused)}, which no weight uses")
    return parsed, adjusted


def _per_target(
    values: Mapping[str, Number], keys: Sequence[str], what: str
) -> tuple[dict[str, Fraction], list[str]]:
    """Read one value per target; return them and every problem (missing, extra keys)."""
    problems = []
    missing = [key for key in keys if key not in values]
    if missing:
        problems.append(f"{what} has no value for {', '.join(map(repr, missing))}")
    extra = sorted(set(values) - set(keys))
    if extra:
        problems.append(f"{what} names {', '.join(map(repr, extra))}, which are not targets")
    read = {key: _value(values[key], f"{what} of {key!r}") for key in keys if key in values}
    return read, problems


def split_by_factors(
    amount: Decimal | str | int,
    groups: Iterable[tuple[str, Sequence[RenovationProject]]],
    weights: SubsidyWeights | Mapping[str, Number] | None = None,
    *,
    factors: Mapping[str, Mapping[str, Number]] | None = None,
    coefficients: Mapping[str, Number] | None = None,
) -> dict[str, Decimal]:
    """Split a sum among targets by the factors of the projects each counts, exactly to the fen.

    The amount and the weights are checked first, then the groups in order (a lazy iterable of
    groups is read only after those checks, so an error in making a group comes after them),
    then the factors and coefficients given per target.

    Parameters
    ----------
    amount
        The sum in yuan, at most two decimal places, below ¥10¹⁵
        (:data:`~jiceng.types.MONEY_LIMIT`, the bound of every amount of money in jiceng).
    groups
        ``(key, projects)`` pairs: each target's key, once, and the projects it counts; no
        project may be counted by two targets.
    weights
        A dated weighting (:data:`SUBSIDY_WEIGHTS_2019`, :data:`SUBSIDY_WEIGHTS_2020`,
        :data:`SUBSIDY_WEIGHTS_2024`, or your own :class:`SubsidyWeights`), or a plain mapping
        of factor weights from 0 to 1 (at most 30 decimal places) adding up to 1, which adjusts
        no factor by a coefficient (for that, build a ``SubsidyWeights(..., adjusted=...)``).
        Default :data:`SUBSIDY_WEIGHTS_2019`. Floats are read by their shortest decimal form.
    factors
        For each factor that the projects do not carry (``performance``, ``task``, your own),
        each target's value, from 0 and below 10¹⁵; every weighted one must be given, for
        every target.
    coefficients
        Each target's fiscal-difficulty coefficient (财政困难程度系数), from 0 and below 10¹⁵,
        for every target; it multiplies the factors the weighting adjusts. Without it no
        factor is adjusted; with weights that adjust no factor (:data:`SUBSIDY_WEIGHTS_2019`,
        a plain mapping, a :class:`SubsidyWeights` without ``adjusted``) it is refused.

    Returns
    -------
    dict[str, Decimal]
        Each key's amount, in the groups' order, adding up to ``amount``.

    Raises
    ------
    InvalidArgumentError
        For an amount that is negative, finer than the fen, not below ¥10¹⁵ or not a finite
        number; weights that are not numbers from 0 to 1, do not add up to 1, or name a factor
        with no values; a key given twice, or two groups that count the same project; factors
        or coefficients missing a target, naming a key that is not a target, or out of range,
        or coefficients with weights that adjust no factor (every such problem at once); or
        groups whose weighted factors are all zero.

    Examples
    --------
    >>> from jiceng import RenovationProject
    >>> def project(pid, households, area):
    ...     return RenovationProject(id=pid, name=pid, compound=pid, batch=2021,
    ...                              households=households, buildings=2, floor_area=area,
    ...                              history=[{"status": "applied", "on": "2021-01-01"}])
    >>> a, b, c = project("a", 300, "24000"), project("b", 100, "8000"), project("c", 0, "0")

    ``east`` counts ¾ of the area and of the households, and ⅓ of the buildings and of the
    compounds, so by the 2019 weights it gets 0.4·¾ + 0.4·¾ + 0.1·⅓ + 0.1·⅓ = ⅔ of the sum:

    >>> split_by_factors("1000000", [("east", [a]), ("west", [b, c])])
    {'east': Decimal('666666.67'), 'west': Decimal('333333.33')}

    By the 2020 weights with coefficients 1 and 2, ``west``'s quantity factors double: area and
    households ¼·2 / (¾ + ¼·2) = ⅖, buildings and compounds ⅔·2 / (⅓ + ⅔·2) = ⅘; with half the
    performance score it gets 0.4·⅖ + 0.3·⅖ + 0.1·⅘ + 0.1·⅘ + 0.1·½ = 0.49:

    >>> split_by_factors("1000000", [("east", [a]), ("west", [b, c])], SUBSIDY_WEIGHTS_2020,
    ...                  factors={"performance": {"east": 90, "west": 90}},
    ...                  coefficients={"east": 1, "west": 2})
    {'east': Decimal('510000.00'), 'west': Decimal('490000.00')}
    >>> split_by_factors("0.01", [("a", [a]), ("b", [b])])
    {'a': Decimal('0.01'), 'b': Decimal('0.00')}
    >>> split_by_factors("10", [("a", [a]), ("again", [a])])
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: targets 'a' and 'again' overlap: both count project 'a'
    >>> split_by_factors("10", [("a", [a]), ("b", [b])], SUBSIDY_WEIGHTS_2020,
    ...                  factors={"performance": {"a": 80}})
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: factor 'performance' has no value for 'b'
    >>> split_by_factors("10", [("a", [a]), ("b", [b])], SUBSIDY_WEIGHTS_2020)
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: factor 'performance' needs each target's value in factors=

    A plain mapping of weights adjusts no factor, so it takes no coefficients; name the factors
    to adjust with :class:`SubsidyWeights`:

    >>> plain = {"households": "0.5", "buildings": "0.5"}
    >>> split_by_factors("10", [("a", [a]), ("b", [b])], plain, coefficients={"a": 1, "b": 3})
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: coefficients= given, but these weights adjust no factor by a coefficient; use SUBSIDY_WEIGHTS_2020, SUBSIDY_WEIGHTS_2024 or a SubsidyWeights with adjusted= naming the factors to adjust
    >>> mine = SubsidyWeights(plain, adjusted=frozenset({"households"}))
    >>> split_by_factors("10", [("a", [a]), ("b", [b])], mine, coefficients={"a": 1, "b": 3})
    {'a': Decimal('5.00'), 'b': Decimal('5.00')}
    """  # noqa: E501
    total = _exact(amount, "amount")
    if total >= MONEY_LIMIT:
        raise InvalidArgumentError(f"amount must be below ¥10¹⁵; got {amount!r}")
    if total < 0 or total != total.quantize(FEN):
        raise InvalidArgumentError(f"amount must be >= 0 and exact to the fen; got {amount!r}")
    given = factors or {}
    weighting, adjusted = _weighting(weights, given)
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
    keys = list(rows)
    problems: list[str] = []
    for name, values in given.items():
        read, found = _per_target(values, keys, f"factor {name!r}")
        problems.extend(found)
        for key, value in read.items():
            rows[key][name] = value
    if coefficients is not None:
        if not adjusted:
            problems.append(
                "coefficients= given, but these weights adjust no factor by a coefficient; use "
                "SUBSIDY_WEIGHTS_2020, SUBSIDY_WEIGHTS_2024 or a SubsidyWeights with adjusted= "
                "naming the factors to adjust"
            )
        read, found = _per_target(coefficients, keys, "coefficient")
        problems.extend(found)
        if not problems:
            for key, row in rows.items():
                for name in adjusted & set(row):
                    row[name] *= read[key]
    if problems:
        raise InvalidArgumentError("; ".join(problems))
    if not rows:
        return {}
    totals = {f: sum((row[f] for row in rows.values()), Fraction(0)) for f in weighting}
    used = {f: w for f, w in weighting.items() if w and totals[f]}
    weight_sum = sum(used.values(), Fraction(0))
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
