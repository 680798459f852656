"""What every domain engine shares: records held by id, checked together, tied to a hierarchy.

A domain engine (the renovation :class:`~jiceng.renovation.Portfolio`, the
:class:`~jiceng.pay.Payroll`, the :class:`~jiceng.services.ServiceCatalogue`) holds one main kind
of record in input order, looks them up by id, reports every problem between them at once, and,
where it is built on a :class:`~jiceng.Hierarchy`, refuses hierarchy edits that would leave its
references dangling. :class:`RecordEngine` is that container, written once; a subclass says what
it holds (``record_type``, ``missing_error``), what else makes two engines equal
(``_settings``), and which problems it finds (``_problems``, ``_reference_problems``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from jiceng._html import table
from jiceng.errors import (
    IntegrityError,
    JicengTypeError,
    NeedsHierarchyError,
    Problem,
    UnknownRecordError,
)
from jiceng.hierarchy import Hierarchy

__all__ = ["HasId", "RecordEngine", "duplicate_problems"]


class HasId(Protocol):
    """A record with a string id."""

    @property
    def id(self) -> str:
        """The record's id."""
        ...


R = TypeVar("R", bound=HasId)


def duplicate_problems(ids: Iterable[str], noun: str) -> list[Problem]:
    """Return a ``duplicate_id`` problem for every id given more than once, in first-seen order.

    >>> [p.message for p in duplicate_problems(["a", "b", "a"], "project")]
    ["project id 'a' is used 2 times"]
    """
    return [
        Problem("duplicate_id", (key,), f"{noun} id {key!r} is used {count} times")
        for key, count in Counter(ids).items()
        if count > 1
    ]


