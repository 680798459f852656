"""``jiceng check``: the rule-based checks from the command line, and its report section."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import jiceng
from jiceng import URBAN_FOUR_LEVEL, Dataset, Hierarchy, OrgUnit
from jiceng.cli import main


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    status = main(argv, out=out)
    return status, out.getvalue()


def small(tmp_path: Path, *, approved: bool = False, clean: bool = False) -> str:
    """A street of two communities in the four-level scheme, written to a file::

    东风街道 df
    ├── 甲社区 a (党总支, 42 members)
    │   └── 一号小区 a1 (2 members, 0 probationary)
    └── 乙社区 b (80 members; an approved exception with ``approved``)
    """
    extra = {"attributes": {"approved_exception": "区委组织部 2021"}} if approved else {}
    units = [
        OrgUnit(id="df", name="东风街道", level="street"),
        OrgUnit(
            id="a",
            name="甲社区",
            level="community",
            parent="df",
            org_kind="branch" if clean else "general_branch",
            party_members=5 if clean else 42,
        ),
        OrgUnit(
            id="a1",
            name="一号小区",
            level="compound",
            parent="a",
            party_members=5 if clean else 2,
            probationary_members=0,
        ),
        OrgUnit(id="b", name="乙社区", level="community", parent="df", party_members=80, **extra),
    ]
    if clean:
        units.append(OrgUnit(id="b1", name="二号小区", level="compound", parent="b"))
        units.append(OrgUnit(id="a1-1", name="1栋", level="building", parent="a1"))
        units.append(OrgUnit(id="b1-1", name="1栋", level="building", parent="b1"))
    path = tmp_path / "small.json"
    jiceng.dump(Dataset(hierarchy=Hierarchy(units, URBAN_FOUR_LEVEL), name="东风街道"), path)
    return str(path)


def test_check_on_the_bundled_district() -> None:
    status, text = run(["check"])
    assert status == 0
    lines = text.splitlines()
    assert lines[0].startswith("通川区 (达州市) example district: 793 units;")
    for title in (
        "Compliance with the party-organisation rules",
        "Size norms (local practice)",
        "Staffing (community workers; local practice)",
        "Consistency of recorded figures",
        "Coverage (全覆盖)",
    ):
        assert title in lines
    assert "    source: 中国共产党支部工作条例（试行）(2018) Art. 4" in lines
    assert "    worst: 张家坝第一网格 (zhangjiaba-g1, grid): 260, maximum 100" in lines
    assert (
        "  not applied (no level named; --grid-level names one): management_grid_households, "
        "management_grid_population" in lines
    )


def test_strict_fails_on_findings_but_not_on_approved_exceptions(tmp_path: Path) -> None:
    assert run(["check", "--strict"])[0] == 1
    assert run(["check", small(tmp_path), "--strict"])[0] == 1
    assert run(["check", small(tmp_path, clean=True, approved=True), "--strict"])[0] == 0
    assert run(["check", small(tmp_path)])[0] == 0


GOLDEN = Path(__file__).parent / "data" / "check_small.txt"


def test_the_small_example_in_full(tmp_path: Path) -> None:
    """The whole report on the small example, worked by hand (``tests/data/check_small.txt``).

    Open: 甲社区's general branch of 42 (< 50), 一号小区's branch of 2 full members (< 3), 甲社区's
    recorded 42 members against its compound's 2, and two units with nothing below them; approved:
    乙社区's committee of 80 (< 100).
    """
    status, text = run(["check", small(tmp_path, approved=True)])
    assert status == 0
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_json_holds_every_finding() -> None:
    status, text = run(["check", "--json", "--top", "1"])
    assert status == 0
    data = json.loads(text)
    assert data["units"] == 793
    groups = {rule["group"] for rule in data["rules"]}
    assert groups == {"compliance", "norms", "staffing", "consistency", "coverage"}
    general = next(rule for rule in data["rules"] if rule["rule"] == "general_branch_members")
    assert len(general["worst"]) == 1
    assert (
        len([f for f in data["compliance"]["findings"] if f["rule"] == general["rule"]])
        == (general["findings"])
    )


def test_options(tmp_path: Path) -> None:
    status, text = run(["check", "--grid-level", "grid", "--top", "1"])
    assert status == 0
    assert "  management_grid_households: 69 findings in 70 units checked" in text.splitlines()
    status, text = run(["check", "--under", "mafangba", "--by", "community"])
    assert status == 0
    units = 1 + jiceng.examples.tongchuan().hierarchy.count_descendants("mafangba")
    assert text.splitlines()[0].startswith(f"通川区 (达州市) example district: {units} units;")
    assert "  community_staff: no findings in 1 unit checked" in text.splitlines()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--under", "nope"], "no unit with id 'nope'"),
        (["--by", "county"], "county"),
        (["--grid-level", "micro_grid"], "micro_grid"),
    ],
)
def test_bad_options_are_reported(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["check", *argv])[0] == 1
    assert message in capsys.readouterr().err


def test_the_report_has_a_findings_section() -> None:
    status, text = run(["report", "--on", "2026-11-26"])
    assert status == 0
    lines = text.splitlines()
    start = lines.index("Findings (rule-based checks)")
    assert lines[start + 1].endswith("(details: jiceng check)")
    assert lines.index("Missing data (units whose subtree records nothing)") > start
    data = json.loads(run(["report", "--on", "2026-11-26", "--json"])[1])
    assert data["findings"]["rules"][0]["rule"] == "committee_members"
