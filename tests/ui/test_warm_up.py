"""The web app warms the model in the background: start-up and SQLite reads never wait for it."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fakes import CharEmbeddings

from ingest.settings import Settings
from ingest.store import Store
from ui.app import warm_up


class _Backend:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.bm25_built = threading.Event()
        backend = self

        class _Retriever:
            def bm25(self) -> None:
                backend.bm25_built.set()

        class _Answerer:
            def retriever(self) -> Any:
                return _Retriever()

        self.answerer = _Answerer()


def test_warm_up_returns_at_once_and_sqlite_reads_do_not_wait_for_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def slow_model(settings: Settings) -> CharEmbeddings:
        release.wait(10)
        return CharEmbeddings()

    monkeypatch.setattr("ingest.embedding.get_embeddings", slow_model)
    store = Store(Settings(data=tmp_path / "data"))
    backend = _Backend(store)
    t0 = time.perf_counter()
    thread = warm_up(backend)  # type: ignore[arg-type]
    assert time.perf_counter() - t0 < 1.0 and thread.is_alive()
    t0 = time.perf_counter()
    assert store.reports() == [] and store.cells(year=2024) == []  # numeric questions read these
    assert time.perf_counter() - t0 < 1.0 and not backend.bm25_built.is_set()
    release.set()
    thread.join(30)
    assert backend.bm25_built.is_set() and store.vectors.embeddings() is not None
