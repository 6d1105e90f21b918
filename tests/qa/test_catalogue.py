"""Which stored agency a question names (qa.catalogue): a county's report published by its
government office answers for the county, unless the county government's own report is stored."""

from __future__ import annotations

import datetime

from ingest.store import ReportRow
from qa.catalogue import Catalogue
from qa.question import parse_question

TODAY = datetime.date(2026, 12, 1)


def _row(i: int, agency: str, region: str | None, year: int = 2024, raw: str | None = None) -> ReportRow:
    return ReportRow(id=str(i), agency=agency, agency_raw=raw or agency, region=region, year=year, title="",
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


def test_the_city_written_before_a_district_bureau_is_its_path_not_another_place() -> None:
    """杭州滨江区公安分局 and 梅州梅江区交通运输局 name the stored district bureaus with their city
    written out; a city the district is not in names another agency."""
    catalogue = Catalogue((_row(1, "滨江区公安分局", "滨江区", raw="杭州市公安局滨江区分局"),
                           _row(2, "梅江区交通运输局", "梅江区", raw="梅州市梅江区交通运输局"),
                           _row(3, "衢州市交通运输局", "衢州市"), _row(4, "舟山市公安局", "舟山市")))
    for question, agency in (("杭州滨江区公安分局2024年收到几件申请？", "滨江区公安分局"),
                             ("滨江公安分局2024年被申请过行政复议吗？", "滨江区公安分局"),
                             ("梅州梅江区交通运输局2024年收到几件申请？", "梅江区交通运输局")):
        assert _agency(catalogue, question) == agency, question
    for question in ("广州滨江区公安分局2024年收到几件申请？", "广州梅江区交通运输局2024年收到几件申请？"):
        assert _agency(catalogue, question) is None, question


def test_an_account_name_reaches_its_department_only_where_one_stored_agency_has_it() -> None:
    """“衢州交通”, “泰州民政”, “临夏公安” (the place without its peoples) are the bureaus' public
    accounts; 吉林公安 fits both 吉林省公安厅 and 吉林市公安局, so it names neither."""
    catalogue = Catalogue((_row(1, "衢州市交通运输局", "衢州市"), _row(2, "泰州市民政局", "泰州市"),
                           _row(3, "临夏回族自治州公安局", "临夏回族自治州", raw="临夏州公安局"),
                           _row(4, "吉林省公安厅", "吉林省"), _row(5, "吉林市公安局", "吉林市")))
    for question, agency in (("“衢州交通”微信公众号2024年发布了多少条信息？", "衢州市交通运输局"),
                             ("“泰州民政”公众号2024年发了多少条？", "泰州市民政局"),
                             ("“临夏公安”微信公众号2024年发了多少条信息？", "临夏回族自治州公安局")):
        assert _agency(catalogue, question) == agency, question
    assert _agency(catalogue, "“吉林公安”公众号2024年发了多少条？") is None
    assert _agency(catalogue, "台州民政2024年发了多少条？") is None  # 台州 is a real city, not 泰州 mistyped


def test_divisions_as_people_shorten_them() -> None:
    """秀山县 for 秀山土家族苗族自治县, 赣州经开区 for 赣州经济技术开发区, and a province's department
    short forms (江苏省交通厅, 贵州省机关事务局)."""
    catalogue = Catalogue((
        _row(1, "秀山土家族苗族自治县人民政府办公室", "秀山土家族苗族自治县"),
        _row(2, "凤岗镇", "赣州经济技术开发区", raw="赣州经济技术开发区凤岗镇人民政府"),
        _row(3, "江苏省交通运输厅", "江苏省"), _row(4, "贵州省机关事务管理局", "贵州省"),
        _row(5, "江苏省民政厅", "江苏省")))
    for question, agency in (("秀山县2024年收到几件政府信息公开申请？", "秀山土家族苗族自治县人民政府办公室"),
                             ("秀山2024年收到几件政府信息公开申请？", "秀山土家族苗族自治县人民政府办公室"),
                             ("赣州经开区凤岗镇2024年主动公开了多少条？", "凤岗镇"),
                             ("江苏省交通厅2024年主动公开了多少条？", "江苏省交通运输厅"),
                             ("贵州省机关事务局2024年主动公开了多少条？", "贵州省机关事务管理局")):
        assert _agency(catalogue, question) == agency, question
