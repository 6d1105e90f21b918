"""Benchmark of `gongkai ingest`: parsing, chunking, embedding and storing N reports.

Why: embedding is the expensive step (~15 chunks/s on two CPU cores), so the figure that matters
is how close the pipeline's embedding throughput comes to calling SentenceTransformer.encode on
the same chunk texts directly (the overhead of langchain, Chroma and SQLite, in %). Also measured:
parsing reports/s and numeric lookup latency (Store.cells) with the stored reports, optionally
padded to `--lookup-reports` SQLite-only copies to show the indexes hold at county scale.

    .venv/bin/python bench/ingest.py --n 200 [--device cuda] [--json out.json]
    .venv/bin/python bench/ingest.py --lookup-only --n 20 --lookup-reports 10000

The corpus comes from eval.synth (synthetic reports in the national format); without it, the seed
reports and samples/ are repeated with varied agency names.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.settings import Settings  # noqa: E402


def make_corpus(n: int, folder: Path) -> list[Path]:
    """n report files under `folder`: synthetic ones, or the seeds renamed when eval.synth is absent."""
    try:
        from eval.synth import generate_corpus

        years = (2023, 2024)
        generate_corpus((n + len(years) - 1) // len(years), years, ("txt",), folder)
        return sorted(p for p in folder.glob("*.txt"))[:n]
    except ImportError:
        sources = sorted((REPO.parent / "shared" / "seeds").glob("*.txt")) + sorted((REPO / "samples").glob("*.txt"))
        out = []
        for i in range(n):
            src = sources[i % len(sources)]
            path = folder / f"{i:04d}.txt"
            path.write_text(src.read_text(encoding="utf-8").replace("背孜乡", f"测试{i:04d}乡"), encoding="utf-8")
            out.append(path)
        return out


def bench(n: int, settings: Settings, lookup_reports: int) -> dict[str, float]:
    from ingest.chunking import chunk_report
    from ingest.embedding import get_embeddings, load_sentence_transformer
    from ingest.parse import parse_file
    from ingest.pipeline import ingest_paths
    from ingest.store import Store

    work = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    files = make_corpus(n, work / "corpus")
    get_embeddings(settings)  # load the model before timing anything
    model = load_sentence_transformer(settings)

    t = time.perf_counter()
    reports = [parse_file(p) for p in files]
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    chunks = [c for r in reports for c in chunk_report(r, settings.chunk_chars, settings.chunk_overlap)]
    chunk_s = time.perf_counter() - t

    t = time.perf_counter()
    summary = ingest_paths([str(p) for p in files], settings, progress=False)
    pipeline_s = time.perf_counter() - t
    embed_store_s = pipeline_s - parse_s - chunk_s

    t = time.perf_counter()
    model.encode([c.text for c in chunks], prompt=settings.passage_prompt, batch_size=32,
                 normalize_embeddings=True, show_progress_bar=False)
    raw_s = time.perf_counter() - t

    store = Store(settings)
    latency = lookup_latency(store, lookup_reports)
    return {
        "reports": len(reports), "failed": len(summary.failed), "chunks": len(chunks),
        "chunks_per_report": len(chunks) / max(1, len(reports)),
        "parse_reports_per_s": len(reports) / parse_s,
        "chunk_reports_per_s": len(reports) / chunk_s,
        "pipeline_s": pipeline_s,
        "pipeline_chunks_per_s": len(chunks) / embed_store_s,
        "raw_encode_chunks_per_s": len(chunks) / raw_s,
        "pipeline_overhead_pct": (embed_store_s / raw_s - 1) * 100,
        **latency,
    }


def lookup_only(n: int, settings: Settings, lookup_reports: int) -> dict[str, float]:
    """Numeric lookups at scale without the model: reports stored in SQLite only."""
    from ingest.parse import parse_file
    from ingest.store import Store

    files = make_corpus(n, Path(tempfile.mkdtemp(prefix="gongkai-bench-")) / "corpus")
    store = Store(settings)
    for path in files:
        store.put_report(parse_file(path), [])
    t = time.perf_counter()
    figures = lookup_latency(store, lookup_reports)
    return {**figures, "pad_s": time.perf_counter() - t}


def lookup_latency(store: object, pad_to: int) -> dict[str, float]:
    """p50/p95 of the answerer's commonest lookup: one cell of one agency and year."""
    from ingest.store import Store

    assert isinstance(store, Store)
    if pad_to > len(store.reports()):
        pad(store, pad_to)
    rows = store.reports()
    rng = random.Random(0)
    keys = [("B", "new", "total"), ("C", "review", "total"), ("A", "fee", "amount"), ("B", "result.public", "natural_person")]
    times = []
    for _ in range(500):
        r = rng.choice(rows)
        table, row, column = rng.choice(keys)
        t = time.perf_counter()
        store.cells(agency=r.agency, year=r.year, table=table, row=row, column=column)
        times.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    county = store.cells(table="B", row="new", column="total", year=rows[0].year)
    county_ms = (time.perf_counter() - t) * 1000
    return {"stored_reports": len(rows), "lookup_p50_ms": statistics.median(times),
            "lookup_p95_ms": statistics.quantiles(times, n=20)[-1], "all_agencies_one_cell_ms": county_ms,
            "all_agencies_rows": len(county)}


def pad(store: object, total: int) -> None:
    """Copies of stored reports under new agency names, SQLite only (no chunks), up to `total`."""
    from ingest.store import Store

    assert isinstance(store, Store)
    originals = [store.report(r.id) for r in store.reports()]
    for i in range(total - len(originals)):
        base = originals[i % len(originals)]
        assert base is not None
        meta = base.meta.model_copy(update={"agency": f"填充{i:05d}镇"})
        store.put_report(base.model_copy(update={"id": f"pad{i:013d}", "meta": meta}), [])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="reports to ingest")
    parser.add_argument("--lookup-reports", type=int, default=0, help="pad SQLite to this many reports for lookups")
    parser.add_argument("--device", default="cpu", help="torch device for the embedding model")
    parser.add_argument("--model-cache", type=Path, default=REPO / ".data" / "test-models")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--lookup-only", action="store_true", help="store parsed reports without embedding, "
                        "pad to --lookup-reports and time lookups only (no model)")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="gongkai-bench-data-"))
    settings = Settings(data=data, model_cache_dir=args.model_cache, device=args.device)
    figures = lookup_only(args.n, settings, args.lookup_reports) if args.lookup_only else bench(
        args.n, settings, args.lookup_reports)
    for key, value in figures.items():
        print(f"{key:>28}: {value:,.2f}" if isinstance(value, float) else f"{key:>28}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
