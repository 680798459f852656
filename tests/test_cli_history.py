"""``jiceng diff`` and ``jiceng divisions diff``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import jiceng
from jiceng.cli import main

DATA = Path(__file__).resolve().parent / "data" / "divisions"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    old = jiceng.examples.tongchuan()
    h = old.hierarchy
    new = jiceng.Hierarchy(list(h), h.scheme)
    with new.edit() as batch:
        batch.replace(new["mafangba"].model_copy(update={"name": "马房坝新社区"}))
        batch.remove("mafangba-chunlan-b1")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    jiceng.dump(old, a)
    jiceng.dump(jiceng.Dataset(hierarchy=new), b)
    return str(a), str(b)


def test_diff_two_files(pair: tuple[str, str]) -> None:
    status, text = run("diff", *pair)
    assert status == 0
    lines = text.splitlines()
    assert lines[0] == f"{pair[0]} → {pair[1]}"
    assert lines[1] == "Differences (units paired by id): 1 removed, 1 renamed"
    assert "  马房坝社区 → 马房坝新社区 [mafangba]" in lines


def test_diff_json(pair: tuple[str, str]) -> None:
    status, text = run("diff", *pair, "--json")
    data = json.loads(text)
    assert status == 0
    assert data["match"] == "id"
    assert data["counts"]["removed"] == 1
    assert data["removed"][0]["old_id"] == "mafangba-chunlan-b1"
    assert data["removed"][0]["old"]["name"] == "1栋"
    assert data["renamed"][0]["new"] == "马房坝新社区"


def test_diff_by_name(pair: tuple[str, str]) -> None:
    status, text = run("diff", *pair, "--match", "name", "--json")
    data = json.loads(text)
    assert status == 0
    # with names, the renamed community is removed and added again, with everything below it
    assert data["counts"]["renamed"] == 0
    assert data["counts"]["added"] == data["counts"]["removed"] - 1 > 1


def test_divisions_diff_under_tongchuan() -> None:
    folders = (str(DATA / "2020"), str(DATA / "2023"))
    status, text = run("divisions", "diff", *folders, "--under", "511702", "--match", "name")
    assert status == 0
    assert "Differences (units paired by name): 11 added, 1 removed, 3 recoded" in text
    assert "  柏阁社区 [511702004001 → 511702004012]: code 511702004001 → 511702004012" in text
    status, text = run("divisions", "diff", *folders, "--under", "511702", "--json")
    assert status == 0
    counts = json.loads(text)["counts"]
    assert (counts["added"], counts["removed"], counts["renamed"]) == (13, 3, 1)


def test_errors(tmp_path: Path, pair: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run("diff", pair[0], str(bad))[0] == 2
    assert run("diff", pair[0], str(tmp_path / "missing.json"))[0] == 2
    assert run("divisions", "diff", str(DATA / "2020"), str(tmp_path / "nowhere"))[0] == 2
    status, _ = run("divisions", "diff", str(DATA / "2020"), str(DATA / "2023"), "--under", "99")
    assert status == 2
    err = capsys.readouterr().err
    assert "no unit with division code '99'" in err
    with pytest.raises(SystemExit) as caught:
        run("diff", *pair, "--match", "nickname")
    assert caught.value.code == 2
