from __future__ import annotations

import csv
import gzip
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import IO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from jiceng import ADMINISTRATIVE, DataFileError, DivisionCodeWarning, OrgKind, OrgUnit
from jiceng.divisions import read, tables, territory_name
from jiceng.divisions.names import COMMITTEE_SUFFIXES

from .conftest import DATA

FILES = ("provinces", "cities", "areas", "streets", "villages")
DIGITS = (2, 4, 6, 9, 12)


def brute_force(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Each row's expected id → (level, expected parent id), read with the csv module."""
    ids: list[dict[str, str]] = [{} for _ in FILES]
    out: dict[str, tuple[str, str | None]] = {}
    for level, name in enumerate(FILES):
        with gzip.open(folder / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))[1:]
        for row in rows:
            code = row[0].ljust(12, "0")
            parent = None
            uid = code
            if level:
                up = row[0][: DIGITS[level - 1]].ljust(12, "0")
                parent = ids[level - 1][up]
                if up == code:
                    uid = f"{code}-{ADMINISTRATIVE.keys[level]}"
            ids[level][code] = uid
            out[uid] = (ADMINISTRATIVE.keys[level], parent)
    return out


@pytest.mark.parametrize("year", ["2020", "2023"])
def test_levels_and_parents_follow_the_codes(year: str) -> None:
    folder = DATA / year
    h = read(folder)
    expected = brute_force(folder)
    assert len(h) == len(expected)
    assert {unit.id: (unit.level, unit.parent) for unit in h} == expected
    counts = dict.fromkeys(ADMINISTRATIVE.keys, 0)
    for level, _ in expected.values():
        counts[level] += 1
    assert h.level_counts() == counts
    assert h.scheme is ADMINISTRATIVE


def test_tongchuan_streets_and_villages() -> None:
    h = read(DATA / "2023")
    streets = [u for u in h.children("511702000000") if u.code and u.code[6:9] < "100"]
    assert [u.name for u in streets] == ["东城街道", "西城街道", "朝阳街道", "凤西街道", "凤北街道"]
    assert [len(h.children(u)) for u in streets] == [15, 11, 17, 12, 8]
    assert {h.org_kind(u) for u in streets} == {OrgKind.WORKING_COMMITTEE}
    town = next(u for u in h.children("511702000000") if u.name.endswith("镇"))
    assert h.org_kind(town) is OrgKind.COMMITTEE
    assert town.org_kind is None
    assert h.org_kind("511702002001") is OrgKind.BRANCH
    assert h.org_kind("510000000000") is OrgKind.LOCAL_COMMITTEE
    old = read(DATA / "2020")
    streets_2020 = [u for u in old.children("511702000000") if u.code and u.code[6:9] < "100"]
    assert [len(old.children(u)) for u in streets_2020] == [13, 8, 13, 12, 8]


def test_names_are_territories_with_the_official_name_kept() -> None:
    h = read(DATA / "2023")
    village = h["511702002001"]
    assert village.official_name is not None
    assert village.name == territory_name(village.official_name) != village.official_name
    assert h["511702002000"].official_name is None  # 西城街道: nothing to cut
    lonely = [u for u in h.descendants("511702000000") if u.name == "龙家庙村"]
    assert [u.official_name for u in lonely] == ["龙家庙村民委员会"]


def test_municipal_placeholders_are_prefectures() -> None:
    h = read(DATA / "2023")
    assert [(u.id, u.name) for u in h.children("500000000000")] == [
        ("500100000000", "市辖区"),
        ("500200000000", "县"),
    ]
    assert h.parent("110101000000").name == "市辖区"


def test_cities_without_counties() -> None:
    h = read(DATA / "2023")
    for city in ("4419", "4420", "4604"):
        code = city.ljust(12, "0")
        (pseudo,) = h.children(code)
        assert pseudo.id == f"{code}-county"
        assert pseudo.code is None
        assert pseudo.name == h[code].name
        townships = h.children(pseudo)
        assert townships
        assert all(t.code and t.code.startswith(city + "00") for t in townships)
    # 嘉峪关's pseudo-county 620201 has a code of its own.
    (county,) = h.children("620200000000")
    assert county.id == county.code == "620201000000"


def test_jinmen_repeats_its_code_down_two_levels() -> None:
    h = read(DATA / "2023")
    assert h["350527000000"].level == "county"
    township = h["350527000000-township"]
    village = h["350527000000-village"]
    assert (township.parent, village.parent) == ("350527000000", township.id)
    assert township.code is None
    assert village.code is None


