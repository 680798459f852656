"""The bundled 2023 tree: loaded only on demand, and equal to the published table."""

from __future__ import annotations

import subprocess
import sys

from jiceng import ADMINISTRATIVE, examples


def test_china_is_read_on_demand_only() -> None:
    code = (
        "import sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: event == 'open' and 'china-2023' in str(args[0])"
        " and opened.append(args[0]))\n"
        "import jiceng, jiceng.examples, jiceng.divisions\n"
        "before = len(opened)\n"
        "h = jiceng.examples.china()\n"
        "print(before, len(opened) > 0, len(h))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["0", "True", "665276"]


def test_china_equals_the_2023_table() -> None:
    h = examples.china()
    assert h.scheme == ADMINISTRATIVE
    assert list(h.level_counts().values()) == [31, 342, 2978, 41352, 620573]
    digits = {level.key: level.code_digits for level in ADMINISTRATIVE}
    for unit in h:
        parent = h.parent(unit)
        if unit.code is None:  # a placeholder repeating its parent's code: the id says so
            assert parent is not None
            assert unit.id == f"{parent.id.partition('-')[0]}-{unit.level}"
            continue
        assert unit.id == unit.code
        if parent is None:
            assert unit.level == "province"
            continue
        keep = digits[parent.level]
        assert keep is not None
        assert unit.code[:keep] == parent.id[:keep]  # the parent is the unit its code nests in
    county = h["511702000000"]
    assert county.name == "通川区"
    streets = [u for u in h.children(county) if u.code and u.code[6:9] < "100"]
    assert [u.name for u in streets] == ["东城街道", "西城街道", "朝阳街道", "凤西街道", "凤北街道"]
    assert [len(h.children(u)) for u in streets] == [15, 11, 17, 12, 8]
    assert h.parent("441900003000").id == "441900000000-county"
    assert h.parent("350527000000-village").id == "350527000000-township"
    assert h["110101001001"].name == "多福巷社区"
    # The committee suffixes are cut: what still ends in 会 are the names kept as given (a
    # community's second committee, a subdistrict's or a zone's management committee).
    kept = [u.name for u in h if u.level == "village" and u.name.endswith("会")]
    assert len(kept) == 522
