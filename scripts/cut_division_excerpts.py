"""Cut the small test excerpts of the national division tables.

Writes ``tests/data/divisions/<year>/`` (the five-file layout, gzipped) for 2020 and 2023 from
the shared tables, and ``tests/data/divisions/tongchuan-2023.csv``: 通川区 in the one-table form
the bureau prints (``code,name,urban_rural``, codes padded to 12). The shared tables carry no
urban-rural classification; the excerpt's third column is derived from the village segment
(residents' committees 001–199 → 111 主城区, villagers' committees → 220 村庄), for the reader's
tests only.

Usage: ``python scripts/cut_division_excerpts.py [SHARED_DIVISIONS_FOLDER]``.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

FILES = ("provinces", "cities", "areas", "streets", "villages")
DIGITS = (2, 4, 6, 9, 12)
WHOLE = ("5117",)  # 达州市, all of it
# The quirks: 北京 with two districts, 重庆's 市辖区 and 县, the cities without counties, 金门.
TOPS = {"11", "1101", "110101", "110102", "50", "5001", "5002", "500101", "500229", "44"}
TOPS |= {"4419", "441900", "4420", "442000", "46", "4604", "460400", "62", "6202", "620201"}
TOPS |= {"35", "3505", "350527", "51"}
PER_PARENT = 3  # townships and villages kept under each kept quirk unit
ROOT = Path(__file__).resolve().parent.parent


def cut(source: Path, target: Path) -> dict[str, list[list[str]]]:
    kept: set[str] = set()
    out: dict[str, list[list[str]]] = {}
    for level, name in enumerate(FILES):
        with gzip.open(source / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        chosen = [header]
        under: dict[str, int] = {}
        for row in body:
            code = row[0]
            parent = code[: DIGITS[level - 1]] if level else ""
            if code.startswith(WHOLE) or code in TOPS:
                chosen.append(row)
            elif level >= 3 and parent in kept and under.get(parent, 0) < PER_PARENT:
                under[parent] = under.get(parent, 0) + 1
                chosen.append(row)
            else:
                continue
            kept.add(code)
        out[name] = chosen
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        for row in chosen:
            writer.writerow(row)
        target.mkdir(parents=True, exist_ok=True)
        with (
            (target / f"{name}.csv.gz").open("wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as packed,
        ):
            packed.write(text.getvalue().encode("utf-8"))
    return out


def main() -> None:
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/divisions")
    excerpts = ROOT / "tests" / "data" / "divisions"
    for year in ("2020", "2023"):
        tables = cut(shared / year, excerpts / year)
    rows = ["code,name,urban_rural"]
    for name in FILES[2:]:
        for row in tables[name][1:]:
            if row[0].startswith("511702"):
                code = row[0].ljust(12, "0")
                kind = "111" if int(code[9:] or 0) < 200 else "220"
                rows.append(f"{code},{row[1]},{kind if len(row[0]) == 12 else ''}")
    (excerpts / "tongchuan-2023.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
