"""Passages a report states in a fixed form, read directly rather than by word overlap.

Two questions people ask are answered by one passage whose shape hardly varies between agencies:
- who to contact: “如对本报告有疑问，请与××办公室联系（地址：…；电话：…）。”, often followed by a
  sentence of its own with the address or phone. Word scoring misses it (the phone number is mostly
  digits, the address sits after a semicolon), so the passage is found by its shape and quoted whole.
- who leads the work: “成立了以××为组长的政务公开工作领导小组”. A report that names no one gets the
  refusal it always got; a report that does is quoted.
"""

from __future__ import annotations

import re
from typing import Any

from ingest.store import ReportRow
from qa.lookup import Reading, ReportCache
from qa.records import Citation

CONTACT_ASK = re.compile(r"电话|地址|邮箱|邮编|传真|联系(?:方式|哪|谁|人|部门|单位)?|找谁|打给|咨询哪")
_CONTACT = re.compile(
    r"[^。\n]{0,60}?(?:疑问|意见|建议|咨询|了解)[^。\n]{0,80}?联系[^。\n]{0,200}?(?:。|$)"
    r"(?:[^。\n]{0,80}?(?:地址|电话|邮编|邮箱|传真)[^。\n]{0,160}?(?:。|$))?"
    # then the lines of a contact block (电话:… / 电子邮箱:… / 联系地址:…), when the page lists them
    r"(?:\n[ \t]*(?:联系|通讯)?(?:电话|传真|电子邮箱|邮箱|地址|邮政编码|邮编|网址)[ \t]*[:：][^\n]{1,80})*",
    re.MULTILINE,
)
_CONTACT_LINE = r"[ \t]*(?:联系|通讯|办公)?(?:电话|传真|电子邮箱|邮箱|地址|邮政编码|邮编)[ \t]*[:：][^\n]{1,80}"
_CONTACT_BLOCK = re.compile(rf"(?:^[ \t]*联系方式[ \t]*[:：][^\n]{{0,40}}\n)?(?:^{_CONTACT_LINE}(?:\n|$)){{2,}}", re.MULTILINE)
_CONTACT_DETAIL = re.compile(r"地址|电话|邮编|邮箱|传真|\d{3,4}-?\d{7,8}")
_ROLES = ("组长", "副组长", "主任", "局长", "镇长", "乡长", "县长", "区长", "市长", "书记", "负责人")


def _is_name(word: str) -> bool:
    """熊华昌, not 乡长/分管领导/主要负责人/办公室."""
    return not re.search(r"长|记|领导|负责|人|任|员|部|室|局|委|办|门|位|府|区|镇|乡|街道|为|由|以", word)


def _cite(cache: ReportCache, row: ReportRow, start: int, end: int) -> Citation | None:
    report = cache.report(row.id)
    if report is None:
        return None
    span = cache.norm(report).span(start, end)
    number = next((s.number for s in reversed(report.sections) if s.span.start <= span.start), 0)
    return Citation(report_id=row.id, agency=row.agency, year=row.year, section=cache.heading(row.id, number),
                    quote=report.original_text[span.start : span.end].strip(), source=row.source_path,
                    line=span.line)


def _text(cache: ReportCache, row: ReportRow) -> str:
    report = cache.report(row.id)
    return cache.norm(report).text if report is not None else ""


def _contact_passages(text: str) -> list[list[re.Match[str]]]:
    """What to quote, best first: a “请与…联系” sentence that gives details (with what follows it);
    else that sentence together with a block of 地址:/电话:/电子邮箱: lines standing apart (under
    联系方式:, or anywhere), or either alone."""
    sentences = [m for m in _CONTACT.finditer(text) if _CONTACT_DETAIL.search(m.group(0)) or "联系" in m.group(0)]
    detailed = [m for m in sentences if _CONTACT_DETAIL.search(m.group(0))]
    if detailed:
        return [[m] for m in detailed]
    blocks = list(_CONTACT_BLOCK.finditer(text))
    both = [sorted([sentences[0], blocks[0]], key=lambda m: m.start())] if sentences and blocks else []
    return [*both, *([m] for m in blocks), *([m] for m in sentences)]


