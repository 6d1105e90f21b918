"""Understand a question: which agency, which year(s), which metric, and what is wanted (intent).

Agencies are matched against those the store actually holds (`qa.catalogue`), so an answer never
names an agency the store does not have. What the question leaves out comes, in order, from the UI context, the
previous turn, or the store itself when it has a single candidate; the answerer states the
assumption. Parsing is pure string work: no model, no jieba, so numeric questions stay fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ingest.normalise import normalise_char, strip_glosses, to_simplified
from qa.catalogue import (
    AgencyRef,
    Catalogue,
    agency_mentions,
    assumed_place,
    match_agencies,
    namesake,
    narrow_agencies,
    unknown_agency,
)
from qa.dates import find_years
from qa.records import Turn
from qa.vocabulary import Metric, find_metric, metric_from_id, names_other_count, with_column

Intent = Literal["value", "compare", "sum", "rank", "list", "explain", "commitments", "recurring",
                 "findings", "text"]

FINDINGS_WORDS = ("对不上", "对得上", "对上了", "平衡吗", "一致吗", "加得上", "不一致", "勾稽", "核查", "不相符", "不符", "矛盾", "数据有误", "填错", "算错", "加不上")
RECURRING_WORDS = ("连续", "两年都", "都提", "每年", "解决了吗", "解决了没有", "还存在吗", "改了吗", "改掉了吗", "还在说", "同样的问题", "相同的问题", "重复", "反复", "历年", "每年都", "一直", "仍然", "还存在",
                   "又提", "老问题", "持续存在", "落实了吗", "兑现", "跟踪")
COMMIT_WORDS = ("存在的问题", "存在问题", "主要问题", "问题", "改进", "措施", "整改", "不足", "短板", "承诺")
COMPARE_WORDS = ("相比", "比去年", "比上年", "变化", "增加", "减少", "增长", "下降", "对比", "趋势", "多了", "少了",
                 "增减", "比较")
RANK_WORDS = ("哪个", "哪家", "哪一个", "最多", "最少", "最高", "最低", "排名", "排行", "前三", "前五")
SUM_WORDS = ("总和", "合计", "一共", "总共", "加起来", "全县", "全市", "全区", "各乡镇", "所有乡镇", "各单位",
             "所有单位", "全部单位", "各部门")
LIST_WORDS = ("哪些报告", "有哪些报告", "什么报告", "哪些单位", "哪些年份", "哪几年", "库里", "收录", "列出报告")
EXPLAIN_WORDS = ("什么是", "是什么意思", "什么意思", "含义", "为什么", "定义", "指什么")
QUANTITY_WORDS = ("多少", "几", "数量", "条数", "件数", "金额")


@dataclass(frozen=True)
class ParsedQuestion:
    text: str  # normalised question
    intent: Intent
    metric: Metric | None = None
    agency: AgencyRef | None = None
    candidates: tuple[AgencyRef, ...] = ()  # several matched: ask which
    unknown_agency: str | None = None  # named, but not in the store
    agency_from: str | None = None  # question | context | history | only
    region: str | None = None
    townships_only: bool = False
    years: tuple[int, ...] = ()
    year_from: str | None = None  # question | context | history
    recent: int | None = None  # 近N年
    yes_no: bool = False
    quantity: bool = False
    followup: bool = False
    notes: tuple[str, ...] = field(default=())
    search_text: str = ""  # what prose retrieval looks for, when a follow-up inherits the topic
    assumed_place: str | None = None  # 四平市 of 四平市生态环境局, when the stored report names no city
    several: tuple[AgencyRef, ...] = ()  # several agencies named: 卫健委和市监局谁收到的申请多


def normalise_question(text: str) -> str:
    """Look-alike characters fixed, traditional characters made simplified (questions are short, so
    always converted), pinyin glosses and spaces dropped."""
    out = "".join(normalise_char(c) for c in unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", "", strip_glosses(to_simplified(out)))


PROSE_ASKS = ("哪些", "什么", "怎么", "如何", "内容", "涉及", "哪方面", "哪类")
_YES_NO = re.compile(r"有没有|是否|有无|吗|(\S{1,2})[没不]\1")


_PLAN_ASK = re.compile(r"怎么办|怎么做|打算|怎么改|如何改进|什么办法|什么措施|哪些措施|采取了?什么")


def _intent(text: str, metric: Metric | None, named_agency: bool, years: int, recent: int | None) -> Intent:
    if any(w in text for w in FINDINGS_WORDS):
        return "findings"
    if any(w in text for w in EXPLAIN_WORDS):
        return "explain"
    generic_count = metric is not None and metric.row == "proactive.items" and "信息" not in text
    plans = _PLAN_ASK.search(text) and not any(w in text for w in QUANTITY_WORDS)  # 针对…打算怎么办
    asked_questions = re.search(r"(?:收集|征集|咨询|解答|回复|答复|受理|收到)[^，,。]{0,6}问题", text)  # 收集咨询问题多少个
    if asked_questions and not plans:
        return "text"
    if "原因" in text and re.search(r"原因(?:是|有|为)|什么原因|哪些原因", text):
        return "text"  # 下降的主要原因是什么: the report's explanation, not a comparison
    if (metric is None or generic_count or plans) and (plans or any(w in text for w in COMMIT_WORDS)):
        listing = re.search(r"还存在(?:哪些|什么|着|的)", text)  # 2017年还存在哪些不足: that year's list
        recurring = any(w in text for w in RECURRING_WORDS) and not listing
        return "recurring" if recurring or years >= 2 else "commitments"
    listed = [w for w in LIST_WORDS if w in text]
    if listed and metric is None and not (named_agency and set(listed) <= {"哪些单位"}):
        return "list"  # 天津市人社局…报送给哪些单位: a question about its report, not the store's list
    asks_number = any(w in text for w in QUANTITY_WORDS + COMPARE_WORDS) or _YES_NO.search(text)
    which = named_agency and re.search(r"哪(?:一)?(?:个|项|部|份|篇)", text) and not re.search(r"最|排名|排行|前[三五十]", text)
    if metric is None or (not asks_number and (which or any(w in text for w in PROSE_ASKS))):
        return "text"  # 公开了哪个“十四五”规划: a passage, not the count of 予以公开
    if any(w in text for w in COMPARE_WORDS) or recent or years >= 2 or re.search(r"比.{0,6}(多|少)", text):
        return "compare"
    if not named_agency and any(w in text for w in RANK_WORDS):
        return "rank"
    if not named_agency and any(w in text for w in SUM_WORDS):
        return "sum"
    return "value"


_ROUTE_INTENT: dict[str, Intent] = {"table": "value", "fact": "value", "compare": "compare",
                                    "aggregate": "sum", "commitment": "commitments", "retrieval": "text"}


def _is_followup(text: str, history: Sequence[Turn], bare: bool) -> bool:
    """A turn that leans on the previous one; `bare` = it names neither agency nor metric."""
    if not history or history[-1].answer is None:
        return False
    core = re.sub(r"(19|20)\d{2}年?|[今去前]年|[?？!！。,，]", "", text)
    leaning = bare and (any(w in text for w in COMPARE_WORDS) or re.search(r"比.{0,12}(多|少)", text) is not None)
    return text.startswith(("那", "还有", "另外")) or text.endswith(("呢", "呢?")) or len(core) <= 6 or leaning


def parse_question(
    question: str,
    catalogue: Catalogue,
    *,
    today: date,
    history: Sequence[Turn] = (),
    context: Mapping[str, Any] | None = None,
) -> ParsedQuestion:
    """Everything the router needs; never raises on odd wording (it falls back to intent "text")."""
    text = normalise_question(question)
    context = context or {}
    mention = find_years(text, today.year)
    metric = find_metric(text)
    groups = agency_mentions(text, catalogue)
    several = tuple(g[0] for g in groups) if len(groups) >= 2 and all(len(g) == 1 for g in groups) else ()
    found = () if several else narrow_agencies(match_agencies(text, catalogue), text, catalogue, find_years(text, today.year).years)
    followup = _is_followup(text, history, bare=metric is None and not groups)
    last = history[-1].answer if history else None
    notes: list[str] = []

    intent = _intent(text, metric, bool(found), len(mention.years), mention.recent)
    if several and metric is not None and intent in ("value", "compare"):
        intent = "sum" if any(w in text for w in SUM_WORDS) else "rank"
    if followup and last is not None and metric is None and intent == "text" and not names_other_count(text):
        metric = metric_from_id(last.metric)
        if metric is not None and metric.table:
            metric = with_column(metric, text)
        intent = _ROUTE_INTENT.get(last.route, "text")
        if metric is not None and intent == "text":
            intent = "value"
        compares = any(w in text for w in COMPARE_WORDS) or re.search(r"比.{0,6}(多|少)", text)
        if intent == "value" and (mention.recent or len(mention.years) >= 2 or compares):
            intent = "compare"
    search_text = ""
    if followup and intent == "text" and last is not None and last.route in ("retrieval", "refusal"):
        search_text = normalise_question(history[-1].question) + text

    agency: AgencyRef | None = None
    candidates: tuple[AgencyRef, ...] = ()
    agency_from = None
    unknown = None
    if several:
        agency_from = "question"
    elif found and all(other := [namesake(text, f, catalogue) for f in found]):
        unknown = other[0]  # 温州市卫健委 with only other cities' stored: none of them
    elif len(found) > 1 and sum(o is None for o in other) == 1:  # the one the place written fits
        agency, agency_from = next(f for f, o in zip(found, other, strict=True) if o is None), "question"
    elif len(found) == 1:
        agency, agency_from = found[0], "question"
    elif len(found) > 1:
        candidates = found
    elif (near := catalogue.near_miss(text)) is not None:
        agency, agency_from = near[0], "question"
        notes.append(f"库中没有“{near[1].written}”，按“{near[1].name}”（{near[0].display}）作答；如果问的不是它，请告诉我")
    else:
        unknown = unknown_agency(text)
        if unknown is None:
            agency, agency_from = _implied_agency(catalogue, context, last, mention.years)
    if intent in ("sum", "rank") and agency_from in ("only", "context", "history", "years"):
        agency, agency_from = None, None

    years = mention.years
    if intent == "text" and "原因" in text and mention.relative and len(years) == 2:
        years = years[:1]  # 2023年较去年下降的原因: the 2023 report explains it
    year_from = "question" if years else None
    if not years and context.get("year"):
        years, year_from = (int(context["year"]),), "context"
    elif not years and followup and last is not None and last.year:
        years, year_from = (last.year,), "history"
    elif intent == "compare" and len(years) == 1 and re.search(r"[比较](?:去年|上年)?[（(]?(?:19|20)\d{2}年", text):
        # 比去年（2023年）多了几起, after a question about 2024: the year compared with, and that year
        base = int(context["year"]) if context.get("year") else (last.year if followup and last is not None else None)
        if base is not None and base > years[0]:
            years = (years[0], base)
    region = next((g for g in catalogue.regions() if g in text), None)
    assumed = assumed_place(text, agency, catalogue) if agency is not None and agency_from == "question" else None
    if assumed:
        notes.append(f"该报告未写明所属地区，按{assumed}{agency.agency if agency else ''}作答")
    return ParsedQuestion(
        text=text, intent=intent, metric=metric, agency=agency, candidates=candidates,
        unknown_agency=unknown, agency_from=agency_from, region=region,
        townships_only=any(w in text for w in ("乡镇", "各乡", "街道")),
        years=years, year_from=year_from, recent=mention.recent,
        yes_no=bool(_YES_NO.search(text)) and not any(w in text for w in QUANTITY_WORDS),
        quantity=any(w in text for w in QUANTITY_WORDS) and not (intent == "text" and "原因" in text), followup=followup, notes=tuple(notes),
        search_text=search_text, several=several, assumed_place=assumed,
    )


def _implied_agency(
    catalogue: Catalogue, context: Mapping[str, Any], last: Any, years: tuple[int, ...] = ()
) -> tuple[AgencyRef | None, str | None]:
    agencies = catalogue.agencies()
    if context.get("agency"):
        named = match_agencies(normalise_question(str(context["agency"])), catalogue)
        if len(named) == 1:
            return named[0], "context"
    if last is not None and last.agency:
        named = tuple(a for a in agencies if a.agency == last.agency)
        if len(named) == 1:
            return named[0], "history"
    if len(agencies) == 1:
        return agencies[0], "only"
    with_years = [a for a in agencies if years and all(y in catalogue.years(a) for y in years)]
    if len(with_years) == 1:  # 2022年和2025年…: only one agency has both reports
        return with_years[0], "years"
    return None, None
