"""Question understanding: many everyday phrasings → agency, year, metric, intent."""

from __future__ import annotations

import pytest
from qa_fakes import TODAY, FakeStore

from qa.catalogue import Catalogue
from qa.dates import find_years
from qa.question import parse_question
from qa.records import Answer, Turn
from qa.vocabulary import find_metric, metric_from_id


@pytest.fixture
def catalogue(store: FakeStore) -> Catalogue:
    return Catalogue(tuple(store.reports()))


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("背孜乡2025年收到多少申请？", "B.new.total"),
        ("依申请公开有多少件", "B.new.total"),
        ("收到多少政府信息公开申请", "B.new.total"),
        ("有没有被行政复议？", "C.review.total"),
        ("被复议过吗", "C.review.total"),
        ("被起诉了几次", "C.litigation.total"),
        ("当被告的行政诉讼有几件", "C.litigation.total"),
        ("复议后起诉的有多少", "C.litigation_after_review.total"),
        ("未经复议直接起诉多少件", "C.litigation_direct.total"),
        ("行政复议结果纠正的有几件", "C.review.corrected"),
        ("行政复议尚未审结的有几件", "C.review.pending"),
        ("不予公开多少件", "B.result.withheld.total"),
        ("因为保护第三方合法权益不公开的有几件", "B.result.withheld.third_party.total"),
        ("予以公开的申请有多少", "B.result.public.total"),
        ("依申请公开了多少", "B.result.public.total"),
        ("无法提供的有多少", "B.result.unavailable.total"),
        ("重复申请有几件", "B.result.not_processed.repeat.total"),
        ("企业申请了多少", "B.new.business"),
        ("自然人提出的申请有多少件", "B.new.natural_person"),
        ("法人或其他组织申请多少", "B.new.org"),
        ("上年结转了多少申请", "B.carried_over.total"),
        ("结转下年度继续办理的有几件", "B.carried_forward.total"),
        ("结转到下一年继续办理的申请有几件", "B.carried_forward.total"),
        ("有几件转入明年办理", "B.carried_forward.total"),
        ("从去年结转过来几件", "B.carried_over.total"),
        ("行政处罚决定有多少", "A.penalty.decisions"),
        ("行政许可多少件", "A.license.decisions"),
        ("行政强制决定数量", "A.enforcement.decisions"),
        ("本年制发规范性文件多少件", "A.normative_doc.issued"),
        ("现行有效的规范性文件有几件", "A.normative_doc.in_force"),
        ("废止了几件规章", "A.regulation.repealed"),
        ("行政事业性收费金额多少", "A.fee.amount"),
        ("收取信息处理费了吗", "fact.fee.amount"),
        ("公众号发了多少条？", "fact.proactive.items@公众号"),
        ("主动公开信息多少条", "fact.proactive.items"),
        ("网站发布了几条信息", "fact.proactive.items@网站"),
        ("政务公开通过哪些渠道？", None),
        ("撤下了多少条到期的行政处罚信息", None),
        ("在多少个行政村设置了公开栏", None),
        ("组织了几次培训", None),
        ("行政许可处理了多少件", "A.license.decisions"),
        ("因本机关不掌握相关信息而无法提供的有几件", "B.result.unavailable.not_held.total"),
        ("乡长是谁", None),
    ],
)
def test_metric_words(question: str, metric: str | None) -> None:
    found = find_metric(question)
    assert (found.id if found else None) == metric
    if found is not None:
        assert metric_from_id(found.id) == found  # follow-ups rebuild the metric from Answer.metric


def test_group_metrics_expand_to_their_rows() -> None:
    withheld = find_metric("不予公开多少件")
    assert withheld is not None and len(withheld.rows()) == 8
    litigation = find_metric("被起诉几次")
    assert litigation is not None and litigation.rows() == ("litigation_direct", "litigation_after_review")
    fee = find_metric("行政事业性收费多少")
    assert fee is not None and fee.unit == "万元"


