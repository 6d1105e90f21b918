"""`Answerer.ask`: the one entry point from a question in everyday Chinese to a grounded Answer.

Route first, retrieve only when needed: numbers come from SQLite cells and prose facts (no model,
no Chroma imported), problems and measures from the stored commitments, and only prose questions
touch hybrid retrieval. Whatever the route, the answer either cites where it comes from or says
honestly that the reports do not say it, listing the reports that exist.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from ingest.errors import BadQuestion
from ingest.settings import Settings
from qa.catalogue import Catalogue
from qa.lookup import ReportCache
from qa.question import parse_question
from qa.records import Answer, Turn
from qa.routes import Routing, refuse

log = logging.getLogger(__name__)
MAX_QUESTION = 2000


def check_question(question: str) -> None:
    """Raise BadQuestion for what no answer can be given to."""
    if len(question) > MAX_QUESTION:
        raise BadQuestion(f"问题太长（{len(question)}字），请控制在{MAX_QUESTION}字以内 (question too long).")
    if not re.search(r"[\w\u4e00-\u9fff]", question or ""):
        raise BadQuestion("问题为空或只有标点，请输入要问的内容，例如“背孜乡2025年收到多少申请？” (empty question).")


class Answerer:
    """Holds the store (opened lazily) and answers one question at a time."""

    def __init__(
        self,
        settings: Settings,
        store: Any = None,
        *,
        retriever: Any = None,
        clock: Callable[[], date] = date.today,
        chat_model: Any = None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._retriever = retriever
        self.clock = clock
        self._chat = chat_model
        self.last_evidence: float | None = None  # evidence score of the last prose answer (calibration)
        self._catalogue: tuple[int, Catalogue] | None = None  # (store generation, catalogue)

    @property
    def store(self) -> Any:
        if self._store is None:
            from ingest.store import Store

            self._store = Store(self.settings)
        return self._store

    def retriever(self) -> Any:
        if self._retriever is None:
            from qa.retrieve import Retriever

            self._retriever = Retriever(self.settings, self.store)
        return self._retriever

    def catalogue(self) -> Catalogue:
        """The stored reports, rebuilt only when the store changes (its generation moves): with
        10,000 reports, rebuilding it for every question cost more than the answer itself."""
        generation = getattr(self.store, "generation", None)
        if generation is None:  # a store without a change counter (test fakes): always fresh
            return Catalogue(tuple(self.store.reports()))
        now = generation()
        cached = self._catalogue
        if cached is None or cached[0] != now:
            cached = (now, Catalogue(tuple(self.store.reports())))
            self._catalogue = cached
        return cached[1]

    def ask(
        self, question: str, history: Sequence[Turn] | None = None, *, context: Mapping[str, Any] | None = None
    ) -> Answer:
        start = time.perf_counter()
        check_question(question)
        parts = split_parts(question)
        if len(parts) > 1:
            return self._ask_parts(question, parts, history, context, start)
        return self._ask_one(question, history, context, start)

    def _ask_one(self, question: str, history: Sequence[Turn] | None, context: Mapping[str, Any] | None,
                 start: float) -> Answer:
        self.last_evidence = None
        catalogue = self.catalogue()
        parsed = parse_question(question, catalogue, today=self.clock(), history=tuple(history or ()),
                                context=context)
        if not catalogue.rows:
            fields: dict[str, Any] = refuse("库中还没有任何报告，请先用 gongkai ingest 导入年度报告。")
        elif _foreign(question):
            fields = refuse(f"gongkai 只回答中文问题 (gongkai answers questions in Chinese)。例如：“{_example(catalogue)}”")
        else:
            fields = Routing(self, parsed, catalogue, ReportCache(self.store)).run()
        if self.settings.llm_enabled and fields.get("answerable") and fields["route"] not in ("clarify", "refusal"):
            fields["answer"] = self._rephrase(question, fields)
        fields.setdefault("metric", parsed.metric.id if parsed.metric else None)
        return Answer(question=question, latency_ms=(time.perf_counter() - start) * 1000,
                      settings=self.settings.fingerprint(), **fields)

    def _ask_parts(self, question: str, parts: list[str], history: Sequence[Turn] | None,
                   context: Mapping[str, Any] | None, start: float) -> Answer:
        """“总计多少件？其中尚未审结几件？”: every part answered and cited; later parts lean on the first
        for the agency and year they leave out."""
        answers: list[Answer] = []
        turns = list(history or ())
        for n, part in enumerate(parts):
            if n and part.startswith(("其中", "另外")):  # 其中尚未审结几件: a column of the first part's row
                part = _STEM_END.sub("", parts[0]) + part
            if answers and answers[0].agency:  # later parts lean on the first for agency and year
                context = {**(context or {}), "agency": answers[0].agency,
                           **({"year": answers[0].year} if answers[0].year else {})}
            a = self._ask_one(part, turns, context, time.perf_counter())
            answers.append(a)
            turns.append(Turn(question=part, answer=a))
        first = answers[0]
        return Answer(
            question=question, answer="".join(f"{n}. {a.answer}" if not a.answer.startswith(f"{n}.") else a.answer
                                              for n, a in enumerate(answers, 1)),
            answerable=all(a.answerable for a in answers), route=first.route,
            value=first.value if len(answers) == 1 else None, unit=None,
            citations=tuple(c for a in answers for c in a.citations), agency=first.agency, year=first.year,
            metric=first.metric, notes=tuple(n for a in answers for n in a.notes),
            latency_ms=(time.perf_counter() - start) * 1000, settings=self.settings.fingerprint(),
        )

    def _rephrase(self, question: str, fields: dict[str, Any]) -> str:
        from qa.llm import chat_model, rephrase

        model = self._chat or chat_model(self.settings)
        return rephrase(question, fields["answer"], [c.quote for c in fields.get("citations", ())], model)


_EACH = re.compile(r"^(?P<head>.*?[^\W\d]{2}(?:[和、与及][^\W\d和、与及各]{2,8})+)各(?P<post>(?:有|是|为)?(?:多少|几).*)$")
_STEM_END = re.compile(r"(?:总计|合计|总共|一共|共)?(?:有)?(?:多少|几)[件条个次项]?[？?。]?$|[？?。]$")
_PART_END = re.compile(r"(?<=[？?；;])|(?=[，,]?其中)|(?=[，,]另外)")


_EITHER = re.compile(r"^(?P<head>.*?)(?P<ask>有没有|是否有?|有无)(?P<a>[^，,？?或和及]{2,12}?)(?:或者|或是|或|还是|和|及)"
                     r"(?P<b>[^，,？?或和及]{2,12}?)(?P<tail>[吗呢]?[？?]?)$")


def split_parts(question: str) -> list[str]:
    """The questions one message asks (“总计多少件？其中尚未审结几件？”); each part must ask something
    (a quantity word, 哪些/什么, or a question mark), else the message is one question."""
    if either := _EITHER.match(question):  # 有没有被行政复议或者被起诉: one yes/no question per case
        head, ask = either.group("head"), either.group("ask")
        return [f"{head}{ask}{either.group(k)}{either.group('tail') or '？'}" for k in ("a", "b")]
    each = _EACH.match(question)
    if each and len([p for p in _PART_END.split(question) if p.strip(" ，,？?；;")]) <= 1:  # 行政复议和行政诉讼各有几件 / 制发、废止、现行有效各多少件: one question per item
        from qa.qualifiers import channel_start

        first, *rest = re.split(r"[和、与及]", each.group("head"))
        n = max(2, len(rest[0]))  # parallel items are about as long as each other …
        at = channel_start(first) if all(channel_start(r) == 0 for r in rest) else None
        n = len(first) - at if at is not None else n  # … unless they are ways of applying (网上申请和邮寄)
        pre, items = first[:-n], [first[-n:], *rest]
        return [pre + item + each.group("post") for item in items]
    pieces = [p.strip(" ，,") for p in _PART_END.split(question) if p and p.strip(" ，,？?；;")]
    if len(pieces) > 1 and any(_EACH.match(p) for p in pieces):  # 接收多少申请？复议、诉讼各几件？
        return [q for p in pieces for q in split_parts(p)]
    asks = re.compile(r"多少|几|哪些|什么|怎么|如何|是否|有没有|吗|[？?]")
    if len(pieces) < 2 or not all(asks.search(p) for p in pieces):
        return [question]
    return pieces


def _foreign(question: str) -> bool:
    """A question with no Chinese in it (English, pinyin): gongkai reads Chinese questions only."""
    return not re.search(r"[\u3400-\u9fff]", question) and len(re.findall(r"[A-Za-z]", question)) >= 3


def _example(catalogue: Catalogue) -> str:
    """A question the store can answer, to show how to ask."""
    row = max(catalogue.rows, key=lambda r: (r.year or 0, r.n_cells))
    year = f"{row.year}年" if row.year else ""
    return f"{catalogue.ref(row).display}{year}收到多少政府信息公开申请？"
