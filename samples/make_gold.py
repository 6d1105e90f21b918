"""Write eval/gold/samples.jsonl: questions on the sample reports, answers computed from their specs.

Answers come from the same specs that rendered the samples (samples/build.py), so a gold answer
cannot drift from the sample text; tests/test_samples.py checks each evidence against the files.
Run `python samples/make_gold.py` after changing a sample.
"""

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "samples"), str(ROOT)]

import build as B  # noqa: E402

from ingest.tables.template import TABLE_B  # noqa: E402

S = {"qingshi_2023.txt": B.QS23, "qingshi_2024.txt": B.QS24, "weijian_2023.txt": B.WJ23,
     "weijian_2024.txt": B.WJ24, "shijian_2023_gb18030.txt": B.SJ23, "shijian_2024.txt": B.SJ24}
DOC = {("青石镇", 2023): "qingshi_2023.txt", ("青石镇", 2024): "qingshi_2024.txt",
       ("卫健委", 2023): "weijian_2023.txt", ("卫健委", 2024): "weijian_2024.txt",
       ("市监局", 2023): "shijian_2023_gb18030.txt", ("市监局", 2024): "shijian_2024.txt"}
FULL = {"青石镇": "青石镇", "卫健委": "云溪县卫生健康委员会", "市监局": "云溪县市场监督管理局"}
rows = []
def n(x):
    x = round(float(x), 4)
    return int(x) if x.is_integer() else x
def add(kind, ag, year, q, answer, evidence, doc=None):
    d = doc if doc is not None else (DOC.get((ag, year), "") if year else "")
    rows.append({"id": f"s{len(rows)+1:03d}", "question": q, "answer": answer, "kind": kind,
                 "agency": FULL.get(ag, ag), "year": year, "doc": d, "evidence": evidence})
def cell(ag, year, t, r, c="total"):
    return S[DOC[(ag, year)]].value(t, r, c)
def tn(ag, year, q, t, r, c, label, unit="件"):
    v = cell(ag, year, t, r, c)
    add("table_number", ag, year, q, f"{n(v)}{unit}", label)

