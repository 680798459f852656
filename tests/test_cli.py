from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import jiceng
from jiceng.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_report_on_the_bundled_district() -> None:
    status, text = run("report")
    assert status == 0
    for key, count in [
        ("street", 5),
        ("community", 63),
        ("grid", 70),
        ("compound", 175),
        ("building", 480),
    ]:
        line = next(line for line in text.splitlines() if line.strip().startswith(key + " "))
        assert line.split()[-1] == f"{count:,}"
    assert "街道党工委" in text
    assert "households" in text
    assert "马房坝社区" in text  # the largest community
    assert "Missing data" in text


def test_report_json() -> None:
    status, text = run("report", "--json", "--top", "2")
    data = json.loads(text)
    assert status == 0
    assert [level["count"] for level in data["levels"]] == [5, 63, 70, 175, 480]
    assert len(data["largest"]["units"]) == 2
    h = jiceng.examples.tongchuan().hierarchy
    assert data["totals"]["households"] == sum(
        h.total(root, "households") or 0 for root in h.roots()
    )


def test_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    jiceng.dump(jiceng.examples.tongchuan(), good)
    assert run("validate", str(good)) == (0, f"{good}: valid, 793 units\n")

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name,level,parent\ns,街道,street,\nb,1栋,building,s\ng,网格,grid,nowhere\n",
        encoding="utf-8",
    )
    status, text = run("validate", str(bad))
    assert status == 1
    assert "level_not_admitted" in text
    assert "unknown_parent" in text
    assert text.splitlines()[-1] == f"{bad}: 2 problems"
    status, text = run("validate", "--json", str(bad))
    assert status == 1
    assert [p["code"] for p in json.loads(text)["problems"]] == [
        "unknown_parent",
        "level_not_admitted",
    ]

    invalid = tmp_path / "invalid.jsonl"
    invalid.write_text('{"id": "s", "name": "", "level": "street"}\n', encoding="utf-8")
    status, text = run("validate", str(invalid))
    assert status == 1
    assert "line 1" in text

    status, text = run("validate", str(tmp_path / "missing.json"))
    assert status == 2
    assert text == ""
    assert capsys.readouterr().err.startswith("jiceng: ")


def test_unreadable_and_invalid_files_on_other_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("report", str(tmp_path / "missing.json"))[0] == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    loop = tmp_path / "loop.csv"
    loop.write_text("id,name,level,parent\na,甲,street,b\nb,乙,street,a\n", encoding="utf-8")
    assert run("stats", str(loop))[0] == 1
    assert "cycle" in capsys.readouterr().err


def test_stats() -> None:
    path = jiceng.examples.tongchuan_path()
    status, text = run("stats", path)
    assert status == 0
    assert "793 units, 5 roots, maximum depth 4" in text
    data = json.loads(run("stats", "--json", path)[1])
    assert data["levels"]["grid"] == 70
    street = next(s for s in data["span_of_control"] if s["level"] == "street")
    assert street["mean"] == pytest.approx(63 / 5)


def test_tree(tmp_path: Path) -> None:
    path = jiceng.examples.tongchuan_path()
    status, text = run("tree", path, "--root", "mafangba", "--depth", "1")
    assert status == 0
    lines = text.splitlines()
    assert lines[0].startswith("马房坝社区 [community] mafangba")
    assert [line.split()[1] for line in lines[1:]] == ["秋棠片区", "永泰片区"]
    assert lines[1].startswith("├─ ")
    assert lines[2].startswith("└─ ")
    status, text = run("tree", path, "--root", "tuanbaoliang-yujingshangcheng")
    assert status == 0
    assert len(text.splitlines()) == 13
    assert "2,235 households" in text.splitlines()[0]
    assert run("tree", path, "--root", "nope")[0] == 1
    with pytest.raises(SystemExit) as caught:
        run("tree", path, "--depth", "-1")
    assert caught.value.code == 2
    status, text = run("tree", path, "--depth", "0")
    assert text.count("\n") == 5


def test_schema() -> None:
    status, text = run("schema")
    schema = json.loads(text)
    assert status == 0
    assert set(schema["required"]) == {"format", "units"}
    assert "OrgUnit" in schema["$defs"]
    assert {"projects", "renovation_policy"} <= set(schema["properties"])
    assert "RenovationProject" in schema["$defs"]


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jiceng", "report", "--json"],
        capture_output=True,
        check=False,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["units"] == 793


def test_usage_errors_exit_2() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2


def test_scheme_and_encoding_options(tmp_path: Path) -> None:
    rural = tmp_path / "rural.csv"
    rural.write_bytes(
        "id,name,level,parent\nt,某镇,township,\nv,某村,village,t\n".encode("gb18030")
    )
    assert run("validate", "--encoding", "utf-8", str(rural))[0] == 2  # not UTF-8
    assert run("validate", "--scheme", "rural", str(rural))[0] == 0  # GB18030, found unnamed
    status, text = run("validate", "--encoding", "gb18030", str(rural))
    assert status == 1  # the default scheme has no township
    status, text = run("validate", "--encoding", "gb18030", "--scheme", "rural", str(rural))
    assert (status, text) == (0, f"{rural}: valid, 2 units\n")
    scheme_file = tmp_path / "scheme.json"
    scheme_file.write_text(jiceng.RURAL.model_dump_json(), encoding="utf-8")
    args = ("stats", "--encoding", "gb18030", "--scheme", str(scheme_file), str(rural))
    status, text = run(*args)
    assert status == 0
    assert "2 units, 1 root, maximum depth 1" in text
    with pytest.raises(SystemExit):
        run("stats", "--scheme", "nonesuch", str(rural))
    with pytest.raises(SystemExit):
        run("report", "--top", "-2")


def test_validate_json_on_an_unreadable_file(tmp_path: Path) -> None:
    status, text = run("validate", "--json", str(tmp_path / "missing.json"))
    assert status == 2
    data = json.loads(text)
    assert data["valid"] is False
    assert data["problems"][0]["code"] == "unreadable"
