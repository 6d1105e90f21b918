"""The vectors of the sentences the commitments timeline compares, stored at ingest.

Why: with the model's cosine the timeline finds ~30 % more of the links staff label by hand
(BENCHMARKS.md, "Commitments across years"), but embedding every sentence when a timeline is asked
for took minutes. Only section 五 items need vectors (the 反复出现 score compares item with item;
已落实 is lexical, see qa/tracking.py), so `Store.put_report` embeds a report's items with the query
prompt, once per distinct text and model, and writes them in the transaction that completes the
report (ingest/migrations/005_sentence_vectors.sql). A store ingested before version 5, or with
another model, lacks some: `ensure` computes those once and stores them.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ingest.records import Report
from ingest.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

Vector = tuple[float, ...]


def model_key(settings: Settings, override: object | None = None) -> str:
    """What changes an item's vector: the model, its backend and the query prompt. A store given its
    own `Embeddings` (tests' fakes) keys them by that class, so they never pass for the model's."""
    if override is not None:
        return f"override:{type(override).__name__}|{settings.query_prompt}"
    return f"{settings.embedding_model}|{settings.embedding_backend}|{settings.query_prompt}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def tracked_texts(report: Report) -> list[str]:
    """The texts of one report that the timeline embeds: its section 五 problems and measures."""
    return list(dict.fromkeys(c.text for c in report.commitments))


def _pack(vector: Sequence[float]) -> bytes:
    import numpy as np

    return np.asarray(vector, dtype="<f4").tobytes()


def _unpack(blob: bytes) -> Vector:
    import numpy as np

    return tuple(float(x) for x in np.frombuffer(blob, dtype="<f4"))


def read(db: sqlite3.Connection, model: str, texts: Iterable[str]) -> dict[str, Vector]:
    """The stored vectors of `texts` under `model` (texts without one are left out)."""
    by_hash = {text_hash(t): t for t in texts}
    out: dict[str, Vector] = {}
    hashes = list(by_hash)
    for i in range(0, len(hashes), 500):
        part = hashes[i : i + 500]
        marks = ",".join("?" * len(part))
        for h, blob in db.execute(f"SELECT hash, vector FROM sentence_vectors WHERE model=? AND hash IN ({marks})",
                                  (model, *part)):
            out[by_hash[h]] = _unpack(blob)
    return out


def write(db: sqlite3.Connection, model: str, vectors: Mapping[str, Sequence[float]]) -> None:
    """Store vectors (inside the caller's transaction); a text stored already keeps its row."""
    db.executemany("INSERT OR IGNORE INTO sentence_vectors (model, hash, vector) VALUES (?, ?, ?)",
                   [(model, text_hash(t), _pack(v)) for t, v in vectors.items()])


def embed(embeddings: Embeddings, texts: Sequence[str]) -> dict[str, Vector]:
    """Query-prompt vectors of `texts` (items are compared as queries: e5's symmetric convention),
    in one batch where the model allows it: langchain's `Embeddings` has no batch of queries, so the
    two models gongkai builds (sentence-transformers through langchain, the ONNX export) are asked
    directly; any other `Embeddings` one text at a time."""
    wanted = list(dict.fromkeys(texts))
    if not wanted:
        return {}
    kwargs = getattr(embeddings, "query_encode_kwargs", None)
    if kwargs and hasattr(embeddings, "_embed"):  # langchain_huggingface.HuggingFaceEmbeddings
        found = embeddings._embed(wanted, kwargs)
    elif hasattr(embeddings, "encode") and hasattr(embeddings, "query_prompt"):  # ingest.embedding_onnx
        found = embeddings.encode(wanted, prompt=embeddings.query_prompt)
    else:
        found = [embeddings.embed_query(t) for t in wanted]
    return {t: tuple(float(x) for x in v) for t, v in zip(wanted, found, strict=True)}


def missing(db: sqlite3.Connection, model: str, texts: Iterable[str]) -> list[str]:
    wanted = list(dict.fromkeys(texts))
    have = read(db, model, wanted)
    return [t for t in wanted if t not in have]
