"""Split a report into the six sections of the national format and their （一）（二）… subsections.

Real headings drift: printed twice (the 2025 seed), numbered （一） or (一) or not at all, worded
改进措施 instead of 改进情况, the title printed after 一、总体情况 (the 2022 seed), and table B has
rows that begin 一、 二、 三、 四、 just like headings. So a heading is recognised by what it says, not by
its number: a short line whose wording names a known section. A line numbered with 一、…六、 may use
loose wording (二、主动公开情况) but its number must then agree; an unnumbered line must use the
section's full wording (主动公开政府信息情况). Sections must come in increasing order, which keeps table
rows such as “四、结转下年度继续办理” inside section 三.

Offsets: `SectionSlice.start/end` are the body's offsets in the normalised text; `Section.span`
covers heading and body in the original text (what a citation of the section points at).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.normalise import NormText
from ingest.quantities import small_number
from ingest.records import Section, Span, Subsection

SECTION_KEYS = {1: "overall", 2: "proactive", 3: "requests", 4: "review", 5: "problems", 6: "other"}
PREAMBLE_KEY = "preamble"
PROSE_SECTIONS = (1, 5)  # sections whose （一）（二）… are prose subsections, not table rows

_MAX_HEADING = 40

_NUMBERED = re.compile(r"^(?:第([一二三四五六七八九十]+)部分|([一二三四五六七八九十]+)\s*[、.,]|([1-9])\s*[、.])\s*(.*)$")
_PAREN_PREFIX = re.compile(r"^\(\s*[一二三四五六七八九十\d]+\s*\)")
_TRAILING_NUMBERS = re.compile(r"(?:[\s\t]+[\d.]+|[\s\t]+/){2,}\s*$")
_TRAILING_PUNCT = re.compile(r"[。::;,.\s]+$")

# Wording accepted with a matching 一、…六、 number, and wording strong enough without one.
_LOOSE = {
    1: re.compile(r"总体情况|总体概况|基本情况|概述|概况|工作情况$"),
    2: re.compile(r"^(?!.*申请).*主动公开"),
    3: re.compile(r"申请"),
    4: re.compile(r"行政复议|行政诉讼"),
    5: re.compile(r"问题|改进|不足|整改"),
    6: re.compile(r"其他|其它"),
}
_STRICT = {
    1: re.compile(r"^(?:工作)?(?:总体情况|总体概况|基本情况|概述|概况)$"),
    2: re.compile(r"^主动公开政府信息(?:情况)?$"),
    3: re.compile(r"^(?:收到和?处理|受理和处理|收到及处理).{0,6}申请(?:的)?情况$|^政府信息公开申请(?:办理)?情况$"),
    4: re.compile(r"^(?:因?政府信息公开(?:申请)?)?(?:被申请|申请|引起的?)?行政复议.{0,8}行政诉讼.{0,4}情况$"),
    5: re.compile(r"^(?:存在的?(?:主要)?|主要)问题(?:(?:及|和|与).{0,8})?$"),
    6: re.compile(r"^其[他它](?:需要|需)报告的事项$"),
}
_INLINE = re.compile(r"^\s*((?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.,])\s*[^\s:。]{2,30})[:。\s]")
_SUBHEAD = re.compile(r"^\(\s*([一二三四五六七八九十]+)\s*\)\s*")
_SUBTITLE_END = re.compile(r"[。:;]")
_TITLE_LINE = re.compile(r"年度报告")


@dataclass(frozen=True)
class SectionSlice:
    """A parsed section plus its body's offsets [start, end) in the *normalised* text."""

    section: Section
    start: int
    end: int
    page_starts: tuple[int, ...] = ()  # the document's page starts, so later steps can cite pages


@dataclass(frozen=True)
class _Heading:
    number: int
    title: str
    start: int  # line start (normalised)
    body_start: int  # just after the heading line


def page_of(nt: NormText, offset: int, page_starts: tuple[int, ...]) -> int | None:
    """1-based page of a normalised offset, when the reader knew the pages."""
    if not page_starts:
        return None
    return bisect.bisect_right(page_starts, nt.to_original(offset)) + 1


def make_span(nt: NormText, start: int, end: int, page_starts: tuple[int, ...] = ()) -> Span:
    return nt.span(start, end, page=page_of(nt, start, page_starts))


def lines(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, line without its newline) for every line in text[start:end]."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        yield pos, text[pos:stop]
        pos = stop + 1


