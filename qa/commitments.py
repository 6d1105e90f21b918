"""Section 五 across the years: which problems and promised measures come back, which disappear.

Staff want to know whether a problem admitted in 2022 is still being admitted in 2025. Two items
are "the same" when their wording is similar enough: the mean of the Dice coefficients of their
jieba content words and of their character bigrams (domain words such as 公开/工作/加强 left out),
at or above `SIMILAR`. Lexical and deterministic on purpose: the same reports always give the
same flags, and the threshold is pinned by tests.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

SIMILAR = 0.25  # calibrated in tests/qa/test_compose.py: rewordings ≥ 0.28, different problems ≤ 0.23
FOCUS = 0.2  # a question quoting one item shares less of its wording than two items do
_STOP = frozenset(
    ["政务公开", "政府信息公开", "信息公开", "公开", "政府", "信息", "工作", "进一步", "持续", "加强", "提升", "提高", "我乡", "本乡", "有待", "需要", "可以", "方面", "不断", "积极", "切实", "全面", "一是", "二是", "三是", "四是", "五是", "存在", "问题", "改进", "情况", "部分", "水平",
     # generic judgements any problem can carry: they say how bad, not what
     "不够", "及时", "不够及时", "仍有", "力度", "不足", "较为", "比较", "还需", "仍需", "有待", "不够完善",
     "完善", "需要", "个别", "一些", "还有", "仍然", "较少", "偏少", "有所", "一定", "程度", "还不", "不到位"]
)


@dataclass(frozen=True)
class TrackedItem:
    kind: Literal["problem", "measure"]
    index: int
    text: str
    line: int
    recurring: bool  # a similar item stands in an earlier year's report
    earlier_years: tuple[int, ...]
    later_years: tuple[int, ...]  # later reports that say something similar
    dropped: bool  # a later report exists and none of them says anything similar


@dataclass(frozen=True)
class CommitmentYear:
    year: int
    report_id: str
    source: str
    problems: tuple[TrackedItem, ...]
    measures: tuple[TrackedItem, ...]

    @property
    def recurring_flags(self) -> tuple[bool, ...]:
        return tuple(i.recurring for i in (*self.problems, *self.measures))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> frozenset[str]:
    from ingest.words import cut

    return frozenset(t for t in cut(text) if len(t) >= 2 and t not in _STOP
                     and re.search(r"[\u4e00-\u9fff]", t))


def _bigrams(text: str) -> frozenset[str]:
    s = re.sub(r"[^\u4e00-\u9fff]", "|", text)
    for word in _STOP:
        s = s.replace(word, "|" * len(word))
    return frozenset(s[i : i + 2] for i in range(len(s) - 1) if "|" not in s[i : i + 2])


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def similarity(a: str, b: str) -> float:
    """0..1; at or above SIMILAR the two items say the same thing."""
    return (_dice(_tokens(a), _tokens(b)) + _dice(_bigrams(a), _bigrams(b))) / 2


def track_commitments(store: Any, agency: str, region: str | None = None) -> list[CommitmentYear]:
    """Every year's problems and measures of one agency, oldest first, with recurrence flags."""
    by_year: dict[int, tuple[str, str, list[Any]]] = {}
    for row, c in store.commitments(agency=agency):
        if row.year is None or (region is not None and row.region not in (None, region)):
            continue
        by_year.setdefault(row.year, (row.id, row.source_path, []))[2].append(c)
    years = sorted(by_year)
    out = []
    for year in years:
        report_id, source, items = by_year[year]
        tracked: dict[str, list[TrackedItem]] = {"problem": [], "measure": []}
        for c in sorted(items, key=lambda c: (c.kind, c.index)):
            earlier = tuple(y for y in years if y < year and _said(by_year[y][2], c))
            later = tuple(y for y in years if y > year and _said(by_year[y][2], c))
            has_later = any(y > year for y in years)
            tracked[c.kind].append(TrackedItem(c.kind, c.index, c.text, c.span.line, bool(earlier),
                                               earlier, later, has_later and not later))
        out.append(CommitmentYear(year, report_id, source, tuple(tracked["problem"]), tuple(tracked["measure"])))
    return out


def _said(items: Sequence[Any], c: Any) -> bool:
    return any(o.kind == c.kind and similarity(o.text, c.text) >= SIMILAR for o in items)


def _short(text: str, n: int = 90) -> str:
    text = text.strip().rstrip("。；;")
    return text if len(text) <= n else text[:n] + "…"


def commitments_text(track: Sequence[CommitmentYear], agency: str, year: int, kinds: Sequence[str]) -> str:
    """The problems and/or measures of one year, numbered, in a few lines."""
    entry = next(t for t in track if t.year == year)
    parts = []
    for kind in kinds:
        items = entry.problems if kind == "problem" else entry.measures
        name = "存在的问题" if kind == "problem" else "改进措施"
        if items:
            parts.append(f"{name}（{len(items)}条）：" + "；".join(f"{i + 1}. {_short(x.text)}" for i, x in enumerate(items)))
        else:
            parts.append(f"{name}：报告中没有分条列出")
    return f"{agency}{year}年报告" + "。".join(parts) + "。"