def test_one_table_in_the_bureau_form() -> None:
    h = read(str(DATA / "tongchuan-2023.csv"))
    assert h.level_counts() == {
        "province": 0,
        "prefecture": 0,
        "county": 1,
        "township": 18,
        "village": 209,  # the excerpt: all of 通川区 in 2023, its towns too
    }
    assert len(h.children("511702002000")) == 11
    assert dict(h["511702002001"].attributes) == {"urban_rural": "111"}
    assert h["511702002001"].tags == ()
    assert h["511702000000"].tags == ()
    folder = read(DATA / "2023")
    for unit in h:
        assert folder[unit.id].name == unit.name
        assert folder[unit.id].parent == unit.parent or unit.id == "511702000000"


def test_the_one_table_form_reads_padded_placeholders(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "350000000000,福建省\n350500000000,泉州市\n350527000000,金门县\n"
        "350527000000,金门县\n350527000000,金门县\n"
        "440000000000,广东省\n441900000000,东莞市\n441900000000,东莞市\n441900003000,东城街道\n",
        encoding="utf-8",
    )
    h = read(table)
    assert h.parent("350527000000-village").id == "350527000000-township"
    assert h.parent("441900003000").id == "441900000000-county"
    assert h.level_counts()["county"] == 2


def test_a_gzipped_table_and_an_unzipped_folder(tmp_path: Path) -> None:
    text = "5117,达州市\n511702,通川区\n"
    with gzip.open(tmp_path / "t.csv.gz", "wt", encoding="utf-8") as f:
        f.write(text)
    assert [u.id for u in read(tmp_path / "t.csv.gz")] == ["511700000000", "511702000000"]
    folder = tmp_path / "top"
    folder.mkdir()
    with gzip.open(DATA / "2023" / "provinces.csv.gz", "rb") as packed:
        (folder / "provinces.csv").write_bytes(packed.read())
    shutil.copy(DATA / "2023" / "cities.csv.gz", folder)
    h = read(folder)
    assert h.level_counts()["prefecture"] == 9
    assert h.parent("511700000000").name == "四川省"


def broken(tmp_path: Path) -> Path:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "provinces.csv").write_text("code,name\n51,四川省\n", encoding="utf-8")
    (folder / "cities.csv").write_text("code,name,provinceCode\n5117,达州市,51\n", encoding="utf-8")
    (folder / "areas.csv").write_text(
        "code,name,cityCode,provinceCode\n"
        "511702,通川区,5117,51\n"
        "511703,达川区,5118,51\n"  # a parent column that contradicts the code
        "521703,某区,5217,52\n"  # no such prefecture
        "511702,通川区,5117,51\n"  # repeated
        "5117x2,坏区,5117,51\n",  # not a code
        encoding="utf-8",
    )
    return folder


def test_every_problem_is_reported_at_once_by_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        read(broken(tmp_path))
    details = [(d.line, d.field, d.message.split(":")[0]) for d in caught.value.details]
    assert details == [
        (6, "code", "invalid_code"),
        (3, "cityCode", "code_not_nested"),
        (5, "code", "duplicate_code"),
        (4, "code", "missing_parent"),
    ]
    assert all("areas.csv" in d.message for d in caught.value.details)
    assert not caught.value.unreadable


def test_codes_warn_waives_only_the_code_problems(tmp_path: Path) -> None:
    folder = broken(tmp_path)
    with pytest.raises(DataFileError) as caught:
        read(folder, codes="warn")
    assert {d.message.split(":")[0] for d in caught.value.details} >= {"missing_parent"}
    (folder / "areas.csv").write_text(
        "code,name,cityCode,provinceCode\n511702,通川区,5117,51\n511703,达川区,5118,51\n",
        encoding="utf-8",
    )
    (folder / "streets.csv").write_text(
        "code,name,areaCode\n511702002001,西城街道,511702\n", encoding="utf-8"
    )
    with pytest.warns(DivisionCodeWarning) as warned:
        h = read(folder, codes="warn")
    problems = warned[0].message.problems  # type: ignore[union-attr]
    assert [p.code for p in problems] == ["code_not_nested", "code_shape"]
    assert h.codes == "warn"
    assert h.parent("511703000000").id == "511700000000"
    assert h["511702002001"].level == "township"
    again = pickle.loads(pickle.dumps(h))
    assert again.codes == "warn"
    with pytest.raises(DataFileError):
        read(folder)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7])
