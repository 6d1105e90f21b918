"""PDF reader: ruled tables as tab rows in place, tables across pages, unreadable PDFs refused."""

from __future__ import annotations

from pathlib import Path

import formats  # tests/ingest/formats.py (pytest puts this folder on sys.path)
import pytest

from ingest.errors import UnreadableFile
from ingest.read import read_document
from ingest.read.pdf import _Part, stitch

ENCRYPTED = formats.minimal_pdf(
    formats.TEXT_PAGE,
    formats.TEXT_FONT,
    [formats.HELVETICA, formats.ENCRYPT],
    b"/Encrypt 6 0 R " + formats.FILE_ID,
)
TEXT_PDF = formats.minimal_pdf(formats.TEXT_PAGE, formats.TEXT_FONT, [formats.HELVETICA])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (ENCRYPTED, "加密"),
        (TEXT_PDF[: len(TEXT_PDF) // 2], "损坏"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 8, "损坏"),
        (formats.minimal_pdf(formats.IMAGE_PAGE, formats.IMAGE_RES, [formats.GRAY_PIXEL]), "扫描件.*OCR"),
        (formats.minimal_pdf(b""), "没有可提取的文字"),
        (b"<html>not a pdf</html>", "不是 PDF"),
    ],
    ids=["encrypted", "truncated", "garbage-after-header", "scan", "blank-page", "not-pdf"],
)
def test_unreadable_pdfs_are_refused_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        read_document(path)


def test_text_layer_is_read(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(TEXT_PDF)
    doc = read_document(path)
    assert doc.text == "Annual report 2024" and doc.source_format == "pdf" and doc.page_starts == ()


def test_table_over_a_page_break_gets_one_grid_and_its_cut_row_joined() -> None:
    # page 1 shows two label columns (the third boundary only appears on page 2); a row is cut by the break
    first = _Part(
        [0, 100, 300, 400],
        [["三、本年度办理结果", "（一）予以公开", "7"], ["", "（二）部分公开（区分处理的", "2"]],
    )
    second = _Part(
        [0, 100, 200, 300, 400],
        [["", "，只计这一情形）", "", ""], ["", "（三）不予公开", "1.属于国家秘密", "0"]],
    )
    pages: list[list[str | _Part]] = [["三、收到和处理", first, "- 4 -"], [second, "四、行政复议"]]
    stitch(pages)
    assert first.rows == [
        ["三、本年度办理结果", "（一）予以公开", "", "7"],
        ["", "（二）部分公开（区分处理的，只计这一情形）", "", "2"],
    ]
    assert second.rows == [["", "（三）不予公开", "1.属于国家秘密", "0"]]


def test_new_item_at_top_of_page_is_not_joined_to_the_last_row() -> None:
    first = _Part([0, 100, 200], [["2.重复申请", "0"]])
    second = _Part([0, 100, 200], [["3.要求提供公开出版物", ""]])
    stitch([[first], [second]])
    assert first.rows == [["2.重复申请", "0"]] and second.rows == [["3.要求提供公开出版物", ""]]


@pytest.mark.slow
def test_ruled_tables_become_tab_rows_in_place(pdfs: dict[str, Path]) -> None:
    doc = read_document(pdfs["ruled"])
    assert formats.table_rows(doc.text) == formats.expected_rows()
    lines = doc.text.splitlines()
    assert lines[0] == formats.TITLE
    assert lines[lines.index("第二十条第（一）项\t\t\t") - 1] == "二、主动公开政府信息情况"
    assert doc.text.count("行政许可") == 1  # the table's words are not in the running text as well
    assert doc.page_starts and all(
        0 < a < b for a, b in zip(doc.page_starts, doc.page_starts[1:] + (len(doc.text),), strict=True)
    )
    assert all(doc.text[s - 1] == "\n" for s in doc.page_starts)


@pytest.mark.slow
def test_filled_official_form_pdf(pdfs: dict[str, Path]) -> None:
    if "form" not in pdfs:
        pytest.skip("official blank form not found")
    assert formats.table_rows(read_document(pdfs["form"]).text) == formats.expected_rows()


@pytest.mark.slow
def test_unruled_tables_stay_space_separated_text(pdfs: dict[str, Path]) -> None:
    doc = read_document(pdfs["unruled"])
    assert formats.table_rows(doc.text) == []
    lines = doc.text.splitlines()
    assert "行政许可 236" in lines and "（七）总计 12 3 0 1 2 0 18" in lines
    assert "1 0 0 1 2 0 0 0 1 1 0 0 0 0 0" in lines
