"""Shared test fixtures: the user's seed reports (read from ../shared/seeds, never copied)."""

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


@pytest.fixture
def seed_2025() -> Path:
    """鲁山县背孜乡 2025: clean text, tab-separated tables."""
    return _seed(SEED_2025)


@pytest.fixture
def seed_2022() -> Path:
    """背孜乡 2022: PDF-extracted text, Kangxi radicals, wrapped cells."""
    return _seed(SEED_2022)


@pytest.fixture
def settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Settings on a fresh data dir, sharing the built embedding model across tests."""
    from ingest.settings import Settings

    model_cache = Path(os.environ.get("GONGKAI_TEST_MODEL_CACHE", REPO / ".data" / "test-models"))
    return Settings(data=tmp_path / "data", model_cache_dir=model_cache)
