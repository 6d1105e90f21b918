"""Grounded answer text: short Chinese sentences built from Readings, and extractive answers.

Numbers only ever come from `Reading`s (cells and facts). Prose questions are answered with the
best *sentences* of the reports — not whole chunks — scored by how many of the question's
content words (jieba, with a small domain thesaurus) they contain, plus the retrieval rank of
the chunk they sit in. The share of question words found in the best sentence is the evidence
score the answerer compares with `settings.min_evidence` before answering at all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ingest.normalise import SENTENCE, normalise_chars, to_simplified
from ingest.quantities import format_number
from ingest.store import ReportRow
from qa.lookup import Reading, ReportCache
from qa.records import Citation
from qa.vocabulary import DOMAIN_STOPWORDS, TABLE_NAMES, THESAURUS, Metric

_PHRASES = {
    "B.new": "共收到政府信息公开申请", "B.carried_over": "上年结转的政府信息公开申请",
    "B.carried_forward": "结转下年度继续办理的申请", "B.result.total": "办理完结的政府信息公开申请",
    "B.result.public": "予以公开的申请", "B.result.partial": "部分公开的申请",
    "B.result.withheld": "不予公开的申请", "B.result.unavailable": "无法提供的申请",
    "B.result.not_processed": "不予处理的申请", "B.result.other": "其他处理的申请",
    "C.review": "政府信息公开行政复议", "C.litigation": "政府信息公开行政诉讼",
    "C.litigation_direct": "未经复议直接起诉的行政诉讼", "C.litigation_after_review": "复议后起诉的行政诉讼",
    "A.license": "作出行政许可决定", "A.penalty": "作出行政处罚决定", "A.enforcement": "作出行政强制决定",
    "A.fee": "行政事业性收费金额", "fact.proactive.items": "主动公开信息",
    "fact.requests.received": "收到政府信息公开申请", "fact.requests.handled": "办理（办结）政府信息公开申请",
    "fact.review.total": "政府信息公开行政复议",
    "fact.litigation.total": "政府信息公开行政诉讼", "fact.fee.amount": "收取信息处理费",
}
_A_VERBS = {"issued": "本年制发", "repealed": "本年废止", "in_force": "现行有效", "made": "本年新制作",
            "published": "本年新公开", "total_published": "对外公开"}
_A_OWN_COLUMN = ("prev_items", "change", "purchase_items", "purchase_amount")  # not a count of decisions
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]\s*|\d+\.)")


def agency_name(row: ReportRow) -> str:
    """背孜乡 for a township; 鲁山县卫生健康委员会 for a department, whose bare name is ambiguous."""
    if row.region and not row.agency.endswith(("乡", "镇", "街道", "办事处")) and not row.agency.startswith(row.region):
        return row.region + row.agency
    return row.agency


def short_label(label: str) -> str:
    """（三）本年办理结果 → 本年办理结果; a bare 总计/合计 keeps its number: （七）总计 says which total."""
    short = _ENUM.sub("", label).split("（")[0]
    return label.strip() if short in ("总计", "合计", "小计") and short != label.strip() else short


def phrase(metric: Metric) -> str:
    """The words before the number: 共收到政府信息公开申请 | 本年制发行政规范性文件 …"""
    if metric.table == "A" and metric.column in _A_VERBS:
        return _A_VERBS[metric.column] + metric.label
    if metric.table == "A" and metric.column in _A_OWN_COLUMN:
        return f"“{short_label(metric.label)}”{metric.column_label}"
    base = _PHRASES.get(f"fact.{metric.row}" if metric.is_fact else f"{metric.table}.{metric.row}")
    base = base or f"“{short_label(metric.label)}”"
    if metric.table in ("B", "C") and metric.column != "total":
        base += f"（{metric.column_label}）"
    if metric.channel:
        base = f"通过{metric.channel}发布信息"
    return base


def where(reading: Reading, *, quoted: bool = False) -> str:
    """（表三“本年新收政府信息公开申请数量”总计栏） — the place on the form, or the sentence; `quoted`:
    the sentence itself, when a short one says it better than a number (“全年无行政复议和行政诉讼”)."""
    m = reading.metric
    if reading.source == "fact":
        if not reading.citations:
            return ""
        cit = reading.citations[0]
        sentence = to_simplified(cit.quote.strip())
        if quoted and len(sentence) <= 80:
            return f"（{cit.section}原文：“{sentence}”）"
        return f"（见{cit.section}原文）"
    if reading.source == "text" or m.table is None:
        return ""
    table = TABLE_NAMES[m.table]
    rows = m.rows()
    column = short_label(m.column_label)
    if m.table == "C" and m.row == "litigation":
        return f"（{table}“未经复议直接起诉”与“复议后起诉”两项的“{column}”栏之和）"
    if len(rows) > 1:
        return f"（{table}“{short_label(m.label)}”所含{len(rows)}行的“{column}”栏之和）"
    if len(m.columns()) > 1:
        return f"（{table}“{short_label(m.label)}”行{len(m.columns())}类法人或其他组织之和）"
    return f"（{table}“{short_label(m.label)}”{column}栏）"


def value_text(reading: Reading, *, yes_no: bool = False) -> str:
    """One sentence for one reading, including blanks and derived values."""
    row, m = reading.row, reading.metric
    who = f"{agency_name(row)}{row.year or ''}年"
    if reading.status == "blank":
        return f"{who}报告{where(reading)}未填写（空白或“/”）：该报告未填写此项，不能按0计。"
    if reading.status == "not_stated":
        quote = reading.citations[0].quote if reading.citations else "无"
        return f"{who}报告未写明收取信息处理费（“其他需要报告的事项”：{quote}）。"
    if reading.status == "missing" or reading.value is None:
        return f"{who}报告中没有找到“{short_label(m.label)}”这一项。"
    qualifier = reading.qualifier or ""
    amount = f"{format_number(reading.value)}{reading.unit}"
    quote = "".join(c.quote for c in reading.citations)
    in_yuan = m.row == "fee.amount" and reading.unit == "万元" and "元" in quote and "万元" not in quote
    if in_yuan:  # the report says 150元: say it in its words, not 0.015万元
        amount = f"{format_number(round(reading.value * 10000, 2))}元"
    elif reading.unit == "万元" and 0 < reading.value < 1:
        amount += f"（即{format_number(round(reading.value * 10000, 2))}元）"
    elif reading.unit == "万元" and re.fullmatch(r"[\d.,]+\s*元", reading.raw or ""):
        amount += f"（原表写作{reading.raw}）"  # 元 under the 万元 column
    if m.row == "fee.amount" and m.is_fact and reading.value == 0 and not qualifier:
        text = f"{who}未收取信息处理费{where(reading)}。"  # 未收取, not “收取信息处理费0万元”
    elif qualifier in ("余", "多"):  # 40余条: the word follows the number
        amount = f"{format_number(reading.value)}{qualifier}{amount[len(format_number(reading.value)):]}"
        text = f"{who}{phrase(m)}{amount}{where(reading)}。"
    else:
        said = where(reading, quoted=yes_no or reading.value == 0)  # 有没有/0件: the report's own words
        text = f"{who}{phrase(m)}{qualifier}{amount}{said}。"
    if yes_no:
        text = ("有。" if reading.value > 0 else "没有。") + text
    if reading.derived:
        text += "（此数为推算：原表未能直接读出，由表内勾稽关系推出，见说明）"
    if reading.scanned:
        text += "（此数由扫描件识别得出，请对照原件核对）"
    return text


def compare_text(readings: Sequence[Reading]) -> str:
    first = readings[0]
    parts = [f"{r.row.year}年{_value_or_blank(r)}" for r in readings]
    text = f"{agency_name(first.row)}{phrase(first.metric)}：{'，'.join(parts)}"
    a, b = readings[0], readings[-1]
    if a.value is not None and b.value is not None:
        delta = b.value - a.value
        trend = "持平" if delta == 0 else (f"增加{format_number(delta)}{b.unit}" if delta > 0
                                           else f"减少{format_number(-delta)}{b.unit}")
        text += f"；{b.row.year}年比{a.row.year}年{trend}"
    else:
        text += "；有年份未填写或未找到此项，无法计算变化"
    return text + "。"


def _value_or_blank(r: Reading) -> str:
    if r.value is None:
        return "未填写" if r.status == "blank" else "未找到此项"
    return f"{r.qualifier or ''}{format_number(r.value)}{r.unit}"


def aggregate_text(readings: Sequence[Reading], scope: str, year_label: str, rank: bool) -> str:
    used = sorted((r for r in readings if r.value is not None), key=lambda r: -(r.value or 0))
    left = [r for r in readings if r.value is None]
    if not used:
        return f"{scope}{year_label}的报告都没有可用的“{short_label(readings[0].metric.label)}”数字。"
    m, unit = used[0].metric, used[0].unit
    each = "、".join(f"{agency_name(r.row)}{format_number(r.value)}{unit}" for r in used[:15])
    if rank:
        top = [r for r in used if r.value == used[0].value]
        text = (f"{year_label}{phrase(m)}最多的是{'、'.join(r.row.agency for r in top)}"
                f"（{format_number(top[0].value)}{unit}）；各单位：{each}")
    else:
        text = f"{scope}{year_label}{phrase(m)}合计{format_number(sum(r.value or 0 for r in used))}{unit}（{len(used)}个单位：{each}）"
    if left:
        text += f"；{'、'.join(r.row.agency for r in left)}未填写或未找到此项，未计入"
    return text + "。"


# ---------------------------------------------------------------- extractive answers
@dataclass(frozen=True)
class Sentence:
    row: ReportRow
    section: int
    heading: str
    subsection: str
    text: str  # normalised
    start: int  # offsets in the normalised report text
    end: int


@dataclass(frozen=True)
class Scored:
    sentence: Sentence
    overlap: float  # share of the question's word weight found: the evidence score
    score: float  # overlap + distinct terms + retrieval rank: the ordering


def report_sentences(cache: ReportCache, row: ReportRow) -> list[Sentence]:
    """The prose sentences of a report (table rows left out), located in its normalised text."""
    report = cache.report(row.id)
    if report is None:
        return []
    text = cache.norm(report).text
    out: list[Sentence] = []
    cursor = 0
    for section in report.sections:
        if not section.text.strip():  # the preamble too: the contact, the statistics period, where it is published
            continue
        base = text.find(section.text[:40], cursor)
        base = base if base >= 0 else text.find(section.text[:40])
        subs = [(text.find(normalise_chars(s.text.strip()[:30]), max(base, 0)), s.title) for s in section.subsections]
        for m in SENTENCE.finditer(section.text):
            sent = m.group().strip()
            solid = sent.replace(" ", "")  # PDFs space out numbers (“2023 年 1 月”): judge without spaces
            digits = sum(ch.isdigit() for ch in solid)
            if len(solid) < 6 or "\t" in m.group() or digits > 0.5 * len(solid) or _is_heading(sent):
                continue
            start = text.find(sent, max(base, 0)) if base >= 0 else text.find(sent)
            if start < 0:
                continue
            sub = next((t for s, t in reversed(subs) if 0 <= s <= start), "")
            out.append(Sentence(row, section.number, cache.heading(row.id, section.number), sub,
                                sent, start, start + len(sent)))
        cursor = max(base, cursor)
    return out


def _is_heading(sentence: str) -> bool:
    return bool(_ENUM.match(sentence)) and len(sentence) < 25 and not re.search(r"[,，。;；]", sentence)


def keywords(question: str, exclude: Sequence[str] = ()) -> list[tuple[str, float]]:
    """Content words of the question with weights (longer words are more specific)."""
    from ingest.words import cut

    text = question
    for word in sorted(exclude, key=len, reverse=True):
        text = text.replace(word, " ")
    text = re.sub(r"(19|20)\d{2}年?|[今去前]年", " ", text)
    words: dict[str, float] = {}
    for tok in cut(text):
        tok = tok.strip()
        if len(tok) < 2 or tok in DOMAIN_STOPWORDS or not re.search(r"[\u4e00-\u9fff]", tok):
            continue
        words[tok] = float(min(len(tok), 4))
    for key in THESAURUS:
        if key in text and key not in words:
            words[key] = float(min(len(key), 4))
    return list(words.items())


def _has_number(text: str) -> bool:
    text = re.sub(r"(19|20)\d{2}\s*年", "", text)
    return bool(re.search(r"\d|[一二两三四五六七八九十百千万]+[条件个次人项篇份场]", text))


def score_sentences(
    sentences: Sequence[Sentence],
    words: Sequence[tuple[str, float]],
    *,
    rank_of: dict[tuple[str, int], int] | None = None,
    need_number: bool = False,
) -> list[Scored]:
    """Best first. `rank_of[(report_id, start)]` is the retrieval rank of the sentence's chunk."""
    total = sum(w for _, w in words) or 1.0
    scored = []
    for s in sentences:
        if need_number and not _has_number(s.text):
            continue
        matched, terms = 0.0, set()
        for word, weight in words:
            alts = (word, *THESAURUS.get(word, ()))
            hits = [a for a in alts if a in s.text]
            if hits:
                matched += weight
                terms.update(hits)
            elif any(a in s.subsection for a in alts):
                matched += 0.5 * weight
        overlap = matched / total
        rank = (rank_of or {}).get((s.row.id, s.start))
        bonus = 0.1 / rank if rank else 0.0
        scored.append(Scored(s, overlap, overlap + 0.05 * min(len(terms), 4) + bonus))
    return sorted(scored, key=lambda x: (-x.score, x.sentence.row.year or 0, x.sentence.start))


