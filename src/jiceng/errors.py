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

import datetime
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "CommandError",
    "DataFileError",
    "DivisionCodeWarning",
    "DumpError",
    "EditBatchError",
    "FileProblem",
    "ForeignHierarchyError",
    "IntegrityError",
    "InvalidArgumentError",
    "JicengError",
    "JicengTypeError",
    "JicengWarning",
    "MissingExtraError",
    "MissingFontWarning",
    "NeedsHierarchyError",
    "NoPathError",
    "NoSchemeInForceError",
    "NotServingError",
    "PostNotInSchemeError",
    "Problem",
    "RoutingError",
    "TransitionError",
    "UnknownCentreError",
    "UnknownLevelError",
    "UnknownPostError",
    "UnknownProjectError",
    "UnknownRecordError",
    "UnknownSchemeError",
    "UnknownServiceItemError",
    "UnknownUnitError",
    "UnknownWorkerError",
    "UnsafeWriteError",
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
    lines
        Where the records came from a file (CSV, JSON Lines, JSON): the file lines of the records
        involved, in the order of ``ids`` (every line of a repeated id). Not part of equality,
        so a problem found in a file equals the same problem found in memory.

    Examples
    --------
    >>> Problem("cycle", ("a", "b"), "units a, b form a cycle")
    Problem(code='cycle', ids=('a', 'b'), message='units a, b form a cycle')
    >>> print(Problem("duplicate_id", ("x",), "id 'x' is used by 2 units", lines=(3, 7)))
    duplicate_id: id 'x' is used by 2 units (lines 3, 7)
    """

    code: str
    ids: tuple[str, ...]
    message: str
    lines: tuple[int, ...] = attrs.field(default=(), eq=False, repr=False, kw_only=True)

    def __str__(self) -> str:
        """Return ``code: message``, and the file lines where known."""
        return f"{self.code}: {self.message}{_lines_suffix(self.lines)}"


def _lines_suffix(lines: tuple[int, ...]) -> str:
    if not lines:
        return ""
    noun = "line" if len(lines) == 1 else "lines"
    return f" ({noun} {', '.join(map(str, lines))})"


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
            raise InvalidArgumentError("an IntegrityError needs at least one problem")
        seen: dict[str, None] = {}
        for problem in self.problems:
            seen.update(dict.fromkeys(problem.ids))
        self.ids: tuple[str, ...] = tuple(seen)
        super().__init__(self._summary())

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.problems,), {"source": self.source}

    @property
    def codes(self) -> tuple[str, ...]:
        """The distinct problem codes, in order of first appearance.

        Examples
        --------
        >>> IntegrityError([Problem("cycle", ("a",), "a"), Problem("cycle", ("b",), "b"),
        ...                 Problem("duplicate_id", ("c",), "c")]).codes
        ('cycle', 'duplicate_id')
        """
        return tuple(dict.fromkeys(p.code for p in self.problems))

    def _summary(self) -> str:
        count = len(self.problems)
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f"; and {count - 5} more" if count > 5 else ""
        noun = "problem" if count == 1 else "problems"
        where = f"{self.source}: " if self.source else ""
        return f"{where}{count} {noun}: {shown}{more}"


class UnknownRecordError(JicengError, KeyError):
    """An id that an engine does not hold: the base of the ``Unknown…Error`` lookups.

    A :class:`KeyError`, as ``engine[id]`` users expect, whose message reads as a sentence. Each
    subclass names what was looked for; catch this class to catch them all.

    Attributes
    ----------
    id : str
        The missing id.
    kind : str
        What was looked for (``"unit"``, ``"project"``, ``"worker"``, ...).

    Examples
    --------
    >>> error = UnknownProjectError("p9")
    >>> print(error), isinstance(error, UnknownRecordError), isinstance(error, KeyError)
    no project with id 'p9'
    (None, True, True)
    """

    kind = "record"

    def __init__(self, record_id: str) -> None:
        self.id = record_id
        super().__init__(record_id)

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.id,), {}

    def __str__(self) -> str:
        """Return a sentence naming the missing id."""
        return f"no {self.kind} with id {self.id!r}"


class UnknownUnitError(UnknownRecordError):
    """A unit id that the hierarchy does not hold.

    Attributes
    ----------
    id : str
        The missing id.

    Examples
    --------
    >>> print(UnknownUnitError("511702999001"))
    no unit with id '511702999001'
    """

    kind = "unit"


class UnknownProjectError(UnknownRecordError):
    """A renovation project id that the portfolio does not hold.

    Examples
    --------
    >>> print(UnknownProjectError("2030-nowhere"))
    no project with id '2030-nowhere'
    """

    kind = "project"


class UnknownWorkerError(UnknownRecordError):
    """A worker id that the payroll does not hold.

    Examples
    --------
    >>> print(UnknownWorkerError("w999"))
    no worker with id 'w999'
    """

    kind = "worker"


class UnknownCentreError(UnknownRecordError):
    """A service centre id that the catalogue does not hold.

    Examples
    --------
    >>> print(UnknownCentreError("nowhere-centre"))
    no centre with id 'nowhere-centre'
    """

    kind = "centre"


class UnknownServiceItemError(UnknownRecordError):
    """A service item id that the catalogue does not hold.

    Examples
    --------
    >>> print(UnknownServiceItemError("no-such-item"))
    no service item with id 'no-such-item'
    """

    kind = "service item"


class UnknownPostError(UnknownRecordError):
    """A post key that a pay scheme does not have.

    Examples
    --------
    >>> print(UnknownPostError("mayor"))
    no post with id 'mayor'
    """

    kind = "post"


class UnknownSchemeError(UnknownRecordError):
    """The name of a built-in scheme (level scheme or pay scheme) that does not exist.

    Examples
    --------
    >>> print(UnknownSchemeError("metropolitan"))
    no scheme with id 'metropolitan'
    """

    kind = "scheme"


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

    A problem between records (a duplicate id, an unknown parent) found while reading a file
    has the :class:`Problem`'s ``code`` and ``ids``, and ``lines`` naming every record involved:

    >>> print(FileProblem(3, None, None, "id 'x' is used by 2 units", code="duplicate_id",
    ...                   ids=("x",), lines=(3, 7)))
    lines 3, 7: duplicate_id: id 'x' is used by 2 units
    """

    line: int | None
    record: int | None
    field: str | None
    message: str
    code: str | None = attrs.field(default=None, kw_only=True)
    ids: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    lines: tuple[int, ...] = attrs.field(default=(), kw_only=True)

    def __str__(self) -> str:
        """Return ``line 3, record 2, field 'households': message``."""
        parts = []
        if len(self.lines) > 1:
            parts.append(f"lines {', '.join(map(str, self.lines))}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        where = ", ".join(parts)
        message = self.message if self.code is None else f"{self.code}: {self.message}"
        return f"{where}: {message}" if where else message


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
    problems : tuple[Problem, ...]
        The problems between records (duplicate ids, unknown parents, cycles, levels, codes)
        found in the same pass as the invalid records, each with its file ``lines``; they are
        in ``details`` too, with their ``code``.

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
            raise InvalidArgumentError("a DataFileError needs at least one detail")
        first = self.details[0]
        self.line = first.line
        self.record = first.record
        self.field = first.field
        more = len(self.details) - 1
        suffix = f" (and {more} more)" if more else ""
        super().__init__(f"{self.path}: {first}{suffix}")

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.path, self.details), {"unreadable": self.unreadable}

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The problems between records among the details, as :class:`Problem`.

        Examples
        --------
        >>> error = DataFileError("u.csv", [
        ...     FileProblem(2, 0, "households", "must be >= 0"),
        ...     FileProblem(3, None, None, "id 'x' is used by 2 units", code="duplicate_id",
        ...                 ids=("x",), lines=(3, 4))])
        >>> [(p.code, p.ids, p.lines) for p in error.problems]
        [('duplicate_id', ('x',), (3, 4))]
        """
        return tuple(
            Problem(detail.code, detail.ids, detail.message, lines=detail.lines)
            for detail in self.details
            if detail.code is not None
        )


class RoutingError(JicengError, LookupError):
    """No window of a centre can take a request.

    Attributes
    ----------
    item, centre : str
        The item and the centre.

    Examples
    --------
    >>> print(RoutingError("gl", "c", "no proxy or general window takes it"))
    centre 'c' cannot take item 'gl': no proxy or general window takes it
    """

    def __init__(self, item: str, centre: str, reason: str) -> None:
        self.item = item
        self.centre = centre
        self.reason = reason
        super().__init__(f"centre {centre!r} cannot take item {item!r}: {reason}")

    def __str__(self) -> str:
        """Return the message as a sentence."""
        return str(self.args[0])

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.item, self.centre, self.reason), {}


class InvalidArgumentError(JicengError, ValueError):
    """An argument whose value the call cannot use (a negative amount, an unknown format).

    Examples
    --------
    >>> print(InvalidArgumentError("minutes must be positive, got 0"))
    minutes must be positive, got 0
    """


class JicengTypeError(JicengError, TypeError):
    """An argument of the wrong type (a dict where an ``OrgUnit`` was expected).

    Examples
    --------
    >>> isinstance(JicengTypeError("a Hierarchy is built from OrgUnit records"), TypeError)
    True
    """


class NeedsHierarchyError(JicengError, ValueError):
    """A query that needs an engine built with a hierarchy, on one built without.

    Examples
    --------
    >>> print(NeedsHierarchyError("within= needs a portfolio built with a hierarchy"))
    within= needs a portfolio built with a hierarchy
    """


class NoSchemeInForceError(JicengError, ValueError):
    """No pay scheme of a payroll is in force on the date asked about.

    Attributes
    ----------
    on : datetime.date
        The date.

    Examples
    --------
    >>> import datetime
    >>> print(NoSchemeInForceError(datetime.date(2019, 1, 1)))
    no pay scheme is in force on 2019-01-01
    """

    def __init__(self, on: datetime.date) -> None:
        self.on = on
        super().__init__(f"no pay scheme is in force on {on}")

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.on,), {}


class PostNotInSchemeError(JicengError, ValueError):
    """A pay scheme asked to pay a post it does not have.

    Attributes
    ----------
    scheme, post : str
        The scheme's name and the post's key.

    Examples
    --------
    >>> print(PostNotInSchemeError("sangang_shibaji", "specialist"))
    scheme 'sangang_shibaji' has no post 'specialist'
    """

    def __init__(self, scheme: str, post: str) -> None:
        self.scheme = scheme
        self.post = post
        super().__init__(f"scheme {scheme!r} has no post {post!r}")

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.scheme, self.post), {}


class NotServingError(JicengError, ValueError):
    """A worker asked about on a date before their service began.

    Examples
    --------
    >>> print(NotServingError("worker 'w1' had not started service on 2019-01-01"))
    worker 'w1' had not started service on 2019-01-01
    """


class ForeignHierarchyError(JicengError, ValueError):
    """An engine put into a dataset whose hierarchy is not the one the engine was built on.

    Examples
    --------
    >>> print(ForeignHierarchyError("the renovation engine is built on another hierarchy"))
    the renovation engine is built on another hierarchy
    """


class EditBatchError(JicengError, RuntimeError):
    """An edit batch used outside its ``with`` block, or twice.

    Examples
    --------
    >>> print(EditBatchError("an edit batch can be used only once"))
    an edit batch can be used only once
    """


class DumpError(JicengError, ValueError):
    """Data that a file format cannot hold without loss; nothing was written.

    Examples
    --------
    >>> print(DumpError("CSV holds units only"))
    CSV holds units only
    """


class CommandError(JicengError, RuntimeError):
    """A command-line failure already reported on standard error, carrying the exit status.

    Raised inside :mod:`jiceng.cli` and turned into the exit status by its ``main``; it never
    reaches a caller of ``main``.

    Attributes
    ----------
    status : int
        The exit status (1 for a dataset with problems, 2 for an unreadable file).

    Examples
    --------
    >>> CommandError(2).status
    2
    """

    def __init__(self, status: int) -> None:
        self.status = status
        super().__init__(status)

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.status,), {}


class MissingExtraError(JicengError, ImportError):
    """An optional dependency that a function needs is not installed.

    Attributes
    ----------
    module : str
        The module that could not be imported (``"pandas"``).
    extra : str
        The extra that installs it (``"pandas"``: ``pip install "jiceng[pandas]"``).

    Examples
    --------
    >>> print(MissingExtraError("pyarrow", "arrow"))
    this needs pyarrow: pip install "jiceng[arrow]"
    """

    def __init__(self, module: str, extra: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(f'this needs {module}: pip install "jiceng[{extra}]"')

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.module, self.extra), {}


class UnsafeWriteError(JicengError, OSError):
    """A file that was not written because its temporary file was tampered with.

    The temporary file beside the target was replaced while it was being written (someone else
    can write in the directory); the target is left as it was.

    Examples
    --------
    >>> print(UnsafeWriteError("the temporary file .x.tmp was replaced; x is left as it was"))
    the temporary file .x.tmp was replaced; x is left as it was
    """


class JicengWarning(JicengError, UserWarning):  # noqa: N818 - a warning, named as one
    """Base class of the warnings that jiceng issues.

    A warning is also a :class:`JicengError`, so ``warnings.simplefilter("error")`` turns it into
    an error that ``except JicengError`` catches.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn(JicengWarning("something to know"), stacklevel=1)
    >>> caught[0].category.__name__, str(caught[0].message)
    ('JicengWarning', 'something to know')
    """


class DivisionCodeWarning(JicengWarning):
    """Division codes that do not fit, accepted because the data was loaded with ``codes="warn"``.

    Issued once per check, with every code problem found (``duplicate_code``,
    ``code_not_nested``, ``code_shape``); structural problems are never waived.

    Attributes
    ----------
    problems : tuple[Problem, ...]
        The code problems, in the order the check found them.

    Examples
    --------
    >>> warning = DivisionCodeWarning([Problem("duplicate_code", ("a", "b"), "code 1 twice")])
    >>> print(warning)
    1 division code problem accepted: duplicate_code: code 1 twice
    >>> warning.problems[0].ids
    ('a', 'b')
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise InvalidArgumentError("a DivisionCodeWarning needs at least one problem")
        count = len(self.problems)
        shown = "; ".join(str(p) for p in self.problems[:5])
        more = f"; and {count - 5} more" if count > 5 else ""
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} division code {noun} accepted: {shown}{more}")

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.problems,), {}


class MissingFontWarning(JicengWarning):
    """No installed font draws Chinese: :mod:`jiceng.plot` labels its pictures in English.

    Issued once a process, by the first picture drawn without one; the pictures then show level
    keys and unit ids instead of Chinese names, rather than empty boxes.

    Examples
    --------
    >>> print(MissingFontWarning())  # doctest: +ELLIPSIS
    no Chinese font found ...: apt-get install fonts-noto-cjk, or pass font="..."
    """

    def __init__(self) -> None:
        super().__init__(
            "no Chinese font found (Noto Sans CJK, Source Han Sans, WenQuanYi, SimHei, ...); "
            'labels are in English: apt-get install fonts-noto-cjk, or pass font="..."'
        )

    def _arguments(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (), {}
