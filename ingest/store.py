"""The two stores of one data directory: SQLite (reports, cells, facts, findings, commitments)
and Chroma (embedded chunks). Writes are atomic per report; reads of SQLite never load the model.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ingest.chunking import Chunk
from ingest.records import Cell, Commitment, Fact, Finding, Report
from ingest.settings import Settings


class ReportRow(BaseModel):
    """A stored report's summary line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    agency: str
    agency_raw: str
    region: str | None
    year: int | None
    title: str
    format_version: str
    source_path: str
    source_format: str
    n_cells: int
    n_findings: int
    ingested_at: str


class Store:
    """SQLite + Chroma in `settings.data`. Cheap to open; Chroma and the model load on first use."""

    def __init__(self, settings: Settings) -> None:
        raise NotImplementedError

    # ---- writes
    def put_report(self, report: Report, chunks: Sequence[Chunk]) -> str:
        """Store one report atomically; replaces an older version of the same agency and year.
        Returns 'added', 'replaced' or 'unchanged'."""
        raise NotImplementedError

    def reconcile(self) -> int:
        """Remove half-written reports and orphan chunks left by a crash; returns how many fixed."""
        raise NotImplementedError

    # ---- reads (SQLite only)
    def reports(self, agency: str | None = None, year: int | None = None) -> list[ReportRow]:
        raise NotImplementedError

    def report(self, report_id: str) -> Report | None:
        raise NotImplementedError

    def cells(
        self,
        *,
        agency: str | None = None,
        year: int | None = None,
        table: str | None = None,
        row: str | None = None,
        column: str | None = None,
        report_id: str | None = None,
        region: str | None = None,
    ) -> list[tuple[ReportRow, Cell]]:
        raise NotImplementedError

    def facts(
        self, *, agency: str | None = None, year: int | None = None, metric: str | None = None
    ) -> list[tuple[ReportRow, Fact]]:
        raise NotImplementedError

    def findings(
        self, *, agency: str | None = None, year: int | None = None, rule: str | None = None
    ) -> list[tuple[ReportRow, Finding]]:
        raise NotImplementedError

    def commitments(
        self, *, agency: str | None = None, year: int | None = None
    ) -> list[tuple[ReportRow, Commitment]]:
        raise NotImplementedError
