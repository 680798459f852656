"""`jiceng profile [FILE] [--by LEVEL] [--json]`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import jiceng
from jiceng import Hierarchy
from jiceng.analysis import level_profile
from jiceng.cli import main
from jiceng.dataset import Dataset
from jiceng.results import to_jsonable


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


@pytest.fixture
def small(tmp_path: Path, district: Hierarchy) -> Path:
    path = tmp_path / "small.json"
    jiceng.dump(Dataset(district, name="示例区"), path)
    return path


def test_the_whole_hierarchy(small: Path) -> None:
    status, text = run("profile", str(small))
    assert status == 0
    lines = text.splitlines()
    assert lines[:2] == ["示例区", "Level profile: 14 units"]
    rows = {line.split()[0]: line.split() for line in lines[3:8]}
    assert rows["street"] == ["street", "2", "0", "1", "1.5", "1.50", "2"]
    assert rows["community"] == ["community", "3", "1", "0", "1", "1", "2"]
    assert rows["building"] == ["building", "4", "4", "0", "0", "0", "0"]
    sizes = {line.split()[0]: line.split() for line in lines[10:15]}
    assert sizes["building"] == ["building", "4", "150.50", "155.25", "2", "415.50", "0", "—"]
    assert text.endswith("\n")


def test_by_street(small: Path) -> None:
    status, text = run("profile", str(small), "--by", "street")
    assert status == 0
    lines = text.splitlines()
    assert lines[0] == "示例区: level profile by street (2 units)"
    assert "朝阳街道 (cy)" in lines
    assert "西城街道 (xc)" in lines
    assert "Level profile under cy: 12 units" in lines
    assert "Level profile under xc: 2 units" in lines
    assert text.count("Level profile under") == 2


def test_json(small: Path, district: Hierarchy) -> None:
    status, text = run("profile", str(small), "--json")
    assert status == 0
    data = json.loads(text)
    assert data == {"name": "示例区", "profile": to_jsonable(level_profile(district))}
    status, text = run("profile", str(small), "--by", "community", "--json")
    assert status == 0
    data = json.loads(text)
    assert data["by"] == "community"
    assert [block["id"] for block in data["units"]] == ["tbl", "mfb", "xbj"]
    assert data["units"][1]["profile"] == to_jsonable(level_profile(district, under="mfb"))


def test_defaults_to_the_bundled_district() -> None:
    status, text = run("profile", "--by", "street", "--json")
    assert status == 0
    data = json.loads(text)
    assert [block["name"] for block in data["units"]] == [
        "东城街道",
        "西城街道",
        "朝阳街道",
        "凤西街道",
        "凤北街道",
    ]
    status, text = run("profile")
    assert status == 0
    assert text.splitlines()[1] == "Level profile: 793 units"


def test_errors(small: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run("profile", str(small), "--by", "county")
    assert (status, text) == (2, "")
    assert "no level 'county'" in capsys.readouterr().err
    status, _ = run("profile", str(tmp_path / "missing.json"))
    assert status == 2
    assert "missing.json" in capsys.readouterr().err


def test_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "profile" in capsys.readouterr().out
