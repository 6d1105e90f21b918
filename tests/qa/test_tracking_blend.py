"""The links with the bundled embedding model's cosine blended in (qa.tracking.Blend): precision and
recall on the hand-labelled 平潭 pairs (tests/golden/real/commitment_pairs.jsonl), and a timeline
that finds more than the lexical one without losing what it found. Uses the real model."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

from ingest.normalise import display
from ingest.parse import parse_file
from ingest.records import Report
from qa.tracking import _DONE_WORDS, DONE_BLEND, RECUR_BLEND, Blend, Scorer, items_of, sentences_of, timeline

REAL = Path(os.environ.get("GONGKAI_REAL", Path(__file__).resolve().parents[2].parent / "shared" / "real"))
PAIRS = Path(__file__).resolve().parents[1] / "golden" / "real" / "commitment_pairs.jsonl"
MODEL_CACHE = Path(os.environ.get("GONGKAI_TEST_MODEL_CACHE", Path(__file__).resolve().parents[2] / ".data" / "test-models"))

pytestmark = pytest.mark.slow


@cache
def _report(rel: str) -> Report:
    path = REAL / rel
    if not path.exists():
        pytest.skip(f"real reports not found at {REAL}: they live in ../shared/real beside the clone")
    return parse_file(path)


@pytest.fixture(scope="module")
def blend(tmp_path_factory: pytest.TempPathFactory) -> Blend:
    from ingest.embedding import get_embeddings
    from ingest.settings import Settings

    settings = Settings(data=tmp_path_factory.mktemp("blend"), model_cache_dir=MODEL_CACHE)
    return Blend(get_embeddings(settings))


def test_blended_links_precision_and_recall_on_the_labelled_pairs(blend: Blend) -> None:
    reports = [_report(f"html/pingtan-{y}.html") for y in range(2011, 2026)]
    scorer = Scorer([m.text for r in reports for m in (*items_of(r), *[s for s in sentences_of(r)
                                                                        if _DONE_WORDS.search(s.text)])])
    counts = {k: [0, 0, 0] for k in ("反复出现", "已落实")}  # tp, fp, fn
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        a = display(_report(p["file_a"]).original_text[p["start_a"] : p["end_a"]])
        b = display(_report(p["file_b"]).original_text[p["start_b"] : p["end_b"]])
        (score,) = blend.scores(scorer, a, [b], p["link"])
        linked = score >= (RECUR_BLEND if p["link"] == "反复出现" else DONE_BLEND)
        c = counts[p["link"]]
        c[0] += linked and p["label"]
        c[1] += linked and not p["label"]
        c[2] += (not linked) and p["label"]
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    for kind, (t, f, n) in counts.items():
        print(f"{kind}: precision {t}/{t + f}, recall {t}/{t + n}")
    print(f"all: precision {tp / (tp + fp):.3f} recall {tp / (tp + fn):.3f} (tp {tp}, fp {fp}, fn {fn})")
    assert tp / (tp + fp) >= 0.90
    assert tp / (tp + fn) >= 0.70  # lexical alone: 0.538; the target 0.80 is not reached
    assert counts["反复出现"][0] >= 13 and counts["已落实"][0] >= 6


def test_blended_timeline_keeps_the_lexical_links_it_can_see(blend: Blend) -> None:
    reports = [_report(f"html/pingtan-{y}.html") for y in range(2022, 2026)]
    lexical, blended = timeline(reports), timeline(reports, encoder=blend)
    assert [t.item for t in lexical.items] == [t.item for t in blended.items]
    found = {(t.item.start, x.status, x.later.year) for t in lexical.items for x in t.links}
    more = {(t.item.start, x.status, x.later.year) for t in blended.items for x in t.links}
    assert len(found & more) >= 0.8 * len(found)  # most word-for-word links survive the blend
    assert len(more) >= len(found)
