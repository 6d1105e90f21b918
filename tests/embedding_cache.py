"""The real embedding model, asked once per distinct text in a test session.

Why: the suite ingests the same reports into many fresh stores (the seeds into the shared seeded
store, the pipeline's, the Chroma server's, the browser's; the samples for two gold sets), and on
two shared cores each pass through the model costs tens of seconds. The vectors of a text do not
depend on which store asks, so the session keeps them: every store still goes through the real
model's `Embeddings` object, Chroma and the real vectors, but a text already embedded with the same
model, backend, device and prompt is not run through the network again.

A fixture that knows which folder it will ingest can `prime` the memory first: one call for the
whole corpus lets the model sort every chunk by length and pad each batch to its longest chunk,
which costs about a third less than report by report (the real corpus: 129k padded tokens instead
of 192k). The ingest then finds the vectors; a chunk it makes differently is simply computed.

Tests that check the model itself (tests/ingest/test_embedding.py) import `get_embeddings` before
the session patches it, and so always compute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

Key = tuple[str, ...]
_VECTORS: dict[tuple[Key, str, str], list[float]] = {}  # (model key, "passage"|"query", text) → vector
STATS = {"computed": 0, "reused": 0}


def model_key(settings: Any) -> Key:
    """Everything in Settings that changes a text's vector."""
    return (settings.embedding_backend, settings.embedding_model, str(settings.model_cache.resolve()),
            settings.device, settings.query_prompt, settings.passage_prompt)


class CachedEmbeddings(Embeddings):
    """`inner`'s vectors, remembered for the session under `key`."""

    def __init__(self, inner: Embeddings, key: Key) -> None:
        self.inner = inner
        self.key = key

    def __getattr__(self, name: str) -> Any:  # the model's own attributes (e.g. _client) stay reachable
        return getattr(self.inner, name)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if (self.key, "passage", t) not in _VECTORS]
        if missing:
            for text, vector in zip(missing, self.inner.embed_documents(missing), strict=True):
                _VECTORS[(self.key, "passage", text)] = list(vector)
        STATS["computed"] += len(missing)
        STATS["reused"] += len(texts) - len(missing)
        return [list(_VECTORS[(self.key, "passage", t)]) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        slot = (self.key, "query", text)
        if slot not in _VECTORS:
            _VECTORS[slot] = list(self.inner.embed_query(text))
            STATS["computed"] += 1
        else:
            STATS["reused"] += 1
        return list(_VECTORS[slot])


def caching(get_embeddings: Callable[[Any], Embeddings]) -> Callable[[Any], Embeddings]:
    """`ingest.embedding.get_embeddings` with the session's memory in front of it."""

    def get_cached_embeddings(settings: Any) -> Embeddings:
        return CachedEmbeddings(get_embeddings(settings), model_key(settings))

    get_cached_embeddings.__wrapped__ = get_embeddings  # type: ignore[attr-defined]
    return get_cached_embeddings


def corpus_texts(paths: Iterable[Path | str], settings: Any) -> list[str]:
    """The chunk texts an ingest of `paths` will embed (files that do not parse are left out)."""
    from ingest.chunking import chunk_report
    from ingest.errors import GongkaiError
    from ingest.parse import parse_file
    from ingest.pipeline import expand_paths

    files, _ = expand_paths([str(p) for p in paths])
    texts: list[str] = []
    for path in files:
        try:
            report = parse_file(path)
        except GongkaiError:
            continue
        texts += [c.text for c in chunk_report(report, settings.chunk_chars, settings.chunk_overlap)]
    return texts


def prime(paths: Iterable[Path | str], settings: Any) -> None:
    """Embed the chunks of `paths` in one call, for the ingest that follows to find."""
    import ingest.embedding

    embeddings = ingest.embedding.get_embeddings(settings)
    if isinstance(embeddings, CachedEmbeddings):  # the session's memory is in place
        embeddings.embed_documents(corpus_texts(paths, settings))
