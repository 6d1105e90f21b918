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

        def dense_search(self, query: str, k: int, where: Any = None) -> list[tuple[str, float]]:
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


def time_answers(
    settings: Any, store: Any, corpus: Path, files: Sequence[Path], n_numeric: int, n_other: int
) -> dict[str, Any]:
    from qa.answerer import Answerer

    answerer = Answerer(settings, store)
    answerer.ask("背孜乡2025年收到多少申请？")  # warm-up: imports, catalogue
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
    return {
        "reports": len(store.reports()), "by_kind_ms": {k: percentiles(v) for k, v in by_kind.items()},
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
) -> None:
    """Run the chosen stages and write their figures to --out."""
    from ingest.settings import Settings

    stages = stages or ["parse", "sqlite", "answer", "cold"]
    settings = Settings(data=data)
    files = corpus_files(corpus, limit)
    results: dict[str, Any] = {"machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cpus",
                               "python": platform.python_version(), "date": time.strftime("%Y-%m-%d %H:%M"),
                               "command": " ".join(sys.argv), "files": len(files)}
    if "sqlite" in stages:
        print(f"parse + SQLite store of {len(files)} files …", file=sys.stderr)
        results["parse_and_sqlite"] = parse_and_store(files, sqlite_only_store(settings))
    elif "parse" in stages:
        print(f"parse of {len(files)} files …", file=sys.stderr)
        results["parse"] = parse_and_store(files, None)
    if "answer" in stages:
        print("answers …", file=sys.stderr)
        results["answer"] = time_answers(settings, sqlite_only_store(settings), corpus, files, numeric, other)
    if "cold" in stages:
        print("cold CLI …", file=sys.stderr)
        t = json.loads((corpus / "truth.jsonl").open(encoding="utf-8").readline())
        results["cold_cli"] = cold_cli(data, f"{t['agency']}{t['year']}年行政处罚多少件？")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    app()
