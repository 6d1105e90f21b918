"""DOCX reader: paragraphs and tables in document order, merged cells written once."""

from __future__ import annotations

from pathlib import Path

import formats  # tests/ingest/formats.py (pytest puts this folder on sys.path)
import pytest

from ingest.errors import UnreadableFile
from ingest.read import read_document


def test_built_docx_gives_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    doc = read_document(formats.write_docx(tmp_path / "r.docx"))
    lines = doc.text.splitlines()
    assert doc.source_format == "docx"
    assert lines[0] == formats.TITLE
    assert formats.table_rows(doc.text) == formats.expected_rows()
    first_a = lines.index("第二十条第（一）项\t\t\t")
    assert lines[first_a - 1] == "二、主动公开政府信息情况"
    assert lines.index("三、收到和处理政府信息公开申请情况") < lines.index(
        "四、结转下年度继续办理\t\t\t1\t0\t0\t0\t0\t0\t1"
    )
    # a vertically merged label is written once, in its first row
    assert sum(line.startswith("三、本年度办理结果\t") for line in lines) == 1
    assert doc.text.count("（三）不予公开") == 1


def test_filled_official_form_reads_like_the_built_one(tmp_path: Path) -> None:
    if not formats.TEMPLATE.exists():
        pytest.skip(f"official blank form not found at {formats.TEMPLATE}")
    doc = read_document(formats.fill_template(tmp_path / "form.docx"))
    assert formats.table_rows(doc.text) == formats.expected_rows()
    assert "2024年，我镇共收到政府信息公开申请18件，上年结转1件，均在法定期限内办结。" in doc.text


def test_split_runs_breaks_tabs_and_nested_cell_paragraphs(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    p = document.add_paragraph("一、总")
    p.add_run("体").bold = True
    p.add_run("情况")
    q = document.add_paragraph("第一行")
    q.add_run().add_break()
    q.add_run("第二行")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "申请人情况"
    cell = table.cell(0, 2)
    cell.text = "法人或"
    cell.add_paragraph("其他组织")
    table.cell(1, 0).text = "自然人"
    table.cell(1, 2).text = "/"
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert read_document(path).text.splitlines() == [
        "一、总体情况",
        "第一行",
        "第二行",
        "申请人情况\t\t法人或其他组织",
        "自然人\t\t/",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ".doc"), (b"not a word file", "损坏")],
    ids=["old-doc", "garbage"],
)
def test_not_a_docx_is_refused(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "r.docx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        read_document(path)


def test_zip_that_is_not_word_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "r.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(UnreadableFile, match="Word"):
        read_document(path)
