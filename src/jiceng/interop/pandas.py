"""DataFrames of a hierarchy's units and of each domain's records (extra ``pandas``).

:func:`to_pandas` turns a :class:`~jiceng.Hierarchy` into one row per unit, in hierarchy order,
with a column per level of the scheme holding the unit's ancestor at that level, so that who
is in which subdistrict is one ``groupby``; it turns a renovation
:class:`~jiceng.renovation.Portfolio`, a :class:`~jiceng.pay.Payroll` on a date and a
:class:`~jiceng.services.ServiceCatalogue` into one row per project, serving worker and service
item. :func:`from_pandas` reads a frame of units back into an equal hierarchy.
:func:`results_to_pandas` turns rows of any typed result (an analysis's) into a frame; the
results' own ``to_pandas()`` methods use it.

Conventions shared by every frame (pandas 2.2 or later):

- text is pandas' nullable ``string`` dtype (``pd.StringDtype()``), missing as ``pd.NA``;
- counts are the nullable ``Int64`` dtype, missing as ``pd.NA`` (never floats); whole numbers
  that are never missing (a depth, a batch year, a grade) are ``int64``; flags are ``bool``;
- money and areas are ``object`` columns of :class:`~decimal.Decimal`, exact to the fen, missing
  as ``None``: ``frame["cost"].sum()`` is a ``Decimal`` equal to the engine's total (pandas sums
  an empty column to the int ``0``; ``sum(frame["cost"], Decimal(0))`` keeps the type);
- dates are ``object`` columns of :class:`datetime.date`, missing as ``None`` (a date has no time
  of day, and a date before 1677 fits);
- vocabularies (a status, a post, an item type) are their stable English keys as ``string``;
  lists of them, and tags, are ``object`` columns of tuples of ``str`` (``()`` for none);
- rows come in the engine's order: hierarchy order for units, input order for records.

pandas is imported by the functions, never by this module; without it they raise
:class:`~jiceng.errors.MissingExtraError` naming the extra (``pip install "jiceng[pandas]"``).

Examples
--------
>>> import jiceng
>>> from jiceng.interop.pandas import from_pandas, to_pandas
>>> h = jiceng.examples.tongchuan().hierarchy
>>> frame = to_pandas(h)
>>> frame.groupby("street").size().to_dict()
{'chaoyang': 291, 'dongcheng': 146, 'fengbei': 119, 'fengxi': 131, 'xicheng': 106}
>>> 1 + h.count_descendants("chaoyang")
291
>>> from_pandas(frame) == h
True
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter
from types import ModuleType
from typing import TYPE_CHECKING, Any

from jiceng._frames import COUNT, OBJECT, STRING, Column, frame, results_to_pandas
from jiceng.errors import DumpError, InvalidArgumentError, JicengTypeError
from jiceng.hierarchy import Hierarchy
from jiceng.interop._extras import require
from jiceng.levels import URBAN_FIVE_LEVEL, LevelScheme
from jiceng.pay import Payroll
from jiceng.renovation import FundingSource, Portfolio, RenovationProject
from jiceng.services import ServiceCatalogue
from jiceng.units import COUNT_FIELDS, UNIT_FIELDS

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["from_pandas", "results_to_pandas", "to_pandas"]

_STRING, _COUNT, _OBJECT = STRING, COUNT, OBJECT

_UNIT_DTYPES: dict[str, str] = {
    "id": _STRING,
    "name": _STRING,
    "level": _STRING,
    "parent": _STRING,
    "org_name": _STRING,
    "org_kind": _STRING,
    "org_status": _STRING,
    "led_by": _STRING,
    "official_name": _STRING,
    "code": _STRING,
    "households": _COUNT,
    "population": _COUNT,
    "party_members": _COUNT,
    "probationary_members": _COUNT,
    "built_year": _COUNT,
    "established": _OBJECT,
    "dissolved": _OBJECT,
    "tags": _OBJECT,
    "attributes": _OBJECT,
}
"""The dtype of each unit field's column; every field of :class:`~jiceng.OrgUnit` is here."""