@pytest.mark.parametrize(
    ("text", "years", "recent"),
    [
        ("2022年收到多少", (2022,), None),
        ("二〇二二年收到多少", (2022,), None),
        ("二零二五年", (2025,), None),
        ("22年的报告", (2022,), None),
        ("今年", (2026,), None),
        ("去年收到多少", (2025,), None),
        ("前年呢", (2024,), None),
        ("2022年和2025年相比", (2022, 2025), None),
        ("2022年到2024年", (2022, 2023, 2024), None),
        ("近三年变化", (), 3),
        ("本年新收政府信息公开申请数量", (), None),
    ],
)
def test_years(text: str, years: tuple[int, ...], recent: int | None) -> None:
    mention = find_years(text, TODAY.year)
    assert mention.years == years and mention.recent == recent


@pytest.mark.parametrize(
    ("question", "agency"),
    [
        ("青石乡2025年收到多少申请", "青石乡"),
        ("青石乡政府收到多少申请", "青石乡"),
        ("鲁阳县青石乡收到多少申请", "青石乡"),
        ("青石收到多少申请", "青石乡"),
        ("青石乡人民政府去年收到多少申请", "青石乡"),
        ("黑山镇的申请数", "黑山镇"),
    ],
)
def test_agency_everyday_forms(catalogue: Catalogue, question: str, agency: str) -> None:
    q = parse_question(question, catalogue, today=TODAY)
    assert q.agency is not None and q.agency.agency == agency and q.agency_from == "question"


def test_abbreviation_matches_every_county_and_region_narrows(catalogue: Catalogue) -> None:
    q = parse_question("卫健委2025年收到多少申请", catalogue, today=TODAY)
    assert q.agency is None and {c.region for c in q.candidates} == {"鲁阳县", "石门县"}
    q = parse_question("石门县卫健委2025年收到多少申请", catalogue, today=TODAY)
    assert q.agency is not None and q.agency.region == "石门县"


def test_unknown_agency_is_named(catalogue: Catalogue) -> None:
    q = parse_question("请问李庄镇2025年收到多少申请", catalogue, today=TODAY)
    assert q.agency is None and q.unknown_agency == "李庄镇"
    assert parse_question("全县各乡镇申请数总和", catalogue, today=TODAY).unknown_agency is None


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("青石乡2025年收到多少申请", "value"),
        ("青石乡申请数比去年增加了多少", "compare"),
        ("青石乡近三年依申请公开数量变化", "compare"),
        ("青石乡2023年和2025年主动公开信息条数相比有什么变化", "compare"),
        ("全县各乡镇申请数总和", "sum"),
        ("哪个乡镇申请最多", "rank"),
        ("青石乡2025年存在哪些问题", "commitments"),
        ("青石乡2023年报告提出了哪些改进措施？2025年还在说同样的问题吗？", "recurring"),
        ("哪些报告的表格对不上", "findings"),
        ("全县哪些乡镇的表三数据对不上？", "findings"),
        ("库里有哪些报告", "list"),
        ("什么是行政复议", "explain"),
        ("政务公开通过哪些渠道？", "text"),
        ("青石乡2025年的申请主要涉及哪些内容？", "text"),
        ("青石乡2025年提出了几条改进措施？", "commitments"),
        ("青石乡2023年提出的问题2025年解决了吗？", "recurring"),
    ],
)
def test_intent(catalogue: Catalogue, question: str, intent: str) -> None:
    assert parse_question(question, catalogue, today=TODAY).intent == intent


def test_single_agency_in_conversation_or_context(catalogue: Catalogue) -> None:
    q = parse_question("公众号发了多少条？", catalogue, today=TODAY, context={"agency": "青石乡", "year": 2023})
    assert q.agency is not None and q.agency.agency == "青石乡" and q.agency_from == "context" and q.years == (2023,)
    lonely = Catalogue(tuple(r for r in catalogue.rows if r.agency == "黑山镇"))
    q = parse_question("收到多少申请", lonely, today=TODAY)
    assert q.agency is not None and q.agency.agency == "黑山镇" and q.agency_from == "only"


