"""The names people write for one agency, from its official name (ingest.agencies reads its structure).

One official name, many written forms: 杭州市公安局滨江区分局 is also 滨江区公安分局, 滨江公安分局 and
杭州滨江区公安分局; 临夏回族自治州公安局 is 临夏州公安局 and, as its public account, “临夏公安”;
赣州经济技术开发区凤岗镇 is 赣州经开区凤岗镇. `qa.catalogue` indexes these forms for every stored agency
and decides which of them an agency may keep (a short account name only where no other agency has it).
"""

from __future__ import annotations

import functools
import re

from ingest.agencies import ALSO_SHORT, SHORT_FORMS, parse_agency, region_path

_SHORT_OF: dict[str, set[str]] = {}
for _short, _full in (*SHORT_FORMS.items(), *ALSO_SHORT.items()):
    _SHORT_OF.setdefault(_full, set()).add(_short)


@functools.lru_cache(maxsize=4096)
def division_stem(division: str) -> str | None:
    """洪泽区 → 洪泽, 平潭综合实验区 → 平潭, 江苏省 → 江苏, and an autonomous division without its
    peoples (临夏回族自治州 → 临夏, 秀山土家族苗族自治县 → 秀山): how people name a division without its
    suffix."""
    autonomous = _autonomous_short(division)
    if autonomous:
        return autonomous[:-1]
    m = re.match(r"^(.{2,}?)(?:(?:壮族|回族|维吾尔)?自治区|综合实验区|经济技术开发区|高新区|新区|市|县|区|旗|省)$", division)
    return m.group(1) if m and len(m.group(1)) >= 2 else None


@functools.lru_cache(maxsize=4096)
def _autonomous_short(division: str) -> str | None:
    """临夏回族自治州 → 临夏州, 秀山土家族苗族自治县 → 秀山县: the short form the division table knows
    for an autonomous prefecture, county or banner (the stem without its peoples, and 州/县/旗)."""
    for long, short in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
        if division.endswith(long):
            for k in range(2, len(division) - len(long)):
                agency = parse_agency(division[:k] + short + "人民政府")
                if agency is not None and agency.regions == (division,):
                    return division[:k] + short
    return None


# How a development zone is written, long and short (赣州经开区 = 赣州经济技术开发区).
_ZONE_FORMS = (("经济技术开发区", "经开区"), ("高新技术产业开发区", "高新区"), ("经济开发区", "经开区"))


def _forms(division: str) -> set[str]:
    """A division as people write it: as stored, and a zone with its kind word long or short."""
    forms = {division}
    for long, short in _ZONE_FORMS:
        if division.endswith(long):
            forms.add(division.removesuffix(long) + short)
        elif division.endswith(short) and len(division) > len(short) + 1:
            forms.add(division.removesuffix(short) + long)
    if (autonomous := _autonomous_short(division)) is not None:
        forms.add(autonomous)
    return forms


def structured_aliases(raw: str) -> set[str]:
    """The names people use for the agency an official name reads as (ingest.agencies): with and
    without its city or province, with 政府/人民政府, short department forms (杭州市卫健委), a city
    bureau's branch both ways (杭州市公安局滨江区分局 = 滨江区公安分局)."""
    agency = parse_agency(raw)
    if agency is None:
        return set()
    path = tuple(dict.fromkeys((*region_path(agency), *agency.regions)))
    leaf = agency.regions[-1] if agency.regions else ""
    outer = [f for d in path if d != leaf for f in _forms(d)]
    leaves = _forms(leaf) if leaf else set()
    names = {agency.key}
    orgs = {agency.org, *_SHORT_OF.get(agency.org, ())}
    if agency.kind == "government" and leaf:
        bases = leaves | set(filter(None, [division_stem(leaf)]))
        names |= {b + s for b in bases for s in ("", "政府", "人民政府")} | {o + lf for o in outer for lf in leaves}
    elif agency.kind == "office" and leaf:
        tails = ("人民政府办公室", "政府办公室", "政府办", "人民政府办公厅", "政府办公厅") if agency.org.endswith("室") \
            else ("人民政府办公厅", "政府办公厅", "人民政府办公室", "政府办公室")
        names |= {lf + t for lf in leaves for t in tails} | {o + leaf + t for o in outer for t in tails[:2]}
    elif agency.kind == "department":
        for org in orgs:
            stem = division_stem(leaf) if leaf else None
            if agency.branch and leaf:
                core = org.removesuffix("局")
                names |= {lf + core + "分局" for lf in (*leaves, *filter(None, [stem]))}  # 滨江区公安分局, 滨江公安分局
                names |= {o + org + leaf + "分局" for o in outer[-1:]}
            elif leaf:
                names |= {lf + org for lf in leaves} | {o + lf + org for o in outer for lf in leaves}
                if stem:
                    names.add(stem + org)  # 义乌交通运输局
                if stem and len(stem) >= 3 and leaf.endswith("市"):
                    names.add(stem[0] + "市" + org)  # 哈市商务局 for 哈尔滨市's, as 呼市 and 乌市 are said
                if len(org) >= 4:
                    names.add(org)  # 市场监督管理局 alone: fits when one such bureau is stored
            elif len(org) >= 3:
                names.add(org)
    elif agency.kind == "township":
        names |= {o + agency.org for d in path for o in _forms(d)}
    return {n for n in names if len(n) >= 2}


_ZONE_ENDS = ("开发区", "高新区", "经开区", "示范区", "新区", "实验区", "试验区")
_CORE_END = re.compile(r"(?:委员会|局|厅|委)$")


@functools.lru_cache(maxsize=65536)
def account_names(raw: str) -> frozenset[str]:
    """“衢州交通”, “泰州民政”, “临夏公安”: a department as its public accounts (微信公众号, 微博) and
    people call it — its place's stem and the organisation's core word (the name without 局/厅/委).
    Short enough to be another body's too, so the catalogue gives them only where one stored agency
    has them and no stored agency has them as a name of its own."""
    agency = parse_agency(raw)
    if agency is None or agency.kind != "department" or not agency.regions:
        return frozenset()
    leaf = agency.regions[-1]
    if leaf.endswith(_ZONE_ENDS):
        return frozenset()  # 赣州经开区 is not 赣州: a zone's stem names its city
    stem = division_stem(leaf)
    if stem is None:
        return frozenset()
    cores = {_CORE_END.sub("", org) for org in (agency.org, *_SHORT_OF.get(agency.org, ()))}
    return frozenset(stem + c for c in cores if 2 <= len(c) <= 4 and not c.endswith("分"))


_GOVERNMENT_OFFICE = re.compile(r"^(?P<division>.+?[县市区旗州])(?:人民)?政府办公[室厅]$")


@functools.lru_cache(maxsize=65536)
def government_names(raw: str) -> frozenset[str]:
    """The names of the government a 县/市人民政府办公室 (办公厅) reports for: a county's annual report
    is often published by its government office (浑源县人民政府办公室, kind county_gov), and people ask
    for it as 浑源县 or 浑源县政府. The catalogue gives these names to the office only where no stored
    agency has them (the government's own report, when stored, keeps them)."""
    m = _GOVERNMENT_OFFICE.match(raw)
    return frozenset(structured_aliases(m.group("division") + "人民政府")) if m else frozenset()