_TOTALS = tuple(f"{field}_total" for field in COUNT_FIELDS)
_FIXED_UNIT_COLUMNS = frozenset({*UNIT_FIELDS, "depth", *_TOTALS})

_Column = Column


def to_pandas(obj: object, *, on: datetime.date | None = None) -> pd.DataFrame:
    """Return a DataFrame of a hierarchy's units, or of a domain engine's records.

    Parameters
    ----------
    obj
        A :class:`~jiceng.Hierarchy` (one row per unit), a
        :class:`~jiceng.renovation.Portfolio` (one row per project), a
        :class:`~jiceng.pay.Payroll` (one row per worker serving on ``on``) or a
        :class:`~jiceng.services.ServiceCatalogue` (one row per service item).
    on
        The date of a payroll's frame: required for a payroll, refused for anything else.

    Returns
    -------
    pandas.DataFrame
        With a ``RangeIndex`` and the columns below, in this order (dtypes as the module
        documentation describes: ``string``, ``Int64``, ``int64``, ``bool``, ``object``).

    Raises
    ------
    MissingExtraError
        If pandas is not installed.
    JicengTypeError
        For anything else than the four types above, or an ``on`` that is not a date.
    InvalidArgumentError
        For a payroll without ``on``, or ``on`` with anything else.
    DumpError
        Where a level key of the scheme is also the name of another column (a custom scheme
        with a level ``name`` or ``depth``): the frame could not hold both.
    NoSchemeInForceError
        For a payroll on a date no pay scheme covers.

    Notes
    -----
    **Units** (a hierarchy), one row per unit in hierarchy order:

    | column | dtype | value |
    |---|---|---|
    | `id`, `name` | `string` | the unit's id and name |
    | `level` | `string` | its level key |
    | `parent` | `string` | the parent's id; `<NA>` for a root |
    | `depth` | `int64` | 0 for a root |
    | one per level key (`street`, `community`, …) | `string` | the id of the unit's ancestor at that level, the unit itself in its own level's column, `<NA>` where there is none; where a level nests in itself (`jiceng.testing.NESTED_SCHEME`), the *nearest*: the unit itself, else its closest ancestor at that level |
    | `org_name`, `code` | `string` | as recorded, `<NA>` where not |
    | `org_kind` | `string` | the recorded kind's key (`"branch"`), `<NA>` where the unit takes its level's default |
    | `households`, `population`, `party_members` | `Int64` | the recorded counts, `<NA>` where not recorded |
    | `built_year` | `Int64` | as recorded |
    | `established`, `dissolved` | `object` | `datetime.date` or `None` |
    | `tags` | `object` | a tuple of `str`, `()` for none |
    | `attributes` | `object` | a `dict` of the unit's `attributes`, `{}` for none |
    | `households_total`, `population_total`, `party_members_total` | `Int64` | the subtree's total (`Hierarchy.total`), `<NA>` where nothing in the subtree records it |

    **Projects** (a portfolio), one row per project in input order:

    | column | dtype | value |
    |---|---|---|
    | `id`, `name` | `string` | the project |
    | `compound` | `string` | the id of the compound it renovates |
    | `compound_name` | `string` | its name (with a hierarchy only) |
    | one per level above the portfolio's (`street`, `community`, `grid`) | `string` | the compound's nearest ancestor at that level (with a hierarchy only) |
    | `batch` | `int64` | the annual batch |
    | `status` | `string` | the current status's key (`"completed"`) |
    | `status_on` | `object` | the date of the last status change |
    | `households`, `buildings` | `Int64` | what it renovates |
    | `floor_area` | `object` | `Decimal` m² |
    | `cost`, `funded`, `funding_gap` | `object` | `Decimal` yuan: the measures' cost, the funding, and the part it does not cover |
    | `cost_per_household`, `cost_per_m2` | `object` | `Decimal` to the fen, `None` for none |
    | `cost_<category>` (`cost_basic`, …) | `object` | `Decimal`: the cost of the measures of each category of the policy (the built-in three, then its own), `0` for none |
    | `funding_<source>` (`funding_central_subsidy`, …) | `object` | `Decimal`: the amount from each `FundingSource`, `0` for none |
    | `planned_start`, `planned_completion`, `actual_start`, `actual_completion` | `object` | dates, `None` where unknown |
    | `tags` | `object` | a tuple of `str` |

    Cancelled projects are rows too: the portfolio's figures leave them out, so compare a
    column's sum over ``frame[frame.status != "cancelled"]``.

    **Workers** (a payroll on ``on``), one row per worker serving on that date, in input order,
    with the figures of :meth:`~jiceng.pay.Payroll.pay` and
    :meth:`~jiceng.pay.Payroll.next_step`:

    | column | dtype | value |
    |---|---|---|
    | `id`, `name` | `string` | the worker |
    | `unit` | `string` | the id of the unit served |
    | `unit_name` | `string` | its name (with a hierarchy only) |
    | `post` | `string` | the key of the post held on the date |
    | `grade` | `int64` | the grade on the date |
    | `probation` | `bool` | on probation on the date |
    | `scheme` | `string` | the pay scheme applied |
    | `base`, `performance`, `allowances`, `monthly` | `object` | `Decimal` yuan a month |
    | `annual` | `object` | `Decimal`: twelve months |
    | `next_step_on` | `object` | the date of the next grade step, `None` if none |
    | `next_step_grade` | `Int64` | the grade then, `<NA>` if none |
    | `service_start`, `hired` | `object` | dates |

    **Service items** (a catalogue), one row per item in input order:

    | column | dtype | value |
    |---|---|---|
    | `id`, `name` | `string` | the item |
    | `type` | `string` | its `ItemType` key |
    | `department`, `department_name` | `string` | the implementing department's id and name |
    | `parent` | `string` | the item it belongs to, `<NA>` if none |
    | `case` | `string` | the business case's key, `<NA>` if none |
    | `visits` | `int64` | on-site visits needed |
    | `at_most_one_visit` | `bool` | 最多跑一次 |
    | `channels`, `modes`, `applicants` | `object` | tuples of the vocabularies' keys |
    | `scope` | `string` | the 通办 scope's key |
    | `statutory_days`, `promised_days` | `Int64` | time limits in working days, `<NA>` if none |
    | `instant` | `bool` | an instant case (即办件) |
    | `fee_charged`, `fee_waivable` | `bool` | the fee's flags |
    | `fee_amount` | `object` | `Decimal` yuan, `None` if none |
    | `fee_standard` | `string` | the fee's standard, `<NA>` if none |
    | `materials` | `int64` | the number of materials to hand in |
    | `centres` | `object` | a tuple of the ids of the centres offering it |

    Building a units frame is O(n · log d) for ``n`` units of depth at most ``d``, with no
    recursion: a 100,000-deep chain works.

    Examples
    --------
    >>> import datetime, jiceng
    >>> district = jiceng.examples.tongchuan()
    >>> units = to_pandas(district.hierarchy)
    >>> units.loc[units.name == "春兰小区", ["street", "community", "households"]]
    ... # doctest: +NORMALIZE_WHITESPACE
           street community  households
    270  chaoyang  mafangba         241
    >>> units["households"].dtype, units["established"].dtype
    (Int64Dtype(), dtype('O'))
    >>> projects = to_pandas(district.projects)
    >>> live = projects[projects.status != "cancelled"]
    >>> live["cost"].sum() == district.projects.cost()
    True
    >>> workers = to_pandas(district.payroll, on=datetime.date(2026, 11, 26))
    >>> len(workers), workers["annual"].sum()
    (60, Decimal('3006335.88'))
    >>> int(to_pandas(district.services)["at_most_one_visit"].sum())
    38
    >>> to_pandas(district.payroll)
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: a payroll's frame is of one date: pass on=datetime.date(...)
    """  # noqa: E501  (the tables' rows are one line each, as Markdown needs)
    pd = require("pandas", "pandas")
    if on is not None and not isinstance(on, datetime.date):
        raise JicengTypeError(f"on must be a datetime.date, got {type(on)!r}")
    if isinstance(obj, Payroll):
        if on is None:
            raise InvalidArgumentError(
                "a payroll's frame is of one date: pass on=datetime.date(...)"
            )
        return frame(pd, _worker_columns(obj, on))
    if on is not None:
        raise InvalidArgumentError(
            f"on= is for a payroll's frame only, not for a {type(obj).__name__}"
        )
    if isinstance(obj, Hierarchy):
        return frame(pd, _unit_columns(obj, require("numpy", "pandas")))
    if isinstance(obj, Portfolio):
        return frame(pd, _project_columns(obj))
    if isinstance(obj, ServiceCatalogue):
        return frame(pd, _item_columns(obj))
    raise JicengTypeError(
        "to_pandas takes a Hierarchy, a Portfolio, a Payroll or a ServiceCatalogue, got "
        f"{type(obj)!r}; for a Dataset, pass dataset.hierarchy or one of its engines"
    )


