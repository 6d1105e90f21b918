"""Row formats seen in real reports, each on a fictional report with non-zero figures."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "tables_fixtures"))

from tables_fixture_kit import B_ROWS, C_HEADER, C_VALUES, cell_map, expected, parse, report, row_values  # noqa: E402

from ingest.tables.checks import check_tables  # noqa: E402


def _assert_all_figures(text: str, *, slices: bool = True) -> None:
    _, result = parse(text, slices=slices)
    assert result.findings == ()
    for table in "ABC":
        for row, want in expected(table).items():
            assert row_values(result, table, row) == want, (table, row)
    assert check_tables(result.cells, result.format_version) == []


@pytest.mark.parametrize("sep", ["\t", " ", "|"], ids=["tab", "space", "pipe"])
def test_separated_rows(sep: str) -> None:
    _assert_all_figures(report(sep))


def test_one_cell_per_line_web_copy() -> None:
    _assert_all_figures(report("\n"))


def test_one_cell_per_line_each_closed_by_a_pipe() -> None:
    """A web table copied cell by cell, each cell's line ending in “ |” and runs of pipes where empty
    cells or row ends were (a 市生态环境局's page): the pipes are edges, not labels."""
    lines = []
    for line in report("\n").split("\n"):
        if line and "、" not in line[:3] and "。" not in line:  # a table cell, not a heading or prose
            lines.append(line + " |")
            if re.fullmatch(r"[\d,.]+", line):
                lines.append("||")
        else:
            lines.append(line)
    text = "\n".join(lines)
    assert text.count(" |\n") > 100 and "\n||\n" in text
    _assert_all_figures(text)


def test_blank_lines_between_cells() -> None:
    _assert_all_figures(report("\n\n"))


def test_tables_found_by_header_words_when_sections_are_missing() -> None:
    text = (
        report("\t")
        .replace("二、主动公开政府信息情况", "")
        .replace("四、政府信息公开行政复议、行政诉讼情况", "")
    )
    _assert_all_figures(text, slices=False)


def _wrapped(text: str) -> str:
    """What PDF extraction does: labels wrapped onto following lines, headers cut into pieces."""
    swaps = {
        "三、本年度办理结果 （一）予以公开": "三、本年度办理\n\n结果\n\n（一）予以公开",
        "（三）不予公开 1.属于国家秘密 0 0 0 0 0 0 0": "（三）不予 1.属于国家秘密 0 0 0 0 0 0 0\n 公开\n",
        "（四）无法提供 1.本机关不掌握相关政府信息": "（四）无法\n\n提供\n\n1.本机关不掌握相关政府信息",
        "（五）不予处理 1.信访": "（五）不予\n\n处理\n\n1.信访",
        "不再处理其政府信息公开申请 0 0 0 0 0 0 0\n2.": "不再处理其政府信息\n\n公开申请\n0 0 0 0 0 0 0\n2.",
        "社会公益组织 法律服务机构": "社会公益\n\n组织\n\n法律服务\n\n机构\n",
        "自然人 法人或其他组织 总计": "自然人\n\n法人或其他组织\n\n总计\n",
        "行政规范性文件": "行政规范性\n文件",
    }
    for old, new in swaps.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_wrapped_labels_and_split_headers() -> None:
    _assert_all_figures(_wrapped(report(" ")))


def test_page_markers_inside_tables() -> None:
    text = _wrapped(report(" "))
    text = text.replace("3.危及", "- 4 -\n3.危及").replace("公开申请\n0 0 0", "第 5 页\n公开申请\n0 0 0")
    text = text.replace("行政强制 7", "第2页/共6页\n行政强制 7")
    _assert_all_figures(text)


def test_traditional_characters() -> None:
    words = {
        "主动公开政府信息情况": "主動公開政府信息情況",
        "收到和处理政府信息公开申请情况": "收到和處理政府信息公開申請情況",
        "行政复议、行政诉讼情况": "行政復議、行政訴訟情況",
        "第二十条": "第二十條",
        "本年制发件数": "本年制發件數",
        "规范性文件": "規範性文件",
        "行政许可": "行政許可",
        "行政处罚": "行政處罰",
        "行政强制": "行政強制",
        "事业性收费": "事業性收費",
        "勾稽关系": "勾稽關係",
        "申请人情况": "申請人情況",
        "本年新收政府信息公开申请数量": "本年新收政府信息公開申請數量",
        "上年结转政府信息公开申请数量": "上年結轉政府信息公開申請數量",
        "予以公开": "予以公開",
        "部分公开": "部分公開",
        "国家秘密": "國家秘密",
        "禁止公开": "禁止公開",
        "三安全一稳定": "三安全一穩定",
        "合法权益": "合法權益",
        "内部事务": "內部事務",
        "过程性": "過程性",
        "执法案卷": "執法案卷",
        "查询事项": "查詢事項",
        "另行制作": "另行製作",
        "仍不明确": "仍不明確",
        "信访举报": "信訪舉報",
        "重复申请": "重複申請",
        "大量反复": "大量反覆",
        "不补正": "不補正",
        "缴纳费用": "繳納費用",
        "总计": "總計",
        "结转下年度继续办理": "結轉下年度繼續辦理",
        "未经复议直接起诉": "未經復議直接起訴",
        "复议后起诉": "復議後起訴",
        "行政复议": "行政復議",
    }
    text = report("\t")
    for simp in sorted(words, key=len, reverse=True):
        text = text.replace(simp, words[simp])
    assert "總計" in text and "复" not in text
    _assert_all_figures(text)


def test_thousands_separator_and_decimal_amounts() -> None:
    _, result = parse(report("\t"))
    cells = cell_map(result)
    assert cells[("A", "penalty", "decisions")].value == 1234
    assert cells[("A", "penalty", "decisions")].raw == "1,234"
    assert cells[("A", "fee", "amount")].value == pytest.approx(26.55)
    _, result = parse(report(" ").replace("行政事业性收费 26.55", "行政事业性收费 72701.2578"))
    assert cell_map(result)[("A", "fee", "amount")].value == pytest.approx(72701.2578)


def test_table_c_fifteen_numbers_on_one_line() -> None:
    text = report(" ")
    assert " ".join(C_VALUES) in text  # the fixture writes them on one line under a 3-line header
    _, result = parse(text)
    assert row_values(result, "C", "review") == [2, 1, 0, 1, 4]
    assert row_values(result, "C", "litigation_after_review") == [0, 0, 1, 0, 1]


def test_table_c_one_row_per_case_kind() -> None:
    rows = "行政复议 2 1 0 1 4\n行政诉讼（未经复议直接起诉） 1 0 0 0 1\n行政诉讼（复议后起诉） 0 0 1 0 1"
    text = report(" ").replace(" ".join(C_VALUES), rows)
    _, result = parse(text)
    assert row_values(result, "C", "review") == [2, 1, 0, 1, 4]
    assert row_values(result, "C", "litigation_direct") == [1, 0, 0, 0, 1]
    assert row_values(result, "C", "litigation_after_review") == [0, 0, 1, 0, 1]
    assert C_HEADER  # header kept above the rows


def test_blank_and_slash_cells_are_not_reported_not_zero() -> None:
    text = report("\t").replace(
        "一、本年新收政府信息公开申请数量\t5\t2\t0\t0\t1\t0\t8",
        "一、本年新收政府信息公开申请数量\t5\t\t/\t0\t1\t0\t8",
    )
    text = text.replace(
        "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1",
        "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t",
    )
    _, result = parse(text)
    cells = cell_map(result)
    assert row_values(result, "B", "new") == [5, None, None, 0, 1, 0, 8]
    assert cells[("B", "new", "business")].raw == ""
    assert cells[("B", "new", "research")].raw == "/"
    assert cells[("B", "carried_over", "total")].value is None
    assert not any(c.inferred for c in result.cells)
    findings = check_tables(result.cells, result.format_version)
    assert [f.rule for f in findings if f.severity == "error"] == []
    assert any(f.rule == "B.unchecked" and f.severity == "info" for f in findings)


def test_cells_carry_span_line_and_page() -> None:
    text = report("\t")
    page_two = text.index("三、收到和处理")
    _, result = parse(text, page_starts=(page_two,))
    cells = cell_map(result)
    fee, new = cells[("A", "fee", "amount")], cells[("B", "new", "natural_person")]
    assert fee.span is not None and new.span is not None
    assert fee.span.page == 1 and new.span.page == 2
    assert text[new.span.start : new.span.end].startswith("一、本年新收")
    assert re.search(r"\t8$", text[new.span.start : new.span.end])
    assert new.span.line == text[: new.span.start].count("\n") + 1


def _reader_grid_b() -> str:
    """Table B the way the HTML/DOCX readers write it: a fixed grid, merged cells blank, zeros left blank."""
    lines = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t",
        "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
    ]
    for key, label, vals in B_ROWS:
        parts = label.split("\t")
        if key in ("new", "carried_over", "carried_forward") or key == "result.public":
            head = [*parts, "", ""][:3]
        elif len(parts) == 2:
            head = ["", *parts]
        elif key in ("result.partial", "result.total"):
            head = ["", parts[0], ""]
        else:
            head = ["", "", parts[0]]
        lines.append("\t".join(head + ["" if v == "0" else v for v in vals]))
    return "\n".join(lines)


def test_reader_grid_with_blank_cells_placed_by_header_positions() -> None:
    text = report("\t")
    start, end = text.index("（本列数据"), text.index("\n\n四、政府信息公开行政复议")
    text = text[:start] + _reader_grid_b() + text[end:]
    text = text.replace("行政强制\t7", "行政强制\t\t\t")
    _, result = parse(text)
    assert result.findings == ()
    assert row_values(result, "B", "new") == [5, 2, None, None, 1, None, 8]
    assert row_values(result, "B", "result.withheld.third_party") == [None, 1, None, None, None, None, 1]
    assert row_values(result, "B", "result.withheld.state_secret") == [None] * 7
    assert cell_map(result)[("A", "enforcement", "decisions")].value is None
    assert not any(c.inferred for c in result.cells)
    assert [f.rule for f in check_tables(result.cells, result.format_version)] == ["B.unchecked"]
