"""Draw the org chart of the docs, ``docs/images/org-chart.svg``, from the bundled district.

The chart is 廖家湾社区 (Liaojiawan community, in 朝阳街道 of the bundled 通川区) with everything
under it: its two grids, three compounds and six buildings, one cluster per level, each box
showing the unit, its party organisation and the households under it. The DOT text comes from
:func:`jiceng.interop.dot.to_dot`; Graphviz's ``dot -Tsvg`` lays it out.

Usage::

    python scripts/make_org_chart.py            # (re)write docs/images/org-chart.svg
    python scripts/make_org_chart.py -o OUT     # write somewhere else
    python scripts/make_org_chart.py --dot      # print the DOT text instead

The output is deterministic: the same Graphviz with the same fonts writes the same bytes. The
SVG keeps the Chinese as text, so it shows in any browser with a Chinese font; the boxes' sizes
follow the fonts that were installed where it was drawn.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from jiceng.examples import tongchuan
from jiceng.interop.dot import to_dot

OUT = Path(__file__).resolve().parent.parent / "docs" / "images" / "org-chart.svg"
ROOT = "liaojiawan"


def chart() -> str:
    """Return the DOT text of the chart."""
    h = tongchuan().hierarchy
    return to_dot(h, root=ROOT, label="both", counts=True, clusters=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT, help=f"default: {OUT}")
    parser.add_argument("--dot", action="store_true", help="print the DOT text and stop")
    args = parser.parse_args(argv)
    text = chart()
    if args.dot:
        sys.stdout.write(text)
        return 0
    dot = shutil.which("dot")
    if dot is None:
        print("make_org_chart: Graphviz's dot is not installed", file=sys.stderr)
        return 2
    done = subprocess.run(
        [dot, "-Tsvg"], input=text.encode("utf-8"), capture_output=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(done.stdout)
    print(f"wrote {args.output} ({len(done.stdout):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
