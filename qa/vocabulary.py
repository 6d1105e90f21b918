"""The words people use for what the report forms count, mapped to template rows and columns.

Citizens say 收到多少申请, 被复议, 公众号发了多少条; the forms say 本年新收政府信息公开申请数量,
行政复议 总计, and a sentence of section 一. A `Metric` names what to read (table cells, or a
prose fact with an optional channel) with a stable id, so a follow-up turn can rebuild it from
`Answer.metric`. Order matters in the word lists: the more specific phrase is tried first
(复议后起诉 before 复议, 行政事业性收费 before 收费, 不予公开 before 公开).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.tables.template import B_GROUPS, TABLE_B, TEMPLATE_2019, TEMPLATE_2021, Column, Row

TABLE_NAMES = {"A": "表二", "B": "表三", "C": "表四"}  # people name the tables by their section
TABLE_SECTION = {"A": 2, "B": 3, "C": 4}
ORG_COLUMNS = ("business", "research", "public_interest", "legal_service", "other_org")
LITIGATION_ROWS = ("litigation_direct", "litigation_after_review")
FACT_SECTION = {"proactive.items": 1, "requests.received": 1, "requests.handled": 1, "review.total": 1,
                "litigation.total": 1, "fee.amount": 6}
FACT_LABELS = {"proactive.items": "主动公开信息", "requests.received": "收到政府信息公开申请",
               "requests.handled": "办理政府信息公开申请",
               "review.total": "行政复议", "litigation.total": "行政诉讼", "fee.amount": "信息处理费"}


@dataclass(frozen=True)
class Metric:
    """What to read: cells of one table (rows × columns summed) or a prose fact."""

    table: str | None  # "A" | "B" | "C"; None for a prose fact
    row: str  # template row key, a B_GROUPS key, "litigation", or the fact metric id
    column: str = ""  # template column key or "org"; "" for a fact
    channel: str | None = None  # for proactive.items: 公众号, 网站 …

    @property
    def id(self) -> str:
        if self.table is None:
            return f"fact.{self.row}" + (f"@{self.channel}" if self.channel else "")
        return f"{self.table}.{self.row}.{self.column}"

    @property
    def is_fact(self) -> bool:
        return self.table is None

    def rows(self) -> tuple[str, ...]:
        if self.table == "B" and self.row in B_GROUPS:
            prefix = B_GROUPS[self.row][1]
            return tuple(r.key for r in TABLE_B.rows if r.key.startswith(prefix))
        if self.table == "C" and self.row == "litigation":
            return LITIGATION_ROWS
        return (self.row,)

    def columns(self) -> tuple[str, ...]:
        return ORG_COLUMNS if self.column == "org" else (self.column,)

    def cell_keys(self) -> list[tuple[str, str, str]]:
        assert self.table is not None
        return [(self.table, r, c) for r in self.rows() for c in self.columns()]

    @property
    def unit(self) -> str:
        if self.table is None:
            return "万元" if self.row == "fee.amount" else ("条" if self.row == "proactive.items" else "件")
        return _column(self.table, self.columns()[0]).unit

    @property
    def label(self) -> str:
        """The row as the form prints it (a group or the litigation pair by their heading)."""
        if self.table is None:
            return FACT_LABELS.get(self.row, self.row)
        if self.table == "B" and self.row in B_GROUPS:
            return B_GROUPS[self.row][0]
        if self.table == "C" and self.row == "litigation":
            return "行政诉讼"
        return _row(self.table, self.row).label

    @property
    def column_label(self) -> str:
        if self.table is None:
            return ""
        if self.column == "org":
            return "法人或其他组织"
        return _column(self.table, self.column).label


def _row(table: str, key: str) -> Row:
    """A row of the 2021 form, or of the 2019 form (政府集中采购 …) when only it has one."""
    found = [r for t in (TEMPLATE_2021, TEMPLATE_2019) for r in t[table].rows if r.key == key]
    return found[0] if found else TEMPLATE_2021[table].row(key)


def _column(table: str, key: str) -> Column:
    found = [c for t in (TEMPLATE_2021, TEMPLATE_2019) for c in t[table].columns if c.key == key]
    return found[0] if found else TEMPLATE_2021[table].column(key)


# A column of one format asked of a report in the other (本年制发 of a 2019 report is its 本年新制作).
EQUIVALENT_COLUMNS = {("A", "issued"): "made", ("A", "in_force"): "total_published",
                      ("A", "made"): "issued", ("A", "total_published"): "in_force"}


def metric_from_id(metric_id: str | None) -> Metric | None:
    """Rebuild a Metric from `Metric.id` (as stored in Answer.metric); None when unknown."""
    if not metric_id:
        return None
    if metric_id.startswith("fact."):
        body, _, channel = metric_id[5:].partition("@")
        return Metric(None, body, "", channel or None)
    table, _, rest = metric_id.partition(".")
    row, _, column = rest.rpartition(".")
    if table not in TEMPLATE_2021 or not row or not column:
        return None
    return Metric(table, row, column)


# 结转下年度继续办理 in its many spoken forms (before 上年结转 / bare 结转).
_FORWARD = re.compile(r"结转(?:到|至|进)?(?:下一?年|明年|(?:19|20)\d{2}年)|顺延(?:到|至)?(?:下一?年|明年|(?:19|20)\d{2}年)|转(?:入|到|至)(?:下一?年|明年)|(?:下一?年度?|明年)继续办理|留到(?:下一?年|明年)")
# (words, table, row, default column): tried in order, first hit wins.
_TABLE_WORDS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("上年结转", "去年结转", "上一年结转", "结转"), "B", "carried_over", "total"),
    (("复议后起诉", "复议后又起诉", "复议后再起诉"), "C", "litigation_after_review", "total"),
    (("未经复议", "直接起诉"), "C", "litigation_direct", "total"),
    (("行政诉讼", "起诉", "被告", "打官司", "告上法庭", "诉讼"), "C", "litigation", "total"),
    (("行政复议", "复议"), "C", "review", "total"),
)
_GROUP_WORDS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("不予公开", "不公开的申请", "拒绝公开"), "B", "result.withheld", "total"),
    (("部分公开",), "B", "result.partial", "total"),
    (("无法提供",), "B", "result.unavailable", "total"),
    (("不予处理",), "B", "result.not_processed", "total"),
    (("其他处理",), "B", "result.other", "total"),
)
# Table B's own sub-rows, by the words of their labels (国家秘密, 第三方, 重复申请 …).
_B_ROW_WORDS: tuple[tuple[tuple[str, ...], str, str, str], ...] = tuple(
    (tuple(m for m in r.match if len(m) >= 3), "B", r.key, "total")
    for r in TABLE_B.rows
    if r.key.startswith("result.") and r.key.count(".") == 2 and r.key != "result.other.other"
)
# Everyday words for table B's sub-rows that their labels do not use.
_B_ROW_SYNONYMS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("未缴费", "没缴费", "没有缴费", "未交费", "不交费", "没交钱", "逾期未缴", "未按收费通知"), "B", "result.other.no_fee", "total"),
    (("未补正", "没有补正", "不补正", "逾期不补正", "没补正"), "B", "result.other.no_correction", "total"),
    (("不掌握", "没有该信息", "没有这个信息", "信息不存在"), "B", "result.unavailable.not_held", "total"),
    (("涉密", "国家秘密", "保密"), "B", "result.withheld.state_secret", "total"),
    (("信访", "投诉", "举报"), "B", "result.not_processed.petition", "total"),
)
_LATE_TABLE_WORDS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("予以公开", "同意公开", "全部公开", "申请公开了"), "B", "result.public", "total"),
    (("规范性文件",), "A", "normative_doc", "issued"),
    (("规章",), "A", "regulation", "issued"),
    (("行政许可", "许可"), "A", "license", "decisions"),
    (("行政处罚", "处罚"), "A", "penalty", "decisions"),
    (("行政强制", "强制"), "A", "enforcement", "decisions"),
    (("行政事业性收费", "事业性收费"), "A", "fee", "amount"),
    (("政府集中采购", "集中采购"), "A", "procurement", "purchase_amount"),  # the 2019 form's 第二十条第（九）项
    (("对外管理服务",), "A", "other_services", "decisions"),
    (("办理结果", "办结", "处理了多少", "答复了多少", "办理了多少"), "B", "result.total", "total"),
)
FEE_WORDS = ("信息处理费", "处理费", "收费", "收取费用", "收了多少钱", "收钱")
PROACTIVE_WORDS = ("主动公开", "发布信息", "推送", "公开信息", "条信息", "多少条", "几条", "信息多少", "发的信息",
                   "发布的信息")
REQUEST_WORDS = ("依申请", "申请")
QUANTITY_WORDS = ("多少", "几", "数量", "条数", "件数", "数目")
PUBLIC_LATE = ("公开了",)  # 公开了多少 → 予以公开, once 主动公开 … has been ruled out

# Everyday channel word → the term looked for in Fact.channel / Fact.sentence.
CHANNELS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("公众号", "微信"), "公众号"),
    (("门户网站", "网站", "官网"), "网站"),
    (("微博",), "微博"),
    (("抖音", "短视频"), "抖音"),
    (("公开栏", "公示栏"), "公开栏"),
    (("云上",), "云上"),
    (("专栏",), "专栏"),
    (("栏目",), "栏目"),
    (("政务新媒体", "新媒体"), "新媒体"),
    (("客户端", "APP", "app"), "客户端"),
    (("报纸", "报刊"), "报"),
    (("电视",), "电视"),
    (("广播",), "广播"),
)

# (words, table, column key): applied to the metric's table only.
COLUMN_WORDS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("法人或其他组织", "法人", "组织申请", "单位申请"), "B", "org"),
    (("商业企业", "企业", "公司"), "B", "business"),
    (("科研机构",), "B", "research"),
    (("社会公益组织", "公益组织"), "B", "public_interest"),
    (("法律服务机构", "律师"), "B", "legal_service"),
    (("自然人", "个人", "老百姓", "公民", "群众"), "B", "natural_person"),
    (("结果维持", "维持"), "C", "upheld"),
    (("结果纠正", "纠正", "纠错", "被撤销", "撤销", "确认违法"), "C", "corrected"),
    (("尚未审结", "未审结", "没审结", "还在审"), "C", "pending"),
    (("其他结果",), "C", "other"),
    (("废止",), "A", "repealed"),
    (("新制作",), "A", "made"),  # the 2019 form's columns
    (("新公开",), "A", "published"),
    (("对外公开总数",), "A", "total_published"),
    (("上一年项目", "上年项目"), "A", "prev_items"),
    (("增/减", "增减"), "A", "change"),
    (("采购项目",), "A", "purchase_items"),
    (("采购总金额", "采购金额"), "A", "purchase_amount"),
    (("现行有效", "有效"), "A", "in_force"),
    (("制发", "印发", "出台", "制定"), "A", "issued"),
)


def _first(text: str, groups: tuple[tuple[tuple[str, ...], str, str, str], ...]) -> Metric | None:
    for words, table, row, column in groups:
        if any(w in text for w in words):
            return Metric(table, row, column)
    return None


def channel_words(term: str) -> tuple[str, ...]:
    """Every everyday word for the channel `term` (网站: 门户网站, 网站, 官网), the term included."""
    return next(((*words, term) for words, t in CHANNELS if t == term), (term,))


def find_channel(text: str) -> str | None:
    return next((term for words, term in CHANNELS if any(w in text for w in words)), None)


# 被人告了 / 被群众告 / 告了几次: being sued, said plainly (not 报告了, 公告了, 广告).
_SUED = re.compile(r"被[^，,。？?]{0,3}告(?!知)|(?<![报公广通宣预警劝])告了")
# A quantity the forms do not count (days, shares, averages): no table number answers it.
_OTHER_STATISTIC = re.compile(r"(多少|几)(天|日|小时|周|个月|个?工作日)|多久|多长时间|平均|比例|占比|百分|比率|率是多少")
# A comparison asks for a number even without 多少/几: 多还是少, 比去年多吗, 增加了吗.
_COMPARES = re.compile(r"多还是少|少还是多|比.{0,8}(多|少)|增加|减少|增长|下降|变化|多了|少了")


# Things reports count in prose that are not information items: 访问量, 留言, 政策解读, 建议提案 …
_NOT_ITEMS = re.compile(r"访问量|浏览量|点击量|访问|浏览|留言|信箱|信件|来信|来访|解读|提案|建议|会议|培训|粉丝|关注|访谈|发布会|回应|咨询|"
                        r"来电|热线|作品|视频|节目|采访|报道|稿件|文件")


# What else an office handles and counts (办理…件) besides information requests.
_OTHER_CASES = re.compile(r"热线|信箱|来信|来电|来访|信访|建议|提案|诉求|工单|留言|咨询|投诉|举报")


def find_metric(text: str) -> Metric | None:
    """The metric a (normalised) question asks about, with its column; None for prose questions."""
    if _OTHER_STATISTIC.search(text):
        return None  # 平均要多少天: another metric's count would be a wrong answer
    forward = Metric("B", "carried_forward", "total") if _FORWARD.search(text) else None
    if re.search(r"直接起诉|未经复议", text) and "复议后" in text or re.search(r"诉讼(?:的)?总数|诉讼总计|诉讼合计", text):
        return Metric("C", "litigation", "total")  # 行政诉讼总数（直接起诉加复议后起诉）: both rows
    sued = Metric("C", "litigation", "total") if _SUED.search(text) else None
    received = re.sub(r"(收到|受理|接到)(了)?依申请公开了", r"\1依申请", text)  # 收到依申请公开了吗: requests
    metric = (forward or _first(text, _TABLE_WORDS) or sued or _first(received, _B_ROW_WORDS) or _first(text, _B_ROW_SYNONYMS)
              or _first(text, _GROUP_WORDS) or _first(received, _LATE_TABLE_WORDS))
    if metric is not None and metric.table == "B" and "申请" not in text and _OTHER_CASES.search(text):
        return None  # 12345热线办理了多少件: the hotline's cases, not information requests
    other_unit = re.search(r"(多少|几)(个|次|人|名|场|期|篇|份|项|家|元)", text)
    if metric is not None and re.search(r"(多少|几)条", text):
        if not re.search(r"公开(?:了)?(?:政府)?信息", text):
            return None  # the forms count 件; 多少条 asks for a number stated in prose
        metric = None  # 共公开政府信息多少条: the items published (the proactive figure below)
    if metric is None and re.search(r"(?:办理|办结|答复)(?:了|答复)?[^，,。？?]{0,10}申请", text) \
            and not re.search(r"收到|受理|新收|接收|提交|提出", text):
        metric = Metric("B", "result.total", "total")  # 办理答复政府信息公开申请几件: the handled ones
    if metric is None:
        channel = find_channel(text)
        if any(w in text for w in FEE_WORDS):
            return Metric(None, "fee.amount")
        asks_count = any(w in text for w in QUANTITY_WORDS) or bool(_COMPARES.search(text))
        requests = "依申请" in text and "主动公开" not in text and not channel
        if asks_count and not other_unit and not requests and (channel or any(w in text for w in PROACTIVE_WORDS)):
            if _NOT_ITEMS.search(text):
                return None  # 网站总访问量是多少: a figure the prose states, but not of information items
            return Metric(None, "proactive.items", "", channel)
        yes_no_received = re.search(r"收到|受理|接到", text) and re.search(r"吗|有没有|是否|有无", text)
        if "依申请" in text and not channel and (any(w in text for w in QUANTITY_WORDS) or yes_no_received):
            metric = Metric("B", "new", "total")  # 收到依申请公开信息多少件: requests, not 公开信息
        elif any(w in text for w in PUBLIC_LATE) and "申请" in text:
            metric = Metric("B", "result.public", "total")
        elif any(w in text for w in REQUEST_WORDS):
            metric = Metric("B", "new", "total")
        elif any(w in text for w in PUBLIC_LATE) and not other_unit and not re.search(r"(多少|几)条", text):
            metric = Metric("B", "result.public", "total")  # 公开了多少项/篇…: items the prose counts, not 予以公开
        else:
            return None
    for words, table, column in COLUMN_WORDS:
        if table == metric.table and any(w in text for w in words):
            return Metric(metric.table, metric.row, column)
    return metric


def with_column(metric: Metric, text: str) -> Metric:
    """A follow-up that names only a column (结果纠正的呢？) of the previous turn's row."""
    for words, table, column in COLUMN_WORDS:
        if table == metric.table and any(w in text for w in words):
            return Metric(metric.table, metric.row, column)
    return metric


