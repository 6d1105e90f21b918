"""The Chroma side of a data directory: every chunk's embedding, added and deleted per report.

Kept apart from the SQLite store because it is the heavy half: opening it loads chromadb, and
adding or searching loads the embedding model. Nothing here runs until first use, so listing
reports or reading cells never pays for it. `ingest.store.Store` decides *when* vectors are
written or removed (its two-phase write); this module only knows *how*. With `settings.chroma_url`
the vectors live on a Chroma server, otherwise in `settings.chroma_dir`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ingest.chunking import Chunk
from ingest.errors import StoreError
from ingest.settings import Settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

EMBED_BATCH = 32
_SPACE = {"hnsw:space": "cosine"}


class Vectors:
    """One Chroma collection of chunk embeddings; `embeddings` replaces the configured model."""

    def __init__(
        self, settings: Settings, *, embeddings: Embeddings | None = None, lock: threading.RLock | None = None
    ) -> None:
        self.settings = settings
        self._embeddings = embeddings
        self._lock = lock or threading.RLock()
        self._model_lock = threading.Lock()  # not the store's lock: SQLite reads never wait for the model
        self._collection_obj: Any = None
        self._vectorstore: Any = None

    def client(self) -> Any:
        """A chromadb client: HTTP for a Chroma server, else the persistent folder."""
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        url = self.settings.chroma_url
        if url:
            from urllib.parse import urlparse

            parsed = urlparse(url if "://" in url else f"http://{url}")
            return chromadb.HttpClient(
                host=parsed.hostname or "localhost",
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        return chromadb.PersistentClient(path=str(self.settings.chroma_dir), settings=chroma_settings)

    def embeddings(self) -> Embeddings:
        """The embedding model (loaded on first call; the web app warms it in the background)."""
        with self._model_lock:
            if self._embeddings is None:
                from ingest.embedding import get_embeddings

                self._embeddings = get_embeddings(self.settings)
            return self._embeddings

    def vectorstore(self) -> Any:
        """The langchain Chroma store (loads chromadb and the embedding model on first call)."""
        embeddings = self.embeddings()  # outside the store's lock: loading the model takes seconds
        with self._lock:
            if self._vectorstore is None:
                from langchain_chroma import Chroma

                try:
                    self._vectorstore = Chroma(
                        collection_name=self.settings.collection,
                        embedding_function=embeddings,
                        client=self.client(),
                        collection_metadata=dict(_SPACE),
                    )
                except Exception as err:  # chromadb raises plain exceptions for a bad path or server
                    raise self._unavailable(err) from err
                self._collection_obj = self._vectorstore._collection
            return self._vectorstore

    def collection(self) -> Any:
        """The raw Chroma collection for deletes and counts, without loading the model."""
        with self._lock:
            if self._collection_obj is None:
                try:
                    self._collection_obj = self.client().get_or_create_collection(
                        self.settings.collection, embedding_function=None, metadata=dict(_SPACE)
                    )
                except Exception as err:  # chromadb raises plain ValueError when the server is down
                    raise self._unavailable(err) from err
            return self._collection_obj

    def _unavailable(self, err: Exception) -> StoreError:
        """The user's error for a Chroma that cannot be opened: what to start or unset."""
        if self.settings.chroma_url:
            return StoreError(
                f"无法连接 Chroma 向量服务 {self.settings.chroma_url}：{err}。请先启动该 Chroma 服务，"
                "或取消环境变量 GONGKAI_CHROMA_URL 改用本地向量库 (Chroma server unavailable: start it or "
                "unset GONGKAI_CHROMA_URL)."
            )
        return StoreError(
            f"无法打开向量库 {self.settings.chroma_dir}：{err}。请检查数据目录的路径和权限 "
            "(Chroma folder unavailable)."
        )

    def exists(self) -> bool:
        """Whether there can be vectors at all (so deleting from a fresh data dir creates nothing)."""
        return bool(self.settings.chroma_url) or self._collection_obj is not None or self.settings.chroma_dir.exists()

    def add(self, chunks: Sequence[Chunk], on_batch: Callable[[int], None] | None = None) -> None:
        """Embed and add chunks in batches; `on_batch(n)` is told of each batch done."""
        vs = self.vectorstore()
        for i in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[i : i + EMBED_BATCH]
            vs.add_texts([c.text for c in batch], metadatas=[_metadata(c) for c in batch], ids=[c.id for c in batch])
            if on_batch is not None:
                on_batch(len(batch))

    def delete_report(self, report_id: str) -> None:
        self.collection().delete(where={"report_id": report_id})

    def search(self, query: str, k: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine distance) of the k nearest chunks; the query gets the query prompt."""
        if self.collection().count() == 0:
            return []
        docs = self.vectorstore().similarity_search_with_score(query, k=k, filter=where)
        return [(str(doc.id), float(dist)) for doc, dist in docs]

    def search_among(self, query: str, k: int, ids: Sequence[str]) -> list[tuple[str, float]]:
        """`search` restricted to `ids`: their vectors fetched by id and ranked by exact cosine
        distance in numpy. Its cost follows len(ids), not the collection, unlike a filtered query."""
        import numpy as np

        if not ids:
            return []
        collection = self.collection()
        got_ids: list[str] = []
        vectors = []
        for i in range(0, len(ids), 1000):
            got = collection.get(ids=list(ids[i : i + 1000]), include=["embeddings"])
            got_ids += got["ids"]
            vectors.append(np.asarray(got["embeddings"], dtype=np.float32).reshape(len(got["ids"]), -1))
        if not got_ids:
            return []
        matrix = np.concatenate(vectors)
        q = np.asarray(self.embeddings().embed_query(query), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1) * (np.linalg.norm(q) or 1.0)
        distance = 1.0 - (matrix @ q) / np.where(norms == 0, 1.0, norms)
        order = np.lexsort((np.array(got_ids), distance))[:k]
        return [(got_ids[i], float(distance[i])) for i in order]

    def count(self) -> int:
        return int(self.collection().count())

    def delete_all_but(self, keep: Collection[str]) -> int:
        """Delete every vector whose id is not in `keep` (orphans of a crash); returns how many."""
        collection = self.collection()
        orphans = [i for i in _all_ids(collection) if i not in keep]
        for i in range(0, len(orphans), 1000):
            collection.delete(ids=orphans[i : i + 1000])
        return len(orphans)


def _metadata(chunk: Chunk) -> dict[str, Any]:
    """What Chroma filters on (it rejects None values, so those are left out)."""
    meta = {"report_id": chunk.report_id, "agency": chunk.agency, "region": chunk.region, "year": chunk.year,
            "section": chunk.section, "subsection": chunk.subsection, "kind": chunk.kind,
            "start": chunk.start, "end": chunk.end, "line": chunk.line}
    return {k: v for k, v in meta.items() if v is not None}


def _all_ids(collection: Any, page: int = 5000) -> Iterator[str]:
    offset = 0
    while True:
        ids = collection.get(include=[], limit=page, offset=offset)["ids"]
        yield from ids
        if len(ids) < page:
            return
        offset += page
