"""A whole data file's engines, and the record that describes the file's shape.

A :class:`Dataset` holds the :class:`~jiceng.Hierarchy` of a district and the engines of the
domains that refer to its units, each under the domain's name: ``dataset.renovation`` (a
:class:`~jiceng.renovation.Portfolio`), ``dataset.pay`` (a :class:`~jiceng.pay.Payroll`) and
``dataset.services`` (a :class:`~jiceng.services.ServiceCatalogue`), ``None`` where the file has
no such sections. :class:`DatasetFile` is the pydantic record of the JSON document that
:func:`jiceng.load` reads and :func:`jiceng.dump` writes; its JSON Schema is what
``jiceng schema`` prints. Both are assembled from the domains' declarations (each domain's
``section`` module), so this module names no domain but the hierarchy's own history, which
:meth:`Dataset.as_of` takes back to a date.

Examples
--------
>>> from jiceng import Dataset, Hierarchy, OrgUnit
>>> dataset = Dataset(hierarchy=Hierarchy([OrgUnit(id="fb", name="凤北街道", level="street")]),
...                   name="凤北")
>>> dataset.scheme.name, len(dataset.hierarchy)
('urban_five_level', 1)
"""

from __future__ import annotations

import datetime
import html
import textwrap
from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Any, Literal, TypeVar

import attrs
from pydantic import BeforeValidator, Field, create_model

from jiceng._domains import SECTIONS
from jiceng._records import Record
from jiceng._section import FileSection
from jiceng.errors import ForeignHierarchyError, JicengTypeError
from jiceng.hierarchy import Hierarchy
from jiceng.history.changelog import ChangeLog
from jiceng.levels import BUILTIN_SCHEMES, URBAN_FIVE_LEVEL, LevelScheme, resolve_scheme
from jiceng.types import BuiltinNames
from jiceng.units import OrgUnit

__all__ = ["FORMAT", "Dataset", "DatasetFile", "DatasetFileBase", "SchemeOrName"]

FORMAT = "jiceng/1"
"""The format tag that every dataset file carries."""

SchemeOrName = Annotated[
    LevelScheme, BeforeValidator(resolve_scheme), BuiltinNames(BUILTIN_SCHEMES)
]
"""A level scheme, or the name of a built-in one (``"urban_five_level"``, ``"rural"``, ...)."""

E = TypeVar("E")

_BY_NAME: dict[str, FileSection[Any]] = {
    name: section for section in SECTIONS for name in (section.domain, *section.aliases)
}


class DatasetFileBase(Record):
    """The fields of a dataset document that every file has; see :class:`DatasetFile`.

    Examples
    --------
    >>> document = DatasetFileBase(format="jiceng/1", units=[])
    >>> document.scheme.name
    'urban_five_level'
    """

    format: Literal["jiceng/1"]
    name: str | None = None
    description: str | None = None
    scheme: SchemeOrName = Field(
        default=URBAN_FIVE_LEVEL,
        description="a LevelScheme, or the name of a built-in one",
    )
    units: list[OrgUnit]


def _document_model() -> type[DatasetFileBase]:
    fields: dict[str, Any] = {}
    for section in SECTIONS:
        for field in section.fields:
            fields[field.name] = (
                field.annotation,
                Field(default=None, description=field.description or None),
            )
    return create_model(
        "DatasetFile",
        __base__=DatasetFileBase,
        __module__=__name__,
        __doc__=_DATASET_FILE_DOC.replace("{domains}", _domain_parameters()),
        **fields,
    )


def _domain_parameters() -> str:
    """Return the Parameters entries of the domains' fields, from their declarations."""
    entries = []
    for section in SECTIONS:
        names = ", ".join(field.name for field in section.fields)
        lines = textwrap.wrap(section.doc, 88, initial_indent=" " * 8, subsequent_indent=" " * 8)
        entries.append(f"    {names}\n" + "\n".join(lines))
    return "\n".join(entries)


