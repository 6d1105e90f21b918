"""Which form a report follows: 2021, the older 2019 form, or no form at all; and unreadable tables."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tables_fixtures"))

from tables_fixture_kit import B_ROWS, C_HEADER, C_VALUES, INTRO, OUTRO, cell_map, parse, report, row_values  # noqa: E402

from ingest.tables.checks import check_tables  # noqa: E402
from ingest.tables.template import TEMPLATE_2019, expected_cells  # noqa: E402

A_2019 = """第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t2\t2\t40
规范性文件\t5\t5\t88
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t30\t-2\t1,250
其他对外管理服务事项\t4\t+1\t60
第二十条第（六）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政处罚\t12\t0\t37
行政强制\t3\t0\t2
第二十条第（八）项
信息内容\t上一年项目数量\t本年增/减
行政事业性收费\t6\t-1
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t6\t25.1"""


def _report_2019() -> str:
    b_lines = []
    for key, label, vals in B_ROWS:
        if key == "result.other.no_correction":
            label = "（六）其他处理"
        elif key.startswith("result.other."):
            continue
        b_lines.append("\t".join([label, *vals]))
    return "\n".join(
        [INTRO, "二、主动公开政府信息情况", A_2019, "三、收到和处理政府信息公开申请情况", *b_lines]
        + ["四、政府信息公开行政复议、行政诉讼情况", *C_HEADER, "\t".join(C_VALUES), OUTRO]
    )


def test_2019_form_parsed_with_its_own_template() -> None:
    _, result = parse(_report_2019())
    assert result.format_version == "2019"
    assert result.findings == ()
    assert set(cell_map(result)) == set(expected_cells(TEMPLATE_2019))
    assert row_values(result, "A", "license") == [30, -2, 1250]
    assert row_values(result, "A", "other_services") == [4, 1, 60]
    assert row_values(result, "A", "fee") == [6, -1]
    assert row_values(result, "A", "procurement") == [6, 25.1]
    assert row_values(result, "B", "result.other") == [0] * 7
    assert row_values(result, "B", "result.total") == [5, 2, 0, 0, 1, 0, 8]
    assert check_tables(result.cells, result.format_version) == []


def test_report_without_the_form_has_no_tables() -> None:
    text = (
        "示例县2016年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息120条。\n"
        "二、主动公开政府信息情况\n全年通过政府网站公开信息98条。\n三、依申请公开情况\n全年受理申请3件。\n"
    )
    _, result = parse(text)
    assert result.format_version == "free"
    assert result.cells == ()
    [finding] = result.findings
    assert finding.rule == "no_tables" and finding.severity == "info" and "没有标准" in finding.message


def test_table_present_but_unreadable_is_a_finding() -> None:
    start = report("\t").index("三、收到和处理")
    end = report("\t").index("四、政府信息公开行政复议")
    text = (
        report("\t")[:start]
        + "三、收到和处理政府信息公开申请情况\n\n（表格为图片，无法复制）\n\n"
        + report("\t")[end:]
    )
    _, result = parse(text)
    assert result.format_version == "2021"
    assert not [c for c in result.cells if c.table == "B"]
    assert len([c for c in result.cells if c.table == "A"]) == 10
    [finding] = result.findings
    assert finding.rule == "B.unreadable" and finding.severity == "warning" and "表三" in finding.message


def test_table_missing_entirely_is_a_finding() -> None:
    text = report("\t")
    text = text[: text.index("四、政府信息公开行政复议")] + OUTRO
    _, result = parse(text)
    assert [f.rule for f in result.findings] == ["C.missing"]