def sentence_citation(cache: ReportCache, s: Sentence) -> Citation:
    report = cache.report(s.row.id)
    assert report is not None
    span = cache.norm(report).span(s.start, s.end)
    heading = f"{s.heading} / {s.subsection}" if s.subsection else s.heading
    return Citation(report_id=s.row.id, agency=s.row.agency, year=s.row.year, section=heading,
                    quote=report.original_text[span.start : span.end], source=s.row.source_path, line=span.line)


def extractive_text(best: Sequence[Scored]) -> str:
    s = best[0].sentence
    where = f"{s.row.agency}{s.row.year or ''}年报告"
    same = all(x.sentence.subsection == s.subsection for x in best)
    part = f"“{s.subsection}”" if s.subsection and same else f"“{s.heading}”"
    body = "".join(x.sentence.text.rstrip("；;") + ("" if x.sentence.text.endswith("。") else "。") for x in best)
    return f"据{where}{part}部分：{body}"


def hit_ranks(hits: Sequence[Any], sentences: Sequence[Sentence], cache: ReportCache) -> dict[tuple[str, int], int]:
    """Map sentences to the rank of the retrieved chunk that contains them (original offsets)."""
    ranks: dict[tuple[str, int], int] = {}
    for s in sentences:
        report = cache.report(s.row.id)
        if report is None:
            continue
        span = cache.norm(report).span(s.start, s.end)
        for i, h in enumerate(hits, 1):
            c = h.chunk
            if c.report_id == s.row.id and c.start <= span.start < c.end:
                ranks[(s.row.id, s.start)] = min(i, ranks.get((s.row.id, s.start), i))
    return ranks


