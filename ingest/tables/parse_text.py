"""Parse tables A, B and C out of a section's text (tab-, space- or pipe-separated rows)."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.normalise import NormText
from ingest.records import Cell, Finding, FormatVersion
from ingest.sections import SectionSlice


@dataclass(frozen=True)
class TableParse:
    cells: tuple[Cell, ...]
    findings: tuple[Finding, ...]  # rows that could not be placed, tables that could not be read
    format_version: FormatVersion


def parse_tables(nt: NormText, slices: list[SectionSlice], page_starts: tuple[int, ...] = ()) -> TableParse:
    raise NotImplementedError
