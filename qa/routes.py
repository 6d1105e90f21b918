"""How one parsed question is answered: the route it takes and the fields of its `Answer`.

`qa.answerer.Answerer` parses the question and hands it to `Routing.run`, which picks the route:
a table cell or prose fact (`value`), two years (`compare`), a sum or difference over agencies or
years (`aggregate`), the stored commitments, a consistency finding, or a prose passage (`text`,
the only route that retrieves). Each method returns the fields of an Answer: the text, whether it
was answered, and the citations that ground it, or an honest refusal that says what is stored.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ingest.store import ReportRow
from qa.catalogue import Catalogue
from qa.lookup import PROSE_TWIN, Reading, ReportCache, change, read_metric
from qa.question import ParsedQuestion
from qa.records import Citation, Route
from qa.vocabulary import COLUMN_WORDS, FACT_LABELS, TABLE_NAMES, Metric

if TYPE_CHECKING:
    from qa.answerer import Answerer

_DIFFERENCE = re.compile(r"比.{0,24}(?:多|少|高|低)|相差|差(?:多少|几)|差距")
_SUM = re.compile(r"一共|合计|总共|加起来|总和|累计|共(?:新收|收到|受理|有|计|多少|几)")
_LATER_DEED = re.compile(r"((?:19|20)\d{2})年[^，,。？?]{0,12}?(?:做了|开展了|采取了|落实了|完成了|实现了|取得了|怎么做的|有哪些进展|有什么进展)")
_TREND = re.compile(r"变化|怎么变|如何变|趋势|逐年")
_PERSON = re.compile(r"是谁|叫什么名字|姓名|哪位|(?:主任|局长|镇长|乡长|县长|区长|市长|书记|负责人)(?:是|叫)")


def refuse(text: str, **extra: Any) -> dict[str, Any]:
    return {"answer": text, "answerable": False, "route": "refusal", **extra}


def answered(text: str, route: Route, citations: Sequence[Citation], **extra: Any) -> dict[str, Any]:
    return {"answer": text, "answerable": True, "route": route, "citations": tuple(citations), **extra}


class Routing:
    """One question's routing; each method returns the fields of an Answer."""

    def __init__(self, owner: Answerer, q: ParsedQuestion, catalogue: Catalogue, cache: ReportCache) -> None:
        self.owner, self.q, self.cat, self.cache = owner, q, catalogue, cache
        self.store = owner.store
        self.notes: list[str] = []

    def run(self) -> dict[str, Any]:
        q = self.q
        self.notes.extend(q.notes)
        if q.unknown_agency:
            return refuse(self._not_stored(q.unknown_agency))
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
        from qa.catalogue import agency_aliases

        names: dict[str, str] = {}
        for ref in self.cat.agencies():
            for name in agency_aliases(ref, {row.agency_raw for row in self.cat.rows_of(ref)}):
                names[name] = ref.display
        found = difflib.get_close_matches(head, list(names), n=5, cutoff=0.5)
        return list(dict.fromkeys(names[f] for f in found))[:3]

    def _rows_for_years(self) -> list[ReportRow] | dict[str, Any]:
        """The agency's reports for the asked year(s), or its latest; a refusal when absent."""
        agency = self.q.agency
        assert agency is not None
        have = self.cat.years(agency)
        if not have:
            return refuse(f"库中{agency.display}的报告没有可识别的年份；现有：{self.cat.describe()}。", agency=agency.agency)
        if not self.q.years:
            self.notes.append(f"未指明年份，按最新的{have[-1]}年报告")
            return [r for r in [self.cat.find(agency, have[-1])] if r]
        missing = [y for y in self.q.years if y not in have]
        if missing and self.q.year_from in ("history", "context"):
            self.notes.append(f"{agency.display}没有{missing[0]}年的报告，按最新的{have[-1]}年报告")
            return [r for r in [self.cat.find(agency, have[-1])] if r]
        if missing:
            asked = "、".join(str(y) for y in missing)
            return refuse(f"库中没有{agency.display}{asked}年的报告；现有：{agency.display} {'、'.join(map(str, have))}。",
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
        return refuse(text, citations=broader.citations, agency=broader.row.agency, year=broader.row.year,
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
        return answered(self._with_notes(text), "fact", [cit], value=fact.value, unit=fact.unit, agency=row.agency,
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
            # no stated figure of this kind: the nearest passage answers only when it states a count in
            # the unit asked; otherwise it is shown as what the report says instead, not as an answer
            fields = self.text(rows)
            units = {"fee.amount": "万?元", "proactive.items": "条|篇|件|则"}.get(metric.row, metric.unit or "件")
            if asked := re.search(r"(?:多少|几)(批次|人次|家次|万元|条|篇|件|次|个|项|期|场|名|人|家|份|本|元|起|宗|封|台|期)",
                                  self.q.text):
                units += "|" + re.escape(asked.group(1))  # 多少批次: the unit the question asks in
            if fields.get("answerable") and not re.search(rf"\d+\s*(?:余|多)?(?:{units})", fields["answer"]):
                what = FACT_LABELS.get(metric.row, "所问")
                return refuse(f"{rows[0].agency}{rows[0].year or ''}年报告没有写明{what}的数字。原文中最相关的内容："
                              + fields["answer"], agency=rows[0].agency, year=rows[0].year,
                              citations=fields.get("citations", ()))
            if fields.get("answerable"):
                fields["answer"] += "（报告中没有对应的统计数字，以上为原文中最相关的句子）"
            return fields
        if reading.status == "missing" and not any(True for _ in self.store.cells(report_id=rows[0].id, table=metric.table)):
            # a page start or a report without its tables: what its prose says, quoted, is all there is,
            # and only when the quoted sentence states a count of the kind asked
            from qa.compose import short_label

            fields = self.text(rows)
            label = re.escape(short_label(metric.label)[:2])
            # a column asked (结果纠正, 自然人): the passage must name it too, not only the row's count
            column = next(("|".join(map(re.escape, words)) for words, table, col in COLUMN_WORDS
                           if table == metric.table and col == metric.column), None)
            if fields.get("answerable") and re.search(rf"{label}[^，,。；;]{{0,16}}?\d+\s*(?:{metric.unit}|家次|人次|[件条项起宗个次])",
                                                      fields["answer"]) and (column is None or re.search(column, fields["answer"])):
                fields["answer"] += f"（报告中没有{TABLE_NAMES.get(metric.table or '', '该表')}，以上为原文中最相关的句子）"
                return fields
            table_name = TABLE_NAMES.get(metric.table or "", "该表")
            asked = next((f"中“{words[0]}”" for words, table, col in COLUMN_WORDS
                          if table == metric.table and col == metric.column), "")
            return refuse(f"{rows[0].agency}{rows[0].year or ''}年报告中没有{table_name}，正文也没有写明“{short_label(metric.label)}”{asked}的数字。",
                           agency=rows[0].agency, year=rows[0].year)
        text = self._with_notes(value_text(reading, yes_no=self.q.yes_no))
        route: Route = "table" if reading.source == "cell" else "fact"
        if reading.status == "missing":
            return refuse(text, agency=reading.row.agency, year=reading.row.year)
        self.notes.extend(dict.fromkeys(reading.derived))
        return answered(text, route, reading.citations, value=reading.value, unit=reading.unit if reading.value is not None else None,
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
            return refuse(f"库中{agency.display}只有{'、'.join(map(str, have))}年的报告，无法比较。", agency=agency.agency)
        if missing and len(years) == 2 and years[1] in have and (later := self.cat.find(agency, years[1])):
            from qa.direct import stated_change

            assert self.q.metric is not None
            reading = read_metric(self.store, self.cache, later, self.q.metric)
            if reading.status == "missing" and self.q.metric.id in PROSE_TWIN:  # a page without its tables
                reading = read_metric(self.store, self.cache, later, Metric(None, PROSE_TWIN[self.q.metric.id]))
            stated = stated_change(self.cache, reading, years[0])
            if stated is not None:
                return stated
        if missing:
            asked = "、".join(map(str, missing))
            return refuse(f"库中没有{agency.display}{asked}年的报告，无法比较；现有：{agency.display} "
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
        return answered(self._with_notes(compare_text(readings)), "compare", cits,
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
        return answered(self._with_notes(text), "aggregate", [c for r in readings for c in r.citations],
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
            return refuse(f"库中没有符合条件的报告；现有：{self.cat.describe()}。")
        if not q.years:
            self.notes.append(f"未指明年份，按{year}年报告")
        rows = [r for a in agencies if (r := self.cat.find(a, year))]
        absent = [a.display for a in agencies if self.cat.find(a, year) is None]
        if absent:
            self.notes.append(f"{'、'.join(absent[:10])}没有{year}年的报告，未计入")
        if not rows:
            return refuse(f"库中没有{year}年的报告；现有：{self.cat.describe()}。", year=year)
        readings = [read_metric(self.store, self.cache, r, q.metric) for r in rows]
        used = [r for r in readings if r.value is not None]
        scope = "、".join(a.display for a in q.several) if q.several else \
            f"{region or ''}{'各乡镇' if q.townships_only else '各单位'}"
        if q.several and len(rows) == len(q.several) == 2 and _DIFFERENCE.search(q.text):
            return self._difference(readings, year)
        if q.several and any(r.value is None for r in readings):
            gaps = "、".join(agency_name(r.row) for r in readings if r.value is None)
            return refuse(f"无法比较：{gaps}{year}年的报告没有写明此项。", year=year)
        text = aggregate_text(readings, scope, f"{year}年", q.intent == "rank")
        if q.intent == "rank":
            best = max((r.value or 0 for r in used), default=None)
            value = best
        else:
            value = float(sum(r.value or 0 for r in used)) if used else None
        return answered(self._with_notes(text), "aggregate", [c for r in readings for c in r.citations],
                       value=value, unit=used[0].unit if used else None, year=year, metric=q.metric.id)

    def _difference(self, readings: list[Reading], year: int) -> dict[str, Any]:
        """甲比乙多多少: both figures, cited, and the difference."""
        from ingest.quantities import format_number
        from qa.compose import agency_name, phrase

        a, b = readings
        if a.value is None or b.value is None:
            gaps = "、".join(agency_name(r.row) for r in readings if r.value is None)
            return refuse(f"无法比较：{gaps}{year}年的报告没有写明此项。", year=year)
        diff = a.value - b.value
        unit = a.unit or ""
        if a.unit != b.unit and {a.unit, b.unit} <= {"件", "宗", "起", "项", "个"}:
            unit = a.metric.unit  # 102宗 and 5件 are both requests: the difference in the form's unit
        more = "多" if diff > 0 else ("少" if diff < 0 else "持平，相差0")
        text = (f"{year}年{agency_name(a.row)}{phrase(a.metric)}{format_number(a.value)}{a.unit or ''}，"
                f"{agency_name(b.row)}{format_number(b.value)}{b.unit or ''}；"
                f"{agency_name(a.row)}比{agency_name(b.row)}{more}{format_number(abs(diff)) + unit if diff else ''}。")
        return answered(self._with_notes(text), "compare", [c for r in readings for c in r.citations],
                       value=abs(diff), unit=unit, year=year, metric=a.metric.id)

    def listing(self) -> dict[str, Any]:
        return answered(f"库中共有{len(self.cat.rows)}份报告：{self.cat.describe(limit=50)}。", "aggregate", ())

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
                    return refuse(f"库中没有{years}年的报告；现有：{self.cat.describe()}。")
        if _PERSON.search(q.text):
            named = person_answer(self.cache, rows, q.text) if q.agency is not None else None
            return named or refuse("报告中没有找到所问人员的姓名：年度报告一般只写职务（如“由乡长任组长”）。")
        later = _LATER_DEED.search(q.text)
        if later and len(rows) == 2 and any(r.year == int(later.group(1)) for r in rows):
            rows = [r for r in rows if r.year == int(later.group(1))]  # 2024年说要…，2025年做了什么: the 2025 report
            q = self.q = dataclasses.replace(q, search_text=q.text[later.start():])  # and only what is asked of it
        direct = contact_answer(self.cache, rows) if CONTACT_ASK.search(q.text) and q.metric is None else None
        if direct is None and len(rows) >= 2 and (q.quantity or _TREND.search(q.text)) and (
                _DIFFERENCE.search(q.text) or _TREND.search(q.text)):
            direct = prose_change(self.store, self.cache, rows, self._nouns(rows), q.text)
        fields = direct or text_answer(self.owner, self.cache, q, rows)
        if fields.get("answerable"):
            fields["answer"] = self._with_notes(fields["answer"])
        return fields
