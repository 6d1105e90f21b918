"""Answer wording, sentence-level extraction and the recurrence of section 五 commitments."""

from __future__ import annotations

import pytest
from qa_fakes import FakeStore, Spec, build

from qa.commitments import SIMILAR, similarity, track_commitments
from qa.compose import keywords, report_sentences, score_sentences, sentence_citation, value_text
from qa.lookup import Reading, ReportCache
from qa.vocabulary import Metric


def test_value_text_names_the_form_place(store: FakeStore) -> None:
    row = store.reports(agency="青石乡", year=2025)[0]
    fee = Reading(row, Metric("A", "fee", "amount"), 26.55, "万元", "ok")
    assert value_text(fee) == "青石乡2025年行政事业性收费金额26.55万元（表二“行政事业性收费”本年收费金额栏）。"
    docs = Reading(row, Metric("A", "normative_doc", "in_force"), 2.0, "件", "ok")
    assert value_text(docs).startswith("青石乡2025年现行有效行政规范性文件2件")
    small = Reading(row, Metric(None, "fee.amount"), 0.01, "万元", "ok", source="fact")
    assert "0.01万元（即100元）" in value_text(small)
    org = Reading(row, Metric("B", "new", "org"), 1.0, "件", "ok")
    assert "5类法人或其他组织之和" in value_text(org)


def test_sentences_skip_table_rows_and_headings(store: FakeStore) -> None:
    row = store.reports(agency="青石乡", year=2025)[0]
    sentences = report_sentences(ReportCache(store), row)
    texts = [s.text for s in sentences]
    assert "线上以政府门户网站为主阵地,线下利用村务公开栏和乡村广播发布信息。" in texts
    assert not any("\t" in t or t.startswith("(四)") for t in texts)
    platform = next(s for s in sentences if "门户网站" in s.text)
    assert "平台建设" in platform.subsection


def test_scoring_prefers_the_sentence_with_the_question_words(store: FakeStore) -> None:
    cache = ReportCache(store)
    row = store.reports(agency="青石乡", year=2025)[0]
    sentences = report_sentences(cache, row)
    best = score_sentences(sentences, keywords("青石乡怎么做保密审查", ["青石乡"]))[0]
    assert "保密审查" in best.sentence.text and best.overlap == 1.0
    nothing = score_sentences(sentences, keywords("常住人口有多少", []))[0]
    assert nothing.overlap == 0.0
    counted = score_sentences(sentences, keywords("网站公开了多少", []), need_number=True)
    assert counted and all(any(ch.isdigit() for ch in s.sentence.text) for s in counted)


def test_sentence_citation_quotes_the_original_characters() -> None:
    # A PDF-style report: Kangxi radicals in the original, plain characters after normalisation.
    report = build(Spec(agency="石桥镇", year=2024, prose={1: [("（一）主动公开情况", "全年通过政府⽹站发布信息⼀百条。")]}))
    cache = ReportCache(FakeStore([report]))
    row = FakeStore([report]).reports()[0]
    sentence = next(s for s in report_sentences(cache, row) if "网站" in s.text)
    cit = sentence_citation(cache, sentence)
    assert cit.quote == "全年通过政府⽹站发布信息⼀百条。" and cit.line == report.original_text[: report.original_text.index(cit.quote)].count("\n") + 1


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("公开形式比较单一，政策解读不够通俗。", "政策解读形式仍较单一，群众互动不足。", True),
        ("加大政策解读力度，图文并茂。", "创新解读方式，增强政策传播效果。", True),
        ("工作人员业务能力有待提高。", "村级公开覆盖不均衡。", False),
        ("组织业务培训，提升人员能力。", "推进各村公开栏标准化建设。", False),
        # the same problem reworded from one year to the next
        ("政策解读方式单一，图解和视频解读较少。", "政策解读方式比较单一，图解、视频等形式运用不够。", True),
        ("门户网站栏目更新不够及时。", "网站部分栏目更新不及时，长期未更新。", True),
        ("依申请公开答复不够规范。", "依申请公开答复文书规范性有待提升。", True),
        ("微信公众号互动回应较慢。", "公众号留言回应不够及时，互动较少。", True),
        ("个人隐私保护审查不够严格。", "个人隐私信息保护审查仍需加强。", True),
        # different problems that share only generic judgements (不够, 及时, 仍有, 力度)
        ("重点领域信息公开深度不够。", "对村级公开工作指导力度不够。", False),
        ("依申请公开答复不够规范。", "主动公开目录编制不够完善。", False),
        ("门户网站栏目更新不够及时。", "政务新媒体留言回复不够及时。", False),
        ("信息发布审核流程仍有漏洞。", "重点领域信息公开仍有不足。", False),
        ("个人隐私保护审查不够严格。", "对村级公开工作指导力度不够。", False),
    ],
)
def test_similarity_threshold(a: str, b: str, same: bool) -> None:
    assert (similarity(a, b) >= SIMILAR) is same
    assert similarity(a, b) == similarity(b, a)


