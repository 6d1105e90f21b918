"""Optional: let an LLM rephrase a grounded answer, and refuse its text if it invents a number.

The LLM never answers from its own knowledge: it gets the deterministic answer and the quoted
evidence and may only reword them. Every number in its reply (Arabic, with commas, or written
in Chinese numerals, with 万) must occur in the answer or the evidence; otherwise gongkai keeps
the deterministic answer. Off by default (settings.llm_enabled); any OpenAI-compatible endpoint.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from ingest.quantities import CN_NUMERALS, chinese_to_number
from ingest.settings import Settings

log = logging.getLogger(__name__)

REPHRASE_PROMPT = (
    "你是政府信息公开年度报告问答助手。请把下面的“答案”改写得更通顺、简短，只能使用答案和证据中的信息，"
    "不得增加、删除或改变任何数字、年份、单位和机关名称，不要编造。只输出改写后的答案。\n\n"
    "问题：{question}\n答案：{answer}\n证据：\n{evidence}"
)

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?\s*万?")
_CHINESE = re.compile(f"[{CN_NUMERALS}]+")


def numbers_in(text: str) -> set[float]:
    """Every number a reader would see in `text`, as floats."""
    found: set[float] = set()
    rest = text
    for m in _ARABIC.finditer(text):
        raw = m.group().replace(",", "").replace(" ", "")
        scale = 10000 if raw.endswith("万") else 1
        number = float(raw.rstrip("万"))
        found.add(round(number * scale, 6))
        if scale != 1:
            found.add(number)  # 7.2万 also stands for the 7.2 the report writes with 万元
    rest = _ARABIC.sub(" ", rest)
    for m in _CHINESE.finditer(rest):
        value = chinese_to_number(m.group())
        if value is not None:
            found.add(float(value))
    return found


def invented_numbers(reply: str, evidence: Iterable[str]) -> set[float]:
    """Numbers in `reply` that no evidence text contains."""
    allowed: set[float] = set()
    for text in evidence:
        allowed |= numbers_in(text)
    return {n for n in numbers_in(reply) if n not in allowed}


def chat_model(settings: Settings) -> Any:
    """ChatOpenAI on the configured endpoint (langchain-openai, installed with the `llm` extra)."""
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(model=settings.llm_model or "gpt-4o-mini", base_url=settings.llm_base_url,
                      api_key=SecretStr(settings.llm_api_key or "none"), temperature=0, timeout=30, max_retries=1)


def rephrase(question: str, answer: str, evidence: list[str], model: Any) -> str:
    """The model's wording of `answer`, or `answer` itself when the reply adds any number."""
    prompt = REPHRASE_PROMPT.format(question=question, answer=answer, evidence="\n".join(f"- {e}" for e in evidence))
    try:
        reply = model.invoke(prompt)
    except Exception as e:  # the endpoint is optional: never fail an answer because of it
        log.warning("LLM rephrasing failed, keeping the grounded answer: %s", e)
        return answer
    text = str(getattr(reply, "content", reply)).strip()
    if not text:
        return answer
    bad = invented_numbers(text, [question, answer, *evidence])
    if bad:
        log.info("LLM reply has numbers not in the evidence %s; keeping the grounded answer", sorted(bad))
        return answer
    return text
