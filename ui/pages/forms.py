"""Tables A, B and C of one report as HTML laid out like the national form.

Blank or '/' cells show what the report wrote (blank stays blank); values proven by arithmetic carry a
'*' and their reason as a tooltip; cells the parser could not read are empty and marked. Every piece
of document text goes through html.escape.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ingest.quantities import format_number
from ingest.tables.template import templates_for

if TYPE_CHECKING:
    from collections.abc import Collection

    from ingest.records import Cell, Report

Key = tuple[str, str, str]  # (table, row, column)

_B_GROUP_ROWS = {
    "result.public": "三、本年度办理结果",
}


def failed_cells(report: Report) -> dict[tuple[str, str, str], str]:
    """(table, row, column) → the message of an error finding that involves the cell."""
    out: dict[tuple[str, str, str], str] = {}
    for f in report.findings:
        if f.severity == "error":
            for ref in f.cells:
                out.setdefault((ref.table, ref.row, ref.column), f.message)
    return out


def cell_td(cell: Cell | None, highlight: bool = False, failed: str | None = None) -> str:
    """One <td>: the value, the raw text when blank, '*' when inferred, a mark when unread, and a red
    frame with the check's message when a consistency check involving it failed."""
    classes = ["gk-num"]
    title = ""
    if cell is None:
        classes.append("gk-missing")
        title = "未能读出此单元格"
        text = ""
    elif cell.value is None:
        text = escape(cell.raw.strip())
        classes.append("gk-blank")
    else:
        text = escape(format_number(cell.value, missing=""))
        if cell.inferred:
            classes.append("gk-inferred")
            text += "*"
            title = cell.note or "由勾稽关系推出"
    if highlight:
        classes.append("gk-hl")
    if failed:
        classes.append("gk-failed")
        title = f"{title}；核查未通过：{failed}" if title else f"核查未通过：{failed}"
    title_attr = f' title="{escape(title)}"' if title else ""
    return f'<td class="{" ".join(classes)}"{title_attr}>{text}</td>'


def _index(report: Report, table: str) -> dict[tuple[str, str], Cell]:
    return {(c.row, c.column): c for c in report.cells if c.table == table}


def _td(report: Report, cells: dict[tuple[str, str], Cell], table: str, row: str, column: str,
        failed: dict[Key, str], focus: Collection[Key] = ()) -> str:
    key = (table, row, column)
    return cell_td(cells.get((row, column)), highlight=key in focus, failed=failed.get(key))


def _span_td(td: str, n: int) -> str:
    return td.replace("<td ", f'<td colspan="{n}" ', 1) if n > 1 else td


def table_a_html(report: Report, failed: dict[Key, str] | None = None, focus: Collection[Key] = ()) -> str:
    tpl = templates_for(report.meta.format_version)["A"]
    cells, failed = _index(report, "A"), failed_cells(report) if failed is None else failed
    parts = ['<table class="gk-form">']
    blocks: list[str] = []
    for row in tpl.rows:
        if row.block not in blocks:
            blocks.append(row.block or "")
    layout = []
    for block in blocks:
        rows = [r for r in tpl.rows if (r.block or "") == block]
        layout.append((block, rows, [c for c in tpl.columns if any(c.key in r.columns for r in rows)]))
    width = max(len(cols) for _, _, cols in layout)
    for block, rows, cols in layout:
        # a block with fewer columns stretches its last one, so every block spans the same width
        spans = [1] * (len(cols) - 1) + [width - len(cols) + 1]
        parts.append(f'<tr class="gk-block"><th colspan="{width + 1}">{escape(block)}</th></tr>')
        parts.append("<tr><th>信息内容</th>" + "".join(
            f'<th{f" colspan={n}" if n > 1 else ""}>{escape(c.label)}</th>' for c, n in zip(cols, spans, strict=True)) + "</tr>")
        for r in rows:
            tds = "".join(
                _span_td(_td(report, cells, "A", r.key, c.key, failed, focus) if c.key in r.columns else '<td class="gk-na"></td>', n)
                for c, n in zip(cols, spans, strict=True)
            )
            parts.append(f'<tr><th class="gk-label">{escape(r.label)}</th>{tds}</tr>')
    parts.append("</table>")
    return "".join(parts)


