"""Draw the pictures of docs/analysis.md, ``docs/images/*.png``, from the bundled district.

- ``level-profile.png`` — :func:`jiceng.plot.plot_level_profile` of the whole of 通川区;
- ``spans.png`` — :func:`jiceng.plot.plot_spans`: children per unit at each level;
- ``treemap-households.png`` — :func:`jiceng.plot.plot_treemap` of households under the five
  streets, two levels deep (streets and their communities);
- ``treemap-party-members.png`` — party members under 朝阳街道, its communities and grids;
- ``coverage.png`` — :func:`jiceng.plot.plot_coverage`: the units of each street by how their
  party organisation is set up.

Usage::

    pip install -e ".[plot]"                 # matplotlib
    apt-get install fonts-noto-cjk           # or fonts-wqy-microhei: a font that draws Chinese
    python scripts/make_pictures.py          # (re)write docs/images/*.png
    python scripts/make_pictures.py -o DIR   # write them somewhere else

The pictures are PNG at 100 dpi, each well under 100 KB. Without a Chinese font the labels are
in English (level keys and unit ids) and jiceng warns; pass ``--font NAME`` to pick a font.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from matplotlib.figure import Figure

from jiceng.analysis import coverage
from jiceng.examples import tongchuan
from jiceng.plot import plot_coverage, plot_level_profile, plot_spans, plot_treemap

OUT = Path(__file__).resolve().parent.parent / "docs" / "images"


def pictures(font: str | None) -> dict[str, Callable[[], Figure]]:
    """Return each picture's file name and the call that draws it."""
    district = tongchuan()
    return {
        "level-profile.png": lambda: plot_level_profile(
            district, title="通川区: level profile", font=font
        ),
        "spans.png": lambda: plot_spans(district, font=font),
        "treemap-households.png": lambda: plot_treemap(district, depth=2, font=font),
        "treemap-party-members.png": lambda: plot_treemap(
            district, "chaoyang", field="party_members", depth=2, font=font
        ),
        "coverage.png": lambda: plot_coverage(
            coverage(district.hierarchy), title="通川区: party organisation coverage", font=font
        ),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("-o", "--out", type=Path, default=OUT, help="folder (docs/images)")
    parser.add_argument("--font", help="a font family that draws Chinese (default: found)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, draw in pictures(args.font).items():
        path = args.out / name
        # No timestamp or software tag in the file: the same drawing writes the same bytes.
        draw().savefig(path, dpi=100, metadata={"Software": None}, pil_kwargs={"optimize": True})
        print(f"{path}: {path.stat().st_size / 1000:.0f} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
