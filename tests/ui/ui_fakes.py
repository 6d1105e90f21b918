"""A fictional agency (示例镇) with two reports, and a fake backend serving them to the web app.

Imported by the ui tests as `ui_fakes` (tests/ is not a package)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ingest.pipeline import IngestSummary
from ingest.records import Cell, CellRef, Commitment, Fact, Finding, Report, ReportMeta, Section, Span
from ingest.store import ReportRow
from qa.check import CheckResult
from qa.compare import Comparison
from qa.records import Answer, Citation, Turn
from qa.tracking import Timeline

AGENCY = "示例镇"
EVIL = "<script>alert('x')</script>"


def _span(line: int) -> Span:
    return Span(start=0, end=1, line=line)


def make_report(year: int, new_total: float, items: float) -> Report:
    cells = (
        Cell(table="B", row="new", column="natural_person", value=new_total, raw=str(int(new_total)), span=_span(40)),
        Cell(table="B", row="new", column="business", value=None, raw="/", span=_span(40)),
        Cell(table="B", row="new", column="total", value=new_total, raw="", span=_span(40), inferred=True,
             note="总计列等于各申请人列之和"),
        Cell(table="C", row="review", column="total", value=1.0, raw="1", span=_span(60)),
        Cell(table="A", row="fee", column="amount", value=0.0, raw="0", span=_span(30)),
    )
    sentence = f"全年通过政府网站发布信息{int(items)}条，另见{EVIL}。"
    return Report(
        id=f"r{year}",
        meta=ReportMeta(agency=AGENCY, agency_raw=f"某县{AGENCY}", region="某县", year=year,
                        title=f"{AGENCY}{year}年政府信息公开工作年度报告{EVIL}", format_version="2021",
                        source_path=f"/data/{AGENCY}{year}.txt", source_format="txt"),
        original_text=sentence,
        text=sentence,
        sections=(Section(number=1, key="overall", title="一、总体情况", text=sentence, span=_span(3)),),
        cells=cells,
        facts=(Fact(metric="proactive.items", value=items, unit="条", channel="政府网站", subject="信息",
                    sentence=sentence, section=1, span=_span(5)),),
        findings=(Finding(rule="B.balance", severity="error", message=f"表三第一列不平衡{EVIL}",
                          cells=(CellRef(table="B", row="new", column="total"),), span=_span(40)),),
        commitments=(
            Commitment(kind="problem", index=1, text="信息更新不够及时", span=_span(70)),
            Commitment(kind="measure", index=1, text=f"加强培训{EVIL}", span=_span(72)),
        ),
    )


def row_of(report: Report) -> ReportRow:
    m = report.meta
    return ReportRow(id=report.id, agency=m.agency, agency_raw=m.agency_raw, region=m.region, year=m.year,
                     title=m.title, format_version=m.format_version, source_path=m.source_path,
                     source_format=m.source_format, n_cells=len(report.cells), n_findings=len(report.findings),
                     ingested_at="2026-01-01T00:00:00")


class FakeBackend:
    """Answers from the two fictional reports; records what it was asked."""

    def __init__(self) -> None:
        self.store = {r.id: r for r in (make_report(2024, 12, 71), make_report(2023, 8, 50))}
        self.asked: list[tuple[str, list[Turn], dict[str, Any]]] = []
        self.ingested: list[str] = []

    def ask(self, question: str, history: Sequence[Turn], context: dict[str, Any]) -> Answer:
        self.asked.append((question, list(history), dict(context)))
        if "申请" in question:
            c = Citation(report_id="r2024", agency=AGENCY, year=2024, section="三、收到和处理政府信息公开申请情况",
                         table="B", row="一、本年新收政府信息公开申请数量", column="总计", quote="一、本年新收 12 / 12",
                         source="/data/示例镇2024.txt", line=40, value=12.0)
            return Answer(question=question, answer="示例镇2024年新收政府信息公开申请12件。", answerable=True,
                          route="table", value=12.0, unit="件", citations=(c,), agency=AGENCY, year=2024)
        if "信息" in question:
            r = self.store["r2024"]
            c = Citation(report_id="r2024", agency=AGENCY, year=2024, section="一、总体情况", quote=r.facts[0].sentence,
                         source="/data/示例镇2024.txt", line=5, value=71.0)
            return Answer(question=question, answer="示例镇2024年通过政府网站发布信息71条。", answerable=True,
                          route="fact", value=71.0, unit="条", citations=(c,), agency=AGENCY, year=2024)
        return Answer(question=question, answer="报告中没有提到这一点。", answerable=False, route="refusal")

    def _rows(self, agency: str | None = None, year: int | None = None, report_id: str | None = None) -> list[tuple[ReportRow, Report]]:
        return [(row_of(r), r) for r in self.store.values()
                if (agency is None or r.meta.agency == agency) and (year is None or r.meta.year == year)
                and (report_id is None or r.id == report_id)]

    def reports(self, agency: str | None = None, year: int | None = None, *, current_only: bool = True) -> list[ReportRow]:
        return [row for row, _ in self._rows(agency, year)]  # every fake report is current

    def report(self, report_id: str) -> Report | None:
        return self.store.get(report_id)

    def cells(self, *, agency: str | None = None, year: int | None = None, table: str | None = None,
              row: str | None = None, column: str | None = None, report_id: str | None = None,
              region: str | None = None) -> list[tuple[ReportRow, Cell]]:
        return [(rr, c) for rr, r in self._rows(agency, year, report_id) for c in r.cells
                if (table is None or c.table == table) and (row is None or c.row == row)
                and (column is None or c.column == column)]

    def facts(self, *, agency: str | None = None, year: int | None = None, metric: str | None = None) -> list[tuple[ReportRow, Fact]]:
        return [(rr, f) for rr, r in self._rows(agency, year) for f in r.facts if metric in (None, f.metric)]

    def findings(self, *, agency: str | None = None, year: int | None = None, rule: str | None = None) -> list[tuple[ReportRow, Finding]]:
        return [(rr, f) for rr, r in self._rows(agency, year) for f in r.findings if rule in (None, f.rule)]

    def timeline(self, agency: str) -> Timeline:
        from qa.tracking import timeline

        return timeline([r for _, r in self._rows(agency)], agency)

    def check_draft(self, path: str) -> CheckResult:
        """The real checker on the file; last year's fake report as the stored previous year."""
        from pathlib import Path

        from ingest.parse import parse_file
        from qa.check import check_report

        report = parse_file(Path(path))
        previous = next((r for _, r in self._rows(report.meta.agency, (report.meta.year or 0) - 1)), None)
        return CheckResult(file=path, agency=report.meta.agency, year=report.meta.year,
                           problems=tuple(check_report(report, previous)), previous_year_checked=previous is not None)

    def compare(self, agency: str, year1: int, year2: int) -> Comparison | None:
        from qa.compare import compare_reports

        found = [next((r for _, r in self._rows(agency, y)), None) for y in (year1, year2)]
        return compare_reports(found[0], found[1]) if found[0] and found[1] else None

    def ingest(self, paths: Sequence[str], progress: bool = False) -> IngestSummary:
        self.ingested += list(paths)
        return IngestSummary(files=len(paths), reports=len(paths), added=len(paths), replaced=0, unchanged=0,
                             cells=10, chunks=3, findings=1)
