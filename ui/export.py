"""Cells and findings as CSV (UTF-8 with BOM, so Excel opens the Chinese) or Excel (openpyxl).

Rows carry both the stable keys and the labels printed on the form. Text that a spreadsheet would
run as a formula (=, +, -, @ at the start) is prefixed with an apostrophe: report text is untrusted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.records import Cell, Finding
    from ingest.store import ReportRow

CELL_HEADERS = (
    "报告编号", "机关", "年度", "表", "行", "行名称", "列", "列名称", "数值", "原文", "推断", "推断理由", "行号",
)
FINDING_HEADERS = ("报告编号", "机关", "年度", "规则", "严重程度", "说明", "涉及单元格", "原句", "行号")
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
_RULE_NAMES = {  # the part after "B." etc.; the table itself is named 表二/表三/表四
    "balance": "申请数量平衡", "result_total": "办理结果合计", "row_total": "行合计", "total": "合计",
    "unchecked": "未核对", "unreadable": "表格无法读取", "missing": "缺少表格", "unplaced_row": "无法归位的行",
    "unmatched_row": "无法识别的行", "duplicate_row": "重复的行", "missing_row": "缺少的行", "no_tables": "没有表格",
    "prose_vs_table": "正文与表格不符", "blank": "OCR 空白页", "check_failed": "OCR 勾稽不符",
    "low_confidence": "OCR 置信度低",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _labels(table: str, row: str, column: str) -> tuple[str, str]:
    from ingest.tables.template import TEMPLATE_2019, TEMPLATE_2021

    for templates in (TEMPLATE_2021, TEMPLATE_2019):
        tpl = templates.get(table)
        if tpl is None:
            continue
        r = next((x for x in tpl.rows if x.key == row), None)
        c = next((x for x in tpl.columns if x.key == column), None)
        if r is not None and c is not None:
            return r.label, c.label
    return row, column


def cell_rows(pairs: Iterable[tuple[ReportRow, Cell]]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for rep, cell in pairs:
        row_label, col_label = _labels(cell.table, cell.row, cell.column)
        out.append([
            rep.id, rep.agency, rep.year, cell.table, cell.row, row_label, cell.column, col_label,
            cell.value, cell.raw, "是" if cell.inferred else "", cell.note or "",
            cell.span.line if cell.span else None,
        ])
    return out


def rule_name(rule: str) -> str:
    """'B.result_total' → '表三 办理结果合计'; an unknown rule keeps its id."""
    from ingest.tables.labels import TABLE_NAMES

    table, _, name = rule.rpartition(".")
    words = [TABLE_NAMES.get(table, ""), _RULE_NAMES.get(name, name)]
    return " ".join(w for w in words if w) if name in _RULE_NAMES else rule


def cell_name(ref: Any) -> str:
    """A cell as staff read it: 表三 （七）总计 · 自然人."""
    from ingest.tables.labels import TABLE_NAMES

    row_label, col_label = _labels(ref.table, ref.row, ref.column)
    return f"{TABLE_NAMES.get(ref.table, ref.table)} {row_label} · {col_label}"


def finding_line(f: Finding) -> str:
    """One readable Chinese line: 表三 …：（一）至（六）之和 44 ≠ （七）总计 45."""
    from ingest.tables.labels import TABLE_NAMES

    table = f.cells[0].table if f.cells else f.rule.partition(".")[0]
    name = TABLE_NAMES.get(table)
    return f.message if not name or f.message.startswith(name) else f"{name} {f.message}"


def finding_rows(pairs: Iterable[tuple[ReportRow, Finding]]) -> list[list[Any]]:
    return [
        [
            rep.id, rep.agency, rep.year, rule_name(f.rule), SEVERITY_NAMES.get(f.severity, f.severity),
            finding_line(f), "；".join(cell_name(c) for c in f.cells), f.sentence or "",
            f.span.line if f.span else None,
        ]
        for rep, f in pairs
    ]


def safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text; numbers and None pass through."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["" if v is None else safe(v) for v in row])
    return path


def write_xlsx(path: Path, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]) -> Path:
    """One sheet per entry; a bold, frozen header row; columns wide enough for Chinese labels."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for name, (headers, rows) in sheets.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([safe(v) for v in row])
        ws.freeze_panes = "A2"
        for i, header in enumerate(headers, start=1):
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(10, 2 * len(header) + 4)
    wb.save(path)
    return path


def export_cells(pairs: Sequence[tuple[ReportRow, Cell]], path: Path) -> Path:
    """Cells to `path`; the suffix (.csv or .xlsx) picks the format."""
    from ingest.tables.labels import TABLE_NAMES

    rows = cell_rows(pairs)
    if path.suffix == ".xlsx":
        by_table: dict[str, list[list[Any]]] = {}
        for row in rows:
            by_table.setdefault(row[3], []).append(row)
        return write_xlsx(path, {TABLE_NAMES.get(t, f"表{t}"): (CELL_HEADERS, rs) for t, rs in sorted(by_table.items())} or
                          {"单元格": (CELL_HEADERS, [])})
    return write_csv(path, CELL_HEADERS, rows)


def export_findings(pairs: Sequence[tuple[ReportRow, Finding]], path: Path) -> Path:
    rows = finding_rows(pairs)
    if path.suffix == ".xlsx":
        return write_xlsx(path, {"核查发现": (FINDING_HEADERS, rows)})
    return write_csv(path, FINDING_HEADERS, rows)
