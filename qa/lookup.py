"""Numeric answers read from the stored cells and prose facts, never from generated text.

A `Reading` is one metric of one report: the value (None when the form left it blank, which is
not zero), its unit, and one `Citation` per cell or sentence it was computed from, quoting the
original document (Cell.span sliced out of Report.original_text, or Fact.sentence). Sums over
groups of rows, year-over-year changes and sums over agencies are built from Readings, so each
number in an answer can be traced cell by cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from ingest.normalise import NormText, normalise
from ingest.records import Cell, Fact, Report
from ingest.store import ReportRow
from qa.records import Citation
from qa.vocabulary import EQUIVALENT_COLUMNS, FACT_SECTION, TABLE_SECTION, Metric, channel_words

Status = Literal["ok", "blank", "missing", "not_stated"]
_CN_NUM = "零一二三四五六七八九十"
# When a form has no cell for a metric (free-format reports), the prose fact that says the same.
PROSE_TWIN = _FACT_FALLBACK = {"B.new.total": "requests.received", "B.result.total.total": "requests.handled",
                               "C.review.total": "review.total", "C.litigation.total": "litigation.total"}
_HANDLED_TOO = re.compile(r"办结|办理|答复")  # 收到并按时办结申请16件: received and handled at once


@dataclass(frozen=True)
class Reading:
    row: ReportRow
    metric: Metric
    value: float | None
    unit: str
    status: Status
    citations: tuple[Citation, ...] = ()
    derived: tuple[str, ...] = ()  # notes of inferred cells
    qualifier: str | None = None  # 余, 近 … of an approximate prose number
    source: Literal["cell", "fact", "text"] = "cell"
    scanned: bool = False  # some cell was read by OCR from a scan
    raw: str | None = None  # the one cell read, as printed (73802895.90元 under a 万元 column)


class ReportCache:
    """Full reports (and their normalised text maps) loaded once per question."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._reports: dict[str, Report | None] = {}
        self._norm: dict[str, NormText] = {}

    def report(self, report_id: str) -> Report | None:
        if report_id not in self._reports:
            self._reports[report_id] = self.store.report(report_id)
        return self._reports[report_id]

    def norm(self, report: Report) -> NormText:
        if report.id not in self._norm:
            self._norm[report.id] = normalise(report.original_text)
        return self._norm[report.id]

    def heading(self, report_id: str, number: int) -> str:
        if number == 0:
            return "报告开头"  # the preamble before 一、总体情况: no heading of its own
        report = self.report(report_id)
        section = report.section(number) if report else None
        title = section.title if section else ""
        prefix = f"{_CN_NUM[number]}、" if 0 < number <= 10 else ""
        return title if title.startswith(prefix) or not prefix else prefix + title


def cell_citation(cache: ReportCache, row: ReportRow, cell: Cell) -> Citation:
    from ingest.tables.template import TEMPLATE_2021

    tpl = TEMPLATE_2021[cell.table]
    report = cache.report(row.id)
    quote = cell.raw
    if report is not None and cell.span is not None:
        quote = report.original_text[cell.span.start : cell.span.end].strip() or cell.raw
    row_label = next((r.label for r in tpl.rows if r.key == cell.row), cell.row)
    col_label = next((c.label for c in tpl.columns if c.key == cell.column), cell.column)
    return Citation(
        report_id=row.id, agency=row.agency, year=row.year,
        section=cache.heading(row.id, TABLE_SECTION[cell.table]), table=cell.table,
        row=row_label, column=col_label, quote=quote, source=row.source_path,
        line=cell.span.line if cell.span else None, value=cell.value,
    )


def fact_citation(cache: ReportCache, row: ReportRow, fact: Fact) -> Citation:
    return Citation(
        report_id=row.id, agency=row.agency, year=row.year, section=cache.heading(row.id, fact.section),
        quote=fact.sentence, source=row.source_path, line=fact.span.line, value=fact.value,
    )