def from_pandas(frame: pd.DataFrame, scheme: LevelScheme = URBAN_FIVE_LEVEL) -> Hierarchy:
    """Read a frame of units (as :func:`to_pandas` writes it) back into a hierarchy.

    The frame needs the columns ``id``, ``name`` and ``level``; it may have any other field of
    :class:`~jiceng.OrgUnit` (a missing column means the field is not recorded), and the
    columns :func:`to_pandas` derives (``depth``, the level keys of ``scheme``, the ``…_total``
    columns), which are ignored. Rows give the order of siblings and roots; the index is
    ignored. Values are read as :func:`to_pandas` writes them: missing as ``pd.NA``, ``None``
    or NaN; counts as integers; dates as :class:`datetime.date` (or ISO text); tags as tuples
    or lists of ``str``.

    Parameters
    ----------
    frame
        The units, one a row.
    scheme
        The scheme their levels belong to.

    Returns
    -------
    Hierarchy
        ``from_pandas(to_pandas(h), h.scheme) == h``.

    Raises
    ------
    MissingExtraError
        If pandas is not installed.
    JicengTypeError
        If ``frame`` is not a DataFrame, or ``scheme`` not a :class:`~jiceng.LevelScheme`.
    InvalidArgumentError
        For a frame without ``id``, ``name`` or ``level``, with a column it does not know or a
        repeated one, with a count column of floats, or with tags written as one string.
    pydantic.ValidationError
        Listing every invalid value (``loc`` starts with the row's position, from 0).
    IntegrityError
        For units that do not make a hierarchy under ``scheme``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({
    ...     "id": ["xc", "xbj"], "name": ["西城街道", "小北街社区"],
    ...     "level": ["street", "community"], "parent": [None, "xc"],
    ...     "households": pd.array([None, 3100], dtype="Int64")})
    >>> h = from_pandas(frame)
    >>> h["xbj"].households, h.total("xc", "households")
    (3100, 3100)
    >>> from_pandas(frame.rename(columns={"households": "housholds"}))
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: unknown column of a units frame: 'housholds' (the level \
columns it ignores are those of the scheme given, 'urban_five_level')
    """
    pd = require("pandas", "pandas")
    if not isinstance(frame, pd.DataFrame):
        raise JicengTypeError(f"from_pandas reads a pandas.DataFrame, got {type(frame)!r}")
    if not isinstance(scheme, LevelScheme):
        raise JicengTypeError(f"scheme must be a LevelScheme, got {type(scheme)!r}")
    names = [str(name) for name in frame.columns]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise InvalidArgumentError(f"repeated column of a units frame: {_listing(repeated)}")
    lacking = [name for name in ("id", "name", "level") if name not in names]
    if lacking:
        raise InvalidArgumentError(f"a units frame needs the column {_listing(lacking)}")
    derived = {"depth", *scheme.keys, *_TOTALS}
    unknown = [name for name in names if name not in _UNIT_DTYPES and name not in derived]
    if unknown:
        raise InvalidArgumentError(
            f"unknown column of a units frame: {_listing(unknown)} (the level columns it"
            f" ignores are those of the scheme given, {scheme.name!r})"
        )
    fields = [name for name in UNIT_FIELDS if name in names]
    columns = [_read_column(pd, frame[name], name) for name in fields]
    records = [dict(zip(fields, row, strict=True)) for row in zip(*columns, strict=True)]
    return Hierarchy.from_records(records, scheme)


