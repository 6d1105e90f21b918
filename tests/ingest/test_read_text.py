"""Plain-text reader: encodings detected without a declaration, unreadable files refused."""

from __future__ import annotations

import random
from pathlib import Path

import formats  # tests/ingest/formats.py (pytest puts this folder on sys.path)
import pytest

from ingest.errors import UnreadableFile
from ingest.read import read_document


@pytest.mark.parametrize(
    ("encoding", "prefix", "detected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
    ],
)
def test_report_reads_the_same_in_every_encoding(
    tmp_path: Path, encoding: str, prefix: bytes, detected: str
) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(prefix + formats.to_txt().encode(encoding))
    doc = read_document(path)
    assert doc.text == formats.to_txt()
    assert doc.encoding == detected
    assert doc.source_format == "txt"


def test_crlf_line_ends_become_newlines(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(formats.to_txt().replace("\n", "\r\n").encode("gb18030"))
    assert read_document(path).text == formats.to_txt()


def test_one_broken_byte_keeps_utf8_rather_than_mojibake(tmp_path: Path) -> None:
    data = formats.to_txt().encode("utf-8")
    path = tmp_path / "r.txt"
    path.write_bytes(data[:300] + b"\xff" + data[300:])
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    assert formats.TITLE in doc.text and "（七）总计\t\t12" in doc.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "为空"),
        (b"  \n\r\n\t", "为空"),
        (b"\xef\xbb\xbf\n", "为空"),
        ("政府信息公开工作年度报告\n".encode("utf-16"), "UTF-16"),
        ("政府信息公开工作年度报告\n2024年1月\n".encode("utf-16-be"), "UTF-16"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "docx"),
        (random.Random(1).randbytes(4000), "二进制"),
        (bytes(b % 0x7E + 0x81 for b in random.Random(2).randbytes(4000)), "乱码"),
    ],
    ids=["empty", "blank", "bom-only", "utf16-bom", "utf16-no-bom", "pdf", "zip", "binary", "high-bytes"],
)
def test_unreadable_text_is_refused_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        read_document(path)


def test_garbage_named_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(random.Random(3).randbytes(2000))
    with pytest.raises(UnreadableFile, match="不是 PDF"):
        read_document(path)


def test_unknown_suffix_and_missing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="不支持"):
        read_document(tmp_path / "report.xls")
    with pytest.raises(UnreadableFile, match="找不到"):
        read_document(tmp_path / "missing.txt")


@pytest.mark.seeds
def test_seeds_read_as_utf8_with_tab_tables(seed_2025: Path, seed_2022: Path) -> None:
    doc = read_document(seed_2025)
    assert doc.encoding == "utf-8"
    assert len(formats.table_rows(doc.text)) > 40
    assert "总体情况" in read_document(seed_2022).text.replace("⼀", "一")
