"""The shape of the package: public names, module boundaries, what it raises."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import jiceng.renovation

PACKAGE = Path(jiceng.renovation.__file__).parent
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")

OLD_NAMES = [
    "ALLOCATION_WEIGHTS",
    "Consultation",
    "ConsultationMatter",
    "Eligibility",
    "EligibilityPolicy",
    "ExtendedShare",
    "Funding",
    "FundingSource",
    "Measure",
    "Portfolio",
    "Progress",
    "ProjectStatus",
    "RenovationCategory",
    "RenovationProject",
    "StatusChange",
    "next_statuses",
]


def isort_style(name: str) -> tuple[int, str]:
    """Constants, then classes, then everything else, each alphabetically (ruff's RUF022)."""
    if name.isupper():
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


def test_the_package_keeps_every_old_name() -> None:
    assert set(OLD_NAMES) <= set(jiceng.renovation.__all__)
    assert jiceng.renovation.__all__ == sorted(jiceng.renovation.__all__, key=isort_style)
    for name in jiceng.renovation.__all__:
        assert getattr(jiceng.renovation, name) is not None


@pytest.mark.parametrize("module", MODULES)
def test_each_module_has_a_sorted_all_that_the_package_exports(module: str) -> None:
    loaded = importlib.import_module(f"jiceng.renovation.{module}")
    assert loaded.__doc__
    assert loaded.__all__ == sorted(loaded.__all__, key=isort_style)
    for name in loaded.__all__:
        assert getattr(jiceng.renovation, name) is getattr(loaded, name)
    assert len((PACKAGE / f"{module}.py").read_text(encoding="utf-8").splitlines()) < 800


def test_the_modules_import_each_other_without_cycles() -> None:
    needs: dict[str, set[str]] = {}
    for module in MODULES:
        needs[module] = {
            node.module.rsplit(".", 1)[1]
            for node in ast.walk(tree(module))
            if isinstance(node, ast.ImportFrom)
            and node.module is not None
            and node.module.startswith("jiceng.renovation.")
        }
    done: list[str] = []
    while len(done) < len(MODULES):
        ready = [m for m in MODULES if m not in done and needs[m] <= set(done)]
        assert ready, f"a cycle among {sorted(set(MODULES) - set(done))}"
        done.extend(ready)
    assert done.index("lifecycle") < done.index("records") < done.index("portfolio")


def test_nothing_reads_the_clock_or_raises_a_bare_builtin() -> None:
    for module in MODULES:
        source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
        assert "today()" not in source, module
        assert "datetime.now" not in source, module
        for node in ast.walk(tree(module)):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                called = node.exc.func
                name = called.id if isinstance(called, ast.Name) else None
                assert name not in {"ValueError", "TypeError", "KeyError", "LookupError"}, module
