"""The documentation site's generator: a page per public module, nav entries, roles as links.

The site itself is built by .ci/run (``mkdocs build --strict``); these tests check the generator's
plain-Python logic, which needs neither mkdocs nor griffe.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "jiceng"


def _load_apidocs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("apidocs", ROOT / "docs" / "hooks" / "apidocs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("apidocs", module)
    spec.loader.exec_module(module)
    return module


apidocs = _load_apidocs()


def _modules_on_disk(package: Path, name: str) -> set[str]:
    """Walk the source tree itself, independently of the generator's pkgutil walk."""
    found = {name}
    for path in package.iterdir():
        if path.name.startswith("_"):
            continue
        if path.suffix == ".py":
            found.add(f"{name}.{path.stem}")
        elif (path / "__init__.py").is_file():
            found |= _modules_on_disk(path, f"{name}.{path.name}")
    return found


def test_every_public_module_has_a_page_in_the_nav() -> None:
    modules = apidocs.public_modules("jiceng")
    pages = list(apidocs.nav_pages(apidocs.api_nav(modules)))
    expected = _modules_on_disk(PACKAGE, "jiceng")
    assert set(modules) == expected
    assert sorted(pages) == sorted(f"api/{module}.md" for module in expected)
    assert len(pages) == len(set(pages))


def test_the_walk_skips_private_modules_and_main() -> None:
    modules = apidocs.public_modules("jiceng")
    assert "jiceng.__main__" not in modules
    assert not [name for name in modules if any(p.startswith("_") for p in name.split("."))]
    assert modules[0] == "jiceng"
    assert {"jiceng.hierarchy", "jiceng.testing", "jiceng.testing.hierarchy"} <= set(modules)


def test_the_api_section_of_mkdocs_yml_gets_the_pages() -> None:
    nav: list[Any] = [
        {"Home": "index.md"},
        {"API reference": [{"Overview": "api/index.md"}]},
    ]
    assert apidocs.insert_api_nav(nav, ["jiceng", "jiceng.io"])
    assert list(apidocs.nav_pages(nav)) == [
        "index.md",
        "api/index.md",
        "api/jiceng.md",
        "api/jiceng.io.md",
    ]
    assert not apidocs.insert_api_nav([{"Home": "index.md"}], ["jiceng"])


def test_mkdocs_yml_lists_every_guide_and_the_api_overview() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config[config.index("\nnav:") :]
    listed = set(re.findall(r":\s*(\S+\.md)\s*$", nav, re.MULTILINE))
    guides = {
        str(page.relative_to(ROOT / "docs"))
        for page in (ROOT / "docs").rglob("*.md")
        if "hooks" not in page.parts
    }
    assert "api/index.md" in listed
    assert guides == listed


@pytest.fixture
def restructured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A package laid out as jiceng is about to be: domains as packages of submodules."""
    name = "restructured_pkg"
    files = {
        "__init__.py": "",
        "__main__.py": "",
        "_private.py": "",
        "analysis.py": "",
        "hierarchy.py": "",
        "renovation/__init__.py": "",
        "renovation/portfolio.py": "",
        "renovation/consultation.py": "",
        "renovation/_rules.py": "",
        "testing/__init__.py": "",
        "testing/renovation.py": "",
        "_internal/__init__.py": "",
        "_internal/helpers.py": "",
    }
    for relative, text in files.items():
        path = tmp_path / name / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


def test_packages_and_submodules_get_pages_nested_in_the_nav(restructured: str) -> None:
    name = restructured
    modules = apidocs.public_modules(name)
    assert modules == [
        name,
        f"{name}.analysis",
        f"{name}.hierarchy",
        f"{name}.renovation",
        f"{name}.renovation.consultation",
        f"{name}.renovation.portfolio",
        f"{name}.testing",
        f"{name}.testing.renovation",
    ]
    nav = apidocs.api_nav(modules)
    assert nav[0] == {name: f"api/{name}.md"}
    renovation = nav[3][f"{name}.renovation"]
    assert renovation[0] == {f"{name}.renovation": f"api/{name}.renovation.md"}
    assert list(apidocs.nav_pages(nav)) == [apidocs.page_uri(module) for module in modules]


def _link(role: str, target: str) -> str | None:
    """A stand-in for the griffe extension's lookup: short names resolve under ``jiceng``."""
    if apidocs.is_external(target):
        return None
    return target if target.startswith("jiceng") else f"jiceng.hierarchy.{target}"


@pytest.mark.parametrize(
    ("docstring", "expected"),
    [
        (":class:`~jiceng.Hierarchy`", "[`Hierarchy`][jiceng.Hierarchy]"),
        (":class:`jiceng.Hierarchy`", "[`jiceng.Hierarchy`][jiceng.Hierarchy]"),
        (":func:`jiceng.load`", "[`jiceng.load()`][jiceng.load]"),
        (":meth:`Hierarchy.total`", "[`Hierarchy.total()`][jiceng.hierarchy.Hierarchy.total]"),
        (":meth:`~jiceng.Hierarchy.total`", "[`total()`][jiceng.Hierarchy.total]"),
        (":mod:`jiceng.renovation`", "[`jiceng.renovation`][jiceng.renovation]"),
        (":data:`URBAN_FIVE_LEVEL`", "[`URBAN_FIVE_LEVEL`][jiceng.hierarchy.URBAN_FIVE_LEVEL]"),
        (":py:attr:`Hierarchy.scheme`", "[`Hierarchy.scheme`][jiceng.hierarchy.Hierarchy.scheme]"),
        (":exc:`KeyError`", "`KeyError`"),
        (":class:`~pydantic.ValidationError`", "`ValidationError`"),
        (":data:`typing.Annotated`", "`typing.Annotated`"),
        (":class:`!Hierarchy`", "`Hierarchy`"),
        (":class:`the engine <jiceng.Hierarchy>`", "[`the engine`][jiceng.Hierarchy]"),
        ("no roles, ``literal`` text", "no roles, ``literal`` text"),
    ],
)
def test_roles_become_links_or_code(docstring: str, expected: str) -> None:
    assert apidocs.convert_roles(docstring, _link) == expected


def test_roles_in_examples_and_code_blocks_stay_as_written() -> None:
    docstring = textwrap.dedent(
        """\
        See :class:`Hierarchy`.

        >>> print(":class:`Hierarchy`")
        :class:`Hierarchy`

        ```python
        ":meth:`total`"
        ```
        Then :meth:`total`.
        """
    )
    converted = apidocs.convert_roles(docstring, _link)
    assert converted.splitlines() == [
        "See [`Hierarchy`][jiceng.hierarchy.Hierarchy].",
        "",
        '>>> print(":class:`Hierarchy`")',
        ":class:`Hierarchy`",
        "",
        "```python",
        '":meth:`total`"',
        "```",
        "Then [`total()`][jiceng.hierarchy.total].",
    ]


def test_builtins_and_other_packages_are_external() -> None:
    assert apidocs.is_external("ValueError")
    assert apidocs.is_external("pydantic.ValidationError")
    assert apidocs.is_external("typing.Annotated")
    assert not apidocs.is_external("jiceng.Hierarchy")
    assert not apidocs.is_external("Hierarchy.total")
