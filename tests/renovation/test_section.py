from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pydantic
import pytest

import jiceng
from jiceng import EligibilityPolicy, Hierarchy, IntegrityError, Portfolio
from jiceng._section import Written
from jiceng.dataset import DatasetFile
from jiceng.renovation import DEFAULT_LEVEL, SECTION

from .data import project

NAMES = ["renovation_level", "renovation_policy", "projects"]


def parsed(written: Written) -> Any:
    """Read a written value back as the document field would."""
    field = next(f for f in SECTION.fields if f.name == written.key)
    return pydantic.TypeAdapter(field.annotation).validate_json(json.dumps(written.value))


def test_the_declaration() -> None:
    assert (SECTION.domain, SECTION.engine, SECTION.aliases) == (
        "renovation",
        Portfolio,
        ("projects",),
    )
    assert [f.name for f in SECTION.fields] == NAMES
    assert [f.description for f in SECTION.fields] == ["", "", ""]


def test_round_trip_of_the_bundled_portfolio() -> None:
    district = jiceng.examples.tongchuan()
    portfolio = district.projects
    assert portfolio is not None
    values = {
        "renovation_level": None,
        "renovation_policy": portfolio.policy,
        "projects": list(portfolio),
    }
    built = SECTION.build(values, district.hierarchy)
    assert built == portfolio
    assert built is not None
    assert built.hierarchy is district.hierarchy
    written = list(SECTION.dump(built))
    assert [(w.key, w.records) for w in written] == [
        ("renovation_policy", False),
        ("projects", True),
    ]
    again = SECTION.build(
        {"renovation_level": None, **{w.key: parsed(w) for w in written}}, district.hierarchy
    )
    assert again == portfolio


def test_a_level_other_than_the_default_is_written(town: Hierarchy) -> None:
    streets = Portfolio([project("a", "s1")], town, level="street")
    written = list(SECTION.dump(streets))
    assert [w.key for w in written] == [f.name for f in SECTION.fields]  # every field, in order
    assert written[0] == Written("renovation_level", "street")
    values = {w.key: parsed(w) for w in written}
    assert SECTION.build(values, town) == streets
    assert DEFAULT_LEVEL == "compound"


def test_what_each_field_makes(town: Hierarchy) -> None:
    nothing = dict.fromkeys(NAMES)
    assert SECTION.build(nothing, town) is None
    policy_only = SECTION.build({**nothing, "renovation_policy": EligibilityPolicy()}, town)
    assert policy_only == Portfolio([], town)
    assert list(SECTION.dump(Portfolio([], town))) == [
        Written("renovation_policy", EligibilityPolicy().model_dump(mode="json")),
        Written("projects", [], records=True),
    ]
    projects_only = SECTION.build({**nothing, "projects": [project()]}, town)
    assert projects_only == Portfolio([project()], town)
    with pytest.raises(IntegrityError) as caught:
        SECTION.build({**nothing, "projects": [project(compound="s1")]}, town)
    assert caught.value.codes == ("compound_level",)


def test_projects_are_written_without_their_defaults(town: Hierarchy) -> None:
    (_, records) = SECTION.dump(Portfolio([project()], town))
    assert records.value == [project().model_dump(mode="json", exclude_defaults=True)]
    assert "tags" not in records.value[0]


def test_the_section_is_what_dump_writes(tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    assert district.projects is not None
    path = tmp_path / "district.json"
    jiceng.dump(district, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    written = list(SECTION.dump(district.projects))
    for section in written:
        assert document[section.key] == section.value
    assert "renovation_level" not in document
    keys = [key for key in document if key in NAMES]
    assert keys == [w.key for w in written]
    head = DatasetFile.model_validate(document)
    assert SECTION.build(SECTION.values(head), district.hierarchy) == district.projects


def test_the_fields_have_the_document_schema() -> None:
    declared = pydantic.create_model(  # type: ignore[call-overload]
        "Declared", **{f.name: (f.annotation, None) for f in SECTION.fields}
    )
    ours = declared.model_json_schema()
    theirs = DatasetFile.model_json_schema()
    for name in NAMES:
        assert ours["properties"][name] == theirs["properties"][name]
    for definition, schema in ours["$defs"].items():
        assert theirs["$defs"][definition] == schema


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
