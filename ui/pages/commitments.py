"""承诺跟踪 (staff): one agency's admitted problems and promised measures, year beside year.

Items that an earlier year already said are marked 反复出现, so staff see at a glance which
problems keep coming back and which promises are repeated instead of kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Any

import gradio as gr

from ui.pages.backend import Backend, Timeline, TrackedItem


@dataclass
class CommitmentsPage:
    agency: gr.Dropdown
    board: gr.HTML


def build() -> CommitmentsPage:
    agency = gr.Dropdown([], label="机关", elem_id="gk-commit-agency")
    board = gr.HTML('<p class="gk-empty">请选择机关。</p>', elem_id="gk-commit-board")
    return CommitmentsPage(agency, board)


def _items(items: tuple[TrackedItem, ...], empty: str) -> str:
    if not items:
        return f'<p class="gk-empty">{empty}</p>'
    lis = []
    for it in items:
        badge = '<span class="gk-badge" title="{}">反复出现</span>'.format(escape(it.note or "往年报告已写过")) if it.recurring else ""
        if it.dropped:
            badge += '<span class="gk-badge gk-dropped" title="此后的报告没有相似的表述">此后未再提及</span>'
        cls = ' class="gk-recurring"' if it.recurring else ""
        lis.append(f"<li{cls}>{badge}{escape(it.text)}</li>")
    return "<ol>" + "".join(lis) + "</ol>"


def timeline_html(timeline: Timeline) -> str:
    if not timeline.years:
        return f'<p class="gk-empty">没有找到{escape(timeline.agency)}的“存在的主要问题及改进情况”。</p>'
    cols = []
    for y in timeline.years:
        cols.append(
            f'<div class="gk-year"><h3>{escape(str(y.year or "年度不明"))}年</h3>'
            f"<h4>存在的主要问题</h4>{_items(y.problems, '未写明问题')}"
            f"<h4>改进措施</h4>{_items(y.measures, '未写明改进措施')}</div>"
        )
    n_rec = sum(1 for y in timeline.years for it in (*y.problems, *y.measures) if it.recurring)
    note = f'<p class="gk-legend">{escape(timeline.agency)}：{len(timeline.years)} 份报告；标记“反复出现”的 {n_rec} 条在往年报告中已写过。</p>'
    return note + '<div class="gk-timeline">' + "".join(cols) + "</div>"


def show(backend: Backend, agency: str | None) -> str:
    if not agency:
        return '<p class="gk-empty">请选择机关。</p>'
    return timeline_html(backend.timeline(agency))


def busiest_agency(backend: Backend) -> tuple[list[str], str | None]:
    """All agencies, and the one with the most stored years (the richest comparison) to show first."""
    counts = Counter(r.agency for r in backend.reports())
    agencies = sorted(counts)
    return agencies, min(agencies, key=lambda a: (-counts[a], a)) if agencies else None


def refresh(backend: Backend) -> tuple[Any, str]:
    agencies, first = busiest_agency(backend)
    return gr.Dropdown(choices=agencies, value=first), show(backend, first)


def wire(page: CommitmentsPage, backend: Backend, demo: gr.Blocks) -> None:
    page.agency.input(lambda a: show(backend, a), [page.agency], [page.board], api_visibility="private")
    demo.load(lambda: refresh(backend), None, [page.agency, page.board], api_visibility="private")
