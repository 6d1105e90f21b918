"""kill -9 in the middle of a big ingest loses nothing and leaves nothing half-done.

An office imports a year's reports and the machine is switched off, or the job is killed. On the
next run the stores must agree: every report readers see has all its chunks in both SQLite and
Chroma, no chunk belongs to a report nobody sees, nothing is stored twice, and re-running the same
folder finishes the job. The ingest runs in a real child process killed with SIGKILL from outside
at moments the test does not choose precisely (after some reports are stored).

The 200-report run embeds with a deterministic 384-dimension stand-in so it fits well under two
minutes on a two-core machine; the run with the real model (ONNX backend) uses a handful of reports.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


class HashEmbeddings(Embeddings):
    """384 dimensions like the real model, from character hashes: deterministic and instant."""

    def _vector(self, text: str) -> list[float]:
        v = [0.0] * 384
        for a, b in zip(text, text[1:] + " ", strict=True):
            v[zlib.crc32((a + b).encode()) % 384] += 1.0
        norm = sum(x * x for x in v) ** 0.5 or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def _child_code(folder: Path, settings: Settings, stand_in: bool) -> str:
    store = "Store(s, embeddings=HashEmbeddings())" if stand_in else "Store(s)"
    return (
        f"import sys; sys.path[:0] = [{str(REPO)!r}, {str(TESTS)!r}]\n"
        "from ingest.pipeline import ingest_paths; from ingest.settings import Settings; from ingest.store import Store\n"
        "from test_crash_safety import HashEmbeddings\n"
        f"s = Settings(data={str(settings.data)!r}, model_cache_dir={str(settings.model_cache)!r}, "
        f"embedding_backend={settings.embedding_backend!r})\n"
        f"ingest_paths([{str(folder)!r}], s, progress=False, store={store})\n"
    )


def complete_reports(settings: Settings) -> int:
    if not settings.db_path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{settings.db_path}?mode=ro", uri=True, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM reports WHERE state='complete'").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def kill_during_ingest(folder: Path, settings: Settings, after: int, *, stand_in: bool, deadline_s: float) -> int:
    """Start an ingest child, SIGKILL it once `after` reports are complete (plus a random moment)."""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "ANONYMIZED_TELEMETRY": "False"}
    child = subprocess.Popen([sys.executable, "-c", _child_code(folder, settings, stand_in)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        end = time.monotonic() + deadline_s
        while complete_reports(settings) < after and child.poll() is None and time.monotonic() < end:
            time.sleep(0.05)
        time.sleep(random.uniform(0, 0.3))  # somewhere inside the next report
        assert child.poll() is None, f"the ingest ended before it was killed: {child.stderr.read()[-2000:]!r}"  # type: ignore[union-attr]
        assert complete_reports(settings) >= after, "no report was stored before the deadline"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return complete_reports(settings)


def fresh_store(settings: Settings, embeddings: Embeddings | None = None) -> Store:
    """A new Store whose Chroma client reloads from disk (no view cached from before the kill)."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    return Store(settings, embeddings=embeddings)


def check_stores(store: Store, *, settled: bool) -> set[str]:
    """What readers see is whole and stored once; after a re-run, nothing else is left over."""
    visible = {r.id: r for r in store.reports()}
    sqlite_ids: dict[str, set[str]] = defaultdict(set)
    for chunk in store.chunks():
        sqlite_ids[chunk.report_id].add(chunk.id)
    got = store._collection().get(include=["metadatas"])
    chroma_ids: dict[str, set[str]] = defaultdict(set)
    for chunk_id, meta in zip(got["ids"], got["metadatas"], strict=True):
        chroma_ids[meta["report_id"]].add(chunk_id)
    db = store.db
    pending = {r for (r,) in db.execute("SELECT id FROM reports WHERE state<>'complete'")}
    total, distinct = db.execute("SELECT count(*), count(DISTINCT id) FROM chunks").fetchone()
    stray = db.execute("SELECT count(*) FROM chunks WHERE report_id NOT IN (SELECT id FROM reports)").fetchone()[0]

    assert len(got["ids"]) == len(set(got["ids"])) and total == distinct and stray == 0  # no duplicates
    assert len({(r.agency, r.year) for r in visible.values()}) == len(visible)  # one report per agency and year
    for rid, row in visible.items():  # no half report: all its chunks in both stores, all its cells
        assert sqlite_ids[rid] and chroma_ids[rid] == sqlite_ids[rid], rid
        assert len(store.cells(report_id=rid)) == row.n_cells
    leftovers = set(chroma_ids) - set(visible)
    if settled:
        assert not pending and not leftovers  # no orphan chunks in Chroma
        assert sum(len(v) for v in chroma_ids.values()) == total
    else:
        assert len(pending) <= 1 and leftovers <= pending  # only the report being written when killed
    return set(visible)


@pytest.mark.slow
def test_kill_minus_nine_twice_during_200_reports_then_rerun(tmp_path: Path) -> None:
    from eval.synth import generate_corpus

    settings = Settings(data=tmp_path / "data")
    folder = tmp_path / "corpus"
    generate_corpus(100, [2023, 2024], ["txt"], folder, seed=11)
    assert len(list(folder.glob("*.txt"))) == 200

    seen: set[str] = set()
    for after in (5, 25):  # killed early, restarted (reconcile), killed again further on
        kill_during_ingest(folder, settings, after, stand_in=True, deadline_s=90)
        visible = check_stores(fresh_store(settings, HashEmbeddings()), settled=False)
        assert seen <= visible and len(visible) >= after  # what was complete stays complete
        seen = visible

    store = fresh_store(settings, HashEmbeddings())
    summary = ingest_paths([str(folder)], settings, progress=False, store=store)
    assert summary.failed == () and summary.unchanged == len(seen) and summary.added == 200 - len(seen)
    assert len(check_stores(fresh_store(settings, HashEmbeddings()), settled=True)) == 200


@pytest.mark.slow
def test_kill_minus_nine_with_the_real_model_then_rerun(settings: Settings, tmp_path: Path) -> None:
    from eval.synth import generate_corpus

    onnx = settings.model_copy(update={"embedding_backend": "onnx"})
    folder = tmp_path / "corpus"
    generate_corpus(2, [2023, 2024], ["txt"], folder, seed=5)
    kill_during_ingest(folder, onnx, 1, stand_in=False, deadline_s=240)
    before = check_stores(fresh_store(onnx), settled=False)

    summary = ingest_paths([str(folder)], onnx, progress=False, store=fresh_store(onnx))
    assert summary.failed == () and summary.unchanged == len(before) and summary.added == 4 - len(before)
    assert len(check_stores(fresh_store(onnx), settled=True)) == 4
