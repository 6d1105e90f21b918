"""The cell goldens of the real reports, typed by hand from the published tables, and their writer.

    python tests/golden/real/hand.py     # rewrite tests/golden/real/<file>.json from the rows below

Every number below was read by eye from the source (the HTML tables with their rowspan/colspan, the
PDF as printed, the seeds' text) — not from the parser. Only numbers are kept, never the reports'
text; each JSON names its file by path under ../shared and its sha256, so the test knows it reads
the same file. A cell is `stated` when the source prints its value in a place that identifies the
cell; `stated: false` marks a value the form's arithmetic forces although the source does not print
it where it can be read (the parser must then say the cell is inferred). `value: null` is a cell the
source leaves blank. Reports before 2019 have no national tables: their golden has no cells.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

# Table rows as printed, left to right; "0" alone is a row of zeros.
N = "0"
C21_FLAT = ("review", "litigation_direct", "litigation_after_review")

# fmt: off  (rows kept as the tables print them, to be read against the source)
REPORTS: dict[str, dict[str, object]] = {
    "real/html/pingtan-2019.html": {
        "version": "2019",
        "A": {
            "regulation": "0 0 0",
            "normative_doc": "89 89 89",
            "license": "396 0 181",
            "other_services": "10 0 153",
            "penalty": "2648 0 430",
            "enforcement": "126 0 25",
            "fee": "35 0",
            "procurement": "135 7539.443252",  # printed 75394432.52元; the column is 万元
        },
        "B": [
            "23 0 0 0 0 0 23",
            N,
            "7 0 0 0 0 0 7",
            "1 0 0 0 0 0 1",
            N,
            N,
            N,
            N,
            N,
            N,
            N,
            N,
            "7 0 0 0 0 0 7",
            N,
            "5 0 0 0 0 0 5",
            N,
            "3 0 0 0 0 0 3",
            N,
            N,
            N,
            N,
            "23 0 0 0 0 0 23",
            N,
        ],
        "C": "0 0 0 0 0  0 0 0 0 0  0 0 0 0 0",
    },
    "real/html/pingtan-2020.html": {
        "version": "2019",
        "A": {
            "regulation": "0 0 7",
            "normative_doc": "77 77 166",
            "license": "396 442 278",
            "other_services": "10 7 105",
            "penalty": "2648 -18 538",
            "enforcement": "126 26 29",
            "fee": "35 -15",
            "procurement": "395 7380.28959",  # printed 73802895.90元
        },
        # its 总计 column does not add up (7+6+4+3+3+4 = 27, printed 21): the agency's own figures
        "B": [
            "20 0 0 0 0 1 21",
            N,
            "6 0 0 0 0 1 7",
            "6 0 0 0 0 0 6",
            N,
            N,
            N,
            N,
            N,
            N,
            N,
            N,
            "4 0 0 0 0 0 4",
            N,
            "3 0 0 0 0 0 3",
            N,
            "3 0 0 0 0 0 3",
            N,
            N,
            N,
            "4 0 0 0 0 0 4",
            "20 0 0 0 0 1 21",
            N,
        ],
        "C": "0 0 0 0 0  0 0 0 0 0  0 0 0 0 0",
    },
    "real/html/pingtan-2021.html": {
        "version": "2021",
        "A": {
            "regulation": "0 0 0",
            "normative_doc": "69 3 665",
            "license": "2293",
            "penalty": "1282",
            "enforcement": "42",
            "fee": "24252.311082",
        },
        "B": [
            "64 0 0 2 0 4 70",
            N,
            "27 0 0 2 0 1 30",
            "5 0 0 0 0 0 5",
            N,
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            N,
            "6 0 0 0 0 0 6",
            "1 0 0 0 0 0 1",
            "22 0 0 0 0 3 25",
            N,
            N,
            N,
            N,
            N,
            N,
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            "63 0 0 2 0 4 69",
            "1 0 0 0 0 0 1",
        ],
        "C": "1 0 2 0 3  12 0 0 0 12  0 0 0 0 0",
    },
    "real/html/pingtan-2022.html": {
        "version": "2021",
        "A": {
            "regulation": "0 0 0",
            "normative_doc": "88 55 698",
            "license": "10690",
            "penalty": "2113",
            "enforcement": "0",
            "fee": "9116.36",
        },
        "B": [
            "71 3 0 0 0 0 74",
            "1 0 0 0 0 0 1",
            "21 0 0 0 0 0 21",
            "8 1 0 0 0 0 9",
            N,
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            "2 0 0 0 0 0 2",
            "1 0 0 0 0 0 1",
            N,
            "37 0 0 0 0 0 37",
            N,
            N,
            N,
            N,
            N,
            N,
            N,
            "2 0 0 0 0 0 2",
            N,
            "0 2 0 0 0 0 2",
            "72 3 0 0 0 0 75",
            N,
        ],
        "C": "0 1 1 0 2  1 0 0 0 1  0 0 0 0 0",
    },
    "real/html/pingtan-2023.html": {
        "version": "2021",
        "A": {
            "regulation": "0 0 0",
            "normative_doc": "77 132 470",
            "license": "2629",
            "penalty": "1330",
            "enforcement": "54",
            "fee": "5949.088667",
        },
        "B": [
            "80 1 0 0 0 0 81",
            N,
            "22 0 0 0 0 0 22",
            "19 1 0 0 0 0 20",
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            N,
            "1 0 0 0 0 0 1",
            "1 0 0 0 0 0 1",
            "2 0 0 0 0 0 2",
            "31 0 0 0 0 0 31",
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            N,
            "1 0 0 0 0 0 1",
            "80 1 0 0 0 0 81",
            N,
        ],
        "C": "1 1 0 0 2  4 0 0 1 5  1 0 1 0 2",
    },
    "real/html/pingtan-2024.html": {
        "version": "2021",
        "A": {
            "regulation": "0 0 0",
            "normative_doc": "62 33 440",
            "license": "4529",
            "penalty": "1100",
            "enforcement": "65",
            "fee": "18651.06",
        },
        "B": [
            "217 1 0 0 0 0 218",
            N,
            "71 0 0 0 0 0 71",
            "29 0 0 0 0 0 29",
            "4 0 0 0 0 0 4",
            N,
            N,
            "3 0 0 0 0 0 3",
            "32 0 0 0 0 0 32",
            N,
            N,
            N,
            "75 0 0 0 0 0 75",
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            N,
            "1 1 0 0 0 0 2",
            "217 1 0 0 0 0 218",
            N,
        ],
        "C": "2 1 3 1 7  0 0 0 0 0  13 2 4 0 19",
    },
    "real/html/pingtan-2025.html": {
        "version": "2021",
        "A": {
            "regulation": "0 0 0",
            "normative_doc": "58 45 546",
            "license": "2418",
            "penalty": "644",
            "enforcement": "64",
            "fee": "4166.241619",
        },
        "B": [
            "151 3 0 0 0 0 154",
            N,
            "33 0 0 0 0 0 33",
            "38 0 0 0 0 0 38",
            N,
            N,
            N,
            N,
            "3 0 0 0 0 0 3",
            "2 0 0 0 0 0 2",
            "3 0 0 0 0 0 3",
            "3 0 0 0 0 0 3",
            "49 1 0 0 0 0 50",
            "3 0 0 0 0 0 3",
            N,
            "2 0 0 0 0 0 2",
            N,
            N,
            N,
            N,
            "8 0 0 0 0 0 8",
            "2 0 0 0 0 0 2",
            "1 0 0 0 0 0 1",
            "147 1 0 0 0 0 148",
            "4 2 0 0 0 0 6",
        ],
        "C": "25 3 8 0 36  3 3 0 0 6  3 0 0 0 3",
    },
    "real/pdf/huaian-hongze-2023.pdf": {
        "version": "2021",
        "A": {
            "regulation": "0 0 0",
            "normative_doc": "0 5 5",
            "license": "550",
            "penalty": "4119",
            "enforcement": "195",
            "fee": "7730.28",
        },
        # its （六）其他处理 is one row of zeros, without the 2021 form's three sub-rows: they are 0
        # (a 0 total of counts), but not printed; its 2. label reads “其他法律行政止公开” (sic)
        "B": [
            "21 0 0 0 0 0 21",
            N,
            N,
            "4 0 0 0 0 0 4",
            "1 0 0 0 0 0 1",
            N,
            N,
            N,
            N,
            "1 0 0 0 0 0 1",
            "1 0 0 0 0 0 1",
            N,
            "10 0 0 0 0 0 10",
            "3 0 0 0 0 0 3",
            N,
            "1 0 0 0 0 0 1",
            N,
            N,
            N,
            N,
            "~0",
            "~0",
            "~0",
            "21 0 0 0 0 0 21",
            N,
        ],
        # printed as published: 行政复议 10/1/0/0 with a 总计 of 0, 复议后起诉 5 with a 总计 of 0
        "C": "10 1 0 0 0  0 0 0 0 0  5 0 0 0 0",
    },
    "seeds/003_dbc7751bd0d4f521.txt": {"version": "2021", "A": "0", "B": [N] * 25, "C": "0"},
    # its B rows print 6 (sub-rows 5) zeros for 7 columns: zeros whose cells cannot be told apart
    "seeds/000_353904a6d8ce62e4.txt": {"version": "2021", "A": "0", "B": ["~0"] * 25, "C": "0"},
    **{f"real/html/pingtan-{y}.html": {"version": "free"} for y in range(2011, 2019)},
}
# fmt: on


def _numbers(row: str, width: int) -> list[tuple[float | None, bool]]:
    """(value, stated) per column; "~" marks values the source does not print where they can be read."""
    stated = not row.startswith("~")
    words = row.lstrip("~").split()
    if words == ["0"]:
        words = ["0"] * width
    assert len(words) == width, (row, width)
    return [(None if w == "/" else float(w), stated) for w in words]


def cells_of(spec: dict[str, object]) -> list[dict[str, object]]:
    from ingest.tables.template import templates_for

    if spec["version"] == "free":
        return []
    t = templates_for(str(spec["version"]))
    out: list[dict[str, object]] = []

    def add(table: str, row: str, columns: tuple[str, ...], text: str) -> None:
        for col, (value, stated) in zip(columns, _numbers(text, len(columns)), strict=True):
            out.append({"table": table, "row": row, "column": col, "value": value, "stated": stated})

    a = spec["A"]
    for r in t["A"].rows:
        add("A", r.key, r.columns, a if isinstance(a, str) else a[r.key])  # type: ignore[index]
    b = spec["B"]
    assert isinstance(b, list) and len(b) == len(t["B"].rows), len(b)  # type: ignore[arg-type]
    for r, text in zip(t["B"].rows, b, strict=True):
        add("B", r.key, r.columns, text)
    c = str(spec["C"])
    flat = c.split() if c != "0" else ["0"] * 15
    for i, r in enumerate(t["C"].rows):
        add("C", r.key, r.columns, " ".join(flat[5 * i : 5 * i + 5]))
    return out


def _dump(golden: dict[str, object]) -> str:
    """One cell a line, so a reviewed change shows as a one-line diff."""
    head = {k: v for k, v in golden.items() if k != "cells"}
    lines = [json.dumps(c, ensure_ascii=False) for c in golden["cells"]]  # type: ignore[attr-defined]
    body = json.dumps(head, ensure_ascii=False, indent=1)[:-2]
    return body + ',\n "cells": [' + ("\n  " + ",\n  ".join(lines) + "\n ") * bool(lines) + "]\n}\n"


def main() -> int:
    if not SHARED.is_dir():
        print(f"{SHARED} is absent: the goldens name files there")
        return 1
    for rel, spec in REPORTS.items():
        path = SHARED / rel
        golden = {
            "file": rel,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "format_version": spec["version"],
            "cells": cells_of(spec),
        }
        out = HERE / f"{Path(rel).name}.json"
        out.write_text(_dump(golden), encoding="utf-8")
        print(out.name, len(golden["cells"]), "cells")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
