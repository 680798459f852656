"""How a domain declares its part of a dataset file, once, for the shared modules to loop over.

Each domain package (``jiceng.renovation``, ``jiceng.pay``, ``jiceng.services``) has a module
``section.py`` with one :class:`FileSection`: the fields the domain adds to the ``jiceng/1``
document, how its engine is built from those fields against the hierarchy, and how the engine is
written back. :mod:`jiceng.dataset` adds the fields to :class:`~jiceng.dataset.DatasetFile`,
:mod:`jiceng.io` builds and writes every declared engine, and :class:`~jiceng.Dataset` holds them
under the domain's name; none of them names a domain. ``jiceng._domains`` lists the declarations,
in the order their sections stand in a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from jiceng.hierarchy import Hierarchy

__all__ = ["FileField", "FileSection", "Written"]

E = TypeVar("E")


@attrs.frozen
class FileField:
    """One top-level field that a domain adds to the dataset document.

    Attributes
    ----------
    name : str
        The key in the document (``"projects"``).
    annotation : Any
        Its pydantic type; every domain field is optional, so it includes ``None``.
    description : str
        One line for the JSON Schema.
    """

    name: str
    annotation: Any
    description: str


@attrs.frozen
class Written:
    """A section as :func:`jiceng.dump` writes it.

    Attributes
    ----------
    key : str
        The document key.
    value : Any
        A JSON-ready value (what ``json.dumps`` takes).
    records : bool
        Whether ``value`` is a list written one record a line (``projects``), rather than one
        value on the key's line (``renovation_level``).
    """

    key: str
    value: Any
    records: bool = False

    @classmethod
    def record_list(cls, key: str, records: Iterable[Any]) -> Written:
        """Write pydantic records one a line, each leaving out the fields at their defaults.

        Examples
        --------
        >>> from jiceng.levels import Level
        >>> written = Written.record_list("levels", [Level(key="street", territory="街道",
        ...     organisation="街道党工委", label="subdistrict", kind="working_committee")])
        >>> written.records, sorted(written.value[0])
        (True, ['key', 'kind', 'label', 'organisation', 'territory'])
        """
        return cls(
            key,
            [record.model_dump(mode="json", exclude_defaults=True) for record in records],
            records=True,
        )


@attrs.frozen
class FileSection(Generic[E]):
    """A domain's declaration of its part of a dataset file.

    Attributes
    ----------
    domain : str
        The domain's one name: its package, its :class:`~jiceng.Dataset` attribute, its command
        and its report section (``"renovation"``).
    engine : type
        The engine class that the sections make (``Portfolio``).
    fields : tuple[FileField, ...]
        The document fields, in file order.
    build : Callable[[Mapping[str, Any], Hierarchy], E | None]
        Makes the engine from the fields' values (``None`` where the file lacks a field) on the
        file's hierarchy; returns ``None`` where the file has nothing of the domain, and raises
        :class:`~jiceng.IntegrityError` listing every problem.
    dump : Callable[[E], Iterable[Written]]
        The engine's sections, in file order, leaving out what the defaults give.
    aliases : tuple[str, ...]
        Earlier names of the dataset attribute, still accepted (``"projects"``).
    doc : str
        What the fields hold, for the documentation of :class:`~jiceng.dataset.DatasetFile`
        (one paragraph of reStructuredText).
    """

    domain: str
    engine: type[E]
    fields: tuple[FileField, ...]
    build: Callable[[Mapping[str, Any], Hierarchy], E | None]
    dump: Callable[[E], Iterable[Written]]
    aliases: tuple[str, ...] = ()
    doc: str = ""

    def values(self, document: object) -> dict[str, Any]:
        """Return this section's field values from a validated document."""
        return {field.name: getattr(document, field.name) for field in self.fields}
