"""The command line writes, for the bundled district, exactly what jiceng 0.1 wrote.

``tests/cli_0_1/`` holds the outputs of 0.1 (before the command line became a package of
declared commands over typed results), recorded with the commands below; every byte must match.
Two things have changed since: ``report.json`` gives the ``street`` level's English label as
``"subdistrict"``, which 0.1 wrote as ``"street"``; and ``report`` has a findings section (the
counts of ``jiceng check``) before the missing data.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import jiceng
from jiceng.cli import main

RECORDED = Path(__file__).parent / "cli_0_1"
ON = "2026-11-26"

CASES = {
    "report.txt": ["report", "--on", ON],
    "report.json": ["report", "--on", ON, "--json"],
    "projects.txt": ["projects"],
    "projects.json": ["projects", "--json"],
    "payroll.txt": ["payroll", "--on", ON],
    "payroll_compare.txt": ["payroll", "--on", ON, "--compare", "xian_2020"],
    "services.txt": ["services"],
    "services_centre.txt": ["services", "--centre", "xiaobeijie-centre"],
    "stats.txt": ["stats", jiceng.examples.tongchuan_path()],
}


def run(argv: list[str]) -> str:
    out = io.StringIO()
    assert main(argv, out=out) == 0
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_what_0_1_wrote(name: str) -> None:
    assert run(CASES[name]) == (RECORDED / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (["renovation"], ["projects"]),
        (["pay", "--on", ON], ["payroll", "--on", ON]),
        (["renovation", "--json"], ["projects", "--json"]),
    ],
)
def test_one_name_per_domain_with_the_earlier_names_kept(new: list[str], old: list[str]) -> None:
    assert run(new) == run(old)
