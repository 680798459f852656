from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import jiceng
from jiceng import Hierarchy, IntegrityError
from jiceng.dataset import DatasetFile
from jiceng.services import DEFAULT_CENTRE_LEVELS, ServiceCatalogue, WalkingTime
from jiceng.services.section import SECTION

from .builders import catalogue, item

NAMES = ["departments", "services", "centres", "walking_times", "centre_levels"]


def values(cat: ServiceCatalogue) -> dict[str, Any]:
    """The field values a file holding ``cat``'s sections validates to."""
    document = {part.key: part.value for part in SECTION.dump(cat)}
    head = DatasetFile.model_validate({"format": "jiceng/1", "units": [], **document})
    return SECTION.values(head)


def test_the_declaration() -> None:
    assert SECTION.domain == "services"
    assert SECTION.engine is ServiceCatalogue
    assert SECTION.aliases == ()
    assert [field.name for field in SECTION.fields] == NAMES
    assert [field.description for field in SECTION.fields] == [""] * 5
    for field in SECTION.fields:
        assert field.annotation == DatasetFile.model_fields[field.name].annotation


def test_the_fields_name_the_keys_it_dumps(town: Hierarchy) -> None:
    cat = catalogue(
        town,
        walking=[WalkingTime(a="centre", b="k1", minutes=4)],
        centre_levels=("community", "grid"),
    )
    keys = [part.key for part in SECTION.dump(cat)]
    assert keys == ["centre_levels", "departments", "services", "centres", "walking_times"]
    assert set(keys) == {field.name for field in SECTION.fields}
    assert [part.records for part in SECTION.dump(cat)] == [False, True, True, True, True]


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"walking": [WalkingTime(a="centre", b="k1", minutes=4)]},
        {"centre_levels": ("community", "grid")},
    ],
)
def test_round_trip(town: Hierarchy, extra: dict[str, Any]) -> None:
    cat = catalogue(town, **extra)
    again = SECTION.build(values(cat), town)
    assert again == cat
    assert again is not None
    assert again.hierarchy is town
    assert again.centre_levels == cat.centre_levels


def test_defaults_are_left_out(town: Hierarchy) -> None:
    written = {part.key: part.value for part in SECTION.dump(catalogue(town))}
    assert list(written) == ["departments", "services", "centres"]
    assert written["services"][0] == {
        "id": "a",
        "name": "高龄补贴",
        "type": "benefit",
        "department": "mz",
        "channels": ["window", "online"],
        "visits": 0,
        "applicants": ["natural_person"],
    }
    empty = ServiceCatalogue([], [], [], town)
    assert [(part.key, part.value) for part in SECTION.dump(empty)] == [("departments", [])]
    assert SECTION.build(values(empty), town) == empty


def test_a_file_without_lists_has_no_catalogue(town: Hierarchy) -> None:
    nothing = dict.fromkeys(NAMES)
    assert SECTION.build(nothing, town) is None
    assert SECTION.build({**nothing, "centre_levels": ["street"]}, town) is None
    built = SECTION.build({**nothing, "walking_times": []}, town)
    assert built == ServiceCatalogue([], [], [], town)
    assert built is not None
    assert built.centre_levels == DEFAULT_CENTRE_LEVELS


def test_build_reports_every_problem(town: Hierarchy) -> None:
    with pytest.raises(IntegrityError) as caught:
        SECTION.build({**dict.fromkeys(NAMES), "services": [item("a"), item("a")]}, town)
    assert caught.value.codes == ("duplicate_id", "unknown_department")


def test_the_bundled_district_as_the_file_has_it(tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    path = tmp_path / "tongchuan.json"
    jiceng.dump(district, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert district.services is not None
    for part in SECTION.dump(district.services):
        assert document[part.key] == part.value
    present = [key for key in NAMES if key in document]
    assert present == [part.key for part in SECTION.dump(district.services)]
    head = DatasetFile.model_validate(document)
    assert SECTION.build(SECTION.values(head), district.hierarchy) == district.services
