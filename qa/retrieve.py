"""Hybrid retrieval: BM25 over jieba tokens fused with dense (Chroma) results by reciprocal rank.

Why both: citizens ask in words the report does not use (“公众号发了多少条信息” against “通过微信
公众号新媒体平台推送信息71条”), which the multilingual embedding bridges; staff ask for exact terms
(“三审三校”, “行政复议”), which BM25 ranks best. Reciprocal rank fusion (k=60) needs no score
calibration between the two. The BM25 index is built from the chunk tokens stored in SQLite and
rebuilt when the store's generation counter moves; filters (agency, year, section) apply to both
sides before ranking.

Building BM25 over 10,000 reports takes ~20 s, so the built index is saved under
`<data>/bm25/g<generation>` (bm25s' own save/load plus the filter arrays): a new process, or the
web app after a restart, loads it in well under a second, and only an ingest or delete (which moves
the generation) makes the next search rebuild it. When the filter leaves few chunks, the dense side
ranks exactly those chunks (`Store.dense_search(..., among=ids)`) instead of asking Chroma to filter
its whole collection.

`Hit.score` is the fused score scaled so that rank 1 on both sides gives 1.0 (rank 1 on one side
only gives 0.5): comparable with `settings.min_evidence` whatever the corpus size.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from ingest.chunking import Chunk
from ingest.settings import Settings
from ingest.store import Store

log = logging.getLogger(__name__)
RRF_K = 60
_BEST = 2.0 / (RRF_K + 1)
# A filter leaving at most this many chunks (a few reports) ranks them exactly in numpy: ~15 ms for 500
# (fetch by id), against ~170 ms for Chroma's filtered query on 100k chunks whatever the filter keeps.
EXACT_DENSE_MAX = 500
_FILTERS = "filters.json"


class Hit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    chunk: Chunk
    score: float  # fused RRF score, scaled to 0..1 (1 = first on both sides)
    dense_rank: int | None  # 1-based rank among dense results after filtering; None = not found
    bm25_rank: int | None


class _Bm25Index:
    """BM25 over the stored tokens of every complete chunk, with arrays for the filters."""

    def __init__(self, corpus: list[tuple[str, str, str, int | None, int]], model: Any = None) -> None:
        import bm25s
        import numpy as np

        self.ids = [row[0] for row in corpus]
        self.id_set = set(self.ids)
        self.agency = np.array([row[2] for row in corpus], dtype=object)
        self.year = np.array([-1 if row[3] is None else row[3] for row in corpus], dtype=np.int64)
        self.section = np.array([row[4] for row in corpus], dtype=np.int64)
        self.model = model if model is not None else bm25s.BM25()
        if corpus and model is None:
            self.model.index([row[1].split() for row in corpus], show_progress=False)

    def save(self, folder: Path) -> None:
        """Write the index to `folder` atomically (a temporary sibling renamed into place)."""
        tmp = folder.with_name(f".tmp-{os.getpid()}-{uuid.uuid4().hex}")
        try:
            self.model.save(str(tmp), show_progress=False)
            rows = {"ids": self.ids, "agency": self.agency.tolist(), "year": self.year.tolist(),
                    "section": self.section.tolist()}
            (tmp / _FILTERS).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
            tmp.rename(folder)  # fails when another process saved the same generation first: fine
        except OSError as err:
            if not folder.exists():
                log.warning("BM25 index not saved to %s: %s", folder, err)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> _Bm25Index:
        import bm25s

        rows = json.loads((folder / _FILTERS).read_text(encoding="utf-8"))
        year = [None if y == -1 else y for y in rows["year"]]
        corpus = list(zip(rows["ids"], [""] * len(rows["ids"]), rows["agency"], year, rows["section"], strict=True))
        model = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(corpus, model=model)

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
        """The BM25 index of the store as it is now: the saved one of this generation, else rebuilt."""
        with self._lock:
            generation = self.store.generation()
            if self._index is None or generation != self._generation:
                self._index = self._load_or_build(generation)
                self._generation = generation
            return self._index

    def _load_or_build(self, generation: int) -> _Bm25Index:
        root = self.settings.data / "bm25"
        folder = root / f"g{generation}"
        if folder.is_dir():
            try:
                return _Bm25Index.load(folder)
            except (OSError, ValueError, KeyError) as err:  # half-deleted or from another bm25s version
                log.warning("rebuilding the BM25 index: %s unreadable (%s)", folder, err)
                shutil.rmtree(folder, ignore_errors=True)
        index = _Bm25Index(self.store.chunk_corpus())
        if index.ids and self.store.generation() == generation:  # no ingest landed while reading
            try:
                root.mkdir(exist_ok=True)
            except OSError as err:
                log.warning("BM25 index not saved: %s", err)
                return index
            index.save(folder)
            for old in root.glob("g*"):
                if old.name != folder.name:
                    shutil.rmtree(old, ignore_errors=True)
        return index

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
        among = None
        if (agency, year, section) != (None, None, None) and int(keep.sum()) <= EXACT_DENSE_MAX:
            among = [index.ids[i] for i in keep.nonzero()[0]]
        dense_hits = self.store.dense_search(query, depth, _chroma_where(agency, year, section), among=among)
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
