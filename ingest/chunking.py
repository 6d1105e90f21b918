"""Cut a Report into retrieval chunks: one per subsection (long ones split), plus table sentences.

Questions such as “政务公开有哪些渠道” are answered by a paragraph of section 一, so prose is cut
along the report's own structure (subsections of 一 and 五, the prose of 二–四, section 六) and only
long pieces are split, at sentence ends with a little overlap. Tables are numbers without words;
to make them findable each row becomes one sentence that names the agency and year
(“背孜乡2025年政府信息公开申请情况（表三）：本年新收政府信息公开申请数量：自然人0件，…”).

Every chunk keeps character offsets into `Report.original_text`, so a hit can be quoted as the
report prints it. `Chunk.text` is what is embedded: a one-line header (agency, year, section,
subsection) followed by the normalised body.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ingest.quantities import format_number
from ingest.records import Cell, Report, Section, Span

SENTENCE_END = "。!?;！？；"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}\n]*(?:[{SENTENCE_END}]+|\n+|$)")
_TABLE_SECTION = {"A": 2, "B": 3, "C": 4}
_TABLE_NAME = {
    "A": "主动公开政府信息情况（表二）",
    "B": "政府信息公开申请情况（表三）",
    "C": "政府信息公开行政复议、行政诉讼情况（表四）",
}
_LEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.、．])\s*")


class Chunk(BaseModel):
    """One retrievable piece of a report; stored in SQLite (text + metadata) and Chroma (vector)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str  # f"{report_id}:{n}"
    report_id: str
    text: str  # what is embedded (normalised): header line + body
    agency: str
    region: str | None
    year: int | None
    section: int
    section_title: str
    subsection: str | None
    kind: Literal["text", "table"]
    start: int  # offsets into Report.original_text
    end: int
    line: int


@dataclass(frozen=True)
class _Piece:
    """A chunk before numbering."""

    body: str
    section: Section | None
    section_number: int
    subsection: str | None
    kind: Literal["text", "table"]
    span: Span


def chunk_report(report: Report, max_chars: int = 400, overlap: int = 40) -> list[Chunk]:
    """All chunks of one report, in document order, with ids f"{report.id}:{n}" (n from 0)."""
    locate = _Locator(report)
    pieces: list[_Piece] = []
    tables_done: set[str] = set()
    for section in report.sections:
        pieces += _section_pieces(section, locate, max_chars, overlap)
        for table, number in _TABLE_SECTION.items():
            if number == section.number and table not in tables_done:
                tables_done.add(table)
                pieces += _table_pieces(report, table, section, max_chars)
    for table in _TABLE_SECTION:
        if table not in tables_done:
            pieces += _table_pieces(report, table, None, max_chars)
    return [_to_chunk(report, n, p) for n, p in enumerate(pieces)]


def _to_chunk(report: Report, n: int, piece: _Piece) -> Chunk:
    meta = report.meta
    title = piece.section.title if piece.section is not None else ""
    header = " ".join(x for x in (_who(report), title, piece.subsection or "") if x)
    text = piece.body if piece.kind == "table" else f"{header}\n{piece.body}"
    return Chunk(
        id=f"{report.id}:{n}",
        report_id=report.id,
        text=text,
        agency=meta.agency,
        region=meta.region,
        year=meta.year,
        section=piece.section_number,
        section_title=title,
        subsection=piece.subsection,
        kind=piece.kind,
        start=piece.span.start,
        end=piece.span.end,
        line=piece.span.line,
    )


def _who(report: Report) -> str:
    year = report.meta.year
    return f"{report.meta.agency}{year}年" if year is not None else report.meta.agency