def test_followup_keeps_agency_and_metric(catalogue: Catalogue) -> None:
    before = Answer(question="青石乡2025年收到多少申请", answer="…", answerable=True, route="table",
                    agency="青石乡", year=2025, metric="B.new.total", value=7, unit="件")
    q = parse_question("那2023年呢？", catalogue, today=TODAY, history=[Turn(question=before.question, answer=before)])
    assert q.followup and q.intent == "value" and q.metric is not None and q.metric.id == "B.new.total"
    assert q.agency is not None and q.agency.agency == "青石乡" and q.years == (2023,)


def test_a_report_without_county_joins_the_same_agency(store: FakeStore) -> None:
    rows = [r.model_copy(update={"region": None}) if r.year == 2023 else r
            for r in store.reports() if r.agency == "青石乡"]
    cat = Catalogue(tuple(rows))
    (only,) = cat.agencies()
    assert only.region == "鲁阳县" and cat.years(only) == (2023, 2025)
    q = parse_question("鲁阳县青石乡2023年收到多少申请", cat, today=TODAY)
    assert q.agency == only and not q.candidates


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("青石乡2025年被人告了几次？", "C.litigation.total"),
        ("青石乡被群众告过吗", "C.litigation.total"),
        ("青石乡2025年告了几件", "C.litigation.total"),
        ("青石乡报告了哪些问题", None),  # 报告了 is not being sued
        ("青石乡2025年在政府网站发的信息比2023年多还是少？", "fact.proactive.items@网站"),
        ("青石乡公众号推送比去年增加了吗", "fact.proactive.items@公众号"),
    ],
)
def test_plain_words_for_being_sued_and_comparisons_find_the_metric(question: str, metric: str | None) -> None:
    found = find_metric(question)
    assert (found.id if found else None) == metric


@pytest.mark.parametrize(
    "question",
    ["青石乡答复一件申请平均要多少天？", "青石乡申请几个工作日能办完", "青石乡办理申请要多久",
     "青石乡予以公开的申请占比多少", "青石乡申请的公开比例是多少", "青石乡处理申请要多长时间"],
)
def test_quantities_the_forms_do_not_hold_get_no_metric(question: str) -> None:
    assert find_metric(question) is None  # 天, 平均, 比例 …: never another metric's count


def test_comparison_without_how_many_is_a_compare(catalogue: Catalogue) -> None:
    q = parse_question("青石乡2025年在政府网站发的信息比2023年多还是少？", catalogue, today=TODAY)
    assert q.intent == "compare" and q.metric is not None and q.metric.row == "proactive.items"


@pytest.mark.parametrize("question", ["青石乡哪个问题连续两年都提了？", "青石乡每年都提的问题是什么"])
def test_repeated_problem_wording_is_recurring(question: str, catalogue: Catalogue) -> None:
    assert parse_question(question, catalogue, today=TODAY).intent == "recurring"


def test_short_name_inside_a_longer_other_place_is_not_that_agency(catalogue: Catalogue) -> None:
    q = parse_question("东青石镇2023年行政处罚多少件？", catalogue, today=TODAY)  # 青石 is 青石乡, not 青石镇
    assert q.agency is None and q.unknown_agency == "东青石镇"
    assert parse_question("青石乡政府2023年行政处罚多少件", catalogue, today=TODAY).agency is not None
    assert parse_question("青石2023年行政处罚多少件", catalogue, today=TODAY).agency is not None


def _catalogue_of(*specs: tuple[str, str | None, str]) -> Catalogue:
    from qa_fakes import Spec, build

    store = FakeStore([build(Spec(agency=a, region=r, raw=raw, year=2023)) for a, r, raw in specs])
    return Catalogue(tuple(store.reports()))


def test_a_city_bureau_branch_is_found_by_either_of_its_names() -> None:
    cat = _catalogue_of(("滨江区公安分局", "滨江区", "杭州市公安局滨江区分局"))
    for asked in ("杭州市公安局滨江区分局2023年收到多少申请？", "滨江区公安分局2023年收到多少申请？"):
        q = parse_question(asked, cat, today=TODAY)
        assert q.agency is not None and q.agency.agency == "滨江区公安分局", asked


