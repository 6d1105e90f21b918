"""`Answerer.ask`: the one entry point from a question in everyday Chinese to a grounded Answer.

Route first, retrieve only when needed: numbers come from SQLite cells and prose facts (no model,
no Chroma imported), problems and measures from the stored commitments, and only prose questions
touch hybrid retrieval. Whatever the route, the answer either cites where it comes from or says
honestly that the reports do not say it, listing the reports that exist.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from ingest.errors import BadQuestion
from ingest.settings import Settings
from ingest.store import ReportRow
from qa.lookup import PROSE_TWIN, Reading, ReportCache, change, read_metric
from qa.question import Catalogue, ParsedQuestion, parse_question
from qa.records import Answer, Citation, Route, Turn
from qa.vocabulary import TABLE_NAMES, Metric

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
            fields: dict[str, Any] = _refuse("库中还没有任何报告，请先用 gongkai ingest 导入年度报告。")
        elif _foreign(question):
            fields = _refuse(f"gongkai 只回答中文问题 (gongkai answers questions in Chinese)。例如：“{_example(catalogue)}”")
        else:
            fields = _Route(self, parsed, catalogue, ReportCache(self.store)).run()
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
_DIFFERENCE = re.compile(r"比.{0,24}(?:多|少|高|低)|相差|差(?:多少|几)|差距")
_SUM = re.compile(r"一共|合计|总共|加起来|总和|累计|共(?:新收|收到|受理|有|计|多少|几)")
_LATER_DEED = re.compile(r"((?:19|20)\d{2})年[^，,。？?]{0,12}?(?:做了|开展了|采取了|落实了|完成了|实现了|取得了|怎么做的|有哪些进展|有什么进展)")
_PERSON = re.compile(r"是谁|叫什么名字|姓名|哪位|(?:主任|局长|镇长|乡长|县长|区长|市长|书记|负责人)(?:是|叫)")
_STEM_END = re.compile(r"(?:总计|合计|总共|一共|共)?(?:有)?(?:多少|几)[件条个次项]?[？?。]?$|[？?。]$")
_PART_END = re.compile(r"(?<=[？?；;])|(?=[，,]?其中)|(?=[，,]另外)")


def split_parts(question: str) -> list[str]:
    """The questions one message asks (“总计多少件？其中尚未审结几件？”); each part must ask something
    (a quantity word, 哪些/什么, or a question mark), else the message is one question."""
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


def _refuse(text: str, **extra: Any) -> dict[str, Any]:
    return {"answer": text, "answerable": False, "route": "refusal", **extra}


def _answer(text: str, route: Route, citations: Sequence[Citation], **extra: Any) -> dict[str, Any]:
    return {"answer": text, "answerable": True, "route": route, "citations": tuple(citations), **extra}


class _Route:
    """One question's routing; each method returns the fields of an Answer."""

    def __init__(self, owner: Answerer, q: ParsedQuestion, catalogue: Catalogue, cache: ReportCache) -> None:
        self.owner, self.q, self.cat, self.cache = owner, q, catalogue, cache
        self.store = owner.store
        self.notes: list[str] = []

    def run(self) -> dict[str, Any]:
        q = self.q
        self.notes.extend(q.notes)
        if q.unknown_agency:
            return _refuse(self._not_stored(q.unknown_agency))
        if q.candidates:
            names = "、".join(c.display for c in q.candidates)
            return {"answer": f"您问的是哪一个单位？库中有：{names}。", "answerable": False, "route": "clarify"}
        handler = {"value": self.value, "compare": self.compare, "sum": self.aggregate, "rank": self.aggregate,
                   "list": self.listing, "findings": self.findings, "commitments": self.commitments,
                   "recurring": self.commitments}.get(q.intent, self.text)
        fields = handler()
        if not fields.get("answerable"):
            self.notes.clear()  # "按最新的2024年报告" beside a refusal explains nothing (e.g. an English question)
        fields["notes"] = tuple(self.notes) + tuple(fields.get("notes", ()))
        from qa.compose import failed_check_notes

        if q.intent != "findings":  # a cited table that does not add up is said, not hidden
            fields["notes"] += failed_check_notes(self.cache, fields.get("citations", ()))
        return fields

    # ------------------------------------------------------------ helpers
    def _not_stored(self, name: str) -> str:
        """The refusal for an agency the store lacks: the stored ones of the same kind (a namesake in
        another place), or the nearest names (a typo), or what exists."""
        import difflib

        same_kind = [ref.display for ref, _ in self.cat.name_hits(name)]
        if same_kind:
            return f"库中没有{name}的报告，不能用其他单位的数字代替；库中同类单位有：{'、'.join(same_kind[:8])}。"
        names = {ref.display: ref for ref in self.cat.agencies()}
        near = difflib.get_close_matches(name, list(names), n=3, cutoff=0.5)
        if near:
            return f"库中没有{name}的报告。您是不是要问：{'、'.join(near)}？"
        return f"库中没有{name}的报告；现有：{self.cat.describe()}。"


    def _need_agency(self) -> dict[str, Any] | None:
        if self.q.agency is None:
            near = self._near_names()
            if near:
                return {"answer": f"库中没有找到您说的单位。您是不是要问：{'、'.join(near)}？", "answerable": False,
                        "route": "clarify"}
            names = "、".join(a.display for a in self.cat.agencies()[:20])
            return {"answer": f"请问是哪个单位的报告？库中有：{names}。", "answerable": False, "route": "clarify"}
        return None

    def _near_names(self) -> list[str]:
        """平谭 for 平潭, 鸿泽区 for 洪泽区: the stored agencies whose names are nearest to the words
        the question starts with (before its year or what it asks)."""
        import difflib

        head = re.split(r"(?:19|20)\d{2}|[今去前]年|收到|主动|受理|办理|有多少|多少|几|的|是|有", self.q.text)[0]
        if len(head) < 2:
            return []
        from qa.question import _aliases

        names: dict[str, str] = {}
        for ref in self.cat.agencies():
            for name in _aliases(ref, {row.agency_raw for row in self.cat.rows_of(ref)}):
                names[name] = ref.display
        found = difflib.get_close_matches(head, list(names), n=5, cutoff=0.5)
        return list(dict.fromkeys(names[f] for f in found))[:3]

    def _rows_for_years(self) -> list[ReportRow] | dict[str, Any]:
        """The agency's reports for the asked year(s), or its latest; a refusal when absent."""
        agency = self.q.agency
        assert agency is not None
        have = self.cat.years(agency)
        if not have:
            return _refuse(f"库中{agency.display}的报告没有可识别的年份；现有：{self.cat.describe()}。", agency=agency.agency)
        if not self.q.years:
            self.notes.append(f"未指明年份，按最新的{have[-1]}年报告")
            return [r for r in [self.cat.find(agency, have[-1])] if r]
        missing = [y for y in self.q.years if y not in have]
        if missing and self.q.year_from in ("history", "context"):
            self.notes.append(f"{agency.display}没有{missing[0]}年的报告，按最新的{have[-1]}年报告")
            return [r for r in [self.cat.find(agency, have[-1])] if r]
        if missing:
            asked = "、".join(str(y) for y in missing)
            return _refuse(f"库中没有{agency.display}{asked}年的报告；现有：{agency.display} {'、'.join(map(str, have))}。",
                           agency=agency.agency, year=missing[0])
        return [r for y in self.q.years if (r := self.cat.find(agency, y))]

    def _qualified(self, broader: Reading) -> dict[str, Any] | None:
        """A refusal when the question narrows the figure in a way the form does not break down
        (a channel, a month, a sub-area …); it shows the broader figure, labelled as not the answer."""
        from qa.compose import value_text
        from qa.qualifiers import find_qualifier

        agency = self.q.agency
        assert agency is not None
        places = self.cat.places(agency) | ({self.q.assumed_place} if self.q.assumed_place else set())
        qualifier = find_qualifier(self.q.text, self.cat.names_in(self.q.text, agency), places,
                                   broader.metric.table, broader.metric.unit)
        if qualifier is None:
            return None
        asks_requests = broader.metric.id in ("B.new.total", "fact.requests.received", "B.result.total.total",
                                              "fact.requests.handled")  # not 信函申请中予以公开的
        if qualifier.breakdown == "申请方式" and asks_requests and (stated := self._stated_part(broader.row, qualifier.phrase)):
            return stated
        text = (f"报告没有按{qualifier.breakdown}分别统计，“{qualifier.phrase}”的数字报告中没有。"
                f"报告中只有总数（并非所问）：{value_text(broader)}")
        return _refuse(text, citations=broader.citations, agency=broader.row.agency, year=broader.row.year,
                       metric=broader.metric.id)

    def _stated_part(self, row: ReportRow, phrase: str) -> dict[str, Any] | None:
        """A way of applying the form does not count but the prose does (其中网上申请42件、信函13件)."""
        from ingest.quantities import format_number
        from qa.compose import agency_name
        from qa.lookup import fact_citation
        from qa.qualifiers import channel_words

        words = channel_words(phrase)
        parts = [f for r, f in self.store.facts(agency=row.agency, year=row.year)
                 if r.id == row.id and f.metric in ("other", "requests.received") and f.unit in ("件", "个", "起", "宗", "项") and "申请" in f.sentence
                 and any(w in f.subject for w in words) and len(f.subject) <= 12]
        if len({(f.value, f.subject) for f in parts}) != 1:
            return None  # none, or several that disagree: not a figure to give
        fact = parts[0]
        cit = fact_citation(self.cache, row, fact)
        subject = re.sub(r"^为|[^\w]", "", fact.subject)
        text = (f"{agency_name(row)}{row.year or ''}年{subject}{format_number(fact.value)}{fact.unit}"
                f"（见{cit.section}原文：“{fact.sentence}”）。")
        return _answer(self._with_notes(text), "fact", [cit], value=fact.value, unit=fact.unit, agency=row.agency,
                       year=row.year, metric="fact.other")

    def _nouns(self, rows: list[ReportRow]) -> list[str]:
        """The question's content words (agency names and question words left out), longest first."""
        from qa.compose import _exclusions, keywords

        words = [w for w, _ in keywords(self.q.text, _exclusions(rows, self.q.text, self.cat))]
        return sorted((w for w in words if w not in ("发布", "多少", "比", "少了", "多了", "增加", "减少")), key=len,
                      reverse=True)

    def _with_notes(self, text: str) -> str:
        return text + "".join(f"（{n}）" for n in self.notes)

    # ------------------------------------------------------------ routes
    def value(self) -> dict[str, Any]:
        from qa.compose import value_text

        if (need := self._need_agency()) is not None:
            return need
        rows = self._rows_for_years()
        if isinstance(rows, dict):
            return rows
        metric = self.q.metric
        assert metric is not None
        if any(w in self.q.text for w in ("正文", "文字", "报告里说", "报告中说")) and metric.id in PROSE_TWIN:
            metric = Metric(None, PROSE_TWIN[metric.id])  # 报告正文说…: the prose number, not the table
        readings = [read_metric(self.store, self.cache, r, metric) for r in rows]
        if (narrower := self._qualified(readings[-1])) is not None:
            return narrower
        if len(readings) > 1:
            return self._compare_fields(readings)
        reading = readings[0]
        if reading.status == "missing" and metric.is_fact:
            self.notes.append("报告中没有对应的统计数字，以下为原文中最相关的句子")
            return self.text(rows)
        if reading.status == "missing" and not any(True for _ in self.store.cells(report_id=rows[0].id, table=metric.table)):
            # a page start or a report without its tables: what its prose says, quoted, is all there is,
            # and only when the quoted sentence states a count of the kind asked
            from qa.compose import short_label

            fields = self.text(rows)
            label = re.escape(short_label(metric.label)[:2])
            if fields.get("answerable") and re.search(rf"{label}[^，,。；;]{{0,16}}?\d+\s*(?:{metric.unit}|家次|人次|[件条项起宗个次])",
                                                      fields["answer"]):
                fields["answer"] += f"（报告中没有{TABLE_NAMES.get(metric.table or '', '该表')}，以上为原文中最相关的句子）"
                return fields
            table_name = TABLE_NAMES.get(metric.table or "", "该表")
            return _refuse(f"{rows[0].agency}{rows[0].year or ''}年报告中没有{table_name}，正文也没有写明“{short_label(metric.label)}”的数字。",
                           agency=rows[0].agency, year=rows[0].year)
        text = self._with_notes(value_text(reading, yes_no=self.q.yes_no))
        route: Route = "table" if reading.source == "cell" else "fact"
        if reading.status == "missing":
            return _refuse(text, agency=reading.row.agency, year=reading.row.year)
        self.notes.extend(dict.fromkeys(reading.derived))
        return _answer(text, route, reading.citations, value=reading.value, unit=reading.unit if reading.value is not None else None,
                       agency=reading.row.agency, year=reading.row.year, metric=reading.metric.id)

    def compare(self) -> dict[str, Any]:
        if (need := self._need_agency()) is not None:
            return need
        agency = self.q.agency
        assert agency is not None
        have = self.cat.years(agency)
        years = sorted(self.q.years)
        if len(years) > 2:  # 2022年到2025年: the years of the range that have a report
            kept = [y for y in years if y in have]
            if len(kept) < len(years):
                self.notes.append(f"库中{agency.display}只有{'、'.join(map(str, kept))}年的报告")
            years = kept
        if self.q.recent:
            anchor = years[-1] if years else (have[-1] if have else 0)
            years = [y for y in have if y <= anchor][-self.q.recent :]
            if len(years) < self.q.recent:
                self.notes.append(f"库中{agency.display}只有{'、'.join(map(str, have))}年的报告")
        elif len(years) < 2:
            base = years[0] if years else (have[-1] if have else 0)
            if not years:
                self.notes.append(f"未指明年份，按最新的{base}年报告")
            earlier = [y for y in have if y < base]
            if base - 1 not in have and earlier:
                self.notes.append(f"库中没有{base - 1}年的报告，改与{earlier[-1]}年比较")
            years = [earlier[-1], base] if earlier else [base]
        missing = [y for y in years if y not in have]
        if not missing and len(years) < 2:
            return _refuse(f"库中{agency.display}只有{'、'.join(map(str, have))}年的报告，无法比较。", agency=agency.agency)
        if missing:
            asked = "、".join(map(str, missing))
            return _refuse(f"库中没有{agency.display}{asked}年的报告，无法比较；现有：{agency.display} "
                           f"{'、'.join(map(str, have))}。", agency=agency.agency)
        rows = [r for y in years if (r := self.cat.find(agency, y))]
        assert self.q.metric is not None
        readings = [read_metric(self.store, self.cache, r, self.q.metric) for r in rows]
        return self._qualified(readings[-1]) or self._compare_fields(readings)

    def _compare_fields(self, readings: list[Reading]) -> dict[str, Any]:
        from qa.compose import compare_text

        diff = change(readings)
        cits = [c for r in readings for c in r.citations]
        last = readings[-1]
        if _SUM.search(self.q.text):
            return self._sum_years(readings)
        single = diff is not None and diff.delta is not None and len(readings) == 2  # 近三年: no one number
        single = single and not re.search(r"各[有是为]?(?:多少|几)", self.q.text)  # 各有几件，有变化吗: both figures asked
        return _answer(self._with_notes(compare_text(readings)), "compare", cits,
                       value=abs(diff.delta) if single and diff else None, unit=last.unit if single else None,
                       agency=last.row.agency, year=last.row.year, metric=last.metric.id)

    def _sum_years(self, readings: list[Reading]) -> dict[str, Any]:
        from ingest.quantities import format_number
        from qa.compose import agency_name, phrase

        used = [r for r in readings if r.value is not None]
        unit = used[0].unit if used else None
        value = float(sum(r.value or 0 for r in used)) if used else None
        parts = "，".join(f"{r.row.year}年{format_number(r.value)}{r.unit}" if r.value is not None
                         else f"{r.row.year}年未填写" for r in readings)
        first = readings[0]
        text = f"{agency_name(first.row)}{phrase(first.metric)}{len(used)}年合计{format_number(value)}{unit or ''}（{parts}）。"
        return _answer(self._with_notes(text), "aggregate", [c for r in readings for c in r.citations],
                       value=value, unit=unit, agency=first.row.agency, metric=first.metric.id)

    def aggregate(self) -> dict[str, Any]:
        from qa.compose import agency_name, aggregate_text

        q = self.q
        assert q.metric is not None
        region = q.region or (self.cat.regions()[0] if len(self.cat.regions()) == 1 and "全县" in q.text else None)
        agencies = [a for a in self.cat.agencies() if (region is None or a.region == region)
                    and (not q.townships_only or a.agency.endswith(("乡", "镇", "街道", "办事处")))]
        if q.agency is not None:
            agencies = [q.agency]
        if q.several:
            agencies = list(q.several)
        year = q.years[0] if q.years else max((y for a in agencies for y in self.cat.years(a)), default=None)
        if year is None or not agencies:
            return _refuse(f"库中没有符合条件的报告；现有：{self.cat.describe()}。")
        if not q.years:
            self.notes.append(f"未指明年份，按{year}年报告")
        rows = [r for a in agencies if (r := self.cat.find(a, year))]
        absent = [a.display for a in agencies if self.cat.find(a, year) is None]
        if absent:
            self.notes.append(f"{'、'.join(absent[:10])}没有{year}年的报告，未计入")
        if not rows:
            return _refuse(f"库中没有{year}年的报告；现有：{self.cat.describe()}。", year=year)
        readings = [read_metric(self.store, self.cache, r, q.metric) for r in rows]
        used = [r for r in readings if r.value is not None]
        scope = "、".join(a.display for a in q.several) if q.several else \
            f"{region or ''}{'各乡镇' if q.townships_only else '各单位'}"
        if q.several and len(rows) == len(q.several) == 2 and _DIFFERENCE.search(q.text):
            return self._difference(readings, year)
        if q.several and any(r.value is None for r in readings):
            gaps = "、".join(agency_name(r.row) for r in readings if r.value is None)
            return _refuse(f"无法比较：{gaps}{year}年的报告没有写明此项。", year=year)
        text = aggregate_text(readings, scope, f"{year}年", q.intent == "rank")
        if q.intent == "rank":
            best = max((r.value or 0 for r in used), default=None)
            value = best
        else:
            value = float(sum(r.value or 0 for r in used)) if used else None
        return _answer(self._with_notes(text), "aggregate", [c for r in readings for c in r.citations],
                       value=value, unit=used[0].unit if used else None, year=year, metric=q.metric.id)

    def _difference(self, readings: list[Reading], year: int) -> dict[str, Any]:
        """甲比乙多多少: both figures, cited, and the difference."""
        from ingest.quantities import format_number
        from qa.compose import agency_name, phrase

        a, b = readings
        if a.value is None or b.value is None:
            gaps = "、".join(agency_name(r.row) for r in readings if r.value is None)
            return _refuse(f"无法比较：{gaps}{year}年的报告没有写明此项。", year=year)
        diff = a.value - b.value
        unit = a.unit or ""
        if a.unit != b.unit and {a.unit, b.unit} <= {"件", "宗", "起", "项", "个"}:
            unit = a.metric.unit  # 102宗 and 5件 are both requests: the difference in the form's unit
        more = "多" if diff > 0 else ("少" if diff < 0 else "持平，相差0")
        text = (f"{year}年{agency_name(a.row)}{phrase(a.metric)}{format_number(a.value)}{a.unit or ''}，"
                f"{agency_name(b.row)}{format_number(b.value)}{b.unit or ''}；"
                f"{agency_name(a.row)}比{agency_name(b.row)}{more}{format_number(abs(diff)) + unit if diff else ''}。")
        return _answer(self._with_notes(text), "compare", [c for r in readings for c in r.citations],
                       value=abs(diff), unit=unit, year=year, metric=a.metric.id)

    def listing(self) -> dict[str, Any]:
        return _answer(f"库中共有{len(self.cat.rows)}份报告：{self.cat.describe(limit=50)}。", "aggregate", ())

    def findings(self) -> dict[str, Any]:
        from qa.compose import findings_answer

        return findings_answer(self.store, self.cache, self.q, self.cat)

    def commitments(self) -> dict[str, Any]:
        from qa.commitments import commitments_answer

        if (need := self._need_agency()) is not None:
            return need
        return commitments_answer(self.store, self.cache, self.q, self.cat, self.notes)

    def text(self, rows: list[ReportRow] | None = None) -> dict[str, Any]:
        from qa.compose import text_answer
        from qa.direct import CONTACT_ASK, contact_answer, person_answer, prose_change

        q = self.q
        if rows is None:
            if q.agency is not None:
                found = self._rows_for_years()
                if isinstance(found, dict):
                    return found
                rows = found
            else:
                rows = [r for r in self.cat.rows if not q.years or r.year in q.years]
                if not rows:
                    years = "、".join(map(str, q.years))
                    return _refuse(f"库中没有{years}年的报告；现有：{self.cat.describe()}。")
        if _PERSON.search(q.text):
            named = person_answer(self.cache, rows, q.text) if q.agency is not None else None
            return named or _refuse("报告中没有找到所问人员的姓名：年度报告一般只写职务（如“由乡长任组长”）。")
        later = _LATER_DEED.search(q.text)
        if later and len(rows) == 2 and any(r.year == int(later.group(1)) for r in rows):
            rows = [r for r in rows if r.year == int(later.group(1))]  # 2024年说要…，2025年做了什么: the 2025 report
            q = self.q = dataclasses.replace(q, search_text=q.text[later.start():])  # and only what is asked of it
        direct = contact_answer(self.cache, rows) if CONTACT_ASK.search(q.text) and q.metric is None else None
        if direct is None and len(rows) == 2 and q.quantity and (_DIFFERENCE.search(q.text) or "变化" in q.text):
            direct = prose_change(self.store, self.cache, rows, self._nouns(rows), q.text)
        fields = direct or text_answer(self.owner, self.cache, q, rows)
        if fields.get("answerable"):
            fields["answer"] = self._with_notes(fields["answer"])
        return fields
