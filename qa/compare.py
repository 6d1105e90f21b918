"""Two years of one agency side by side: repeated text, changed figures, the checks across years.

Staff reviewing a report ask whether it was copied from last year (重复率 per section, with the
repeated sentences), which figures moved and by how much (every table cell whose value changed,
named as on the form), and whether this year's 二、上年结转 equals last year's 四、结转下年度继续办理.
Changes large enough to ask about (ten times last year's figure, or a figure of 10+ gone to 0) are
marked 请核实. The core takes two parsed Reports, so it works on files and on stored reports alike.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ingest.normalise import SENTENCE
from ingest.quantities import format_number
from ingest.records import Report, Section
from qa.check import SECTION_TITLES, Problem, carry_over_problems, cell_name, check_report

if TYPE_CHECKING:
    from ingest.store import Store

DICE_SAME = 0.8  # character-bigram Dice at or above this: the same sentence, lightly edited
_ENDS = "。！？!?；;"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MIN_CJK = 6  # shorter fragments (“无。”, headings) say nothing about copying


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RepeatedSentence(Frozen):
    sentence: str  # in the later report
    earlier: str  # its match in the earlier one
    dice: float


class SectionRepeat(Frozen):
    number: int
    title: str
    sentences: int  # prose sentences of the later report's section
    repeated: int
    rate: float  # repeated / sentences; 0 when the section has no prose
    repeated_sentences: tuple[RepeatedSentence, ...] = ()


class CellChange(Frozen):
    table: str
    row: str
    column: str
    where: str  # 表三“（一）予以公开”行自然人列
    old: float
    new: float
    change: float
    verify: bool  # 请核实: ten times last year's, or 10+ gone to 0


class Comparison(Frozen):
    agency: str
    year1: int | None
    year2: int | None
    sections: tuple[SectionRepeat, ...]
    changes: tuple[CellChange, ...]
    carry_over: tuple[Problem, ...]
    problems1: tuple[Problem, ...]  # each year's own consistency checks
    problems2: tuple[Problem, ...]


def prose_sentences(text: str) -> list[str]:
    """Sentences of prose: a table's rows and labels are not text that could be copied."""
    out = []
    for m in SENTENCE.finditer(text):
        s = m.group(0).strip()
        if len(_CJK.findall(s)) < _MIN_CJK or "\t" in s or "  " in s:
            continue
        if s[-1] in _ENDS or len(s) >= 20:
            out.append(s)
    return out


def _bigrams(s: str) -> set[str]:
    t = re.sub(r"\s+", "", s)
    return {t[i:i + 2] for i in range(len(t) - 1)} or {t}


def dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0


def _section_repeat(number: int, earlier: Section | None, later: Section) -> SectionRepeat:
    new = prose_sentences(later.text)
    old = prose_sentences(earlier.text) if earlier else []
    old_grams = [(s, _bigrams(s)) for s in old]
    exact = set(old)
    found: list[RepeatedSentence] = []
    for s in new:
        if s in exact:
            found.append(RepeatedSentence(sentence=s, earlier=s, dice=1.0))
            continue
        grams = _bigrams(s)
        best = max(((dice(grams, g), o) for o, g in old_grams), default=(0.0, ""))
        if best[0] >= DICE_SAME:
            found.append(RepeatedSentence(sentence=s, earlier=best[1], dice=round(best[0], 3)))
    title = later.title or SECTION_TITLES.get(number, "前言")
    return SectionRepeat(number=number, title=title, sentences=len(new), repeated=len(found),
                         rate=round(len(found) / len(new), 4) if new else 0.0, repeated_sentences=tuple(found))


def _verify(old: float, new: float) -> bool:
    return (old > 0 and new >= 10 * old) or (old >= 10 and new == 0)


def cell_changes(earlier: Report, later: Report) -> list[CellChange]:
    before = {(c.table, c.row, c.column): c.value for c in earlier.cells}
    version = later.meta.format_version
    out = []
    for c in later.cells:
        old = before.get((c.table, c.row, c.column))
        if old is None or c.value is None or old == c.value:
            continue
        out.append(CellChange(table=c.table, row=c.row, column=c.column,
                              where=cell_name(c.table, c.row, c.column, version),
                              old=old, new=c.value, change=c.value - old, verify=_verify(old, c.value)))
    return out


def compare_reports(a: Report, b: Report) -> Comparison:
    """`a` and `b` in either order; the earlier year is the baseline."""
    earlier, later = sorted((a, b), key=lambda r: r.meta.year or 0)
    old_sections = {s.number: s for s in earlier.sections}
    sections = tuple(_section_repeat(s.number, old_sections.get(s.number), s) for s in later.sections if s.number)
    carry = carry_over_problems(earlier, later) if (later.meta.year or 0) - (earlier.meta.year or 0) == 1 else []
    return Comparison(agency=later.meta.agency, year1=earlier.meta.year, year2=later.meta.year, sections=sections,
                      changes=tuple(cell_changes(earlier, later)), carry_over=tuple(carry),
                      problems1=tuple(check_report(earlier)), problems2=tuple(check_report(later)))


def stored_report(store: Store, agency: str, year: int) -> Report | None:
    """The current stored report of `agency` (as written or canonical) for `year`."""
    from ingest.agencies import canonical_agency

    for name in dict.fromkeys((agency, canonical_agency(agency)[0])):
        rows = store.reports(agency=name, year=year)
        if rows:
            return store.report(rows[0].id)
    rows = [r for r in store.reports(year=year) if agency in r.agency or r.agency in agency]
    return store.report(rows[0].id) if len(rows) == 1 else None


def _number(v: float) -> str:
    return format_number(v)


def comparison_text(c: Comparison) -> str:
    lines = [f"{c.agency} {c.year1}年 → {c.year2}年"]
    lines.append("一、各部分重复率（后一年的句子在前一年同一部分出现的比例）")
    for s in c.sections:
        lines.append(f"  {s.title}：{s.repeated}/{s.sentences}句，重复率{100 * s.rate:.0f}%")
        lines.extend(f"    · {r.sentence}" for r in s.repeated_sentences)
    lines.append(f"二、数字变化（{len(c.changes)}处）")
    for ch in c.changes:
        mark = "  请核实" if ch.verify else ""
        sign = "+" if ch.change > 0 else ""
        lines.append(f"  {ch.where}：{_number(ch.old)} → {_number(ch.new)}（{sign}{_number(ch.change)}）{mark}")
    lines.append("三、跨年核对（本年上年结转 = 上年结转下年度继续办理）")
    lines.extend(f"  {p.message}" for p in c.carry_over)
    if not c.carry_over:
        lines.append("  一致" if c.year2 and c.year1 and c.year2 - c.year1 == 1 else "  两年不相邻，未核对")
    for year, problems in ((c.year1, c.problems1), (c.year2, c.problems2)):
        lines.append(f"四、{year}年报告自身核查：" + ("未发现问题" if not problems else f"{len(problems)}处问题"))
        lines.extend(f"  {p.message}" for p in problems)
    return "\n".join(lines)