# ---------------------------------------------------------------------------------------- prose
class _Locator:
    """Maps a piece of a section's normalised text back to offsets in the original text."""

    def __init__(self, report: Report) -> None:
        from ingest.normalise import normalise

        self.text = report.text
        nt = normalise(report.original_text)
        self.nt = nt if nt.text == report.text else None

    def find(self, body: str, near: Span) -> int | None:
        """Offset of `body` in the normalised text, searched from the span's position."""
        if self.nt is None or not body:
            return None
        guess = bisect.bisect_left(self.nt.origin, near.start)
        found = self.text.find(body, max(0, guess - 200))
        return found if found >= 0 else (self.text.find(body) if self.text.find(body) >= 0 else None)

    def span(self, base: int | None, start: int, end: int, fallback: Span) -> Span:
        if base is None or self.nt is None:
            return fallback
        return self.nt.span(base + start, base + end, page=fallback.page)


def _section_pieces(section: Section, locate: _Locator, max_chars: int, overlap: int) -> list[_Piece]:
    """Prose chunks of one section: per subsection for 一 and 五, prose lines for the rest."""
    parts: list[tuple[str | None, str, Span]] = []
    if section.number in (1, 5) and section.subsections:
        first = section.subsections[0]
        cut = section.text.find(first.title) if first.title else -1
        if cut < 0:
            cut = section.text.find(first.text[:20]) if first.text else -1
        intro = section.text[:cut].strip() if cut > 0 else ""
        if intro:
            parts.append((None, intro, section.span))
        parts += [(sub.title or None, sub.text, sub.span) for sub in section.subsections]
    elif section.number in (1, 5, 6):
        parts.append((None, section.text, section.span))
    else:
        prose = "\n".join(line.strip() for line in section.text.splitlines() if _is_prose_line(line))
        if prose:
            parts.append((None, prose, section.span))
    pieces: list[_Piece] = []
    for subsection, text, span in parts:
        body_text = text.strip()
        if not body_text:
            continue
        base = locate.find(body_text, span)
        for a, b in split_text(body_text, max_chars, overlap):
            body = body_text[a:b].strip()
            if body:
                a += len(body_text[a:b]) - len(body_text[a:b].lstrip())
                b = a + len(body)
                pieces.append(
                    _Piece(body, section, section.number, subsection, "text", locate.span(base, a, b, span))
                )
    return pieces


def _is_prose_line(line: str) -> bool:
    """A sentence of prose among table rows: has a full stop, no tabs, not a row of numbers."""
    s = line.strip()
    if "\t" in s or "。" not in s or len(s) < 8:
        return False
    return len(re.findall(r"(?:^|\s)\d[\d.]*(?=\s|$)", s)) < 3


def split_text(text: str, max_chars: int, overlap: int) -> list[tuple[int, int]]:
    """[start, end) windows of at most `max_chars`, cut at sentence ends (。!?; or a line end).

    The next window starts at the first sentence that begins within `overlap` characters before
    the cut, or `overlap` characters before it when none does (a sentence longer than the window
    is cut inside, at a comma when there is one).
    """
    if len(text) <= max_chars:
        return [(0, len(text))]
    starts = [m.start() for m in _SENTENCE.finditer(text) if m.end() > m.start()]
    bounds = sorted(set(starts[1:]))
    windows: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        limit = start + max_chars
        if limit >= len(text):
            windows.append((start, len(text)))
            break
        i = bisect.bisect_right(bounds, limit) - 1
        end = bounds[i] if i >= 0 and bounds[i] > start + max_chars // 4 else _soft_cut(text, start, limit)
        windows.append((start, end))
        start = max(_overlap_start(text, bounds, end, overlap), start + 1)
    return windows


def _overlap_start(text: str, bounds: list[int], end: int, overlap: int) -> int:
    """Where the window after `end` begins: a sentence start, else a clause start, within `overlap`."""
    if overlap <= 0:
        return end
    j = bisect.bisect_left(bounds, end - overlap)
    if j < len(bounds) and bounds[j] < end:
        return bounds[j]
    window = text[end - overlap : end]
    clause = next((i for i, ch in enumerate(window) if ch in ",，、:："), None)
    return end - overlap + clause + 1 if clause is not None and clause + 1 < overlap else end - overlap


def _soft_cut(text: str, start: int, limit: int) -> int:
    """Inside an over-long sentence: cut after the last comma in the second half of the window."""
    comma = max(text.rfind(",", start, limit), text.rfind("，", start, limit), text.rfind("、", start, limit))
    return comma + 1 if comma > start + (limit - start) // 2 else limit


