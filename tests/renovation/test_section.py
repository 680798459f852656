from __future__ import annotations

import json
from pathlib import Path

import pytest

import jiceng
from jiceng import Hierarchy, IntegrityError, Portfolio

from .data import project

# -- data files ------------------------------------------------------------------------------


def test_csv_cannot_hold_projects(tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    with pytest.raises(ValueError, match="CSV holds units only"):
        jiceng.dump(district, tmp_path / "d.csv")
    jiceng.dump(district.hierarchy, tmp_path / "d.csv")
    assert jiceng.load(tmp_path / "d.csv").projects is None


def test_bad_projects_in_a_file(tmp_path: Path) -> None:
    document = {
        "format": "jiceng/1",
        "units": [{"id": "s", "name": "街道", "level": "street"}],
        "projects": [
            project(compound="s").model_dump(mode="json"),
            {**project("p2").model_dump(mode="json"), "households": -3},
        ],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(jiceng.DataFileError) as caught:
        jiceng.load(path)
    assert (caught.value.record, caught.value.field) == (1, "projects.households")
    document["projects"] = document["projects"][:1]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IntegrityError) as integrity:
        jiceng.load(path)
    assert integrity.value.source == str(path)
    assert integrity.value.codes == ("compound_level",)


def test_bad_projects_in_a_jsonl_header(tmp_path: Path) -> None:
    header = {"format": "jiceng/1", "projects": [{**project().model_dump(mode="json"), "batch": 1}]}
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps(header) + "\n" + '{"id": "s", "name": "街道", "level": "street"}\n',
        encoding="utf-8",
    )
    with pytest.raises(jiceng.DataFileError) as caught:
        jiceng.load(path)
    assert (caught.value.line, caught.value.record, caught.value.field) == (1, 0, "projects.batch")


def test_dataset_checks_its_engines(town: Hierarchy) -> None:
    portfolio = Portfolio([project()], town)
    other = Hierarchy(list(town))
    with pytest.raises(ValueError, match="dataset's hierarchy"):
        jiceng.Dataset(hierarchy=other, projects=portfolio)
    assert jiceng.Dataset(hierarchy=town, projects=portfolio).projects is portfolio
