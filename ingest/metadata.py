"""Agency, region and year of a report, read from wherever a real report states them.

Published pages put the title anywhere: after a page marker (“- 1 -”), after navigation and share
text (“您当前所在位置：首页 > …”, “字号：大 中 小”), split over two or three lines (the agency, then
“2024 年政府信息公开工作年度报告”), only inside the first sentence (“现公布××局2023年政府信息公开工作
年度报告”, “本报告由××办公室编制”, “结合××政府信息公开工作实际”), or nowhere. Sources, most trusted
first: the user's `--agency/--year` (or a manifest), the title, a title the reader found in the
file's own metadata or the file name, the first sentence, the body's opening (“2022年，市人社局…”)
and a closing signature. Every candidate name must read as an agency's name (`ingest.agencies`):
what the document does not state stays unknown — never a fragment of a sentence. The year comes
from the title, else the statistics-period sentence (“统计期限自2023年1月1日至2023年12月31日”).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.agencies import UNKNOWN_AGENCY, Agency, known_division, parse_agency, region_path
from ingest.agencies import canonical_agency as canonical_agency
from ingest.agencies import same_agency as same_agency
from ingest.normalise import NormText, normalise_chars, strip_glosses, to_simplified
from ingest.sections import SectionSlice

__all__ = ["UNKNOWN_AGENCY", "Metadata", "canonical_agency", "read_metadata", "same_agency"]

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_REPORT_WORDS = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:(?:19|20)\d{2}\s*年\s*度?)?(?:年度)?(?:报告|年报)"
_REPORT_END = re.compile(_REPORT_WORDS + "|年度报告")
_TITLE = re.compile(
    r"^(?:关于)?(?P<before>.*?)(?P<year>(?:19|20)\d{2})\s*年\s*度?(?P<after>.*?)" + _REPORT_WORDS + "$"
    r"|^(?:关于)?(?P<before2>.+?)(?:政府信息公开|政务公开|信息公开)工作(?P<year2>(?:19|20)\d{2})\s*年度报告$"
)
_TITLE_NO_YEAR = re.compile(r"^(?:关于)?(?P<before>.+?)(?:政府信息公开|政务公开|信息公开)(?:工作)?年度报告$")
# What separates a title from navigation, share and page-metadata text on the same line.
_NOISE_SPLIT = re.compile(r"[|•·:\[\]【】]|www\.[\w.]+|https?\S+")
# Words of the sentence around a name that a loose match may have taken in front of it.
_VERBS = re.compile(r"公开|公布|发布|报告|编制|现将|向社会|关于|根据|结合|按照|依据|特向|现向")
_LEADING_JUNK = re.compile(r"^(?:[^\u4e00-\u9fff0-9]+|\d+(?!\d*\s*年))+")
_BREADCRUMB = re.compile(r"^[^。]{0,80}(?:>|»|→)")  # 首页 > 政务公开 > …: navigation, never a sentence
_LINE_NOISE = re.compile(r"^(?:-\s*\d+\s*-|第\s*\d+\s*页|Page\s*\d+\s*-?)\s*", re.I)
_NOT_TITLE = re.compile(r"www\.|http|发布时间|索引号|来源:|浏览次数|字号|分享|扫描|打印|关闭|点击|。")
_STAT_PERIOD = re.compile(
    r"(?:统计|数据)[^。]{0,24}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—|~)\s*"
    r"((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日"
)
_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|-|—|~)\s*((?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日")
_NAME = r"(?P<a>[\u4e00-\u9fff()]{2,40}?)"
# First-sentence forms, each capturing the agency as `a` (and maybe the year as `y`).
_SENTENCE_FORMS = (
    re.compile(r"(?:现(?:予以)?(?:公布|发布|将)|编制(?:了|完成)?|特?发布|制作|形成|公开)《?" + _NAME +
               r"(?P<y>(?:19|20)\d{2})\s*年\s*度?(?:政府)?(?:信息公开|政务公开)"),
    re.compile(r"(?:公布|发布|公开|编制|制作)(?:了)?《?(?P<y>(?:19|20)\d{2})\s*年\s*度?" + _NAME +
               r"(?:政府)?(?:信息公开|政务公开)"),
    re.compile(_NAME + r"(?:编制|制作|发布|形成)(?:了|完成)?(?:本|《)?(?P<y>(?:19|20)\d{2})\s*年"),
    re.compile(r"本(?:年度)?报告(?:是)?由" + _NAME + r"(?:根据|依据|按照|依照|组织|负责|编制|制作|综合)"),
    re.compile(r"结合" + _NAME + r"(?:的)?(?:政府信息公开|政务公开|信息公开)?工作实际"),
    re.compile(r"(?:^|[。\n])" + _NAME + r"(?:根据|依据|按照|依照)《"),
    re.compile(r"(?:19|20)\d{2}\s*年\s*(?:度)?\s*[,，]?\s*(?:以来\s*[,，]?\s*)?(?![我本全该各])" + _NAME +
               r"(?:认真|坚持|深入|全面|紧紧|严格|紧扣|始终|持续|聚焦|围绕|以习近平|在|按照|高度|不断|扎实|积极|进一步)"),
    re.compile(r"发布机构\s*[:：]\s*" + _NAME + r"(?:\s|$)"),
)
_SIGNATURE_DATE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Metadata:
    agency: str
    agency_raw: str
    region: str | None
    year: int | None
    title: str
    region_path: tuple[str, ...] = ()
    agency_source: str = "unknown"  # override, title, file, sentence, body, signature, unknown
    year_source: str = "unknown"  # override, title, period, file, body, unknown


@dataclass(frozen=True)
class _Candidate:
    agency: Agency
    raw: str
    source: str


def _plain(line: str) -> str:
    return _SPACES.sub("", strip_glosses(to_simplified(normalise_chars(line))))


def _head_lines(nt: NormText, slices: list[SectionSlice]) -> list[str]:
    """The lines before section 二 (at most 80), cleaned of page markers and navigation."""
    limit = nt.to_original(next((s.start for s in slices if s.section.number >= 2), len(nt.text)))
    out = []
    for line in nt.original[:limit].split("\n")[:80]:  # lines as printed: not joined as wrapped prose
        line = _LINE_NOISE.sub("", _BREADCRUMB.sub("", _plain(line)))
        if line:
            out.append(line)
    return out


def _segments(text: str) -> list[str]:
    """The titles inside one line: each run of text ending in the report's name, cut free of the
    navigation and page metadata before it ('索引号:…发布机构:金石镇' | '湘乡市金石镇2024年…年度报告')."""
    out, prev = [], 0
    for m in _REPORT_END.finditer(text):
        seg = _LEADING_JUNK.sub("", _NOISE_SPLIT.split(text[prev : m.end()])[-1])
        prev = m.end()
        if 4 <= len(seg) <= 60 and not _NOT_TITLE.search(seg):
            out.append(seg)
    return out


def _titles(lines: list[str]) -> list[str]:
    """Titles on one line, or split over two or three (the agency, then '2024年…年度报告')."""
    found = []
    for i in range(len(lines)):
        for n in (1, 2, 3):
            window = lines[i : i + n]
            if len(window) < n or len(window[-1]) > 80 or (n > 1 and "。" in window[-2]):
                break
            if n > 1 and any(_from_title(seg)[0] for seg in _segments(window[-1])):
                break  # the last line is a whole title by itself: it is not the tail of a split one
            segments = _segments("".join(window))
            if segments:
                found += segments
                break
    return found


def _from_title(title: str) -> tuple[str | None, int | None]:
    """Agency as written and year out of a title ('××局2023年政府信息公开工作年度报告')."""
    m = _TITLE.match(title)
    if m:
        raw = m.group("before") or m.group("after") or m.group("before2") or ""
        return (raw.strip("《》“”\"") or None), int(m.group("year") or m.group("year2"))
    m = _TITLE_NO_YEAR.match(title)
    return (m.group("before").strip("《》“”\"") if m else None), None


def _agency(raw: str | None, source: str) -> _Candidate | None:
    """The agency a title or sentence names, trimmed of words run into its front ('正文山阳县人民政府',
    '无障碍浏览贵州省水利厅'). The whole text is taken when it reads as a name whose first division is
    known (or that names none); else the longest tail that starts with a known division; else the
    whole text's reading, if any (a county missing from the division table)."""
    raw = _LEADING_JUNK.sub("", _VERBS.split(raw or "")[-1])
    whole = parse_agency(raw) if raw else None
    if whole is not None and (not whole.regions or known_division(whole.regions[0])):
        return _Candidate(whole, raw, source)
    for k in range(1, max(1, len(raw) - 1)):
        agency = parse_agency(raw[k:])
        if agency is not None and agency.regions and known_division(agency.regions[0]):
            return _Candidate(agency, raw[k:], source)
    return _Candidate(whole, raw, source) if whole is not None else None


