"""Commitments followed over every year of one agency: 反复出现, 已落实, 此后未提及.

Staff ask of each problem a report admitted and each measure it promised: did the problem come back
in a later report (the same problem again, 反复出现), did a later report say the measure was carried
out (a later section 一 describing it as work done, or a later section 五 saying so: 已落实), or was it
never mentioned again (此后未提及)? Every link carries both sentences, their years and their offsets
into `Report.original_text`, so the UI can quote and cite both.

Two sentences are "the same" by `pair_score`: jieba content words and character bigrams (the Dice
measure of `qa.commitments.similarity`) blended with BM25 weight of the shared words, so that rare,
specific words (意见征集, 政策解读) count more than words every report uses. The thresholds are
calibrated on hand-labelled pairs of 平潭's reports (tests/golden/real/commitment_pairs.jsonl); the
measured precision and recall stand in BENCHMARKS.md. Lexical and deterministic by default: the same
reports always give the same links, without loading a model.

Given an `encoder` (the embedding model's langchain `Embeddings`), `timeline` adds the model's cosine:
lexical + 2·cosine, item against item as queries for 反复出现 and item (query) against a section 一
sentence (passage) for 已落实, at thresholds calibrated on the same pairs (tests/qa/test_tracking_blend.py):
paraphrases with few shared words (人员培训机制 ~ 开展公开业务培训) then link too.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from ingest.records import Report

Status = Literal["反复出现", "已落实"]
RECUR = 0.205  # same kind in a later section 五: precision ≥ 90 % on the labelled pairs (BENCHMARKS.md)
DONE = 0.20  # a later section 一 sentence describing the measure as done (same calibration)
COSINE_WEIGHT = 2.0  # blended score = lexical + 2·cosine (e5 cosines of unrelated sentences sit near 0.85)
RECUR_BLEND = 2.0  # with an encoder; labelled pairs: 13/14 反复出现 right, 13/15 found (test_tracking_blend.py)
DONE_BLEND = 2.03  # with an encoder; labelled pairs: 6/6 已落实 right, 6/11 found
LEX_FLOOR = 0.08  # below this lexical score no pair is embedded: no labelled positive scores under 0.10
_SENTENCE_END = re.compile(r"[。;!?\n]")
_DONE_WORDS = re.compile(r"已|完成|建成|实现|开设|开通|上线|印发|制定|组织|开展|召开|举办|推出|发布|落实")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Mention(_Frozen):
    """A sentence of one report: a section 五 item, or a section 一 sentence."""

    year: int
    report_id: str
    source: str
    section: int
    kind: Literal["problem", "measure", "sentence"]
    index: int = 0
    text: str
    start: int
    end: int
    line: int


class Link(_Frozen):
    status: Status
    later: Mention
    score: float


class Tracked(_Frozen):
    """One problem or measure and what later years say about it."""

    item: Mention
    links: tuple[Link, ...]
    later_years: tuple[int, ...]

    @property
    def never_again(self) -> bool:
        return bool(self.later_years) and not self.links

    def status(self, year: int) -> str:
        """What `year` says about this item: 提出, 反复出现, 已落实, 未提及, or '' before it."""
        if year == self.item.year:
            return "提出"
        if year < self.item.year:
            return ""
        found = [x.status for x in self.links if x.later.year == year]
        return "、".join(dict.fromkeys(found)) if found else "未提及"

    @property
    def summary(self) -> str:
        if not self.later_years:
            return "最新一年"
        return "此后未提及" if self.never_again else "、".join(dict.fromkeys(x.status for x in self.links))


class Timeline(_Frozen):
    agency: str
    years: tuple[int, ...]
    items: tuple[Tracked, ...]


# --- mentions --------------------------------------------------------------------------------------


def items_of(report: Report) -> list[Mention]:
    """Section 五's problems and measures, as mentions with their offsets."""
    year = report.meta.year or 0
    return [Mention(year=year, report_id=report.id, source=report.meta.source_path, section=5, kind=c.kind,
                    index=c.index, text=c.text, start=c.span.start, end=c.span.end, line=c.span.line)
            for c in report.commitments]


def sentences_of(report: Report, section: int = 1) -> list[Mention]:
    """Sentences of one section (一 by default), cut at 。;!? and line ends, with original offsets."""
    from ingest.normalise import display, normalise
    from ingest.sections import split_sections

    nt = normalise(report.original_text)
    slices, _ = split_sections(nt)
    year = report.meta.year or 0
    out = []
    for sl in (s for s in slices if s.section.number == section):
        pos = sl.start
        for m in [*_SENTENCE_END.finditer(nt.text, sl.start, sl.end), None]:
            stop = m.start() if m else sl.end
            s, e = pos, stop
            while s < e and nt.text[s] in " \t\n,":
                s += 1
            if e - s >= 8:
                span = nt.span(s, e)
                out.append(Mention(year=year, report_id=report.id, source=report.meta.source_path, section=section,
                                   kind="sentence", text=display(nt.quote(s, e)), start=span.start, end=span.end,
                                   line=span.line))
            pos = m.end() if m else sl.end
    return out


