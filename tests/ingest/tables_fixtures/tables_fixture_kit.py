"""Fictional reports for the table parser's tests: the national form filled with made-up figures.

`report()` writes one report in any of the row formats found in the wild; the tests then damage it
(split numbers, wrap labels, drop cells) to reproduce one trap at a time.
"""

from __future__ import annotations

import re

from ingest.normalise import NormText, normalise
from ingest.records import Cell, Section
from ingest.sections import SECTION_KEYS, SectionSlice
from ingest.tables.parse_text import TableParse, parse_tables
from ingest.tables.template import TEMPLATE_2019, TEMPLATE_2021

# Table A: (label, values) per block.
A_ROWS = [
    ("第二十条第（一）项", None),
    ("信息内容\t本年制发件数\t本年废止件数\t现行有效件数", None),
    ("规章", ["1", "0", "12"]),
    ("行政规范性文件", ["3", "1", "25"]),
    ("第二十条第（五）项", None),
    ("信息内容\t本年处理决定数量", None),
    ("行政许可", ["134"]),
    ("第二十条第（六）项", None),
    ("信息内容\t本年处理决定数量", None),
    ("行政处罚", ["1,234"]),
    ("行政强制", ["7"]),
    ("第二十条第（八）项", None),
    ("信息内容\t本年收费金额（单位：万元）", None),
    ("行政事业性收费", ["26.55"]),
]
B_HEADER = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
    "自然人\t法人或其他组织\t总计",
    "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
]
_Z = ["0"] * 7
B_ROWS = [
    ("new", "一、本年新收政府信息公开申请数量", ["5", "2", "0", "0", "1", "0", "8"]),
    ("carried_over", "二、上年结转政府信息公开申请数量", ["1", "0", "0", "0", "0", "0", "1"]),
    ("result.public", "三、本年度办理结果\t（一）予以公开", ["3", "1", "0", "0", "0", "0", "4"]),
    (
        "result.partial",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ["1", "0", "0", "0", "0", "0", "1"],
    ),
    ("result.withheld.state_secret", "（三）不予公开\t1.属于国家秘密", _Z),
    ("result.withheld.prohibited", "2.其他法律行政法规禁止公开", _Z),
    ("result.withheld.three_safety", "3.危及“三安全一稳定”", _Z),
    ("result.withheld.third_party", "4.保护第三方合法权益", ["0", "1", "0", "0", "0", "0", "1"]),
    ("result.withheld.internal", "5.属于三类内部事务信息", _Z),
    ("result.withheld.process", "6.属于四类过程性信息", _Z),
    ("result.withheld.enforcement_file", "7.属于行政执法案卷", _Z),
    ("result.withheld.inquiry", "8.属于行政查询事项", _Z),
    (
        "result.unavailable.not_held",
        "（四）无法提供\t1.本机关不掌握相关政府信息",
        ["1", "0", "0", "0", "1", "0", "2"],
    ),
    ("result.unavailable.needs_creation", "2.没有现成信息需要另行制作", _Z),
    ("result.unavailable.unclear", "3.补正后申请内容仍不明确", _Z),
    ("result.not_processed.petition", "（五）不予处理\t1.信访举报投诉类申请", _Z),
    ("result.not_processed.repeat", "2.重复申请", _Z),
    ("result.not_processed.publication", "3.要求提供公开出版物", _Z),
    ("result.not_processed.mass", "4.无正当理由大量反复申请", _Z),
    ("result.not_processed.confirm", "5.要求行政机关确认或重新出具已获取信息", _Z),
    (
        "result.other.no_correction",
        "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _Z,
    ),
    ("result.other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _Z),
    ("result.other.other", "3.其他", _Z),
    ("result.total", "（七）总计", ["5", "2", "0", "0", "1", "0", "8"]),
    ("carried_forward", "四、结转下年度继续办理", ["1", "0", "0", "0", "0", "0", "1"]),
]
C_HEADER = [
    "行政复议\t行政诉讼",
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉",
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计",
]
C_VALUES = ["2", "1", "0", "1", "4", "1", "0", "0", "0", "1", "0", "0", "1", "0", "1"]

INTRO = "一、总体情况\n\n2024年，示例镇人民政府认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
OUTRO = "五、存在的主要问题及改进情况\n\n一是公开内容不够丰富。\n\n六、其他需要报告的事项\n\n无。\n"


def _line(cells: list[str], sep: str) -> str:
    cells = [c for part in cells for c in part.split("\t")]
    if sep == "|":
        return "| " + " | ".join(cells) + " |"
    return sep.join(cells)


def report(
    sep: str = "\t",
    *,
    b_rows: list[tuple[str, str, list[str]]] | None = None,
    c_values: list[str] | None = None,
) -> str:
    """A whole fictional report with tables A, B, C written with `sep` between cells."""
    lines = [INTRO, "二、主动公开政府信息情况", ""]
    for label, vals in A_ROWS:
        lines.append(_line([label, *(vals or [])], sep))
    lines += ["", "三、收到和处理政府信息公开申请情况", ""]
    lines += [_line([h], sep) for h in B_HEADER]
    for _key, label, vals in b_rows if b_rows is not None else B_ROWS:
        lines.append(_line([label, *vals], sep))
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
    lines += [_line([h], sep) for h in C_HEADER]
    lines.append(_line(c_values if c_values is not None else C_VALUES, sep))
    lines += ["", OUTRO]
    return "\n".join(lines)


def b_rows_with(changes: dict[str, list[str]]) -> list[tuple[str, str, list[str]]]:
    return [(k, label, changes.get(k, vals)) for k, label, vals in B_ROWS]


# ------------------------------------------------------------------ parsing helpers
_HEADINGS = re.compile(r"(?m)^[ \t]*([二三四五六])、[^\n]*$")
_NUMBERS = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


def hand_slices(nt: NormText) -> list[SectionSlice]:
    """Slices of sections 二–四 from their headings (split_sections' job, done by hand here)."""
    found = [
        (m.start(), m.end(), _NUMBERS[m.group(1)], m.group().strip()) for m in _HEADINGS.finditer(nt.text)
    ]
    found = [f for f in found if not re.match(r"[二三四]、\s*(?:本年|上年|结转)", f[3])]  # table B row labels
    out = []
    for i, (start, end, number, title) in enumerate(found):
        if number not in (2, 3, 4):
            continue
        stop = found[i + 1][0] if i + 1 < len(found) else len(nt.text)
        section = Section(
            number=number,
            key=SECTION_KEYS[number],
            title=title,
            text=nt.text[end:stop],
            span=nt.span(start, stop),
        )
        out.append(SectionSlice(section=section, start=end, end=stop))
    return out


def parse(
    text: str, *, slices: bool = True, page_starts: tuple[int, ...] = ()
) -> tuple[NormText, TableParse]:
    nt = normalise(text)
    return nt, parse_tables(nt, hand_slices(nt) if slices else [], page_starts)


def cell_map(result: TableParse) -> dict[tuple[str, str, str], Cell]:
    return {(c.table, c.row, c.column): c for c in result.cells}


def row_values(result: TableParse, table: str, row: str) -> list[float | None]:
    """The row's values in column order; a cell that is absent reads as the string 'absent'."""
    m = cell_map(result)
    t = (TEMPLATE_2019 if result.format_version == "2019" else TEMPLATE_2021)[table]
    return [m[(table, row, c)].value if (table, row, c) in m else "absent" for c in t.row(row).columns]  # type: ignore[misc]


def expected(table: str) -> dict[str, list[float]]:
    """The figures `report()` writes, by row key."""
    if table == "A":
        keys = ["regulation", "normative_doc", "license", "penalty", "enforcement", "fee"]
        vals = [v for _, v in A_ROWS if v]
        return {k: [float(x.replace(",", "")) for x in v] for k, v in zip(keys, vals, strict=True)}
    if table == "B":
        return {k: [float(x) for x in v] for k, _, v in B_ROWS}
    nums = [float(x) for x in C_VALUES]
    return {"review": nums[:5], "litigation_direct": nums[5:10], "litigation_after_review": nums[10:]}
