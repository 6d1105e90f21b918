"""Which stored agency a question names (qa.catalogue): a county's report published by its
government office answers for the county, unless the county government's own report is stored."""

from __future__ import annotations

import datetime

from ingest.store import ReportRow
from qa.catalogue import Catalogue
from qa.question import parse_question

TODAY = datetime.date(2026, 12, 1)


def _row(i: int, agency: str, region: str | None, year: int = 2024) -> ReportRow:
    return ReportRow(id=str(i), agency=agency, agency_raw=agency, region=region, year=year, title="",
                     format_version="2021", source_path=f"{i}.txt", source_format="txt", n_cells=10,
                     n_findings=0, ingested_at="")


def _agency(catalogue: Catalogue, question: str) -> str | None:
    q = parse_question(question, catalogue, today=TODAY)
    return q.agency.agency if q.agency else None


def test_the_county_is_its_government_office_when_only_the_office_reports() -> None:
    catalogue = Catalogue((_row(1, "青石县人民政府办公室", "青石县"), _row(2, "青石县教育局", "青石县")))
    for question in ("青石县2024年收到多少政府信息公开申请？", "青石县政府2024年收到多少申请？",
                     "青石县人民政府2024年主动公开了多少条信息？"):
        assert _agency(catalogue, question) == "青石县人民政府办公室", question
    assert _agency(catalogue, "青石县教育局2024年收到多少申请？") == "青石县教育局"


def test_the_government_own_report_keeps_the_county_name() -> None:
    catalogue = Catalogue((_row(1, "青石县人民政府办公室", "青石县"), _row(2, "青石县", None)))
    assert _agency(catalogue, "青石县2024年收到多少政府信息公开申请？") == "青石县"
    assert _agency(catalogue, "青石县政府办2024年收到多少申请？") == "青石县人民政府办公室"


def test_another_county_office_does_not_answer_for_this_county() -> None:
    catalogue = Catalogue((_row(1, "云岭县人民政府办公室", "云岭县"), _row(2, "青石县教育局", "青石县")))
    assert _agency(catalogue, "青石县2024年收到多少政府信息公开申请？") != "云岭县人民政府办公室"
    assert _agency(catalogue, "云岭县2024年收到多少政府信息公开申请？") == "云岭县人民政府办公室"


def test_a_long_city_name_is_said_by_its_first_character() -> None:
    """哈市商务局 is 哈尔滨市's bureau (as 呼市 is 呼和浩特, 乌市 乌鲁木齐); a two-character city is not
    shortened so (哈密市 is 哈密), and the short form never reaches another kind of bureau."""
    catalogue = Catalogue((_row(1, "哈尔滨市商务局", "哈尔滨市"), _row(2, "哈密市商务局", "哈密市"),
                           _row(3, "哈尔滨市财政局", "哈尔滨市")))
    assert _agency(catalogue, "哈市商务局2024年主动公开政府信息多少条？") == "哈尔滨市商务局"
    assert _agency(catalogue, "哈密商务局2024年主动公开政府信息多少条？") == "哈密市商务局"
    assert _agency(catalogue, "哈市财政局2024年主动公开政府信息多少条？") == "哈尔滨市财政局"
