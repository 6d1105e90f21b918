"""Normalised text keeps an exact map back to the characters the report printed."""

from __future__ import annotations

import pytest

from ingest.normalise import normalise, normalise_chars

WRAPPED = "全年通过微信公众号、政府网站等平台主动公开各类政府信息，其中政策文件共计\n\n十二件，均已按要求公开。\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_normalised_character_maps_back_to_what_the_report_printed(newline: str) -> None:
    original = ("（一）主动公开情况：收到申请１２件\u3000⼀是⺠生\u200b类。\n" + WRAPPED).replace("\n", newline)
    nt = normalise(original)
    assert "(一)主动公开情况:收到申请12件 一是民生类。" in nt.text
    assert "共计十二件" in nt.text  # the PDF line wrap (and blank line) is gone
    assert len(nt.origin) == len(nt.text)
    for i, ch in enumerate(nt.text):
        printed = original[nt.origin[i]]
        assert ch == printed or ch == normalise_chars(printed) or (ch, printed) == ("\n", "\r")
    start = nt.text.index("民生")
    assert nt.quote(start, start + 2) == "⺠生"
    assert nt.span(start, start + 2).line == 1


def test_a_table_row_ending_in_numbers_is_not_joined_to_the_next_line() -> None:
    row = "本年新收政府信息公开申请数量（自然人、法人或其他组织合计） 3 0 0\n结转下年度继续办理 0 0 0\n"
    assert normalise(row).text.count("\n") == 2


def test_pdf_lines_of_a4_width_are_joined_but_headings_are_not() -> None:
    """A4 PDF prose wraps at 25–30 characters, after a closing bracket or a label's colon."""
    text = (
        "本报告由某某区人民政府办公室根据《中华人民共和\n"
        "国政府信息公开条例》(国令第 711 号)(以下简称《条例》)\n"
        "要求编制此报告。如有疑问请联系(电 话 : 0517-0000000 , 电 子 邮 箱 :\n"
        "abc@example.com)。\n"
        "一、总体情况\n"
        "2023 年,某某区人民政府坚持依法公开。\n"
    )
    lines = normalise(text).text.split("\n")
    assert lines[0].startswith("本报告由") and lines[0].endswith("abc@example.com)。")
    assert lines[1] == "一、总体情况"
