"""Facts of the bundled 通川区 district (DOMAIN.md §2) and the runnable examples."""

from __future__ import annotations

import csv
import runpy
import subprocess
import sys
from collections import Counter
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
    assert len(h.children(chaoyang)) == 17
    assert h.parent(one(h, "团包梁社区")).name == "朝阳街道"  # type: ignore[union-attr]
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
    assert h.parent(one(h, "大北街社区")).name == "西城街道"  # type: ignore[union-attr]


def _territory(name: str) -> str:
    """The territory a committee of the division table leads: 社区 or 村, without the suffix."""
    if name.endswith("居民委员会"):
        return name.removesuffix("居民委员会").removesuffix("社区") + "社区"
    assert name.endswith("村民委员会"), name
    return name.removesuffix("村民委员会") + "村"


def test_streets_and_communities_are_the_2023_division_table(tongchuan: Hierarchy) -> None:
    h = tongchuan
    with (ROOT / "scripts" / "data" / "tongchuan-2023.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["year"] == "2023"]
    streets = [r for r in rows if r["parent_code"] == "511702"]
    communities = [r for r in rows if r["parent_code"] != "511702"]
    assert (len(streets), len(communities)) == (5, 63)
    # Streets: the roots, in code order, with their codes padded to 12 digits.
    assert [(u.name, u.code) for u in h.roots()] == [
        (r["name"], r["code"] + "000") for r in streets
    ]
    street_names = {r["code"]: r["name"] for r in streets}
    found = [
        (u.name, u.code, h.parent(u).name)  # type: ignore[union-attr]
        for u in h.at_level("community")
    ]
    assert found == [
        (_territory(r["name"]), r["code"], street_names[r["parent_code"]]) for r in communities
    ]
    by_street = Counter(parent for _, _, parent in found)
    assert by_street == {
        "东城街道": 15,
        "西城街道": 11,
        "朝阳街道": 17,
        "凤西街道": 12,
        "凤北街道": 8,
    }
    village = h[one(h, "龙家庙村")]
    assert (village.level, village.code, village.tags) == (
        "community",
        "511702004200",
        ("村民委员会",),
    )
    assert "511702000000" in (examples.tongchuan().description or "")


def test_community_organisations_follow_their_party_members(tongchuan: Hierarchy) -> None:
    kinds: Counter[str] = Counter()
    for unit in tongchuan.at_level("community"):
        members = tongchuan.total(unit.id, "party_members") or 0  # its compounds' members
        expected = "党委" if members >= 100 else "党总支" if members >= 50 else "党支部"
        if "approved_exception" in unit.attributes:
            expected = "党委"  # kept with fewer members, with the approval recorded
        kind = tongchuan.org_kind(unit.id).zh
        assert kind == expected, unit.name
        assert unit.org_name == unit.name + kind
        kinds[kind] += 1
    assert kinds["党委"] + kinds["党总支"] > 2 * kinds["党支部"]


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
