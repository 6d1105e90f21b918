"""Commitments followed over 平潭's fifteen real years, and the words-only links' precision and recall
on the hand-labelled pairs of tests/golden/real/commitment_pairs.jsonl (the calibration set) and
commitment_pairs_heldout.jsonl (labelled later, never tuned on): offsets into each report's original
text and the file's sha256; the labels were set by reading both sentences. The blended links (with
the model's vectors) are tests/qa/test_tracking_blend.py."""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path

import pytest

from ingest.normalise import display
from ingest.parse import parse_file
from ingest.records import Report
from qa.tracking import _DONE_WORDS, Blend, Scorer, items_of, pair_score, sentences_of, threshold, timeline

REAL = Path(os.environ.get("GONGKAI_REAL", Path(__file__).resolve().parents[2].parent / "shared" / "real"))
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "real"
PAIRS = GOLDEN / "commitment_pairs.jsonl"
HELDOUT = GOLDEN / "commitment_pairs_heldout.jsonl"
Counts = dict[str, list[int]]  # link kind -> [tp, fp, fn]


@cache
def _report(rel: str) -> Report:
    path = REAL / rel
    if not path.exists():
        pytest.skip(f"real reports not found at {REAL}: they live in ../shared/real beside the clone")
    return parse_file(path)


@cache
def _all() -> tuple[Report, ...]:
    return tuple(_report(f"html/pingtan-{y}.html") for y in range(2011, 2026))


@cache
def _scorer() -> Scorer:
    return Scorer([m.text for r in _all() for m in (*items_of(r), *[s for s in sentences_of(r)
                                                                      if _DONE_WORDS.search(s.text)])])


def pairs(path: Path) -> list[tuple[dict, str, str]]:
    """Each labelled pair with its two sentences, read from the reports by offset."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        a = display(_report(p["file_a"]).original_text[p["start_a"] : p["end_a"]])
        b = display(_report(p["file_b"]).original_text[p["start_b"] : p["end_b"]])
        out.append((p, a, b))
    return out


def score_pairs(path: Path, blend: Blend | None = None) -> Counts:
    """tp, fp, fn per link kind, the pairs linked as `timeline` links them."""
    counts: Counts = {k: [0, 0, 0] for k in ("反复出现", "已落实")}
    for p, a, b in pairs(path):
        linked = pair_score(_scorer(), a, b, p["link"], blend) >= threshold(p["link"], blend is not None)
        c = counts[p["link"]]
        c[0] += linked and p["label"]
        c[1] += linked and not p["label"]
        c[2] += (not linked) and p["label"]
    return counts


def report_figures(name: str, counts: Counts) -> tuple[float, float]:
    """Print precision/recall per kind and overall; return the overall (precision, recall)."""
    for kind, (t, f, n) in counts.items():
        print(f"{name} {kind}: precision {t}/{t + f}, recall {t}/{t + n}")
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    print(f"{name} all: precision {tp / (tp + fp):.3f} recall {tp / (tp + fn):.3f} (tp {tp}, fp {fp}, fn {fn})")
    return tp / (tp + fp), tp / (tp + fn)


@pytest.mark.parametrize("path", [PAIRS, HELDOUT], ids=["calibration", "heldout"])
def test_the_labelled_pairs_point_at_the_files_they_were_labelled_on(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 40 and {p["label"] for p in rows} == {0, 1}
    for p in rows:
        for side in "ab":
            _report(p[f"file_{side}"])
            digest = hashlib.sha256((REAL / p[f"file_{side}"]).read_bytes()).hexdigest()
            assert digest == p[f"sha256_{side}"], f"{p[f'file_{side}']} changed since the pairs were labelled"


def test_the_heldout_pairs_are_not_the_calibration_pairs() -> None:
    key = lambda p: (p["file_a"], p["start_a"], p["file_b"], p["start_b"])  # noqa: E731
    calibration = {key(json.loads(x)) for x in PAIRS.read_text(encoding="utf-8").splitlines()}
    heldout = [key(json.loads(x)) for x in HELDOUT.read_text(encoding="utf-8").splitlines()]
    assert not calibration & set(heldout) and len(set(heldout)) == len(heldout)


def test_words_only_links_precision_and_recall_on_the_labelled_pairs() -> None:
    """Without vectors (a model that cannot load): precision holds, recall is lower (BENCHMARKS.md)."""
    precision, recall = report_figures("calibration", score_pairs(PAIRS))
    assert precision >= 0.90 and recall >= 0.60  # measured 17/18, 17/26
    precision, recall = report_figures("heldout", score_pairs(HELDOUT))
    assert precision >= 0.90 and recall >= 0.60  # measured 11/11, 11/16


def test_a_sentence_that_counts_a_result_is_taken_as_done_at_a_lower_bar() -> None:
    scorer = Scorer(["丰富政策解读形式", "加强政策解读", "开展政策解读工作", "发布政策解读117篇"])
    plan = "丰富政策解读形式，提升政策解读质量"
    counted = pair_score(scorer, plan, "全年发布政策解读117篇", "已落实")
    uncounted = pair_score(scorer, plan, "全年发布政策解读多篇", "已落实")
    assert counted > uncounted
    assert pair_score(scorer, plan, "本机关2024年度报告", "已落实") < threshold("已落实", False)


def test_the_timeline_covers_every_year_and_quotes_both_sentences() -> None:
    line = timeline(list(_all()))
    assert line.matching == "词语"
    assert line.years == tuple(range(2011, 2026))
    assert {t.item.year for t in line.items} == set(range(2011, 2026))
    # 2011's staffing problem is admitted again word for word in 2012 and 2013
    staffing = next(t for t in line.items if t.item.year == 2011 and t.item.kind == "problem" and t.item.index == 1)
    assert {x.later.year for x in staffing.links if x.status == "反复出现"} >= {2012, 2013}
    for t in line.items:
        report = next(r for r in _all() if r.meta.year == t.item.year)
        assert display(report.original_text[t.item.start : t.item.end]) == t.item.text
        for x in t.links:
            later = next(r for r in _all() if r.meta.year == x.later.year)
            assert x.later.year > t.item.year and display(later.original_text[x.later.start : x.later.end]) == x.later.text
    # 2025 is the last year: nothing can have been dropped yet; earlier items are 此后未提及 or linked
    assert all(t.summary == "最新一年" for t in line.items if t.item.year == 2025)
    assert any(t.never_again for t in line.items)
    assert all(t.status(2025) in {"未提及", "反复出现", "已落实", "反复出现、已落实"} for t in line.items if t.item.year < 2025)
