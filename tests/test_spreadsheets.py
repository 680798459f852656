"""Government spreadsheets: Chinese headers and level names, extra columns, counts, one pass."""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import jiceng
from jiceng import Attributes, DataFileError, Hierarchy, IntegrityError, OrgUnit
from jiceng.io import CHINESE_HEADERS, HEADERS, dump, dumps, load, loads
from jiceng.testing import hierarchies
from jiceng.types import NO_ATTRIBUTES
from jiceng.units import UNIT_FIELDS

DATA = Path(__file__).parent / "data" / "spreadsheets"

EXPECTED_ATTRIBUTES = {
    "511702002": {},
    "511702002002": {"联系电话": "0818-2123456"},
    "xbj-g1": {"网格员": "张三", "联系电话": "13800000000"},
    "xbj-g2": {"网格员": "李四", "联系电话": "13900000000"},
    "xbj-g1-cl": {"网格员": "张三"},
    "xbj-g1-cl-1": {},
}


@pytest.mark.parametrize(
    ("name", "encoding", "mark"),
    [
        ("community-export.csv", None, "\ufeff".encode("gb18030")),  # GB18030, not named
        ("community-export.csv", "gb18030", "\ufeff".encode("gb18030")),
        ("community-export-bom.csv", None, "\ufeff".encode()),  # UTF-8
    ],
)
def test_the_sample_exports_load_with_extra_columns_kept(
    name: str, encoding: str | None, mark: bytes
) -> None:
    raw = (DATA / name).read_bytes()
    assert raw.startswith(mark)  # each sample has its encoding's byte-order mark
    assert b"\r\n" in raw
    h = load(DATA / name, encoding=encoding, extra="keep").hierarchy
    assert [unit.level for unit in h] == [
        "street",
        "community",
        "grid",
        "compound",
        "building",
        "grid",
    ]
    street = h["511702002"]
    assert (street.households, street.population, street.party_members) == (12850, 38120, 612)
    assert h["xbj-g1"].population == 3100  # written 3100.0
    assert h["xbj-g1-cl-1"].built_year == 2004  # written 2004.0
    assert {unit.id: dict(unit.attributes) for unit in h} == EXPECTED_ATTRIBUTES
    assert type(h["xbj-g1"].attributes["联系电话"]) is str
    dropped = load(DATA / name, encoding=encoding, extra="drop").hierarchy
    assert all(not unit.attributes for unit in dropped)
    with pytest.raises(DataFileError) as caught:
        load(DATA / name, encoding=encoding)
    assert [(d.line, d.field) for d in caught.value.details] == [(1, "网格员"), (1, "联系电话")]


def test_both_samples_hold_the_same_units() -> None:
    gb = load(DATA / "community-export.csv", encoding="gb18030", extra="keep")
    bom = load(DATA / "community-export-bom.csv", extra="keep")
    auto = load(DATA / "community-export.csv", encoding="auto", extra="keep")
    found = load(DATA / "community-export.csv", extra="keep")  # GB18030 without being named
    assert gb == bom == auto == found


def test_a_gb18030_byte_order_mark_is_read_and_dropped() -> None:
    text = "编号,名称,层级\r\nxc,西城街道,街道\r\n"
    marked = "\ufeff".encode("gb18030") + text.encode("gb18030")
    assert marked[:4] == b"\x84\x31\x95\x33"
    assert loads(marked, format="csv") == loads(text, format="csv")


def test_csv_bytes_neither_utf8_nor_gb18030_fail_as_utf8() -> None:
    with pytest.raises(DataFileError, match="cannot decode as utf-8") as caught:
        loads(b"id,name,level\n\xff\xff,x,street\n", format="csv")
    assert caught.value.unreadable


def test_undecodable_bytes_that_read_as_gb18030_say_so() -> None:
    with pytest.raises(DataFileError) as caught:
        load(DATA / "community-export.csv", encoding="utf-8", extra="keep")
    assert caught.value.unreadable
    assert 'looks like gb18030: pass encoding="gb18030"' in str(caught.value)
    with pytest.raises(DataFileError, match="looks like gb18030"):
        loads(b"{}" + "社区".encode("gb18030"), format="json")


def test_the_mistakes_sample_reports_every_problem_with_its_lines() -> None:
    with pytest.raises(DataFileError) as caught:
        load(DATA / "mistakes.csv")
    error = caught.value
    assert [(d.line, d.code, d.field) for d in error.details] == [
        (3, None, "households"),
        (4, "duplicate_id", None),
        (6, "unknown_parent", None),
        (7, "unknown_level", None),
    ]
    assert [(p.code, p.ids, p.lines) for p in error.problems] == [
        ("duplicate_id", ("qt",), (4, 5)),
        ("unknown_parent", ("yt", "nowhere"), (6,)),
        ("unknown_level", ("lx",), (7,)),
    ]
    assert str(error.details[1]).startswith("lines 4, 5: duplicate_id: id 'qt'")
    unknown = error.problems[-1].message
    assert "'居委会'" in unknown
    assert "grid (网格, 网格党总支, 片区)" in unknown


