"""Turn one document into a `Report`: the single parser that every reader feeds.

normalise → sections → metadata → tables (cells + placement findings) → facts → commitments →
consistency checks. Each step lives in its own module; this one only wires them together.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import NotAReport
from ingest.normalise import normalise
from ingest.read import Document, read_document
from ingest.records import Report, ReportMeta

# What marks a page or excerpt as an annual report, of any era, once traditional characters are converted:
# title words, the 条例 preamble, the report's name. Section headings are found by split_sections.
_REPORT_MARKS = re.compile(r"政府信息公开|政务公开|信息公开(?:工作)?(?:年度)?报告|信息公开条例|年度报告")


def report_id(normalised_text: str) -> str:
    """Same normalised content → same id, whatever the file name or format it came in."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()[:16]


def parse_document(
    doc: Document,
    *,
    source_path: str,
    agency: str | None = None,
    year: int | None = None,
) -> Report:
    """Parse a read document. `agency`/`year` override what the text says."""
    from ingest.commitments import extract_commitments
    from ingest.facts import extract_facts
    from ingest.metadata import read_metadata
    from ingest.sections import split_sections
    from ingest.tables.checks import check_prose, check_tables
    from ingest.tables.parse_text import parse_tables

    nt = normalise(doc.text)
    slices, missing = split_sections(nt, doc.page_starts)
    meta = read_metadata(nt, slices, source_path=source_path, agency=agency, year=year, hints=doc.titles)
    if not any(s.section.number for s in slices) and not _REPORT_MARKS.search(nt.text):
        raise NotAReport(
            f"这不是政府信息公开工作年度报告：{Path(source_path).name}。"
            "未找到“总体情况”等章节或“政府信息公开”字样 (not an annual report)."
        )
    tables = parse_tables(nt, slices, doc.page_starts)
    if doc.ocr:  # scanned pages: cells keep their OCR confidence, doubtful digits become findings
        from ingest.read.ocr import review_cells

        tables = review_cells(tables, doc)
    facts = extract_facts(nt, slices)
    commitments = extract_commitments(nt, slices)
    findings = (
        list(tables.findings) + check_tables(tables.cells, tables.format_version) + check_prose(tables.cells, facts)
    )
    return Report(
        id=report_id(nt.text),
        meta=ReportMeta(
            agency=meta.agency,
            agency_raw=meta.agency_raw,
            region=meta.region,
            region_path=meta.region_path,
            year=meta.year,
            title=meta.title,
            format_version=tables.format_version,
            source_path=source_path,
            source_format=doc.source_format,
            encoding=doc.encoding,
            agency_source=meta.agency_source,
            year_source=meta.year_source,
        ),
        original_text=doc.text,
        text=nt.text,
        sections=tuple(s.section for s in slices),
        cells=tuple(tables.cells),
        facts=tuple(facts),
        findings=tuple(findings),
        commitments=tuple(commitments),
        missing_sections=tuple(missing),
    )


def parse_file(path: Path, *, agency: str | None = None, year: int | None = None) -> Report:
    """Read and parse one file; raises UnreadableFile or NotAReport with a user-facing reason."""
    return parse_document(read_document(path), source_path=str(path), agency=agency, year=year)
