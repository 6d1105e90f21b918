"""Section splitting on the seeds and on fictional reports with the heading variants seen in the wild."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.normalise import NormText, normalise
from ingest.sections import SECTION_KEYS, SectionSlice, split_sections

FIXTURES = Path(__file__).parent / "text_fixtures"


def _split(text: str, page_starts: tuple[int, ...] = ()) -> tuple[NormText, dict[int, SectionSlice], list[int]]:
    nt = normalise(text)
    slices, missing = split_sections(nt, page_starts)
    numbers = [s.section.number for s in slices]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    return nt, {s.section.number: s for s in slices}, missing


def _fixture(name: str) -> tuple[NormText, dict[int, SectionSlice], list[int]]:
    return _split((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.mark.seeds
def test_seed_2025_duplicated_heading_is_one_section(seed_2025: Path) -> None:
    nt, by, missing = _split(seed_2025.read_text(encoding="utf-8"))
    assert missing == []
    assert sorted(by) == [0, 1, 2, 3, 4, 5, 6]
    one = by[1].section
    assert one.key == "overall" and one.title == "一、总体情况"
    assert one.text.startswith("2025 年") and "总体情况" not in one.text[:20]
    assert [s.number for s in one.subsections] == [1, 2, 3, 4, 5]
    assert one.subsections[0].title == "(一)主动公开情况"
    assert "71 条" in one.subsections[0].text
    assert [s.title for s in by[5].section.subsections] == ["(一)存在问题", "(二)改进措施"]
    assert by[6].section.text == "无"
    assert "年度报告" in by[0].section.text and by[0].section.key == "preamble"
    # table B rows that begin 一、…四、 stay inside section 三
    assert "四、结转下年度继续办理" in by[3].section.text
    assert nt.original[one.span.start : one.span.end].startswith("一、总体情况")


@pytest.mark.seeds
def test_seed_2022_title_after_first_heading(seed_2022: Path) -> None:
    nt, by, missing = _split(seed_2022.read_text(encoding="utf-8"))
    assert missing == []
    assert 0 not in by  # nothing before 一、总体情况
    one = by[1].section
    assert "年度报告" not in one.text
    assert one.text.startswith("(一)主动公开情况")
    assert len(one.subsections) == 5
    assert nt.original[one.span.start : one.span.end].startswith("\u2f00、总体情况")  # Kangxi 一 as printed
    assert by[4].section.title == "四、政府信息公开行政复议、行政诉讼情况"
    assert "四、结转下年度继续办理" in by[3].section.text
    assert by[4].section.text.startswith("行政复议")
    assert by[5].section.text.startswith("一是") and by[5].section.text.endswith("提高质量。")


def test_full_width_parens_duplicates_and_improvement_wording() -> None:
    nt, by, missing = _fixture("headings_variants.txt")
    assert missing == []
    assert by[0].section.text.startswith("青禾县柳溪镇2023年")
    assert by[1].section.text.startswith("2023年")
    assert [s.title for s in by[1].section.subsections] == ["(一)主动公开", "(二)依申请公开", "(三)政府信息管理"]
    assert by[5].section.title == "五、存在的主要问题及改进措施"
    for row in ("一、本年新收", "二、上年结转", "三、本年度办理结果", "四、结转下年度继续办理"):
        assert row in by[3].section.text
    assert by[4].section.text.startswith("0\t0")
    sub = by[1].section.subsections[1]
    assert nt.original[sub.span.start : sub.span.end].startswith("（二）依申请公开")


def test_unnumbered_headings() -> None:
    _, by, missing = _fixture("bare_headings.txt")
    assert missing == []
    assert [by[n].section.title for n in range(1, 7)] == [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ]
    # a bare subsection line of section 一 is not mistaken for section 二
    assert "主动公开情况\n全年在政务微博发布信息" in by[1].section.text


def test_variant_wording_and_title_after_heading() -> None:
    _, by, missing = _fixture("title_after_heading.txt")
    assert missing == []
    assert by[2].section.title == "二、主动公开情况"
    assert by[3].section.title == "三、依申请公开情况"
    assert by[4].section.title == "四、行政复议和行政诉讼情况"
    assert by[5].section.title == "五、存在问题及改进措施"
    assert "年度报告" not in by[1].section.text


def test_free_format_report_lists_what_it_cannot_find() -> None:
    _, by, missing = _fixture("free_format_2017.txt")
    assert missing == [2]
    assert by[4].section.title.startswith("五、因政府信息公开申请行政复议")
    assert by[4].section.text.startswith("全年未发生")  # a sentence repeating the heading words stays body
    assert by[6].section.title == "七、其他需要报告的事项"
    assert {s.section.key for s in by.values()} <= set(SECTION_KEYS.values()) | {"preamble"}


def test_text_without_headings() -> None:
    _, by, missing = _split("这是一段与年报无关的文字。\n第二行。")
    assert missing == [1, 2, 3, 4, 5, 6]
    assert list(by) == [0]


@pytest.mark.parametrize(
    "line",
    ["一、本年新收政府信息公开申请数量\t\t0\t0", "四、结转下年度继续办理 0 0 0 0 0 0 0", "(一)主动公开情况"],
)
def test_table_rows_and_subsections_are_not_section_headings(line: str) -> None:
    _, by, missing = _split(f"{line}\n")
    assert missing == [1, 2, 3, 4, 5, 6]


def test_pages_come_from_page_starts() -> None:
    text = "一、总体情况\n正文。\n二、主动公开政府信息情况\n规章\t0\t0\t0\n"
    second_page = text.index("二、")
    _, by, _ = _split(text, (second_page,))
    assert by[1].section.span.page == 1
    assert by[2].section.span.page == 2
    assert by[2].page_starts == (second_page,)


def test_heading_with_body_on_the_same_line() -> None:
    text = "一、总体情况：2025年，柳溪镇认真贯彻落实条例，扎实推进各项工作，取得明显成效。\n五、存在的主要问题及改进情况 一是公开不及时。"
    nt, by, missing = _split(text)
    assert missing == [2, 3, 4, 6]
    assert by[1].section.title == "一、总体情况"
    assert by[1].section.text.startswith("2025年")
    assert (by[5].section.title, by[5].section.text) == ("五、存在的主要问题及改进情况", "一是公开不及时。")