# ---------------------------------------------------------------- routes built on the above
def _exclusions(rows: Sequence[ReportRow], question: str = "", catalogue: Any = None) -> list[str]:
    """Agency names are how the question picks its reports, not evidence: reports say 我局/我委.

    Left out: every name of the agencies asked about (卫健委, 公安局, with a leading 县/市/区), and
    whatever the catalogue's name matcher found in the question itself."""
    from qa.catalogue import AgencyRef, agency_aliases

    words: set[str] = set()
    for r in rows:
        words.update(w for w in (r.agency, r.agency_raw, r.region) if w)
        words.update({r.agency + "政府", r.agency + "人民政府", r.agency[:-1] if len(r.agency) >= 3 else r.agency})
        for alias in agency_aliases(AgencyRef(r.agency, r.region), {r.agency_raw} if r.agency_raw else set()):
            words.update({alias, *(lead + alias for lead in ("县", "市", "区"))})
    if catalogue is not None and question:
        words.update(question[a:b] for _, hits in catalogue.name_hits(question) for a, b in hits)
    return sorted(words, key=len, reverse=True)


def failed_check_notes(cache: ReportCache, citations: Sequence[Citation]) -> tuple[str, ...]:
    """“注意：该报告表三的合计与分项不符” for each cited table whose report has a failed sum check."""
    from ingest.tables.labels import TABLE_NAMES

    notes: dict[str, None] = {}
    for c in citations:
        report = cache.report(c.report_id) if c.table else None
        if report is not None and any(f.severity == "error" and any(x.table == c.table for x in f.cells)
                                      for f in report.findings):
            notes[f"注意：该报告{TABLE_NAMES.get(c.table or '', '')}的合计与分项不符"] = None
    return tuple(notes)


