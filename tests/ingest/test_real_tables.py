"""Tables A, B and C of real published reports, cell by cell against goldens typed by hand.

The reports are the 平潭 pages of 2011–2025 (before the form, the 2019 form, the 2021 form), the
洪泽 2023 PDF and the two seeds, read from ../shared (never copied here). Each golden
(tests/golden/real/<file>.json, written by tests/golden/real/hand.py) holds the expected value of
every cell and the sha256 of the file it was read from. A cell is right when the parser gives the
golden's value (a blank as blank); a value the source does not print where it can be read must be
marked inferred. A cell is invented when the parser gives a number where the report has none:
that is the error a user cannot see, so the bar is zero, while ≥ 99.5 % of cells must be right.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ingest.records import Report

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
GOLDEN = REPO / "tests" / "golden" / "real"
GOLDENS = sorted(GOLDEN.glob("*.json"))
MIN_RIGHT = 0.995
EPS = 1e-6


@dataclass
class Score:
    total: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)


def _load(golden_path: Path) -> tuple[dict[str, object], Path]:
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    source = SHARED / str(golden["file"])
    if not source.exists():
        pytest.skip(f"{source} not found: the real reports live in ../shared beside the clone")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert digest == golden["sha256"], (
        f"{source} is not the file the golden was read from: re-check it by hand"
    )
    return golden, source


def _same(got: float | None, want: object) -> bool:
    if want is None or got is None:
        return got is None and want is None
    return abs(got - float(want)) < EPS  # type: ignore[arg-type]


def score(report: Report, cells: list[dict[str, object]]) -> Score:
    s = Score()
    expected = {(str(c["table"]), str(c["row"]), str(c["column"])): c for c in cells}
    for key, want in expected.items():
        s.total += 1
        got = report.cell(*key)  # type: ignore[arg-type]
        value = got.value if got is not None else None
        claims_read = got is not None and not got.inferred
        if _same(value, want["value"]) and (want["stated"] or not claims_read):
            s.right += 1
        else:
            s.wrong.append(
                f"{'/'.join(key)}: parsed {value}{' (read)' * claims_read}, golden {want['value']}"
            )
    for c in report.cells:
        want = expected.get((c.table, c.row, c.column))
        if c.value is not None and (want is None or want["value"] is None):
            s.invented.append(f"{c.table}/{c.row}/{c.column} = {c.value}")
    return s


@pytest.mark.parametrize("golden_path", GOLDENS, ids=[p.stem for p in GOLDENS])
def test_report_cells_match_the_hand_golden(golden_path: Path) -> None:
    from ingest.parse import parse_file

    golden, source = _load(golden_path)
    report = parse_file(source)
    assert report.meta.format_version == golden["format_version"]
    s = score(report, golden["cells"])  # type: ignore[arg-type]
    assert not s.invented, f"{source.name}: cells with a value the report does not have: {s.invented}"
    if s.total:
        assert s.right / s.total >= MIN_RIGHT, f"{source.name}: {s.right}/{s.total} right; {s.wrong[:20]}"


def test_all_real_reports_together() -> None:
    """The acceptance figure over every report: ≥ 99.5 % of all cells right, none invented."""
    from ingest.parse import parse_file

    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not found: the real reports live in ../shared beside the clone")
    total = Score()
    for path in GOLDENS:
        golden, source = _load(path)
        s = score(parse_file(source), golden["cells"])  # type: ignore[arg-type]
        total.total += s.total
        total.right += s.right
        total.invented += s.invented
    assert total.total >= 1800  # 8 reports of the forms and 2 seeds, ~200 cells each
    assert not total.invented
    assert total.right / total.total >= MIN_RIGHT, f"{total.right}/{total.total}"


def _parse(rel: str) -> Report:
    from ingest.parse import parse_file

    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"{path} not found: the real reports live in ../shared beside the clone")
    return parse_file(path)


def test_the_pdf_table_four_that_does_not_add_up_is_reported() -> None:
    """洪泽 2023 prints 行政复议 10/1/0/0 with a 总计 of 0 and 复议后起诉 5 with a 总计 of 0."""
    report = _parse("real/pdf/huaian-hongze-2023.pdf")
    failed = {
        ref.row for f in report.findings if f.rule == "C.total" for ref in f.cells if ref.column == "total"
    }
    assert failed == {"review", "litigation_after_review"}
    assert all(f.severity == "error" for f in report.findings if f.rule == "C.total")


def test_the_2020_table_three_that_does_not_add_up_is_reported() -> None:
    """平潭 2020's results add up to 27 in the 总计 column; its （七）总计 says 21."""
    report = _parse("real/html/pingtan-2020.html")
    assert any(f.rule == "B.result_total" and f.severity == "error" for f in report.findings)


def test_no_finding_blames_a_recognisable_row() -> None:
    """Rows the form has, however a report words them, are read, not reported as unknown."""
    for rel in [
        *(f"real/html/pingtan-{y}.html" for y in range(2019, 2026)),
        "real/pdf/huaian-hongze-2023.pdf",
    ]:
        report = _parse(rel)
        assert not [
            f.message for f in report.findings if f.rule.endswith(("unmatched_row", "missing_row"))
        ], rel


@pytest.mark.parametrize("year", range(2011, 2019))
def test_reports_before_the_form_have_no_table_cells(year: int) -> None:
    report = _parse(f"real/html/pingtan-{year}.html")
    assert report.meta.format_version == "free" and not report.cells


@pytest.mark.parametrize(
    "rel", [*(f"real/html/pingtan-{y}.html" for y in range(2019, 2026)), "real/pdf/huaian-hongze-2023.pdf"]
)
def test_section_five_is_found(rel: str) -> None:
    section = _parse(rel).section(5)
    assert section is not None and "问题" in section.title and len(section.text) > 50
