"""Cut a table's text into rows: a label (possibly wrapped over lines) followed by its values.

Tables reach us in many shapes: tab-separated (.txt, and every reader's output), pipe-separated
(copied from web pages), space-separated with wrapped labels and split headers (PDF text), one cell
per line (web copy, sometimes each cell closed by a pipe), with page markers in between. All of them become one stream of label and value
tokens; a row is a run of labels followed by a run of values. Only tab/pipe rows can show a blank
cell, so only they keep blanks (as values of None).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.tables.labels import parse_value

_PAGE_MARKER = re.compile(
    r"\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,/]?\s*共\s*\d{1,3}\s*页)?"
    r"|共\s*\d{1,3}\s*页\s*[,/]?\s*第\s*\d{1,3}\s*页|\d{1,3}\s*/\s*\d{1,3})\s*"
)
_TOKEN = re.compile(r"\S+")
_MD_RULE = re.compile(r"[\s|:\-—]+")


@dataclass(frozen=True, slots=True)
class Value:
    raw: str
    value: float | None  # None: blank or “/” (not reported)
    start: int  # offsets in the normalised text
    end: int
    spaced: bool = False  # “1 3 4” inside one field
    field: int = -1  # index of its field in a tab/pipe line (-1: space-separated text)
    line: int = -1  # offset of that line, to tell one grid row from the next


@dataclass(frozen=True, slots=True)
class RawRow:
    label: str  # the label run as written (simplified characters), whitespace kept
    label_start: int  # offset of `label` in the normalised text
    values: tuple[Value, ...]
    fielded: bool  # some values came from a tab/pipe line, where blanks are cells

    @property
    def end(self) -> int:
        return self.values[-1].end if self.values else self.label_start + len(self.label)

    @property
    def has_numbers(self) -> bool:
        return any(v.raw for v in self.values)


@dataclass(frozen=True)
class TableText:
    rows: list[RawRow]
    headers: list[list[str]]  # the fields of tab/pipe lines without numbers (header rows)


def _fields(line: str, sep: str) -> list[tuple[str, int]]:
    """(field text stripped, offset in line) for each field of a tab/pipe line."""
    out: list[tuple[str, int]] = []
    pos = 0
    for part in line.split(sep):
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        out.append((stripped, pos + lead))
        pos += len(part) + 1
    if sep == "|":  # “| a | b |”: the outer pipes make empty edge fields
        if out and not out[0][0]:
            out = out[1:]
        if out and not out[-1][0]:
            out = out[:-1]
    return out


class _Builder:
    """Accumulates tokens into rows: labels, then values; a label after values starts a new row."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.rows: list[RawRow] = []
        self.label_start: int | None = None
        self.label_end = 0
        self.values: list[Value] = []
        self.fielded = False
        self.blanks: list[Value] = []  # a label's tab line ended in blank cells only

    def label(self, start: int, end: int) -> None:
        if self.values or self.blanks:
            self.flush()
        if self.label_start is None:
            self.label_start = start
        self.label_end = end

    def value(self, v: Value, fielded: bool) -> None:
        self.values.append(v)
        self.fielded = self.fielded or fielded
        self.blanks = []

    def blank_cells(self, blanks: list[Value]) -> None:
        """A row whose cells are all blank, unless numbers follow before the next label."""
        if not self.values:
            self.blanks = blanks

    def flush(self) -> None:
        if not self.values and self.blanks:
            self.values, self.fielded = self.blanks, True
        self.blanks = []
        if self.values or self.label_start is not None:
            start = self.label_start if self.label_start is not None else self.values[0].start
            label = self.text[start : self.label_end] if self.label_start is not None else ""
            self.rows.append(RawRow(label, start, tuple(self.values), self.fielded))
        self.label_start, self.label_end, self.values, self.fielded = None, 0, [], False


def split_rows(text: str, start: int, end: int, breaks: Sequence[int] = ()) -> TableText:
    """Rows of the table text `text[start:end]` (text already mapped to simplified characters).

    `breaks` are offsets where the original had a line break that normalisation removed (it joins
    what looks like wrapped prose, which can include pipe-table lines); lines are cut there too.
    """
    b = _Builder(text)
    headers: list[list[str]] = []
    cuts = iter(sorted(breaks))
    cut = next(cuts, end)
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl < 0 else nl
        while cut <= pos:
            cut = next(cuts, end)
        skip = 1
        if cut < line_end:
            line_end, skip = cut, 0
        line = text[pos:line_end]
        if line.strip() and "。" not in line and not _PAGE_MARKER.fullmatch(line):
            sep = "\t" if "\t" in line else "|" if line.count("|") >= 2 else None
            if sep is None:
                _space_line(b, line, pos)
            elif not (sep == "|" and _MD_RULE.fullmatch(line)):
                header = _field_line(b, line, pos, sep)
                if header is not None:
                    headers.append(header)
        pos = line_end + skip
    b.flush()
    return TableText(b.rows, headers)


def removed_breaks(original: str, origin: Sequence[int], start: int, end: int) -> list[int]:
    """Offsets in [start, end) of the normalised text where normalisation dropped a line break."""
    out = []
    for i in range(max(start, 1), min(end, len(origin))):
        a, b = origin[i - 1], origin[i]
        if b - a > 1 and "\n" in original[a + 1 : b]:
            out.append(i)
    return out


def _space_line(b: _Builder, line: str, base: int) -> None:
    for m in _TOKEN.finditer(line):
        # a web table copied one cell per line closes each cell with a pipe (“5 |”, “规章 |”): the pipe
        # is the cell's edge, not a label
        token = m.group().strip("|")
        if not token:
            continue
        start = base + m.start() + m.group().index(token)
        is_value, number = parse_value(token, in_field=False)
        if is_value:
            b.value(Value(token, number, start, start + len(token)), fielded=False)
        else:
            b.label(start, start + len(token))


def _field_line(b: _Builder, line: str, base: int, sep: str) -> list[str] | None:
    """Feed one tab/pipe line to the builder; return its fields when it holds no numbers (a header)."""
    fields = _fields(line, sep)
    parsed = [(text, off, *parse_value(text, in_field=True)) for text, off in fields]
    last_label = max((i for i, (text, _, is_val, _) in enumerate(parsed) if text and not is_val), default=-1)
    for text, off, _, _ in parsed[: last_label + 1]:
        if text:
            b.label(base + off, base + off + len(text))
    tail = [
        Value(text, number, base + off, base + off + len(text), " " in text, i, base)
        for i, (text, off, _, number) in enumerate(parsed)
        if i > last_label
    ]
    if any(v.raw for v in tail):
        for v in tail:
            b.value(v, fielded=True)
        return None
    if tail:
        b.blank_cells(tail)
    return [text for text, _, _, _ in parsed]
