"""Numbers as Chinese reports and answers write them: 71条, 300余条, 近2800人次, 一件, 1,234件, 26.55万元.

Used wherever a number is read from or compared in text: section and subsection numbers, prose
facts, years in questions, the LLM number guard of the answerer and the scorer of the evaluation. Values are plain floats in the stated unit, except that a 万/亿
multiplier before a count unit is applied (3万条 → 30000 条) while 万元 stays a unit of its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SCALES = {"十": 10, "百": 100, "千": 1000}
CN_NUMERALS = "零〇○一二两三四五六七八九十百千万"  # every character chinese_to_number reads
_CN_NUM = CN_NUMERALS[:-1]  # 万 after a number is a multiplier of its own in QUANTITY
UNITS = ("万元", "人次", "件", "条", "元", "次", "个", "篇", "场", "期", "项", "份", "家", "人", "起", "批", "本", "所")
_UNIT_RE = "|".join(UNITS)
QUANTITY = re.compile(
    rf"(?<![第\d.,{_CN_NUM}])(?P<before>约|近|逾|超过|大约|将近|接近)?"
    rf"(?P<num>\d[\d,]*(?:\.\d+)?|[{_CN_NUM}]+)"
    rf"\s*(?P<mult>万(?!元)|亿)?(?P<after>余|多)?\s*(?P<unit>{_UNIT_RE})"
)


def chinese_to_number(text: str, *, strict: bool = False) -> int | None:
    """十二 → 12, 一百零五 → 105, 两 → 2, 三万 → 30000; None when `text` is not a numeral.

    A run of digits without 十/百/千/万 reads digit by digit (二〇二二 → 2022, as years are written).
    `strict` accepts only numerals a count is written with: 一二 (a list) and 一二百 (a guess) are None.
    """
    if not text or any(ch not in CN_NUMERALS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        return None if strict else int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, section, current = 0, 0, None  # section: the part below 万; current: the last digit
    for ch in text:
        if ch in _CN_DIGITS:
            if strict and current and _CN_DIGITS[ch]:
                return None
            current = _CN_DIGITS[ch]
        elif ch in _CN_SCALES:
            if current is None or (current == 0 and not strict):
                current = 1  # 十二 leaves its 一 unwritten
            section += current * _CN_SCALES[ch]
            current = None
        else:  # 万
            if not section and not current:
                return None  # a lone 万, or 万一 (“in case”)
            total += (section + (current or 0)) * 10_000
            section, current = 0, None
    return total + section + (current or 0)


def small_number(text: str) -> int | None:
    """A heading's, list item's or count's number in digits or Chinese: '3', '三', '十二' → int."""
    return int(text) if text.isdigit() else chinese_to_number(text, strict=True)


def to_number(text: str) -> float | None:
    """'1,234' / '26.55' / '十二' / '１２' → float; None when it is not a number."""
    text = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
    try:
        return float(text)
    except ValueError:
        value = chinese_to_number(text)
        return None if value is None else float(value)


def format_number(value: float | None, missing: str = "—") -> str:
    """A value as the form prints it: 71, 26.55, 0.0125 (4 decimals at most, as 万元 are kept)."""
    if value is None:
        return missing
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    qualifier: str | None  # 余, 多, 约, 近 … when the text says the number is approximate
    text: str
    start: int
    end: int


def find_quantities(text: str) -> list[Quantity]:
    """Every number-with-unit in the text, in order."""
    norm = unicodedata.normalize("NFKC", text)
    if len(norm) != len(text):  # keep offsets meaningful: only use NFKC when it keeps length
        norm = text
    out = []
    for m in QUANTITY.finditer(norm):
        value = to_number(m["num"])
        if value is None:
            continue
        unit = m["unit"]
        if m["mult"] == "万":
            value *= 10_000
        elif m["mult"] == "亿":
            value *= 100_000_000
        out.append(Quantity(value, unit, m["before"] or m["after"], m.group(0), m.start(), m.end()))
    return out


def same_amount(a: float, unit_a: str | None, b: float, unit_b: str | None) -> bool:
    """Equal values in compatible units (万元 vs 元 converted; a missing unit is compatible)."""
    if unit_a == "万元" and unit_b == "元":
        a *= 10_000
    elif unit_a == "元" and unit_b == "万元":
        b *= 10_000
    elif unit_a and unit_b and unit_a != unit_b:
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))