def contact_answer(cache: ReportCache, rows: list[ReportRow]) -> dict[str, Any] | None:
    """The contact passage of the latest of `rows` that has one, quoted whole."""
    from ingest.normalise import to_simplified

    for row in sorted(rows, key=lambda r: r.year or 0, reverse=True):
        text = _text(cache, row)
        for group in _contact_passages(text):
            cits = []
            for m in group:
                passage = m.group(0).strip()
                start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
                if (cit := _cite(cache, row, start, start + len(passage))) is not None:
                    cits.append(cit)
            if not cits:
                continue
            # line by line, simplified (the citations keep the quote as printed)
            lines = "；".join(to_simplified(re.sub(r"(?<=[:：。；;])；", "", re.sub(r"[ \t]*\n\s*", "；", c.quote)))
                             for c in cits)
            lines = re.sub(r"(?<=[。；;:：])；", "", lines)
            answer = f"据{row.agency}{row.year or ''}年报告“{cits[0].section}”部分：{lines}"
            return {"answer": answer, "answerable": True, "route": "retrieval", "citations": tuple(cits),
                    "agency": row.agency, "year": row.year}
    return None


def person_answer(cache: ReportCache, rows: list[ReportRow], question: str) -> dict[str, Any] | None:
    """The sentence naming the role asked (组长 …) with someone in it, or None."""
    asked = [r for r in _ROLES if r in question]
    roles = [max(asked, key=len)] if asked else list(_ROLES)  # 副组长 asked: not the 组长
    pattern = re.compile(rf"[^。\n]{{0,80}}?以?[\u4e00-\u9fff]{{0,12}}?(?:{'|'.join(roles)})[^。\n]{{0,120}}。?")
    named = re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,3}})(?:同志)?(?:为|任|担任)(?:{'|'.join(roles)})")
    for row in sorted(rows, key=lambda r: r.year or 0, reverse=True):
        text = _text(cache, row)
        for m in pattern.finditer(text):
            if not any(_is_name(n.group("name")) for n in named.finditer(m.group(0))):
                continue  # 由乡长任组长: a post, not a person
            passage = m.group(0).strip()
            start = text.find(passage, m.start())
            cit = _cite(cache, row, start, start + len(passage))
            if cit is not None:
                return {"answer": f"据{row.agency}{row.year or ''}年报告“{cit.section}”部分：{passage}",
                        "answerable": True, "route": "retrieval", "citations": (cit,), "agency": row.agency,
                        "year": row.year}
    return None


_ASKED_UNIT = re.compile(r"(?:多少|几)(篇|条|场|次|期|个|件|人次|项|家次)|(篇|条|场|期|人次|家次)数")


def prose_change(store: Any, cache: ReportCache, rows: list[ReportRow], words: list[str], question: str) -> dict[str, Any] | None:
    """比2023年少了多少篇 about a figure only the prose states (政策解读96篇): the figure of each year, when
    each report states exactly one for the words asked, and the change; a refusal when a year lacks it
    (an answer from one year alone would not answer the question)."""
    from ingest.quantities import format_number
    from qa.lookup import fact_citation

    unit_m = _ASKED_UNIT.search(question)
    if unit_m is None or len(rows) < 2 or not words:
        return None
    unit = unit_m.group(1) or unit_m.group(2)
    found = []
    for row in sorted(rows, key=lambda r: r.year or 0):
        facts = [f for r, f in store.facts(agency=row.agency, year=row.year) if r.id == row.id and f.unit == unit]
        score = {id(f): sum(w in f.subject for w in words) for f in facts}
        top = max(score.values(), default=0)
        facts = [f for f in facts if top and score[id(f)] == top]  # the figures named by most of the words asked
        values = {f.value for f in facts}
        if len(values) != 1:
            names = "、".join(words)
            return {"answer": f"{row.agency}{row.year}年报告没有写明唯一的“{names}”{unit}数，无法比较各年。",
                    "answerable": False, "route": "refusal", "agency": row.agency, "year": row.year}
        found.append((row, facts[0]))
    (ra, fa), (rb, fb) = found[0], found[-1]
    delta = fb.value - fa.value
    more = "增加" if delta > 0 else ("减少" if delta < 0 else "持平")
    steps = [b.value - a.value for (_, a), (_, b) in zip(found, found[1:], strict=False)]
    trend = ("逐年增加" if all(d > 0 for d in steps) else "逐年减少" if all(d < 0 for d in steps) else "有增有减") \
        if len(found) > 2 else ""
    each = "，".join(f"{r.year}年{format_number(f.value)}{unit}" for r, f in found)
    text = (f"{rb.agency}{fa.subject}：{each}；{trend + '，' if trend else ''}"
            f"{rb.year}年比{ra.year}年{more}{format_number(abs(delta)) + unit if delta else ''}（均见报告原文）。")
    cits = tuple(fact_citation(cache, r, f) for r, f in found)
    value = abs(delta) if len(found) == 2 else None  # a trend over three years or more has no one value
    return {"answer": text, "answerable": True, "route": "compare", "citations": cits, "value": value,
            "unit": unit, "agency": rb.agency, "year": rb.year}


