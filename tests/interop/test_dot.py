"""Org charts in DOT: checked by rendering them with Graphviz's own ``dot`` program.

``dot`` must be installed (``apt-get install graphviz``; CI installs it): without it these tests
fail, saying so, rather than skip, since they are what shows the text is DOT at all.
"""

from __future__ import annotations

import importlib.util
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import jiceng
from jiceng import Hierarchy, OrgUnit
from jiceng.cli import main
from jiceng.errors import InvalidArgumentError, JicengTypeError, UnknownUnitError
from jiceng.examples import mafangba
from jiceng.interop.dot import DEFAULT_FONTNAME, LABELS, to_dot
from jiceng.levels import URBAN_FIVE_LEVEL
from jiceng.testing import NESTED_SCHEME, chains, deep_chain, hierarchies, unit_lists

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def dot_program() -> str:
    found = shutil.which("dot")
    if found is None:
        pytest.fail(
            "Graphviz's `dot` program is not on PATH; these tests render the org charts with it:"
            " install graphviz (apt-get install graphviz, brew install graphviz)"
        )
    return found


def render(text: str, fmt: str) -> bytes:
    """Run ``dot -T<fmt>`` on the text; dot must succeed without a word on standard error."""
    done = subprocess.run(
        [dot_program(), f"-T{fmt}"], input=text.encode("utf-8"), capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stderr == b"", done.stderr.decode("utf-8", "replace")
    return done.stdout


class Layout:
    """What ``dot -Tjson`` drew: nodes in the order written, labels, edges, clusters."""

    def __init__(self, text: str) -> None:
        data: dict[str, Any] = json.loads(render(text, "json"))
        objects = data.get("objects", [])
        skip = data.get("_subgraph_cnt", 0)
        self.clusters = {
            o["name"]: sorted(o.get("nodes", [])) for o in objects[:skip]
        }  # cluster name -> node gvids
        self.cluster_labels = {o["name"]: o.get("label") for o in objects[:skip]}
        nodes = objects[skip:]
        self.names: list[str] = [o["name"] for o in nodes]
        self.gvid = {o["_gvid"]: i for i, o in enumerate(nodes)}
        self.lines = [[t["text"] for t in o.get("_ldraw_", []) if t["op"] == "T"] for o in nodes]
        self.edges = [
            (self.gvid[e["tail"]], self.gvid[e["head"]]) for e in data.get("edges", [])
        ]  # as positions in self.names
        self.centre = [tuple(map(float, o["pos"].split(","))) for o in nodes]

    def rows(self) -> list[list[str]]:
        """The names of the nodes of each rank, top first, left to right."""
        by_y: dict[float, list[tuple[float, str]]] = {}
        for name, (x, y) in zip(self.names, self.centre, strict=True):
            by_y.setdefault(-y, []).append((x, name))
        return [[name for _, name in sorted(row)] for _, row in sorted(by_y.items())]


def graphviz_name(unit_id: str) -> str:
    """The name Graphviz gives a unit's node: its id, backslashes doubled, line breaks spelled."""
    return unit_id.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def shown(text: str) -> list[str]:
    """The lines Graphviz draws for a label: line breaks split it, empty lines are dropped."""
    return [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line]


def drawn(h: Hierarchy, root: str | None = None, depth: int | None = None) -> list[OrgUnit]:
    """The units a chart with these arguments holds, in hierarchy order, by brute force."""
    if root is None:
        units = list(h)
        return [u for u in units if depth is None or h.depth(u) <= depth]
    base = h.depth(root)
    inside = [h[root], *h.descendants(root)]
    return [u for u in inside if depth is None or h.depth(u) - base <= depth]


def check_chart(h: Hierarchy, text: str, units: list[OrgUnit], labels: list[str]) -> Layout:
    """Render a tree chart and check its nodes, names, labels and edges against the units."""
    layout = Layout(text)
    assert len(layout.names) == len(units)
    for name, unit in zip(layout.names, units, strict=True):
        if unit.id.startswith("%"):  # Graphviz keeps names beginning with % for its own nodes
            assert name.startswith("%")
        else:
            assert name == graphviz_name(unit.id)
    assert layout.lines == [shown(label) for label in labels]
    position = {unit.id: i for i, unit in enumerate(units)}
    expected = [
        (position[u.parent], position[u.id])
        for u in units
        if u.parent is not None and u.parent in position
    ]
    assert sorted(layout.edges) == sorted(expected)
    return layout


# -- nasty ids and names -----------------------------------------------------------------------

_PIECES = [
    '"', "\\", "->", "--", "{", "}", "[", "]", ";", "=", ",", "&", "&amp;", "&#65;", "<", ">",
    "%", "'", "#", " ", "\\n", "\\N", "\\G", "\\l", "1", "07", "a", "Z", "马", "房坝", "社区",
    "党委", "·", "🏠", "subgraph", "node", "graph",
]  # fmt: skip
# No raw line break or tab: ids and names refuse control characters.
nasty_text = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map("".join)


@st.composite
def nasty_hierarchies(draw: st.DrawFn) -> Hierarchy:
    """A generated forest whose ids and names are made of everything DOT has to escape."""
    scheme, units = draw(unit_lists(max_units=25))
    ids = draw(
        st.lists(
            nasty_text.map(str.strip).filter(bool),
            min_size=len(units),
            max_size=len(units),
            unique=True,
        )
    )
    names = draw(
        st.lists(nasty_text.map(str.strip).filter(bool), min_size=len(units), max_size=len(units))
    )
    new = {unit.id: ids[i] for i, unit in enumerate(units)}
    return Hierarchy(
        [
            unit.model_copy(
                update={
                    "id": new[unit.id],
                    "parent": None if unit.parent is None else new[unit.parent],
                    "name": names[i],
                }
            )
            for i, unit in enumerate(units)
        ],
        scheme,
    )


# -- the bundled district ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def tongchuan() -> Hierarchy:
    return jiceng.examples.tongchuan().hierarchy


def test_the_district_renders_as_svg_with_every_unit_and_edge(tongchuan: Hierarchy) -> None:
    svg = render(to_dot(tongchuan, counts=True), "svg")
    tree = ET.fromstring(svg)
    groups = list(tree.iter(f"{SVG}g"))
    nodes = [g for g in groups if g.get("class") == "node"]
    edges = [g for g in groups if g.get("class") == "edge"]
    assert len(nodes) == len(tongchuan) == 793
    assert len(edges) == len(tongchuan) - len(tongchuan.roots()) == 788
    by_title = {node.findtext(f"{SVG}title"): node for node in nodes}
    assert sorted(by_title) == sorted(unit.id for unit in tongchuan)  # the plain ids
    shown = [text.text for text in by_title["dongcheng"].iter(f"{SVG}text")]
    assert shown == ["东城街道", "42,819户"]
    text = svg.decode("utf-8")  # the Chinese is kept as text, whatever fonts are installed
    assert "马房坝社区" in text
    assert "54,983户" in text  # 朝阳街道's households


def test_the_district_json_layout_matches_the_hierarchy(tongchuan: Hierarchy) -> None:
    for label in LABELS:
        text = to_dot(tongchuan, label=label)
        layout = check_chart(
            tongchuan, text, list(tongchuan), [_label(tongchuan, u, label) for u in tongchuan]
        )
        assert len(layout.edges) == 788


def _label(h: Hierarchy, unit: OrgUnit, keyword: str) -> str:
    org = unit.org_name or unit.name + h.org_kind(unit).zh
    return {
        "name": unit.name,
        "org": org,
        "both": f"{unit.name}\n{org}",
        "level": f"{unit.name}\n{h.scheme[unit.level].territory}",
    }[keyword]


def test_the_district_in_level_clusters(tongchuan: Hierarchy) -> None:
    layout = Layout(to_dot(tongchuan, clusters=True))
    assert sorted(layout.names) == sorted(unit.id for unit in tongchuan)
    assert len(layout.edges) == 788
    assert list(layout.clusters) == [f"cluster_{key}" for key in URBAN_FIVE_LEVEL.keys]
    by_name = {name: i for i, name in enumerate(layout.names)}
    gvid_of = {i: g for g, i in layout.gvid.items()}
    for level in URBAN_FIVE_LEVEL:
        members = sorted(gvid_of[by_name[u.id]] for u in tongchuan.at_level(level.key))
        assert layout.clusters[f"cluster_{level.key}"] == members
        assert layout.cluster_labels[f"cluster_{level.key}"] == (
            f"{level.territory} · {level.organisation}"
        )


@pytest.mark.parametrize("clusters", [False, True])
def test_each_rank_is_drawn_left_to_right_in_hierarchy_order(
    tongchuan: Hierarchy, clusters: bool
) -> None:
    rows = Layout(to_dot(tongchuan, clusters=clusters)).rows()
    expected: dict[int, list[str]] = {}
    for unit in tongchuan:
        expected.setdefault(tongchuan.depth(unit), []).append(unit.id)
    assert rows == [expected[d] for d in sorted(expected)]


def test_a_street_two_levels_down(tongchuan: Hierarchy) -> None:
    text = to_dot(tongchuan, root="chaoyang", depth=2, counts=True)
    units = drawn(tongchuan, "chaoyang", 2)
    assert len(units) == 37  # 朝阳街道, 17 communities, 19 grids
    labels = [f"{u.name}\n{tongchuan.total(u, 'households'):,}户" for u in units]
    check_chart(tongchuan, text, units, labels)


# -- generated hierarchies ---------------------------------------------------------------------


@given(hierarchies(max_units=30, max_roots=4))
def test_generated_forests_render_with_one_node_per_unit(h: Hierarchy) -> None:
    check_chart(h, to_dot(h), list(h), [u.name for u in h])


@given(nasty_hierarchies())
def test_ids_and_names_of_any_characters_survive(h: Hierarchy) -> None:
    check_chart(h, to_dot(h), list(h), [u.name for u in h])
    layout = Layout(to_dot(h, clusters=True, label=lambda u: u.id))
    assert len(layout.names) == len(h)
    assert sorted(map(shown, [u.id for u in h])) == sorted(layout.lines)
    assert len(layout.edges) == len(h) - len(h.roots())


@given(st.data())
def test_root_and_depth_choose_the_units_drawn(data: st.DataObject) -> None:
    h = data.draw(hierarchies(min_units=1, max_units=30))
    root = data.draw(st.one_of(st.none(), st.sampled_from([u.id for u in h])))
    depth = data.draw(st.one_of(st.none(), st.integers(0, 5)))
    units = drawn(h, root, depth)
    text = to_dot(h, root=root, depth=depth, label="level")
    check_chart(h, text, units, [_label(h, u, "level") for u in units])


@given(hierarchies(max_units=30), st.sampled_from(LABELS), st.booleans(), st.booleans())
def test_the_same_arguments_give_the_same_bytes(
    h: Hierarchy, label: str, clusters: bool, counts: bool
) -> None:
    first = to_dot(h, label=label, clusters=clusters, counts=counts)  # type: ignore[arg-type]
    again = Hierarchy(list(h), h.scheme)
    assert to_dot(again, label=label, clusters=clusters, counts=counts) == first  # type: ignore[arg-type]
    assert first.encode("utf-8").count(b"\n") == first.count("\n")
    assert first.endswith("}\n")


@given(hierarchies(max_units=30, max_roots=3), st.booleans())
def test_count_lines_are_the_subtree_totals(h: Hierarchy, clusters: bool) -> None:
    fields = ("households", "population", "party_members")
    layout = Layout(to_dot(h, counts=fields, clusters=clusters, label=lambda u: "x"))
    expected = []
    for unit in h:
        parts = []
        for field, (before, after) in zip(
            fields, [("", "户"), ("", "人"), ("党员", "名")], strict=True
        ):
            total = h.total(unit, field)
            if total is not None:
                parts.append(f"{before}{total:,}{after}")
        expected.append(["x", " · ".join(parts)] if parts else ["x"])
    assert sorted(layout.lines) == sorted(expected)


@given(chains(min_length=1, max_length=200))
def test_deep_chains_render(chain: Hierarchy) -> None:
    layout = check_chart(chain, to_dot(chain), list(chain), [u.name for u in chain])
    assert len(layout.rows()) == len(chain)


def test_a_hundred_thousand_deep_chain_is_written_without_recursion() -> None:
    chain = deep_chain(100_000, households=7)
    text = to_dot(chain, counts=True, clusters=True)
    assert text.count(" -> ") == 99_999
    assert text.count('" [label="') == 100_000  # the nodes
    assert text.count('label="') == 100_001  # and the one cluster
    assert text.count("7户") == 100_000
    shallow = to_dot(chain, root="n99990", depth=3)
    assert shallow.count('" [label="') == 4


# -- labels, clusters, the text itself --------------------------------------------------------


def test_label_keywords_and_functions() -> None:
    h = mafangba()  # no org_name recorded: the organisation is the name and its kind
    assert 'label="马房坝社区党委"' in to_dot(h, label="org")
    assert '"qt" [label="秋棠片区\\n秋棠片区党总支"]' in to_dot(h, label="both")
    assert '"cl-1" [label="1栋\\n楼栋"]' in to_dot(h, label="level")
    assert '"cl" [label="cl/compound"]' in to_dot(h, label=lambda u: f"{u.id}/{u.level}")
    recorded = Hierarchy(
        [
            OrgUnit(id="s", name="朝阳街道", level="street", org_name="朝阳街道党工委"),
            OrgUnit(
                id="c", name="南外社区", level="community", parent="s", org_kind="general_branch"
            ),
        ]
    )
    assert Layout(to_dot(recorded, label="org")).lines == [["朝阳街道党工委"], ["南外社区党总支"]]


def test_counts_true_field_and_fields() -> None:
    h = mafangba()
    assert '"mfb" [label="马房坝社区\\n241户"]' in to_dot(h, counts=True)
    assert '"yt" [label="永泰片区"]' in to_dot(h, counts=True)  # nothing recorded: no line
    assert (
        to_dot(h, counts="households") == to_dot(h, counts=True) == to_dot(h, counts=["households"])
    )
    assert to_dot(h, counts=False) == to_dot(h) == to_dot(h, counts=())
    assert "241户" not in to_dot(h, counts="population")


def test_the_graph_is_top_down_utf8_with_chinese_fonts() -> None:
    text = to_dot(mafangba())
    lines = text.splitlines()
    assert lines[0] == 'digraph "org_chart" {'
    assert "rankdir=TB" in lines[1]
    assert 'charset="UTF-8"' in lines[1]
    assert f'fontname="{DEFAULT_FONTNAME}"' in lines[1]
    assert f'fontname="{DEFAULT_FONTNAME}"' in lines[2]
    assert DEFAULT_FONTNAME.startswith("Noto Sans CJK SC,")
    assert DEFAULT_FONTNAME.endswith(",sans-serif")
    assert 'fontname="Kai"' in to_dot(mafangba(), fontname="Kai")
    svg = render(to_dot(mafangba(), fontname="AR PL UKai CN"), "svg").decode("utf-8")
    assert 'font-family="AR PL UKai CN"' in svg


@pytest.mark.parametrize(
    ("unit_id", "written"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("ends\\", '"ends\\\\"'),
        ('\\"', '"\\\\\\""'),
        ("a->b", '"a->b"'),
        ("{x}", '"{x}"'),
        ("007", '"007"'),
        ("马房坝", '"马房坝"'),
    ],
)
def test_ids_are_quoted_and_escaped(unit_id: str, written: str) -> None:
    h = Hierarchy([OrgUnit(id=unit_id, name="网格", level="node")], NESTED_SCHEME)
    text = to_dot(h)
    assert f"    {written} [label=" in text
    assert Layout(text).names == [graphviz_name(unit_id)]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ('say "hi"', ['say "hi"']),
        ("back\\slash\\", ["back\\slash\\"]),
        ("\\N \\G \\n", ["\\N \\G \\n"]),  # escape sequences of DOT labels show as typed
        ("&amp; &#65; <b>", ["&amp; &#65; <b>"]),  # no HTML entity is read
        ("two\nlines", ["two", "lines"]),
        ("windows\r\nline", ["windows", "line"]),
        ("马房坝社区", ["马房坝社区"]),
    ],
)
def test_labels_show_the_text_exactly(name: str, lines: list[str]) -> None:
    # A name holds no line break (ids and names refuse control characters); a label may.
    h = Hierarchy([OrgUnit(id="u", name="网格", level="node")], NESTED_SCHEME)
    text = to_dot(h, label=lambda unit: name)
    assert Layout(text).lines == [lines]
    breaks = text.replace("\\\\", "").count("\\n")  # DOT's \n, not an escaped backslash's n
    assert breaks == len(lines) - 1  # one line break each, \r\n included