def _read_cells(store: Any, cache: ReportCache, row: ReportRow, metric: Metric) -> Reading:
    got = {(c.table, c.row, c.column): c for _, c in store.cells(report_id=row.id, table=metric.table)}
    twin = EQUIVALENT_COLUMNS.get((metric.table or "", metric.column))
    if twin and not any(k in got for k in metric.cell_keys()) and any(c == twin for _, _, c in got):
        metric = Metric(metric.table, metric.row, twin)  # the other format's name for the column asked
    wanted = metric.cell_keys()
    cells = [got[k] for k in wanted if k in got]
    whole = [got[(metric.table, metric.row, c)] for c in metric.columns() if (metric.table, metric.row, c) in got]
    if len(cells) < len(wanted) and whole:
        cells = whole  # a group printed as one row (2019 form's （六）其他处理): its own cell, not sub-rows
        wanted = [(metric.table, metric.row, c) for c in metric.columns()]
    if not cells or len(cells) < len(wanted):
        fact = _FACT_FALLBACK.get(metric.id)
        if fact and not cells:
            reading = _read_fact(store, cache, row, Metric(None, fact))
            if reading.status == "ok":
                return reading
        cits = tuple(cell_citation(cache, row, c) for c in cells)
        return Reading(row, metric, None, metric.unit, "missing", cits)
    cits = tuple(cell_citation(cache, row, c) for c in cells)
    derived = tuple(c.note or "由勾稽关系推出" for c in cells if c.inferred)
    scanned = any(c.confidence is not None for c in cells)
    if any(c.value is None for c in cells):
        return Reading(row, metric, None, metric.unit, "blank", cits, derived, scanned=scanned)
    total = float(sum(c.value or 0.0 for c in cells))
    return Reading(row, metric, total, metric.unit, "ok", cits, derived, scanned=scanned,
                   raw=cells[0].raw if len(cells) == 1 else None)


def _matches_channel(fact: Fact, channel: str | None) -> bool:
    if channel is None:
        return True
    if fact.channel:  # the extractor placed the channel: trust it over the rest of the sentence
        return any(w in fact.channel for w in channel_words(channel))
    return channel in fact.subject  # not the sentence: its total (…211条，其中网站15条) is no channel's


_COUNT_UNITS = ("篇", "则", "条次", "次", "个", "份", "起", "宗", "项")  # as reports count what a table counts in 件/条
_MIXED = re.compile(r"来信|信访|咨询|留言|12345|热线|等")  # a count of requests mixed with other things
_TOTAL_WORDS = ("共", "累计", "合计", "总数", "总计")


def _is_part(fact: Fact) -> bool:
    """A figure after 其中 in its sentence: a part of the total before it, never to be added to it."""
    offset = fact.sentence.find(f"{fact.value:g}")
    head = fact.sentence[: offset if offset >= 0 else len(fact.sentence)]
    head = re.sub(r"[（(][^（()）]*[)）]", "", head)  # （其中：网上42件，邮寄2件），办结39件: the aside is closed
    return "其中" in head


