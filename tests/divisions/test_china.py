from __future__ import annotations

import subprocess
import sys

import pytest

from jiceng import examples


def test_china_is_not_loaded_at_import() -> None:
    code = (
        "import sys, jiceng, jiceng.divisions.tables as t\n"
        "calls = []\n"
        "original = t._read\n"
        "t._read = lambda *a: calls.append(a) or original(*a)\n"
        "import jiceng.examples\n"
        "print(len(calls), 'china' in dir(jiceng.examples))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["0", "True"]


@pytest.mark.slow
def test_china() -> None:
    h = examples.china()
    assert list(h.level_counts().values()) == [31, 342, 2978, 41352, 620573]
    county = h["511702000000"]
    assert county.name == "通川区"
    streets = [u for u in h.children(county) if u.code and u.code[6:9] < "100"]
    assert [u.name for u in streets] == ["东城街道", "西城街道", "朝阳街道", "凤西街道", "凤北街道"]
    assert [len(h.children(u)) for u in streets] == [15, 11, 17, 12, 8]
    assert h.parent("441900003000").id == "441900000000-county"
    assert h.parent("350527000000-village").id == "350527000000-township"
    assert h["110101001001"].name == "多福巷社区"