tn("青石镇", 2024, "青石镇2024年行政处罚多少件？", "A", "penalty", "decisions", "行政处罚")
tn("青石镇", 2024, "青石镇2024年行政许可处理了多少件？", "A", "license", "decisions", "行政许可")
tn("青石镇", 2024, "青石镇2024年行政事业性收费金额是多少？", "A", "fee", "amount", "行政事业性收费", "万元")
tn("青石镇", 2023, "青石镇2023年行政事业性收费收了多少钱？", "A", "fee", "amount", "行政事业性收费", "万元")
tn("青石镇", 2023, "青石镇2023年作出了几件行政处罚决定？", "A", "penalty", "decisions", "行政处罚")
tn("青石镇", 2024, "青石镇2024年予以公开的申请有多少件？", "B", "result.public", "total", "（一）予以公开")
tn("青石镇", 2024, "青石镇2024年自然人提交了多少件信息公开申请？", "B", "new", "natural_person", "一、本年新收政府信息公开申请数量")
tn("青石镇", 2024, "青石镇2024年有多少申请因为本机关不掌握相关信息而无法提供？", "B", "result.unavailable.not_held", "total", "1.本机关不掌握相关政府信息")
tn("青石镇", 2023, "青石镇2023年结转到下一年继续办理的申请有几件？", "B", "carried_forward", "total", "四、结转下年度继续办理")
tn("青石镇", 2024, "青石镇2024年商业企业申请了几件？", "B", "new", "business", "一、本年新收政府信息公开申请数量")
tn("青石镇", 2024, "青石镇2024年有几起政府信息公开行政诉讼？", "C", "litigation_direct", "total", "未经复议直接起诉")
tn("卫健委", 2024, "卫健委2024年被行政复议几次？", "C", "review", "total", "行政复议")
tn("卫健委", 2023, "卫健委2023年行政复议结果被纠正的有几件？", "C", "review", "corrected", "行政复议")
tn("卫健委", 2023, "卫健委2023年行政许可多少件？", "A", "license", "decisions", "行政许可")
tn("卫健委", 2024, "卫健委2024年行政许可多少件？", "A", "license", "decisions", "行政许可")
tn("卫健委", 2024, "卫健委2024年行政处罚多少件？", "A", "penalty", "decisions", "行政处罚")
tn("卫健委", 2024, "卫健委2024年部分公开的申请有多少件？", "B", "result.partial", "total", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
withheld = sum(S["weijian_2023.txt"].value("B", r.key, "total") for r in TABLE_B.rows if r.key.startswith("result.withheld."))
add("table_number", "卫健委", 2023, "卫健委2023年不予公开的申请一共几件？", f"{n(withheld)}件", "（三）不予公开")
tn("卫健委", 2024, "卫健委2024年法律服务机构提出了几件申请？", "B", "new", "legal_service", "一、本年新收政府信息公开申请数量")
tn("卫健委", 2024, "卫健委2024年未经复议直接起诉的行政诉讼有几件？", "C", "litigation_direct", "total", "未经复议直接起诉")
tn("卫健委", 2023, "卫健委2023年现行有效的行政规范性文件有多少件？", "A", "normative_doc", "in_force", "行政规范性文件")
tn("卫健委", 2024, "卫健委2024年因为属于信访举报投诉类申请而不予处理的有几件？", "B", "result.not_processed.petition", "total", "1.信访举报投诉类申请")
tn("市监局", 2023, "市监局2023年行政处罚多少件？", "A", "penalty", "decisions", "行政处罚")
tn("市监局", 2023, "市监局2023年行政强制多少件？", "A", "enforcement", "decisions", "行政强制")
tn("市监局", 2024, "市监局2024年办了多少件行政许可？", "A", "license", "decisions", "行政许可")
tn("市监局", 2023, "市监局2023年予以公开的申请有多少？", "B", "result.public", "total", "（一）予以公开")
tn("市监局", 2023, "市监局2023年有几件政府信息公开行政复议？", "C", "review", "total", "行政复议")
tn("市监局", 2024, "市监局2024年表三里行政复议总计是多少？", "C", "review", "total", "行政复议")
tn("市监局", 2024, "市监局2024年新收了多少件政府信息公开申请？", "B", "new", "total", "一、本年新收政府信息公开申请数量")
tn("市监局", 2023, "市监局2023年因申请人逾期不补正而不再处理的申请有几件？", "B", "result.other.no_correction", "total", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
tn("市监局", 2024, "市监局2024年科研机构申请了几件？", "B", "new", "research", "一、本年新收政府信息公开申请数量")
tn("市监局", 2024, "市监局2024年有几件申请因申请人逾期未缴纳费用而不再处理？", "B", "result.other.no_fee", "total", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")

def fact(ag, year, metric, channel=None):
    s = S[DOC[(ag, year)]]
    return next(f for f in s.facts if f.metric == metric and (channel is None or f.channel == channel))
def txn(ag, year, q, metric, channel=None):
    f = fact(ag, year, metric, channel)
    add("text_number", ag, year, q, f"{n(f.value)}{f.unit}", f.sentence)
txn("青石镇", 2023, "青石镇2023年收到多少政府信息公开申请？", "requests.received")
txn("青石镇", 2024, "青石镇2024年通过微信公众号推送了多少条信息？", "proactive.items", "微信公众号")
txn("青石镇", 2023, "青石镇2023年在政府网站上公开了多少条信息？", "proactive.items", "政府网站")
txn("青石镇", 2024, "青石镇2024年组织了几次政务公开培训？", "training.count")
txn("青石镇", 2023, "青石镇2023年政务公开培训参训多少人次？", "training.attendance")
txn("卫健委", 2024, "卫健委2024年政务微博发了多少条信息？", "proactive.items", "政务微博")
txn("卫健委", 2023, "卫健委2023年公众号发了多少条信息？", "proactive.items", "微信公众号")
txn("卫健委", 2024, "卫健委2024年收到多少件政府信息公开申请？", "requests.received")
txn("市监局", 2023, "市监局2023年政府网站公开信息多少条？", "proactive.items", "政府网站")
txn("市监局", 2024, "市监局2024年收取了多少信息处理费？", "fee.info_processing")
txn("市监局", 2024, "市监局2024年的报告正文说发生了几件行政复议？", "review.count")
txn("卫健委", 2024, "卫健委2024年结转下年度继续办理的申请有几件？", "requests.carried_forward")
add("text_number", "卫健委", 2024, "卫健委2024年发布了多少期政策解读图解？", "12期", "优化“健康云溪”微信公众号栏目设置，开设“政策问答”专栏，全年发布政策解读图解12期。")
add("text_number", "市监局", 2024, "市监局2024年撤下了多少条到期的行政处罚信息？", "37条", "建立行政处罚信息公开台账，对公开期满的行政处罚信息及时撤下，全年撤下到期信息37条。")
add("text_number", "青石镇", 2023, "青石镇在多少个行政村设置了村务公开栏？", "12个", "以县政府网站镇级专栏为主平台，以“青石发布”微信公众号和政务微博为补充，在镇便民服务中心设置政府信息查阅点，在12个行政村设置村务公开栏，形成线上线下相结合的公开体系。")

add("text_fact", "青石镇", 2024, "青石镇2024年有没有收取信息处理费？", "没有收取", "2024年度，我镇未收取信息处理费。")
add("text_fact", "卫健委", 2023, "卫健委2023年收没收信息处理费？", "没有收取", "2023年度，我委未收取信息处理费。")
add("text_fact", "市监局", 2024, "市监局2024年有没有收取信息处理费？", "收取了，100元", B.SJ24_F)
add("text_fact", "青石镇", 2024, "青石镇2024年通过哪些渠道公开政府信息？", "政府网站青石镇专栏、“青石发布”微信公众号、政务微博", B.QS24_P)
add("text_fact", "卫健委", 2024, "卫健委的微信公众号叫什么？", "健康云溪", B.WJ24_P)
add("text_fact", "市监局", 2024, "市监局2024年的信息公开申请主要涉及哪些内容？", "企业登记信息、投诉举报处理情况和食品安全抽检结果", "申请内容主要涉及企业登记信息、投诉举报处理情况和食品安全抽检结果。")
add("text_fact", "青石镇", 2023, "青石镇2023年的申请主要涉及什么？", "土地征收补偿、惠农补贴发放和村庄规划", "申请内容主要涉及土地征收补偿、惠农补贴发放和村庄规划等方面。")

def items(xs): return "；".join(xs)
add("commitment", "卫健委", 2023, "卫健委2023年提出了哪些改进措施？", items(B.WJ23.prose.measures), "一是" + B.WJ23.prose.measures[0])
add("commitment", "青石镇", 2023, "青石镇2023年报告指出了哪些问题？", items(B.QS23.prose.problems), "一是" + B.QS23.prose.problems[0])
add("commitment", "青石镇", 2024, "青石镇2023年说的村级公开栏更新不及时的问题，2024年还存在吗？", "仍存在", "一是" + B.QS24.prose.problems[0])
add("commitment", "卫健委", 2024, "卫健委2024年还在说医疗卫生领域信息公开不够细化的问题吗？", "是，仍存在", "一是" + B.WJ24.prose.problems[0])
add("commitment", "市监局", 2023, "市监局2023年存在哪些主要问题？", items(B.SJ23.prose.problems), "一是" + B.SJ23.prose.problems[0])
add("commitment", "市监局", 2024, "市监局2024年提出了几条改进措施？", f"{len(B.SJ24.prose.measures)}条", "一是" + B.SJ24.prose.measures[0])
add("commitment", "市监局", 2024, "市监局2023年提出的“双随机、一公开”抽查结果公开不及时的问题，2024年解决了吗？", "没有，仍存在", "一是" + B.SJ24.prose.problems[0])
add("commitment", "卫健委", 2024, "卫健委2024年针对留言回复不及时提出了什么措施？", B.WJ24.prose.measures[2], "三是" + B.WJ24.prose.measures[2])
add("commitment", "青石镇", 2024, "青石镇2024年打算怎么解决公开栏更新不及时的问题？", B.QS24.prose.measures[0], "一是" + B.QS24.prose.measures[0])

def diff(ag, q, t, r, c, label, unit="件"):
    a, b = cell(ag, 2023, t, r, c), cell(ag, 2024, t, r, c)
    add("compare", ag, 2024, q, f"{n(b - a)}{unit}", label)
diff("青石镇", "青石镇2024年比2023年申请数量增加了多少？", "B", "new", "total", "一、本年新收政府信息公开申请数量")
diff("卫健委", "卫健委2024年的行政处罚比2023年多了多少件？", "A", "penalty", "decisions", "行政处罚")
diff("市监局", "市监局2024年收到的申请比2023年多了几件？", "B", "new", "total", "一、本年新收政府信息公开申请数量")
diff("青石镇", "青石镇2024年的行政复议比2023年多几件？", "C", "review", "total", "行政复议")
diff("市监局", "市监局2024年行政许可比2023年增加了多少件？", "A", "license", "decisions", "行政许可")
tot = cell("卫健委", 2023, "B", "new", "total") + cell("卫健委", 2024, "B", "new", "total")
add("compare", "卫健委", 2024, "卫健委2023年和2024年一共收到多少件信息公开申请？", f"{n(tot)}件", "一、本年新收政府信息公开申请数量")
a, b = cell("卫健委", 2024, "B", "new", "total"), cell("市监局", 2024, "B", "new", "total")
add("compare", "卫健委", 2024, "2024年卫健委和市监局谁收到的信息公开申请更多？", f"卫健委（{n(a)}件，市监局{n(b)}件）", "一、本年新收政府信息公开申请数量")
diff("青石镇", "青石镇2024年的行政事业性收费比2023年多了多少？", "A", "fee", "amount", "行政事业性收费", "万元")

for ag, year, q in [("青石镇", None, "青石镇镇长叫什么名字？"), ("青石镇", 2021, "青石镇2021年收到多少政府信息公开申请？"),
                    ("云溪县教育局", 2024, "云溪县教育局2024年行政处罚多少件？"), ("卫健委", 2024, "卫健委2024年的财政预算是多少？"),
                    ("市监局", 2022, "市监局2022年被行政复议了几次？"), ("青石镇", 2024, "青石镇2024年有多少名政务公开工作人员？"),
                    ("柳河镇", 2023, "柳河镇2023年收到多少信息公开申请？"), ("卫健委", 2025, "卫健委2025年行政许可多少件？")]:
    add("unanswerable", ag, year, q, "拒答", "", doc=DOC.get((ag, year), ""))

with (ROOT / "eval" / "gold" / "samples.jsonl").open("w", encoding="utf-8") as fh:
    for r in rows:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(rows), Counter(r["kind"] for r in rows))