def _check_clash(level_columns: Iterable[str], fixed: Iterable[str], what: str) -> None:
    clashes = sorted(set(level_columns) & set(fixed))
    if clashes:
        raise DumpError(
            f"a {what} frame has a column per level, and the level key "
            f"{_listing(clashes)} is also the name of another column; rename the level"
        )


def _listing(names: Iterable[str]) -> str:
    return ", ".join(repr(name) for name in names)


def _nearest_at_levels(
    np: ModuleType, levels: Sequence[str], parents: Sequence[int], keys: Sequence[str]
) -> list[Any]:
    """For each level key, each unit's nearest ancestor-or-self at that level (-1: none).

    Pointer jumping over the parent array: each round doubles how far up every unit has
    looked, so a level takes O(n · log d) and nothing recurses. Position ``n`` is a sentinel,
    the parent of every root and of itself.
    """
    n = len(levels)
    up = np.array([*parents, n], dtype=np.int64)
    up[up < 0] = n
    codes = {key: code for code, key in enumerate(keys)}
    level_codes = np.array([*map(codes.__getitem__, levels), -1], dtype=np.int64)
    positions = np.arange(n + 1, dtype=np.int64)
    out = []
    for code in range(len(keys)):
        found = np.where(level_codes == code, positions, -1)
        jump = up.copy()
        todo = np.flatnonzero((found < 0) & (jump != n))
        while todo.size:
            ahead = jump[todo]
            found[todo] = found[ahead]
            jump[todo] = jump[ahead]
            todo = todo[(found[todo] < 0) & (jump[todo] != n)]
        out.append(found[:n])
    return out


