"""The command line on spreadsheets: standard input, ``--format``, ``--encoding``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jiceng.cli import main

DATA = Path(__file__).parent / "data" / "spreadsheets"
CSV = '编号,名称,层级,上级编号,户数\nxc,西城街道,街道,,"1,200"\nxbj,小北街社区,社区,xc,300\n'


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_validate_reads_standard_input() -> None:
    for arguments in (["validate", "-", "--format", "csv"], ["stats", "-", "--format", "csv"]):
        done = subprocess.run(
            [sys.executable, "-m", "jiceng", *arguments],
            input=CSV.encode(),
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert "2 units" in done.stdout.decode()


def test_standard_input_without_a_format_is_refused() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jiceng", "validate", "-"],
        input=CSV.encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2
    assert "format=" in done.stdout.decode() + done.stderr.decode()


def test_format_reads_a_txt_export(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(CSV, encoding="utf-8")
    assert run("validate", str(path))[0] == 2  # the suffix says nothing
    assert run("validate", "--format", "csv", str(path)) == (0, f"{path}: valid, 2 units\n")


def test_encoding_and_the_gb18030_hint(capsys: pytest.CaptureFixture[str]) -> None:
    sample = str(DATA / "community-export.csv")
    status, _ = run("validate", "--encoding", "utf-8", sample)
    assert status == 2
    assert "--encoding gb18030" in capsys.readouterr().err
    status, text = run("validate", "--extra", "keep", sample)  # GB18030 found unnamed
    assert (status, text) == (0, f"{sample}: valid, 6 units\n")
    status, text = run("validate", "--encoding", "gb18030", sample)
    assert status == 1  # the extra columns
    assert "网格员" in text
    status, text = run("validate", "--encoding", "gb18030", "--extra", "keep", sample)
    assert (status, text) == (0, f"{sample}: valid, 6 units\n")
    mistakes = str(DATA / "mistakes.csv")
    status, text = run("validate", "--json", mistakes)
    assert status == 1
    problems = json.loads(text)["problems"]
    assert [(p["code"], p["line"]) for p in problems] == [
        ("invalid_record", 3),
        ("duplicate_id", 4),
        ("unknown_parent", 6),
        ("unknown_level", 7),
    ]
    assert problems[1]["lines"] == [4, 5]
