"""The scoring rules on the pairs that trip naive scorers."""

from __future__ import annotations

import pytest

from eval.dataset import GoldQuestion
from eval.metrics import evidence_found, percentile, score_answer, term_recall
from ingest.quantities import chinese_to_number, find_quantities


def q(answer: str, kind: str = "table_number", **kw: object) -> GoldQuestion:
    return GoldQuestion(id="t", question="?", answer=answer, kind=kind, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("gold", "text", "value", "unit", "ok"),
    [
        ("300余条", "全年发布信息300条。", None, None, True),  # approximation word ignored
        ("300条", "全年发布信息300余条。", None, None, True),
        ("300条", "全年发布信息3000条。", None, None, False),
        ("0件", "2025年未收到政府信息公开申请。", None, None, True),  # zero said in words
        ("0件", "无", None, None, True),
        ("0件", "共收到申请3件，无其他。", None, None, False),  # a number is stated, and it is not 0
        ("26.55万元", "行政事业性收费26.55万元。", 26.55, "万元", True),
        ("26.55万元", "收费265500元。", None, None, True),  # unit conversion
        ("26.55万元", "收费26.55元。", None, None, False),
        ("1件", "收到申请一件。", None, None, True),  # Chinese numeral
        ("1234件", "收到申请1,234件。", None, None, True),  # thousands separator
        ("12件", "行政处罚１２件", None, None, True),  # full-width digits
        ("71条", "公众号推送71条，网站发布12条。", 12.0, "条", False),  # structured value wrong
        ("71条", "71 条", 71.0, "条", True),
        ("71条", "推送信息71件", None, None, False),  # wrong unit
    ],
)
def test_number_scoring(gold: str, text: str, value: float | None, unit: str | None, ok: bool) -> None:
    assert score_answer(q(gold), text, True, value, unit).correct is ok


def test_refusals() -> None:
    assert score_answer(q("拒答", "unanswerable"), "库中没有该报告", False).correct
    assert not score_answer(q("拒答", "unanswerable"), "收到申请0件", True).correct
    assert not score_answer(q("0件"), "库中没有该报告", False).correct


def test_text_recall_threshold() -> None:
    gold = q("微信公众号、政府门户网站", "text_fact")
    assert score_answer(gold, "通过政府门户网站和政务微信公众号发布", True).correct
    assert not score_answer(gold, "通过公开栏发布", True).correct
    assert 0 < term_recall("政策解读形式单一 互动性不强", "政策解读形式有待丰富") < 1


def test_evidence_and_helpers() -> None:
    assert evidence_found("推送信息 71 条", ["全年通过微信公众号新媒体平台推送信息71条，内容涵盖…"])
    assert not evidence_found("推送信息 71 条", ["线下充分利用公开栏"])
    assert chinese_to_number("一百零五") == 105 and chinese_to_number("十二") == 12
    assert [x.value for x in find_quantities("第二十条第（一）项")] == []
    assert percentile([1, 2, 3, 4, 100], 50) == 3


def test_baseline_reads_numbers_off_the_evidence_line() -> None:
    from eval.metrics import score_retrieved

    gold = q("12件", evidence="行政处罚")
    assert score_retrieved(gold, "信息内容\t本年处理决定数量\n行政处罚\t12\n行政强制\t3").correct
    assert not score_retrieved(gold, "行政处罚\t7\n行政强制\t12").correct  # 12 is on another row
    assert not score_retrieved(q("拒答", "unanswerable"), "任何文字").correct
