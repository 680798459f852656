"""Facts of the bundled 通川区 district (DOMAIN.md §2) and the runnable examples."""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from jiceng import Hierarchy, examples

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tongchuan() -> Hierarchy:
    return examples.tongchuan().hierarchy


def one(h: Hierarchy, name: str) -> str:
    found = h.find(name)
    assert len(found) == 1, name
    return found[0].id


def test_level_counts(tongchuan: Hierarchy) -> None:
    assert tongchuan.level_counts() == {
        "street": 5,
        "community": 63,
        "grid": 70,
        "compound": 175,
        "building": 480,
    }
    assert [u.name for u in tongchuan.roots()] == [
        "东城街道",
        "西城街道",
        "朝阳街道",
        "凤西街道",
        "凤北街道",
    ]


def test_real_units(tongchuan: Hierarchy) -> None:
    h = tongchuan
    chaoyang = one(h, "朝阳街道")
    assert len(h.children(chaoyang)) == 13
    yujing = one(h, "御景上城小区")
    assert h.total(yujing, "households") == 2235
    assert h.total(yujing, "population") == 8123
    assert len(h.children(yujing)) == 12
    assert h.common_ancestor(yujing, one(h, "团包梁社区")).name == "团包梁社区"  # type: ignore[union-attr]
    chunlan = h[one(h, "春兰小区")]
    assert (chunlan.built_year, chunlan.households, chunlan.population) == (2004, 241, 831)
    assert [u.name for u in h.ancestors(chunlan)][:2] == ["秋棠片区", "马房坝社区"]
    mafangba = one(h, "马房坝社区")
    assert [u.name for u in h.children(mafangba)] == ["秋棠片区", "永泰片区"]
    assert h.total(mafangba, "population") > 50_000
    xinjin = h[one(h, "新锦苑")]
    assert (xinjin.built_year, xinjin.households) == (2011, 611)
    assert len(h.children(xinjin)) == 9
    assert h.parent(h.parent(h.parent(xinjin))).name == "凤西街道"  # type: ignore[union-attr]
    xiaobei = h[one(h, "小北街社区")]
    assert xiaobei.code == "511702002002"
    assert h.parent(xiaobei).name == "西城街道"  # type: ignore[union-attr]


def test_description_says_what_is_filler() -> None:
    description = examples.tongchuan().description or ""
    assert "filler" in description
    assert "scripts/make_tongchuan.py" in description


def test_generator_script_reproduces_the_bundled_file(tmp_path: Path) -> None:
    out = tmp_path / "tongchuan.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_tongchuan.py"), "--output", str(out)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == Path(examples.tongchuan_path()).read_bytes()


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_example_scripts_run(script: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out