def _unit_columns(h: Hierarchy, np: ModuleType) -> list[_Column]:
    keys = h.scheme.keys
    _check_clash(keys, _FIXED_UNIT_COLUMNS, "units")
    units = list(h)
    n = len(units)
    ids = [unit.id for unit in units]
    position: dict[str | None, int] = dict(zip(ids, range(n), strict=True))
    position[None] = -1
    parent_ids = [unit.parent for unit in units]
    parents = list(map(position.__getitem__, parent_ids))
    depth = [0] * n
    for p, q in enumerate(parents):  # hierarchy order: a parent comes before its children
        if q >= 0:
            depth[p] = depth[q] + 1
    levels = [unit.level for unit in units]
    id_of = np.array([*ids, None], dtype=object)  # position -1 reads the trailing None
    nearest = _nearest_at_levels(np, levels, parents, keys)

    def field(name: str) -> list[Any]:
        return list(map(attrgetter(name), units))

    columns: list[_Column] = [
        ("id", _STRING, ids),
        ("name", _STRING, field("name")),
        ("level", _STRING, levels),
        ("parent", _STRING, parent_ids),
        ("depth", "int64", depth),
    ]
    columns += [
        (key, _STRING, id_of[found].tolist()) for key, found in zip(keys, nearest, strict=True)
    ]
    for name in UNIT_FIELDS:
        if name in ("id", "name", "level", "parent"):
            continue
        values = field(name)
        if name in ("org_kind", "org_status"):
            values = [None if kind is None else kind.value for kind in values]
        elif name == "attributes":
            values = [dict(attributes) for attributes in values]
        columns.append((name, _UNIT_DTYPES[name], values))
    columns += [(f"{name}_total", _COUNT, list(h.totals(name).values())) for name in COUNT_FIELDS]
    return columns


