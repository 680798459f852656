"""Arrow tables and Parquet files: round trips, exact types, nested sets, and SQL over the files.

The SQL queries below are the ones the documentation shows; DuckDB runs them over the Parquet
file and their answers must be the hierarchy's own.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import jiceng
from jiceng import (
    RURAL,
    URBAN_FIVE_LEVEL,
    DataFileError,
    Hierarchy,
    IntegrityError,
    InvalidArgumentError,
    JicengTypeError,
    MissingExtraError,
    OrgUnit,
)
from jiceng.interop.arrow import (
    METADATA_KEY,
    from_arrow,
    level_column,
    read_parquet,
    to_arrow,
    write_parquet,
)
from jiceng.testing import NESTED_SCHEME, chains, deep_chain, hierarchies, level_schemes

FIXTURES = [HealthCheck.function_scoped_fixture]

# Any scheme: the default, a generated one (nesting levels, several parents), or NESTED_SCHEME.
ANY_SCHEME = st.one_of(st.just(URBAN_FIVE_LEVEL), st.just(NESTED_SCHEME), level_schemes())

DESCENDANTS = """
SELECT d.id, d.name, d.level
FROM units AS a
JOIN units AS d ON d.lft > a.lft AND d.lft < a.rgt
WHERE a.id = ?
ORDER BY d.lft
"""

TOTALS_PER_COMMUNITY = """
WITH recorded AS (
    SELECT d.lft, d.households, max(r.lft) AS cover
    FROM units AS d
    LEFT JOIN units AS r
      ON r.households IS NOT NULL AND r.lft < d.lft AND d.lft < r.rgt
    WHERE d.households IS NOT NULL
    GROUP BY d.lft, d.households
)
SELECT u.id, sum(rec.households) AS households
FROM units AS u
LEFT JOIN recorded AS rec
  ON rec.lft >= u.lft AND rec.lft < u.rgt
 AND coalesce(rec.cover, -1) < u.lft
WHERE u.level = 'community'
GROUP BY u.id, u.lft
ORDER BY u.lft
"""

# The documentation's instruction: drop the WHERE line for every unit's total.
TOTALS = TOTALS_PER_COMMUNITY.replace("WHERE u.level = 'community'\n", "")

TOTALS_BY_STREET = """
WITH recorded AS (
    SELECT d.street_id, d.lft, d.households, max(r.lft) AS cover
    FROM units AS d
    LEFT JOIN units AS r
      ON r.street_id = d.street_id
     AND r.households IS NOT NULL AND r.lft < d.lft AND d.lft < r.rgt
    WHERE d.households IS NOT NULL
    GROUP BY d.street_id, d.lft, d.households
)
SELECT u.id, sum(rec.households) AS households
FROM units AS u
LEFT JOIN recorded AS rec
  ON rec.street_id = u.street_id
 AND rec.lft >= u.lft AND rec.lft < u.rgt
 AND coalesce(rec.cover, -1) < u.lft
