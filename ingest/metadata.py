"""Agency, region and year of a report, and the canonical form of agency names.

The same agency writes its name differently from year to year (鲁山县背孜乡 in 2025, 背孜乡 in
2022, 背孜乡人民政府 in the text), and questions use yet other forms (卫健委). Every name is reduced
to one canonical form so that reports, stored rows and questions meet. The rule, in
`canonical_agency`:

- Drop the government suffix: 人民政府, 政府, 办事处 (背孜乡人民政府 → 背孜乡, XX街道办事处 → XX街道).
- Split off the administrative divisions written in front (省/自治区, 市/州/盟/地区, 县/区/旗).
- A township (乡, 镇, 街道, 苏木) is named by itself: its name is unique enough within a county and
  reports often leave the county out, so 鲁山县背孜乡 and 背孜乡 are both agency 背孜乡; the region
  (the division directly above, 鲁山县) is kept beside it when written.
- A department (局, 委, 办, 中心 …) keeps the nearest division in its name, because every county has
  a 卫生健康委员会: 鲁山县卫生健康委员会 → agency 鲁山县卫生健康委员会, region 鲁山县. Without a
  division it stays as written (卫生健康委员会, region None). Everyday short forms are expanded
  (卫健委 → 卫生健康委员会, see `SHORT_FORMS`), so the answerer can canonicalise a question's words too.
- A government of a division itself (鲁山县人民政府) is the division: agency 鲁山县, region above it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.normalise import NormText, normalise_chars
from ingest.sections import SectionSlice

UNKNOWN_AGENCY = "未知机关"

# Everyday short forms of department names → the full form agencies print in titles.
SHORT_FORMS = {
    "卫健委": "卫生健康委员会",
    "卫生健康委": "卫生健康委员会",
    "发改委": "发展和改革委员会",
    "发展改革委": "发展和改革委员会",
    "教体局": "教育体育局",
    "住建局": "住房和城乡建设局",
    "人社局": "人力资源和社会保障局",
    "市监局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "自然资源局": "自然资源局",
    "自规局": "自然资源和规划局",
    "生态环境局": "生态环境局",
    "农业农村局": "农业农村局",
    "交通局": "交通运输局",
    "文广旅局": "文化广电和旅游局",
    "文旅局": "文化广电和旅游局",
    "应急局": "应急管理局",
    "医保局": "医疗保障局",
    "退役军人局": "退役军人事务局",
    "政数局": "政务服务和大数据管理局",
    "统计局": "统计局",
    "民政局": "民政局",
    "司法局": "司法局",
    "财政局": "财政局",
    "水利局": "水利局",
    "林业局": "林业局",
    "审计局": "审计局",
    "商务局": "商务局",
    "工信局": "工业和信息化局",
    "科工局": "科学技术和工业信息化局",
    "政府办": "人民政府办公室",
    "县政府办": "人民政府办公室",
}

_GOV_SUFFIX = re.compile(r"(?:人民政府|政府|办事处)$")
_NAME_CHARS = r"[^\s省市盟县区旗乡镇0-9a-zA-Z,、:;。()]"
_DIVISION = re.compile(
    rf"{_NAME_CHARS}{{1,7}}?(?:省|自治区|特别行政区|自治州|自治县|地区|市|盟|县|区|旗)"
)
_TOWNSHIP = re.compile(r"(?:乡|镇|街道|苏木)$")
_BARE_TYPE = {"", "乡", "镇", "街道", "苏木", "办公室", "局"}
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_REPORT_WORDS = re.compile(r"(?:政府信息公开|政务公开|信息公开).*$")
_TEXT_AGENCY = re.compile(
    r"(?:19|20)\d{2}\s*年(?:度)?\s*[,,]?\s*(?:以来\s*[,,]?\s*)?"
    r"((?![我本全该各])[\u4e00-\u9fff]{2,24}?(?:人民政府|办事处|街道|乡|镇|委员会|局|办公室|中心))"
)
_SPACE_NEAR_CJK = re.compile(r"\s+(?=[\u4e00-\u9fff(])|(?<=[\u4e00-\u9fff)])\s+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Metadata:
    agency: str
    agency_raw: str
    region: str | None
    year: int | None
    title: str


def _clean(text: str) -> str:
    return _SPACES.sub("", normalise_chars(text))


def _split_divisions(name: str) -> tuple[list[str], str]:
    """'平顶山市鲁山县背孜乡' → (['平顶山市', '鲁山县'], '背孜乡')."""
    divisions: list[str] = []
    rest = name
    while True:
        m = _DIVISION.match(rest)
        if not m or rest[m.end() :] in _BARE_TYPE - {""}:
            break
        divisions.append(m.group(0))
        rest = rest[m.end() :]
    return divisions, rest


def canonical_agency(name: str) -> tuple[str, str | None]:
    """'鲁山县背孜乡人民政府' → ('背孜乡', '鲁山县'). Used by the parser and by the answerer.

    See the module docstring for the rule; ('', None) for an empty name.
    """
    cleaned = _clean(name)
    if cleaned.endswith("人民") and not cleaned.endswith("人民政府"):
        cleaned += "政府"  # title cut before 政府信息公开: 鲁山县人民|政府信息公开…
    base = _GOV_SUFFIX.sub("", cleaned) or cleaned
    divisions, rest = _split_divisions(base)
    if not rest:  # the government of a division: 鲁山县人民政府 → 鲁山县
        if not divisions:
            return cleaned, None
        return divisions[-1], (divisions[-2] if len(divisions) > 1 else None)
    rest = SHORT_FORMS.get(rest, rest)
    region = divisions[-1] if divisions else None
    if _TOWNSHIP.search(rest):
        return rest, region
    return (region or "") + rest, region


def same_agency(a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    """Whether two canonical (agency, region) pairs name the same body.

    A region written in one report and left out in another (鲁山县背孜乡 2025, 背孜乡 2022) must not
    split an agency in two, so a missing region matches any; two written regions must agree.
    """
    return a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1])


def _collapse(line: str) -> str:
    return _SPACES.sub(" ", _SPACE_NEAR_CJK.sub("", line)).strip()


def _find_title(nt: NormText, slices: list[SectionSlice]) -> str | None:
    """The first short line naming the report (…年度报告), before section 二."""
    limit = next((s.start for s in slices if s.section.number >= 2), len(nt.text))
    for line in nt.text[:limit].split("\n"):
        line = _collapse(line)
        if "年度报告" in line and len(line) <= 60 and "。" not in line and re.search(r"公开|报告$", line):
            return line
    return None


def _from_title(title: str) -> tuple[str | None, int | None]:
    """Agency as written and year out of a title."""
    title = re.sub(r"^关于", "", title.replace(" ", ""))
    m = _YEAR.search(title)
    year = int(m.group(1)) if m else None
    before = title[: m.start()] if m else ""
    raw = before or _REPORT_WORDS.sub("", title[m.end() :] if m else title)
    raw = re.sub(r"[《》“”\"\dA-Za-z_.\-]+", "", raw).strip()
    if raw.endswith("人民"):
        raw += "政府"
    return (raw or None), year


def _year_from_text(nt: NormText, slices: list[SectionSlice]) -> int | None:
    body = next((s for s in slices if s.section.number == 1), None)
    text = nt.text[body.start : body.end] if body else nt.text[:3000]
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    counts = Counter(years)
    best = max(counts.values())
    return next(y for y in years if counts[y] == best)


def _agency_from_text(nt: NormText, slices: list[SectionSlice]) -> str | None:
    body = next((s for s in slices if s.section.number == 1), None)
    text = nt.text[body.start : body.end] if body else nt.text[:3000]
    m = _TEXT_AGENCY.search(text[:600])
    return m.group(1) if m else None


def read_metadata(
    nt: NormText, slices: list[SectionSlice], *, source_path: str, agency: str | None, year: int | None
) -> Metadata:
    """Title first, then the opening sentence (“2025 年，背孜乡人民政府…”), then the file name.

    `agency`/`year` are the user's overrides and win over anything read.
    """
    title = _find_title(nt, slices)
    raw, found_year = _from_title(title) if title else (None, None)
    stem = _clean(Path(source_path).stem)
    if raw is None:
        raw = _agency_from_text(nt, slices)
    if found_year is None:
        found_year = _year_from_text(nt, slices)
    if raw is None or found_year is None:
        f_raw, f_year = _from_title(stem) if re.search(r"[\u4e00-\u9fff]", stem) else (None, None)
        raw = raw or f_raw
        if found_year is None:
            m = _YEAR_ANY.search(stem)
            found_year = f_year or (int(m.group(1)) if m else None)
    canon, region = canonical_agency(raw) if raw else (UNKNOWN_AGENCY, None)
    if agency:
        o_canon, o_region = canonical_agency(agency)
        region = o_region or (region if o_canon == canon else None)
        canon, raw = o_canon, agency
    final_year = year if year is not None else found_year
    if title is None:
        title = f"{raw or ''}{final_year or ''}{'年' if final_year else ''}政府信息公开工作年度报告"
    return Metadata(agency=canon or UNKNOWN_AGENCY, agency_raw=raw or UNKNOWN_AGENCY, region=region,
                    year=final_year, title=title)
