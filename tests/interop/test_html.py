"""Jupyter's rich display: small HTML tables for hierarchies, engines and datasets."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given

import jiceng
from jiceng import Dataset, Hierarchy, LevelScheme, OrgUnit
from jiceng.testing import hierarchies
from jiceng.units import COUNT_FIELDS

EVIL = "<script>alert('x')</script>"


class _Cells(HTMLParser):
    """The text of every table cell, row by row, and the tags seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self._in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"}:
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.rows[-1][-1] += data


def cells(page: str) -> _Cells:
    parser = _Cells()
    parser.feed(page)
    parser.close()
    return parser


def number(text: str) -> int | None:
    return None if text == "—" else int(text.replace(",", ""))


@given(hierarchies(max_units=30))
def test_a_hierarchy_shows_its_level_counts_and_totals(h: Hierarchy) -> None:
    parsed = cells(h._repr_html_())
    header, *rows = parsed.rows
    assert header == ["level", "territory", "units", "households", "population", "party members"]
    counts = h.level_counts()
    assert [row[0] for row in rows] == [*h.scheme.keys, "all levels"]
    for row in rows[:-1]:
        key = row[0]
        assert row[1] == h.scheme[key].territory
        assert number(row[2]) == counts[key]
        for field, text in zip(COUNT_FIELDS, row[3:], strict=True):
            totals = [t for u in h.at_level(key) if (t := h.total(u, field)) is not None]
            assert number(text) == (sum(totals) if totals else None)
    last = rows[-1]
    assert number(last[2]) == len(h)
    for field, text in zip(COUNT_FIELDS, last[3:], strict=True):
        totals = [t for u in h.roots() if (t := h.total(u, field)) is not None]
        assert number(text) == (sum(totals) if totals else None)
    assert "tr" in parsed.tags
    assert "script" not in parsed.tags


def test_the_bundled_district() -> None:
    district = jiceng.examples.tongchuan()
    page = district.hierarchy._repr_html_()
    assert "Hierarchy of 793 units, 5 roots, scheme urban_five_level" in page
    assert "<td>480</td>" in page  # buildings
    assert "<td>185,993</td>" in page  # households in the district
    assert page.count("<tr>") == 1 + 5 + 1  # header, five levels, all levels
    assert len(page) < 3_000  # a summary, not the tree


def test_text_is_escaped() -> None:
    evil_scheme = LevelScheme(
        name="evil",
        title=EVIL,
        levels=[
            {
                "key": "top",
                "territory": "<b>片区</b>",
                "organisation": "党委",
                "label": "top",
                "kind": "committee",
            }
        ],
    )
    h = Hierarchy([OrgUnit(id="a", name=EVIL, level="top", households=3)], evil_scheme)
    page = h._repr_html_()
    assert "<script>" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;片区&lt;/b&gt;" in page
    dataset = Dataset(h, name=EVIL)
    shown = dataset._repr_html_()
    assert "<script>" not in shown
    assert "Dataset &lt;script&gt;" in shown
    assert "script" not in cells(shown).tags


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("renovation", [["projects", "20"]]),
        ("pay", [["workers", "60"], ["schemes", "1"]]),
        ("services", [["departments", "14"], ["items", "44"], ["centres", "1"]]),
    ],
)
def test_an_engine_shows_its_record_counts(domain: str, expected: list[list[str]]) -> None:
    engine = jiceng.examples.tongchuan().engines[domain]
    page = engine._repr_html_()  # type: ignore[attr-defined]
    header, *rows = cells(page).rows
    assert header == ["records", "number"]
    assert rows == [*expected, ["units in its hierarchy", "793"]]
    assert f"<caption>{type(engine).__name__}</caption>" in page
    counts = ", ".join(f"{n} {noun}" for noun, n in expected)
    assert repr(engine) == f"<{type(engine).__name__} of {counts}>"


def test_a_dataset_shows_its_hierarchy_and_every_engine() -> None:
    district = jiceng.examples.tongchuan()
    page = district._repr_html_()
    assert page.count("<table>") == 1 + len(district.engines)
    assert district.hierarchy._repr_html_() in page
    for domain, engine in district.engines.items():
        assert f"<p>{domain}</p>" + engine._repr_html_() in page  # type: ignore[attr-defined]
    assert re.search(r"<strong>Dataset 通川区 \(达州市\) example district</strong>", page)
    bare = Dataset(hierarchy=jiceng.examples.mafangba())
    assert bare._repr_html_().count("<table>") == 1
    assert repr(bare) == "<Dataset: 6 units; no other domains>"


def test_reprs_stay_short() -> None:
    district = jiceng.examples.tongchuan()
    for shown in (district, district.hierarchy, *district.engines.values()):
        assert len(repr(shown)) < 100
        assert "\n" not in repr(shown)
