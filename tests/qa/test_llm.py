"""The LLM may only reword: any number it adds (digits, Chinese numerals, 万, commas) is refused."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from qa.llm import invented_numbers, numbers_in, rephrase


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("推送信息71条", {71.0}),
        ("共1,234件", {1234.0}),
        ("72701.2578万元", {72701.2578, 727012578.0}),
        ("一百一十三条", {113.0}),
        ("七十一条", {71.0}),
        ("二〇二五年", {2025.0}),
        ("三万条", {30000.0}),
        ("零件", {0.0}),
    ],
)
def test_numbers_are_normalised(text: str, numbers: set[float]) -> None:
    assert numbers_in(text) == numbers


def test_invented_numbers() -> None:
    evidence = ["全年通过微信公众号推送信息71条。"]
    assert invented_numbers("公众号共发布七十一条信息。", evidence) == set()
    assert invented_numbers("公众号共发布72条信息。", evidence) == {72.0}


ANSWER = "背孜乡2025年通过公众号发布信息71条（见一、总体情况原文）。"
EVIDENCE = ["全年通过微信公众号新媒体平台推送信息 71 条。"]


def test_rephrase_keeps_a_faithful_reply() -> None:
    model = FakeListChatModel(responses=["2025年，背孜乡在微信公众号上发布了七十一条信息。"])
    assert rephrase("公众号发了多少条？", ANSWER, EVIDENCE, model) == "2025年，背孜乡在微信公众号上发布了七十一条信息。"


@pytest.mark.parametrize("reply", ["背孜乡2025年发布信息710条。", "背孜乡2024年通过公众号发布71条。", "约一百条。", ""])
def test_rephrase_falls_back_on_invented_numbers(reply: str) -> None:
    assert rephrase("公众号发了多少条？", ANSWER, EVIDENCE, FakeListChatModel(responses=[reply])) == ANSWER


def test_rephrase_falls_back_when_the_endpoint_fails() -> None:
    class Broken:
        def invoke(self, prompt: str) -> str:
            raise ConnectionError("no network")

    assert rephrase("公众号发了多少条？", ANSWER, EVIDENCE, Broken()) == ANSWER
