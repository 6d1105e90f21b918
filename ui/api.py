"""The REST API (mounted under /api): ask a question, list and read reports, list findings.

Errors a caller can cause come back as 4xx with a readable {"detail": "..."}: an empty or overlong
question (422), an unknown report id (404). The OpenAPI page is FastAPI's own /docs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ingest.errors import BadQuestion, GongkaiError, StoreError
from qa.records import Answer, Turn
from ui.pages.backend import Backend

MAX_QUESTION_CHARS = 2000


class HistoryTurn(BaseModel):
    """An earlier exchange: the question and, optionally, the Answer JSON the API returned for it."""

    model_config = ConfigDict(extra="forbid")

    question: str
    answer: Answer | None = None


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="The question in Chinese, e.g. 青石镇2024年收到多少政府信息公开申请？")
    history: list[HistoryTurn] = Field(default_factory=list, description="Earlier turns, oldest first.")
    agency: str | None = Field(default=None, description="Context: the agency being browsed.")
    year: int | None = Field(default=None, description="Context: the report year being browsed.")


def example_question(rows: Any) -> str:
    """A question about the newest stored report, for messages that show how to ask."""
    newest = max(rows, key=lambda r: (r.year or 0, r.agency), default=None)
    if newest is None:
        return "收到多少政府信息公开申请？"
    return f"{newest.agency}{newest.year or ''}年收到多少政府信息公开申请？"


def check_question(question: str, example: str | None = None) -> str:
    """Reject what no answerer can use, before it costs a model call. `example` names a stored report."""
    text = question.strip()
    if not text:
        hint = example or "收到多少政府信息公开申请？"
        raise BadQuestion(f"问题是空的，请输入一个问题，例如“{hint}” (Empty question.)")
    if len(text) > MAX_QUESTION_CHARS:
        raise BadQuestion(
            f"问题太长（{len(text)} 字），请缩短到 {MAX_QUESTION_CHARS} 字以内。 (Question too long.)"
        )
    return text


def to_turns(history: list[HistoryTurn]) -> list[Turn]:
    return [Turn(question=t.question, answer=t.answer) for t in history]


def context_of(agency: str | None, year: int | None) -> dict[str, Any]:
    return {k: v for k, v in (("agency", agency), ("year", year)) if v not in (None, "")}


def finding_json(row: Any, finding: Any) -> dict[str, Any]:
    return {"report_id": row.id, "agency": row.agency, "year": row.year, **finding.model_dump(mode="json")}


def build_router(backend: Backend, staff_guard: Callable[..., None]) -> APIRouter:
    """All /api routes; `staff_guard` protects the staff data when a password is set."""
    router = APIRouter(prefix="/api", tags=["gongkai"])

    @router.post("/ask", summary="Answer one question from the stored reports, with its sources")
    def ask(body: AskRequest) -> dict[str, Any]:
        example = None if body.question.strip() else example_question(backend.reports())  # names a stored report
        question = check_question(body.question, example)
        answer = backend.ask(question, to_turns(body.history), context_of(body.agency, body.year))
        return answer.model_dump(mode="json")

    @router.get("/reports", summary="The stored reports (filter by agency and year)")
    def reports(agency: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
        return [r.model_dump(mode="json") for r in backend.reports(agency=agency, year=year)]

    @router.get("/reports/{report_id}", summary="One stored report: metadata, sections, cells, findings")
    def report(report_id: str) -> dict[str, Any]:
        found = backend.report(report_id)
        if found is None:
            raise HTTPException(status_code=404, detail=f"没有编号为 {report_id} 的报告。(Unknown report id.)")
        return found.model_dump(mode="json")

    @router.get(
        "/findings",
        summary="Consistency findings across all reports (filter by agency, year, rule)",
        dependencies=[Depends(staff_guard)],
    )
    def findings(
        agency: str | None = None, year: int | None = None, rule: str | None = None
    ) -> list[dict[str, Any]]:
        return [finding_json(r, f) for r, f in backend.findings(agency=agency, year=year, rule=rule)]

    return router


async def gongkai_error_handler(request: Request, exc: Exception) -> JSONResponse:
    """BadQuestion → 422, an unusable store → 503, any other user-caused error → 400."""
    code = 422 if isinstance(exc, BadQuestion) else 503 if isinstance(exc, StoreError) else 400
    return JSONResponse(status_code=code, content={"detail": str(exc)})


def install_error_handlers(app: Any) -> None:
    app.add_exception_handler(GongkaiError, gongkai_error_handler)
