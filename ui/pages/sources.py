"""An Answer as chat HTML: the answer text, a notice when the reports do not say, and its sources.

A cited table cell is shown inside its form row (all columns, the cited one highlighted); a cited
sentence is quoted with the number marked. Everything from a document is escaped, and the HTML has
no blank line, so the chat's Markdown renderer keeps it as one HTML block.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import PurePath
from typing import TYPE_CHECKING

from ingest.quantities import format_number
from ingest.tables.labels import TABLE_NAMES
from ingest.tables.template import templates_for
from ui.pages.forms import cell_td, failed_cells

if TYPE_CHECKING:
    from ingest.records import Report
    from ingest.tables.template import Row, TableTemplate
    from qa.records import Answer, Citation

NOT_IN_REPORTS = "已存储的报告中没有找到能回答这个问题的内容。"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _find_row(tpl: TableTemplate, label: str | None) -> Row | None:
    if not label:
        return None
    norm = _one_line(label)
    for row in tpl.rows:
        if norm in (row.key, row.label):
            return row
    return next((r for r in tpl.rows if any(m in norm for m in r.match)), None)


def _find_column(tpl: TableTemplate, label: str | None) -> str | None:
    if not label:
        return None
    norm = _one_line(label)
    for col in tpl.columns:
        if norm in (col.key, col.label) or col.label in norm:
            return col.key
    return None


def form_row_html(c: Citation, report: Report | None) -> str | None:
    """The cited row as it stands on the form, or None when it cannot be placed."""
    if report is None or c.table not in ("A", "B", "C"):
        return None
    tpl = templates_for(report.meta.format_version)[c.table]
    row = _find_row(tpl, c.row)
    if row is None:
        return None
    col_key = _find_column(tpl, c.column)
    cells = {(x.row, x.column): x for x in report.cells if x.table == c.table}
    failed = failed_cells(report)
    labels = {col.key: col.label for col in tpl.columns}
    head = "<tr><th></th>" + "".join(
        f'<th{" class=gk-hl" if k == col_key else ""}>{escape(labels[k])}</th>' for k in row.columns
    ) + "</tr>"
    body = "".join(cell_td(cells.get((row.key, k)), highlight=k == col_key, failed=failed.get((c.table, row.key, k)))
                   for k in row.columns)
    return (
        f'<table class="gk-form gk-cite-row">{head}'
        f'<tr><th class="gk-label">{escape(row.label)}</th>{body}</tr></table>'
    )


def quote_html(quote: str, value: float | None) -> str:
    """The sentence, escaped, with the first occurrence of the cited number marked."""
    text = _one_line(quote)
    needle = format_number(value, missing="")
    at = text.find(needle) if needle else -1
    if at < 0:
        return f'<blockquote class="gk-quote">{escape(text)}</blockquote>'
    before, after = text[:at], text[at + len(needle):]
    return (
        f'<blockquote class="gk-quote">{escape(before)}<mark>{escape(needle)}</mark>{escape(after)}</blockquote>'
    )


def citation_html(c: Citation, report: Report | None) -> str:
    where = " · ".join(
        escape(x)
        for x in (
            f"{c.agency} {c.year or ''}".strip(),
            _one_line(c.section),
            TABLE_NAMES.get(c.table, f"表{c.table}") if c.table else "",  # the names answers use
            _one_line(c.row or ""),
            _one_line(c.column or ""),
        )
        if x
    )
    table = form_row_html(c, report)
    shown = table + quote_html(c.quote, None) if table else quote_html(c.quote, c.value)
    line = f"第{c.line}行" if c.line else ""
    origin = escape(" ".join(x for x in (PurePath(c.source).name, line) if x))  # no server paths
    return f'<li><div class="gk-where">{where}</div>{shown}<div class="gk-origin">{origin}</div></li>'


def sources_html(answer: Answer, load_report: Callable[[str], Report | None]) -> str:
    if not answer.citations:
        return ""
    cache: dict[str, Report | None] = {}
    items = []
    for c in answer.citations:
        if c.report_id not in cache:
            try:
                cache[c.report_id] = load_report(c.report_id)
            except Exception:  # a source that cannot be reopened is still quoted
                cache[c.report_id] = None
        items.append(citation_html(c, cache[c.report_id]))
    return f'<div class="gk-sources"><div class="gk-sources-title">来源</div><ol>{"".join(items)}</ol></div>'


def answer_text_html(answer: Answer) -> str:
    """The answer sentence (escaped); a visible notice when the reports do not answer it."""
    text = escape(_one_line(answer.answer))
    notes = "".join(
        f'<div class="gk-note{" gk-warn" if n.startswith("注意") else ""}">'
        f'{"" if n.startswith("注意") else "注："}{escape(_one_line(n))}</div>'
        for n in answer.notes
    )
    if not answer.answerable:
        return f'<div class="gk-unanswerable"><strong>{NOT_IN_REPORTS}</strong><div>{text}</div>{notes}</div>'
    return f'<div class="gk-answer">{text}{notes}</div>'


def answer_html(answer: Answer, load_report: Callable[[str], Report | None]) -> str:
    return answer_text_html(answer) + sources_html(answer, load_report)
