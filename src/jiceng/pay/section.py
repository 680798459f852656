"""The pay part of a dataset file: ``pay_schemes``, ``workers`` and ``worker_levels``.

:data:`SECTION` declares the fields, builds the :class:`~jiceng.pay.Payroll` from them on the
file's hierarchy, and writes it back: ``worker_levels`` only where they differ from
:data:`~jiceng.pay.DEFAULT_UNIT_LEVELS`, then the schemes (a built-in one by its name), then the
workers, one a line. A file with workers but no scheme is refused (``no_pay_scheme``); a file with
neither has no payroll.

Examples
--------
>>> import jiceng
>>> payroll = jiceng.examples.tongchuan().pay
>>> [(part.key, part.records) for part in SECTION.dump(payroll)]
[('pay_schemes', True), ('workers', True)]
>>> next(iter(SECTION.dump(payroll))).value
['tongchuan_2020']
>>> [field.name for field in SECTION.fields]
['pay_schemes', 'workers', 'worker_levels']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jiceng._section import FileField, FileSection, Written
from jiceng.errors import IntegrityError, Problem
from jiceng.hierarchy import Hierarchy
from jiceng.pay.payroll import DEFAULT_UNIT_LEVELS, Payroll
from jiceng.pay.records import Worker
from jiceng.pay.templates import BUILTIN_PAY_SCHEMES, PaySchemeOrName
from jiceng.types import Key

__all__ = ["SECTION"]


def _build(values: Mapping[str, Any], hierarchy: Hierarchy) -> Payroll | None:
    """Make the payroll from the file's pay fields, or ``None`` where it has no schemes."""
    schemes = values.get("pay_schemes")
    workers = values.get("workers")
    if workers and not schemes:
        raise IntegrityError(
            [Problem("no_pay_scheme", (), "the file has workers but no pay_schemes")]
        )
    if not schemes:
        return None
    levels = values.get("worker_levels") or DEFAULT_UNIT_LEVELS
    return Payroll(schemes, workers or (), hierarchy, unit_levels=levels)


def _dump(payroll: Payroll) -> Iterator[Written]:
    """Write the payroll's sections: worker levels (if not the default), schemes, workers."""
    if payroll.unit_levels != DEFAULT_UNIT_LEVELS:
        yield Written("worker_levels", list(payroll.unit_levels))
    yield Written(
        "pay_schemes",
        [
            scheme.name
            if BUILTIN_PAY_SCHEMES.get(scheme.name) == scheme
            else scheme.model_dump(mode="json", exclude_defaults=True)
            for scheme in payroll.schemes
        ],
        records=True,
    )
    yield Written.record_list("workers", payroll)


SECTION: FileSection[Payroll] = FileSection(
    domain="pay",
    engine=Payroll,
    fields=(
        FileField(
            "pay_schemes",
            list[PaySchemeOrName] | None,
            "PaySchemes, or the names of built-in ones",
        ),
        FileField("workers", list[Worker] | None, ""),
        FileField("worker_levels", list[Key] | None, ""),
    ),
    build=_build,
    dump=_dump,
    aliases=("payroll",),
    doc=(
        "Community workers' pay (see :mod:`jiceng.pay`): dated pay schemes (or the names "
        'of built-in templates such as ``"sangang_shibaji"``), the workers, and the '
        "levels of the units that employ them where not ``street`` and ``community``; "
        "they make the dataset's ``pay`` payroll."
    ),
)
"""The pay domain's file section: fields, build and dump (``Dataset.pay``, once ``payroll``).

The two fields without a description in the JSON Schema have an empty ``description``."""
