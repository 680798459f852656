"""A whole data file's engines, and the record that describes the file's shape.

A :class:`Dataset` holds the :class:`~jiceng.Hierarchy` of a district and the engines that
refer to its units (the renovation :class:`~jiceng.renovation.Portfolio`, the
:class:`~jiceng.pay.Payroll`, the :class:`~jiceng.services.ServiceCatalogue`). :class:`DatasetFile`
is the pydantic record of the JSON document that :func:`jiceng.load` reads and
:func:`jiceng.dump` writes; its JSON Schema is what ``jiceng schema`` prints.

Examples
--------
>>> from jiceng import Dataset, Hierarchy, OrgUnit
>>> dataset = Dataset(hierarchy=Hierarchy([OrgUnit(id="fb", name="凤北街道", level="street")]),
...                   name="凤北")
>>> dataset.scheme.name, len(dataset.hierarchy)
('urban_five_level', 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import attrs
from pydantic import Field, field_validator

from jiceng._records import Record
from jiceng.hierarchy import Hierarchy
from jiceng.levels import BUILTIN_SCHEMES, URBAN_FIVE_LEVEL, LevelScheme, resolve_scheme
from jiceng.pay import SANGANG_SHIBAJI, SIGANG_ERSHISIJI, XIAN_2020, Payroll, PayScheme, Worker
from jiceng.renovation import EligibilityPolicy, Portfolio, RenovationProject
from jiceng.services import (
    Department,
    ServiceCatalogue,
    ServiceCentre,
    ServiceItem,
    WalkingTime,
)
from jiceng.types import Key
from jiceng.units import OrgUnit

__all__ = ["BUILTIN_PAY_SCHEMES", "FORMAT", "Dataset", "DatasetFile", "resolve_pay_schemes"]

FORMAT = "jiceng/1"
"""The format tag that every dataset file carries."""

BUILTIN_PAY_SCHEMES: dict[str, PayScheme] = {
    scheme.name: scheme for scheme in (SANGANG_SHIBAJI, SIGANG_ERSHISIJI, XIAN_2020)
}
"""The built-in pay scheme templates by name; a data file may name one instead of writing it."""


def resolve_pay_schemes(value: Any) -> Any:
    """Turn names of built-in pay schemes into the schemes; leave anything else to validation."""
    if not isinstance(value, list):
        return value
    out = []
    for item in value:
        if isinstance(item, str) and item not in BUILTIN_PAY_SCHEMES:
            known = ", ".join(BUILTIN_PAY_SCHEMES)
            raise ValueError(
                f"unknown built-in pay scheme {item!r}; name one of {known} or give a scheme"
            )
        out.append(BUILTIN_PAY_SCHEMES[item] if isinstance(item, str) else item)
    return out


def _widen(node: Any, reference: str, names: Iterable[str]) -> None:
    """Let every ``$ref`` to ``reference`` below ``node`` accept the name of a built-in too."""
    alternative = [{"$ref": reference}, {"type": "string", "enum": sorted(names)}]
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("$ref") == reference:
                del item["$ref"]
                item["anyOf"] = alternative
                continue
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class DatasetFile(Record):
    """The JSON document of a dataset (``"format": "jiceng/1"``).

    Parameters
    ----------
    format
        Always ``"jiceng/1"``.
    name, description
        What the dataset is, and where its figures come from.
    scheme
        The level scheme: the name of a built-in one (``"urban_five_level"``,
        ``"urban_four_level"``, ``"rural"``) or a full :class:`~jiceng.LevelScheme` object.
        The default is the five-level urban network.
    units
        The units; parents may come before or after their children.
    renovation_policy, projects
        Old-compound renovation: the eligibility policy and the projects (see
        :mod:`jiceng.renovation`). Either makes the dataset's ``projects`` portfolio.
    renovation_level, worker_levels, centre_levels
        The level keys of renovated compounds, of units that employ workers, and of units that
        host centres, where they differ from the defaults (``compound``; ``street`` and
        ``community``; ``community`` and ``street``).
    pay_schemes, workers
        Community workers' pay (see :mod:`jiceng.pay`): dated pay schemes (or the names of
        built-in templates such as ``"sangang_shibaji"``) and the workers; they make the
        dataset's ``payroll``.
    departments, services, centres, walking_times
        Service items and centres (see :mod:`jiceng.services`); they make the dataset's
        ``services`` catalogue.

    Examples
    --------
    >>> document = DatasetFile.model_validate_json(
    ...     '{"format": "jiceng/1", "scheme": "rural", '
    ...     '"units": [{"id": "t", "name": "某镇", "level": "township"}]}')
    >>> document.scheme.name, document.units[0].name
    ('rural', '某镇')
    """

    format: Literal["jiceng/1"]
    name: str | None = None
    description: str | None = None
    scheme: LevelScheme = Field(
        default=URBAN_FIVE_LEVEL,
        description="a LevelScheme, or the name of a built-in one",
    )
    units: list[OrgUnit]
    renovation_level: Key | None = None
    renovation_policy: EligibilityPolicy | None = None
    projects: list[RenovationProject] | None = None
    pay_schemes: list[PayScheme] | None = Field(
        default=None,
        description="PaySchemes, or the names of built-in ones",
    )
    workers: list[Worker] | None = None
    worker_levels: list[Key] | None = None
    departments: list[Department] | None = None
    services: list[ServiceItem] | None = None
    centres: list[ServiceCentre] | None = None
    walking_times: list[WalkingTime] | None = None
    centre_levels: list[Key] | None = None

    _resolve_pay_schemes = field_validator("pay_schemes", mode="before")(resolve_pay_schemes)

    _resolve_scheme = field_validator("scheme", mode="before")(resolve_scheme)

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Return the JSON Schema, where a built-in scheme may be given by its name.

        Examples
        --------
        >>> schema = DatasetFile.model_json_schema()
        >>> schema["properties"]["scheme"]["anyOf"][1]["enum"]
        ['rural', 'urban_five_level', 'urban_four_level']
        """
        schema = super().model_json_schema(*args, **kwargs)
        properties = schema["properties"]
        _widen(properties["scheme"], "#/$defs/LevelScheme", BUILTIN_SCHEMES)
        _widen(properties["pay_schemes"], "#/$defs/PayScheme", BUILTIN_PAY_SCHEMES)
        return schema


