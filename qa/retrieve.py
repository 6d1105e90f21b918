"""Hybrid retrieval: BM25 over jieba tokens fused with dense (Chroma) results by reciprocal rank.

Why both: citizens ask in words the report does not use (“公众号发了多少条信息” against “通过微信
公众号新媒体平台推送信息71条”), which the multilingual embedding bridges; staff ask for exact terms
(“三审三校”, “行政复议”), which BM25 ranks best. Reciprocal rank fusion (k=60) needs no score
calibration between the two. Filters (agency, year, section) apply to both sides before ranking.

The BM25 index is SQLite tables that ingest keeps up to date in the same transactions as the
report rows (ingest/lexical.py): nothing is built or loaded on a question, so the first question
after an ingest or a restart is as fast as any other (issue 15; it used to build bm25s over the
whole corpus, ~20 s at 10,000 reports). Its scores are bm25s' Lucene BM25 over the current reports.
When the filter leaves few chunks, both sides rank exactly those chunks (the dense side through
`Store.dense_search(..., among=ids)`) instead of asking Chroma to filter its whole collection.

`Hit.score` is the fused score scaled so that rank 1 on both sides gives 1.0 (rank 1 on one side
only gives 0.5): comparable with `settings.min_evidence` whatever the corpus size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.chunking import Chunk
from ingest.settings import Settings
from ingest.store import Store

RRF_K = 60
_BEST = 2.0 / (RRF_K + 1)
# A filter leaving at most this many chunks (a few reports) ranks them exactly in numpy: ~15 ms for 500
# (fetch by id), against ~170 ms for Chroma's filtered query on 100k chunks whatever the filter keeps.
EXACT_DENSE_MAX = 500


class Hit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    chunk: Chunk
    score: float  # fused RRF score, scaled to 0..1 (1 = first on both sides)
    dense_rank: int | None  # 1-based rank among dense results after filtering; None = not found
    bm25_rank: int | None


class Retriever:
    """Search the stored chunks; cheap to create, nothing to build."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store

    def bm25(self) -> Retriever:
        """Warm-up hook (the web app calls it at start): one lexical search, which loads jieba's
        dictionary and numpy and reads the index's segment rows once, the only things a first
        question would otherwise load. The index itself needs no building or loading."""
        from ingest.words import search_tokens

        self.store.read(_bm25, search_tokens("政府信息公开"), 1, None, None)
        return self

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
        depth = max(50, 4 * k)
        filtered = (agency, year, section) != (None, None, None)
        among = self.store.read(_live, agency, year, section, EXACT_DENSE_MAX + 1) if filtered else None
        if among is not None and not among:
            return []
        narrow = among is not None and len(among) <= EXACT_DENSE_MAX
        sparse = self.store.read(_bm25, search_tokens(query), depth, among if narrow else None,
                                 (agency, year, section) if filtered and not narrow else None)
        ids = [cid for cid, _ in among] if narrow and among else None
        dense_hits = self.store.dense_search(query, depth, _chroma_where(agency, year, section), among=ids)
        live = set(self.store.read(_live_ids, [cid for cid, _ in dense_hits]))
        dense = [cid for cid, _ in dense_hits if cid in live]
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


def _filter_sql(agency: str | None, year: int | None, section: int | None) -> tuple[str, list[Any]]:
    parts = [(k, v) for k, v in (("agency", agency), ("year", year), ("section", section)) if v is not None]
    return "".join(f" AND {k}=?" for k, _ in parts), [v for _, v in parts]


def _live(db: sqlite3.Connection, agency: str | None, year: int | None, section: int | None,
          limit: int) -> list[tuple[str, int]]:
    """(chunk id, document number) of the indexed (= current) chunks the filter keeps, at most `limit`,
    in the order they were indexed."""
    where, args = _filter_sql(agency, year, section)
    return db.execute(f"SELECT id, lex_doc FROM chunks WHERE lex_doc IS NOT NULL{where} ORDER BY lex_doc "
                      f"LIMIT ?", (*args, limit)).fetchall()


def _live_ids(db: sqlite3.Connection, ids: Sequence[str]) -> list[str]:
    """Those of `ids` that are indexed: dense hits of another edition or a removed report drop out."""
    if not ids:
        return []
    return [r for (r,) in db.execute(
        f"SELECT id FROM chunks WHERE lex_doc IS NOT NULL AND id IN ({','.join('?' * len(ids))})", list(ids))]


def _bm25(db: sqlite3.Connection, tokens: list[str], depth: int, among: list[tuple[str, int]] | None,
          filters: tuple[str | None, int | None, int | None] | None) -> list[str]:
    """Chunk ids of the best `depth` BM25 scores (> 0): among the given chunks (a narrow filter), else
    over the whole index, keeping those that pass `filters`. Equal scores (the same sentence in two
    reports) rank in the order the chunks were indexed, both ways."""
    import numpy as np

    from ingest import lexical

    scores = lexical.scores(db, tokens)
    if among is not None:
        picked = scores[np.array([doc for _, doc in among], dtype=np.int64)]
        order = np.argsort(-picked, kind="stable")[:depth]
        return [among[i][0] for i in order if picked[i] > 0]
    hit = np.flatnonzero(scores)
    order = hit[np.argsort(-scores[hit], kind="stable")]
    where, args = _filter_sql(*(filters or (None, None, None)))
    out: list[str] = []
    step = 4 * depth
    for i in range(0, len(order), step):
        part = [int(d) for d in order[i : i + step]]
        found = dict(db.execute(f"SELECT lex_doc, id FROM chunks WHERE lex_doc IN ({','.join('?' * len(part))})"
                                f"{where}", (*part, *args)).fetchall())
        out += [found[d] for d in part if d in found]
        if len(out) >= depth:
            break
        step *= 4
    return out[:depth]


def _chroma_where(agency: str | None, year: int | None, section: int | None) -> dict[str, Any] | None:
    parts: list[dict[str, Any]] = [
        {key: value} for key, value in (("agency", agency), ("year", year), ("section", section)) if value is not None
    ]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"$and": parts}
