"""The readers accept only what their format allows, and say exactly where anything else is.

JSON Lines holds one record a line; numbers too long for any field, and ``NaN``/``Infinity``,
are refused with a :class:`~jiceng.DataFileError` naming the line and field; where a file has
more problems than are listed, the last detail says exactly how many more there are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiceng import DataFileError, load

STREET = '{"id": "xc", "name": "西城街道", "level": "street"}'


def community(cid: str) -> str:
    return json.dumps({"id": cid, "name": cid, "level": "community", "parent": "xc"})


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_record_split_where_a_comma_may_stand_and_two_on_one_line(tmp_path: Path) -> None:
    # The split and the doubled line balance out: as many values as lines.
    text = (
        '{"id": "xc", "name": "西城街道"\n'
        '"level": "street"}\n'
        f"{community('a')},{community('b')}\n"
    )
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "split.jsonl", text))
    assert caught.value.line == 1
    assert {detail.line for detail in caught.value.details} == {1, 2, 3}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_two_records_on_one_line(tmp_path: Path, newline: str) -> None:
    text = newline.join([STREET, f"{community('a')},{community('b')}", community("c")]) + newline
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "two.jsonl", text))
    assert caught.value.line == 2


def test_a_record_split_over_two_lines(tmp_path: Path) -> None:
    text = '{"id": "xc", "name": "西城街道",\n"level": "street"}\n'
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "split.jsonl", text))
    assert caught.value.line == 1


def test_well_formed_lines_still_take_the_fast_path(tmp_path: Path) -> None:
    for newline in ("\n", "\r\n"):
        text = newline.join([STREET, community("a"), community("b")]) + newline
        assert len(load(write(tmp_path / "ok.jsonl", text)).hierarchy) == 3


HUGE = "9" * 5000


def test_an_over_long_number_in_a_jsonl_header(tmp_path: Path) -> None:
    text = '{"format": "jiceng/1", "name": "x", "projects": [{"batch": ' + HUGE + "}]}\n"
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "huge.jsonl", text + STREET + "\n"))
    assert (caught.value.line, caught.value.field) == (1, "projects.batch")
    assert "5000 digits" in str(caught.value)


def test_an_over_long_number_in_a_unit_line(tmp_path: Path) -> None:
    text = STREET + "\n" + community("a")[:-1] + ', "households": -' + HUGE + "}\n"
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "huge.jsonl", text))
    assert (caught.value.line, caught.value.record, caught.value.field) == (2, 1, "households")


def test_an_over_long_number_in_json(tmp_path: Path) -> None:
    text = (
        '{"format": "jiceng/1",\n "units": [\n  ' + STREET[:-1] + ', "population": ' + HUGE + "}]}"
    )
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "huge.json", text))
    assert (caught.value.line, caught.value.record, caught.value.field) == (3, 0, "population")


@pytest.mark.parametrize("field", ["households", "built_year"])
def test_an_over_long_number_in_csv(tmp_path: Path, field: str) -> None:
    text = f"id,name,level,{field}\nxc,西城街道,street,{HUGE}\n"
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "huge.csv", text))
    assert (caught.value.line, caught.value.record, caught.value.field) == (2, 0, field)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_standard_json_tokens_in_a_header(tmp_path: Path, token: str) -> None:
    header = '{"format": "jiceng/1", "walking_times": [{"a": "x", "b": "y", "minutes": %s}]}'
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "nan.jsonl", header % token + "\n" + STREET + "\n"))
    assert caught.value.line == 1


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_the_count_of_unlisted_problems_is_exact(tmp_path: Path, suffix: str) -> None:
    bad = 1_234
    if suffix == ".jsonl":
        lines = [STREET] + [community(f"c{n}")[:-1] + ', "households": -1}' for n in range(bad)]
        text = "\n".join(lines) + "\n"
    else:
        text = "id,name,level,parent,households\nxc,西城街道,street,,\n"
        text += "".join(f"c{n},c{n},community,xc,-1\n" for n in range(bad))
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / f"many{suffix}", text))
    details = caught.value.details
    assert len(details) == 1_001
    assert details[-1].message == "234 more problems, not listed: the first 1,000 of 1,234 are"
    assert all(detail.field == "households" for detail in details[:-1])