WHERE u.level = 'community'
GROUP BY u.id, u.lft
ORDER BY u.lft
"""

LEVEL_COUNTS = """
SELECT level, count(*) AS units
FROM units
GROUP BY level
ORDER BY min(depth)
"""

LEVEL_COUNTS_UNDER = """
SELECT d.level, count(*) AS units
FROM units AS a
JOIN units AS d ON d.lft >= a.lft AND d.lft < a.rgt
WHERE a.id = ?
GROUP BY d.level
ORDER BY min(d.depth)
"""

BUILDINGS_BY_STREET = """
SELECT street_id, count(*) AS buildings
FROM units
WHERE level = 'building'
GROUP BY street_id
ORDER BY min(lft)
"""


def connect(path: Path) -> Any:
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE VIEW units AS SELECT * FROM read_parquet('{path}')")
    return con


def nearest_at(h: Hierarchy, unit: OrgUnit, key: str) -> str | None:
    """The brute-force reference for a level column."""
    return next((u.id for u in [unit, *h.ancestors(unit)] if u.level == key), None)


# -- the table --------------------------------------------------------------------------------


def test_schema_is_exact() -> None:
    table = to_arrow(jiceng.examples.mafangba(), ancestors=True)
    strings = pa.list_(pa.field("element", pa.string()))
    expected = [
        ("id", pa.string(), False),
        ("name", pa.string(), False),
        ("level", pa.string(), False),
        ("parent", pa.string(), True),
        ("org_name", pa.string(), True),
        ("org_kind", pa.string(), True),
        ("org_status", pa.string(), True),
        ("led_by", pa.string(), True),
        ("official_name", pa.string(), True),
        ("code", pa.string(), True),
        ("households", pa.int64(), True),
        ("population", pa.int64(), True),
        ("party_members", pa.int64(), True),
        ("probationary_members", pa.int64(), True),
        ("built_year", pa.int64(), True),
        ("established", pa.date32(), True),
        ("dissolved", pa.date32(), True),
        ("tags", strings, False),
        ("attributes", pa.string(), True),
        ("lft", pa.int64(), False),
        ("rgt", pa.int64(), False),
        ("depth", pa.int64(), False),
        ("street_id", pa.string(), True),
        ("community_id", pa.string(), True),
        ("grid_id", pa.string(), True),
        ("compound_id", pa.string(), True),
        ("building_id", pa.string(), True),
        ("ancestors", strings, False),
    ]
    assert [(f.name, f.type, f.nullable) for f in table.schema] == expected
    assert "ancestors" not in to_arrow(jiceng.examples.mafangba()).column_names


def test_file_schema_is_the_table_schema(tmp_path: Path) -> None:
    h = jiceng.examples.tongchuan().hierarchy
    path = tmp_path / "district.parquet"
    write_parquet(h, path, ancestors=True)
    written = pq.read_schema(path)
    assert written.equals(to_arrow(h, ancestors=True).schema, check_metadata=True)
    assert pq.read_table(path).equals(to_arrow(h, ancestors=True))


def test_values_are_typed() -> None:
    unit = OrgUnit(
        id="cl",
        name="春兰小区",
        level="compound",
        org_kind="general_branch",
        households=0,
        built_year=2004,
        established=datetime.date(2004, 5, 1),
        tags=("安置小区", "老旧小区"),
    )
    row = to_arrow(Hierarchy([unit])).to_pylist()[0]
    assert row["org_kind"] == "general_branch"
    assert type(row["org_kind"]) is str
    assert row["households"] == 0  # a recorded zero is not a null
    assert row["population"] is None
    assert row["established"] == datetime.date(2004, 5, 1)
    assert row["dissolved"] is None
    assert row["tags"] == ["安置小区", "老旧小区"]
    assert (row["lft"], row["rgt"], row["depth"], row["compound_id"]) == (0, 1, 0, "cl")
    assert row["street_id"] is None


def test_metadata_holds_the_format_and_the_scheme() -> None:
    import json

    table = to_arrow(Hierarchy([], RURAL))
    header = json.loads(table.schema.metadata[METADATA_KEY.encode()])
    assert header["format"] == "jiceng/1"
    assert header["table"] == "units"
    assert jiceng.LevelScheme.model_validate(header["scheme"]) == RURAL
    assert table.num_rows == 0
    assert table.column_names[-3:] == [level_column(key) for key in RURAL.keys]


def test_a_dataset_gives_its_hierarchy() -> None:
    district = jiceng.examples.tongchuan()
    assert to_arrow(district).equals(to_arrow(district.hierarchy), check_metadata=True)


@given(h=hierarchies(scheme=ANY_SCHEME, max_units=30, max_roots=3))
def test_nested_sets_agree_with_the_hierarchy(h: Hierarchy) -> None:
    rows = to_arrow(h, ancestors=True).to_pylist()
    units = list(h)
    assert [row["id"] for row in rows] == [u.id for u in units]
    for position, (row, unit) in enumerate(zip(rows, units, strict=True)):
        assert row["lft"] == position
        assert row["rgt"] - row["lft"] - 1 == h.count_descendants(unit)
        assert row["depth"] == h.depth(unit)
        assert row["ancestors"] == [u.id for u in reversed(h.ancestors(unit))]
        for key in h.scheme.keys:
            assert row[level_column(key)] == nearest_at(h, unit, key)
    for a in rows:
        for d in rows:
            spans = a["lft"] < d["lft"] < a["rgt"]
            assert spans == h.is_ancestor(a["id"], d["id"])
            assert spans == (a["lft"] < d["lft"] and d["rgt"] <= a["rgt"])


# -- round trips ------------------------------------------------------------------------------


@given(h=hierarchies(scheme=ANY_SCHEME, max_units=30, max_roots=3))
def test_from_arrow_round_trip(h: Hierarchy) -> None:
    back = from_arrow(to_arrow(h))
    assert back == h
    assert back.scheme == h.scheme


@settings(suppress_health_check=FIXTURES)
@given(h=hierarchies(scheme=ANY_SCHEME, max_units=30, max_roots=3), ancestors=st.booleans())
def test_parquet_round_trip(tmp_path: Path, h: Hierarchy, ancestors: bool) -> None:
    path = tmp_path / "单位.parquet"
    write_parquet(h, path, ancestors=ancestors)
    assert read_parquet(path) == h
    assert [p.name for p in tmp_path.iterdir()] == ["单位.parquet"]  # no temporary file left


@given(h=hierarchies(max_units=30), order=st.randoms(use_true_random=False))
def test_rows_in_any_order_read_back_in_lft_order(h: Hierarchy, order: Any) -> None:
    table = to_arrow(h)
    positions = list(range(table.num_rows))
    order.shuffle(positions)
    assert from_arrow(table.take(pa.array(positions, pa.int64()))) == h


@settings(suppress_health_check=FIXTURES, max_examples=3)
@given(chain=chains(min_length=2000, max_length=2000))
def test_a_2000_deep_chain(tmp_path: Path, chain: Hierarchy) -> None:
    path = tmp_path / "chain.parquet"
    write_parquet(chain, path, ancestors=True)
    table = pq.read_table(path)
    assert table.column("depth").to_pylist() == list(range(2000))
    assert table.column("rgt").to_pylist() == [2000] * 2000
    assert table.column("ancestors")[1999].as_py() == [f"n{i}" for i in range(1999)]
    assert read_parquet(path) == chain


def test_a_100000_deep_chain_without_ancestors() -> None:
    chain = deep_chain(100_000, households=7)
    table = to_arrow(chain)
    assert table.column("depth")[99_999].as_py() == 99_999
    assert table.column("rgt").to_pylist() == [100_000] * 100_000
    assert table.column("node_id").to_pylist() == [f"n{i}" for i in range(100_000)]
    assert from_arrow(table) == chain


def test_the_bundled_district_round_trips_through_a_chinese_file_name(tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    path = tmp_path / "达州市" / "通川区.parquet"
    path.parent.mkdir()
    write_parquet(district, path)
    assert read_parquet(path) == district.hierarchy
    assert read_parquet(str(path)).total("dongcheng", "households") == district.hierarchy.total(
        "dongcheng", "households"
    )


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: Any) -> None:
    path = tmp_path / "units.parquet"
    old = jiceng.examples.mafangba()
    write_parquet(old, path)

    def broken(table: Any, where: Any, **options: Any) -> None:
        where.write(b"half a file")  # the open temporary file: nothing reopens it by name
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", broken)
    with pytest.raises(OSError, match="disk full"):
        write_parquet(jiceng.examples.tongchuan(), path)
    assert read_parquet(path) == old
    assert [p.name for p in tmp_path.iterdir()] == ["units.parquet"]


def test_a_table_without_metadata_takes_the_scheme_given() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="t", name="北山镇", level="township"),
            OrgUnit(id="v", name="龙泉村", level="village", parent="t"),
        ],
        RURAL,
    )
    plain = to_arrow(h).replace_schema_metadata(None)
    assert from_arrow(plain, scheme=RURAL) == h
    with pytest.raises(IntegrityError) as caught:
        from_arrow(plain)  # the five-level default has no townships
    assert caught.value.codes == ("unknown_level",)


def test_a_partitioned_folder_reads_as_one_table(tmp_path: Path) -> None:
    h = jiceng.examples.tongchuan().hierarchy
    folder = tmp_path / "units"
    table = to_arrow(h).replace_schema_metadata(None)  # as Spark writes: no jiceng metadata
    pq.write_to_dataset(table, folder, partition_cols=["level"])
    assert sorted(p.name for p in folder.iterdir())[:2] == ["level=building", "level=community"]
    assert read_parquet(folder, scheme=URBAN_FIVE_LEVEL) == h


# -- errors -----------------------------------------------------------------------------------


def test_wrong_types_are_refused() -> None:
    with pytest.raises(JicengTypeError):
        to_arrow([OrgUnit(id="x", name="西城街道", level="street")])  # type: ignore[arg-type]
    with pytest.raises(JicengTypeError):
        from_arrow({"id": ["x"]})


def test_missing_columns_are_named() -> None:
    table = to_arrow(jiceng.examples.mafangba()).drop_columns(["id", "name"])
    with pytest.raises(InvalidArgumentError, match="no columns 'id', 'name'"):
        from_arrow(table)


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        (b"{not json", "not JSON"),
        (b'{"format": "jiceng/9"}', "format 'jiceng/9'"),
        (b"[1]", "format None"),
        (b'{"format": "jiceng/1", "table": "projects"}', "holds 'projects'"),
        (b'{"format": "jiceng/1", "scheme": "no_such_scheme"}', "scheme is invalid"),
        (b'{"format": "jiceng/1", "scheme": {"name": "x"}}', "scheme is invalid"),
    ],
)
def test_bad_metadata_is_refused(metadata: bytes, message: str) -> None:
    table = to_arrow(jiceng.examples.mafangba()).replace_schema_metadata({"jiceng": metadata})
    with pytest.raises(InvalidArgumentError, match=message):
        from_arrow(table)


def test_a_scheme_given_must_agree_with_the_table() -> None:
    table = to_arrow(jiceng.examples.mafangba())
    assert from_arrow(table, scheme=URBAN_FIVE_LEVEL) == jiceng.examples.mafangba()
    with pytest.raises(InvalidArgumentError, match="differs from the scheme= given"):
        from_arrow(table, scheme=RURAL)


def test_a_metadata_scheme_by_name_is_a_builtin() -> None:
    table = to_arrow(Hierarchy([], RURAL)).replace_schema_metadata(
        {"jiceng": b'{"format": "jiceng/1", "scheme": "rural"}'}
    )
    assert from_arrow(table).scheme == RURAL


def test_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "text.parquet").write_text("not a Parquet file", encoding="utf-8")
    pq.write_table(pa.table({"x": [1]}), tmp_path / "other.parquet")
    for name, message in [
        ("missing.parquet", "missing.parquet"),
        ("text.parquet", "Parquet"),
        ("other.parquet", "no columns 'id', 'name', 'level'"),
    ]:
        with pytest.raises(DataFileError, match=message) as caught:
            read_parquet(tmp_path / name)
        assert caught.value.unreadable
        assert caught.value.path == str(tmp_path / name)


def test_invalid_rows_name_the_row_and_the_field(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": ["xc", "xbj", "dbj"],
            "name": ["西城街道", "小北街社区", " "],
            "level": ["street", "community", "community"],
            "parent": [None, "xc", "xc"],
            "households": [None, -3, 5],
            "population": pa.array([None, 1.5, None], pa.float64()),  # no floats for counts
        }
    )
    path = tmp_path / "bad.parquet"
    pq.write_table(table, path)
    with pytest.raises(DataFileError) as caught:
        read_parquet(path)
    found = [(p.record, p.field) for p in caught.value.details]
    assert found == [(1, "households"), (1, "population"), (2, "name")]
    assert not caught.value.unreadable


def test_units_that_do_not_fit_name_the_file(tmp_path: Path) -> None:
    table = pa.table({"id": ["c"], "name": ["小北街社区"], "level": ["community"], "parent": ["x"]})
    path = tmp_path / "orphan.parquet"
    pq.write_table(table, path)
    with pytest.raises(IntegrityError) as caught:
        read_parquet(path)
    assert caught.value.codes == ("unknown_parent",)
    assert caught.value.source == str(path)


def test_without_pyarrow_the_error_names_the_extra(monkeypatch: Any) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises ImportError
    with pytest.raises(MissingExtraError, match=r'pip install "jiceng\[arrow\]"') as caught:
        to_arrow(jiceng.examples.mafangba())
    assert caught.value.extra == "arrow"


def test_the_module_imports_without_pyarrow() -> None:
    code = (
        "import sys\n"
        "import jiceng.interop.arrow\n"
        "assert 'pyarrow' not in sys.modules, 'pyarrow imported at module level'\n"
        "sys.modules['pyarrow'] = None\n"
        "import importlib; importlib.reload(jiceng.interop.arrow)\n"
    )
    src = str(Path(jiceng.__file__).parent.parent)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": src},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# -- SQL over the Parquet file ----------------------------------------------------------------


def sql_agrees(h: Hierarchy, path: Path) -> None:
    """Check every documented query against the hierarchy's own answers."""
    write_parquet(h, path)
    con = connect(path)
    for unit in h:
        found = [row[0] for row in con.execute(DESCENDANTS, [unit.id]).fetchall()]
        assert found == [d.id for d in h.descendants(unit)]
        under = dict(con.execute(LEVEL_COUNTS_UNDER, [unit.id]).fetchall())
        assert under == Counter(u.level for u in [unit, *h.descendants(unit)])
    for field in jiceng.COUNT_FIELDS:
        totals = con.execute(TOTALS.replace("households", field)).fetchall()
        assert totals == list(h.totals(field).items())
    if "community" in h.scheme:
        per_community = con.execute(TOTALS_PER_COMMUNITY).fetchall()
        assert per_community == [(c.id, h.total(c, "households")) for c in h.at_level("community")]
    counts = dict(con.execute(LEVEL_COUNTS).fetchall())
    assert counts == {key: n for key, n in h.level_counts().items() if n}
    for key in h.scheme.keys:
        column = level_column(key)
        grouped = con.execute(
            f"SELECT {column}, count(*) FROM units WHERE {column} IS NOT NULL GROUP BY {column}"
        ).fetchall()
        assert dict(grouped) == Counter(n for u in h if (n := nearest_at(h, u, key)) is not None)


