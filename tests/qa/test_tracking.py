"""Commitments followed over 平潭's fifteen real years, and the links' precision and recall on the
hand-labelled pairs of tests/golden/real/commitment_pairs.jsonl (offsets into each report's
original text and the file's sha256; the labels were set by reading both sentences)."""

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
from qa.tracking import _DONE_WORDS, DONE, RECUR, Scorer, items_of, sentences_of, timeline

REAL = Path(os.environ.get("GONGKAI_REAL", Path(__file__).resolve().parents[2].parent / "shared" / "real"))
PAIRS = Path(__file__).resolve().parents[1] / "golden" / "real" / "commitment_pairs.jsonl"


@cache
def _report(rel: str) -> Report:
    path = REAL / rel
    if not path.exists():
        pytest.skip(f"real reports not found at {REAL}: they live in ../shared/real beside the clone")
    return parse_file(path)


@cache
def _all() -> tuple[Report, ...]:
    return tuple(_report(f"html/pingtan-{y}.html") for y in range(2011, 2026))


def _scorer() -> Scorer:
    return Scorer([m.text for r in _all() for m in (*items_of(r), *[s for s in sentences_of(r)
                                                                      if _DONE_WORDS.search(s.text)])])


def test_the_labelled_pairs_point_at_the_files_they_were_labelled_on() -> None:
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines()]
    assert len(pairs) >= 100 and {p["label"] for p in pairs} == {0, 1}
    for p in pairs:
        for side in "ab":
            _report(p[f"file_{side}"])
            digest = hashlib.sha256((REAL / p[f"file_{side}"]).read_bytes()).hexdigest()
            assert digest == p[f"sha256_{side}"], f"{p[f'file_{side}']} changed since the pairs were labelled"


def test_links_precision_and_recall_on_the_labelled_pairs() -> None:
    scorer = _scorer()
    tp = fp = fn = 0
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        a = display(_report(p["file_a"]).original_text[p["start_a"] : p["end_a"]])
        b = display(_report(p["file_b"]).original_text[p["start_b"] : p["end_b"]])
        linked = scorer.score(a, b) >= (RECUR if p["link"] == "反复出现" else DONE)
        tp += linked and p["label"]
        fp += linked and not p["label"]
        fn += (not linked) and p["label"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})")
    assert precision >= 0.90
    assert recall >= 0.50  # the target is 0.80: not reached yet, see BENCHMARKS.md


def test_the_timeline_covers_every_year_and_quotes_both_sentences() -> None:
    line = timeline(list(_all()))
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
