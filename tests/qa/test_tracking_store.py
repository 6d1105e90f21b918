"""The commitments timeline reads the item vectors stored at ingest (ingest/sentence_vectors.py): a
timeline runs no model, a store without them (older, or another model) gets them once, and a model
that cannot load, or one the thresholds were not calibrated for, leaves the timeline matched by
words, saying so. A fake embedder stands in for the configured model (patched in as
`ingest.embedding.get_embeddings`); the real one: tests/qa/test_tracking_blend.py and the real-corpus
tests below."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fakes import CharEmbeddings

from ingest.chunking import chunk_report
from ingest.embedding import ModelError
from ingest.parse import parse_file
from ingest.settings import Settings
from ingest.store import Store
from qa.tracking import timeline_of

REAL = Path(os.environ.get("GONGKAI_REAL", Path(__file__).resolve().parents[2].parent / "shared" / "real"))
AGENCY = "平潭综合实验区"


class Counting(CharEmbeddings):
    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.queries = 0
        self.fail = fail

    def embed_query(self, text: str) -> list[float]:
        if self.fail:
            raise ModelError("模型无法加载 (test)")
        self.queries += 1
        return super().embed_query(text)


_MODEL: list[Counting] = []


def _store(settings: Settings, embeddings: Counting) -> Store:
    """A store whose configured model is `embeddings` (as get_embeddings would return it)."""
    _MODEL[:] = [embeddings]
    return Store(settings)


@pytest.fixture(autouse=True)
def _fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ingest.embedding.get_embeddings", lambda settings: _MODEL[0])


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Settings, list[str]]:
    """平潭 2022–2024 ingested with the fake embedder; the distinct item texts."""
    if not REAL.exists():
        pytest.skip(f"real reports not found at {REAL}: they live in ../shared/real beside the clone")
    settings = Settings(data=tmp_path / "data")
    store = _store(settings, Counting())
    texts: list[str] = []
    for year in (2022, 2023, 2024):
        report = parse_file(REAL / "html" / f"pingtan-{year}.html")
        assert store.put_report(report, chunk_report(report, 400, 40)) == "added"
        texts += [c.text for c in report.commitments]
    store.close()
    return settings, list(dict.fromkeys(texts))


def _rows(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM sentence_vectors").fetchone()[0])


def test_ingest_stores_one_vector_per_distinct_item_and_the_timeline_runs_no_model(stored) -> None:  # type: ignore[no-untyped-def]
    settings, texts = stored
    store = _store(settings, Counting(fail=True))  # any call to the model would raise
    assert _rows(store) == len(texts) > 10
    line = timeline_of(store, AGENCY)
    assert line.matching == "词语+语义" and line.years == (2022, 2023, 2024)
    assert "语义向量" in line.matching_note


def test_a_store_without_the_vectors_gets_them_once(stored) -> None:  # type: ignore[no-untyped-def]
    settings, texts = stored
    store = _store(settings, Counting())
    with store._tx() as db:
        db.execute("DELETE FROM sentence_vectors")  # as a store ingested before version 5
    assert timeline_of(store, AGENCY).matching == "词语+语义"
    assert store.vectors.embeddings().queries == len(texts) and _rows(store) == len(texts)
    timeline_of(store, AGENCY)
    assert store.vectors.embeddings().queries == len(texts)  # stored: not computed again


def test_another_model_does_not_read_the_first_models_vectors(stored) -> None:  # type: ignore[no-untyped-def]
    settings, texts = stored
    other = settings.model_copy(update={"query_prompt": "查询: "})
    store = _store(other, Counting())
    timeline_of(store, AGENCY)
    assert store.vectors.embeddings().queries == len(texts) and _rows(store) == 2 * len(texts)


def test_without_vectors_or_a_model_the_timeline_matches_by_words_and_says_so(stored) -> None:  # type: ignore[no-untyped-def]
    settings, _ = stored
    store = _store(settings, Counting(fail=True))
    with store._tx() as db:
        db.execute("DELETE FROM sentence_vectors")
    line = timeline_of(store, AGENCY)
    assert line.matching == "词语" and "未用语义向量" in line.matching_note
    assert any(t.links for t in line.items)


def test_a_model_the_thresholds_were_not_calibrated_for_matches_by_words(stored) -> None:  # type: ignore[no-untyped-def]
    settings, _ = stored
    other = settings.model_copy(update={"embedding_model": "BAAI/bge-small-zh-v1.5"})
    assert timeline_of(_store(other, Counting(fail=True)), AGENCY).matching == "词语"
    given = Store(settings, embeddings=Counting(fail=True))  # a store handed its own Embeddings
    assert given.item_vector_model().startswith("override:")
    assert timeline_of(given, AGENCY).matching == "词语"


@pytest.mark.slow
def test_first_timeline_of_the_real_corpus_takes_seconds(real_corpus) -> None:  # type: ignore[no-untyped-def]
    """平潭's fifteen years in the store the real model ingested: the vectors are there, so the first
    timeline in a fresh Store loads no model (BENCHMARKS.md: measured ~1.5 s on the shared 2-core machine)."""
    store = _store(real_corpus.settings, Counting(fail=True))  # the stored vectors, or this raises
    began = time.perf_counter()
    line = timeline_of(store, AGENCY)
    seconds = time.perf_counter() - began
    print(f"first timeline of {AGENCY}: {seconds:.2f} s, {len(line.items)} items")
    assert line.years == tuple(range(2011, 2026)) and line.matching == "词语+语义"
    assert seconds < 15


@pytest.mark.slow
def test_the_stored_vectors_give_the_calibrated_figures(real_corpus) -> None:  # type: ignore[no-untyped-def]
    """The product's path: the pairs scored with the vectors the real ingest stored (batched per
    report, where the calibration test embeds one text at a time) reach the same targets."""
    from test_tracking import HELDOUT, PAIRS, pairs, report_figures, score_pairs

    from qa.tracking import Blend

    store = _store(real_corpus.settings, Counting(fail=True))
    texts = [t for path in (PAIRS, HELDOUT) for p, a, b in pairs(path) if p["link"] == "反复出现" for t in (a, b)]
    vectors = store.item_vectors(texts, compute=False)
    assert set(texts) <= set(vectors), "every labelled 反复出现 sentence is a stored section 五 item"
    precision, recall = report_figures("calibration (stored vectors)", score_pairs(PAIRS, Blend(vectors=vectors)))
    assert precision >= 0.90 and recall >= 0.80
    precision, recall = report_figures("heldout (stored vectors)", score_pairs(HELDOUT, Blend(vectors=vectors)))
    assert precision >= 0.90 and recall >= 0.70
