"""Load test: many citizens asking at once through POST /api/ask, over loopback only.

    python bench/load.py                         # starts `gongkai serve` on a free port, samples ingested
    python bench/load.py --url http://127.0.0.1:7860 --clients 20 --per-client 25

A public page gets bursts of questions; the server must answer all of them (zero errors) and keep
latency flat. Each of `--clients` threads sends `--per-client` questions drawn from the gold
questions on the bundled fictional samples (eval/gold/samples.jsonl: table numbers, numbers in
prose, commitments, comparisons, prose facts, unanswerable), so numeric and retrieval routes mix.
The run stops by itself after `--max-seconds`. Reported: p50/p95 per route (the Answer's `route`)
and per question kind, throughput, errors, and the load average (the machine may be shared).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

import typer

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "eval" / "gold" / "samples.jsonl"
app = typer.Typer(add_completion=False, help=__doc__)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def percentiles(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    if len(ordered) < 2:
        return {"n": len(ordered), "p50": round(ordered[0], 1) if ordered else 0.0}
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"n": len(ordered), "p50": round(q[49], 1), "p95": round(q[94], 1), "max": round(ordered[-1], 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(url: str | None, data: Path | None, startup_s: float) -> Iterator[str]:
    """The URL to load: the one given (loopback only), or a `gongkai serve` started here."""
    if url:
        if urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise typer.BadParameter("only loopback servers may be load-tested (127.0.0.1)")
        yield url.rstrip("/")
        return
    folder = data or Path(tempfile.mkdtemp(prefix="gongkai-load-"))
    port = free_port()
    env = {**os.environ, "GONGKAI_DATA": str(folder), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "GRADIO_ANALYTICS_ENABLED": "False"}
    env.setdefault("GONGKAI_MODEL_CACHE_DIR", str(REPO / ".data" / "test-models"))
    folder.mkdir(parents=True, exist_ok=True)
    log = (folder / "serve.log").open("wb")
    cmd = [sys.executable, "-m", "ui.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--ingest-samples"]
    server = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server, startup_s)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def wait_until_up(base: str, server: subprocess.Popen[bytes], startup_s: float) -> None:
    import httpx

    end = time.monotonic() + startup_s
    while time.monotonic() < end:
        if server.poll() is not None:
            raise RuntimeError(f"gongkai serve exited with {server.returncode}")
        try:
            if httpx.get(f"{base}/api/reports", timeout=5).status_code == 200 and httpx.get(
                    f"{base}/api/reports", timeout=5).json():
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"gongkai serve did not answer within {startup_s:.0f}s")


def gold_questions() -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    return [(r["kind"], r["question"]) for r in rows]


def warm_up(base: str, questions: list[tuple[str, str]], timeout_s: float) -> tuple[float, list[str]]:
    """One question of each kind, then more until one took the retrieval route: the first prose
    question loads the embedding model (many seconds), which is start-up, not steady load."""
    import httpx

    began = time.perf_counter()
    firsts = list({kind: (kind, q) for kind, q in reversed(questions)}.values())
    routes: list[str] = []
    for _, q in firsts + questions:
        r = httpx.post(f"{base}/api/ask", json={"question": q}, timeout=timeout_s)
        routes.append(r.json().get("route", "?") if r.status_code == 200 else f"HTTP {r.status_code}")
        if len(routes) >= len(firsts) and "retrieval" in routes:
            break
    return time.perf_counter() - began, routes


def client(base: str, questions: list[tuple[str, str]], offset: int, count: int, stop_at: float,
           timeout_s: float, out: list[dict[str, Any]]) -> None:
    import httpx

    with httpx.Client(base_url=base, timeout=timeout_s) as http:
        for i in range(count):
            if time.monotonic() > stop_at:
                out.append({"kind": "-", "skipped": True})
                continue
            kind, question = questions[(offset * 7 + i) % len(questions)]
            t0 = time.perf_counter()
            try:
                r = http.post("/api/ask", json={"question": question})
                ms = (time.perf_counter() - t0) * 1000
                ok = r.status_code == 200
                route = r.json().get("route", "?") if ok else f"HTTP {r.status_code}"
                out.append({"kind": kind, "route": route, "ms": ms, "ok": ok,
                            "error": None if ok else r.text[:200]})
            except httpx.HTTPError as err:
                out.append({"kind": kind, "route": "exception", "ms": (time.perf_counter() - t0) * 1000,
                            "ok": False, "error": f"{type(err).__name__}: {err}"})


@app.command()
def main(
    url: Annotated[str | None, typer.Option(help="A running server on 127.0.0.1; default: start one.")] = None,
    data: Annotated[Path | None, typer.Option(help="Data dir for the started server (samples ingested).")] = None,
    clients: Annotated[int, typer.Option(min=1, help="Concurrent clients.")] = 20,
    per_client: Annotated[int, typer.Option(min=1, help="Questions per client.")] = 25,
    max_seconds: Annotated[float, typer.Option(help="Stop sending after this long.")] = 300,
    timeout: Annotated[float, typer.Option(help="Per-request timeout in seconds.")] = 120,
    startup: Annotated[float, typer.Option(help="Seconds to wait for the started server.")] = 900,
    out: Annotated[Path, typer.Option(help="JSON results file.")] = Path("out/bench/load.json"),
) -> None:
    """Run the load and print p50/p95 per route."""
    questions = gold_questions()
    with served(url, data, startup) as base:
        warm_s, warm_routes = warm_up(base, questions, timeout)
        results: list[dict[str, Any]] = []
        per_thread: list[list[dict[str, Any]]] = [[] for _ in range(clients)]
        load_before = load_average()
        began = time.perf_counter()
        stop_at = time.monotonic() + max_seconds
        threads = [threading.Thread(target=client, args=(base, questions, n, per_client, stop_at, timeout,
                                                         per_thread[n])) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        results = [r for rs in per_thread for r in rs]
    done = [r for r in results if not r.get("skipped")]
    by_route: dict[str, list[float]] = defaultdict(list)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for r in done:
        by_route[r["route"]].append(r["ms"])
        by_kind[r["kind"]].append(r["ms"])
    errors = [r for r in done if not r["ok"]]
    summary = {
        "date": time.strftime("%Y-%m-%d %H:%M"), "command": " ".join(sys.argv), "clients": clients,
        "per_client": per_client, "sent": len(done), "skipped_after_deadline": len(results) - len(done),
        "errors": len(errors), "error_examples": [e["error"] for e in errors[:5]], "wall_s": round(wall, 1),
        "requests_per_s": round(len(done) / wall, 2), "warmup_s": round(warm_s, 1),
        "warmup_routes": warm_routes,
        "all_ms": percentiles([r["ms"] for r in done]),
        "by_route_ms": {k: percentiles(v) for k, v in sorted(by_route.items())},
        "by_kind_ms": {k: percentiles(v) for k, v in sorted(by_kind.items())},
        "load_before": load_before, "load_after": load_average(), "cpus": os.cpu_count(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    raise typer.Exit(1 if errors else 0)


if __name__ == "__main__":
    app()
