"""Scanned reports: page clean-up, table grids from the image, confidence on cells, real OCR.

The fast tests draw pages with OpenCV and hand-made text boxes (no model). The slow ones load the
real RapidOCR model and read a few scanned pages of the fictional 青石镇 report (tests/ingest/
formats.py) rendered through LibreOffice and rasterised with pdftoppm (tests/ingest/ocr_fixtures.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import formats  # tests/ingest/formats.py (pytest puts this folder on sys.path)
import numpy as np
import ocr_fixtures
import pytest

from ingest.errors import UnreadableFile
from ingest.parse import parse_document
from ingest.read import Document, OcrSpan, read_document
from ingest.read.image import Box, find_grids, layout
from ingest.read.ocr import LOW_CONFIDENCE, repair, skew_angle, straighten, to_gray

cv2 = pytest.importorskip("cv2", reason="OCR extra not installed: pip install 'gongkai[ocr]'")
DPI = 150.0


def _page(width: int = 1240, height: int = 600) -> np.ndarray:
    return np.full((height, width), 255, np.uint8)


def _table(page: np.ndarray, xs: list[int], ys: list[int], merged: set[tuple[int, int]] = frozenset()) -> None:  # type: ignore[assignment]
    """Draw a ruled grid; `merged` lists (row, col) whose right wall is not drawn."""
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if 0 < c < len(xs) - 1 and (r, c - 1) in merged:
                continue
            cv2.line(page, (x, ys[r]), (x, ys[r + 1]), 0, 2)


# ---------------------------------------------------------------- page clean-up


def test_red_stamp_is_dropped_and_black_print_kept() -> None:
    rgb = np.full((200, 200, 3), 255, np.uint8)
    cv2.line(rgb, (0, 100), (199, 100), (0, 0, 0), 3)
    cv2.circle(rgb, (100, 100), 60, (220, 30, 40), 8)
    gray = to_gray(rgb)
    assert gray[100, 100] < 60  # the black rule under the stamp survives
    assert gray[40, 100] == 255  # the ring is gone


@pytest.mark.parametrize("angle", [1.5, -1.2, 2.0])
def test_crooked_page_is_straightened(angle: float) -> None:
    page = _page(1240, 1754)
    _table(page, [100, 600, 1100], [200 + 60 * i for i in range(12)])
    for i in range(10):
        cv2.putText(page, "ABCDEFGH 12345", (120, 1100 + 40 * i), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    matrix = cv2.getRotationMatrix2D((620, 877), angle, 1.0)
    crooked = cv2.warpAffine(page, matrix, (1240, 1754), borderValue=255)
    assert skew_angle(crooked) == pytest.approx(-angle, abs=0.15)
    grids = find_grids(straighten(crooked), DPI)
    assert len(grids) == 1 and len(grids[0].ys) == 12


def test_ocr_misreads_of_print_are_repaired() -> None:
    assert repair("编制·本报告所列数据") == "编制。本报告所列数据"
    assert repair("均在法定期限内办结°") == "均在法定期限内办结。"
    assert repair("四丶结转下年度继续办理") == "四、结转下年度继续办理"
    assert repair("1.25") == "1.25"


# ---------------------------------------------------------------- grids and reading order


def test_grid_with_merged_cells_becomes_tab_rows_in_the_reader_layout() -> None:
    page = _page()
    xs, ys = [100, 400, 600, 800], [200, 260, 320, 380]
    _table(page, xs, ys, merged={(0, 0), (0, 1)})  # first row: one cell over three columns
    h = 30
    boxes = [
        Box("二、主动公开政府信息情况", 0.99, 100, 100, 500, 100 + h),
        Box("第二十条第（一）项", 0.99, 110, 215, 380, 215 + h),
        Box("规章", 0.99, 110, 275, 200, 275 + h),
        Box("1", 0.93, 410, 275, 430, 275 + h),
        Box("0", 0.62, 610, 275, 630, 275 + h),
        Box("行政规范性文件", 0.99, 110, 335, 330, 335 + h),
        Box("5", 0.98, 410, 335, 430, 335 + h),
        Box("2", 0.97, 610, 335, 630, 335 + h),
        Box("三、收到和处理政府信息公开申请情况", 0.99, 100, 450, 700, 450 + h),
    ]
    segments, pieces = layout(page, boxes, DPI)
    assert segments[0] == "二、主动公开政府信息情况" and segments[-1] == "三、收到和处理政府信息公开申请情况"
    assert segments[1].rows == [["第二十条第（一）项", "", ""], ["规章", "1", "0"], ["行政规范性文件", "5", "2"]]  # type: ignore[union-attr]
    assert [p.confidence for p in pieces if p.text == "0"] == [0.62]


def test_text_running_across_a_missing_wall_keeps_the_cell_merged() -> None:
    page = _page()
    _table(page, [100, 300, 500], [200, 240, 300])  # every wall drawn …
    cv2.line(page, (300, 200), (300, 240), 255, 2)
    cv2.line(page, (300, 205), (300, 236), 0, 4)  # … but a tall glyph stroke stands where a wall might be
    boxes = [Box("法人或其他组织", 0.99, 160, 202, 440, 238), Box("7", 0.9, 110, 255, 130, 285)]
    segments, _ = layout(page, boxes, DPI)
    assert segments[0].rows == [["法人或其他组织", ""], ["7", ""]]  # type: ignore[union-attr]


def test_prose_lines_join_boxes_in_reading_order() -> None:
    boxes = [
        Box("条。", 0.99, 700, 100, 760, 130),
        Box("2024年，我镇主动公开政府信息", 0.99, 100, 100, 560, 130),
        Box("326", 0.97, 566, 101, 620, 129),
        Box("（二）依申请公开", 0.98, 100, 160, 400, 190),
    ]
    segments, _ = layout(_page(), boxes, DPI)
    assert segments == ["2024年，我镇主动公开政府信息326 条。", "（二）依申请公开"]


# ---------------------------------------------------------------- confidence on cells


def _scanned_text_document(confidence: dict[str, float], text: str | None = None) -> Document:
    """The report's text as if OCR had read it: each table number a piece with a confidence."""
    text = text or formats.to_txt()
    spans = []
    for m in re.finditer(r"(?<=\t)[\d.]+(?=\t|\n)", text):
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()].split("\t")[0]
        spans.append(OcrSpan(m.start(), m.end(), confidence.get(line, 0.99), 1))
    return Document(text=text, source_format="image", ocr=tuple(spans))


