"""Shared test fixtures: the user's seed reports (read from ../shared/seeds, never copied), settings
with the shared model cache, both seeds ingested once per session for tests that only read, and the
real corpus (../shared/real) ingested once per session with the real model for the tests that read it.

The real model runs once per distinct text in a session (tests/embedding_cache.py): the suite
ingests the same reports into many fresh stores, and on two cores that repetition was minutes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import embedding_cache  # tests/embedding_cache.py (pytest puts tests/ on sys.path)
import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("GONGKAI_SEEDS", REPO.parent / "shared" / "seeds"))
SEED_2025 = SEEDS / "000_353904a6d8ce62e4.txt"
SEED_2022 = SEEDS / "003_dbc7751bd0d4f521.txt"
SAMPLES = REPO / "samples"
REAL = Path(os.environ.get("GONGKAI_REAL", REPO.parent / "shared" / "real"))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def _seed(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"seed report not found at {path}: the user's seeds live in ../shared/seeds beside the clone")
    return path


@pytest.fixture(scope="session")
def seed_2025() -> Path:
    """鲁山县背孜乡 2025: clean text, tab-separated tables."""
    return _seed(SEED_2025)


@pytest.fixture(scope="session")
def seed_2022() -> Path:
    """背孜乡 2022: PDF-extracted text, Kangxi radicals, wrapped cells."""
    return _seed(SEED_2022)


@pytest.fixture(scope="session", autouse=True)
def _embed_each_text_once() -> Iterator[None]:
    """Every store of the session asks the real model through one memory of vectors (see
    tests/embedding_cache.py); a test's own monkeypatch of get_embeddings still takes precedence."""
    import ingest.embedding

    original = ingest.embedding.get_embeddings
    ingest.embedding.get_embeddings = embedding_cache.caching(original)
    try:
        yield
    finally:
        ingest.embedding.get_embeddings = original


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How much model time the session's memory of vectors saved (texts computed vs reused)."""
    stats = embedding_cache.STATS
    if stats["computed"] or stats["reused"]:
        terminalreporter.write_line(
            f"embedding model: {stats['computed']} texts computed, {stats['reused']} reused (tests/embedding_cache.py)"
        )


MODEL_CACHE = Path(os.environ.get("GONGKAI_TEST_MODEL_CACHE", REPO / ".data" / "test-models"))


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings on a fresh data dir, sharing the built embedding model across tests."""
    from ingest.settings import Settings

    return Settings(data=tmp_path / "data", model_cache_dir=MODEL_CACHE)


@pytest.fixture(scope="session")
def seeded_settings(tmp_path_factory: pytest.TempPathFactory, seed_2025: Path, seed_2022: Path,  # type: ignore[no-untyped-def]
                    _embed_each_text_once: None):
    """Settings on a data dir holding both seeds, ingested once per session with the real model and
    Chroma. Only for tests that read: anything that ingests or deletes makes its own store (the
    teardown fails the session if a test changed this one)."""
    from ingest.pipeline import ingest_paths
    from ingest.settings import Settings

    settings = Settings(data=tmp_path_factory.mktemp("seeded") / "data", model_cache_dir=MODEL_CACHE)
    embedding_cache.prime([seed_2025, seed_2022], settings)
    summary = ingest_paths([str(seed_2025), str(seed_2022)], settings, progress=False)
    assert summary.added == 2, summary.failed
    before = _generation(settings)
    yield settings
    assert _generation(settings) == before, "a test wrote to the shared seeded store"


def _generation(settings) -> int:  # type: ignore[no-untyped-def]
    from ingest.store import Store

    store = Store(settings)
    try:
        return store.generation()
    finally:
        store.close()


class RealCorpus(NamedTuple):
    settings: Any  # ingest.settings.Settings on the session's data dir
    summary: Any  # the IngestSummary of ingesting ../shared/real into that fresh dir
    root: Path  # the folder ingested (../shared/real, or $GONGKAI_REAL)


@pytest.fixture(scope="session")
def real_corpus(tmp_path_factory: pytest.TempPathFactory, _embed_each_text_once: None) -> Iterator[RealCorpus]:
    """All of ../shared/real ingested once per session into a fresh data dir with the real model and
    Chroma (what `gongkai ingest ../shared/real` builds), with the summary of that first ingest.
    Only for tests that read, or that re-ingest and check nothing changed: the teardown fails the
    session if a test changed this store."""
    if not REAL.exists():
        pytest.skip(f"real reports not found at {REAL}: ../shared/real lives beside the clone")
    from ingest.pipeline import ingest_paths
    from ingest.settings import Settings

    settings = Settings(data=tmp_path_factory.mktemp("real") / "data", model_cache_dir=MODEL_CACHE)
    embedding_cache.prime([REAL], settings)
    summary = ingest_paths([str(REAL)], settings, progress=False)
    before = _generation(settings)
    yield RealCorpus(settings, summary, REAL)
    assert _generation(settings) == before, "a test wrote to the shared real-corpus store"