_DATASET_FILE_DOC = """The JSON document of a dataset (``"format": "jiceng/1"``).

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
{domains}

    The fields after ``units`` are the domains' own, declared by each domain package's
    ``section`` module; all of them are optional.

    Examples
    --------
    >>> document = DatasetFile.model_validate_json(
    ...     '{"format": "jiceng/1", "scheme": "rural", '
    ...     '"units": [{"id": "t", "name": "某镇", "level": "township"}]}')
    >>> document.scheme.name, document.units[0].name
    ('rural', '某镇')
    >>> DatasetFile.model_json_schema()["properties"]["scheme"]["anyOf"][1]["enum"]
    ['administrative', 'rural', 'urban_five_level', 'urban_four_level']
    """

DatasetFile = _document_model()
"""The pydantic model of a whole dataset document (a subclass of :class:`DatasetFileBase`)."""


@attrs.frozen(init=False, repr=False)
class Dataset:
    """The engines of one data file: its hierarchy and the domains that refer to its units.

    Parameters
    ----------
    hierarchy
        The organisational hierarchy.
    name, description
        What the dataset is, and where its figures come from.
    engines
        The domains' engines by domain name (``{"renovation": portfolio}``); or give them as
        keywords, ``renovation=portfolio``, which override ``engines``; ``None`` leaves a domain
        out (``attrs.evolve(dataset, pay=None)``). The earlier names ``projects`` (renovation)
        and ``payroll`` (pay) are accepted too.

    Attributes
    ----------
    engines : Mapping[str, object]
        The engines present, by domain name, in the order their sections stand in a file
        (a read-only mapping).
    renovation, pay, services, history
        Each domain's engine, or ``None`` where the dataset has none (also under the earlier
        names ``projects`` and ``payroll``). These attributes come from the domains'
        declarations, so a type checker sees them as ``Any``; typed code uses :meth:`engine`,
        which returns ``Portfolio | None`` for ``engine(Portfolio)``.

    Raises
    ------
    ForeignHierarchyError
        If an engine is built on another hierarchy than ``hierarchy``.
    JicengTypeError
        If a keyword names no domain or a domain twice, or an engine is not of its domain's
        class.

    Examples
    --------
    >>> import jiceng
    >>> district = jiceng.examples.tongchuan()
    >>> district.name
    '通川区 (达州市) example district'
    >>> list(district.engines)
    ['renovation', 'pay', 'services', 'history']
    >>> district.renovation is district.engines["renovation"] is district.projects
    True
    >>> jiceng.Dataset(hierarchy=jiceng.examples.mafangba()).pay is None
    True
    """

    hierarchy: Hierarchy
    name: str | None
    description: str | None
    engines: Mapping[str, object]

    def __init__(
        self,
        hierarchy: Hierarchy,
        name: str | None = None,
        description: str | None = None,
        *,
        engines: Mapping[str, object] | None = None,
        **by_name: object,
    ) -> None:
        if not isinstance(hierarchy, Hierarchy):
            raise JicengTypeError(f"hierarchy must be a Hierarchy, got {type(hierarchy)!r}")
        given: dict[str, object] = {}
        named: dict[str, str] = {}  # domain -> the keyword that gave it
        for key in by_name:
            section = _BY_NAME.get(key)
            if section is None:
                known = ", ".join(_BY_NAME)
                raise JicengTypeError(f"a dataset has no domain {key!r}; the domains are {known}")
            if section.domain in named:
                raise JicengTypeError(
                    f"the {section.domain} engine is given twice "
                    f"({named[section.domain]}= and {key}=)"
                )
            named[section.domain] = key
        # Keywords override ``engines`` (as ``attrs.evolve`` passes them); ``None`` removes.
        for key, engine in [*(engines or {}).items(), *by_name.items()]:
            section = _BY_NAME.get(key)
            if section is None:
                known = ", ".join(_BY_NAME)
                raise JicengTypeError(f"a dataset has no domain {key!r}; the domains are {known}")
            if engine is None:
                given.pop(section.domain, None)
                continue
            if not isinstance(engine, section.engine):
                raise JicengTypeError(
                    f"the {section.domain} engine must be a {section.engine.__name__}, "
                    f"got {type(engine)!r}"
                )
            if getattr(engine, "hierarchy", None) is not hierarchy:
                raise ForeignHierarchyError(
                    f"the {section.domain} engine must be built on the dataset's hierarchy"
                )
            given[section.domain] = engine
        ordered = {s.domain: given[s.domain] for s in SECTIONS if s.domain in given}
        self.__attrs_init__(hierarchy, name, description, MappingProxyType(ordered))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor's arguments (the engines' read-only view cannot be)."""
        return (_rebuild, (self.hierarchy, self.name, self.description, dict(self.engines)))

    def __getattr__(self, name: str) -> Any:
        """Return a domain's engine (``None`` where there is none) by its name or earlier name."""
        section = _BY_NAME.get(name) if not name.startswith("_") else None
        if section is None or name == "engines":
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        return object.__getattribute__(self, "engines").get(section.domain)

    def engine(self, kind: type[E]) -> E | None:
        """Return the engine of class ``kind``, or ``None``; typed, for code checked by mypy.

        Examples
        --------
        >>> import jiceng
        >>> district = jiceng.examples.tongchuan()
        >>> len(district.engine(jiceng.Portfolio))
        20
        """
        for engine in self.engines.values():
            if isinstance(engine, kind):
                return engine
        return None

    def as_of(self, date: datetime.date) -> Dataset:
        """Return the dataset as it stood on ``date``: its hierarchy then, and its history.

        With a ``history`` (the file's ``changes``), the events after ``date`` are undone from
        the units, then the units that do not stand on ``date`` are left out
        (:meth:`jiceng.history.ChangeLog.on`); the result keeps the events up to ``date``.
        Without one, the hierarchy is :meth:`Hierarchy.as_of` the date. The other domains'
        records are not dated (a project, a worker, a service centre is as it is now), so
        they are left out: the result holds the hierarchy and its history only.

        Raises
        ------
        IntegrityError
            As for :meth:`Hierarchy.as_of`.

        Examples
        --------
        >>> import datetime, jiceng
        >>> district = jiceng.examples.tongchuan()
        >>> then = district.as_of(datetime.date(2020, 6, 30))
        >>> len(then.hierarchy.children("xicheng")), list(then.engines)
        (8, [])
        >>> list(district.as_of(datetime.date(2023, 6, 30)).engines)
        ['history']
        """
        log = self.engine(ChangeLog)
        if log is None:
            return Dataset(self.hierarchy.as_of(date), self.name, self.description)
        then = log.on(date)
        kept = [event for event in log if event.date <= date]
        history = ChangeLog(kept, then) if kept else None
        return Dataset(then, self.name, self.description, history=history)

    @property
    def scheme(self) -> LevelScheme:
        """The level scheme of the hierarchy.

        Examples
        --------
        >>> import jiceng
        >>> jiceng.examples.tongchuan().scheme.title
        '街道党工委—社区党委—网格党总支—小区党支部—楼栋党小组'
        """
        return self.hierarchy.scheme

    def __repr__(self) -> str:
        """Show the name, the size and the domains present."""
        domains = ", ".join(self.engines) or "no other domains"
        name = "" if self.name is None else f" {self.name!r}"
        return f"<Dataset{name}: {len(self.hierarchy):,} units; {domains}>"

    def _repr_html_(self) -> str:
        """Return small HTML tables for Jupyter: the hierarchy's levels, each engine's records.

        Examples
        --------
        >>> import jiceng
        >>> page = jiceng.examples.tongchuan()._repr_html_()
        >>> page.count("<table>"), "通川区 (达州市) example district" in page
        (5, True)
        """
        title = "Dataset" if self.name is None else f"Dataset {self.name}"
        parts = [f"<div><strong>{html.escape(title)}</strong>", self.hierarchy._repr_html_()]
        for domain, engine in self.engines.items():
            shown = getattr(engine, "_repr_html_", None)
            if callable(shown):
                parts.append(f"<p>{html.escape(domain)}</p>{shown()}")
        return "".join(parts) + "</div>"


def _rebuild(
    hierarchy: Hierarchy, name: str | None, description: str | None, engines: dict[str, object]
) -> Dataset:
    return Dataset(hierarchy, name, description, engines=engines)
