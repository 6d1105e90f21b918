"""The words of a synthetic report, with the numbers it states recorded as they are written.

Prose is drawn from small pools of plausible sentences (written for gongkai, not taken from any
real report) so that retrieval has varied text to work on, while every number the prose states is
recorded as a `FactSpec` with the exact sentence: the facts extractor's known truth.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

CellKey = tuple[str, str, str]


@dataclass(frozen=True)
class FactSpec:
    """A number the prose states; `sentence` occurs verbatim in the rendered report."""

    metric: str
    value: float
    unit: str
    sentence: str
    section: int
    channel: str | None = None


@dataclass(frozen=True)
class Prose:
    """The report's words: the five subsections of 一, the commitments of 五, and 六."""

    intro: str
    proactive: str
    requests: str
    management: str
    platforms: str
    oversight: str
    problems: tuple[str, ...]
    measures: tuple[str, ...]
    other: str


# Problem i is answered by measure i.
PROBLEMS = (
    "政策解读形式较为单一，图表、音视频等解读方式运用不多",
    "基层公开栏更新不够及时，部分信息发布滞后",
    "工作人员业务水平参差不齐，专业培训有待加强",
    "依申请公开答复文书的规范性还需提高",
    "重点领域信息公开的深度和广度仍有不足",
    "政务新媒体互动回应不够及时，留言办理周期偏长",
    "公开目录更新维护不够及时，个别栏目内容偏少",
    "主动公开信息的检索和归类不够便捷",
    "对下级单位政务公开工作的指导检查力度不够",
    "公开信息的保密审查和个人隐私保护流程还需细化",
)
MEASURES = (
    "丰富政策解读形式，更多采用图解、短视频和问答等方式解读重要政策",
    "建立公开栏定期更新台账，明确专人负责，确保信息发布及时",
    "定期组织政务公开业务培训，提升工作人员业务能力",
    "规范依申请公开答复文书格式，落实法律顾问审核制度",
    "围绕重点领域细化公开清单，及时公开群众关心的信息",
    "健全政务新媒体留言办理机制，缩短回复周期",
    "每季度对公开目录进行梳理更新，充实栏目内容",
    "优化网站栏目设置和站内检索功能，方便群众查找信息",
    "加强对下级单位的业务指导，定期通报检查结果",
    "完善发布前保密审查流程，严格落实个人信息脱敏处理",
)

_INTRO = (
    "{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“以公开为常态、不公开为例外”，"
    "围绕中心工作扎实推进政务公开，切实保障群众的知情权、参与权、表达权和监督权。",
    "{year}年，{name}在县委、县政府的领导下，把政府信息公开作为建设法治政府的重要抓手，"
    "不断完善工作机制，拓宽公开渠道，政府信息公开工作稳步推进。",
)
_MANAGEMENT = (
    "严格执行信息发布“三审”制度，坚持先审后发，全年未发生泄密和发布错误信息的情况。",
    "对本单位现行有效的规范性文件进行清理，及时更新政府信息公开目录，做到应公开尽公开。",
    "建立信息公开台账，对公开事项实行登记管理，确保公开信息可查询、可追溯。",
)
_PLATFORMS = (
    "以县政府门户网站为第一平台，同步运用政务新媒体和线下公开栏，形成线上线下互为补充的公开格局。",
    "进一步规范网站栏目设置，及时更新微信公众号内容，并在服务大厅设置政府信息查阅点。",
)
_OVERSIGHT = (
    "将政务公开纳入年度目标考核，主要负责人亲自过问，分管负责人具体抓落实。",
    "建立健全政务公开工作责任制，主动接受社会监督，全年未发生政务公开责任追究情况。",
)


def _self(kind: str, short: str) -> str:
    if kind == "department":
        return "我委" if short.endswith("委员会") else "我局"
    return {"subdistrict": "我街道", "township": f"我{short[-1]}"}.get(kind, "本机关")


def make_prose(
    rng: random.Random,
    short: str,
    kind: str,
    year: int,
    cells: Mapping[CellKey, float | None],
    problems: Sequence[int],
    *,
    review_shift: int = 0,
) -> tuple[Prose, list[FactSpec]]:
    """Prose stating the table's numbers (review count shifted by `review_shift` to contradict it)."""
    me = _self(kind, short)
    facts: list[FactSpec] = []

    web, wx, wb = rng.randint(20, 400), rng.randint(10, 300), rng.randint(0, 80)
    channels = [("政府网站", web, f"通过政府网站发布信息{web}条"), ("微信公众号", wx, f"通过微信公众号推送信息{wx}条")]
    if wb:
        channels.append(("政务微博", wb, f"通过政务微博发布信息{wb}条"))
    proactive = f"全年{me}" + "，".join(c[2] for c in channels) + "。"
    facts += [FactSpec("proactive.items", n, "条", proactive, 1, ch) for ch, n, _ in channels]

    def v(t: str, r: str, c: str = "total") -> int:
        return int(cells.get((t, r, c)) or 0)

    new, done, fwd = v("B", "new"), v("B", "result.total"), v("B", "carried_forward")
    if new:
        requests = (f"{year}年，{me}共收到政府信息公开申请{new}件，本年度办结{done}件，"
                    f"结转下年度继续办理{fwd}件。")
        facts += [FactSpec("requests.received", new, "件", requests, 1),
                  FactSpec("requests.completed", done, "件", requests, 1)]
    else:
        requests = f"{year}年，{me}未收到政府信息公开申请。"
    review = v("C", "review") + review_shift
    suits = v("C", "litigation_direct") + v("C", "litigation_after_review")
    if review or suits:
        legal = f"全年发生政府信息公开行政复议{review}件、行政诉讼{suits}件。"
        facts += [FactSpec("review.count", review, "件", legal, 1), FactSpec("litigation.count", suits, "件", legal, 1)]
    else:
        legal = "全年未发生政府信息公开行政复议、行政诉讼案件。"
    trainings = rng.randint(1, 4)
    training = f"全年组织政务公开业务培训{trainings}次。"
    facts.append(FactSpec("training.count", trainings, "次", training, 1))

    if new and rng.random() < 0.2:
        amount = rng.choice([20, 50, 100, 150])
        other = f"{year}年度，{me}依法收取信息处理费{amount}元。"
        facts.append(FactSpec("fee.info_processing", amount, "元", other, 6))
    else:
        other = f"{year}年度，{me}未收取信息处理费。"
    prose = Prose(
        intro=rng.choice(_INTRO).format(year=year, name=short),
        proactive="坚持把主动公开作为政府信息公开的主渠道，重点公开财政预决算、重大项目和民生政策等信息。" + proactive,
        requests=requests + legal,
        management=rng.choice(_MANAGEMENT),
        platforms=rng.choice(_PLATFORMS),
        oversight=rng.choice(_OVERSIGHT) + training,
        problems=tuple(PROBLEMS[i] for i in problems),
        measures=tuple(MEASURES[i] for i in problems),
        other=other,
    )
    return prose, facts
