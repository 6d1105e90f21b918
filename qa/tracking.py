"""Commitments followed over every year of one agency: 反复出现, 已落实, 此后未提及.

Staff ask of each problem a report admitted and each measure it promised: did the problem come back
in a later report (the same problem again, 反复出现), did a later report say the measure was carried
out (a later section 一 describing it as work done, or a later section 五 saying so: 已落实), or was it
never mentioned again (此后未提及)? Every link carries both sentences, their years and their offsets
into `Report.original_text`, so the UI can quote and cite both.

Two sentences are "the same" by `pair_score`: jieba content words and character bigrams (the Dice
measure of `qa.commitments.similarity`) blended with BM25 weight of the shared words, so that rare,
specific words (意见征集, 政策解读) count more than words every report uses. Thresholds are calibrated
on hand-labelled pairs of 平潭's reports (tests/golden/real/commitment_pairs.jsonl) and checked on
pairs held out of the calibration (commitment_pairs_heldout.jsonl); the figures stand in BENCHMARKS.md.

- 反复出现 with vectors (the stored item vectors, `Store.item_vectors`, or an `encoder`): the lexical
  score, plus a quarter of the best clause-against-clause lexical score (an item lists several measures
  at ，；。 and a later one repeats one of them), plus 6 × the model's cosine of the two items.
  Without vectors: the lexical score alone, at RECUR.
- 已落实 (a later section 一 sentence describing a measure as done), with or without vectors: the lexical
  score, and a lower bar for a sentence that reports a count (“全年发布政策解读117篇”, “组织4次季度检查”):
  that is how reports say work was done, while the sentences that merely restate a plan in the
  past tense (“持续稳步开展，不断深化公开内容”) carry none. The model's cosine did not separate these
  (on the labelled pairs it added nothing at ≥ 90 % precision), so no section 一 sentence is embedded.

Deterministic: the same reports (and vectors) always give the same links.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict

from ingest.records import Report
from ingest.settings import BUNDLED_MODEL

log = logging.getLogger(__name__)
Status = Literal["反复出现", "已落实"]
Matching = Literal["词语", "词语+语义"]
RECUR = 0.205  # lexical only: same kind in a later section 五 (BENCHMARKS.md)
DONE = 0.20  # a later section 一 sentence describing the measure as done
COUNT_BONUS = 0.025  # …one that reports a count needs 0.175: above every labelled negative that has one
CLAUSE_WEIGHT = 0.25  # blended 反复出现 = lexical + 0.25 · best clause pair + 6 · cosine
COSINE_WEIGHT = 6.0  # e5 cosines of unrelated items sit near 0.90, of the same item said again ≥ 0.92
RECUR_BLEND = 5.812  # labelled pairs: 14/15 反复出现 found, 1 false (test_tracking_blend.py)
LEX_FLOOR = 0.08  # below this lexical score no cosine links two items (no labelled positive under 0.085)
CALIBRATED = (f"{BUNDLED_MODEL}|",)  # the model (torch or ONNX) the blend thresholds were calibrated on
MATCHING_NOTE = {"词语": "按词语相似度匹配（未用语义向量）", "词语+语义": "按词语相似度和语义向量匹配"}
_SENTENCE_END = re.compile(r"[。;!?\n]")
_DONE_WORDS = re.compile(r"已|完成|建成|实现|开设|开通|上线|印发|制定|组织|开展|召开|举办|推出|发布|落实")
_CLAUSE = re.compile(r"[，；。,;：:]")
# a result counted: “117篇”, “4次”, “53期”, “7700余条” (not a year, a date or a document number)
_COUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:余|多)?\s*(?:人次|场次|条|篇|期|次|个|场|件|份|家|项|批|万|亿|部|套|栏|名|人)")


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
    matching: Matching = "词语"  # 词语+语义 when the items' vectors were used

    @property
    def matching_note(self) -> str:
        return MATCHING_NOTE[self.matching]


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


def clause_score(scorer: Scorer, a: str, b: str) -> float:
    """The best lexical score of a clause of `a` against a clause of `b` (clauses cut at ，；。: and
    sharing at least two content words), so that one measure repeated inside a longer item counts."""
    best = 0.0
    for x in _clauses(a):
        wx = set(_words(x))
        for y in _clauses(b):
            if len(wx & set(_words(y))) >= 2:
                best = max(best, scorer.score(x, y))
    return best


@lru_cache(maxsize=8192)
def _clauses(text: str) -> tuple[str, ...]:
    return tuple(c for c in _CLAUSE.split(text) if len(set(_words(c))) >= 2) or (text,)


def counts_a_result(text: str) -> bool:
    return bool(_COUNT.search(text))


class Encoder(Protocol):
    """What `Blend` needs of an embedding model: langchain's `Embeddings` (prompts applied inside)."""

    def embed_query(self, text: str) -> list[float]: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