class RecordEngine(Generic[R]):
    """Base of the domain engines: records of one kind by id, optionally on a hierarchy.

    A subclass calls :meth:`_hold` with its records and hierarchy, sets its own settings, then
    calls :meth:`_check`, which raises :class:`~jiceng.IntegrityError` with every problem or
    else registers the engine's reference check with the hierarchy (held weakly: the hierarchy
    never keeps an engine alive). Engines pickle with their hierarchy and register again when
    unpickled.
    """

    __slots__ = ("__weakref__", "_by_id", "_hierarchy", "_records")

    record_type: ClassVar[type[Any]]
    """The class of the records held."""
    missing_error: ClassVar[type[UnknownRecordError]]
    """The error that :meth:`get` raises for an id the engine does not hold."""
    noun: ClassVar[str]
    """What the engine is called in messages (``"portfolio"``, ``"payroll"``, ``"catalogue"``)."""

    _records: tuple[R, ...]
    _by_id: dict[str, R]
    _hierarchy: Hierarchy | None

    def _hold(self, records: Iterable[R], hierarchy: Hierarchy | None) -> None:
        """Keep the records (in input order) and the hierarchy; refuse records of another type."""
        listed = tuple(records)
        for record in listed:
            if not isinstance(record, self.record_type):
                raise JicengTypeError(
                    f"a {type(self).__name__} holds {self.record_type.__name__} records, "
                    f"got {type(record)!r}"
                )
        if hierarchy is not None and not isinstance(hierarchy, Hierarchy):
            raise JicengTypeError(f"hierarchy must be a Hierarchy, got {type(hierarchy)!r}")
        self._records = listed
        self._by_id = {record.id: record for record in listed}
        self._hierarchy = hierarchy

    def _check(self) -> None:
        """Raise every problem at once, or else guard the hierarchy against dangling edits."""
        problems = self._problems()
        if problems:
            raise IntegrityError(problems)
        self._guard()

    def _guard(self) -> None:
        if self._hierarchy is not None:
            self._hierarchy._add_reference_check(self._reference_problems)

    def _problems(self) -> list[Problem]:
        """Return every problem between the records, and with the hierarchy (if any)."""
        return self._reference_problems_if_any()

    def _reference_problems_if_any(self) -> list[Problem]:
        return [] if self._hierarchy is None else self._reference_problems(self._hierarchy)

    def _reference_problems(self, hierarchy: Hierarchy) -> list[Problem]:
        """Return the references that ``hierarchy`` would leave dangling or misplaced."""
        return []

    def _settings(self) -> tuple[Any, ...]:
        """Return what, besides the records, makes two engines equal."""
        return ()

    def _need_hierarchy(self, what: str) -> Hierarchy:
        """Return the hierarchy, or raise :class:`~jiceng.errors.NeedsHierarchyError`."""
        if self._hierarchy is None:
            raise NeedsHierarchyError(f"{what} needs a {self.noun} built with a hierarchy")
        return self._hierarchy

    # -- the container ---------------------------------------------------------------------

    @property
    def hierarchy(self) -> Hierarchy | None:
        """The hierarchy the records refer to, if any.

        Examples
        --------
        >>> import jiceng
        >>> district = jiceng.examples.tongchuan()
        >>> district.renovation.hierarchy is district.hierarchy
        True
        """
        return self._hierarchy

    def __len__(self) -> int:
        """Return the number of records."""
        return len(self._records)

    def __iter__(self) -> Iterator[R]:
        """Iterate over the records in input order."""
        return iter(self._records)

    def __contains__(self, ref: object) -> bool:
        """Whether a record id (or a record's id) is held."""
        key = ref.id if isinstance(ref, self.record_type) else ref
        return isinstance(key, str) and key in self._by_id

    def __eq__(self, other: object) -> bool:
        """Equal when of the same class, with equal records in the same order and settings."""
        if type(other) is not type(self):
            return NotImplemented
        return (self._records, self._settings()) == (other._records, other._settings())

    __hash__ = None  # type: ignore[assignment]  # engines compare by content

    def _counts(self) -> tuple[tuple[str, int], ...]:
        """Return what the engine holds, as (plural noun, number) pairs, for repr and HTML."""
        return (("records", len(self)),)

    def __repr__(self) -> str:
        """Show the numbers of records the engine holds."""
        counts = ", ".join(f"{number} {noun}" for noun, number in self._counts())
        return f"<{type(self).__name__} of {counts}>"

    def _repr_html_(self) -> str:
        """Return a small HTML table for Jupyter: the numbers of records the engine holds.

        Examples
        --------
        >>> import jiceng
        >>> page = jiceng.examples.tongchuan().pay._repr_html_()
        >>> "<caption>Payroll</caption>" in page, ">workers</td><td>60</td>" in page
        (True, True)
        """
        hierarchy = self._hierarchy
        rows: list[list[object]] = [[noun, number] for noun, number in self._counts()]
        if hierarchy is not None:
            rows.append(["units in its hierarchy", len(hierarchy)])
        return table(type(self).__name__, ["records", "number"], rows)

    def get(self, ref: R | str) -> R:
        """Return a record by id; the class's ``missing_error`` (a ``KeyError``) if it is absent.

        Examples
        --------
        >>> import jiceng
        >>> district = jiceng.examples.tongchuan()
        >>> district.renovation.get("2021-chunlan").name
        '春兰小区老旧小区改造'
        >>> district.pay.get("nobody")
        Traceback (most recent call last):
        ...
        jiceng.errors.UnknownWorkerError: no worker with id 'nobody'
        """
        key: object = ref.id if isinstance(ref, self.record_type) else ref
        try:
            return self._by_id[key]  # type: ignore[index]  # a non-str key is a KeyError too
        except (KeyError, TypeError):
            raise self.missing_error(str(key)) from None

    # -- pickling ----------------------------------------------------------------------------

    def __getstate__(self) -> dict[str, Any]:
        """Pickle every slot but the weak-reference one."""
        state: dict[str, Any] = {}
        for cls in type(self).__mro__:
            for name in getattr(cls, "__slots__", ()):
                if name != "__weakref__" and hasattr(self, name):
                    state[name] = getattr(self, name)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """Restore the slots and guard the (unpickled) hierarchy again."""
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._guard()
