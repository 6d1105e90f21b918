"""The int8 ONNX fast path retrieves on the seeds at least as well as the torch model it speeds up.

Dense side only and unfiltered (all chunks of both seeds), where a weaker embedding would show:
for each question, the rank of the first chunk that holds the answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_retrieve import QUESTIONS

from ingest.settings import Settings
from ingest.store import Store


def _first_answering_rank(store: Store, question: str, words: tuple[str, ...], k: int = 10) -> int:
    ids = [cid for cid, _ in store.dense_search(question, k)]
    texts = {c.id: c.text for c in store.chunks()}
    return next((i for i, cid in enumerate(ids, 1) if any(w in texts[cid] for w in words)), k + 1)


@pytest.mark.slow
@pytest.mark.seeds
def test_onnx_retrieval_is_not_worse_than_torch(seeded_settings: Settings, seed_2025: Path, seed_2022: Path,
                                                tmp_path: Path) -> None:
    from ingest.pipeline import ingest_paths

    onnx = seeded_settings.model_copy(update={"data": tmp_path / "onnx", "embedding_backend": "onnx"})
    assert ingest_paths([str(seed_2025), str(seed_2022)], onnx, progress=False).added == 2
    torch_store, onnx_store = Store(seeded_settings), Store(onnx)
    torch_ranks = [_first_answering_rank(torch_store, q, w) for q, _, w in QUESTIONS]
    onnx_ranks = [_first_answering_rank(onnx_store, q, w) for q, _, w in QUESTIONS]
    hits = lambda ranks: sum(r <= 3 for r in ranks)  # noqa: E731
    assert hits(onnx_ranks) >= hits(torch_ranks), (torch_ranks, onnx_ranks)
    assert sum(onnx_ranks) <= sum(torch_ranks) * 1.1, (torch_ranks, onnx_ranks)  # mean rank within 10 %