def test_track_commitments_flags_recurring_and_dropped(store: FakeStore) -> None:
    track = track_commitments(store, "青石乡")
    assert [t.year for t in track] == [2023, 2025]
    early, late = track
    assert early.problems[0].later_years == (2025,) and not early.problems[0].dropped
    assert early.problems[1].dropped and late.problems[0].recurring and not late.problems[1].recurring
    assert late.recurring_flags == (True, False, False)


def test_calibration_sweep_picks_the_middle_of_the_best_plateau() -> None:
    from qa.calibrate import sweep

    gold = [{"kind": "text_fact", "answer": "x"}, {"kind": "text_fact", "answer": "y"},
            {"kind": "unanswerable", "answer": "拒答"}, {"kind": "table_number", "answer": "0件"}]
    # prose evidence 0.9 and 0.6 (both right), 0.2 on the unanswerable one, numeric route unaffected
    scored = [(0.9, True), (0.6, True), (0.2, False), (None, True)]
    result = sweep(scored, gold)
    assert result.accuracy == 1.0 and 0.2 < result.best <= 0.6 and result.prose_questions == 3
    assert dict(result.curve)[0.0] == 0.75 and dict(result.curve)[0.95] == 0.5


def test_similarity_ignores_words_other_modules_add_to_jieba() -> None:
    import jieba

    a, b = "加大政策解读力度，图文并茂。", "创新解读方式，增强政策传播效果。"
    before = similarity(a, b)
    jieba.add_word("政策解读")
    try:
        from qa.commitments import _tokens

        _tokens.cache_clear()
        assert similarity(a, b) == before
    finally:
        jieba.del_word("政策解读")


def test_recurring_pairs_each_item_with_its_closest_twin() -> None:
    from qa.commitments import CommitmentYear, TrackedItem, recurring_text

    def item(i: int, text: str) -> TrackedItem:
        return TrackedItem("problem", i, text, i, False, (), (), False)

    early = CommitmentYear(2023, "a", "a.txt", (item(0, "村级公开栏内容更新滞后，部分内容过期。"),), ())
    late = CommitmentYear(2024, "b", "b.txt", (item(0, "公开栏设置不够规范，内容更新滞后。"),
                                               item(1, "村级公开栏内容更新仍然滞后，个别内容过期。")), ())
    text = recurring_text([early, late], "青石乡", 2023, 2024)
    assert "→2024年“村级公开栏内容更新仍然滞后" in text


def test_fee_in_yuan_and_not_charged_are_said_in_the_reports_words(store: FakeStore) -> None:
    from qa.records import Citation

    row = store.reports(agency="青石乡", year=2025)[0]
    cite = Citation(report_id=row.id, agency=row.agency, year=2025, section="六", source="q.txt", quote="依法收取信息处理费80元。")
    fee = Reading(row, Metric(None, "fee.amount"), 0.008, "万元", "ok", (cite,), source="fact")
    assert "收取信息处理费80元" in value_text(fee) and "万元" not in value_text(fee)
    cite0 = Citation(report_id=row.id, agency=row.agency, year=2025, section="六", source="q.txt", quote="本年度未收取信息处理费。")
    none = Reading(row, Metric(None, "fee.amount"), 0.0, "万元", "ok", (cite0,), source="fact")
    assert value_text(none).startswith("青石乡2025年未收取信息处理费") and "0万元" not in value_text(none)


def test_table_citation_keeps_which_total() -> None:
    from qa.compose import short_label, where

    assert short_label("（七）总计") == "（七）总计" and short_label("（三）本年办理结果") == "本年办理结果"
    reading = Reading(None, Metric("B", "result.total", "total"), 3.0, "件", "ok")  # type: ignore[arg-type]
    assert where(reading) == "（表三“（七）总计”总计栏）"


def test_agency_names_typed_by_the_user_are_not_evidence_words(store: FakeStore) -> None:
    from qa.catalogue import Catalogue
    from qa.compose import _exclusions, keywords

    rows = store.reports(agency="卫生健康委员会")
    question = "县卫健委2025年培训了几次？"
    words = dict(keywords(question, _exclusions(rows, question, Catalogue(tuple(store.reports())))))
    assert set(words) == {"培训"}
    assert "青石" not in dict(keywords("青石乡政府怎么考核", _exclusions(store.reports(agency="青石乡"))))
