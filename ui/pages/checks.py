"""数据核查 (staff): every consistency finding across the stored reports, filtered and exported.

Each finding is one readable line in Chinese; the cells it involves (often 20+) are not a column,
which made rows a screen tall, but shown under the table for the row a staff member clicks.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from ui.export import FINDING_HEADERS, export_findings, finding_rows, rule_name
from ui.pages.backend import Backend

ALL = "全部"
SHOWN = ("机关", "年度", "规则", "严重程度", "说明", "原句", "行号")  # 报告编号 and 涉及单元格 stay in the exports
_CELLS = FINDING_HEADERS.index("涉及单元格")


@dataclass
class ChecksPage:
    agency: gr.Dropdown
    year: gr.Dropdown
    rule: gr.Dropdown
    summary: gr.Markdown
    table: gr.Dataframe
    cells: gr.Markdown
    csv: gr.DownloadButton
    xlsx: gr.DownloadButton


def build() -> ChecksPage:
    with gr.Row():
        agency = gr.Dropdown([ALL], value=ALL, label="机关", elem_id="gk-checks-agency")
        year = gr.Dropdown([ALL], value=ALL, label="年度")
        rule = gr.Dropdown([ALL], value=ALL, label="规则")
    summary = gr.Markdown()
    table = gr.Dataframe(
        headers=list(SHOWN), interactive=False, wrap=True, elem_id="gk-findings",
        column_widths=["10%", "5%", "12%", "6%", "50%", "12%", "5%"],
    )
    cells = gr.Markdown("点击一行查看涉及的单元格。", elem_id="gk-finding-cells")
    with gr.Row():
        csv_btn = gr.DownloadButton("导出 CSV", size="sm")
        xlsx_btn = gr.DownloadButton("导出 Excel", size="sm")
    return ChecksPage(agency, year, rule, summary, table, cells, csv_btn, xlsx_btn)


def _opt(value: str | None) -> str | None:
    return None if value in (None, "", ALL) else value


def filtered(backend: Backend, agency: str | None, year: str | None, rule: str | None) -> list[Any]:
    y = _opt(year)
    wanted = _opt(rule)  # the menu shows rule names; a finding's rule id maps to one name
    pairs = backend.findings(agency=_opt(agency), year=int(y) if y else None)
    return [(r, f) for r, f in pairs if wanted is None or rule_name(f.rule) in (wanted, f.rule)]


def show(backend: Backend, agency: str | None, year: str | None, rule: str | None) -> tuple[Any, ...]:
    """The table, a one-line count, and both export files for the current filter."""
    pairs = filtered(backend, agency, year, rule)
    rows = finding_rows(pairs)
    errors = sum(1 for _, f in pairs if f.severity == "error")
    reports = len({r.id for r, _ in pairs})
    text = f"共 {len(pairs)} 条核查发现（其中错误 {errors} 条），涉及 {reports} 份报告。"
    out = Path(tempfile.mkdtemp(prefix="gongkai-findings-"))
    csv_path = export_findings(pairs, out / "核查发现.csv")
    xlsx_path = export_findings(pairs, out / "核查发现.xlsx")
    import pandas as pd

    shown = [FINDING_HEADERS.index(h) for h in SHOWN]
    table = pd.DataFrame([[row[i] for i in shown] for row in rows], columns=list(SHOWN))
    return text, table, "点击一行查看涉及的单元格。", str(csv_path), str(xlsx_path)


def cells_of(backend: Backend, agency: str | None, year: str | None, rule: str | None, row: int) -> str:
    """The cells of the `row`-th finding shown, one per line."""
    rows = finding_rows(filtered(backend, agency, year, rule))
    if not 0 <= row < len(rows):
        return "点击一行查看涉及的单元格。"
    found = rows[row]
    cells = [c for c in str(found[_CELLS]).split("；") if c]
    head = f"**{found[1]} {found[2] or ''} · {found[5]}**"
    return head + ("\n\n涉及单元格：\n" + "\n".join(f"- {c}" for c in cells) if cells else "\n\n（不涉及单元格）")


def refresh(backend: Backend) -> tuple[Any, ...]:
    pairs = backend.findings()
    agencies = sorted({r.agency for r, _ in pairs} | {r.agency for r in backend.reports()})
    years = sorted({str(r.year) for r in backend.reports() if r.year}, reverse=True)
    rules = sorted({rule_name(f.rule) for _, f in pairs})
    return (
        gr.Dropdown(choices=[ALL, *agencies], value=ALL),
        gr.Dropdown(choices=[ALL, *years], value=ALL),
        gr.Dropdown(choices=[ALL, *rules], value=ALL),
        *show(backend, ALL, ALL, ALL),
    )


def wire(page: ChecksPage, backend: Backend, demo: gr.Blocks) -> None:
    filters = [page.agency, page.year, page.rule]
    outputs = [page.summary, page.table, page.cells, page.csv, page.xlsx]
    for dropdown in filters:
        dropdown.input(lambda a, y, r: show(backend, a, y, r), filters, outputs, api_visibility="private")

    def _select(a: str, y: str, r: str, evt: gr.SelectData) -> str:
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return cells_of(backend, a, y, r, int(index))

    page.table.select(_select, filters, [page.cells], api_visibility="private")
    demo.load(lambda: refresh(backend), None, [*filters, *outputs], api_visibility="private")
