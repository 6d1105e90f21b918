"""Test doubles shared across the test folders (tests/ is on sys.path under pytest)."""

from __future__ import annotations

import zlib

from langchain_core.embeddings import Embeddings


class CharEmbeddings(Embeddings):
    """Deterministic bag-of-characters vectors: the dense side without a model.

    `dims` must match vectors a test adds to Chroma by hand; `fail_after` makes every
    embed_documents call after the first n raise, as a model dying mid-ingest would.
    """

    def __init__(self, dims: int = 64, fail_after: int | None = None) -> None:
        self.dims = dims
        self.calls = 0
        self.fail_after = fail_after

    def _vector(self, text: str) -> list[float]:
        v = [0.0] * self.dims
        for ch in text:
            v[zlib.crc32(ch.encode()) % self.dims] += 1.0
        norm = sum(x * x for x in v) ** 0.5 or 1.0
        return [x / norm for x in v]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise RuntimeError("embedding died")
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