def names_other_count(text: str) -> bool:
    """网站总访问量呢？: a follow-up about a count other than information items."""
    return bool(_NOT_ITEMS.search(text))


# Synonyms for prose retrieval: a question word counts as found when any of these is there.
THESAURUS: dict[str, tuple[str, ...]] = {
    "渠道": ("网站", "公众号", "平台", "公开栏", "新媒体", "载体", "广播", "微博", "线上", "线下"),
    "平台": ("网站", "公众号", "新媒体", "平台"),
    "问题": ("不足", "有待", "需", "欠缺", "问题"),
    "措施": ("改进", "一是", "二是", "加强", "措施"),
    "改进": ("改进", "加强", "提升", "优化", "创新"),
    "培训": ("培训", "业务能力", "队伍建设"),
    "监督": ("监督", "考核", "评议", "责任追究"),
    "保密": ("保密", "涉密", "泄密", "脱敏"),
    "审核": ("审核", "审查", "三审"),
    "法规": ("条例", "法律", "规定", "法规"),
    "发错": ("错误", "错发", "发错"),
    "隐私": ("隐私", "脱敏", "个人信息"),
    "考核": ("考核", "绩效"),
    "责任追究": ("责任追究", "追责"),
    "追责": ("责任追究", "追责"),
    "涉及": ("涉及", "主要为", "主要是", "主要涉及", "内容为", "关于"),
    "收到": ("收到", "接到", "受理", "接收"),
    "联系电话": ("电话", "联系"),
    "电话": ("电话", "联系"),
    "联系方式": ("电话", "地址", "邮箱", "联系"),
    "地址": ("地址",),
    "邮箱": ("邮箱", "电子邮件", "@"),
    "电子邮箱": ("邮箱", "电子邮件", "@"),
}
# Words every sentence of a disclosure report is about; they carry no evidence.
DOMAIN_STOPWORDS = frozenset(
    ["政务公开", "政务", "哪个", "哪家", "哪一个", "谁", "政府信息公开", "信息公开", "公开", "政府", "信息", "工作", "情况", "报告", "年度", "年报", "我乡", "本乡", "全乡", "乡", "镇", "哪些", "什么", "怎么", "怎样", "如何", "多少", "几", "是否", "有没有", "有", "没有", "吗", "呢", "了", "的", "是", "在", "和", "与", "及", "请问", "一下", "通过", "进行", "方面", "主要", "哪", "个", "年", "今年", "去年", "前年", "告诉", "我", "想", "知道", "说", "还", "都", "也", "这", "那", "该", "里", "中", "上",
     "几次", "几个", "多少次", "多少个", "或者", "还是", "出现", "按照", "依据", "根据", "哪部", "哪种"]
)
