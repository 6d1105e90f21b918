"""Agency names as structure: a region path and an organisation, for ingest and `qa/` alike.

Reports and people name one agency many ways: 杭州市公安局滨江区分局 and 滨江区公安分局, 鲁山县背孜乡
and 背孜乡人民政府, 市人社局 inside a report whose title names the city. `parse_agency` reads a name
into an `Agency` (the divisions written in front, what kind of body it is, its organisation) or
returns None when the words are not an agency's name at all — a sentence fragment such as
“在泰州市” or “公开工作年度报告” must never become an agency. `Agency.key` is the canonical string
the stores and the answerer meet on:

- a township (乡, 镇, 街道, 苏木) is named by itself (背孜乡): unique enough within a county, and
  reports often leave the county out; the division above is kept beside it as the region;
- the government of a division is the division (鲁山县人民政府 → 鲁山县);
- a government office keeps its division (龙游县人民政府办公室);
- a department keeps the nearest division (鲁山县卫生健康委员会), everyday short forms expanded
  (卫健委 → 卫生健康委员会), a city bureau's branch named after its district (滨江区公安分局);
- without any division a department stays bare (人力资源和社会保障局, region unknown).

Division names come from the adcode table that the `cpca` package ships (provinces, cities,
counties): it says that 滨江区 is in 杭州市, 浙江省, and recognises short forms (临夏州 for
临夏回族自治州). The package's own API needs `pkg_resources`, so only its data file is read.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ingest.normalise import normalise_chars, to_simplified

UNKNOWN_AGENCY = "未知机关"
Kind = Literal["government", "office", "department", "township"]

# Everyday short forms of department names → the full form agencies print in titles.
SHORT_FORMS = {
    "卫健委": "卫生健康委员会", "卫生健康委": "卫生健康委员会", "卫计委": "卫生健康委员会",
    "卫健局": "卫生健康局", "发改委": "发展和改革委员会", "发展改革委": "发展和改革委员会",
    "发改局": "发展和改革局", "教体局": "教育体育局", "住建局": "住房和城乡建设局",
    "人社局": "人力资源和社会保障局", "人力社保局": "人力资源和社会保障局",
    "市监局": "市场监督管理局", "市场监管局": "市场监督管理局", "自规局": "自然资源和规划局",
    "交通局": "交通运输局", "文广旅局": "文化广电和旅游局", "文旅局": "文化和旅游局",
    "应急局": "应急管理局", "医保局": "医疗保障局", "退役军人局": "退役军人事务局",
    "政数局": "政务服务和大数据管理局", "工信局": "工业和信息化局", "国资局": "国有资产监督管理局",
    "国资委": "国有资产监督管理委员会", "科工局": "科学技术和工业信息化局", "环保局": "生态环境局",
    "林草局": "林业和草原局", "资规局": "自然资源和规划局", "住建委": "住房和城乡建设委员会",
    "交运局": "交通运输局", "民宗局": "民族宗教事务局", "城管局": "城市管理局", "农业局": "农业农村局",
    "政府办": "人民政府办公室", "政府办公室": "人民政府办公室", "政府办公厅": "人民政府办公厅",
    # a province's departments, as people say them (every province's carries the full name)
    "交通厅": "交通运输厅", "人社厅": "人力资源和社会保障厅", "住建厅": "住房和城乡建设厅",
    "工信厅": "工业和信息化厅", "科技厅": "科学技术厅", "文旅厅": "文化和旅游厅", "应急厅": "应急管理厅",
    "机关事务局": "机关事务管理局",
}
# Short forms said of more than one full name (天津's 住房和建设委员会 is a 住建委 too), for matching only.
ALSO_SHORT = {"住建委": "住房和建设委员会", "住建局": "住房和城乡建设管理局"}
GOV_SUFFIXES = ("人民政府", "政府", "管理委员会", "管委会")
_OFFICE = re.compile(r"^(?:人民)?政府办(?:公室|公厅)?$|^办公[室厅]$")
_TOWNSHIP = re.compile(r"^(.{1,8}?)(街道办事处|街道|苏木|乡|镇)(?:人民政府|政府|办事处)?$")
_DEPARTMENT_END = ("局", "委员会", "委", "厅", "部", "署", "办", "中心", "办公室", "管理处", "支队", "总队")
_BRANCH = re.compile(r"^(.{1,12}?局)(.{1,6}?)(区|县|市)?分局$")
_ZONE = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|"
                   r"综合实验区|示范区|新区|试验区|实验区)")
_ZONE_KINDS = ("经济技术开发区", "高新技术产业开发区", "经济开发区", "高新区", "开发区", "综合实验区", "示范区", "新区",
               "试验区", "实验区")
_NOT_ZONE_HEAD = re.compile(r"通过|经过|按照|依托|利用|借助|所在|全|各|本|该|我")
_GENERIC_DIVISION = re.compile(r"^[\u4e00-\u9fff]{2,4}?(?:市|县|区|旗)")
# Characters that occur in sentence fragments but hardly ever in an agency's name.
_FRAGMENT = re.compile(r"[在的于将与对是了及等向把被让我该这那年月日,，。:：;；、《》“”\"（）()\s]"
                       r"|根据|关于|做好|现将|公开|报告|工作|情况|领导|坚持|认真")
_PREFIXES = ("国家税务总局",)
_PLACEHOLDERS = frozenset({"市辖区", "县", "自治区直辖县级行政区划", "省直辖县级行政区划"})


@dataclass(frozen=True)
class Agency:
    """One agency name read as structure (see the module docstring for `key`)."""

    regions: tuple[str, ...]  # the divisions written in front, outermost first (平顶山市, 鲁山县)
    kind: Kind
    org: str  # 人民政府 / 人民政府办公室 / a department (公安局) / the township's name (背孜乡)
    branch: bool = False  # a city bureau's 分局, named after its district
    implied: str | None = None  # 市 in 市人社局: a level named without its name

    @property
    def key(self) -> str:
        leaf = self.regions[-1] if self.regions else ""
        if self.kind == "township":
            return self.org
        if self.kind == "government":
            return leaf
        if self.branch:
            return leaf + self.org.removesuffix("局") + "分局"
        return leaf + self.org

    @property
    def region(self) -> str | None:
        """The division written next above the agency: the county of a township or department."""
        if self.kind == "government":
            return self.regions[-2] if len(self.regions) > 1 else None
        return self.regions[-1] if self.regions else None

    @property
    def complete(self) -> bool:
        """Whether the name says whose it is (a bare 市人社局 or 人民政府 does not)."""
        return self.kind == "township" or bool(self.regions)


@dataclass(frozen=True)
class _Division:
    code: str  # 12-digit adcode
    name: str


@lru_cache(maxsize=1)
def _divisions() -> tuple[dict[str, list[_Division]], dict[str, _Division]]:
    """name (and short form) → divisions, and code → division, from cpca's adcode table."""
    spec = importlib.util.find_spec("cpca")
    by_name: dict[str, list[_Division]] = {}
    by_code: dict[str, _Division] = {}
    if spec is None or not spec.submodule_search_locations:
        return by_name, by_code
    folder = Path(next(iter(spec.submodule_search_locations))) / "resources"
    nations = [n.strip() for n in (folder / "56_nations.csv").read_text(encoding="utf-8").split() if n.strip()]
    with (folder / "adcodes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            d = _Division(row["adcode"], row["name"])
            by_code[d.code] = d
            for alias in _aliases(d.name, nations):
                by_name.setdefault(alias, []).append(d)
    return by_name, by_code


def _aliases(name: str, nations: list[str]) -> set[str]:
    names = {name}
    for suffix, short in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(suffix):
            stem = name.removesuffix(suffix)
            for n in sorted(nations, key=len, reverse=True):
                stem = stem.replace(n, "")
            if len(stem) >= 2:
                names.add(stem + short)
    if name.endswith("地区") and len(name) > 4:
        names.add(name.removesuffix("地区"))
    return names


def known_division(name: str) -> bool:
    """Whether the adcode table (or the form of a development zone) knows this division's name."""
    if name in _divisions()[0]:
        return True
    zone = _ZONE.fullmatch(name)
    head = name[: len(name) - len(next(z for z in _ZONE_KINDS if name.endswith(z)))] if zone else ""
    # 西咸新区, 平潭综合实验区 — not 通过新区 (a verb before the word) or a bare 新区
    return bool(zone) and len(head) >= 2 and not _FRAGMENT.search(head) and not _NOT_ZONE_HEAD.search(head)


def _contains_division(text: str) -> bool:
    by_name, _ = _divisions()
    return any(text[i : i + n] in by_name for n in range(3, 13) for i in range(len(text) - n + 1))


def _match_division(text: str) -> str | None:
    """The division name at the start of `text`: the longest known one, a zone, or a generic one."""
    by_name, _ = _divisions()
    for n in range(min(12, len(text)), 1, -1):
        if text[:n] in by_name:
            return text[:n]
    m = _ZONE.match(text)
    if m:
        return m.group(0)
    m = _GENERIC_DIVISION.match(text)
    if m and not _FRAGMENT.search(m.group(0)) and text[m.end():m.end() + 1] not in ("级", "委", "直", "属"):
        return m.group(0)
    return None


def _full_name(division: str) -> str:
    """临夏州 → 临夏回族自治州: a short form written for a division the table knows by one name."""
    by_name, _ = _divisions()
    found = {d.name for d in by_name.get(division, [])}
    return found.pop() if len(found) == 1 else division


def clean_name(name: str) -> str:
    """A name without spaces, look-alike characters or a parenthesised gloss."""
    text = re.sub(r"\s+", "", to_simplified(normalise_chars(name)))
    return re.sub(r"[(（][^)）]*[)）]$", "", text)


def _split(text: str) -> tuple[list[str], str]:
    divisions: list[str] = []
    rest = text
    while rest:
        d = _match_division(rest)
        if d is None or (_TOWNSHIP.match(rest) and len(rest) - len(d) < 2 and not d.endswith(("县", "市", "旗", "区"))):
            break
        divisions.append(_full_name(d))
        rest = rest[len(d):]
    child = _child_stem(rest, divisions)
    if child:
        divisions.append(child[0])
        rest = rest[child[1]:]
    return divisions, rest


def _child_stem(rest: str, divisions: list[str]) -> tuple[str, int] | None:
    """威海市文登人民政府办公室 → 文登区: a county or district written without its suffix, right after
    the city that contains it (the reports' own slips)."""
    if not divisions:
        return None
    by_name, _ = _divisions()
    parents = [d.code for d in by_name.get(divisions[-1], [])]
    for n in (3, 2):
        for suffix in ("区", "县", "市"):
            if any(_contains(p, d.code) for p in parents for d in by_name.get(rest[:n] + suffix, [])):
                return rest[:n] + suffix, n
    return None


def _department(rest: str) -> str | None:
    rest = SHORT_FORMS.get(rest, rest)
    if not rest.endswith(_DEPARTMENT_END) or len(rest) > 22 or len(rest) < 2:
        return None
    if _FRAGMENT.search(rest):
        return None
    if rest in ("局", "委", "部", "厅", "办", "中心", "委员会") or _contains_division(rest):
        return None
    return rest


def parse_agency(name: str) -> Agency | None:
    """The structure of an agency's name, or None when it is not one ('在泰州市', '年度报告')."""
    text = clean_name(name)
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix)
    if not text or len(text) > 40:
        return None
    if text.endswith("人民"):
        text += "政府"  # a title cut before 政府信息公开: 合水镇人民|政府信息公开…
    divisions, rest = _split(text)
    implied = None
    if not divisions and rest[:1] in ("省", "市", "县", "区", "州") and len(rest) > 2:
        implied, rest = rest[0], rest[1:]
        rest = rest.removeprefix("政府") if rest != "政府" and not rest.startswith("政府办") else rest
    if rest in ("", *GOV_SUFFIXES, "人民政府机关", "机关", "办事处"):
        if not divisions:
            return None
        return Agency(tuple(divisions), "government", "人民政府")
    m = _TOWNSHIP.match(rest)
    if m and not _FRAGMENT.search(m.group(1)):
        kind_word = "街道" if m.group(2).startswith("街道") else m.group(2)
        return Agency(tuple(divisions), "township", m.group(1) + kind_word)
    if _OFFICE.match(rest):
        org = "人民政府办公厅" if rest.endswith("厅") else "人民政府办公室"
        return Agency(tuple(divisions), "office", org, implied=implied)
    b = _BRANCH.match(rest)
    if b and divisions and _department(b.group(1)):
        district = _resolve_stem(b.group(2) + (b.group(3) or ""), divisions)
        return Agency((*divisions, district), "department", _department(b.group(1)) or b.group(1), branch=True)
    if rest.endswith("分局") and _department(rest.removesuffix("分局") + "局"):
        return Agency(tuple(divisions), "department", rest.removesuffix("分局") + "局", branch=True, implied=implied)
    org = _department(rest)
    if org is None:
        return None
    return Agency(tuple(divisions), "department", org, implied=implied)