def recurring_text(track: Sequence[CommitmentYear], agency: str, early: int, late: int) -> str:
    """Which of `early`'s problems and measures come back in `late`, and which do not."""
    a = next(t for t in track if t.year == early)
    b = next(t for t in track if t.year == late)
    back: list[tuple[TrackedItem, list[TrackedItem]]] = []
    gone: list[tuple[TrackedItem, list[TrackedItem]]] = []
    for item in (*a.problems, *a.measures):
        twins = sorted((x for x in (*b.problems, *b.measures) if x.kind == item.kind
                        and similarity(x.text, item.text) >= SIMILAR),
                       key=lambda x: -similarity(x.text, item.text))  # the closest twin first
        (back if twins else gone).append((item, twins))
    lines = []
    if back:
        lines.append(f"是，仍存在：{late}年报告仍有类似表述：" + "；".join(
            f"{early}年“{_short(i.text, 30)}”→{late}年“{_short(t[0].text, 30)}”" for i, t in back))
    else:
        lines.append(f"{late}年报告没有重复{early}年的问题和措施的说法")
    if gone:
        lines.append(f"{early}年提到、{late}年不再提的：" + "；".join(f"“{_short(i.text, 30)}”" for i, _ in gone))
    return f"{agency}：" + "。".join(lines) + "。"


def _citations(store: Any, cache: Any, agency: str, years: Sequence[int], kinds: Sequence[str]) -> list[Any]:
    from qa.records import Citation

    out = []
    for row, c in store.commitments(agency=agency):
        if row.year not in years or c.kind not in kinds:
            continue
        report = cache.report(row.id)
        quote = report.original_text[c.span.start : c.span.end].strip() if report else c.text
        out.append(Citation(report_id=row.id, agency=row.agency, year=row.year, section=cache.heading(row.id, 5),
                            quote=quote or c.text, source=row.source_path, line=c.span.line))
    return sorted(out, key=lambda c: (c.year or 0, c.line or 0))


def commitments_answer(store: Any, cache: Any, q: Any, catalogue: Any, notes: list[str]) -> dict[str, Any]:
    """Route for 存在什么问题 / 提出了哪些改进措施 / 还在说同样的问题吗."""
    ref = q.agency
    track = track_commitments(store, ref.agency, ref.region)
    have = [t.year for t in track]
    if not track:
        return {"answer": f"库中{ref.display}的报告没有分条写出存在的问题和改进措施。", "answerable": False,
                "route": "refusal", "agency": ref.agency}
    years = sorted(q.years)
    missing = [y for y in years if y not in have]
    plans = any(w in q.text for w in _PLAN_WORDS)
    if plans and len(years) == 1 and missing == years and years[0] - 1 in have:
        # 2025年打算怎么改进: a report's measures are its plans for the next year
        notes.append(f"{years[0]}年的改进打算见{years[0] - 1}年报告：年报所列改进措施是下一年的工作")
        years, missing = [years[0] - 1], []
    if missing:
        return {"answer": f"库中没有{ref.display}{'、'.join(map(str, missing))}年写有问题和改进措施的报告；"
                          f"现有：{'、'.join(map(str, have))}年。", "answerable": False, "route": "refusal",
                "agency": ref.agency, "year": missing[0]}
    want_measure = any(w in q.text for w in ("措施", "改进", "整改", "怎么改", "解决", "打算", "怎么办", "怎么做",
                                             "办法", "举措", "做法"))
    want_problem = any(w in q.text for w in ("问题", "不足", "短板"))
    focus = _focus(track, q.text)
    if q.intent == "recurring" and focus is not None and focus[0] < (years[-1] if years else have[-1]):
        return _focused(store, cache, track, ref, focus, years[-1] if years else have[-1])
    if q.intent == "recurring":
        late = years[-1] if years else have[-1]
        earlier = [y for y in have if y < late]
        early = years[0] if len(years) >= 2 else (earlier[-1] if earlier else None)
        if early is None:
            return {"answer": f"库中{ref.display}只有{late}年的报告，没有更早的报告可比。", "answerable": False,
                    "route": "refusal", "agency": ref.agency, "year": late}
        kinds = ["measure"] if want_measure else ["problem"]
        listing = len(years) >= 2 and any(w in q.text for w in ("哪些", "什么", "哪几"))  # not for 今年还在说去年的吗
        text = (commitments_text(track, ref.agency, early, kinds) if listing else "") + \
            recurring_text(track, ref.agency, early, late)
        cits = _citations(store, cache, ref.agency, (early, late), ("problem", "measure"))
        return {"answer": text, "answerable": True, "route": "commitment", "citations": tuple(cits),
                "agency": ref.agency, "year": late}
    year = years[0] if years else have[-1]
    asked = _ONE_ASKS.search(q.text)
    if not years and asked and (where := _year_of_problem(track, asked.group(1))) is not None:
        year = where  # 针对意见征集形式单一的问题打算怎么办: the year whose report names that problem
        notes.append(f"这一问题见{year}年报告")
    elif not years:
        notes.append(f"未指明年份，按最新的{year}年报告")
    if want_measure and _ONE_ASKS.search(q.text):
        want_problem = False  # 针对…问题提出了什么措施: the problem names the topic, the measure is asked
    kinds = ["measure"] if want_measure and not want_problem else (
        ["problem"] if want_problem and not want_measure else ["problem", "measure"])
    entry = next(t for t in track if t.year == year)
    one = _one_item(entry, kinds, q.text)
    if one is not None:  # 针对队伍问题提出了什么办法: the measure asked about, not the whole list
        text = f"{ref.agency}{year}年报告针对此提出：“{one.text}”" + "".join(f"（{n}）" for n in notes)
        notes.clear()
        cits = [c for c in _citations(store, cache, ref.agency, (year,), (one.kind,)) if c.line == one.line]
        return {"answer": text, "answerable": True, "route": "commitment", "citations": tuple(cits),
                "agency": ref.agency, "year": year}
    text = commitments_text(track, ref.agency, year, kinds) + "".join(f"（{n}）" for n in notes)
    notes.clear()
    count = sum(len(entry.problems if k == "problem" else entry.measures) for k in kinds)
    asks_count = len(kinds) == 1 and any(w in q.text for w in ("几条", "多少条", "几项", "多少项", "几个"))
    return {"answer": text, "answerable": True, "route": "commitment", "value": float(count) if asks_count else None,
            "unit": "条" if asks_count else None,
            "citations": tuple(_citations(store, cache, ref.agency, (year,), kinds)), "agency": ref.agency, "year": year}


