"""数据核查 (staff): every consistency finding across the stored reports, filtered and exported."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from ui.export import FINDING_HEADERS, export_findings, finding_rows
from ui.pages.backend import Backend

ALL = "全部"


@dataclass
class ChecksPage:
    agency: gr.Dropdown
    year: gr.Dropdown
    rule: gr.Dropdown
    summary: gr.Markdown
    table: gr.Dataframe
    csv: gr.DownloadButton
    xlsx: gr.DownloadButton


def build() -> ChecksPage:
    with gr.Row():
        agency = gr.Dropdown([ALL], value=ALL, label="机关", elem_id="gk-checks-agency")
        year = gr.Dropdown([ALL], value=ALL, label="年度")
        rule = gr.Dropdown([ALL], value=ALL, label="规则")
    summary = gr.Markdown()
    table = gr.Dataframe(
        headers=list(FINDING_HEADERS), interactive=False, wrap=True, elem_id="gk-findings",
        column_widths=["9%", "11%", "5%", "9%", "6%", "36%", "11%", "9%", "4%"],
    )
    with gr.Row():
        csv_btn = gr.DownloadButton("导出 CSV", size="sm")
        xlsx_btn = gr.DownloadButton("导出 Excel", size="sm")
    return ChecksPage(agency, year, rule, summary, table, csv_btn, xlsx_btn)


def _opt(value: str | None) -> str | None:
    return None if value in (None, "", ALL) else value


def filtered(backend: Backend, agency: str | None, year: str | None, rule: str | None) -> list[Any]:
    y = _opt(year)
    return backend.findings(agency=_opt(agency), year=int(y) if y else None, rule=_opt(rule))


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

    table = pd.DataFrame(rows, columns=list(FINDING_HEADERS))
    return text, table, str(csv_path), str(xlsx_path)


def refresh(backend: Backend) -> tuple[Any, ...]:
    pairs = backend.findings()
    agencies = sorted({r.agency for r, _ in pairs} | {r.agency for r in backend.reports()})
    years = sorted({str(r.year) for r in backend.reports() if r.year}, reverse=True)
    rules = sorted({f.rule for _, f in pairs})
    return (
        gr.Dropdown(choices=[ALL, *agencies], value=ALL),
        gr.Dropdown(choices=[ALL, *years], value=ALL),
        gr.Dropdown(choices=[ALL, *rules], value=ALL),
        *show(backend, ALL, ALL, ALL),
    )


def wire(page: ChecksPage, backend: Backend, demo: gr.Blocks) -> None:
    filters = [page.agency, page.year, page.rule]
    outputs = [page.summary, page.table, page.csv, page.xlsx]
    for dropdown in filters:
        dropdown.input(lambda a, y, r: show(backend, a, y, r), filters, outputs, api_visibility="private")
    demo.load(lambda: refresh(backend), None, [*filters, *outputs], api_visibility="private")
