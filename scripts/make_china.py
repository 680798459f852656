"""Build the bundled national division tree, ``src/jiceng/data/china-2023.csv.xz``.

Reads the 2023 tables in the shared five-file layout and writes them as one table in the form
:func:`jiceng.divisions.read` takes: a header ``code,name``, then one row a unit, level by level
(provinces first), each code unpadded (2, 4, 6, 9 or 12 digits, so the level is its length) and
each name as the table gives it. Compressed with xz (the standard library's ``lzma``), which
makes it smaller than gzip; the bytes are deterministic.

Usage::

    python scripts/make_china.py [FOLDER]          # write the file
    python scripts/make_china.py --check [FOLDER]  # exit 1 if the file is out of date
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import sys
from pathlib import Path

FILES = ("provinces", "cities", "areas", "streets", "villages")
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "jiceng" / "data" / "china-2023.csv.xz"
DEFAULT_SOURCE = Path("/work/shared/data/divisions/2023")


def build(source: Path) -> bytes:
    """Return the compressed table of the five files in ``source``."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "name"])
    for name in FILES:
        with gzip.open(source / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as f:
            rows = csv.reader(f)
            next(rows)
            writer.writerows((row[0], row[1]) for row in rows)
    data = text.getvalue().encode("utf-8")
    return lzma.compress(data, format=lzma.FORMAT_XZ, preset=9 | lzma.PRESET_EXTREME)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    rest = [a for a in argv if a != "--check"]
    source = Path(rest[0]) if rest else DEFAULT_SOURCE
    data = build(source)
    if check:
        current = TARGET.read_bytes() if TARGET.exists() else b""
        if current != data:
            print(f"{TARGET.relative_to(ROOT)} is out of date; run scripts/make_china.py")
            return 1
        return 0
    TARGET.write_bytes(data)
    print(f"wrote {TARGET.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