def _rows(*rows: str) -> str:
    return "编号,名称,层级,上级编号,户数\n" + "".join(row + "\n" for row in rows)


def test_an_invalid_row_still_counts_for_ids_and_parents() -> None:
    text = _rows(
        "xc,西城街道,街道,,", "xbj,小北街社区,社区,xc,-5", "g,网格,网格,xbj,", "g,网格,网格,xbj,"
    )
    with pytest.raises(DataFileError) as caught:
        loads(text, format="csv")
    # g's parent xbj is invalid but present: no unknown parent; the duplicate is reported
    assert [(p.code, p.lines) for p in caught.value.problems] == [("duplicate_id", (4, 5))]


def test_structural_problems_alone_raise_integrity_error_with_lines() -> None:
    with pytest.raises(IntegrityError) as caught:
        loads(_rows("xc,西城街道,街道,,", "a,甲,社区,nowhere,", "xc,又,街道,,"), format="csv")
    assert [(p.code, p.lines) for p in caught.value.problems] == [
        ("duplicate_id", (2, 4)),
        ("unknown_parent", (3,)),
    ]
    assert "(lines 2, 4)" in str(caught.value)


def test_json_lines_and_json_report_both_kinds_in_one_error() -> None:
    lines = [
        '{"id": "xc", "name": "西城街道", "level": "street"}',
        '{"id": "a", "name": "甲", "level": "community", "parent": "xc", "households": -1}',
        '{"id": "b", "name": "乙", "level": "community", "parent": "xc"}',
        '{"id": "b", "name": "丙", "level": "community", "parent": "xc"}',
    ]
    with pytest.raises(DataFileError) as caught:
        loads("\n".join(lines) + "\n", format="jsonl")
    assert [(d.line, d.code) for d in caught.value.details] == [(2, None), (3, "duplicate_id")]
    assert caught.value.problems[0].lines == (3, 4)
    document = '{"format": "jiceng/1",\n "units": [\n  ' + ",\n  ".join(lines) + "\n ]}\n"
    with pytest.raises(DataFileError) as caught:
        loads(document, format="json")
    assert [(d.record, d.line, d.code) for d in caught.value.details] == [
        (1, None, None),
        (None, 5, "duplicate_id"),
    ]
    assert caught.value.problems[0].lines == (5, 6)
    fixed = document.replace(', "households": -1', "")
    with pytest.raises(IntegrityError) as integrity:
        loads(fixed, format="json")
    assert [(p.code, p.lines) for p in integrity.value.problems] == [("duplicate_id", (5, 6))]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("1200", 1200), ("1,200", 1200), ("1,200,000", 1200000), ("1200.0", 1200), ("1,200.00", 1200)],
)
def test_counts_as_spreadsheets_write_them(cell: str, value: int) -> None:
    h = loads(_rows(f'xc,西城街道,街道,,"{cell}"'), format="csv").hierarchy
    assert h["xc"].households == value


@pytest.mark.parametrize("cell", ["1,20", "1.5", "1e3", "１２００", "12,00.0", "1 200", ",120"])
def test_counts_that_are_not_whole_numbers_are_refused(cell: str) -> None:
    with pytest.raises(DataFileError) as caught:
        loads(_rows(f'xc,西城街道,街道,,"{cell}"'), format="csv")
    assert caught.value.field == "households"


def test_headers_are_recognised_and_columns_maps_others() -> None:
    text = "\ufeff 单位编号 ,单位名称,级别,上级代码,常住人口,区划代码\n"
    text += "xc,西城街道,街道,,9,511702002000\n"
    with pytest.raises(DataFileError) as caught:
        loads(text, format="csv")
    assert [d.field for d in caught.value.details] == ["单位编号"]
    unit = loads(text, format="csv", columns={"单位编号": "id"}).hierarchy["xc"]
    assert (unit.name, unit.level, unit.population, unit.code) == (
        "西城街道",
        "street",
        9,
        "511702002000",
    )
    with pytest.raises(DataFileError, match="not in the header"):
        loads(text, format="csv", columns={"单位编号": "id", "户数": "households"})
    with pytest.raises(DataFileError, match="column given twice"):
        loads("编号,ID,名称,层级\na,a,甲,street\n", format="csv")


@pytest.mark.parametrize(
    ("cell", "level"),
    [
        ("street", "street"),
        ("街道", "street"),
        ("街道党工委", "street"),
        ("网格", "grid"),
        ("片区", "grid"),
        ("网格党总支", "grid"),
        ("residential compound", "compound"),
        ("楼栋", "building"),
    ],
)
def test_levels_by_name(cell: str, level: str) -> None:
    assert loads(_rows(f"x,某,{cell},,"), format="csv").hierarchy["x"].level == level


