"""Make extracted text parseable while keeping a map back to what the report says.

PDF-extracted reports are full of look-alike code points: Kangxi radicals (⼀ U+2F00 for 一),
CJK radical supplements (⺠ for 民), full-width digits and punctuation, ideographic spaces, and
sentences broken over lines with blank lines between. Parsers read the normalised text; citations
quote the original. `NormText.span()` turns offsets in the normalised text into a `Span` of the
original text, so every parsed record points at the exact characters the report printed.

After normalisation: digits and punctuation are ASCII where NFKC makes them so (（一） → (一),
： → :, ， → ,), 。 and 、 stay, and line breaks inside a prose sentence are removed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

from ingest.records import Span

# CJK Radicals Supplement code points that NFKC leaves alone but PDFs emit for common characters.
_RADICAL_SUPPLEMENT = {
    "⺠": "民", "⻅": "见", "⻓": "长", "⻔": "门", "⻢": "马", "⻛": "风", "⻆": "角",
    "⻝": "食", "⻬": "齐", "⻄": "西", "⻚": "页", "⻰": "龙", "⻥": "鱼", "⻤": "鬼",
    "⻋": "车", "⺟": "母", "⻩": "黄", "⻉": "贝", "⻜": "飞", "⻘": "青", "⻨": "麦",
    "⻙": "韦", "⻦": "鸟", "⺈": "刀", "⺊": "卜", "⺌": "小", "⺍": "小",
    "⺕": "彐", "⺗": "心", "⺡": "水", "⺢": "水", "⺣": "火", "⺤": "爪", "⺥": "爪",
    "⺦": "丬", "⺧": "牛", "⺨": "犬", "⺩": "王", "⺪": "疋", "⺫": "目", "⺭": "示",
    "⺮": "竹", "⺶": "羊", "⺷": "羊", "⺺": "肀", "⻊": "足", "⻌": "辶", "⻍": "辶",
    "⻎": "辶", "⻖": "阝", "⻏": "阝", "⻣": "骨", "⻭": "齿", "⻮": "齿", "⻯": "龙",
    "⻲": "龟", "⻳": "龟", "⺁": "厂", "⺄": "乙", "⺇": "几", "⺋": "卩", "⺐": "尢",
    "⺑": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彐", "⺙": "攵", "⺛": "旡", "⺝": "月",
    "⺞": "歹", "⺯": "糸", "⺰": "纟", "⺳": "网", "⺴": "网", "⺵": "网",
    "⺸": "羊", "⺹": "耂", "⺻": "聿", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎",
    "⻂": "衤", "⻃": "西", "⻇": "见", "⻈": "讠", "⻑": "長", "⻒": "镸", "⻕": "门",
    "⻗": "雨", "⻟": "饣", "⻠": "饣", "⻡": "首", "⻧": "卤", "⻪": "黾",
    "⻫": "齐", "⻱": "龜",
}
_KEEP = {"…", "—", "“", "”", "‘", "’", "、", "。", "·"}
_END_PUNCT = "。!?;:…」』”)"
_NOT_WORD = re.compile(r"[\s\W_]+")
# One sentence, or what is left of a line: the unit facts are read from and answers quote.
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_BULLET = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|\d+[.、]|第[一二三四五六七八九十]|[0-9])")


def normalise_char(ch: str) -> str:
    """One character to its parseable form, or itself when NFKC would change the length."""
    if ch in _RADICAL_SUPPLEMENT:
        return _RADICAL_SUPPLEMENT[ch]
    if ch in _KEEP or ch.isascii():
        return ch
    if ch in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff":
        return " " if ch not in "\u200b\ufeff" else ""
    out = unicodedata.normalize("NFKC", ch)
    return out if len(out) == 1 else ch


def normalise_chars(text: str) -> str:
    """`normalise_char` over a string, lines left as they are (questions, search tokens, names)."""
    return "".join(normalise_char(ch) for ch in text)


def compact(text: str) -> str:
    """NFKC text without whitespace, punctuation or underscores: to ask whether a phrase is in a text
    however either one is spaced or punctuated."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def display(original: str) -> str:
    """Text to show people: look-alike radicals fixed, wrapped lines joined, punctuation kept (，not ,)."""
    out = []
    for ch in original:
        code = ord(ch)
        if ch in _RADICAL_SUPPLEMENT:
            ch = _RADICAL_SUPPLEMENT[ch]
        elif 0x2F00 <= code <= 0x2FDF:  # Kangxi radicals
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return re.sub(r"[ \t\u3000]*\n\s*", "", "".join(out)).strip()


@dataclass(frozen=True)
class NormText:
    """Normalised text with `origin[i]` = offset in the original of normalised character i."""

    original: str
    text: str
    origin: tuple[int, ...]
    _line_starts: tuple[int, ...] = field(default=(), repr=False)

    def to_original(self, offset: int) -> int:
        if offset >= len(self.origin):
            return len(self.original)
        return self.origin[offset]

    def span(self, start: int, end: int, page: int | None = None) -> Span:
        """Span in the original text for normalised offsets [start, end)."""
        o_start = self.to_original(start)
        o_end = self.to_original(end - 1) + 1 if end > start else o_start
        line = bisect.bisect_right(self._line_starts, o_start)
        return Span(start=o_start, end=o_end, line=line, page=page)

    def quote(self, start: int, end: int) -> str:
        """The original characters behind normalised [start, end)."""
        s = self.span(start, end)
        return self.original[s.start : s.end]


def _line_starts(text: str) -> tuple[int, ...]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return tuple(starts)


def _is_prose_break(line: str, nxt: str) -> bool:
    """True when `line` ends mid-sentence and `nxt` continues it (PDF line wrap)."""
    stripped = line.rstrip()
    if len(stripped) < 30 or stripped[-1] in _END_PUNCT or "\t" in stripped or stripped.count("|") >= 2:
        return False  # too short for a wrapped sentence, ended, or a table row
    if re.search(r"(\s\d[\d.]*){2,}\s*$", stripped):  # a table row ending in numbers
        return False
    nxt = nxt.lstrip()
    return bool(nxt) and not _BULLET.match(nxt) and "\t" not in nxt


def normalise(original: str) -> NormText:
    """Normalise characters one by one, then join prose lines that a PDF wrapped."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(original):
        if ch == "\r":
            if i + 1 < len(original) and original[i + 1] == "\n":
                continue  # "\r\n": the "\n" that follows stands for both
            ch = "\n"
        out = normalise_char(ch)
        if out:
            chars.append(out)
            origin.append(i)
    joined_chars, joined_origin = _join_wrapped(chars, origin)
    return NormText(
        original=original,
        text="".join(joined_chars),
        origin=tuple(joined_origin),
        _line_starts=_line_starts(original),
    )


def _join_wrapped(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """Drop the line breaks (and blank lines) inside wrapped prose sentences."""
    text = "".join(chars)
    lines = text.split("\n")
    drop: set[int] = set()
    pos = 0
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines) - 1:
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and _is_prose_break(lines[i], lines[j]):
            # Remove from the end of line i (its trailing spaces too) to the start of line j's text.
            start = offsets[i] + len(lines[i].rstrip())
            end = offsets[j] + (len(lines[j]) - len(lines[j].lstrip()))
            drop.update(range(start, end))
            i = j
        else:
            i += 1
    if not drop:
        return chars, origin
    keep = [k for k in range(len(chars)) if k not in drop]
    return [chars[k] for k in keep], [origin[k] for k in keep]