def test_a_namesake_in_another_city_is_not_the_stored_agency() -> None:
    """甲市's bureau asked, only 乙市's stored: never 乙市's figure."""
    cat = _catalogue_of(("温州市自然资源局", "温州市", "温州市自然资源局"))
    q = parse_question("杭州市自然资源局2023年收到多少申请？", cat, today=TODAY)
    assert q.agency is None and q.unknown_agency == "杭州市自然资源局"
    same = parse_question("温州市自然资源局2023年收到多少申请？", cat, today=TODAY)
    assert same.agency is not None


def test_traditional_characters_and_government_short_forms() -> None:
    cat = _catalogue_of(("洪泽区", "淮安市", "淮安市洪泽区人民政府"))
    for asked in ("洪澤區2023年收到多少政府信息公開申請？", "淮安市洪泽区政府2023年收到多少申请", "洪泽2023年收到几件申请"):
        q = parse_question(asked, cat, today=TODAY)
        assert q.agency is not None and q.agency.agency == "洪泽区", asked
        assert q.metric is not None and q.metric.id == "B.new.total", asked


def test_a_namesake_among_several_stored_namesakes_is_none_of_them() -> None:
    cat = _catalogue_of(("杭州市卫生健康委员会", "杭州市", "杭州市卫生健康委员会"),
                        ("沧州市卫生健康委员会", "沧州市", "沧州市卫生健康委员会"))
    q = parse_question("温州市卫健委2023年收到多少申请？", cat, today=TODAY)
    assert q.agency is None and not q.candidates and q.unknown_agency == "温州市卫健委"
    ok = parse_question("沧州市卫健委2023年收到多少申请？", cat, today=TODAY)
    assert ok.agency is not None and ok.agency.agency == "沧州市卫生健康委员会"


def test_a_bare_department_name_fits_the_one_bureau_of_that_kind_with_that_year() -> None:
    cat = _catalogue_of(("霍城县水利局", "霍城县", "霍城县水利局"), ("贵州省水利厅", "贵州省", "贵州省水利厅"))
    q = parse_question("水利局2023年收到多少申请？", cat, today=TODAY)
    assert q.agency is not None and q.agency.agency == "霍城县水利局"
    shared = _catalogue_of(("宜城市教育局", "宜城市", "宜城市教育局"), ("靖江市教育局", "靖江市", "靖江市教育局"))
    assert len(parse_question("教育局2023年收到多少申请？", shared, today=TODAY).candidates) == 2  # ask which


def test_a_bureau_stored_without_its_city_answers_for_the_city_asked_and_says_so() -> None:
    cat = _catalogue_of(("生态环境局", None, "市生态环境局"), ("盐城市生态环境局", "盐城市", "盐城市生态环境局"))
    q = parse_question("四平市生态环境局2023年收到多少申请？", cat, today=TODAY)
    assert q.agency is not None and q.agency.agency == "生态环境局" and q.assumed_place == "四平市"
    assert any("未写明所属地区" in n for n in q.notes)
    assert parse_question("盐城市生态环境局2023年收到多少申请？", cat, today=TODAY).agency.agency == "盐城市生态环境局"


def test_metrics_people_name_with_more_words_than_the_form() -> None:
    from qa.vocabulary import find_metric

    def metric_id(text: str) -> str | None:
        m = find_metric(text)
        return m.id if m else None

    assert metric_id("平利县2024年收到依申请公开信息多少件？") == "B.new.total"  # not 公开信息 (主动公开)
    assert metric_id("行政诉讼总数（直接起诉加复议后起诉）比2023年多几件？") == "C.litigation.total"
    assert metric_id("复议后起诉的有几件？") == "C.litigation_after_review.total"
    assert metric_id("2020年政府集中采购总金额是多少？") == "A.procurement.purchase_amount"
    assert metric_id("规范性文件本年新制作数量是多少？") == "A.normative_doc.made"
