from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jiceng
from jiceng import (
    RURAL,
    URBAN_FIVE_LEVEL,
    DataFileError,
    Dataset,
    Hierarchy,
    IntegrityError,
    OrgUnit,
    dump,
    load,
)
from jiceng.testing import hierarchies

FORMATS = [".json", ".jsonl", ".csv"]


@pytest.mark.parametrize("suffix", FORMATS)
def test_bundled_district_round_trips(tmp_path: Path, suffix: str) -> None:
    district = jiceng.examples.tongchuan()
    path = tmp_path / f"district{suffix}"
    dump(district.hierarchy if suffix == ".csv" else district, path)
    again = load(path)
    assert again.hierarchy == district.hierarchy
    if suffix != ".csv":
        assert again == district  # name, description, projects, payroll and services too
        for engine in (again.projects, again.payroll, again.services):
            assert engine is not None
            assert engine.hierarchy is again.hierarchy
    second = tmp_path / f"again{suffix}"
    dump(again, second)
    assert second.read_bytes() == path.read_bytes()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40)
@given(h=hierarchies(max_units=25), suffix=st.sampled_from(FORMATS))
def test_load_dump_round_trip(tmp_path: Path, h: Hierarchy, suffix: str) -> None:
    path = tmp_path / f"h{suffix}"
    dump(Dataset(hierarchy=h, name="测试", description="generated"), path)
    loaded = load(path, scheme=h.scheme if suffix == ".csv" else None)
    assert loaded.hierarchy == h
    first = path.read_bytes()
    dump(loaded, path)
    assert path.read_bytes() == first


def test_json_layout_is_canonical(tmp_path: Path) -> None:
    h = Hierarchy(
        [
            OrgUnit(id="xc", name="西城街道", level="street", code="511702002000"),
            OrgUnit(id="xbj", name="小北街社区", level="community", parent="xc", tags=("试点",)),
        ]
    )
    path = tmp_path / "x.json"
    dump(h, path)
    assert path.read_text(encoding="utf-8") == (
        "{\n"
        ' "format": "jiceng/1",\n'
        ' "scheme": "urban_five_level",\n'
        ' "units": [\n'
        '  {"id": "xc", "name": "西城街道", "level": "street", "code": "511702002000"},\n'
        '  {"id": "xbj", "name": "小北街社区", "level": "community", "parent": "xc", '
        '"tags": ["试点"]}\n'
        " ]\n"
        "}\n"
    )
    empty = tmp_path / "empty.json"
    dump(Hierarchy([]), empty)
    assert load(empty).hierarchy == Hierarchy([])


def test_custom_scheme_is_written_in_full(tmp_path: Path) -> None:
    h = Hierarchy([OrgUnit(id="t", name="某镇", level="township")], RURAL)
    dump(h, tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["scheme"] == "rural"
    custom = RURAL.model_copy(update={"name": "rural_variant"})
    h2 = Hierarchy([OrgUnit(id="t", name="某镇", level="township")], custom)
    dump(h2, tmp_path / "c.jsonl")
    header = json.loads((tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert header["scheme"]["name"] == "rural_variant"
    assert load(tmp_path / "c.jsonl").hierarchy == h2


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        load(tmp_path / "missing.json")
    assert caught.value.unreadable
    assert "missing.json" in str(caught.value)
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "units.txt", "x"))
    assert caught.value.unreadable
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "broken.json", '{"format": "jiceng/1", "units": [}'))
    assert caught.value.unreadable
    assert isinstance(caught.value.__cause__, Exception)
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "empty.csv", ""))
    assert caught.value.unreadable


