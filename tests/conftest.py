"""Shared test fixtures: the user's seed reports (read from ../shared/seeds, never copied), settings
with the shared model cache, and both seeds ingested once per session for tests that only read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("GONGKAI_SEEDS", REPO.parent / "shared" / "seeds"))
SEED_2025 = SEEDS / "000_353904a6d8ce62e4.txt"
SEED_2022 = SEEDS / "003_dbc7751bd0d4f521.txt"
SAMPLES = REPO / "samples"

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


MODEL_CACHE = Path(os.environ.get("GONGKAI_TEST_MODEL_CACHE", REPO / ".data" / "test-models"))


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings on a fresh data dir, sharing the built embedding model across tests."""
    from ingest.settings import Settings

    return Settings(data=tmp_path / "data", model_cache_dir=MODEL_CACHE)


@pytest.fixture(scope="session")
def seeded_settings(tmp_path_factory: pytest.TempPathFactory, seed_2025: Path, seed_2022: Path):  # type: ignore[no-untyped-def]
    """Settings on a data dir holding both seeds, ingested once per session with the real model and
    Chroma. Only for tests that read: anything that ingests or deletes makes its own store (the
    teardown fails the session if a test changed this one)."""
    from ingest.pipeline import ingest_paths
    from ingest.settings import Settings

    settings = Settings(data=tmp_path_factory.mktemp("seeded") / "data", model_cache_dir=MODEL_CACHE)
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