@attrs.frozen
class Dataset:
    """The engines of one data file: its hierarchy and what refers to its units.

    Parameters
    ----------
    hierarchy
        The organisational hierarchy.
    name, description
        What the dataset is, and where its figures come from.
    projects
        The renovation :class:`~jiceng.renovation.Portfolio`, built on ``hierarchy``, or ``None``
        where the data has no projects section.
    payroll
        The :class:`~jiceng.pay.Payroll`, built on ``hierarchy``, or ``None`` where the data has
        no pay sections.
    services
        The :class:`~jiceng.services.ServiceCatalogue`, built on ``hierarchy``, or ``None``
        where the data has no service sections.

    Raises
    ------
    ValueError
        If an engine refers to another hierarchy than ``hierarchy``.

    Examples
    --------
    >>> import jiceng
    >>> district = jiceng.examples.tongchuan()
    >>> district.name
    '通川区 (达州市) example district'
    >>> district.scheme is district.hierarchy.scheme
    True
    """

    hierarchy: Hierarchy
    name: str | None = None
    description: str | None = None
    projects: Portfolio | None = None
    payroll: Payroll | None = None
    services: ServiceCatalogue | None = None

    def __attrs_post_init__(self) -> None:
        """Check that every engine refers to this dataset's hierarchy."""
        if self.projects is not None and self.projects.hierarchy is not self.hierarchy:
            raise ValueError("the projects' portfolio must be built on the dataset's hierarchy")
        if self.payroll is not None and self.payroll.hierarchy is not self.hierarchy:
            raise ValueError("the payroll must be built on the dataset's hierarchy")
        if self.services is not None and self.services.hierarchy is not self.hierarchy:
            raise ValueError("the service catalogue must be built on the dataset's hierarchy")

    @property
    def scheme(self) -> LevelScheme:
        """The level scheme of the hierarchy."""
        return self.hierarchy.scheme
