"""The national report form: the rows and columns of tables A, B and C, as data.

Keys are stable identifiers stored in SQLite and used by the answerer; labels are the official
wording. `match` holds the normalised substrings that identify a row label in real documents
(wrapped, abbreviated or reworded), checked in order, first match wins within a table.

2021 format: 国办公开办函〔2021〕30号. The 2019 format (国办公开办函〔2019〕60号) is `TEMPLATE_2019`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    match: tuple[str, ...]
    columns: tuple[str, ...]
    parent: str | None = None  # the row this one sums into, for B's (三)…(六) sub-rows
    block: str | None = None  # table A's 第二十条第（X）项 block


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str


@dataclass(frozen=True)
class TableTemplate:
    table: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


# ---------------------------------------------------------------- table A (section 二)
_A_DOCS = ("issued", "repealed", "in_force")
TABLE_A = TableTemplate(
    table="A",
    title="主动公开政府信息情况",
    columns=(
        Column("issued", "本年制发件数", "件"),
        Column("repealed", "本年废止件数", "件"),
        Column("in_force", "现行有效件数", "件"),
        Column("decisions", "本年处理决定数量", "件"),
        Column("amount", "本年收费金额（单位：万元）", "万元"),
    ),
    rows=(
        Row("regulation", "规章", ("规章",), _A_DOCS, block="第二十条第（一）项"),
        Row("normative_doc", "行政规范性文件", ("规范性文件",), _A_DOCS, block="第二十条第（一）项"),
        Row("license", "行政许可", ("行政许可",), ("decisions",), block="第二十条第（五）项"),
        Row("penalty", "行政处罚", ("行政处罚",), ("decisions",), block="第二十条第（六）项"),
        Row("enforcement", "行政强制", ("行政强制",), ("decisions",), block="第二十条第（六）项"),
        Row("fee", "行政事业性收费", ("事业性收费",), ("amount",), block="第二十条第（八）项"),
    ),
)

# ---------------------------------------------------------------- table B (section 三)
_B_COLS = ("natural_person", "business", "research", "public_interest", "legal_service", "other_org", "total")


def _b(key: str, label: str, match: tuple[str, ...], parent: str | None = None) -> Row:
    return Row(key, label, match, _B_COLS, parent=parent)


TABLE_B = TableTemplate(
    table="B",
    title="收到和处理政府信息公开申请情况",
    columns=(
        Column("natural_person", "自然人", "件"),
        Column("business", "商业企业", "件"),
        Column("research", "科研机构", "件"),
        Column("public_interest", "社会公益组织", "件"),
        Column("legal_service", "法律服务机构", "件"),
        Column("other_org", "其他", "件"),
        Column("total", "总计", "件"),
    ),
    rows=(
        _b("new", "一、本年新收政府信息公开申请数量", ("本年新收",)),
        _b("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
        _b("result.public", "（一）予以公开", ("予以公开",), "result.total"),
        _b(
            "result.partial",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ("部分公开",),
            "result.total",
        ),
        _b("result.withheld.state_secret", "1.属于国家秘密", ("国家秘密",), "result.total"),
        _b("result.withheld.prohibited", "2.其他法律行政法规禁止公开", ("禁止公开",), "result.total"),
        _b("result.withheld.three_safety", "3.危及“三安全一稳定”", ("三安全",), "result.total"),
        _b("result.withheld.third_party", "4.保护第三方合法权益", ("第三方",), "result.total"),
        _b("result.withheld.internal", "5.属于三类内部事务信息", ("内部事务",), "result.total"),
        _b("result.withheld.process", "6.属于四类过程性信息", ("过程性",), "result.total"),
        _b("result.withheld.enforcement_file", "7.属于行政执法案卷", ("执法案卷",), "result.total"),
        _b("result.withheld.inquiry", "8.属于行政查询事项", ("查询事项",), "result.total"),
        _b("result.unavailable.not_held", "1.本机关不掌握相关政府信息", ("不掌握",), "result.total"),
        _b(
            "result.unavailable.needs_creation",
            "2.没有现成信息需要另行制作",
            ("另行制作", "没有现成"),
            "result.total",
        ),
        _b("result.unavailable.unclear", "3.补正后申请内容仍不明确", ("仍不明确",), "result.total"),
        _b("result.not_processed.petition", "1.信访举报投诉类申请", ("信访举报",), "result.total"),
        _b("result.not_processed.repeat", "2.重复申请", ("重复申请",), "result.total"),
        _b("result.not_processed.publication", "3.要求提供公开出版物", ("出版物",), "result.total"),
        _b("result.not_processed.mass", "4.无正当理由大量反复申请", ("大量反复",), "result.total"),
        _b(
            "result.not_processed.confirm",
            "5.要求行政机关确认或重新出具已获取信息",
            ("重新出具",),
            "result.total",
        ),
        _b(
            "result.other.no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            ("不补正",),
            "result.total",
        ),
        _b(
            "result.other.no_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ("缴纳费用", "收费通知"),
            "result.total",
        ),
        _b("result.other.other", "3.其他", ("其他",), "result.total"),
        _b("result.total", "（七）总计", ("总计",)),
        _b("carried_forward", "四、结转下年度继续办理", ("结转下年",)),
    ),
)
# Groups of table B's result rows, for answers such as “不予公开多少件” (the sum of its eight rows).
B_GROUPS: dict[str, tuple[str, str]] = {
    "result.withheld": ("（三）不予公开", "result.withheld."),
    "result.unavailable": ("（四）无法提供", "result.unavailable."),
    "result.not_processed": ("（五）不予处理", "result.not_processed."),
    "result.other": ("（六）其他处理", "result.other."),
}

# ---------------------------------------------------------------- table C (section 四)
_C_COLS = ("upheld", "corrected", "other", "pending", "total")
TABLE_C = TableTemplate(
    table="C",
    title="政府信息公开行政复议、行政诉讼情况",
    columns=(
        Column("upheld", "结果维持", "件"),
        Column("corrected", "结果纠正", "件"),
        Column("other", "其他结果", "件"),
        Column("pending", "尚未审结", "件"),
        Column("total", "总计", "件"),
    ),
    rows=(
        Row("review", "行政复议", ("行政复议",), _C_COLS),
        Row("litigation_direct", "行政诉讼（未经复议直接起诉）", ("未经复议",), _C_COLS),
        Row("litigation_after_review", "行政诉讼（复议后起诉）", ("复议后起诉",), _C_COLS),
    ),
)

TEMPLATE_2021: dict[str, TableTemplate] = {"A": TABLE_A, "B": TABLE_B, "C": TABLE_C}


def expected_cells(templates: dict[str, TableTemplate] = TEMPLATE_2021) -> list[tuple[str, str, str]]:
    """Every (table, row, column) the form has: 2×3 + 3×1 + 1 in A, 25×7 in B, 3×5 in C."""
    return [(t.table, r.key, c) for t in templates.values() for r in t.rows for c in r.columns]


# ---------------------------------------------------------------- the 2019 format (国办公开办函〔2019〕60号)
# Table A counts documents as 新制作/新公开/对外公开总数 and licensing items as 上一年项目数量 and
# 本年增/减 (which may be negative); it adds 其他对外管理服务事项 and 第二十条第（九）项 政府集中采购.
_A19_DOCS = ("made", "published", "total_published")
_A19_ITEMS = ("prev_items", "change", "decisions")
TABLE_A_2019 = TableTemplate(
    table="A",
    title="主动公开政府信息情况",
    columns=(
        Column("made", "本年新制作数量", "件"),
        Column("published", "本年新公开数量", "件"),
        Column("total_published", "对外公开总数量", "件"),
        Column("prev_items", "上一年项目数量", "项"),
        Column("change", "本年增/减", "项"),
        Column("decisions", "处理决定数量", "件"),
        Column("purchase_items", "采购项目数量", "项"),
        Column("purchase_amount", "采购总金额", "万元"),
    ),
    rows=(
        Row("regulation", "规章", ("规章",), _A19_DOCS, block="第二十条第（一）项"),
        Row("normative_doc", "规范性文件", ("规范性文件",), _A19_DOCS, block="第二十条第（一）项"),
        Row("license", "行政许可", ("行政许可",), _A19_ITEMS, block="第二十条第（五）项"),
        Row(
            "other_services",
            "其他对外管理服务事项",
            ("对外管理服务",),
            _A19_ITEMS,
            block="第二十条第（五）项",
        ),
        Row("penalty", "行政处罚", ("行政处罚",), _A19_ITEMS, block="第二十条第（六）项"),
        Row("enforcement", "行政强制", ("行政强制",), _A19_ITEMS, block="第二十条第（六）项"),
        Row("fee", "行政事业性收费", ("事业性收费",), ("prev_items", "change"), block="第二十条第（八）项"),
        Row(
            "procurement",
            "政府集中采购",
            ("集中采购",),
            ("purchase_items", "purchase_amount"),
            block="第二十条第（九）项",
        ),
    ),
)
# Table B of 2019: the same rows, except that （六）其他处理 is one row without sub-rows.
TABLE_B_2019 = TableTemplate(
    table="B",
    title=TABLE_B.title,
    columns=TABLE_B.columns,
    rows=tuple(
        r
        for r in TABLE_B.rows
        if not r.key.startswith("result.other.") and r.key not in ("result.total", "carried_forward")
    )
    + (
        _b("result.other", "（六）其他处理", ("其他处理",), "result.total"),
        TABLE_B.row("result.total"),
        TABLE_B.row("carried_forward"),
    ),
)
TEMPLATE_2019: dict[str, TableTemplate] = {"A": TABLE_A_2019, "B": TABLE_B_2019, "C": TABLE_C}


def templates_for(version: str) -> dict[str, TableTemplate]:
    """The tables of a format version: "2019" for the old form, anything else for the 2021 one."""
    return TEMPLATE_2019 if version == "2019" else TEMPLATE_2021
