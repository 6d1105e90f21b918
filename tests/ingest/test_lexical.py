"""The BM25 index kept in SQLite by ingest (ingest/lexical.py): the same scores as bm25s over the
current reports, whatever was added, replaced, superseded by a new edition, deleted or merged;
atomic with the report; an older store is indexed on first open."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ingest import lexical
from ingest.chunking import chunk_report
from ingest.parse import parse_document
from ingest.read import Document
from ingest.records import Report
from ingest.settings import Settings
from ingest.store import MIGRATIONS, Store
from ingest.words import search_tokens

# Our own words; the numbers and the improvement make each report's chunks differ.
TEXT = """{agency}{year}年政府信息公开工作年度报告
一、总体情况
（一）主动公开情况
全年通过微信公众号推送信息{n}条，在政府网站公开通知公告{m}条，{extra}。
（二）依申请公开情况
本年度共收到政府信息公开申请{n}件，均按期答复。
五、存在的主要问题及改进情况
一是政策解读形式单一；二是{problem}。
六、其他需要报告的事项
本年度未收取信息处理费。
"""
PROBLEMS = ("村级公开栏更新不及时", "保密审查流程不细", "网站栏目维护滞后", "培训次数偏少")
NAMES = ("青石镇", "白石镇", "红石乡", "黄石乡", "云溪镇", "松岭乡", "梅林镇", "竹园乡", "桃源镇")
QUERIES = ("公众号推送信息", "村级公开栏", "保密审查", "信息处理费 信息处理费", "行政复议", "三审三校 网站栏目")


class _NoVectors(Store):
    """SQLite only: these tests are about the lexical side."""

    def _add_vectors(self, chunks: Any, on_batch: Any) -> None:
        return None

    def _chroma_exists(self) -> bool:
        return False

    def _new_item_vectors(self, report: Any) -> dict[str, Any]:
        return {}  # no model either: the commitments' item vectors are the embedding side too


def report(agency: str, year: int, n: int, *, extra: str = "开展专题培训", source: str = "") -> Report:
    text = TEXT.format(agency=agency, year=year, n=n, m=n % 7, extra=extra, problem=PROBLEMS[n % len(PROBLEMS)])
    return parse_document(Document(text=text, source_format="txt"), source_path=source or f"{agency}{year}-{n}.txt")


def put(store: Store, r: Report, **kwargs: Any) -> str:
    return store.put_report(r, chunk_report(r), **kwargs)


def assert_same_as_bm25s(store: Store) -> None:
    """Scores over the index equal bm25s built from scratch over the current reports' chunks."""
    import bm25s

    corpus = store.chunk_corpus()
    current = {c.id for r in store.reports() for c in store.chunks(report_id=r.id)}
    assert {cid for cid, *_ in corpus} == current  # nothing stale, nothing missing
    texts = {c.id: c.text for c in store.chunks([cid for cid, *_ in corpus])}
    model = bm25s.BM25()
    model.index([search_tokens(texts[cid]) for cid, *_ in corpus], show_progress=False)
    docs = np.array([d for (d,) in (store.db.execute("SELECT lex_doc FROM chunks WHERE id=?", (cid,)).fetchone()
                                     for cid, *_ in corpus)])
    for query in QUERIES:
        tokens = search_tokens(query)
        known = [t for t in tokens if t in model.vocab_dict]
        expected = model.get_scores(known) if known else np.zeros(len(corpus))
        got = store.read(lexical.scores, tokens)[docs]
        assert np.allclose(got, expected, rtol=1e-5, atol=1e-6), query


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return _NoVectors(Settings(data=tmp_path / "data"))


def test_scores_match_bm25s_through_additions_replacements_editions_and_deletes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lexical, "FANOUT", 2)  # merge often
    for i in range(9):
        put(store, report(NAMES[i], 2023 + i % 2, 10 + i))
    assert_same_as_bm25s(store)
    levels = [lv for (lv,) in store.db.execute("SELECT level FROM lex_segments")]
    assert len(levels) == len(set(levels)) and max(levels) >= 2  # merged: one segment per level at most

    old = store.reports(agency="青石镇")[0]
    assert put(store, report("青石镇", 2023, 10, extra="开展行政复议培训", source="new.txt"), replace=True) == "replaced"
    edition = report("白石镇", 2024, 11, extra="新版三审三校制度", source="second.txt")
    assert put(store, edition) == "added"  # a second edition beside the first: one of them is current
    store.delete_report(store.reports(agency="红石乡")[0].id)
    assert_same_as_bm25s(store)
    live = {cid.split(":")[0] for cid, *_ in store.chunk_corpus()}
    assert old.id not in live and store.reports(agency="红石乡") == []
    editions = {r.id for r in store.reports(agency="白石镇", current_only=False)}
    current = store.reports(agency="白石镇")[0].id
    assert len(editions) == 2 and editions & live == {current}

    store.delete_report(current)  # the other edition becomes current and enters the index again
    assert [r.id for r in store.reports(agency="白石镇")] == list(editions - {current})
    assert_same_as_bm25s(store)
    for _ in range(4):
        put(store, report("梅林镇", 2019 - _, 30 + _))
    stats = store.read(lexical.stats)
    assert 10 * stats["dead"] <= stats["docs"]  # merges drop the dead numbers (stale postings) they pass over
    assert_same_as_bm25s(store)


