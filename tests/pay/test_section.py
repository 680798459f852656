from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import Field, ValidationError, create_model

import jiceng
from jiceng import SANGANG_SHIBAJI, XIAN_2020, Dataset, Hierarchy, IntegrityError, OrgUnit, Payroll
from jiceng.dataset import DatasetFile
from jiceng.pay import DEFAULT_UNIT_LEVELS
from jiceng.pay.section import SECTION

from .support import worker

PAY_KEYS = ("worker_levels", "pay_schemes", "workers")


def dumped(payroll: Payroll) -> dict[str, Any]:
    return {part.key: part.value for part in SECTION.dump(payroll)}


def io_sections(dataset: Dataset, tmp_path: Path) -> dict[str, Any]:
    """The pay sections that ``jiceng.dump`` writes, in file order."""
    path = tmp_path / "dumped.json"
    jiceng.dump(dataset, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in document.items() if key in PAY_KEYS}


def test_the_declaration() -> None:
    assert SECTION.domain == "pay"
    assert SECTION.engine is Payroll
    assert SECTION.aliases == ("payroll",)
    assert [f.name for f in SECTION.fields] == ["pay_schemes", "workers", "worker_levels"]


def test_the_bundled_payroll_round_trips(tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    raw = json.loads(Path(jiceng.examples.tongchuan_path()).read_text(encoding="utf-8"))
    document = DatasetFile.model_validate(raw)
    payroll = SECTION.build(SECTION.values(document), district.hierarchy)
    assert payroll == district.payroll
    assert payroll is not None
    assert payroll.hierarchy is district.hierarchy
    written = dumped(payroll)
    assert written == io_sections(district, tmp_path)
    assert written == {key: raw[key] for key in PAY_KEYS if key in raw}
    assert written["pay_schemes"] == ["tongchuan_2020"]
    assert [part.records for part in SECTION.dump(payroll)] == [True, True]


def test_settings_and_custom_schemes_round_trip(tmp_path: Path) -> None:
    h = Hierarchy(
        [
            OrgUnit(id="s", name="街道", level="street"),
            OrgUnit(id="c", name="社区", level="community", parent="s"),
        ]
    )
    custom = SANGANG_SHIBAJI.model_copy(
        update={"name": "custom", "illustrative": False, "effective_to": date(2023, 12, 31)}
    )
    later = XIAN_2020.model_copy(update={"effective_from": date(2024, 1, 1)})
    payroll = Payroll([later, custom], [worker(unit="c")], h, unit_levels=["community"])
    written = dumped(payroll)
    assert list(written) == ["worker_levels", "pay_schemes", "workers"]
    assert written["worker_levels"] == ["community"]
    assert written["pay_schemes"][0]["name"] == "custom"
    assert written["pay_schemes"][1]["name"] == "xian_2020"  # changed, so written out
    assert [part.records for part in SECTION.dump(payroll)] == [False, True, True]
    assert written == io_sections(Dataset(hierarchy=h, payroll=payroll), tmp_path)
    again = DatasetFile.model_validate({"format": "jiceng/1", "units": [], **written})
    assert SECTION.build(SECTION.values(again), h) == payroll


def test_the_fields_are_the_keys_it_dumps() -> None:
    h = Hierarchy([OrgUnit(id="s", name="街道", level="street")])
    payroll = Payroll(SANGANG_SHIBAJI, [], h, unit_levels=["street"])
    assert [part.key for part in SECTION.dump(payroll)] == list(PAY_KEYS)
    assert {f.name for f in SECTION.fields} == set(PAY_KEYS)
    default = Payroll(SANGANG_SHIBAJI, [], h)
    assert default.unit_levels == DEFAULT_UNIT_LEVELS
    assert [part.key for part in SECTION.dump(default)] == ["pay_schemes", "workers"]


def section_model() -> Any:
    fields: dict[str, Any] = {
        f.name: (f.annotation, Field(default=None, description=f.description or None))
        for f in SECTION.fields
    }
    return create_model("PayFields", **fields)


def test_the_fields_give_todays_json_schema() -> None:
    model = section_model()
    ours = model.model_json_schema()
    today = DatasetFile.model_json_schema()
    for field in SECTION.fields:
        assert ours["properties"][field.name] == today["properties"][field.name]
    for name, definition in ours["$defs"].items():
        assert definition == today["$defs"][name]


def test_an_unknown_scheme_name_is_refused_at_its_entry() -> None:
    with pytest.raises(ValidationError) as caught:
        section_model().model_validate({"pay_schemes": ["xian_2020", "nonesuch"]})
    (error,) = caught.value.errors()
    assert error["loc"] == ("pay_schemes", 1)
    assert "unknown built-in pay scheme 'nonesuch'" in error["msg"]


def test_build() -> None:
    h = Hierarchy([OrgUnit(id="c1", name="社区", level="community")])
    none: dict[str, Any] = {"pay_schemes": None, "workers": None, "worker_levels": None}
    assert SECTION.build(none, h) is None
    with pytest.raises(IntegrityError) as caught:
        SECTION.build({**none, "workers": [worker()]}, h)
    assert caught.value.codes == ("no_pay_scheme",)
    assert caught.value.problems[0].message == "the file has workers but no pay_schemes"
    empty = SECTION.build({**none, "pay_schemes": [SANGANG_SHIBAJI]}, h)
    assert empty == Payroll(SANGANG_SHIBAJI, [], h)
    with pytest.raises(IntegrityError) as caught:
        SECTION.build(
            {
                **none,
                "pay_schemes": [SANGANG_SHIBAJI],
                "workers": [worker()],
                "worker_levels": ["street"],
            },
            h,
        )
    assert caught.value.codes == ("unit_level",)