def _project_columns(portfolio: Portfolio) -> list[_Column]:
    projects = list(portfolio)

    columns: list[_Column] = [
        ("id", _STRING, [p.id for p in projects]),
        ("name", _STRING, [p.name for p in projects]),
        ("compound", _STRING, [p.compound for p in projects]),
        ("batch", "int64", [p.batch for p in projects]),
        ("status", _STRING, [p.status.value for p in projects]),
        ("status_on", _OBJECT, [p.history[-1].on for p in projects]),
        ("households", _COUNT, [p.households for p in projects]),
        ("buildings", _COUNT, [p.buildings for p in projects]),
    ]
    columns += [
        (name, _OBJECT, [getattr(p, name) for p in projects])
        for name in (
            "floor_area",
            "cost",
            "funded",
            "funding_gap",
            "cost_per_household",
            "cost_per_m2",
        )
    ]
    columns += [
        (f"cost_{key}", _OBJECT, [_category_cost(p, key) for p in projects])
        for key in portfolio.policy.category_keys
    ]
    columns += [
        (f"funding_{s.value}", _OBJECT, [_source_amount(p, s) for p in projects])
        for s in FundingSource
    ]
    columns += [
        (name, _OBJECT, [getattr(p, name) for p in projects])
        for name in ("planned_start", "planned_completion", "actual_start", "actual_completion")
    ]
    columns.append(("tags", _OBJECT, [p.tags for p in projects]))
    h = portfolio.hierarchy
    if h is None:
        return columns
    keys = h.scheme.keys
    above = keys[: keys.index(portfolio.level)] if portfolio.level in keys else ()
    _check_clash(above, ["compound_name", *(name for name, _, _ in columns)], "projects")
    nearest: list[dict[str, str]] = []
    for p in projects:
        found: dict[str, str] = {}
        for unit in h.ancestors(p.compound):  # nearest first
            found.setdefault(unit.level, unit.id)
        nearest.append(found)
    where: list[_Column] = [("compound_name", _STRING, [h[p.compound].name for p in projects])]
    where += [(key, _STRING, [found.get(key) for found in nearest]) for key in above]
    return [*columns[:3], *where, *columns[3:]]


def _category_cost(project: RenovationProject, key: str) -> Decimal:
    return sum((m.cost for m in project.measures if m.category == key), Decimal(0))


def _source_amount(project: RenovationProject, source: FundingSource) -> Decimal:
    return sum((f.amount for f in project.funding if f.source is source), Decimal(0))


def _worker_columns(payroll: Payroll, on: datetime.date) -> list[_Column]:
    workers = payroll.serving(on=on)
    pays = [payroll.pay(worker, on=on) for worker in workers]
    steps = [payroll.next_step(worker, after=on) for worker in workers]
    h = payroll.hierarchy
    columns: list[_Column] = [
        ("id", _STRING, [w.id for w in workers]),
        ("name", _STRING, [w.name for w in workers]),
        ("unit", _STRING, [w.unit for w in workers]),
    ]
    if h is not None:
        columns.append(("unit_name", _STRING, [h[w.unit].name for w in workers]))
    columns += [
        ("post", _STRING, [pay.post for pay in pays]),
        ("grade", "int64", [pay.grade for pay in pays]),
        ("probation", "bool", [pay.probation for pay in pays]),
        ("scheme", _STRING, [pay.scheme for pay in pays]),
    ]
    columns += [
        (name, _OBJECT, [getattr(pay, name) for pay in pays])
        for name in ("base", "performance", "allowances", "monthly", "annual")
    ]
    columns += [
        ("next_step_on", _OBJECT, [None if step is None else step.on for step in steps]),
        ("next_step_grade", _COUNT, [None if step is None else step.grade for step in steps]),
        ("service_start", _OBJECT, [w.service_start for w in workers]),
        ("hired", _OBJECT, [w.hired for w in workers]),
    ]
    return columns


