"""Typed, immutable records handed from the parser to the stores, the answerer and the UI.

Every number gongkai reports can be traced back through these records to the exact place in the
original document: a `Span` gives character offsets into `Report.original_text` (what the report
says, unnormalised, for quoting) and the line number, plus the page when the reader knows it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TableId = Literal["A", "B", "C"]
FormatVersion = Literal["2021", "2019", "free"]
Severity = Literal["error", "warning", "info"]


class Record(BaseModel):
    """Base: frozen, no unknown fields, JSON round-trips exactly."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Record):
    """Where something stands in the document."""

    start: int = Field(description="Offset of the first character in Report.original_text.")
    end: int = Field(description="Offset after the last character in Report.original_text.")
    line: int = Field(description="1-based line number in Report.original_text.")
    page: int | None = Field(default=None, description="1-based page, when the reader knows pages.")


class Cell(Record):
    """One cell of table A, B or C."""

    table: TableId
    row: str = Field(description="Row key from ingest.tables.template, e.g. 'new' or 'result.public'.")
    column: str = Field(description="Column key, e.g. 'natural_person', 'total', 'issued'.")
    value: float | None = Field(description="None when the cell is blank or '/': not reported.")
    raw: str = Field(description="The cell's text as written ('0', '/', '', '1 3 4', '26.55').")
    span: Span | None = Field(default=None, description="The row's line in the document.")
    inferred: bool = Field(
        default=False, description="True when the value was proven by arithmetic, not read."
    )
    note: str | None = Field(default=None, description="Why an inferred value is certain.")
    confidence: float | None = Field(default=None, description="OCR confidence, when OCR read it.")


class CellRef(Record):
    """A pointer to a cell, used by findings."""

    table: TableId
    row: str
    column: str


class Subsection(Record):
    number: int = Field(description="1 for （一）, 2 for （二） …")
    title: str
    text: str
    span: Span


class Section(Record):
    number: int = Field(description="1..6 for 一 … 六 of the national format; 0 for a preamble.")
    key: str = Field(description="overall, proactive, requests, review, problems, other, preamble.")
    title: str = Field(description="The heading as written (normalised).")
    text: str = Field(description="Normalised body text, heading excluded.")
    span: Span
    subsections: tuple[Subsection, ...] = ()


class Fact(Record):
    """A number stated in prose, e.g. 全年通过微信公众号推送信息71条."""

    metric: str = Field(description="What is counted, e.g. 'proactive.items', 'requests.received'.")
    value: float
    unit: str = Field(description="条, 件, 人次, 万元, 次, 个 …")
    qualifier: str | None = Field(default=None, description="余, 近, 约, 多 … when approximate.")
    channel: str | None = Field(default=None, description="Where, e.g. 微信公众号, 政府网站.")
    subject: str = Field(description="The noun phrase the number counts, as written.")
    sentence: str = Field(description="The whole sentence, as written in the original text.")
    section: int
    span: Span


class Finding(Record):
    """Something a reader of the report should know: arithmetic that fails, an unplaceable row."""

    rule: str = Field(description="Stable id, e.g. 'B.balance', 'B.row_total', 'C.total', 'prose_vs_table'.")
    severity: Severity
    message: str = Field(description="One Chinese sentence a staff member understands.")
    cells: tuple[CellRef, ...] = ()
    sentence: str | None = None
    span: Span | None = None


class Commitment(Record):
    """One problem or improvement measure of section 五."""

    kind: Literal["problem", "measure"]
    index: int = Field(description="1-based order within its kind (一是 = 1).")
    text: str
    span: Span


class ReportMeta(Record):
    agency: str = Field(description="Canonical agency name, e.g. 背孜乡.")
    agency_raw: str = Field(description="The name as the report writes it, e.g. 鲁山县背孜乡.")
    region: str | None = Field(default=None, description="The county/city above it, e.g. 鲁山县.")
    region_path: tuple[str, ...] = Field(
        default=(), description="Province / city / county as far as known, e.g. (河南省, 平顶山市, 鲁山县)."
    )
    year: int | None
    title: str
    format_version: FormatVersion
    source_path: str
    source_format: str = Field(description="txt, html, pdf, docx, image.")
    encoding: str | None = None
    agency_source: str = Field(
        default="unknown", description="Where the agency was read: override, title, file, sentence, signature, unknown."
    )
    year_source: str = Field(default="unknown", description="Where the year was read: override, title, period, file, body.")


class Report(Record):
    id: str = Field(description="Derived from the normalised content: same content, same id.")
    meta: ReportMeta
    original_text: str = Field(description="The document's text as read, before normalisation.")
    text: str = Field(description="Normalised text (NFKC, repaired lines) that the parsers read.")
    sections: tuple[Section, ...]
    cells: tuple[Cell, ...]
    facts: tuple[Fact, ...]
    findings: tuple[Finding, ...]
    commitments: tuple[Commitment, ...]
    missing_sections: tuple[int, ...] = Field(default=(), description="Section numbers not found.")

    def cell(self, table: TableId, row: str, column: str) -> Cell | None:
        for c in self.cells:
            if c.table == table and c.row == row and c.column == column:
                return c
        return None

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)