def strip_range(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _heading_number(line: str, after: int) -> tuple[int, str] | None:
    """The section a heading line names (and its title), if it names one after section `after`."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_HEADING or _PAREN_PREFIX.match(stripped):
        return None
    cells = [c for c in stripped.split("\t") if c.strip()]
    if len(cells) > 1 or _TRAILING_NUMBERS.search(stripped):
        return None
    match = _NUMBERED.match(stripped)
    if match is None and stripped.endswith("。"):
        return None  # an unnumbered line that ends a sentence is prose
    words = _TRAILING_PUNCT.sub("", match.group(4) if match else stripped).replace(" ", "")
    written: int | None = None
    if match:
        written = small_number(match.group(1) or match.group(2) or match.group(3)) or None
    for number in range(after + 1, 7):
        strict = bool(_STRICT[number].search(words))
        if strict or (written == number and _LOOSE[number].search(words)):
            if written is not None and written != number and not strict:
                continue
            return number, _TRAILING_PUNCT.sub("", stripped)
    return None


def _find_headings(text: str) -> list[_Heading]:
    headings: list[_Heading] = []
    for pos, line in lines(text):
        last = headings[-1].number if headings else 0
        found = None
        inline = _INLINE.match(line)
        if inline and line[inline.end() :].strip():
            found = _heading_number(inline.group(1), last - 1 if headings else 0)
            body_start = pos + inline.end()  # “一、总体情况：2025年，…” — the body goes on in the line
        if found is None:
            found = _heading_number(line, last - 1 if headings else 0)
            body_start = min(pos + len(line) + 1, len(text))
        if found is None:
            continue
        number, title = found
        if headings and number == last:
            prev = headings[-1]
            if text[prev.body_start : pos].strip():
                continue  # the same heading words again after some body: a mention, not a heading
            headings[-1] = _Heading(prev.number, prev.title, prev.start, body_start)  # printed twice
            continue
        if number <= last:
            continue
        headings.append(_Heading(number, title, pos, body_start))
    return headings


def _skip_title_line(text: str, start: int, end: int) -> int:
    """Body of section 一 begins after a report title printed below the heading (2022 seed)."""
    s, _ = strip_range(text, start, end)
    nl = text.find("\n", s, end)
    line = text[s : end if nl < 0 else nl]
    if _TITLE_LINE.search(line) and len(line.strip()) <= 60 and "。" not in line:
        return end if nl < 0 else nl + 1
    return start


def _subsections(nt: NormText, start: int, end: int, page_starts: tuple[int, ...]) -> tuple[Subsection, ...]:
    text = nt.text
    marks: list[tuple[int, int, str, int]] = []  # number, line start, title, body start
    for pos, line in lines(text, start, end):
        lead = len(line) - len(line.lstrip())
        m = _SUBHEAD.match(line.lstrip())
        if not m or small_number(m.group(1)) != len(marks) + 1:
            continue
        stripped = line.strip()
        cut = _SUBTITLE_END.search(stripped, m.end())
        if len(stripped) <= _MAX_HEADING and (cut is None or cut.end() == len(stripped)):
            title, body = _TRAILING_PUNCT.sub("", stripped), pos + len(line) + 1
        elif cut is not None and cut.start() <= _MAX_HEADING:
            title, body = stripped[: cut.start()], pos + lead + cut.end()
        else:
            title, body = stripped[: m.end()].strip(), pos + lead + m.end()
        marks.append((len(marks) + 1, pos + lead, title, min(body, end)))
    subs = []
    for i, (number, head, title, body) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else end
        b_start, b_end = strip_range(text, body, stop)
        _, whole_end = strip_range(text, head, stop)
        subs.append(
            Subsection(
                number=number,
                title=title,
                text=text[b_start:b_end],
                span=make_span(nt, head, max(whole_end, head + 1), page_starts),
            )
        )
    return tuple(subs)


def _make_slice(
    nt: NormText, number: int, title: str, head: int, body: int, stop: int, page_starts: tuple[int, ...]
) -> SectionSlice:
    text = nt.text
    b_start, b_end = strip_range(text, body, stop)
    if b_start == b_end:
        b_start = b_end = min(body, stop)
    _, whole_end = strip_range(text, head, stop)
    subs = _subsections(nt, b_start, b_end, page_starts) if number in PROSE_SECTIONS else ()
    section = Section(
        number=number,
        key=SECTION_KEYS.get(number, PREAMBLE_KEY),
        title=title,
        text=text[b_start:b_end],
        span=make_span(nt, head, max(whole_end, head + 1), page_starts),
        subsections=subs,
    )
    return SectionSlice(section=section, start=b_start, end=b_end, page_starts=page_starts)


def split_sections(nt: NormText, page_starts: tuple[int, ...] = ()) -> tuple[list[SectionSlice], list[int]]:
    """Return the sections found, in document order, and the numbers (1..6) of those missing.

    Text before the first heading becomes a preamble (number 0) when it holds anything.
    """
    text = nt.text
    headings = _find_headings(text)
    slices: list[SectionSlice] = []
    first = headings[0].start if headings else len(text)
    p_start, p_end = strip_range(text, 0, first)
    if p_start < p_end:
        slices.append(_make_slice(nt, 0, "", p_start, p_start, p_end, page_starts))
    for i, h in enumerate(headings):
        stop = headings[i + 1].start if i + 1 < len(headings) else len(text)
        body = _skip_title_line(text, h.body_start, stop) if h.number == 1 else h.body_start
        head, _ = strip_range(text, h.start, stop)
        slices.append(_make_slice(nt, h.number, h.title, head, body, stop, page_starts))
    found = {h.number for h in headings}
    return slices, [n for n in range(1, 7) if n not in found]
