"""Section 五 of 平潭综合实验区's fifteen real reports (2011–2025): every era's shape yields its items.

The counts were read off the published text by hand: 2011–2013 number the section 四 and list
problems as 一是…, measures as (一)(二) with 1、2、 inside; 2014 and 2018 state the measures in one
“2015年,我区将…” / “下一步,…” sentence; 2016 and 2024–2025 introduce an unnumbered problem list
after “取得了…成效,但…不足,如:”; 2023 numbers its problems 一是…三是…三是 (the report's slip).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from ingest.parse import parse_file
from ingest.records import Report

HTML = Path(os.environ.get("GONGKAI_REAL", Path(__file__).resolve().parents[2].parent / "shared" / "real")) / "html"

# year: (problems, measures), counted by reading each report's section 五
EXPECTED = {
    2011: (4, 3), 2012: (4, 2), 2013: (4, 2), 2014: (3, 1), 2015: (3, 4), 2016: (1, 3), 2017: (2, 3),
    2018: (1, 1), 2019: (3, 3), 2020: (3, 4), 2021: (2, 3), 2022: (3, 3), 2023: (3, 3), 2024: (3, 3),
    2025: (3, 3),
}


@cache
def _report(year: int) -> Report:
    path = HTML / f"pingtan-{year}.html"
    if not path.exists():
        pytest.skip(f"real reports not found at {HTML}: they live in ../shared/real beside the clone")
    return parse_file(path)


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_every_year_yields_its_problems_and_measures(year: int) -> None:
    report = _report(year)
    problems = [c for c in report.commitments if c.kind == "problem"]
    measures = [c for c in report.commitments if c.kind == "measure"]
    assert (len(problems), len(measures)) == EXPECTED[year]
    for c in report.commitments:
        assert not c.text.startswith(("一是", "二是", "三是", "(一)", "（一）")), c.text
        assert "统计表" not in c.text and "扫一扫" not in c.text  # the section stops before the table and footer
        quoted = report.original_text[c.span.start : c.span.end]
        assert quoted and quoted[0] not in "，,;；。：:"


@pytest.mark.parametrize("year", [2016, 2024, 2025])
def test_an_introduction_is_not_a_problem(year: int) -> None:
    """“…取得了一定成绩,但仍存在一些不足,如:” introduces the list; it is not itself a problem."""
    first = next(c for c in _report(year).commitments if c.kind == "problem")
    assert "取得" not in first.text and not first.text.startswith(str(year))


def test_a_slip_in_the_numbering_does_not_merge_items() -> None:
    """2023 numbers its problems 一是, 三是, 三是: still three problems, the last about 政策解读."""
    problems = [c for c in _report(2023).commitments if c.kind == "problem"]
    assert problems[-1].text.startswith("政策解读") and "栏目存在信息噪音" in problems[0].text
