"""Errors raised by jiceng.

Every error derives from :class:`JicengError` and from the builtin exception it means, so
``except ValueError`` and ``except KeyError`` keep working in code that does not know jiceng.

A whole-dataset check never stops at the first problem: :class:`IntegrityError` carries every
:class:`Problem` found, each with a stable ``code``, the ``ids`` involved and a short message.

Examples
--------
>>> from jiceng import Hierarchy, IntegrityError, OrgUnit
>>> units = [
...     OrgUnit(id="s1", name="西城街道", level="street"),
...     OrgUnit(id="c1", name="小北街社区", level="community", parent="nowhere"),
...     OrgUnit(id="c1", name="大北街社区", level="community", parent="s1"),
... ]
>>> try:
...     Hierarchy(units)
... except IntegrityError as error:
...     for problem in error.problems:
...         print(problem.code, problem.ids)
duplicate_id ('c1',)
unknown_parent ('c1', 'nowhere')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "DataFileError",
    "FileProblem",
    "IntegrityError",
    "JicengError",
    "NoPathError",
    "Problem",
    "TransitionError",
    "UnknownLevelError",
    "UnknownUnitError",
]


class JicengError(Exception):
    """Base class of every error that jiceng raises on purpose.

    Every jiceng error can be pickled, so it crosses process boundaries (a
    ``ProcessPoolExecutor`` worker that loads a district) intact.

    Examples
    --------
    >>> import pickle
    >>> error = IntegrityError([Problem("cycle", ("a",), "a is its own parent")], source="x.csv")
    >>> again = pickle.loads(pickle.dumps(error))
    >>> again.problems == error.problems, str(again) == str(error)
    (True, True)
    """

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Return the positional and keyword arguments that rebuild this error."""
        return self.args, {}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the constructor's arguments, which the custom constructors need."""
        args, kwargs = self._arguments()
        return (_rebuild, (type(self), args, kwargs))


def _rebuild(cls: type[JicengError], args: tuple[Any, ...], kwargs: dict[str, Any]) -> JicengError:
    return cls(*args, **kwargs)


@attrs.frozen
class Problem:
    """One problem found by a whole-dataset check.

    Parameters
    ----------
    code
        A stable snake_case code that programs can match on, e.g. ``"unknown_parent"``.
    ids
        The ids of the records involved, the offending one first.
    message
        A short readable sentence; it never dumps a whole record.

    Examples
    --------
    >>> Problem("cycle", ("a", "b"), "units a, b form a cycle")
    Problem(code='cycle', ids=('a', 'b'), message='units a, b form a cycle')
    """

    code: str
    ids: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        """Return ``code: message``."""
        return f"{self.code}: {self.message}"