def _read_fact(store: Any, cache: ReportCache, row: ReportRow, metric: Metric) -> Reading:
    """One stated figure: the channel's when a channel is asked, else the report's overall figure (a
    total word, or the first figure before any 其中). Figures are never added up: a report that gives
    only parts (网站 1734 条, 微博 5092 条) states no total, and the answer must not invent one."""
    facts = [f for r, f in store.facts(agency=row.agency, year=row.year, metric=metric.row)
             if r.id == row.id and _matches_channel(f, metric.channel)]
    if not facts and metric.row == "requests.handled":
        facts = [f for r, f in store.facts(agency=row.agency, year=row.year, metric="requests.received")
                 if r.id == row.id and _HANDLED_TOO.search(f.subject)]
    if not facts:
        return _not_stated(cache, row, metric)
    if metric.channel is None:
        whole = [f for f in facts if not _is_part(f) and f.unit in (metric.unit, *_COUNT_UNITS)]
        if metric.row == "proactive.items":  # the overall figure says so: 主动公开…, 共/累计/总数…
            says = [f for f in whole if "主动公开" in f.subject or any(w in f.subject for w in _TOTAL_WORDS)
                    or re.fullmatch(r"公开(?:各类|各项)?(?:政府)?(?:政务)?信息", f.subject)]  # 共公开政府信息15条
            chosen = ([f for f in says if f.channel is None] or says)[:1]  # not a bare “更新1103条”
        else:
            chosen = [f for f in whole if f.channel is None][:1]
            if chosen and _MIXED.search(chosen[0].subject):
                # 收到12345群众来信、依申请信息公开等26件，其中依申请公开7件: the 7 is the count asked
                own = [f for f in facts if f.span.start > chosen[0].span.start and "申请" in f.subject
                       and not _MIXED.search(f.subject) and f.sentence == chosen[0].sentence]
                chosen = own[:1] or []
        if not chosen and len(_distinct(facts)) == 1 and facts[0].channel:
            # the report's one figure (通过微信公众号推送信息71条): given, and said with its channel
            metric = Metric(None, metric.row, "", facts[0].channel)
            chosen = facts[:1]
        if not chosen:
            return Reading(row, metric, None, metric.unit, "missing")
    else:
        chosen = _distinct(facts)[:1]
    value = float(sum(f.value for f in chosen))
    qualifier = next((f.qualifier for f in chosen if f.qualifier), None)
    cits = tuple(fact_citation(cache, row, f) for f in chosen)
    return Reading(row, metric, value, chosen[0].unit or metric.unit, "ok", cits, (), qualifier, "fact")


def _distinct(facts: list[Fact]) -> list[Fact]:
    """One fact per sentence and channel: the extractor may find a number twice."""
    seen: set[tuple[str | None, float, int]] = set()
    out = []
    for f in facts:
        key = (f.channel, f.value, f.span.start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _not_stated(cache: ReportCache, row: ReportRow, metric: Metric) -> Reading:
    """A prose number the report does not give; section 六 of 无 is cited as saying so."""
    number = FACT_SECTION.get(metric.row, 1)
    report = cache.report(row.id)
    section = report.section(number) if report else None
    if metric.row == "fee.amount" and section is not None and len(section.text.strip()) <= 30:
        cit = Citation(report_id=row.id, agency=row.agency, year=row.year, section=cache.heading(row.id, number),
                       quote=section.text.strip() or "无", source=row.source_path, line=section.span.line)
        return Reading(row, metric, None, metric.unit, "not_stated", (cit,), source="text")
    return Reading(row, metric, None, metric.unit, "missing")


def read_metric(store: Any, cache: ReportCache, row: ReportRow, metric: Metric) -> Reading:
    """The metric in one report; `status` says whether it is a number, blank, or absent."""
    if metric.is_fact:
        return _read_fact(store, cache, row, metric)
    return _read_cells(store, cache, row, metric)


@dataclass(frozen=True)
class Change:
    first: Reading
    last: Reading
    delta: float | None  # last - first; None when either is not a number


def change(readings: list[Reading]) -> Change | None:
    """The change from the earliest to the latest reading (readings sorted by year)."""
    if len(readings) < 2:
        return None
    a, b = readings[0], readings[-1]
    delta = b.value - a.value if a.value is not None and b.value is not None else None
    return Change(a, b, delta)


def total(readings: list[Reading]) -> tuple[float, list[Reading], list[Reading]]:
    """Sum of the readings that are numbers; also returns the ones left out (blank or missing)."""
    used = [r for r in readings if r.value is not None]
    return float(sum(r.value or 0.0 for r in used)), used, [r for r in readings if r.value is None]
