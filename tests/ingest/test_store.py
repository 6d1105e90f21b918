"""The stores: idempotent and atomic per report, replacement by agency/year, reads without Chroma."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import CharEmbeddings
from test_chunking import fictional_report  # same folder, on sys.path under pytest

from ingest.chunking import chunk_report
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


def test_new_version_of_same_agency_and_year_replaces_old(fake_settings: Settings) -> None:
    store = Store(fake_settings, embeddings=CharEmbeddings(DIMS))
    old = fictional_report()
    put(store, old)
    put(store, fictional_report(agency="白石镇"))
    new = old.model_copy(update={"id": "f" * 16, "text": old.text + "\n补充说明。"})
    assert put(store, new) == "replaced"
    rows = store.reports(agency="青石镇", year=2024)
    assert [r.id for r in rows] == [new.id]
    assert store.report(old.id) is None
    assert not any(i.startswith(old.id) for i in chroma_ids(store))
    assert chroma_ids(store) == sqlite_chunk_ids(store)
    assert len(store.reports()) == 2


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
