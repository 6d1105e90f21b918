"""Hybrid retrieval: BM25 over jieba tokens fused with dense (Chroma) results by reciprocal rank."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ingest.chunking import Chunk
from ingest.settings import Settings
from ingest.store import Store


class Hit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    chunk: Chunk
    score: float  # fused RRF score
    dense_rank: int | None
    bm25_rank: int | None


class Retriever:
    def __init__(self, settings: Settings, store: Store) -> None:
        raise NotImplementedError

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        agency: str | None = None,
        year: int | None = None,
        section: int | None = None,
    ) -> list[Hit]:
        raise NotImplementedError