# ---------------------------------------------------------------------------------------- tables
def _table_pieces(report: Report, table: str, section: Section | None, max_chars: int) -> list[_Piece]:
    """The table's rows as sentences, packed into chunks of at most `max_chars` (no overlap)."""
    rows = table_sentences(report, table)
    if not rows:
        return []
    fallback = section.span if section is not None else Span(start=0, end=0, line=1)
    pieces: list[_Piece] = []
    batch: list[tuple[str, list[Cell]]] = []
    for sentence, cells in rows:
        if batch and sum(len(s) for s, _ in batch) + len(sentence) > max_chars:
            pieces.append(_table_piece(table, section, batch, fallback))
            batch = []
        batch.append((sentence, cells))
    pieces.append(_table_piece(table, section, batch, fallback))
    return pieces


def _table_piece(table: str, section: Section | None, batch: list[tuple[str, list[Cell]]], fallback: Span) -> _Piece:
    spans = [c.span for _, cells in batch for c in cells if c.span is not None]
    span = (
        Span(start=min(s.start for s in spans), end=max(s.end for s in spans), line=min(s.line for s in spans),
             page=spans[0].page)
        if spans
        else fallback
    )
    body = "".join(s for s, _ in batch)
    return _Piece(body, section, _TABLE_SECTION[table], "表" + "二三四"["ABC".index(table)], "table", span)


def table_sentences(report: Report, table: str) -> list[tuple[str, list[Cell]]]:
    """One readable sentence per table row that has cells, with the cells it states."""
    from ingest.tables.template import B_GROUPS, templates_for

    template = templates_for(report.meta.format_version)[table]
    by_row: dict[str, dict[str, Cell]] = {}
    for cell in report.cells:
        if cell.table == table:
            by_row.setdefault(cell.row, {})[cell.column] = cell
    prefix = f"{_who(report)}{_TABLE_NAME[table]}："
    known = {r.key for r in template.rows}
    out: list[tuple[str, list[Cell]]] = []
    for row in list(template.rows) + [_Extra(k) for k in by_row if k not in known]:
        cells = by_row.get(row.key)
        if not cells:
            continue
        columns = list(row.columns) + [c for c in cells if c not in row.columns]
        values = []
        for col in columns:
            found = cells.get(col)
            if found is not None:
                values.append(f"{_column_label(template, col)}{_value(found, _unit(template, col))}")
        label = _row_label(row.key, row.label, getattr(row, "block", None), B_GROUPS)
        out.append((f"{prefix}{label}：{'，'.join(values)}。", [cells[c] for c in columns if c in cells]))
    return out


@dataclass(frozen=True)
class _Extra:
    """A row key the template does not know (an older format): printed with its key."""

    key: str
    label: str = ""
    columns: tuple[str, ...] = ()
    block: str | None = None


def _row_label(key: str, label: str, block: str | None, groups: dict[str, tuple[str, str]]) -> str:
    text = _LEADING_NUMBER.sub("", label or key)
    text = re.sub(r"[（(]区分处理的.*?[）)]", "", text)
    if key.startswith("result."):
        group = next((g for g, (_, prefix) in groups.items() if key.startswith(prefix)), None)
        if group is not None:
            text = f"{_LEADING_NUMBER.sub('', groups[group][0])}·{text}"
        text = f"本年度办理结果·{text}" if key != "result.total" else "本年度办理结果·总计"
    return f"{block} {text}" if block else text


def _column_label(template: object, column: str) -> str:
    try:
        label = template.column(column).label  # type: ignore[attr-defined]
    except StopIteration:
        return column
    return re.sub(r"[（(].*?[）)]", "", label)


def _unit(template: object, column: str) -> str:
    try:
        return str(template.column(column).unit)  # type: ignore[attr-defined]
    except StopIteration:
        return ""


def _value(cell: Cell, unit: str) -> str:
    if cell.value is None:
        return "未填写"
    return f"{format_number(cell.value)}{unit}"
