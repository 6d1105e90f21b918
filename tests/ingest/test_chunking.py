"""Chunks: one per subsection, long ones split at sentence ends, tables as sentences, exact offsets."""

from __future__ import annotations

from pathlib import Path

import formats  # tests/ingest/formats.py: the fictional 青石镇 2024 report (pytest puts this folder on sys.path)
import pytest

from ingest.chunking import chunk_report, split_text, table_sentences
from ingest.normalise import normalise
from ingest.parse import parse_document, parse_file
from ingest.read import Document
from ingest.records import Report


def fictional_report(agency: str = "青石镇", year: int = 2024) -> Report:
    """The fictional report of tests/ingest/formats.py, parsed, renamed to `agency`/`year`."""
    text = formats.to_txt().replace("青石镇", agency).replace("2024", str(year))
    return parse_document(Document(text=text, source_format="txt"), source_path=f"{agency}{year}.txt")


def _body(chunk_text: str, kind: str) -> str:
    return chunk_text.split("\n", 1)[1] if kind == "text" else chunk_text


def test_ids_are_deterministic_and_numbered_in_order() -> None:
    report = fictional_report()
    chunks = chunk_report(report)
    assert [c.id for c in chunks] == [f"{report.id}:{n}" for n in range(len(chunks))]
    assert chunk_report(report) == chunks


def test_one_chunk_per_subsection_of_sections_one_and_five() -> None:
    report = fictional_report()
    chunks = chunk_report(report)
    one = [c.subsection for c in chunks if c.section == 1 and c.kind == "text"]
    assert one == [s.title for s in report.section(1).subsections]  # type: ignore[union-attr]
    five = [c.subsection for c in chunks if c.section == 5]
    assert five == [s.title for s in report.section(5).subsections]  # type: ignore[union-attr]
    assert any(c.section == 6 and "信息处理费" in c.text for c in chunks)


def test_text_chunks_point_at_what_the_report_prints() -> None:
    report = fictional_report()
    for c in chunk_report(report):
        assert c.agency == "青石镇" and c.year == 2024 and c.region == "某某县"
        quoted = normalise(report.original_text[c.start : c.end]).text
        if c.kind == "text":
            assert quoted == _body(c.text, c.kind), c.id
            assert report.original_text.count("\n", 0, c.start) + 1 == c.line


def test_table_rows_become_sentences_naming_agency_and_year() -> None:
    report = fictional_report()
    new_total = report.cell("B", "new", "total")
    assert new_total is not None and new_total.value is not None
    sentences = [s for s, _ in table_sentences(report, "B")]
    first = next(s for s in sentences if "本年新收" in s)
    assert first.startswith("青石镇2024年政府信息公开申请情况（表三）：本年新收政府信息公开申请数量：自然人")
    assert first.endswith(f"总计{int(new_total.value)}件。")
    review = next(s for s, _ in table_sentences(report, "C") if "行政复议：" in s)
    assert "结果维持" in review and "总计" in review
    table_chunks = [c for c in chunk_report(report) if c.kind == "table"]
    assert {c.section for c in table_chunks} == {2, 3, 4}
    assert all(c.text.count("。") >= 1 and len(c.text) <= 400 for c in table_chunks)


def test_blank_cells_are_said_as_not_filled_in() -> None:
    report = fictional_report()
    cells = tuple(
        c.model_copy(update={"value": None, "raw": "/"}) if (c.table, c.row) == ("C", "review") else c
        for c in report.cells
    )
    blank = report.model_copy(update={"cells": cells})
    review = next(s for s, _ in table_sentences(blank, "C") if "行政复议：" in s)
    assert review.count("未填写") == 5


def test_split_text_cuts_at_sentence_ends_with_overlap() -> None:
    sentences = [f"第{i}句话讲的是一件具体的事情,内容比较长一些。" for i in range(30)]
    text = "".join(sentences)
    windows = split_text(text, 100, 30)
    assert len(windows) > 5
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    for (a, b), (c, _d) in zip(windows, windows[1:], strict=False):
        assert b - a <= 100
        assert text[b - 1] == "。"  # cut after a full stop
        assert a < c < b  # the next window overlaps this one …
        assert text[c - 1] == "。"  # … starting at a sentence
    assert split_text("短文本。", 100, 30) == [(0, len("短文本。"))]


def test_split_text_cuts_an_over_long_sentence_inside() -> None:
    text = "很长的句子," * 100 + "结束。"
    windows = split_text(text, 80, 10)
    assert all(b - a <= 80 for a, b in windows)
    assert windows[-1][1] == len(text)


def test_long_subsection_is_split_into_several_chunks() -> None:
    report = fictional_report()
    small = chunk_report(report, max_chars=100, overlap=20)
    assert len(small) > len(chunk_report(report))
    assert all(len(_body(c.text, c.kind)) <= 100 for c in small if c.kind == "text")


@pytest.mark.seeds
def test_seed_2022_offsets_survive_kangxi_radicals(seed_2022: Path) -> None:
    report = parse_file(seed_2022)
    chunks = chunk_report(report)
    text_chunks = [c for c in chunks if c.kind == "text" and c.section == 1]
    assert len(text_chunks) >= 5
    for c in text_chunks:
        original = report.original_text[c.start : c.end]
        assert normalise(original).text == _body(c.text, c.kind)
    assert any("\u2f00" <= ch <= "\u2fdf" for c in text_chunks for ch in report.original_text[c.start : c.end])
    assert any("公众号" in c.text and "113" in c.text for c in text_chunks)


@pytest.mark.seeds
def test_seed_2025_chunks_every_part(seed_2025: Path) -> None:
    report = parse_file(seed_2025)
    chunks = chunk_report(report)
    sections = {c.section for c in chunks}
    assert {1, 2, 3, 4, 5, 6} <= sections
    five = [c for c in chunks if c.section == 5]
    assert len(five) == 2 and "改进措施" in five[1].text
