"""Where tables A, B and C stand in a report, and which edition of the form it follows.

The section splitter usually hands us sections 二/三/四. When one is missing (a heading reworded,
tables pasted without headings) the table is found by the words only the form prints: its heading,
or failing that its header cells. Reports before 2019 use no form at all: no markers, no tables.
"""

from __future__ import annotations

import re

from ingest.records import FormatVersion
from ingest.sections import SectionSlice

_SECTION_OF = {"A": 2, "B": 3, "C": 4}
_HEADINGS = {
    "A": re.compile(r"主动公开政府信息(?:的)?情况"),
    "B": re.compile(r"收到和处理政府信息公开申请(?:的)?情况"),
    "C": re.compile(r"行政复议[、和及]?\s*行政诉讼(?:的)?情况"),
}
# Words printed inside each table (its header cells); the first that occurs wins.
_MARKERS = {
    "A": ("第二十条第(一)项", "本年制发件数", "新制作数量", "第二十条第", "信息内容"),
    "B": ("勾稽关系", "申请人情况", "上年结转政府信息公开申请", "本年新收政府信息公开申请数量"),
    "C": ("未经复议直接起诉", "复议后起诉", "未经复议"),
}
_LINE_HEADINGS = {
    t: re.compile(r"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]\s*[、.]\s*)?" + h.pattern) for t, h in _HEADINGS.items()
}
_END = re.compile(r"(?m)^\s*(?:五|六)\s*[、.]|存在的主要问题")
_2019 = re.compile(r"新制作数量|新公开数量|对外公开总数量|上一年项目数量|第二十条第\(九\)项")
_FORM = re.compile(r"第二十条第|本年制发件数|新制作数量|勾稽关系|申请人情况|本年新收|未经复议|复议后起诉")
_HEADING_REACH = 3000  # a heading further than this before the table's first header cell is not its own


def format_version(text: str) -> FormatVersion:
    """2019 when the 2019 wording appears, free when no form at all, else 2021."""
    if not _FORM.search(text):
        return "free"
    return "2019" if _2019.search(text) else "2021"


def locate_tables(text: str, slices: list[SectionSlice]) -> dict[str, tuple[int, int]]:
    """Offsets [start, end) of each table found; a table not found is absent from the result."""
    by_number = {s.section.number: s for s in slices}
    found: dict[str, tuple[int, int]] = {}
    for table, number in _SECTION_OF.items():
        s = by_number.get(number)
        if s is not None and any(m in text[s.start : s.end] for m in _MARKERS[table]):
            found[table] = (s.start, s.end)
    missing = [t for t in _SECTION_OF if t not in found]
    if not missing:
        return found
    _cut_at_headings(text, found, missing)
    starts: dict[str, int] = {}
    for table in missing:
        begin = _search_start(text, table, found)
        if begin is not None:
            starts[table] = begin
    ordered = sorted([(r[0], t) for t, r in found.items()] + [(p, t) for t, p in starts.items()])
    for i, (begin, table) in enumerate(ordered):
        if table not in starts:
            continue
        nxt = ordered[i + 1][0] if i + 1 < len(ordered) else len(text)
        m = _END.search(text, begin + 1, nxt)
        found[table] = (begin, m.start() if m else nxt)
    return found


def _cut_at_headings(text: str, found: dict[str, tuple[int, int]], missing: list[str]) -> None:
    """End a table's section where a missing table's own heading opens a line inside it.

    A heading the splitter did not see (PDF text joined it with the header cells after it, “三、收到
    和处理政府信息公开申请情况申请人情况…”) leaves the next table inside the section before it.
    """
    for table, (start, end) in list(found.items()):
        cuts = [m.start() for other in missing if (m := _LINE_HEADINGS[other].search(text, start + 1, end))]
        if cuts:
            found[table] = (start, min(cuts))


def _search_start(text: str, table: str, found: dict[str, tuple[int, int]]) -> int | None:
    """Start of a table from its header words, or its heading when that stands just before them."""
    marker_at = None
    for marker in _MARKERS[table]:
        pos = _find_outside(text, marker, found)
        if pos is not None:
            marker_at = pos
            break
    if marker_at is None:
        return None
    heading_at = None
    for m in _HEADINGS[table].finditer(text, max(0, marker_at - _HEADING_REACH), marker_at):
        heading_at = m.start()
    if heading_at is not None:
        return heading_at
    return text.rfind("\n", 0, marker_at) + 1


def _find_outside(text: str, word: str, found: dict[str, tuple[int, int]]) -> int | None:
    pos = text.find(word)
    while pos >= 0:
        if not any(a <= pos < b for a, b in found.values()):
            return pos
        pos = text.find(word, pos + 1)
    return None
