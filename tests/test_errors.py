from __future__ import annotations

import pickle

import pytest

from jiceng import (
    DataFileError,
    FileProblem,
    IntegrityError,
    JicengError,
    NoPathError,
    Problem,
    TransitionError,
    UnknownLevelError,
    UnknownUnitError,
)

ERRORS = [
    IntegrityError([Problem("cycle", ("a", "b"), "a and b")], source="x.csv"),
    DataFileError("x.csv", [FileProblem(2, 0, "name", "empty")], unreadable=True),
    UnknownUnitError("zz"),
    UnknownLevelError("county", ("street",)),
    NoPathError("a", "b"),
    TransitionError("no", id="p", allowed=["planned"]),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_survive_pickling(error: JicengError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert vars(again) == vars(error)


def test_messages_read_as_sentences() -> None:
    assert str(UnknownUnitError("zz")) == "no unit with id 'zz'"
    assert str(ERRORS[0]).startswith("x.csv: 1 problem: cycle: a and b")
    assert str(ERRORS[1]) == "x.csv: line 2, record 0, field 'name': empty"
    assert str(FileProblem(None, None, None, "bad")) == "bad"