def _sentence_candidates(text: str) -> list[_Candidate]:
    out = []
    for form in _SENTENCE_FORMS:
        for m in form.finditer(text):
            found = _agency(m.group("a"), "sentence")
            if found is not None:
                out.append(found)
    return out


def _signature(nt: NormText) -> _Candidate | None:
    """The agency signing the report's last lines (a name, then a date)."""
    lines = [line.strip() for line in nt.text.rstrip().split("\n")[-6:] if line.strip()]
    for name, date in zip(lines, lines[1:], strict=False):
        if _SIGNATURE_DATE.match(date) and len(name) <= 30:
            found = _agency(_plain(name), "signature")
            if found is not None:
                return found
    return None


def _pick(candidates: list[_Candidate]) -> _Candidate | None:
    """The most trusted candidate, completed by a later one that names the same body more fully
    (a title's 市人社局 and a signature's 温州市人力资源和社会保障局)."""
    if not candidates:
        return None
    best = candidates[0]
    if not best.agency.complete or best.agency.kind == "department" and not best.agency.regions:
        for other in candidates[1:]:
            if other.agency.complete and other.agency.org == best.agency.org and other.agency.kind == best.agency.kind:
                return _Candidate(other.agency, other.raw, best.source)
    return best


def _year_from_text(nt: NormText, slices: list[SectionSlice]) -> tuple[int | None, str]:
    head = _plain(nt.text[:4000])
    m = _STAT_PERIOD.search(head) or _PERIOD.search(head)
    if m and m.group(1) == m.group(2):
        return int(m.group(1)), "period"
    body = next((s for s in slices if s.section.number == 1), None)
    years = [int(y) for y in _YEAR.findall(nt.text[body.start : body.end])] if body else []
    if not years:  # the opening before section 二: preamble and section 一
        years = [int(y) for y in _YEAR.findall(nt.text[: next((s.start for s in slices if s.section.number >= 2), 3000)])]
    if not years:
        return None, "unknown"
    counts = Counter(years)
    best = max(counts.values())
    return next(y for y in years if counts[y] == best), "body"