def test_relabelled_and_unknown_agency_reports_are_indexed_once(store: Store) -> None:
    from ingest.metadata import UNKNOWN_AGENCY

    first = report("青石镇", 2023, 10)
    put(store, first)
    moved = first.model_copy(update={"meta": first.meta.model_copy(update={"agency": "红石乡", "year": 2022})})
    assert put(store, moved) == "relabelled"  # same chunks, new labels: re-indexed, the old numbers dead
    for n in (11, 12):
        r = report("白石镇", 2024, n)
        put(store, r.model_copy(update={"meta": r.meta.model_copy(update={"agency": UNKNOWN_AGENCY})}))
    assert len(store.reports(agency=UNKNOWN_AGENCY)) == 2  # never grouped: both current, both indexed
    assert_same_as_bm25s(store)
    assert store.read(lexical.stats)["docs"] == len(store.chunk_corpus())


def test_a_failure_while_indexing_leaves_neither_the_report_nor_its_postings(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    put(store, report("青石镇", 2023, 10))
    before = store.read(lexical.stats)
    real_add = lexical._add

    def add_then_fail(*args: Any) -> int:
        real_add(*args)
        raise RuntimeError("disk full")

    with monkeypatch.context() as m:
        m.setattr(lexical, "_add", add_then_fail)
        with pytest.raises(RuntimeError):
            put(store, report("白石镇", 2024, 99, extra="保密审查流程"))
    store.reconcile()
    assert store.read(lexical.stats) == before
    assert store.db.execute("SELECT count(*) FROM lex_postings WHERE term='白石镇'").fetchone()[0] == 0
    assert put(store, report("白石镇", 2024, 99, extra="保密审查流程")) == "added"
    assert_same_as_bm25s(store)


def test_a_version_2_store_is_indexed_on_first_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    import ingest.store as store_module

    v2 = tmp_path / "migrations-v2"
    v2.mkdir()
    for script in ("001_init.sql", "002_duplicates.sql"):
        shutil.copy(MIGRATIONS / script, v2)
    monkeypatch.setattr(store_module, "MIGRATIONS", v2)
    settings = Settings(data=tmp_path / "data")
    old = Store(settings)
    r = report("青石镇", 2023, 10)
    m = r.meta
    old.db.execute("INSERT INTO reports (id, state, agency, agency_raw, region, year, title, format_version, "
                   "source_path, source_format, n_cells, n_findings, n_chunks, ingested_at, report_zjson) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (r.id, "complete", m.agency, m.agency_raw, m.region, m.year, m.title, m.format_version,
                    m.source_path, m.source_format, 0, 0, 0, "2024-01-01T00:00:00",
                    zlib.compress(r.model_dump_json().encode("utf-8"))))
    for n, c in enumerate(chunk_report(r)):  # the chunk rows as version 2 wrote them, tokens included
        old.db.execute("INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (c.id, r.id, n, c.text, " ".join(search_tokens(c.text)), c.agency, c.region, c.year,
                        c.section, c.section_title, c.subsection, c.kind, c.start, c.end, c.line))
    old.close()
    monkeypatch.undo()
    store = _NoVectors(settings)
    assert store.schema_version() >= 3
    assert store.db.execute("SELECT 1 FROM sqlite_master WHERE name='lex_backfill'").fetchone() is None
    assert store.read(lexical.stats)["docs"] == len(chunk_report(r))
    assert_same_as_bm25s(store)
    # the upgrade drops version 2's token copies and report column: the file gives that space back
    assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0


KILLED = """
import sys
from ingest.settings import Settings
from ingest.store import Store
sys.path.insert(0, {tests!r})
from test_lexical import _NoVectors, put, report, NAMES
store = _NoVectors(Settings(data={data!r}))
for i in range({start}, {start} + 9):
    put(store, report(NAMES[i % 9], 2010 + i, 10 + i))
"""


@pytest.mark.parametrize("stage", ["indexing:3", "merging:1", "completed:5"])
def test_killed_mid_ingest_the_index_is_whole_and_the_rerun_completes_it(tmp_path: Path, stage: str) -> None:
    """kill -9 inside the transaction that writes a report's postings, inside the first merge (the
    8th report, FANOUT), and after a commit: reopened, the index equals bm25s over what is stored; the re-run adds the rest."""
    import os
    import subprocess
    import sys

    from ingest.store import CRASH_ENV

    data = tmp_path / "data"
    env = {**os.environ, CRASH_ENV: stage, "PYTHONPATH": os.pathsep.join(sys.path)}
    script = KILLED.format(tests=str(Path(__file__).parent), data=str(data), start=0)
    killed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr[-800:]
    store = _NoVectors(Settings(data=data))
    store.reconcile()
    stored = len(store.reports())
    assert 0 < stored < 9
    assert_same_as_bm25s(store)
    assert store.read(lexical.stats)["docs"] == len(store.chunk_corpus())
    env.pop(CRASH_ENV)
    subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, timeout=120)
    store = _NoVectors(Settings(data=data))
    assert len(store.reports()) == 9
    assert_same_as_bm25s(store)


def test_searches_while_another_process_ingests_see_whole_reports(tmp_path: Path) -> None:
    """A web app reading while `gongkai ingest` writes: every search sees one consistent index."""
    import os
    import subprocess
    import sys

    from qa.retrieve import Retriever

    data = tmp_path / "data"
    script = KILLED.format(tests=str(Path(__file__).parent), data=str(data), start=0).replace("+ 9", "+ 27")
    reader = _NoVectors(Settings(data=data))
    retriever = Retriever(reader.settings, reader)
    writer = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
                              stderr=subprocess.PIPE, text=True)
    searches = 0
    while writer.poll() is None or searches == 0:
        for hit in retriever.search("公众号推送信息 保密审查", 10):
            assert reader.row(hit.chunk.report_id) is not None  # a complete report
        searches += 1
    assert writer.returncode == 0, writer.stderr.read()[-800:] if writer.stderr else ""
    assert searches > 1 and len(reader.reports()) == 27
    assert_same_as_bm25s(reader)