def test_json_record_errors_name_record_and_field(tmp_path: Path) -> None:
    document = {
        "format": "jiceng/1",
        "units": [
            {"id": "s", "name": "街道", "level": "street"},
            {"id": "c", "name": "社区", "level": "community", "parent": "s", "households": -1},
            {"id": "g", "name": "", "level": "grid", "parent": "c"},
        ],
    }
    path = write(tmp_path / "bad.json", json.dumps(document, ensure_ascii=False))
    with pytest.raises(DataFileError) as caught:
        load(path)
    error = caught.value
    assert not error.unreadable
    assert (error.record, error.field) == (1, "households")
    assert [(d.record, d.field) for d in error.details] == [(1, "households"), (2, "name")]
    assert str(error).startswith(f"{path}: record 1, field 'households'")
    assert "(and 1 more)" in str(error)


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ({"format": "jiceng/2", "units": []}, "format"),
        ({"format": "jiceng/1", "scheme": "county", "units": []}, "scheme"),
        ({"format": "jiceng/1"}, "units"),
        ({"format": "jiceng/1", "units": [], "extra": 1}, "extra"),
    ],
)
def test_json_document_errors(tmp_path: Path, document: dict[str, object], field: str) -> None:
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "doc.json", json.dumps(document)))
    assert caught.value.field == field


def test_jsonl_errors_name_every_bad_line(tmp_path: Path) -> None:
    path = write(
        tmp_path / "u.jsonl",
        '{"format": "jiceng/1"}\n'
        '{"id": "s", "name": "街道", "level": "street"}\n'
        "\n"
        '{"id": "c", "name": "社区", "level": "community", "parent": "s", "population": -3}\n'
        '{"id": "d", "name": "社区", "level": "community", "parent": "s"}\n'
        '{"id": "e", "level": "community"}\n',
    )
    with pytest.raises(DataFileError) as caught:
        load(path)
    assert [(d.line, d.record, d.field) for d in caught.value.details] == [
        (4, 1, "population"),
        (6, 3, "name"),
    ]
    assert str(caught.value).startswith(f"{path}: line 4, record 1, field 'population'")


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "s", "name": "街道", "level": "street"}, '
        '{"id": "t", "name": "街", "level": "street"}\n',
        '{"id": "s", "name": "街道", "level": "street"\n',
        '{"format": "jiceng/1", "colour": "red"}\n',
        '{"format": "other"}\n',
        '{"format": "jiceng/1", "scheme": "county"}\n',
    ],
)
def test_jsonl_malformed(tmp_path: Path, text: str) -> None:
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "m.jsonl", text))
    assert caught.value.line == 1


def test_jsonl_without_header_uses_given_scheme(tmp_path: Path) -> None:
    path = write(tmp_path / "r.jsonl", '{"id": "t", "name": "某镇", "level": "township"}\n')
    assert load(path, scheme=RURAL).scheme == RURAL
    with pytest.raises(IntegrityError):
        load(path)  # the default scheme has no township level


def test_csv_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path / "u.csv",
        "id,name,level,parent,households\n"
        "s,西城街道,street,,\n"
        "c,小北街社区,community,s,-5\n"
        "d,大北街社区,community,s,many\n"
        "e,东街社区,community,s,12.5\n",
    )
    with pytest.raises(DataFileError) as caught:
        load(path)
    assert [(d.line, d.record, d.field) for d in caught.value.details] == [
        (3, 1, "households"),
        (4, 2, "households"),
        (5, 3, "households"),
    ]
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "cols.csv", "id,name,level,colour\ns,街道,street,red\n"))
    assert (caught.value.line, caught.value.field) == (1, "colour")
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "twice.csv", "id,name,level,name\ns,街道,street,x\n"))
    assert caught.value.field == "name"
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "cells.csv", "id,name,level\ns,街道,street,extra\n"))
    assert caught.value.line == 2