def _item_columns(catalogue: ServiceCatalogue) -> list[_Column]:
    items = list(catalogue)
    departments = {d.id: d.name for d in catalogue.departments}
    offered: dict[str, list[str]] = {item.id: [] for item in items}
    for centre in catalogue.centres:
        for item_id in centre.items:
            offered[item_id].append(centre.id)

    def keys(values: Iterable[Any]) -> tuple[str, ...]:
        return tuple(value.value for value in values)

    return [
        ("id", _STRING, [i.id for i in items]),
        ("name", _STRING, [i.name for i in items]),
        ("type", _STRING, [i.type.value for i in items]),
        ("department", _STRING, [i.department for i in items]),
        ("department_name", _STRING, [departments.get(i.department) for i in items]),
        ("parent", _STRING, [i.parent for i in items]),
        ("case", _STRING, [None if i.case is None else i.case.value for i in items]),
        ("visits", "int64", [i.visits for i in items]),
        ("at_most_one_visit", "bool", [i.at_most_one_visit for i in items]),
        ("channels", _OBJECT, [keys(i.channels) for i in items]),
        ("modes", _OBJECT, [keys(i.modes) for i in items]),
        ("applicants", _OBJECT, [keys(i.applicants) for i in items]),
        ("scope", _STRING, [i.scope.value for i in items]),
        ("statutory_days", _COUNT, [i.statutory_days for i in items]),
        ("promised_days", _COUNT, [i.promised_days for i in items]),
        ("instant", "bool", [i.instant for i in items]),
        ("fee_charged", "bool", [i.fee.charged for i in items]),
        ("fee_amount", _OBJECT, [i.fee.amount for i in items]),
        ("fee_standard", _STRING, [i.fee.standard for i in items]),
        ("fee_waivable", "bool", [i.fee.waivable for i in items]),
        ("materials", "int64", [len(i.materials) for i in items]),
        ("centres", _OBJECT, [tuple(offered[i.id]) for i in items]),
    ]


# -- reading frames -------------------------------------------------------------------------


def _missing(pd: ModuleType, value: Any) -> bool:
    """Whether a cell is missing: ``None``, ``pd.NA``, ``pd.NaT`` or a float NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _read_column(pd: ModuleType, series: Any, name: str) -> list[Any]:
    """Return a column's values as the unit's field takes them, missing cells as ``None``."""
    values = series.tolist()  # Python scalars: int, str, date, tuple, pd.NA
    if name == "tags":
        tags: list[Any] = []
        for value in values:
            if isinstance(value, str):
                raise InvalidArgumentError(
                    "tags are a tuple or list of strings a row, not one string: split them "
                    "first (frame['tags'].str.split(';'))"
                )
            if not isinstance(value, tuple | list) and _missing(pd, value):
                tags.append(())
            else:
                tags.append(tuple(value))
        return tags
    if name == "attributes":
        return [
            {} if not isinstance(value, Mapping) and _missing(pd, value) else value
            for value in values
        ]
    if _UNIT_DTYPES[name] == _COUNT and series.dtype.kind == "f":
        raise InvalidArgumentError(
            f"column {name!r} holds floats ({series.dtype}); counts are integers: convert it "
            f"first (frame.astype({{{name!r}: 'Int64'}}))"
        )
    return [None if _missing(pd, value) else value for value in values]
