"""Hybrid retrieval: the chunk that answers a citizen's question is in the top 3; filters hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import CharEmbeddings

from ingest import lexical
from ingest.chunking import chunk_report
from ingest.parse import parse_document
from ingest.read import Document
from ingest.settings import Settings
from ingest.store import Store
from qa.retrieve import Retriever, _bm25, _chroma_where, _live

# A fictional two-agency corpus for the fast tests (our own words).
FICTION = """{agency}{year}年政府信息公开工作年度报告
一、总体情况
（一）主动公开情况
全年通过“{agency}发布”微信公众号推送信息{n}条，在政府网站公开通知公告{m}条。
（二）依申请公开情况
本年度共收到政府信息公开申请{n}件，均按期答复。
（三）政府信息管理情况
落实三审三校制度，全年清理过期信息{m}条。
五、存在的主要问题及改进情况
（一）存在问题
一是政策解读形式单一；二是村级公开栏更新不及时。
（二）改进措施
一是增加图解和短视频解读；二是每月检查村级公开栏。
六、其他需要报告的事项
本年度未收取信息处理费。
"""


@pytest.fixture
def fiction(tmp_path: Path) -> tuple[Store, Retriever]:
    settings = Settings(data=tmp_path / "data")
    store = Store(settings, embeddings=CharEmbeddings())
    for agency, year, n, m in (("青石镇", 2024, 41, 12), ("白石镇", 2024, 17, 5), ("青石镇", 2023, 33, 9)):
        text = FICTION.format(agency=agency, year=year, n=n, m=m)
        report = parse_document(Document(text=text, source_format="txt"), source_path=f"{agency}{year}.txt")
        store.put_report(report, chunk_report(report))
    return store, Retriever(settings, store)


def test_filters_apply_to_both_sides(fiction: tuple[Store, Retriever]) -> None:
    _, retriever = fiction
    hits = retriever.search("公众号推送了多少条信息", 10, agency="白石镇", year=2024)
    assert hits and all((h.chunk.agency, h.chunk.year) == ("白石镇", 2024) for h in hits)
    assert "17条" in hits[0].chunk.text
    problems = retriever.search("存在问题", 10, section=5)
    assert problems and all(h.chunk.section == 5 for h in problems)
    assert retriever.search("公众号", 5, agency="不存在的乡") == []
    assert retriever.search("   ", 5) == []


def test_hits_carry_fused_score_and_both_ranks(fiction: tuple[Store, Retriever]) -> None:
    _, retriever = fiction
    hits = retriever.search("三审三校", 3, year=2023)
    top = hits[0]
    assert "三审三校" in top.chunk.text
    assert top.bm25_rank == 1 and top.dense_rank is not None
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert 0 < top.score <= 1.0


def test_bm25_index_follows_the_store(fiction: tuple[Store, Retriever]) -> None:
    store, retriever = fiction
    assert retriever.search("公众号", 10, agency="白石镇")
    gone = store.reports(agency="白石镇")[0].id
    assert store.delete_report(gone)
    assert retriever.search("公众号", 10, agency="白石镇") == []
    left = retriever.search("公众号推送信息", 20)
    assert left and all(h.chunk.report_id != gone for h in left)


def test_a_new_process_searches_without_building_anything(
    fiction: tuple[Store, Retriever], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, retriever = fiction
    first = retriever.search("公众号推送了多少条信息", 5, agency="青石镇")
    assert first and not (store.settings.data / "bm25").exists()

    def no_build(*args: object, **kwargs: object) -> int:
        raise AssertionError("a question wrote to the lexical index")

    with monkeypatch.context() as m:  # what a restarted app does: open the store, ask
        m.setattr(lexical, "_add", no_build)
        m.setattr(lexical, "merge", no_build)
        assert Retriever(store.settings, Store(store.settings, embeddings=CharEmbeddings())).search(
            "公众号推送了多少条信息", 5, agency="青石镇") == first


def test_a_broad_filter_ranks_the_whole_index_then_filters_to_the_same_hits(
    fiction: tuple[Store, Retriever],
) -> None:
    """Past EXACT_DENSE_MAX chunks a year or section filter is checked after ranking the whole index:
    the same BM25 ranking as ranking only the chunks the filter keeps."""
    from ingest.words import search_tokens

    store, _ = fiction
    asked = (("存在问题", None, 5), ("公众号推送信息", 2023, None), ("三审三校", 2024, 1), ("依申请公开", None, None))
    for query, year, section in asked:
        among = store.read(_live, None, year, section, 10**9)
        narrow = store.read(_bm25, search_tokens(query), 50, among, None)
        broad = store.read(_bm25, search_tokens(query), 50, None, (None, year, section))
        assert narrow and broad == narrow, query


def _dense_both_ways(retriever: Retriever, query: str, agency: str | None, year: int | None) -> tuple[list, list]:
    among = [cid for cid, _ in retriever.store.read(_live, agency, year, None, 10**9)]
    where = _chroma_where(agency, year, None)
    store = retriever.store
    return store.dense_search(query, 50, where), store.dense_search(query, 50, where, among=among)


def test_exact_dense_ranking_of_a_narrow_filter_matches_chromas_filtered_query(
    fiction: tuple[Store, Retriever],
) -> None:
    _, retriever = fiction
    for query, agency, year in (("依申请公开", "白石镇", 2024), ("三审三校", "青石镇", None), ("公众号", None, 2023)):
        chroma, exact = _dense_both_ways(retriever, query, agency, year)
        assert chroma and {c for c, _ in chroma} == {c for c, _ in exact}
        assert [round(d, 4) for _, d in chroma] == [round(d, 4) for _, d in exact]  # bag-of-chars vectors tie


# ---------------------------------------------------------------------------- the seeds, real model
# (question, year the chat is about or None, words of which one must be in the answering chunk)
QUESTIONS: list[tuple[str, int | None, tuple[str, ...]]] = [
    ("公众号发了多少条信息", 2025, ("71",)),
    ("公众号发了多少条信息", 2022, ("113",)),
    ("政务公开有哪些渠道", 2025, ("公开栏",)),
    ("线下怎么公开信息", 2025, ("公开栏",)),
    ("存在什么问题", 2025, ("有待进一步丰富",)),
    ("存在什么问题", 2022, ("人员比较匮乏",)),
    ("改进措施有哪些", 2025, ("创新解读方式",)),
    ("改进措施有哪些", 2022, ("工作专班",)),
    ("有没有行政复议", 2025, ("行政复议：",)),
    ("被起诉过吗", 2022, ("行政诉讼（未经复议直接起诉）",)),
    ("信息管理怎么做的", 2025, ("三审三校",)),
    ("监督保障怎么做的", 2025, ("绩效考核",)),
    ("有没有考核制度", 2022, ("考核制度",)),
    ("收到多少政府信息公开申请", 2025, ("未收到", "本年新收")),
    ("有人申请政府信息公开吗", 2022, ("无依申请公开事项", "本年新收")),
    ("今年新收了多少申请", 2022, ("本年新收政府信息公开申请数量",)),
    ("申请结转到下一年的有多少", 2025, ("结转下年度",)),
    ("行政处罚决定有多少", 2025, ("行政处罚",)),
    ("收了多少行政事业性收费", 2022, ("行政事业性收费",)),
    ("还有其他需要报告的事项吗", 2025, ("其他需要报告的事项",)),
    ("保密审查怎么做的", 2025, ("涉密信息不上网",)),
    ("有没有被追究责任", 2025, ("责任追究",)),
    ("工作人员参加培训了吗", 2025, ("专题培训",)),
    ("怎么保护个人隐私", 2025, ("脱敏",)),
    ("村里的政务公开做得怎么样", 2025, ("向村级延伸",)),
    ("今后怎么改进政策解读", 2025, ("图解",)),
    ("政务新媒体建设情况", 2022, ("政务新媒体",)),
    ("怎么联系政府信息公开工作人员", 2022, ("联系方式",)),
    ("背孜乡存在的主要问题", None, ("是",)),
]


@pytest.fixture(scope="module")
def seed_retriever(seeded_settings: Settings) -> Retriever:
    return Retriever(seeded_settings, Store(seeded_settings))


@pytest.mark.slow
@pytest.mark.seeds
def test_answering_chunk_is_in_top_three_for_nine_in_ten_questions(seed_retriever: Retriever) -> None:
    misses = []
    for question, year, words in QUESTIONS:
        hits = seed_retriever.search(question, 3, agency="背孜乡", year=year)
        if not any(w in h.chunk.text for h in hits for w in words):
            misses.append((question, year, [h.chunk.text[:40] for h in hits]))
    assert len(QUESTIONS) >= 15
    assert len(misses) <= len(QUESTIONS) // 10, misses


@pytest.mark.slow
@pytest.mark.seeds
def test_dense_side_finds_paraphrases_bm25_cannot(seed_retriever: Retriever) -> None:
    hits = seed_retriever.search("老百姓怎么看到乡里公布的消息", 5, year=2025)
    assert any(h.dense_rank is not None for h in hits)
    assert any("公开栏" in h.chunk.text or "门户网站" in h.chunk.text for h in hits)


@pytest.mark.slow
@pytest.mark.seeds
def test_exact_dense_ranking_matches_chroma_on_the_seeds(seed_retriever: Retriever) -> None:
    for question, year, _ in QUESTIONS:
        chroma, exact = _dense_both_ways(seed_retriever, question, "背孜乡", year)
        assert [c for c, _ in chroma] == [c for c, _ in exact], question
        assert all(abs(a - b) < 1e-4 for (_, a), (_, b) in zip(chroma, exact, strict=True))
