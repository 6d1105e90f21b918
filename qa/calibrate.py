"""Calibrate `settings.min_evidence` on gold questions instead of on hand-picked cases.

The threshold only decides whether a prose answer is given or refused, so each gold question is
answered once with the threshold at 0, its evidence score is kept, and every candidate threshold
is scored from that: a prose answer above the threshold counts if it was right, one below counts
if the gold expects a refusal. Numeric and other routes do not depend on the threshold and count
as they are. The best threshold is the middle of the widest run of best accuracy.

    python -m qa.calibrate eval/gold/*.jsonl        (uses the store of GONGKAI_DATA)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ingest.normalise import compact
from qa.records import Answer

THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(21))
_NUMBER = re.compile(r"^(?:增加|减少)?(\d+(?:\.\d+)?)(件|条|万元|个|次)?$")


@dataclass(frozen=True)
class Calibration:
    best: float
    accuracy: float  # at `best`, over all questions
    curve: tuple[tuple[float, float], ...]  # (threshold, accuracy)
    questions: int
    prose_questions: int  # those whose outcome depends on the threshold


def load_gold(paths: Iterable[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def grade(gold: dict[str, Any], answer: Answer) -> bool:
    """Refusal for 拒答/unanswerable; value and unit for a quantity; otherwise every part of the key phrase."""
    expected = str(gold["answer"]).strip()
    if gold.get("kind") == "unanswerable" or expected == "拒答":
        return not answer.answerable and answer.value is None
    if not answer.answerable:
        return False
    m = _NUMBER.match(expected)
    if m:
        value, unit = float(m.group(1)), m.group(2)
        text_ok = expected in answer.answer.replace(" ", "") if expected.startswith(("增加", "减少")) else True
        return answer.value is not None and abs(answer.value - value) < 1e-6 and unit in (None, answer.unit) and text_ok
    return key_recall(expected, answer.answer) >= 0.6


def key_recall(phrase: str, text: str) -> float:
    """Share of the phrase's jieba words (two characters or more) found in `text`."""
    from ingest.words import cut

    words = [w for w in cut(compact(phrase)) if len(w) > 1] or [compact(phrase)]
    return sum(w in compact(text) for w in words) / len(words)


def _today(gold: dict[str, Any], default: date) -> date:
    return date.fromisoformat(gold["today"]) if gold.get("today") else default


def evidence_scores(answerer: Any, gold: Sequence[dict[str, Any]], today: date) -> list[tuple[float | None, bool]]:
    """(evidence score or None when not a prose route, correct at threshold 0) per question."""
    out = []
    for g in gold:
        answerer.clock = lambda g=g: _today(g, today)
        answer = answerer.ask(g["question"])
        out.append((answerer.last_evidence, grade(g, answer)))
    return out


def sweep(scored: Sequence[tuple[float | None, bool]], gold: Sequence[dict[str, Any]],
          thresholds: Sequence[float] = THRESHOLDS) -> Calibration:
    curve = []
    for t in thresholds:
        right = 0
        for (evidence, ok), g in zip(scored, gold, strict=True):
            if evidence is None or evidence >= t:
                right += ok
            else:
                right += g.get("kind") == "unanswerable" or g.get("answer") == "拒答"
        curve.append((t, right / max(len(gold), 1)))
    top = max(a for _, a in curve)
    runs: list[list[float]] = []
    for t, a in curve:
        if a == top and runs and runs[-1][-1] == round(t - 0.05, 2):
            runs[-1].append(t)
        elif a == top:
            runs.append([t])
    widest = max(runs, key=len)
    best = widest[len(widest) // 2]
    return Calibration(best, top, tuple(curve), len(gold), sum(e is not None for e, _ in scored))


def calibrate(answerer: Any, paths: Iterable[Path], today: date = date(2026, 3, 1)) -> Calibration:
    """Sweep the evidence threshold over gold files with an Answerer (its store holds the reports)."""
    gold = load_gold(paths)
    original = answerer.settings
    answerer.settings = original.model_copy(update={"min_evidence": 0.0})
    try:
        scored = evidence_scores(answerer, gold, today)
    finally:
        answerer.settings = original
    return sweep(scored, gold)


def main(argv: Sequence[str]) -> None:
    from ingest.settings import get_settings
    from qa.answerer import Answerer

    paths = [Path(p) for p in argv] or sorted(Path("eval/gold").glob("*.jsonl"))
    result = calibrate(Answerer(get_settings()), paths)
    print(f"{result.questions} questions ({result.prose_questions} prose): best min_evidence = {result.best} "
          f"(accuracy {result.accuracy:.1%})")
    for t, a in result.curve:
        print(f"  {t:.2f}  {a:.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
