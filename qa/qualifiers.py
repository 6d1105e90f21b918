"""Qualifiers a question adds that the national form cannot answer.

The form counts requests by applicant type and outcome only. “通过信函提交的有多少件”, “××区有多少件”
(of a city's report), “上半年收到多少”, “关于征地的申请有几件” all narrow the question to a breakdown
the tables do not have: answering with the total would be a confident wrong number. Each rule here
names the breakdown, so the answer can say plainly that the report does not split the figure that
way (and show the broader figure, labelled as such, without claiming it answers the question).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.agencies import known_division


@dataclass(frozen=True)
class Qualifier:
    phrase: str  # as the question words it
    breakdown: str  # what the form would need: 申请方式, 月份, 申请内容, 下属地区


_CHANNEL = re.compile(
    r"(?:通过|以|用|采取|采用)?(信函|邮寄|信件|当面|现场|窗口|网上|网络|在线|互联网|电子邮件|邮件|电子邮箱|传真|电话|书面)"
    r"(?:方式|形式|渠道|途径)?(?:提交|申请|提出|递交|寄来|来的|收到|接收|受理|(?=的?(?:有|共)?(?:多少|几)(?!条|篇|次|封)))"
)
# The words reports use for one way of applying, by the word a question uses (信件 = 信函 = 邮寄).
_CHANNEL_SYNONYMS = (("信函", "信件", "邮寄", "来信", "邮政"), ("网上", "网络", "在线", "互联网", "网站", "网申"),
                     ("当面", "现场", "窗口"), ("电子邮件", "邮件", "电子邮箱"), ("传真",), ("电话",), ("书面",))


def channel_words(phrase: str) -> tuple[str, ...]:
    """Every word a report may use for the way of applying that `phrase` names."""
    return next((group for group in _CHANNEL_SYNONYMS if any(w in phrase for w in group)), ())


def channel_start(text: str) -> int | None:
    """Where the first word for a way of applying begins in `text`, if any."""
    found = [text.find(w) for group in _CHANNEL_SYNONYMS for w in group if w in text]
    return min(found) if found else None


_PERIOD = re.compile(r"上半年|下半年|第[一二三四1-4]季度|[一二三四]季度|(?<![\d年至到])(?:[1-9]|1[0-2]|[一二三四五六七八九十]{1,2})月份?(?!\d*日)|每月|月均|每个月")
_PERSON = re.compile(r"男性|女性|男的|女的|老年人|老人|外地人|外省|学生|残疾人|姓名|叫什么名字|是谁")
_TOPIC = re.compile(r"(?:关于|涉及|有关|针对)([\u4e00-\u9fff]{2,10}?)(?:方面|问题|事项|内容)?的(?:(?:政府)?信息公开)?"
                    r"(?:申请|复议|诉讼|案件|有|共|多少|几)")
_MONEY = re.compile(r"金额|多少钱|罚没|罚款|万元|资金")
_APPLICANT = re.compile(r"企业|公司|自然人|法人|个人|律师|申请人")
_FORM_TOPICS = ("国家秘密", "第三方", "内部事务", "过程性", "执法案卷", "信访", "出版物", "商业秘密", "个人隐私")
_PLACE = re.compile(r"(?:^|[中里内的,，、在])([\u4e00-\u9fff]{2,6}?(?:街道|镇|乡|社区|村))(?=[有的共一各收受是，,?？]|$)")


def _in_order(short: str, full: str) -> bool:
    """Whether the characters of `short` appear in `full` in the same order."""
    rest = iter(full)
    return all(ch in rest for ch in short)


def _subarea(text: str, own_names: tuple[str, ...], own_places: set[str]) -> Qualifier | None:
    """A place inside the agency named in the question: ××区 of a city's report, ××镇 of a county's."""
    spans = [(m.start(), m.end()) for n in own_names for m in re.finditer(re.escape(n), text)]

    def inside_own(a: int, b: int) -> bool:
        return any(s <= a and b <= e for s, e in spans)

    def shortens_own(cand: str) -> bool:  # 平潭实验区 for 平潭综合实验区: the agency itself, said short
        return any(n.startswith(cand[:2]) and _in_order(cand, n) for n in (*own_names, *own_places))

    for i in range(len(text)):
        for n in range(6, 1, -1):
            cand = text[i : i + n]
            if known_division(cand) and cand not in own_places and not inside_own(i, i + n) and not shortens_own(cand):
                return Qualifier(cand, "下属地区")
    for m in _PLACE.finditer(text):
        if not inside_own(m.start(1), m.end(1)) and m.group(1) not in own_places:
            return Qualifier(m.group(1), "下属地区")
    return None


_GLUED_PLACE = re.compile(r"^([\u4e00-\u9fff]{2,6}?(?:街道|镇|乡|片区|社区|村|园区|管理区))")


def find_qualifier(text: str, own_names: tuple[str, ...] = (), own_places: set[str] | None = None,
                   table: str | None = None, unit: str = "件") -> Qualifier | None:
    """The first qualifier in a (normalised) question that no row or column of the form matches.
    `table`/`unit`: what the understood metric reads (a 件 count cannot answer 金额; table 四 has no
    applicant columns)."""
    for name in own_names:  # 洪泽区高良涧街道: a place inside the agency, written right after its name
        for m in re.finditer(re.escape(name), text):
            glued = _GLUED_PLACE.match(text[m.end():])
            if glued and not any(glued.group(1) in n for n in own_names):
                return Qualifier(glued.group(1), "下属地区")
    if unit != "万元" and (m := _MONEY.search(text)):
        return Qualifier(m.group(0), "金额")
    if table == "C" and (m := _APPLICANT.search(text)):
        return Qualifier(m.group(0), "申请人类型（表四不分申请人）")
    if m := _CHANNEL.search(text):
        return Qualifier(m.group(0), "申请方式")
    if m := _PERIOD.search(text):
        return Qualifier(m.group(0), "月份或季度")
    if m := _PERSON.search(text):
        return Qualifier(m.group(0), "申请人的个人情况")
    m = _TOPIC.search(text)
    if m and not any(t in m.group(1) for t in _FORM_TOPICS):
        return Qualifier(m.group(0), "申请内容")
    if own_places is not None:
        return _subarea(text, own_names, own_places)
    return None
