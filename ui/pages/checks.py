"""数据核查 (staff): every consistency finding across the stored reports, filtered and exported, and
per report the form with the failing cells framed beside that report's findings.

Each finding is one readable line in Chinese; the cells it involves (often 20+) are not a column,
which made rows a screen tall, but framed on the report's form below (the picked finding's cells
filled) and listed under its findings. Filters: 地区, 机关, 年度 and 规则 (by its Chinese name).
The exports hold the filtered findings, one row each (ui/findings_export.py).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import gradio as gr

from ui.export import FINDING_HEADERS, SEVERITY_NAMES, finding_line, finding_rows, rule_name
from ui.findings_export import export_findings
from ui.pages.backend import Backend
from ui.pages.forms import report_html

if TYPE_CHECKING:
    from ingest.records import Finding
    from ingest.store import ReportRow

ALL = "全部"
SHOWN = ("机关", "年度", "规则", "严重程度", "说明", "原句", "行号")  # 报告编号 and 涉及单元格 stay in the exports
_CELLS = FINDING_HEADERS.index("涉及单元格")
_PICK = "点击上表一行，或在下方选择报告，查看它的表格与涉及的单元格。"
_NO_REPORT = '<p class="gk-empty">当前筛选下没有核查发现。</p>'
_CSS = """
/* Gradio scopes these to the component */
.gk-report { overflow-x: auto; max-width: 100%; }
td.gk-hl { outline: 3px solid #dc2626; outline-offset: -3px; }
details.gk-clean summary { cursor: pointer; font-weight: 600; margin: 0.6rem 0 0.3rem; }
.gk-check-list ol { padding-left: 1.3rem; margin: 0.2rem 0; }
.gk-check-list li { margin-bottom: 0.5rem; line-height: 1.5; padding: 0.15rem 0.3rem; }
.gk-check-list li.gk-picked { background: #fef3c7; border-left: 3px solid #dc2626; }
.gk-sev { display: inline-block; font-size: 0.75em; color: #fff; border-radius: 3px; padding: 0 0.35em;
  margin-right: 0.35em; background: #6b7280; }
.gk-sev.gk-error { background: #dc2626; } .gk-sev.gk-warning { background: #d97706; }
"""

Pair = tuple["ReportRow", "Finding"]


@dataclass
class ChecksPage:
    agency: gr.Dropdown
    year: gr.Dropdown
    rule: gr.Dropdown
    region: gr.Dropdown
    summary: gr.Markdown
    table: gr.Dataframe
    cells: gr.Markdown
    csv: gr.DownloadButton
    xlsx: gr.DownloadButton
    report: gr.Dropdown
    finding: gr.Dropdown
    form: gr.HTML
    listing: gr.HTML


def build() -> ChecksPage:
    with gr.Row():
        region = gr.Dropdown([ALL], value=ALL, label="地区", elem_id="gk-checks-region")
        agency = gr.Dropdown([ALL], value=ALL, label="机关", elem_id="gk-checks-agency")
        year = gr.Dropdown([ALL], value=ALL, label="年度", elem_id="gk-checks-year")
        rule = gr.Dropdown([ALL], value=ALL, label="规则", elem_id="gk-checks-rule")
    summary = gr.Markdown(elem_id="gk-checks-summary")
    table = gr.Dataframe(
        headers=list(SHOWN), interactive=False, wrap=True, elem_id="gk-findings", max_height=420,
        column_widths=["10%", "5%", "12%", "6%", "50%", "12%", "5%"],
    )
    with gr.Row():
        csv_btn = gr.DownloadButton("导出 CSV", size="sm", elem_id="gk-findings-csv")
        xlsx_btn = gr.DownloadButton("导出 Excel", size="sm", elem_id="gk-findings-xlsx")
    gr.Markdown("### 按报告查看")
    with gr.Row():
        report = gr.Dropdown([], label="报告", elem_id="gk-checks-report", scale=7)
        finding = gr.Dropdown([], label="核查发现", elem_id="gk-checks-finding", scale=3)
    with gr.Row(equal_height=False):
        with gr.Column(scale=7):  # 表四's fifteen columns need about 780 px
            form = gr.HTML(_NO_REPORT, elem_id="gk-checks-form", css_template=_CSS)
        with gr.Column(scale=3):
            listing = gr.HTML("", elem_id="gk-checks-list", css_template=_CSS)
            cells = gr.Markdown(_PICK, elem_id="gk-finding-cells")
    return ChecksPage(agency, year, rule, region, summary, table, cells, csv_btn, xlsx_btn, report, finding,
                      form, listing)


def _opt(value: str | None) -> str | None:
    return None if value in (None, "", ALL) else value


def filtered(
    backend: Backend, agency: str | None, year: str | None, rule: str | None, region: str | None = None
) -> list[Pair]:
    y, wanted, place = _opt(year), _opt(rule), _opt(region)  # the menu shows rule names
    pairs = backend.findings(agency=_opt(agency), year=int(y) if y else None)
    return [(r, f) for r, f in pairs
            if (wanted is None or rule_name(f.rule) in (wanted, f.rule)) and (place is None or r.region == place)]


def show(
    backend: Backend, agency: str | None, year: str | None, rule: str | None, region: str | None = None
) -> tuple[Any, ...]:
    """The table, a one-line count, and both export files for the current filter."""
    import pandas as pd

    pairs = filtered(backend, agency, year, rule, region)
    errors = sum(1 for _, f in pairs if f.severity == "error")
    reports = len({r.id for r, _ in pairs})
    text = f"共 {len(pairs)} 条核查发现（其中错误 {errors} 条），涉及 {reports} 份报告。"
    out = Path(tempfile.mkdtemp(prefix="gongkai-findings-"))
    csv_path = export_findings(pairs, out / "核查发现.csv")
    xlsx_path = export_findings(pairs, out / "核查发现.xlsx")
    shown = [FINDING_HEADERS.index(h) for h in SHOWN]
    table = pd.DataFrame([[row[i] for i in shown] for row in finding_rows(pairs)], columns=list(SHOWN))
    return text, table, _PICK, str(csv_path), str(xlsx_path)


def cells_of(
    backend: Backend, agency: str | None, year: str | None, rule: str | None, row: int, region: str | None = None
) -> str:
    """The cells of the `row`-th finding shown, one per line."""
    return _cells_text(filtered(backend, agency, year, rule, region), row)


def _cells_text(pairs: list[Pair], row: int) -> str:
    rows = finding_rows(pairs)
    if not 0 <= row < len(rows):
        return _PICK
    found = rows[row]
    cells = [c for c in str(found[_CELLS]).split("；") if c]
    head = f"**{found[1]} {found[2] or ''} · {found[5]}**"
    return head + ("\n\n涉及单元格：\n" + "\n".join(f"- {c}" for c in cells) if cells else "\n\n（不涉及单元格）")


def report_choices(pairs: list[Pair]) -> list[tuple[str, str]]:
    """The reports with findings under the filter: 机关 年度 · 文件 (N条)."""
    counts: dict[str, int] = {}
    rows: dict[str, ReportRow] = {}
    for rep, _ in pairs:
        counts[rep.id] = counts.get(rep.id, 0) + 1
        rows[rep.id] = rep
    ordered = sorted(rows.values(), key=lambda r: (r.agency, -(r.year or 0), r.source_path))
    return [(f"{r.agency} {r.year or '年度不明'} · {PurePath(r.source_path).name}（{counts[r.id]}条）", r.id)
            for r in ordered]


def _listing(findings: list[Finding], picked: int | None) -> str:
    items = []
    for i, f in enumerate(findings):
        line = f' · 第{f.span.line}行' if f.span and f.span.line else ""
        quote = f'<div class="gk-quote">{escape(f.sentence)}</div>' if f.sentence else ""
        items.append(
            f'<li class="{"gk-picked" if i == picked else ""}"><span class="gk-sev gk-{escape(f.severity)}">'
            f"{escape(SEVERITY_NAMES.get(f.severity, f.severity))}</span><b>{escape(rule_name(f.rule))}</b>{line}"
            f"<br>{escape(finding_line(f))}{quote}</li>"
        )
    return f'<div class="gk-check-list"><b>本报告的核查发现（{len(findings)}条）</b><ol>{"".join(items)}</ol></div>'


def report_panel(
    backend: Backend, pairs: list[Pair], report_id: str | None, picked: int | None = None
) -> tuple[Any, ...]:
    """(report menu, finding menu, the form with its findings' cells framed, the findings beside it, the
    picked finding's cells). `picked` indexes the report's own findings."""
    choices = report_choices(pairs)
    ids = [v for _, v in choices]
    if report_id not in ids:
        report_id = ids[0] if ids else None
    report = backend.report(report_id) if report_id else None
    if report is None:
        return (gr.Dropdown(choices=choices, value=None), gr.Dropdown(choices=[], value=None), _NO_REPORT, "", _PICK)
    rep = next(r for r, _ in pairs if r.id == report_id)
    findings = [f for r, f in backend.findings(agency=rep.agency, year=rep.year) if r.id == report_id]
    if picked is not None and not 0 <= picked < len(findings):
        picked = None
    framed: dict[tuple[str, str, str], str] = {}
    for f in findings:
        for ref in f.cells:
            framed.setdefault((ref.table, ref.row, ref.column), finding_line(f))
    focus = {(c.table, c.row, c.column) for c in findings[picked].cells} if picked is not None else set()
    menu = [(f"{i + 1}. {rule_name(f.rule)}：{finding_line(f)[:40]}", i) for i, f in enumerate(findings)]
    cells = _cells_text([(rep, findings[picked])], 0) if picked is not None else _PICK
    return (
        gr.Dropdown(choices=choices, value=report_id),
        gr.Dropdown(choices=menu, value=picked),
        report_html(report, failed=framed, focus=focus, fold_clean=True),
        _listing(findings, picked),
        cells,
    )


def select_row(backend: Backend, filters: tuple[str | None, ...], row: int) -> tuple[Any, ...]:
    """A clicked finding: its report's panel with that finding picked."""
    pairs = filtered(backend, *filters)
    if not 0 <= row < len(pairs):
        return report_panel(backend, pairs, None)
    rep, finding = pairs[row]
    own = [f for r, f in backend.findings(agency=rep.agency, year=rep.year) if r.id == rep.id]
    return report_panel(backend, pairs, rep.id, own.index(finding) if finding in own else None)


def refresh(backend: Backend) -> tuple[Any, ...]:
    pairs = backend.findings()
    agencies = sorted({r.agency for r, _ in pairs} | {r.agency for r in backend.reports()})
    years = sorted({str(r.year) for r in backend.reports() if r.year}, reverse=True)
    rules = sorted({rule_name(f.rule) for _, f in pairs})
    regions = sorted({r.region for r, _ in pairs if r.region})
    return (
        gr.Dropdown(choices=[ALL, *agencies], value=ALL),
        gr.Dropdown(choices=[ALL, *years], value=ALL),
        gr.Dropdown(choices=[ALL, *rules], value=ALL),
        gr.Dropdown(choices=[ALL, *regions], value=ALL),
        *_without_cells(show(backend, ALL, ALL, ALL)),
        *report_panel(backend, pairs, None),
    )


def _without_cells(shown: tuple[Any, ...]) -> tuple[Any, ...]:
    """show() less its cells text: the report panel below fills that box."""
    return (*shown[:2], *shown[3:])


def wire(page: ChecksPage, backend: Backend, demo: gr.Blocks) -> None:
    filters = [page.agency, page.year, page.rule, page.region]
    outputs = [page.summary, page.table, page.csv, page.xlsx]
    panel = [page.report, page.finding, page.form, page.listing, page.cells]

    def _filter(a: str, y: str, r: str, g: str) -> tuple[Any, ...]:
        shown = _without_cells(show(backend, a, y, r, g))
        return (*shown, *report_panel(backend, filtered(backend, a, y, r, g), None))

    for dropdown in filters:
        dropdown.input(_filter, filters, [*outputs, *panel], api_visibility="private")

    def _select(a: str, y: str, r: str, g: str, evt: gr.SelectData) -> tuple[Any, ...]:
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return select_row(backend, (a, y, r, g), int(index))

    page.table.select(_select, filters, panel, api_visibility="private")
    page.report.input(lambda a, y, r, g, rid: report_panel(backend, filtered(backend, a, y, r, g), rid),
                      [*filters, page.report], panel, api_visibility="private")
    page.finding.input(lambda a, y, r, g, rid, i: report_panel(backend, filtered(backend, a, y, r, g), rid, i),
                       [*filters, page.report, page.finding], panel, api_visibility="private")
    demo.load(lambda: refresh(backend), None, [*filters, *outputs, *panel],
              api_visibility="private")
