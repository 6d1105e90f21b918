"""gongkai check on drafts: the samples' deliberate errors, the real PDF's table 四, nothing on clean reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.parse import parse_file
from ingest.records import Report
from qa.check import check_file, check_report, previous_report

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
CLEAN_SAMPLES = ["qingshi_2023.txt", "qingshi_2024.txt", "shijian_2023_gb18030.txt", "weijian_2023.txt", "weijian_2024.txt"]


def _messages(path: Path) -> list[str]:
    return [p.message for p in check_file(str(path)).problems]


def test_the_deliberate_errors_of_shijian_2024_are_each_named_with_cell_values_and_rule() -> None:
    result = check_file(str(SAMPLES / "shijian_2024.txt"))
    assert not result.ok
    messages = [p.message for p in result.problems]
    assert len(messages) == 3, messages
    person = next(m for m in messages if "自然人列" in m)
    assert "表三" in person and "34" in person and "（七）总计为33" in person and "相差1" in person
    total = next(m for m in messages if "总计列" in m)
    assert "49" in total and "48" in total
    prose = next(m for m in messages if "正文" in m)
    assert "行政复议3件" in prose and "表四" in prose and "2件" in prose


@pytest.mark.parametrize("name", CLEAN_SAMPLES)
def test_clean_samples_have_no_problem(name: str) -> None:
    assert _messages(SAMPLES / name) == []


def test_the_seeds_zero_tables_are_clean() -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds absent")
    for seed in seeds:
        assert _messages(seed) == [], seed.name


def test_the_real_hongze_pdf_table_four_does_not_add_up() -> None:
    pdf = SHARED / "real" / "pdf" / "huaian-hongze-2023.pdf"
    if not pdf.exists():
        pytest.skip("../shared/real/pdf absent")
    messages = _messages(pdf)
    review = [m for m in messages if m.startswith("表四 行政复议")]
    after = [m for m in messages if "复议后起诉" in m]
    assert len(review) == 1 and len(after) == 1, messages
    assert "之和为11" in review[0] and "总计为0" in review[0]
    assert "之和为5" in after[0]


def _with_cell(report: Report, row: str, column: str, value: float) -> Report:
    cells = tuple(c.model_copy(update={"value": value, "raw": str(value)})
                  if (c.table, c.row, c.column) == ("B", row, column) else c for c in report.cells)
    return report.model_copy(update={"cells": cells})


def test_carried_over_must_equal_last_years_carried_forward() -> None:
    last, this = parse_file(SAMPLES / "qingshi_2023.txt"), parse_file(SAMPLES / "qingshi_2024.txt")
    assert check_report(this, last) == []
    changed = _with_cell(last, "carried_forward", "natural_person", 3)
    problems = [p for p in check_report(this, changed) if p.rule == "carry_over"]
    assert len(problems) == 1
    assert "自然人" in problems[0].message and "2023年" in problems[0].message and "3" in problems[0].message


class _OneStore:
    def __init__(self, report: Report) -> None:
        self._report = report

    def reports(self, agency: str | None = None, year: int | None = None):  # type: ignore[no-untyped-def]
        from types import SimpleNamespace

        m = self._report.meta
        return [SimpleNamespace(id=self._report.id)] if (agency, year) == (m.agency, m.year) else []

    def report(self, report_id: str) -> Report | None:
        return self._report if report_id == self._report.id else None


def test_the_previous_year_is_found_in_the_store_by_agency_and_year() -> None:
    last, this = parse_file(SAMPLES / "qingshi_2023.txt"), parse_file(SAMPLES / "qingshi_2024.txt")
    assert previous_report(_OneStore(last), this) == last  # type: ignore[arg-type]
    assert previous_report(_OneStore(this), this) is None  # type: ignore[arg-type]


def test_a_blank_cell_is_named_by_row_and_column(tmp_path: Path) -> None:
    lines = (SAMPLES / "qingshi_2024.txt").read_text(encoding="utf-8").splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith("四、结转下年度继续办理"))
    fields = lines[i].split("\t")
    fields[3] = ""  # the 自然人 cell
    lines[i] = "\t".join(fields)
    draft = tmp_path / "draft.txt"
    draft.write_text("\n".join(lines), encoding="utf-8")
    blank = [p.message for p in check_file(str(draft)).problems if p.rule == "blank_cell"]
    assert len(blank) == 1, blank
    assert "结转下年度继续办理" in blank[0] and "自然人" in blank[0] and "空白" in blank[0]


def test_a_missing_section_is_named(tmp_path: Path) -> None:
    text = (SAMPLES / "qingshi_2024.txt").read_text(encoding="utf-8")
    start = text.index("\n六、")
    draft = tmp_path / "draft.txt"
    draft.write_text(text[:start], encoding="utf-8")
    missing = [p.message for p in check_file(str(draft)).problems if p.rule == "section_missing"]
    assert any("六、其他需要报告的事项" in m for m in missing), missing


def test_sections_out_of_order_are_named(tmp_path: Path) -> None:
    text = (SAMPLES / "qingshi_2024.txt").read_text(encoding="utf-8")
    five, six = text.index("\n五、"), text.index("\n六、")
    draft = tmp_path / "draft.txt"
    draft.write_text(text[:five] + text[six:] + text[five:six], encoding="utf-8")
    problems = check_file(str(draft)).problems
    order = [p.message for p in problems if p.rule == "section_order"]
    assert len(order) == 1 and "五、存在的主要问题及改进情况" in order[0] and "六、" in order[0], problems
    assert not [p for p in problems if p.rule == "section_missing"]


def test_reports_before_the_2019_form_are_not_held_to_its_outline() -> None:
    html = SHARED / "real" / "html" / "pingtan-2011.html"
    if not html.exists():
        pytest.skip("../shared/real/html absent")
    assert [p.rule for p in check_file(str(html)).problems if p.rule.startswith("section")] == []
