"""Cut a Report into retrieval chunks: one per subsection (long ones split), plus table sentences."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ingest.records import Report


class Chunk(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str  # f"{report_id}:{n}"
    report_id: str
    text: str  # what is embedded (normalised)
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


def chunk_report(report: Report, max_chars: int = 400, overlap: int = 40) -> list[Chunk]:
    raise NotImplementedError
