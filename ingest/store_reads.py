"""The SQLite reads of a store: report lines, cells, facts, findings, commitments, chunks.

A mixin of `ingest.store.Store`, kept apart so that store.py holds the write protocol (two phases,
crash recovery, migrations) and this module the queries answers and pages run. Reads never load
the model and see only 'complete' reports; open-ended reads see current reports only.
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections.abc import Callable, Sequence
from typing import Any

from ingest.chunking import Chunk
from ingest.records import Cell, Commitment, Fact, Finding, Report
from ingest.store_rows import (
    CHUNK_SELECT,
    N_REPORT_COLS,
    REPORT_COLS,
    ReportRow,
    cells_from_rows,
    cells_query,
    chunk_from_row,
    current_clause,
    report_row,
    where_clause,
)


class StoreReads:
    """What `Store` sets up in its constructor and these reads use."""

    db: sqlite3.Connection
    _lock: threading.RLock
    _summaries: dict[tuple[Any, ...], ReportRow]
    _rows_by_id: dict[str, ReportRow]
    _rows_generation: int

    def generation(self) -> int:
        raise NotImplementedError

    def _rows(self, sql: str, args: Sequence[Any]) -> list[sqlite3.Row]:
        with self._lock:
            cur = self.db.execute(sql, tuple(args))
            return cur.fetchall()

    def _row_cache(self) -> dict[str, ReportRow]:
        """ReportRows by id, kept while the generation stands (saves rebuilding them per cell)."""
        generation = self.generation()
        if generation != self._rows_generation:
            self._rows_by_id, self._rows_generation = {}, generation
        return self._rows_by_id

    def reports(
        self, agency: str | None = None, year: int | None = None, *, current_only: bool = True
    ) -> list[ReportRow]:
        """Stored reports; `current_only=False` adds the other editions kept beside the current ones
        (ReportRow.current tells them apart), for staff listings."""
        where, args = where_clause({"agency": agency, "year": year})
        current = " AND current=1" if current_only else ""
        rows = self._rows(f"SELECT {REPORT_COLS} FROM reports WHERE state='complete'{current}{where} "
                          "ORDER BY agency, year, id", args)
        seen = self._summaries  # the same row, the same ReportRow: after an ingest, 10,000 are not rebuilt
        if len(seen) > 2 * len(rows) + 1000:
            seen.clear()
        return [seen.get(r) or seen.setdefault(r, report_row(r)) for r in rows]

    def row(self, report_id: str) -> ReportRow | None:
        """One stored report's summary line, current or not (what it is stored as)."""
        rows = self._rows(f"SELECT {REPORT_COLS} FROM reports WHERE state='complete' AND id=?", (report_id,))
        return report_row(rows[0]) if rows else None

    def group(self, agency: str, year: int | None) -> list[ReportRow]:
        """Every stored report of one agency and year, in the order they were stored (one is current;
        an unknown agency or year forms no group, so its reports are listed but each is current)."""
        rows = self._rows(f"SELECT {REPORT_COLS} FROM reports WHERE state='complete' AND agency=? AND year IS ? "
                          "ORDER BY rowid", (agency, year))
        return [report_row(r) for r in rows]

    def report(self, report_id: str) -> Report | None:
        rows = self._rows("SELECT j.zjson FROM reports r JOIN report_json j ON j.rk=r.rk "
                          "WHERE r.id=? AND r.state='complete'", (report_id,))
        return Report.model_validate_json(zlib.decompress(rows[0][0])) if rows else None

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
        current_only: bool = True,
    ) -> list[tuple[ReportRow, Cell]]:
        filters = {"r.agency": agency, "r.year": year, "l.tbl": table, "l.row": row, "l.col": column,
                   "r.id": report_id, "r.region": region}
        sql, args = cells_query(filters, current_only and report_id is None,
                                by_report=agency is not None or report_id is not None)
        return cells_from_rows(self._rows(sql, args), self._row_cache())

    def _json_rows(self, table: str, filters: dict[str, Any], current_only: bool) -> list[tuple[ReportRow, str]]:
        where, args = where_clause({f"x.{k}": v for k, v in filters.items()})
        where += current_clause(current_only)
        cols = ", ".join(f"r.{c.strip()}" for c in REPORT_COLS.split(","))
        rows = self._rows(f"SELECT {cols}, x.json FROM {table} x JOIN reports r ON r.id=x.report_id "
                          f"WHERE r.state='complete'{where} ORDER BY r.agency, r.year, x.rowid", args)
        cache = self._row_cache()
        return [(cache.get(r[0]) or cache.setdefault(r[0], report_row(r)), r[N_REPORT_COLS]) for r in rows]

    def facts(
        self, *, agency: str | None = None, year: int | None = None, metric: str | None = None,
        current_only: bool = True,
    ) -> list[tuple[ReportRow, Fact]]:
        rows = self._json_rows("facts", {"agency": agency, "year": year, "metric": metric}, current_only)
        return [(rr, Fact.model_validate_json(j)) for rr, j in rows]

    def findings(
        self, *, agency: str | None = None, year: int | None = None, rule: str | None = None,
        current_only: bool = True,
    ) -> list[tuple[ReportRow, Finding]]:
        rows = self._json_rows("findings", {"agency": agency, "year": year, "rule": rule}, current_only)
        return [(rr, Finding.model_validate_json(j)) for rr, j in rows]

    def commitments(
        self, *, agency: str | None = None, year: int | None = None, current_only: bool = True
    ) -> list[tuple[ReportRow, Commitment]]:
        rows = self._json_rows("commitments", {"agency": agency, "year": year}, current_only)
        return [(rr, Commitment.model_validate_json(j)) for rr, j in rows]

    def chunks(
        self, ids: Sequence[str] | None = None, *, report_id: str | None = None, current_only: bool = True
    ) -> list[Chunk]:
        """Chunks of complete reports, by id (in the order given), of one report (in order), or of all
        (current) reports."""
        if ids is not None:
            found: dict[str, Chunk] = {}
            for i in range(0, len(ids), 500):
                part = list(ids[i : i + 500])
                marks = ",".join("?" * len(part))
                for r in self._rows(f"{CHUNK_SELECT} AND c.id IN ({marks})", part):
                    found[r[0]] = chunk_from_row(r)
            return [found[i] for i in ids if i in found]
        where, args = where_clause({"c.report_id": report_id})
        where += current_clause(current_only and report_id is None)
        return [chunk_from_row(r) for r in self._rows(f"{CHUNK_SELECT}{where} ORDER BY c.report_id, c.n", args)]

    def chunk_corpus(self) -> list[tuple[str, str, int | None, int]]:
        """(id, agency, year, section) of every chunk in the lexical index, i.e. of a current report:
        the retriever's corpus (its dense hits are kept only where they are in it)."""
        sql = "SELECT id, agency, year, section FROM chunks WHERE lex_doc IS NOT NULL ORDER BY report_id, n"
        return [tuple(r) for r in self._rows(sql, ())]  # type: ignore[misc]

    def read(self, fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(db, *args)` under the store's lock, in one read transaction (one snapshot, whatever another
        process commits meanwhile): the retriever's queries of the lexical index."""
        with self._lock:
            self.db.execute("BEGIN")
            try:
                return fn(self.db, *args)
            finally:
                self.db.execute("COMMIT")
