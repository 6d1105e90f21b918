"""Answerer.ask end to end on fictional reports: routes, refusals, clarifications, follow-ups."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from qa_fakes import TODAY, FakeStore, NoRetriever

from ingest.errors import BadQuestion
from ingest.settings import Settings
from qa.answerer import Answerer
from qa.records import Turn

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "eval" / "gold" / "seeds.jsonl"

def test_numeric_answer_is_short_and_cites_its_cell(answerer: Answerer) -> None:
    a = answerer.ask("青石乡2025年收到多少申请？")
    assert a.answer == "青石乡2025年共收到政府信息公开申请7件（表三“本年新收政府信息公开申请数量”总计栏）。"
    assert (a.route, a.answerable, a.value, a.unit, a.agency, a.year, a.metric) == (
        "table", True, 7.0, "件", "青石乡", 2025, "B.new.total")
    assert a.citations[0].quote == "new\ttotal\t7.0" and a.citations[0].line
    assert a.latency_ms > 0 and a.settings["id"] == answerer.settings.fingerprint()["id"]


def test_no_year_means_latest_and_says_so(answerer: Answerer) -> None:
    a = answerer.ask("青石乡收到多少申请")
    assert a.year == 2025 and "（未指明年份，按最新的2025年报告）" in a.answer


def test_relative_year_uses_the_clock(store: FakeStore, tmp_path: Path) -> None:
    early = Answerer(Settings(data=tmp_path), store, retriever=NoRetriever(), clock=lambda: TODAY.replace(year=2024))
    assert early.ask("青石乡去年收到多少申请").value == 4.0


def test_blank_cell_answer(answerer: Answerer) -> None:
    a = answerer.ask("白云镇2025年收到多少申请")
    assert a.value is None and "该报告未填写此项" in a.answer and a.citations


def test_inferred_cell_answer(answerer: Answerer) -> None:
    assert "推算" in answerer.ask("黑山镇2025年收到多少申请").answer


def test_yes_no_and_litigation_sum(answerer: Answerer) -> None:
    review = answerer.ask("青石乡2025年有没有被行政复议？")
    assert review.answer.startswith("没有。") and review.value == 0
    sued = answerer.ask("青石乡2025年被起诉了几次")
    assert sued.value == 3 and len(sued.citations) == 2


def test_prose_fact_with_channel(answerer: Answerer) -> None:
    a = answerer.ask("青石乡2025年公众号发了多少条？")
    assert (a.route, a.value, a.unit) == ("fact", 95.0, "条") and "95条" in a.citations[0].quote


def test_compare_years(answerer: Answerer) -> None:
    a = answerer.ask("青石乡2023年和2025年公众号发布信息条数相比有什么变化？")
    assert a.route == "compare" and a.value == 25.0 and "2023年120条" in a.answer and len(a.citations) == 2
    # the reports give only channel figures, no total: the total is not made up by adding them
    total = answerer.ask("青石乡2023年和2025年主动公开信息条数相比有什么变化？")
    assert total.value is None and "125" not in total.answer
    b = answerer.ask("青石乡申请数比去年增加了多少")
    assert b.value == 3.0 and "改与2023年比较" in b.answer


def test_sum_and_rank_over_townships(answerer: Answerer) -> None:
    s = answerer.ask("全县各乡镇2025年申请数总和")
    assert s.route == "aggregate" and s.value == 10.0 and "白云镇未填写" in s.answer
    r = answerer.ask("2025年哪个乡镇申请最多")
    assert r.value == 7.0 and "最多的是青石乡" in r.answer


def test_several_agencies_named_and_sums_over_years(answerer: Answerer) -> None:
    a = answerer.ask("2025年青石乡和黑山镇谁收到的申请多？")
    assert a.route == "aggregate" and a.value == 7.0 and "最多的是青石乡" in a.answer and "黑山镇3件" in a.answer
    b = answerer.ask("青石乡2023年和2025年一共收到多少申请？")
    assert b.value == 11.0 and "合计11件" in b.answer and len(b.citations) == 2


def test_years_pick_the_only_agency_that_has_them(answerer: Answerer) -> None:
    a = answerer.ask("2023年和2025年收到的申请相比有什么变化？")
    assert a.agency == "青石乡" and a.value == 3.0


def test_counted_and_quoted_commitments(answerer: Answerer) -> None:
    a = answerer.ask("青石乡2023年提出了几条改进措施？")
    assert (a.route, a.value, a.unit) == ("commitment", 2.0, "条")
    b = answerer.ask("青石乡2023年提出的公开形式比较单一、政策解读不够通俗的问题，2025年解决了吗？")
    assert b.answer.startswith("没有解决，仍存在") and "政策解读形式仍较单一" in b.answer
    c = answerer.ask("青石乡2023年提出的工作人员业务能力有待提高的问题，2025年解决了吗？")
    assert "不再提" in c.answer


def test_yes_no_in_the_x_not_x_form(answerer: Answerer) -> None:
    assert answerer.ask("青石乡2025年被复议没复议过？").answer.startswith("没有。")


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("李庄镇2025年收到多少申请", "库中没有李庄镇的报告；现有：鲁阳县青石乡 2023、2025"),
        ("青石乡2019年收到多少申请", "库中没有鲁阳县青石乡2019年的报告；现有：鲁阳县青石乡 2023、2025"),
        ("青石乡有多少常住人口？", "报告中没有找到"),
        ("青石乡的乡长是谁", "报告中没有找到"),
    ],
)
def test_refusals_say_what_exists(answerer: Answerer, question: str, says: str) -> None:
    a = answerer.ask(question)
    assert (a.answerable, a.route, a.value) == (False, "refusal", None) and says in a.answer


def test_clarify_between_two_counties(answerer: Answerer) -> None:
    a = answerer.ask("卫健委2025年收到多少申请")
    assert a.route == "clarify" and "鲁阳县卫生健康委员会" in a.answer and "石门县卫生健康委员会" in a.answer
    assert answerer.ask("石门县卫健委2025年收到多少申请").value == 5.0


def test_followups_keep_agency_and_metric(answerer: Answerer) -> None:
    first = answerer.ask("青石乡2025年收到多少申请")
    second = answerer.ask("那2023年呢？", [Turn(question=first.question, answer=first)])
    assert (second.agency, second.year, second.value, second.metric) == ("青石乡", 2023, 4.0, "B.new.total")
    third = answerer.ask("黑山镇呢", [Turn(question=first.question, answer=first)])
    assert (third.agency, third.value) == ("黑山镇", 3.0)


def test_prose_followup_keeps_the_topic(answerer: Answerer) -> None:
    first = answerer.ask("青石乡2025年政务公开通过哪些渠道？")
    second = answerer.ask("那2023年呢？", [Turn(question=first.question, answer=first)])
    assert second.route == "retrieval" and second.year == 2023 and "门户网站" in second.answer


def test_context_from_the_ui(answerer: Answerer) -> None:
    a = answerer.ask("公众号发了多少条？", context={"agency": "青石乡", "year": 2023})
    assert (a.agency, a.year, a.value) == ("青石乡", 2023, 120.0)


def test_commitments_and_recurrence(answerer: Answerer) -> None:
    a = answerer.ask("青石乡2025年存在哪些问题？")
    assert a.route == "commitment" and "村级公开覆盖不均衡" in a.answer and len(a.citations) == 2
    b = answerer.ask("青石乡2023年报告提出了哪些改进措施？2025年还在说同样的问题吗？")
    assert "丰富政策解读形式" in b.answer and "仍存在" in b.answer and "公开形式比较单一" in b.answer


def test_findings_and_listing(answerer: Answerer) -> None:
    a = answerer.ask("哪些报告的表格对不上？")
    assert "青石乡2025年" in a.answer and "新收加结转" in a.answer
    assert "石门县卫生健康委员会 2025" in answerer.ask("库里有哪些报告？").answer


def test_prose_question_answers_with_a_sentence(answerer: Answerer) -> None:
    a = answerer.ask("青石乡2025年政务公开通过哪些渠道？")
    assert a.route == "retrieval" and "政府门户网站" in a.answer and "公开栏" in a.answer
    assert a.citations[0].quote in (answerer.store.report(a.citations[0].report_id).original_text)


@pytest.mark.parametrize("question", ["", "   ", "？？！", "问" * 2001])
def test_bad_questions(answerer: Answerer, question: str) -> None:
    with pytest.raises(BadQuestion, match="问题"):
        answerer.ask(question)


def test_empty_store_refuses(tmp_path: Path) -> None:
    a = Answerer(Settings(data=tmp_path), FakeStore([]), retriever=NoRetriever()).ask("收到多少申请")
    assert not a.answerable and "gongkai ingest" in a.answer


def test_llm_rephrasing_is_guarded(store: FakeStore, tmp_path: Path) -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    settings = Settings(data=tmp_path, llm_enabled=True)
    honest = FakeListChatModel(responses=["2025年青石乡收到政府信息公开申请7件。"])
    a = Answerer(settings, store, retriever=NoRetriever(), chat_model=honest).ask("青石乡2025年收到多少申请")
    assert a.answer == "2025年青石乡收到政府信息公开申请7件。" and a.value == 7.0
    liar = FakeListChatModel(responses=["2025年青石乡收到政府信息公开申请八件。"])
    b = Answerer(settings, store, retriever=NoRetriever(), chat_model=liar).ask("青石乡2025年收到多少申请")
    assert b.answer.startswith("青石乡2025年共收到政府信息公开申请7件")


def test_numeric_route_loads_no_retrieval_stack() -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests/qa'); from qa_fakes import *; from qa.answerer import Answerer;"
        "from ingest.settings import Settings; import tempfile;"
        "a = Answerer(Settings(data=tempfile.mkdtemp()), FakeStore(sample_reports()));"
        "assert a.ask('青石乡2025年收到多少申请').value == 7;"
        "heavy = [m for m in ('chromadb', 'sentence_transformers', 'torch', 'jieba') if m in sys.modules];"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


# ---------------------------------------------------------------- the seeds through the real stores
@pytest.fixture(scope="module")
def seeded(seeded_settings: Settings) -> Answerer:
    return Answerer(seeded_settings)


@pytest.mark.slow
@pytest.mark.seeds
def test_gold_seed_questions_through_the_real_stores(seeded: Answerer) -> None:
    import json
    from datetime import date

    from eval.dataset import GoldQuestion
    from eval.metrics import evidence_found, score_answer

    lines = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) >= 60
    wrong = []
    for raw in lines:
        gold = GoldQuestion.model_validate(raw)
        seeded.clock = lambda raw=raw: date.fromisoformat(raw.get("today", "2026-03-01"))
        a = seeded.ask(gold.question)
        score = score_answer(gold, a.answer, a.answerable, a.value, a.unit)
        if gold.expects_refusal:
            assert a.value is None, f"{gold.id}: an unanswerable question got a number: {a.answer}"
        elif gold.kind in ("table_number", "text_number") and score.correct:
            assert a.citations, f"{gold.id}: a number without a citation"
            if gold.evidence:
                assert evidence_found(gold.evidence, [c.quote for c in a.citations]), f"{gold.id}: {a.citations}"
        if not score.correct:
            wrong.append(f"{gold.id} {gold.question} → {a.answer} ({score.reason})")
    assert len(wrong) <= 0.05 * len(lines), "\n".join(wrong)


@pytest.mark.slow
@pytest.mark.seeds
def test_calibration_sweeps_the_gold_set(seeded: Answerer) -> None:
    from qa.calibrate import calibrate

    result = calibrate(seeded, [GOLD])
    assert result.accuracy >= 0.95 and result.prose_questions > 10
    assert dict(result.curve)[seeded.settings.min_evidence] >= 0.95  # the default sits on the plateau


def test_department_alias_in_a_prose_question_does_not_block_the_answer(tmp_path: Path) -> None:
    from qa_fakes import Spec, build

    report = build(Spec(agency="公安局", year=2025, region="鲁阳县", raw="鲁阳县公安局",
                        prose={1: [("（三）政府信息管理情况", "严格执行信息发布“三审”制度，坚持先审后发。")]}))
    a = Answerer(Settings(data=tmp_path), FakeStore([report]), retriever=NoRetriever(), clock=lambda: TODAY)
    answer = a.ask("县公安局2025年发布信息有什么审核制度？")
    assert answer.answerable and "三审" in answer.answer


def test_unknown_place_containing_a_stored_name_is_refused(answerer: Answerer) -> None:
    a = answerer.ask("东青石镇2025年行政处罚多少件？")
    assert not a.answerable and "库中没有东青石镇" in a.answer and "青石乡" in a.answer


def test_a_quantity_the_tables_do_not_hold_is_not_answered_with_another(answerer: Answerer) -> None:
    a = answerer.ask("青石乡2025年答复一件申请平均要多少天？")
    assert not a.answerable and a.value is None


def test_a_question_in_english_is_told_to_ask_in_chinese_with_a_stored_example(answerer: Answerer) -> None:
    a = answerer.ask("How many information requests did the township receive in 2025?")
    assert not a.answerable and a.route == "refusal"
    assert "中文" in a.answer and "Chinese" in a.answer
    stored = {r.agency for r in answerer.store.reports()}
    assert any(name in a.answer for name in stored), a.answer  # the example names a stored report
    assert "未指明年份" not in a.answer


def test_every_part_of_a_several_part_question_is_answered_and_cited(answerer: Answerer) -> None:
    one = answerer.ask("青石乡2025年收到多少申请？")
    both = answerer.ask("青石乡2025年收到多少申请？其中自然人提出的有几件？")
    natural = answerer.ask("青石乡2025年自然人提出的申请有几件？")
    assert both.answer.startswith("1. ") and "2. " in both.answer
    assert one.answer in both.answer and natural.answer.split("（")[0] in both.answer
    assert {c.column for c in both.citations} >= {c.column for c in one.citations + natural.citations}


def test_a_breakdown_the_form_does_not_have_is_refused_with_the_total_labelled(answerer: Answerer) -> None:
    total = answerer.ask("青石乡2025年收到多少申请？")
    for asked in ("青石乡2025年通过信函方式提交的申请有多少件？", "青石乡2025年上半年收到多少申请？"):
        a = answerer.ask(asked)
        assert not a.answerable and "没有按" in a.answer and "并非所问" in a.answer, a.answer
        assert a.citations and a.citations[0].row == total.citations[0].row


def test_next_years_plans_come_from_the_report_before(answerer: Answerer) -> None:
    """青石乡 has 2023 and 2025: 2024's plans are the measures of the 2023 report."""
    a = answerer.ask("青石乡2024年打算怎么改进？")
    assert a.answerable and a.year == 2023 and "图解和短视频" in a.answer and "下一年" in a.answer


def test_a_question_about_one_measure_gets_that_measure(answerer: Answerer) -> None:
    a = answerer.ask("青石乡2023年针对业务能力问题提出了什么改进措施？")
    assert a.answerable and "组织业务培训" in a.answer and "图解" not in a.answer
    assert len(a.citations) == 1 and "培训" in a.citations[0].quote