def table_b_html(report: Report, failed: dict[Key, str] | None = None, focus: Collection[Key] = ()) -> str:
    from ingest.tables.template import B_GROUPS

    tpl = templates_for(report.meta.format_version)["B"]
    cells, failed = _index(report, "B"), failed_cells(report) if failed is None else failed
    cols = tpl.columns
    head = (
        '<tr><th rowspan="3" class="gk-corner">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>'
        f'<th colspan="{len(cols)}">申请人情况</th></tr>'
        f'<tr><th rowspan="2">{escape(cols[0].label)}</th><th colspan="{len(cols) - 2}">法人或其他组织</th>'
        f'<th rowspan="2">{escape(cols[-1].label)}</th></tr>'
        "<tr>" + "".join(f"<th>{escape(c.label)}</th>" for c in cols[1:-1]) + "</tr>"
    )
    parts = ['<table class="gk-form gk-b">', head]
    seen_groups: set[str] = set()
    for r in tpl.rows:
        if r.key in _B_GROUP_ROWS:
            parts.append(f'<tr class="gk-group"><th colspan="{len(cols) + 1}">{_B_GROUP_ROWS[r.key]}</th></tr>')
        for group, (label, prefix) in B_GROUPS.items():
            if r.key.startswith(prefix) and group not in seen_groups:
                seen_groups.add(group)
                parts.append(f'<tr class="gk-group gk-sub"><th colspan="{len(cols) + 1}">{escape(label)}</th></tr>')
        indent = " gk-indent" if r.key.startswith("result.") and r.key != "result.total" else ""
        tds = "".join(_td(report, cells, "B", r.key, c.key, failed, focus) for c in cols)
        parts.append(f'<tr><th class="gk-label{indent}">{escape(r.label)}</th>{tds}</tr>')
    parts.append("</table>")
    return "".join(parts)


def table_c_html(report: Report, failed: dict[Key, str] | None = None, focus: Collection[Key] = ()) -> str:
    tpl = templates_for(report.meta.format_version)["C"]
    cells, failed = _index(report, "C"), failed_cells(report) if failed is None else failed
    review, *litigation = tpl.rows
    n = len(tpl.columns)
    head = (
        f'<tr><th colspan="{n}" rowspan="2">{escape(review.label)}</th>'
        f'<th colspan="{n * len(litigation)}">行政诉讼</th></tr>'
        "<tr>"
        + "".join(f'<th colspan="{n}">{escape(r.label.replace("行政诉讼", "").strip("（）()"))}</th>' for r in litigation)
        + "</tr>"
    )
    labels = "<tr>" + "".join(f"<th>{escape(c.label)}</th>" for _ in tpl.rows for c in tpl.columns) + "</tr>"
    values = "<tr>" + "".join(_td(report, cells, "C", r.key, c.key, failed, focus) for r in tpl.rows for c in tpl.columns) + "</tr>"
    return f'<table class="gk-form gk-c">{head}{labels}{values}</table>'


def report_html(
    report: Report, failed: dict[Key, str] | None = None, focus: Collection[Key] = (), *, fold_clean: bool = False
) -> str:
    """The three tables under one heading each (表二 二、…), a header naming the report, and the legend.

    `failed` replaces the cells framed red (数据核查 frames every finding's cells, warnings too);
    `focus` fills the cells of the one finding a staff member picked; `fold_clean` folds the tables
    with no framed cell, so the failing one is on screen, not under a page of clean rows."""
    from pathlib import PurePath

    from ingest.tables.labels import TABLE_NAMES

    m = report.meta
    header = (
        f'<div class="gk-report-head"><h3>{escape(m.title)}</h3>'
        f"<p>机关：{escape(m.agency)}（原文：{escape(m.agency_raw)}） · 年度：{escape(str(m.year or '—'))}"
        f" · {escape(m.format_version)}年版格式 · 来源：{escape(PurePath(m.source_path).name)}</p></div>"
    )  # the file name only: the server's paths are no business of a visitor
    failures = [f for f in report.findings if f.severity == "error" and f.cells]
    warning = (
        '<p class="gk-failed-note">注意：本报告有 ' + str(len(failures)) + " 处合计与分项不符，相关单元格以红框标出（悬停查看）："
        + "；".join(escape(f.message) for f in failures[:5]) + "</p>"
        if failures else ""
    )
    legend = (
        '<p class="gk-legend">空白 = 报告未填写；<span class="gk-inferred">数字*</span> = 由勾稽关系推出的值（悬停查看理由）；'
        '<span class="gk-missing-swatch"></span> = 未能读出；<span class="gk-failed-swatch"></span> = 核查未通过。</p>'
    )
    tpls = templates_for(m.format_version)
    sections = [("A", "二", table_a_html(report, failed, focus)), ("B", "三", table_b_html(report, failed, focus)),
                ("C", "四", table_c_html(report, failed, focus))]
    framed = {k[0] for k in (failed_cells(report) if failed is None else failed)}

    def _section(t: str, n: str, h: str) -> str:
        title = f"{TABLE_NAMES[t]}　{n}、{escape(tpls[t].title)}"
        if fold_clean and t not in framed:
            return f'<details class="gk-clean"><summary>{title}（本表无核查发现，点击展开）</summary>{h}</details>'
        return f"<h4>{title}</h4>{h}"

    body = "".join(_section(t, n, h) for t, n, h in sections)
    return f'<div class="gk-report">{header}{warning}{legend}{body}</div>'