def test_rural_names_resolve_in_the_rural_scheme() -> None:
    h = loads(_rows("t,镇,乡镇,,", "v,村,村党组织,t,"), format="csv", scheme=jiceng.RURAL)
    assert [u.level for u in h.hierarchy] == ["township", "village"]


def test_headers_table_names_only_fields() -> None:
    assert set(HEADERS.values()) <= set(UNIT_FIELDS)
    assert all(HEADERS[header] == field for field, header in CHINESE_HEADERS.items())


# -- attributes ------------------------------------------------------------------------------


def test_attributes_are_immutable_hashable_and_shared_when_empty() -> None:
    a = OrgUnit(id="a", name="甲", level="street")
    b = OrgUnit(id="b", name="乙", level="street", attributes={})
    assert a.attributes is NO_ATTRIBUTES
    assert b.attributes is NO_ATTRIBUTES
    c = OrgUnit(id="c", name="丙", level="street", attributes={"电话": "138", "n": 1, "x": 0.5})
    d = OrgUnit(id="c", name="丙", level="street", attributes={"x": 0.5, "n": 1, "电话": "138"})
    assert c == d
    assert hash(c) == hash(d)
    assert pickle.loads(pickle.dumps(c)) == c
    assert isinstance(c.attributes, Attributes)
    with pytest.raises(TypeError):
        c.attributes["n"] = 2  # type: ignore[index]


@pytest.mark.parametrize(
    ("attributes", "error"),
    [
        ({"name": "x"}, "attribute_is_field"),
        ({"": 1}, "attribute_key"),
        ({"a\nb": 1}, "attribute_key"),
        ({"a": True}, "int_type"),
        ({"a": None}, "int_type"),
        ({"a": float("nan")}, "finite_number"),
        ({"a": [1]}, "int_type"),
    ],
)
def test_attributes_refuse(attributes: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError) as caught:
        OrgUnit(id="a", name="甲", level="street", attributes=attributes)
    assert error in [item["type"] for item in caught.value.errors()]


def test_attributes_keep_their_types_through_every_format(tmp_path: Path) -> None:
    facts = {"联系电话": "13800000000", "号码": 13800000000, "面积": 12.5, "=x": "=1+1"}
    h = Hierarchy([OrgUnit(id="a", name="甲", level="street", attributes=facts)])
    for suffix in (".json", ".jsonl", ".csv"):
        dump(h, tmp_path / f"a{suffix}")
        back = load(tmp_path / f"a{suffix}").hierarchy["a"].attributes
        assert back == facts
        assert {k: type(v) for k, v in back.items()} == {k: type(v) for k, v in facts.items()}


def test_an_attributes_cell_merges_with_kept_columns_and_clashes_are_refused() -> None:
    text = 'id,name,level,attributes,网格员\na,甲,street,"{""楼长"": ""王五""}",张三\n'
    unit = loads(text, format="csv", extra="keep").hierarchy["a"]
    assert dict(unit.attributes) == {"楼长": "王五", "网格员": "张三"}
    clash = 'id,name,level,attributes,网格员\na,甲,street,"{""网格员"": 1}",张三\n'
    with pytest.raises(DataFileError, match="given in a column and in attributes"):
        loads(clash, format="csv", extra="keep")
    with pytest.raises(DataFileError, match="not a JSON object"):
        loads("id,name,level,attributes\na,甲,street,[1]\n", format="csv")


def test_a_csv_without_attributes_has_no_attributes_column() -> None:
    h = Hierarchy([OrgUnit(id="a", name="甲", level="street")])
    assert "attributes" not in dumps(h, format="csv").splitlines()[0]


_KEYS = st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=6)
_VALUES = st.one_of(
    st.text(max_size=8),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
)


@given(
    h=hierarchies(max_units=8),
    facts=st.lists(st.dictionaries(_KEYS, _VALUES, max_size=4), min_size=8, max_size=8),
    format=st.sampled_from(["json", "jsonl", "csv"]),
)
def test_generated_attributes_round_trip(
    h: Hierarchy, facts: list[dict[str, Any]], format: Any
) -> None:
    units = [
        unit.model_copy(update={"attributes": {k: v for k, v in f.items() if k not in UNIT_FIELDS}})
        for unit, f in zip(h, facts, strict=False)
    ]
    given = Hierarchy(units, h.scheme)
    back = loads(dumps(given, format=format), format=format, scheme=h.scheme).hierarchy
    assert back == given
    for unit in given:
        assert [type(v) for v in back[unit.id].attributes.values()] == [
            type(v) for v in unit.attributes.values()
        ]