def test_cells_keep_ocr_confidence_and_doubtful_digits_are_flagged() -> None:
    doc = _scanned_text_document({"行政许可": 0.41})
    report = parse_document(doc, source_path="scan.png")
    assert all(c.confidence is not None for c in report.cells if c.raw and not c.inferred)
    assert report.cell("A", "license", "decisions").confidence == pytest.approx(0.41)  # type: ignore[union-attr]
    low = [f for f in report.findings if f.rule == "ocr.low_confidence"]
    assert len(low) == 1 and "236" in low[0].message and low[0].cells[0].row == "license"


def test_cells_of_a_text_document_have_no_confidence() -> None:
    report = parse_document(Document(text=formats.to_txt(), source_format="txt"), source_path="r.txt")
    assert report.cells and all(c.confidence is None for c in report.cells)
    assert not [f for f in report.findings if f.rule.startswith("ocr.")]


def test_sum_that_fails_after_ocr_names_the_least_confident_cell() -> None:
    doc = _scanned_text_document({"三、本年度办理结果": 0.8})  # the row's first field
    misread = doc.text.replace("（一）予以公开\t\t7\t", "（一）予以公开\t\t1\t")  # 7 read as 1
    report = parse_document(Document(text=misread, source_format="pdf", ocr=doc.ocr), source_path="scan.pdf")
    suspects = [f for f in report.findings if f.rule == "ocr.check_failed"]
    assert suspects and all("扫描件" in f.message for f in suspects)
    assert any("“（一）予以公开/自然人”1（0.80）" in f.message for f in suspects)
    assert any(f.rule.startswith("B.") and f.severity == "error" for f in report.findings)


