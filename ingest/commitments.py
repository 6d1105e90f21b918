"""Section 五: the problems a report admits and the improvements it promises.

Staff ask “2022年报告提出了哪些改进措施？2025年还在说同样的问题吗？”, so each problem and each measure
becomes its own `Commitment`, numbered in order within its kind. Reports write the section in a few
shapes, all handled here:

- blocks: “(一)存在问题 一是…;二是… (二)改进措施 一是…。二是…” (or “存在的问题:… 改进措施:…”,
  “下一步,…”);
- pairs: “一是<problem>。改进情况:<measure>。二是<problem>。改进情况:<measure>” (the 2022 seed);
- items numbered 一是/二是, 1. 2., (1)(2), (一)(二), 第一/第二, or a single paragraph (one item).

Texts are the normalised item without its marker; spans quote the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.normalise import NormText, display
from ingest.quantities import small_number
from ingest.records import Commitment
from ingest.sections import SectionSlice, make_span, strip_range

_NUM = r"[一二三四五六七八九十]"
_LINE_START = r"[ \t]*"  # plus a check that the match begins a line, see _at_line_start
_HEAD_PREFIX = rf"(?:\({_NUM}+\)|{_NUM}+[、.]|\d+[、.]|\(\d+\))?[ \t]*"
_PROBLEM_HEAD = re.compile(
    _LINE_START + _HEAD_PREFIX
    + r"(?:存在的?(?:主要)?(?:问题|不足)(?:和不足|及原因|与不足)?|主要问题|问题与不足|不足之处|工作中的不足)"
    + r"[ \t]*(?::|\n|$)"
)
_MEASURE_HEAD = re.compile(
    _LINE_START + _HEAD_PREFIX
    + r"(?:(?:改进|整改)(?:情况|措施|举措|方向|计划|办法)|下一步(?:工作)?(?:打算|计划|措施|安排)?)"
    + r"[ \t]*(?::|\n|$)"
)
_NEXT_STEP = re.compile(r"(?:下一步|今后)(?:工作中|工作)?(?:打算|计划)?[,:]?(?:我[乡镇局委办]|本机关|我们)?(?:将|要)?[,:]?")
_PAIR_LABEL = re.compile(r"(?:改进|整改)(?:情况|措施|举措)\s*:")
_BOUNDARY = set(" \t\n。;:!?,")  # what may stand before an item marker
_MARKERS = {
    "shi": re.compile(rf"({_NUM}+)是\s*[,:]?"),
    "arabic": re.compile(r"(\d{1,2})\s*[.、](?!\d)"),
    "paren_arabic": re.compile(r"\(\s*(\d{1,2})\s*\)"),
    "paren_cn": re.compile(rf"\(\s*({_NUM}+)\s*\)"),
    "di": re.compile(rf"第({_NUM}+)\s*[,:、]"),
}
_EMPTY = re.compile(r"^(?:无|暂无|没有|无。|暂无。)$")
_STRIP_END = re.compile(r"[\s;。,:]+$")


@dataclass(frozen=True)
class _Region:
    kind: str  # "problem" | "measure"
    start: int
    end: int


def _markers(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """Matches that stand where an item can begin: region start or after a space or punctuation."""
    return [m for m in pattern.finditer(text, start, end) if m.start() == start or text[m.start() - 1] in _BOUNDARY]


def _heading(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """First match that begins a line."""
    return next(
        (m for m in pattern.finditer(text, start, end) if m.start() == start or text[m.start() - 1] == "\n"), None
    )


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a region into its numbered items; the whole region when nothing numbers it."""
    first, _ = strip_range(text, start, end)
    best: list[tuple[int, int]] = []  # (marker start, text start)
    for pattern in _MARKERS.values():
        chain: list[tuple[int, int]] = []
        expected = 1
        for m in _markers(pattern, text, start, end):
            value = small_number(m.group(1))
            # a chain starts at 1, or with whatever number opens the region (二是 in a pair)
            if value is not None and (value == expected or (not chain and m.start() == first)):
                chain.append((m.start(), m.end()))
                expected = value + 1
        if len(chain) > len(best) or (len(chain) == len(best) and chain and chain[0][0] < best[0][0]):
            best = chain
    if not best:
        s, e = strip_range(text, start, end)
        return [(s, e)] if s < e and not _EMPTY.match(text[s:e]) else []
    items = []
    for i, (_, body) in enumerate(best):
        stop = best[i + 1][0] if i + 1 < len(best) else end
        s, e = strip_range(text, body, stop)
        if s < e:
            items.append((s, e))
    return items


def _pair_regions(text: str, start: int, end: int) -> list[_Region] | None:
    """“一是<problem>。改进情况:<measure>。二是…” — a problem then its measure, repeated."""
    labels = list(_PAIR_LABEL.finditer(text, start, end))
    if len(labels) < 2:
        return None
    shi = _MARKERS["shi"]
    regions: list[_Region] = []
    cursor = start
    for i, label in enumerate(labels):
        regions.append(_Region("problem", cursor, label.start()))
        stop = labels[i + 1].start() if i + 1 < len(labels) else end
        nxt = None
        if i + 1 < len(labels):
            nxt = next(iter(_markers(shi, text, label.end(), stop)), None)
        cursor = nxt.start() if nxt else stop
        regions.append(_Region("measure", label.end(), cursor))
    return regions


def _block_regions(text: str, start: int, end: int) -> list[_Region]:
    """Problems until the first measures heading (下一步, 改进措施 …), measures after it."""
    problem = _heading(_PROBLEM_HEAD, text, start, end)
    measure = _heading(_MEASURE_HEAD, text, start, end)
    if measure is None:
        measure = next(iter(_markers(_NEXT_STEP, text, problem.end() if problem else start, end)), None)
    if measure and problem and problem.start() > measure.start():
        problem = None  # a “存在问题” heading after the measures heading is not a block boundary
    p_start = problem.end() if problem else start
    if measure is None:
        return [_Region("problem", p_start, end)]
    return [_Region("problem", p_start, measure.start()), _Region("measure", measure.end(), end)]


def extract_commitments(nt: NormText, slices: list[SectionSlice]) -> list[Commitment]:
    """Problems and measures of section 五, each numbered 1.. within its kind."""
    five = next((s for s in slices if s.section.number == 5), None)
    if five is None:
        return []
    text = nt.text
    regions = _pair_regions(text, five.start, five.end) or _block_regions(text, five.start, five.end)
    counts = {"problem": 0, "measure": 0}
    out: list[Commitment] = []
    for region in regions:
        for s, e in _items(text, region.start, region.end):
            body = _STRIP_END.sub("", text[s:e])
            if not body:
                continue
            counts[region.kind] += 1
            out.append(
                Commitment(
                    kind="problem" if region.kind == "problem" else "measure",
                    index=counts[region.kind],
                    text=display(nt.quote(s, s + len(body))),
                    span=make_span(nt, s, s + len(body), five.page_starts),
                )
            )
    return out