@given(
    h=hierarchies(max_units=20),
    facts=st.lists(st.dictionaries(_KEYS, _VALUES, max_size=3), min_size=20, max_size=20),
)
def test_chinese_headers_round_trip(h: Hierarchy, facts: list[dict[str, Any]]) -> None:
    if any(";" in tag for unit in h for tag in unit.tags):
        return
    units = [
        unit.model_copy(update={"attributes": {k: v for k, v in f.items() if k not in UNIT_FIELDS}})
        for unit, f in zip(h, facts, strict=False)
    ]
    h = Hierarchy(units, h.scheme)
    text = dumps(h, format="csv", columns=CHINESE_HEADERS)
    assert text.startswith(
        "编号,名称,层级,上级编号,组织名称,组织类型,党组织设置,所属联合党组织,全称"
    )
    assert "org_kind" not in text.splitlines()[0]
    assert loads(text, format="csv", scheme=h.scheme).hierarchy == h


def test_dump_columns_are_checked() -> None:
    h = Hierarchy([OrgUnit(id="a", name="甲", level="street")])
    with pytest.raises(jiceng.InvalidArgumentError, match="not a field"):
        dumps(h, format="csv", columns={"编号": "id"})
    with pytest.raises(jiceng.InvalidArgumentError, match="twice"):
        dumps(h, format="csv", columns={"id": "name"})


# -- paths, open files, strings --------------------------------------------------------------


def test_open_files_and_strings(tmp_path: Path) -> None:
    district = jiceng.examples.mafangba()
    text = dumps(district, format="jsonl")
    assert loads(text, format="jsonl").hierarchy == district
    assert loads(text.encode(), format="jsonl").hierarchy == district
    assert load(io.StringIO(text), format="jsonl").hierarchy == district
    assert load(io.BytesIO(text.encode()), format="jsonl").hierarchy == district
    with pytest.raises(DataFileError, match="format="):
        load(io.BytesIO(text.encode()))
    out = io.StringIO()
    dump(district, out, format="jsonl")
    assert out.getvalue() == text
    binary = io.BytesIO()
    dump(district, binary, format="csv", encoding="gb18030")
    assert load(io.BytesIO(binary.getvalue()), format="csv", encoding="gb18030").hierarchy == (
        district
    )
    path = tmp_path / "d.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        dump(district, handle)  # the format from the file's name
    with path.open("rb") as handle:
        assert load(handle).hierarchy == district


def test_options_are_checked() -> None:
    with pytest.raises(jiceng.InvalidArgumentError, match="extra"):
        loads("id,name,level\n", format="csv", extra="keep all")  # type: ignore[arg-type]
    with pytest.raises(jiceng.InvalidArgumentError, match="codes"):
        loads("id,name,level\n", format="csv", codes="loose")  # type: ignore[arg-type]


def test_the_glossary_lists_every_recognised_header() -> None:
    glossary = (Path(__file__).parent.parent / "docs" / "glossary.md").read_text(encoding="utf-8")
    section = glossary[glossary.index("## Spreadsheet headers") :]
    listed = {}
    for row in section.splitlines()[section.splitlines().index("|---|---|") + 1 :]:
        if not row.startswith("|"):
            break
        headers, field = (cell.strip() for cell in row.strip("|").split("|"))
        listed.update(dict.fromkeys(headers.split(", "), field.strip("`")))
    assert listed == {header: field for header, field in HEADERS.items() if header != field}


def test_national_levels_by_their_chinese_names() -> None:
    text = (
        "编号,名称,层级,上级编号\n"
        "510000000000,四川省,省,\n"
        "511700000000,达州市,市委,510000000000\n"
        "511702000000,通川区,区委,511700000000\n"
        "511702002000,西城街道,街道,511702000000\n"
        "511702002002,小北街社区,社区,511702002000\n"
    )
    h = loads(text, format="csv", scheme="administrative").hierarchy
    assert [unit.level for unit in h] == ["province", "prefecture", "county", "township", "village"]


def test_wrong_arguments_are_named() -> None:
    with pytest.raises(jiceng.JicengTypeError, match="str or bytes"):
        loads(123, format="csv")  # type: ignore[arg-type]
    with pytest.raises(jiceng.JicengTypeError, match="LevelScheme"):
        loads("id,name,level\n", format="csv", scheme=5)  # type: ignore[arg-type]
    with pytest.raises(jiceng.InvalidArgumentError, match="unknown built-in scheme"):
        loads("id,name,level\n", format="csv", scheme="nonesuch")
    with pytest.raises(DataFileError) as caught:
        loads("编号,名称\nx,y\n", format="csv", columns={"名称": "nope"})
    assert [(d.line, d.field, d.message) for d in caught.value.details] == [
        (1, "名称", "columns= maps it to 'nope', which is not a unit field")
    ]
