"""The Chroma side on its own: batches reach Chroma with filterable metadata, deletes are per report."""

from __future__ import annotations

from pathlib import Path

from fakes import CharEmbeddings
from test_chunking import fictional_report  # same folder, on sys.path under pytest

from ingest.chunking import chunk_report
from ingest.settings import Settings
from ingest.vectors import EMBED_BATCH, Vectors


def test_added_chunks_are_found_filtered_and_deleted_per_report(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path / "data")
    vectors = Vectors(settings, embeddings=CharEmbeddings())
    assert not vectors.exists()  # a fresh data dir holds no Chroma folder until something is added
    qingshi, baishi = chunk_report(fictional_report()), chunk_report(fictional_report(agency="白石镇"))
    batches: list[int] = []
    vectors.add(qingshi, batches.append)
    vectors.add(baishi)
    assert sum(batches) == len(qingshi) and max(batches) <= EMBED_BATCH and vectors.exists()
    assert vectors.count() == len(qingshi) + len(baishi)

    hits = vectors.search("依申请公开", 3, {"agency": "白石镇"})
    assert len(hits) == 3 and all(cid.startswith(baishi[0].report_id) for cid, _ in hits)
    vectors.delete_report(baishi[0].report_id)
    assert vectors.search("依申请公开", 3, {"agency": "白石镇"}) == []
    assert vectors.count() == len(qingshi)


def test_delete_all_but_removes_only_the_orphans(tmp_path: Path) -> None:
    vectors = Vectors(Settings(data=tmp_path / "data"), embeddings=CharEmbeddings())
    chunks = chunk_report(fictional_report())
    vectors.add(chunks)
    keep = {c.id for c in chunks[:2]}
    assert vectors.delete_all_but(keep) == len(chunks) - 2
    assert set(vectors.collection().get(include=[])["ids"]) == keep
