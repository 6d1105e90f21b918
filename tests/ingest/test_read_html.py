"""HTML reader: the report found inside a government page, tables expanded to tab rows."""

from __future__ import annotations

from pathlib import Path

import formats  # tests/ingest/formats.py (pytest puts this folder on sys.path)
import pytest

from ingest.errors import UnreadableFile
from ingest.read import read_document
from ingest.read.html import html_to_text


def _write(tmp_path: Path, page: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding))
    return path


def test_county_site_page_gives_report_without_navigation(tmp_path: Path) -> None:
    doc = read_document(formats.write_html(tmp_path / "r.html"))
    lines = doc.text.splitlines()
    assert lines[0] == formats.TITLE
    assert formats.table_rows(doc.text) == formats.expected_rows()
    for chrome in (
        "首页",
        "当前位置",
        "备案号",
        "网站地图",
        "统计代码",
        "访问量",
        "请输入关键字",
        "2023年政府信息公开工作年度报告",
        "float:left",
    ):
        assert chrome not in doc.text
    # paragraphs in reading order, each on its own line, &nbsp; gone
    assert lines.index("二、主动公开政府信息情况") < lines.index("第二十条第（一）项\t\t\t")
    assert "六、其他需要报告的事项" in lines and "\xa0" not in doc.text


@pytest.mark.parametrize("declare", [True, False], ids=["meta-gb2312", "no-meta"])
def test_gbk_pages_decode_with_or_without_meta_charset(tmp_path: Path, declare: bool) -> None:
    doc = read_document(formats.write_html(tmp_path / "r.htm", encoding="gb18030", declare=declare))
    assert doc.encoding == "gb18030"
    assert formats.table_rows(doc.text) == formats.expected_rows()


def test_rowspan_colspan_nbsp_slash_and_wrapped_cells() -> None:
    page = """<table>
    <tr><td rowspan="2" colspan="2"><p><span>行政</span><span>复议</span></p></td><td colspan=2>结果</td></tr>
    <tr><td>结果<br>维持</td><td><p>其他</p><p>结果</p></td></tr>
    <tr><td>甲</td><td>&nbsp;</td><td>/</td><td> 3 </td></tr>
    <tr><td>&nbsp;</td><td></td><td>　</td><td></td></tr>
    </table>"""
    rows = [line.split("\t") for line in html_to_text(page).splitlines()]
    assert rows == [["行政复议", "", "结果", ""], ["", "", "结果维持", "其他结果"], ["甲", "", "/", "3"]]


def test_layout_table_around_data_table_and_title_outside_content() -> None:
    page = f"""<html><body><table width="980"><tr><td><a href="/">首页</a> | <a href="/a">政务公开</a></td></tr>
    <tr><td><div class="t"><h2>{formats.TITLE}</h2></div>
    <div id="zoom"><p>一、总体情况</p><p>2024年主动公开信息326条。</p>
    <table border=1><tr><td>规章</td><td>1</td></tr><tr><td>行政规范性文件</td><td>5</td></tr></table>
    <p>六、其他需要报告的事项</p><p>无。</p></div></td></tr>
    <tr><td>版权所有：某某县人民政府</td></tr></table></body></html>"""
    lines = html_to_text(page).splitlines()
    assert lines[0] == formats.TITLE
    assert lines[1:4] == ["一、总体情况", "2024年主动公开信息326条。", "规章\t1"]
    assert "版权所有：某某县人民政府" not in lines and "首页 | 政务公开" not in lines


def test_title_only_in_head_is_kept() -> None:
    page = f"""<html><head><title>{formats.TITLE}_某某县人民政府</title>
    <script>document.write('一、总体情况')</script></head>
    <body><div>一、总体情况</div><div>我镇全年主动公开信息326条。</div></body></html>"""
    assert html_to_text(page).splitlines() == [formats.TITLE, "一、总体情况", "我镇全年主动公开信息326条。"]


def test_page_without_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="没有正文"):
        read_document(_write(tmp_path, "<html><head><script>var a=1;</script></head><body>  </body></html>"))
    with pytest.raises(UnreadableFile, match="为空"):
        read_document(_write(tmp_path, ""))
