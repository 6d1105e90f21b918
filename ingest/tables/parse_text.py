"""Parse tables A, B and C out of a report's text into cells that point back at the document.

Pipeline per table: locate its text (section slice, or its header words) → cut into rows → match
labels and place values → prove what arithmetic forces → cells, plus a finding for everything that
could not be read or placed. Nothing is guessed: a cell we cannot place is absent or None, and the
reason is a Finding a staff member can read.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ingest.normalise import NormText, to_simplified
from ingest.records import Cell, Finding, FormatVersion, Span, TableId
from ingest.sections import SectionSlice
from ingest.tables.equations import equations_for, group_equations
from ingest.tables.infer import Resolution, resolve
from ingest.tables.labels import TABLE_NAMES, row_label
from ingest.tables.locate import format_version, locate_tables
from ingest.tables.place import (
    EPS,
    CellRead,
    RowRead,
    TableRead,
    block_total_check,
    grid_columns,
    place,
    read_rows,
    row_total_check,
)
from ingest.tables.rows import RawRow, removed_breaks, split_rows
from ingest.tables.template import TableTemplate, templates_for

_TITLES = {"A": "主动公开政府信息情况", "B": "收到和处理政府信息公开申请情况", "C": "行政复议、行政诉讼情况"}


@dataclass(frozen=True)
class TableParse:
    cells: tuple[Cell, ...]
    findings: tuple[Finding, ...]  # rows that could not be placed, tables that could not be read
    format_version: FormatVersion


def parse_tables(nt: NormText, slices: list[SectionSlice], page_starts: tuple[int, ...] = ()) -> TableParse:
    """Cells of tables A, B, C with provenance; findings for what could not be read."""
    text = to_simplified(nt.text)
    version = format_version(text)
    if version == "free":
        message = "该报告未采用国家统一格式，没有标准统计表（表二至表四），未提取表格数据。"
        return TableParse((), (_finding("no_tables", "info", message),), "free")
    templates = templates_for(version)
    regions = locate_tables(text, slices)
    sections = {s.section.number for s in slices}
    cells: list[Cell] = []
    findings: list[Finding] = []
    tables: tuple[tuple[TableId, int], ...] = (("A", 2), ("B", 3), ("C", 4))
    for table, number in tables:
        name = f"{TABLE_NAMES[table]}（{_TITLES[table]}）"
        if table not in regions:
            if number in sections:
                message = f"{name}所在章节中找不到可读的表格内容，未提取数据。"
                findings.append(_finding(f"{table}.unreadable", "warning", message))
            else:
                findings.append(_finding(f"{table}.missing", "warning", f"报告中找不到{name}。"))
            continue
        start, end = regions[table]
        table_text = split_rows(text, start, end, removed_breaks(nt.original, nt.origin, start, end))
        raw_rows = table_text.rows
        t = templates[table]
        if table == "C":
            read = _read_c(raw_rows, t, text)
        else:
            grid = grid_columns(table_text.headers, t, exact=table == "B")
            read = read_rows(raw_rows, t, text, row_total_check() if table == "B" else None, grid)
        if read.problem is not None:
            why, a, b = read.problem
            findings.append(
                _finding(f"{table}.unplaced_row", "warning", f"{name}{why}，未录入这些数字。", nt.span(a, b))
            )
            continue
        if not read.rows:
            message = f"{name}存在，但没有一行能识别出行名和数字，未提取数据。"
            findings.append(_finding(f"{table}.unreadable", "warning", message, nt.span(start, end)))
            continue
        eqs = [*group_equations(t, read.groups), *(e for e in equations_for(version) if e.table == table)]
        res = resolve(t, read, eqs)
        cells.extend(_cells(nt, page_starts, table, t, read, res))
        findings.extend(_row_findings(nt, table, t, read, res))
    return TableParse(tuple(cells), tuple(findings), version)


def _read_c(raw_rows: list[RawRow], t: TableTemplate, text: str) -> TableRead:
    """Table C is usually one line of 15 numbers under a header; sometimes one row per case kind."""
    width = len(t.rows[0].columns)
    row_wise = read_rows(raw_rows, t, text, lambda _k, vals: abs(sum(vals[:-1]) - vals[-1]) < EPS)
    with_values = [r for r in raw_rows if r.has_numbers]
    if len(row_wise.rows) == len(t.rows) and all(len(r.values) <= width + 1 for r in with_values):
        return row_wise
    values = [v for r in with_values for v in r.values]
    out = TableRead()
    if not values:
        return out
    columns = [f"{r.key}\x00{c}" for r in t.rows for c in r.columns]
    start, end = values[0].start, values[-1].end
    cells, problem = place(values, columns, any(r.fielded for r in with_values), block_total_check(width))
    if cells is None and len(values) == len(columns) - 1 and all(v.value == 0 for v in values):
        note = (
            f"表中只列出{len(values)}个数且均为0；缺的一格无论在哪一类、是总计还是其中一项，"
            "因总计等于各项之和且各项不为负，都只能为0"
        )
        cells = {c: CellRead(0.0, "", note, inferred=True) for c in columns}
    if cells is None:
        out.problem = (f"{problem}（三类案件共{len(columns)}格），无法确定各数所在的列", start, end)
        return out
    for r in t.rows:
        out.rows[r.key] = RowRead(r.key, start, end, (), {c: cells[f"{r.key}\x00{c}"] for c in r.columns})
    return out


def _cells(
    nt: NormText,
    page_starts: tuple[int, ...],
    table: TableId,
    t: TableTemplate,
    read: TableRead,
    res: Resolution,
) -> list[Cell]:
    out: list[Cell] = []
    for r in t.rows:
        row = read.rows.get(r.key)
        span = _span(nt, page_starts, row.start, row.end) if row else None
        for c in r.columns:
            got = (row.cells or {}).get(c) if row else None
            if got is not None:
                out.append(_cell(table, r.key, c, got.value, got.raw, span, got.inferred, got.note))
                continue
            if (r.key, c) in res.blanks:
                why = "该行的数字少于列数；由勾稽关系定出各数的位置后，此格是原文的空白（“/”）"
                raw = next((v.raw for v in row.values if v.value is None), "/") if row else "/"
                out.append(_cell(table, r.key, c, None, raw, span, True, why))
                continue
            proof = res.proofs.get((r.key, c))
            if proof is not None:
                why = "该行的数字少于列数，无法按位置放置；" if row is not None else "原文中未找到该行；"
                out.append(_cell(table, r.key, c, proof.value, "", span, True, why + proof.note))
    return out


def _cell(
    table: TableId,
    row: str,
    column: str,
    value: float | None,
    raw: str,
    span: Span | None,
    inferred: bool,
    note: str | None,
) -> Cell:
    return Cell(
        table=table, row=row, column=column, value=value, raw=raw, span=span, inferred=inferred, note=note
    )


def _row_findings(
    nt: NormText, table: str, t: TableTemplate, read: TableRead, res: Resolution
) -> list[Finding]:
    name = TABLE_NAMES[table]
    out: list[Finding] = []
    for key, why, partly in res.unplaced:
        row = read.rows[key]
        numbers = " ".join(v.raw or "空" for v in row.values)
        done = "；能由勾稽关系确定的格已录入" if partly else ""
        message = f"{name}“{row_label(t, key)}”行读到“{numbers}”，{why}，未录入这些数字{done}。"
        out.append(_finding(f"{table}.unplaced_row", "warning", message, nt.span(row.start, row.end)))
    for raw in read.unmatched:
        label = " ".join(raw.label.split())[-30:] or "（无行名）"
        message = f"{name}中有一行无法识别行名（“{label}”），其{len(raw.values)}个数未录入。"
        out.append(_finding(f"{table}.unmatched_row", "warning", message, nt.span(raw.label_start, raw.end)))
    for key, raw in read.duplicates:
        message = f"{name}“{row_label(t, key)}”行出现了两次，只录入了第一次的数字。"
        out.append(_finding(f"{table}.duplicate_row", "warning", message, nt.span(raw.label_start, raw.end)))
    if res.missing:
        labels = "、".join(f"“{row_label(t, m)}”" for m in res.missing)
        message = f"{name}中找不到{len(res.missing)}行：{labels}，这些格未录入。"
        out.append(_finding(f"{table}.missing_row", "warning", message))
    return out


def _span(nt: NormText, page_starts: tuple[int, ...], start: int, end: int) -> Span:
    page = bisect.bisect_right(page_starts, nt.to_original(start)) + 1 if page_starts else None
    return nt.span(start, end, page)


def _finding(rule: str, severity: str, message: str, span: Span | None = None) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, span=span)  # type: ignore[arg-type]
