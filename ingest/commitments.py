"""Section 五: the problems a report admits and the improvements it promises.

Staff ask “2022年报告提出了哪些改进措施？2025年还在说同样的问题吗？”, so each problem and each measure
becomes its own `Commitment`, numbered in order within its kind. Reports write the section in a few
shapes, all handled here:

- blocks: “(一)存在问题 一是…;二是… (二)改进措施 一是…。二是…” (or “存在的问题:… 改进措施:…”,
  “下一步,…”);
- pairs: “一是<problem>。改进情况:<measure>。二是<problem>。改进情况:<measure>” (the 2022 seed);
- items numbered 一是/二是, 1. 2., (1)(2), (一)(二), 第一/第二 (the outermost numbering wins, and a
  slip such as 一是…三是…三是 does not end the list); unnumbered problems cut at “;” or sentences
  once the introduction (“…取得了一定成绩,但仍存在一些不足,如:”) is dropped;
- measures introduced by a sentence (“因此,我们考虑从以下三个方面作进一步的改进:”, “2023年,我区将
  采取以下措施加以改进。”) or “2015年,我区将…”.
Pre-2019 reports number the section 四 and follow it with a statistics table: the region is found
by its heading and stops at the date line, the table or the page footer.

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
    + r"(?:(?:改进|整改)(?:情况|措施|举措|方向|计划|办法)|下一步(?:工作)?(?:整改|改进)?(?:打算|计划|措施|安排)?)"
    + r"[ \t]*(?::|\n|$)"
)
_NEXT_STEP = re.compile(r"(?:下一步|今后)(?:工作中|工作)?(?:打算|计划)?[,:]?(?:我[乡镇局委办]|本机关|我们)?(?:将|要)?[,:]?")
# “因此,我们考虑从以下三个方面作进一步的改进:” “2023年,我区将采取以下措施加以改进。”
_MEASURE_INTRO = re.compile(
    r"(?:下一步|今后|因此|\d{4}年|我[区县市乡镇局委办]|我们)[^。:;\n]{0,40}"
    r"(?:以下[几一二三四五六七八九十]*个?方面|以下措施|加以改进|改进如下|整改措施)[^。:;\n]{0,12}[:。]"
)
_YEAR_WILL = re.compile(r"\d{4}年,?(?:我[区县市乡镇局委办]|我们|本机关)?将")
# the sentence before a list that only says there are problems: “…取得了一定成效,但仍存在一些不足。”
_INTRO = re.compile(r"[^。:;]*?(?:取得|成效|进展|成绩|以下几个方面|以下问题|不足|问题)[^。:;]*?(?:[,:]如[:,]?|如:|:|。)")
_TAIL_LINE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|附件|扫一扫|[二〇○零一三四五六七八九十\d]{4}年[一二三四五六七八九十\d]{1,3}月[一二三四五六七八九十\d]{1,3}日$)"
)
_FALLBACK_HEAD = re.compile(r"^[一二三四五六七八九十]+、[^。\n]{0,24}(?:问题|不足)[^。\n]{0,16}$", re.M)
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


def _chain(pattern: re.Pattern[str], text: str, start: int, end: int, first: int) -> list[tuple[int, int]]:
    """Markers numbering 1, 2, 3 … in order; a report's own slip (一是…三是…三是) does not break it."""
    chain: list[tuple[int, int]] = []
    expected = 1
    for m in _markers(pattern, text, start, end):
        value = small_number(m.group(1))
        if value is None:
            continue
        # a chain starts at 1, or with whatever number opens the region (二是 in a pair)
        if (not chain and (value == 1 or m.start() == first)) or (chain and expected - 1 <= value <= expected + 1):
            chain.append((m.start(), m.end()))
            expected = max(expected, value + 1)
    return chain


def _split_unnumbered(text: str, s: int, e: int, sentences: bool) -> list[tuple[int, int]]:
    """An unnumbered list: past its introduction, one item per “;” (per sentence for problems)."""
    intro = _INTRO.match(text, s, e)
    if intro and strip_range(text, intro.end(), e)[0] < strip_range(text, intro.end(), e)[1]:
        s, e = strip_range(text, intro.end(), e)
    body = text[s:e]
    sep = ";" if ";" in body.rstrip(";。") else "。"
    if sep == "。" and not sentences:
        return [(s, e)]
    parts: list[tuple[int, int]] = []
    pos = s
    for m in re.finditer(re.escape(sep), body):
        parts.append(strip_range(text, pos, s + m.start()))
        pos = s + m.end()
    parts.append(strip_range(text, pos, e))
    return [(a, b) for a, b in parts if b - a >= 4]


