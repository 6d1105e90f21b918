"""The SQLite rows of one report: how ingest/store.py writes them and turns them back into records.

Kept apart from the Store so that the store's module holds the write protocol and the queries,
and this one the column lists they share.
"""

from __future__ import annotations

import sqlite3
import time
import zlib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.chunking import Chunk
from ingest.records import Cell, Report, Span

REPORT_COLS = ("id, agency, agency_raw, region, year, title, format_version, source_path, source_format, "
                "n_cells, n_findings, ingested_at, current")
N_REPORT_COLS = len(REPORT_COLS.split(","))


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
    current: bool = True  # the report of its agency and year that questions are answered from


CHUNK_SELECT = ("SELECT c.id, c.report_id, c.text, c.agency, c.region, c.year, c.section, c.section_title, "
                 "c.subsection, c.kind, c.start, c.\"end\", c.line FROM chunks c JOIN reports r ON r.id=c.report_id "
                 "WHERE r.state='complete'")


def chunk_from_row(r: Sequence[Any]) -> Chunk:
    keys = ("id", "report_id", "text", "agency", "region", "year", "section", "section_title", "subsection",
            "kind", "start", "end", "line")
    return Chunk.model_construct(**dict(zip(keys, r, strict=True)))


def report_row(r: Sequence[Any]) -> ReportRow:
    keys = [c.strip() for c in REPORT_COLS.split(",")]
    fields = dict(zip(keys, r[: len(keys)], strict=True))
    fields["current"] = bool(fields["current"])
    return ReportRow.model_construct(**fields)


def current_clause(current_only: bool) -> str:
    return " AND r.current=1" if current_only else ""


def where_clause(filters: dict[str, Any]) -> tuple[str, list[Any]]:
    parts = [(k, v) for k, v in filters.items() if v is not None]
    return "".join(f" AND {k}=?" for k, _ in parts), [v for _, v in parts]


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def insert_report(
    db: sqlite3.Connection, report: Report, chunks: Sequence[Chunk], *,
    state: str = "pending", labelled_by: str = "text",
) -> None:
    """All rows of one report; `current` is 0 until regroup() chooses (pending rows are unseen anyway).
    The sections are kept in the report's JSON only; the BM25 tokens go to the lexical index
    (ingest/lexical.py) when the report becomes current."""
    m, rid = report.meta, report.id
    db.execute(
        "INSERT INTO reports (id, state, agency, agency_raw, region, year, title, format_version, source_path, "
        "source_format, n_cells, n_findings, n_chunks, ingested_at, current, n_missing, labelled_by, "
        "rk) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, (SELECT coalesce(max(rk), 0) + 1 FROM reports))",
        (rid, state, m.agency, m.agency_raw, m.region, m.year, m.title, m.format_version, m.source_path,
         m.source_format, len(report.cells), len(report.findings), len(chunks), now(), 0,
         len(report.missing_sections), labelled_by),
    )
    who = (rid, m.agency, m.year)
    rk = db.execute("SELECT rk FROM reports WHERE id=?", (rid,)).fetchone()[0]
    db.execute("INSERT INTO report_json (rk, zjson) VALUES (?, ?)",
               (rk, zlib.compress(report.model_dump_json().encode("utf-8"), 6)))
    labels = {(c.table, c.row, c.column) for c in report.cells}
    db.executemany("INSERT OR IGNORE INTO cell_labels (tbl, row, col) VALUES (?,?,?)", sorted(labels))
    label = {tuple(r[1:]): r[0] for r in db.execute("SELECT id, tbl, row, col FROM cell_labels")} if labels else {}
    db.executemany(
        "INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(rk, n, label[(c.table, c.row, c.column)], c.value, c.raw,
          *((c.span.start, c.span.end, c.span.line, c.span.page) if c.span else (None,) * 4),
          int(c.inferred), c.note, c.confidence) for n, c in enumerate(report.cells)],
    )
    db.executemany("INSERT INTO facts VALUES (?,?,?,?,?,?)",
                   [(*who, f.metric, f.value, f.model_dump_json()) for f in report.facts])
    db.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?)",
                   [(*who, f.rule, f.severity, f.model_dump_json()) for f in report.findings])
    db.executemany("INSERT INTO commitments VALUES (?,?,?,?,?,?)",
                   [(*who, c.kind, c.index, c.model_dump_json()) for c in report.commitments])
    db.executemany(
        "INSERT INTO chunks (id, report_id, n, text, agency, region, year, section, section_title, subsection, "
        "kind, start, \"end\", line) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(c.id, rid, n, c.text, c.agency, c.region, c.year, c.section, c.section_title, c.subsection, c.kind,
          c.start, c.end, c.line) for n, c in enumerate(chunks)],
    )



def cells_query(filters: dict[str, Any], current_only: bool, *, by_report: bool) -> tuple[str, list[Any]]:
    """The SELECT of Store.cells(): `filters` keyed by r.* (reports) and l.* (cell_labels) columns."""
    where, args = where_clause(filters)
    where += current_clause(current_only)
    cols = ", ".join(f"r.{c.strip()}" for c in REPORT_COLS.split(","))
    labelled = any(v is not None for k, v in filters.items() if k.startswith("l."))
    # CROSS JOIN fixes the order: from the few reports named, else from the one label asked for
    joins = ("reports r CROSS JOIN cells c ON c.rk=r.rk CROSS JOIN cell_labels l ON l.id=c.label"
             if by_report or not labelled else
             "cell_labels l CROSS JOIN cells c ON c.label=l.id CROSS JOIN reports r ON r.rk=c.rk")
    return (f"SELECT {cols}, l.tbl, l.row, l.col, c.value, c.raw, c.start, c.\"end\", c.line, c.page, c.inferred, "
            f"c.note, c.confidence FROM {joins} WHERE r.state='complete'{where} ORDER BY r.agency, r.year, r.id, c.n",
            args)


def cells_from_rows(rows: Sequence[Sequence[Any]], cache: dict[str, ReportRow]) -> list[tuple[ReportRow, Cell]]:
    """(ReportRow, Cell) pairs of cells_query's rows; ReportRows shared through `cache`."""
    out = []
    for r in rows:
        rr = cache.get(r[0]) or cache.setdefault(r[0], report_row(r))
        c = r[N_REPORT_COLS:]
        span = None if c[5] is None else Span.model_construct(start=c[5], end=c[6], line=c[7], page=c[8])
        out.append((rr, Cell.model_construct(table=c[0], row=c[1], column=c[2], value=c[3], raw=c[4],
                                             span=span, inferred=bool(c[9]), note=c[10], confidence=c[11])))
    return out