def test_a_name_beginning_with_percent_is_still_one_node_with_its_edges() -> None:
    h = Hierarchy(
        [
            OrgUnit(id="%top", name="上", level="node"),
            OrgUnit(id="%5", name="左", level="node", parent="%top"),
            OrgUnit(id="r", name="右", level="node", parent="%top"),
        ],
        NESTED_SCHEME,
    )
    layout = Layout(to_dot(h))
    assert layout.lines == [["上"], ["左"], ["右"]]
    assert sorted(layout.edges) == [(0, 1), (0, 2)]


def test_an_empty_hierarchy_is_an_empty_graph() -> None:
    text = to_dot(Hierarchy([]))
    assert Layout(text).names == []
    assert text.count("\n") == 5
    assert "subgraph" not in to_dot(Hierarchy([]), clusters=True)


def test_clusters_hold_only_levels_that_are_drawn() -> None:
    text = to_dot(mafangba(), root="qt", clusters=True)
    assert [line.split('"')[1] for line in text.splitlines() if "subgraph" in line] == [
        "cluster_grid",
        "cluster_compound",
        "cluster_building",
    ]


# -- errors ------------------------------------------------------------------------------------


def test_errors() -> None:
    h = mafangba()
    with pytest.raises(UnknownUnitError):
        to_dot(h, root="nowhere")
    with pytest.raises(InvalidArgumentError, match="depth must be 0 or more"):
        to_dot(h, depth=-1)
    with pytest.raises(JicengTypeError, match="depth must be an int"):
        to_dot(h, depth=True)
    with pytest.raises(JicengTypeError, match="depth must be an int"):
        to_dot(h, depth="2")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="label must be a function or one of"):
        to_dot(h, label="title")  # type: ignore[arg-type]
    with pytest.raises(JicengTypeError, match="must return a str, got <class 'int'> for unit 'cy'"):
        to_dot(h, label=lambda u: 1)  # type: ignore[arg-type,return-value]
    with pytest.raises(InvalidArgumentError, match="'area', which is not one of households"):
        to_dot(h, counts=("households", "area"))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="control_character"):  # refused before DOT
        OrgUnit(id="a\0b", name="网格", level="node")
    with pytest.raises(InvalidArgumentError, match="NUL"):
        to_dot(h, label=lambda u: "\0")


