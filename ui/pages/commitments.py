"""承诺跟踪 (staff): one agency's admitted problems and promised measures over every stored year.

The timeline is `qa.tracking`'s (the same links `gongkai commitments` prints): each item says whether
a later year repeats it (反复出现), reports it done (已落实) or never mentions it again (此后未提及),
quoting the later sentence and its year. The Excel download is what `gongkai commitments --xlsx`
writes. Below it, 两年对比 sets two of the agency's years side by side (`gongkai compare`), with
its Excel workbook and printable HTML page.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from ui.pages.backend import Backend
from ui.pages.tracking import timeline_html


@dataclass
class CommitmentsPage:
    agency: gr.Dropdown
    board: gr.HTML
    xlsx: gr.DownloadButton
    year1: gr.Dropdown
    year2: gr.Dropdown
    compare: gr.Button
    comparison: gr.HTML
    compare_xlsx: gr.DownloadButton
    compare_html: gr.DownloadButton


def build() -> CommitmentsPage:
    with gr.Row():
        agency = gr.Dropdown([], label="机关", elem_id="gk-commit-agency", scale=3)
        xlsx = gr.DownloadButton("导出 Excel（每条承诺逐年状态）", size="sm", elem_id="gk-commit-xlsx", scale=1)
    board = gr.HTML('<p class="gk-empty">请选择机关。</p>', elem_id="gk-commit-board")
    with gr.Accordion("两年对比：重复率、数字变化、跨年核对", open=False, elem_id="gk-compare"):
        with gr.Row():
            year1 = gr.Dropdown([], label="前一年", elem_id="gk-compare-year1")
            year2 = gr.Dropdown([], label="后一年", elem_id="gk-compare-year2")
            compare = gr.Button("对比", elem_id="gk-compare-run")
        comparison = gr.HTML(elem_id="gk-compare-result")
        with gr.Row():
            compare_xlsx = gr.DownloadButton("导出 Excel", size="sm", visible=False, elem_id="gk-compare-xlsx")
            compare_html = gr.DownloadButton("打印版 HTML", size="sm", visible=False, elem_id="gk-compare-html")
    return CommitmentsPage(agency, board, xlsx, year1, year2, compare, comparison, compare_xlsx, compare_html)


def _files_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def show(backend: Backend, agency: str | None) -> str:
    """The timeline of every stored year of `agency`, oldest first."""
    return board(backend, agency)[0]


def board(backend: Backend, agency: str | None) -> tuple[str, str | None]:
    """The timeline's HTML and its workbook (what `gongkai commitments --xlsx` writes; None when empty)."""
    if not agency:
        return '<p class="gk-empty">请选择机关。</p>', None
    from ui.timeline import export_timeline

    line = backend.timeline(agency)
    html = timeline_html(line, backend.reports(agency=agency, current_only=False))
    if not line.years:
        return html, None
    return html, str(export_timeline(line, _files_dir("gongkai-commitments-") / f"{agency}承诺跟踪.xlsx"))


def years_of(backend: Backend, agency: str | None) -> list[str]:
    return sorted({str(r.year) for r in backend.reports(agency=agency) if r.year}) if agency else []


def select(backend: Backend, agency: str | None) -> tuple[Any, ...]:
    """Everything the agency menu drives: timeline, its workbook, the comparison's two years."""
    years = years_of(backend, agency)
    first, last = (years[-2], years[-1]) if len(years) >= 2 else (None, None)
    return (*board(backend, agency),
            gr.Dropdown(choices=years, value=first), gr.Dropdown(choices=years, value=last),
            "", gr.DownloadButton(visible=False), gr.DownloadButton(visible=False))


def compare(backend: Backend, agency: str | None, year1: str | None, year2: str | None) -> tuple[Any, ...]:
    """The comparison on the page, and its two files."""
    hidden = (gr.DownloadButton(visible=False), gr.DownloadButton(visible=False))
    if not agency or not year1 or not year2:
        return ('<p class="gk-empty">请选择机关和两个年度。</p>', *hidden)
    if year1 == year2:
        return ('<p class="gk-empty">请选择两个不同的年度。</p>', *hidden)
    result = backend.compare(agency, int(year1), int(year2))
    if result is None:
        return (f'<p class="gk-empty">库中没有{escape(agency)} {escape(year1)}年或{escape(year2)}年的报告。</p>', *hidden)
    from ui.comparison import comparison_page, export_comparison

    out = _files_dir("gongkai-compare-")
    stem = f"{agency}{result.year1}-{result.year2}对比"
    xlsx = export_comparison(result, out / f"{stem}.xlsx")
    page = export_comparison(result, out / f"{stem}.html")
    body = comparison_page(result).split("<body>", 1)[1].rsplit("</body>", 1)[0]
    return (f'<div class="gk-comparison">{body}</div>',
            gr.DownloadButton(value=str(xlsx), visible=True), gr.DownloadButton(value=str(page), visible=True))


def busiest_agency(backend: Backend) -> tuple[list[str], str | None]:
    """All agencies (every edition counted once per year), and the one with the most years to show first."""
    years = {(r.agency, r.year) for r in backend.reports(current_only=False)}
    counts = Counter(agency for agency, _ in years)
    agencies = sorted(counts)
    return agencies, min(agencies, key=lambda a: (-counts[a], a)) if agencies else None


def refresh(backend: Backend) -> tuple[Any, ...]:
    agencies, first = busiest_agency(backend)
    return (gr.Dropdown(choices=agencies, value=first), *select(backend, first))


def wire(page: CommitmentsPage, backend: Backend, demo: gr.Blocks) -> None:
    outputs = [page.board, page.xlsx, page.year1, page.year2, page.comparison, page.compare_xlsx, page.compare_html]
    page.agency.input(lambda a: select(backend, a), [page.agency], outputs, api_visibility="private")
    page.compare.click(lambda a, y1, y2: compare(backend, a, y1, y2), [page.agency, page.year1, page.year2],
                       [page.comparison, page.compare_xlsx, page.compare_html], api_visibility="private")
    demo.load(lambda: refresh(backend), None, [page.agency, *outputs], api_visibility="private")