class IntegrityError(JicengError, ValueError):
    """Records that are each valid but do not fit together.

    Parameters
    ----------
    problems
        Every problem found; never empty.
    source
        The file the records came from, where they came from one.

    Attributes
    ----------
    problems : tuple[Problem, ...]
        The problems, in the order the check found them (grouped by code).
    ids : tuple[str, ...]
        Every id involved in any problem, without repeats, in order of first mention.
    source : str or None
        The file the records came from, if any.

    Examples
    --------
    >>> error = IntegrityError([Problem("duplicate_id", ("x",), "id x is used 2 times")])
    >>> print(error)
    1 problem: duplicate_id: id x is used 2 times
    >>> error.codes
    ('duplicate_id',)
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        if not self.problems:
            raise ValueError("an IntegrityError needs at least one problem")
        seen: dict[str, None] = {}
        for problem in self.problems:
            seen.update(dict.fromkeys(problem.ids))
        self.ids: tuple[str, ...] = tuple(seen)
        super().__init__(self._summary())

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.problems,), {"source": self.source}

    @property
    def codes(self) -> tuple[str, ...]:
        """The distinct problem codes, in order of first appearance."""
        return tuple(dict.fromkeys(p.code for p in self.problems))

    def _summary(self) -> str:
        count = len(self.problems)
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f"; and {count - 5} more" if count > 5 else ""
        noun = "problem" if count == 1 else "problems"
        where = f"{self.source}: " if self.source else ""
        return f"{where}{count} {noun}: {shown}{more}"


class UnknownUnitError(JicengError, KeyError):
    """A unit id that the hierarchy does not hold.

    A :class:`KeyError`, as ``hierarchy[id]`` users expect, whose message reads as a sentence.

    Engines raise it too for the records they hold by id, naming what they looked for.

    Attributes
    ----------
    id : str
        The missing id.
    kind : str
        What was looked for: ``"unit"``, or e.g. ``"project"``, ``"worker"``, ``"centre"``.

    Examples
    --------
    >>> print(UnknownUnitError("511702999001"))
    no unit with id '511702999001'
    >>> print(UnknownUnitError("p9", kind="project"))
    no project with id 'p9'
    """

    def __init__(self, unit_id: str, *, kind: str = "unit") -> None:
        self.id = unit_id
        self.kind = kind
        super().__init__(unit_id)

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.id,), {"kind": self.kind}

    def __str__(self) -> str:
        """Return a sentence naming the missing id."""
        return f"no {self.kind} with id {self.id!r}"


class UnknownLevelError(JicengError, KeyError):
    """A level key that the level scheme does not have.

    Attributes
    ----------
    key : str
        The unknown level key.
    known : tuple[str, ...]
        The scheme's level keys, top first.

    Examples
    --------
    >>> print(UnknownLevelError("county", ("street", "community")))
    no level 'county' in the scheme (levels: street, community)
    """

    def __init__(self, key: str, known: Iterable[str] = ()) -> None:
        self.key = key
        self.known: tuple[str, ...] = tuple(known)
        super().__init__(key)

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.key, self.known), {}

    def __str__(self) -> str:
        """Return a sentence naming the unknown key and the known ones."""
        return f"no level {self.key!r} in the scheme (levels: {', '.join(self.known)})"


class NoPathError(JicengError, ValueError):
    """Two units in different trees of a forest, which no path joins.

    Attributes
    ----------
    ids : tuple[str, str]
        The two units.

    Examples
    --------
    >>> print(NoPathError("cl", "xbj"))
    units 'cl' and 'xbj' are in different trees
    """

    def __init__(self, source: str, target: str) -> None:
        self.ids = (source, target)
        super().__init__(f"units {source!r} and {target!r} are in different trees")

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return self.ids, {}


class TransitionError(JicengError, ValueError):
    """An illegal step in a lifecycle.

    Attributes
    ----------
    id : str
        The record whose lifecycle was to change.
    allowed : tuple[str, ...]
        The steps that would have been legal.

    Examples
    --------
    >>> error = TransitionError("cannot go back", id="p1", allowed=["designing"])
    >>> error.id, error.allowed
    ('p1', ('designing',))
    """

    def __init__(self, message: str, *, id: str, allowed: Iterable[str] = ()) -> None:
        self.id = id
        self.allowed: tuple[str, ...] = tuple(allowed)
        super().__init__(message)

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return self.args, {"id": self.id, "allowed": self.allowed}


@attrs.frozen
class FileProblem:
    """Where in a data file one record failed to validate, and why.

    Examples
    --------
    >>> print(FileProblem(line=3, record=1, field="households", message="must be >= 0"))
    line 3, record 1, field 'households': must be >= 0
    """

    line: int | None
    record: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        """Return ``line 3, record 2, field 'households': message``."""
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        where = ", ".join(parts)
        return f"{where}: {self.message}" if where else self.message


class DataFileError(JicengError, ValueError):
    """A data file that cannot be read or whose records are invalid.

    The message names the file, the line (for line-based formats) or the record, and the field;
    the error is chained from the underlying parser or validation error.

    Attributes
    ----------
    path : str
        The file.
    line, record : int or None
        1-based line number and 0-based record index of the first problem, where known.
    field : str or None
        The field of the first problem, where known.
    details : tuple[FileProblem, ...]
        Every problem found in the file (at least the first).
    unreadable : bool
        True when the file as a whole cannot be read (missing, undecodable, not JSON at all, an
        unknown file type), false when it was read and some of its records are invalid.

    Examples
    --------
    >>> error = DataFileError("units.csv", [FileProblem(4, 2, "households", "must be >= 0")])
    >>> print(error)
    units.csv: line 4, record 2, field 'households': must be >= 0
    >>> error.line, error.field
    (4, 'households')
    """

    def __init__(
        self, path: str, details: Iterable[FileProblem], *, unreadable: bool = False
    ) -> None:
        self.path = str(path)
        self.unreadable = unreadable
        self.details: tuple[FileProblem, ...] = tuple(details)
        if not self.details:
            raise ValueError("a DataFileError needs at least one detail")
        first = self.details[0]
        self.line = first.line
        self.record = first.record
        self.field = first.field
        more = len(self.details) - 1
        suffix = f" (and {more} more)" if more else ""
        super().__init__(f"{self.path}: {first}{suffix}")

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.path, self.details), {"unreadable": self.unreadable}
