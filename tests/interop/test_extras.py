"""The optional libraries stay optional: ``import jiceng`` and the core work without them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jiceng

OPTIONAL = ("pandas", "pyarrow", "duckdb", "matplotlib")


def run(code: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(jiceng.__file__).parent.parent)
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": src},
        capture_output=True,
        text=True,
        check=False,
    )


def test_import_jiceng_loads_no_optional_library() -> None:
    done = run(
        "import sys, jiceng, jiceng.interop, jiceng.cli\n"
        f"print(sorted(m for m in {OPTIONAL!r} if m in sys.modules))\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_without_the_extras_the_core_works_and_the_error_names_the_extra() -> None:
    blocked = "".join(f"sys.modules[{name!r}] = None\n" for name in OPTIONAL)
    done = run(
        "import io, sys\n" + blocked + "import jiceng\n"
        "from jiceng.interop import to_arrow, to_networkx, to_pandas, to_tree\n"
        "from jiceng.errors import MissingExtraError\n"
        "h = jiceng.examples.tongchuan().hierarchy\n"
        "assert to_networkx(h).number_of_nodes() == 793\n"
        "assert len(to_tree(h)) == 5\n"
        "for convert, extra in ((to_pandas, 'pandas'), (to_arrow, 'arrow')):\n"
        "    try:\n"
        "        convert(h)\n"
        "    except MissingExtraError as error:\n"
        "        print(error.extra, error)\n"
        "out = io.StringIO()\n"
        "from jiceng.cli import main\n"
        "assert main(['report', '--on', '2026-11-26'], out=out) == 0\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        'pandas this needs pandas: pip install "jiceng[pandas]"',
        'arrow this needs pyarrow: pip install "jiceng[arrow]"',
    ]