# -- the command line --------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(argv), out=out)
    return status, out.getvalue()


def test_tree_dot_prints_to_dot(tongchuan: Hierarchy) -> None:
    path = jiceng.examples.tongchuan_path()
    assert run("tree", path, "--dot") == (0, to_dot(tongchuan))
    assert run("tree", path, "--dot", "--root", "chaoyang", "--depth", "2") == (
        0,
        to_dot(tongchuan, root="chaoyang", depth=2),
    )
    assert run(
        "tree", path, "--dot", "--root", "liaojiawan", "--label", "both", "--clusters", "--counts"
    ) == (0, to_dot(tongchuan, root="liaojiawan", label="both", clusters=True, counts=True))
    status, text = run("tree", path, "--dot", "--depth", "0")
    assert status == 0
    assert len(Layout(text).names) == 5


def test_tree_dot_errors(capsys: pytest.CaptureFixture[str]) -> None:
    path = jiceng.examples.tongchuan_path()
    assert run("tree", path, "--dot", "--root", "nope") == (1, "")
    assert "no unit with id 'nope'" in capsys.readouterr().err
    assert run("tree", path, "--counts") == (2, "")
    assert "use them with --dot" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("tree", path, "--dot", "--label", "title")


# -- the picture in the docs -------------------------------------------------------------------


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_org_chart", ROOT / "scripts" / "make_org_chart.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _drawing(svg: bytes) -> list[tuple[str | None, list[str | None]]]:
    """The titles and texts of an SVG's nodes, clusters and edges: what it shows, not where."""
    tree = ET.fromstring(svg)
    return [
        (g.findtext(f"{SVG}title"), [t.text for t in g.iter(f"{SVG}text")])
        for g in tree.iter(f"{SVG}g")
        if g.get("class") in {"node", "cluster", "edge"}
    ]


def test_the_committed_org_chart_is_what_the_script_draws(tmp_path: Path) -> None:
    script = _script()
    committed = (ROOT / "docs" / "images" / "org-chart.svg").read_bytes()
    out = tmp_path / "chart.svg"
    assert script.main(["-o", str(out)]) == 0
    fresh = out.read_bytes()
    # The positions depend on the fonts installed; what the chart shows does not.
    assert _drawing(committed) == _drawing(fresh)
    assert script.main(["-o", str(out)]) == 0
    assert out.read_bytes() == fresh  # deterministic
    text = committed.decode("utf-8")
    assert "廖家湾社区" in text
    assert "廖家湾社区党委" in text
