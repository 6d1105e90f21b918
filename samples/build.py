"""Rebuild the sample reports and their construction truth (tests/golden/samples/*.truth.json).

The samples are fictional reports written for gongkai: the prose below is ours, the tables are
stated once here and rendered by `eval.synth_render`, so their arithmetic is right unless a sample
breaks it on purpose (市监局 2024). Run `python samples/build.py` after changing a sample here;
the .txt files are committed so that readers and tests never depend on this script.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval.synth import (  # noqa: E402
    FactSpec,
    Prose,
    ReportSpec,
    break_cells,
    table_a_from_values,
    table_b_from_rows,
    table_c_from_rows,
)
from eval.synth_render import render_pdftxt, render_tab  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "samples"


def spec(agency: tuple[str, str], year: int, a: dict, b: dict, c: dict, prose: Prose,
         facts: list[tuple[str, float, str, str, int, str | None]]) -> ReportSpec:
    cells = {**table_a_from_values(a), **table_b_from_rows(b), **table_c_from_rows(c)}
    fs = tuple(FactSpec(m, v, u, s, sec, ch) for m, v, u, s, sec, ch in facts)
    for f in fs:
        assert any(f.sentence in t for t in (*prose.__dict__.values(),) if isinstance(t, str)), f.sentence
    return ReportSpec(agency=agency[0], agency_raw=agency[1], region="云溪县", year=year, cells=cells,
                      prose=prose, facts=fs)


def channel_facts(sentence: str, web: int, wx: int, wb: int) -> list[tuple[str, float, str, str, int, str | None]]:
    return [("proactive.items", web, "条", sentence, 1, "政府网站"),
            ("proactive.items", wx, "条", sentence, 1, "微信公众号"),
            ("proactive.items", wb, "条", sentence, 1, "政务微博")]


def request_facts(sentence: str, new: int, co: int, done: int, fwd: int) -> list[tuple[str, float, str, str, int, str | None]]:
    return [("requests.received", new, "件", sentence, 1, None), ("requests.carried_over", co, "件", sentence, 1, None),
            ("requests.completed", done, "件", sentence, 1, None), ("requests.carried_forward", fwd, "件", sentence, 1, None)]


# ---------------------------------------------------------------- 青石镇 (township, clean tab text)
QS = ("青石镇", "云溪县青石镇")
QS23_P = "全年通过云溪县人民政府网站青石镇专栏公开信息156条，通过“青石发布”微信公众号推送信息203条，通过政务微博发布信息45条。"
QS23_R = "2023年，我镇共收到政府信息公开申请14件，上年结转1件；本年度办结14件，结转下年度继续办理1件。"
QS23_L = "全年发生政府信息公开行政复议1件，未发生行政诉讼。"
QS23_T = "全年组织政务公开业务培训2次，参训人员46人次。"
QS23 = spec(QS, 2023,
    a={"normative_doc": [1, 0, 4], "license": [198], "penalty": [9], "enforcement": [1], "fee": [2.86]},
    b={"new": [11, 2, 0, 0, 1, 0], "carried_over": [1, 0, 0, 0, 0, 0], "result.public": [6, 1, 0, 0, 1, 0],
       "result.partial": [1, 0, 0, 0, 0, 0], "result.withheld.third_party": [1, 0, 0, 0, 0, 0],
       "result.unavailable.not_held": [2, 1, 0, 0, 0, 0], "result.not_processed.petition": [1, 0, 0, 0, 0, 0],
       "carried_forward": [1, 0, 0, 0, 0, 0]},
    c={"review": [1, 0, 0, 0]},
    prose=Prose(
        intro="2023年，青石镇党委、政府深入贯彻《中华人民共和国政府信息公开条例》，紧扣乡村振兴、民生保障和基层治理等中心工作，"
              "持续推进决策、执行、管理、服务、结果“五公开”，全镇政府信息公开工作平稳有序开展。",
        proactive="围绕群众关心的惠农补贴发放、低保救助、农村危房改造和项目建设等事项，及时准确公开政府信息。" + QS23_P
                  + "各村（社区）公开栏按季度更新党务、村务、财务信息。",
        requests=QS23_R + "申请内容主要涉及土地征收补偿、惠农补贴发放和村庄规划等方面。" + QS23_L,
        management="严格落实信息发布“三审三校”制度，明确党政办专人负责信息采集、审核和发布，重点对低保、救助名单中的个人隐私进行脱敏处理。"
                   "对镇级现行有效的4件行政规范性文件进行梳理，统一在政府网站集中公开。",
        platforms="以县政府网站镇级专栏为主平台，以“青石发布”微信公众号和政务微博为补充，在镇便民服务中心设置政府信息查阅点，"
                  "在12个行政村设置村务公开栏，形成线上线下相结合的公开体系。",
        oversight="成立由镇长任组长的政务公开工作领导小组，将政务公开纳入对各村和站所的年度考核。" + QS23_T,
        problems=("村级公开栏更新不够及时，部分村公开内容滞后", "政策解读形式较为单一，以文字解读为主",
                  "政务公开工作人员多为兼职，业务能力有待提高"),
        measures=("建立村级公开栏更新台账，每季度开展一次检查通报", "尝试采用图解、短视频等形式解读惠农政策",
                  "组织工作人员参加县级业务培训，提升专业水平"),
        other="2023年度，我镇未收取信息处理费。"),
    facts=[*channel_facts(QS23_P, 156, 203, 45), *request_facts(QS23_R, 14, 1, 14, 1),
           ("review.count", 1, "件", QS23_L, 1, None), ("training.count", 2, "次", QS23_T, 1, None),
           ("training.attendance", 46, "人次", QS23_T, 1, None)])

QS24_P = "全年通过云溪县人民政府网站青石镇专栏公开信息188条，通过“青石发布”微信公众号推送信息241条，通过政务微博发布信息52条。"
QS24_R = "2024年，我镇共收到政府信息公开申请21件，较上年增加7件，上年结转1件；本年度办结21件，结转下年度继续办理1件。"
QS24_L = "全年发生政府信息公开行政复议2件、行政诉讼1件。"
QS24_T = "全年组织政务公开业务培训3次，参训人员58人次。"
QS24 = spec(QS, 2024,
    a={"normative_doc": [2, 1, 5], "license": [230], "penalty": [12], "enforcement": [2], "fee": [3.25]},
    b={"new": [16, 3, 0, 1, 1, 0], "carried_over": [1, 0, 0, 0, 0, 0], "result.public": [9, 2, 0, 1, 1, 0],
       "result.partial": [2, 0, 0, 0, 0, 0], "result.withheld.process": [1, 0, 0, 0, 0, 0],
       "result.unavailable.not_held": [2, 1, 0, 0, 0, 0], "result.unavailable.needs_creation": [1, 0, 0, 0, 0, 0],
       "result.not_processed.repeat": [1, 0, 0, 0, 0, 0], "carried_forward": [1, 0, 0, 0, 0, 0]},
    c={"review": [1, 1, 0, 0], "litigation_direct": [0, 0, 0, 1]},
    prose=Prose(
        intro="2024年，青石镇坚持以人民为中心，认真落实上级关于政务公开工作的部署，围绕产业发展、民生实事和基层治理深化政府信息公开，"
              "推动政务公开标准化规范化向村级延伸。",
        proactive="重点公开财政资金使用、惠民惠农补贴、乡村振兴项目、安全生产和防汛救灾等信息。" + QS24_P
                  + "全年制发行政规范性文件2件，废止1件，均按规定及时公开。",
        requests=QS24_R + "申请内容集中在征地拆迁补偿、宅基地审批和农村低保等方面。" + QS24_L,
        management="修订《青石镇政府信息公开工作制度》，完善信息公开保密审查流程，坚持先审后发。"
                   "对行政复议中被纠正的1件答复认真剖析原因，进一步规范答复文书。",
        platforms="升级镇政府信息公开专栏，新增“惠民政策一点通”栏目；在镇便民服务中心和12个行政村设置政务公开专区，方便老年群众就近查阅。",
        oversight="将政务公开纳入镇年度目标考核，对各村公开栏更新情况开展季度督查。" + QS24_T,
        problems=("村级公开栏更新仍不够及时，个别村存在内容过期现象", "依申请公开答复文书的规范性还需提高",
                  "政务微博互动较少，回应群众关切不够及时"),
        measures=("将村级公开栏更新情况纳入村干部考核，实行月检查、季通报", "落实法律顾问审核制度，统一答复文书格式",
                  "明确专人负责政务微博运维，及时回应群众留言"),
        other="2024年度，我镇未收取信息处理费。"),
    facts=[*channel_facts(QS24_P, 188, 241, 52), *request_facts(QS24_R, 21, 1, 21, 1),
           ("review.count", 2, "件", QS24_L, 1, None), ("litigation.count", 1, "件", QS24_L, 1, None),
           ("training.count", 3, "次", QS24_T, 1, None), ("training.attendance", 58, "人次", QS24_T, 1, None)])

# ---------------------------------------------------------------- 卫健委 (county department, PDF-extracted text)
WJ = ("云溪县卫生健康委员会", "云溪县卫生健康委员会")
WJ23_P = "全年通过县政府网站卫健委专栏公开信息412条，通过“健康云溪”微信公众号推送信息356条，通过政务微博发布信息98条。"
WJ23_R = "2023年，我委共收到政府信息公开申请51件，上年结转3件；本年度办结51件，结转下年度继续办理3件。"
WJ23_L = "全年发生政府信息公开行政复议4件、行政诉讼2件。"
WJ23_T = "全年组织政务公开业务培训2次。"
WJ23 = spec(WJ, 2023,
    a={"normative_doc": [3, 1, 26], "license": [1562], "penalty": [87], "enforcement": [6], "fee": [0]},
    b={"new": [38, 6, 1, 2, 3, 1], "carried_over": [2, 1, 0, 0, 0, 0], "result.public": [17, 3, 1, 1, 1, 0],
       "result.partial": [5, 1, 0, 0, 1, 0], "result.withheld.third_party": [2, 0, 0, 0, 0, 0],
       "result.withheld.process": [1, 0, 0, 0, 0, 0], "result.unavailable.not_held": [7, 1, 0, 1, 0, 1],
       "result.unavailable.needs_creation": [2, 0, 0, 0, 0, 0], "result.not_processed.petition": [3, 0, 0, 0, 0, 0],
       "result.not_processed.repeat": [1, 0, 0, 0, 0, 0], "result.other.no_correction": [1, 1, 0, 0, 0, 0],
       "carried_forward": [1, 1, 0, 0, 1, 0]},
    c={"review": [2, 1, 0, 1], "litigation_direct": [1, 0, 0, 0], "litigation_after_review": [0, 0, 0, 1]},
    prose=Prose(
        intro="2023年，云溪县卫生健康委员会认真贯彻落实《中华人民共和国政府信息公开条例》，围绕医疗卫生服务、公共卫生和健康惠民政策等群众关切，"
              "扎实做好政府信息公开工作，全年工作总体平稳。",
        proactive="重点公开医疗机构执业登记、医疗服务价格、疾病预防控制和家庭医生签约服务等信息。" + WJ23_P,
        requests=WJ23_R + "申请内容主要涉及医疗纠纷处理、医疗机构资质和卫生行政处罚等。" + WJ23_L,
        management="建立政府信息公开审核台账，对拟公开信息实行科室初审、分管领导复审、主要领导终审。"
                   "对医疗机构和从业人员的行政处罚信息，在作出决定后7个工作日内公开。",
        platforms="持续办好县政府网站卫健委专栏和“健康云溪”微信公众号，在各乡镇卫生院设置健康政策公开栏，方便群众就近了解政策。",
        oversight="将政务公开纳入委机关和委属单位年度考核，主动接受群众和媒体监督。" + WJ23_T,
        problems=("医疗卫生领域信息公开不够细化，医疗服务价格等信息更新不及时", "依申请公开答复的法律审核不够严格",
                  "委属单位政务公开工作人员业务培训不足"),
        measures=("细化医疗卫生领域公开清单，每月更新医疗服务价格信息", "所有依申请公开答复书经法律顾问审核后出具",
                  "每半年组织一次委属单位政务公开业务培训"),
        other="2023年度，我委未收取信息处理费。"),
    facts=[*channel_facts(WJ23_P, 412, 356, 98), *request_facts(WJ23_R, 51, 3, 51, 3),
           ("review.count", 4, "件", WJ23_L, 1, None), ("litigation.count", 2, "件", WJ23_L, 1, None),
           ("training.count", 2, "次", WJ23_T, 1, None)])

WJ24_P = "全年通过县政府网站卫健委专栏公开信息465条，通过“健康云溪”微信公众号推送信息402条，通过政务微博发布信息117条。"
WJ24_R = "2024年，我委共收到政府信息公开申请62件，上年结转3件；本年度办结62件，结转下年度继续办理3件。"
WJ24_L = "全年发生政府信息公开行政复议5件、行政诉讼3件。"
WJ24_T = "全年组织政务公开业务培训3次。"
WJ24 = spec(WJ, 2024,
    a={"normative_doc": [2, 3, 25], "license": [1738], "penalty": [104], "enforcement": [9], "fee": [0]},
    b={"new": [45, 8, 0, 3, 4, 2], "carried_over": [1, 1, 0, 0, 1, 0], "result.public": [21, 4, 0, 1, 2, 1],
       "result.partial": [6, 1, 0, 1, 0, 0], "result.withheld.third_party": [3, 0, 0, 0, 0, 0],
       "result.withheld.enforcement_file": [1, 0, 0, 0, 0, 0], "result.withheld.inquiry": [1, 0, 0, 0, 0, 0],
       "result.unavailable.not_held": [8, 2, 0, 1, 1, 1], "result.unavailable.unclear": [1, 0, 0, 0, 0, 0],
       "result.not_processed.petition": [2, 1, 0, 0, 0, 0], "result.not_processed.confirm": [1, 0, 0, 0, 0, 0],
       "result.other.no_correction": [1, 0, 0, 0, 0, 0], "result.other.other": [0, 1, 0, 0, 0, 0],
       "carried_forward": [1, 0, 0, 0, 2, 0]},
    c={"review": [3, 1, 1, 0], "litigation_direct": [1, 1, 0, 0], "litigation_after_review": [1, 0, 0, 0]},
    prose=Prose(
        intro="2024年，县卫生健康委员会坚持以公开促规范、以公开促服务，聚焦“看病就医”等群众关心的热点问题，不断提升政府信息公开质量。",
        proactive="重点公开基本公共卫生服务项目、医疗机构名录、医疗服务价格和卫生健康行政执法等信息。" + WJ24_P,
        requests=WJ24_R + "申请内容主要涉及医疗机构资质、医疗纠纷处理和职业健康检查等。" + WJ24_L,
        management="修订完善《云溪县卫生健康委员会政府信息公开工作规程》，依申请公开答复全部经法律顾问审核后出具。",
        platforms="优化“健康云溪”微信公众号栏目设置，开设“政策问答”专栏，全年发布政策解读图解12期。",
        oversight="将政务公开纳入年度目标考核，对委属单位开展政务公开专项检查1次。" + WJ24_T,
        problems=("医疗卫生领域信息公开仍不够细化，部分医疗机构信息更新滞后", "政策解读形式较为单一，群众易懂的解读产品偏少",
                  "政务新媒体留言回复不够及时"),
        measures=("建立医疗机构信息动态更新机制，每季度核对一次医疗机构名录", "增加图解、短视频等解读形式，重要政策均配发图解",
                  "明确留言回复时限，一般留言3个工作日内回复"),
        other="2024年度，我委未收取信息处理费。"),
    facts=[*channel_facts(WJ24_P, 465, 402, 117), *request_facts(WJ24_R, 62, 3, 62, 3),
           ("review.count", 5, "件", WJ24_L, 1, None), ("litigation.count", 3, "件", WJ24_L, 1, None),
           ("training.count", 3, "次", WJ24_T, 1, None)])

# ---------------------------------------------------------------- 市监局 (county bureau: GB18030; a broken year)
SJ = ("云溪县市场监督管理局", "云溪县市场监督管理局")
SJ23_P = "全年通过县政府网站市场监管专栏公开信息326条，通过“云溪市场监管”微信公众号推送信息289条，通过政务微博发布信息64条。"
SJ23_R = "2023年，我局共收到政府信息公开申请39件，上年结转1件；本年度办结39件，结转下年度继续办理1件。"
SJ23_L = "全年发生政府信息公开行政复议2件、行政诉讼1件。"
SJ23_T = "全年组织政务公开业务培训2次。"
SJ23 = spec(SJ, 2023,
    a={"normative_doc": [1, 0, 8], "license": [2846], "penalty": [236], "enforcement": [31], "fee": [0]},
    b={"new": [27, 9, 0, 0, 2, 1], "carried_over": [0, 1, 0, 0, 0, 0], "result.public": [12, 4, 0, 0, 1, 0],
       "result.partial": [3, 2, 0, 0, 0, 0], "result.withheld.third_party": [2, 1, 0, 0, 0, 0],
       "result.withheld.enforcement_file": [1, 0, 0, 0, 0, 0], "result.unavailable.not_held": [5, 1, 0, 0, 1, 1],
       "result.not_processed.petition": [2, 0, 0, 0, 0, 0], "result.not_processed.mass": [1, 0, 0, 0, 0, 0],
       "result.other.no_correction": [1, 1, 0, 0, 0, 0], "carried_forward": [0, 1, 0, 0, 0, 0]},
    c={"review": [1, 0, 1, 0], "litigation_direct": [0, 0, 0, 1]},
    prose=Prose(
        intro="2023年，云溪县市场监督管理局深入贯彻《中华人民共和国政府信息公开条例》，围绕优化营商环境、食品药品安全和市场秩序监管，"
              "全面推进行政执法信息公开，保障市场主体和群众的知情权、监督权。",
        proactive="重点公开市场主体登记注册、“双随机、一公开”抽查结果、食品安全抽检信息和行政处罚决定等信息。" + SJ23_P,
        requests=SJ23_R + "申请人以个人为主，内容多涉及企业登记档案、投诉举报处理结果和行政处罚案卷。" + SJ23_L,
        management="严格执行行政执法公示制度，行政许可、行政处罚信息自作出决定之日起7个工作日内公开，对涉及商业秘密的内容依法处理。",
        platforms="依托县政府网站市场监管专栏和“云溪市场监管”微信公众号发布信息，在政务服务中心市场监管窗口设置政策资料取阅架。",
        oversight="落实政务公开工作责任制，局主要负责人负总责，办公室牵头、各股室和市场监管所分工负责。" + SJ23_T,
        problems=("“双随机、一公开”抽查结果公开不够及时", "行政处罚信息公开的规范性有待加强，个别决定书要素不全",
                  "政策解读数量偏少，对企业关心的政策解读不够"),
        measures=("抽查结果在检查结束后20个工作日内公开", "统一行政处罚信息公开格式，开展季度自查",
                  "围绕企业开办、食品经营许可等事项制作政策解读"),
        other="2023年度，我局未收取信息处理费。"),
    facts=[*channel_facts(SJ23_P, 326, 289, 64), *request_facts(SJ23_R, 39, 1, 39, 1),
           ("review.count", 2, "件", SJ23_L, 1, None), ("litigation.count", 1, "件", SJ23_L, 1, None),
           ("training.count", 2, "次", SJ23_T, 1, None)])

SJ24_P = "全年通过县政府网站市场监管专栏公开信息351条，通过“云溪市场监管”微信公众号推送信息307条，通过政务微博发布信息71条。"
SJ24_R = "2024年，我局共收到政府信息公开申请48件，上年结转1件；本年度办结48件，结转下年度继续办理1件。"
SJ24_L = "全年发生政府信息公开行政复议3件、行政诉讼1件。"  # table C says 2: the trap
SJ24_T = "全年组织政务公开业务培训4次。"
SJ24_F = ("按照《政府信息公开信息处理费管理办法》，2024年度我局向2名申请人发出收费通知，其中1名申请人按时缴纳，"
          "收取信息处理费100元；另1名申请人逾期未缴纳费用，已终止处理其申请。")
SJ24 = spec(SJ, 2024,
    a={"normative_doc": [2, 1, 9], "license": [3105], "penalty": [268], "enforcement": [27], "fee": [0]},
    b={"new": [33, 11, 1, 0, 3, 0], "carried_over": [0, 1, 0, 0, 0, 0], "result.public": [15, 5, 1, 0, 2, 0],
       "result.partial": [4, 2, 0, 0, 0, 0], "result.withheld.third_party": [2, 1, 0, 0, 0, 0],
       "result.withheld.process": [1, 0, 0, 0, 0, 0], "result.unavailable.not_held": [6, 2, 0, 0, 1, 0],
       "result.unavailable.needs_creation": [1, 0, 0, 0, 0, 0], "result.not_processed.petition": [2, 0, 0, 0, 0, 0],
       "result.other.no_correction": [1, 1, 0, 0, 0, 0], "result.other.no_fee": [1, 0, 0, 0, 0, 0],
       "carried_forward": [0, 1, 0, 0, 0, 0]},
    c={"review": [1, 1, 0, 0], "litigation_direct": [1, 0, 0, 0]},
    prose=Prose(
        intro="2024年，云溪县市场监督管理局以优化营商环境为主线，持续深化市场监管领域政务公开，推动监管规则、执法过程和执法结果全面公开。",
        proactive="重点公开企业开办、食品生产经营许可、产品质量监督抽查和价格监督检查等信息。" + SJ24_P,
        requests=SJ24_R + "申请内容主要涉及企业登记信息、投诉举报处理情况和食品安全抽检结果。" + SJ24_L,
        management="建立行政处罚信息公开台账，对公开期满的行政处罚信息及时撤下，全年撤下到期信息37条。",
        platforms="在县政府网站市场监管专栏新增“双随机抽查结果”子栏目，实现抽查结果集中公开、便于查询。",
        oversight="将政务公开纳入股室和市场监管所年度考核，开展政务公开专项检查2次。" + SJ24_T,
        problems=("“双随机、一公开”抽查结果公开仍不够及时，个别结果延迟公开", "依申请公开办理各环节衔接不够顺畅，个别申请临近期限才答复",
                  "基层市场监管所政务公开工作基础较弱"),
        measures=("把抽查结果公开时限纳入股室考核，逾期未公开的予以通报", "建立依申请公开办理节点提醒制度，实行台账式管理",
                  "组织市场监管所业务骨干集中培训，实行结对指导"),
        other=SJ24_F),
    facts=[*channel_facts(SJ24_P, 351, 307, 71), *request_facts(SJ24_R, 48, 1, 48, 1),
           ("review.count", 3, "件", SJ24_L, 1, None), ("litigation.count", 1, "件", SJ24_L, 1, None),
           ("training.count", 4, "次", SJ24_T, 1, None), ("fee.info_processing", 100, "元", SJ24_F, 6, None)])
SJ24 = replace(SJ24, cells=break_cells(SJ24.cells, "B.column_total"), inconsistencies=("B.column_total", "prose_vs_table"))

# ---------------------------------------------------------------- files

# name → (spec, style, encoding, expected findings, post-processing)
SAMPLES: dict[str, tuple[ReportSpec, str, str]] = {
    "qingshi_2023.txt": (QS23, "tab", "utf-8"),
    "qingshi_2024.txt": (QS24, "tab", "utf-8"),
    "weijian_2023.txt": (WJ23, "pdf", "utf-8"),
    "weijian_2024.txt": (WJ24, "pdf", "utf-8"),
    "shijian_2023_gb18030.txt": (SJ23, "tab", "gb18030"),
    "shijian_2024.txt": (SJ24, "tab", "utf-8"),
}
EXPECTED_FINDINGS: dict[str, list[dict[str, object]]] = {
    "shijian_2024.txt": [
        {"about": "（七）总计 of 自然人 (33) is not the sum of the rows above it (34)",
         "cells": [["B", "result.total", "natural_person"], ["B", "result.public", "natural_person"]]},
        {"about": "the same extra case makes the 总计 column's rows add up to 49, not 48",
         "cells": [["B", "result.total", "total"], ["B", "result.public", "total"]]},
        {"about": "prose says 行政复议3件, table C says 2", "sentence_contains": "行政复议3件",
         "cells": [["C", "review", "total"]]},
    ],
}


def text_of(name: str) -> str:
    s, style, _ = SAMPLES[name]
    text = render_tab(s) if style == "tab" else render_pdftxt(s)
    if name == "qingshi_2024.txt":  # a signature block after section 六, as most reports end
        text += "\n云溪县青石镇人民政府\n\n2025年1月20日\n"
    if name == "weijian_2024.txt":  # a space inside a number, as PDF text layers do
        text = text.replace("⾏政许可 1738", "⾏政许可 1 738")
    return text


def truth(name: str) -> dict[str, object]:
    s, style, encoding = SAMPLES[name]
    t = s.truth()
    return {
        "file": name, "format": "txt", "style": style, "encoding": encoding,
        "agency": s.agency, "agency_raw": s.agency_raw, "region": s.region, "year": s.year, "title": s.title,
        "cells": t["cells"],
        "facts": [{k: f[k] for k in ("metric", "value", "unit", "channel", "sentence", "section")} for f in t["facts"]],  # type: ignore[index,union-attr]
        "commitments": {"problem": len(s.prose.problems), "measure": len(s.prose.measures)},
        "problems": list(s.prose.problems), "measures": list(s.prose.measures),
        "findings": EXPECTED_FINDINGS.get(name, []),
    }


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, (_, _, encoding) in SAMPLES.items():
        (ROOT / "samples" / name).write_bytes(text_of(name).encode(encoding))
        stem = name.removesuffix(".txt")
        (GOLDEN / f"{stem}.truth.json").write_text(
            json.dumps(truth(name), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote samples/{name} ({encoding}) and tests/golden/samples/{stem}.truth.json")


if __name__ == "__main__":
    main()