def _resolve_stem(stem: str, divisions: list[str]) -> str:
    """郧阳 under 十堰市 → 郧阳区: a district named without its suffix, completed from the table."""
    if stem.endswith(("区", "县", "市")):
        return stem
    by_name, _ = _divisions()
    parents = {d.code[:4] for d in by_name.get(divisions[-1], [])}
    for suffix in ("区", "县", "市"):
        if any(d.code[:4] in parents for d in by_name.get(stem + suffix, [])):
            return stem + suffix
    return stem + "区"


def region_path(agency: Agency) -> tuple[str, ...]:
    """Province / city / county of the agency's divisions where the table decides them uniquely,
    else the divisions as written (和平区 alone could be Tianjin's or Shenyang's)."""
    by_name, by_code = _divisions()
    if not agency.regions:
        return ()
    candidates = by_name.get(agency.regions[-1], [])
    for outer in agency.regions[:-1]:
        outer_codes = [d.code for d in by_name.get(outer, [])]
        if outer_codes:
            candidates = [c for c in candidates if any(_contains(o, c.code) for o in outer_codes)]
    if len(candidates) != 1:
        return agency.regions
    code = candidates[0].code
    levels = (code[:2] + "0" * 10, code[:4] + "0" * 8, code[:6] + "0" * 6)
    names = (by_code[c].name for c in levels if c in by_code)
    return tuple(dict.fromkeys(n for n in names if n not in _PLACEHOLDERS and "直辖" not in n))


