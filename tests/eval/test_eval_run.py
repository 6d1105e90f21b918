"""CI's accuracy gate: the shipped gold sets, each answered from a store of its own corpus, scored per kind."""

from __future__ import annotations

import json
from pathlib import Path

import embedding_cache  # tests/embedding_cache.py: the session's memory of vectors
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"

THRESHOLDS = json.loads((REPO / "eval" / "thresholds.json").read_text(encoding="utf-8"))


def _run(gold: str, corpus: Path | None, out: Path, settings, baseline: bool):  # type: ignore[no-untyped-def]
    from eval.run import run_eval

    return run_eval(REPO / "eval" / "gold" / gold, corpus=corpus, out=out, settings=settings,
                    baseline=baseline, progress=False)


@pytest.mark.slow
@pytest.mark.seeds
def test_seed_gold_set_meets_threshold(tmp_path: Path, seeded_settings) -> None:  # type: ignore[no-untyped-def]
    """On the session's store of both seeds: what `--corpus` of the seeds folder would ingest."""
    summary = _run("seeds.jsonl", None, tmp_path / "out", seeded_settings, baseline=True)
    assert summary.accuracy["gongkai"] >= THRESHOLDS["seeds.jsonl"], (tmp_path / "out" / "report.md").read_text()
    assert "baseline" in summary.accuracy
    assert summary.per_kind["gongkai"]["unanswerable"] == 1.0  # no unanswerable question answered
    assert summary.confident_wrong["gongkai"] == 0, (tmp_path / "out" / "report.md").read_text()
    for name in ("report.md", "results.jsonl", "accuracy.png"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    lines = (tmp_path / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 * summary.questions


@pytest.mark.slow
def test_sample_gold_set_meets_threshold(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """Through `--corpus`: the samples ingested into a fresh temporary store."""
    embedding_cache.prime([SAMPLES], settings)  # the model sees every chunk once, sorted by length
    summary = _run("samples.jsonl", SAMPLES, tmp_path / "out", settings, baseline=False)
    assert summary.questions >= 60
    assert set(summary.counts) == {"table_number", "text_number", "text_fact", "commitment", "compare", "unanswerable"}
    assert summary.accuracy["gongkai"] >= THRESHOLDS["samples.jsonl"], (tmp_path / "out" / "report.md").read_text()
    assert summary.confident_wrong["gongkai"] == 0, (tmp_path / "out" / "report.md").read_text()


def test_bad_gold_file_says_which_line(tmp_path: Path) -> None:
    from eval.dataset import load_questions
    from ingest.errors import GongkaiError

    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a", "question": "q", "answer": "1件", "kind": "table_number"}\n{"id": "b"}\n',
                   encoding="utf-8")
    with pytest.raises(GongkaiError, match="第 2 行"):
        load_questions(bad)


@pytest.mark.slow
def test_heldout_gold_set_meets_threshold(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """The outside evaluator's set (eval/heldout-report.md), on its generated corpus of 岚溪县."""
    import importlib.util
    import shutil

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("the held-out corpus has a PDF made with LibreOffice, which is not installed")
    spec = importlib.util.spec_from_file_location("heldout_corpus", REPO / "bench" / "heldout_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(tmp_path / "heldout")
    embedding_cache.prime([tmp_path / "heldout" / "corpus"], settings)
    summary = _run("heldout.jsonl", tmp_path / "heldout" / "corpus", tmp_path / "out", settings, baseline=False)
    assert summary.questions == 70
    assert summary.accuracy["gongkai"] >= THRESHOLDS["heldout.jsonl"], (tmp_path / "out" / "report.md").read_text()
    assert summary.confident_wrong["gongkai"] == 0, (tmp_path / "out" / "report.md").read_text()


@pytest.mark.slow
@pytest.mark.parametrize(("gold", "at_least"), [("real.jsonl", 250), ("real2.jsonl", 200)])
def test_real_gold_set_meets_threshold(tmp_path: Path, real_corpus, gold: str, at_least: int) -> None:  # type: ignore[no-untyped-def]
    """The real reports of ../shared/real, ingested with the real model (the session's store of them,
    built as `--corpus ../shared/real` would build it), against eval/gold/real.jsonl and real2.jsonl
    (each written from the documents by someone who had not read the answerer, see
    eval/gold/real-notes.md and real2-notes.md)."""
    summary = _run(gold, None, tmp_path / "out", real_corpus.settings, baseline=False)
    report = (tmp_path / "out" / "report.md").read_text()
    assert summary.questions >= at_least
    assert summary.accuracy["gongkai"] >= THRESHOLDS[gold], report
    assert summary.confident_wrong["gongkai"] <= THRESHOLDS[f"{gold}:confident_wrong"], report
