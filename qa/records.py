"""What the answerer hands to the UI, the CLI and the evaluator."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Route = Literal["table", "fact", "commitment", "retrieval", "compare", "aggregate", "clarify", "refusal"]


class Citation(BaseModel):
    """One piece of evidence behind an answer: a table cell, a prose sentence or a chunk."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    report_id: str
    agency: str
    year: int | None
    section: str = Field(description="The section heading, e.g. 三、收到和处理政府信息公开申请情况.")
    table: str | None = Field(default=None, description="A, B or C for a cell; None for text.")
    row: str | None = Field(default=None, description="Row label as printed on the form.")
    column: str | None = Field(default=None, description="Column label as printed on the form.")
    quote: str = Field(description="The sentence or the table row as the report writes it.")
    source: str = Field(description="The file the report came from.")
    line: int | None = None
    value: float | None = None


class Answer(BaseModel):
    """A short answer in Chinese, the value behind it, and where it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    answer: str
    answerable: bool
    route: Route
    value: float | None = None
    unit: str | None = None
    citations: tuple[Citation, ...] = ()
    agency: str | None = None
    year: int | None = None
    metric: str | None = Field(default=None, description="The metric understood, e.g. B.new.total.")
    notes: tuple[str, ...] = Field(default=(), description="Assumptions stated to the user.")
    latency_ms: float = 0.0
    settings: dict[str, str] = Field(default_factory=dict)


class Turn(BaseModel):
    """One earlier exchange, for follow-ups such as 那2022年呢？"""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    answer: Answer | None = None