def _contains(outer: str, inner: str) -> bool:
    """Whether adcode `outer` is a strict ancestor of adcode `inner`."""
    stripped = outer.rstrip("0")
    level = 2 if len(stripped) <= 2 else 4 if len(stripped) <= 4 else 6
    return inner != outer and inner[:level] == outer[:level]


def same_org(a: str, b: str) -> bool:
    """住建委 and 住房和建设委员会, 人力社保局 and 人力资源和社会保障局: one organisation's name is an
    abbreviation of the other's (the same first and last character, the shorter one's characters in order)."""
    if a == b:
        return True
    short, full = sorted((re.sub("委员会$", "委", a), re.sub("委员会$", "委", b)), key=len)
    if short[0] != full[0] or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def compatible(a: Agency, b: Agency) -> bool:
    """Whether two names can be the same body: the same kind and organisation, and regions that do
    not contradict each other (one may name fewer divisions than the other)."""
    if a.kind != b.kind or not same_org(a.org, b.org):
        return False
    pa, pb = set(region_path(a)) | set(a.regions), set(region_path(b)) | set(b.regions)
    if a.branch != b.branch and not (pa and pb):
        return False
    leaf_a, leaf_b = (a.regions[-1] if a.regions else None), (b.regions[-1] if b.regions else None)
    if leaf_a and leaf_b and leaf_a != leaf_b:
        return leaf_a in pb and a.kind == "township" or leaf_b in pa and b.kind == "township"
    return True


def canonical_agency(name: str) -> tuple[str, str | None]:
    """'鲁山县背孜乡人民政府' → ('背孜乡', '鲁山县'); a name that is no agency's stays as written."""
    agency = parse_agency(name)
    if agency is None:
        cleaned = clean_name(name)
        return cleaned, None
    return agency.key, agency.region


def same_agency(a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    """Whether two canonical (agency, region) pairs name the same body: a region written in one
    report and left out in another must not split an agency in two; two written regions must agree."""
    return a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1])
