"""The agencies the store holds, and how a question names them.

`Catalogue` is built from the stored reports' summary lines; it indexes every agency's names in
the forms people use (背孜乡, 背孜乡政府, 鲁山县背孜乡, 背孜; 卫健委 for 卫生健康委员会; the forms of one
official name are in `qa.agency_names`), so that a
question is matched against what exists and an answer never names an agency the store lacks. A name
with one character wrong is resolved by `qa.near`. `qa.question` parses the rest of the question.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ingest.agencies import known_division, parse_agency, region_path
from ingest.store import ReportRow
from qa.agency_names import account_names, division_stem, government_names, structured_aliases
from qa.near import NearIndex, NearMiss

ABBREVIATIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("卫健委", "卫健局", "卫生局", "卫计委"), "卫生健康"),
    (("市监局", "市场监管局", "工商局"), "市场监督管理"),
    (("人社局",), "人力资源和社会保障"),
    (("发改委", "发改局"), "发展和改革"),
    (("住建局",), "住房和城乡建设"),
    (("自然资源局", "自规局", "国土局"), "自然资源"),
    (("公安局",), "公安"),
    (("教育局", "教体局"), "教育"),
    (("交通局",), "交通运输"),
    (("农业局", "农业农村局"), "农业农村"),
    (("环保局", "生态环境局"), "生态环境"),
    (("应急局",), "应急管理"),
    (("医保局",), "医疗保障"),
    (("城管局",), "城市管理"),
    (("文旅局", "文广旅局"), "旅游"),
    (("退役军人局",), "退役军人"),
    (("民政局",), "民政"), (("财政局",), "财政"), (("司法局",), "司法"), (("水利局",), "水利"),
    (("审计局",), "审计"), (("统计局",), "统计"), (("林业局",), "林业"), (("税务局",), "税务"),
)
_PLACE_SUFFIXES = ("街道办事处", "办事处", "街道", "乡", "镇")
_NAME_TAIL = re.compile(r"街道|办事处|委员会|[乡镇局委]")
_AGENCY_SUFFIX = re.compile(r"(街道办事处|办事处|街道|委员会|乡|镇|局|委)")
_LEAD = ("请问", "我想知道", "想知道", "想问", "查询", "查一下", "问下", "告诉我", "那么", "那", "关于")
_GENERIC_PLACES = frozenset(["全县", "本县", "全乡", "我乡", "本乡", "该乡", "各乡", "乡镇", "各乡镇", "全镇", "本镇", "该镇", "我镇", "全市", "本市", "哪个乡", "哪个镇", "哪个乡镇", "哪些乡镇", "所有乡镇", "每个乡镇", "各个乡镇", "全区", "乡级", "镇级", "县级", "结果"])


@dataclass(frozen=True)
class AgencyRef:
    agency: str
    region: str | None = None

    @property
    def display(self) -> str:
        return f"{self.region}{self.agency}" if self.region and not self.agency.startswith(self.region) else self.agency


class Catalogue:
    """What the store holds, for matching names and listing what exists.

    Reports of one agency name count as one agency when at most one region is known for it
    (a 2022 report that does not name its county and a 2025 one that does are the same 背孜乡).
    """

    def __init__(self, rows: tuple[ReportRow, ...]) -> None:
        self.rows = rows
        regions: dict[str, set[str]] = {}
        for r in rows:
            regions.setdefault(r.agency, set()).update({r.region} if r.region else set())
        self._ref = {r.id: AgencyRef(r.agency, r.region if r.region or len(regions[r.agency]) != 1
                                     else next(iter(regions[r.agency]))) for r in rows}
        # Indexes, so a question costs the same with 10,000 reports as with ten.
        self._by_ref: dict[AgencyRef, list[ReportRow]] = {}
        for r in rows:
            self._by_ref.setdefault(self.ref(r), []).append(r)
        self._regions = tuple(sorted({r.region for r in rows if r.region}))
        self._places: dict[AgencyRef, set[str]] = {}
        self._by_bigram: dict[str, list[tuple[str, int]]] | None = None
        self._near: NearIndex | None = None

    def ref(self, row: ReportRow) -> AgencyRef:
        return self._ref.get(row.id, AgencyRef(row.agency, row.region))

    def agencies(self) -> tuple[AgencyRef, ...]:
        return tuple(self._by_ref)

    def rows_of(self, ref: AgencyRef) -> list[ReportRow]:
        return self._by_ref.get(ref, [])

    def years(self, ref: AgencyRef | None = None) -> tuple[int, ...]:
        rows = self.rows if ref is None else self._by_ref.get(ref, ())
        return tuple(sorted({r.year for r in rows if r.year is not None}))

    def regions(self) -> tuple[str, ...]:
        return self._regions

    def find(self, ref: AgencyRef, year: int) -> ReportRow | None:
        return next((r for r in self._by_ref.get(ref, ()) if r.year == year), None)

    def name_hits(self, text: str) -> list[tuple[AgencyRef, list[tuple[int, int]]]]:
        """Each agency named in `text` with the (start, end) of every name of it found, in catalogue
        order. The names are indexed by their first two characters once per catalogue, so a
        question is matched in time proportional to its length, not to the number of agencies."""
        if self._by_bigram is None:
            self._by_bigram = {}
            names = [agency_aliases(ref, {r.agency_raw for r in rows}) for ref, rows in self._by_ref.items()]
            taken = set().union(*names)
            for n, (ref, rows) in enumerate(self._by_ref.items()):
                for raw in {ref.agency, *(r.agency_raw for r in rows)}:  # 浑源县 for 浑源县人民政府办公室's report
                    names[n] |= government_names(raw) - taken
            accounts = [set().union(*(account_names(raw) for raw in {ref.agency, *(r.agency_raw for r in rows)}))
                        for ref, rows in self._by_ref.items()]
            owners: dict[str, int] = {}
            for own in accounts:
                for name in own:
                    owners[name] = owners.get(name, 0) + 1
            taken = set().union(*names)
            for n, own in enumerate(accounts):
                names[n] |= {a for a in own if owners[a] == 1 and a not in taken}
            for n, own in enumerate(names):
                for name in own:  # every alias has ≥ 2 characters
                    self._by_bigram.setdefault(name[:2], []).append((name, n))
        hits: dict[int, list[tuple[int, int]]] = {}
        for i in range(len(text) - 1):
            for name, n in self._by_bigram.get(text[i : i + 2], ()):
                if text.startswith(name, i):
                    hits.setdefault(n, []).append((i, i + len(name)))
        # 市商务局 inside 哈市商务局: a name that starts with its level (市/县/区) but follows a place
        # name in the question is that place's bureau, not the stored one
        for n, found in list(hits.items()):
            kept = [(a, b) for a, b in found if not (a > 0 and text[a] in "市县区州省" and "\u4e00" <= text[a - 1] <= "\u9fff")]
            if kept:
                hits[n] = kept
            else:
                del hits[n]
        # 青王 inside 泉青王镇 names another place: a hit followed by a place or office suffix
        # counts only when that longer name is itself one of the agency's names.
        for n, found in list(hits.items()):
            kept = [(a, b) for a, b in found if not _NAME_TAIL.match(text, b)
                    or any(a2 == a and b2 > b for a2, b2 in found)]
            if kept:
                hits[n] = kept
            else:
                del hits[n]
        refs = tuple(self._by_ref)
        return [(refs[n], hits[n]) for n in sorted(hits)]

    def near_miss(self, text: str) -> tuple[AgencyRef, NearMiss] | None:
        """The one agency `text` names with one character wrong (qa/near.py), if any."""
        if self._near is None:
            self.name_hits("")  # builds the alias index
            assert self._by_bigram is not None
            self._near = NearIndex(entry for entries in self._by_bigram.values() for entry in entries)
        miss = self._near.find(text)
        return (tuple(self._by_ref)[miss.ref_index], miss) if miss else None

    def places(self, ref: AgencyRef) -> set[str]:
        """Every division the agency's names place it in (its county, city, province), for telling a
        namesake in another place (甲市自然资源局 when only 乙市's is stored) from the agency itself."""
        if ref not in self._places:
            found = {ref.region} if ref.region else set()
            for row in self._by_ref.get(ref, ()):
                agency = parse_agency(row.agency_raw)
                if agency is not None:
                    found |= set(agency.regions) | set(region_path(agency))
                    if agency.kind == "government" and agency.regions:
                        found.add(agency.regions[-1])
            self._places[ref] = {p for p in found if p}
        return self._places[ref]

    def implied_level(self, ref: AgencyRef) -> str | None:
        """市 for a bureau stored as 市生态环境局 (its report never names the city), else None."""
        parsed = [parse_agency(r.agency_raw) for r in self._by_ref.get(ref, ())]
        levels = {a.implied for a in parsed if a is not None and not a.regions}
        return levels.pop() if len(levels) == 1 and None not in levels and all(parsed) else None

    def own_places(self, ref: AgencyRef) -> set[str]:
        """The divisions a question may write before this agency's name and still mean it: any of a
        township's or a government's, but only a department's own (舟山市公安局 is not 嵊泗县公安局)."""
        rows = self._by_ref.get(ref, ())
        parsed = [a for a in (parse_agency(r.agency_raw) for r in rows) if a is not None]
        if parsed and all(a.kind in ("department", "office") for a in parsed):
            leaves = {a.regions[-1] for a in parsed if a.regions}
            return leaves | {st for leaf in leaves if (st := division_stem(leaf))} | ({ref.region} if ref.region else set())
        return self.places(ref)

    def names_in(self, text: str, ref: AgencyRef) -> tuple[str, ...]:
        """The names of `ref` written in `text` (to tell its own name from another place named),
        a name written one character off among them (成县 inside 通成县 is no place of its own)."""
        found = tuple(text[a:b] for hit_ref, hits in self.name_hits(text) if hit_ref == ref for a, b in hits)
        near = self.near_miss(text)
        return (*found, near[1].written) if near is not None and near[0] == ref else found

    def describe(self, limit: int = 12) -> str:
        """“背孜乡 2022、2025；…” for refusals and clarifications."""
        from pathlib import Path

        from ingest.agencies import UNKNOWN_AGENCY

        parts = [f"{a.display} {'、'.join(str(y) for y in self.years(a)) or '年份不详'}" for a in self.agencies()
                 if a.agency != UNKNOWN_AGENCY]
        more = f" 等{len(parts)}个单位" if len(parts) > limit else ""
        unknown = [Path(r.source_path).name for r in self.rows if r.agency == UNKNOWN_AGENCY]
        files = f"；另有{len(unknown)}份未能识别单位的报告（{'、'.join(unknown[:5])}{'等' if len(unknown) > 5 else ''}）" \
            if unknown else ""
        return "；".join(parts[:limit]) + more + files


def agency_aliases(ref: AgencyRef, raw_names: set[str]) -> set[str]:
    return set(_cached_aliases(ref, frozenset(raw_names)))


@functools.lru_cache(maxsize=65536)
def _cached_aliases(ref: AgencyRef, raw_names: frozenset[str]) -> frozenset[str]:
    """The names of one agency depend only on its stored names: computed once per process, so a
    catalogue rebuilt after an ingest (10,000 reports) costs a dictionary lookup per agency."""
    names = {ref.agency, *raw_names}
    for raw in raw_names:
        names |= structured_aliases(raw)
    if ref.region:
        names.add(ref.region + ref.agency)
    for suffix in _PLACE_SUFFIXES:
        if ref.agency.endswith(suffix):
            base = ref.agency[: -len(suffix)]
            if len(base) >= 2:
                names.add(base)
            names.update({ref.agency + "政府", ref.agency + "人民政府"})
            break
    for words, core in ABBREVIATIONS:
        if core in ref.agency:
            names.update(words)
    return frozenset(n for n in names if len(n) >= 2)


def agency_mentions(text: str, catalogue: Catalogue) -> list[tuple[AgencyRef, ...]]:
    """The agencies named in `text`, one group per place in the text (in order).

    A group with several agencies is one name that fits several (卫健委 of two counties); several
    groups are several agencies named (卫健委和市监局). A longer name wins over one inside it.
    """
    spans: list[tuple[int, int, AgencyRef]] = []
    near = catalogue.near_miss(text)
    for ref, hits in catalogue.name_hits(text):
        start, end = max(hits, key=lambda h: (h[1] - h[0], -h[0]))
        if near is not None and _inside(start, end, text, near[1].written):
            continue  # 教育局 inside 静江市教育局: the longer name, one character off, is the one meant
        spans.append((start, end, ref))
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    groups: list[tuple[int, int, list[AgencyRef]]] = []
    for start, end, ref in spans:
        if groups and start < groups[-1][1]:  # overlaps the previous name: same place in the text
            g = groups[-1]
            if end - start > g[1] - g[0]:
                groups[-1] = (start, end, [ref])
            elif end - start == g[1] - g[0]:
                g[2].append(ref)
        else:
            groups.append((start, end, [ref]))
    named_regions = [g for g in catalogue.regions() if g in text]
    out = []
    for _, _, refs in groups:
        narrowed = [f for f in refs if f.region in named_regions] if len(refs) > 1 and named_regions else refs
        out.append(tuple(narrowed or refs))
    return out


def _inside(start: int, end: int, text: str, written: str) -> bool:
    """Whether text[start:end] lies strictly inside an occurrence of `written`."""
    at = text.find(written)
    while at >= 0:
        if at <= start and end <= at + len(written) and end - start < len(written):
            return True
        at = text.find(written, at + 1)
    return False


def match_agencies(text: str, catalogue: Catalogue) -> tuple[AgencyRef, ...]:
    """The agency a question names: one, or the candidates when the name fits several."""
    groups = agency_mentions(text, catalogue)
    if not groups:
        return ()
    return max(groups, key=len) if len(groups) > 1 and any(len(g) > 1 for g in groups) else groups[0]


_PLACE_BEFORE = re.compile(r"([\u4e00-\u9fff]{1,4}(?:市|县|区|旗|州|盟|省))$")
_NOT_A_PLACE = ("全", "本", "该", "各", "我", "每", "哪", "那", "这", "此", "城区", "辖区", "市区", "县区", "景区", "园区", "社区")


def place_before(text: str, start: int) -> str | None:
    """The division written right before a matched name (甲市 in 甲市自然资源局), if any."""
    head = text[max(0, start - 12) : start]
    for k in range(2, len(head) + 1):
        if known_division(head[-k:]):
            return head[-k:]
    m = _PLACE_BEFORE.search(head)
    if m and not m.group(1).startswith(_NOT_A_PLACE) and m.group(1) not in _GENERIC_PLACES:
        return m.group(1)
    return None


def namesake(text: str, ref: AgencyRef, catalogue: Catalogue) -> str | None:
    """The name a question gives when it places the agency somewhere the stored one is not: then the
    question is about another agency of the same kind, and must never get this one's figures."""
    for hit_ref, hits in catalogue.name_hits(text):
        if hit_ref != ref:
            continue
        start, end = max(hits, key=lambda h: (h[1] - h[0], -h[0]))
        place = place_before(text, start)
        own = catalogue.own_places(ref)
        if place is not None and assumed_place(text, ref, catalogue) == place:
            return None
        if place is not None and text[start:end].startswith(tuple(own)):
            # 杭州滨江区公安分局, 梅州梅江区交通运输局: the name says its own division, and the place
            # before it is one that division lies in — the same agency, its path written out
            own = catalogue.places(ref)
        if place is not None and place not in own and not any(place in p for p in own):
            return place + text[start:end]
    return None


def narrow_agencies(found: tuple[AgencyRef, ...], text: str, catalogue: Catalogue, years: tuple[int, ...]) -> tuple[AgencyRef, ...]:
    """Several agencies fit the name (水利局 → 水利部, 水利厅, 霍城县水利局): keep those of the kind the
    question names (局, not 部 or 厅), then those that have the year asked, when that leaves fewer."""
    if len(found) < 2:
        return found
    for suffix in ("局", "厅", "部", "委", "办"):
        if re.search(rf"[\u4e00-\u9fff]{suffix}", text):
            kind = tuple(f for f in found if f.agency.endswith(suffix) or f.agency.endswith(suffix + "员会"))
            if kind:
                found = kind
            break
    dated = tuple(f for f in found if years and all(y in catalogue.years(f) for y in years))
    return dated if dated else found


def assumed_place(text: str, ref: AgencyRef, catalogue: Catalogue) -> str | None:
    """四平市生态环境局 asked, 市生态环境局 stored (its report names no city): the place the answer
    assumes, when the stored bureau is the only one of its kind whose place is unknown and the place
    asked is of the level it names (市 for 市生态环境局)."""
    level = catalogue.implied_level(ref)
    if level is None:
        return None
    for hit_ref, hits in catalogue.name_hits(text):
        if hit_ref == ref:
            start, _ = max(hits, key=lambda h: (h[1] - h[0], -h[0]))
            place = place_before(text, start)
            if place and place.endswith(level) and known_division(place):  # not 哈市 (哈尔滨市 spoken)
                return place
    return None


def unknown_agency(text: str) -> str | None:
    """A name that looks like an agency (李庄镇, 市监局) in a question, for refusals."""
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        for m in _AGENCY_SUFFIX.finditer(run):
            name = run[: m.end()].lstrip("年的在和与及了是")
            for lead in _LEAD:
                if name.startswith(lead):
                    name = name[len(lead):]
            name = name[-8:]
            if len(name) >= 3 and name not in _GENERIC_PLACES and not any(w in name for w in ("哪", "各", "全", "每", "所有")):
                return name
    return None