def text_answer(owner: Any, cache: ReportCache, q: Any, rows: Sequence[ReportRow]) -> dict[str, Any]:
    """Extractive answer from the best sentences of `rows`, or a refusal when evidence is weak."""
    catalogue = owner.catalogue() if hasattr(owner, "catalogue") else None
    exclude = _exclusions(rows, q.search_text or q.text, catalogue)
    words = keywords(q.search_text or q.text, exclude)
    if not words and q.quantity:  # 通过江苏民政网公开了多少篇: the words left inside the agency's short name
        words = [(w, weight) for w, weight in keywords(q.search_text or q.text) if w not in exclude]
    if not words:
        return {"answer": "没有看懂要查找的内容，请换个说法，例如“政务公开通过哪些渠道？”。", "answerable": False,
                "route": "refusal"}
    agencies = {r.agency for r in rows}
    years = {r.year for r in rows}
    hits: list[Any] = []
    try:
        hits = owner.retriever().search(q.search_text or q.text, owner.settings.top_k,
                                        agency=next(iter(agencies)) if len(agencies) == 1 else None,
                                        year=next(iter(years)) if len(years) == 1 else None)
    except Exception as e:  # retrieval is an aid here: the report sentences are scored either way
        logging.getLogger(__name__).info("retrieval unavailable, scoring report sentences only: %s", e)
    hit_ids = [h.chunk.report_id for h in hits]
    chosen = list(rows) if len(rows) <= 6 else [r for r in rows if r.id in hit_ids] or list(rows)[:30]
    sentences = [s for r in chosen for s in report_sentences(cache, r)]
    scored = score_sentences(sentences, words, rank_of=hit_ranks(hits, sentences, cache), need_number=q.quantity)
    owner.last_evidence = scored[0].overlap if scored else 0.0
    if not scored or scored[0].overlap < owner.settings.min_evidence:
        names = "、".join(sorted({f"{r.agency}{r.year or ''}年" for r in chosen}))
        return {"answer": f"报告中没有找到能回答这个问题的内容（查阅了：{names}）。", "answerable": False,
                "route": "refusal", "agency": next(iter(agencies)) if len(agencies) == 1 else None}
    top = scored[0]
    many = 2 if any(w in q.text for w in ("哪些", "什么", "哪几")) else 1  # list questions get a few sentences
    best = [top] + [s for s in scored[1:6] if s.overlap >= top.overlap and s.sentence.row.id == top.sentence.row.id
                    and s.sentence.section == top.sentence.section and s.score >= 0.7 * top.score][:many]
    best.sort(key=lambda s: s.sentence.start)
    if len(best) == 1 and len(top.sentence.text) < 24:  # 收到申请1件。涉及“…”等信息: the short sentence's sequel
        after = [x for x in sentences if x.row.id == top.sentence.row.id and x.section == top.sentence.section
                 and x.start >= top.sentence.end]
        if after:
            nxt = min(after, key=lambda x: x.start)
            best.append(Scored(nxt, top.overlap, top.score))
    value, unit = (_asked_quantity(q.text, [top.sentence.text]) if q.quantity else (None, None))
    asked = _ASKED_NOUN.search(q.text) if q.quantity else None
    noun = (asked.group("noun") or asked.group("noun2")) if asked else None
    if noun and not any(noun in s.sentence.text for s in best):
        # 政务微博有多少粉丝: the passage about the 微博 counts posts and views, not followers
        return {"answer": f"报告没有写明“{noun}”的数字。原文中最相关的内容：{extractive_text(best)}",
                "answerable": False, "route": "refusal", "citations": tuple(sentence_citation(cache, s.sentence) for s in best),
                "agency": top.sentence.row.agency, "year": top.sentence.row.year}
    return {"answer": extractive_text(best), "answerable": True, "route": "retrieval", "value": value, "unit": unit,
            "citations": tuple(sentence_citation(cache, s.sentence) for s in best),
            "agency": top.sentence.row.agency, "year": top.sentence.row.year}


