"""How the Chroma index behaves as a collection grows from 10k to 300k chunks.

    python bench/vector_index.py --sizes 10000 --sizes 30000 --sizes 100000 --sizes 300000

A county keeps ~18 chunks per report, 50–100 reports a year, for years: 300k chunks is a large
city's archive. Embedding that many chunks with the real model would take hours on a CPU, and the
index does not care what the vectors mean, so this uses RANDOM UNIT VECTORS OF DIMENSION 384 (the
size of multilingual-e5-small), labelled so in the output. Metadata mirrors the store's (report_id,
agency, year, section), and queries are timed both plain and filtered by agency + year, as the
retriever sends them, restricted to one report's chunk ids, and as the alternative of fetching one
report's 18 vectors by id and ranking them in numpy. At each size: search latency p50/p95, insert rate, the
process's resident memory (RSS) and the on-disk size.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(add_completion=False, help=__doc__)
DIM = 384
CHUNKS_PER_REPORT = 18


def rss_mb() -> float:
    """Resident memory of this process, from /proc (Linux) or resource (elsewhere, peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def disk_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def unit_vectors(rng: Any, n: int) -> Any:
    import numpy as np

    v = rng.standard_normal((n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def metadata(i: int) -> dict[str, Any]:
    report = i // CHUNKS_PER_REPORT
    return {"report_id": f"r{report:07d}", "agency": f"机关{report // 2:06d}", "year": 2023 + report % 2,
            "section": 1 + i % 6}


def report_chunk_ids(report: int) -> list[str]:
    return [f"c{i:08d}" for i in range(report * CHUNKS_PER_REPORT, (report + 1) * CHUNKS_PER_REPORT)]


def timed_queries(collection: Any, rng: Any, n_reports: int, queries: int, k: int, mode: str = "plain") -> dict[str, float]:
    """mode: plain | agency_year (where filter, as the retriever sends it) | report_ids (query restricted
    to one report's chunk ids) | fetch_and_rank (get that report's vectors by id, rank them in numpy)."""
    import numpy as np

    times = []
    for q in unit_vectors(rng, queries):
        report = int(rng.integers(n_reports))
        t0 = time.perf_counter()
        if mode == "fetch_and_rank":
            got = collection.get(ids=report_chunk_ids(report), include=["embeddings"])
            order = np.argsort(-(np.asarray(got["embeddings"]) @ q))[:k]
            _ = [got["ids"][i] for i in order]  # the ids a caller would use
        else:
            kwargs: dict[str, Any] = {}
            if mode == "agency_year":
                kwargs["where"] = {"$and": [{"agency": f"机关{report // 2:06d}"}, {"year": 2023 + report % 2}]}
            elif mode == "report_ids":
                kwargs["ids"] = report_chunk_ids(report)
            collection.query(query_embeddings=[q.tolist()], n_results=k, include=["distances"], **kwargs)
        times.append((time.perf_counter() - t0) * 1000)
    qs = statistics.quantiles(times, n=100, method="inclusive")
    return {"p50_ms": round(qs[49], 2), "p95_ms": round(qs[94], 2), "max_ms": round(max(times), 2)}


@app.command()
def main(
    sizes: Annotated[list[int] | None, typer.Option(help="Collection sizes to measure (repeat).")] = None,
    queries: Annotated[int, typer.Option(help="Queries timed per size and kind.")] = 200,
    path: Annotated[Path | None, typer.Option(help="Chroma folder (default: a temp dir, removed).")] = None,
    out: Annotated[Path, typer.Option(help="JSON results file.")] = Path("out/bench/vector_index.json"),
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
) -> None:
    """Grow one collection through the sizes, measuring at each."""
    import numpy as np

    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    sizes = sorted(sizes or [10_000, 30_000, 100_000, 300_000])
    tmp = None if path else tempfile.TemporaryDirectory(prefix="gongkai-vectors-")
    folder = path or Path(tmp.name)  # type: ignore[union-attr]
    client = chromadb.PersistentClient(path=str(folder), settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("bench", metadata={"hnsw:space": "cosine"}, embedding_function=None)
    batch = min(5000, client.get_max_batch_size())
    rng = np.random.default_rng(seed)
    results: dict[str, Any] = {"vectors": f"random unit vectors, dimension {DIM} (not model embeddings)",
                               "chromadb": chromadb.__version__, "date": time.strftime("%Y-%m-%d %H:%M"),
                               "command": " ".join(sys.argv), "cpus": os.cpu_count(), "rss_mb_empty": rss_mb(),
                               "sizes": []}
    have = 0
    for size in sizes:
        t0 = time.perf_counter()
        while have < size:
            n = min(batch, size - have)
            ids = [f"c{i:08d}" for i in range(have, have + n)]
            collection.add(ids=ids, embeddings=unit_vectors(rng, n), metadatas=[metadata(i) for i in range(have, have + n)])
            have += n
        added_s = time.perf_counter() - t0
        n_reports = max(1, size // CHUNKS_PER_REPORT)
        row = {
            "chunks": collection.count(), "insert_s": round(added_s, 1),
            "insert_per_s": round((size - (results["sizes"][-1]["chunks"] if results["sizes"] else 0)) / added_s, 0),
            "k5": timed_queries(collection, rng, n_reports, queries, 5),
            "k50": timed_queries(collection, rng, n_reports, queries, 50),
            "k5_agency_year_filter": timed_queries(collection, rng, n_reports, queries, 5, "agency_year"),
            "k5_one_report_ids": timed_queries(collection, rng, n_reports, queries, 5, "report_ids"),
            "k5_fetch_18_and_rank_numpy": timed_queries(collection, rng, n_reports, queries, 5, "fetch_and_rank"),
            "rss_mb": rss_mb(), "disk_mb": disk_mb(folder), "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        }
        results["sizes"].append(row)
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    app()