@settings(suppress_health_check=FIXTURES)
@given(h=hierarchies(scheme=ANY_SCHEME, max_units=30, max_roots=3))
def test_duckdb_agrees_with_the_hierarchy(tmp_path: Path, h: Hierarchy) -> None:
    sql_agrees(h, tmp_path / "units.parquet")


def test_duckdb_agrees_on_the_bundled_district(tmp_path: Path) -> None:
    sql_agrees(jiceng.examples.tongchuan().hierarchy, tmp_path / "district.parquet")


@pytest.mark.parametrize("which", ["conftest", "tongchuan"])
def test_keyed_by_street_the_answers_are_the_same(
    tmp_path: Path, district: Hierarchy, which: str
) -> None:
    # Every root is a street, so the street_id equality changes no answer.
    h = district if which == "conftest" else jiceng.examples.tongchuan().hierarchy
    assert {root.level for root in h.roots()} == {"street"}
    path = tmp_path / "units.parquet"
    write_parquet(h, path)
    con = connect(path)
    assert con.execute(TOTALS_BY_STREET).fetchall() == con.execute(TOTALS_PER_COMMUNITY).fetchall()
    buildings = con.execute(BUILDINGS_BY_STREET).fetchall()
    expected = [(street.id, len(h.descendants(street, level="building"))) for street in h.roots()]
    assert buildings == [(street, n) for street, n in expected if n]  # no row for no building