def test_csv_encodings_and_tags(tmp_path: Path) -> None:
    text = (
        "id,name,level,parent,tags\n"
        "xc,西城街道,street,,\n"
        "xbj,小北街社区,community,xc,智慧社区;试点\n"
    )
    for encoding in ("utf-8", "utf-8-sig"):
        h = load(write(tmp_path / f"{encoding}.csv", text, encoding)).hierarchy
        assert h["xbj"].tags == ("智慧社区", "试点")
        assert h["xc"].name == "西城街道"
    gbk = write(tmp_path / "gbk.csv", text, "gb18030")
    assert load(gbk, encoding="gb18030").hierarchy["xbj"].name == "小北街社区"
    assert load(gbk).hierarchy == load(gbk, encoding="gb18030").hierarchy  # found unnamed
    with pytest.raises(DataFileError) as caught:
        load(gbk, encoding="utf-8")
    assert caught.value.unreadable
    assert "utf-8" in str(caught.value)
    out = tmp_path / "out.csv"
    dump(load(gbk, encoding="gb18030"), out, encoding="gb18030")
    assert load(out, encoding="gb18030").hierarchy == load(gbk, encoding="gb18030").hierarchy


def test_integrity_errors_name_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "loop.csv", "id,name,level,parent\na,甲,street,b\nb,乙,street,a\n")
    with pytest.raises(IntegrityError) as caught:
        load(path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(str(path))
    assert caught.value.codes == ("cycle", "level_not_admitted")


def test_scheme_given_and_named_must_agree(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    dump(Hierarchy([OrgUnit(id="t", name="某镇", level="township")], RURAL), path)
    assert load(path, scheme=RURAL).scheme == RURAL
    with pytest.raises(DataFileError) as caught:
        load(path, scheme=URBAN_FIVE_LEVEL)
    assert caught.value.field == "scheme"


def test_format_argument(tmp_path: Path) -> None:
    path = tmp_path / "district.data"
    h = Hierarchy([OrgUnit(id="xc", name="西城街道", level="street")])
    dump(h, path, format="jsonl")
    assert load(path, format="jsonl").hierarchy == h
    with pytest.raises(ValueError, match="format must be"):
        dump(h, path, format="xml")  # type: ignore[arg-type]


def test_failed_dump_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text("old", encoding="utf-8")
    bad = Hierarchy([OrgUnit(id="xc", name="西城街道", level="street", tags=("a;b",))])
    with pytest.raises(ValueError, match="tag containing"):
        dump(bad, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["units.csv"]


def test_jsonl_line_endings_blank_lines_and_bom(tmp_path: Path) -> None:
    lines = [
        '{"format": "jiceng/1", "name": "西城"}',
        '{"id": "xc", "name": "西城街道", "level": "street"}',
        "",
        '{"id": "xbj", "name": "小北街社区", "level": "community", "parent": "xc"}',
        "",
    ]
    expected = Hierarchy(
        [
            OrgUnit(id="xc", name="西城街道", level="street"),
            OrgUnit(id="xbj", name="小北街社区", level="community", parent="xc"),
        ]
    )
    for newline in ("\n", "\r\n"):
        for text in (newline.join(lines), newline.join(line for line in lines if line)):
            path = tmp_path / "x.jsonl"
            path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
            loaded = load(path)
            assert loaded.hierarchy == expected
            assert loaded.name == "西城"
    header_only = write(tmp_path / "h.jsonl", '{"format": "jiceng/1"}')
    assert len(load(header_only).hierarchy) == 0
    assert len(load(write(tmp_path / "e.jsonl", "")).hierarchy) == 0


def test_json_in_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.json"
    unit = '{"id": "xc", "name": "西城街道", "level": "street"}'
    path.write_bytes(('{"format": "jiceng/1", "units": [' + unit + "]}").encode("gb18030"))
    assert load(path, encoding="gb18030").hierarchy["xc"].name == "西城街道"
    with pytest.raises(DataFileError) as caught:
        load(path)
    assert caught.value.unreadable
    jsonl = tmp_path / "gbk.jsonl"
    jsonl.write_bytes('{"id": "xc", "name": "西城街道", "level": "street"}\n'.encode("gb18030"))
    assert load(jsonl, encoding="gb18030").hierarchy["xc"].name == "西城街道"
    with pytest.raises(DataFileError) as caught:
        load(jsonl)
    assert caught.value.unreadable


def test_csv_reports_the_line_a_record_starts_on_and_every_bad_row(tmp_path: Path) -> None:
    path = write(
        tmp_path / "q.csv",
        "id,name,level,parent,households\n"
        's,"西城\n街道",street,,-1\n'
        "c,社区,community,s\n"
        "d,社区,community,s,-3\n",
    )
    with pytest.raises(DataFileError) as caught:
        load(path)
    assert [(d.line, d.field) for d in caught.value.details] == [
        (2, "name"),  # a line break is a control character, refused in a name
        (2, "households"),
        (4, None),
        (5, "households"),
    ]


def test_csv_byte_order_mark_with_an_explicit_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.csv", "\ufeffid,name,level\nxc,西城街道,street\n")
    assert len(load(path, encoding="utf-8").hierarchy) == 1
    with pytest.raises(DataFileError) as caught:
        load(path, encoding="no-such-codec")
    assert caught.value.unreadable
    with pytest.raises(DataFileError):
        load(write(tmp_path / "x.json", "{}"), encoding="no-such-codec")


def test_jsonl_names_with_unicode_line_separators(tmp_path: Path) -> None:
    text = (
        '{"id": "a", "name": "甲\u2028乙", "level": "street"}\n'
        "\n"
        '{"id": "b", "name": "丙\u2029丁", "level": "street"}\n'
    )
    h = load(write(tmp_path / "sep.jsonl", text)).hierarchy
    assert [u.name for u in h] == ["甲\u2028乙", "丙\u2029丁"]


def test_jsonl_deeply_nested_header(tmp_path: Path) -> None:
    deep = '{"format": "jiceng/1", "name": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    with pytest.raises(DataFileError) as caught:
        load(write(tmp_path / "deep.jsonl", deep))
    assert caught.value.line == 1


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=20)
@given(h=hierarchies(max_units=15))
def test_written_files_match_the_published_schema(tmp_path: Path, h: Hierarchy) -> None:
    import jsonschema

    from jiceng.dataset import DatasetFile

    schema = DatasetFile.model_json_schema()
    path = tmp_path / "h.json"
    dump(h, path)
    jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


def test_the_bundled_dataset_matches_the_published_schema(tmp_path: Path) -> None:
    import jsonschema

    from jiceng.dataset import DatasetFile

    schema = DatasetFile.model_json_schema()
    path = tmp_path / "t.json"
    dump(jiceng.examples.tongchuan(), path)
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**document, "scheme": "nonesuch"}, schema)