# 比2023年增加3起 / 与上一年度相同 / 较去年下降20%: a report stating its own change from a year before
_STATED_CHANGE = re.compile(
    r"(?:比|较|与|同)(?P<base>上一?年度?|去年|上年|前一年|(?:19|20)\d{2}年度?)(?:同期)?(?:相比|相较|比较)?[,，]?"
    r"(?:共|分别|同比)?(?:增加|减少|增长|下降|上升|提高|降低|持平|相同|一致|多|少|基本持平)[^，,。；;]{0,12}"
)


_SAME_THING = {"requests.received": re.compile(r"申请"), "requests.handled": re.compile(r"申请|办理|办结"),
               "proactive.items": re.compile(r"公开|发布|信息"), "review.total": re.compile(r"复议"),
               "litigation.total": re.compile(r"诉讼")}


def stated_change(cache: ReportCache, reading: Reading, earlier: int) -> dict[str, Any] | None:
    """The change from `earlier` as the later report states it beside its figure (“2024年收到申请3起,
    比2023年增加3起”), when the earlier year's report is not stored: the later report's own words,
    quoted, are the only grounded answer."""
    from ingest.quantities import format_number
    from qa.compose import agency_name

    if reading.status != "ok" or reading.value is None or reading.row.year is None:
        return None
    text = _text(cache, reading.row)
    for cit in reading.citations:
        at = text.find(cit.quote[:20]) if cit.quote else -1
        # the figure's sentence and the one after it (“…共接收到依申请公开2件…。依申请公开件数与上一年度相同”)
        nearby = text[at : text.find("。", text.find("。", at) + 1) + 1] if at >= 0 else cit.quote
        value_at = nearby.find(format_number(reading.value))
        for m in _STATED_CHANGE.finditer(nearby):
            if value_at < 0 or m.start() < value_at:
                continue
            between = nearby[value_at + len(format_number(reading.value)) : m.start()]
            # the change follows the figure with no other figure between; in the next sentence, it must
            # name what the figure counts, with no figure before it (依申请公开件数与上一年度相同)
            same = _SAME_THING.get(reading.metric.row)
            tail = between.rsplit("。", 1)[-1]
            if re.search(r"\d", tail) or ("。" in between and (same is None or not same.search(tail))):
                continue
            base = m.group("base")
            year = int(base[:4]) if base[:1].isdigit() else reading.row.year - 1
            if year != earlier:
                continue
            said = f"{agency_name(reading.row)}{reading.row.year}年{format_number(reading.value)}{reading.unit}"
            amount = re.search(r"(?:增加|减少|增长|下降|上升|提高|降低|多|少)了?(\d+(?:\.\d+)?)", m.group(0))  # 增加3起
            return {"answer": f"{said}；报告写明“{m.group(0)}”（{earlier}年的报告库中没有，以上为{reading.row.year}年报告的原话）。",
                    "answerable": True, "route": "compare", "citations": (cit,), "agency": reading.row.agency,
                    "year": reading.row.year, "value": float(amount.group(1)) if amount else None,
                    "unit": reading.unit if amount and "%" not in m.group(0) else None}
    return None
