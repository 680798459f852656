"""Threads: concurrent batches lose nothing; readers that share the writers' lock see one state.

A batch edits the index in place, so a query that runs while another thread commits may see a
state in between; the documented way to read while others write is one lock around both. The
batches themselves need no lock of the user's: commits take the hierarchy's own, one at a time.

The hierarchy (nested scheme, so any shape is valid)::

    top
    ├── pool        each writer adds its units here, so every commit shifts the positions below
    ├── p1
    │   └── tok-a   writer a moves tok-a (with tok-a-c) between p1 and p2 in each batch
    │       └── tok-a-c
    └── p2
        └── tok-b   writer b does the same with tok-b
            └── tok-b-c

Readers check answers that a query mixing two states gets wrong: ``h[x]`` is ``x``; a token's
parent is p1 or p2; ``descendants("p1")`` is a run of whole token subtrees; a path between the
two tokens' children has one of the shapes a single state allows. The switch interval is cut to
a microsecond so that threads interleave inside single queries.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator

import pytest

from jiceng import Hierarchy, OrgUnit
from jiceng.testing import NESTED_SCHEME

BATCHES = 200  # per writer; each adds three units and moves the writer's token
SECONDS = 3.0  # a bound on the whole test, not a target


def node(uid: str, parent: str | None = None) -> OrgUnit:
    return OrgUnit(id=uid, name=f"名{uid}", level="node", parent=parent)


@pytest.fixture
def fast_switching() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def shared() -> Hierarchy:
    return Hierarchy(
        [
            node("top"),
            node("pool", "top"),
            node("p1", "top"),
            node("tok-a", "p1"),
            node("tok-a-c", "tok-a"),
            node("p2", "top"),
            node("tok-b", "p2"),
            node("tok-b-c", "tok-b"),
        ],
        NESTED_SCHEME,
    )


FIXED = ("top", "pool", "p1", "p2", "tok-a", "tok-a-c", "tok-b", "tok-b-c")
PATHS = {  # the paths from tok-a-c to tok-b-c that one state allows
    ("tok-a-c", "tok-a", parent, "tok-b", "tok-b-c") for parent in ("p1", "p2")
} | {("tok-a-c", "tok-a", a, "top", b, "tok-b", "tok-b-c") for a, b in (("p1", "p2"), ("p2", "p1"))}


def check_once(h: Hierarchy) -> list[str]:
    """Run each query once; return a description of every answer no single state gives."""
    wrong = []
    for uid in FIXED:
        got = h[uid].id
        if got != uid:
            wrong.append(f"h[{uid!r}] is {got!r}")
    for token in ("tok-a", "tok-b"):
        parent = h.parent(token)
        if parent is None or parent.id not in {"p1", "p2"}:
            wrong.append(f"parent({token!r}) is {parent!r}")
    below = [unit.id for unit in h.descendants("p1")]
    pairs = [tuple(below[i : i + 2]) for i in range(0, len(below), 2)]
    if len(below) > 4 or any(
        pair not in {("tok-a", "tok-a-c"), ("tok-b", "tok-b-c")} for pair in pairs
    ):
        wrong.append(f"descendants('p1') is {below!r}")
    path = tuple(unit.id for unit in h.path("tok-a-c", "tok-b-c"))
    if path not in PATHS:
        wrong.append(f"path is {path!r}")
    return wrong


@pytest.mark.parametrize("readers_lock", [False, True], ids=["writers-only", "shared-lock"])
def test_concurrent_batches_lose_nothing_and_locked_readers_see_one_state(
    fast_switching: None, readers_lock: bool
) -> None:
    h = shared()
    guard = threading.Lock() if readers_lock else None
    stop = threading.Event()
    wrong: list[str] = []
    errors: list[BaseException] = []
    last_parent: dict[str, str] = {}

    def writer(name: str) -> None:
        try:
            for i in range(BATCHES):
                target = "p2" if i % 2 == 0 else "p1"
                if guard is not None:
                    guard.acquire()
                try:
                    with h.edit() as batch:
                        for j in range(3):
                            batch.add(node(f"{name}-{i}-{j}", "pool"))
                        batch.move(f"tok-{name}", target)
                    last_parent[name] = target
                finally:
                    if guard is not None:
                        guard.release()
        except BaseException as error:  # reported by the main thread
            errors.append(error)

    def reader() -> None:
        while not stop.is_set():
            with guard:  # type: ignore[union-attr]
                try:
                    wrong.extend(check_once(h))
                except Exception as error:  # a mixed state can raise, too
                    wrong.append(f"{type(error).__name__}: {error}")

    readers = [threading.Thread(target=reader) for _ in range(2 if readers_lock else 0)]
    writers = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b")]
    started = time.monotonic()
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(SECONDS)
    stop.set()
    for thread in readers:
        thread.join(SECONDS)
    assert not any(thread.is_alive() for thread in readers + writers)
    assert time.monotonic() - started < 2 * SECONDS + 1

    added = {f"{name}-{i}-{j}" for name in "ab" for i in range(BATCHES) for j in range(3)}
    lost = added - {unit.id for unit in h}
    print(f"{len(wrong)} mixed answers, {len(lost)} of {len(added)} added units lost")
    assert errors == []
    assert wrong[:5] == []
    assert len(lost) == 0  # no edit lost
    assert len(h) == len(FIXED) + len(added)
    assert {name: h.parent(f"tok-{name}").id for name in "ab"} == last_parent  # type: ignore[union-attr]
    assert check_once(h) == []
    assert h == Hierarchy(list(h), NESTED_SCHEME)