def test_engine_settings_and_empty_sections_round_trip(tmp_path: Path) -> None:
    from jiceng import Payroll, Portfolio, ServiceCatalogue

    h = Hierarchy([OrgUnit(id="s", name="街道", level="street")])
    dataset = Dataset(
        hierarchy=h,
        projects=Portfolio([], h, level="street"),
        payroll=Payroll(jiceng.SANGANG_SHIBAJI, [], h, unit_levels=["street"]),
        services=ServiceCatalogue([], [], [], h, centre_levels=["street"]),
    )
    for suffix in (".json", ".jsonl"):
        path = tmp_path / f"settings{suffix}"
        dump(dataset, path)
        again = load(path)
        assert again == dataset
        assert again.services is not None
        assert again.projects is not None
        assert again.projects.level == "street"


def test_problems_of_every_engine_are_reported_together(tmp_path: Path) -> None:
    document = json.loads((Path(jiceng.examples.tongchuan_path())).read_text(encoding="utf-8"))
    document["projects"][0]["compound"] = "nowhere"
    document["workers"][0]["unit"] = "nowhere"
    document["centres"][0]["unit"] = "nowhere"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IntegrityError) as caught:
        load(path)
    assert caught.value.codes == ("unknown_compound", "unknown_unit")
    assert len(caught.value.problems) == 3


