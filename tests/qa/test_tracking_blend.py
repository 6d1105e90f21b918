"""The links with the bundled embedding model's cosine (qa.tracking.pair_score with vectors): precision
and recall on the hand-labelled 平潭 pairs, the calibration set (tests/golden/real/commitment_pairs.jsonl,
the thresholds were tuned on it) and the held-out set (commitment_pairs_heldout.jsonl, labelled before
tuning and never tuned on), and a timeline that finds more than the words-only one without losing
what it found. Uses the real model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_tracking import HELDOUT, PAIRS, _report, report_figures, score_pairs

from qa.tracking import Blend, timeline

MODEL_CACHE = Path(os.environ.get("GONGKAI_TEST_MODEL_CACHE", Path(__file__).resolve().parents[2] / ".data" / "test-models"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def blend(tmp_path_factory: pytest.TempPathFactory) -> Blend:
    from ingest.embedding import get_embeddings
    from ingest.settings import Settings

    settings = Settings(data=tmp_path_factory.mktemp("blend"), model_cache_dir=MODEL_CACHE)
    return Blend(get_embeddings(settings))


def test_blended_links_reach_the_issue_targets_on_the_calibration_pairs(blend: Blend) -> None:
    counts = score_pairs(PAIRS, blend)
    precision, recall = report_figures("calibration", counts)
    assert precision >= 0.90 and recall >= 0.80  # measured 21/22, 21/26 (BENCHMARKS.md)
    assert counts["反复出现"][0] >= 14 and counts["已落实"][0] >= 7


def test_blended_links_on_the_heldout_pairs_keep_their_precision(blend: Blend) -> None:
    """Pairs the thresholds never saw: precision holds; recall is lower than on the calibration set
    (measured 12/16: the 已落实 sentences that say a measure was done without a count are missed)."""
    precision, recall = report_figures("heldout", score_pairs(HELDOUT, blend))
    assert precision >= 0.90 and recall >= 0.70


def test_blended_timeline_keeps_the_lexical_links_it_can_see(blend: Blend) -> None:
    reports = [_report(f"html/pingtan-{y}.html") for y in range(2022, 2026)]
    lexical, blended = timeline(reports), timeline(reports, encoder=blend)
    assert (lexical.matching, blended.matching) == ("词语", "词语+语义")
    assert [t.item for t in lexical.items] == [t.item for t in blended.items]
    found = {(t.item.start, x.status, x.later.year) for t in lexical.items for x in t.links}
    more = {(t.item.start, x.status, x.later.year) for t in blended.items for x in t.links}
    assert len(found & more) >= 0.8 * len(found)  # most word-for-word links survive the blend
    assert len(more) >= len(found)
