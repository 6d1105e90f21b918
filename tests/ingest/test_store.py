"""The stores: idempotent and atomic per report, editions kept beside each other (one current),
explicit replacement, migrations, reads without Chroma."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import CharEmbeddings
from test_chunking import fictional_report  # same folder, on sys.path under pytest

from ingest.chunking import chunk_report
from ingest.metadata import UNKNOWN_AGENCY
from ingest.records import Report
from ingest.settings import Settings
from ingest.store import MIGRATIONS, Store

DIMS = 32  # the vectors added to Chroma by hand below are this wide


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    return Settings(data=tmp_path / "data")


def put(store: Store, report: Report) -> str:
    return store.put_report(report, chunk_report(report))


def chroma_ids(store: Store) -> set[str]:
    return set(store._collection().get(include=[])["ids"])


def sqlite_chunk_ids(store: Store) -> set[str]:
    return {c.id for c in store.chunks()}


def test_same_report_twice_is_unchanged(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    report = fictional_report()
    assert put(store, report) == "added"
    generation = store.generation()
    assert put(store, report) == "unchanged"
    assert store.generation() == generation
    assert len(store.reports()) == 1
    assert chroma_ids(store) == sqlite_chunk_ids(store) and len(chroma_ids(store)) == len(chunk_report(report))


def edition(report: Report, note: str, path: str) -> Report:
    """Another edition of `report`: different content (so another id), same agency and year."""
    return report.model_copy(update={"id": report.id[:-4] + f"{abs(hash(note)) % 10000:04d}",
                                     "text": report.text + note,
                                     "meta": report.meta.model_copy(update={"source_path": path})})


def test_a_second_edition_is_kept_beside_the_first_and_one_is_current(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    first = fictional_report()
    put(store, first)
    put(store, fictional_report(agency="白石镇"))
    second = edition(first, "\n（本报告于次年3月更正。）", "mirror/青石镇2024更正.txt")
    assert put(store, second) == "added"
    everything = store.reports(agency="青石镇", year=2024, current_only=False)
    assert {r.id for r in everything} == {first.id, second.id}
    assert [r.id for r in store.reports(agency="青石镇", year=2024)] == [second.id]  # same cells: the later one
    assert {r.id: r.current for r in everything} == {first.id: False, second.id: True}
    assert store.report(first.id) == first  # kept, readable by id
    # Answers see one edition: one cell per coordinate, one report's chunks in the retriever's corpus.
    assert len(store.cells(agency="青石镇", year=2024, table="B", row="new", column="total")) == 1
    corpus_reports = {cid.split(":")[0] for cid, *_ in store.chunk_corpus()}
    assert first.id not in corpus_reports and second.id in corpus_reports
    assert len(store.cells(report_id=first.id)) == len(first.cells)  # named explicitly: still there
    # Both stored reports carry a finding that names both files and the current one.
    dup = store.findings(rule="duplicate_report", current_only=False)
    assert {r.id for r, _ in dup} == {first.id, second.id}
    message = dup[0][1].message
    assert "青石镇2024.txt" in message and "青石镇2024更正.txt" in message and "采用 青石镇2024更正.txt" in message
    assert chroma_ids(store) == {c.id for r in everything for c in chunk_report(store.report(r.id))} | {
        c.id for c in chunk_report(fictional_report(agency="白石镇"))}


def test_the_more_complete_edition_is_current_whatever_the_order(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    full = fictional_report()
    partial = edition(full, "\n镜像", "mirror.txt").model_copy(update={"cells": full.cells[:10]})
    put(store, full)
    put(store, partial)  # ingested later, but its tables were read only in part
    assert [r.id for r in store.reports(agency="青石镇")] == [full.id]
    (_, finding), = store.findings(agency="青石镇", rule="duplicate_report")
    assert "单元格最多" in finding.message
    assert store.delete_report(full.id)  # the other edition takes over, and the group has no finding left
    assert [r.id for r in store.reports(agency="青石镇")] == [partial.id]
    assert store.findings(rule="duplicate_report", current_only=False) == []


def test_replace_removes_the_stored_reports_of_that_agency_and_year(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    old = fictional_report()
    put(store, old)
    put(store, fictional_report(agency="白石镇"))
    new = edition(old, "\n补充说明。", "new.txt")
    assert store.put_report(new, chunk_report(new), replace=True) == "replaced"
    assert [r.id for r in store.reports(agency="青石镇", year=2024, current_only=False)] == [new.id]
    assert store.report(old.id) is None
    assert not any(i.startswith(old.id) for i in chroma_ids(store))
    assert chroma_ids(store) == sqlite_chunk_ids(store)
    assert len(store.reports()) == 2 and store.findings(rule="duplicate_report") == []


def test_reports_of_unknown_agency_never_group(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    known = fictional_report()
    a = known.model_copy(update={"meta": known.meta.model_copy(update={"agency": UNKNOWN_AGENCY})})
    b = edition(a, "\n另一个网页", "other.txt")
    assert (put(store, a), put(store, b)) == ("added", "added")
    assert {r.id for r in store.reports()} == {a.id, b.id}  # both current: nothing says they are one report
    assert store.findings(rule="duplicate_report", current_only=False) == []


def test_same_content_under_new_labels_is_relabelled(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    report = fictional_report()
    put(store, report)
    meta = report.meta.model_copy(update={"agency": "红石镇", "year": 2023})
    fixed = report.model_copy(update={"meta": meta})
    assert put(store, fixed) == "relabelled"
    (row,) = store.reports(current_only=False)
    assert (row.id, row.agency, row.year) == (report.id, "红石镇", 2023)
    assert len(store.cells(agency="红石镇", year=2023)) == len(report.cells)
    assert store.cells(agency="青石镇") == []
    assert chroma_ids(store) == sqlite_chunk_ids(store)
    assert put(store, fixed) == "unchanged"


def test_the_same_file_read_better_by_a_newer_parser_replaces_the_stored_reading(fake_settings: Settings) -> None:
    """After an upgrade reads a table the old version missed, re-ingesting the file stores the new
    reading (same id, same labels); the chunks' vectors are recomputed only when the chunks changed."""
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    old = fictional_report()
    read_worse = old.model_copy(update={"cells": old.cells[: len(old.cells) // 2]})
    assert put(store, read_worse) == "added"
    assert len(store.cells(agency="青石镇", year=2024)) == len(read_worse.cells)
    assert put(store, old) == "reparsed"  # the table rows' sentences are chunks too: re-embedded
    assert len(store.cells(agency="青石镇", year=2024)) == len(old.cells)
    (row,) = store.reports(current_only=False)
    assert (row.id, row.n_cells) == (old.id, len(old.cells))
    assert chroma_ids(store) == sqlite_chunk_ids(store)
    assert put(store, old) == "unchanged"
    calls = []
    store._add_vectors = lambda chunks, on_batch: calls.append(len(chunks))  # type: ignore[method-assign]
    no_facts = old.model_copy(update={"facts": ()})
    assert old.facts and put(store, no_facts) == "reparsed"
    assert calls == [] and store.facts(agency="青石镇") == []  # same chunks: no embedding
    moved = no_facts.model_copy(update={"meta": old.meta.model_copy(update={"source_path": "/elsewhere/q.txt"})})
    assert put(store, moved) == "unchanged"  # the same file in another folder is not a new reading


def test_a_version_1_store_migrates_and_keeps_its_reports(fake_settings: Settings, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import zlib

    import ingest.store as store_module

    v1 = tmp_path / "migrations-v1"
    v1.mkdir()
    shutil.copy(MIGRATIONS / "001_init.sql", v1)
    monkeypatch.setattr(store_module, "MIGRATIONS", v1)
    old_store = Store(fake_settings)
    assert old_store.schema_version() == 1
    report = fictional_report()
    m = report.meta
    old_store.db.execute(  # the row as version 1 wrote it (15 columns)
        "INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (report.id, "complete", m.agency, m.agency_raw, m.region, m.year, m.title, m.format_version,
         m.source_path, m.source_format, len(report.cells), 0, 0, "2024-01-01T00:00:00",
         zlib.compress(report.model_dump_json().encode("utf-8"))))
    old_store.close()
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS)
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    assert store.schema_version() == max(int(p.name[:3]) for p in MIGRATIONS.glob("*.sql")) >= 2
    assert [(r.id, r.current) for r in store.reports()] == [(report.id, True)]
    second = edition(report, "\n更正", "fix.txt")
    assert put(store, second) == "added"
    assert {r.id for r in store.reports(current_only=False)} == {report.id, second.id}
    assert len(store.reports()) == 1


def test_reads_return_what_was_stored(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    report = fictional_report()
    put(store, report)
    put(store, fictional_report(agency="白石镇", year=2023))
    assert store.report(report.id) == report
    (row, cell), = store.cells(agency="青石镇", year=2024, table="B", row="new", column="total")
    assert cell == report.cell("B", "new", "total")
    assert row.agency == "青石镇" and row.region == "某某县" and row.n_cells == len(report.cells)
    assert len(store.cells(table="B", row="new", column="total")) == 2
    assert len(store.cells(region="某某县", year=2023, table="C")) == 15
    assert [f for _, f in store.facts(agency="青石镇", year=2024)] == list(report.facts)
    assert [c for _, c in store.commitments(agency="青石镇")] == list(report.commitments)
    assert [f for _, f in store.findings(year=2024)] == list(report.findings)
    assert store.reports(year=2023)[0].agency == "白石镇"
    assert store.chunks(report_id=report.id) == chunk_report(report)


def test_failed_embedding_leaves_no_half_report(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    put(store, fictional_report())
    before = (store.reports(), chroma_ids(store))
    failing = Store(fake_settings, embeddings=CharEmbeddings(DIMS, fail_after=0))
    with pytest.raises(RuntimeError):
        put(failing, fictional_report(agency="白石镇"))
    assert (store.reports(), chroma_ids(store)) == before
    assert store.db.execute("SELECT count(*) FROM reports WHERE state='pending'").fetchone()[0] == 0


def test_reconcile_removes_pending_reports_and_orphan_chunks(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    kept = fictional_report()
    put(store, kept)
    lost = fictional_report(agency="白石镇")
    put(store, lost)
    # What a crash leaves: one report back to pending, one vector whose report never existed.
    store.db.execute("UPDATE reports SET state='pending' WHERE id=?", (lost.id,))
    store._collection().add(ids=["0000000000000000:0"], embeddings=[[0.1] * DIMS], metadatas=[{"report_id": "0" * 16}])
    assert [r.id for r in store.reports()] == [kept.id]  # readers never see pending reports
    assert store.reconcile() >= 2
    assert chroma_ids(store) == sqlite_chunk_ids(store) == {c.id for c in chunk_report(kept)}
    assert store.reconcile() == 0
    # A crash after a replacement committed in SQLite, before its old vectors were deleted.
    store.db.execute("DELETE FROM reports WHERE id=?", (kept.id,))
    store.db.execute("INSERT INTO chroma_garbage VALUES (?)", (kept.id,))
    assert store.reconcile() == 1
    assert chroma_ids(store) == sqlite_chunk_ids(store) == set()


def test_migrations_are_applied_once(fake_settings: Settings) -> None:
    first = Store(fake_settings)
    latest = max(int(p.name[:3]) for p in MIGRATIONS.glob("*.sql"))
    assert first.schema_version() == latest
    first.close()
    again = Store(fake_settings)
    assert again.db.execute("SELECT count(*) FROM schema_version").fetchone()[0] == latest
    assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_numeric_reads_in_a_cold_process_load_neither_chroma_nor_the_model(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    put(store, fictional_report())
    code = (
        "import sys, time; t = time.process_time()\n"
        "from ingest.settings import Settings; from ingest.store import Store\n"
        f"s = Store(Settings(data={str(fake_settings.data)!r}))\n"
        "cells = s.cells(agency='青石镇', year=2024, table='B', row='new', column='total')\n"
        "s.facts(agency='青石镇'); s.reports(); s.commitments(agency='青石镇')\n"
        "heavy = [m for m in ('chromadb', 'sentence_transformers', 'torch', 'langchain_chroma') if m in sys.modules]\n"
        "print(len(cells), heavy, time.process_time() - t)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"}).stdout.split()
    assert out[0] == "1" and out[1] == "[]"
    assert float(out[2]) < 2.0  # CPU seconds: wall time on a shared 2-core CI runner is noise


@pytest.mark.slow
def test_client_server_mode_uses_the_chroma_server(tmp_path: Path) -> None:
    import shutil
    import socket
    import time
    import urllib.request

    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent))
    assert chroma is not None, "the chroma command is missing: chromadb ships it (pip install chromadb)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([chroma, "run", "--path", str(tmp_path / "server"), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://localhost:{port}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        settings = Settings(data=tmp_path / "data", chroma_url=f"http://localhost:{port}")
        store = Store(settings, embeddings=CharEmbeddings(DIMS))
        report = fictional_report()
        assert put(store, report) == "added"
        assert not settings.chroma_dir.exists()  # nothing embedded on disk
        assert chroma_ids(store) == sqlite_chunk_ids(store)
        (best, _), *_ = store.dense_search("依申请公开", 3, {"agency": "青石镇"})
        assert best.startswith(report.id)
        assert store.reconcile() == 0
    finally:
        server.terminate()
        server.wait(timeout=30)