def test_blank_cell_in_a_scanned_row_of_numbers_is_flagged_not_filled() -> None:
    lost = formats.to_txt().replace("2.重复申请\t0\t", "2.重复申请\t\t")
    report = parse_document(_scanned_text_document({}, lost), source_path="scan.png")
    assert report.cell("B", "result.not_processed.repeat", "natural_person").value is None  # type: ignore[union-attr]
    blank = [f for f in report.findings if f.rule == "ocr.blank"]
    assert [(f.cells[0].row, f.cells[0].column) for f in blank] == [("result.not_processed.repeat", "natural_person")]


def test_threshold_is_below_a_typical_clean_zero() -> None:
    # measured: a clean lone "0" scores 0.5–0.99; flagging every one would bury the real misreads
    assert 0.5 < LOW_CONFIDENCE < 0.9


# ---------------------------------------------------------------- readers


def test_broken_image_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "page.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(UnreadableFile, match="图片无法打开"):
        read_document(path)


# ---------------------------------------------------------------- the real model (slow)


@pytest.fixture(scope="module")
def report_pdf(pdfs: dict[str, Path]) -> Path:
    """The built report with ruled tables as LibreOffice exports it: the session's render of it
    (tests/ingest/conftest.py), which the PDF reader tests read too; scans are written elsewhere."""
    pytest.importorskip("rapidocr_onnxruntime", reason="OCR extra not installed: pip install 'gongkai[ocr]'")
    return pdfs["ruled"]


@pytest.mark.slow
def test_clean_scan_gives_the_same_report_as_the_text_pdf(report_pdf: Path, tmp_path: Path) -> None:
    scan = ocr_fixtures.scanned_pdf(report_pdf, tmp_path, 300)
    seen: list[tuple[int, int]] = []
    doc = read_document(scan, progress=lambda done, total: seen.append((done, total)))
    assert doc.source_format == "pdf" and doc.ocr and seen[-1] == (3, 3)
    right, total, wrong = ocr_fixtures.cell_accuracy(formats.table_rows(doc.text), formats.expected_rows())
    assert right / total >= 0.98, wrong
    scanned = parse_document(doc, source_path=str(scan))
    text = parse_document(read_document(report_pdf), source_path=str(report_pdf))
    assert [s.number for s in scanned.sections] == [s.number for s in text.sections]
    assert {(c.table, c.row, c.column, c.value) for c in scanned.cells} == {
        (c.table, c.row, c.column, c.value) for c in text.cells
    }
    assert {(f.metric, f.value) for f in scanned.facts} == {(f.metric, f.value) for f in text.facts}
    assert all(c.confidence is not None for c in scanned.cells if c.raw and not c.inferred)


@pytest.mark.slow
def test_degraded_page_image_is_read_without_inventing_numbers(report_pdf: Path, tmp_path: Path) -> None:
    # page 3: the end of table B and all of table C, crooked, grainy, with a red seal over the table
    png = ocr_fixtures.degrade(ocr_fixtures.rasterise(report_pdf, tmp_path, 300, first=3, last=3)[0], seed=7)
    doc = read_document(png)
    assert doc.source_format == "image" and doc.ocr
    rows = formats.table_rows(doc.text)
    assert formats.expand(formats.TABLE_C)[-1] in rows  # all 15 numbers of table C
    total = next(r for r in rows if "（七）总计" in r or "(七)总计" in r)
    assert [c for c in total if c][-7:] == ["12", "3", "0", "1", "2", "0", "18"]