def _items(text: str, start: int, end: int, split: str = "") -> list[tuple[int, int]]:
    """Split a region into its numbered items (the outermost numbering).

    Unnumbered: `split` "problem" cuts by “;” or sentence, "measure" by “;”, "" not at all (a pair's half)."""
    first, _ = strip_range(text, start, end)
    chains = [c for c in (_chain(p, text, start, end, first) for p in _MARKERS.values()) if c]
    # the outer level opens first ((一)… 1、2、 inside it); a lone marker loses to a real list
    best = min(chains, key=lambda c: (len(c) < 2, c[0][0], -len(c)), default=[])
    if not best:
        s, e = strip_range(text, start, end)
        if s >= e or _EMPTY.match(text[s:e]):
            return []
        if not split:
            return [(s, e)]
        return _split_unnumbered(text, s, e, split == "problem") or [(s, e)]
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


def _sentence_start(text: str, pos: int, start: int) -> bool:
    return pos == start or text[pos - 1] in "。;\n:"


def _measure_start(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the measures begin: a heading line, an introducing sentence, or 下一步/YYYY年…将."""
    head = _heading(_MEASURE_HEAD, text, start, end)
    if head:
        return head.start(), head.end()
    for pattern in (_MEASURE_INTRO, _NEXT_STEP, _YEAR_WILL):
        found = next((m for m in pattern.finditer(text, start, end) if _sentence_start(text, m.start(), start)), None)
        if found is None and pattern is _NEXT_STEP:
            found = next(iter(_markers(_NEXT_STEP, text, start, end)), None)
        if found:
            return found.start(), found.end()
    return None


# the clause that turns from the problems to the measures inside one sentence: “针对存在问题,下一步,将…”
_LEAD_IN = re.compile(r"(?:针对|对照|对于|对此|为此|就此|鉴于|围绕)[^。;:\n]{0,14}?,?")


def _block_regions(text: str, start: int, end: int) -> list[_Region]:
    """Problems until the first measures heading (下一步, 改进措施 …), measures after it."""
    problem = _heading(_PROBLEM_HEAD, text, start, end)
    measure = _measure_start(text, problem.end() if problem else start, end)
    if measure and not _sentence_start(text, measure[0], start):
        lead = max(text.rfind(c, start, measure[0]) for c in "。;\n:") + 1
        if _LEAD_IN.fullmatch(text, max(lead, start), measure[0]):  # neither a problem nor a measure
            measure = (max(lead, start), measure[1])
    if measure and problem and problem.start() > measure[0]:
        problem = None  # a “存在问题” heading after the measures heading is not a block boundary
    p_start = problem.end() if problem else start
    if measure is None:
        return [_Region("problem", p_start, end)]
    return [_Region("problem", p_start, measure[0]), _Region("measure", measure[1], end)]


def _region_end(text: str, start: int, end: int) -> int:
    """Section 五 stops before a date line, a statistics table, 附件 or the page's footer."""
    from ingest.sections import lines

    for pos, line in lines(text, start, end):
        stripped = line.strip()
        if pos > start and ("\t" in line or _TAIL_LINE.match(stripped)):
            return pos
    return end


def problems_region(nt: NormText, slices: list[SectionSlice]) -> tuple[int, int, tuple[int, ...]] | None:
    """[start, end) of section 五's body in the normalised text, and the page starts.

    Before 2019 the section was often numbered 四 (“四、政府信息公开工作存在的主要问题及改进情况”) and
    the section splitter, which wants 四 to be 行政复议, misses it: a numbered heading line that names
    problems is then taken as the section."""
    five = next((s for s in slices if s.section.number == 5), None)
    pages = slices[0].page_starts if slices else ()
    text = nt.text
    if five is not None:
        start, end = five.start, five.end
    else:
        after = next((s.start for s in slices if s.section.number == 1), 0)
        head = next((m for m in _FALLBACK_HEAD.finditer(text, after) if "改进" in m.group(0) or "问题" in m.group(0)),
                    None)
        if head is None:
            return None
        start, end = head.end() + 1, len(text)
    return start, _region_end(text, start, end), pages


def extract_commitments(nt: NormText, slices: list[SectionSlice]) -> list[Commitment]:
    """Problems and measures of section 五, each numbered 1.. within its kind."""
    found = problems_region(nt, slices)
    if found is None:
        return []
    start, end, pages = found
    text = nt.text
    pairs = _pair_regions(text, start, end)
    regions = pairs or _block_regions(text, start, end)
    counts = {"problem": 0, "measure": 0}
    out: list[Commitment] = []
    for region in regions:
        for s, e in _items(text, region.start, region.end, "" if pairs else region.kind):
            body = _STRIP_END.sub("", text[s:e])
            if not body:
                continue
            counts[region.kind] += 1
            out.append(
                Commitment(
                    kind="problem" if region.kind == "problem" else "measure",
                    index=counts[region.kind],
                    text=display(nt.quote(s, s + len(body))),
                    span=make_span(nt, s, s + len(body), pages),
                )
            )
    return out