_PLAN_WORDS = ("打算", "计划", "准备", "下一步", "明年", "将要", "将会", "怎么改进", "如何改进")
_ONE_ASKS = re.compile(r"(?:针对|关于|对于|就)(.{2,20}?)(?:的)?(?:问题|方面|不足)?[,，]?(?:提出|采取|有|打算|准备|要)")


def _year_of_problem(track: Sequence[CommitmentYear], topic: str) -> int | None:
    """The latest year whose problems (or measures) name `topic` clearly better than any other year's."""
    best: dict[int, float] = {}
    for t in track:
        for item in (*t.problems, *t.measures):
            best[t.year] = max(best.get(t.year, 0.0), similarity(topic, item.text))
    if not best:
        return None
    top = max(best.values())
    if top < 0.2:
        return None
    return max(y for y, v in best.items() if v >= 0.9 * top)


def _one_item(entry: CommitmentYear, kinds: Sequence[str], question: str) -> TrackedItem | None:
    """The single measure (or problem) a question singles out with 针对/关于 …, when one fits clearly."""
    m = _ONE_ASKS.search(question)
    if m is None or len(kinds) != 1:
        return None
    items = entry.measures if kinds[0] == "measure" else entry.problems
    scored = sorted(((similarity(m.group(1), i.text), i) for i in items), key=lambda x: -x[0])
    if not scored or scored[0][0] < 0.1 or (len(scored) > 1 and scored[1][0] >= 0.8 * scored[0][0]):
        return None
    return scored[0][1]


def _focus(track: Sequence[CommitmentYear], question: str) -> tuple[int, TrackedItem] | None:
    """The one problem or measure a question quotes (“…的问题，2024年解决了吗？”), if any."""
    scored = [(similarity(question, i.text), t.year, i) for t in track for i in (*t.problems, *t.measures)]
    best = max(scored, key=lambda x: x[0], default=None)
    return (best[1], best[2]) if best is not None and best[0] >= FOCUS else None


def _focused(store: Any, cache: Any, track: Sequence[CommitmentYear], ref: Any, focus: tuple[int, TrackedItem],
             late: int) -> dict[str, Any]:
    year, item = focus
    b = next((t for t in track if t.year == late), None)
    twins = sorted((x for x in ((*b.problems, *b.measures) if b else ()) if x.kind == item.kind
                    and similarity(x.text, item.text) >= SIMILAR), key=lambda x: -similarity(x.text, item.text))
    if twins:
        text = f"没有解决，仍存在：{ref.agency}{late}年报告仍写有“{_short(twins[0].text)}”（{year}年为“{_short(item.text)}”）。"
    else:
        kind = "问题" if item.kind == "problem" else "措施"
        text = f"没有。{ref.agency}{late}年报告不再提“{_short(item.text)}”这一{kind}（{year}年报告提过）。"
        listed = (b.problems if item.kind == "problem" else b.measures) if b else ()
        if listed:  # what that year says instead
            text += f"{late}年报告提的{kind}是：" + "；".join(f"“{_short(x.text)}”" for x in listed) + "。"
    cits = [c for c in _citations(store, cache, ref.agency, (year, late), (item.kind,))
            if c.line in {item.line, *(t.line for t in twins)}]
    return {"answer": text, "answerable": True, "route": "commitment", "citations": tuple(cits),
            "agency": ref.agency, "year": late}
