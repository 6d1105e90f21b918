"""Hybrid retrieval: BM25 over jieba tokens fused with dense (Chroma) results by reciprocal rank.

Why both: citizens ask in words the report does not use (“公众号发了多少条信息” against “通过微信
公众号新媒体平台推送信息71条”), which the multilingual embedding bridges; staff ask for exact terms
(“三审三校”, “行政复议”), which BM25 ranks best. Reciprocal rank fusion (k=60) needs no score
calibration between the two. The BM25 index is built from the chunk tokens stored in SQLite and
rebuilt when the store's generation counter moves; filters (agency, year, section) apply to both
sides before ranking.

`Hit.score` is the fused score scaled so that rank 1 on both sides gives 1.0 (rank 1 on one side
only gives 0.5): comparable with `settings.min_evidence` whatever the corpus size.
"""

from __future__ import annotations

import threading
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.chunking import Chunk
from ingest.settings import Settings
from ingest.store import Store

RRF_K = 60
_BEST = 2.0 / (RRF_K + 1)


class Hit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    chunk: Chunk
    score: float  # fused RRF score, scaled to 0..1 (1 = first on both sides)
    dense_rank: int | None  # 1-based rank among dense results after filtering; None = not found
    bm25_rank: int | None


class _Bm25Index:
    """BM25 over the stored tokens of every complete chunk, with arrays for the filters."""

    def __init__(self, corpus: list[tuple[str, str, str, int | None, int]]) -> None:
        import bm25s
        import numpy as np

        self.ids = [row[0] for row in corpus]
        self.id_set = set(self.ids)
        self.agency = np.array([row[2] for row in corpus], dtype=object)
        self.year = np.array([-1 if row[3] is None else row[3] for row in corpus], dtype=np.int64)
        self.section = np.array([row[4] for row in corpus], dtype=np.int64)
        self.model = bm25s.BM25()
        if corpus:
            self.model.index([row[1].split() for row in corpus], show_progress=False)

    def mask(self, agency: str | None, year: int | None, section: int | None) -> Any:
        import numpy as np

        keep = np.ones(len(self.ids), dtype=bool)
        if agency is not None:
            keep &= self.agency == agency
        if year is not None:
            keep &= self.year == year
        if section is not None:
            keep &= self.section == section
        return keep

    def search(self, tokens: list[str], depth: int, keep: Any) -> list[str]:
        import numpy as np

        known = [t for t in tokens if t in self.model.vocab_dict]
        if not self.ids or not known:
            return []
        scores = np.where(keep, self.model.get_scores(known), 0.0)
        top = np.argsort(-scores, kind="stable")[:depth]
        return [self.ids[i] for i in top if scores[i] > 0]


class Retriever:
    """Search the stored chunks; cheap to create, the BM25 index is built on first search."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._index: _Bm25Index | None = None
        self._generation = -1
        self._lock = threading.Lock()

    def bm25(self) -> _Bm25Index:
        """The BM25 index of the store as it is now (rebuilt when another ingest changed it)."""
        with self._lock:
            generation = self.store.generation()
            if self._index is None or generation != self._generation:
                self._index = _Bm25Index(self.store.chunk_corpus())
                self._generation = generation
            return self._index

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        agency: str | None = None,
        year: int | None = None,
        section: int | None = None,
    ) -> list[Hit]:
        from ingest.words import search_tokens

        if not query.strip():
            return []
        index = self.bm25()
        if not index.ids:
            return []
        depth = max(50, 4 * k)
        keep = index.mask(agency, year, section)
        if not keep.any():
            return []
        sparse = index.search(search_tokens(query), depth, keep)
        dense_hits = self.store.dense_search(query, depth, _chroma_where(agency, year, section))
        dense = [cid for cid, _ in dense_hits if cid in index.id_set]
        return self._fuse(dense, sparse, k)

    def _fuse(self, dense: list[str], sparse: list[str], k: int) -> list[Hit]:
        ranks: dict[str, list[int | None]] = {}
        for rank, cid in enumerate(dense, 1):
            ranks.setdefault(cid, [None, None])[0] = rank
        for rank, cid in enumerate(sparse, 1):
            ranks.setdefault(cid, [None, None])[1] = rank
        scored = sorted(
            ((sum(1.0 / (RRF_K + r) for r in pair if r is not None) / _BEST, cid) for cid, pair in ranks.items()),
            key=lambda item: (-item[0], item[1]),
        )[:k]
        chunks = {c.id: c for c in self.store.chunks([cid for _, cid in scored])}
        return [
            Hit(chunk=chunks[cid], score=round(score, 6), dense_rank=ranks[cid][0], bm25_rank=ranks[cid][1])
            for score, cid in scored
            if cid in chunks
        ]


def _chroma_where(agency: str | None, year: int | None, section: int | None) -> dict[str, Any] | None:
    parts: list[dict[str, Any]] = [
        {key: value} for key, value in (("agency", agency), ("year", year), ("section", section)) if value is not None
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}
