"""Gold question files: JSONL, one question a line, validated with line numbers in the errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ingest.errors import GongkaiError

Kind = Literal["table_number", "text_number", "text_fact", "commitment", "compare", "unanswerable"]
KINDS: tuple[str, ...] = ("table_number", "text_number", "text_fact", "commitment", "compare", "unanswerable")
REFUSAL_MARKERS = ("拒答", "无法回答", "不可回答", "refuse", "REFUSE")


class GoldQuestion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    question: str
    answer: str
    kind: Kind
    agency: str | None = None
    year: int | None = None
    doc: str | None = None
    evidence: str | None = None
    today: date | None = None  # the date relative years (去年, 今年) are read against
    history: tuple[str, ...] = ()  # earlier questions of the conversation, for follow-ups (那2022年呢？)

    @property
    def expects_refusal(self) -> bool:
        return self.kind == "unanswerable" or self.answer.strip() in REFUSAL_MARKERS


def load_questions(path: Path) -> list[GoldQuestion]:
    """Read and validate a gold file; a bad line is reported with its number and what is wrong."""
    if not path.exists():
        raise GongkaiError(f"问题文件不存在：{path}。请用 --questions 指定 JSONL 文件 (file not found).")
    questions: list[GoldQuestion] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = GoldQuestion.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as e:
            first = str(e).splitlines()[0:3]
            raise GongkaiError(f"{path.name} 第 {n} 行格式错误：{' '.join(first)} (bad gold line).") from e
        if q.id in seen:
            raise GongkaiError(f"{path.name} 第 {n} 行：问题 id {q.id} 重复 (duplicate id).")
        seen.add(q.id)
        questions.append(q)
    if not questions:
        raise GongkaiError(f"{path.name} 中没有问题 (no questions in file).")
    return questions