# --- scoring ---------------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    from qa.commitments import _tokens

    return tuple(sorted(_tokens(text)))


class Scorer:
    """pair_score over one agency's sentences: Dice similarity blended with BM25-style idf overlap."""

    def __init__(self, corpus: Iterable[str]) -> None:
        docs = [set(_words(t)) for t in corpus]
        self.n = max(len(docs), 1)
        self.df: Counter[str] = Counter(w for d in docs for w in d)

    def idf(self, word: str) -> float:
        df = self.df.get(word, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def score(self, a: str, b: str) -> float:
        from qa.commitments import similarity

        wa, wb = set(_words(a)), set(_words(b))
        if not wa or not wb:
            return 0.0
        shared = sum(self.idf(w) for w in wa & wb)
        weighted = 2 * shared / (sum(self.idf(w) for w in wa) + sum(self.idf(w) for w in wb))
        return round((similarity(a, b) + weighted) / 2, 4)


class Encoder(Protocol):
    """What `Blend` needs of an embedding model: langchain's `Embeddings` (prompts applied inside)."""

    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


class Blend:
    """The lexical score plus the model's cosine; vectors cached by text, so a page that redraws the
    timeline embeds each sentence once."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._query: dict[str, list[float]] = {}
        self._passage: dict[str, list[float]] = {}

    def _vectors(self, texts: Sequence[str], passage: bool) -> list[list[float]]:
        cache = self._passage if passage else self._query
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            found = (self.encoder.embed_documents(missing) if passage
                     else [self.encoder.embed_query(t) for t in missing])
            cache.update(zip(missing, found, strict=True))
        return [cache[t] for t in texts]

    def scores(self, scorer: Scorer, item: str, others: Sequence[str], status: Status) -> list[float]:
        """Blended scores of `item` against each of `others` (0 where the words share too little)."""
        lexical = [scorer.score(item, o) for o in others]
        near = [o for o, lx in zip(others, lexical, strict=True) if lx >= LEX_FLOOR]
        if not near:
            return [0.0] * len(others)
        (a,) = self._vectors([item], passage=False)
        vectors = dict(zip(near, self._vectors(near, passage=status == "已落实"), strict=True))
        norm_a = math.sqrt(sum(x * x for x in a)) or 1.0
        out = []
        for o, lx in zip(others, lexical, strict=True):
            if lx < LEX_FLOOR:
                out.append(0.0)
                continue
            b = vectors[o]
            cosine = sum(x * y for x, y in zip(a, b, strict=True)) / (norm_a * (math.sqrt(sum(y * y for y in b)) or 1.0))
            out.append(round(lx + COSINE_WEIGHT * cosine, 4))
        return out


# --- timeline --------------------------------------------------------------------------------------


def timeline(reports: Sequence[Report], agency: str = "", encoder: Encoder | Blend | None = None) -> Timeline:
    """Every year's problems and measures of one agency, each with its links to later years; with an
    `encoder`, scored by `Blend` at the blended thresholds."""
    blend = Blend(encoder) if encoder is not None and not isinstance(encoder, Blend) else encoder
    by_year: dict[int, Report] = {}
    for r in sorted(reports, key=lambda r: (r.meta.year or 0)):
        if r.meta.year is not None:
            by_year[r.meta.year] = r  # one report a year: the last given wins (the store's current one)
    years = tuple(sorted(by_year))
    items = {y: items_of(by_year[y]) for y in years}
    done = {y: [s for s in sentences_of(by_year[y]) if _DONE_WORDS.search(s.text)] for y in years}
    scorer = Scorer([m.text for y in years for m in (*items[y], *done[y])])
    out = []
    for y in years:
        later = tuple(v for v in years if v > y)
        for item in items[y]:
            links = []
            for v in later:
                links += _best(scorer, item, [m for m in items[v] if m.kind == item.kind], "反复出现", blend)
                candidates = list(done[v]) if item.kind == "measure" else []
                links += _best(scorer, item, candidates, "已落实", blend)
            out.append(Tracked(item=item, links=tuple(links), later_years=later))
    return Timeline(agency=agency or (by_year[years[-1]].meta.agency if years else ""), years=years, items=tuple(out))


def _best(scorer: Scorer, item: Mention, candidates: Sequence[Mention], status: Status,
          blend: Blend | None) -> list[Link]:
    if blend is None:
        threshold = RECUR if status == "反复出现" else DONE
        scored = [(scorer.score(item.text, c.text), c) for c in candidates]
    else:
        threshold = RECUR_BLEND if status == "反复出现" else DONE_BLEND
        scored = list(zip(blend.scores(scorer, item.text, [c.text for c in candidates], status), candidates,
                          strict=True))
    best = max(scored, key=lambda x: x[0], default=None)
    return [Link(status=status, later=best[1], score=best[0])] if best and best[0] >= threshold else []


def reports_of(store: object, agency: str) -> list[Report]:
    """The current report of each year of `agency` in the store."""
    rows = [r for r in store.reports(agency=agency) if r.year is not None]  # type: ignore[attr-defined]
    loaded = [store.report(r.id) for r in rows]  # type: ignore[attr-defined]
    return [r for r in loaded if r is not None]
