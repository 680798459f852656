"""``jiceng export``: every format from the command line, read back where it is lossless."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import jiceng
from jiceng.cli import main
from jiceng.interop import from_networkx, read_parquet

ON = "2026-11-26"


@pytest.fixture(scope="module")
def district() -> jiceng.Dataset:
    return jiceng.examples.tongchuan()


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


@pytest.mark.parametrize(
    ("to", "read"),
    [
        ("graphml", nx.read_graphml),
        ("gexf", nx.read_gexf),
        ("gml", nx.read_gml),
        (
            "node-link",
            lambda path: nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="edges"),
        ),
    ],
)
def test_graph_formats_read_back_equal(
    tmp_path: Path, district: jiceng.Dataset, to: str, read: object
) -> None:
    path = tmp_path / f"district.{to}"
    assert run("export", "--to", to, "-o", str(path))[0] == 0
    assert from_networkx(read(path)) == district.hierarchy  # type: ignore[operator]


def test_parquet_and_csv_read_back_equal(tmp_path: Path, district: jiceng.Dataset) -> None:
    assert run("export", "--to", "parquet", "-o", str(tmp_path / "d.parquet"))[0] == 0
    assert read_parquet(tmp_path / "d.parquet") == district.hierarchy
    assert run("export", "--to", "csv", "-o", str(tmp_path / "d.csv"))[0] == 0
    assert jiceng.load(tmp_path / "d.csv").hierarchy == district.hierarchy
    status, text = run("export", "--to", "csv")
    assert status == 0
    assert text == (tmp_path / "d.csv").read_text(encoding="utf-8")


def test_dot_and_tree_json_go_to_standard_output(district: jiceng.Dataset) -> None:
    status, text = run("export", "--to", "dot", "--root", "mafangba", "--depth", "1")
    assert status == 0
    assert text == jiceng.interop.to_dot(district.hierarchy, root="mafangba", depth=1)
    status, text = run("export", "--to", "tree-json", "--root", "mafangba")
    tree = json.loads(text)
    assert tree["name"] == "马房坝社区"
    assert [child["name"] for child in tree["children"]] == ["秋棠片区", "永泰片区"]
    status, text = run("export", "--to", "tree-json")
    assert [tree["name"] for tree in json.loads(text)] == [
        u.name for u in district.hierarchy.roots()
    ]


def test_domain_tables(tmp_path: Path, district: jiceng.Dataset) -> None:
    import pandas as pd

    status, text = run("export", "--section", "projects", "--to", "csv")
    assert status == 0
    projects = pd.read_csv(io.StringIO(text), dtype=str)
    assert list(projects["id"]) == [p.id for p in district.renovation]
    path = tmp_path / "workers.parquet"
    assert (
        run("export", "--section", "workers", "--to", "parquet", "-o", str(path), "--on", ON)[0]
        == 0
    )
    workers = pd.read_parquet(path)
    assert len(workers) == 60
    assert sorted(workers["id"]) == sorted(w.id for w in district.pay)
    status, text = run("export", "--section", "services", "--to", "csv")
    services = pd.read_csv(io.StringIO(text), dtype=str)
    assert len(services) == 44
    # Tuples of keys are written joined by ";".
    assert services["channels"].str.contains(";").any()


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", "--to", "graphml")[0] == 2
    assert "give it with -o OUT" in capsys.readouterr().err
    assert run("export", "--section", "projects", "--to", "gexf", "-o", str(tmp_path / "x"))[0] == 2
    assert "csv or parquet" in capsys.readouterr().err
    bare = tmp_path / "bare.json"
    jiceng.dump(jiceng.examples.mafangba(), bare)
    assert run("export", str(bare), "--section", "workers", "--to", "csv")[0] == 1
    assert "no workers" in capsys.readouterr().err
    assert run("export", "--to", "dot", "--root", "nowhere")[0] == 1
    assert "no unit with id 'nowhere'" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*.tmp"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("export", "--to", "parquet", "-o", str(tmp_path / "a.parquet"))[0] == 0
    assert capsys.readouterr().err == ""
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert run("export", "--to", "graphml", "-o", str(tmp_path / "a.graphml"))[0] == 0
    lines = terminal.getvalue().splitlines()
    assert lines[0].startswith("jiceng export: reading the bundled district")
    assert any("building the graph of 793 units" in line for line in lines)
    assert lines[-1].startswith("jiceng export: done")


def test_export_from_a_shell(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jiceng", "export", "--to", "gexf", "-o", str(tmp_path / "g.gexf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert from_networkx(nx.read_gexf(tmp_path / "g.gexf")) == jiceng.examples.tongchuan().hierarchy
