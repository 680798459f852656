"""The service catalogue's part of a ``jiceng/1`` data file.

A file carries ``departments``, ``services`` (the items), ``centres`` and ``walking_times``, and
``centre_levels`` where they differ from :data:`~jiceng.services.DEFAULT_CENTRE_LEVELS`. A file
with any of the first four has a catalogue, built on the file's hierarchy; ``dump`` writes the
departments always (an empty catalogue still has its section) and the other lists where they are
not empty, each one record a line, leaving out fields at their defaults.

Examples
--------
>>> import jiceng
>>> catalogue = jiceng.examples.tongchuan().services
>>> [(part.key, len(part.value)) for part in SECTION.dump(catalogue)]
[('departments', 14), ('services', 44), ('centres', 1), ('walking_times', 25)]
>>> [field.name for field in SECTION.fields]
['departments', 'services', 'centres', 'walking_times', 'centre_levels']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from jiceng._section import FileField, FileSection, Written
from jiceng.hierarchy import Hierarchy
from jiceng.services.catalogue import DEFAULT_CENTRE_LEVELS, ServiceCatalogue
from jiceng.services.centres import ServiceCentre
from jiceng.services.circles import WalkingTime
from jiceng.services.records import Department, ServiceItem
from jiceng.types import Key

__all__ = ["SECTION"]

_LISTS = ("departments", "services", "centres", "walking_times")


def _build(values: Mapping[str, Any], hierarchy: Hierarchy) -> ServiceCatalogue | None:
    """Make the catalogue from the file's values, or ``None`` where the file has no list of it."""
    if all(values[key] is None for key in _LISTS):
        return None
    return ServiceCatalogue(
        values["departments"] or (),
        values["services"] or (),
        values["centres"] or (),
        hierarchy,
        walking=values["walking_times"],
        centre_levels=values["centre_levels"] or DEFAULT_CENTRE_LEVELS,
    )


def _dump(catalogue: ServiceCatalogue) -> Iterator[Written]:
    """Write the catalogue's sections in file order, leaving out what the defaults give."""
    if catalogue.centre_levels != DEFAULT_CENTRE_LEVELS:
        yield Written("centre_levels", list(catalogue.centre_levels))
    lists: tuple[tuple[str, tuple[BaseModel, ...]], ...] = (
        ("departments", catalogue.departments),
        ("services", tuple(catalogue)),
        ("centres", catalogue.centres),
        ("walking_times", catalogue.walking_times()),
    )
    for key, records in lists:
        if records or key == "departments":  # an empty catalogue still has its section
            yield Written.record_list(key, records)


SECTION: FileSection[ServiceCatalogue] = FileSection(
    domain="services",
    engine=ServiceCatalogue,
    fields=(
        FileField("departments", list[Department] | None, ""),
        FileField("services", list[ServiceItem] | None, ""),
        FileField("centres", list[ServiceCentre] | None, ""),
        FileField("walking_times", list[WalkingTime] | None, ""),
        FileField("centre_levels", list[Key] | None, ""),
    ),
    build=_build,
    dump=_dump,
    doc=(
        "Service items and centres (see :mod:`jiceng.services`), and the levels of the "
        "units that host centres where not ``community`` and ``street``; they make the "
        "dataset's ``services`` catalogue."
    ),
)
"""The service catalogue's fields, how they build a :class:`ServiceCatalogue`, how it is written."""