def test_level_files_read_in_chunks_read_as_whole_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    folder = tmp_path / "chunks"
    folder.mkdir()
    (folder / "provinces.csv").write_text("code,name\n51,四川省\n52,贵州省\n", encoding="utf-8")
    (folder / "cities.csv").write_text(
        "code,name,provinceCode\n5117,达州市,51\n5201,贵阳市,52\n", encoding="utf-8"
    )
    (folder / "areas.csv").write_text(
        "code,name,cityCode,provinceCode\n"
        "511702,通川区,5117,51\n"
        "511703,达川区,5118,52\n"  # both parent columns contradict the code
        "511722,宣汉县,5117,51\n"
        "520102,南明区,5202,51\n"  # both again, rows apart
        "520103,云岩区,5201\n"  # a short row
        "520111,花溪区,5203,52\n",  # one column
        encoding="utf-8",
    )

    def outcome() -> tuple[list[tuple[str, str | None]], list[str]]:
        with pytest.warns(DivisionCodeWarning) as warned:
            h = read(folder, codes="warn")
        problems = warned[0].message.problems  # type: ignore[union-attr]
        return [(u.id, u.parent) for u in h], [p.message for p in problems]

    whole = outcome()
    monkeypatch.setattr("jiceng.divisions.tables._CHUNK", chunk)
    assert outcome() == whole
    assert [m.split(": ")[1].split()[0] for m in whole[1]] == [
        "cityCode",
        "cityCode",
        "cityCode",
        "provinceCode",
        "provinceCode",
    ]
    (folder / "areas.csv").write_text(
        "code,name,cityCode\n511702,通川区,5117\n5117x2,坏区,5117\n511702,通川区,5117\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        read(folder)
    assert [(d.line, d.message.split(":")[0]) for d in caught.value.details] == [
        (3, "invalid_code"),
        (4, "duplicate_code"),
    ]


_TEXT = st.text(
    alphabet=st.sampled_from(
        ["社", "区", "村", "a", " ", "\u3000", "\t", "\n", "\x00", "\x1b", "\x85", ","]
    ),
    max_size=5,
)
_CELL = st.builds(
    "".join,
    st.tuples(
        _TEXT,
        st.sampled_from(["", "社区居民委员会", "村民委员会", "居委会", "村委会", "街道"]),
        st.sampled_from(["", " ", "\u3000", "\x1b"]),
    ),
)
"""A table's name: text that may hold control characters and white space, then perhaps a
committee suffix (which a territory name cuts), then perhaps white space or a control."""


@given(names=st.lists(_CELL, min_size=4, max_size=4), urban=st.lists(_CELL, min_size=2, max_size=2))
def test_units_are_what_validating_each_row_s_record_gives(
    names: list[str], urban: list[str]
) -> None:
    """The reader validates its columns at once; the outcome is that of record by record."""
    codes = ["511702", "511702002", "511702002001", "511702002201"]
    ids = [code.ljust(12, "0") for code in codes]
    rows = [[code, name] for code, name in zip(codes, names, strict=True)]
    rows[2].append(urban[0])
    rows[3].append(urban[1])
    records = []
    for level, (uid, name) in enumerate(zip(ids, names, strict=True)):
        official = name.strip()
        record: dict[str, object] = {
            "id": uid,
            "name": territory_name(official),
            "level": ("county", "township", "village", "village")[level],
            "parent": (None, ids[0], ids[1], ids[1])[level],
            "code": uid,
        }
        if record["name"] != official:
            record["official_name"] = official
        if level == 1:
            record["org_kind"] = "working_committee"
        if level >= 2 and urban[level - 2].strip():
            record["attributes"] = {"urban_rural": urban[level - 2].strip()}
        records.append(record)
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "t.csv"
        with table.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(rows)
        try:
            expected: object = TypeAdapter(list[OrgUnit]).validate_python(records)
        except ValidationError as error:
            expected = [
                (e["loc"][0] + 1, e["loc"][1], f"t.csv: {e['msg']}") for e in error.errors()
            ]
        try:
            got: object = list(read(table))
        except DataFileError as error:
            got = [(d.line, d.field, d.message) for d in error.details]
            assert isinstance(error.__cause__, ValidationError)
    assert got == expected


@pytest.mark.parametrize(
    ("files", "line"),
    [
        # A misshaped city code, kept as the city's id with codes="warn", given again to a county.
        (
            {
                "cities": "provinceCode\n511700000001,达州市,51",
                "areas": "cityCode\n511700000001,某区,5117",
            },
            "areas.csv",
        ),
        # A misshaped county code that a village has as its own.
        (
            {
                "cities": "provinceCode\n5117,达州市,51",
                "areas": "cityCode\n511702002001,通川区,5117",
                "streets": "areaCode\n511702002,西城街道,511702",
                "villages": "streetCode\n511702002001,小北街社区居委会,511702002",
            },
            "villages.csv",
        ),
    ],
)
def test_a_code_kept_as_given_that_is_another_unit_s_id_is_refused(
    tmp_path: Path, files: dict[str, str], line: str
) -> None:
    (tmp_path / "provinces.csv").write_text("code,name\n51,四川省\n", encoding="utf-8")
    for stem, text in files.items():
        (tmp_path / f"{stem}.csv").write_text(f"code,name,{text}\n", encoding="utf-8")
    for codes in ("strict", "warn"):
        with pytest.raises(DataFileError) as caught:
            read(tmp_path, codes=codes)  # type: ignore[arg-type]
        repeated = [d for d in caught.value.details if d.message.startswith("duplicate_code")]
        assert [(d.line, d.message.split(": ")[1]) for d in repeated] == [(2, line)]


def test_a_refused_header_closes_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[IO[str]] = []
    real = tables._open

    def recording(path: Path) -> IO[str]:
        stream = real(path)
        opened.append(stream)
        return stream

    monkeypatch.setattr(tables, "_open", recording)
    (tmp_path / "provinces.csv").write_text("kode,name\n51,四川省\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="header") as caught:
        read(tmp_path)
    assert caught.value.unreadable  # the error is still held, the file closed
    assert opened
    assert all(stream.closed for stream in opened)


def test_unreadable_sources(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        read(tmp_path / "missing.csv")
    assert caught.value.unreadable
    with pytest.raises(DataFileError, match="none of"):
        read(tmp_path)
    (tmp_path / "bad.csv.gz").write_bytes(b"not gzip")
    with pytest.raises(DataFileError) as caught:
        read(tmp_path / "bad.csv.gz")
    assert caught.value.unreadable


@pytest.mark.parametrize(
    ("name", "territory"),
    [
        ("二马路社区居民委员会", "二马路社区"),
        ("多福巷社区居委会", "多福巷社区"),
        ("龙家庙村民委员会", "龙家庙村"),
        ("牌坊村村民委员会", "牌坊村"),
        ("楼梓庄村委会", "楼梓庄村"),
        ("新村村委会", "新村"),
        ("亚星社区居民管理委员会", "亚星社区居民管理委员会"),
        ("四道口居民委员会", "四道口社区"),  # a residents' committee's territory is a community
        ("彭村居委会", "彭村社区"),
        ("华江里社区第一居委会", "华江里社区第一居委会"),  # one of a community's committees
        ("巴彦芒哈嘎查委员会", "巴彦芒哈嘎查"),
        ("居委会", "居委会"),
        ("第一街委员会", "第一街委员会"),
        ("村委会", "村委会"),
        ("东城街道", "东城街道"),
    ],
)
def test_territory_name(name: str, territory: str) -> None:
    assert territory_name(name) == territory


@st.composite
def nested_codes(draw: st.DrawFn) -> list[str]:
    """A prefix-closed set of unpadded codes under one random top level, in random order."""
    top = draw(st.integers(0, 3))
    width = [2, 2, 2, 3, 3]
    first = draw(
        st.text("123456789", min_size=sum(width[: top + 1]), max_size=sum(width[: top + 1]))
    )
    codes = [first]
    frontier = [first]
    for level in range(top + 1, 5):
        below = [
            code + str(n).zfill(width[level])
            for code in frontier
            for n in sorted(draw(st.sets(st.integers(1, 10 ** width[level] - 1), max_size=3)))
        ]
        codes.extend(below)
        frontier = below
    return draw(st.permutations(codes))


@given(nested_codes(), st.booleans())
def test_parent_is_the_longest_nesting_prefix(codes: list[str], padded: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "t.csv"
        shown = [code.ljust(12, "0") if padded else code for code in codes]
        table.write_text("".join(f"{code},单位{code}\n" for code in shown), encoding="utf-8")
        h = read(table)
    assert len(h) == len(codes)
    present = {code.ljust(12, "0") for code in codes}
    for code in codes:
        unit = h[code.ljust(12, "0")]
        prefixes = [code[:d].ljust(12, "0") for d in DIGITS if d < len(code)]
        nesting = [p for p in prefixes if p in present]
        assert unit.parent == (nesting[-1] if nesting else None)


@pytest.mark.parametrize(("suffix", "kept"), COMMITTEE_SUFFIXES)
def test_every_listed_committee_suffix_is_cut_as_listed(suffix: str, kept: str) -> None:
    assert territory_name("四道口" + suffix) == "四道口" + kept


def test_a_table_s_header_says_which_column_is_which(tmp_path: Path) -> None:
    table = tmp_path / "bureau.csv"
    table.write_text(
        "统计用区划代码,城乡分类代码,名称,备注\n"
        "511702000000,,通川区,\n"
        "511702002000,,西城街道,\n"
        "511702002001,111,大北街社区居民委员会,老城区\n",
        encoding="utf-8",
    )
    h = read(table)
    unit = h["511702002001"]
    assert (unit.name, unit.official_name, dict(unit.attributes)) == (
        "大北街社区",
        "大北街社区居民委员会",
        {"urban_rural": "111"},
    )
    assert [u.id for u in h] == ["511702000000", "511702002000", "511702002001"]
    unnamed = tmp_path / "unnamed.csv"
    unnamed.write_text("编号,名字\n511702000000,通川区\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="a header row needs a code column"):
        read(unnamed)
