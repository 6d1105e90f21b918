"""Years in questions: 2022年, 二〇二二年, 22年, 今年/去年/前年 (relative to an injected today), 近三年.

Relative years depend on the date the question is asked, so the answerer takes a clock and the
evaluator can fix ‘today’; nothing here reads the system date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.quantities import chinese_to_number, small_number

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2}|\d{2})\s*年(?!度报告中)")
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})年")
_RELATIVE = {"今年": 0, "去年": -1, "前年": -2, "大前年": -3}
_RECENT = re.compile(r"(?:近|最近|过去|这)([两二三四五六七八九十\d]{1,2})年")
_RANGE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:到|至|~|-|—)\s*((?:19|20)\d{2})\s*年")


@dataclass(frozen=True)
class YearMention:
    years: tuple[int, ...]  # explicit or resolved years, in the order asked
    relative: bool  # 今年/去年/前年 were used
    recent: int | None  # 近N年
    span_years: bool  # 2022年到2025年: every year in between


_CARRIED_TO = re.compile(r"(?:结转|转入|转到|转至|顺延|延至|留到)(?:到|至|进)?$")


def find_years(text: str, today_year: int) -> YearMention:
    """Years a question names; `text` is the normalised question."""
    found: list[tuple[int, int]] = []  # (position, year)
    span_years = False
    m = _RANGE.search(text)
    if m:
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        found += [(m.start(), y) for y in range(a, b + 1)]
        span_years = True
    for m in _CN_YEAR.finditer(text):
        found.append((m.start(), chinese_to_number(m.group(1)) or 0))
    for m in _YEAR.finditer(text):
        raw = m.group(1)
        if _CARRIED_TO.search(text, 0, m.start()):
            continue  # 结转到2023年几件: the year requests were carried into, a figure of the year asked
        if len(raw) == 2:
            if not 10 <= int(raw) <= 39:
                continue
            year = 2000 + int(raw)
        else:
            year = int(raw)
        found.append((m.start(), year))
    relative = False
    explicit = list(found)  # the years written out, which 较去年 may be relative to
    for word, delta in sorted(_RELATIVE.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(word, text):
            if word == "前年" and m.start() > 0 and text[m.start() - 1] == "大":
                continue
            if re.match(r"[（(](?:19|20)\d{2}年", text[m.end():]):
                continue  # 去年（2023年）: the year written beside it says which
            named = [y for pos, y in sorted(explicit) if pos < m.start() and y > 1900]
            compared = word != "今年" and m.start() > 0 and text[m.start() - 1] in "较比于同"
            # 2023年…较去年下降: the year before the year named, not before today
            base = named[-1] if compared and named else today_year
            found.append((m.start(), base + delta))
            relative = True
    recent = None
    m = _RECENT.search(text)
    if m:
        recent = small_number(m.group(1))
    years: list[int] = []
    for _, y in sorted(found):
        if y not in years:
            years.append(y)
    return YearMention(tuple(years), relative, recent, span_years)
