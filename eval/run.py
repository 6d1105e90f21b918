"""`gongkai eval`: gold questions → gongkai's answers and the baseline's → scores → report files.

Writes into --out: results.jsonl (one line per question and system), report.md (overall and
per-kind accuracy, citation and retrieval figures, latency, the failures), accuracy.png.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from eval.dataset import KINDS, GoldQuestion, load_questions
from eval.metrics import evidence_found, percentile, score_answer, score_retrieved
from ingest.errors import GongkaiError
from ingest.settings import Settings, get_settings

if TYPE_CHECKING:
    from ingest.store import Store

SYSTEMS = ("gongkai", "baseline")


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    system: str
    kind: str
    question: str
    gold: str
    answer: str
    answerable: bool
    correct: bool
    reason: str
    cited_evidence: bool | None  # None when the gold names no evidence
    retrieval_hit: bool | None
    latency_ms: float


class Summary(BaseModel):
    model_config = ConfigDict(frozen=True)

    questions: int
    accuracy: dict[str, float]  # system → overall
    per_kind: dict[str, dict[str, float]]  # system → kind → accuracy
    counts: dict[str, int]  # kind → questions
    citation_accuracy: float | None
    retrieval_hit_at_k: float | None
    latency_p50_ms: dict[str, float]
    latency_p95_ms: dict[str, float]
    confident_wrong: dict[str, int] = {}  # system → answers given as answerable that were wrong (target 0)


def _gongkai_results(questions: Sequence[GoldQuestion], settings: Settings, store: Store,
                     progress: bool) -> list[Result]:
    from qa.answerer import Answerer
    from qa.retrieve import Retriever

    answerer = Answerer(settings, store=store)
    retriever = Retriever(settings, store)
    results = []
    for q in _track(questions, "gongkai", progress):
        answerer.clock = (lambda d=q.today: d) if q.today else date.today  # type: ignore[misc]
        try:
            history = _history(answerer, q.history)
            a = answerer.ask(q.question, history)
            text, answerable, value, unit = a.answer, a.answerable, a.value, a.unit
            # a table citation's quote is the printed row of numbers; its labels say what it is
            quotes = [" ".join(x for x in (c.quote, c.row, c.column) if x) for c in a.citations]
            latency = a.latency_ms
        except GongkaiError as e:
            text, answerable, value, unit, quotes, latency = str(e), False, None, None, [], 0.0
        score = score_answer(q, text, answerable, value, unit)
        hit = None
        if q.evidence and not q.expects_refusal:
            hits = retriever.search(q.question, k=settings.top_k)
            hit = evidence_found(q.evidence, [h.chunk.text for h in hits])
        cited = evidence_found(q.evidence, quotes) if q.evidence and answerable and not q.expects_refusal else None
        results.append(_result(q, "gongkai", text, answerable, score.correct, score.reason, cited, hit, latency))
    return results


def _history(answerer: Any, asked: Sequence[str]) -> list[Any]:
    """The earlier turns of a follow-up question, answered by gongkai as a user would have seen them."""
    from qa.records import Turn

    turns: list[Any] = []
    for earlier in asked:
        try:
            turns.append(Turn(question=earlier, answer=answerer.ask(earlier, turns)))
        except GongkaiError:
            turns.append(Turn(question=earlier))
    return turns


def _baseline_results(questions: Sequence[GoldQuestion], settings: Settings, store: Store,
                      progress: bool) -> list[Result]:
    from eval.baseline import LangChainBaseline

    docs = []
    for row in store.reports():
        report = store.report(row.id)
        if report is not None:
            docs.append((row.source_path, report.original_text))
    baseline = LangChainBaseline(settings, docs)
    try:
        results = []
        for q in _track(questions, "baseline", progress):
            b = baseline.ask(q.question)
            score = score_retrieved(q, b.text)
            cited = evidence_found(q.evidence, b.quotes) if q.evidence and not q.expects_refusal else None
            results.append(_result(q, "baseline", b.text, True, score.correct, score.reason, cited, cited, b.latency_ms))
        return results
    finally:
        baseline.close()


def _result(q: GoldQuestion, system: str, text: str, answerable: bool, correct: bool, reason: str,
            cited: bool | None, hit: bool | None, latency: float) -> Result:
    return Result(id=q.id, system=system, kind=q.kind, question=q.question, gold=q.answer, answer=text,
                  answerable=answerable, correct=correct, reason=reason, cited_evidence=cited,
                  retrieval_hit=hit, latency_ms=round(latency, 2))


def _track(items: Sequence[GoldQuestion], label: str, progress: bool):  # type: ignore[no-untyped-def]
    if not progress:
        return items
    from rich.progress import track

    return track(items, description=f"{label} 答题中…")


def summarise(results: Sequence[Result]) -> Summary:
    by_system: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_system[r.system].append(r)
    acc = {s: sum(r.correct for r in rs) / len(rs) for s, rs in by_system.items() if rs}
    per_kind: dict[str, dict[str, float]] = {}
    for s, rs in by_system.items():
        kinds: dict[str, list[bool]] = defaultdict(list)
        for r in rs:
            kinds[r.kind].append(r.correct)
        per_kind[s] = {k: sum(v) / len(v) for k, v in kinds.items()}
    mine = by_system.get("gongkai", [])
    cited = [r.cited_evidence for r in mine if r.cited_evidence is not None]
    hits = [r.retrieval_hit for r in mine if r.retrieval_hit is not None]
    counts: dict[str, int] = defaultdict(int)
    for r in mine or results:
        counts[r.kind] += 1
    return Summary(
        questions=len(mine or results),
        accuracy=acc,
        per_kind=per_kind,
        counts=dict(counts),
        citation_accuracy=sum(cited) / len(cited) if cited else None,
        retrieval_hit_at_k=sum(hits) / len(hits) if hits else None,
        latency_p50_ms={s: percentile([r.latency_ms for r in rs], 50) for s, rs in by_system.items()},
        latency_p95_ms={s: percentile([r.latency_ms for r in rs], 95) for s, rs in by_system.items()},
        confident_wrong={s: sum(1 for r in rs if r.answerable and not r.correct) for s, rs in by_system.items()},
    )


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def write_report(summary: Summary, results: Sequence[Result], out: Path, title: str) -> None:
    systems = [s for s in SYSTEMS if s in summary.accuracy]
    lines = [f"# gongkai evaluation: {title}", "", f"{summary.questions} questions.", "",
             "| kind | n | " + " | ".join(systems) + " |", "|---|---|" + "---|" * len(systems)]
    for kind in KINDS:
        if kind in summary.counts:
            cells = [_pct(summary.per_kind.get(s, {}).get(kind)) for s in systems]
            lines.append(f"| {kind} | {summary.counts[kind]} | " + " | ".join(cells) + " |")
    lines.append("| **overall** | " + str(summary.questions) + " | "
                 + " | ".join(f"**{_pct(summary.accuracy[s])}**" for s in systems) + " |")
    lines += ["", f"- gongkai citations holding the gold evidence: {_pct(summary.citation_accuracy)}",
              f"- retrieval hit@k (gold evidence in the retrieved chunks): {_pct(summary.retrieval_hit_at_k)}"]
    lines += [f"- confidently wrong (answered as answerable, and wrong) {s}: {summary.confident_wrong.get(s, 0)}"
              for s in systems]
    lines += [f"- latency {s}: p50 {summary.latency_p50_ms[s]:.1f} ms, p95 {summary.latency_p95_ms[s]:.1f} ms"
              for s in systems]
    lines += ["", "Scoring rules: eval/metrics.py (numbers with units, refusals, key-term recall ≥ 0.6).",
              "The baseline's answer is its top-4 retrieved text; it never refuses.", "", "## gongkai failures", ""]
    failures = [r for r in results if r.system == "gongkai" and not r.correct]
    if not failures:
        lines.append("None.")
    for r in failures[:30]:
        answer = r.answer.replace("\n", " ")[:160]
        lines.append(f"- `{r.id}` ({r.kind}) {r.question} — gold: {r.gold} — answer: {answer} — {r.reason}")
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_chart(summary: Summary, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = [k for k in KINDS if k in summary.counts]
    systems = [s for s in SYSTEMS if s in summary.per_kind]
    fig, ax = plt.subplots(figsize=(9, 4))
    width = 0.8 / max(1, len(systems))
    for i, s in enumerate(systems):
        xs = [j + i * width for j in range(len(kinds))]
        ax.bar(xs, [100 * summary.per_kind[s].get(k, 0) for k in kinds], width, label=s)
    ax.set_xticks([j + width * (len(systems) - 1) / 2 for j in range(len(kinds))], kinds, rotation=15)
    ax.set_ylabel("accuracy (%)")
    ax.set_ylim(0, 105)
    ax.legend()
    ax.set_title("Accuracy per question kind")
    fig.tight_layout()
    fig.savefig(out / "accuracy.png", dpi=110)
    plt.close(fig)


def run_eval(questions_path: Path, *, corpus: Path | None = None, out: Path = Path("out/eval"),
             settings: Settings | None = None, baseline: bool = True, progress: bool = True) -> Summary:
    """Score gongkai (and the baseline) on a gold file; with `corpus`, on a fresh temporary store."""
    questions = load_questions(questions_path)
    settings = settings or get_settings()
    tmp = None
    if corpus is not None:
        if not corpus.exists():
            raise GongkaiError(f"语料目录不存在：{corpus} (corpus not found).")
        from ingest.pipeline import ingest_paths

        tmp = tempfile.TemporaryDirectory(prefix="gongkai-eval-")
        settings = settings.model_copy(update={"data": Path(tmp.name), "model_cache_dir": settings.model_cache})
        summary = ingest_paths([str(corpus)], settings, progress=progress)
        if summary.reports == 0:
            raise GongkaiError(f"语料 {corpus} 中没有可解析的报告 (no reports in corpus).")
    from ingest.store import Store

    store = Store(settings)
    try:
        results = _gongkai_results(questions, settings, store, progress)
        if baseline:
            results += _baseline_results(questions, settings, store, progress)
    finally:
        store.close()
        if tmp is not None:
            tmp.cleanup()
    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.jsonl").open("w", encoding="utf-8") as f:
        for r in results:
            f.write(r.model_dump_json() + "\n")
    summary_ = summarise(results)
    write_report(summary_, results, out, questions_path.name)
    write_chart(summary_, out)
    (out / "summary.json").write_text(summary_.model_dump_json(indent=2), encoding="utf-8")
    return summary_
