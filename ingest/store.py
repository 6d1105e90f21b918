"""The two stores of one data directory: SQLite (reports, cells, facts, findings, commitments)
and Chroma (embedded chunks, ingest/vectors.py). Writes are atomic per report; reads of SQLite
never load the model.

Why two phases: SQLite and Chroma cannot share a transaction. A report is written to SQLite as
'pending' (one transaction), its chunks are embedded into Chroma, then one more transaction marks
it 'complete' (choosing the current report of its agency and year, ingest/store_groups.py, and
removing the reports an explicit `replace` supersedes). Readers only see 'complete' reports, so a crash
at any point leaves nothing half-visible, and `reconcile()` (run at the start of every ingest)
deletes what a crash left behind in either store. The BM25 index (ingest/lexical.py) is written in
the transaction that makes a report complete (or not current), so it holds exactly the current
chunks; so are the vectors of the report's section 五 items (ingest/sentence_vectors.py: the
commitments timeline's, embedded beside the chunks). The SQLite schema comes from the numbered
scripts in ingest/migrations/, applied on open and recorded in `schema_version`.

A report's identity is its content (Report.id): two different files never replace each other, and
several reports of one agency and year are all kept, one of them current. Open-ended reads (all
cells of an agency, the retriever's corpus, the report list) return current reports only, so
answers never mix two editions; pass `current_only=False` for the staff's full list. A read that
names a report (report_id=, chunk ids) returns it whether current or not.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest import lexical, sentence_vectors
from ingest.chunking import Chunk
from ingest.errors import StoreError
from ingest.records import Report
from ingest.settings import Settings
from ingest.store_groups import groupable, regroup
from ingest.store_reads import StoreReads
from ingest.store_rows import (
    ReportRow,
    insert_report,
    now,
)
from ingest.vectors import Vectors

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
CRASH_ENV = "GONGKAI_CRASH_AT"  # test hook: "<stage>:<n>" kills this process at the n-th <stage>
__all__ = ["CRASH_ENV", "MIGRATIONS", "ReportRow", "Store"]


class Store(StoreReads):
    """SQLite + Chroma in `settings.data`. Cheap to open; Chroma and the model load on first use.

    `embeddings` replaces the configured model (unit tests pass a small fake one).
    """

    def __init__(self, settings: Settings, *, embeddings: Embeddings | None = None) -> None:
        self.settings = settings
        self._lock = threading.RLock()
        self.vectors = Vectors(settings, embeddings=embeddings, lock=self._lock)
        self._override = embeddings  # a store given its own Embeddings keys item vectors by it
        self._crash_count: dict[str, int] = {}
        self._rows_by_id: dict[str, ReportRow] = {}
        self._rows_generation = -1
        self._summaries: dict[tuple[Any, ...], ReportRow] = {}
        try:
            settings.data.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(settings.db_path, check_same_thread=False, isolation_level=None, timeout=30)
        except (OSError, sqlite3.Error) as err:
            raise StoreError(
                f"无法打开数据目录 {settings.data}：{err}。请检查路径和权限 (cannot open the data directory)."
            ) from err
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        upgraded = self._migrate()
        if self.schema_version() >= 3 and lexical.needs_backfill(self.db):  # from version 2: index it once
            with self._tx() as db:
                lexical.backfill(db)
            shutil.rmtree(settings.data / "bm25", ignore_errors=True)  # version 2's saved bm25s indexes
        if upgraded:
            self._vacuum()

    # ------------------------------------------------------------------ schema
    def _migrate(self) -> bool:
        """Apply the numbered migrations not yet recorded in schema_version, each in one transaction.
        True when a store that already held reports was upgraded."""
        from filelock import FileLock

        with FileLock(str(self.settings.data / ".migrate.lock"), timeout=60):
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
            done = {v for (v,) in self.db.execute("SELECT version FROM schema_version")}
            held = bool(done) and self.db.execute("SELECT 1 FROM reports LIMIT 1").fetchone() is not None
            applied = False
            for script in sorted(MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")):
                version = int(script.name[:3])
                if version not in done:
                    sql = script.read_text(encoding="utf-8")
                    self.db.executescript(
                        f"BEGIN;\n{sql}\nINSERT INTO schema_version VALUES ({version}, datetime('now'));\nCOMMIT;"
                    )
                    applied = True
            return held and applied

    def _vacuum(self) -> None:
        """Give back the pages an upgrade freed (version 2 → 4 dropped token copies: a 10,000-report
        store stayed 1.3 GB until VACUUM, 5 s, made it 0.4 GB). VACUUM rewrites the file atomically;
        when another process holds the store open it cannot run, and the store stays as it was."""
        try:
            self.db.execute("VACUUM")
        except sqlite3.OperationalError as err:
            log.warning("VACUUM after the upgrade was not run (%s); the store works, only larger than needed", err)

    def schema_version(self) -> int:
        return int(self.db.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def generation(self) -> int:
        """Bumped by every change readers can see (the answerer's catalogue is rebuilt when it moves)."""
        with self._lock:
            return int(self.db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # ------------------------------------------------------------------ Chroma (ingest/vectors.py)
    def _collection(self) -> Any:
        """The raw Chroma collection for deletes and counts, without loading the model."""
        return self.vectors.collection()

    def _chroma_exists(self) -> bool:
        return self.vectors.exists()

    def _delete_vectors(self, report_id: str) -> None:
        if self._chroma_exists():
            self.vectors.delete_report(report_id)

    def _add_vectors(self, chunks: Sequence[Chunk], on_batch: Callable[[int], None] | None) -> None:
        self.vectors.add(chunks, on_batch)

    def dense_search(
        self, query: str, k: int, where: dict[str, Any] | None = None, *, among: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine distance) of the k nearest chunks, the query with the query prompt. `among`:
        the few chunk ids a filter leaves, ranked exactly (faster than Chroma's filter on a big collection)."""
        if among is not None:
            return self.vectors.search_among(query, k, among)
        return self.vectors.search(query, k, where)

    def _crash_hook(self, stage: str) -> None:
        """Tests kill the process at a chosen point (GONGKAI_CRASH_AT=chroma_added:2) to prove atomicity."""
        target = os.environ.get(CRASH_ENV, "")
        if target.partition(":")[0] != stage:
            return
        self._crash_count[stage] = self._crash_count.get(stage, 0) + 1
        if self._crash_count[stage] == int(target.partition(":")[2] or 1):
            os.kill(os.getpid(), signal.SIGKILL)

    # ------------------------------------------------------------------ writes
    def put_report(
        self,
        report: Report,
        chunks: Sequence[Chunk],
        *,
        on_batch: Callable[[int], None] | None = None,
        replace: bool = False,
        labelled_by: str = "text",
    ) -> str:
        """Store one report atomically, beside any other report of the same agency and year.

        Returns 'added', 'replaced' (`replace=True` removed the stored reports of its agency and
        year), 'unchanged' (this content is stored already, with the same agency, region and year)
        'relabelled' (the same content stored under another agency/year, e.g. now that a
        manifest names it) or 'reparsed' (the same content and labels, read differently by this
        version of the parser: the new reading replaces the stored one). `labelled_by` says where the agency/year came from: 'text', or
        'manifest'/'option' (trusted: labels read only from the text never undo them, so such a
        re-ingest is 'unchanged'). `on_batch(n)` is told of each embedded batch."""
        from ingest.words import search_tokens

        m = report.meta
        with self._lock:
            stored = self.db.execute("SELECT state, agency, region, year, labelled_by FROM reports WHERE id=?",
                                     (report.id,)).fetchone()
            if stored is not None and stored[0] == "complete":
                trusted_before = stored[4] != "text" and labelled_by == "text"
                same_labels = tuple(stored[1:4]) == (m.agency, m.region, m.year)
                if same_labels and not self._same_parse(report):  # parsed anew by a newer gongkai
                    self._restore(report, chunks, old=(stored[1], stored[3]),
                                  labelled_by=stored[4] if trusted_before else labelled_by)
                    return "reparsed"
                if same_labels or trusted_before:
                    return "unchanged"
                self._restore(report, chunks, old=(stored[1], stored[3]), labelled_by=labelled_by)
                return "relabelled"
            if stored is not None:
                self._drop(report.id)
            old = [r for (r,) in self.db.execute(
                "SELECT id FROM reports WHERE agency=? AND year=? AND state='complete' AND id<>?",
                (m.agency, m.year, report.id))] if replace and groupable(m.agency, m.year) else []
            tokens = {c.id: " ".join(search_tokens(c.text)) for c in chunks}
            with self._tx() as db:
                insert_report(db, report, chunks, labelled_by=labelled_by)
            self._crash_hook("pending_written")
            try:
                if chunks:
                    self._add_vectors(chunks, on_batch)
                items = self._new_item_vectors(report)
            except BaseException:
                self._drop(report.id)
                raise
            self._crash_hook("chroma_added")
            with self._tx() as db:
                for old_id in old:
                    db.execute("DELETE FROM reports WHERE id=?", (old_id,))
                    db.execute("INSERT OR IGNORE INTO chroma_garbage VALUES (?)", (old_id,))
                db.execute("UPDATE reports SET state='complete', ingested_at=? WHERE id=?", (now(), report.id))
                sentence_vectors.write(db, self.item_vector_model(), items)
                regroup(db, m.agency, m.year)
                lexical.sync(db, [report.id, *self._group_ids(m.agency, m.year)], tokens)
                db.execute("UPDATE meta SET value=CAST(value AS INTEGER)+1 WHERE key='generation'")
                self._crash_hook("indexing")  # killed inside the transaction: none of it lands
            self._crash_hook("completed")
            if lexical.merge_due(self.db):
                with self._tx() as db:  # its own transaction: a crash here keeps the segments as they were
                    lexical.merge(db)
                    self._crash_hook("merging")
            self._collect_garbage()
            return "replaced" if old else "added"

    def _same_parse(self, report: Report) -> bool:
        """Whether the stored report is what parsing the same content gives now: after an upgrade that
        reads a table or a section better, a re-ingest of the file stores the new reading. Where the
        file lies and where its labels came from do not count."""
        stored = self.report(report.id)
        volatile = {"meta": {"source_path", "agency_source", "year_source"}}
        return stored is not None and stored.model_dump(exclude=volatile) == report.model_dump(exclude=volatile)

    def _same_chunks(self, report_id: str, chunks: Sequence[Chunk]) -> bool:
        return [c.model_dump() for c in self.chunks(report_id=report_id)] == [c.model_dump() for c in chunks]

    def _restore(
        self, report: Report, chunks: Sequence[Chunk], old: tuple[str, int | None], labelled_by: str
    ) -> None:
        """Re-store content already stored: under another agency/year (relabelled), or as a newer
        parser reads it (reparsed). The vectors are upserted first (same chunk ids; skipped when the
        chunks did not change), then one transaction swaps the SQLite rows: a crash in between leaves
        the old rows in SQLite, so the next ingest of the file sees the difference and does it again
        (and reconcile() drops vectors of chunk ids SQLite does not have)."""
        from ingest.words import search_tokens

        if chunks and not self._same_chunks(report.id, chunks):
            self._add_vectors(chunks, None)
        items = self._new_item_vectors(report)
        tokens = {c.id: " ".join(search_tokens(c.text)) for c in chunks}
        with self._tx() as db:
            sentence_vectors.write(db, self.item_vector_model(), items)
            n_before = db.execute("SELECT n_chunks FROM reports WHERE id=?", (report.id,)).fetchone()[0]
            db.execute("DELETE FROM reports WHERE id=?", (report.id,))
            insert_report(db, report, chunks, state="complete", labelled_by=labelled_by)
            regroup(db, *old)
            regroup(db, report.meta.agency, report.meta.year)
            new = self._group_ids(report.meta.agency, report.meta.year)
            lexical.sync(db, [report.id, *self._group_ids(*old), *new], tokens)
            db.execute("UPDATE meta SET value=CAST(value AS INTEGER)+1 WHERE key='generation'")
        stale = [f"{report.id}:{n}" for n in range(len(chunks), n_before)]
        if stale and self._chroma_exists():
            self._collection().delete(ids=stale)

    def _new_item_vectors(self, report: Report) -> dict[str, sentence_vectors.Vector]:
        """Vectors of the report's section 五 items not stored yet (the timeline's, qa/tracking.py)."""
        todo = sentence_vectors.missing(self.db, self.item_vector_model(), sentence_vectors.tracked_texts(report))
        return sentence_vectors.embed(self.vectors.embeddings(), todo) if todo else {}

    def item_vector_model(self) -> str:
        """The key the item vectors are stored under (ingest/sentence_vectors.py `model_key`)."""
        return sentence_vectors.model_key(self.settings, self._override)

    def item_vectors(self, texts: Sequence[str], *, compute: bool = True) -> dict[str, sentence_vectors.Vector]:
        """The stored vectors of section 五 item texts; with `compute`, those missing (a store ingested
        before version 5, or another model) are embedded once and stored."""
        key = self.item_vector_model()
        with self._lock:
            found = sentence_vectors.read(self.db, key, texts)
        todo = [t for t in dict.fromkeys(texts) if t not in found]
        if todo and compute:
            new = sentence_vectors.embed(self.vectors.embeddings(), todo)
            with self._tx() as db:
                sentence_vectors.write(db, key, new)
            found.update(new)
        return found

    def delete_report(self, report_id: str) -> bool:
        """Remove one report from both stores; False when it was not stored."""
        with self._lock:
            if self.db.execute("SELECT 1 FROM reports WHERE id=?", (report_id,)).fetchone() is None:
                return False
            agency, year = self.db.execute("SELECT agency, year FROM reports WHERE id=?", (report_id,)).fetchone()
            with self._tx() as db:
                db.execute("DELETE FROM reports WHERE id=?", (report_id,))
                db.execute("INSERT OR IGNORE INTO chroma_garbage VALUES (?)", (report_id,))
                regroup(db, agency, year)  # another report of its agency and year may become current
                lexical.sync(db, self._group_ids(agency, year))
                db.execute("UPDATE meta SET value=CAST(value AS INTEGER)+1 WHERE key='generation'")
            self._collect_garbage()
            return True

    def _group_ids(self, agency: str, year: int | None) -> list[str]:
        """The reports whose current flag a change to (agency, year) may move (none when ungroupable)."""
        if not groupable(agency, year):
            return []
        return [r for (r,) in self.db.execute("SELECT id FROM reports WHERE agency=? AND year=?", (agency, year))]

    def _drop(self, report_id: str) -> None:
        """Forget a pending report: its vectors first, then its rows (a crash in between is safe)."""
        self._delete_vectors(report_id)
        with self._tx() as db:
            db.execute("DELETE FROM reports WHERE id=? AND state='pending'", (report_id,))

    def _collect_garbage(self) -> int:
        ids = [r for (r,) in self.db.execute("SELECT report_id FROM chroma_garbage")]
        for report_id in ids:
            self._delete_vectors(report_id)
            with self._tx() as db:
                db.execute("DELETE FROM chroma_garbage WHERE report_id=?", (report_id,))
        return len(ids)

    def reconcile(self) -> int:
        """Remove half-written reports and orphan chunks left by a crash; returns how many fixed.

        Run it only while no other process writes (the pipeline holds a lock file around ingests).
        """
        with self._lock:
            pending = [r for (r,) in self.db.execute("SELECT id FROM reports WHERE state='pending'")]
            for report_id in pending:
                self._drop(report_id)
            fixed = len(pending) + self._collect_garbage()
            if not self._chroma_exists():
                return fixed
            expected = self.db.execute(
                "SELECT count(*) FROM chunks JOIN reports r ON r.id=chunks.report_id WHERE r.state='complete'"
            ).fetchone()[0]
            if self.vectors.count() != expected:
                known = {r for (r,) in self.db.execute(
                    "SELECT c.id FROM chunks c JOIN reports r ON r.id=c.report_id WHERE r.state='complete'")}
                fixed += self.vectors.delete_all_but(known)
                if self.vectors.count() != expected:
                    log.warning("Chroma holds %d chunks, SQLite %d: re-ingest the reports whose vectors are missing",
                                self.vectors.count(), expected)
            return fixed
