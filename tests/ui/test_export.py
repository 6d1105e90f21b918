"""CSV and Excel exports of cells and findings: content, Chinese labels, formula neutralising."""

from __future__ import annotations

import csv
from pathlib import Path

from ui_fakes import EVIL, FakeBackend

from ui.export import CELL_HEADERS, FINDING_HEADERS, export_cells, export_findings, safe


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_cells_csv_has_labels_values_and_blanks(tmp_path: Path, fake_backend: FakeBackend) -> None:
    path = export_cells(fake_backend.cells(report_id="r2024"), tmp_path / "cells.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = _read_csv(path)
    assert rows[0] == list(CELL_HEADERS)
    by_key = {(r[3], r[4], r[6]): r for r in rows[1:]}
    total = by_key[("B", "new", "total")]
    assert total[5] == "一、本年新收政府信息公开申请数量" and total[7] == "总计"
    assert float(total[8]) == 12 and total[10] == "是" and total[12] == "40"
    blank = by_key[("B", "new", "business")]
    assert blank[8] == "" and blank[9] == "/"  # not reported stays blank, not 0


def test_cells_xlsx_one_sheet_per_table(tmp_path: Path, fake_backend: FakeBackend) -> None:
    from openpyxl import load_workbook

    path = export_cells(fake_backend.cells(), tmp_path / "cells.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["表二", "表三", "表四"]  # the names staff and answers use
    rows = list(wb["表三"].iter_rows(values_only=True))
    assert rows[0] == CELL_HEADERS
    totals = [r for r in rows[1:] if r[4] == "new" and r[6] == "total"]
    assert sorted(r[8] for r in totals) == [8, 12]
    assert {r[2] for r in totals} == {2023, 2024}


def test_findings_csv_and_xlsx(tmp_path: Path, fake_backend: FakeBackend) -> None:
    from openpyxl import load_workbook

    pairs = fake_backend.findings(year=2024)
    rows = _read_csv(export_findings(pairs, tmp_path / "f.csv"))
    assert rows[0] == list(FINDING_HEADERS)
    # staff read Chinese: the rule and severity by name, the message prefixed by its table, cells by label
    assert rows[1][3:6] == ["表三 申请数量平衡", "错误", f"表三第一列不平衡{EVIL}"]
    assert rows[1][6].startswith("表三 ") and "B.new" not in rows[1][6]
    sheet = load_workbook(export_findings(pairs, tmp_path / "f.xlsx"))["核查发现"]
    assert [c.value for c in sheet[2]][3] == "表三 申请数量平衡"


def test_formulas_in_document_text_are_neutralised() -> None:
    assert safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert safe("@SUM(A1)") == "'@SUM(A1)"
    assert safe("正常文字") == "正常文字" and safe(-3.0) == -3.0 and safe(None) is None