def test_nested_fields_name_their_entry(tmp_path: Path) -> None:
    document = json.loads((Path(jiceng.examples.tongchuan_path())).read_text(encoding="utf-8"))
    document["projects"][2]["measures"][1]["cost"] = "-1"
    path = tmp_path / "nested.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load(path)
    assert (caught.value.record, caught.value.field) == (2, "projects.measures[1].cost")


# --- hostile text in CSV, files that are not files, costs that stay linear --------------------

HOSTILE = st.text(
    alphabet=st.sampled_from(list("'=+-@\t\r\n\x00\x1b\x1c\x1d\x1e\x1f\x85\u2028\u2029,\";| a中")),
    max_size=12,
)
TEXT_FIELDS = ("id", "name", "org_name", "tags")


def _accepted(values: dict[str, object]) -> OrgUnit:
    """A unit with ``values`` where ``OrgUnit`` accepts them, ``x`` in every field it refuses."""
    from pydantic import ValidationError

    for _ in range(len(values) + 1):
        try:
            return OrgUnit.model_validate(values)
        except ValidationError as error:
            for item in error.errors():
                field = str(item["loc"][0])
                values[field] = ("x",) if field == "tags" else "x"
    raise AssertionError(values)  # pragma: no cover


@st.composite
def hostile_units(draw: st.DrawFn) -> Hierarchy:
    text = draw(st.one_of(HOSTILE, st.text(max_size=12)))
    root = _accepted(
        {
            "id": text or "r",
            "name": draw(st.one_of(HOSTILE, st.text(max_size=12))) or "n",
            "level": "street",
            "org_name": draw(st.one_of(HOSTILE, st.text(max_size=12))) or None,
            "tags": tuple(
                tag.replace(";", "") or "t"
                for tag in draw(st.lists(st.one_of(HOSTILE, st.text(max_size=8)), max_size=3))
            ),
        }
    )
    child = _accepted(
        {
            "id": (draw(HOSTILE) or "c") + "/child",
            "name": draw(HOSTILE) or "n",
            "level": "community",
            "parent": root.id,
        }
    )
    return Hierarchy([root, child] if child.id != root.id else [root])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=150)
@given(h=hostile_units(), suffix=st.sampled_from(FORMATS))
def test_arbitrary_text_in_every_text_field_round_trips(
    tmp_path: Path, h: Hierarchy, suffix: str
) -> None:
    path = tmp_path / f"hostile{suffix}"
    dump(h, path)
    assert load(path).hierarchy == h
    if suffix == ".csv":
        import csv
        import io

        text = path.read_text(encoding="utf-8")
        for row in csv.reader(io.StringIO(text, newline="")):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


@given(text=st.text())
def test_the_formula_escape_round_trips_every_string(text: str) -> None:
    from jiceng.io import escape_cell, unescape_cell

    escaped = escape_cell(text)
    assert unescape_cell(escaped) == text
    assert not escaped.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert escaped in (text, "'" + text)


@pytest.mark.parametrize(
    "name",
    ["x\u2028y", "\u2029", "x" * 140_000],
    ids=["unicode-line-separator", "only-paragraph-separator", "long"],
)
def test_csv_holds_unicode_line_breaks_and_long_fields(tmp_path: Path, name: str) -> None:
    # Control characters (\r, \x1c-\x1f, \x85) can no longer be in any unit's text, so what a
    # unit can hold that splits lines is the Unicode separators; the rows themselves hold any
    # text (the next test).
    h = Hierarchy(
        [
            OrgUnit(id="r", name="root", level="street", tags=("x\u2028", "a\u2029b")),
            OrgUnit(id="c", name="c" + name, level="community", parent="r"),
        ]
    )
    path = tmp_path / "units.csv"
    dump(h, path)
    assert load(path).hierarchy == h


@given(cells=st.lists(st.text(), min_size=1, max_size=4))
def test_csv_rows_hold_any_text(cells: list[str]) -> None:
    import csv as csv_module
    import io as stdio

    from jiceng._csv import _csv_row

    row = _csv_row(cells)
    assert next(csv_module.reader(stdio.StringIO(row, newline=""))) == cells or cells == [""]


