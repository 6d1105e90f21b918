"""Scale run: 10,000 reports through the parser, the SQLite store and the answerer, plus a cold CLI.

    python bench/make_corpus.py --agencies 5000 --out /tmp/corpus10k          # 10,000 txt reports
    python bench/scale.py --corpus /tmp/corpus10k --data /tmp/scale-data --out out/bench/scale.json

A county office will keep years of reports for every agency; the question is whether parsing,
storing and answering stay fast as the collection grows. Stages (each can be skipped):

parse    parse_file + chunk_report on every file: reports/s (target ≥ 200/s on one core).
sqlite   the parsed reports into SQLite only (no embedding: at 10k reports the model would take
         hours on a laptop CPU; the vector side is measured by bench/vector_index.py): insert
         time per report and the database size.
answer   Answerer.ask on questions made from the corpus truth: numeric (table cells, SQLite only;
         target p50 ≤ 20 ms) and the other routes (commitments, compare, prose; target p50 ≤ 150 ms,
         here with BM25 only since the store holds no vectors). Numeric answers are also scored.
         Open questions (the non-numeric kinds) are also timed as the first question after each
         of --after-ingest held-out reports is stored (the BM25 side used to be rebuilt then), and
         the retriever alone on queries without an agency (the whole index ranked).
restart  the first open question in a new process, --restarts times: the ask inside the process,
         cold and after the web app's warm-up (warm_up(): jieba's dictionaries).
cold     `gongkai ask` in a fresh process on that store: wall time (target ≤ 2 s) and, from
         `python -X importtime`, whether torch / sentence_transformers / chromadb were imported.

Every figure comes with the machine's load average, since the machine may be shared.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

app = typer.Typer(add_completion=False, help=__doc__)
HEAVY = ("torch", "sentence_transformers", "chromadb", "onnxruntime", "transformers", "langchain_chroma")

# (question template, truth cell) — the cell is (table, row, column) of eval.synth's truth.jsonl.
NUMERIC = (
    ("{agency}{year}年行政处罚多少件？", ("A", "penalty", "decisions")),
    ("{agency}{year}年行政许可处理了多少件？", ("A", "license", "decisions")),
    ("{agency}{year}年新收政府信息公开申请总计多少件？", ("B", "new", "total")),
    ("{agency}{year}年行政复议总计多少件？", ("C", "review", "total")),
)
OTHER = (
    ("commitments", "{agency}{year}年提出了哪些改进措施？"),
    ("compare", "{agency}2024年比2023年行政处罚增加了多少？"),
    ("text", "{agency}{year}年政务公开通过哪些渠道？"),
    ("text", "{agency}{year}年有没有收取信息处理费？"),
)


def cpu_model() -> str:
    try:
        return next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor()


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def percentiles(values: Sequence[float]) -> dict[str, float]:
    if not values:
        return {}
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"n": len(ordered), "p50": round(q[49], 2), "p95": round(q[94], 2), "max": round(ordered[-1], 2),
            "mean": round(statistics.fmean(ordered), 2)}


def sqlite_only_store(settings: Any) -> Any:
    """A Store that writes SQLite and never Chroma: put_report's two phases stay as they are, the
    vectors step is a no-op (chunks and their BM25 tokens are still stored)."""
    from ingest.store import Store

    class SqliteOnlyStore(Store):
        def _add_vectors(self, chunks: Any, on_batch: Any) -> None:
            return None

        def _chroma_exists(self) -> bool:
            return False

        def _new_item_vectors(self, report: Any) -> dict[str, Any]:
            return {}  # no model either: the commitments' item vectors are the embedding side too

        def dense_search(self, query: str, k: int, where: Any = None, *, among: Any = None) -> list[tuple[str, float]]:
            return []

    return SqliteOnlyStore(settings)


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")
    return files[:limit] if limit else files


def parse_and_store(files: list[Path], store: Any | None) -> dict[str, Any]:
    """Parse (and store, when given a store) every file, timing each step on its own."""
    from ingest.chunking import chunk_report
    from ingest.parse import parse_file

    parse_s, parse_cpu, chunk_s, store_ms, store_cpu, failed, cells, chunks = 0.0, 0.0, 0.0, [], 0.0, [], 0, 0
    load_before = load_average()
    began = time.perf_counter()
    for n, path in enumerate(files, 1):
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            report = parse_file(path)
        except Exception as err:  # a scale run reports failures, it does not stop on them
            failed.append(f"{path.name}: {type(err).__name__}: {err}")
            continue
        t1 = time.perf_counter()
        parse_cpu += time.process_time() - c0
        parts = chunk_report(report)
        t2 = time.perf_counter()
        parse_s += t1 - t0
        chunk_s += t2 - t1
        cells += len(report.cells)
        chunks += len(parts)
        if store is not None:
            c2 = time.process_time()
            store.put_report(report, parts)
            store_ms.append((time.perf_counter() - t2) * 1000)
            store_cpu += time.process_time() - c2
        if n % 1000 == 0:
            print(f"  {n} files, {time.perf_counter() - began:.0f}s, load {load_average()}", file=sys.stderr)
    wall = time.perf_counter() - began
    out: dict[str, Any] = {
        "files": len(files), "failed": len(failed), "failed_examples": failed[:5], "cells": cells, "chunks": chunks,
        "parse_seconds": round(parse_s, 1), "parse_reports_per_s": round((len(files) - len(failed)) / parse_s, 1),
        "parse_cpu_seconds": round(parse_cpu, 1),
        "parse_reports_per_cpu_s": round((len(files) - len(failed)) / parse_cpu, 1),
        "chunk_seconds": round(chunk_s, 1), "wall_seconds": round(wall, 1),
        "load_before": load_before, "load_after": load_average(),
    }
    if store is not None:
        db = store.settings.db_path
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        out["sqlite_insert_ms"] = percentiles(store_ms)
        out["sqlite_insert_seconds"] = round(sum(store_ms) / 1000, 1)
        out["sqlite_insert_cpu_ms_per_report"] = round(store_cpu * 1000 / max(1, len(store_ms)), 1)
        out["sqlite_mb"] = round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20, 1)
        out["reports_stored"] = len(store.reports())
        out.update(sqlite_space(store))
    return out


def sqlite_space(store: Any) -> dict[str, Any]:
    """Bytes per stored report, in all and per table or index (SQLite's dbstat), largest first."""
    db = store.settings.db_path
    n = max(1, int(store.db.execute("SELECT count(*) FROM reports").fetchone()[0]))
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    try:
        rows = store.db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except Exception:  # sqlite built without dbstat
        rows = []
    return {"sqlite_kb_per_report": round(size / n / 1024, 1),
            "sqlite_kb_per_report_by_table": {name: round(b / n / 1024, 1) for name, b in rows[:14]}}


OPEN_KINDS = ("commitments", "compare", "text")
BROAD = ("政务公开通过哪些渠道", "信息处理费", "三审三校制度", "存在的主要问题", "微信公众号推送信息", "行政复议")


def time_after_ingest(answerer: Any, store: Any, held: Sequence[Path], corpus: Path, files: Sequence[Path]) -> dict:
    """Store each held-out report, then time the very next open question (about any stored report)."""
    from ingest.chunking import chunk_report
    from ingest.parse import parse_file

    asked = [q for kind, q, _ in questions(corpus, files, 0, 4 * len(held), seed=7) if kind in OPEN_KINDS]
    first_ms, store_ms = [], []
    for path, question in zip(held, asked, strict=False):
        report = parse_file(path)
        if store.row(report.id) is not None:  # a rerun on the same store: take it out, then time its ingest
            store.delete_report(report.id)
        t0 = time.perf_counter()
        store.put_report(report, chunk_report(report))
        t1 = time.perf_counter()
        answerer.ask(question)
        first_ms.append((time.perf_counter() - t1) * 1000)
        store_ms.append((t1 - t0) * 1000)
    return {"first_open_question_after_ingest_ms": percentiles(first_ms), "put_report_ms": percentiles(store_ms)}


def time_broad(settings: Any, store: Any) -> dict[str, Any]:
    """The retriever alone, no agency: the whole BM25 index ranked (and a year filter checked after)."""
    from qa.retrieve import Retriever

    retriever = Retriever(settings, store)
    retriever.bm25()
    none_ms, year_ms = [], []
    for _ in range(5):
        for query in BROAD:
            t0 = time.perf_counter()
            retriever.search(query, 5)
            none_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            retriever.search(query, 5, year=2024)
            year_ms.append((time.perf_counter() - t0) * 1000)
    return {"unfiltered_ms": percentiles(none_ms), "year_only_ms": percentiles(year_ms)}


RESTART = """
import json, sys, time
t0 = time.perf_counter()
from ingest.settings import Settings
from qa.answerer import Answerer
sys.path.insert(0, {bench!r})
from scale import sqlite_only_store
settings = Settings(data={data!r})
answerer = Answerer(settings, sqlite_only_store(settings))
answerer.ask({numeric!r})  # the catalogue, as the app's first request would build it
warm = {warm!r}
t1 = time.perf_counter()
if warm:
    from scale import warm_up
    warm_up(answerer)
t2 = time.perf_counter()
answer = answerer.ask({question!r})
t3 = time.perf_counter()
print(json.dumps({{"open_ms": (t3 - t2) * 1000, "warm_up_ms": (t2 - t1) * 1000, "start_ms": (t1 - t0) * 1000,
                  "route": answer.route}}))
"""


def time_restarts(data: Path, corpus: Path, files: Sequence[Path], runs: int) -> dict[str, Any]:
    """The first open question in a new process, cold (jieba loads during it) and after warm-up."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "PYTHONPATH": str(REPO)}
    asked = [q for kind, q, _ in questions(corpus, files, 0, 8 * runs, seed=11) if kind in OPEN_KINDS]
    numeric = next(q for kind, q, _ in questions(corpus, files, 1, 0, seed=11))
    out: dict[str, Any] = {"load_before": load_average()}
    for warm in (False, True):
        samples = []
        for question in asked[:runs]:
            code = RESTART.format(bench=str(REPO / "bench"), data=str(data), numeric=numeric, question=question,
                                  warm=warm)
            done = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True,
                                  timeout=300)
            if done.returncode != 0:
                return {"error": done.stderr[-1500:]}
            samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
        key = "after_warm_up" if warm else "cold"
        out[f"first_open_question_{key}_ms"] = percentiles([x["open_ms"] for x in samples])
        out[f"routes_{key}"] = sorted({x["route"] for x in samples})
        if warm:
            out["warm_up_ms"] = percentiles([x["warm_up_ms"] for x in samples])
    out["load_after"] = load_average()
    return out


def questions(
    corpus: Path, files: Sequence[Path], n_numeric: int, n_other: int, seed: int = 0
) -> Iterator[tuple[str, str, float | None]]:
    """(kind, question, expected value) drawn from truth.jsonl, about the files stored."""
    rng = random.Random(seed)
    names = {p.name for p in files}
    truth = [t for line in (corpus / "truth.jsonl").open(encoding="utf-8") if (t := json.loads(line))["file"] in names]
    for _ in range(n_numeric):
        t = rng.choice(truth)
        template, key = rng.choice(NUMERIC)
        cells = {tuple(c[:3]): c[3] for c in t["cells"]}
        yield "numeric", template.format(agency=t["agency"], year=t["year"]), cells.get(key)
    for _ in range(n_other):
        t = rng.choice(truth)
        kind, template = rng.choice(OTHER)
        yield kind, template.format(agency=t["agency"], year=t["year"]), None


def warm_up(answerer: Any) -> None:
    """What the web app runs in the background at start (ui/app.py): the retriever's hook and
    jieba's two dictionaries (about a second each). The embedding model is not used here."""
    from ingest.words import cut, search_tokens

    answerer.retriever().bm25()
    search_tokens("预热")
    cut("预热")


def time_answers(
    settings: Any, store: Any, corpus: Path, files: Sequence[Path], n_numeric: int, n_other: int,
    held: Sequence[Path] = (),
) -> dict[str, Any]:
    from qa.answerer import Answerer

    answerer = Answerer(settings, store)
    answerer.ask("背孜乡2025年收到多少申请？")  # warm-up: imports, catalogue
    warm_up(answerer)
    by_kind: dict[str, list[float]] = defaultdict(list)
    by_route: dict[str, list[float]] = defaultdict(list)
    right = scored = 0
    errors: list[str] = []
    load_before = load_average()
    for kind, question, expected in questions(corpus, files, n_numeric, n_other):
        t0 = time.perf_counter()
        try:
            answer = answerer.ask(question)
        except Exception as err:
            errors.append(f"{question}: {type(err).__name__}: {err}")
            continue
        ms = (time.perf_counter() - t0) * 1000
        by_kind[kind].append(ms)
        by_route[answer.route].append(ms)
        if kind == "numeric" and expected is not None:
            scored += 1
            right += answer.value is not None and abs(float(answer.value) - expected) < 1e-6
    opened = [ms for kind in OPEN_KINDS for ms in by_kind.get(kind, [])]
    after = time_after_ingest(answerer, store, held, corpus, files) if held else {}
    return {
        "reports": len(store.reports()), "by_kind_ms": {k: percentiles(v) for k, v in by_kind.items()},
        "open_questions_ms": percentiles(opened), **after, "retriever_without_agency": time_broad(settings, store),
        "by_route_ms": {k: percentiles(v) for k, v in by_route.items()},
        "numeric_correct": f"{right}/{scored}", "errors": len(errors), "error_examples": errors[:5],
        "load_before": load_before, "load_after": load_average(),
    }


def cold_cli(data: Path, question: str, runs: int = 3) -> dict[str, Any]:
    """Wall time of `gongkai ask` in a fresh process, and which heavy modules it imported."""
    env = {**os.environ, "GONGKAI_DATA": str(data), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    cmd = [sys.executable, "-m", "ui.cli", "ask", question, "--json"]
    walls, answer = [], {}
    load_before = load_average()
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
        walls.append(time.perf_counter() - t0)
        if done.returncode != 0:
            return {"error": done.stderr[-1500:]}
        answer = json.loads(done.stdout)
    traced = subprocess.run([sys.executable, "-X", "importtime", *cmd[1:]], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    imported = {line.split("|")[-1].strip() for line in traced.stderr.splitlines() if line.startswith("import time:")}
    heavy = sorted(m for m in imported if m.split(".")[0] in HEAVY)
    slowest = sorted(
        ((int(line.split("|")[1]), line.split("|")[-1].strip()) for line in traced.stderr.splitlines()
         if line.startswith("import time:") and line.split("|")[1].strip().isdigit()), reverse=True)[:8]
    return {"command": f"gongkai ask {question!r} --json", "wall_s": [round(w, 2) for w in walls],
            "wall_s_median": round(statistics.median(walls), 2), "route": answer.get("route"),
            "value": answer.get("value"), "heavy_modules_imported": heavy[:20],
            "slowest_imports_cumulative_us": slowest, "load_before": load_before, "load_after": load_average()}


@app.command()
def main(
    corpus: Annotated[Path, typer.Option(help="Folder written by bench/make_corpus.py (txt + truth.jsonl).")],
    data: Annotated[Path, typer.Option(help="Data directory for the SQLite store (created; reused if present).")],
    out: Annotated[Path, typer.Option(help="JSON results file.")] = Path("out/bench/scale.json"),
    limit: Annotated[int | None, typer.Option(help="Only the first N files.")] = None,
    stages: Annotated[list[str] | None, typer.Option("--stage", help="parse, sqlite, answer, cold (repeat).")] = None,
    numeric: Annotated[int, typer.Option(help="Numeric questions to time.")] = 400,
    other: Annotated[int, typer.Option(help="Other questions to time.")] = 100,
    after_ingest: Annotated[int, typer.Option(help="Reports held out of the sqlite stage, each stored during "
                                              "the answer stage before one timed open question.")] = 20,
    restarts: Annotated[int, typer.Option(help="New processes for the restart stage (cold, then warm).")] = 5,
) -> None:
    """Run the chosen stages and write their figures to --out."""
    from ingest.settings import Settings

    stages = stages or ["parse", "sqlite", "answer", "restart", "cold"]
    settings = Settings(data=data)
    files = corpus_files(corpus, limit)
    held, files = files[len(files) - after_ingest:] if after_ingest else [], files[: len(files) - after_ingest]
    results: dict[str, Any] = {"machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
                               "python": platform.python_version(), "date": time.strftime("%Y-%m-%d %H:%M"),
                               "cpu": cpu_model(), "command": " ".join(sys.argv), "files": len(files),
                               "held_out_for_after_ingest": len(held)}
    if "sqlite" in stages:
        print(f"parse + SQLite store of {len(files)} files …", file=sys.stderr)
        results["parse_and_sqlite"] = parse_and_store(files, sqlite_only_store(settings))
    elif "parse" in stages:
        print(f"parse of {len(files)} files …", file=sys.stderr)
        results["parse"] = parse_and_store(files, None)
    if "answer" in stages:
        print("answers …", file=sys.stderr)
        results["answer"] = time_answers(settings, sqlite_only_store(settings), corpus, files, numeric, other, held)
    if "restart" in stages:
        print("restarts …", file=sys.stderr)
        results["restart"] = time_restarts(data, corpus, files, restarts)
    if "cold" in stages:
        print("cold CLI …", file=sys.stderr)
        t = json.loads((corpus / "truth.jsonl").open(encoding="utf-8").readline())
        results["cold_cli"] = cold_cli(data, f"{t['agency']}{t['year']}年行政处罚多少件？")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    app()
