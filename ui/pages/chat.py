"""问答: the citizens' chat. Answers stream in a few steps and end with their sources.

The agency/year selector sets the answerer's context (the report being browsed), earlier turns are
passed along for follow-ups such as 那2022年呢？, and the example questions name agencies and years
that are actually stored.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

import gradio as gr

from ingest.errors import GongkaiError
from ui.api import check_question, context_of
from ui.pages.backend import Backend
from ui.pages.sources import answer_html

log = logging.getLogger(__name__)

ALL = "全部"
EXAMPLE_TEMPLATES = (
    "{agency}{year}年收到多少政府信息公开申请？",
    "{agency}{year}年通过政府网站主动公开了多少条信息？",
    "{agency}{year}年有没有被行政复议？",
    "{agency}{year}年报告提出了哪些改进措施？",
)
STREAM_STEPS = 5
STREAM_DELAY_S = 0.04


@dataclass
class ChatPage:
    chatbot: gr.Chatbot
    question: gr.Textbox
    send: gr.Button
    clear: gr.Button
    agency: gr.Dropdown
    year: gr.Dropdown
    examples: gr.Dataset
    turns: gr.State


def example_questions(backend: Backend, limit: int = 6) -> list[str]:
    """Questions about the newest stored reports, one template per report in turn."""
    rows = sorted(backend.reports(), key=lambda r: (r.year or 0, r.agency), reverse=True)
    out: list[str] = []
    for i, row in enumerate(rows[:limit]):
        for j in range(len(EXAMPLE_TEMPLATES)):
            template = EXAMPLE_TEMPLATES[(i + j) % len(EXAMPLE_TEMPLATES)]
            q = template.format(agency=row.agency, year=row.year or "")
            if q not in out:
                out.append(q)
                break
    if rows and len(out) < limit:
        newest = rows[0]
        out += [t.format(agency=newest.agency, year=newest.year or "") for t in EXAMPLE_TEMPLATES]
    return list(dict.fromkeys(out))[:limit]


def selector_choices(backend: Backend) -> tuple[list[str], list[str]]:
    rows = backend.reports()
    agencies = sorted({r.agency for r in rows})
    years = sorted({str(r.year) for r in rows if r.year}, reverse=True)
    return [ALL, *agencies], [ALL, *years]


def build(backend: Backend) -> ChatPage:
    """The chat's components, without events."""
    with gr.Row():
        agency = gr.Dropdown([ALL], value=ALL, label="机关（问题的默认范围）", scale=2, elem_id="gk-agency")
        year = gr.Dropdown([ALL], value=ALL, label="年度", scale=1, elem_id="gk-year")
    chatbot = gr.Chatbot(
        label="问答",
        height=520,
        elem_id="gk-chat",
        placeholder="请就已存储的政府信息公开工作年度报告提问，例如收到多少申请、主动公开了多少信息。",
        feedback_options=None,
        buttons=["copy"],
    )
    with gr.Row():
        question = gr.Textbox(
            placeholder="输入问题，按回车发送", show_label=False, scale=6, elem_id="gk-question", max_lines=4
        )
        send = gr.Button("发送", variant="primary", scale=1, elem_id="gk-send")
        clear = gr.Button("清空", scale=1)
    examples = gr.Dataset(components=[question], samples=[], label="示例问题", elem_id="gk-examples")
    turns = gr.State([])
    return ChatPage(chatbot, question, send, clear, agency, year, examples, turns)


def _context(agency: str | None, year: str | None) -> dict[str, Any]:
    return context_of(
        None if agency in (None, ALL) else agency,
        int(year) if year not in (None, "", ALL) and str(year).isdigit() else None,
    )


def _turns(raw: list[dict[str, Any]]) -> list[Any]:
    from qa.records import Answer, Turn

    return [
        Turn(question=t["question"], answer=Answer.model_validate(t["answer"]) if t.get("answer") else None)
        for t in raw[-6:]
    ]


def _chunks(text: str, steps: int = STREAM_STEPS) -> Iterator[str]:
    size = max(1, -(-len(text) // steps))
    for end in range(size, len(text) + size, size):
        yield text[: min(end, len(text))]


def respond(
    backend: Backend,
    message: str,
    history: list[dict[str, Any]],
    turns: list[dict[str, Any]],
    agency: str | None,
    year: str | None,
) -> Iterator[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]:
    """Yield (textbox, chat messages, turns) as the answer arrives."""
    history = list(history or [])
    turns = list(turns or [])
    if not (message or "").strip():  # keep the conversation on screen: it is what a follow-up refers to
        from ui.api import example_question

        try:
            hint = example_question(backend.reports())
        except Exception:
            hint = "收到多少政府信息公开申请？"
        gr.Info(f"请输入一个问题，例如“{hint}”")
        yield "", history, turns
        return
    history.append({"role": "user", "content": escape(message.strip())})
    history.append({"role": "assistant", "content": "正在查找……"})
    yield "", history, turns
    try:
        answer = backend.ask(check_question(message), _turns(turns), _context(agency, year))
    except GongkaiError as e:
        history[-1] = {"role": "assistant", "content": f'<div class="gk-error">{escape(str(e))}</div>'}
        yield "", history, turns
        return
    except Exception:  # never show a traceback to a citizen
        log.exception("answering %r failed", message)
        history[-1] = {"role": "assistant", "content": '<div class="gk-error">抱歉，回答时出错了，请稍后再试。</div>'}
        yield "", history, turns
        return
    for partial in _chunks(answer.answer):
        history[-1] = {"role": "assistant", "content": escape(partial)}
        yield "", history, turns
        time.sleep(STREAM_DELAY_S)
    history[-1] = {"role": "assistant", "content": answer_html(answer, backend.report)}
    turns.append({"question": message.strip(), "answer": answer.model_dump(mode="json")})
    yield "", history, turns


def refresh(backend: Backend) -> tuple[Any, Any, Any]:
    """On page load: selector choices and example questions from what is stored now."""
    try:
        agencies, years = selector_choices(backend)
        samples = [[q] for q in example_questions(backend)]
    except Exception:
        log.exception("reading the stored reports failed")
        agencies, years, samples = [ALL], [ALL], []
    return gr.Dropdown(choices=agencies), gr.Dropdown(choices=years), gr.Dataset(samples=samples)


def wire(page: ChatPage, backend: Backend, demo: gr.Blocks) -> None:
    """Events: send/enter streams an answer; an example fills the box; clear empties the chat."""
    inputs = [page.question, page.chatbot, page.turns, page.agency, page.year]
    outputs = [page.question, page.chatbot, page.turns]

    def _respond(
        message: str, history: list[dict[str, Any]], turns: list[dict[str, Any]], agency: str, year: str
    ) -> Iterator[tuple[str, list[dict[str, Any]], list[dict[str, Any]]]]:
        yield from respond(backend, message, history, turns, agency, year)

    page.send.click(_respond, inputs, outputs, api_visibility="private")
    page.question.submit(_respond, inputs, outputs, api_visibility="private")
    page.examples.click(lambda sample: sample[0], [page.examples], [page.question], api_visibility="private")
    page.clear.click(lambda: ([], [], ""), None, [page.chatbot, page.turns, page.question], api_visibility="private")
    demo.load(lambda: refresh(backend), None, [page.agency, page.year, page.examples], api_visibility="private")
