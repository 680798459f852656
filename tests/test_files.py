"""Files written safely: the temporary file, permission bits, links and concurrent writers."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

import jiceng
from jiceng import Hierarchy, OrgUnit, dump, load
from jiceng._files import atomic_file, write_atomically
from jiceng.errors import DataFileError


def _chain(count: int, name: str = "单位") -> Hierarchy:
    units = [OrgUnit(id="u0", name=name, level="street")]
    units += [
        OrgUnit(id=f"u{i}", name=name, level="community", parent="u0") for i in range(1, count)
    ]
    return Hierarchy(units)


def test_a_planted_link_at_the_old_temporary_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    for planted in (".out.jsonl.tmp", "out.jsonl.tmp", ".out.jsonl.swp"):
        (tmp_path / planted).symlink_to(victim)
    dump(_chain(3), target)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert load(target).hierarchy == _chain(3)


def test_the_temporary_name_is_unpredictable_and_created_exclusively(tmp_path: Path) -> None:
    seen: list[str] = []

    def write(temporary: Path) -> None:
        seen.append(temporary.name)
        assert temporary.parent == tmp_path
        assert temporary.stat().st_size == 0
        temporary.write_text("x", encoding="utf-8")

    for _ in range(3):
        write_atomically(tmp_path / "out.txt", write)
    assert len(set(seen)) == 3
    assert all(name.startswith(".out.txt.") and len(name) > len(".out.txt.") + 8 for name in seen)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604])
def test_the_targets_permission_bits_are_kept(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "units.json"
    dump(_chain(2), target)
    target.chmod(mode)
    dump(_chain(3), target)
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert len(load(target).hierarchy) == 3


def test_a_new_file_gets_the_umask_default(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        dump(_chain(2), tmp_path / "new.json")
        write_atomically(tmp_path / "new.txt", lambda p: p.write_text("x", encoding="utf-8"))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_a_target_that_is_a_link_is_replaced_and_its_target_left_alone(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("untouched", encoding="utf-8")
    elsewhere.chmod(0o600)
    link = tmp_path / "units.jsonl"
    link.symlink_to(elsewhere)
    dump(_chain(2), link)
    assert not link.is_symlink()
    assert len(load(link).hierarchy) == 2
    assert elsewhere.read_text(encoding="utf-8") == "untouched"


def test_a_failure_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def fail(file: object) -> None:
        raise OSError("disk on fire")

    with pytest.raises(OSError, match="disk on fire"):
        write_atomically(target, fail)
    with pytest.raises(OSError, match="disk on fire"), atomic_file(target) as out:
        out.write(b"half")
        fail(out)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_temporary_file_swapped_under_the_writer_is_not_renamed_into_place(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.txt"

    def swap(temporary: Path) -> None:
        temporary.unlink()
        temporary.write_text("planted", encoding="utf-8")

    with pytest.raises(OSError, match="replaced"):
        write_atomically(target, swap)
    assert not target.exists()


def test_atomic_file_writes_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with atomic_file(target) as out:
        out.write(b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"


def test_concurrent_dumps_leave_one_complete_file(tmp_path: Path) -> None:
    """Two writers dump different hierarchies to one path; a reader never sees a part."""
    target = tmp_path / "shared.jsonl"
    small, large = _chain(200, "小"), _chain(3000, "大")
    dump(small, target)
    stop = threading.Event()
    failures: list[BaseException] = []

    def writer(h: Hierarchy) -> None:
        try:
            while not stop.is_set():
                dump(h, target)
        except BaseException as error:  # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=writer, args=(h,)) for h in (small, large)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(60):
            try:
                loaded = load(target).hierarchy
            except DataFileError as error:  # pragma: no cover - the failure being tested
                failures.append(error)
                break
            assert loaded in (small, large)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not failures
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.jsonl"]


def test_the_bundled_district_dumps_through_a_link_free_temporary(tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    path = tmp_path / "d.json"
    dump(district, path)
    assert load(path) == district
