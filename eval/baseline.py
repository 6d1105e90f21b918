"""The plain LangChain RAG recipe a team would build instead, scored by the same rules.

RecursiveCharacterTextSplitter (500/50) over each report's text, the same embeddings, a Chroma
collection, top-4 chunks. Its "answer" is the retrieved text itself: the most an LLM reader on top
of it could use, so its score is an upper bound for that recipe. It never refuses.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.settings import Settings

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
TOP_K = 4


@dataclass(frozen=True)
class BaselineAnswer:
    text: str
    quotes: tuple[str, ...]
    latency_ms: float


class LangChainBaseline:
    """Built once per evaluation over the texts of the stored reports."""

    def __init__(self, settings: Settings, documents: Sequence[tuple[str, str]]) -> None:
        import chromadb
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from ingest.embedding import get_embeddings

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        docs = splitter.create_documents(
            [text for _, text in documents], metadatas=[{"source": source} for source, _ in documents]
        )
        self._dir = tempfile.TemporaryDirectory(prefix="gongkai-baseline-")
        client = chromadb.PersistentClient(
            path=self._dir.name, settings=chromadb.config.Settings(anonymized_telemetry=False)
        )
        self._db = Chroma(
            client=client, collection_name="baseline", embedding_function=get_embeddings(settings)
        )
        if docs:
            self._db.add_documents(docs)
        self.n_chunks = len(docs)

    def ask(self, question: str) -> BaselineAnswer:
        start = time.perf_counter()
        docs = self._db.similarity_search(question, k=TOP_K) if self.n_chunks else []
        quotes = tuple(d.page_content for d in docs)
        return BaselineAnswer("\n".join(quotes), quotes, (time.perf_counter() - start) * 1000)

    def close(self) -> None:
        self._dir.cleanup()
