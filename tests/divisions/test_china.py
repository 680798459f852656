"""The bundled 2023 tree: loaded only on demand, and equal to the published table."""

from __future__ import annotations

import dataclasses
import gzip
import lzma
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from jiceng import ADMINISTRATIVE, DataFileError, Hierarchy, OrgKind, OrgUnit, examples
from jiceng.divisions import read
from jiceng.divisions.tables import LEVEL_FILES, _read_trusted

EXCERPT = Path(__file__).resolve().parent.parent / "data" / "divisions" / "2023"


def test_china_is_read_on_demand_only() -> None:
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and 'china-2023' in str(args[0])"
        " and opened.append(args[0]))\n"
        "import jiceng, jiceng.examples, jiceng.divisions\n"
        "before = len(opened)\n"
        "h = jiceng.examples.china()\n"
        "print(before, len(opened) > 0, len(h))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["0", "True", "665276"]


def test_china_equals_the_2023_table() -> None:
    h = examples.china()
    assert h.scheme == ADMINISTRATIVE
    assert list(h.level_counts().values()) == [31, 342, 2978, 41352, 620573]
    digits = {level.key: level.code_digits for level in ADMINISTRATIVE}
    for unit in h:
        parent = h.parent(unit)
        if unit.code is None:  # a placeholder repeating its parent's code: the id says so
            assert parent is not None
            assert unit.id == f"{parent.id.partition('-')[0]}-{unit.level}"
            continue
        assert unit.id == unit.code
        if parent is None:
            assert unit.level == "province"
            continue
        keep = digits[parent.level]
        assert keep is not None
        assert unit.code[:keep] == parent.id[:keep]  # the parent is the unit its code nests in
    county = h["511702000000"]
    assert county.name == "通川区"
    streets = [u for u in h.children(county) if u.code and u.code[6:9] < "100"]
    assert [u.name for u in streets] == ["东城街道", "西城街道", "朝阳街道", "凤西街道", "凤北街道"]
    assert [len(h.children(u)) for u in streets] == [15, 11, 17, 12, 8]
    assert h.parent("441900003000").id == "441900000000-county"
    assert h.parent("350527000000-village").id == "350527000000-township"
    assert h["110101001001"].name == "多福巷社区"
    # The committee suffixes are cut: what still ends in 会 are the names kept as given (a
    # community's second committee, a subdistrict's or a zone's management committee).
    kept = [u.name for u in h if u.level == "village" and u.name.endswith("会")]
    assert len(kept) == 522


# -- the trusted reading of the bundled table ---------------------------------------------------


def _fields(unit: OrgUnit) -> list[tuple[object, type]]:
    return [(value, type(value)) for value in dataclasses.astuple(unit)]


def test_china_gives_the_units_the_validating_reader_gives() -> None:
    """Every row of the bundled file through ``read`` (validated) gives the units of china()."""
    fast = examples.china()
    with resources.as_file(resources.files("jiceng") / "data" / "china-2023.csv.xz") as path:
        checked = read(path)
    assert fast == checked
    assert [unit.id for unit in fast] == [unit.id for unit in checked]
    for mine, theirs in zip(list(fast)[::97], list(checked)[::97], strict=True):
        assert _fields(mine) == _fields(theirs)  # the same values, of the same types
    kinds = {type(unit.org_kind) for unit in fast if unit.level == "township"}
    assert kinds == {type(None), OrgKind}


def _excerpt_table(folder: Path, rows: list[str] | None = None) -> Path:
    """The committed excerpt as the bundled file is made: ``code,name``, level by level, xz."""
    lines = ["code,name"]
    if rows is None:
        for stem in LEVEL_FILES:
            with gzip.open(EXCERPT / f"{stem}.csv.gz", "rt", encoding="utf-8") as handle:
                lines += [",".join(row.split(",")[:2]) for row in handle.read().splitlines()[1:]]
    else:
        lines += rows
    path = folder / "table.csv.xz"
    path.write_bytes(lzma.compress(("\n".join(lines) + "\n").encode()))
    return path


def test_trusted_reading_of_the_excerpt(tmp_path: Path) -> None:
    path = _excerpt_table(tmp_path)
    fast, checked = _read_trusted(path), read(path)
    assert fast == checked
    assert len(fast) == 2613
    assert [_fields(unit) for unit in fast] == [_fields(unit) for unit in checked]
    assert fast.parent("350527000000-village").id == "350527000000-township"
    assert fast.org_kind("110101001000") == OrgKind.WORKING_COMMITTEE


TOWNSHIP = ["11,北京市", "1101,市辖区", "110101,东城区", "110101001,东华门街道"]


@pytest.mark.parametrize(
    "rows",
    [
        ['11,"北京市"', "1101,市辖区"],  # quoted
        ["11,北京市", "1101,市辖区,111"],  # a third column
        ["11,北京市", "1201,市辖区"],  # a missing parent
        ["11,北京市", "11,北京市"],  # a repeated code
        ["1101,市辖区", "11,北京市"],  # levels out of order
        ["11,北京市", "1101, 市辖区 "],  # names with white space
        ["11,北京市", "1101,  "],  # a blank name
        ["11,北京市", "1101,市辖\x1b区"],  # a control character
        ["11,北京市", "1101,市辖区\r"],  # a carriage return
        TOWNSHIP,  # no villages
        [*TOWNSHIP, "110101001001,多福巷社区居委会", "110101001001,多福巷社区居委会"],  # repeated
        [*TOWNSHIP, "110101001000,多福巷社区居委会"],  # a village code ending 000
        [*TOWNSHIP[:3], "110101001000,多福巷社区居委会"],  # … with no township of its code
    ],
)
def test_trusted_reading_falls_back_to_the_reader(tmp_path: Path, rows: list[str]) -> None:
    path = _excerpt_table(tmp_path, rows)
    try:
        expected: Hierarchy | DataFileError = read(path)
    except DataFileError as error:
        expected = error
    try:
        got: Hierarchy | DataFileError = _read_trusted(path)
    except DataFileError as error:
        got = error
    if isinstance(expected, DataFileError):
        assert isinstance(got, DataFileError)
        assert got.problems == expected.problems
    else:
        assert isinstance(got, Hierarchy)
        assert [_fields(unit) for unit in got] == [_fields(unit) for unit in expected]