# The thing a quantity question counts, when it names one that is not a measure word: 有多少粉丝, 粉丝数是多少
_ASKED_NOUN = re.compile(r"(?:有|的)?多少(?:个|位|名)?(?P<noun>粉丝|关注者|订阅用户|用户|访客|网民)|(?P<noun2>粉丝|关注者|订阅用户)(?:数|量)?(?:有|是|达)?多少")


def _asked_quantity(question: str, sentences: Sequence[str]) -> tuple[float | None, str | None]:
    """The number a 几次/多少个 question asks for, when the evidence states exactly one in that unit."""
    from ingest.quantities import find_quantities

    m = re.search(r"(?:多少|几)(个|次|条|件|人次|人|名|场|期|篇|份|项|家|万元|元)", question)
    if m is None:
        return None, None
    found = [x for s in sentences for x in find_quantities(s) if x.unit == m.group(1)]
    return (found[0].value, found[0].unit) if len(found) == 1 else (None, None)


_PLACES = ("乡", "镇", "街道", "办事处")


def _clip(message: str, n: int = 40) -> str:
    message = message.rstrip("。")
    cut = message.find("（")
    message = message[:cut] if 0 < cut <= n else message
    return message if len(message) <= n else message[:n] + "…"


_TABLE_WORDS = {"表二": "A", "表三": "B", "表四": "C", "主动公开": "A", "申请": "B", "复议": "C", "诉讼": "C"}


