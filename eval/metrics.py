"""Scoring rules, without an LLM and aware of how Chinese writes numbers.

- Numbers (kinds table_number, text_number, and compare when the gold is a quantity): the gold
  quantity must be stated in the answer with a compatible unit (万元 = 10,000 元; a bare number in
  the answer takes the gold's unit). Approximation words are ignored in the comparison (“300余条”
  and “300条” both state 300 条) and reported separately. A gold of zero also matches an answer that
  says so in words (无, 没有, 未收到 …) and states no other number. When the answer carries a
  structured `value`, it must equal the gold as well: stating the right number among wrong ones
  is not enough.
- Refusals: a gold refusal needs answerable = false; an answerable question must not be refused.
- Text (text_fact, commitment, compare with a text gold): recall of the gold's key terms (jieba
  tokens, stop words and punctuation removed) in the answer ≥ TEXT_RECALL_THRESHOLD.
- Citations: when the gold names its evidence, some citation quote must contain it (after
  normalisation) or cover ≥ EVIDENCE_RECALL_THRESHOLD of its key terms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from eval.dataset import GoldQuestion
from ingest.normalise import compact
from ingest.quantities import Quantity, find_quantities, same_amount, to_number
from ingest.words import cut

TEXT_RECALL_THRESHOLD = 0.6
EVIDENCE_RECALL_THRESHOLD = 0.8
_ZERO_WORDS = re.compile(r"(?<!并)(无|没有|未收到|未发生|未出现|零|尚无)")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_STOP = frozenset(["的", "了", "和", "与", "及", "是", "在", "有", "为", "对", "等", "中", "年", "我", "乡", "镇", "县", "局", "个", "一", "二", "三", "哪些", "什么", "多少", "吗", "呢", "其", "各", "并", "将", "进一步", "工作"])


@dataclass(frozen=True)
class Score:
    correct: bool
    reason: str


@lru_cache(maxsize=4096)
def key_terms(text: str) -> frozenset[str]:
    """jieba tokens that carry meaning (no stop words, punctuation or single characters)."""
    tokens = (t.strip() for t in cut(unicodedata.normalize("NFKC", text), domain=True))
    return frozenset(t for t in tokens if len(t) > 1 and t not in _STOP and not _PUNCT.fullmatch(t))


def term_recall(gold: str, answer: str) -> float:
    terms = key_terms(gold)
    if not terms:
        return 1.0 if compact(gold) in compact(answer) else 0.0
    norm_answer = compact(answer)
    return sum(1 for t in terms if compact(t) in norm_answer) / len(terms)


def gold_quantity(gold: str) -> Quantity | None:
    """The quantity a gold answer states ('71条', '0件', '26.55万元', '3'), if it is one."""
    found = find_quantities(gold)
    if found:
        return found[0]
    value = to_number(gold)
    return None if value is None else Quantity(value, "", None, gold, 0, len(gold))


def score_number(gold: Quantity, text: str, value: float | None, unit: str | None) -> Score:
    stated = find_quantities(text)
    if value is not None and not same_amount(value, unit or gold.unit or None, gold.value, gold.unit or None):
        return Score(False, f"value {value:g}{unit or ''} ≠ gold {gold.text}")
    if any(same_amount(q.value, q.unit, gold.value, gold.unit or None) for q in stated):
        return Score(True, "number stated")
    if value is not None:  # the structured value matched; the text may spell it differently
        return Score(True, "structured value")
    bare = [to_number(m) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]
    if gold.unit == "" and any(b is not None and same_amount(b, None, gold.value, None) for b in bare):
        return Score(True, "bare number")
    if gold.value == 0 and not stated and _ZERO_WORDS.search(text):
        return Score(True, "zero said in words")
    return Score(False, f"gold {gold.text} not stated")


def score_answer(q: GoldQuestion, text: str, answerable: bool, value: float | None = None,
                 unit: str | None = None) -> Score:
    """Is this answer right for this gold question? (see the module docstring for the rules)"""
    if q.expects_refusal:
        return Score(not answerable, "refused" if not answerable else "answered an unanswerable question")
    if not answerable:
        return Score(False, "refused an answerable question")
    quantity = gold_quantity(q.answer) if q.kind in ("table_number", "text_number", "compare") else None
    if quantity is not None:
        return score_number(quantity, text, value, unit)
    recall = term_recall(q.answer, text)
    ok = recall >= TEXT_RECALL_THRESHOLD
    return Score(ok, f"key-term recall {recall:.2f} (threshold {TEXT_RECALL_THRESHOLD})")


def score_retrieved(q: GoldQuestion, text: str) -> Score:
    """The baseline's score: its retrieved text is what an LLM reader would get.

    Besides the rules of `score_answer` (with answerable = true: it never refuses), a numeric
    gold also counts when some retrieved line holds the gold's evidence (a table row label) and
    the gold number as a bare cell: a table row carries no units, and a reader could read it.
    """
    score = score_answer(q, text, True)
    if score.correct or q.expects_refusal or not q.evidence:
        return score
    quantity = gold_quantity(q.answer) if q.kind in ("table_number", "text_number", "compare") else None
    if quantity is None:
        return score
    for line in text.splitlines():
        if term_recall(q.evidence, line) < EVIDENCE_RECALL_THRESHOLD:
            continue
        cells = [to_number(m) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", line)]
        if any(c is not None and same_amount(c, None, quantity.value, None) for c in cells):
            return Score(True, "number on the evidence line")
    return score


def evidence_found(evidence: str, quotes: Sequence[str]) -> bool:
    """Does any quoted source hold the gold evidence (verbatim after normalisation, or most terms)?"""
    target = compact(evidence)
    if not target:
        return True
    for quote in quotes:
        if target in compact(quote) or term_recall(evidence, quote) >= EVIDENCE_RECALL_THRESHOLD:
            return True
    return False


def percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]