def test_csv_neutralises_formulas_and_restores_them(tmp_path: Path) -> None:
    h = Hierarchy(
        [
            OrgUnit(
                id="=cmd|'/c calc'!A1",
                name="+SUM(1)",
                level="street",
                org_name="@x",
                tags=("-1", "=2"),
            ),
            OrgUnit(
                id="'=quoted",
                name="'plain",
                level="community",
                parent="=cmd|'/c calc'!A1",
                households=5,
            ),
        ]
    )
    path = tmp_path / "units.csv"
    dump(h, path)
    rows = path.read_text(encoding="utf-8").splitlines()
    assert rows[1] == "'=cmd|'/c calc'!A1,'+SUM(1),street,,'@x,,,,,,,,,,,,,'-1;=2"
    assert rows[2].startswith("''=quoted,'plain,community,'=cmd|'/c calc'!A1,")
    assert ",5," in rows[2]
    assert load(path).hierarchy == h


def test_csv_reads_a_hand_written_formula_cell_as_it_is(tmp_path: Path) -> None:
    path = write(tmp_path / "hand.csv", "id,name,level\nxc,=1+1,street\nxb,'=2,street\n")
    assert [u.name for u in load(path).hierarchy] == ["=1+1", "=2"]


def test_dump_refuses_text_the_encoding_cannot_hold(tmp_path: Path) -> None:
    path = tmp_path / "ascii.jsonl"
    path.write_text("old", encoding="utf-8")
    h = Hierarchy([OrgUnit(id="xc", name="西城街道", level="street")])
    with pytest.raises(jiceng.DumpError, match="ascii"):
        dump(h, path, format="csv", encoding="ascii")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["ascii.jsonl"]


def test_files_that_are_not_regular_files_are_refused(tmp_path: Path) -> None:
    import os
    import threading

    with pytest.raises(DataFileError, match="not a regular file") as caught:
        load("/dev/zero", format="csv")
    assert caught.value.unreadable
    with pytest.raises(DataFileError, match="folder"):
        load(tmp_path, format="json")
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            load(fifo)
        except DataFileError as error:
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # pragma: no cover - the hang being tested; release it
        with fifo.open("w"):
            pass
        reader.join(5)
        pytest.fail("reading a named pipe hung")
    assert outcome
    assert "named pipe" in str(outcome[0])


@pytest.mark.parametrize(
    "raw",
    [
        b'{"format": "jiceng/1", "name": "\xff"}\n{"id": "a", "name": "x", "level": "street"}\n',
        b'{"format": "jiceng/1"}\n{"id": "a", "name": "\xff", "level": "street"}\n',
        b'{"id": "a", "name": "\xff", "format": 1, "level": "street"}\n',
        b'{"id": "a", "name": "\xff", "level": "street"}\n',
    ],
)
def test_an_undecodable_jsonl_file_is_unreadable(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(raw)
    with pytest.raises(DataFileError, match="cannot decode") as caught:
        load(path)
    assert caught.value.unreadable


def test_a_header_of_many_repeated_columns_is_checked_in_linear_time(tmp_path: Path) -> None:
    import time

    path = write(tmp_path / "wide.csv", ",".join(["name"] * 40_000) + "\nx\n")
    started = time.perf_counter()
    with pytest.raises(DataFileError, match="column given twice") as caught:
        load(path)
    assert time.perf_counter() - started < 1.0
    assert [d.field for d in caught.value.details] == ["name"]
    path = write(tmp_path / "unknown.csv", ",".join(["colour"] * 40_000) + "\nx\n")
    started = time.perf_counter()
    with pytest.raises(DataFileError) as caught:
        load(path)
    assert time.perf_counter() - started < 1.0
    assert [d.message for d in caught.value.details] == ["not a unit field", "column given twice"]