def findings_answer(store: Any, cache: ReportCache, q: Any, catalogue: Any) -> dict[str, Any]:
    """Reports whose tables do not add up (or contradict their prose), from the stored findings."""
    agency = q.agency.agency if q.agency is not None and q.agency_from == "question" else None
    year = q.years[0] if q.years else None
    table = next((t for w, t in _TABLE_WORDS.items() if w in q.text), None)
    towns = q.townships_only and agency is None
    found = [(r, f) for r, f in store.findings(agency=agency, year=year) if f.severity in ("error", "warning")
             and (table is None or f.rule.startswith(table + ".") or any(c.table == table for c in f.cells))
             and (not towns or r.agency.endswith(_PLACES))]
    checked = [r for r in catalogue.rows if (agency is None or r.agency == agency) and (year is None or r.year == year)
               and (not towns or r.agency.endswith(_PLACES))]
    if not found:
        return {"answer": f"核对了{len(checked)}份报告，没有发现表格数字对不上或与正文矛盾的情况。", "answerable": True,
                "route": "aggregate", "citations": ()}
    by_report: dict[str, list[Any]] = {}
    for r, f in found:
        by_report.setdefault(r.id, [r]).append(f)
    parts, cits = [], []
    for items in by_report.values():
        r, fs = items[0], items[1:]
        parts.append(f"{agency_name(r)}{r.year or ''}年：" + "；".join(_clip(f.message) for f in fs[:3]))
        for f in fs:
            report = cache.report(r.id)
            quote = report.original_text[f.span.start : f.span.end].strip() if report and f.span else ""
            cits.append(Citation(report_id=r.id, agency=r.agency, year=r.year, section=f.rule,
                                 table=f.cells[0].table if f.cells else None, quote=quote or f.sentence or f.message,
                                 source=r.source_path, line=f.span.line if f.span else None))
    text = f"{len(by_report)}份报告有对不上的地方（共核对{len(checked)}份）：" + "。".join(parts) + "。"
    return {"answer": text, "answerable": True, "route": "aggregate", "citations": tuple(cits)}
