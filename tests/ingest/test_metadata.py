"""Agency, region and year: the seeds, names written several ways, and the fallbacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.metadata import UNKNOWN_AGENCY, Metadata, canonical_agency, read_metadata, same_agency
from ingest.normalise import normalise
from ingest.sections import split_sections

FIXTURES = Path(__file__).parent / "text_fixtures"


def _meta(text: str, source_path: str = "report.txt", agency: str | None = None, year: int | None = None) -> Metadata:
    nt = normalise(text)
    slices, _ = split_sections(nt)
    return read_metadata(nt, slices, source_path=source_path, agency=agency, year=year)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("鲁山县背孜乡", ("背孜乡", "鲁山县")),
        ("背孜乡人民政府", ("背孜乡", None)),
        ("鲁山县背孜乡人民政府", ("背孜乡", "鲁山县")),
        ("平顶山市鲁山县背孜乡", ("背孜乡", "鲁山县")),
        ("鲁 山 县 背孜乡", ("背孜乡", "鲁山县")),
        ("青禾县柳溪镇政府", ("柳溪镇", "青禾县")),
        ("郑州市金水区丰产路街道办事处", ("丰产路街道", "金水区")),
        ("青禾县卫生健康委员会", ("青禾县卫生健康委员会", "青禾县")),
        ("青禾县卫健委", ("青禾县卫生健康委员会", "青禾县")),
        ("卫生健康委员会", ("卫生健康委员会", None)),
        ("青禾县市场监督管理局", ("青禾县市场监督管理局", "青禾县")),
        ("云峰市青禾县住房和城乡建设局", ("青禾县住房和城乡建设局", "青禾县")),
        ("青禾县人民政府", ("青禾县", None)),
        ("郑州市金水区人民政府", ("金水区", "郑州市")),
        ("青禾县人民政府办公室", ("青禾县人民政府办公室", "青禾县")),
    ],
)
def test_canonical_agency(name: str, expected: tuple[str, str | None]) -> None:
    assert canonical_agency(name) == expected


def test_township_matches_across_years_with_or_without_county() -> None:
    assert canonical_agency("鲁山县背孜乡")[0] == canonical_agency("背孜乡人民政府")[0]


def test_departments_of_different_counties_stay_apart() -> None:
    assert canonical_agency("青禾县卫生健康委员会")[0] != canonical_agency("云峰县卫生健康委员会")[0]


@pytest.mark.seeds
def test_seed_2025(seed_2025: Path) -> None:
    meta = _meta(seed_2025.read_text(encoding="utf-8"), str(seed_2025))
    assert (meta.agency, meta.region, meta.year) == ("背孜乡", "鲁山县", 2025)
    assert meta.agency_raw == "鲁山县背孜乡"
    assert meta.title == "鲁山县背孜乡2025年政府信息公开工作年度报告"


@pytest.mark.seeds
def test_seed_2022(seed_2022: Path) -> None:
    meta = _meta(seed_2022.read_text(encoding="utf-8"), str(seed_2022))
    assert (meta.agency, meta.region, meta.year) == ("背孜乡", None, 2022)
    assert meta.title == "背孜乡2022年政府信息公开工作年度报告"


def test_title_after_first_heading_fixture() -> None:
    meta = _meta((FIXTURES / "title_after_heading.txt").read_text(encoding="utf-8"))
    assert (meta.agency, meta.year, meta.title) == ("桃源乡", 2022, "桃源乡2022年政府信息公开工作年度报告")


def test_year_before_agency_in_title() -> None:
    meta = _meta("2024年青禾县人民政府信息公开工作年度报告\n一、总体情况\n正文。")
    assert (meta.agency, meta.year) == ("青禾县", 2024)


def test_no_title_reads_the_opening_sentence_and_builds_a_title() -> None:
    meta = _meta("一、总体情况\n2023 年，柳溪镇人民政府坚持以人民为中心。2022年的问题已整改。")
    assert (meta.agency, meta.year) == ("柳溪镇", 2023)
    assert meta.title == "柳溪镇人民政府2023年政府信息公开工作年度报告"  # the name as the report writes it


def test_falls_back_to_the_file_name() -> None:
    meta = _meta("一、总体情况\n我乡认真做好公开工作。", source_path="/x/青禾县柳溪镇2021年政府信息公开年报.txt")
    assert (meta.agency, meta.region, meta.year) == ("柳溪镇", "青禾县", 2021)


def test_unknown_agency_is_said_plainly() -> None:
    meta = _meta("一、总体情况\n我乡认真做好公开工作。", source_path="000_abc.txt")
    assert meta.agency == UNKNOWN_AGENCY and meta.year is None


def test_overrides_win() -> None:
    text = (FIXTURES / "headings_variants.txt").read_text(encoding="utf-8")
    assert (_meta(text).agency, _meta(text).region, _meta(text).year) == ("柳溪镇", "青禾县", 2023)
    meta = _meta(text, agency="柳溪镇人民政府", year=2020)
    assert (meta.agency, meta.region, meta.year, meta.agency_raw) == ("柳溪镇", "青禾县", 2020, "柳溪镇人民政府")
    other = _meta(text, agency="石岭街道")
    assert (other.agency, other.region) == ("石岭街道", None)


def test_same_agency_ignores_a_missing_region_but_not_a_different_one() -> None:
    assert same_agency(canonical_agency("鲁山县背孜乡"), canonical_agency("背孜乡"))
    assert not same_agency(("城关镇", "青禾县"), ("城关镇", "云峰县"))
    assert not same_agency(("柳溪镇", None), ("桃源乡", None))


def test_a_page_whose_body_names_no_one_takes_the_title_from_its_metadata(tmp_path: Path) -> None:
    """Many CMS pages carry the report's name only in <title> or a meta tag."""
    from ingest.parse import parse_file

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>首页_信息公开</title><meta name='ArticleTitle' content='青禾县柳溪镇2024年政府信息公开工作年度报告'>"
        "</head><body><div><p>一、总体情况</p><p>2024年，我镇认真做好政府信息公开工作，主动公开信息12条。</p></div></body></html>",
        encoding="utf-8",
    )
    meta = parse_file(page).meta
    assert (meta.agency, meta.region, meta.year) == ("柳溪镇", "青禾县", 2024)
    assert meta.agency_source == "file"


def test_a_sentence_fragment_is_never_an_agency() -> None:
    meta = _meta("根据政府办关于做好全县政府信息公开年度报告编制工作的通知要求，现将在泰州市的工作情况汇报如下。\n一、总体情况\n我局认真做好公开工作。",
                 source_path="x.txt")
    assert meta.agency == UNKNOWN_AGENCY