class Blend:
    """Item vectors for the 反复出现 score: given (`vectors`, text → vector, as the store keeps them)
    or from an `encoder`, each text embedded once (query prompt)."""

    def __init__(self, encoder: Encoder | None = None, vectors: Mapping[str, Sequence[float]] | None = None) -> None:
        self.encoder = encoder
        self.vectors: dict[str, Sequence[float]] = dict(vectors or {})

    def vector(self, text: str) -> Sequence[float] | None:
        if text not in self.vectors and self.encoder is not None:
            self.vectors[text] = self.encoder.embed_query(text)
        return self.vectors.get(text)

    def cosine(self, a: str, b: str) -> float | None:
        va, vb = self.vector(a), self.vector(b)
        if va is None or vb is None:
            return None
        na = math.sqrt(sum(x * x for x in va)) or 1.0
        nb = math.sqrt(sum(y * y for y in vb)) or 1.0
        return sum(x * y for x, y in zip(va, vb, strict=True)) / (na * nb)

    def scores(self, scorer: Scorer, item: str, others: Sequence[str], status: Status) -> list[float]:
        """`pair_score` of `item` against each of `others`, with these vectors."""
        return [pair_score(scorer, item, o, status, self) for o in others]


def pair_score(scorer: Scorer, item: str, other: str, status: Status, blend: Blend | None = None) -> float:
    """How strongly `other` (a later 五 item, or a later 一 sentence for 已落实) says `item` again or
    done; linked at `threshold(status, blended)`, where blended = whether the cosine was used."""
    lexical = scorer.score(item, other)
    if status == "已落实":
        return round(lexical + (COUNT_BONUS if counts_a_result(other) else 0.0), 4)
    if blend is None:
        return lexical
    if lexical < LEX_FLOOR:
        return 0.0
    cosine = blend.cosine(item, other)
    if cosine is None:  # a text without a vector: its words alone (the caller then compares with RECUR)
        return lexical
    return round(lexical + CLAUSE_WEIGHT * clause_score(scorer, item, other) + COSINE_WEIGHT * cosine, 4)


def threshold(status: Status, blended: bool) -> float:
    if status == "已落实":
        return DONE
    return RECUR_BLEND if blended else RECUR


# --- timeline --------------------------------------------------------------------------------------


def timeline(reports: Sequence[Report], agency: str = "", encoder: Encoder | Blend | None = None,
             vectors: Mapping[str, Sequence[float]] | None = None) -> Timeline:
    """Every year's problems and measures of one agency, each with its links to later years. With
    `vectors` (item text → vector) or an `encoder`, 反复出现 is scored with the cosine (`pair_score`);
    an item without a vector is then matched by its words alone."""
    if isinstance(encoder, Blend):
        blend: Blend | None = encoder
    elif encoder is not None or vectors:
        blend = Blend(encoder, vectors)
    else:
        blend = None
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
    used = blend is not None and any(blend.vector(m.text) is not None for y in years for m in items[y])
    return Timeline(agency=agency or (by_year[years[-1]].meta.agency if years else ""), years=years,
                    items=tuple(out), matching="词语+语义" if used else "词语")


def _best(scorer: Scorer, item: Mention, candidates: Sequence[Mention], status: Status,
          blend: Blend | None) -> list[Link]:
    scored = []
    for c in candidates:
        blended = blend is not None and status == "反复出现" and blend.vector(item.text) is not None \
            and blend.vector(c.text) is not None
        score = pair_score(scorer, item.text, c.text, status, blend if blended else None)
        if score >= threshold(status, blended):
            scored.append((score - threshold(status, blended), score, c))
    best = max(scored, key=lambda x: x[0], default=None)
    return [Link(status=status, later=best[2], score=best[1])] if best else []


def reports_of(store: object, agency: str) -> list[Report]:
    """The current report of each year of `agency` in the store."""
    rows = [r for r in store.reports(agency=agency) if r.year is not None]  # type: ignore[attr-defined]
    loaded = [store.report(r.id) for r in rows]  # type: ignore[attr-defined]
    return [r for r in loaded if r is not None]


def timeline_of(store: Any, agency: str) -> Timeline:
    """The timeline of `agency` over the store's current reports, with the item vectors stored at
    ingest. A store without some of them (ingested before they were stored, or with another model)
    gets them computed once and stored; where the model cannot be loaded at all, or is not the one the
    thresholds were calibrated for (CALIBRATED), the timeline matches by words alone and says so
    (`Timeline.matching`)."""
    from ingest.errors import GongkaiError

    reports = reports_of(store, agency)
    texts = [c.text for r in reports for c in r.commitments]
    vectors: Mapping[str, Sequence[float]] = {}
    if not store.item_vector_model().startswith(CALIBRATED):
        log.info("commitments of %s matched by words only: the thresholds were not calibrated for %s", agency,
                 store.item_vector_model())
    elif texts:
        try:
            vectors = store.item_vectors(texts)
        except (GongkaiError, OSError, ImportError) as err:
            log.warning("commitments of %s matched by words only: item vectors unavailable (%s)", agency, err)
    return timeline(reports, agency, vectors=vectors)
