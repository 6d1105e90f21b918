"""Problems and measures of section 五 in the shapes reports write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.commitments import extract_commitments
from ingest.normalise import normalise
from ingest.records import Commitment
from ingest.sections import split_sections

FIXTURES = Path(__file__).parent / "text_fixtures"


def _commitments(text: str) -> list[Commitment]:
    nt = normalise(text)
    slices, _ = split_sections(nt)
    found = extract_commitments(nt, slices)
    for c in found:
        quoted = nt.original[c.span.start : c.span.end]
        assert quoted and quoted[0] not in "，,;；。"
    return found


def _kinds(found: list[Commitment]) -> list[tuple[str, int]]:
    return [(c.kind, c.index) for c in found]


def _five(body: str) -> list[Commitment]:
    return _commitments("五、存在的主要问题及改进情况\n" + body + "\n六、其他需要报告的事项\n无")


@pytest.mark.seeds
def test_seed_2025_blocks(seed_2025: Path) -> None:
    found = _commitments(seed_2025.read_text(encoding="utf-8"))
    assert _kinds(found) == [("problem", 1), ("problem", 2), ("problem", 3), ("measure", 1), ("measure", 2), ("measure", 3)]
    assert not any(c.text.startswith(("一是", "二是", "三是")) for c in found)
    assert found[0].text.startswith("政策解读形式")
    assert found[3].text.startswith("创新解读方式")


@pytest.mark.seeds
def test_seed_2022_pairs(seed_2022: Path) -> None:
    found = _commitments(seed_2022.read_text(encoding="utf-8"))
    assert _kinds(found) == [("problem", 1), ("measure", 1), ("problem", 2), ("measure", 2)]
    assert found[2].text.startswith("公开的手段不多")
    assert found[3].text.endswith("提高质量")  # the wrapped improvement is whole
    assert "\n" not in found[3].text  # texts are normalised: the PDF line break is gone
    assert "⼒" in (seed_2022.read_text(encoding="utf-8")[found[3].span.start : found[3].span.end])


def test_pairs_with_a_wrapped_problem() -> None:
    found = _commitments((FIXTURES / "title_after_heading.txt").read_text(encoding="utf-8"))
    assert _kinds(found) == [("problem", 1), ("measure", 1), ("problem", 2), ("measure", 2)]
    assert found[0].text.endswith("公开时效性有待提高")
    assert found[3].text.endswith("政务公开工作质量提升")


def test_labelled_blocks_with_arabic_numbers() -> None:
    found = _commitments((FIXTURES / "headings_variants.txt").read_text(encoding="utf-8"))
    assert _kinds(found) == [("problem", 1), ("measure", 1), ("measure", 2), ("measure", 3)]
    assert [c.text for c in found[1:]] == ["拓展公开范围", "丰富解读形式", "加强队伍培训"]


def test_parenthesised_numbers_under_subheadings() -> None:
    found = _five("（一）存在的主要问题\n（1）栏目更新不及时；（2）解读形式单一。\n（二）改进措施\n（1）明确专人负责；（2）丰富解读形式；（3）加强考核。")
    assert _kinds(found) == [("problem", 1), ("problem", 2), ("measure", 1), ("measure", 2), ("measure", 3)]
    assert found[0].text == "栏目更新不及时"


def test_next_step_inline() -> None:
    found = _five("经自查，仍存在一些不足：一是主动公开的深度不够；二是队伍专业化不足。下一步，我局将：一是拓展公开深度；二是加强队伍建设。")
    assert [(c.kind, c.text) for c in found] == [
        ("problem", "主动公开的深度不够"),
        ("problem", "队伍专业化不足"),
        ("measure", "拓展公开深度"),
        ("measure", "加强队伍建设"),
    ]


def test_the_turn_to_the_measures_is_neither_a_problem_nor_a_measure() -> None:
    """“针对存在问题,下一步,将…”: the clause that introduces the measures inside one sentence."""
    found = _five("工作取得一定成效，但仍存在一定差距。如公开内容还不够全面等。针对存在问题，下一步，将切实抓好以下工作：一是拓展公开深度。"
                  "二是加强队伍建设。")
    assert [(c.kind, c.text) for c in found] == [
        ("problem", "如公开内容还不够全面等"),
        ("measure", "拓展公开深度"),
        ("measure", "加强队伍建设"),
    ]


def test_a_page_number_inside_an_item_is_not_quoted() -> None:
    found = _five("存在问题：一是公开内容还不够全面。下一步，我局将：一是实行政府信息公开工作\n- 4 -\n人员跟班学习制度。")
    assert [c.text for c in found if c.kind == "measure"] == ["实行政府信息公开工作人员跟班学习制度"]


def test_one_paragraph_is_one_problem() -> None:
    found = _five("工作人员业务水平有待提高，公开内容还不够全面。")
    assert [(c.kind, c.index, c.text) for c in found] == [("problem", 1, "工作人员业务水平有待提高，公开内容还不够全面")]


def test_bare_headings_fixture() -> None:
    found = _commitments((FIXTURES / "bare_headings.txt").read_text(encoding="utf-8"))
    assert [c.text for c in found] == ["公开栏更新不及时", "人员力量不足", "建立更新台账", "充实工作力量"]


@pytest.mark.parametrize("body", ["无", "暂无。"])
def test_nothing_to_report(body: str) -> None:
    assert _five(body) == []


def test_no_section_five() -> None:
    assert _commitments("一、总体情况\n一是加强学习。") == []