def read_metadata(
    nt: NormText, slices: list[SectionSlice], *, source_path: str, agency: str | None, year: int | None,
    hints: tuple[str, ...] = (),
) -> Metadata:
    """See the module docstring. `agency`/`year` are the user's overrides and win over anything read;
    `hints` are titles the reader found in the file's metadata (a PDF's Title)."""
    lines = _head_lines(nt, slices)
    titles = _titles(lines)
    stem = _plain(Path(source_path).stem)
    file_titles = [seg for t in (*map(_plain, hints), stem) for seg in _segments(t)]
    candidates: list[_Candidate] = []
    title_year: tuple[int | None, str] = (None, "unknown")
    for source, texts in (("title", titles), ("file", file_titles)):
        for t in texts:
            raw, y = _from_title(t)
            if y is not None and title_year[0] is None:
                title_year = (y, source)
            found = _agency(raw, source)
            if found is not None:
                candidates.append(found)
    candidates += _sentence_candidates("\n".join(lines)[:1500])
    candidates += [c for c in (_agency(line, "line") for line in lines[:30] if len(line) <= 30) if c and c.agency.complete]
    signature = _signature(nt)
    if signature is not None:
        candidates.append(signature)
    picked = _pick(candidates)
    found_year, year_source = title_year
    if found_year is None:
        found_year, year_source = _year_from_text(nt, slices)
        if found_year is None and (m := _YEAR_ANY.search(stem)):
            found_year, year_source = int(m.group(1)), "file"
    agency_source = picked.source if picked else "unknown"
    if agency:
        override = parse_agency(agency)
        if override is not None and picked is not None and not override.regions and override.key == picked.agency.key:
            override = picked.agency  # the user named the same body without its county: keep the county read
        picked = _Candidate(override, agency, "override") if override else None
        agency_source = "override"
        if picked is None:
            return _meta_unparsed(agency, year if year is not None else found_year, titles, source_path)
    if year is not None:
        found_year, year_source = year, "override"
    raw = picked.raw if picked else UNKNOWN_AGENCY
    path = region_path(picked.agency) if picked else ()
    region = picked.agency.region if picked else None
    if picked and region is None and picked.agency.kind == "government" and len(path) >= 2:
        region = path[-2]  # 洪泽区人民政府: the division table knows it is in 淮安市
    title = titles[0] if titles else f"{raw if picked else ''}{found_year or ''}{'年' if found_year else ''}政府信息公开工作年度报告"
    return Metadata(
        agency=picked.agency.key if picked else UNKNOWN_AGENCY, agency_raw=raw,
        region=region, year=found_year, title=title,
        region_path=path, agency_source=agency_source, year_source=year_source,
    )


def _meta_unparsed(agency: str, year: int | None, titles: list[str], source_path: str) -> Metadata:
    """An override that does not read as a structured name is still the user's word: keep it as written."""
    name = _plain(agency)
    title = titles[0] if titles else f"{name}{year or ''}{'年' if year else ''}政府信息公开工作年度报告"
    return Metadata(agency=name, agency_raw=agency, region=None, year=year, title=title,
                    agency_source="override", year_source="override" if year is not None else "unknown")
