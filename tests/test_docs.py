"""Every ```python block in README.md and docs/*.md runs, as a doctest, in file order."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_there_are_pages_with_examples() -> None:
    assert any(BLOCK.search(page.read_text(encoding="utf-8")) for page in PAGES)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_page_examples_run(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    blocks = [
        (text.count("\n", 0, match.start(1)), match.group(1)) for match in BLOCK.finditer(text)
    ]
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for number, (line, block) in enumerate(blocks, 1):
        assert ">>>" in block, f"{page.name} block {number} is not written as a doctest (>>>)"
        test = parser.get_doctest(block, namespace, f"{page.name}[{number}]", str(page), line)
        test.globs = namespace  # blocks of one page share their names, in order
        result = runner.run(test, clear_globs=False)
        assert result.failed == 0, f"{page.name} block {number}: {result.failed} example(s) failed"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = 'pip install -e ".[test]" && python -m pytest'
    assert f"```sh\n{command}\n```" in readme
    assert f"'{command}'" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