def test_duckdb_totals_follow_the_recorded_figure_rule(tmp_path: Path, district: Hierarchy) -> None:
    # 团包梁社区 records 2300 over its compound's 2235, which wins over its buildings' 380;
    # 马房坝社区 records no households, so its total is its buildings' 241; 永泰片区 has none.
    path = tmp_path / "units.parquet"
    write_parquet(district, path)
    totals = dict(connect(path).execute(TOTALS).fetchall())
    assert (totals["tbl"], totals["yjsc"], totals["mfb"], totals["yt"]) == (2300, 2235, 241, None)
    assert totals["cy"] == 2300 + 241
    plain = connect(path).execute("SELECT sum(households) FROM units").fetchone()
    assert plain is not None
    assert plain[0] != totals["cy"]  # a plain sum counts figures twice


def test_duckdb_on_a_deep_chain(tmp_path: Path) -> None:
    chain = deep_chain(2000, households=7)
    path = tmp_path / "chain.parquet"
    write_parquet(chain, path)
    con = connect(path)
    assert con.execute(TOTALS).fetchall() == list(chain.totals("households").items())
    assert len(con.execute(DESCENDANTS, ["n0"]).fetchall()) == 1999


def test_tags_of_another_type_are_refused() -> None:
    table = pa.table({"id": ["x"], "name": ["西城街道"], "level": ["street"], "tags": ["安置小区"]})
    with pytest.raises(ValidationError) as caught:
        from_arrow(table)
    assert [e["loc"] for e in caught.value.errors()] == [(0, "tags")]


def test_empty_optional_columns_read_as_absent() -> None:
    h = jiceng.examples.mafangba()
    table = to_arrow(h)
    assert table.column("code").null_count == table.num_rows
    nulls = table.set_column(
        table.schema.get_field_index("tags"),
        pa.field("tags", pa.list_(pa.string())),
        pa.array([None] * table.num_rows, pa.list_(pa.string())),
    )
    assert from_arrow(nulls) == h
