"""报告浏览: each stored report's tables as on the official form, an agency's figures across years,
and downloads of one report's cells or of every stored cell (CSV or Excel)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from ui.export import export_cells
from ui.pages.backend import Backend
from ui.pages.charts import agency_chart
from ui.pages.commitments import busiest_agency
from ui.pages.forms import report_html


@dataclass
class ReportsPage:
    report: gr.Dropdown
    tables: gr.HTML
    report_csv: gr.DownloadButton
    report_xlsx: gr.DownloadButton
    agency: gr.Dropdown
    chart: gr.Plot
    export_all: gr.Button
    all_files: gr.File


def build() -> ReportsPage:
    report = gr.Dropdown([], label="报告", elem_id="gk-report-pick")
    with gr.Row():
        report_csv = gr.DownloadButton("下载本报告表格 CSV", size="sm")
        report_xlsx = gr.DownloadButton("下载本报告表格 Excel", size="sm")
    tables = gr.HTML('<p class="gk-empty">请选择报告。</p>', elem_id="gk-report-tables")
    gr.Markdown("### 历年关键数据")
    agency = gr.Dropdown([], label="机关", elem_id="gk-chart-agency")
    chart = gr.Plot(label="关键数据", elem_id="gk-chart")
    gr.Markdown("### 全部已存储的单元格")
    export_all = gr.Button("导出全部单元格（CSV 与 Excel）", size="sm")
    all_files = gr.File(label="下载", file_count="multiple", interactive=False, visible=False)
    return ReportsPage(report, tables, report_csv, report_xlsx, agency, chart, export_all, all_files)


def report_choices(backend: Backend) -> list[tuple[str, str]]:
    rows = sorted(backend.reports(), key=lambda r: (r.agency, -(r.year or 0)))
    return [(f"{r.agency} {r.year or '年度不明'} · {r.title}", r.id) for r in rows]


def _files(pairs: list[Any], stem: str) -> tuple[str | None, str | None]:
    if not pairs:
        return None, None
    out = Path(tempfile.mkdtemp(prefix="gongkai-cells-"))
    return str(export_cells(pairs, out / f"{stem}.csv")), str(export_cells(pairs, out / f"{stem}.xlsx"))


def show_report(backend: Backend, report_id: str | None) -> tuple[str, str | None, str | None]:
    report = backend.report(report_id) if report_id else None
    if report is None:
        return '<p class="gk-empty">请选择报告。</p>', None, None
    stem = f"{report.meta.agency}{report.meta.year or ''}-表格"
    return (report_html(report), *_files(backend.cells(report_id=report.id), stem))


def refresh(backend: Backend) -> tuple[Any, ...]:
    choices = report_choices(backend)
    first = choices[0][1] if choices else None
    agencies, agency = busiest_agency(backend)
    return (
        gr.Dropdown(choices=choices, value=first),
        *show_report(backend, first),
        gr.Dropdown(choices=agencies, value=agency),
        agency_chart(backend, agency),
    )


def export_all(backend: Backend) -> Any:
    return gr.File(value=[f for f in _files(backend.cells(), "全部单元格") if f], visible=True)


def wire(page: ReportsPage, backend: Backend, demo: gr.Blocks) -> None:
    page.report.input(
        lambda rid: show_report(backend, rid), [page.report],
        [page.tables, page.report_csv, page.report_xlsx], api_visibility="private",
    )
    page.export_all.click(lambda: export_all(backend), None, [page.all_files], api_visibility="private")
    page.agency.input(lambda a: agency_chart(backend, a), [page.agency], [page.chart], api_visibility="private")
    demo.load(
        lambda: refresh(backend), None,
        [page.report, page.tables, page.report_csv, page.report_xlsx, page.agency, page.chart],
        api_visibility="private",
    )
