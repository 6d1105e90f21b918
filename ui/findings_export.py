"""数据核查 findings as a staff member hands them on: one row per finding, in Chinese, CSV or Excel.

The columns say where to look in the published report (单位, 年度, 文件, then 表, 行, 列 of the cells the
check involves) and what is wrong (规则, 说明, 严重程度). A sum check involves up to 22 cells, so 行 and 列
name the distinct rows and columns, the checked total first, and count the rest when there are many
("办理结果总计等22行"): a row stays one line in a spreadsheet. Codes (B.result_total, error) and the
server's paths never appear.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ui.export import SEVERITY_NAMES, finding_line, rule_name, write_csv, write_xlsx

if TYPE_CHECKING:
    from ingest.records import CellRef, Finding
    from ingest.store import ReportRow

EXPORT_HEADERS = ("单位", "年度", "文件", "表", "行", "列", "规则", "说明", "严重程度")
_LIST_AT_MOST = 4  # more distinct rows (or columns) than this are shown as the first and a count
SHEET = "核查发现"


def _names(refs: Sequence[CellRef], format_version: str) -> tuple[list[str], list[str]]:
    """Short names of the distinct rows and columns, in the order the finding lists its cells. 表四's
    rows keep the label the form prints: their short names are all 行政复议/行政诉讼."""
    from ingest.tables.labels import column_name, row_label, row_name
    from ingest.tables.template import templates_for

    templates = templates_for(format_version)
    rows: list[str] = []
    cols: list[str] = []
    for ref in refs:
        tpl = templates.get(ref.table)
        row, col = ref.row, ref.column  # a key of the other format's template stays a key, never a guess
        if tpl is not None:
            with suppress(StopIteration):
                row = (row_label if ref.table == "C" else row_name)(tpl, ref.row)
            with suppress(StopIteration):
                col = column_name(tpl, ref.column)
        if row not in rows:
            rows.append(row)
        if col not in cols:
            cols.append(col)
    return rows, cols


def _joined(names: list[str], unit: str) -> str:
    if len(names) <= _LIST_AT_MOST:
        return "、".join(names)
    return f"{names[0]}等{len(names)}{unit}"


def where(f: Finding, format_version: str = "2021") -> tuple[str, str, str]:
    """(表, 行, 列) of a finding; a finding about no cell (a missing section) names its table only."""
    from ingest.tables.labels import TABLE_NAMES

    tables: list[str] = list(dict.fromkeys(c.table for c in f.cells)) or [f.rule.partition(".")[0]]
    table = "、".join(TABLE_NAMES[t] for t in tables if t in TABLE_NAMES)
    if not f.cells:
        return table, "", ""
    rows, cols = _names(f.cells, format_version)
    return table, _joined(rows, "行"), _joined(cols, "列")


def export_rows(pairs: Iterable[tuple[ReportRow, Finding]]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for rep, f in pairs:
        table, row, col = where(f, rep.format_version)
        out.append([
            rep.agency, rep.year, PurePath(rep.source_path).name, table, row, col, rule_name(f.rule),
            finding_line(f), SEVERITY_NAMES.get(f.severity, f.severity),
        ])
    return out


def export_findings(pairs: Sequence[tuple[ReportRow, Finding]], path: Path) -> Path:
    """The findings to `path`; its suffix (.csv or .xlsx) picks the format."""
    rows = export_rows(pairs)
    if path.suffix == ".xlsx":
        return write_xlsx(path, {SHEET: (EXPORT_HEADERS, rows)})
    return write_csv(path, EXPORT_HEADERS, rows)
